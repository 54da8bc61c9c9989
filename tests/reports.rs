//! `zhiban report weekly|monthly|crisis-stats|compliance|ledger`: counts a
//! person can check by hand on a week in which the demo holds nothing and
//! the test writes a few known records; the zero report; the workbook read
//! back; refusal outside the role's scope, in Chinese.

mod common;

use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::Arc;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use common::*;
use zhiban::config::{Assets, Lang};
use zhiban::domain::clock::{FixedClock, from_db};
use zhiban::domain::student::{Flag, FlagKind};

/// Wednesday 2026-12-09, 10:00 school time: week 2026-W50, after every
/// record of the demo.
const DEC: &str = "2026-12-09T02:00:00Z";

fn sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut x: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    x.sheet_names()
        .into_iter()
        .map(|n| {
            let r = x.worksheet_range(&n).unwrap();
            (n, r.rows().map(|r| r.to_vec()).collect())
        })
        .collect()
}

fn frozen(bytes: &[u8], sheet: usize) -> bool {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut s = String::new();
    z.by_name(&format!("xl/worksheets/sheet{sheet}.xml"))
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s.contains("state=\"frozen\"")
}

/// The figure on a summary line of the Markdown ("| 谈话次数 | 3 |").
fn figure(md: &str, item: &str) -> i64 {
    md.lines()
        .find_map(|l| {
            l.strip_prefix(&format!("| {item} | "))
                .and_then(|r| r.trim_end_matches(" |").trim().parse().ok())
        })
        .unwrap_or_else(|| panic!("no line {item} in\n{md}"))
}

fn zh(db: &Path, login: &str, args: &[&str]) -> std::process::Output {
    let mut a = vec!["--lang", "zh-CN"];
    a.extend_from_slice(args);
    z_as(db, DEC, login, &a)
}

fn student_id(db: &Path, no: &str) -> i64 {
    sql(db)
        .query_row("SELECT id FROM students WHERE student_no = ?1", [no], |r| {
            r.get(0)
        })
        .unwrap()
}

/// lina's session on 2026-12-09.
fn lina(db: &Path) -> zhiban::app::App {
    zhiban::app::session::open_as(
        db,
        "lina",
        Arc::new(FixedClock(from_db(DEC).unwrap())),
        Arc::new(Assets::builtin(Lang::ZhCn)),
    )
    .unwrap()
}

fn concern(level: &str) -> Option<Flag> {
    Some(Flag {
        kind: FlagKind::KeyConcern,
        level: Some(level.into()),
        since: None,
        note: Some("测试原因".into()),
    })
}

