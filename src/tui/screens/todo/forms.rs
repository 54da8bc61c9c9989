//! The record forms of 待办, on the one form engine: a talk, a family
//! contact, a class-ledger record, the 1+1+1 mentors and plan, a sweep;
//! a home visit and a growth-file entry (in `aid_forms`).
//! Each is checked here field by field (what to fix names the field), and
//! again by its use case.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use zhiban::app::App;
use zhiban::app::records::{ContactInput, LedgerInput, TalkInput, parse_when};
use zhiban::domain::compliance::LedgerKind;
use zhiban::domain::day::Lean;
use zhiban::domain::records::{ContactChannel, RecordProblem, Support, check_record};

use crate::tui::form::{Form, Invalid, keys as form_keys};

/// Which record a form writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Talk,
    Contact,
    Ledger,
    Support,
    Sweep,
    /// A correction of a past talk's summary (the record's id in `about`).
    AmendTalk,
    /// A correction of a past family contact's content.
    AmendContact,
    /// A home visit (家访), the aid specialist's ([`super::aid_forms`]).
    Visit,
    /// A growth-file entry (成长档案).
    Growth,
    /// A leader's 督办 with an optional note ([`super::press`]).
    Press,
}

impl What {
    pub fn kind(self) -> &'static str {
        match self {
            What::Talk => "todo.talk",
            What::Contact => "todo.contact",
            What::Ledger => "todo.ledger",
            What::Support => "todo.support",
            What::Sweep => "todo.sweep",
            What::AmendTalk => "todo.amend_talk",
            What::AmendContact => "todo.amend_contact",
            What::Visit => "todo.visit",
            What::Growth => "todo.growth",
            What::Press => "todo.press",
        }
    }

    pub fn of_kind(kind: &str) -> Option<What> {
        [
            What::Talk,
            What::Contact,
            What::Ledger,
            What::Support,
            What::Sweep,
            What::AmendTalk,
            What::AmendContact,
            What::Visit,
            What::Growth,
            What::Press,
        ]
        .into_iter()
        .find(|w| w.kind() == kind)
    }
}

/// The empty form (the caller prefills it).
pub fn form(app: &App, what: What, my_classes: &[String]) -> Form {
    let tx = &app.assets().text;
    let k = &app.assets().kinds;
    let l = |key: &str| tx.s(&format!("form.{key}"));
    let student_hint = tx.t("form.student_hint");
    let when_hint = tx.t("form.when_hint");
    let day_hint = tx.t("form.day_hint");
    let f = match what {
        What::Talk => Form::new(what.kind(), tx.s("form.talk_title"))
            .students("student", l("student"), false, student_hint)
            .choice(
                "kind",
                l("kind"),
                k.talk_kinds
                    .iter()
                    .map(|c| (c.code.clone(), c.name.clone()))
                    .collect(),
            )
            .line("when", l("when"), "", when_hint)
            .line("place", l("place"), "", "")
            .text("summary", l("summary"), "", 4)
            .line("follow_up", l("follow_up"), "", "")
            .line("follow_up_due", l("follow_up_due"), "", day_hint)
            .line("next_talk", l("next_talk"), "", day_hint)
            .toggle(
                "sensitive",
                format!("{} — {}", l("sensitive"), tx.t("form.toggle_hint")),
                false,
            )
            .keys(form_keys::SENSITIVE),
        What::Contact => Form::new(what.kind(), tx.s("form.contact_title"))
            .students("student", l("student"), false, student_hint)
            .choice(
                "channel",
                l("channel"),
                ContactChannel::ALL
                    .iter()
                    .map(|c| {
                        (
                            c.code().to_string(),
                            tx.s(&format!("contact_channel.{}", c.code())),
                        )
                    })
                    .collect(),
            )
            .choice(
                "reason",
                l("reason"),
                k.contact_reasons
                    .iter()
                    .map(|c| (c.code.clone(), c.name.clone()))
                    .collect(),
            )
            .line("when", l("when"), "", when_hint)
            .line("person", l("person"), "", "")
            .text("content", l("content"), "", 4),
        What::Ledger => {
            let mut classes = vec![(String::new(), "—".to_string())];
            classes.extend(my_classes.iter().map(|c| (c.clone(), c.clone())));
            let mut f = Form::new(what.kind(), tx.s("form.ledger_title"))
                .choice(
                    "ledger_kind",
                    l("ledger_kind"),
                    LedgerKind::ALL
                        .iter()
                        .map(|c| (c.code().to_string(), tx.s(&format!("ledger.{}", c.code()))))
                        .collect(),
                )
                .choice("class", l("class"), classes)
                .line("when", l("when"), "", when_hint)
                .line("topic", l("topic"), "", "")
                .line("attendance", l("attendance"), "", "")
                .line("absentees", l("absentees"), "", "")
                .text("note", l("note"), "", 3);
            // the class defaults to the first of one's own
            if let Some(c) = my_classes.first() {
                f.set("class", c);
            }
            f
        }
        What::Support => Form::new(what.kind(), tx.s("form.support_title"))
            .students("student", l("student"), false, student_hint)
            .line("academic_mentor", l("academic_mentor"), "", "")
            .line("affairs_teacher", l("affairs_teacher"), "", "")
            .line("peer_student", l("peer_student"), "", "")
            .text("plan", l("plan"), "", 3),
        What::Sweep => Form::new(what.kind(), tx.s("form.sweep_title"))
            .choice(
                "sweep_kind",
                l("sweep_kind"),
                vec![
                    ("info".to_string(), l("sweep_info")),
                    ("psych".to_string(), l("sweep_psych")),
                ],
            )
            .line("when", l("when"), "", day_hint)
            .text("note", l("note"), "", 3),
        What::AmendTalk => {
            return Form::new(what.kind(), tx.s("form.amend_talk_title"))
                .text("text", l("summary"), "", 6)
                .about(json!({}));
        }
        What::AmendContact => {
            return Form::new(what.kind(), tx.s("form.amend_contact_title"))
                .text("text", l("content"), "", 6)
                .about(json!({}));
        }
        What::Visit | What::Growth => return super::aid_forms::form(app, what),
        What::Press => return super::press::form(app),
    };
    f.about(json!({}))
}

