//! 督办 on screen 4: a leader in a counsellor's drill-down presses them
//! about the line under the cursor (`d` or Enter): a short form asks for
//! an optional note (what to do) and an optional day (by when); Enter or
//! Ctrl+S sends it, so pressing without a note is still two keys. The
//! counsellor marks a 督办 done with `x` once it is dealt with (it also
//! closes by itself when the item is met).

use serde_json::json;
use zhiban::app::App;
use zhiban::app::compliance::FindingOut;
use zhiban::app::reminders;
use zhiban::domain::day::Lean;
use zhiban::domain::staff::Role;
use zhiban::domain::text::safe_line;

use super::{Todo, What};
use crate::tui::form::{Form, Invalid};
use crate::tui::screen::{Effect, Env, Fx};

/// The 督办 form: whom and about what (in `about`, so that a draft of it
/// comes back to the same item), the note and the day.
pub fn form(app: &App) -> Form {
    let tx = &app.assets().text;
    Form::new(What::Press.kind(), tx.s("form.press_title"))
        .line(
            "note",
            tx.s("form.press_note"),
            "",
            tx.t("form.press_note_hint"),
        )
        .line("by", tx.s("form.press_by"), "", tx.t("form.day_hint"))
        .enter_saves()
}

/// The item a 督办 form is about, as it was when the form opened.
fn about(login: &str, name: &str, line: &FindingOut) -> serde_json::Value {
    json!({
        "login": login,
        "name": name,
        "rule": line.rule,
        "subject": line.subject,
        "student_no": line.student_no,
        "class": line.class,
        "building": line.building,
    })
}

/// (login, name, the line) of a 督办 form's `about`.
fn item(about: &serde_json::Value) -> Option<(String, String, FindingOut)> {
    let s = |k: &str| about.get(k).and_then(|v| v.as_str()).map(str::to_string);
    Some((
        s("login")?,
        s("name").unwrap_or_default(),
        FindingOut {
            rule: s("rule")?,
            title: String::new(),
            state: "due",
            subject: s("subject")?,
            student_no: s("student_no"),
            class: s("class"),
            due: None,
            detail: String::new(),
            building: s("building"),
        },
    ))
}

/// The note as it is stored: what to do, then by when (the day in the
/// catalogue's words); `None` when both are empty.
pub fn note(app: &App, f: &Form) -> Result<Option<String>, Invalid> {
    let cat = &app.assets().text;
    let today = app.today();
    let by = f.day("by", today, Lean::Future, cat)?;
    if by.is_some_and(|d| d < today) {
        return Err(f.problem_with("by", "form.press_past", cat));
    }
    let what = f.opt("note").map(|n| safe_line(&n).into_owned());
    let by = by.map(|d| {
        cat.f(
            "todo.press_note_by",
            &[("date", &d.format("%m-%d").to_string())],
        )
    });
    Ok(match (what, by) {
        (None, None) => None,
        (Some(w), None) => Some(w),
        (None, Some(b)) => Some(b),
        (Some(w), Some(b)) => Some(format!("{w}{b}")),
    })
}

impl Todo {
    /// Is this the drill-down of a leader (a counsellor chosen, not self)?
    pub(super) fn leader_drill(&self, app: &zhiban::app::App) -> bool {
        self.who
            .as_ref()
            .is_some_and(|(login, _)| *login != app.actor().login)
            && reminders::may_press(app)
    }

    /// The line under the cursor, if it may be pressed (not yet pressed).
    pub(super) fn pressable(&self) -> Option<&FindingOut> {
        self.lines.get(self.cursor).filter(|l| {
            matches!(l.state, "overdue" | "due" | "unknown")
                && l.rule != "crisis.review"
                && !self.pressed.iter().any(|r| r.is_about(l))
        })
    }

    /// The 督办 under the cursor of a counsellor's own list.
    pub(super) fn own_pressed(&self) -> Option<i64> {
        let line = self.lines.get(self.cursor)?;
        if line.state != "pressed" {
            return None;
        }
        self.pressed.iter().find(|r| r.is_about(line)).map(|r| r.id)
    }

    /// `d` or Enter on a line of a counsellor's drill-down: the 督办 form.
    pub(super) fn open_press(&mut self, env: &mut Env<'_>) -> Fx {
        let Some((login, name)) = self.who.clone() else {
            return Vec::new();
        };
        let Some(line) = self.pressable().cloned() else {
            return vec![crate::tui::screen::warn("todo.press_nothing", env.app)];
        };
        self.form = Some(form(env.app).about(about(&login, &name, &line)));
        Vec::new()
    }

    /// The 督办 form sent.
    pub(super) fn save_press(&mut self, env: &mut Env<'_>) -> Fx {
        let Some(f) = self.form.as_mut() else {
            return Vec::new();
        };
        let Some((login, name, line)) = item(&f.about) else {
            // a draft without its item: nothing to press
            self.form = None;
            return vec![crate::tui::screen::warn("offer.cannot_resume", env.app)];
        };
        let note = match note(env.app, f) {
            Ok(n) => n,
            Err(inv) => {
                f.fail(inv);
                return Vec::new();
            }
        };
        match reminders::press(env.app, &login, &line, note.as_deref()) {
            Ok(_) => {
                self.form = None;
                let cursor = self.cursor;
                let mut fx = self.refresh(env.app);
                self.cursor = cursor.min(self.lines.len().saturating_sub(1));
                let tx = &env.app.assets().text;
                fx.push(Effect::Flash {
                    text: tx.f(
                        "todo.pressed",
                        &[
                            ("name", &safe_line(&name)),
                            ("subject", &safe_line(&line.subject)),
                        ],
                    ),
                    error: false,
                });
                fx.push(Effect::DraftsChanged);
                fx
            }
            Err(e) => {
                f.say(env.app.assets().text.error(&e));
                vec![Effect::Error(e)]
            }
        }
    }

    pub(super) fn press_done(&mut self, env: &mut Env<'_>) -> Fx {
        if !env.app.actor().has(Role::Counsellor) {
            return Vec::new();
        }
        let Some(id) = self.own_pressed() else {
            return Vec::new();
        };
        match reminders::done(env.app, id) {
            Ok(()) => {
                let mut fx = self.refresh(env.app);
                fx.push(crate::tui::screen::say("todo.press_closed", env.app));
                fx
            }
            Err(e) => vec![Effect::Error(e)],
        }
    }
}
