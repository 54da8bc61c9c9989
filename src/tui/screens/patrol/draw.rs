//! Drawing the 查寝 start view, a patrol's summary and past patrols.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use zhiban::app::affordances;
use zhiban::domain::clock::{from_db, school_tz};
use zhiban::domain::patrol::PatrolKind;
use zhiban::domain::text::safe_line;

use super::start::{SCOPES, StartState, Todo};
use super::{HistoryState, SummaryState};
use crate::tui::form::draw::draw_form;
use crate::tui::screen::View;
use crate::tui::ui::list::cursor_list;
use crate::tui::ui::{bold, selected, wrap_lines};

/// The start view could not be read.
pub fn failed(f: &mut Frame<'_>, why: &str, area: Rect) {
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
}

pub fn start(f: &mut Frame<'_>, m: &View<'_>, s: &StartState, area: Rect) {
    let tx = &m.app.assets().text;
    let mut lines = vec![Line::from(Span::styled(
        tx.t(if affordances::patrols(m.app) {
            "patrol.choose"
        } else {
            "patrol.not_for_role"
        })
        .to_string(),
        bold(),
    ))];
    if s.buildings.is_empty() {
        lines.push(Line::from(tx.t("patrol.no_buildings").to_string()));
    }
    let list_rows = (area.height as usize).saturating_sub(7).max(1);
    let start = s.cursor.saturating_sub(list_rows - 1);
    for (i, (_, name)) in s.buildings.iter().enumerate().skip(start).take(list_rows) {
        let style = if i == s.cursor {
            selected()
        } else {
            Style::default()
        };
        let mark = if i == s.cursor { "> " } else { "  " };
        lines.push(Line::from(Span::styled(
            format!("{mark}{}", safe_line(name)),
            style,
        )));
    }
    lines.push(Line::from(format!(
        "{}: [{}]    {}: [{}]",
        tx.t("patrol.scope"),
        tx.t(SCOPES[s.scope]),
        tx.t("patrol.kind"),
        tx.t(PatrolKind::ALL[s.kind].i18n_key())
    )));
    if s.scope == 1 {
        let floors = if s.floors.trim().is_empty() {
            tx.t("patrol.floors_hint").to_string()
        } else {
            safe_line(&s.floors).into_owned()
        };
        lines.push(Line::from(format!("{}: {floors}", tx.t("patrol.floors"))));
    }
    if let Some(p) = &s.unfinished {
        let when = from_db(&p.started_at)
            .map(|t| {
                t.with_timezone(&school_tz(m.app.assets().calendar.utc_offset_hours))
                    .format("%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        lines.push(Line::from(Span::styled(
            tx.f(
                "patrol.unfinished",
                &[
                    ("building", &safe_line(&p.building)),
                    ("when", &when),
                    ("n", &(p.position + 1).to_string()),
                    ("total", &p.rooms.len().to_string()),
                ],
            ),
            bold(),
        )));
    }
    lines.push(Line::from(tx.f(
        "patrol.due",
        &[
            ("rooms", &s.rooms_due.to_string()),
            ("open", &s.follow_ups.0.to_string()),
            ("overdue", &s.follow_ups.1.to_string()),
        ],
    )));
    if !s.due_names.is_empty() {
        let more = if s.rooms_due > s.due_names.len() {
            " …"
        } else {
            ""
        };
        let names: Vec<String> = s
            .due_names
            .iter()
            .map(|n| safe_line(n).into_owned())
            .collect();
        lines.push(Line::from(format!("  {}{more}", names.join("、"))));
    }
    let lines = wrap_lines(lines, area.width);
    let top = (lines.len() as u16).min(area.height);
    f.render_widget(
        Paragraph::new(lines),
        Rect::new(area.x, area.y, area.width, top),
    );
    // the follow-ups and hazards to do: a list kept in view under the rest
    if !s.todo.is_empty() && area.height > top {
        let head = vec![Line::from(Span::styled(
            tx.t("patrol.todo_title").to_string(),
            bold(),
        ))];
        let mut rows = Vec::new();
        for item in &s.todo {
            let text = match item {
                Todo::FollowUp {
                    who,
                    status,
                    due,
                    overdue,
                    ..
                } => {
                    let mut t = tx.f(
                        "patrol.todo_follow_up",
                        &[
                            ("who", &safe_line(who)),
                            ("status", &tx.s(&status.i18n_key())),
                            ("due", due),
                        ],
                    );
                    if *overdue {
                        t.push_str(&format!(" [{}]", tx.t("patrol.overdue")));
                    }
                    t
                }
                Todo::Hazard {
                    room, label, found, ..
                } => tx.f(
                    "patrol.todo_hazard",
                    &[
                        ("room", &safe_line(room)),
                        ("label", &safe_line(label)),
                        ("found", found),
                    ],
                ),
            };
            rows.push((text, false));
        }
        cursor_list(
            f,
            Rect::new(area.x, area.y + top, area.width, area.height - top),
            head,
            rows,
            s.on_todo.then_some(s.todo_cursor),
        );
    }
    if let Some(form) = &s.form {
        // a follow-up's numbers above its form (issue 14)
        let id = form.about.get("follow_up").and_then(|x| x.as_i64());
        let area = match &s.contacts {
            Some((c, contacts)) if Some(*c) == id => {
                super::follow_up::draw_contacts(f, m, contacts, area)
            }
            _ => area,
        };
        draw_form(f, area, form, tx, m.focused);
    }
}

