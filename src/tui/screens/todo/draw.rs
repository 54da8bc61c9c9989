//! Drawing 待办 / 逾期: a counsellor's lines (overdue first, then by
//! deadline), a leader's college per counsellor with percentages.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use zhiban::app::compliance::{CollegeSummary, FindingOut};
use zhiban::domain::text::safe_line;

use crate::tui::screen::View;
use crate::tui::ui::{cursor_list, wrap_lines};

/// What the list shows.
pub struct State<'a> {
    pub who: Option<&'a (String, String)>,
    pub lines: &'a [FindingOut],
    /// The kind of line shown (`all`, `talk`, …), named in the title.
    pub filter: &'a str,
    pub cursor: usize,
    pub college: Option<&'a CollegeSummary>,
    pub failed: Option<&'a str>,
}

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

pub fn draw(f: &mut Frame<'_>, m: &View<'_>, t: &State<'_>, area: Rect) {
    let tx = &m.app.assets().text;
    if let Some(why) = t.failed {
        f.render_widget(
            Paragraph::new(wrap_lines(
                vec![Line::from(Span::styled(
                    safe_line(why).into_owned(),
                    bold(),
                ))],
                area.width,
            )),
            area,
        );
    } else if t.who.is_none() {
        draw_college(f, m, t, area);
    } else {
        let (login, name) = t.who.cloned().unwrap_or_default();
        let overdue = t.lines.iter().filter(|l| l.state == "overdue").count();
        let week = m.app.now().date_naive() + chrono::Duration::days(7);
        let soon = t
            .lines
            .iter()
            .filter(|l| {
                l.state == "due"
                    && l.due
                        .as_deref()
                        .is_some_and(|d| d <= week.to_string().as_str())
            })
            .count();
        let head = vec![Line::from(Span::styled(
            tx.f(
                "todo.title",
                &[
                    ("name", &safe_line(&name)),
                    ("login", &login),
                    ("overdue", &overdue.to_string()),
                    ("soon", &soon.to_string()),
                    ("all", &t.lines.len().to_string()),
                    ("filter", tx.t(&format!("todo.filter_{}", t.filter))),
                ],
            ),
            bold(),
        ))];
        let mut rows: Vec<(String, bool)> = t
            .lines
            .iter()
            .map(|l| {
                let due = l
                    .due
                    .as_deref()
                    .map(|d| tx.f("todo.by", &[("date", d.get(5..).unwrap_or(d))]))
                    .unwrap_or_default();
                let subject = if l.subject.is_empty() {
                    String::new()
                } else {
                    format!("{}：", safe_line(&l.subject))
                };
                (
                    format!(
                        "[{}] {subject}{}{due} · {}",
                        tx.t(&format!("state.{}", l.state)),
                        safe_line(&l.detail),
                        tx.t(&format!("rule.{}", l.rule)),
                    ),
                    l.state == "overdue",
                )
            })
            .collect();
        if rows.is_empty() {
            rows.push((tx.t("todo.nothing").to_string(), false));
        }
        cursor_list(f, area, head, rows, Some(t.cursor));
    }
}

fn draw_college(f: &mut Frame<'_>, m: &View<'_>, t: &State<'_>, area: Rect) {
    let tx = &m.app.assets().text;
    let Some(c) = t.college else { return };
    let pct = |met: usize, total: usize| {
        if total == 0 {
            "—".to_string()
        } else {
            format!("{:.0}%", met as f64 * 100.0 / total as f64)
        }
    };
    let mut head = vec![Line::from(Span::styled(
        tx.t("todo.college_title").to_string(),
        bold(),
    ))];
    let totals: Vec<String> = c
        .totals
        .iter()
        .map(|(rule, met, total)| {
            format!("{} {}", tx.t(&format!("rule.{rule}")), pct(*met, *total))
        })
        .collect();
    head.extend(wrap_lines(vec![Line::from(totals.join(" · "))], area.width));
    for r in &c.college_rules {
        for x in &r.findings {
            head.push(Line::from(format!(
                "[{}] {}",
                tx.t(&format!("state.{}", x.state.code())),
                zhiban::app::compliance::why_text(m.app, &x.why)
            )));
        }
    }
    let rows: Vec<(String, bool)> = c
        .counsellors
        .iter()
        .map(|s| {
            let (met, total) = s.rules.iter().fold((0, 0), |a, r| (a.0 + r.2, a.1 + r.3));
            (
                tx.f(
                    "todo.counsellor_line",
                    &[
                        ("name", &safe_line(&s.name)),
                        ("students", &s.students.to_string()),
                        ("overdue", &s.overdue.to_string()),
                        ("due", &s.due.to_string()),
                        ("pct", &pct(met, total)),
                    ],
                ),
                s.overdue > 0,
            )
        })
        .collect();
    cursor_list(f, area, head, rows, Some(t.cursor));
}
