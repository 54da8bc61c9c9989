//! Screens drawn with ratatui's TestBackend at 80x24 and 120x40, asserted
//! on content (and snapshotted where they stay readable).

use super::model::Model;
use super::{test_model, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

use std::path::{Path, PathBuf};

/// A demo database (seed 1, 1440 students) made with the pinned clock.
fn demo_db(dir: &Path) -> PathBuf {
    let p = dir.join("demo.db");
    zhiban::demo::create(
        &p,
        zhiban::domain::clock::from_db("2026-11-22T15:04:00Z").unwrap(),
        &zhiban::demo::DemoSpec {
            seed: 1,
            students: 1440,
        },
    )
    .unwrap();
    p
}

/// A session acting as `login` on `db`, on the tests' pinned clock.
fn app(db: &Path, login: &str) -> zhiban::app::App {
    let clock: std::sync::Arc<dyn zhiban::domain::clock::Clock> =
        std::sync::Arc::new(zhiban::domain::clock::FixedClock(
            zhiban::domain::clock::from_db("2026-11-22T15:04:00Z").unwrap(),
        ));
    zhiban::app::session::open_as(
        db,
        login,
        clock,
        std::sync::Arc::new(zhiban::config::Assets::builtin(zhiban::config::Lang::ZhCn)),
    )
    .unwrap()
}

fn screen(m: &Model) -> (String, Terminal<TestBackend>) {
    let (w, h) = m.size;
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(f, m)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let s = buf[(x, y)].symbol();
            out.push_str(s);
            skip = s.width().saturating_sub(1);
        }
        out.push('\n');
    }
    (out, t)
}

fn key(m: &mut Model, c: KeyCode) {
    m.on_key(KeyEvent::new(c, KeyModifiers::NONE));
}

fn typed(m: &mut Model, s: &str) {
    for c in s.chars() {
        key(m, KeyCode::Char(c));
    }
}

fn model(login: &str, size: (u16, u16)) -> (tempfile::TempDir, std::path::PathBuf, Model) {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let m = test_model(&db, login, size).unwrap();
    (dir, db, m)
}

#[test]
fn dashboard_80x24() {
    let (_d, _db, m) = model("lina", (80, 24));
    let (s, _) = screen(&m);
    assert!(s.contains("李娜 辅导员"), "{s}");
    assert!(s.contains("第11周"), "teaching week from the calendar\n{s}");
    assert!(s.contains("2026-11-22 23:04"), "school time, UTC+8\n{s}");
    assert!(s.contains("我的班级: 3"), "{s}");
    insta::assert_snapshot!("dashboard_80x24", s);
}

#[test]
fn pinyin_search_zengm_80x24() {
    let (_d, _db, mut m) = model("lina", (80, 24));
    key(&mut m, KeyCode::Char('6'));
    key(&mut m, KeyCode::Char('/'));
    typed(&mut m, "zengm");
    let (s, _) = screen(&m);
    let first_row = s.lines().nth(4).unwrap();
    assert!(
        first_row.starts_with("> ") && first_row.contains("曾敏"),
        "{s}"
    );
    insta::assert_snapshot!("search_zengm_80x24", s);
    // initials: zs finds 张三 first among exact initials, by 学号
    key(&mut m, KeyCode::Esc);
    m.on_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    key(&mut m, KeyCode::Char('/'));
    m.on_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    typed(&mut m, "zs");
    let (s, _) = screen(&m);
    assert!(s.lines().nth(4).unwrap().contains("张三"), "{s}");
}

#[test]
fn search_by_room_and_number_and_paste() {
    let (_d, _db, mut m) = model("lina", (80, 24));
    key(&mut m, KeyCode::Char('/'));
    typed(&mut m, "1-101");
    let (s, _) = screen(&m);
    assert!(s.lines().nth(4).unwrap().contains("1-101"), "{s}");
    m.on_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    m.on_paste("xie\r\nxiao");
    let (s, _) = screen(&m);
    assert!(
        s.contains("xie xiao") && s.lines().nth(4).unwrap().contains("解晓东"),
        "{s}"
    );
}

#[test]
fn students_120x40_shows_a_preview() {
    let (_d, _db, mut m) = model("lina", (120, 40));
    key(&mut m, KeyCode::Char('6'));
    key(&mut m, KeyCode::Down);
    let (s, _) = screen(&m);
    assert!(s.contains("学生信息"), "{s}");
    assert!(
        s.contains("曾敏  20230100002"),
        "preview of the selected student\n{s}"
    );
    insta::assert_snapshot!("students_120x40", s);
}

