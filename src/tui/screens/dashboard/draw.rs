//! Drawing the dashboard: a heading, then each role's numbers (one line
//! each, the current one marked `> ` and reversed: visible without
//! colour), charts beside them on a wide terminal or under them when
//! there is room (dropped on a small one: the numbers stay); or the
//! records behind one number.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph};
use unicode_width::UnicodeWidthStr;
use zhiban::app::dashboard::{Board, Chart, Target};
use zhiban::domain::calendar::Term;
use zhiban::domain::text::safe_line;

use super::{Drill, tiles};
use crate::tui::screen::View;
use crate::tui::ui::clip::{clip_line, clip_str};
use crate::tui::ui::list::cursor_list;
use crate::tui::ui::wrap::wrap_str;
use crate::tui::ui::{bold, selected};

/// How many open cases the board names under their number.
const CASES_SHOWN: usize = 2;

/// Who, where and when: in full where it fits, else who and the week
/// (a phone keeps the week, the line people look for).
fn heading(m: &View<'_>, width: u16) -> Line<'static> {
    let tx = &m.app.assets().text;
    let a = m.app.actor();
    let roles: Vec<&str> = a.roles.iter().map(|r| tx.t(r.i18n_key())).collect();
    let who = tx.f(
        "dashboard.heading",
        &[("name", &safe_line(&a.name)), ("role", &roles.join("、"))],
    );
    let (full, short) = match m.app.assets().calendar.term_at(m.app.today()) {
        Term::Teaching { semester, week } => {
            let week = tx.f("status.week", &[("n", &week.to_string())]);
            (
                tx.f(
                    "dashboard.semester",
                    &[("semester", &semester.name), ("week", &week)],
                ),
                week,
            )
        }
        _ => {
            let none = tx.t("dashboard.no_semester").to_string();
            (none.clone(), none)
        }
    };
    let mut text = who.clone();
    if let Some(c) = &a.college {
        text.push_str(" · ");
        text.push_str(&safe_line(c));
    }
    text.push_str(" · ");
    text.push_str(&full);
    if text.width() > width as usize {
        text = format!("{who} · {short}");
    }
    Line::from(Span::styled(text, bold()))
}

pub fn draw(
    f: &mut Frame<'_>,
    m: &View<'_>,
    board: Option<&Board>,
    failed: Option<&str>,
    cursor: usize,
    drill: Option<Drill>,
    area: Rect,
) {
    let tx = &m.app.assets().text;
    let head = heading(m, area.width);
    let Some(board) = board else {
        // still reading (on start), or the read failed: why, in full
        let mut lines = vec![clip_line(head, area.width)];
        match failed {
            Some(why) => lines.extend(
                wrap_str(&safe_line(why), area.width as usize)
                    .into_iter()
                    .map(|l| Line::from(Span::styled(l, bold()))),
            ),
            None => lines.push(Line::from(tx.t("status.loading").to_string())),
        }
        f.render_widget(Paragraph::new(lines), area);
        return;
    };
    if let Some(d) = drill {
        if let Some(t) = tiles(board).get(d.tile) {
            let title = tx.f("dash.drill_title", &[("label", &t.label), ("n", &t.value)]);
            let mut rows: Vec<(String, bool)> = t
                .rows
                .iter()
                .map(|r| {
                    let mark = if r.urgent && !r.text.starts_with('!') {
                        "! "
                    } else {
                        ""
                    };
                    (format!("{mark}{}", safe_line(&r.text)), r.urgent)
                })
                .collect();
            let cur = if rows.is_empty() {
                rows.push((tx.t("dash.empty").to_string(), false));
                None
            } else {
                Some(d.cursor)
            };
            cursor_list(
                f,
                area,
                vec![head, Line::from(Span::styled(title, bold()))],
                rows,
                cur,
            );
            return;
        }
    }
    // the numbers: a title per role, a line per number
    f.render_widget(Paragraph::new(clip_line(head, area.width)), area);
    let area = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut i = 0;
    let mut cursor_line = 0;
    let wide = area.width >= 100;
    let list_w = if wide {
        area.width / 2 - 2
    } else {
        area.width.min(72)
    };
    for s in &board.sections {
        if board.sections.len() > 1 {
            lines.push(Line::from(Span::styled(format!("【{}】", s.title), bold())));
        }
        for t in &s.tiles {
            let here = i == cursor;
            if here {
                cursor_line = lines.len();
            }
            lines.push(tile_line(&t.label, &t.value, t.alert, here, list_w));
            i += 1;
            // crisis cases are named on the board itself, most urgent
            // first: one opened minutes ago is seen without a key pressed
            if t.rows.iter().all(|r| matches!(r.target, Target::Case(_))) {
                for r in t.rows.iter().take(CASES_SHOWN) {
                    let style = if r.urgent { bold() } else { Style::default() };
                    // under the number, its continuation lines hanging
                    let text = safe_line(&r.text);
                    let body = text.strip_prefix("! ").unwrap_or(&text);
                    let lead = if r.urgent { "! " } else { "  " };
                    for (k, w) in wrap_str(body, (list_w as usize).saturating_sub(2))
                        .into_iter()
                        .enumerate()
                    {
                        let lead = if k == 0 { lead } else { "  " };
                        lines.push(Line::from(Span::styled(format!("{lead}{w}"), style)));
                    }
                }
            }
        }
    }
    let charts: Vec<&Chart> = board
        .sections
        .iter()
        .flat_map(|s| s.charts.iter())
        .collect();
    let (list_area, chart_area) = if wide && !charts.is_empty() {
        let [l, _, r] = Layout::horizontal([
            Constraint::Length(list_w),
            Constraint::Length(2),
            Constraint::Min(0),
        ])
        .areas(area);
        (l, Some(r))
    } else {
        let spare = (area.height as usize).saturating_sub(lines.len());
        if spare >= 9 && !charts.is_empty() && area.width >= 60 {
            let [l, r] =
                Layout::vertical([Constraint::Length(lines.len() as u16), Constraint::Min(0)])
                    .areas(area);
            (l, Some(r))
        } else {
            (area, None)
        }
    };
    // keep the current number in view
    let room = list_area.height as usize;
    let first = if cursor_line >= room {
        cursor_line + 1 - room
    } else {
        0
    };
    let shown: Vec<Line> = lines.into_iter().skip(first).collect();
    f.render_widget(Paragraph::new(shown), list_area);
    if let Some(r) = chart_area {
        draw_charts(f, m, &charts, r);
    }
}

/// `> label ······ value`, the value right-aligned; an alert starts with `!`.
fn tile_line(label: &str, value: &str, alert: bool, here: bool, width: u16) -> Line<'static> {
    let w = width as usize;
    let mark = match (here, alert) {
        (true, _) => "> ",
        (false, true) => "! ",
        _ => "  ",
    };
    let value = clip_str(value, w.saturating_sub(8).max(4));
    let vw = value.width();
    let label_w = w.saturating_sub(vw + 3 + mark.width());
    let label = clip_str(&safe_line(label), label_w);
    let pad = w.saturating_sub(mark.width() + label.width() + vw + 1);
    let text = format!("{mark}{label}{} {value}", " ".repeat(pad));
    let mut style = Style::default();
    if alert {
        style = style.add_modifier(Modifier::BOLD);
    }
    if here {
        style = selected();
    }
    Line::from(Span::styled(text, style))
}

