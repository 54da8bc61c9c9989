//! 危机 (tab 5): the cases one may see, a new case in a few keystrokes (`!`
//! from anywhere, or from a duty-log entry), and the stepper: one step at a
//! time with its guidance, contacts, the time since opening and the step's
//! countdown. Every action is one commit.

mod case;
pub mod contacts;
mod draw;
mod forms;
mod keys;
mod overview;
mod stepper;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use zhiban::app::App;
use zhiban::app::crisis::{self, CaseView};
use zhiban::app::crisis_desk::{self, CaseLine};
use zhiban::app::duty_log::CaseSeed;
use zhiban::domain::crisis::EventKind;
use zhiban::domain::sop::cssrs_next;

use crate::tui::directory::Picked;
use crate::tui::form::{Form, FormDraft, flow};
use crate::tui::keys::{self as k, Act, is_move, moved};
use crate::tui::screen::{
    Ask, AskKind, Draft, Effect, Env, Event, Fx, Keys, Screen, ScreenId, View, live_slot, say, warn,
};

/// A form (the new case, a reason, a note, a level's reason).
const FORM_SLOT: &str = "crisis.form";
/// The case on screen: the items ticked on its open steps, not yet recorded.
const CASE_SLOT: &str = "crisis.case";
/// The question before leaving a case with items ticked and not recorded.
const LEAVE_TICKS: u32 = flow::LEAVE + 1;
/// The question before withdrawing what was recorded on a step.
const WITHDRAW: u32 = flow::LEAVE + 2;

pub use case::CaseScreen;
use case::{CaseDraft, case_draft};

pub enum Popup {
    Form(Form),
    /// The level: a digit.
    Level,
    /// The C-SSRS screener, one question at a time.
    Screen([Option<bool>; 6], Option<bool>),
}

pub struct Crisis {
    cases: Vec<CaseLine>,
    failed: Option<String>,
    cursor: usize,
    /// The new-case form.
    form: Option<Form>,
    /// The duty-log entry a new case is being opened from.
    entry: Option<i64>,
    case: Option<CaseScreen>,
}

impl Crisis {
    pub fn new() -> Crisis {
        Crisis {
            cases: Vec::new(),
            failed: None,
            cursor: 0,
            form: None,
            entry: None,
            case: None,
        }
    }

    fn refresh(&mut self, app: &App) -> Fx {
        match crisis_desk::all_cases(app) {
            Ok(cases) => {
                self.cursor = self.cursor.min(cases.len().saturating_sub(1));
                self.cases = cases;
                self.failed = None;
                Vec::new()
            }
            Err(e) => {
                self.cases.clear();
                self.failed = Some(app.assets().text.error(&e));
                vec![Effect::Error(e)]
            }
        }
    }

    /// Shows a case (a view, audit-logged) on its current step, or on the
    /// step a draft names with its ticks.
    fn open_case(&mut self, id: i64, draft: Option<&CaseDraft>, env: &mut Env<'_>) -> Fx {
        let fx = self.show_case(id, draft, env, crisis::view);
        contacts::attach(fx, self.case.as_mut(), id, env.app)
    }

    /// [`Self::open_case`] from elsewhere (the dashboard, 待办, a form just
    /// saved, a draft): the list behind is read again only if the case
    /// could not be shown — every way back to the list reads it again, and
    /// reading every case of the year (~30 ms at 40,000 students) before
    /// showing one was most of opening it.
    fn open_case_over_list(&mut self, id: i64, draft: Option<&CaseDraft>, env: &mut Env<'_>) -> Fx {
        let mut fx = self.open_case(id, draft, env);
        if self.case.is_none() {
            fx.extend(self.refresh(env.app));
        }
        fx
    }

    /// Shows the case again after an action on it (logged; not a new view).
    fn reshow_case(&mut self, id: i64, env: &mut Env<'_>) -> Fx {
        self.show_case(id, None, env, crisis::reread)
    }

