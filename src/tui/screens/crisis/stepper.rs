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
            let list = |k: &str| forms::strings(&form.about, k);
            match kind {
                EventKind::Close => crisis::close_case(env.app, id, &text),
                // done with items not ticked: what was, what was not and why
                EventKind::Done => {
                    let why = text.trim();
                    if why.is_empty() {
                        Err(zhiban::error::Error::Data(zhiban::error::Msg::new(
                            "err.crisis.reason_unticked",
                        )))
                    } else {
                        let note = ticks_text(&list("done"), &list("missing"), Some(why));
                        crisis::act(env.app, id, kind, step.as_deref(), Some(&note))
                    }
                }
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
        // the overview page: scrolled, left with `o` or Esc; a note may be
        // written from it (into this case, named in the form's title)
        if let Some(top) = cs.overview {
            match act {
                Act::Overview | Act::Back => cs.overview = None,
                Act::Up => cs.overview = Some(top.saturating_sub(1)),
                Act::Down => cs.overview = Some(top.saturating_add(1)),
                Act::PageUp => cs.overview = Some(top.saturating_sub(10)),
                Act::PageDown => cs.overview = Some(top.saturating_add(10)),
                Act::Top => cs.overview = Some(0),
                Act::Bottom => cs.overview = Some(u16::MAX),
                Act::Note if !cs.view.now.closed => {
                    cs.popup = Some(Popup::Form(forms::text(
                        env.app,
                        EventKind::Note,
                        id,
                        None,
                        &cs.label(None),
                    )));
                }
                _ => {}
            }
            return Vec::new();
        }
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
            Act::Up | Act::Down => {
                let items = cs.items();
                cs.item = match act {
                    Act::Up => cs.item.saturating_sub(1),
                    _ => (cs.item + 1).min(items.saturating_sub(1)),
                };
                Vec::new()
            }
            Act::Tick => {
                if cs.shown_open() && cs.toggle(cs.item) {
                    return vec![Effect::DraftsChanged];
                }
                Vec::new()
            }
            Act::Overview => {
                cs.overview = Some(0);
                Vec::new()
            }
            Act::Withdraw => {
                let title = cs
                    .view
                    .now
                    .steps
                    .get(cs.shown)
                    .map(|s| s.step.title.clone())
                    .unwrap_or_default();
                vec![Effect::Ask(Ask {
                    tag: super::WITHDRAW,
                    text: env.app.assets().text.f(
                        "crisis.ask_withdraw",
                        &[("case", &id.to_string()), ("title", &title)],
                    ),
                    kind: AskKind::YesNo,
                })]
            }
            Act::Open => {
                let ticked = cs.ticked();
                let (done, missing) = cs.split_items(&ticked);
                // not every item ticked: nothing is recorded until the
                // missing ones are ticked or a reason is given for them
                if !missing.is_empty() {
                    cs.popup = Some(Popup::Form(forms::done_with_reason(
                        env.app,
                        id,
                        step.as_deref().unwrap_or(""),
                        &cs.short_label(step.as_deref()),
                        &done,
                        &missing,
                    )));
                    return Vec::new();
                }
                let note = (!done.is_empty()).then(|| ticks_text(&done, &[], None));
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
                let on = if kind == EventKind::Close {
                    None
                } else {
                    step.as_deref()
                };
                let label = cs.label(on);
                cs.popup = Some(Popup::Form(forms::text(env.app, kind, id, on, &label)));
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

    /// The answer to "withdraw what was recorded on this step?".
    pub(super) fn withdraw_answered(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        if act != Act::Yes {
            return Vec::new();
        }
        let Some(cs) = self.case.as_ref() else {
            return Vec::new();
        };
        let id = cs.view.case.id;
        let Some(step) = cs.view.now.steps.get(cs.shown).map(|s| s.step.key.clone()) else {
            return Vec::new();
        };
        let r = crisis::withdraw(env.app, id, &step);
        self.after(id, r, "crisis.withdrawn", env)
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

/// What a step done records of its items: `✓item` for each ticked, and —
/// when some were not — `✗item` for each of those and the reason given.
pub(super) fn ticks_text(done: &[String], missing: &[String], why: Option<&str>) -> String {
    let mut parts: Vec<String> = done.iter().map(|d| format!("✓{d}")).collect();
    parts.extend(missing.iter().map(|m| format!("✗{m}")));
    if let Some(w) = why {
        parts.push(format!("（{w}）"));
    }
    parts.join("；")
}