#[test]
fn detail_masks_the_id_number_until_revealed_and_logs_the_reveal() {
    let (_d, db, mut m) = model("lina", (80, 24));
    key(&mut m, KeyCode::Char('6'));
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(s.contains("**************"), "{s}");
    assert!(s.contains("按 i 显示"), "{s}");
    key(&mut m, KeyCode::Char('i'));
    let (s, _) = screen(&m);
    assert!(!s.contains("**************"), "{s}");
    assert!(s.contains("已显示"), "{s}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action='student.reveal' AND actor='lina'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_duty_officer_sees_names_and_rooms_but_no_flag_details() {
    let (_d, _db, mut m) = model("sunpeng", (80, 24));
    key(&mut m, KeyCode::Char('/'));
    typed(&mut m, "zengm");
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(s.contains("曾敏") && s.contains("2号楼 101 室"), "{s}");
    assert!(!s.contains("学籍预警"), "no flag details\n{s}");
    assert!(s.contains("有需注意情况"), "but a caution\n{s}");
    assert!(s.contains("身份证号: （无权查看）"), "{s}");
    assert!(s.contains("****"), "phone masked\n{s}");
    // and may not edit flags
    key(&mut m, KeyCode::Char('f'));
    let (s, _) = screen(&m);
    assert!(s.contains("不能修改"), "{s}");
}

#[test]
fn selection_is_visible_without_colour() {
    let (_d, _db, mut m) = model("lina", (80, 24));
    key(&mut m, KeyCode::Char('6'));
    key(&mut m, KeyCode::Down);
    let (_, t) = screen(&m);
    let buf = t.backend().buffer();
    // row 5 is the second student (header at row 3)
    assert!(buf[(5, 5)].modifier.contains(Modifier::REVERSED));
    assert!(!buf[(5, 4)].modifier.contains(Modifier::REVERSED));
    assert_eq!(buf[(0, 5)].symbol(), ">");
}

#[test]
fn the_real_cursor_sits_in_the_search_field_after_chinese_text() {
    let (_d, _db, mut m) = model("lina", (80, 24));
    key(&mut m, KeyCode::Char('/'));
    let (_, mut t) = screen(&m);
    let start = t.get_cursor_position().unwrap();
    assert_eq!((start.x, start.y), (8, 2), "after '/ 搜索: ' (8 cells)");
    typed(&mut m, "曾a");
    let (_, mut t) = screen(&m);
    let p = t.get_cursor_position().unwrap();
    assert_eq!((p.x, p.y), (11, 2), "two cells for 曾, one for a");
}

#[test]
fn help_lists_the_keys_of_the_screen_and_the_hint_bar_comes_from_the_same_table() {
    let (_d, _db, mut m) = model("lina", (120, 40));
    key(&mut m, KeyCode::Char('6'));
    let hint_line = screen(&m).0.lines().nth(39).unwrap().to_string();
    for bd in super::keys::LIST.iter().filter(|b| b.hint) {
        assert!(
            hint_line.contains(m.app.assets().text.t(bd.label)),
            "{} in {hint_line}",
            bd.label
        );
    }
    key(&mut m, KeyCode::Char('?'));
    let (s, _) = screen(&m);
    assert!(s.contains("按键 — 学生"), "{s}");
    for needle in ["PgDn", "Home g", "Enter", "打开", "Ctrl-C", "退出"] {
        assert!(s.contains(needle), "{needle}\n{s}");
    }
    key(&mut m, KeyCode::Esc);
    assert!(!screen(&m).0.contains("按键 — 学生"));
}

#[test]
fn any_terminal_size_draws_without_panic_and_tiny_ones_get_a_notice() {
    let (_d, _db, mut m) = model("lina", (80, 24));
    key(&mut m, KeyCode::Char('6'));
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('f'));
    for w in [1u16, 2, 5, 10, 20, 39, 40, 41, 60, 79, 80, 200] {
        for h in [1u16, 2, 5, 11, 12, 13, 24, 60] {
            m.on_resize(w, h);
            let _ = screen(&m);
        }
    }
    m.on_resize(20, 5);
    let (s, _) = screen(&m);
    assert!(s.contains("窗口太小"), "{s}");
    key(&mut m, KeyCode::Char('q'));
    assert!(m.quit, "q quits from the notice");
}

#[test]
fn every_tab_is_built() {
    let (_d, _db, mut m) = model("lina", (80, 24));
    key(&mut m, KeyCode::Char('2'));
    assert!(screen(&m).0.contains("选择楼栋"), "查寝 is built");
    key(&mut m, KeyCode::Char('3'));
    assert!(screen(&m).0.contains("尚未开班"), "值班 is built");
    for (k, word) in [('4', "待办 / 逾期"), ('5', "危机个案")] {
        key(&mut m, KeyCode::Char(k));
        let (s, _) = screen(&m);
        assert!(s.contains(word), "{k}: {s}");
    }
    key(&mut m, KeyCode::Esc);
    let (s, _) = screen(&m);
    assert!(s.contains("待办 / 逾期 — 李娜"), "Esc goes back\n{s}");
}

#[test]
fn english_interface() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut m = test_model(&db, "lina", (80, 24)).unwrap();
    m.app = zhiban::app::session::open_as(
        &m.app.db_path(),
        &m.app.actor().login.clone(),
        m.app.clock(),
        std::sync::Arc::new(zhiban::config::Assets::builtin(zhiban::config::Lang::En)),
    )
    .unwrap();
    let (s, _) = screen(&m);
    assert!(
        s.contains("Dashboard") && s.contains("week 11") && s.contains("help"),
        "{s}"
    );
}

#[test]
fn control_characters_in_names_never_reach_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute(
            "UPDATE students SET name = ?1 WHERE student_no = '20230100001'",
            ["\u{1b}]52;c;ZXZpbA==\u{7}张\u{1b}[2J三\u{202e}\u{9b}"],
        )
        .unwrap();
    }
    let mut m = test_model(&db, "lina", (80, 24)).unwrap();
    key(&mut m, KeyCode::Char('6'));
    let (s, _) = screen(&m);
    assert!(
        s.contains("]52;c;ZXZp"),
        "shown as text, cut to the column\n{s}"
    );
    for bad in ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}'] {
        assert!(!s.contains(bad), "{bad:?} reached the screen");
    }
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(s.contains("]52;c;ZXZpbA==张[2J三"), "{s}");
    for bad in ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}'] {
        assert!(!s.contains(bad), "{bad:?} reached the detail");
    }
}

#[test]
fn setting_a_flag_from_the_detail_is_saved_and_audited() {
    let (_d, db, mut m) = model("lina", (80, 24));
    key(&mut m, KeyCode::Char('6'));
    key(&mut m, KeyCode::Enter); // 张三
    key(&mut m, KeyCode::Char('f'));
    for _ in 0..3 {
        key(&mut m, KeyCode::Down);
    }
    key(&mut m, KeyCode::Enter); // 重点关注
    key(&mut m, KeyCode::Right); // 一级
    key(&mut m, KeyCode::Tab);
    key(&mut m, KeyCode::Tab);
    typed(&mut m, "室友反映情绪低落");
    // q types into the note; it does not quit
    typed(&mut m, "q");
    assert!(!m.quit);
    assert!(m.unsaved());
    m.on_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(
        screen(&m).0.contains("未保存的修改"),
        "quit asks first when a form is unsaved"
    );
    key(&mut m, KeyCode::Char('n'));
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(s.contains("已保存：重点关注"), "{s}");
    assert!(s.contains("[x] 重点关注"), "{s}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let (level, note): (String, String) = c
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
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action='flag.set' AND actor='lina'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    let drafts: i64 = c
        .query_row("SELECT count(*) FROM drafts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(drafts, 0, "the draft goes once saved");
    // clearing asks first
    key(&mut m, KeyCode::Char('x'));
    assert!(screen(&m).0.contains("清除"));
    key(&mut m, KeyCode::Char('y'));
    assert!(screen(&m).0.contains("已清除：重点关注"));
}

#[test]
fn a_bad_date_is_explained_in_the_form() {
    let (_d, _db, mut m) = model("lina", (80, 24));
    key(&mut m, KeyCode::Char('6'));
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('f'));
    key(&mut m, KeyCode::Enter); // 学籍预警
    key(&mut m, KeyCode::Tab); // date
    m.on_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    for _ in 0..12 {
        key(&mut m, KeyCode::Backspace);
    }
    typed(&mut m, "11月18");
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(
        s.contains("2026-11-18"),
        "the message shows the format\n{s}"
    );
}

#[test]
fn a_popup_over_chinese_text_is_padded() {
    let (_d, _db, mut m) = model("lina", (80, 24));
    key(&mut m, KeyCode::Char('6'));
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('f'));
    let (s, t) = screen(&m);
    let buf = t.backend().buffer();
    // find the popup's left border on the title row
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
    let (_d, _db, mut m) = model("zhouhui", (60, 16));
    key(&mut m, KeyCode::Char('6'));
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('f'));
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    for field in ["级别", "日期", "说明"] {
        assert!(s.contains(field), "{field}\n{s}");
    }
}

