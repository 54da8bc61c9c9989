//! A timeline item in words, as rows: the first goes after the date, the
//! rest (a multi-line text as written, follow-up and next-talk dates) under
//! it.

use zhiban::app::timeline::Item;
use zhiban::domain::text::safe_line;

use crate::tui::screen::View;

/// A text's lines, each made safe to draw; blank lines dropped.
fn text_rows(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .map(|l| safe_line(l).into_owned())
        .collect()
}

/// The rows of one item: a head with its first line of text, then the
/// rest of the text, then what follows (dates).
fn with_text(head: String, text: &str) -> Vec<String> {
    let mut rows = text_rows(text).into_iter();
    let first = rows.next().unwrap_or_default();
    let mut out = vec![format!("{head}{first}")];
    out.extend(rows);
    out
}

pub fn item_lines(m: &View<'_>, item: &Item) -> Vec<String> {
    let tx = &m.app.assets().text;
    let sl = |s: &str| safe_line(s).into_owned();
    match item {
        Item::Talk {
            kind,
            author,
            summary,
            follow_up,
            follow_up_due,
            next_talk,
            amends,
            ..
        } => {
            let fix = amends
                .map(|a| tx.f("detail.amends", &[("id", &a.to_string())]))
                .unwrap_or_default();
            let head = tx.f(
                "detail.talk_line",
                &[("kind", &sl(kind)), ("author", &sl(author)), ("text", &fix)],
            );
            let mut out = match summary {
                Some(s) => with_text(head, s),
                None => vec![format!("{head}{}", tx.t("detail.withheld"))],
            };
            if follow_up.is_some() || follow_up_due.is_some() {
                out.push(tx.f(
                    "detail.talk_follow_up",
                    &[
                        ("what", &follow_up.as_deref().map(sl).unwrap_or_default()),
                        (
                            "due",
                            &follow_up_due.clone().unwrap_or_else(|| "—".to_string()),
                        ),
                    ],
                ));
            }
            if let Some(n) = next_talk {
                out.push(tx.f("detail.talk_next", &[("date", n)]));
            }
            out
        }
        Item::Contact {
            channel,
            reason,
            author,
            content,
        } => with_text(
            tx.f(
                "detail.contact_line",
                &[
                    ("channel", &sl(channel)),
                    ("reason", &sl(reason)),
                    ("author", &sl(author)),
                    ("text", ""),
                ],
            ),
            content,
        ),
        Item::Presence {
            status,
            room,
            staff,
        } => vec![tx.f(
            "detail.presence_line",
            &[
                ("status", tx.t(&status.i18n_key())),
                ("room", &sl(room)),
                ("staff", &sl(staff)),
            ],
        )],
        Item::Duty {
            kind,
            officer,
            text,
            corrected,
            closed,
        } => {
            let mut head = tx.f(
                "detail.duty_line",
                &[("kind", tx.t(kind.i18n_key())), ("officer", &sl(officer))],
            );
            if *corrected {
                head = format!("{}{head}", tx.t("detail.corrected_mark"));
            }
            let mut out = match text {
                Some(t) => with_text(head, t),
                None => vec![format!("{head}{}", tx.t("detail.withheld"))],
            };
            if let Some(n) = closed {
                out.push(tx.f("detail.duty_closed", &[("note", &sl(n))]));
            }
            out
        }
        Item::FollowUp {
            status,
            raised_by,
            due,
            outcome,
            reason,
            closed,
        } => {
            let mut out = vec![tx.f(
                "detail.follow_up_line",
                &[
                    ("status", tx.t(&status.i18n_key())),
                    ("staff", &sl(raised_by)),
                    ("due", due),
                ],
            )];
            let state = match outcome.as_deref() {
                Some(o) => tx.t(&format!("patrol.outcome_{o}")).to_string(),
                None if *closed => tx.t("detail.follow_up_closed").to_string(),
                None => tx.t("detail.follow_up_open").to_string(),
            };
            let why = reason
                .as_deref()
                .map(|r| format!(" — {}", sl(r)))
                .unwrap_or_default();
            out.push(format!("{state}{why}"));
            out
        }
        Item::Crisis(c) => vec![tx.f(
            "detail.crisis_line",
            &[
                ("id", &c.id.to_string()),
                ("kind", &c.kind_in(tx)),
                ("status", tx.t(c.status.i18n_key())),
                (
                    "level",
                    &c.level.as_deref().map(sl).unwrap_or_else(|| "—".into()),
                ),
            ],
        )],
        Item::HomeVisit {
            mode,
            went,
            family,
            needs,
            next_step,
            ..
        } => {
            let went: Vec<String> = went.iter().map(|w| sl(w)).collect();
            let head = tx.f(
                "detail.visit_line",
                &[("mode", tx.t(mode.i18n_key())), ("went", &went.join("、"))],
            );
            let mut out = match family {
                Some(f) => with_text(head, f),
                None => vec![format!("{head}{}", tx.t("detail.family_hidden"))],
            };
            if let Some(n) = needs {
                out.extend(with_text(tx.t("detail.visit_needs").to_string(), n));
            }
            if let Some(n) = next_step {
                out.extend(with_text(tx.t("detail.visit_next").to_string(), n));
            }
            out
        }
        Item::Growth { kind, author, text } => with_text(
            tx.f(
                "detail.growth_line",
                &[("kind", tx.t(kind.i18n_key())), ("author", &sl(author))],
            ),
            text,
        ),
        Item::Flag { kind, level, set } => vec![tx.f(
            if *set {
                "detail.flag_set"
            } else {
                "detail.flag_cleared"
            },
            &[
                ("flag", tx.t(&kind.i18n_key())),
                ("level", &level.as_deref().map(sl).unwrap_or_default()),
            ],
        )],
    }
}
