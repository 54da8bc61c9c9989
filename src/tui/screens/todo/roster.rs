//! A specialist's screen 4: the psych specialist's key-concern roster, the
//! aid specialist's financially difficult students; Enter records the talk
//! or home visit for the student under the cursor. A role with no list
//! here is told where its work is.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use zhiban::app::App;
use zhiban::app::rosters::{Roster, RosterRow};
use zhiban::domain::text::safe_line;

use super::{Todo, What};
use crate::tui::directory::Picked;
use crate::tui::screen::{Fx, View};
use crate::tui::ui::{cursor_list, wrap_lines};

impl Todo {
    /// Enter on a roster row: a psych talk (sensitive) or a home visit,
    /// the student chosen.
    pub(super) fn open_roster_row(&mut self, app: &App) -> Fx {
        let Some((which, rows)) = &self.roster else {
            return Vec::new();
        };
        let Some(r) = rows.get(self.cursor) else {
            return Vec::new();
        };
        let student = Some(Picked {
            no: r.student_no.clone(),
            name: r.name.clone(),
        });
        match which {
            Roster::KeyConcern => self.open(
                What::Talk,
                vec![("kind", "psych".into()), ("sensitive", "1".into())],
                student,
                app,
            ),
            Roster::Financial => self.open(
                What::Contact,
                vec![
                    ("reason", "aid_visit".into()),
                    ("channel", "home_visit".into()),
                ],
                student,
                app,
            ),
        }
    }
}

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

pub fn draw(
    f: &mut Frame<'_>,
    m: &View<'_>,
    which: Roster,
    rows: &[RosterRow],
    cursor: usize,
    area: Rect,
) {
    let tx = &m.app.assets().text;
    let key = match which {
        Roster::KeyConcern => "key_concern",
        Roster::Financial => "financial",
    };
    let head = wrap_lines(
        vec![Line::from(Span::styled(
            tx.f(
                &format!("todo.roster_{key}"),
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
            let text = match which {
                Roster::KeyConcern => tx.f(
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
                ),
                Roster::Financial => tx.f(
                    "todo.roster_fin_line",
                    &[
                        ("visit", &d(r.last_home_visit)),
                        ("counsellor", &counsellor),
                    ],
                ),
            };
            (
                format!(
                    "{level}{} {} {class} · {text}",
                    safe_line(&r.name),
                    r.student_no
                ),
                which == Roster::KeyConcern && r.last_talk.is_none(),
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
