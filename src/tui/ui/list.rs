//! A list with a current row: marked `> ` and reversed (visible without
//! colour), kept in view. A row wider than the list ends in "…", except
//! the current one, which is shown whole (wrapped under its mark) so that
//! what Enter opens can always be read, on a phone too.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::clip::clip_line;
use super::wrap::wrap_str;
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
    // the current row whole, at most the list's height
    let current: Vec<String> = cursor
        .and_then(|c| rows.get(c))
        .map(|(r, _)| {
            let mut w = wrap_str(r, (area.width as usize).saturating_sub(2).max(1));
            w.truncate(room);
            w
        })
        .unwrap_or_default();
    // from the first row that lets the current one be seen whole
    let first = cursor.map_or(0, |c| {
        let mut used = current.len().max(1);
        let mut first = c;
        while first > 0 && used < room {
            first -= 1;
            used += 1;
        }
        first
    });
    let mut lines: Vec<Line> = head.into_iter().map(|l| clip_line(l, area.width)).collect();
    let mut used = 0;
    for (i, (r, strong)) in rows.into_iter().enumerate().skip(first) {
        if used >= room {
            break;
        }
        let here = Some(i) == cursor;
        let style = if here {
            selected()
        } else if strong {
            bold()
        } else {
            Style::default()
        };
        if here && current.len() > 1 {
            for (k, part) in current.iter().enumerate() {
                let mark = if k == 0 { "> " } else { "  " };
                lines.push(clip_line(
                    Line::from(Span::styled(format!("{mark}{part}"), style)),
                    area.width,
                ));
                used += 1;
            }
            continue;
        }
        lines.push(clip_line(
            Line::from(Span::styled(
                format!("{}{r}", if here { "> " } else { "  " }),
                style,
            )),
            area.width,
        ));
        used += 1;
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// Like [`cursor_list`], but every row is shown whole, wrapped under its
/// mark (a row may hold `\n` to say where its second line starts): for
/// short lists whose every row must be read on a phone (the 值班表).
pub fn whole_list(
    f: &mut Frame<'_>,
    area: Rect,
    head: Vec<Line<'static>>,
    rows: Vec<(String, bool)>,
    cursor: Option<usize>,
) {
    let room = (area.height as usize).saturating_sub(head.len()).max(1);
    let width = (area.width as usize).saturating_sub(4).max(1);
    let mut body: Vec<Line> = Vec::new();
    let mut span = (0, 0);
    for (i, (r, strong)) in rows.into_iter().enumerate() {
        let here = Some(i) == cursor;
        let style = if here {
            selected()
        } else if strong {
            bold()
        } else {
            Style::default()
        };
        let start = body.len();
        for (k, part) in wrap_str(&r, width).into_iter().enumerate() {
            // a second line indented under the first's text
            let mark = match (k, here) {
                (0, true) => "> ",
                (0, false) => "  ",
                _ => "    ",
            };
            body.push(clip_line(
                Line::from(Span::styled(format!("{mark}{part}"), style)),
                area.width,
            ));
        }
        if here {
            span = (start, body.len());
        }
    }
    // the current row in view, whole when it fits
    let skip = if span.1 > room {
        span.0.min(span.1 - room.min(span.1 - span.0))
    } else {
        0
    };
    let mut lines: Vec<Line> = head.into_iter().map(|l| clip_line(l, area.width)).collect();
    lines.extend(body.into_iter().skip(skip).take(room));
    f.render_widget(Paragraph::new(lines), area);
}