#[test]
fn the_detail_scrolls_on_a_phone_sized_terminal() {
    let (_d, _db, mut m) = model("lina", (40, 12));
    key(&mut m, KeyCode::Char('6'));
    key(&mut m, KeyCode::Down);
    key(&mut m, KeyCode::Enter); // 曾敏: a flag at the bottom
    let (s, _) = screen(&m);
    assert!(!s.contains("学籍预警"), "below the fold at first\n{s}");
    for _ in 0..30 {
        key(&mut m, KeyCode::Down);
    }
    let (s, _) = screen(&m);
    assert!(s.contains("学籍预警"), "reached by scrolling\n{s}");
    assert!(!s.contains("曾敏  2023"), "the top scrolled away\n{s}");
}

#[test]
fn flag_names_follow_the_interface_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut m = test_model(&db, "lina", (80, 24)).unwrap();
    m.app = zhiban::app::session::open_as(
        &m.app.db_path(),
        &m.app.actor().login.clone(),
        m.app.clock(),
        std::sync::Arc::new(zhiban::config::Assets::builtin(zhiban::config::Lang::En)),
    )
    .unwrap();
    let (s, _) = screen(&m);
    assert!(s.contains("academic warning"), "{s}");
    key(&mut m, KeyCode::Char('6'));
    let (s, _) = screen(&m);
    assert!(s.lines().nth(5).unwrap().contains("warn"), "{s}");
}

#[test]
fn a_role_that_may_not_reveal_is_told_so_in_its_language_and_nothing_is_logged() {
    let (_d, db, mut m) = model("zhouhui", (80, 24));
    key(&mut m, KeyCode::Char('6'));
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('i'));
    let (s, _) = screen(&m);
    assert!(s.contains("你的角色不能查看完整号码"), "{s}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action='student.reveal'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn a_dated_flag_without_a_date_is_explained() {
    let (_d, _db, mut m) = model("lina", (80, 24));
    key(&mut m, KeyCode::Char('6'));
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('f'));
    key(&mut m, KeyCode::Enter); // 学籍预警
    key(&mut m, KeyCode::Tab);
    for _ in 0..12 {
        key(&mut m, KeyCode::Backspace);
    }
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(s.contains("请填写决定下达的日期"), "{s}");
}

#[test]
fn the_hint_bar_offers_only_what_the_role_can_do() {
    let (_d, _db, mut m) = model("sunpeng", (120, 40));
    key(&mut m, KeyCode::Char('6'));
    key(&mut m, KeyCode::Enter);
    let hints = screen(&m).0.lines().nth(39).unwrap().to_string();
    assert!(
        hints.contains("显示手机号"),
        "a duty officer may reveal a phone number: {hints}"
    );
    assert!(
        !hints.contains("显示身份证号") && !hints.contains("标记"),
        "{hints}"
    );
    let (_d, _db, mut m) = model("lina", (120, 40));
    key(&mut m, KeyCode::Char('6'));
    key(&mut m, KeyCode::Enter);
    let hints = screen(&m).0.lines().nth(39).unwrap().to_string();
    assert!(
        hints.contains("显示身份证号") && hints.contains("标记"),
        "{hints}"
    );
    assert!(
        !hints.contains("显示手机号"),
        "already shown in full to the counsellor: {hints}"
    );
}

/// Room checks saved since the demo was made (it has a history of its own).
fn room_checks(db: &std::path::Path) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(
        "SELECT count(*) FROM room_checks WHERE saved_at > '2026-11-22T14:30:00Z'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn patrol_room_screen_80x24() {
    let (_d, db, mut m) = model("lina", (80, 24));
    key(&mut m, KeyCode::Char('2'));
    let (s, _) = screen(&m);
    assert!(
        s.contains("> 1号楼") && s.contains("我的学生的房间") && s.contains("日常检查"),
        "{s}"
    );
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('1'));
    key(&mut m, KeyCode::Char('4'));
    key(&mut m, KeyCode::Char('a'));
    key(&mut m, KeyCode::Char('h'));
    let (s, _) = screen(&m);
    assert!(s.contains("1号楼 101  1/"), "{s}");
    assert!(
        s.contains("张三") && s.contains("在寝") && s.contains("夜不归宿"),
        "{s}"
    );
    assert!(s.contains("卫生: 优"), "{s}");
    assert!(s.lines().nth(23).unwrap().starts_with("1-6 在位"), "{s}");
    insta::assert_snapshot!("patrol_room_80x24", s);
    assert_eq!(room_checks(&db), 0, "nothing saved while in the room");
    key(&mut m, KeyCode::Enter);
    assert_eq!(room_checks(&db), 1, "leaving the room saves it, one commit");
    // an untouched room leaves no record
    key(&mut m, KeyCode::Enter);
    assert_eq!(room_checks(&db), 1);
    // a room number not in the walk: a message, and we stay
    let before = screen(&m).0.lines().nth(2).unwrap().to_string();
    key(&mut m, KeyCode::Char('g'));
    typed(&mut m, "999");
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(s.contains("没有 999 这个房间"), "{s}");
    assert_eq!(s.lines().nth(2).unwrap(), before);
    // skipping asks why and records it
    key(&mut m, KeyCode::Char('s'));
    key(&mut m, KeyCode::Char('2'));
    key(&mut m, KeyCode::Enter);
    let c = rusqlite::Connection::open(&db).unwrap();
    let reason: String = c
        .query_row(
            "SELECT skipped_reason FROM room_checks WHERE skipped_reason IS NOT NULL AND saved_at > '2026-11-22T14:30:00Z'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reason, "门锁");
    // finishing shows the summary and raises the follow-up
    m.on_key(KeyEvent::new(KeyCode::Char('F'), KeyModifiers::SHIFT));
    let (s, _) = screen(&m);
    assert!(
        s.contains("查寝结束") && s.contains("已生成跟进 1 条"),
        "{s}"
    );
}

