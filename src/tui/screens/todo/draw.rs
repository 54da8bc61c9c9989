//! Drawing 待办 / 逾期: a counsellor's lines (overdue first, then by
//! deadline), a leader's college per counsellor with percentages.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use zhiban::app::compliance::{CollegeSummary, Counts, FindingOut};
use zhiban::app::reminders::Reminder;
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
    /// The counsellor's 待办 counted as the leader's list counts it.
    pub counts: Counts,
    /// The open 督办 to the counsellor shown.
    pub pressed: &'a [Reminder],
    /// A leader's drill-down: the 督办 are marked on their lines.
    pub leader: bool,
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
                    ("overdue", &t.counts.overdue.to_string()),
                    ("due", &t.counts.due.to_string()),
                    ("soon", &soon.to_string()),
                    ("all", &t.counts.all.to_string()),
                    ("shown", &t.lines.len().to_string()),
                    ("filter", tx.t(&format!("todo.filter_{}", t.filter))),
                ],
            ),
            bold(),
        ))];
        // only the lines that can be on screen are worded (a frame a key:
        // not every line of a long list), the cursor as far into them
        let room = (area.height as usize).saturating_sub(head.len());
        let from = t.cursor.saturating_sub(room);
        let to = t.cursor.saturating_add(room + 1).min(t.lines.len());
        let mut rows: Vec<(String, bool)> = t.lines[from.min(to)..to]
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
                let mark = if t.leader {
                    t.pressed
                        .iter()
                        .find(|r| r.is_about(l))
                        .map(|r| match r.note.as_deref() {
                            Some(n) => tx.f(
                                "todo.pressed_mark_note",
                                &[("at", &r.at), ("note", &safe_line(n))],
                            ),
                            None => tx.f("todo.pressed_mark", &[("at", &r.at)]),
                        })
                        .unwrap_or_default()
                } else {
                    String::new()
                };
                (
                    format!(
                        "{mark}[{}] {subject}{}{due} · {}",
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
        cursor_list(f, area, head, rows, Some(t.cursor - from.min(t.cursor)));
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
    head.extend(packed(&totals, area.width));
    for r in &c.college_rules {
        for x in &r.findings {
            head.push(Line::from(format!(
                "[{}] {}",
                tx.t(&format!("state.{}", x.state.code())),
                zhiban::app::compliance::why_text(m.app, &x.why)
            )));
        }
    }
    // several colleges (a school-wide leader): each line names its own
    let colleges = c
        .counsellors
        .iter()
        .map(|s| s.college.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len()
        > 1;
    let rows: Vec<(String, bool)> = c
        .counsellors
        .iter()
        .map(|s| {
            let share = s
                .met
                .map_or_else(|| "—".to_string(), |x| format!("{:.0}%", x * 100.0));
            (
                tx.f(
                    "todo.counsellor_line",
                    &[
                        ("pct", &format!("{share:>4}")),
                        ("overdue", &format!("{:>3}", s.overdue)),
                        ("due", &format!("{:>3}", s.due)),
                        ("all", &s.lines.to_string()),
                        ("name", &safe_line(&s.name)),
                        (
                            "college",
                            &if colleges {
                                format!("{} · ", safe_line(&s.college))
                            } else {
                                String::new()
                            },
                        ),
                        ("students", &s.students.to_string()),
                    ],
                ),
                s.overdue > 0,
            )
        })
        .collect();
    cursor_list(f, area, head, rows, Some(t.cursor));
}

/// Items packed into lines of `width` cells, never one split across two
/// ("计划 87%" stays whole), joined by " · ".
fn packed(items: &[String], width: u16) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthStr;
    let width = (width as usize).max(1);
    let mut out = Vec::new();
    let mut cur = String::new();
    for it in items {
        let add = if cur.is_empty() { 0 } else { 3 } + it.width();
        if !cur.is_empty() && cur.width() + add > width {
            out.push(Line::from(std::mem::take(&mut cur)));
        }
        if !cur.is_empty() {
            cur.push_str(" · ");
        }
        cur.push_str(it);
    }
    if !cur.is_empty() {
        out.push(Line::from(cur));
    }
    out
}
