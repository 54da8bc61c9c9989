//! 待办 / 逾期: a counsellor's lines (overdue first, then by deadline), a
//! leader's college per counsellor with percentages, and the record form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::model::Model;
use crate::tui::record_form::{FieldKind, RecordForm, RecordWhat};
use crate::tui::todo::TodoUi;
use crate::tui::view::{draw_input, selected};
use crate::tui::widgets::{cursor_list, popup};
use zhiban::domain::text::safe_line;

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

pub fn draw(f: &mut Frame<'_>, m: &Model, area: Rect) {
    let Some(t) = &m.todo else { return };
    let tx = &m.app.assets().text;
    if let Some(note) = &t.note {
        f.render_widget(Paragraph::new(safe_line(note).into_owned()), area);
    } else if t.who.is_none() {
        draw_college(f, m, t, area);
    } else {
        let (login, name) = t.who.clone().unwrap_or_default();
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
    if let Some(form) = &t.form {
        draw_form(f, m, form, area);
    }
}

fn draw_college(f: &mut Frame<'_>, m: &Model, t: &TodoUi, area: Rect) {
    let tx = &m.app.assets().text;
    let Some(c) = &t.college else { return };
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
    head.extend(crate::tui::wrap::wrap_lines(
        vec![Line::from(totals.join(" · "))],
        area.width,
    ));
    for r in &c.college_rules {
        for x in &r.findings {
            head.push(Line::from(format!(
                "[{}] {}",
                tx.t(&format!("state.{}", x.state.code())),
                zhiban::app::compliance::why_text(&m.app, &x.why)
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

pub fn draw_form(f: &mut Frame<'_>, m: &Model, form: &RecordForm, area: Rect) {
    let tx = &m.app.assets().text;
    let title = tx.t(match form.what {
        RecordWhat::Talk => "form.talk_title",
        RecordWhat::Contact => "form.contact_title",
        RecordWhat::Ledger => "form.ledger_title",
        RecordWhat::Support => "form.support_title",
        RecordWhat::Crisis => "form.crisis_title",
        RecordWhat::Sweep => "form.sweep_title",
    });
    let text_rows: u16 = 4;
    let matches = if matches!(form.focused().map(|x| &x.kind), Some(FieldKind::Student)) {
        form.matches.len() as u16
    } else {
        0
    };
    let h = form.fields.len() as u16 + text_rows - 1 + matches + 2;
    let inner = popup(f, area, 76, h, title.to_string());
    let lw = 12u16.min(inner.width);
    let bottom = inner.y + inner.height;
    let mut y = inner.y;
    for (i, fd) in form.fields.iter().enumerate() {
        if y >= bottom {
            break;
        }
        let focus = i == form.focus;
        let label = format!(
            "{}{}",
            if focus { ">" } else { " " },
            tx.t(&format!("form.{}", fd.key))
        );
        f.render_widget(
            Paragraph::new(Span::styled(
                label,
                if focus { bold() } else { Style::default() },
            )),
            Rect::new(inner.x, y, lw, 1),
        );
        let vx = inner.x + lw;
        let vw = inner.width.saturating_sub(lw);
        let h = if fd.kind == FieldKind::Text {
            text_rows.min(bottom - y)
        } else {
            1
        };
        let value_area = Rect::new(vx, y, vw, h);
        match &fd.kind {
            FieldKind::Choice(opts) => {
                let v = opts.get(fd.choice).map(|o| o.1.as_str()).unwrap_or("");
                let shown = if focus {
                    format!("◀ {} ▶", safe_line(v))
                } else {
                    safe_line(v).into_owned()
                };
                f.render_widget(
                    Paragraph::new(Span::styled(
                        shown,
                        if focus { selected() } else { Style::default() },
                    )),
                    value_area,
                );
            }
            FieldKind::Toggle => {
                f.render_widget(
                    Paragraph::new(format!(
                        "[{}] {}",
                        if fd.on { "x" } else { " " },
                        tx.t("form.toggle_hint")
                    )),
                    value_area,
                );
            }
            FieldKind::Student
                if form.student.is_some() && fd.input.lines().join("").is_empty() =>
            {
                let s = form
                    .student
                    .iter()
                    .chain(&form.more)
                    .map(|p| format!("{} {}", safe_line(&p.name), p.no))
                    .collect::<Vec<_>>()
                    .join("、");
                f.render_widget(Paragraph::new(Span::styled(s, bold())), value_area);
                if focus {
                    f.set_cursor_position((vx, y));
                }
            }
            _ => {
                let mut ta = fd.input.clone();
                ta.set_style(if focus {
                    Style::default().add_modifier(Modifier::UNDERLINED)
                } else {
                    Style::default()
                });
                draw_input(f, &ta, value_area, focus);
            }
        }
        y += h;
        if focus && fd.kind == FieldKind::Student {
            for (k, p) in form.matches.iter().enumerate() {
                if y >= bottom {
                    break;
                }
                let here = k == form.pick;
                f.render_widget(
                    Paragraph::new(Span::styled(
                        format!(
                            "{}{} {}",
                            if here { "> " } else { "  " },
                            safe_line(&p.name),
                            p.no
                        ),
                        if here { selected() } else { Style::default() },
                    )),
                    Rect::new(vx, y, vw, 1),
                );
                y += 1;
            }
        }
    }
}
