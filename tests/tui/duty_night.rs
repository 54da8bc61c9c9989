//! Issue 14, from a trial by hand at 80x24 and 50x20: the officer whose
//! shift was taken over is told (by whom, when, the note) until Enter; a
//! crisis item taken over is listed as owned, also while another item
//! waits, and `c` on it says where it closes; the handover form shows who
//! the typed next officer is and the summary names him; the patrol
//! summary gives the room of a student out overnight; Ctrl-U on a choice
//! clears what was typed ahead.

use zhiban::app::duty::{self, Entry};
use zhiban::app::duty_shift::{self, TakeOver};
use zhiban::config::Lang;
use zhiban::domain::duty::EntryType;

use super::{T, session, shows};

const DESK: &str = "学生公寓值班室";

fn no_history(t: &T) {
    t.sql()
        .execute_batch(
            "DELETE FROM handover_items; DELETE FROM escalations; DELETE FROM duty_entry_students;
             DELETE FROM duty_entries; DELETE FROM shifts; DELETE FROM duty_swaps; DELETE FROM duty_roster;",
        )
        .unwrap();
}

#[test]
fn the_officer_whose_shift_was_taken_over_is_told_until_enter() {
    for size in [(80, 24), (50, 20)] {
        let first = T::new("sunpeng", size);
        no_history(&first);
        let mut s = session(&first.db, "sunpeng", Lang::ZhCn);
        duty::open(&mut s, Some(DESK), Some("刘洋")).unwrap();
        let mut l = session(&first.db, "lina", Lang::ZhCn);
        let take = TakeOver {
            note: "孙鹏电话未接",
            of_shift: None,
        };
        duty_shift::open(&mut l, Some(DESK), Some("刘洋"), Some(take)).unwrap();
        let mut t = T::on(&first.db, "sunpeng", size, Lang::ZhCn);
        t.ch('3');
        let s = t.screen();
        shows(&s, &["!! 你的班已由", "李娜", "接管说明：孙鹏电话未接"]);
        // not as if he had handed over himself
        assert!(!s.contains("上一班（孙鹏）"), "{size:?}\n{s}");
        assert!(t.hints().contains("Enter 知道了"), "{}", t.hints());
        t.enter();
        let s = t.screen();
        assert!(!s.contains("你的班已由"), "{size:?}\n{s}");
        assert_eq!(
            t.count("SELECT count(*) FROM audit_log WHERE action = 'shift.displaced_seen'"),
            1
        );
        // lina, who took over, is told nothing of the kind
        let mut o = T::on(&first.db, "lina", size, Lang::ZhCn);
        o.ch('3');
        assert!(!o.screen().contains("接管说明"), "{}", o.screen());
    }
}

/// sunpeng's shift opened a crisis case and left an open entry, handed
/// both to mali.
fn case_and_entry_handed_to_mali(t: &T) -> i64 {
    no_history(t);
    let mut a = session(&t.db, "sunpeng", Lang::ZhCn);
    duty::open(&mut a, Some(DESK), Some("刘洋")).unwrap();
    duty::log(
        &mut a,
        &Entry {
            kind: Some(EntryType::Call),
            text: "室友曾敏未归".into(),
            students: vec!["20230100002".into()],
            open: true,
            ..Entry::default()
        },
    )
    .unwrap();
    let case = zhiban::app::crisis::open_case(
        &mut a,
        &zhiban::app::crisis::OpenInput {
            kind: "心理危机".into(),
            students: vec!["20230100002".into()],
            ..Default::default()
        },
    )
    .unwrap();
    duty::close(&mut a, "个案待继续", Some("mali")).unwrap();
    case
}

#[test]
fn a_crisis_item_taken_over_stays_listed_and_is_not_closed_here() {
    for size in [(80, 24), (50, 20)] {
        let first = T::new("sunpeng", size);
        let case = case_and_entry_handed_to_mali(&first);
        let mut t = T::on(&first.db, "mali", size, Lang::ZhCn);
        t.ch('3');
        t.ch('o');
        t.enter();
        let s = t.screen();
        shows(&s, &["请先确认上一班交接", &format!("危机个案 #{case}")]);
        // the entry's item comes first; the case's is the second
        t.key(ratatui::crossterm::event::KeyCode::Down);
        // c on the case's item: refused at once, naming the case
        t.ch('c');
        let s = t.screen();
        assert!(!s.contains("关闭此事项"), "no form to type into\n{s}");
        assert!(
            t.flash().contains(&format!("#{case} 尚未结案")),
            "{size:?}\n{s}"
        );
        t.ch('t');
        // one item still waits: what is owned is listed already
        let s = t.screen();
        shows(&s, &["请先确认上一班交接", "本班负责", "[接手]"]);
        t.ch('t');
        let s = t.screen();
        shows(&s, &["本班负责", &format!("危机个案 #{case}")]);
        assert_eq!(
            t.count(&format!(
                "SELECT count(*) FROM handover_items WHERE case_id = {case} AND ack_action = 'closed'"
            )),
            0
        );
    }
}

