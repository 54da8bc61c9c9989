//! The 值班 screen's desk: the open form's leader picker (the roster's
//! written in, a letter of the pinyin or a digit picks another), the
//! escalation popup naming whom to call with the number, a desk still
//! held by someone else, a shift open past its end, at 80x24 and 50x20.

use ratatui::crossterm::event::KeyCode;

use super::{T, shows};

/// On the dashboard: the cursor to the line labelled `label`, and Enter
/// (the records behind its number).
fn drill(t: &mut T, label: &str) {
    t.key(KeyCode::Home);
    for _ in 0..40 {
        let s = t.screen();
        if s.lines().any(|l| l.starts_with("> ") && l.contains(label))
            || s.lines().any(|l| l.starts_with(">") && l.contains(label))
        {
            t.enter();
            shows(&t.screen(), &[label]);
            return;
        }
        t.key(KeyCode::Down);
    }
    panic!("{label} never current:\n{}", t.screen());
}

fn no_history(t: &T) {
    t.sql()
        .execute_batch(
            "DELETE FROM handover_items; DELETE FROM escalations; DELETE FROM duty_entry_students;
             DELETE FROM duty_entries; DELETE FROM shifts; DELETE FROM duty_swaps; DELETE FROM duty_roster;",
        )
        .unwrap();
}

