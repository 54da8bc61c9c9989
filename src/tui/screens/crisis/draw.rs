//! 危机: the list of cases, and the stepper — one step on screen with its
//! guidance, contacts and do-confirm items, the time since opening and the
//! step's countdown; overdue steps marked with `!` (visible without colour).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use zhiban::app::crisis_desk::{CaseLine, CaseStatus};
use zhiban::config::Catalog;
use zhiban::domain::crisis::EventKind;
use zhiban::domain::sop::{CSSRS, StepState, cssrs_next};
use zhiban::domain::text::safe_line;

use super::{CaseScreen, Popup};
use crate::tui::form::draw::draw_form;
use crate::tui::screen::View;
use crate::tui::ui::{local, local_time, popup, selected, wrap_lines};

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

/// The cases one may see (or why they could not be read): open ones
/// first, each with what a reader must not misread — number, status,
/// level, kind, students, the step on turn, when it opened and how long it
/// has run; an overdue case marked in words, not by colour alone.
pub fn list(
    f: &mut Frame<'_>,
    m: &View<'_>,
    cases: &[CaseLine],
    cursor: usize,
    failed: Option<&str>,
    area: Rect,
) {
    let tx = &m.app.assets().text;
    let mut head = vec![Line::from(Span::styled(
        tx.t("crisis.list_title").to_string(),
        bold(),
    ))];
    if let Some(why) = failed {
        head.push(Line::from(Span::styled(
            safe_line(why).into_owned(),
            bold(),
        )));
    } else if cases.is_empty() {
        head.push(Line::from(tx.t("crisis.none").to_string()));
    }
    let now = m.app.now();
    let rows: Vec<Line<'static>> = cases
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let here = i == cursor;
            let text = tx.f(
                "crisis.row",
                &[
                    (
                        "mark",
                        &format!(
                            "{}{}",
                            if here { "> " } else { "  " },
                            if k.overdue {
                                format!("! {}", tx.t("crisis.row_overdue"))
                            } else {
                                String::new()
                            }
                        ),
                    ),
                    ("id", &k.id.to_string()),
                    ("status", tx.t(k.status.i18n_key())),
                    ("level", k.level.as_deref().unwrap_or("—")),
                    ("kind", &k.kind_in(tx)),
                    (
                        "students",
                        &k.students
                            .iter()
                            .cloned()
                            .chain(
                                k.unlisted
                                    .iter()
                                    .map(|n| tx.f("crisis.unlisted_mark", &[("name", n)])),
                            )
                            .collect::<Vec<_>>()
                            .join("、"),
                    ),
                    (
                        "step",
                        &match (&k.step, k.status) {
                            (Some(s), _) => format!(" · {s}"),
                            (None, CaseStatus::Closed) => String::new(),
                            (None, _) => format!(" · {}", tx.t("crisis.row_all_settled")),
                        },
                    ),
                    ("opened", &local(m.app, k.opened, "%m-%d %H:%M")),
                    ("ran", &mins(tx, k.ran_until.min(now) - k.opened)),
                ],
            );
            Line::from(Span::styled(
                safe_line(&text).into_owned(),
                if here { selected() } else { Style::default() },
            ))
        })
        .collect();
    // the cursor's row always in view (rows may wrap at 50 columns)
    let width = area.width.max(1);
    let room = (area.height as usize).saturating_sub(head.len()).max(1);
    let mut first = 0;
    let used = |from: usize| -> usize {
        rows[from..=cursor.min(rows.len().saturating_sub(1))]
            .iter()
            .map(|l| wrap_lines(vec![l.clone()], width).len())
            .sum()
    };
    while !rows.is_empty() && first < cursor && used(first) > room {
        first += 1;
    }
    let mut lines = head;
    lines.extend(rows.into_iter().skip(first));
    f.render_widget(Paragraph::new(wrap_lines(lines, area.width)), area);
}

/// A duration as a person says it: `41 分钟`, `2 小时 5 分`, `7 天`.
pub(super) fn mins(tx: &Catalog, d: chrono::Duration) -> String {
    tx.duration(d.num_minutes())
}

