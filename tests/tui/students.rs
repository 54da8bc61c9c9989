//! The students screen: search, detail, reveals, the flags editor.

use ratatui::crossterm::event::KeyCode;
use ratatui::style::Modifier;

use super::{T, shows};

#[test]
fn pinyin_search_zengm_80x24() {
    let mut t = T::new("lina", (80, 24));
    t.ch('6');
    t.ch('/');
    t.typed("zengm");
    let s = t.screen();
    let first_row = s.lines().nth(4).unwrap();
    assert!(
        first_row.starts_with("> ") && first_row.contains("曾敏"),
        "{s}"
    );
    insta::assert_snapshot!("search_zengm_80x24", s);
    // initials: zs finds 张三 first among exact initials, by 学号
    t.esc();
    t.ch('/');
    t.ctrl('u');
    t.typed("zs");
    assert!(t.screen().lines().nth(4).unwrap().contains("张三"));
}

#[test]
fn search_by_room_and_number_and_paste() {
    let mut t = T::new("lina", (80, 24));
    t.ch('/');
    t.typed("1-101");
    let s = t.screen();
    assert!(s.lines().nth(4).unwrap().contains("1-101"), "{s}");
    t.ctrl('u');
    t.paste("xie\r\nxiao");
    let s = t.screen();
    assert!(
        s.contains("xie xiao") && s.lines().nth(4).unwrap().contains("解晓东"),
        "{s}"
    );
}

#[test]
fn students_120x40_shows_a_preview() {
    let mut t = T::new("lina", (120, 40));
    t.ch('6');
    t.key(KeyCode::Down);
    let s = t.screen();
    shows(&s, &["学生信息", "曾敏  20230100002"]);
    insta::assert_snapshot!("students_120x40", s);
}

#[test]
fn lists_take_home_and_end() {
    let mut t = T::new("lina", (80, 24));
    t.ch('6');
    t.key(KeyCode::End);
    let s = t.screen();
    let last = s.lines().find(|l| l.starts_with("> ")).unwrap().to_string();
    t.key(KeyCode::Home);
    let s = t.screen();
    let first = s.lines().find(|l| l.starts_with("> ")).unwrap().to_string();
    assert_ne!(first, last);
    assert!(first.contains("张三"), "{s}");
}

#[test]
fn detail_masks_the_id_number_until_revealed_and_logs_the_reveal() {
    let mut t = T::new("lina", (80, 24));
    t.ch('6');
    t.enter();
    shows(&t.screen(), &["**************", "按 i 显示"]);
    t.ch('i');
    let s = t.screen();
    assert!(!s.contains("**************"), "{s}");
    shows(&s, &["已显示"]);
    assert_eq!(
        t.count("SELECT count(*) FROM audit_log WHERE action='student.reveal' AND actor='lina'"),
        1
    );
}

#[test]
fn a_duty_officer_sees_names_and_rooms_but_no_flag_details() {
    let mut t = T::new("sunpeng", (80, 24));
    t.ch('/');
    t.typed("zengm");
    t.enter();
    let s = t.screen();
    shows(
        &s,
        &[
            "曾敏",
            "2号楼 101 室",
            "有需注意情况",
            "身份证号: （无权查看）",
            "****",
        ],
    );
    assert!(!s.contains("学籍预警"), "no flag details\n{s}");
    // and may not edit flags
    t.ch('f');
    shows(&t.screen(), &["不能修改"]);
}

#[test]
fn selection_is_visible_without_colour() {
    let mut t = T::new("lina", (80, 24));
    t.ch('6');
    t.key(KeyCode::Down);
    let (_, term) = t.draw();
    let buf = term.backend().buffer();
    // row 5 is the second student (header at row 3)
    assert!(buf[(5, 5)].modifier.contains(Modifier::REVERSED));
    assert!(!buf[(5, 4)].modifier.contains(Modifier::REVERSED));
    assert_eq!(buf[(0, 5)].symbol(), ">");
}

#[test]
fn the_real_cursor_sits_in_the_search_field_after_chinese_text() {
    let mut t = T::new("lina", (80, 24));
    t.ch('/');
    let (_, mut term) = t.draw();
    let start = term.get_cursor_position().unwrap();
    assert_eq!((start.x, start.y), (8, 2), "after '/ 搜索: ' (8 cells)");
    t.typed("曾a");
    let (_, mut term) = t.draw();
    let p = term.get_cursor_position().unwrap();
    assert_eq!((p.x, p.y), (11, 2), "two cells for 曾, one for a");
}

