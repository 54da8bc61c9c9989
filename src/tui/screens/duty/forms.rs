//! The forms of the duty desk, all on the one form engine: open a shift,
//! a log entry (text, when, where, who; Ctrl-T sensitive, Ctrl-O kept open),
//! the leader's response, a correction, closing a handed-over item, and
//! closing the shift with its handover.

use serde_json::json;
use zhiban::app::App;
use zhiban::app::duty::Entry;
use zhiban::app::duty_shift;
use zhiban::domain::clock::from_db;
use zhiban::domain::duty::{EntryType, check_typed_time};

use crate::tui::form::{FieldKind, Form, FormDraft, Invalid, keys as form_keys};

/// Opening a shift: the desk (the roster's, else typed), the leader on
/// call picked from the leaders (the roster's chosen), and a take-over
/// note for when someone is still on duty at the desk.
pub fn open_shift(app: &App) -> Form {
    let tx = &app.assets().text;
    let (location, leader) = duty_shift::defaults(app).unwrap_or_default();
    let taken_by = duty_shift::occupant(app, location.as_deref())
        .ok()
        .flatten();
    let mut f = Form::new("duty.open", tx.s("duty.open_title"))
        // the roster's desk is what an empty field means (shown, not typed in)
        .line(
            "location",
            tx.s("duty.location"),
            "",
            location
                .as_deref()
                .unwrap_or(tx.t("duty.need_location_hint")),
        )
        .choice(
            "leader",
            tx.s("duty.leader"),
            leader_options(app, leader.as_deref()),
        )
        .line(
            "take_over",
            tx.s("duty.take_over_note"),
            "",
            tx.t("duty.take_over_hint"),
        )
        .enter_saves()
        .width(64);
    if let Some(l) = &leader {
        choose(&mut f, l);
    }
    if let Some(other) = taken_by {
        f.say(tx.f("duty.desk_held", &[("officer", &other.officer)]));
        // the take-over note is about this shift, and no other
        f = f.about(json!({"occupant": other.id}));
    }
    f
}

/// The leaders to pick from, each "name pinyin" by its name (the first
/// letter of the pinyin or a digit picks one); a roster's leader who is
/// not registered staff is kept as written; "choose" first when no one
/// is given.
pub fn leader_options(app: &App, current: Option<&str>) -> Vec<(String, String)> {
    let tx = &app.assets().text;
    let mut out: Vec<(String, String)> = Vec::new();
    if current.is_none() {
        out.push((String::new(), tx.s("duty.pick_leader")));
    }
    for s in duty_shift::leaders(app).unwrap_or_default() {
        let py = zhiban::domain::search::name_keys(&s.name)
            .into_iter()
            .next()
            .unwrap_or_default();
        out.push((s.login.clone(), format!("{} {py}", s.name)));
    }
    if let Some(c) = current
        && !out
            .iter()
            .any(|o| o.0 == c || o.1.split(' ').next() == Some(c))
    {
        out.push((c.to_string(), c.to_string()));
    }
    out
}

/// Changing the leader on call of the open shift.
pub fn set_leader(app: &App, current: Option<&str>) -> Form {
    let tx = &app.assets().text;
    let mut f = Form::new("duty.leader", tx.s("duty.set_leader_title"))
        .choice("leader", tx.s("duty.leader"), leader_options(app, current))
        .enter_saves()
        .width(50);
    if let Some(c) = current {
        choose(&mut f, c);
    }
    f
}

/// Chooses the leader named `name` (a roster names leaders by name).
fn choose(f: &mut Form, name: &str) {
    let code = match f.fields.iter().find(|x| x.key == "leader").map(|x| &x.kind) {
        Some(FieldKind::Choice { options, .. }) => options
            .iter()
            .find(|o| o.0 == name || o.1.split(' ').next() == Some(name))
            .map(|o| o.0.clone()),
        _ => None,
    };
    if let Some(c) = code {
        f.set("leader", &c);
    }
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
    if let (Some(at), Some(opened)) = (at, opened.and_then(from_db))
        && let Err(p) = check_typed_time(&form.value("time"), at, opened, now)
    {
        // what is wrong, naming the times: "23:40 晚于现在（23:00）"
        let said = cat.msg(&duty_shift::time_msg(app, p, at, opened));
        let mut inv = form.problem_with("time", "duty.time", cat);
        inv.text = cat.f(
            "form.problem",
            &[("field", &cat.s("duty.time")), ("what", &said)],
        );
        return Err(inv);
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

/// Closing the shift: the handover note, and the next officer by name or
/// pinyin (the roster's next officer written in).
pub fn close_shift(app: &App) -> Form {
    let tx = &app.assets().text;
    let next = duty_shift::next_on_roster(app).ok().flatten();
    let mut f = Form::new("duty.close", tx.s("duty.close_title"))
        .text("handover", tx.s("duty.handover"), "", 2)
        .line(
            "next",
            tx.s("duty.next"),
            next.as_ref().map_or("", |(_, name)| name.as_str()),
            tx.t("duty.next_hint"),
        )
        .enter_saves()
        .width(60);
    preview_next(app, &mut f);
    f
}

/// Under the handover form, who the typed next officer is as it is typed:
/// "→ 张伟 (zhangwei)", or who else it may mean, or that no one matches
/// (at the form's foot; a save's problem replaces it until the next key).
pub fn preview_next(app: &App, form: &mut Form) {
    if form.kind != "duty.close" {
        return;
    }
    let typed = form.value("next");
    let cat = &app.assets().text;
    form.problem = if typed.trim().is_empty() {
        None
    } else {
        Some(
            match duty_shift::find_staff(app, &typed, zhiban::domain::staff::Role::DutyOfficer) {
                Ok(s) => cat.f(
                    "duty.next_is",
                    &[("who", &format!("{} ({})", s.name, s.login))],
                ),
                Err(e) => cat.error(&e),
            },
        )
    };
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
        "duty.leader" => set_leader(app, None),
        _ => return None,
    };
    f.restore(d);
    preview_next(app, &mut f);
    Some(f)
}
