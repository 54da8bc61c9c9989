//! 查寝: the start view, one room per screen, and the summary.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::model::Model;
use crate::tui::patrol::{
    HistoryState, PatrolUi, RoomPopup, RoomState, SCOPES, StartState, SummaryState, Todo, TodoForm,
};
use crate::tui::view::{draw_input, selected};
use crate::tui::widgets::popup;
use crate::tui::wrap::wrap_lines;
use zhiban::domain::clock::{from_db, school_tz};
use zhiban::domain::patrol::PatrolKind;
use zhiban::domain::text::{pad_cells, safe_line};

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

pub fn draw(f: &mut Frame<'_>, m: &Model, area: Rect) {
    match &m.patrol {
        None => {}
        Some(PatrolUi::Start(s)) => draw_start(f, m, s, area),
        Some(PatrolUi::Room(r)) => draw_room(f, m, r, area),
        Some(PatrolUi::Summary(s)) => draw_summary(f, m, s, area),
        Some(PatrolUi::History(h)) => draw_history(f, m, h, area),
    }
}

fn draw_start(f: &mut Frame<'_>, m: &Model, s: &StartState, area: Rect) {
    let tx = &m.app.assets().text;
    let mut lines = vec![Line::from(Span::styled(
        tx.t("patrol.choose").to_string(),
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
    let floors_row = lines.len();
    if s.scope == 1 {
        lines.push(Line::from(format!("{}: ", tx.t("patrol.floors"))));
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
    if !s.todo.is_empty() {
        lines.push(Line::from(Span::styled(
            tx.t("patrol.todo_title").to_string(),
            bold(),
        )));
        for (i, item) in s.todo.iter().enumerate() {
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
            let here = s.on_todo && i == s.todo_cursor;
            let style = if here { selected() } else { Style::default() };
            lines.push(Line::from(Span::styled(
                format!("{}{text}", if here { "> " } else { "  " }),
                style,
            )));
        }
    }
    let lines = wrap_lines(lines, area.width);
    f.render_widget(Paragraph::new(lines), area);
    if let Some(form) = &s.form {
        draw_todo_form(f, m, form, area);
        return;
    }
    if s.scope == 1 {
        let label_w =
            unicode_width::UnicodeWidthStr::width(format!("{}: ", tx.t("patrol.floors")).as_str())
                as u16;
        let y = area.y + floors_row as u16;
        if y < area.y + area.height {
            let field = Rect {
                x: area.x + label_w,
                y,
                width: area.width.saturating_sub(label_w).min(30),
                height: 1,
            };
            let mut ta = s.floors.clone();
            ta.set_style(if s.editing_floors {
                Style::default().add_modifier(Modifier::UNDERLINED)
            } else {
                Style::default()
            });
            draw_input(f, &ta, field, s.editing_floors);
        }
    }
}

fn minutes_ago(m: &Model, at: &str) -> i64 {
    from_db(at)
        .map(|t| (m.app.now() - t).num_minutes().max(0))
        .unwrap_or(0)
}

fn draw_room(f: &mut Frame<'_>, m: &Model, r: &RoomState, area: Rect) {
    let tx = &m.app.assets().text;
    let sc = &r.screen;
    let elapsed = from_db(&sc.patrol.started_at)
        .map(|t| (m.app.now() - t).num_minutes().max(0))
        .unwrap_or(0);
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!(
                "{} {}",
                safe_line(&sc.patrol.building),
                safe_line(&sc.room.number)
            ),
            bold(),
        ),
        Span::raw(format!(
            "  {}/{}  {}  [{}]",
            sc.seq + 1,
            sc.patrol.rooms.len(),
            tx.f("patrol.elapsed", &[("min", &elapsed.to_string())]),
            tx.t(sc.patrol.kind.i18n_key())
        )),
    ])];
    if let Some((at, who)) = &sc.other {
        // someone on the same night: how long ago; else when
        let mins = minutes_ago(m, at);
        let line = if mins < 12 * 60 {
            tx.f(
                "patrol.checked_by",
                &[("min", &mins.to_string()), ("who", &safe_line(who))],
            )
        } else {
            let when = from_db(at)
                .map(|t| {
                    t.with_timezone(&school_tz(m.app.assets().calendar.utc_offset_hours))
                        .format("%m-%d %H:%M")
                        .to_string()
                })
                .unwrap_or_default();
            tx.f(
                "patrol.last_checked",
                &[("when", &when), ("who", &safe_line(who))],
            )
        };
        lines.push(Line::from(line));
    }
    let past: Vec<String> = sc
        .history
        .iter()
        .filter(|(at, ..)| sc.current.as_ref().is_none_or(|c| &c.saved_at != at))
        .take(3)
        .map(|(at, hy, skipped, who)| {
            let when = from_db(at)
                .map(|t| {
                    t.with_timezone(&school_tz(m.app.assets().calendar.utc_offset_hours))
                        .format("%m-%d")
                        .to_string()
                })
                .unwrap_or_default();
            let what = match (skipped, hy) {
                (Some(_), _) => tx.t("patrol.skipped").to_string(),
                (None, Some(h)) => safe_line(h).into_owned(),
                (None, None) => "—".into(),
            };
            format!("{when} {what} {}", safe_line(who))
        })
        .collect();
    if !past.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("{}: {}", tx.t("patrol.room_history"), past.join(" · ")),
            Style::default().add_modifier(Modifier::DIM),
        )));
    }
    if let Some(c) = &sc.current {
        let key = if c.skipped_reason.is_some() {
            "patrol.saved_skipped"
        } else {
            "patrol.saved"
        };
        lines.push(Line::from(tx.f(
            key,
            &[("reason", c.skipped_reason.as_deref().unwrap_or(""))],
        )));
    }
    let students: Vec<i64> = r.students();
    for b in &sc.beds {
        let (name, no, id, caution) = match &b.student {
            Some(s) => (
                safe_line(&s.name).into_owned(),
                safe_line(&s.student_no).into_owned(),
                Some(s.id),
                s.caution || !s.flags.is_empty(),
            ),
            None => (
                tx.t("patrol.empty_bed").to_string(),
                String::new(),
                None,
                false,
            ),
        };
        let status = id
            .and_then(|i| r.marks.get(&i))
            .map(|p| tx.s(&p.i18n_key()))
            .unwrap_or_else(|| {
                if id.is_some() {
                    "—".to_string()
                } else {
                    String::new()
                }
            });
        let mut text = format!(
            "{} {} {} {}",
            pad_cells(&b.bed, 3),
            pad_cells(&name, 10),
            pad_cells(&no, 12),
            pad_cells(&status, 10)
        );
        if let Some((kind, note)) = &b.absence {
            let label = tx.s(&format!("patrol.absence_{kind}"));
            text.push_str(&format!(
                " ({label}{})",
                note.as_deref()
                    .map(|n| format!(" {}", safe_line(n)))
                    .unwrap_or_default()
            ));
        }
        if caution {
            text.push_str(&format!(" !{}", tx.t("flagshort.caution")));
        }
        let is_cursor = id.is_some() && students.get(r.cursor) == id.as_ref();
        let style = if is_cursor {
            selected()
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(
            format!("{}{text}", if is_cursor { "> " } else { "  " }),
            style,
        )));
    }
    for (id, who) in &r.extra {
        let status = r
            .marks
            .get(id)
            .map(|p| tx.s(&p.i18n_key()))
            .unwrap_or_else(|| "—".into());
        let is_cursor = students.get(r.cursor) == Some(id);
        let text = format!(
            "+   {} {} ({})",
            pad_cells(&safe_line(who), 23),
            pad_cells(&status, 10),
            tx.t("patrol.not_in_roster")
        );
        let style = if is_cursor {
            selected()
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(
            format!("{}{text}", if is_cursor { "> " } else { "  " }),
            style,
        )));
    }
    let hazard_names: Vec<String> = r
        .hazards
        .iter()
        .map(|h| {
            m.app
                .assets()
                .checklist
                .hazard(h)
                .map(|x| x.label.clone())
                .unwrap_or_else(|| h.clone())
        })
        .collect();
    lines.push(Line::from(format!(
        "{}: {}    {}: {}",
        tx.t("patrol.hygiene"),
        r.hygiene.as_deref().unwrap_or("—"),
        tx.t("patrol.hazards"),
        if hazard_names.is_empty() {
            "—".to_string()
        } else {
            hazard_names.join("、")
        }
    )));
    if !r.note.is_empty() {
        lines.push(Line::from(format!(
            "{}: {}",
            tx.t("patrol.note"),
            safe_line(&r.note)
        )));
    }
    lines.push(Line::from(Span::styled(
        tx.t("patrol.legend").to_string(),
        Style::default().add_modifier(Modifier::DIM),
    )));
    f.render_widget(Paragraph::new(wrap_lines(lines, area.width)), area);
    if let Some(p) = &r.popup {
        draw_popup(f, m, r, p, area);
    }
}

