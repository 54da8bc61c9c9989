//! The aid specialist's own work (issue 15 item 4) on a fixture a person can
//! check by hand: four financially-difficult students, two in 李娜's class
//! 网工2301 (A, B), two in 张伟's 计科2401 (C, D).
//!
//! - A: a home visit (吴强, in person, 2026-10-03, 李娜 along) and a growth
//!   entry on 2026-10-20 — both this academic year;
//! - B: a phone call to the family (a phone call is not a home visit, 001
//!   五 发展型资助 二 「家访……可线上线下相结合」) and a growth entry of
//!   2026-08-20 (last academic year);
//! - C: a family contact made as an online home visit on 2026-09-15;
//! - D: nothing.
//!
//! Today is 2026-11-22; the academic year began 2026-09-01.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::*;
use zhiban::app::aid::{GrowthInput, VisitAmend, VisitInput};
use zhiban::app::aid_report::Period;
use zhiban::app::records::ContactInput;
use zhiban::app::{aid, compliance, records};
use zhiban::domain::aid::{GrowthKind, VisitMode};
use zhiban::domain::records::ContactChannel;
use zhiban::error::Error;
use zhiban::io::book::Cell;

const A: &str = "20230100210";
const B: &str = "20230100220";
const C: &str = "20240100510";
const D: &str = "20240100520";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn visit(no: &str, on: &str) -> VisitInput {
    VisitInput {
        student_no: no.into(),
        on: Some(d(on)),
        mode: VisitMode::InPerson,
        address: Some("甘肃定西".into()),
        family: "父母务农，年收入约两万元".into(),
        needs: Some("学费缺口".into()),
        next_step: Some("申请国家助学金".into()),
        went: "lina".into(),
    }
}

fn contact(no: &str, channel: ContactChannel, on: &str) -> ContactInput {
    ContactInput {
        student_no: no.into(),
        at: Some(zhiban::domain::clock::from_db(&format!("{on}T04:00:00Z")).unwrap()),
        channel,
        person: Some("母亲".into()),
        reason: String::new(),
        content: "了解家庭情况".into(),
    }
}

/// The demo, emptied of financial flags and aid records, then the four.
fn fixture(dir: &Path) -> PathBuf {
    let db = demo_db(dir);
    sql(&db)
        .execute_batch(&format!(
            "UPDATE student_flags SET cleared_at = 'x' WHERE kind = 'financial_difficulty' AND cleared_at IS NULL;
             DELETE FROM home_visit_staff; DELETE FROM home_visits; DELETE FROM growth_entries;
             DELETE FROM parent_contacts WHERE channel LIKE 'home_visit%';
             UPDATE student_marks SET last_home_visit_on = NULL, last_growth_on = NULL;
             INSERT INTO student_flags(student_id, kind, level, since, set_at)
                 SELECT id, 'financial_difficulty', '困难', '2025-10-01', 'x' FROM students
                 WHERE student_no IN ('{A}', '{B}', '{C}', '{D}');"
        ))
        .unwrap();
    let mut wu = app(&db, "wuqiang");
    aid::record_visit(&mut wu, &visit(A, "2026-10-03")).unwrap();
    let g = |no: &str, on: &str| GrowthInput {
        student_no: no.into(),
        on: Some(d(on)),
        kind: GrowthKind::Support,
        text: "获国家助学金".into(),
    };
    aid::record_growth(&mut wu, &g(A, "2026-10-20")).unwrap();
    aid::record_growth(&mut wu, &g(B, "2026-08-20")).unwrap();
    let mut lina = app(&db, "lina");
    records::record_contact(&mut lina, &contact(B, ContactChannel::Phone, "2026-11-01")).unwrap();
    let mut zw = app(&db, "zhangwei");
    records::record_contact(
        &mut zw,
        &contact(C, ContactChannel::HomeVisitOnline, "2026-09-15"),
    )
    .unwrap();
    db
}

fn rule(db: &Path, login: &str, id: &str) -> (usize, usize, Vec<String>) {
    let (_, results) = compliance::for_counsellor(&app(db, login), None).unwrap();
    let r = results.iter().find(|r| r.rule == id).unwrap();
    let named = r
        .findings
        .iter()
        .filter_map(|f| match &f.subject {
            zhiban::domain::compliance::Subject::Student { no, .. } => Some(no.clone()),
            _ => None,
        })
        .collect();
    (r.met, r.total, named)
}