pub fn summary(f: &mut Frame<'_>, m: &View<'_>, s: &SummaryState, area: Rect) {
    let tx = &m.app.assets().text;
    let sm = &s.summary;
    let mut lines = vec![
        Line::from(Span::styled(
            tx.f(
                "patrol.done",
                &[
                    ("building", &safe_line(&s.patrol.building)),
                    ("kind", tx.t(s.patrol.kind.i18n_key())),
                ],
            ),
            bold(),
        )),
        Line::from(tx.f(
            "patrol.counts",
            &[
                ("checked", &sm.checked.to_string()),
                ("skipped", &sm.skipped.len().to_string()),
                ("unvisited", &sm.unvisited.len().to_string()),
            ],
        )),
    ];
    for (room, reason) in &sm.skipped {
        lines.push(Line::from(format!(
            "  {}: {} ({})",
            tx.t("patrol.skipped"),
            safe_line(room),
            safe_line(reason)
        )));
    }
    for (room, secs) in &sm.too_fast {
        lines.push(Line::from(tx.f(
            "patrol.too_fast",
            &[("room", &safe_line(room)), ("secs", &secs.to_string())],
        )));
    }
    if !sm.unvisited.is_empty() {
        lines.push(Line::from(format!(
            "  {}: {}",
            tx.t("patrol.unvisited"),
            sm.unvisited.join(" ")
        )));
    }
    // "单磊 (203) — 夜不归宿", the room as 晚归 names it
    for (sid, status, room) in &sm.absent {
        let who = s.names.get(sid).cloned().unwrap_or_default();
        lines.push(Line::from(Span::styled(
            format!(
                "  {} ({}) — {}",
                safe_line(&who),
                safe_line(room),
                tx.s(&status.i18n_key())
            ),
            bold(),
        )));
    }
    for (room, hz) in &sm.hazards {
        let label = m
            .app
            .assets()
            .checklist
            .hazard(hz)
            .map(|h| h.label.clone())
            .unwrap_or_else(|| hz.clone());
        lines.push(Line::from(format!(
            "  {}: {} {label}",
            tx.t("patrol.hazards"),
            safe_line(room)
        )));
    }
    if !sm.late.is_empty() {
        let who: Vec<String> = sm
            .late
            .iter()
            .map(|(sid, room)| {
                let name = s.names.get(sid).cloned().unwrap_or_default();
                format!("{} ({})", safe_line(&name), safe_line(room))
            })
            .collect();
        lines.push(Line::from(format!(
            "  {}: {}",
            tx.t("patrol.late"),
            who.join("、")
        )));
    }
    if !sm.poor_hygiene.is_empty() {
        let rooms: Vec<String> = sm
            .poor_hygiene
            .iter()
            .map(|(room, grade)| format!("{} {}", safe_line(room), safe_line(grade)))
            .collect();
        lines.push(Line::from(format!(
            "  {}: {}",
            tx.t("patrol.poor_hygiene"),
            rooms.join("、")
        )));
    }
    if !sm.notes.is_empty() {
        lines.push(Line::from(format!("  {}:", tx.t("patrol.notes"))));
        for (room, note) in &sm.notes {
            lines.push(Line::from(format!(
                "    {}: {}",
                safe_line(room),
                safe_line(note)
            )));
        }
    }
    if sm.follow_ups_raised > 0 {
        lines.push(Line::from(tx.f(
            "patrol.follow_ups",
            &[
                ("n", &sm.follow_ups_raised.to_string()),
                ("by", &m.app.assets().checklist.night_ends),
            ],
        )));
    }
    // a long summary scrolls (↑↓, PgUp/PgDn, Home/End)
    let lines = wrap_lines(lines, area.width);
    let last = lines.len().saturating_sub(area.height as usize);
    s.last_top.set(last);
    let top = s.top.min(last);
    f.render_widget(Paragraph::new(lines).scroll((top as u16, 0)), area);
}

pub fn history(f: &mut Frame<'_>, m: &View<'_>, h: &HistoryState, area: Rect) {
    let tx = &m.app.assets().text;
    let tz = school_tz(m.app.assets().calendar.utc_offset_hours);
    let mut lines = vec![Line::from(Span::styled(
        tx.t("patrol.history").to_string(),
        bold(),
    ))];
    if h.rows.is_empty() {
        lines.push(Line::from(tx.t("patrol.no_history").to_string()));
    }
    let rows_fit = (area.height as usize).saturating_sub(1).max(1);
    let start = h.cursor.saturating_sub(rows_fit - 1);
    for (i, (p, s)) in h.rows.iter().enumerate().skip(start).take(rows_fit) {
        let when = from_db(&p.started_at)
            .map(|t| t.with_timezone(&tz).format("%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let mut text = format!(
            "{when} {} {} {}  {}",
            safe_line(&p.building),
            tx.t(p.kind.i18n_key()),
            safe_line(&p.staff),
            tx.f(
                "patrol.history_counts",
                &[
                    ("checked", &s.checked.to_string()),
                    ("total", &s.rooms.to_string()),
                    ("skipped", &s.skipped.len().to_string()),
                    ("fast", &s.too_fast.len().to_string()),
                    ("absent", &s.absent.len().to_string()),
                ],
            )
        );
        if p.finished_at.is_none() {
            text.push_str(&format!(" [{}]", tx.t("patrol.unfinished_mark")));
        }
        let here = i == h.cursor;
        let style = if here { selected() } else { Style::default() };
        lines.push(Line::from(Span::styled(
            format!("{}{text}", if here { "> " } else { "  " }),
            style,
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
}
