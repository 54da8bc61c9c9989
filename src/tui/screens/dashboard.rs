//! 看板: who you are, where the term is, and what needs attention.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::model::Model;
use crate::tui::wrap::wrap_lines;
use zhiban::domain::calendar::Term;
use zhiban::domain::staff::Role;
use zhiban::domain::text::safe_line;

pub fn draw(f: &mut Frame<'_>, m: &Model, area: Rect) {
    let tx = &m.app.assets().text;
    let a = &m.app.actor();
    let roles: Vec<&str> = a.roles.iter().map(|r| tx.t(r.i18n_key())).collect();
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines = vec![Line::from(Span::styled(
        tx.f(
            "dashboard.heading",
            &[("name", &safe_line(&a.name)), ("role", &roles.join("、"))],
        ),
        bold,
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
    match &m.stats {
        None => lines.push(Line::from(tx.t("status.loading").to_string())),
        Some(s) => {
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
            if a.has(Role::Counsellor) || s.follow_ups.0 > 0 {
                lines.push(Line::from(tx.f(
                    "dashboard.patrol",
                    &[
                        ("rooms", &s.rooms_due.to_string()),
                        ("open", &s.follow_ups.0.to_string()),
                        ("overdue", &s.follow_ups.1.to_string()),
                    ],
                )));
            }
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                tx.t("dashboard.attention").to_string(),
                bold,
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
    if let Some(s) = &m.stats {
        lines.push(Line::from(""));
        if let Some((overdue, all)) = s.todo {
            lines.push(Line::from(tx.f(
                "dashboard.todo",
                &[("overdue", &overdue.to_string()), ("all", &all.to_string())],
            )));
        }
        if s.crises_open > 0 || !s.reviews_due.is_empty() {
            let first = s
                .reviews_due
                .first()
                .map(|d| d.format("%m-%d").to_string())
                .unwrap_or_else(|| "—".into());
            let key = if s.reviews_due.is_empty() {
                "dashboard.crises"
            } else {
                "dashboard.crises_reviews"
            };
            lines.push(Line::from(tx.f(
                key,
                &[
                    ("cases", &s.crises_open.to_string()),
                    ("reviews", &s.reviews_due.len().to_string()),
                    ("first", &first),
                ],
            )));
        }
    }
    f.render_widget(Paragraph::new(wrap_lines(lines, area.width)), area);
}
