//! The 报表 screen: the reports on the left (a line on top when narrow),
//! the chosen period, and the preview: each section's title, note and
//! table, columns as wide as their text.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;
use zhiban::io::book::Book;
use zhiban::io::reports::PeriodKind;

use super::Reports;
use crate::tui::screen::View;

/// The preview as lines of text.
pub(super) fn lines(book: &Book) -> Vec<String> {
    let mut out = vec![book.title.clone()];
    for s in &book.sheets {
        out.push(String::new());
        out.push(format!("■ {}", s.name));
        if let Some(n) = &s.note {
            out.extend(n.lines().map(str::to_string));
        }
        if s.headers.is_empty() || s.rows.is_empty() {
            continue;
        }
        let cols = s.headers.len();
        let mut w: Vec<usize> = s.headers.iter().map(|h| h.width()).collect();
        let rows: Vec<Vec<String>> = s
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text().replace('\n', " ")).collect())
            .collect();
        for r in &rows {
            for (i, c) in r.iter().enumerate().take(cols) {
                w[i] = w[i].max(c.width()).min(24);
            }
        }
        let fmt = |cells: &[String]| {
            cells
                .iter()
                .enumerate()
                .take(cols)
                .map(|(i, c)| zhiban::domain::text::pad_cells(c, w[i]))
                .collect::<Vec<_>>()
                .join(" │ ")
        };
        out.push(fmt(&s.headers));
        out.push(
            w.iter()
                .map(|n| "─".repeat(*n))
                .collect::<Vec<_>>()
                .join("─┼─"),
        );
        out.extend(rows.iter().map(|r| fmt(r)));
    }
    out
}

pub(super) fn draw(f: &mut Frame<'_>, area: Rect, v: &View<'_>, s: &Reports) {
    if s.kinds.is_empty() {
        f.render_widget(Paragraph::new(v.t("reports.none_for_role")), area);
        return;
    }
    let narrow = area.width < 70;
    let (list_area, main) = if narrow {
        let [a, b] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        (a, b)
    } else {
        let [a, b] = Layout::horizontal([Constraint::Length(22), Constraint::Min(0)]).areas(area);
        (a, b)
    };
    let sel = Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD);
    if narrow {
        // the chosen report only, with its place in the list
        let k = s.kinds[s.sel];
        let text = format!("▶ {} ({}/{})", v.t(k.name_key()), s.sel + 1, s.kinds.len());
        f.render_widget(Paragraph::new(Span::styled(text, sel)), list_area);
    } else {
        let items: Vec<Line> = s
            .kinds
            .iter()
            .enumerate()
            .map(|(i, k)| {
                let name = v.t(k.name_key());
                if i == s.sel {
                    Line::from(Span::styled(format!("▶ {name}"), sel))
                } else {
                    Line::from(format!("  {name}"))
                }
            })
            .collect();
        f.render_widget(
            Paragraph::new(items).block(Block::default().borders(Borders::RIGHT)),
            list_area,
        );
    }
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(main);
    let k = s.kinds[s.sel];
    let period = match k.period_kind() {
        PeriodKind::Today => v.t("reports.as_of_today").to_string(),
        _ => format!("◀ {} ▶", s.periods[s.sel].label()),
    };
    f.render_widget(
        Paragraph::new(Span::styled(
            period,
            Style::default().add_modifier(Modifier::BOLD),
        )),
        head,
    );
    let text: Vec<Line> = match (&s.preview, &s.error) {
        // moving: the report's name and period are above; its preview
        // (a whole pane of text) once the selection stops
        _ if !s.rested() => vec![Line::from(v.t("reports.preview_follows"))],
        (_, Some(e)) => vec![Line::from(e.clone())],
        (Some(p), _) => p
            .lines
            .iter()
            .skip(s.scroll)
            .take(body.height as usize)
            .map(|l| Line::from(l.as_str()))
            .collect(),
        _ if s.computing => vec![Line::from(v.t("reports.computing"))],
        _ => vec![Line::from(v.t("reports.choose"))],
    };
    f.render_widget(Paragraph::new(text), body);
}
