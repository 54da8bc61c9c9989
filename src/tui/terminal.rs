//! The terminal: raw mode, alternate screen and bracketed paste on; all of
//! it undone on exit, on panic, and on SIGTERM. After SIGHUP the terminal
//! is gone: the draft is saved and the process exits without writing to it.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use super::model::DraftSink;
use crate::error::Result;

pub type Term = Terminal<CrosstermBackend<io::Stdout>>;

static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back as the shell expects it. Safe to call twice.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut out = io::stdout();
        let _ = execute!(out, DisableBracketedPaste, LeaveAlternateScreen, Show);
        let _ = disable_raw_mode();
        let _ = out.flush();
    }
}

pub fn enter() -> Result<Term> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    if let Err(e) = execute!(out, EnterAlternateScreen, EnableBracketedPaste) {
        restore();
        return Err(e.into());
    }
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        prev(info);
    }));
    // Terminal::new does not query the cursor position (a bare pty never answers).
    Ok(Terminal::new(CrosstermBackend::new(io::stdout()))?)
}

/// What the signal thread needs to save a draft on its own connection.
/// The staff member is known only after sign-in (0 until then).
pub struct Saver {
    pub db: PathBuf,
    pub staff_id: Arc<AtomicI64>,
    pub draft: DraftSink,
}

impl Saver {
    fn save(&self) {
        let staff_id = self.staff_id.load(Ordering::SeqCst);
        if staff_id == 0 {
            return;
        }
        let Ok(drafts) = self.draft.lock().map(|d| d.clone()) else {
            return;
        };
        let at = crate::domain::clock::to_db(chrono::Utc::now());
        if let Ok(mut store) = crate::store::Store::open(&self.db) {
            let _ = store.write_draft(|tx| {
                for (form, payload) in &drafts {
                    if let Some(p) = payload {
                        crate::store::drafts::save(tx, staff_id, form, p, &at)?;
                    }
                }
                Ok(())
            });
        }
    }
}

/// SIGTERM or SIGINT: save the draft, restore the terminal, exit 128+n.
/// SIGHUP: save the draft and exit 129 without touching the terminal.
pub fn watch_signals(saver: Saver) -> Result<()> {
    let mut signals = Signals::new([SIGTERM, SIGINT, SIGHUP])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                saver.save();
                if sig != SIGHUP {
                    restore();
                    std::process::exit(128 + sig);
                }
                ACTIVE.store(false, Ordering::SeqCst);
                std::process::exit(129);
            }
        })?;
    Ok(())
}