pub fn case(f: &mut Frame<'_>, m: &View<'_>, cs: &CaseScreen, area: Rect) {
    let tx = &m.app.assets().text;
    let v = &cs.view;
    let now = m.app.now();
    let students: Vec<String> = v
        .case
        .students
        .iter()
        .map(|s| safe_line(&s.2).into_owned())
        .chain(
            v.case
                .unlisted
                .iter()
                .map(|n| tx.f("crisis.unlisted_mark", &[("name", n)])),
        )
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
                // a closed case's time stops when it closed
                (
                    "elapsed",
                    &mins(
                        tx,
                        v.events
                            .iter()
                            .rev()
                            .find(|e| e.kind == EventKind::Close)
                            .map_or(now, |e| e.at)
                            - v.opened,
                    ),
                ),
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
                    &local_time(m.app, &zhiban::domain::clock::to_db(d), "%Y-%m-%d"),
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
                tx.f("crisis.overdue_by", &[("t", &mins(tx, now - d))])
            }
            (StepState::Open, Some(d)) => tx.f(
                "crisis.due_in",
                &[
                    ("t", &mins(tx, d - now)),
                    (
                        "at",
                        &local_time(m.app, &zhiban::domain::clock::to_db(d), "%H:%M"),
                    ),
                ],
            ),
            (_, _) => s
                .settled_at
                .map(|t| local_time(m.app, &zhiban::domain::clock::to_db(t), "%m-%d %H:%M"))
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
        // a step done shows what was recorded ticked with it (`✓item；…`)
        let recorded: Vec<String> = if s.state == StepState::Done {
            v.events
                .iter()
                .rev()
                .find(|e| e.kind == EventKind::Done && e.step.as_deref() == Some(&s.step.key))
                .and_then(|e| e.text.as_deref())
                .map(|t| {
                    t.split('；')
                        .filter_map(|x| x.strip_prefix('✓'))
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let ticked = cs.ticked();
        let open = s.state == StepState::Open && !v.now.closed;
        for (i, item) in s.step.confirm.iter().enumerate() {
            let on = ticked.get(i).copied().unwrap_or(false) || recorded.iter().any(|r| r == item);
            // the item under the cursor: `›` and reversed (Space ticks it)
            let here = open && i == cs.item;
            lines.push(Line::from(Span::styled(
                format!(
                    "  {} [{}] {}",
                    if here { "›" } else { " " },
                    if on { "x" } else { " " },
                    safe_line(item)
                ),
                if here { selected() } else { Style::default() },
            )));
        }
        // the step's numbers, from the case's people and the school's file
        if let Some(c) = cs.contacts.as_ref() {
            lines.extend(super::contacts::step_lines(tx, c, &s.step.contacts));
        }
        for key in s.step.contacts.iter().filter(|_| cs.contacts.is_none()) {
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
                local_time(m.app, &zhiban::domain::clock::to_db(e.at), "%H:%M"),
                safe_line(&e.by),
                tx.t(&format!("crisis.event_{}", e.kind.code())),
                e.text
                    .as_deref()
                    .map(|t| format!("：{}", safe_line(t)))
                    .unwrap_or_default()
            )));
        }
    }
    let body = wrap_lines(lines, area.width);
    let used = u16::try_from(body.len()).unwrap_or(u16::MAX);
    f.render_widget(Paragraph::new(body), area);
    // the case's other numbers in the rows left below the step
    if let (Some(c), Some(s)) = (cs.contacts.as_ref(), v.now.steps.get(cs.shown))
        && used.saturating_add(2) < area.height
    {
        let rest = Rect {
            y: area.y + used + 1,
            height: area.height - used - 1,
            ..area
        };
        super::contacts::draw_contacts(f, rest, c, tx, &s.step.contacts, 0);
    }
    if let Some(p) = &cs.popup {
        draw_popup(f, m, p, area);
    }
}

fn draw_popup(f: &mut Frame<'_>, m: &View<'_>, p: &Popup, area: Rect) {
    let tx = &m.app.assets().text;
    match p {
        Popup::Form(form) => draw_form(f, area, form, tx, m.focused),
        Popup::Level => {
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
        Popup::Screen(answers, _) => {
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
