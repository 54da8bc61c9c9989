//! Drawing the duty log beyond tonight: past shifts, search results, the
//! 值班表, and one shift read in full.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use zhiban::app::duty_log::ShiftOut;
use zhiban::domain::text::safe_line;

use super::draw::entry_text;
use super::views::{DutyView, PAST_DAYS};
use crate::tui::screen::View;
use crate::tui::ui::{cursor_list, draw_input, local_time, whole_list, wrap_lines};

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

/// Rows without emphasis.
fn plain(rows: Vec<String>) -> Vec<(String, bool)> {
    rows.into_iter().map(|r| (r, false)).collect()
}

pub fn view(f: &mut Frame<'_>, m: &View<'_>, view: &DutyView, area: Rect) {
    let tx = &m.app.assets().text;
    let at = |t: &str, fmt: &str| local_time(m.app, t, fmt);
    match view {
        DutyView::Tonight => {}
        DutyView::Shifts(v) => {
            let from = v.until - chrono::Duration::days(PAST_DAYS - 1);
            let head = vec![Line::from(Span::styled(
                tx.f(
                    "duty.past_title",
                    &[("from", &from.to_string()), ("to", &v.until.to_string())],
                ),
                bold(),
            ))];
            let mut rows: Vec<String> = v
                .rows
                .iter()
                .map(|s| {
                    let esc: usize = s.entries.iter().map(|e| e.escalations.len()).sum();
                    tx.f(
                        "duty.past_line",
                        &[
                            ("opened", &at(&s.opened_at, "%m-%d %H:%M")),
                            (
                                "closed",
                                &s.closed_at
                                    .as_deref()
                                    .map(|c| at(c, "%H:%M"))
                                    .unwrap_or_else(|| tx.t("duty.not_closed").to_string()),
                            ),
                            ("officer", &safe_line(&s.officer)),
                            ("location", &safe_line(s.location.as_deref().unwrap_or("—"))),
                            ("n", &s.entries.len().to_string()),
                            ("esc", &esc.to_string()),
                        ],
                    )
                })
                .collect();
            if rows.is_empty() {
                rows.push(tx.t("duty.none_found").to_string());
            }
            cursor_list(f, area, head, plain(rows), Some(v.cursor));
        }
        DutyView::Search(v) => {
            let label = tx.t("duty.search_label");
            let lw = (label.chars().count() as u16 * 2).min(area.width);
            f.render_widget(
                Paragraph::new(Span::styled(label.to_string(), bold())),
                Rect::new(area.x, area.y, lw, 1.min(area.height)),
            );
            if area.height == 0 {
                return;
            }
            draw_input(
                f,
                &v.query,
                Rect::new(area.x + lw, area.y, area.width.saturating_sub(lw), 1),
                v.typing && m.focused,
            );
            let rest = Rect::new(
                area.x,
                area.y + 1,
                area.width,
                area.height.saturating_sub(1),
            );
            let mut rows: Vec<String> = v
                .found
                .iter()
                .map(|x| {
                    format!(
                        "{} [{}] {} — {} #{}",
                        at(&x.happened_at, "%Y-%m-%d %H:%M"),
                        tx.s(&format!("entrytype.{}", x.kind.code())),
                        x.text
                            .as_deref()
                            .map(|t| safe_line(t).into_owned())
                            .unwrap_or_else(|| tx.t("duty.withheld").to_string()),
                        safe_line(&x.officer),
                        x.entry_id
                    )
                })
                .collect();
            let head = vec![Line::from(tx.t("duty.search_help").to_string())];
            if v.ran && rows.is_empty() {
                rows.push(tx.t("duty.none_found").to_string());
            }
            let cursor = (!v.typing).then_some(v.cursor);
            cursor_list(f, rest, head, plain(rows), cursor);
        }
        DutyView::Roster(v) => {
            let me = m.app.actor().id;
            let head = vec![Line::from(Span::styled(
                tx.f(
                    if v.mine {
                        "duty.roster_title_mine"
                    } else {
                        "duty.roster_title"
                    },
                    &[
                        ("from", &v.monday.format("%m-%d").to_string()),
                        (
                            "to",
                            &(v.monday + chrono::Duration::days(6))
                                .format("%m-%d")
                                .to_string(),
                        ),
                    ],
                ),
                bold(),
            ))];
            let with_phone = |name: &str| match v.phones.get(name) {
                Some(p) => format!("{} {}", safe_line(name), safe_line(p)),
                None => safe_line(name).into_owned(),
            };
            // narrower than a row: the leader on a line of its own, every
            // row whole (a phone reads each number)
            let narrow = area.width < 90;
            let sep = if narrow { "\n" } else { " · " };
            let mut rows: Vec<String> = v
                .shown(me)
                .iter()
                .map(|r| {
                    let day = chrono::NaiveDate::parse_from_str(&r.date, "%Y-%m-%d")
                        .map(|d| {
                            format!(
                                "{} {}",
                                tx.t(&format!("weekday.{}", d.format("%u"))),
                                d.format("%m-%d")
                            )
                        })
                        .unwrap_or_else(|_| r.date.clone());
                    let mut t = format!(
                        "{}{day} {} {}{sep}{} {} · {}",
                        if r.officer_id == me { "* " } else { "  " },
                        safe_line(&r.shift),
                        with_phone(&r.officer),
                        tx.t("duty.leader"),
                        r.leader.as_deref().map_or("—".to_string(), with_phone),
                        safe_line(r.location.as_deref().unwrap_or("—")),
                    );
                    if let Some(sw) = &r.swapped_from {
                        t.push_str(&tx.f(
                            "duty.swapped",
                            &[
                                ("from", &safe_line(sw)),
                                (
                                    "approver",
                                    &safe_line(r.swap_approved_by.as_deref().unwrap_or("—")),
                                ),
                            ],
                        ));
                    }
                    t
                })
                .collect();
            if rows.is_empty() {
                rows.push(tx.t("duty.roster_empty").to_string());
            }
            if narrow {
                whole_list(f, area, head, plain(rows), Some(v.cursor));
            } else {
                cursor_list(f, area, head, plain(rows), Some(v.cursor));
            }
        }
    }
}

