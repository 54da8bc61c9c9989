//! The forms of the duty desk, all on the one form engine: open a shift,
//! a log entry (text, when, where, who; Ctrl-T sensitive, Ctrl-O kept open),
//! the leader's response, a correction, closing a handed-over item, and
//! closing the shift with its handover.

use serde_json::json;
use zhiban::app::App;
use zhiban::app::duty::Entry;
use zhiban::domain::clock::from_db;
use zhiban::domain::duty::{EntryType, TimeProblem, check_typed_time};

use crate::tui::form::{Form, FormDraft, Invalid, keys as form_keys};

pub fn open_shift(app: &App) -> Form {
    let tx = &app.assets().text;
    Form::new("duty.open", tx.s("duty.open_title"))
        .line(
            "location",
            tx.s("duty.location"),
            "",
            tx.t("duty.from_roster"),
        )
        .line("leader", tx.s("duty.leader"), "", tx.t("duty.from_roster"))
        .enter_saves()
        .width(60)
}

pub fn entry(app: &App, kind: EntryType, location: Option<&str>) -> Form {
    let tx = &app.assets().text;
    let title = tx.f(
        "duty.entry_title",
        &[("type", tx.t(&format!("entrytype.{}", kind.code())))],
    );
    Form::new("duty.entry", title)
        .text("text", tx.s("duty.text"), "", 3)
        .line("time", tx.s("duty.time"), "", tx.t("duty.now"))
        .line(
            "location",
            tx.s("duty.location"),
            location.unwrap_or(""),
            "",
        )
        .students(
            "students",
            tx.s("duty.students"),
            true,
            tx.t("form.student_hint"),
        )
        .toggle("sensitive", tx.s("duty.sensitive"), false)
        .toggle("open", tx.s("duty.keep_open"), false)
        .keys(form_keys::SENSITIVE_OPEN)
        .enter_saves()
        .width(70)
        .about(json!({"type": kind.code()}))
}

/// The entry the form describes, or what to fix (naming the field).
pub fn entry_of(app: &App, form: &Form, opened: Option<&str>) -> Result<Entry, Invalid> {
    let cat = &app.assets().text;
    let kind = form
        .about
        .get("type")
        .and_then(|k| k.as_str())
        .and_then(EntryType::from_code);
    let text = form.required("text", cat)?;
    let now = app.now();
    let offset = app.assets().calendar.utc_offset_hours;
    let at = match form.opt("time") {
        None => None,
        Some(t) => Some(
            zhiban::app::duty::parse_time(&t, now, offset)
                .map_err(|_| form.problem_with("time", "form.bad_time", cat))?,
        ),
    };
    if let (Some(at), Some(opened)) = (at, opened.and_then(from_db)) {
        match check_typed_time(&form.value("time"), at, opened, now) {
            Err(TimeProblem::Future) => {
                return Err(form.problem_with("time", "duty.time_future", cat));
            }
            Err(TimeProblem::BeforeShift) => {
                return Err(form.problem_with("time", "duty.time_before_shift", cat));
            }
            Ok(()) => {}
        }
    }
    Ok(Entry {
        kind,
        text,
        at,
        location: form.opt("location"),
        students: form.chosen("students").into_iter().map(|p| p.no).collect(),
        sensitive: form.on("sensitive"),
        open: form.on("open"),
    })
}

/// One text, Enter saves: the leader's response, a correction, how an
/// item handed over was closed.
pub fn one_text(
    app: &App,
    kind: &'static str,
    title: &str,
    value: &str,
    about: serde_json::Value,
) -> Form {
    let tx = &app.assets().text;
    Form::new(kind, tx.s(title))
        .text("text", tx.s("duty.text"), value, 3)
        .enter_saves()
        .width(60)
        .about(about)
}

pub fn close_shift(app: &App) -> Form {
    let tx = &app.assets().text;
    Form::new("duty.close", tx.s("duty.close_title"))
        .text("handover", tx.s("duty.handover"), "", 2)
        .line("next", tx.s("duty.next"), "", tx.t("duty.next_hint"))
        .enter_saves()
        .width(60)
}

/// The form a draft was of (the entry's type kept in it).
pub fn rebuild(app: &App, d: &FormDraft) -> Option<Form> {
    let about = d.about.clone();
    let mut f = match d.kind.as_str() {
        "duty.open" => open_shift(app),
        "duty.entry" => {
            let kind = about
                .get("type")
                .and_then(|k| k.as_str())
                .and_then(EntryType::from_code)?;
            entry(app, kind, None)
        }
        "duty.respond" => one_text(app, "duty.respond", "duty.respond_title", "", about.clone()),
        "duty.amend" => one_text(app, "duty.amend", "duty.amend_title", "", about.clone()),
        "duty.close_item" => one_text(
            app,
            "duty.close_item",
            "duty.close_item_title",
            "",
            about.clone(),
        ),
        "duty.close_entry" => one_text(
            app,
            "duty.close_entry",
            "duty.close_entry_title",
            "",
            about.clone(),
        ),
        "duty.close" => close_shift(app),
        _ => return None,
    };
    f.restore(d);
    Some(f)
}