#[test]
fn a_duty_officer_walks_a_whole_building_and_sees_only_cautions() {
    let (_d, _db, mut m) = model("sunpeng", (80, 24));
    key(&mut m, KeyCode::Char('2'));
    let (s, _) = screen(&m);
    assert!(
        s.contains("整栋") && s.contains("值班巡查"),
        "a duty officer starts with a round of the building\n{s}"
    );
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(s.contains("单磊") && s.contains("!注意"), "{s}");
    assert!(!s.contains("重点关注"), "{s}");
}

#[test]
fn follow_ups_and_hazards_are_closed_from_the_patrol_screen() {
    let (_d, db, mut m) = model("lina", (80, 24));
    key(&mut m, KeyCode::Char('2'));
    let (s, _) = screen(&m);
    assert!(
        s.contains("待办") && s.contains("跟进：") && s.contains("[逾期]"),
        "{s}"
    );
    key(&mut m, KeyCode::Tab);
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Tab);
    typed(&mut m, "已电话联系，在亲戚家");
    let (s, _) = screen(&m);
    assert!(s.contains("已电话联系，在亲戚家"), "{s}");
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(s.contains("跟进已办结"), "{s}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let (outcome, reason): (String, String) = c
        .query_row(
            "SELECT outcome, reason FROM follow_ups WHERE closed_at > '2026-11-22T15:00:00Z'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (outcome.as_str(), reason.as_str()),
        ("reached", "已电话联系，在亲戚家")
    );
    // escalate the next one: not reached, to whom
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Right);
    key(&mut m, KeyCode::Tab);
    typed(&mut m, "电话关机");
    key(&mut m, KeyCode::Tab);
    typed(&mut m, "刘洋");
    key(&mut m, KeyCode::Enter);
    let to: String = c.query_row("SELECT escalated_to FROM follow_ups WHERE outcome = 'escalated' AND closed_at > '2026-11-22T15:00:00Z'", [], |r| r.get(0)).unwrap();
    assert_eq!(to, "刘洋");
    // a hazard: reported to whom; empty is refused with a message
    for _ in 0..3 {
        key(&mut m, KeyCode::Down);
    }
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Enter);
    assert!(screen(&m).0.contains("say to whom"), "{}", screen(&m).0);
    typed(&mut m, "学生工作部");
    key(&mut m, KeyCode::Enter);
    assert!(screen(&m).0.contains("隐患已标记为已上报"));
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM room_hazards WHERE reported_to = '学生工作部'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn past_patrols_with_their_exceptions() {
    let (_d, _db, mut m) = model("liuyang", (80, 24));
    key(&mut m, KeyCode::Char('2'));
    key(&mut m, KeyCode::Char('h'));
    let (s, _) = screen(&m);
    assert!(
        s.contains("查寝记录（最近）") && s.contains("值班巡查 孙鹏") && s.contains("跳过"),
        "{s}"
    );
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(s.contains("查寝结束：1号楼 值班巡查"), "{s}");
    key(&mut m, KeyCode::Enter);
    assert!(screen(&m).0.contains("选择楼栋"));
}

#[test]
fn a_student_without_a_bed_here_is_added_to_the_room_check() {
    let (_d, db, mut m) = model("lina", (80, 24));
    key(&mut m, KeyCode::Char('2'));
    key(&mut m, KeyCode::Enter);
    m.on_key(KeyEvent::new(KeyCode::Char('+'), KeyModifiers::SHIFT));
    typed(&mut m, "20230100005"); // 仇芳 lives in another building
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(
        s.contains("仇芳 20230100005") && s.contains("不在本房间名册"),
        "{s}"
    );
    key(&mut m, KeyCode::Char('1')); // the cursor is on her
    key(&mut m, KeyCode::Char('a'));
    key(&mut m, KeyCode::Enter);
    let c = rusqlite::Connection::open(&db).unwrap();
    let in_roster: i64 = c
        .query_row(
            "SELECT p.in_roster FROM presence p JOIN students s ON s.id = p.student_id JOIN room_checks c ON c.id = p.check_id
             WHERE s.student_no = '20230100005' AND c.saved_at > '2026-11-22T14:30:00Z'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(in_roster, 0);
    // an unknown number: a message
    m.on_key(KeyEvent::new(KeyCode::Char('+'), KeyModifiers::SHIFT));
    typed(&mut m, "99999");
    key(&mut m, KeyCode::Enter);
    assert!(screen(&m).0.contains("没有学号为 99999 的学生"));
}

#[test]
fn duty_screen_80x24() {
    let (_d, db, mut m) = model("sunpeng", (80, 24));
    // this test follows one shift: without the demo's duty history
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "DELETE FROM handover_items; DELETE FROM escalations; DELETE FROM duty_entry_students;
             DELETE FROM duty_entries; DELETE FROM shifts; DELETE FROM duty_swaps; DELETE FROM duty_roster;",
        )
        .unwrap();
    key(&mut m, KeyCode::Char('3'));
    assert!(screen(&m).0.contains("尚未开班"));
    key(&mut m, KeyCode::Char('o'));
    typed(&mut m, "1号楼值班室");
    key(&mut m, KeyCode::Tab);
    typed(&mut m, "刘洋");
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('n'));
    key(&mut m, KeyCode::Char('5'));
    typed(&mut m, "3-512 学生突发腹痛，已送校医院");
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('e'));
    key(&mut m, KeyCode::Char('3'));
    key(&mut m, KeyCode::Char('a'));
    typed(&mut m, "3-512 学生突发腹痛，已送市一院");
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(s.contains("待回复：23:04 已微信报告 刘洋"), "{s}");
    assert!(
        s.contains("[突发事件] 3-512 学生突发腹痛，已送校医院 [已上报]"),
        "{s}"
    );
    assert!(
        s.contains("（更正 #1）3-512 学生突发腹痛，已送市一院"),
        "{s}"
    );
    insta::assert_snapshot!("duty_80x24", s);
    // the leader's response takes the escalation off the waiting line
    key(&mut m, KeyCode::Char('r'));
    typed(&mut m, "已知悉，辅导员陪同");
    key(&mut m, KeyCode::Enter);
    assert!(!screen(&m).0.contains("待回复"));
}

