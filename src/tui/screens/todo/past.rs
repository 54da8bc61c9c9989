//! 待办's second view (`h`): past talks and family contacts, newest first
//! (one's own; a leader's college), filtered with `f`; Enter or `a` on
//! one's own record opens its correction, prefilled with the latest text.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use zhiban::app::App;
use zhiban::app::past_records::{self, PastKind, PastRecord};
use zhiban::domain::text::safe_line;

use crate::tui::screen::View;
use crate::tui::ui::{bold, cursor_list, wrap_lines};

/// The filter `f` cycles in this view.
const FILTERS: [&str; 3] = ["all", "talk", "contact"];

pub struct Past {
    rows: Vec<PastRecord>,
    /// Indexes into `rows` the filter lets through.
    shown: Vec<usize>,
    filter: usize,
    pub cursor: usize,
    wide: bool,
}

impl Past {
    pub fn load(app: &App) -> zhiban::error::Result<Past> {
        let mut p = Past {
            rows: past_records::past(app)?,
            shown: Vec::new(),
            filter: 0,
            cursor: 0,
            wide: past_records::college_wide(app),
        };
        p.apply();
        Ok(p)
    }

    /// Reads the list again, the filter and (as far as it goes) the cursor kept.
    pub fn reload(&mut self, app: &App) -> zhiban::error::Result<()> {
        self.rows = past_records::past(app)?;
        self.apply();
        Ok(())
    }

    fn apply(&mut self) {
        let f = FILTERS[self.filter % FILTERS.len()];
        self.shown = (0..self.rows.len())
            .filter(|&i| {
                matches!(
                    (f, self.rows[i].kind),
                    ("all", _) | ("talk", PastKind::Talk) | ("contact", PastKind::Contact)
                )
            })
            .collect();
        self.cursor = self.cursor.min(self.shown.len().saturating_sub(1));
    }

    pub fn cycle(&mut self) {
        self.filter = (self.filter + 1) % FILTERS.len();
        self.cursor = 0;
        self.apply();
    }

    pub fn len(&self) -> usize {
        self.shown.len()
    }

    pub fn here(&self) -> Option<&PastRecord> {
        self.shown.get(self.cursor).map(|&i| &self.rows[i])
    }
}

fn row(m: &View<'_>, r: &PastRecord) -> String {
    let tx = &m.app.assets().text;
    let kind = tx.t(match r.kind {
        PastKind::Talk => "todo.past_talk",
        PastKind::Contact => "todo.past_contact",
    });
    let first = r
        .text
        .as_deref()
        .and_then(|t| t.lines().map(str::trim).find(|l| !l.is_empty()))
        .map(|l| safe_line(l).into_owned())
        .unwrap_or_else(|| tx.t("detail.withheld").to_string());
    let amended = if r.amended {
        format!(" [{}]", tx.t("todo.past_amended"))
    } else {
        String::new()
    };
    format!(
        "{} {kind} {} · {}（{}）：{first}{amended}",
        r.at.get(5..).unwrap_or(&r.at),
        safe_line(&r.student),
        safe_line(&r.what),
        safe_line(&r.author),
    )
}

pub fn draw(f: &mut Frame<'_>, m: &View<'_>, p: &Past, area: Rect) {
    let tx = &m.app.assets().text;
    let head = vec![Line::from(Span::styled(
        tx.f(
            "todo.past_title",
            &[
                (
                    "whose",
                    tx.t(if p.wide {
                        "todo.past_college"
                    } else {
                        "todo.past_mine"
                    }),
                ),
                (
                    "filter",
                    tx.t(&format!(
                        "todo.past_filter_{}",
                        FILTERS[p.filter % FILTERS.len()]
                    )),
                ),
                ("count", &p.shown.len().to_string()),
            ],
        ),
        bold(),
    ))];
    if p.shown.is_empty() {
        let mut lines = head;
        lines.push(Line::from(tx.t("todo.past_none").to_string()));
        f.render_widget(Paragraph::new(wrap_lines(lines, area.width)), area);
        return;
    }
    let rows: Vec<(String, bool)> = p
        .shown
        .iter()
        .map(|&i| (row(m, &p.rows[i]), false))
        .collect();
    // the current record in full under the list, when there is room
    let preview = area.height >= 14;
    let [top, bottom] = if preview {
        Layout::vertical([Constraint::Min(6), Constraint::Length(area.height / 3)]).areas(area)
    } else {
        [area, Rect::default()]
    };
    cursor_list(f, top, head, rows, Some(p.cursor));
    if let (true, Some(r)) = (preview, p.here()) {
        let lines: Vec<Line<'static>> = match &r.text {
            Some(t) => t
                .lines()
                .map(|l| Line::from(safe_line(l).into_owned()))
                .collect(),
            None => vec![Line::from(tx.t("detail.withheld").to_string())],
        };
        let block = Block::default().borders(Borders::TOP).title(format!(
            "{} · {}",
            r.at,
            safe_line(&r.student)
        ));
        let inner = block.inner(bottom);
        f.render_widget(block, bottom);
        f.render_widget(Paragraph::new(wrap_lines(lines, inner.width)), inner);
    }
}