#[test]
fn the_handover_form_shows_who_the_next_officer_is_and_the_summary_names_him() {
    for size in [(80, 24), (50, 20)] {
        let mut t = T::new("sunpeng", size);
        no_history(&t);
        t.ch('3');
        t.ch('o');
        t.typed("1号楼值班室");
        t.tab(1);
        t.ch('l');
        t.enter();
        assert_eq!(
            t.count("SELECT count(*) FROM shifts WHERE closed_at IS NULL"),
            1
        );
        t.ch('C');
        shows(&t.screen(), &["交班", "下一班"]);
        t.typed("平稳");
        t.tab(1);
        t.typed("zw");
        shows(&t.screen(), &["→ 张伟 (zhangwei)"]);
        t.enter();
        let flash = t.flash();
        assert!(flash.contains("张伟"), "{size:?} {flash}\n{}", t.screen());
    }
}

#[test]
fn ctrl_u_on_a_choice_clears_what_was_typed_ahead() {
    let mut t = T::new("lina", (80, 24));
    no_history(&t);
    t.ch('3');
    t.ch('o');
    shows(&t.screen(), &["开班"]);
    t.typed("值班室");
    t.tab(1);
    t.typed("cj");
    shows(&t.screen(), &["< 陈静 chenjing >", "cj…"]);
    t.ctrl('u');
    let s = t.screen();
    assert!(!s.contains("不能输入文字"), "{s}");
    assert!(!s.contains("cj…"), "{s}");
    shows(&s, &["< 陈静 chenjing >"]);
    // typed afresh after it
    t.typed("ly");
    shows(&t.screen(), &["< 刘洋 liuyang >"]);
}

#[test]
fn the_patrol_summary_gives_the_room_of_a_student_out_overnight() {
    for size in [(80, 24), (50, 20)] {
        let mut t = T::new("lina", size);
        t.ch('2');
        t.enter();
        shows(&t.screen(), &["1号楼 101  1/"]);
        t.ch('o'); // the first student out overnight
        t.ch('a');
        t.ch('t');
        t.enter();
        t.ch('F');
        t.ch('y');
        let s = t.screen();
        shows(&s, &["查寝结束"]);
        let line = s
            .lines()
            .find(|l| l.contains("— 夜不归宿"))
            .unwrap_or_else(|| panic!("{size:?}\n{s}"));
        assert!(line.contains("(101)"), "{size:?} {line}");
    }
}

/// On a phone every row of the 值班表 is read whole: the leader's phone
/// on each (not only the current row's); Enter is not offered there.
#[test]
fn the_roster_rows_are_whole_at_50x20() {
    let mut t = T::new("sunpeng", (50, 20));
    t.ch('3');
    t.ch('w');
    let s = t.screen();
    shows(&s, &["值班表"]);
    let phone: String = t
        .sql()
        .query_row("SELECT phone FROM staff WHERE login = 'liuyang'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let leader_lines = s
        .lines()
        .filter(|l| l.contains(&format!("刘洋 {phone}")))
        .count();
    let days = s.lines().filter(|l| l.contains("值班领导")).count();
    assert!(days >= 3, "{s}");
    assert_eq!(
        leader_lines + s.lines().filter(|l| l.contains("陈静 ")).count(),
        days,
        "{s}"
    );
    assert!(!s.contains('…'), "nothing cut\n{s}");
    assert!(!t.hints().contains("Enter"), "{}", t.hints());
    // moving keeps the current row in view
    for _ in 0..10 {
        t.key(ratatui::crossterm::event::KeyCode::Down);
    }
    assert!(
        t.screen().lines().any(|l| l.starts_with("> ")),
        "{}",
        t.screen()
    );
}
