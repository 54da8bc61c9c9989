//! 危机: the list of cases, and the stepper — one step on screen with its
//! guidance, contacts and do-confirm items, the time since opening and the
//! step's countdown; overdue steps marked with `!` (visible without colour).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::crisis::{CaseScreen, CrisisPopup};
use crate::tui::model::Model;
use crate::tui::view::{draw_input, local_time, selected};
use crate::tui::widgets::popup;
use crate::tui::wrap::wrap_lines;
use zhiban::domain::crisis::EventKind;
use zhiban::domain::sop::{CSSRS, StepState, cssrs_next};
use zhiban::domain::text::safe_line;

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

pub fn draw(f: &mut Frame<'_>, m: &Model, area: Rect) {
    let Some(c) = &m.crisis else { return };
    let tx = &m.app.assets().text;
    match &c.case {
        Some(cs) => draw_case(f, m, cs, area),
        None => {
            let mut lines = vec![Line::from(Span::styled(
                tx.t("crisis.list_title").to_string(),
                bold(),
            ))];
            if c.cases.is_empty() {
                lines.push(Line::from(tx.t("crisis.none").to_string()));
            }
            for (i, k) in c.cases.iter().enumerate() {
                let students: Vec<String> = k
                    .students
                    .iter()
                    .map(|s| safe_line(&s.2).into_owned())
                    .collect();
                let here = i == c.cursor;
                lines.push(Line::from(Span::styled(
                    format!(
                        "{}#{} {} {} {} — {}",
                        if here { "> " } else { "  " },
                        k.id,
                        local_time(m, &k.opened_at, "%m-%d %H:%M"),
                        tx.t(&format!("crisis.kind_{}", k.kind)),
                        students.join("、"),
                        safe_line(&k.opener)
                    ),
                    if here { selected() } else { Style::default() },
                )));
            }
            f.render_widget(Paragraph::new(wrap_lines(lines, area.width)), area);
        }
    }
    if let Some(form) = &c.form {
        super::todo::draw_form(f, m, form, area);
    }
}

fn mins(d: chrono::Duration) -> String {
    let m = d.num_minutes().abs();
    if m >= 60 * 24 {
        format!("{}d{}h", m / 1440, (m % 1440) / 60)
    } else if m >= 60 {
        format!("{}h{:02}m", m / 60, m % 60)
    } else {
        format!("{m}m")
    }
}