/// One shift in full, laid out like the paper 值班记录表.
pub fn shift(f: &mut Frame<'_>, m: &View<'_>, s: &ShiftOut, scroll: u16, area: Rect) {
    let tx = &m.app.assets().text;
    let hm = |t: &str| local_time(m.app, t, "%H:%M");
    let day = |t: &str| local_time(m.app, t, "%Y-%m-%d %H:%M");
    let mut lines = vec![Line::from(Span::styled(
        tx.f(
            "duty.shift_head",
            &[
                ("officer", &safe_line(&s.officer)),
                ("location", &safe_line(s.location.as_deref().unwrap_or("—"))),
                ("leader", &safe_line(s.leader.as_deref().unwrap_or("—"))),
                ("opened", &day(&s.opened_at)),
                (
                    "closed",
                    &s.closed_at
                        .as_deref()
                        .map(day)
                        .unwrap_or_else(|| tx.t("duty.not_closed").to_string()),
                ),
            ],
        ),
        bold(),
    ))];
    for e in &s.entries {
        lines.push(Line::from(entry_text(m, e, s.location.as_deref(), &hm)));
        for x in &e.escalations {
            let ch = tx.s(&format!("channel.{}", x.channel));
            lines.push(Line::from(
                tx.f(
                    "duty.escalation_line",
                    &[
                        ("at", &hm(&x.reported_at)),
                        ("channel", &ch),
                        ("leader", &safe_line(&x.leader)),
                        (
                            "response",
                            &x.response
                                .as_deref()
                                .map(|r| safe_line(r).into_owned())
                                .unwrap_or_else(|| tx.t("duty.no_response").to_string()),
                        ),
                    ],
                ),
            ));
        }
    }
    if s.entries.is_empty() {
        lines.push(Line::from(tx.t("duty.no_entries").to_string()));
    }
    if let Some(n) = &s.handover_note {
        lines.push(Line::from(Span::styled(
            tx.f("duty.handover_line", &[("note", &safe_line(n))]),
            bold(),
        )));
    }
    for h in &s.handed_over {
        lines.push(Line::from(format!("  → {}", safe_line(h))));
    }
    let wrapped = wrap_lines(lines, area.width);
    let max = wrapped.len().saturating_sub(area.height as usize) as u16;
    f.render_widget(Paragraph::new(wrapped).scroll((scroll.min(max), 0)), area);
}
