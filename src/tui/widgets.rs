//! Shared pieces drawn over the screens: help, confirmations, the flag
//! editor. Every popup is clamped to the frame and padded by a cell so a
//! wide glyph behind it cannot bleed into its edge.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::flags::FlagEditor;
use super::model::{Confirm, Model, Overlay};
use super::view::{draw_input, selected};
use super::wrap::wrap_lines;
use zhiban::domain::student::FlagKind;
use zhiban::domain::text::safe_line;

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

/// Clears a popup area one cell wider on each side (within the frame).
fn clear_padded(f: &mut Frame<'_>, r: Rect, frame: Rect) {
    let x = r.x.saturating_sub(1).max(frame.x);
    let right = (r.x + r.width + 1).min(frame.x + frame.width);
    f.render_widget(
        Clear,
        Rect {
            x,
            y: r.y,
            width: right - x,
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

pub fn draw_overlays(f: &mut Frame<'_>, m: &Model, area: Rect) {
    for o in &m.overlays {
        match o {
            Overlay::Help => draw_help(f, m, area),
            Overlay::Confirm(c) => draw_confirm(f, m, c, area),
            Overlay::Flags(ed) => draw_flags(f, m, ed, area),
        }
    }
}

fn draw_help(f: &mut Frame<'_>, m: &Model, area: Rect) {
    // the help of the context under the overlay
    let under = m.context_below_help().tables();
    let mut lines = Vec::new();
    let mut seen: Vec<(String, &str)> = Vec::new();
    for bd in under.iter().flat_map(|t| t.iter()) {
        let keys: Vec<String> = bd.keys.iter().map(|k| k.label()).collect();
        let keys = keys.join(" ");
        if seen.iter().any(|(k, l)| *k == keys && *l == bd.label) {
            continue;
        }
        seen.push((keys.clone(), bd.label));
        lines.push(Line::from(vec![
            Span::styled(
                format!("{keys:<12}"),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::raw(m.t(bd.label).to_string()),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(m.t("help.footer").to_string()));
    let title = m
        .app
        .assets()
        .text
        .f("help.title", &[("screen", m.t(m.screen.i18n()))]);
    let r = centered(area, 50, lines.len() as u16 + 2);
    clear_padded(f, r, area);
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        r,
    );
}

fn draw_confirm(f: &mut Frame<'_>, m: &Model, c: &Confirm, area: Rect) {
    let tx = &m.app.assets().text;
    let text = match c {
        Confirm::Quit => tx.t("confirm.quit_unsaved").to_string(),
        Confirm::ClearFlag { kind, .. } => {
            let name = m
                .students
                .detail
                .as_ref()
                .map(|d| safe_line(&d.detail.view.name).into_owned())
                .unwrap_or_default();
            tx.f(
                "flag.confirm_clear",
                &[("name", &name), ("kind", &tx.s(&kind.i18n_key()))],
            )
        }
        Confirm::ResumeDraft(d) => {
            let kind = FlagKind::from_code(&d.kind)
                .map(|k| tx.s(&k.i18n_key()))
                .unwrap_or_else(|| "?".into());
            let at = zhiban::domain::clock::from_db(&d.saved_at)
                .map(|t| {
                    t.with_timezone(&zhiban::domain::clock::school_tz(
                        m.app.assets().calendar.utc_offset_hours,
                    ))
                    .format("%m-%d %H:%M")
                    .to_string()
                })
                .unwrap_or_default();
            tx.f(
                "confirm.resume",
                &[
                    ("kind", &kind),
                    ("name", &safe_line(&d.student_name)),
                    ("at", &at),
                ],
            )
        }
    };
    let lines = vec![
        Line::from(text),
        Line::from(""),
        Line::from(vec![
            Span::styled("y", Style::default().add_modifier(Modifier::BOLD)),
            Span::raw(format!(" {}   ", tx.t("key.yes"))),
            Span::styled("n", Style::default().add_modifier(Modifier::BOLD)),
            Span::raw(format!(" {}", tx.t("key.no"))),
        ]),
    ];
    let r = centered(area, 60, 7);
    clear_padded(f, r, area);
    f.render_widget(
        Paragraph::new(wrap_lines(lines, r.width.saturating_sub(2)))
            .block(Block::default().borders(Borders::ALL)),
        r,
    );
}

fn draw_flags(f: &mut Frame<'_>, m: &Model, ed: &FlagEditor, area: Rect) {
    let tx = &m.app.assets().text;
    let title = tx.f("flag.title", &[("name", &safe_line(&ed.name))]);
    // the form needs its title, level, date, two note lines and a message
    let body = if ed.form.is_some() {
        6
    } else {
        ed.rows.len() as u16
    };
    let r = centered(area, 62, body + 2);
    clear_padded(f, r, area);
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(r);
    f.render_widget(block, r);
    let Some(form) = &ed.form else {
        let lines: Vec<Line> = ed
            .rows
            .iter()
            .enumerate()
            .map(|(i, (k, cur))| {
                let mark = if cur.is_some() { "[x]" } else { "[ ]" };
                let state = match cur {
                    None => tx.t("flag.not_set").to_string(),
                    Some(fl) => {
                        let mut s = fl
                            .level
                            .as_deref()
                            .map(|l| safe_line(l).into_owned())
                            .unwrap_or_default();
                        if let Some(d) = fl.since {
                            s.push_str(&format!(" {d}"));
                        }
                        if let Some(n) = &fl.note {
                            s.push_str(&format!(" {}", safe_line(n)));
                        }
                        s
                    }
                };
                let text = format!(
                    "{mark} {} {state}",
                    zhiban::domain::text::pad_cells(&tx.s(&k.i18n_key()), 22)
                );
                let style = if i == ed.cursor {
                    selected()
                } else {
                    Style::default()
                };
                Line::from(Span::styled(text, style))
            })
            .collect();
        f.render_widget(Paragraph::new(lines), inner);
        return;
    };
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(1),
    ])
    .split(inner);
    let label_w = 8;
    let field = |row: Rect| -> (Rect, Rect) {
        let [l, v] =
            Layout::horizontal([Constraint::Length(label_w), Constraint::Min(1)]).areas(row);
        (l, v)
    };
    f.render_widget(
        Paragraph::new(Span::styled(
            tx.s(&form.kind.i18n_key()),
            Style::default().add_modifier(Modifier::BOLD),
        )),
        rows[0],
    );
    let focus_style = |i: usize| {
        if form.focus == i {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        }
    };
    // level
    let (l, v) = field(rows[1]);
    f.render_widget(
        Paragraph::new(Span::styled(tx.t("flag.level"), focus_style(0))),
        l,
    );
    let level_text = if form.has_levels() {
        let cur = form
            .level
            .and_then(|i| form.kind.levels().get(i))
            .copied()
            .unwrap_or(tx.t("flag.no_level"));
        format!("< {cur} >")
    } else {
        tx.t("flag.no_level").to_string()
    };
    let lstyle = if form.focus == 0 {
        selected()
    } else {
        Style::default()
    };
    f.render_widget(Paragraph::new(Span::styled(level_text, lstyle)), v);
    // date
    let (l, v) = field(rows[2]);
    f.render_widget(
        Paragraph::new(Span::styled(tx.t("flag.since"), focus_style(1))),
        l,
    );
    let mut since = form.since.clone();
    since.set_style(if form.focus == 1 {
        Style::default().add_modifier(Modifier::UNDERLINED)
    } else {
        Style::default()
    });
    draw_input(f, &since, v, form.focus == 1 && is_top(m, ed));
    // note
    let (l, v) = field(rows[3]);
    f.render_widget(
        Paragraph::new(Span::styled(tx.t("flag.note"), focus_style(2))),
        l,
    );
    let mut note = form.note.clone();
    note.set_style(if form.focus == 2 {
        Style::default().add_modifier(Modifier::UNDERLINED)
    } else {
        Style::default()
    });
    draw_input(f, &note, v, form.focus == 2 && is_top(m, ed));
    if let Some(e) = &form.error {
        f.render_widget(
            Paragraph::new(wrap_lines(
                vec![Line::from(Span::styled(
                    safe_line(e).into_owned(),
                    Style::default().add_modifier(Modifier::BOLD),
                ))],
                rows[4].width,
            )),
            rows[4],
        );
    }
}

fn is_top(m: &Model, ed: &FlagEditor) -> bool {
    matches!(m.overlays.last(), Some(Overlay::Flags(top)) if std::ptr::eq(top.as_ref(), ed))
}

/// A list under some heading lines, with the current row marked `> ` and
/// selected (visible without colour) and kept in view; `strong` rows are
/// bold. `cursor` `None`: no row is current (a text field has the keyboard).
pub fn cursor_list(
    f: &mut Frame<'_>,
    area: Rect,
    head: Vec<Line<'static>>,
    rows: Vec<(String, bool)>,
    cursor: Option<usize>,
) {
    let room = (area.height as usize).saturating_sub(head.len()).max(1);
    let first = cursor.map_or(0, |c| c.saturating_sub(room - 1));
    let mut lines = head;
    for (i, (r, strong)) in rows.into_iter().enumerate().skip(first).take(room) {
        let here = Some(i) == cursor;
        let style = if here {
            selected()
        } else if strong {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(
            format!("{}{r}", if here { "> " } else { "  " }),
            style,
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
}