/// The charts stacked in `area`, each as high as there is room for (a
/// chart needs five lines: title, three of bars, labels).
fn draw_charts(f: &mut Frame<'_>, m: &View<'_>, charts: &[&Chart], area: Rect) {
    let tx = &m.app.assets().text;
    let fit = (area.height / 6).max(1) as usize;
    let charts: Vec<&&Chart> = charts.iter().take(fit).collect();
    let each = (area.height / charts.len().max(1) as u16).min(12);
    if each < 5 {
        return;
    }
    for (n, c) in charts.iter().enumerate() {
        let r = Rect {
            y: area.y + each * n as u16,
            height: each,
            ..area
        };
        let block = Block::new().title(Line::from(Span::styled(
            clip_str(&c.title, r.width as usize),
            bold(),
        )));
        if c.bars.iter().all(|b| b.1 == 0) {
            f.render_widget(
                Paragraph::new(format!("  {}", tx.t("dash.chart_empty"))).block(block),
                r,
            );
            continue;
        }
        let label_w = c
            .bars
            .iter()
            .map(|b| b.0.width())
            .max()
            .unwrap_or(1)
            .clamp(2, 6) as u16;
        let per = label_w + 1;
        let fits = ((r.width / per).max(1) as usize).min(c.bars.len());
        let bars: &[(String, u64)] = if c.series {
            &c.bars[c.bars.len() - fits..]
        } else {
            &c.bars[..fits]
        };
        let group: Vec<Bar> = bars
            .iter()
            .map(|(l, v)| {
                Bar::default()
                    .value(*v)
                    .label(Line::from(clip_str(l, label_w as usize)))
                    .text_value(v.to_string())
                    .value_style(Style::default().add_modifier(Modifier::REVERSED))
            })
            .collect();
        let chart = BarChart::default()
            .block(block)
            .bar_width(label_w)
            .bar_gap(1)
            .data(BarGroup::default().bars(&group));
        f.render_widget(chart, r);
    }
}