#[test]
fn patrols_walked_during_a_shift_appear_in_its_log() {
    let (_d, _db, mut m) = model("sunpeng", (80, 24));
    key(&mut m, KeyCode::Char('3'));
    key(&mut m, KeyCode::Char('o'));
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('2'));
    key(&mut m, KeyCode::Enter); // a duty round of 1号楼
    key(&mut m, KeyCode::Char('4')); // first student out overnight
    key(&mut m, KeyCode::Char('a'));
    m.on_key(KeyEvent::new(KeyCode::Char('F'), KeyModifiers::SHIFT));
    key(&mut m, KeyCode::Char('3'));
    let (s, _) = screen(&m);
    assert!(s.contains("查寝：1号楼 值班巡查（已查 1/"), "{s}");
    assert!(s.contains("本班查寝生成跟进 1 条"), "{s}");
}

#[test]
fn patrol_and_duty_screens_with_popups_survive_any_size() {
    let sizes: Vec<(u16, u16)> = [1u16, 3, 20, 39, 40, 41, 50, 80, 200]
        .iter()
        .flat_map(|&w| {
            [1u16, 4, 11, 12, 13, 16, 24, 60]
                .iter()
                .map(move |&h| (w, h))
        })
        .collect();
    let sweep = |m: &mut Model| {
        for &(w, h) in &sizes {
            m.on_resize(w, h);
            let _ = screen(m);
        }
        m.on_resize(80, 24);
    };
    let (_d, _db, mut m) = model("lina", (80, 24));
    key(&mut m, KeyCode::Char('2'));
    sweep(&mut m);
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('x'));
    sweep(&mut m);
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Char('s'));
    sweep(&mut m);
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Char('n'));
    typed(&mut m, "很长很长的备注：楼道里有人吸烟，已劝阻并登记");
    sweep(&mut m);
    key(&mut m, KeyCode::Esc);
    let (_d, _db, mut m) = model("sunpeng", (80, 24));
    key(&mut m, KeyCode::Char('3'));
    sweep(&mut m);
    key(&mut m, KeyCode::Char('o'));
    sweep(&mut m);
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('n'));
    sweep(&mut m);
    key(&mut m, KeyCode::Char('2'));
    typed(&mut m, "家长来电");
    sweep(&mut m);
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('e'));
    sweep(&mut m);
    key(&mut m, KeyCode::Esc);
    m.on_key(KeyEvent::new(KeyCode::Char('C'), KeyModifiers::SHIFT));
    sweep(&mut m);
    key(&mut m, KeyCode::Esc);
    // the entry form with matches showing, and every view of the log
    key(&mut m, KeyCode::Char('n'));
    key(&mut m, KeyCode::Char('3'));
    typed(&mut m, "来访");
    for _ in 0..3 {
        key(&mut m, KeyCode::Tab);
    }
    typed(&mut m, "zh");
    sweep(&mut m);
    key(&mut m, KeyCode::Esc);
    for k in ['h', 's', 'w'] {
        key(&mut m, KeyCode::Char(k));
        if k == 's' {
            typed(&mut m, "来电");
            key(&mut m, KeyCode::Enter);
        }
        sweep(&mut m);
        key(&mut m, KeyCode::Enter);
        sweep(&mut m);
        key(&mut m, KeyCode::Esc);
        key(&mut m, KeyCode::Esc);
    }
}

#[test]
fn a_duty_entry_names_students_a_place_a_past_time_and_is_sensitive() {
    let (_d, db, mut m) = model("sunpeng", (80, 24));
    key(&mut m, KeyCode::Char('3'));
    key(&mut m, KeyCode::Char('o'));
    key(&mut m, KeyCode::Enter); // opened 23:04
    key(&mut m, KeyCode::Char('n'));
    key(&mut m, KeyCode::Char('4')); // 学生求助
    typed(&mut m, "学生来值班室求助，情绪低落");
    key(&mut m, KeyCode::Tab);
    typed(&mut m, "22:40"); // before the shift opened
    key(&mut m, KeyCode::Tab);
    for _ in 0.."学生公寓值班室".chars().count() {
        key(&mut m, KeyCode::Backspace);
    }
    typed(&mut m, "3号楼大厅");
    key(&mut m, KeyCode::Tab);
    typed(&mut m, "zengm"); // pinyin, as on the students screen
    let (s, _) = screen(&m);
    assert!(s.contains("> 曾敏 "), "{s}");
    key(&mut m, KeyCode::Enter); // adds her
    typed(&mut m, "20230100003");
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(
        s.contains("曾敏 20230100002、") && s.contains(" 20230100003"),
        "{s}"
    );
    m.on_key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL));
    assert!(screen(&m).0.contains("[x] 敏感"));
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(
        s.contains("早于本班开班"),
        "a clear message, the form kept: {s}"
    );
    assert!(s.contains("学生来值班室求助"), "{s}");
    // the time fixed: 23:00 is within the grace of the opening
    key(&mut m, KeyCode::Tab);
    key(&mut m, KeyCode::Tab);
    for _ in 0..5 {
        key(&mut m, KeyCode::Backspace);
    }
    typed(&mut m, "23:00");
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(
        s.contains("23:00 [学生求助] 学生来值班室求助，情绪低落 · 曾敏、")
            && s.contains("@3号楼大厅")
            && s.contains("[敏感]"),
        "{s}"
    );
    let c = rusqlite::Connection::open(&db).unwrap();
    let (n, sensitive, place, at): (i64, i64, String, String) = c
        .query_row(
            "SELECT (SELECT count(*) FROM duty_entry_students x WHERE x.entry_id = e.id), e.sensitive, e.location, e.happened_at
             FROM duty_entries e ORDER BY e.id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((n, sensitive, place.as_str()), (2, 1, "3号楼大厅"));
    assert!(at.starts_with("2026-11-22T15:00:00"), "{at}");
    // an empty entry is refused with a message
    key(&mut m, KeyCode::Char('n'));
    key(&mut m, KeyCode::Char('1'));
    key(&mut m, KeyCode::Enter);
    assert!(screen(&m).0.contains("请写明发生了什么"));
}

