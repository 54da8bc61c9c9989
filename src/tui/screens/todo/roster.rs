//! A specialist's screen 4: the psych specialist's key-concern roster, the
//! aid specialist's financially difficult students with this academic
//! year's coverage (drawn in `aid_list`); Enter records the talk or home
//! visit for the student under the cursor, `g` a growth-file entry. A role
//! with no list here is told where its work is.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use zhiban::app::App;
use zhiban::app::aid::AidLine;
use zhiban::app::rosters::RosterRow;
use zhiban::domain::text::safe_line;

use super::{Todo, What};
use crate::tui::directory::Picked;
use crate::tui::screen::{Fx, View};
use crate::tui::ui::{cursor_list, wrap_lines};

/// A specialist's own list.
pub enum List {
    /// The psych specialist's key-concern students.
    KeyConcern(Vec<RosterRow>),
    /// The aid specialist's financially difficult students.
    Aid(Vec<AidLine>),
}

impl List {
    pub fn len(&self) -> usize {
        match self {
            List::KeyConcern(r) => r.len(),
            List::Aid(r) => r.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_aid(&self) -> bool {
        matches!(self, List::Aid(_))
    }

    /// The student of row `i`.
    pub fn student(&self, i: usize) -> Option<Picked> {
        let (no, name) = match self {
            List::KeyConcern(r) => r.get(i).map(|r| (&r.student_no, &r.name))?,
            List::Aid(r) => r.get(i).map(|r| (&r.student_no, &r.name))?,
        };
        Some(Picked {
            no: no.clone(),
            name: name.clone(),
        })
    }
}

impl Todo {
    /// Enter on a roster row: a psych talk (sensitive) or a home visit,
    /// the student chosen.
    pub(super) fn open_roster_row(&mut self, app: &App) -> Fx {
        let Some(list) = &self.roster else {
            return Vec::new();
        };
        let Some(student) = list.student(self.cursor) else {
            return Vec::new();
        };
        match list {
            List::KeyConcern(_) => self.open(
                What::Talk,
                vec![("kind", "psych".into()), ("sensitive", "1".into())],
                Some(student),
                app,
            ),
            List::Aid(_) => self.open(What::Visit, Vec::new(), Some(student), app),
        }
    }

    /// `g` on the aid list: a growth-file entry for the student there.
    pub(super) fn open_growth(&mut self, app: &App) -> Fx {
        let student = self
            .roster
            .as_ref()
            .filter(|l| l.is_aid())
            .and_then(|l| l.student(self.cursor));
        match student {
            Some(s) => self.open(What::Growth, Vec::new(), Some(s), app),
            None => Vec::new(),
        }
    }
}

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

pub fn draw(f: &mut Frame<'_>, m: &View<'_>, list: &List, cursor: usize, area: Rect) {
    let rows = match list {
        List::KeyConcern(rows) => rows,
        List::Aid(rows) => return super::aid_list::draw(f, m, rows, cursor, area),
    };
    let tx = &m.app.assets().text;
    let head = wrap_lines(
        vec![Line::from(Span::styled(
            tx.f(
                "todo.roster_key_concern",
                &[("count", &rows.len().to_string())],
            ),
            bold(),
        ))],
        area.width,
    );
    let never = tx.t("why.never").to_string();
    let d = |x: Option<chrono::NaiveDate>| {
        x.map_or_else(|| never.clone(), |d| d.format("%m-%d").to_string())
    };
    let mut lines: Vec<(String, bool)> = rows
        .iter()
        .map(|r| {
            let level = r
                .level
                .as_deref()
                .map_or_else(String::new, |l| format!("[{}] ", safe_line(l)));
            let class = r.class.as_deref().map(safe_line).unwrap_or_default();
            let counsellor = r.counsellor.as_deref().map(safe_line).unwrap_or_default();
            let text = tx.f(
                "todo.roster_kc_line",
                &[
                    ("last", &d(r.last_talk)),
                    ("since", &d(r.since)),
                    ("counsellor", &counsellor),
                    (
                        "reason",
                        &r.reason.as_deref().map(safe_line).unwrap_or_default(),
                    ),
                ],
            );
            (
                format!(
                    "{level}{} {} {class} · {text}",
                    safe_line(&r.name),
                    r.student_no
                ),
                r.last_talk.is_none(),
            )
        })
        .collect();
    if lines.is_empty() {
        lines.push((tx.t("todo.roster_empty").to_string(), false));
    }
    cursor_list(f, area, head, lines, Some(cursor));
}

/// Where a role's work is, when screen 4 has no list for it.
pub fn elsewhere(f: &mut Frame<'_>, m: &View<'_>, key: &str, area: Rect) {
    let tx = &m.app.assets().text;
    f.render_widget(
        Paragraph::new(wrap_lines(
            vec![Line::from(Span::styled(tx.t(key).to_string(), bold()))],
            area.width,
        )),
        area,
    );
}
