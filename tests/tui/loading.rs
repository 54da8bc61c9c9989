//! On start the board is read off the key path: the first frame says it is
//! loading, keys for the board wait and are applied in order once it has
//! arrived (the same screen as if it had been read at once), keys that
//! leave the board act at once, and a read that failed says why in the
//! reader's language.

use std::sync::{Arc, Mutex};

use ratatui::crossterm::event::KeyCode;
use zhiban::config::Lang;
use zhiban::error::Error;

use super::{T, demo_db, session, shows};
use crate::tui::shell::Shell;
use crate::tui::shell::drafts::Drafts;

/// The interface as it starts: nothing read yet, the board on its way.
fn starting(login: &str, size: (u16, u16)) -> T {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let app = session(&db, login, Lang::ZhCn);
    let s = Shell::starting(
        app,
        true,
        size,
        Drafts::new(None, Arc::new(Mutex::new(Default::default()))),
    );
    T {
        _dir: Some(dir),
        db,
        s,
    }
}

/// The board the loader thread would send.
fn board(t: &T, login: &str) -> zhiban::app::dashboard::Board {
    zhiban::app::dashboard::board(&session(&t.db, login, Lang::ZhCn), None)
}

#[test]
fn the_first_frame_is_the_chrome_and_loading_and_keys_wait_for_the_board() {
    for size in [(80, 24), (50, 20), (120, 40)] {
        let mut t = starting("lina", size);
        let s = t.screen();
        shows(&s, &["1看板", "李娜", "加载中…"]);
        // down twice and open: held, nothing moves on a board not there
        t.key(KeyCode::Down);
        t.key(KeyCode::Down);
        t.enter();
        assert_eq!(t.s.held(), 3);
        shows(&t.screen(), &["加载中…"]);
        let b = board(&t, "lina");
        t.s.board_loaded(Ok(b));
        assert_eq!(t.s.held(), 0);
        // the same screen as with the board read at once
        let mut now = T::on(&t.db, "lina", size, Lang::ZhCn);
        now.key(KeyCode::Down);
        now.key(KeyCode::Down);
        now.enter();
        let (held, at_once) = (t.screen(), now.screen());
        assert!(held.contains("未回复的上报："), "{held}");
        assert_eq!(held, at_once, "{size:?}");
    }
}

#[test]
fn a_digit_leaves_the_loading_board_at_once_and_stays_left() {
    let mut t = starting("lina", (80, 24));
    t.ch('5');
    assert_eq!(t.s.held(), 0);
    shows(&t.screen(), &["危机"]);
    let b = board(&t, "lina");
    t.s.board_loaded(Ok(b));
    // the board arriving does not take the screen back
    assert!(!t.screen().contains("我的班次"), "{}", t.screen());
    t.ch('1');
    shows(&t.screen(), &["我的班次"]);
}

#[test]
fn after_a_held_key_a_digit_waits_too_so_the_order_is_kept() {
    let mut t = starting("lina", (80, 24));
    t.key(KeyCode::Down);
    t.ch('6');
    assert_eq!(t.s.held(), 2);
    shows(&t.screen(), &["加载中…"]);
    let b = board(&t, "lina");
    t.s.board_loaded(Ok(b));
    assert_eq!(t.s.held(), 0);
    shows(&t.screen(), &["学号"]);
    // the move went to the board before the digit left it
    t.ch('1');
    let s = t.screen();
    let marked = s.lines().find(|l| l.starts_with("> ")).unwrap_or("");
    assert!(marked.contains("待确认交接事项"), "{s}");
}

#[test]
fn a_paste_while_loading_waits_with_the_keys() {
    let mut t = starting("lina", (80, 24));
    t.key(KeyCode::Down);
    t.paste("zengm");
    assert_eq!(t.s.held(), 2);
}

#[test]
fn a_board_that_could_not_be_read_says_why_in_chinese_and_is_read_again() {
    let mut t = starting("lina", (80, 24));
    t.key(KeyCode::Down);
    t.s.board_loaded(Err(Error::Busy));
    assert_eq!(t.s.held(), 0);
    let s = t.screen();
    shows(&s, &["数据库正忙"]);
    assert!(!s.contains("busy") && !s.contains("加载中"), "{s}");
    // showing the board again reads it
    t.ch('2');
    t.ch('1');
    shows(&t.screen(), &["我的班次"]);
}

#[test]
fn a_loader_that_could_not_open_the_database_fails_both_loads() {
    let mut t = starting("lina", (80, 24));
    t.s.load_failed(Error::Busy);
    shows(&t.screen(), &["数据库正忙"]);
    assert!(!t.screen().contains("加载中"), "{}", t.screen());
    t.ch('6');
    let s = t.screen();
    shows(&s, &["数据库正忙"]);
    assert!(!s.contains("加载中"), "{s}");
}