#[test]
fn control_characters_in_names_never_reach_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let db = super::demo_db(dir.path());
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE students SET name = ?1 WHERE student_no = '20230100001'",
            ["\u{1b}]52;c;ZXZpbA==\u{7}张\u{1b}[2J三\u{202e}\u{9b}"],
        )
        .unwrap();
    let mut t = T::on(&db, "lina", (80, 24), zhiban::config::Lang::ZhCn);
    t.ch('6');
    let s = t.screen();
    assert!(
        s.contains("]52;c;ZXZp"),
        "shown as text, cut to the column\n{s}"
    );
    for bad in ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}'] {
        assert!(!s.contains(bad), "{bad:?} reached the screen");
    }
    t.enter();
    let s = t.screen();
    assert!(s.contains("]52;c;ZXZpbA==张[2J三"), "{s}");
    for bad in ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}'] {
        assert!(!s.contains(bad), "{bad:?} reached the detail");
    }
}

#[test]
fn setting_a_flag_from_the_detail_is_saved_and_audited() {
    let mut t = T::new("lina", (80, 24));
    t.ch('6');
    t.enter(); // 张三
    t.ch('f');
    for _ in 0..3 {
        t.key(KeyCode::Down);
    }
    t.enter(); // 重点关注
    shows(&t.screen(), &["重点关注 — 张三", "级别", "日期", "说明"]);
    t.key(KeyCode::Right); // 一级
    t.tab(2);
    t.typed("室友反映情绪低落");
    // q types into the note; it does not quit
    t.typed("q");
    assert!(!t.s.quitting());
    t.ctrl('c');
    shows(&t.screen(), &["尚未保存", "重点关注 — 张三"]);
    t.ch('n');
    assert!(!t.s.quitting());
    t.enter();
    let s = t.screen();
    shows(&s, &["已保存：重点关注", "[x] 重点关注"]);
    let (level, note): (String, String) = t
        .sql()
        .query_row(
            "SELECT f.level, f.note FROM student_flags f JOIN students s ON s.id = f.student_id
             WHERE s.student_no = '20230100001' AND f.kind = 'key_concern' AND f.cleared_at IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (level.as_str(), note.as_str()),
        ("一级", "室友反映情绪低落q")
    );
    assert_eq!(
        t.count("SELECT count(*) FROM audit_log WHERE action='flag.set' AND actor='lina'"),
        1
    );
    assert!(t.drafts().is_empty(), "the draft goes once saved");
    // clearing asks first
    t.ch('x');
    shows(&t.screen(), &["清除 张三 的“重点关注”"]);
    t.ch('y');
    shows(&t.screen(), &["已清除：重点关注"]);
}