fn draw_case(f: &mut Frame<'_>, m: &Model, cs: &CaseScreen, area: Rect) {
    let tx = &m.app.assets().text;
    let v = &cs.view;
    let now = m.app.now();
    let students: Vec<String> = v
        .case
        .students
        .iter()
        .map(|s| safe_line(&s.2).into_owned())
        .collect();
    let level = v
        .now
        .level
        .as_deref()
        .map(|k| {
            m.app
                .assets()
                .crisis
                .level(k)
                .map_or(k.to_string(), |l| l.name.clone())
        })
        .unwrap_or_else(|| "—".into());
    let mut lines = vec![Line::from(Span::styled(
        tx.f(
            "crisis.head",
            &[
                ("id", &v.case.id.to_string()),
                ("kind", &safe_line(&v.template.name)),
                ("students", &students.join("、")),
                ("elapsed", &mins(now - v.opened)),
                ("level", &safe_line(&level)),
            ],
        ),
        bold(),
    ))];
    // the progress: every step, one mark each
    let marks: Vec<String> = v
        .now
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mark = match s.state {
                StepState::Done => "✓",
                StepState::Skipped => "↷",
                StepState::NotApplicable => "–",
                StepState::Open if s.overdue => "!",
                StepState::Open => "·",
            };
            if i == cs.shown {
                format!("[{mark}{}]", safe_line(&s.step.title))
            } else {
                mark.to_string()
            }
        })
        .collect();
    lines.push(Line::from(marks.join(" ")));
    if v.now.closed {
        lines.push(Line::from(Span::styled(
            tx.t("crisis.closed").to_string(),
            bold(),
        )));
    }
    // a phase whose required steps are all settled waits to be closed
    if !v.now.closed
        && !v.now.phase_closed.contains_key(&v.now.phase)
        && v.now.unsettled(Some(&v.now.phase)).is_empty()
    {
        let name = v
            .template
            .phases
            .iter()
            .find(|p| p.key == v.now.phase)
            .map(|p| p.name.as_str())
            .unwrap_or("");
        lines.push(Line::from(Span::styled(
            tx.f("crisis.phase_ready", &[("phase", &safe_line(name))]),
            bold(),
        )));
    }
    // once the acute phase is over, the review's deadline is always in view
    if let Some(r) = v
        .now
        .steps
        .iter()
        .find(|s| s.step.key == "review" && s.state == StepState::Open)
        && let Some(d) = r.due
    {
        lines.push(Line::from(Span::styled(
            tx.f(
                "crisis.review_due",
                &[(
                    "date",
                    &local_time(m, &zhiban::domain::clock::to_db(d), "%Y-%m-%d"),
                )],
            ),
            bold(),
        )));
    }
    if let Some(s) = v.now.steps.get(cs.shown) {
        let state = tx
            .t(&format!("crisis.state_{}", s.state.code()))
            .to_string();
        let clock = match (s.state, s.due) {
            (StepState::Open, Some(d)) if now > d => {
                tx.f("crisis.overdue_by", &[("t", &mins(now - d))])
            }
            (StepState::Open, Some(d)) => tx.f(
                "crisis.due_in",
                &[
                    ("t", &mins(d - now)),
                    (
                        "at",
                        &local_time(m, &zhiban::domain::clock::to_db(d), "%H:%M"),
                    ),
                ],
            ),
            (_, _) => s
                .settled_at
                .map(|t| local_time(m, &zhiban::domain::clock::to_db(t), "%m-%d %H:%M"))
                .unwrap_or_default(),
        };
        let phase = v
            .template
            .phases
            .iter()
            .find(|p| p.key == s.step.phase)
            .map(|p| p.name.as_str())
            .unwrap_or("");
        let title_style = if s.overdue {
            bold().add_modifier(Modifier::REVERSED)
        } else {
            bold()
        };
        lines.push(Line::from(Span::styled(
            format!(
                "{}{} · {} · {}{} · {clock}",
                if s.overdue { "! " } else { "" },
                safe_line(&s.step.title),
                safe_line(phase),
                state,
                if s.step.required {
                    ""
                } else {
                    tx.t("crisis.optional")
                },
            ),
            title_style,
        )));
        for g in s.step.guidance.lines() {
            lines.push(Line::from(safe_line(g).into_owned()));
        }
        for (i, item) in s.step.confirm.iter().enumerate() {
            let on = cs.ticked.get(i).copied().unwrap_or(false);
            lines.push(Line::from(format!(
                "  {} [{}] {}",
                i + 1,
                if on { "x" } else { " " },
                safe_line(item)
            )));
        }
        for key in &s.step.contacts {
            let line = if key == "leader_on_call" {
                tx.f(
                    "crisis.leader_on_call",
                    &[("leader", &safe_line(cs.leader.as_deref().unwrap_or("—")))],
                )
            } else {
                match m.app.assets().crisis.contact(key) {
                    Some(c) => format!("☎ {}：{}", safe_line(&c.name), safe_line(&c.phone)),
                    None => format!("☎ {key}"),
                }
            };
            lines.push(Line::from(line));
        }
        // what was said on this step
        for e in v
            .events
            .iter()
            .filter(|e| e.step.as_deref() == Some(s.step.key.as_str()))
        {
            lines.push(Line::from(format!(
                "  {} {} {}{}",
                local_time(m, &zhiban::domain::clock::to_db(e.at), "%H:%M"),
                safe_line(&e.by),
                tx.t(&format!("crisis.event_{}", e.kind.code())),
                e.text
                    .as_deref()
                    .map(|t| format!("：{}", safe_line(t)))
                    .unwrap_or_default()
            )));
        }
    }
    f.render_widget(Paragraph::new(wrap_lines(lines, area.width)), area);
    if let Some(p) = &cs.popup {
        draw_popup(f, m, p, area);
    }
}

fn draw_popup(f: &mut Frame<'_>, m: &Model, p: &CrisisPopup, area: Rect) {
    let tx = &m.app.assets().text;
    match p {
        CrisisPopup::Text(kind, t) => {
            let key = match kind {
                EventKind::Skipped => "crisis.reason_skip",
                EventKind::NotApplicable => "crisis.reason_na",
                EventKind::Close => "crisis.outcome",
                _ => "crisis.note",
            };
            let inner = popup(f, area, 60, 5, tx.t(key).to_string());
            draw_input(f, t, inner, true);
        }
        CrisisPopup::Level(None, _) => {
            let legend: Vec<String> = m
                .app
                .assets()
                .crisis
                .levels
                .iter()
                .enumerate()
                .map(|(i, l)| format!("{} {}", i + 1, safe_line(&l.name)))
                .collect();
            let inner = popup(f, area, 60, 4, tx.t("crisis.pick_level").to_string());
            f.render_widget(
                Paragraph::new(wrap_lines(vec![Line::from(legend.join("  "))], inner.width)),
                inner,
            );
        }
        CrisisPopup::Level(Some(i), t) => {
            let name = m
                .app
                .assets()
                .crisis
                .levels
                .get(*i)
                .map(|l| l.name.clone())
                .unwrap_or_default();
            let inner = popup(
                f,
                area,
                60,
                5,
                tx.f("crisis.level_reason", &[("level", &safe_line(&name))]),
            );
            draw_input(f, t, inner, true);
        }
        CrisisPopup::Screen(answers, _) => {
            let text = match cssrs_next(answers) {
                Some(q) => format!("{}. {}", q + 1, CSSRS[q]),
                None => tx.t("crisis.cssrs_recent").to_string(),
            };
            let inner = popup(f, area, 64, 5, tx.t("crisis.cssrs_title").to_string());
            f.render_widget(
                Paragraph::new(wrap_lines(vec![Line::from(text)], inner.width)),
                inner,
            );
        }
    }
}
