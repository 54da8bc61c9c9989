//! Popups: clamped to the frame (any terminal size) and padded by a cell so
//! that a wide glyph behind one cannot bleed into its edge.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear};

/// A centred rectangle of at most `w` x `h`, inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clears a popup area one cell wider on each side (within `frame`).
pub fn clear_padded(f: &mut Frame<'_>, r: Rect, frame: Rect) {
    let x = r.x.saturating_sub(1).max(frame.x);
    let right = (r.x + r.width + 1).min(frame.x + frame.width);
    f.render_widget(
        Clear,
        Rect {
            x,
            y: r.y,
            width: right.saturating_sub(x),
            height: r.height,
        },
    );
}

/// A bordered popup of at most `w` x `h`, centred in `area` and padded;
/// returns the inside to draw in.
pub fn popup(f: &mut Frame<'_>, area: Rect, w: u16, h: u16, title: String) -> Rect {
    let r = centered(area, w, h);
    clear_padded(f, r, area);
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(r);
    f.render_widget(block, r);
    inner
}
