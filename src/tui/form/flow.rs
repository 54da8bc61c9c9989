//! The same steps around every form, for the screen that owns it: what an
//! outcome of the form's keys asks of the shell, and the question before a
//! form with changes is left (keep as draft / discard / go on).

use ratatui::crossterm::event::KeyEvent;
use zhiban::config::Catalog;

use super::{Form, Outcome};
use crate::tui::keys::Act;
use crate::tui::screen::{Ask, AskKind, Effect, Env, Fx};

/// The tag of the question asked when a form with changes is left.
pub const LEAVE: u32 = 0x1ea7e;

/// What the screen does next with its form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Leave it open.
    Stay,
    /// Check it and save it (the screen's use case).
    Save,
    /// Close it.
    Close,
}

/// An outcome of the form's keys: the screen's next step and the effects.
pub fn route(out: Outcome, cat: &Catalog) -> (Step, Fx) {
    match out {
        Outcome::None => (Step::Stay, Vec::new()),
        Outcome::Changed => (Step::Stay, vec![Effect::DraftsChanged]),
        Outcome::Submit => (Step::Save, Vec::new()),
        Outcome::Leave => (Step::Close, vec![Effect::DraftsChanged]),
        Outcome::AskLeave => (
            Step::Stay,
            vec![Effect::Ask(Ask {
                tag: LEAVE,
                text: cat.t("confirm.leave_form").to_string(),
                kind: AskKind::LeaveForm,
            })],
        ),
        Outcome::Say(text) => (Step::Stay, vec![Effect::Flash { text, error: true }]),
    }
}

/// A key typed while the screen's form (if one is open) has the keyboard.
pub fn type_into(form: Option<&mut Form>, ev: KeyEvent, env: &Env<'_>) -> Fx {
    let cat = &env.app.assets().text;
    form.map_or_else(Vec::new, |f| route(f.on_text(ev, env.dir, cat), cat).1)
}

/// Text pasted while the screen's form (if one is open) has the keyboard.
pub fn paste_into(form: Option<&mut Form>, text: &str, env: &Env<'_>) -> Fx {
    let cat = &env.app.assets().text;
    form.map_or_else(Vec::new, |f| route(f.on_paste(text, env.dir, cat), cat).1)
}

/// The answer to the question before leaving: keep it as a draft (offered
/// on the next start), discard it, or go on writing.
pub fn answer_leave(act: Act, form: &Form, slot: &str) -> (Step, Fx) {
    match act {
        Act::Keep => {
            let mut fx = Vec::new();
            if let Some(payload) = form.draft_json() {
                fx.push(Effect::KeepDraft {
                    slot: slot.to_string(),
                    payload,
                });
            }
            fx.push(Effect::DraftsChanged);
            (Step::Close, fx)
        }
        Act::Discard => (Step::Close, vec![Effect::DraftsChanged]),
        _ => (Step::Stay, Vec::new()),
    }
}

/// A form is open somewhere on a screen: its name for the question before
/// quitting, if something was typed.
pub fn unsaved(form: &Form) -> Option<String> {
    form.is_changed().then(|| form.title.clone())
}
