//! Drawing tonight's desk: the shift, what was handed over, escalations
//! waiting for the leader, patrols walked, the log; and what opens over it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use zhiban::app::duty_log::EntryOut;
use zhiban::domain::clock::from_db;
use zhiban::domain::duty::EntryType;
use zhiban::domain::text::safe_line;

use super::{Desk, Popup};
use crate::tui::form::draw::draw_form;
use crate::tui::screen::View;
use crate::tui::ui::{local_time, popup as ui_popup, selected, wrap_lines};

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

/// One entry as a line of the log: time, type, text, who it names, and
/// marks (amends, written late, sensitive, open).
/// The place is shown when it is not the shift's own.
pub fn entry_text(
    m: &View<'_>,
    e: &EntryOut,
    shift_location: Option<&str>,
    hm: &dyn Fn(&str) -> String,
) -> String {
    let tx = &m.app.assets().text;
    let mut t = format!(
        "{} [{}] ",
        hm(&e.happened_at),
        tx.s(EntryType::key_of(e.kind))
    );
    if let Some(a) = e.amends {
        t.push_str(&tx.f("duty.amends", &[("id", &a.to_string())]));
    }
    match &e.text {
        Some(text) => t.push_str(&safe_line(text)),
        None => t.push_str(tx.t("duty.withheld")),
    }
    if !e.student_names.is_empty() {
        let names: Vec<String> = e
            .student_names
            .iter()
            .map(|n| safe_line(n).into_owned())
            .collect();
        t.push_str(&format!(" · {}", names.join("、")));
    }
    if let Some(l) = e.location.as_deref().filter(|l| Some(*l) != shift_location) {
        t.push_str(&format!(" @{}", safe_line(l)));
    }
    let late = match (from_db(&e.happened_at), from_db(&e.written_at)) {
        (Some(h), Some(w)) => (w - h).num_minutes() > 5,
        _ => false,
    };
    if late {
        t.push_str(&tx.f("duty.written", &[("at", &hm(&e.written_at))]));
    }
    if e.sensitive {
        t.push_str(&format!(" [{}]", tx.t("duty.sensitive_mark")));
    }
    match (&e.closed, e.open) {
        (Some(c), _) => t.push_str(&format!(
            " [{}]",
            tx.f(
                "duty.closed_mark",
                &[("by", &safe_line(&c.by)), ("at", &hm(&c.at))]
            )
        )),
        (None, true) => t.push_str(&format!(" [{}]", tx.t("duty.open_mark"))),
        (None, false) => {}
    }
    t
}