#[test]
fn a_bad_date_names_the_field_and_says_what_to_write() {
    let mut t = T::new("lina", (80, 24));
    t.ch('6');
    t.enter();
    t.ch('f');
    t.enter(); // 学籍预警
    t.tab(1); // the date
    for _ in 0..12 {
        t.key(KeyCode::Backspace);
    }
    t.typed("11月32日");
    t.enter();
    shows(&t.screen(), &["日期：写 2026-11-27 或 11-27"]);
    // a day without a year is a day
    for _ in 0..12 {
        t.key(KeyCode::Backspace);
    }
    t.typed("11-18");
    t.enter();
    shows(&t.screen(), &["已保存：学籍预警"]);
    let since: String = t
        .sql()
        .query_row(
            "SELECT f.since FROM student_flags f JOIN students s ON s.id = f.student_id
             WHERE s.student_no = '20230100001' AND f.kind = 'academic_warning' AND f.cleared_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(since, "2026-11-18");
}

#[test]
fn a_dated_flag_without_a_date_is_explained() {
    let mut t = T::new("lina", (80, 24));
    t.ch('6');
    t.enter();
    t.ch('f');
    t.enter(); // 学籍预警
    t.tab(1);
    for _ in 0..12 {
        t.key(KeyCode::Backspace);
    }
    t.enter();
    shows(&t.screen(), &["日期：请写决定下达的日期"]);
}

#[test]
fn a_popup_over_chinese_text_is_padded() {
    let mut t = T::new("lina", (80, 24));
    t.ch('6');
    t.enter();
    t.ch('f');
    let (s, term) = t.draw();
    let buf = term.backend().buffer();
    // the popup's left border on its title row
    let y = s.lines().position(|l| l.contains("标记 — 张三")).unwrap() as u16;
    let x = (0..80).find(|&x| buf[(x, y)].symbol() == "┌").unwrap();
    for row in y..y + 5 {
        assert_eq!(
            buf[(x - 1, row)].symbol(),
            " ",
            "cell left of the popup is cleared at row {row}"
        );
    }
}

#[test]
fn the_flag_form_shows_every_field_when_one_flag_is_editable() {
    // the psych specialist may edit only 重点关注: a one-row list, a full form
    let mut t = T::new("zhouhui", (60, 16));
    t.ch('6');
    t.enter();
    t.ch('f');
    t.enter();
    shows(&t.screen(), &["级别", "日期", "说明"]);
}

#[test]
fn the_detail_scrolls_on_a_phone_sized_terminal() {
    let mut t = T::new("lina", (40, 12));
    t.ch('6');
    t.key(KeyCode::Down);
    t.enter(); // 曾敏: a flag at the bottom
    let s = t.screen();
    assert!(!s.contains("学籍预警"), "below the fold at first\n{s}");
    // the flag comes into view on the way down
    let mut seen = false;
    for _ in 0..30 {
        t.key(KeyCode::Down);
        seen |= t.screen().contains("学籍预警");
    }
    let s = t.screen();
    assert!(seen, "reached by scrolling\n{s}");
    assert!(!s.contains("曾敏  2023"), "the top scrolled away\n{s}");
    t.key(KeyCode::Home);
    assert!(t.screen().contains("曾敏  2023"), "Home: back to the top");
}

#[test]
fn a_role_that_may_not_reveal_is_told_so_in_its_language_and_nothing_is_logged() {
    let mut t = T::new("zhouhui", (80, 24));
    t.ch('6');
    t.enter();
    t.ch('i');
    shows(&t.screen(), &["你的角色不能查看完整号码"]);
    assert_eq!(
        t.count("SELECT count(*) FROM audit_log WHERE action='student.reveal'"),
        0
    );
}

#[test]
fn the_hint_bar_offers_only_what_the_role_can_do() {
    let mut t = T::new("sunpeng", (120, 40));
    t.ch('6');
    t.enter();
    let hints = t.hints();
    assert!(
        hints.contains("显示手机号"),
        "a duty officer may reveal a phone number: {hints}"
    );
    assert!(
        !hints.contains("显示身份证号") && !hints.contains("标记"),
        "{hints}"
    );
    let mut t = T::new("lina", (120, 40));
    t.ch('6');
    t.enter();
    let hints = t.hints();
    assert!(
        hints.contains("显示身份证号") && hints.contains("标记"),
        "{hints}"
    );
    assert!(
        !hints.contains("显示手机号"),
        "already shown in full to the counsellor: {hints}"
    );
}

/// The college's leader sees, on a student's page, who saw or changed
/// what about the student (the audit log, in words); the counsellor does
/// not.
#[test]
fn a_leader_sees_the_students_audit_on_the_page_a_counsellor_does_not() {
    let mut t = T::new("liuyang", (120, 40));
    let mut lina = super::session(&t.db, "lina", zhiban::config::Lang::ZhCn);
    zhiban::app::records::record_talk(
        &mut lina,
        &zhiban::app::records::TalkInput {
            student_no: "20230100002".into(),
            at: None,
            place: None,
            kind: "daily".into(),
            summary: "谈学业".into(),
            follow_up: None,
            follow_up_due: None,
            next_talk: None,
            sensitive: false,
        },
    )
    .unwrap();
    t.ch('6');
    t.ch('/');
    t.typed("20230100002");
    t.enter();
    t.enter();
    let s = t.screen();
    shows(&s, &["曾敏", "谁看过、改过（审计日志）", "lina 记录谈话"]);
    // opening it again: the page's own reading is logged, not listed
    t.esc();
    t.enter();
    let s = t.screen();
    assert!(!s.contains("查看审计日志"), "{s}");
    assert!(
        t.count("SELECT count(*) FROM audit_log WHERE action = 'audit.read'") >= 2,
        "each opening is logged"
    );
    let mut c = T::on(&t.db, "lina", (120, 40), zhiban::config::Lang::ZhCn);
    c.ch('6');
    c.ch('/');
    c.typed("20230100002");
    c.enter();
    c.enter();
    let s = c.screen();
    shows(&s, &["曾敏"]);
    assert!(!s.contains("审计日志"), "{s}");
}
