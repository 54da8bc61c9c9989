//! The terminal backend: ratatui's crossterm backend with fewer bytes per
//! frame (issue 16: a typed character or a selection move goes over SSH, to
//! a phone). Ratatui already sends only the cells that changed; this sends
//! them more briefly:
//! - no cursor move where the terminal's cursor already is: after the cell
//!   before, after a wide (CJK) character, at the text cursor left by the
//!   frame before (typing writes the character where the cursor stands);
//! - a move along the row as `ESC[nC`/`ESC[nD`, a move to the first column
//!   as `ESC[rowH`, whichever is shortest;
//! - a style change as one `ESC[…m`, and the frame's end as one `ESC[0m`
//!   (nothing when the style is plain already);
//! - the whole frame written at once (one write, not one per kilobyte).
//!
//! Where the cursor stands is forgotten whenever it may not be known (a
//! clear, a cell at the right edge, a character whose width terminals
//! disagree on): the next cell then moves there in full.

use std::cell::Cell as Slot;
use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

pub struct Lean<W: Write> {
    inner: CrosstermBackend<W>,
    /// Where the terminal's cursor is, when known for sure.
    at: Option<(u16, u16)>,
    /// The terminal's width as last asked (a cell at the edge leaves the
    /// cursor waiting to wrap: its place is then not known).
    cols: Slot<u16>,
    /// Bytes of the frame being drawn.
    buf: Vec<u8>,
    /// A size that is not asked of the terminal (tests).
    fixed: Option<Size>,
}

impl<W: Write> Lean<W> {
    pub fn new(out: W) -> Lean<W> {
        Lean {
            inner: CrosstermBackend::new(out),
            at: None,
            cols: Slot::new(u16::MAX),
            buf: Vec::with_capacity(16 * 1024),
            fixed: None,
        }
    }

    /// A backend of a fixed size (tests: no terminal to ask).
    #[cfg(test)]
    pub fn sized(out: W, width: u16, height: u16) -> Lean<W> {
        let mut l = Lean::new(out);
        l.fixed = Some(Size { width, height });
        l
    }

    /// Something was written behind the backend's back: where the cursor
    /// is is no longer known.
    pub fn forget(&mut self) {
        self.at = None;
    }