    fn show_case(
        &mut self,
        id: i64,
        draft: Option<&CaseDraft>,
        env: &mut Env<'_>,
        read: fn(&mut App, i64) -> zhiban::error::Result<CaseView>,
    ) -> Fx {
        match read(env.app, id) {
            Ok(v) => {
                let current = v
                    .now
                    .current
                    .as_ref()
                    .and_then(|k| v.now.steps.iter().position(|s| &s.step.key == k))
                    .unwrap_or(0);
                let shown = draft
                    .and_then(|d| v.now.steps.iter().position(|s| s.step.key == d.step))
                    .unwrap_or(current);
                let ticks = draft.map(CaseDraft::ticks).unwrap_or_default();
                // tonight's leader could not be read: the case still opens, and says so
                let (leader, fx) = match crisis::leader_on_call(env.app) {
                    Ok(l) => (l, vec![Effect::DraftsChanged]),
                    Err(e) => (None, vec![Effect::DraftsChanged, Effect::Error(e)]),
                };
                // someone new to the case sees the whole of it first
                let me = env.app.actor().id;
                let newcomer = draft.is_none()
                    && v.case.opened_by != me
                    && !v.events.iter().any(|e| e.by_id == me);
                let mut cs = CaseScreen {
                    view: Box::new(v),
                    item: 0,
                    overview: newcomer.then_some(0),
                    shown,
                    ticks,
                    popup: None,
                    leader,
                    contacts: contacts::kept(self.case.as_mut(), id),
                };
                cs.prune();
                self.case = Some(cs);
                fx
            }
            Err(e) => vec![Effect::Error(e)],
        }
    }

    /// Leaving the case on screen (for another, or a new one): its ticks
    /// kept as a draft — unless it is case `same`, shown again.
    fn keep_ticks_unless(&self, same: Option<i64>) -> Fx {
        self.case
            .as_ref()
            .filter(|c| Some(c.view.case.id) != same)
            .and_then(case_draft)
            .map(|payload| Effect::KeepDraft {
                slot: CASE_SLOT.to_string(),
                payload,
            })
            .into_iter()
            .collect()
    }

    fn new_case(&mut self, seed: Option<CaseSeed>, env: &mut Env<'_>) -> Fx {
        // the case on screen is left, its ticks kept as a draft
        let mut fx = self.keep_ticks_unless(None);
        fx.extend(self.refresh(env.app));
        let mut f = forms::open_case(env.app);
        if let Some(s) = &seed {
            let chosen: Vec<Picked> = s
                .students
                .iter()
                .map(|no| Picked {
                    no: no.clone(),
                    name: env.dir.by_no(no).map(|v| v.name).unwrap_or_default(),
                })
                .collect();
            f.set_students("students", chosen);
            f.set("where", s.location.as_deref().unwrap_or(""));
            f.set("known", s.text.as_deref().unwrap_or(""));
        }
        // the kind first: it decides the procedure
        f.changed = seed.is_some();
        f.held = seed.is_some();
        f.focus_on("crisis_kind");
        self.entry = seed.map(|s| s.entry_id);
        self.form = Some(f);
        self.case = None;
        fx.push(Effect::DraftsChanged);
        fx
    }

    fn save_new(&mut self, env: &mut Env<'_>) -> Fx {
        let Some(form) = self.form.as_mut() else {
            return Vec::new();
        };
        let input = match forms::open_input(env.app, form, self.entry) {
            Ok(i) => i,
            Err(inv) => {
                form.fail(inv);
                return Vec::new();
            }
        };
        match crisis::open_case(env.app, &input) {
            Ok(id) => {
                self.entry = None;
                self.form = None;
                let mut fx = self.open_case_over_list(id, None, env);
                fx.push(say("crisis.opened", env.app));
                fx
            }
            Err(e) => {
                form.say(env.app.assets().text.error(&e));
                vec![Effect::Error(e)]
            }
        }
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        if let Some(f) = self.form.as_mut() {
            return Some(f);
        }
        match self.case.as_mut().and_then(|c| c.popup.as_mut()) {
            Some(Popup::Form(f)) => Some(f),
            _ => None,
        }
    }

    fn form(&self) -> Option<&Form> {
        if let Some(f) = self.form.as_ref() {
            return Some(f);
        }
        match self.case.as_ref().and_then(|c| c.popup.as_ref()) {
            Some(Popup::Form(f)) => Some(f),
            _ => None,
        }
    }