#[test]
fn the_weekly_and_monthly_reports_count_what_happened_in_their_period() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());

    // December before anything happened: the zero report, not an empty file
    let md = ok(zh(
        &db,
        "zhouhui",
        &["report", "monthly", "--month", "2026-12"],
    ));
    assert!(md.contains("# 信息工程学院心理健康月报 2026-12"), "{md}");
    assert!(md.contains("零报告：本月本学院无心理危机个案。"), "{md}");
    assert_eq!(figure(&md, "谈话次数"), 0);
    assert_eq!(figure(&md, "危机个案（本期开案）"), 0);
    assert!(md.contains("## 谈话按类型\n\n本期无。"), "{md}");
    let standing_before = figure(&md, "重点关注学生（期末）");

    // the week: three talks (two everyday, one psychological) with two
    // students; one student newly of key concern, one re-levelled, one
    // cleared; a psychological sweep; a class meeting; a crisis case
    for (no, kind) in [
        ("20230100001", "日常谈心"),
        ("20230100001", "日常谈心"),
        ("20230100004", "心理关注约谈"),
    ] {
        ok(zh(&db, "lina", &["talk", no, "谈了近况", "--kind", kind]));
    }
    let mut app = lina(&db);
    for (no, flag) in [
        ("20230100001", concern("三级")),
        ("20230100006", concern("一级")),
        ("20230100226", None),
    ] {
        let id = student_id(&db, no);
        zhiban::app::students::change_flag(&mut app, id, FlagKind::KeyConcern, flag).unwrap();
    }
    drop(app);
    ok(zh(
        &db,
        "liuyang",
        &["sweep", "psych", "--on", "2026-12-08"],
    ));
    ok(zh(
        &db,
        "lina",
        &["ledger", "班会", "安全教育", "--class", "计科2301"],
    ));
    open_crisis(&db, DEC, "zhouhui");

    let md = ok(zh(
        &db,
        "zhouhui",
        &["report", "weekly", "--week", "2026-W50"],
    ));
    assert!(
        md.contains("# 信息工程学院心理健康周报 2026-W50 (2026-12-07 – 2026-12-13)"),
        "{md}"
    );
    assert_eq!(figure(&md, "谈话次数"), 3);
    assert_eq!(figure(&md, "谈话学生数"), 2);
    assert!(md.contains("| 日常谈心 | 2 | 1 |"), "{md}");
    assert!(md.contains("| 心理关注约谈 | 1 | 1 |"), "{md}");
    assert!(md.contains("| 李娜 | 3 | 2 |"), "{md}");
    assert_eq!(figure(&md, "新增关注"), 1);
    assert_eq!(figure(&md, "等级变化"), 1);
    assert_eq!(figure(&md, "解除关注"), 1);
    assert_eq!(figure(&md, "重点关注学生（期末）"), standing_before);
    assert!(
        md.contains("| 20230100006 | 邓峰伟 | 计科2301 | 等级变化 | 二级 | 一级 |"),
        "{md}"
    );
    assert!(
        md.contains("| 20230100226 | 张妍 | 网工2301 | 解除关注 | 三级 |"),
        "{md}"
    );
    assert_eq!(figure(&md, "危机个案（本期开案）"), 1);
    assert_eq!(figure(&md, "专项排查"), 1);
    assert!(
        md.contains("| 2026-12-08 | 心理排查 | 信息工程学院 |"),
        "{md}"
    );
    assert!(!md.contains("零报告"), "a week with a case: {md}");
    // the roster of key-concern students, with their talks of the week
    let row = md
        .lines()
        .find(|l| l.starts_with("| 20230100001 |") && l.contains("三级"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(row.ends_with("| 2026-12-09 | 2 |"), "{row}");

    // the month now holds the case: no zero report
    let md = ok(zh(
        &db,
        "zhouhui",
        &["report", "monthly", "--month", "2026-12"],
    ));
    assert!(!md.contains("零报告"), "{md}");
    assert_eq!(figure(&md, "谈话次数"), 3);

    // the class ledger of the month
    let md = ok(zh(&db, "lina", &["report", "ledger", "--month", "2026-12"]));
    assert!(md.contains("| 计科2301 | 1 | 0 | 0 | 0 | 1 |"), "{md}");
    assert!(md.contains("安全教育"), "{md}");

    // each report was logged
    let logged: i64 = sql(&db)
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action IN ('report.weekly', 'report.monthly', 'report.ledger')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 4);
}

