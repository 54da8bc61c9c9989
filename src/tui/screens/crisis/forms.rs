//! The crisis forms, on the one form engine: a new case (kind, students,
//! where, what is known), and the short texts of the stepper (why a step is
//! skipped or not applicable, a note, a level's reason, the outcome).

use serde_json::json;
use zhiban::app::App;
use zhiban::app::crisis::OpenInput;
use zhiban::domain::crisis::EventKind;

use crate::tui::form::{Form, FormDraft, Invalid};

pub fn open_case(app: &App) -> Form {
    let tx = &app.assets().text;
    Form::new("crisis.open", tx.s("form.crisis_title"))
        .choice(
            "crisis_kind",
            tx.s("form.crisis_kind"),
            app.assets()
                .sops
                .iter()
                .map(|(t, _)| (t.kind.clone(), t.name.clone()))
                .collect(),
        )
        .students(
            "students",
            tx.s("form.student"),
            true,
            tx.t("form.student_hint"),
        )
        .line("where", tx.s("form.where"), "", "")
        .text("known", tx.s("form.known"), "", 3)
        // a student not in the roster (a visitor, a new student): by name,
        // flagged on the case for matching later
        .line(
            "unlisted",
            tx.s("form.unlisted"),
            "",
            tx.t("form.unlisted_hint"),
        )
}

/// What a new case starts with, or what to fix.
pub fn open_input(app: &App, f: &Form, entry: Option<i64>) -> Result<OpenInput, Invalid> {
    let cat = &app.assets().text;
    if f.value("crisis_kind").is_empty() {
        return Err(f.problem_with("crisis_kind", "form.choose_one", cat));
    }
    Ok(OpenInput {
        kind: f.value("crisis_kind"),
        students: f.chosen("students").into_iter().map(|p| p.no).collect(),
        location: f.opt("where"),
        known: f.opt("known"),
        entry_id: entry,
        unlisted: f
            .value("unlisted")
            .split([',', '，', '、', ';', '；'])
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect(),
    })
}

/// The catalogue key of the title of a stepper's text.
fn title_of(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Skipped => "crisis.reason_skip",
        EventKind::NotApplicable => "crisis.reason_na",
        EventKind::Close => "crisis.outcome",
        _ => "crisis.note",
    }
}

/// A text of the stepper for case `id` (and `step`), Enter saves; its
/// title names the case and step it goes into (`label`).
pub fn text(app: &App, kind: EventKind, id: i64, step: Option<&str>, label: &str) -> Form {
    let tx = &app.assets().text;
    Form::new("crisis.text", format!("{label} — {}", tx.t(title_of(kind))))
        .text("text", tx.s(title_of(kind)), "", 3)
        .enter_saves()
        .width(60)
        .about(json!({"case": id, "step": step, "event": kind.code(), "label": label}))
}

/// Done with items not ticked: the reason for what was not done (the
/// items ticked and not are shown and kept with it).
pub fn done_with_reason(
    app: &App,
    id: i64,
    step: &str,
    label: &str,
    done: &[String],
    missing: &[String],
) -> Form {
    let tx = &app.assets().text;
    Form::new(
        "crisis.done_reason",
        tx.f(
            "crisis.done_unticked",
            &[("label", label), ("n", &missing.len().to_string())],
        ),
    )
    .text("text", tx.s("crisis.reason_unticked"), "", 2)
    .enter_saves()
    .width(64)
    .about(json!({
        "case": id, "step": step, "event": EventKind::Done.code(), "label": label,
        "done": done, "missing": missing,
    }))
}

/// Why the level is set (a level chosen by digit first).
pub fn level(app: &App, id: i64, level: &str, name: &str) -> Form {
    let tx = &app.assets().text;
    Form::new(
        "crisis.level",
        tx.f("crisis.level_reason", &[("level", name)]),
    )
    .text("text", tx.s("crisis.reason"), "", 2)
    .enter_saves()
    .width(60)
    .about(json!({"case": id, "level": level, "name": name}))
}

/// The form of a draft.
pub fn rebuild(app: &App, d: &FormDraft) -> Option<Form> {
    let id = d.about.get("case").and_then(|x| x.as_i64());
    let mut f = match d.kind.as_str() {
        "crisis.open" => open_case(app),
        "crisis.text" => {
            let kind = d
                .about
                .get("event")
                .and_then(|x| x.as_str())
                .and_then(EventKind::from_code)?;
            let step = d.about.get("step").and_then(|x| x.as_str());
            let label = d.about.get("label").and_then(|x| x.as_str()).unwrap_or("");
            text(app, kind, id?, step, label)
        }
        "crisis.done_reason" => done_with_reason(
            app,
            id?,
            d.about.get("step").and_then(|x| x.as_str())?,
            d.about.get("label").and_then(|x| x.as_str()).unwrap_or(""),
            &strings(&d.about, "done"),
            &strings(&d.about, "missing"),
        ),
        "crisis.level" => level(
            app,
            id?,
            d.about.get("level").and_then(|x| x.as_str())?,
            d.about.get("name").and_then(|x| x.as_str()).unwrap_or(""),
        ),
        _ => return None,
    };
    f.restore(d);
    Some(f)
}

/// A list of texts a form keeps in its `about` (empty when there is none).
pub fn strings(about: &serde_json::Value, key: &str) -> Vec<String> {
    about
        .get(key)
        .and_then(|x| x.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}