#[test]
fn a_home_visit_counts_a_phone_call_does_not_and_growth_entries_count_this_year_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    // 李娜: A visited (record), B only phoned
    assert_eq!(
        rule(&db, "lina", "aid.home-visit"),
        (1, 2, vec![B.to_string()])
    );
    // A's entry is this year's; B's of 2026-08-20 is last year's
    assert_eq!(
        rule(&db, "lina", "aid.growth-file"),
        (1, 2, vec![B.to_string()])
    );
    // 张伟: C's online home visit made as a family contact still counts
    assert_eq!(
        rule(&db, "zhangwei", "aid.home-visit"),
        (1, 2, vec![D.to_string()])
    );
    assert_eq!(rule(&db, "zhangwei", "aid.growth-file").0, 0);
    // an entry this year for B meets it
    let mut wu = app(&db, "wuqiang");
    aid::record_growth(
        &mut wu,
        &GrowthInput {
            student_no: B.into(),
            on: None,
            kind: GrowthKind::Reward,
            text: "获评自强之星".into(),
        },
    )
    .unwrap();
    assert_eq!(rule(&db, "lina", "aid.growth-file"), (2, 2, vec![]));
}

#[test]
fn the_aid_report_counts_by_grade_and_class_and_names_only_for_those_who_may_know() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    let wu = app(&db, "wuqiang");
    let book = zhiban::io::aid_report::aid_book(&wu, &Period::Semester(None), None).unwrap();
    assert!(
        book.title.contains("2026-2027学年第一学期"),
        "{}",
        book.title
    );
    let ints = |row: &[Cell]| -> Vec<i64> {
        row.iter()
            .filter_map(|c| match c {
                Cell::Int(n) => Some(*n),
                _ => None,
            })
            .collect()
    };
    let grades = &book.sheets[0];
    assert_eq!(grades.rows.len(), 3, "2023级, 2024级, 合计");
    assert_eq!(grades.rows[0][0], Cell::Text("2023级".into()));
    assert_eq!(
        ints(&grades.rows[0]),
        vec![2, 1, 1],
        "A and B: A visited, A filed"
    );
    assert_eq!(
        ints(&grades.rows[1]),
        vec![2, 1, 0],
        "C and D: C visited online"
    );
    assert_eq!(ints(&grades.rows[2]), vec![4, 2, 1]);
    assert_eq!(grades.rows[2][3], Cell::Pct(0.5), "家访覆盖率");
    let classes = &book.sheets[1];
    let names: Vec<String> = classes.rows.iter().map(|r| r[0].text()).collect();
    assert_eq!(names, vec!["网工2301", "计科2401"]);
    let missing: Vec<String> = book.sheets[2].rows.iter().map(|r| r[0].text()).collect();
    assert_eq!(missing, vec![B, C, D], "named to the aid specialist");
    // the psych specialist: the same counts, nobody named
    let zh = app(&db, "zhouhui");
    let book = zhiban::io::aid_report::aid_book(&zh, &Period::Semester(None), None).unwrap();
    assert_eq!(ints(&book.sheets[0].rows[2]), vec![4, 2, 1]);
    assert!(book.sheets[2].rows.is_empty());
    assert!(book.sheets[2].note.as_deref().unwrap().contains('3'));
    // 李娜: her own two, B named
    let li = app(&db, "lina");
    let book = zhiban::io::aid_report::aid_book(&li, &Period::Semester(None), None).unwrap();
    assert_eq!(ints(book.sheets[0].rows.last().unwrap()), vec![2, 1, 1]);
    assert_eq!(book.sheets[2].rows.len(), 1);
    assert_eq!(book.sheets[2].rows[0][0].text(), B);
    // last academic year: B's entry of 2026-08-20 counts there, no visits
    let book = zhiban::io::aid_report::aid_book(&wu, &Period::Year(2025), None).unwrap();
    assert_eq!(ints(book.sheets[0].rows.last().unwrap()), vec![4, 0, 1]);
    // the duty desk may not have it
    let sp = app(&db, "sunpeng");
    assert!(matches!(
        zhiban::io::aid_report::aid_book(&sp, &Period::Semester(None), None),
        Err(Error::Refused(_))
    ));
    // an unknown semester names what to fix
    let e = zhiban::io::aid_report::aid_book(&wu, &Period::Semester(Some("第九学期".into())), None)
        .unwrap_err();
    assert!(matches!(e, Error::Usage(m) if m.key == "err.report.semester"));
}

#[test]
fn the_family_situation_is_read_by_the_aid_specialist_and_the_own_counsellor_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    for (login, family) in [
        ("wuqiang", true),
        ("lina", true),
        ("liuyang", false),
        ("zhouhui", false),
    ] {
        let (v, shown) = aid::visits(&app(&db, login), A).unwrap();
        assert_eq!(v.len(), 1, "{login}");
        assert_eq!(shown, family, "{login}");
        assert_eq!(v[0].family.is_some(), family, "{login}");
        assert_eq!(v[0].address.is_some(), family, "{login}");
        assert_eq!(v[0].went, vec!["吴强", "李娜"], "{login}: the author first");
        assert_eq!(v[0].next_step.as_deref(), Some("申请国家助学金"));
    }
    for login in ["sunpeng", "zhangwei"] {
        assert!(
            matches!(aid::visits(&app(&db, login), A), Err(Error::Refused(_))),
            "{login}"
        );
    }
    // the family's words never reach the audit log
    let n: i64 = sql(&db)
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'home_visit.record' AND detail NOT LIKE '%务农%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    // a leader does not write visits; the duty desk neither
    let mut ly = app(&db, "liuyang");
    assert!(matches!(
        aid::record_visit(&mut ly, &visit(D, "2026-11-01")),
        Err(Error::Refused(_))
    ));
}

