//! 待办's keys and events beyond its list: to the form open, to the past
//! talks and contacts, a draft resumed; and the form's context kept in step
//! with the student chosen in it.

use zhiban::app::App;
use zhiban::app::record_context;

use super::{SLOT, Todo, What, forms};
use crate::tui::form::{FormDraft, flow};
use crate::tui::keys::{Act, is_move, moved};
use crate::tui::screen::{Effect, Env, Event, Fx, say, warn};

impl Todo {
    /// A key: to the form open, else to the view shown.
    pub(super) fn act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        if let Some(form) = self.form.as_mut() {
            let assets = env.app.assets_arc();
            let (step, fx) = flow::route(form.on_act(act, env.dir, &assets.text), &assets.text);
            return match step {
                flow::Step::Stay => fx,
                flow::Step::Close => {
                    self.form = None;
                    fx
                }
                flow::Step::Save => self.save(env),
            };
        }
        if self.past.is_some() {
            return self.past_act(act, env);
        }
        self.list_act(act, env)
    }

    pub(super) fn event(&mut self, ev: Event, env: &mut Env<'_>) -> Fx {
        match ev {
            Event::Show => self.refresh(env.app),
            Event::Answer {
                tag: flow::LEAVE,
                act,
            } => {
                let Some(form) = self.form.as_ref() else {
                    return Vec::new();
                };
                let (step, fx) = flow::answer_leave(act, form, SLOT);
                if step == flow::Step::Close {
                    self.form = None;
                }
                fx
            }
            Event::Resume { payload, .. } => {
                let Some(d) = serde_json::from_str::<FormDraft>(&payload).ok() else {
                    return vec![warn("offer.cannot_resume", env.app)];
                };
                let Some(what) = What::of_kind(&d.kind) else {
                    return vec![warn("offer.cannot_resume", env.app)];
                };
                let mut fx = self.refresh(env.app);
                let app = &*env.app;
                fx.extend(self.open(what, Vec::new(), None, app));
                if let Some(f) = self.form.as_mut() {
                    f.restore(&d);
                    forms::focus_first(f, what);
                    fx.push(say("offer.resumed", app));
                    fx.push(Effect::DraftsChanged);
                }
                fx
            }
            _ => Vec::new(),
        }
    }

    /// A key in the past talks and contacts.
    fn past_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        let app = &*env.app;
        let Some(p) = self.past.as_mut() else {
            return Vec::new();
        };
        match act {
            a if is_move(a) => {
                p.cursor = moved(p.cursor, p.len(), a, 10);
                Vec::new()
            }
            Act::Back | Act::History => {
                self.past = None;
                Vec::new()
            }
            Act::CycleKind => {
                p.cycle();
                Vec::new()
            }
            Act::Amend | Act::Open => {
                let Some(r) = p.here().cloned() else {
                    return Vec::new();
                };
                if !r.mine {
                    return vec![warn_with(app, &r.author)];
                }
                let what = match r.kind {
                    zhiban::app::past_records::PastKind::Talk => What::AmendTalk,
                    zhiban::app::past_records::PastKind::Contact => What::AmendContact,
                };
                let mut f = forms::form(app, what, &[]);
                f.about = serde_json::json!({ "id": r.id });
                f.set("text", r.text.as_deref().unwrap_or(""));
                forms::focus_first(&mut f, what);
                self.form = Some(f);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Keeps the context of the talk or contact form open in step with the
    /// student chosen in it (read again only when that changes).
    pub(super) fn sync_context(&mut self, app: &mut App) {
        let Some(form) = self.form.as_ref() else {
            self.context = None;
            return;
        };
        let what = What::of_kind(form.kind);
        let no = match what {
            Some(What::Talk | What::Contact) => {
                form.chosen("student").first().map(|p| p.no.clone())
            }
            _ => None,
        };
        let Some(no) = no else {
            self.context = None;
            return;
        };
        if self
            .context
            .as_ref()
            .is_some_and(|(n, k, _)| *n == no && *k == form.kind)
        {
            return;
        }
        let kind = form.kind;
        // the contact form reveals the guardians' phones to a role that may
        // (audit-logged): its writer is about to call
        self.context = record_context::for_student(app, &no, what == Some(What::Contact))
            .ok()
            .map(|c| (no, kind, c));
    }
}

/// Only its author corrects a record: say whose it is.
fn warn_with(app: &App, author: &str) -> Effect {
    Effect::Flash {
        text: app.assets().text.f(
            "todo.past_not_mine",
            &[("author", &zhiban::domain::text::safe_line(author))],
        ),
        error: true,
    }
}
