//! A form drawn as a popup over its screen: a label column (`>` marks the
//! field with the keyboard), each field's value, the student picker's
//! matches under it, and what to fix at the foot. Taller than the terminal,
//! it scrolls to keep the focused field in view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;
use zhiban::config::Catalog;
use zhiban::domain::text::safe_line;

use super::{FieldKind, Form};
use crate::tui::ui::{bold, clip_str, draw_input, popup, selected, wrap_lines};

/// Rows a field takes on screen.
fn rows_of(form: &Form, i: usize) -> u16 {
    let focused = i == form.focus;
    match &form.fields[i].kind {
        FieldKind::Text { rows, .. } => *rows,
        FieldKind::Students(p) => {
            1 + u16::from(!p.chosen.is_empty()) + if focused { p.matches.len() as u16 } else { 0 }
        }
        _ => 1,
    }
}

/// The rows the form asks for, borders and what to fix included (it
/// scrolls within fewer).
pub fn wanted_height(form: &Form) -> u16 {
    let body: u16 = (0..form.fields.len()).map(|i| rows_of(form, i)).sum();
    body + if form.problem.is_some() { 2 } else { 0 } + 2
}

/// Draws `form` over `area`; the real cursor goes to the focused input
/// when `focused` (the form has the keyboard).
pub fn draw_form(f: &mut Frame<'_>, area: Rect, form: &Form, _cat: &Catalog, focused: bool) {
    let heights: Vec<u16> = (0..form.fields.len()).map(|i| rows_of(form, i)).collect();
    let body: u16 = heights.iter().sum();
    let problem_rows: u16 = if form.problem.is_some() { 2 } else { 0 };
    let inner = popup(
        f,
        area,
        form.width,
        body + problem_rows + 2,
        safe_line(&form.title).into_owned(),
    );
    if inner.width < 4 || inner.height == 0 {
        return;
    }
    // a mark carries its label on its own row: the column is for the rest
    let lw = form
        .fields
        .iter()
        .filter(|x| !matches!(x.kind, FieldKind::Toggle(_)))
        .map(|x| x.label.width() as u16 + 2)
        .max()
        .unwrap_or(8)
        .min(inner.width / 3)
        .max(3);
    let foot = problem_rows.min(inner.height.saturating_sub(1));
    let room = inner.height - foot;
    // scroll: the focused field (and its matches) in view
    let before: u16 = heights[..form.focus.min(heights.len())].iter().sum();
    let here = heights.get(form.focus).copied().unwrap_or(1);
    let skip = (before + here).saturating_sub(room);
    let mut y: i32 = inner.y as i32 - skip as i32;
    let top = inner.y as i32;
    let bottom = (inner.y + room) as i32;
    let vx = inner.x + lw;
    let vw = inner.width.saturating_sub(lw);
    for (i, fd) in form.fields.iter().enumerate() {
        let h = heights[i] as i32;
        let focus = i == form.focus;
        if y + h <= top {
            y += h;
            continue;
        }
        if y >= bottom {
            break;
        }
        let first = y.max(top) as u16;
        let visible = ((y + h).min(bottom) - first as i32) as u16;
        if y >= top && !matches!(fd.kind, FieldKind::Toggle(_)) {
            let label = format!("{}{}", if focus { ">" } else { " " }, fd.label);
            f.render_widget(
                Paragraph::new(Span::styled(
                    label,
                    if focus { bold() } else { Style::default() },
                )),
                Rect::new(inner.x, first, lw, 1),
            );
        }
        let value = Rect::new(vx, first, vw, visible);
        match &fd.kind {
            FieldKind::Line(t) => {
                if y >= top {
                    draw_input(f, t, Rect::new(vx, first, vw, 1), focus && focused);
                }
            }
            FieldKind::Text { input, .. } => {
                if y >= top {
                    draw_input(f, input, value, focus && focused);
                }
            }
            FieldKind::Choice { options, at } => {
                if y >= top {
                    let v = options.get(*at).map(|o| o.1.as_str()).unwrap_or("");
                    let shown = if focus {
                        let typed = if form.ahead.is_empty() {
                            String::new()
                        } else {
                            format!("  {}…", safe_line(&form.ahead))
                        };
                        format!(
                            "< {} >  ({}/{}){typed}",
                            safe_line(v),
                            at + 1,
                            options.len()
                        )
                    } else {
                        safe_line(v).into_owned()
                    };
                    f.render_widget(
                        Paragraph::new(Span::styled(
                            clip_str(&shown, vw as usize),
                            if focus { selected() } else { Style::default() },
                        )),
                        Rect::new(vx, first, vw, 1),
                    );
                }
            }
            FieldKind::Toggle(on) => {
                if y >= top {
                    let text = format!(
                        "{}[{}] {}",
                        if focus { ">" } else { " " },
                        if *on { "x" } else { " " },
                        fd.label
                    );
                    f.render_widget(
                        Paragraph::new(Span::styled(
                            text,
                            if focus { bold() } else { Style::default() },
                        )),
                        Rect::new(inner.x, first, inner.width, 1),
                    );
                }
            }
            FieldKind::Students(p) => {
                let mut row = y;
                if row >= top && row < bottom {
                    draw_input(
                        f,
                        &p.query,
                        Rect::new(vx, row as u16, vw, 1),
                        focus && focused,
                    );
                }
                row += 1;
                if !p.chosen.is_empty() {
                    if row >= top && row < bottom {
                        let names: Vec<String> = p
                            .chosen
                            .iter()
                            .map(|s| format!("{} {}", safe_line(&s.name), safe_line(&s.no)))
                            .collect();
                        f.render_widget(
                            Paragraph::new(Span::styled(
                                clip_str(&names.join("、"), vw as usize),
                                bold(),
                            )),
                            Rect::new(vx, row as u16, vw, 1),
                        );
                    }
                    row += 1;
                }
                if focus {
                    for (k, m) in p.matches.iter().enumerate() {
                        if row >= top && row < bottom {
                            let here = k == p.pick;
                            f.render_widget(
                                Paragraph::new(Span::styled(
                                    format!(
                                        "{}{} {}",
                                        if here { "> " } else { "  " },
                                        safe_line(&m.name),
                                        safe_line(&m.no)
                                    ),
                                    if here { selected() } else { Style::default() },
                                )),
                                Rect::new(vx, row as u16, vw, 1),
                            );
                        }
                        row += 1;
                    }
                }
            }
        }
        y += h;
    }
    if let Some(p) = &form.problem {
        if foot > 0 {
            let r = Rect::new(inner.x, inner.y + room, inner.width, foot);
            f.render_widget(
                Paragraph::new(wrap_lines(
                    vec![Line::from(Span::styled(safe_line(p).into_owned(), bold()))],
                    r.width,
                )),
                r,
            );
        }
    }
}