#[test]
fn past_shifts_search_and_the_roster_in_the_duty_screen() {
    let (_d, db, mut m) = model("mali", (80, 24));
    key(&mut m, KeyCode::Char('3'));
    key(&mut m, KeyCode::Char('h'));
    let (s, _) = screen(&m);
    assert!(s.contains("往班记录") && s.contains("> 11-20 "), "{s}");
    key(&mut m, KeyCode::Down); // 11-19
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(
        s.contains("值班记录表 · 值班人 张伟") && s.contains("↳"),
        "{s}"
    );
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Esc);
    // search: a type and a date in one box
    key(&mut m, KeyCode::Char('s'));
    typed(&mut m, "来电 11-19");
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(
        s.contains("2026-11-19 20:14 [来电] 学生来电：宿舍停电 — 张伟"),
        "{s}"
    );
    assert_eq!(s.matches("[来电]").count(), 1, "{s}");
    key(&mut m, KeyCode::Enter);
    assert!(screen(&m).0.contains("值班记录表 · 值班人 张伟"));
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Char('s'));
    typed(&mut m, "没有这种事");
    key(&mut m, KeyCode::Enter);
    assert!(screen(&m).0.contains("（没有）"));
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Esc);
    // the roster, everyone's then mine
    key(&mut m, KeyCode::Char('w'));
    let (s, _) = screen(&m);
    assert!(
        s.contains("值班表 11-16 至 11-22") && s.contains("周二 11-17 夜班 张伟"),
        "{s}"
    );
    key(&mut m, KeyCode::Char('m'));
    let (s, _) = screen(&m);
    assert!(
        s.contains("* 周四 11-19 夜班 马丽") && !s.contains("张伟"),
        "{s}"
    );
    key(&mut m, KeyCode::Right);
    assert!(screen(&m).0.contains("值班表 11-23 至 11-29"));
    // reading a shift with someone else's sensitive entry is audit-logged
    // for a leader; a duty officer sees it withheld and nothing is logged
    let views = || -> i64 {
        rusqlite::Connection::open(&db)
            .unwrap()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'duty.view_sensitive'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Char('h'));
    key(&mut m, KeyCode::Down);
    key(&mut m, KeyCode::Down); // 11-18, 孙鹏's shift
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(
        s.contains("[学生求助] （敏感记录，无权查看）") && !s.contains("倾诉"),
        "{s}"
    );
    assert_eq!(views(), 0);
    let mut leader = test_model(&db, "liuyang", (80, 24)).unwrap();
    for k in [
        KeyCode::Char('3'),
        KeyCode::Char('h'),
        KeyCode::Down,
        KeyCode::Down,
        KeyCode::Enter,
    ] {
        key(&mut leader, k);
    }
    let (s, _) = screen(&leader);
    assert!(
        s.contains("学生深夜来值班室倾诉") && s.contains("[敏感]"),
        "{s}"
    );
    assert_eq!(views(), 1, "who looked, when, which shift");
}

#[test]
fn todo_screen_and_talk_form_at_80x24_and_120x40() {
    let (_d, db, mut m) = model("zhangwei", (80, 24));
    key(&mut m, KeyCode::Char('4'));
    let (s, _) = screen(&m);
    assert!(s.contains("待办 / 逾期 — 张伟（zhangwei）· 逾期"), "{s}");
    assert!(s.lines().nth(3).unwrap().starts_with("> [逾期] "), "{s}");
    // a new talk: the student searched by pinyin initials, Chinese typed and pasted
    key(&mut m, KeyCode::Char('n'));
    let (s, _) = screen(&m);
    assert!(
        s.contains("谈话记录（Ctrl-S 保存）") && s.contains(">学生"),
        "{s}"
    );
    let who = zhiban::app::students::list(&m.app)
        .unwrap()
        .into_iter()
        .find(|r| r.counsellor.as_deref() == Some("张伟"))
        .unwrap();
    typed(&mut m, &who.student_no);
    let (s, _) = screen(&m);
    assert!(
        s.contains(&format!("> {} {}", who.name, who.student_no)),
        "{s}"
    );
    key(&mut m, KeyCode::Enter); // takes the student, on to the kind
    key(&mut m, KeyCode::Right); // 学业预警谈话
    for _ in 0..3 {
        key(&mut m, KeyCode::Tab);
    }
    typed(&mut m, "谈学习计划");
    key(&mut m, KeyCode::Enter); // a new line in the summary
    m.on_paste("第二行：粘贴的内容\r\n第三行");
    m.on_key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL));
    let (s, _) = screen(&m);
    assert!(
        s.contains("谈学习计划")
            && s.contains("第二行：粘贴的内容")
            && s.contains("第三行")
            && s.contains("[x]"),
        "{s}"
    );
    m.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(screen(&m).0.contains("已保存"));
    let c = rusqlite::Connection::open(&db).unwrap();
    let (kind, summary, sensitive): (String, String, i64) = c
        .query_row(
            "SELECT kind, summary, sensitive FROM talks ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (kind.as_str(), summary.as_str(), sensitive),
        (
            "academic_warning",
            "谈学习计划\n第二行：粘贴的内容\n第三行",
            1
        )
    );
    // an empty summary: a message, the form kept
    key(&mut m, KeyCode::Char('n'));
    typed(&mut m, &who.student_no);
    key(&mut m, KeyCode::Enter);
    m.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let (s, _) = screen(&m);
    assert!(s.contains("内容是空的") && s.contains("谈话记录"), "{s}");
    // 120x40: the same screen, and a leader's college
    m.on_resize(120, 40);
    key(&mut m, KeyCode::Esc);
    assert!(screen(&m).0.contains("待办 / 逾期 — 张伟"));
    let (_d2, _db2, mut leader) = model("liuyang", (120, 40));
    key(&mut leader, KeyCode::Char('4'));
    let (s, _) = screen(&leader);
    assert!(
        s.contains("学院待办概况") && s.contains("张伟 · 学生 180") && s.contains("完成"),
        "{s}"
    );
    key(&mut leader, KeyCode::Enter);
    assert!(screen(&leader).0.contains("待办 / 逾期 — 何超志"));
}

