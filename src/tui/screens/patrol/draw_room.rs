//! Drawing one room of a patrol and what opens over it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use zhiban::domain::clock::{from_db, school_tz};
use zhiban::domain::text::{pad_cells, safe_line};

use super::room::{RoomPopup, RoomState};
use crate::tui::form::draw::draw_form;
use crate::tui::screen::View;
use crate::tui::ui::{bold, popup, selected, wrap_lines};

fn minutes_ago(m: &View<'_>, at: &str) -> i64 {
    from_db(at)
        .map(|t| (m.app.now() - t).num_minutes().max(0))
        .unwrap_or(0)
}

pub fn room(f: &mut Frame<'_>, m: &View<'_>, r: &RoomState, area: Rect) {
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
        // the bed last, worded ("3床"): a number first on a row would read
        // as a key to press
        let mut text = format!(
            "{} {} {} {}",
            pad_cells(&name, 10),
            pad_cells(&no, 12),
            pad_cells(&status, 10),
            tx.f("patrol.bed", &[("bed", &safe_line(&b.bed))])
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
            "+ {} {} ({})",
            pad_cells(&safe_line(who), 21),
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
    // the keys, with the checklist's own grades ("e 优 r 良 t 中 y 差")
    let grades: Vec<String> = ['e', 'r', 't', 'y']
        .iter()
        .zip(&m.app.assets().checklist.hygiene)
        .map(|(k, g)| format!("{k} {}", safe_line(g)))
        .collect();
    let legend = tx.f("patrol.legend", &[("grades", &grades.join(" "))]);
    lines.push(Line::from(Span::styled(
        legend,
        Style::default().add_modifier(Modifier::DIM),
    )));
    f.render_widget(Paragraph::new(wrap_lines(lines, area.width)), area);
    if let Some(p) = &r.popup {
        draw_popup(f, m, r, p, area);
    }
}

fn draw_popup(f: &mut Frame<'_>, m: &View<'_>, r: &RoomState, p: &RoomPopup, area: Rect) {
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
        RoomPopup::Form(form) => {
            draw_form(f, area, form, tx, m.focused);
            return;
        }
        RoomPopup::Overview(o) => {
            super::overview::draw(f, m, o, area);
            return;
        }
    };
    let inner = popup(f, area, 50, h, title);
    f.render_widget(Paragraph::new(lines), inner);
}
