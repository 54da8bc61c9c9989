//! Saving what the desk's forms hold: opening (or taking over) a shift,
//! the leader, an entry, closing the shift with its handover (the summary
//! names whom it went to), a response, a correction, an item closed.

use serde_json::json;
use zhiban::app::{App, duty};
use zhiban::domain::duty::EntryType;

use super::{Duty, Popup, forms};
use crate::tui::screen::{Effect, Env, Fx, say};

impl Duty {
    /// After a write: reload and say so, or show the error on the form.
    pub(super) fn after(&mut self, r: zhiban::error::Result<()>, ok: &str, app: &App) -> Fx {
        match r {
            Ok(()) => {
                self.popup = None;
                let mut fx = self.refresh(app);
                fx.push(say(ok, app));
                fx.push(Effect::DraftsChanged);
                fx
            }
            Err(e) => {
                if let Some(Popup::Form(f)) = self.popup.as_mut() {
                    f.say(app.assets().text.error(&e));
                }
                vec![Effect::Error(e)]
            }
        }
    }

    pub(super) fn save_form(&mut self, env: &mut Env<'_>) -> Fx {
        let Some(Popup::Form(form)) = self.popup.as_mut() else {
            return Vec::new();
        };
        if form.kind == "duty.close_entry" {
            return self.save_close_entry(env);
        }
        let assets = env.app.assets_arc();
        let cat = &assets.text;
        let app = &mut *env.app;
        let r = match form.kind {
            "duty.open" => {
                let note = form.opt("take_over");
                let r = zhiban::app::duty_shift::open(
                    app,
                    form.opt("location").as_deref(),
                    form.opt("leader").as_deref(),
                    note.as_deref()
                        .map(|note| zhiban::app::duty_shift::TakeOver {
                            note,
                            of_shift: form.about["occupant"].as_i64(),
                        }),
                );
                // someone else at the desk now: the note is about them
                // once read (the next Enter takes over from them)
                if r.is_err()
                    && let Ok(Some(now)) =
                        zhiban::app::duty_shift::occupant(app, form.opt("location").as_deref())
                {
                    form.about = json!({"occupant": now.id});
                }
                r.map(|_| "duty.opened")
            }
            "duty.leader" => zhiban::app::duty_shift::set_leader(app, &form.value("leader"))
                .map(|_| "duty.leader_set"),
            "duty.entry" => {
                let opened = self.desk.shift.as_ref().map(|s| s.opened_at.clone());
                match forms::entry_of(app, form, opened.as_deref()) {
                    Ok(e) => duty::log(app, &e).map(|_| "duty.logged"),
                    Err(inv) => {
                        form.fail(inv);
                        return Vec::new();
                    }
                }
            }
            "duty.close" => {
                let note = form.value("handover");
                let next = form.opt("next");
                return match duty::close(app, &note, next.as_deref()) {
                    Ok(sum) => {
                        self.popup = None;
                        let mut fx = self.refresh(app);
                        let counts: Vec<String> = sum
                            .by_type
                            .iter()
                            .map(|(k, n)| format!("{} {n}", cat.t(EntryType::key_of(k))))
                            .collect();
                        let mut text = cat.f(
                            "duty.closed_summary",
                            &[
                                ("counts", &counts.join("、")),
                                ("esc", &sum.escalations.to_string()),
                                ("unanswered", &sum.unanswered.to_string()),
                                ("handed", &sum.handed_over.len().to_string()),
                            ],
                        );
                        // whom it was handed to, by name
                        if let Some(next) = &sum.next {
                            text.push_str(&cat.f("duty.closed_to", &[("next", next)]));
                        }
                        fx.push(Effect::Flash { text, error: false });
                        fx.push(Effect::DraftsChanged);
                        fx
                    }
                    Err(e) => {
                        form.say(cat.error(&e));
                        vec![Effect::Error(e)]
                    }
                };
            }
            kind => {
                let text = match form.required("text", cat) {
                    Ok(t) => t,
                    Err(inv) => {
                        form.fail(inv);
                        return Vec::new();
                    }
                };
                let id = |key: &str| form.about.get(key).and_then(|x| x.as_i64());
                match kind {
                    "duty.respond" => match id("escalation") {
                        Some(x) => duty::respond(app, x, &text).map(|_| "duty.responded"),
                        None => return Vec::new(),
                    },
                    "duty.amend" => match id("entry") {
                        Some(x) => {
                            let r = duty::amend(app, x, &text, id("seen"));
                            // corrected meanwhile: both texts are shown and
                            // this one stays typed; Ctrl-S again saves it on top
                            if r.is_err()
                                && let Ok(v) = duty::version(app, x)
                            {
                                form.about["seen"] = json!(v);
                            }
                            r.map(|_| "duty.amended")
                        }
                        None => return Vec::new(),
                    },
                    _ => match id("item") {
                        Some(x) => {
                            duty::acknowledge(app, x, Some(&text)).map(|_| "duty.item_closed")
                        }
                        None => return Vec::new(),
                    },
                }
            }
        };
        let logged = matches!(r, Ok("duty.logged"));
        let (r, ok) = match r {
            Ok(key) => (Ok(()), key),
            Err(e) => (Err(e), ""),
        };
        let fx = self.after(r, ok, env.app);
        if logged {
            let n = self.desk.owned.len() + self.desk.entries.len();
            self.cursor = n.saturating_sub(1);
        }
        fx
    }
}