#[test]
fn todo_screen_and_forms_survive_any_size() {
    let (_d, _db, mut m) = model("lina", (80, 24));
    key(&mut m, KeyCode::Char('4'));
    for k in ['n', 'c', 'l'] {
        key(&mut m, KeyCode::Char(k));
        typed(&mut m, "li");
        for (w, h) in [
            (1, 1),
            (20, 5),
            (39, 11),
            (40, 12),
            (60, 16),
            (80, 24),
            (200, 60),
        ] {
            m.on_resize(w, h);
            let _ = screen(&m);
        }
        m.on_resize(80, 24);
        key(&mut m, KeyCode::Esc);
    }
}

#[test]
fn the_student_timeline_shows_talks_contacts_and_flags_as_the_role_may() {
    let (_d, db, mut m) = model("lina", (120, 40));
    let no = "20230100002";
    {
        let mut a = app(&db, "lina");
        let talk = |kind: &str, text: &str, sensitive: bool| zhiban::app::records::TalkInput {
            student_no: no.into(),
            at: zhiban::domain::clock::from_db("2026-11-21T07:00:00Z"),
            kind: kind.into(),
            summary: text.into(),
            sensitive,
            ..Default::default()
        };
        zhiban::app::records::record_talk(&mut a, &talk("日常谈心", "谈及家中欠债", true)).unwrap();
        zhiban::app::records::record_contact(
            &mut a,
            &zhiban::app::records::ContactInput {
                student_no: no.into(),
                at: zhiban::domain::clock::from_db("2026-11-20T11:00:00Z"),
                channel: zhiban::domain::records::ContactChannel::Phone,
                person: Some("母亲".into()),
                reason: "日常".into(),
                content: "告知近况".into(),
            },
        )
        .unwrap();
    }
    key(&mut m, KeyCode::Char('6'));
    key(&mut m, KeyCode::Char('/'));
    typed(&mut m, no);
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(s.contains("时间线"), "{s}");
    assert!(
        s.contains("2026-11-21 15:00 谈话·日常谈心（李娜）：谈及家中欠债"),
        "{s}"
    );
    assert!(
        s.contains("2026-11-20 19:00 家长联系·电话·日常（李娜）：告知近况"),
        "{s}"
    );
    // the psych specialist: the sensitive daily talk withheld, the contact shown
    let mut p = test_model(&db, "zhouhui", (120, 40)).unwrap();
    key(&mut p, KeyCode::Char('6'));
    key(&mut p, KeyCode::Char('/'));
    typed(&mut p, no);
    key(&mut p, KeyCode::Enter);
    key(&mut p, KeyCode::Enter);
    let (s, _) = screen(&p);
    assert!(
        s.contains("谈话·日常谈心（李娜）：（敏感记录，无权查看）") && !s.contains("欠债"),
        "{s}"
    );
    // a duty officer sees no talks at all
    let mut d = test_model(&db, "sunpeng", (120, 40)).unwrap();
    key(&mut d, KeyCode::Char('6'));
    key(&mut d, KeyCode::Char('/'));
    typed(&mut d, no);
    key(&mut d, KeyCode::Enter);
    key(&mut d, KeyCode::Enter);
    let (s, _) = screen(&d);
    assert!(!s.contains("谈话·") && !s.contains("家长联系·"), "{s}");
}

