//! A list with a current row: marked `> ` and reversed (visible without
//! colour), kept in view. A row wider than the list ends in "…".

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::clip::clip_line;
use super::{bold, selected};

/// Draws `rows` under some heading lines; `strong` rows are bold. `cursor`
/// `None`: no row is current (a text field has the keyboard).
pub fn cursor_list(
    f: &mut Frame<'_>,
    area: Rect,
    head: Vec<Line<'static>>,
    rows: Vec<(String, bool)>,
    cursor: Option<usize>,
) {
    let room = (area.height as usize).saturating_sub(head.len()).max(1);
    let first = cursor.map_or(0, |c| c.saturating_sub(room - 1));
    let mut lines: Vec<Line> = head.into_iter().map(|l| clip_line(l, area.width)).collect();
    for (i, (r, strong)) in rows.into_iter().enumerate().skip(first).take(room) {
        let here = Some(i) == cursor;
        let style = if here {
            selected()
        } else if strong {
            bold()
        } else {
            Style::default()
        };
        lines.push(clip_line(
            Line::from(Span::styled(
                format!("{}{r}", if here { "> " } else { "  " }),
                style,
            )),
            area.width,
        ));
    }
    f.render_widget(Paragraph::new(lines), area);
}