fn draw_popup(f: &mut Frame<'_>, m: &Model, r: &RoomState, p: &RoomPopup, area: Rect) {
    let tx = &m.app.assets().text;
    let cl = &m.app.assets().checklist;
    let (title, lines, h): (String, Vec<Line>, u16) = match p {
        RoomPopup::Hazards => {
            let lines: Vec<Line> = cl
                .hazards
                .iter()
                .enumerate()
                .map(|(i, hz)| {
                    Line::from(format!(
                        "{} [{}] {}",
                        i + 1,
                        if r.hazards.contains(&hz.id) { "x" } else { " " },
                        hz.label
                    ))
                })
                .collect();
            let n = lines.len() as u16;
            (tx.t("patrol.hazards").to_string(), lines, n + 2)
        }
        RoomPopup::Skip(c) => {
            let lines: Vec<Line> = cl
                .skip_reasons
                .iter()
                .enumerate()
                .map(|(i, reason)| {
                    let style = if i == *c {
                        selected()
                    } else {
                        Style::default()
                    };
                    Line::from(Span::styled(format!("{} {reason}", i + 1), style))
                })
                .collect();
            let n = lines.len() as u16;
            (tx.t("patrol.skip_reason").to_string(), lines, n + 2)
        }
        RoomPopup::Note(_) => (tx.t("patrol.note").to_string(), Vec::new(), 6),
        RoomPopup::Jump(_) => (tx.t("patrol.jump").to_string(), Vec::new(), 3),
        RoomPopup::Add(_) => (tx.t("patrol.add_student").to_string(), Vec::new(), 3),
    };
    let inner = popup(f, area, 50, h, title);
    match p {
        RoomPopup::Note(ta) | RoomPopup::Jump(ta) | RoomPopup::Add(ta) => {
            draw_input(f, ta, inner, true);
        }
        _ => f.render_widget(Paragraph::new(lines), inner),
    }
}