#[test]
fn a_special_group_line_opens_the_mentors_and_plan_form() {
    let (_d, db, mut m) = model("zhangwei", (100, 30));
    key(&mut m, KeyCode::Char('4'));
    let mut found = None;
    for _ in 0..200 {
        let (s, _) = screen(&m);
        if let Some(l) = s
            .lines()
            .find(|l| l.starts_with("> ") && l.contains("1+1+1"))
        {
            found = Some(l.to_string());
            break;
        }
        key(&mut m, KeyCode::Down);
    }
    let line = found.expect("a special.mentors line");
    let no: String = line
        .split_whitespace()
        .nth(3)
        .unwrap()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    key(&mut m, KeyCode::Enter);
    let (s, _) = screen(&m);
    assert!(s.contains("1+1+1 与一生一策") && s.contains(&no), "{s}");
    typed(&mut m, "王教授");
    key(&mut m, KeyCode::Tab);
    typed(&mut m, "张伟");
    key(&mut m, KeyCode::Tab);
    typed(&mut m, "学生党员李明");
    key(&mut m, KeyCode::Tab);
    typed(&mut m, "每月一次学业与生活跟踪");
    m.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let (s, _) = screen(&m);
    assert!(s.contains("已保存"), "{s}");
    assert!(
        !s.lines().any(|l| l.contains(&no) && l.contains("1+1+1")),
        "the line is gone: {s}"
    );
    let c = rusqlite::Connection::open(&db).unwrap();
    let plan: String = c
        .query_row(
            "SELECT x.plan FROM special_support x JOIN students s ON s.id = x.student_id WHERE s.student_no = ?1 AND x.superseded_at IS NULL",
            [&no],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(plan, "每月一次学业与生活跟踪");
}

#[test]
fn the_crisis_stepper_at_80x24_with_the_cssrs_and_the_level() {
    let (_d, db, mut m) = model("lina", (80, 24));
    key(&mut m, KeyCode::Char('!'));
    key(&mut m, KeyCode::Tab);
    typed(&mut m, "20230100002");
    key(&mut m, KeyCode::Enter);
    typed(&mut m, "宿舍");
    m.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let (s, _) = screen(&m);
    assert!(s.contains("#4 心理危机 · 曾敏 · 已用时 0m · 等级 —"), "{s}");
    assert!(
        s.contains("现场控制 · 应急处置 · 待办 · 剩余 5m（23:09 前）"),
        "{s}"
    );
    assert!(
        s.contains("1 [ ] 学生身边有人陪伴") && s.contains("☎ 急救：120"),
        "{s}"
    );
    insta::assert_snapshot!("crisis_step_80x24", s);
    // the screener: 1 yes, 2 no → straight to 6: no
    key(&mut m, KeyCode::Char('c'));
    assert!(screen(&m).0.contains("1. 过去一个月内，是否希望自己死去"));
    key(&mut m, KeyCode::Char('y'));
    key(&mut m, KeyCode::Char('n'));
    assert!(screen(&m).0.contains("6. 是否曾经做过"), "2 no skips to 6");
    key(&mut m, KeyCode::Char('n'));
    let (s, _) = screen(&m);
    assert!(
        s.contains("筛查提示：低风险，建议 三级") && s.contains("定为 三级：理由"),
        "{s}"
    );
    typed(&mut m, "筛查低风险，但仍需每日关注");
    key(&mut m, KeyCode::Enter);
    assert!(screen(&m).0.contains("等级 三级"));
    // browsing to a later step and doing it out of order
    key(&mut m, KeyCode::Right);
    key(&mut m, KeyCode::Right);
    assert!(screen(&m).0.contains("上报领导 · 应急处置"));
    key(&mut m, KeyCode::Enter);
    let c = rusqlite::Connection::open(&db).unwrap();
    let order: String = c
        .query_row(
            "SELECT group_concat(kind || ':' || coalesce(step, ''), ',') FROM crisis_events WHERE case_id = 4",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(order, "open:,screen:,level:3,done:report");
    // an aid specialist sees no case; a duty officer only those they opened
    let mut aid = test_model(&db, "wuqiang", (80, 24)).unwrap();
    key(&mut aid, KeyCode::Char('5'));
    assert!(screen(&aid).0.contains("（暂无个案）"));
    let mut duty = test_model(&db, "mali", (80, 24)).unwrap();
    key(&mut duty, KeyCode::Char('5'));
    let (s, _) = screen(&duty);
    assert!(s.contains("学生失联") && !s.contains("#4 "), "{s}");
    // every size, with each popup
    for k in ['s', 'l', 'c', 't'] {
        key(&mut m, KeyCode::Char(k));
        for (w, h) in [(1, 1), (20, 5), (40, 12), (60, 16), (120, 40)] {
            m.on_resize(w, h);
            let _ = screen(&m);
        }
        m.on_resize(80, 24);
        key(&mut m, KeyCode::Esc);
    }
}

#[test]
fn a_duty_incident_opens_a_case_and_a_review_due_shows_in_todo() {
    let (_d, db, mut m) = model("sunpeng", (80, 24));
    key(&mut m, KeyCode::Char('3'));
    key(&mut m, KeyCode::Char('o'));
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('n'));
    key(&mut m, KeyCode::Char('5')); // 突发事件
    typed(&mut m, "学生在楼顶情绪激动");
    for _ in 0..3 {
        key(&mut m, KeyCode::Tab);
    }
    typed(&mut m, "20230100002");
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Enter);
    m.on_key(KeyEvent::new(KeyCode::Char('K'), KeyModifiers::SHIFT));
    let (s, _) = screen(&m);
    assert!(
        s.contains("新建危机个案")
            && s.contains("曾敏 20230100002")
            && s.contains("学生在楼顶情绪激动"),
        "prefilled from the entry: {s}"
    );
    // a second student: the roommate who was with her
    key(&mut m, KeyCode::Tab);
    typed(&mut m, "20230100003");
    key(&mut m, KeyCode::Enter);
    m.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let (s, _) = screen(&m);
    assert!(
        s.contains("现场控制 · 应急处置") && s.contains("曾敏、单磊"),
        "{s}"
    );
    let c = rusqlite::Connection::open(&db).unwrap();
    let linked: i64 = c
        .query_row(
            "SELECT count(*) FROM crisis_cases WHERE entry_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(linked, 1, "the case keeps the entry it came from");
    let id: i64 = c
        .query_row("SELECT max(id) FROM crisis_cases", [], |r| r.get(0))
        .unwrap();
    // the acute phase done and closed: the counsellor's 待办 shows the review
    let mut a = app(&db, "lina");
    for step in [
        "scene",
        "verify",
        "report",
        "plan",
        "departments",
        "family",
        "publish",
    ] {
        zhiban::app::crisis::act(
            &mut a,
            id,
            zhiban::domain::crisis::EventKind::Done,
            Some(step),
            None,
        )
        .unwrap();
    }
    zhiban::app::crisis::close_phase(&mut a, id, "acute").unwrap();
    let mut l = test_model(&db, "lina", (100, 30)).unwrap();
    key(&mut l, KeyCode::Char('4'));
    let (s, _) = screen(&l);
    let line = s
        .lines()
        .find(|x| x.contains("危机复盘"))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(
        line.contains(&format!("#{id} 心理危机 曾敏")) && line.contains("12-22 前"),
        "{line}"
    );
}

#[test]
fn a_leader_records_the_missing_psychological_sweep_from_the_college_view() {
    let (_d, db, mut m) = model("liuyang", (100, 30));
    key(&mut m, KeyCode::Char('4'));
    assert!(screen(&m).0.contains("本学期未开展特殊群体心理排查"));
    key(&mut m, KeyCode::Char('p'));
    assert!(screen(&m).0.contains("特殊群体摸排（Ctrl-S 保存）"));
    key(&mut m, KeyCode::Right); // 心理排查
    key(&mut m, KeyCode::Tab);
    typed(&mut m, "2026-11-20");
    key(&mut m, KeyCode::Tab);
    typed(&mut m, "与心理中心联合排查");
    m.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let (s, _) = screen(&m);
    assert!(
        s.contains("已保存") && !s.contains("本学期未开展特殊群体心理排查"),
        "{s}"
    );
    let psych: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM special_sweeps WHERE psych = 1 AND held_on = '2026-11-20'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(psych, 1);
}
