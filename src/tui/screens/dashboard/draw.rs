//! Drawing the dashboard.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use zhiban::domain::calendar::Term;
use zhiban::domain::staff::Role;
use zhiban::domain::text::safe_line;

use super::{Due, StudentCounts};
use crate::tui::directory::Load;
use crate::tui::screen::View;
use crate::tui::ui::{bold, wrap_lines};
use zhiban::app::crisis_desk::CaseLine;

/// A count, or `?` where it could not be read.
fn n(x: Option<usize>) -> String {
    x.map_or_else(|| "?".to_string(), |n| n.to_string())
}

pub fn draw(
    f: &mut Frame<'_>,
    m: &View<'_>,
    students: Option<&StudentCounts>,
    due: Option<&Due>,
    area: Rect,
) {
    let tx = &m.app.assets().text;
    let a = m.app.actor();
    let roles: Vec<&str> = a.roles.iter().map(|r| tx.t(r.i18n_key())).collect();
    let mut lines = vec![Line::from(Span::styled(
        tx.f(
            "dashboard.heading",
            &[("name", &safe_line(&a.name)), ("role", &roles.join("、"))],
        ),
        bold(),
    ))];
    if let Some(c) = &a.college {
        lines.push(Line::from(safe_line(c).into_owned()));
    }
    lines.push(Line::from(
        match m.app.assets().calendar.term_at(m.app.today()) {
            Term::Teaching { semester, week } => tx.f(
                "dashboard.semester",
                &[
                    ("semester", &semester.name),
                    ("week", &tx.f("status.week", &[("n", &week.to_string())])),
                ],
            ),
            _ => tx.t("dashboard.no_semester").to_string(),
        },
    ));
    lines.push(Line::from(""));
    // open crisis cases first: a 一级 case opened minutes ago is seen
    if let Some(cases) = due.and_then(|d| d.open_cases.as_ref()) {
        if !cases.is_empty() {
            open_cases(m, cases, &mut lines);
            lines.push(Line::from(""));
        }
    }
    if let Some(desk) = due.map(|d| &d.desk).filter(|v| !v.is_empty()) {
        for l in desk {
            lines.push(Line::from(Span::styled(
                format!("!! {}", safe_line(l)),
                bold(),
            )));
        }
        lines.push(Line::from(""));
    }
    match (students, &m.dir.load) {
        (_, Load::Failed(e)) => {
            lines.push(Line::from(Span::styled(safe_line(e).into_owned(), bold())));
        }
        (None, _) => lines.push(Line::from(tx.t("status.loading").to_string())),
        (Some(s), _) => {
            lines.push(Line::from(format!(
                "{}: {}",
                tx.t("dashboard.visible"),
                s.visible
            )));
            if a.has(Role::Counsellor) {
                lines.push(Line::from(format!(
                    "{}: {}    {}: {}",
                    tx.t("dashboard.my_classes"),
                    s.my_classes,
                    tx.t("dashboard.my_students"),
                    s.my_students
                )));
            }
            if let Some(d) = due {
                let open = d.follow_ups.map(|f| f.0);
                if a.has(Role::Counsellor) || open.unwrap_or(1) > 0 {
                    lines.push(Line::from(tx.f(
                        "dashboard.patrol",
                        &[
                            ("rooms", &n(d.rooms_due)),
                            ("open", &n(open)),
                            ("overdue", &n(d.follow_ups.map(|f| f.1))),
                        ],
                    )));
                }
            }
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                tx.t("dashboard.attention").to_string(),
                bold(),
            )));
            if s.flags.is_empty() && s.caution == 0 {
                lines.push(Line::from(format!("  {}", tx.t("dashboard.none_visible"))));
            }
            let mut row = String::new();
            for (kind, n) in &s.flags {
                let item = format!("{} {n}", tx.t(&kind.i18n_key()));
                if !row.is_empty() && row.chars().count() + item.chars().count() > 34 {
                    lines.push(Line::from(format!("  {row}")));
                    row.clear();
                }
                if !row.is_empty() {
                    row.push_str("   ");
                }
                row.push_str(&item);
            }
            if !row.is_empty() {
                lines.push(Line::from(format!("  {row}")));
            }
            if s.caution > 0 {
                lines.push(Line::from(format!(
                    "  {}: {}",
                    tx.t("dashboard.caution"),
                    s.caution
                )));
            }
        }
    }
    if let Some(d) = due {
        lines.push(Line::from(""));
        if let Some((overdue, all)) = d.todo {
            lines.push(Line::from(tx.f(
                "dashboard.todo",
                &[("overdue", &overdue.to_string()), ("all", &all.to_string())],
            )));
        }
        if let Some((open, reviews)) = &d.crises {
            if *open > 0 || !reviews.is_empty() {
                let first = reviews
                    .first()
                    .map(|d| d.format("%m-%d").to_string())
                    .unwrap_or_else(|| "—".into());
                let key = if reviews.is_empty() {
                    "dashboard.crises"
                } else {
                    "dashboard.crises_reviews"
                };
                lines.push(Line::from(tx.f(
                    key,
                    &[
                        ("cases", &open.to_string()),
                        ("reviews", &reviews.len().to_string()),
                        ("first", &first),
                    ],
                )));
            }
        }
        for e in &d.errors {
            lines.push(Line::from(Span::styled(
                tx.f("dashboard.not_read", &[("reason", e)]),
                bold(),
            )));
        }
    }
    f.render_widget(Paragraph::new(wrap_lines(lines, area.width)), area);
}

/// How many open cases the dashboard lists before "n more".
const CASES_SHOWN: usize = 3;

/// The open crisis cases: number, level, kind, students, where each
/// stands and since when; an overdue one starts with `!` and says so in
/// words (not by colour alone).
fn open_cases(m: &View<'_>, cases: &[CaseLine], lines: &mut Vec<Line<'_>>) {
    let tx = &m.app.assets().text;
    let tz = zhiban::domain::clock::school_tz(m.app.assets().calendar.utc_offset_hours);
    lines.push(Line::from(Span::styled(
        tx.t("desk.board_title").to_string(),
        bold(),
    )));
    for c in cases.iter().take(CASES_SHOWN) {
        let kind = c.kind_in(tx);
        let text = tx.f(
            "desk.board_line",
            &[
                ("mark", if c.overdue { tx.t("desk.overdue") } else { "" }),
                ("id", &c.id.to_string()),
                (
                    "level",
                    &c.level
                        .clone()
                        .unwrap_or_else(|| tx.s("desk.no_level_short")),
                ),
                ("kind", &kind),
                ("students", &c.students.join("、")),
                ("status", tx.t(c.status.i18n_key())),
                (
                    "step",
                    &c.step.clone().unwrap_or_else(|| tx.s("desk.no_step")),
                ),
                (
                    "opened",
                    &c.opened
                        .with_timezone(&tz)
                        .format("%m-%d %H:%M")
                        .to_string(),
                ),
            ],
        );
        let line = safe_line(&text).into_owned();
        lines.push(if c.overdue {
            Line::from(Span::styled(line, bold()))
        } else {
            Line::from(line)
        });
    }
    if cases.len() > CASES_SHOWN {
        lines.push(Line::from(tx.f(
            "desk.board_more",
            &[("n", &(cases.len() - CASES_SHOWN).to_string())],
        )));
    }
}