    fn resume(&mut self, slot: &str, payload: &str, env: &mut Env<'_>) -> Fx {
        if live_slot(slot) == CASE_SLOT {
            let Ok(d) = serde_json::from_str::<CaseDraft>(payload) else {
                return vec![warn("offer.cannot_resume", env.app)];
            };
            // the case is on screen already (a form over it came back first)
            if let Some(cs) = self.case.as_mut().filter(|c| c.view.case.id == d.case) {
                if let Some(i) = cs.view.now.steps.iter().position(|s| s.step.key == d.step) {
                    cs.shown = i;
                }
                cs.ticks = d.ticks();
                cs.prune();
                return vec![Effect::DraftsChanged];
            }
            let mut fx = self.open_case_over_list(d.case, Some(&d), env);
            if self.case.is_some() {
                fx.push(say("crisis.back", env.app));
            }
            return fx;
        }
        let Some(d) = serde_json::from_str::<FormDraft>(payload).ok() else {
            return vec![warn("offer.cannot_resume", env.app)];
        };
        let Some(form) = forms::rebuild(env.app, &d) else {
            return vec![warn("offer.cannot_resume", env.app)];
        };
        let mut fx = self.refresh(env.app);
        if form.kind == "crisis.open" {
            self.form = Some(form);
            self.case = None;
        } else {
            let Some(id) = d.about.get("case").and_then(|x| x.as_i64()) else {
                return fx;
            };
            fx.extend(self.open_case(id, None, env));
            match self.case.as_mut() {
                Some(cs) => cs.popup = Some(Popup::Form(form)),
                None => return fx,
            }
        }
        fx.push(say("offer.resumed", env.app));
        fx.push(Effect::DraftsChanged);
        fx
    }
}

impl Screen for Crisis {
    fn id(&self) -> ScreenId {
        ScreenId::Crisis
    }

    fn keys(&self, app: &App) -> Keys {
        if let Some(f) = self.form() {
            return Keys::typing(f.tables());
        }
        match &self.case {
            None => Keys::new(vec![k::LIST, keys::LIST, k::GLOBAL]),
            Some(c) => match &c.popup {
                None if c.overview.is_some() => Keys::new(vec![keys::OVERVIEW, k::GLOBAL]),
                None => Keys::new(vec![keys::STEP, k::GLOBAL]),
                Some(Popup::Level) => Keys::new(vec![k::CHOICE])
                    .digits(app.assets().crisis.levels.len(), "key.choose"),
                Some(Popup::Screen(..)) => Keys::new(vec![keys::SCREEN]),
                Some(Popup::Form(_)) => Keys::new(Vec::new()),
            },
        }
    }

    fn applies(&self, act: Act, app: &App) -> bool {
        match act {
            Act::NewEntry => zhiban::app::affordances::opens_cases(app),
            Act::Open if self.case.is_none() => !self.cases.is_empty(),
            // a settled step is not done, skipped or ticked again
            Act::Open | Act::Skip | Act::NotApplicable | Act::Toggle(_) => self
                .case
                .as_ref()
                .is_none_or(|c| c.popup.is_some() || c.overview.is_some() || c.shown_open()),
            // items to tick: only on an open step that has them
            Act::Tick | Act::Up | Act::Down => self.case.as_ref().is_none_or(|c| {
                c.popup.is_some() || c.overview.is_some() || (c.shown_open() && c.items() > 0)
            }),
            // what was recorded on a settled step may be taken back
            Act::Withdraw => self
                .case
                .as_ref()
                .is_none_or(|c| c.popup.is_some() || (!c.view.now.closed && !c.shown_open())),
            // a closed case is read only
            Act::Note | Act::Level | Act::Cssrs | Act::ClosePhase | Act::CloseCase => self
                .case
                .as_ref()
                .is_none_or(|c| c.popup.is_some() || !c.view.now.closed),
            _ => true,
        }
    }

