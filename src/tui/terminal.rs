//! The terminal: raw mode, alternate screen and bracketed paste on; all of
//! it undone on exit, on panic, and on SIGTERM/SIGINT. After SIGHUP the
//! terminal is gone: the drafts are saved and the process exits without
//! writing to it.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use ratatui::Terminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use zhiban::app::App;
use zhiban::error::Result;

pub type Term = Terminal<super::lean::Lean<io::Stdout>>;

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
    Ok(Terminal::new(super::lean::Lean::new(io::stdout()))?)
}

/// The last pass over a frame before it reaches the terminal: a cell whose
/// text still holds a control or bidi character (a value a screen drew
/// without making it safe) is made safe with the program's one sanitiser
/// ([`zhiban::domain::text::safe`]). Ratatui drops control characters from
/// a string but appends zero-width graphemes (the bidi controls among them)
/// to the cell before: this catches those.
pub fn scrub(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        if let std::borrow::Cow::Owned(s) = zhiban::domain::text::safe(cell.symbol()) {
            cell.set_symbol(if s.is_empty() { " " } else { &s });
        }
    }
}

/// What each live draft holds now (slot → payload), kept by the shell as
/// it changes; the signal thread saves it when the session ends.
pub type Snapshot = Arc<Mutex<BTreeMap<String, String>>>;

/// What the signal thread needs to save the drafts: a session of its own
/// (none until someone has signed in) and the snapshot.
pub struct Saver {
    pub session: Arc<Mutex<Option<App>>>,
    pub drafts: Snapshot,
}

impl Saver {
    fn save(&self) {
        let Ok(drafts) = self.drafts.lock().map(|d| d.clone()) else {
            return;
        };
        let changes: Vec<(String, Option<String>)> =
            drafts.into_iter().map(|(k, v)| (k, Some(v))).collect();
        if changes.is_empty() {
            return;
        }
        if let Ok(mut slot) = self.session.lock() {
            if let Some(app) = slot.as_mut() {
                let _ = zhiban::app::drafts::store(app, &changes);
            }
        }
    }
}

/// SIGTERM or SIGINT: save the drafts, restore the terminal, exit 128+n.
/// SIGHUP: save the drafts and exit 129 without touching the terminal.
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

/// Says, on the bottom line, that a write is waiting for another session
/// (a long import holds the lock): drawn at once, outside the frame, while
/// the interface thread waits. [`take_wait_notice`] tells the event loop to
/// redraw everything afterwards.
pub fn show_wait_notice(text: &str) {
    bottom_line(Some(text));
    WAIT_SHOWN.store(true, Ordering::Relaxed);
}

/// Blanks the line the wait notice was drawn on.
pub fn clear_wait_notice() {
    bottom_line(None);
}

/// Writes `text` (cut to the width, in reverse video) on the bottom line,
/// or blanks it, leaving the cursor where it was.
fn bottom_line(text: Option<&str>) {
    use ratatui::crossterm::{cursor, style, terminal};
    let (w, h) = terminal::size().unwrap_or((80, 24));
    let mut line = String::new();
    let mut used = 0;
    for c in text.unwrap_or("").chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw > w as usize {
            break;
        }
        used += cw;
        line.push(c);
    }
    let mut out = io::stdout();
    let _ = ratatui::crossterm::queue!(
        out,
        cursor::SavePosition,
        cursor::MoveTo(0, h.saturating_sub(1)),
        terminal::Clear(terminal::ClearType::CurrentLine),
        style::SetAttribute(style::Attribute::Reverse),
        style::Print(line),
        style::SetAttribute(style::Attribute::Reset),
        cursor::RestorePosition
    );
    let _ = out.flush();
}

static WAIT_SHOWN: AtomicBool = AtomicBool::new(false);

/// Was a wait notice drawn since last asked (the frame must be redrawn whole)?
pub fn take_wait_notice() -> bool {
    WAIT_SHOWN.swap(false, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::text::Line;
    use ratatui::widgets::Widget;

    /// A line (a list item, a table cell) keeps a bidi control, of zero
    /// width, in the cell before it; the last pass takes it out and leaves
    /// the text.
    #[test]
    fn a_frame_reaches_the_terminal_without_bidi_controls() {
        let area = Rect::new(0, 0, 12, 1);
        let mut buf = Buffer::empty(area);
        Line::from("张\u{202e}三\u{2066}ab\u{200f}").render(area, &mut buf);
        let has_bidi = |b: &Buffer| {
            b.content
                .iter()
                .any(|c| c.symbol().contains(['\u{202e}', '\u{2066}', '\u{200f}']))
        };
        assert!(
            has_bidi(&buf),
            "ratatui kept them: the test means something"
        );
        super::scrub(&mut buf);
        assert!(!has_bidi(&buf));
        let shown: String = buf.content.iter().map(|c| c.symbol()).collect();
        // the wide characters are followed by the cells they cover
        assert!(shown.starts_with("张 三 ab"), "{shown:?}");
    }
}
