//! The interface's own shell in process (no terminal between): a search
//! keystroke to its redraw over the whole directory, and a crisis case
//! opened to its first step on screen.

use std::path::Path;
use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::report::{Measure, Run, Unit};
use super::session;
use crate::tui::bench_shell;
use zhiban::app;
use zhiban::error::Result;

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

pub fn measure(db: &Path, n: usize, run: &mut Run, why: &dyn Fn(&zhiban::error::Error) -> String) {
    run.push(match search(db) {
        Ok(m) => m,
        Err(e) => Measure::failed("search_in_process", Unit::Ms, why(&e)),
    });
    run.push(match crisis_open(db, n) {
        Ok(m) => m,
        Err(e) => Measure::failed("crisis_open", Unit::Ms, why(&e)),
    });
}

fn search(db: &Path) -> Result<Measure> {
    let mut shell = bench_shell(session(db, "lina")?, (80, 24));
    let (list, index) = app::student_list::load(&shell.app)?;
    shell.loaded(Ok((list, index)));
    let mut term = Terminal::new(TestBackend::new(80, 24))?;
    shell.on_key(key(KeyCode::Char('6')));
    shell.on_key(key(KeyCode::Char('/')));
    let mut times = Vec::new();
    for query in ["zhangwei", "zengm", "2023", "3-512", "李"] {
        for c in query
            .chars()
            .map(KeyCode::Char)
            .chain(query.chars().map(|_| KeyCode::Backspace))
        {
            let t = Instant::now();
            shell.on_key(key(c));
            term.draw(|f| shell.draw(f))?;
            times.push(t.elapsed());
        }
    }
    Ok(Measure::times("search_in_process", &times))
}

fn crisis_open(db: &Path, n: usize) -> Result<Measure> {
    let mut shell = bench_shell(session(db, "lina")?, (80, 24));
    let mut term = Terminal::new(TestBackend::new(80, 24))?;
    let no = app::students::list(&shell.app)?
        .into_iter()
        .find(|v| v.relation == app::policy::Relation::Own)
        .map(|v| v.student_no)
        .unwrap_or_default();
    let mut times = Vec::new();
    for _ in 0..n {
        let t = Instant::now();
        let id = app::crisis::open_case(
            &mut shell.app,
            &app::crisis::OpenInput {
                kind: "psych".into(),
                students: vec![no.clone()],
                location: Some("bench".into()),
                known: Some("bench".into()),
                ..Default::default()
            },
        )?;
        shell.open_case(id);
        term.draw(|f| shell.draw(f))?;
        times.push(t.elapsed());
    }
    Ok(Measure::times("crisis_open", &times))
}