fn leader_phone(t: &T, login: &str) -> String {
    t.sql()
        .query_row("SELECT phone FROM staff WHERE login = ?1", [login], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn the_open_form_picks_the_leader_and_the_escalation_shows_the_number() {
    for size in [(80, 24), (50, 20), (120, 40)] {
        let mut t = T::new("sunpeng", size);
        t.ch('3');
        // the demo's roster: tonight's desk and leader written in
        t.ch('o');
        let s = t.screen();
        shows(&s, &["开班", "学生公寓值班室"]);
        assert!(s.contains("刘洋") || s.contains("陈静"), "{s}");
        // another leader by the first letter of the pinyin
        t.tab(1);
        t.ch('c');
        shows(&t.screen(), &["陈静 chenjing"]);
        t.enter();
        assert_eq!(
            t.count("SELECT count(*) FROM shifts WHERE closed_at IS NULL AND leader = '陈静'"),
            1
        );
        t.ch('n');
        t.ch('5');
        t.typed("学生突发腹痛");
        t.enter();
        t.ch('e');
        let s = t.screen();
        // the popup opened, with the leader's name and number in full
        shows(&s, &["上报方式", "1 电话"]);
        let phone = leader_phone(&t, "chenjing");
        assert!(s.contains(&format!("陈静 {phone}")), "{size:?}\n{s}");
        t.ch('1');
        assert_eq!(
            t.count("SELECT count(*) FROM escalations WHERE leader = '陈静' AND channel = 'phone'"),
            1
        );
    }
}

#[test]
fn with_no_roster_the_leader_is_chosen_and_l_changes_it() {
    let mut t = T::new("lina", (80, 24));
    no_history(&t);
    t.ch('3');
    t.ch('o');
    let s = t.screen();
    shows(&s, &["开班", "请选择"]);
    t.typed("值班室");
    t.enter();
    // no leader chosen: refused, saying so, nothing written
    shows(&t.screen(), &["请写明值班领导"]);
    assert_eq!(t.count("SELECT count(*) FROM shifts"), 0);
    t.tab(1);
    t.ch('2');
    t.enter();
    assert_eq!(
        t.count("SELECT count(*) FROM shifts WHERE location = '值班室' AND leader IS NOT NULL"),
        1
    );
    // L: the leader changes during the shift, logged
    t.ch('L');
    shows(&t.screen(), &["值班领导"]);
    t.ch('l');
    t.enter();
    assert_eq!(
        t.count("SELECT count(*) FROM shifts WHERE leader = '刘洋' AND closed_at IS NULL"),
        1
    );
    assert_eq!(
        t.count("SELECT count(*) FROM audit_log WHERE action = 'shift.leader'"),
        1
    );
}

#[test]
fn a_desk_held_by_someone_else_is_named_and_taken_over_with_a_note() {
    let mut t = T::new("sunpeng", (50, 20));
    t.sql()
        .execute(
            "INSERT INTO shifts(officer_id, location, leader, opened_at)
             SELECT id, '学生公寓值班室', '刘洋', '2026-11-21T09:05:00Z' FROM staff WHERE login = 'mali'",
            [],
        )
        .unwrap();
    t.ch('3');
    t.ch('o');
    shows(&t.screen(), &["马丽 仍在"]);
    t.enter();
    assert_eq!(
        t.count("SELECT count(*) FROM shifts WHERE closed_at IS NULL"),
        1
    );
    t.tab(2);
    t.typed("马丽未交班，电话未接");
    t.enter();
    assert_eq!(
        t.count("SELECT count(*) FROM shifts WHERE closed_at IS NULL AND officer_id = (SELECT id FROM staff WHERE login = 'sunpeng')"),
        1
    );
    assert_eq!(
        t.count("SELECT count(*) FROM shifts WHERE closed_at IS NULL"),
        1
    );
}

#[test]
fn a_shift_open_past_its_end_shows_its_date_and_is_flagged() {
    let mut t = T::new("mali", (80, 24));
    t.sql()
        .execute(
            "INSERT INTO shifts(officer_id, location, leader, opened_at)
             SELECT id, '学生公寓值班室', '刘洋', '2026-11-21T09:05:00Z' FROM staff WHERE login = 'mali'",
            [],
        )
        .unwrap();
    t.ch('3');
    shows(&t.screen(), &["11-21 17:05 开班", "11-22 08:00 前交班"]);
}

#[test]
fn a_leader_sees_on_the_dashboard_a_stale_shift_and_a_night_never_opened() {
    let t = T::new("liuyang", (80, 24));
    t.sql()
        .execute(
            "INSERT INTO shifts(officer_id, location, leader, opened_at)
             SELECT id, '学生公寓值班室', '刘洋', '2026-11-21T09:05:00Z' FROM staff WHERE login = 'mali'",
            [],
        )
        .unwrap();
    let mut t = T::on(&t.db, "liuyang", (80, 24), zhiban::config::Lang::ZhCn);
    t.ch('1');
    // the board counts it; Enter on the count shows the shift
    drill(&mut t, "超时未交班的班次");
    let s = t.screen();
    shows(
        &s,
        &[
            "超时未交班：马丽",
            "11-21 17:05 开班，应于 11-22 08:00 前交",
        ],
    );
    // without it, the roster's night of 11-21 was never opened
    t.sql()
        .execute("DELETE FROM shifts WHERE closed_at IS NULL", [])
        .unwrap();
    let mut t = T::on(&t.db, "liuyang", (50, 20), zhiban::config::Lang::ZhCn);
    t.ch('1');
    drill(&mut t, "近 7 天排班无人开班");
    shows(&t.screen(), &["未开班：2026-11-21"]);
    // a counsellor is not told
    let mut c = T::on(&t.db, "lina", (80, 24), zhiban::config::Lang::ZhCn);
    c.ch('1');
    assert!(!c.screen().contains("超时未交班"), "{}", c.screen());
}

#[test]
fn the_roster_view_shows_phones_to_officers_and_masks_them_for_an_admin() {
    let mut t = T::new("sunpeng", (120, 40));
    t.ch('3');
    t.ch('w');
    let s = t.screen();
    let phone: String = t
        .sql()
        .query_row("SELECT phone FROM staff WHERE login = 'liuyang'", [], |r| {
            r.get(0)
        })
        .unwrap();
    shows(&s, &["值班表", &format!("刘洋 {phone}")]);
    let mut a = T::on(&t.db, "admin", (120, 40), zhiban::config::Lang::ZhCn);
    a.ch('3');
    a.ch('w');
    let s = a.screen();
    shows(&s, &["值班表", "刘洋 "]);
    assert!(!s.contains(&phone) && s.contains("****"), "{s}");
}

/// Issue 14: "chosen from the leaders by name/pinyin in the open form".
/// With two leaders whose pinyin starts alike (刘洋 liuyang, 李欣 lixin),
/// what is typed so far chooses: full pinyin, initials, or the name.
#[test]
fn the_open_form_picks_the_leader_by_full_pinyin_initials_or_name() {
    let mut t = T::new("lina", (80, 24));
    no_history(&t);
    t.sql()
        .execute_batch(
            "INSERT INTO staff(login, name, college_id, phone, created_at, updated_at)
               SELECT 'lixin', '李欣', college_id, '13900001111', created_at, updated_at
               FROM staff WHERE login = 'liuyang';
             INSERT INTO staff_roles(staff_id, role)
               SELECT id, 'leader' FROM staff WHERE login = 'lixin';",
        )
        .unwrap();
    t.ch('3');
    t.ch('o');
    shows(&t.screen(), &["开班", "请选择"]);
    t.typed("值班室");
    t.tab(1);
    for (typed, want) in [
        ("liuy", "刘洋 liuyang"),
        ("lix", "李欣 lixin"),
        ("ly", "刘洋 liuyang"),
        ("cj", "陈静 chenjing"),
        ("李", "李欣 lixin"),
    ] {
        // Tab away and back forgets what was typed before
        t.tab(1);
        t.tab(2);
        t.typed(typed);
        let s = t.screen();
        assert!(s.contains(&format!("< {want} >")), "{typed} → {want}\n{s}");
    }
    t.ch('x');
    t.ch('q');
    shows(&t.screen(), &["值班领导"]);
    t.enter();
    assert_eq!(
        t.count("SELECT count(*) FROM shifts WHERE closed_at IS NULL AND leader = '李欣'"),
        1,
        "{}",
        t.screen()
    );
}
