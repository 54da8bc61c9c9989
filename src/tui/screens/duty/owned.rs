//! What the officer owns until it is closed (issue 14): the rows of the
//! desk above the log (entries left open, items taken over), closing one
//! with a note (`c`), a correction that starts from the newest text (`a`),
//! and the patrol follow-up about the same student that night, offered to
//! be closed with it (y/n, never silently).

use serde_json::json;
use zhiban::app::duty_owned::{self, Owned};
use zhiban::app::patrols::{self, Outcome};
use zhiban::domain::text::safe_line;

use super::{Duty, Popup, forms};
use crate::tui::keys::Act;
use crate::tui::screen::{Ask, AskKind, Effect, Env, Fx, say, warn};

/// The answer to "close the follow-up too?".
pub const LINK: u32 = 0x0d07;

/// Follow-ups offered to be closed with an entry just closed, and the note.
pub struct Link {
    pub follow_ups: Vec<i64>,
    pub note: String,
}

impl Duty {
    /// The owned row under the cursor (none while items wait).
    pub(super) fn owned_here(&self) -> Option<&Owned> {
        if self.desk.pending.is_empty() {
            self.desk.owned.get(self.cursor)
        } else {
            None
        }
    }

    /// The entry `c`, `a` and `K` act on: an owned row's, or the log's row.
    pub(super) fn target_entry(&self) -> Option<i64> {
        match self.owned_here() {
            // a crisis case taken over is the crisis desk's
            Some(o) if o.case_id.is_some() => None,
            Some(o) => o.entry_id,
            None => self.entry_here().map(|e| e.entry_id),
        }
    }

    /// Is the row under the cursor a crisis case taken over?
    pub(super) fn case_here(&self) -> Option<i64> {
        self.owned_here().and_then(|o| o.case_id)
    }

    /// Is the row under the cursor something the officer closes now?
    pub(super) fn closable_here(&self) -> bool {
        if let Some(o) = self.owned_here() {
            return o.case_id.is_none();
        }
        self.entry_here().is_some_and(|e| {
            self.desk.owned.iter().any(|o| {
                o.case_id.is_none()
                    && (o.entry_id == Some(e.entry_id)
                        || o.entry_id.is_some() && o.entry_id == e.amends)
            })
        })
    }

    /// `c` over the desk: the close form for the row, or what to do.
    pub(super) fn close_here(&mut self, env: &mut Env<'_>) -> Fx {
        let app = &*env.app;
        let target = if self.closable_here() {
            self.target_entry()
        } else {
            None
        };
        let Some(id) = target else {
            if self.case_here().is_some() {
                return vec![warn("duty.case_closes_on_desk", app)];
            }
            return vec![warn("duty.nothing_to_close", app)];
        };
        let root = self
            .desk
            .owned
            .iter()
            .filter(|o| o.case_id.is_none())
            .find(|o| {
                o.entry_id == Some(id)
                    || self.entry_here().is_some_and(|e| {
                        e.entry_id == id && o.entry_id.is_some() && e.amends == o.entry_id
                    })
            })
            .and_then(|o| o.entry_id)
            .unwrap_or(id);
        // the patrol follow-up of the same matter done: its result written in
        let done: Vec<String> = self
            .desk
            .entries
            .iter()
            .filter(|e| e.entry_id == root || e.amends == Some(root))
            .flat_map(|e| e.follow_ups_done.iter())
            .map(|d| follow_up_result(app, d))
            .collect();
        self.popup = Some(Popup::Form(forms::one_text(
            app,
            "duty.close_entry",
            "duty.close_entry_title",
            done.first().map_or("", String::as_str),
            json!({"entry": root}),
        )));
        Vec::new()
    }

    /// `a`: the correction form, starting from the entry's newest text.
    pub(super) fn amend_here(&mut self, env: &mut Env<'_>) -> Fx {
        let app = &*env.app;
        let Some(id) = self.target_entry() else {
            return Vec::new();
        };
        match duty_owned::amend_start(app, id) {
            Ok((root, seen, text)) => {
                self.popup = Some(Popup::Form(forms::one_text(
                    app,
                    "duty.amend",
                    "duty.amend_title",
                    &text,
                    json!({"entry": root, "seen": seen}),
                )));
                Vec::new()
            }
            Err(e) => vec![Effect::Error(e)],
        }
    }

    /// Saves the close form; then offers the follow-ups of the same matter.
    pub(super) fn save_close_entry(&mut self, env: &mut Env<'_>) -> Fx {
        let Some(Popup::Form(form)) = self.popup.as_mut() else {
            return Vec::new();
        };
        let assets = env.app.assets_arc();
        let cat = &assets.text;
        let note = match form.required("text", cat) {
            Ok(t) => t,
            Err(inv) => {
                form.fail(inv);
                return Vec::new();
            }
        };
        let Some(id) = form.about.get("entry").and_then(|x| x.as_i64()) else {
            return Vec::new();
        };
        let r = duty_owned::close_entry(env.app, id, &note).map(|_| ());
        let ok = r.is_ok();
        let mut fx = self.after(r, "duty.entry_closed", env.app);
        if !ok {
            return fx;
        }
        match duty_owned::follow_ups_of_entry(env.app, id) {
            Ok(fus) if !fus.is_empty() => {
                let who: Vec<String> = fus.iter().map(|f| f.student.clone()).collect();
                let status = cat.s(&fus[0].status.i18n_key());
                let text = cat.f(
                    "duty.also_close_follow_up",
                    &[("who", &who.join("、")), ("status", &status)],
                );
                self.link = Some(Link {
                    follow_ups: fus.iter().map(|f| f.id).collect(),
                    note,
                });
                fx.push(Effect::Ask(Ask {
                    tag: LINK,
                    text,
                    kind: AskKind::YesNo,
                }));
            }
            Ok(_) => {}
            Err(e) => fx.push(Effect::Error(e)),
        }
        fx
    }

    /// y: the follow-ups are closed with the note (reached); else left open.
    pub(super) fn answer_link(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        let Some(link) = self.link.take() else {
            return Vec::new();
        };
        if act != Act::Yes {
            return vec![say("duty.follow_up_left_open", env.app)];
        }
        for id in link.follow_ups {
            let o = Outcome::Reached {
                reason: link.note.clone(),
            };
            if let Err(e) = patrols::close_follow_up(env.app, id, o) {
                return vec![Effect::Error(e)];
            }
        }
        let mut fx = self.refresh(env.app);
        fx.push(say("duty.follow_up_closed_too", env.app));
        fx
    }
}

/// What became of a patrol follow-up, in words: "已联系到学生 — 在网吧".
pub(super) fn follow_up_result(app: &zhiban::app::App, d: &duty_owned::FollowUpDone) -> String {
    let tx = &app.assets().text;
    let outcome = d.outcome.as_deref().map_or_else(
        || tx.s("detail.follow_up_closed"),
        |o| tx.s(&format!("patrol.outcome_{o}")),
    );
    match d.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => format!("{outcome} — {}", safe_line(r)),
        None => outcome,
    }
}
