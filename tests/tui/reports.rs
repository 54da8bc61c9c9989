//! 报表 (tab 7): the reports of the role, the period changed with ←/→,
//! the preview scrolled, at every size.

use ratatui::crossterm::event::KeyCode;

use super::{T, shows};

#[test]
fn the_psych_specialist_previews_her_weekly_report_at_every_size() {
    for size in [(80, 24), (50, 20), (120, 40)] {
        let mut t = T::new("zhouhui", size);
        t.ch('7');
        let s = t.screen();
        // the tab bar holds all seven at this width
        assert!(s.lines().nth(1).unwrap().contains("7报表"), "{size:?}\n{s}");
        shows(&s, &["心理周报", "2026-W47", "■ 概况", "谈话次数"]);
        // the selection is visible without colour
        assert!(s.contains("▶ 心理周报"), "{size:?}\n{s}");
        t.key(KeyCode::Left);
        shows(&t.screen(), &["2026-W46"]);
        t.key(KeyCode::Down);
        shows(&t.screen(), &["▶ 心理月报", "2026-11"]);
        t.key(KeyCode::PageDown);
        assert!(!t.screen().contains("■ 概况"), "scrolled: {}", t.screen());
        // a leader's report is not hers
        assert!(!t.screen().contains("辅导员待办与逾期"), "{size:?}");
        assert!(t.hints().contains("导出"), "{}", t.hints());
    }
}

#[test]
fn a_duty_officer_has_no_reports_and_no_report_keys() {
    let mut t = T::new("sunpeng", (80, 24));
    t.ch('7');
    shows(&t.screen(), &["你的角色在此没有可用的报表。"]);
    assert!(!t.hints().contains("导出"), "{}", t.hints());
}

#[test]
fn a_leader_sees_the_compliance_report_as_of_today() {
    let mut t = T::new("liuyang", (120, 40));
    t.ch('7');
    for _ in 0..3 {
        t.key(KeyCode::Down);
    }
    shows(&t.screen(), &["▶ 辅导员待办与逾期", "截至今天", "■ 辅导员"]);
    assert!(
        !t.hints().contains("换周期"),
        "no period to change: {}",
        t.hints()
    );
}

#[test]
fn the_psych_specialist_marks_a_report_handed_in_and_a_leader_is_not_offered_it() {
    let mut t = T::new("zhouhui", (80, 24));
    t.ch('7');
    shows(&t.screen(), &["▶ 心理周报", "2026-W47"]);
    assert!(t.hints().contains("x 标为已交"), "{}", t.hints());
    t.ch('x');
    // asked first; No writes nothing
    shows(&t.screen(), &["将 2026-W47 的心理周报标为已交"]);
    t.ch('n');
    assert_eq!(t.count("SELECT count(*) FROM report_filings"), 0);
    t.ch('x');
    shows(&t.screen(), &["将 2026-W47 的心理周报标为已交"]);
    t.ch('y');
    assert_eq!(
        t.count("SELECT count(*) FROM report_filings WHERE how = 'marked' AND period = '2026-W47'"),
        1
    );
    shows(&t.screen(), &["已记录：2026-W47 的心理周报已交。"]);
    // the board says so
    t.ch('1');
    shows(&t.screen(), &["第47周已于 11-22 标为已交"]);

    let mut l = T::on(&t.db, "liuyang", (80, 24), zhiban::config::Lang::ZhCn);
    l.ch('7');
    shows(&l.screen(), &["▶ 心理周报"]);
    assert!(!l.hints().contains("标为已交"), "{}", l.hints());
}
