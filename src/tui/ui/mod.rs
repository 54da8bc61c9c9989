//! Drawing pieces every screen uses: styles that show without colour,
//! wrapping by cells, popups, text inputs with the real cursor, lists.

pub mod clip;
pub mod input;
pub mod list;
pub mod popup;
pub mod wrap;

use ratatui::style::{Modifier, Style};
use zhiban::app::App;

pub use clip::clip_str;
pub use input::{draw_input, one_line, text_area, text_of, type_key};
pub use list::{cursor_list, whole_list};
pub use popup::{centered, clear_padded, popup};
pub use wrap::wrap_lines;

/// Selection and focus are marked with modifiers, so they show with NO_COLOR.
pub fn selected() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}

pub fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

/// A stored time (RFC 3339, UTC) in school-local time, as `fmt` writes it;
/// empty if it is not a time.
pub fn local_time(app: &App, t: &str, fmt: &str) -> String {
    let tz = zhiban::domain::clock::school_tz(app.assets().calendar.utc_offset_hours);
    zhiban::domain::clock::from_db(t)
        .map(|x| x.with_timezone(&tz).format(fmt).to_string())
        .unwrap_or_default()
}

/// A time in school-local time, as `fmt` writes it.
pub fn local(app: &App, t: chrono::DateTime<chrono::Utc>, fmt: &str) -> String {
    let tz = zhiban::domain::clock::school_tz(app.assets().calendar.utc_offset_hours);
    t.with_timezone(&tz).format(fmt).to_string()
}
