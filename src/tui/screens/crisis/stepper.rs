//! The stepper of a case: one step on screen, its do-confirm items ticked,
//! done, skipped or not applicable with a reason, a note, the level, the
//! C-SSRS screener, a phase closed; each action one commit, the case
//! reloaded after it.

use super::*;

impl Crisis {
    /// After an action on the case: reload it on screen and say so.
    pub(super) fn after(
        &mut self,
        id: i64,
        r: zhiban::error::Result<()>,
        ok: &str,
        env: &mut Env<'_>,
    ) -> Fx {
        match r {
            Ok(()) => {
                // what is ticked on other steps (or on this one, after a
                // note) stays ticked; a settled step's ticks go
                let ticks = self
                    .case
                    .as_ref()
                    .filter(|c| c.view.case.id == id)
                    .map(|c| c.ticks.clone());
                let mut fx = self.reshow_case(id, env);
                if let (Some(t), Some(cs)) = (ticks, self.case.as_mut()) {
                    cs.ticks = t;
                    cs.prune();
                }
                fx.push(say(ok, env.app));
                fx
            }
            Err(e) => {
                if let Some(Popup::Form(f)) = self.case.as_mut().and_then(|c| c.popup.as_mut()) {
                    f.say(env.app.assets().text.error(&e));
                }
                vec![Effect::Error(e)]
            }
        }
    }

    pub(super) fn save_popup(&mut self, env: &mut Env<'_>) -> Fx {
        let Some(cs) = self.case.as_mut() else {
            return Vec::new();
        };
        let Some(Popup::Form(form)) = cs.popup.as_mut() else {
            return Vec::new();
        };
        let id = cs.view.case.id;
        let text = form.value("text");
        let r = if form.kind == "crisis.level" {
            let level = form
                .about
                .get("level")
                .and_then(|x| x.as_str())
                .unwrap_or("")
                .to_string();
            crisis::set_level(env.app, id, &level, &text).map(|_| "crisis.level_set")
        } else {
            let kind = form
                .about
                .get("event")
                .and_then(|x| x.as_str())
                .and_then(EventKind::from_code)
                .unwrap_or(EventKind::Note);
            let step = form
                .about
                .get("step")
                .and_then(|x| x.as_str())
                .map(str::to_string);
            match kind {
                EventKind::Close => crisis::close_case(env.app, id, &text),
                _ => crisis::act(env.app, id, kind, step.as_deref(), Some(&text)),
            }
            .map(|_| "crisis.saved")
        };
        match r {
            Ok(key) => {
                let mut fx = self.after(id, Ok(()), key, env);
                fx.push(Effect::DraftsChanged);
                fx
            }
            Err(e) => self.after(id, Err(e), "", env),
        }
    }

