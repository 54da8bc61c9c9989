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
//! - the blank end of a row (a preview replaced by a shorter one, a
//!   pane emptied) as one `ESC[K`, not a space per cell: the backend keeps
//!   the frame ratatui holds (its diff gives the cells that changed), so it
//!   knows where each row's text ends;
//! - the whole frame written at once (one write, not one per kilobyte);
//! - the terminal's size asked of standard output by one `ioctl` (no
//!   `/dev/tty` opened and closed for every frame; asked each frame all
//!   the same, so that a resize whose event comes late or is lost — a
//!   SIGWINCH before the input thread listens — never leaves frames drawn
//!   at the old size, which scroll the screen).
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
    /// The terminal's size as last known (asked for each frame by one
    /// `ioctl` on standard output, not by opening `/dev/tty`: a resize
    /// whose event is lost or late still gives the right size).
    fixed: Slot<Option<Size>>,
    /// The size is not asked (tests: no terminal to ask).
    pinned: bool,
    /// The frame as ratatui holds it (row by row, `shadow_w` wide), when
    /// known: where a row's text ends.
    shadow: Option<Vec<Cell>>,
    shadow_w: u16,
    /// A frame has been drawn.
    drawn: bool,
}

impl<W: Write> Lean<W> {
    pub fn new(out: W) -> Lean<W> {
        Lean {
            inner: CrosstermBackend::new(out),
            at: None,
            cols: Slot::new(u16::MAX),
            buf: Vec::with_capacity(16 * 1024),
            fixed: Slot::new(None),
            pinned: false,
            shadow: None,
            shadow_w: 0,
            drawn: false,
        }
    }

    /// A pinned backend resized (tests; a real terminal's size is asked
    /// for each frame).
    #[cfg(test)]
    pub fn resized(&mut self, width: u16, height: u16) {
        self.fixed.set(Some(Size { width, height }));
    }

    /// A backend of a fixed size (tests: no terminal to ask).
    #[cfg(test)]
    pub fn sized(out: W, width: u16, height: u16) -> Lean<W> {
        let mut l = Lean::new(out);
        l.fixed.set(Some(Size { width, height }));
        l.pinned = true;
        l
    }

    /// Something was written behind the backend's back: where the cursor
    /// is is no longer known.
    pub fn forget(&mut self) {
        self.at = None;
    }

    /// The screen as blank as ratatui's first frame assumes it.
    fn blank_shadow(&mut self, size: Size) {
        let n = size.width as usize * size.height as usize;
        self.shadow = Some(vec![Cell::EMPTY; n]);
        self.shadow_w = size.width;
    }

    /// Takes a row's changed cells into the kept frame; the column from
    /// which the row is blank to its end, when known.
    fn apply_row(&mut self, row: &[(u16, u16, &Cell)]) -> Option<u16> {
        let w = self.shadow_w as usize;
        let shadow = self.shadow.as_mut()?;
        let y = row.first()?.1 as usize;
        let line = shadow.get_mut(y * w..(y + 1) * w)?;
        for (x, _, cell) in row {
            match line.get_mut(*x as usize) {
                Some(c) => *c = (*cell).clone(),
                None => {
                    self.shadow = None;
                    return None;
                }
            }
        }
        let mut end = 0usize;
        for (x, c) in line.iter().enumerate() {
            if !blank(c) {
                end = end.max(x + c.symbol().width().max(1));
            }
        }
        u16::try_from(end).ok()
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

/// The size of the terminal on standard output: one `ioctl`, no file
/// opened (`None` when standard output is not a terminal).
fn stdout_size() -> Option<Size> {
    use nix::libc;
    let mut ws = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ only writes a `winsize` into `ws`, which lives
    // for the call; an fd that is not a terminal makes it fail, nothing else
    let r = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) };
    (r == 0 && ws.ws_col > 0 && ws.ws_row > 0).then_some(Size {
        width: ws.ws_col,
        height: ws.ws_row,
    })
}

/// How many blank cells at a row's end are said as one erase.
const ERASE_FROM: usize = 4;

/// A cell that shows as the terminal's erased cell.
fn blank(c: &Cell) -> bool {
    c.symbol() == " "
        && c.bg == Color::Reset
        && c.modifier.is_empty()
        && c.diff_option == ratatui::buffer::CellDiffOption::None
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
        if !self.drawn {
            // the first frame: the screen is as blank as ratatui assumes
            self.drawn = true;
            if let Some(size) = self.fixed.get() {
                self.blank_shadow(size);
            }
        }
        let cells: Vec<(u16, u16, &Cell)> = content.collect();
        let mut i = 0;
        while i < cells.len() {
            let y = cells[i].1;
            let row_end = i + cells[i..].iter().take_while(|c| c.1 == y).count();
            let row = &cells[i..row_end];
            // where the row's text ends in the new frame: past it, the
            // changed cells are blanks, said as one erase when there are some
            let blank_from = self.apply_row(row);
            let erased = blank_from
                .map(|b| row.iter().filter(|c| c.0 >= b).count())
                .filter(|n| *n >= ERASE_FROM)
                .and(blank_from);
            for &(x, y, cell) in row {
                if let Some(b) = erased {
                    if x >= b {
                        move_bytes(self.at, (x, y), &mut self.buf);
                        pen_bytes(pen, PLAIN, &mut self.buf);
                        pen = PLAIN;
                        self.buf.extend_from_slice(b"\x1b[K");
                        self.at = Some((x, y));
                        break;
                    }
                }
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
            i = row_end;
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
        // ratatui clears the whole screen when its buffers start afresh;
        // anything else: where rows end is no longer known
        self.shadow = None;
        if clear_type == ClearType::All {
            if let Some(size) = self.fixed.get() {
                self.blank_shadow(size);
            }
        }
        self.inner.clear_region(clear_type)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.send()?;
        self.at = None;
        self.shadow = None;
        self.inner.append_lines(n)
    }

    fn size(&self) -> io::Result<Size> {
        let s = match (self.pinned, self.fixed.get()) {
            (true, Some(s)) => s,
            _ => {
                let s = match stdout_size() {
                    Some(s) => s,
                    None => self.inner.size()?,
                };
                self.fixed.set(Some(s));
                s
            }
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
