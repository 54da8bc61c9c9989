//! Tests of the interface, compiled into the binary (`src/tui/mod.rs` takes
//! this folder as its `tests` module): each screen drawn with ratatui's
//! TestBackend at 80x24, 50x20 and 120x40 and asserted on content, the form
//! engine, drafts, and the shell's keys. The real binary in a pseudo-
//! terminal is tested in `tests/e2e.rs`.

mod aid;
mod crisis;
mod crisis_numbers;
mod dashboard;
mod desk;
mod drafts;
mod duty;
mod duty_desk;
mod duty_night;
mod duty_owned;
mod forms;
mod lists;
mod loading;
mod patrol;
mod patrol_phone;
mod press_note;
mod reports;
mod shell;
mod small;
mod students;
mod todo;
mod todo_records;
mod two_sessions;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;
use zhiban::app::App;
use zhiban::config::{Assets, Lang};
use zhiban::domain::clock::{Clock, FixedClock, from_db};

use super::bench_shell;
use super::shell::Shell;

pub const NOW: &str = "2026-11-22T15:04:00Z";

/// A demo database (seed 1, 1440 students) made with the pinned clock.
pub fn demo_db(dir: &Path) -> PathBuf {
    let p = dir.join("demo.db");
    zhiban::demo::create(
        &p,
        from_db(NOW).unwrap(),
        &zhiban::demo::DemoSpec {
            seed: 1,
            students: 1440,
        },
    )
    .unwrap();
    p
}

pub fn clock() -> Arc<dyn Clock> {
    Arc::new(FixedClock(from_db(NOW).unwrap()))
}

/// A session acting as `login` on `db`, on the tests' pinned clock.
pub fn session(db: &Path, login: &str, lang: Lang) -> App {
    zhiban::app::session::open_as(db, login, clock(), Arc::new(Assets::builtin(lang))).unwrap()
}

/// The interface on a database, with its students loaded.
pub struct T {
    pub _dir: Option<tempfile::TempDir>,
    pub db: PathBuf,
    pub s: Shell,
}

impl T {
    /// A fresh demo database, the interface in Chinese as `login`.
    pub fn new(login: &str, size: (u16, u16)) -> T {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_db(dir.path());
        let mut t = T::on(&db, login, size, Lang::ZhCn);
        t._dir = Some(dir);
        t
    }

    /// The interface on `db` as `login`, in `lang`.
    pub fn on(db: &Path, login: &str, size: (u16, u16), lang: Lang) -> T {
        let app = session(db, login, lang);
        let loaded = zhiban::app::student_list::load(&app).unwrap();
        let mut s = bench_shell(app, size);
        s.loaded(Ok(loaded));
        T {
            _dir: None,
            db: db.to_path_buf(),
            s,
        }
    }

    pub fn key(&mut self, c: KeyCode) {
        self.s.on_key(KeyEvent::new(c, KeyModifiers::NONE));
    }

    pub fn ch(&mut self, c: char) {
        self.key(KeyCode::Char(c));
    }

    pub fn ctrl(&mut self, c: char) {
        self.s
            .on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }

    pub fn typed(&mut self, text: &str) {
        for c in text.chars() {
            self.ch(c);
        }
    }

    pub fn tab(&mut self, n: usize) {
        for _ in 0..n {
            self.key(KeyCode::Tab);
        }
    }

    pub fn esc(&mut self) {
        self.key(KeyCode::Esc);
    }

    pub fn enter(&mut self) {
        self.key(KeyCode::Enter);
    }

    pub fn paste(&mut self, text: &str) {
        self.s.on_paste(text);
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.s.on_resize(w, h);
    }

    /// The screen drawn, as text (a wide glyph once), and the terminal.
    pub fn draw(&self) -> (String, Terminal<TestBackend>) {
        let (w, h) = self.s.size;
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| self.s.draw(f)).unwrap();
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

    pub fn screen(&self) -> String {
        self.draw().0
    }

    /// The hint bar (the last line).
    pub fn hints(&self) -> String {
        self.screen().lines().last().unwrap_or("").to_string()
    }

    /// The flash line (above the hint bar).
    pub fn flash(&self) -> String {
        let s = self.screen();
        let lines: Vec<&str> = s.lines().collect();
        lines
            .get(lines.len().saturating_sub(2))
            .unwrap_or(&"")
            .to_string()
    }

    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).unwrap()
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.sql().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// The drafts the shell would keep now (slot, payload), from every screen.
    pub fn drafts(&self) -> Vec<(String, String)> {
        self.s.live_drafts()
    }
}

/// Panics with the screen unless it shows every needle.
#[track_caller]
pub fn shows(s: &str, needles: &[&str]) {
    for n in needles {
        assert!(s.contains(n), "{n:?} not on screen:\n{s}");
    }
}

/// Room checks saved since the demo was made (it has a history of its own).
pub fn room_checks(db: &Path) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(
        "SELECT count(*) FROM room_checks WHERE saved_at > '2026-11-22T14:30:00Z'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}
