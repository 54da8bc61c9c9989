//! 督办 with a note: the leader says what to do and by when; the
//! counsellor reads it on her 待办 line, the leader beside the line.

use zhiban::config::Lang;

use super::{T, shows};

#[test]
fn a_leaders_press_carries_a_note_and_a_day_to_both_sides() {
    let mut leader = T::new("liuyang", (80, 24));
    leader.ch('4');
    leader.enter();
    shows(&leader.screen(), &["待办 / 逾期 — 张伟"]);
    leader.ch('d');
    shows(
        &leader.screen(),
        &["┌督办", "要求（可不填）", "期限（可不填）"],
    );
    leader.typed("本周内找他谈话");
    leader.tab(1);
    // a day already past names the field to fix, nothing is written
    leader.typed("2026-01-02");
    leader.enter();
    shows(&leader.screen(), &["期限已过"]);
    assert_eq!(leader.count("SELECT count(*) FROM reminders"), 0);
    for _ in 0.."2026-01-02".chars().count() {
        leader.key(ratatui::crossterm::event::KeyCode::Backspace);
    }
    leader.typed("11-27");
    leader.enter();
    let note: String = leader
        .sql()
        .query_row("SELECT note FROM reminders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(note, "本周内找他谈话（11-27 前）");
    let audit: String = leader
        .sql()
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'todo.press'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(audit.contains("本周内找他谈话"), "{audit}");
    shows(&leader.screen(), &["【已督办", "本周内找他谈话"]);
    let mut c = T::on(&leader.db, "zhangwei", (80, 24), Lang::ZhCn);
    c.ch('4');
    let s = c.screen();
    let first = s.lines().nth(3).unwrap();
    assert!(first.starts_with("> [督办]"), "{s}");
    assert!(first.contains("本周内找他谈话"), "{s}");
}

#[test]
fn esc_on_a_changed_press_form_asks_and_an_unchanged_one_just_closes() {
    let mut leader = T::new("liuyang", (80, 24));
    leader.ch('4');
    leader.enter();
    leader.ch('d');
    shows(&leader.screen(), &["┌督办"]);
    leader.esc();
    assert!(!leader.screen().contains("┌督办"), "{}", leader.screen());
    assert_eq!(leader.count("SELECT count(*) FROM reminders"), 0);
    leader.ch('d');
    shows(&leader.screen(), &["┌督办"]);
    leader.typed("请尽快");
    leader.esc();
    shows(&leader.screen(), &["留作草稿", "丢弃", "继续编辑"]);
    assert_eq!(leader.count("SELECT count(*) FROM reminders"), 0);
}

#[test]
fn the_press_form_fits_a_phone() {
    let mut leader = T::new("liuyang", (50, 20));
    leader.ch('4');
    leader.enter();
    leader.ch('d');
    shows(&leader.screen(), &["┌督办"]);
    leader.enter();
    assert_eq!(leader.count("SELECT count(*) FROM reminders"), 1);
}
