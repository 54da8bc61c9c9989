//! Crisis cases from the command line: a case's life, who may see it (and
//! that every view is logged), the rules for skipping and closing, reports,
//! statistics, the export and template checks.

mod common;

use std::process::Command;

use common::*;

fn views(db: &std::path::Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'crisis.view'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

const T0: &str = "2026-11-22T15:00:00Z"; // 23:00 Beijing
const T1: &str = "2026-11-22T15:20:00Z";
const T2: &str = "2026-11-23T02:00:00Z"; // 10:00 next morning

#[test]
fn a_case_from_opening_to_closing_with_its_rules_and_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let s = ok(z_as(
        &db,
        T0,
        "sunpeng",
        &[
            "crisis",
            "open",
            "--kind",
            "心理危机",
            "--student",
            "20230100002",
            "--where",
            "3号楼顶",
            "--known",
            "室友发现其情绪激动",
        ],
    ));
    assert!(
        s.contains("opened crisis case ") && s.contains("first step: Secure the scene (scene)"),
        "{s}"
    );
    let id = s.split_whitespace().nth(3).unwrap().to_string();
    let id = id.as_str();
    ok(z_as(
        &db,
        T0,
        "sunpeng",
        &["crisis", "done", id, "scene", "--note", "已陪同"],
    ));
    ok(z_as(&db, T0, "sunpeng", &["crisis", "done", id, "verify"]));
    // skipping needs a reason; an unknown step is named; a settled step stays settled
    let o = z_as(
        &db,
        T0,
        "sunpeng",
        &["crisis", "skip", id, "publish", "--reason", " "],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("needs a reason"), "{}", err(&o));
    let o = z_as(&db, T0, "sunpeng", &["crisis", "done", id, "nowhere"]);
    assert!(
        err(&o).contains("no step 'nowhere'") && err(&o).contains("scene, verify, report"),
        "{}",
        err(&o)
    );
    let o = z_as(&db, T0, "sunpeng", &["crisis", "done", id, "scene"]);
    assert!(
        err(&o).contains("already recorded done by 孙鹏 at 11-22 23:00"),
        "{}",
        err(&o)
    );
    // out of order: the family was reached before the leader
    ok(z_as(&db, T1, "sunpeng", &["crisis", "done", id, "family"]));
    let show = ok(z_as(&db, T1, "sunpeng", &["crisis", "show", id]));
    assert!(
        show.contains("> report") && show.contains("OVERDUE"),
        "the report step is current and late: {show}"
    );
    // the acute phase closes only with its required steps settled
    let o = z_as(&db, T1, "sunpeng", &["crisis", "close-phase", id]);
    assert!(
        err(&o).contains("“Report to the leader”")
            && err(&o).contains("“Start the response plan”")
            && !err(&o).contains("(report)"),
        "{}",
        err(&o)
    );
    for step in ["report", "plan", "departments"] {
        ok(z_as(&db, T1, "sunpeng", &["crisis", "done", id, step]));
    }
    ok(z_as(
        &db,
        T1,
        "sunpeng",
        &[
            "crisis",
            "na",
            id,
            "publish",
            "--reason",
            "未外传，无需发布",
        ],
    ));
    ok(z_as(
        &db,
        T1,
        "sunpeng",
        &["crisis", "level", id, "1", "--reason", "有具体计划"],
    ));
    let o = z_as(
        &db,
        T1,
        "sunpeng",
        &["crisis", "level", id, "九级", "--reason", "x"],
    );
    assert!(err(&o).contains("not a level"), "{}", err(&o));
    let s = ok(z_as(&db, T2, "sunpeng", &["crisis", "close-phase", id]));
    assert!(
        s.contains("Case review with a written report due 2026-12-23 10:00"),
        "review in a month: {s}"
    );
    // the case closes only when every required step is settled
    let o = z_as(
        &db,
        T2,
        "lina",
        &["crisis", "close", id, "--outcome", "学生平稳"],
    );
    assert!(
        err(&o).contains("“Aftercare for the student”")
            && err(&o).contains("“Case review with a written report”"),
        "{}",
        err(&o)
    );
    for step in ["care_student", "care_family", "care_roommates", "review"] {
        ok(z_as(&db, T2, "lina", &["crisis", "done", id, step]));
    }
    ok(z_as(
        &db,
        T2,
        "lina",
        &["crisis", "close", id, "--outcome", "学生平稳，已复课"],
    ));
    let o = z_as(&db, T2, "lina", &["crisis", "note", id, "补记"]);
    assert!(err(&o).contains("closed"), "{}", err(&o));
    // the report, in the order things happened
    let r = ok(z_as(
        &db,
        T2,
        "liuyang",
        &["--lang", "zh-CN", "report", "case", id, "--format", "md"],
    ));
    assert!(
        r.contains(&format!("# 危机个案报告 #{id}（心理危机）"))
            && r.contains("- **风险等级**：一级（高危）"),
        "{r}"
    );
    assert!(
        r.contains("| 上报领导 | 已完成（超时 5 分钟） | 2026-11-22 23:20 | 2026-11-22 23:15 |"),
        "{r}"
    );
    let family = r.find("完成「家校沟通」").unwrap();
    let report = r.find("完成「上报领导」").unwrap();
    assert!(family < report, "the record keeps the real order");
    assert!(r.contains("结案：学生平稳，已复课"), "{r}");
    // statistics and the export
    let st = ok(z_as(
        &db,
        T2,
        "liuyang",
        &[
            "--lang",
            "zh-CN",
            "report",
            "crisis-stats",
            "--month",
            "2026-11",
            "--format",
            "md",
        ],
    ));
    // with the demo's three cases of this month (two closed, one open)
    assert!(
        st.contains("| 危机个案 | 4 |")
            && st.contains("| 心理危机 | 3 |")
            && st.contains("| 学生失联 | 1 |")
            && st.contains("| 上报领导 | 3 | 20 | 20 分钟 |"),
        "{st}"
    );
    let csv = ok(z_as(
        &db,
        T2,
        "liuyang",
        &[
            "report",
            "crisis-stats",
            "--month",
            "2026-11",
            "--format",
            "csv",
        ],
    ));
    assert!(
        csv.contains("按类型\r\n类型,例数\r\n") && csv.contains("心理危机,3\r\n"),
        "{csv}"
    );
    let v: serde_json::Value = serde_json::from_str(&ok(z_as(
        &db,
        T2,
        "zhouhui",
        &["export", "crises", "--format", "json"],
    )))
    .unwrap();
    let mine = v
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["case_id"].as_i64().map(|n| n.to_string()).as_deref() == Some(id))
        .unwrap();
    assert_eq!(mine["closed"], true);
    assert_eq!(mine["level_history"][0][1], "1");
    assert_eq!(mine["steps"][0]["state"], "done");
}

