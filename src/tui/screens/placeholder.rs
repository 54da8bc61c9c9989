//! Screens not built yet say what they will hold.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::model::{Model, ScreenId};
use crate::tui::wrap::wrap_lines;

pub fn draw(f: &mut Frame<'_>, m: &Model, screen: ScreenId, area: Rect) {
    let key = match screen {
        ScreenId::Talks => "placeholder.talks",
        _ => "placeholder.crisis",
    };
    let title = m
        .app
        .assets
        .text
        .f("placeholder.title", &[("name", m.t(screen.i18n()))]);
    let lines = vec![
        Line::from(Span::styled(
            title,
            Style::default().add_modifier(Modifier::BOLD),
        )),
        Line::from(""),
        Line::from(m.t(key).to_string()),
        Line::from(""),
        Line::from(m.t("placeholder.hint").to_string()),
    ];
    f.render_widget(Paragraph::new(wrap_lines(lines, area.width)), area);
}