    /// Sends what is queued.
    fn send(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.inner.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
}

/// The cursor's move from `from` to `to`, as briefly as it can be said.
pub fn move_bytes(from: Option<(u16, u16)>, to: (u16, u16), out: &mut Vec<u8>) {
    let (x, y) = to;
    if from == Some(to) {
        return;
    }
    let full = if x == 0 {
        format!("\x1b[{}H", y + 1)
    } else {
        format!("\x1b[{};{}H", y + 1, x + 1)
    };
    let along = match from {
        Some((fx, fy)) if fy == y && x > fx => Some(count("C", x - fx)),
        Some((fx, fy)) if fy == y && x < fx => Some(count("D", fx - x)),
        _ => None,
    };
    let best = match along {
        Some(a) if a.len() < full.len() => a,
        _ => full,
    };
    out.extend_from_slice(best.as_bytes());
}

fn count(letter: &str, n: u16) -> String {
    if n == 1 {
        format!("\x1b[{letter}")
    } else {
        format!("\x1b[{n}{letter}")
    }
}

/// The style of a cell as the terminal holds it.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

const PLAIN: Pen = Pen {
    fg: Color::Reset,
    bg: Color::Reset,
    modifier: Modifier::empty(),
};

const MODS: [(Modifier, &str); 9] = [
    (Modifier::BOLD, "1"),
    (Modifier::DIM, "2"),
    (Modifier::ITALIC, "3"),
    (Modifier::UNDERLINED, "4"),
    (Modifier::SLOW_BLINK, "5"),
    (Modifier::RAPID_BLINK, "6"),
    (Modifier::REVERSED, "7"),
    (Modifier::HIDDEN, "8"),
    (Modifier::CROSSED_OUT, "9"),
];

/// The SGR parameters of colour `c` (`base` 30 for the foreground, 40 for
/// the background).
fn colour(c: Color, base: u8) -> String {
    let named = |n: u8| (base + n).to_string();
    let bright = |n: u8| (base + 60 + n).to_string();
    match c {
        Color::Reset => named(9),
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => bright(0),
        Color::LightRed => bright(1),
        Color::LightGreen => bright(2),
        Color::LightYellow => bright(3),
        Color::LightBlue => bright(4),
        Color::LightMagenta => bright(5),
        Color::LightCyan => bright(6),
        Color::White => bright(7),
        Color::Indexed(i) => format!("{};5;{i}", base + 8),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
    }
}

/// The one SGR sequence that turns pen `from` into `to`.
fn pen_bytes(from: Pen, to: Pen, out: &mut Vec<u8>) {
    if from == to {
        return;
    }
    let mut parts: Vec<String> = Vec::new();
    let removed = from.modifier - to.modifier;
    let (base, adds) = if to == PLAIN || !removed.is_empty() {
        // from nothing: every attribute and colour of `to`
        parts.push("0".into());
        (PLAIN, to.modifier)
    } else {
        (from, to.modifier - from.modifier)
    };
    for (m, code) in MODS {
        if adds.contains(m) {
            parts.push(code.into());
        }
    }
    if to.fg != base.fg {
        parts.push(colour(to.fg, 30));
    }
    if to.bg != base.bg {
        parts.push(colour(to.bg, 40));
    }
    if parts == ["0"] {
        out.extend_from_slice(b"\x1b[0m");
        return;
    }
    if parts.first().is_some_and(|p| p == "0") && parts.len() > 1 {
        // ESC[0;1m says the same as ESC[;1m
        parts[0].clear();
    }
    out.extend_from_slice(format!("\x1b[{}m", parts.join(";")).as_bytes());
}

/// How far the terminal's cursor goes after `symbol`, when every terminal
/// agrees: one column, or two for a CJK character (East Asian Wide, not
/// an emoji nor an ambiguous one); `None` when it may not.
fn advance(symbol: &str) -> Option<u16> {
    let mut chars = symbol.chars();
    let first = chars.next()?;
    if symbol.is_ascii() {
        return (symbol.len() == 1 && !first.is_ascii_control()).then_some(1);
    }
    match symbol.width() {
        1 => Some(1),
        2 if chars.next().is_none() && cjk(first) => Some(2),
        _ => None,
    }
}

fn cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

impl<W: Write> Backend for Lean<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut pen = PLAIN;
        let cols = self.cols.get();
        for (x, y, cell) in content {
            move_bytes(self.at, (x, y), &mut self.buf);
            let want = Pen {
                fg: cell.fg,
                bg: cell.bg,
                modifier: cell.modifier,
            };
            pen_bytes(pen, want, &mut self.buf);
            pen = want;
            let symbol = cell.symbol();
            self.buf.extend_from_slice(symbol.as_bytes());
            self.at = advance(symbol)
                .map(|w| x.saturating_add(w))
                .filter(|nx| *nx < cols)
                .map(|nx| (nx, y));
        }
        pen_bytes(pen, PLAIN, &mut self.buf);
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.buf.extend_from_slice(b"\x1b[?25l");
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.buf.extend_from_slice(b"\x1b[?25h");
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.send()?;
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let Position { x, y } = position.into();
        // ratatui ends a frame with the text cursor's place: always said,
        // so that a frame's end can be told (`zhiban bench` does)
        let mut full = Vec::new();
        move_bytes(None, (x, y), &mut full);
        self.buf.extend_from_slice(&full);
        self.at = Some((x, y));
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.send()?;
        self.at = None;
        self.inner.clear_region(clear_type)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.send()?;
        self.at = None;
        self.inner.append_lines(n)
    }

    fn size(&self) -> io::Result<Size> {
        let s = match self.fixed {
            Some(s) => s,
            None => self.inner.size()?,
        };
        self.cols.set(s.width);
        Ok(s)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()?;
        Backend::flush(&mut self.inner)
    }
}

impl<W: Write> Drop for Lean<W> {
    fn drop(&mut self) {
        if self.send().is_ok() {
            let _ = Write::flush(&mut self.inner);
        }
    }
}

#[cfg(test)]
#[path = "lean_tests.rs"]
mod tests;