    pub(super) fn case_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        let Some(cs) = self.case.as_mut() else {
            return Vec::new();
        };
        let id = cs.view.case.id;
        let step = cs.view.now.steps.get(cs.shown).map(|s| s.step.key.clone());
        if let Some(p) = cs.popup.as_mut() {
            match (p, act) {
                (Popup::Form(form), _) => {
                    let assets = env.app.assets_arc();
                    let (next, fx) =
                        flow::route(form.on_act(act, env.dir, &assets.text), &assets.text);
                    return match next {
                        flow::Step::Stay => fx,
                        flow::Step::Close => {
                            cs.popup = None;
                            fx
                        }
                        flow::Step::Save => self.save_popup(env),
                    };
                }
                (_, Act::Back) => cs.popup = None,
                (Popup::Level, Act::Toggle(n)) => {
                    let levels = &env.app.assets().crisis.levels;
                    if let Some(l) = (n as usize).checked_sub(1).and_then(|i| levels.get(i)) {
                        cs.popup = Some(Popup::Form(forms::level(env.app, id, &l.key, &l.name)));
                    }
                }
                (Popup::Screen(answers, recent), Act::Yes | Act::No) => {
                    let yes = act == Act::Yes;
                    match cssrs_next(answers) {
                        Some(q) => answers[q] = Some(yes),
                        None => *recent = Some(yes),
                    }
                    let done = cssrs_next(answers).is_none()
                        && (answers[5] != Some(true) || recent.is_some());
                    if done {
                        let (a, r) = (*answers, recent.unwrap_or(false));
                        cs.popup = None;
                        return self.screened(id, a, r, env);
                    }
                }
                _ => {}
            }
            return Vec::new();
        }
        let n = cs.view.now.steps.len();
        // nothing opens a form that could not be saved (what is typed
        // into it would be lost)
        let closed = cs.view.now.closed;
        match act {
            Act::Note
            | Act::Level
            | Act::Cssrs
            | Act::ClosePhase
            | Act::CloseCase
            | Act::Skip
            | Act::NotApplicable
            | Act::Open
                if closed =>
            {
                return vec![warn("crisis.closed", env.app)];
            }
            Act::Skip | Act::NotApplicable | Act::Open if !cs.shown_open() => {
                return vec![warn("crisis.step_settled_here", env.app)];
            }
            _ => {}
        }
        match act {
            Act::Back if cs.any_ticked() => {
                vec![Effect::Ask(Ask {
                    tag: super::LEAVE_TICKS,
                    text: env.app.assets().text.s("confirm.leave_ticks"),
                    kind: AskKind::LeaveForm,
                })]
            }
            Act::Back => {
                self.case = None;
                let mut fx = self.refresh(env.app);
                fx.push(Effect::DraftsChanged);
                fx
            }
            Act::Earlier | Act::Later | Act::Top | Act::Bottom => {
                cs.shown = match act {
                    Act::Earlier => cs.shown.saturating_sub(1),
                    Act::Later => (cs.shown + 1).min(n.saturating_sub(1)),
                    Act::Top => 0,
                    _ => n.saturating_sub(1),
                };
                vec![Effect::DraftsChanged]
            }
            Act::Toggle(k) => {
                if cs.shown_open() && cs.toggle((k as usize).wrapping_sub(1)) {
                    return vec![Effect::DraftsChanged];
                }
                Vec::new()
            }
            Act::Open => {
                let items: Vec<String> = cs
                    .view
                    .now
                    .steps
                    .get(cs.shown)
                    .map(|s| {
                        s.step
                            .confirm
                            .iter()
                            .zip(cs.ticked())
                            .filter(|(_, t)| *t)
                            .map(|(c, _)| format!("✓{c}"))
                            .collect()
                    })
                    .unwrap_or_default();
                let note = (!items.is_empty()).then(|| items.join("；"));
                let r = crisis::act(
                    env.app,
                    id,
                    EventKind::Done,
                    step.as_deref(),
                    note.as_deref(),
                );
                self.after(id, r, "crisis.step_done", env)
            }
            Act::Skip | Act::NotApplicable | Act::Note | Act::CloseCase => {
                let kind = match act {
                    Act::Skip => EventKind::Skipped,
                    Act::NotApplicable => EventKind::NotApplicable,
                    Act::Note => EventKind::Note,
                    _ => EventKind::Close,
                };
                cs.popup = Some(Popup::Form(forms::text(env.app, kind, id, step.as_deref())));
                Vec::new()
            }
            Act::Level => {
                cs.popup = Some(Popup::Level);
                Vec::new()
            }
            Act::Cssrs => {
                cs.popup = Some(Popup::Screen([None; 6], None));
                Vec::new()
            }
            Act::ClosePhase => {
                let phase = cs.view.now.phase.clone();
                let r = crisis::close_phase(env.app, id, &phase);
                self.after(id, r, "crisis.phase_closed", env)
            }
            _ => Vec::new(),
        }
    }

    /// The screener's answers recorded; the level it suggests waits for
    /// confirmation (its reason form, the suggested level in it).
    pub(super) fn screened(
        &mut self,
        id: i64,
        answers: [Option<bool>; 6],
        recent: bool,
        env: &mut Env<'_>,
    ) -> Fx {
        match crisis::screen(env.app, id, &answers, recent) {
            Ok((risk, level)) => {
                let assets = env.app.assets_arc();
                let level = level.and_then(|k| assets.crisis.level(&k).cloned());
                let text = assets.text.f(
                    "crisis.suggested",
                    &[
                        (
                            "risk",
                            assets.text.t(&format!("crisis.risk_{}", risk.code())),
                        ),
                        ("level", level.as_ref().map_or("", |l| l.name.as_str())),
                    ],
                );
                let mut fx = self.reshow_case(id, env);
                if let (Some(cs), Some(l)) = (self.case.as_mut(), level) {
                    cs.popup = Some(Popup::Form(forms::level(env.app, id, &l.key, &l.name)));
                }
                fx.push(Effect::Flash { text, error: false });
                fx
            }
            Err(e) => vec![Effect::Error(e)],
        }
    }
}