    fn on_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        if let Some(form) = self.form.as_mut() {
            let assets = env.app.assets_arc();
            let (step, fx) = flow::route(form.on_act(act, env.dir, &assets.text), &assets.text);
            return match step {
                flow::Step::Stay => fx,
                flow::Step::Close => {
                    self.form = None;
                    self.entry = None;
                    fx
                }
                flow::Step::Save => self.save_new(env),
            };
        }
        if self.case.is_some() {
            return self.case_act(act, env);
        }
        match act {
            a if is_move(a) => {
                self.cursor = moved(self.cursor, self.cases.len(), a, 10);
                Vec::new()
            }
            Act::Open => match self.cases.get(self.cursor).map(|c| c.id) {
                Some(id) => self.open_case(id, None, env),
                None => Vec::new(),
            },
            Act::NewEntry => self.new_case(None, env),
            Act::Back => vec![Effect::Back],
            _ => Vec::new(),
        }
    }

    fn on_text(&mut self, ev: KeyEvent, env: &mut Env<'_>) -> Fx {
        flow::type_into(self.form_mut(), ev, env)
    }

    fn on_paste(&mut self, text: &str, env: &mut Env<'_>) -> Fx {
        flow::paste_into(self.form_mut(), text, env)
    }

    fn on_event(&mut self, ev: Event, env: &mut Env<'_>) -> Fx {
        match ev {
            Event::Show if self.case.is_none() => self.refresh(env.app),
            Event::OpenCase(id) => {
                self.form = None;
                // another case's ticks are kept, not dropped
                let mut fx = self.keep_ticks_unless(Some(id));
                fx.extend(self.open_case_over_list(id, None, env));
                fx
            }
            Event::NewCase(seed) => self.new_case(seed, env),
            Event::Answer {
                tag: flow::LEAVE,
                act,
            } => {
                let Some(form) = self.form() else {
                    return Vec::new();
                };
                let (step, fx) = flow::answer_leave(act, form, FORM_SLOT);
                if step == flow::Step::Close {
                    if self.form.is_some() {
                        self.form = None;
                        self.entry = None;
                    } else if let Some(cs) = self.case.as_mut() {
                        cs.popup = None;
                    }
                }
                fx
            }
            Event::Answer {
                tag: LEAVE_TICKS,
                act,
            } => {
                let payload = self.case.as_ref().and_then(case_draft);
                match act {
                    Act::Keep | Act::Discard => {
                        self.case = None;
                        let mut fx = self.refresh(env.app);
                        if let (Act::Keep, Some(payload)) = (act, payload) {
                            fx.push(Effect::KeepDraft {
                                slot: CASE_SLOT.to_string(),
                                payload,
                            });
                        }
                        fx.push(Effect::DraftsChanged);
                        fx
                    }
                    _ => Vec::new(),
                }
            }
            Event::Answer { tag: WITHDRAW, act } => self.withdraw_answered(act, env),
            Event::Resume { slot, payload } => self.resume(&slot, &payload, env),
            _ => Vec::new(),
        }
    }

    fn draw(&self, f: &mut Frame<'_>, area: Rect, v: &View<'_>) {
        match &self.case {
            Some(cs) if cs.overview.is_some() && cs.popup.is_none() => {
                overview::draw(f, v, cs, area)
            }
            Some(cs) => draw::case(f, v, cs, area),
            None => draw::list(f, v, &self.cases, self.cursor, self.failed.as_deref(), area),
        }
        if let Some(form) = &self.form {
            crate::tui::form::draw::draw_form(f, area, form, &v.app.assets().text, v.focused);
        }
    }

    fn unsaved(&self, app: &App) -> Vec<String> {
        let mut out: Vec<String> = self.form().and_then(flow::unsaved).into_iter().collect();
        if let Some(cs) = self.case.as_ref().filter(|c| c.any_ticked()) {
            out.push(app.assets().text.f(
                "crisis.unsaved_ticks",
                &[("case", &cs.view.case.id.to_string())],
            ));
        }
        out
    }

    fn drafts(&self, _app: &App) -> Vec<Draft> {
        let mut out = Vec::new();
        if let Some(payload) = self.form().and_then(|f| f.draft_json()) {
            out.push(Draft {
                slot: FORM_SLOT,
                payload,
            });
        }
        if let Some(payload) = self.case.as_ref().and_then(case_draft) {
            out.push(Draft {
                slot: CASE_SLOT,
                payload,
            });
        }
        out
    }

    fn describe(&self, slot: &str, payload: &str, app: &App) -> Option<String> {
        let tx = &app.assets().text;
        match live_slot(slot) {
            CASE_SLOT => {
                let d: CaseDraft = serde_json::from_str(payload).ok()?;
                Some(tx.f("offer.crisis_case", &[("case", &d.title)]))
            }
            FORM_SLOT => {
                let d: FormDraft = serde_json::from_str(payload).ok()?;
                Some(forms::rebuild(app, &d)?.summary())
            }
            _ => None,
        }
    }
}