#[test]
fn a_case_is_seen_only_by_those_who_may_and_every_view_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let s = ok(z_as(
        &db,
        T0,
        "sunpeng",
        &[
            "crisis",
            "open",
            "--kind",
            "psych",
            "--student",
            "20230100002",
        ],
    ));
    let id = s.split_whitespace().nth(3).unwrap().to_string();
    let id = id.as_str();
    let before = views(&db);
    // the opener, the student's counsellor, the college's psych specialist, leaders
    for login in ["sunpeng", "lina", "zhouhui", "liuyang", "chenjing"] {
        ok(z_as(&db, T0, login, &["crisis", "show", id]));
    }
    assert_eq!(views(&db), before + 5, "who looked, when");
    // not an aid specialist, another duty officer, another counsellor, another college's psych specialist
    for login in ["wuqiang", "mali", "zhaoqiang", "gaojunwei"] {
        let o = z_as(&db, T0, login, &["crisis", "show", id]);
        assert_eq!(o.status.code(), Some(1), "{login}");
        assert!(
            err(&o).contains(&format!("may not see crisis case {id}")),
            "{login}: {}",
            err(&o)
        );
        let list = ok(z_as(&db, T0, login, &["crisis", "list"]));
        assert!(
            !list.contains(&format!("#{id} ")),
            "{login} does not list it: {list}"
        );
    }
    assert_eq!(views(&db), before + 5);
    // an aid specialist may not open one
    let o = z_as(&db, T0, "wuqiang", &["crisis", "open", "--kind", "psych"]);
    assert_eq!(o.status.code(), Some(1));
    // the events stand: no update, no delete
    let c = rusqlite::Connection::open(&db).unwrap();
    assert!(
        c.execute("UPDATE crisis_events SET text = 'x'", [])
            .is_err()
    );
    assert!(c.execute("DELETE FROM crisis_events", []).is_err());
}

#[test]
fn sop_templates_are_listed_and_a_school_edit_is_checked_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "psych.toml",
        "kind = \"psych\"\nname = \"心理危机\"\nversion = \"school-1\"\n\n[[phase]]\nkey = \"acute\"\nname = \"应急\"\n\n[[phase.step]]\nkey = \"scene\"\ntitle = \"现场控制\"\ndeadline = { minutes = 5, after = \"report\" }\n\n[[phase.step]]\nkey = \"report\"\ntitle = \"上报领导\"\ndeadline = { minutes = 15, after = \"scene\" }\nwho = \"leader\"\n"
            .as_bytes(),
    );
    let o = Command::new(bin())
        .args(["--lang", "en", "sop", "check", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("psych.toml:18:") && err(&o).contains("who"),
        "{}",
        err(&o)
    );
    let fixed = std::fs::read_to_string(&f)
        .unwrap()
        .replace("who = \"leader\"\n", "");
    std::fs::write(&f, fixed).unwrap();
    let o = Command::new(bin())
        .args(["--lang", "en", "sop", "check", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        err(&o).contains("cycle") && err(&o).contains("scene"),
        "{}",
        err(&o)
    );
    // an override in the configuration is in force and listed with where it comes from
    let cfg = dir.path().join("cfg");
    std::fs::create_dir_all(cfg.join("sop")).unwrap();
    let good = include_str!("../assets/sop/missing.toml")
        .replace("version = \"2026.1\"", "version = \"school-2\"");
    std::fs::write(cfg.join("sop").join("missing.toml"), good).unwrap();
    let o = Command::new(bin())
        .args(["--lang", "en", "sop", "list"])
        .env("ZHIBAN_CONFIG_DIR", &cfg)
        .output()
        .unwrap();
    let s = out(&o);
    assert!(
        s.contains("missing  学生失联 school-2")
            && s.contains(cfg.join("sop").join("missing.toml").to_str().unwrap()),
        "{s}"
    );
    assert!(
        s.contains("psych    心理危机 2026.1") && s.contains("(built-in) sop/psych.toml"),
        "{s}"
    );
}
