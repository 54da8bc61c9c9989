//! Open crisis cases where people look: the dashboards of the psych
//! specialist and the leaders list them (level, current step, overdue
//! marked in words and `!`), and a student's page names the student's
//! cases to those who may see them.

use zhiban::app::crisis::{OpenInput, open_case, set_level};
use zhiban::config::Lang;

use super::{T, demo_db, session, shows};

/// The screen with each line's trailing blanks dropped and lines joined:
/// text wrapped on a narrow terminal reads whole again.
fn joined(s: &str) -> String {
    s.lines().map(str::trim_end).collect()
}

/// A 一级 case opened a minute ago by a duty officer, for 曾敏.
fn level_one_case(db: &std::path::Path) -> i64 {
    let mut a = session(db, "sunpeng", Lang::ZhCn);
    let id = open_case(
        &mut a,
        &OpenInput {
            kind: "psych".into(),
            students: vec!["20230100002".into()],
            location: Some("5号楼天台".into()),
            known: Some("室友报告".into()),
            entry_id: None,
            ..Default::default()
        },
    )
    .unwrap();
    set_level(&mut a, id, "1", "有明确计划").unwrap();
    id
}

#[test]
fn a_level_one_case_opened_minutes_ago_is_on_the_psych_and_leader_dashboards() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let id = level_one_case(&db);
    for login in ["zhouhui", "liuyang", "chenjing"] {
        for size in [(80, 24), (50, 20)] {
            let t = T::on(&db, login, size, Lang::ZhCn);
            let s = t.screen();
            let all = joined(&s);
            shows(
                &all,
                &[
                    "未结的危机个案",
                    &format!("#{id} 一级（高危） 心理危机 曾敏 · 处置中：现场控制"),
                ],
            );
            // the demo's open case, its report late: overdue in words and `!`
            assert!(
                s.lines().any(|l| l.starts_with("! 逾期 #")),
                "{login} {size:?}\n{s}"
            );
            // the most urgent first: the 一级 case above the other
            let first = s.lines().position(|l| l.contains(&format!("#{id} ")));
            let other = s.lines().position(|l| l.starts_with("! 逾期 #"));
            assert!(first < other, "{login} {size:?}\n{s}");
        }
    }
    // in English too
    let t = T::on(&db, "liuyang", (80, 24), Lang::En);
    shows(&joined(&t.screen()), &["Open crisis cases", "OVERDUE"]);
}

#[test]
fn a_role_that_may_not_see_a_case_finds_none_on_its_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let id = level_one_case(&db);
    for login in ["wuqiang", "mali", "admin"] {
        let t = T::on(&db, login, (80, 24), Lang::ZhCn);
        let s = t.screen();
        assert!(!s.contains("未结的危机个案"), "{login}\n{s}");
        assert!(!s.contains(&format!("#{id}")), "{login}\n{s}");
    }
}

#[test]
fn the_student_page_lists_the_case_for_the_counsellor_and_not_for_others() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let id = level_one_case(&db);
    let open_student = |login: &str| {
        let mut t = T::on(&db, login, (120, 40), Lang::ZhCn);
        t.ch('6');
        t.ch('/');
        t.typed("20230100002");
        t.enter();
        t.enter();
        t.screen()
    };
    let s = open_student("lina");
    shows(
        &s,
        &[
            "曾敏",
            "危机个案",
            &format!("#{id} 心理危机 · 处置中 · 2026-11-22 立案"),
        ],
    );
    for login in ["wuqiang", "mali"] {
        let s = open_student(login);
        shows(&s, &["曾敏"]);
        assert!(!s.contains("危机个案"), "{login}\n{s}");
        assert!(!s.contains(&format!("#{id}")), "{login}\n{s}");
    }
}

#[test]
fn a_dashboard_left_open_shows_a_new_case_within_the_minute() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut t = T::on(&db, "zhouhui", (80, 24), Lang::ZhCn);
    let id = level_one_case(&db);
    assert!(!t.screen().contains(&format!("#{id} ")));
    t.s.minute();
    shows(&t.screen(), &[&format!("#{id} 一级（高危）")]);
}