#[test]
fn a_visit_is_amended_not_overwritten_and_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    let id: i64 = sql(&db)
        .query_row("SELECT id FROM home_visits", [], |r| r.get(0))
        .unwrap();
    let mut li = app(&db, "lina");
    let a = VisitAmend {
        needs: Some("学费与冬衣".into()),
        ..Default::default()
    };
    assert!(
        matches!(aid::amend_visit(&mut li, id, &a), Err(Error::Refused(_))),
        "only its author corrects it"
    );
    let mut wu = app(&db, "wuqiang");
    let new = aid::amend_visit(&mut wu, id, &a).unwrap();
    assert_ne!(new, id);
    assert_eq!(count(&db, "home_visits"), 2, "the original stays");
    let (v, _) = aid::visits(&wu, A).unwrap();
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].needs.as_deref(), Some("学费与冬衣"));
    assert_eq!(v[0].family.as_deref(), Some("父母务农，年收入约两万元"));
    assert_eq!(v[0].went.len(), 2, "who went is kept");
    let book = zhiban::io::aid_report::aid_book(&wu, &Period::Semester(None), None).unwrap();
    let row = &book.sheets[2].rows;
    assert!(
        row.iter().all(|r| r[0].text() != A),
        "A is still covered, once"
    );
    // bad input: the family's situation, a date to come, a staff name unknown
    let mut bad = visit(D, "2026-11-01");
    bad.family = "  ".into();
    let e = aid::record_visit(&mut wu, &bad).unwrap_err();
    assert!(matches!(e, Error::Data(m) if m.key == "err.aid.need_family"));
    let e = aid::record_visit(&mut wu, &visit(D, "2026-12-01")).unwrap_err();
    assert!(matches!(e, Error::Data(m) if m.key == "err.aid.visit_future"));
    let mut who = visit(D, "2026-11-01");
    who.went = "王五".into();
    let e = aid::record_visit(&mut wu, &who).unwrap_err();
    assert!(matches!(e, Error::Data(m) if m.key == "err.aid.unknown_staff"));
    assert_eq!(count(&db, "home_visits"), 2, "nothing half-written");
}

#[test]
fn the_aid_specialist_sees_the_financially_difficult_students_with_their_status() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    let lines = aid::roster(&app(&db, "wuqiang")).unwrap();
    let got: Vec<(&str, bool, bool)> = lines
        .iter()
        .map(|l| (l.student_no.as_str(), l.visited, l.grown))
        .collect();
    // those missing something first, by class (网工2301, then 计科2401)
    assert_eq!(
        got,
        vec![
            (B, false, false),
            (C, true, false),
            (D, false, false),
            (A, true, true)
        ]
    );
    assert_eq!(lines[3].grade, Some(2023));
    assert_eq!(aid::roster(&app(&db, "lina")).unwrap().len(), 2);
    assert!(aid::roster(&app(&db, "zhouhui")).unwrap().is_empty());
}

#[test]
fn home_visit_and_report_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    let o = ok(z_as(
        &db,
        NOW,
        "wuqiang",
        &[
            "home-visit",
            "add",
            D,
            "--family",
            "单亲家庭",
            "--mode",
            "线上",
            "--on",
            "2026-11-20",
        ],
    ));
    assert!(o.contains("家访") || o.contains("home visit"), "{o}");
    let o = z_as(
        &db,
        NOW,
        "wuqiang",
        &["home-visit", "add", D, "--family", "x", "--mode", "电话"],
    );
    assert!(!o.status.success());
    assert!(err(&o).contains("线下"), "{}", err(&o));
    let o = ok(z_as(
        &db,
        NOW,
        "wuqiang",
        &["growth", "add", D, "获勤工助学岗位", "--kind", "资助帮扶"],
    ));
    assert!(o.contains("成长档案") || o.contains("growth-file"), "{o}");
    let md = ok(z_as(&db, NOW, "wuqiang", &["report", "aid"]));
    assert!(md.contains("| 合计 | 4 | 3 | 75% | 2 | 50% |"), "{md}");
    let x = dir.path().join("aid.xlsx");
    ok(z_as(
        &db,
        NOW,
        "wuqiang",
        &[
            "report",
            "aid",
            "--format",
            "xlsx",
            "-o",
            x.to_str().unwrap(),
        ],
    ));
    assert!(std::fs::read(&x).unwrap().starts_with(b"PK"));
}