#[test]
fn the_weekly_report_as_a_workbook_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let path = dir.path().join("w47.xlsx");
    let o = z_as(
        &db,
        NOW,
        "zhouhui",
        &[
            "report",
            "weekly",
            "--week",
            "2026-W47",
            "--format",
            "xlsx",
            "-o",
            path.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let bytes = std::fs::read(&path).unwrap();
    let all = sheets(&bytes);
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "概况",
            "重点关注学生",
            "谈话按类型",
            "谈话按谈话人",
            "关注变化",
            "危机个案",
            "步骤时效",
            "专项排查"
        ]
    );
    assert!(
        frozen(&bytes, 1) && frozen(&bytes, 2),
        "the header row is frozen"
    );
    let (_, roster) = &all[1];
    assert_eq!(roster[0][0], Data::String("学号".into()));
    let since = roster[0]
        .iter()
        .position(|c| *c == Data::String("关注起始".into()))
        .unwrap();
    assert!(roster.len() > 1, "the demo's key-concern students");
    assert!(
        matches!(roster[1][since], Data::DateTime(_)),
        "a date is a date: {:?}",
        roster[1][since]
    );
    // a count is a number
    let (_, sum) = &all[0];
    assert!(
        matches!(sum[1][1], Data::Float(_) | Data::Int(_)),
        "{:?}",
        sum[1]
    );
    // the same report as CSV: each section under its name
    let csv = ok(z_as(
        &db,
        NOW,
        "zhouhui",
        &["report", "weekly", "--week", "2026-W47", "--format", "csv"],
    ));
    assert!(csv.starts_with('\u{feff}'), "BOM for Excel");
    assert!(csv.contains("重点关注学生\r\n学号,姓名"), "{csv}");
}

#[test]
fn reports_outside_the_role_or_college_are_refused_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // the aid specialist and a counsellor have no psych report
    for who in ["wuqiang", "lina", "sunpeng"] {
        let o = z_as(&db, NOW, who, &["--lang", "zh-CN", "report", "weekly"]);
        assert!(!o.status.success(), "{who}");
        assert!(err(&o).contains("无权查看"), "{who}: {}", err(&o));
    }
    // the other college's psych specialist
    let o = z_as(
        &db,
        NOW,
        "gaojunwei",
        &[
            "--lang",
            "zh-CN",
            "report",
            "monthly",
            "--college",
            "信息工程学院",
        ],
    );
    assert!(!o.status.success());
    assert!(
        err(&o).contains("无权查看信息工程学院的这份报表"),
        "{}",
        err(&o)
    );
    // a bad period says what to write
    let o = z_as(
        &db,
        NOW,
        "zhouhui",
        &["--lang", "zh-CN", "report", "weekly", "--week", "47"],
    );
    assert!(err(&o).contains("2026-W47"), "{}", err(&o));
    // a workbook is not written to a terminal (here: a pipe, so it is)
    let o = z_as(
        &db,
        NOW,
        "zhouhui",
        &["report", "weekly", "--format", "xlsx"],
    );
    assert!(
        o.status.success() && o.stdout.starts_with(b"PK"),
        "{}",
        err(&o)
    );
}

#[test]
fn the_compliance_report_agrees_with_the_compliance_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let v: serde_json::Value = serde_json::from_str(&ok(z_as(
        &db,
        NOW,
        "liuyang",
        &["compliance", "--format", "json"],
    )))
    .unwrap();
    let csv = ok(z_as(
        &db,
        NOW,
        "liuyang",
        &["report", "compliance", "--format", "csv"],
    ));
    for c in v["counsellors"].as_array().unwrap() {
        let line = format!(
            ",{},{},{},{},",
            c["login"].as_str().unwrap(),
            c["students"],
            c["overdue"],
            c["due"]
        );
        assert!(csv.contains(&line), "{line} in\n{csv}");
    }
    // furthest behind first
    let md = ok(z_as(&db, NOW, "liuyang", &["report", "compliance"]));
    let overdue: Vec<i64> = md
        .split("## 全院合计")
        .next()
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| 辅导员") && !l.starts_with("| ---"))
        .map(|l| l.split(" | ").nth(3).unwrap().trim().parse().unwrap())
        .collect();
    assert!(overdue.len() >= 5, "{md}");
    assert!(overdue.windows(2).all(|w| w[0] >= w[1]), "{overdue:?}");
    // the crisis statistics are a book too
    let md = ok(z_as(
        &db,
        NOW,
        "zhouhui",
        &["report", "crisis-stats", "--month", "2026-11"],
    ));
    assert!(md.contains("## 按类型"), "{md}");
}