fn draw_summary(f: &mut Frame<'_>, m: &Model, s: &SummaryState, area: Rect) {
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
    for (sid, status) in &sm.absent {
        let who = s.names.get(sid).cloned().unwrap_or_default();
        lines.push(Line::from(Span::styled(
            format!("  {} — {}", safe_line(&who), tx.s(&status.i18n_key())),
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
    if sm.follow_ups_raised > 0 {
        lines.push(Line::from(tx.f(
            "patrol.follow_ups",
            &[
                ("n", &sm.follow_ups_raised.to_string()),
                ("by", &m.app.assets().checklist.night_ends),
            ],
        )));
    }
    f.render_widget(Paragraph::new(wrap_lines(lines, area.width)), area);
}

fn draw_todo_form(f: &mut Frame<'_>, m: &Model, form: &TodoForm, area: Rect) {
    let tx = &m.app.assets().text;
    let (title, rows): (String, Vec<usize>) = match &form.item {
        Todo::FollowUp { who, .. } => (
            tx.f("patrol.form_follow_up", &[("who", &safe_line(who))]),
            vec![0, 1, 2],
        ),
        Todo::Hazard { room, label, .. } => (
            tx.f(
                "patrol.form_hazard",
                &[("room", &safe_line(room)), ("label", &safe_line(label))],
            ),
            vec![2],
        ),
    };
    let h = rows.len() as u16 + 4;
    let inner = popup(f, area, 60, h, title);
    let label_w = 10u16;
    for (i, field) in rows.iter().enumerate() {
        let y = inner.y + i as u16;
        if y >= inner.y + inner.height {
            break;
        }
        let label_rect = Rect {
            x: inner.x,
            y,
            width: label_w.min(inner.width),
            height: 1,
        };
        let value = Rect {
            x: inner.x + label_w.min(inner.width),
            y,
            width: inner.width.saturating_sub(label_w),
            height: 1,
        };
        let focused = form.field == *field;
        let lstyle = if focused { bold() } else { Style::default() };
        match field {
            0 => {
                f.render_widget(
                    Paragraph::new(Span::styled(tx.t("patrol.outcome"), lstyle)),
                    label_rect,
                );
                let opt = if form.outcome == 0 {
                    tx.t("patrol.outcome_reached")
                } else {
                    tx.t("patrol.outcome_escalated")
                };
                let st = if focused {
                    selected()
                } else {
                    Style::default()
                };
                f.render_widget(
                    Paragraph::new(Span::styled(format!("< {opt} >"), st)),
                    value,
                );
            }
            1 => {
                f.render_widget(
                    Paragraph::new(Span::styled(tx.t("patrol.reason"), lstyle)),
                    label_rect,
                );
                let mut ta = form.reason.clone();
                ta.set_style(if focused {
                    Style::default().add_modifier(Modifier::UNDERLINED)
                } else {
                    Style::default()
                });
                draw_input(f, &ta, value, focused);
            }
            _ => {
                f.render_widget(
                    Paragraph::new(Span::styled(tx.t("patrol.to"), lstyle)),
                    label_rect,
                );
                let mut ta = form.to.clone();
                ta.set_style(if focused {
                    Style::default().add_modifier(Modifier::UNDERLINED)
                } else {
                    Style::default()
                });
                draw_input(f, &ta, value, focused);
            }
        }
    }
    if let Some(e) = &form.error {
        let y = inner.y + rows.len() as u16 + 1;
        if y < inner.y + inner.height {
            let r = Rect {
                x: inner.x,
                y,
                width: inner.width,
                height: 1,
            };
            f.render_widget(
                Paragraph::new(Span::styled(safe_line(e).into_owned(), bold())),
                r,
            );
        }
    }
}

fn draw_history(f: &mut Frame<'_>, m: &Model, h: &HistoryState, area: Rect) {
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
