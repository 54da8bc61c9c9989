//! Text inputs: a `TextArea` set up the same way everywhere, and drawn so
//! that the terminal's real cursor sits where the text cursor is (an input
//! method anchors its candidate window there).

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui_textarea::TextArea;

/// An empty input (no highlighted cursor line).
/// A key typed into a text input, as every input of the interface takes
/// it: the textarea's editing keys, except Ctrl-U, which clears to the
/// start of the line as in a shell (the search clears with it too) rather
/// than undo, and Ctrl-Z, which undoes. True if the text changed.
pub fn type_key(t: &mut TextArea<'static>, ev: KeyEvent) -> bool {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    match ev.code {
        KeyCode::Char('u') if ctrl => t.delete_line_by_head(),
        KeyCode::Char('z') if ctrl => t.undo(),
        _ => t.input(ev),
    }
}

pub fn text_area() -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_cursor_line_style(Style::default());
    t
}

/// An input holding `text`, with a placeholder shown while it is empty.
pub fn one_line(text: &str, placeholder: &str) -> TextArea<'static> {
    let mut t = text_area();
    if !placeholder.is_empty() {
        t.set_placeholder_text(placeholder.to_string());
    }
    t.insert_str(text);
    t
}

/// What an input holds, lines joined by newlines.
pub fn text_of(t: &TextArea<'_>) -> String {
    t.lines().join("\n")
}

/// Draws an input and, when it has the keyboard, puts the terminal's cursor
/// where its text cursor is.
pub fn draw_input(f: &mut Frame<'_>, ta: &TextArea<'_>, area: Rect, focused: bool) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    f.render_widget(ta, area);
    if focused {
        if let Some(p) = cursor_in(ta, area) {
            f.set_cursor_position(p);
        }
    }
}

/// Where the text cursor of `ta` is on the screen when drawn in `area`.
pub fn cursor_in(ta: &TextArea<'_>, area: Rect) -> Option<Position> {
    let sc = ta.screen_cursor();
    let (top, left) = ta.scroll_offset();
    let row = sc.row.checked_sub(top as usize)? as u16;
    let col = sc.col.checked_sub(left as usize)? as u16;
    if row >= area.height || col >= area.width {
        return None;
    }
    Some(Position {
        x: area.x + col,
        y: area.y + row,
    })
}