/// Where the keyboard starts: on the student if none is chosen, else on
/// what must be written.
pub fn focus_first(f: &mut Form, what: What) {
    let primary = match what {
        What::Talk => "summary",
        What::Contact => "content",
        What::Ledger => "topic",
        What::Support => "academic_mentor",
        What::Sweep => "sweep_kind",
        What::AmendTalk | What::AmendContact | What::Growth => "text",
        What::Visit => "family",
        What::Press => "note",
    };
    f.focus_first_needed(primary);
}

fn when(app: &App, f: &Form) -> Result<Option<DateTime<Utc>>, Invalid> {
    let cat = &app.assets().text;
    match f.opt("when") {
        None => Ok(None),
        Some(v) => parse_when(&v, app.now(), app.assets().calendar.utc_offset_hours)
            .map(Some)
            .map_err(|_| f.problem_with("when", "form.bad_when", cat)),
    }
}

/// The record's own rules (the use case checks them again), as a problem
/// with the field concerned.
fn check(
    app: &App,
    f: &Form,
    text_key: &str,
    at: Option<DateTime<Utc>>,
    fu: Option<NaiveDate>,
    next: Option<NaiveDate>,
) -> Result<(), Invalid> {
    let cat = &app.assets().text;
    let now = app.now();
    let at = at.unwrap_or(now);
    let on = zhiban::domain::clock::local_date(at, app.assets().calendar.utc_offset_hours);
    check_record(at, on, now, &f.value(text_key), fu, next).map_err(|p| match p {
        RecordProblem::EmptyText => f.problem_with(text_key, "form.need_text", cat),
        RecordProblem::InFuture => f.problem_with("when", "record.in_future", cat),
        RecordProblem::FollowUpBeforeTalk => {
            f.problem_with("follow_up_due", "record.follow_up_before", cat)
        }
        RecordProblem::NextTalkBeforeTalk => {
            f.problem_with("next_talk", "record.next_talk_before", cat)
        }
    })
}

pub fn talk(app: &App, f: &Form) -> Result<TalkInput, Invalid> {
    let cat = &app.assets().text;
    let student = f.student("student", cat)?;
    let at = when(app, f)?;
    let today = app.today();
    let fu = f.day("follow_up_due", today, Lean::Future, cat)?;
    let next = f.day("next_talk", today, Lean::Future, cat)?;
    check(app, f, "summary", at, fu, next)?;
    Ok(TalkInput {
        student_no: student.no,
        at,
        place: f.opt("place"),
        kind: f.value("kind"),
        summary: f.value("summary"),
        follow_up: f.opt("follow_up"),
        follow_up_due: fu,
        next_talk: next,
        sensitive: f.on("sensitive"),
    })
}

pub fn contact(app: &App, f: &Form) -> Result<ContactInput, Invalid> {
    let cat = &app.assets().text;
    let student = f.student("student", cat)?;
    let at = when(app, f)?;
    check(app, f, "content", at, None, None)?;
    Ok(ContactInput {
        student_no: student.no,
        at,
        channel: ContactChannel::parse(&f.value("channel")).unwrap_or(ContactChannel::Phone),
        person: f.opt("person"),
        reason: f.value("reason"),
        content: f.value("content"),
    })
}

pub fn ledger(app: &App, f: &Form) -> Result<LedgerInput, Invalid> {
    let cat = &app.assets().text;
    let at = when(app, f)?;
    let attendance = f.number("attendance", cat)?;
    Ok(LedgerInput {
        class: f.opt("class"),
        kind: LedgerKind::parse(&f.value("ledger_kind")).unwrap_or(LedgerKind::Meeting),
        at,
        topic: f.opt("topic"),
        attendance,
        absentees: f.opt("absentees"),
        note: f.opt("note"),
    })
}

pub fn support(app: &App, f: &Form) -> Result<(String, Support), Invalid> {
    let cat = &app.assets().text;
    let student = f.student("student", cat)?;
    Ok((
        student.no,
        Support {
            academic_mentor: f.opt("academic_mentor"),
            affairs_teacher: f.opt("affairs_teacher"),
            peer_student: f.opt("peer_student"),
            plan: f.opt("plan"),
        },
    ))
}

/// A sweep: (psychological?, the day, the note); the day defaults to today.
pub fn sweep(app: &App, f: &Form) -> Result<(bool, NaiveDate, Option<String>), Invalid> {
    let cat = &app.assets().text;
    let today = app.today();
    Ok((
        f.value("sweep_kind") == "psych",
        f.day("when", today, Lean::Past, cat)?.unwrap_or(today),
        f.opt("note"),
    ))
}

/// A correction: (the record's id, the new text).
pub fn amend(app: &App, f: &Form) -> Result<(i64, String), Invalid> {
    let cat = &app.assets().text;
    let text = f.value("text");
    if text.trim().is_empty() {
        return Err(f.problem_with("text", "form.need_text", cat));
    }
    let id = f.about.get("id").and_then(|v| v.as_i64()).unwrap_or(0);
    Ok((id, text))
}
