//! 值班: the shift, what was handed over, open escalations, the log.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::duty::{DutyPopup, DutyUi};
use crate::tui::duty_entry::{EntryForm, TEXT, WHO};
use crate::tui::duty_views::DutyView;
use crate::tui::model::Model;
use crate::tui::view::{draw_input, local_time, selected};
use crate::tui::widgets::popup;
use crate::tui::wrap::wrap_lines;
use zhiban::app::duty_log::EntryOut;
use zhiban::domain::clock::from_db;
use zhiban::domain::duty::{Channel, EntryType};
use zhiban::domain::text::safe_line;

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

/// One entry as a line of the log: time, type, text, who it names, and
/// marks (amends, written late, sensitive, open).
/// The place is shown when it is not the shift's own.
pub fn entry_text(
    m: &Model,
    e: &EntryOut,
    shift_location: Option<&str>,
    hm: &dyn Fn(&str) -> String,
) -> String {
    let tx = &m.app.assets().text;
    let mut t = format!(
        "{} [{}] ",
        hm(&e.happened_at),
        tx.s(&format!("entrytype.{}", e.kind))
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
    if e.open {
        t.push_str(&format!(" [{}]", tx.t("duty.open_mark")));
    }
    t
}

pub fn draw(f: &mut Frame<'_>, m: &Model, area: Rect) {
    let Some(d) = &m.duty else { return };
    if d.reading.is_some() || !matches!(d.view, DutyView::Tonight) {
        return super::duty_views::draw(f, m, d, area);
    }
    let tx = &m.app.assets().text;
    let hm = |t: &str| local_time(m, t, "%H:%M");
    let mut lines: Vec<Line> = Vec::new();
    match &d.shift {
        None => {
            lines.push(Line::from(Span::styled(
                tx.t("duty.no_shift_title").to_string(),
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
                        ("opened", &hm(&s.opened_at)),
                        ("n", &n.to_string()),
                    ],
                ),
                bold(),
            )));
        }
    }
    if let Some(last) = &d.last {
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
            let here = i == d.cursor;
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
        let ch = Channel::ALL
            .iter()
            .find(|c| c.code() == x.channel)
            .map(|c| c.zh())
            .unwrap_or("");
        lines.push(Line::from(Span::styled(
            tx.f(
                "duty.waiting",
                &[
                    ("at", &hm(&x.reported_at)),
                    ("leader", &safe_line(&x.leader)),
                    ("channel", ch),
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
    if d.shift.is_some() && d.pending.is_empty() {
        if d.entries.is_empty() {
            lines.push(Line::from(tx.t("duty.empty").to_string()));
        }
        for (i, e) in d.entries.iter().enumerate() {
            let here_at = d.shift.as_ref().and_then(|s| s.location.as_deref());
            let mut t = entry_text(m, e, here_at, &hm);
            if d.escalations.iter().any(|x| x.entry_id == e.entry_id) {
                t.push_str(&format!(" [{}]", tx.t("duty.escalated_mark")));
            }
            let here = i == d.cursor;
            let style = if here { selected() } else { Style::default() };
            lines.push(Line::from(Span::styled(
                format!("{}{t}", if here { "> " } else { "  " }),
                style,
            )));
        }
    }
    // keep the cursor in view: drop lines from the top of the log if needed
    let wrapped = wrap_lines(lines, area.width);
    let skip = wrapped.len().saturating_sub(area.height as usize);
    f.render_widget(
        Paragraph::new(wrapped.into_iter().skip(skip).collect::<Vec<_>>()),
        area,
    );
    if let Some(p) = &d.popup {
        draw_popup(f, m, d, p, area);
    }
}

fn draw_popup(f: &mut Frame<'_>, m: &Model, _d: &DutyUi, p: &DutyPopup, area: Rect) {
    let tx = &m.app.assets().text;
    let two = |f: &mut Frame<'_>,
               title: String,
               labels: [&str; 2],
               fields: &[ratatui_textarea::TextArea<'static>; 2],
               focus: usize| {
        let inner = popup(f, area, 60, 4, title);
        for (i, label) in labels.iter().enumerate() {
            let y = inner.y + i as u16;
            if y >= inner.y + inner.height {
                break;
            }
            let lw = 12u16.min(inner.width);
            let style = if focus == i { bold() } else { Style::default() };
            f.render_widget(
                Paragraph::new(Span::styled(*label, style)),
                Rect {
                    x: inner.x,
                    y,
                    width: lw,
                    height: 1,
                },
            );
            let mut ta = fields[i].clone();
            ta.set_style(if focus == i {
                Style::default().add_modifier(Modifier::UNDERLINED)
            } else {
                Style::default()
            });
            draw_input(
                f,
                &ta,
                Rect {
                    x: inner.x + lw,
                    y,
                    width: inner.width.saturating_sub(lw),
                    height: 1,
                },
                focus == i,
            );
        }
    };
    match p {
        DutyPopup::Open { fields, field } => two(
            f,
            tx.t("duty.open_title").to_string(),
            [tx.t("duty.location"), tx.t("duty.leader")],
            fields,
            *field,
        ),
        DutyPopup::Close { fields, field } => two(
            f,
            tx.t("duty.close_title").to_string(),
            [tx.t("duty.handover"), tx.t("duty.next")],
            fields,
            *field,
        ),
        DutyPopup::PickType => {
            let legend: Vec<String> = EntryType::ALL
                .iter()
                .enumerate()
                .map(|(i, k)| format!("{} {}", i + 1, tx.t(&format!("entrytype.{}", k.code()))))
                .collect();
            let inner = popup(f, area, 60, 4, tx.t("duty.pick_type").to_string());
            f.render_widget(
                Paragraph::new(wrap_lines(vec![Line::from(legend.join("  "))], inner.width)),
                inner,
            );
        }
        DutyPopup::Channel => {
            let legend: Vec<String> = Channel::ALL
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{} {}", i + 1, c.zh()))
                .collect();
            let inner = popup(f, area, 50, 3, tx.t("duty.pick_channel").to_string());
            f.render_widget(Paragraph::new(legend.join("  ")), inner);
        }
        DutyPopup::Entry(form) => draw_entry(f, m, form, area),
        DutyPopup::Respond(t) | DutyPopup::Amend(t) | DutyPopup::CloseItem(t) => {
            let key = match p {
                DutyPopup::Respond(_) => "duty.respond_title",
                DutyPopup::Amend(_) => "duty.amend_title",
                _ => "duty.close_item_title",
            };
            let inner = popup(f, area, 60, 4, tx.t(key).to_string());
            draw_input(f, t, inner, true);
        }
    }
}

/// The entry form: text (several lines), when, where, who, and the marks.
fn draw_entry(f: &mut Frame<'_>, m: &Model, form: &EntryForm, area: Rect) {
    let tx = &m.app.assets().text;
    let title = tx.f(
        "duty.entry_title",
        &[("type", tx.t(&format!("entrytype.{}", form.kind.code())))],
    );
    let matches = if form.field == WHO {
        form.matches.len() as u16
    } else {
        0
    } + u16::from(!form.students.is_empty());
    // text 3 lines, time, place, who, chosen students, marks, matches
    let inner = popup(f, area, 70, 9 + matches, title);
    let lw = 10u16.min(inner.width);
    let labels = [
        tx.t("duty.text"),
        tx.t("duty.time"),
        tx.t("duty.location"),
        tx.t("duty.students"),
    ];
    let mut y = inner.y;
    let bottom = inner.y + inner.height;
    for (i, label) in labels.iter().enumerate() {
        let h = if i == TEXT { 3 } else { 1 };
        if y >= bottom {
            return;
        }
        let h = h.min(bottom - y);
        let focus = form.field == i;
        let style = if focus { bold() } else { Style::default() };
        let label = format!("{}{label}", if focus { ">" } else { " " });
        f.render_widget(
            Paragraph::new(Span::styled(label, style)),
            Rect::new(inner.x, y, lw, 1),
        );
        let mut ta = form.inputs[i].clone();
        ta.set_style(if focus {
            Style::default().add_modifier(Modifier::UNDERLINED)
        } else {
            Style::default()
        });
        draw_input(
            f,
            &ta,
            Rect::new(inner.x + lw, y, inner.width.saturating_sub(lw), h),
            focus,
        );
        y += h;
        if i == WHO {
            let names: Vec<String> = form
                .students
                .iter()
                .map(|p| format!("{} {}", safe_line(&p.name), p.no))
                .collect();
            if y < bottom && !names.is_empty() {
                f.render_widget(
                    Paragraph::new(format!("{}{}", " ".repeat(lw as usize), names.join("、"))),
                    Rect::new(inner.x, y, inner.width, 1),
                );
                y += 1;
            }
            for (k, p) in form.matches.iter().enumerate() {
                if y >= bottom {
                    break;
                }
                let here = k == form.pick;
                f.render_widget(
                    Paragraph::new(Span::styled(
                        format!(
                            "{}{}{} {}",
                            " ".repeat(lw as usize),
                            if here { "> " } else { "  " },
                            safe_line(&p.name),
                            p.no
                        ),
                        if here { selected() } else { Style::default() },
                    )),
                    Rect::new(inner.x, y, inner.width, 1),
                );
                y += 1;
            }
        }
    }
    if y < bottom {
        let mark = |on: bool, key: &str| format!("[{}] {}", if on { "x" } else { " " }, tx.t(key));
        f.render_widget(
            Paragraph::new(format!(
                "{}  {}",
                mark(form.sensitive, "duty.sensitive"),
                mark(form.open, "duty.keep_open")
            )),
            Rect::new(inner.x, bottom - 1, inner.width, 1),
        );
    }
}