pub fn desk(f: &mut Frame<'_>, m: &View<'_>, d: &Desk, cursor: usize, area: Rect) {
    let tx = &m.app.assets().text;
    let hm = |t: &str| local_time(m.app, t, "%H:%M");
    let mut lines: Vec<Line> = Vec::new();
    if let Some(why) = &d.failed {
        lines.push(Line::from(Span::styled(
            safe_line(why).into_owned(),
            bold(),
        )));
        f.render_widget(Paragraph::new(wrap_lines(lines, area.width)), area);
        return;
    }
    match &d.shift {
        None => {
            if let Some(x) = &d.displaced {
                lines.extend(super::displaced::lines(m, x));
            }
            lines.push(Line::from(Span::styled(
                tx.t(super::no_shift_key(m.app, "duty.no_shift_title"))
                    .to_string(),
                bold(),
            )));
        }
        Some(s) => {
            let n = d.entries.iter().filter(|e| e.amends.is_none()).count();
            lines.push(Line::from(Span::styled(
                tx.f(
                    "duty.on_shift",
                    &[
                        ("location", &safe_line(s.location.as_deref().unwrap_or("—"))),
                        ("leader", &safe_line(s.leader.as_deref().unwrap_or("—"))),
                        ("opened", &local_time(m.app, &s.opened_at, "%m-%d %H:%M")),
                        ("n", &n.to_string()),
                    ],
                ),
                bold(),
            )));
            if zhiban::app::duty_shift::is_stale(m.app, s) {
                let end = from_db(&s.opened_at)
                    .map(|o| zhiban::app::duty_shift::rostered_end(m.app, o))
                    .map(|e| local_time(m.app, &zhiban::domain::clock::to_db(e), "%m-%d %H:%M"))
                    .unwrap_or_default();
                lines.push(Line::from(Span::styled(
                    format!("!! {}", tx.f("duty.stale", &[("end", &end)])),
                    bold().add_modifier(Modifier::REVERSED),
                )));
            }
        }
    }
    // the officer's own shift taken over is told above, not as a handover
    let own_taken = |id: i64| d.displaced.as_ref().is_some_and(|x| x.shift_id == id);
    if let Some(last) = d.last.as_ref().filter(|l| !own_taken(l.id)) {
        lines.push(Line::from(tx.f(
            "duty.last_handover",
            &[
                ("who", &safe_line(&last.officer)),
                (
                    "note",
                    &safe_line(last.handover_note.as_deref().unwrap_or("")),
                ),
            ],
        )));
    }
    if !d.pending.is_empty() {
        lines.push(Line::from(Span::styled(
            tx.t("duty.ack_title").to_string(),
            bold(),
        )));
        for (i, it) in d.pending.iter().enumerate() {
            let here = i == cursor;
            let style = if here { selected() } else { Style::default() };
            lines.push(Line::from(Span::styled(
                format!(
                    "{}#{} {}",
                    if here { "> " } else { "  " },
                    it.id,
                    safe_line(&it.text)
                ),
                style,
            )));
        }
    }
    for x in d.open_escalations() {
        let text = d
            .entries
            .iter()
            .find(|e| e.entry_id == x.entry_id)
            .and_then(|e| e.text.clone())
            .unwrap_or_default();
        let ch = tx.s(&format!("channel.{}", x.channel));
        lines.push(Line::from(Span::styled(
            tx.f(
                "duty.waiting",
                &[
                    ("at", &hm(&x.reported_at)),
                    ("leader", &safe_line(&x.leader)),
                    ("channel", &ch),
                    ("text", &safe_line(&text)),
                ],
            ),
            bold(),
        )));
    }
    for lp in &d.linked.patrols {
        let (at, building, kind, checked, total) =
            (&lp.started_at, &lp.building, lp.kind, lp.checked, lp.total);
        lines.push(Line::from(tx.f(
            "duty.patrol_line",
            &[
                ("at", &hm(at)),
                ("building", &safe_line(building)),
                ("kind", tx.t(&format!("patrolkind.{kind}"))),
                ("checked", &checked.to_string()),
                ("total", &total.to_string()),
            ],
        )));
    }
    if d.linked.follow_ups > 0 {
        lines.push(Line::from(tx.f(
            "duty.follow_up_line",
            &[("n", &d.linked.follow_ups.to_string())],
        )));
    }
    // the line the cursor is on (an owned item or an entry), kept in view
    let mut cursor_line: Option<usize> = None;
    // what the officer owns stays listed, also while items still wait
    // (then the cursor is over those)
    if d.shift.is_some() && !d.owned.is_empty() {
        lines.push(Line::from(Span::styled(
            tx.t("duty.owned_title").to_string(),
            bold(),
        )));
        for (i, o) in d.owned.iter().enumerate() {
            let id = match (o.case_id, o.entry_id, o.item_id) {
                (Some(_), _, Some(item)) | (_, None, Some(item)) => item,
                (_, Some(e), _) => e,
                _ => 0,
            };
            let mut t = format!("#{id} {} {}", hm(&o.happened_at), safe_line(&o.text));
            if !o.students.is_empty() {
                let names: Vec<String> = o
                    .students
                    .iter()
                    .map(|n| safe_line(n).into_owned())
                    .collect();
                t.push_str(&format!(" · {}", names.join("、")));
            }
            if o.item_id.is_some() {
                t.push_str(&format!(" [{}]", tx.t("duty.taken_mark")));
            }
            let here = d.pending.is_empty() && i == cursor;
            let style = if here { selected() } else { Style::default() };
            if here {
                cursor_line = Some(lines.len());
            }
            lines.push(Line::from(Span::styled(
                format!("{}{t}", if here { "> " } else { "  " }),
                style,
            )));
        }
    }
    let first = d.owned.len();
    if d.shift.is_some() && d.pending.is_empty() {
        if d.entries.is_empty() {
            lines.push(Line::from(tx.t("duty.empty").to_string()));
        }
        // only the entries that can be on screen are worded: a screen's
        // height of them either side of the cursor (a desk of a thousand
        // entries costs a key what a desk of twenty does)
        let h = area.height as usize;
        let at = cursor.saturating_sub(first);
        let (lo, hi) = (at.saturating_sub(h), (at + h + 1).min(d.entries.len()));
        for (i, e) in d.entries.iter().enumerate().take(hi).skip(lo) {
            let here_at = d.shift.as_ref().and_then(|s| s.location.as_deref());
            let mut t = entry_text(m, e, here_at, &hm);
            if d.escalations.iter().any(|x| x.entry_id == e.entry_id) {
                t.push_str(&format!(" [{}]", tx.t("duty.escalated_mark")));
            }
            let here = first + i == cursor;
            let style = if here { selected() } else { Style::default() };
            if here {
                cursor_line = Some(lines.len());
            }
            lines.push(Line::from(Span::styled(
                format!("{}{t}", if here { "> " } else { "  " }),
                style,
            )));
            // how it was closed, under it
            if let Some(note) = e.closed.as_ref().and_then(|c| c.note.as_deref()) {
                lines.push(Line::from(format!(
                    "    {}",
                    tx.f("duty.closed_line", &[("note", &safe_line(note))])
                )));
            }
            // still open, while the patrol follow-up is done: say how
            if e.closed.is_none() {
                for d in &e.follow_ups_done {
                    lines.push(Line::from(format!(
                        "    {}",
                        tx.f(
                            "duty.follow_up_done_line",
                            &[
                                ("student", &safe_line(&d.student)),
                                ("result", &super::owned::follow_up_result(m.app, d)),
                            ],
                        )
                    )));
                }
            }
            // the leader's response stays under its escalation
            for x in e.escalations.iter() {
                if let (Some(r), Some(at)) = (&x.response, &x.responded_at) {
                    lines.push(Line::from(format!(
                        "    {}",
                        tx.f(
                            "duty.response_line",
                            &[
                                ("leader", &safe_line(&x.leader)),
                                ("at", &hm(at)),
                                ("text", &safe_line(r)),
                            ],
                        )
                    )));
                }
            }
        }
    }
    // the end of the log in view, unless that hides the cursor: then the
    // cursor's line at the top
    let (wrapped, cursor_row) = match cursor_line {
        Some(c) if c < lines.len() => {
            let rest = lines.split_off(c);
            let mut w = wrap_lines(lines, area.width);
            let row = w.len();
            w.extend(wrap_lines(rest, area.width));
            (w, Some(row))
        }
        _ => (wrap_lines(lines, area.width), None),
    };
    let mut skip = wrapped.len().saturating_sub(area.height as usize);
    if let Some(row) = cursor_row.filter(|r| *r < skip) {
        skip = row;
    }
    f.render_widget(
        Paragraph::new(wrapped.into_iter().skip(skip).collect::<Vec<_>>()),
        area,
    );
}

/// What opens over the desk: the type or channel by one digit, or a form.
pub fn popup(f: &mut Frame<'_>, m: &View<'_>, p: &Popup, area: Rect) {
    let tx = &m.app.assets().text;
    match p {
        Popup::PickType => {
            let legend: Vec<String> = EntryType::ALL
                .iter()
                .enumerate()
                .map(|(i, k)| format!("{} {}", i + 1, tx.t(&format!("entrytype.{}", k.code()))))
                .collect();
            let inner = ui_popup(f, area, 60, 4, tx.t("duty.pick_type").to_string());
            f.render_widget(
                Paragraph::new(wrap_lines(vec![Line::from(legend.join("  "))], inner.width)),
                inner,
            );
        }
        Popup::Channel(c) => super::draw_call::channel(f, m, c, area),
        Popup::Form(form) => draw_form(f, area, form, tx, m.focused),
    }
}
