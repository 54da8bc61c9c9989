//! 危机 (tab 5): the cases one may see, a new case in a few keystrokes (`!`
//! from anywhere, or from a duty-log entry), and the stepper: one step at a
//! time with its guidance, contacts, the time since opening and the step's
//! countdown. Every action is one commit.

mod draw;
mod forms;
mod keys;
mod stepper;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use serde::{Deserialize, Serialize};
use zhiban::app::App;
use zhiban::app::crisis::{self, CaseView};
use zhiban::app::duty_log::CaseSeed;
use zhiban::domain::crisis::{CrisisCase, EventKind};
use zhiban::domain::sop::cssrs_next;

use crate::tui::directory::Picked;
use crate::tui::form::{Form, FormDraft, flow};
use crate::tui::keys::{self as k, Act, is_move, moved};
use crate::tui::screen::{Draft, Effect, Env, Event, Fx, Keys, Screen, ScreenId, View, say, warn};

/// A form (the new case, a reason, a note, a level's reason).
const FORM_SLOT: &str = "crisis.form";
/// The case on screen: its step and the items ticked on it.
const CASE_SLOT: &str = "crisis.case";

pub enum Popup {
    Form(Form),
    /// The level: a digit.
    Level,
    /// The C-SSRS screener, one question at a time.
    Screen([Option<bool>; 6], Option<bool>),
}

pub struct CaseScreen {
    pub view: Box<CaseView>,
    /// The step on screen (index into the case's steps).
    pub shown: usize,
    /// Do-confirm items ticked on the step shown.
    pub ticked: Vec<bool>,
    pub popup: Option<Popup>,
    /// Tonight's leader on call (from the duty roster), with a phone if known.
    pub leader: Option<String>,
}

/// The stepper as a draft: which case, which step, what is ticked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct CaseDraft {
    case: i64,
    step: String,
    ticked: Vec<bool>,
    /// For the offer on start.
    #[serde(default)]
    title: String,
}

pub struct Crisis {
    cases: Vec<CrisisCase>,
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
        match crisis::list(app) {
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
        match crisis::view(env.app, id) {
            Ok(v) => {
                let current = v
                    .now
                    .current
                    .as_ref()
                    .and_then(|k| v.now.steps.iter().position(|s| &s.step.key == k))
                    .unwrap_or(0);
                let (shown, ticked) = match draft.and_then(|d| {
                    v.now
                        .steps
                        .iter()
                        .position(|s| s.step.key == d.step)
                        .map(|i| (i, d))
                }) {
                    Some((i, d)) => (i, d.ticked.clone()),
                    None => (current, Vec::new()),
                };
                let n = v.now.steps.get(shown).map_or(0, |s| s.step.confirm.len());
                let mut ticked = ticked;
                ticked.resize(n, false);
                // tonight's leader could not be read: the case still opens, and says so
                let (leader, fx) = match crisis::leader_on_call(env.app) {
                    Ok(l) => (l, vec![Effect::DraftsChanged]),
                    Err(e) => (None, vec![Effect::DraftsChanged, Effect::Error(e)]),
                };
                self.case = Some(CaseScreen {
                    view: Box::new(v),
                    shown,
                    ticked,
                    popup: None,
                    leader,
                });
                fx
            }
            Err(e) => vec![Effect::Error(e)],
        }
    }

    fn new_case(&mut self, seed: Option<CaseSeed>, env: &mut Env<'_>) -> Fx {
        let mut fx = self.refresh(env.app);
        let mut f = forms::open_case(env.app);
        if let Some(s) = &seed {
            let chosen: Vec<Picked> = s
                .students
                .iter()
                .map(|no| Picked {
                    no: no.clone(),
                    name: env
                        .dir
                        .by_no(no)
                        .map(|v| v.name.clone())
                        .unwrap_or_default(),
                })
                .collect();
            f.set_students("students", chosen);
            f.set("where", s.location.as_deref().unwrap_or(""));
            f.set("known", s.text.as_deref().unwrap_or(""));
        }
        // the kind first: it decides the procedure
        f.changed = seed.is_some();
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
                let mut fx = self.refresh(env.app);
                fx.extend(self.open_case(id, None, env));
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
        if slot.split('#').next() == Some(CASE_SLOT) {
            let Ok(d) = serde_json::from_str::<CaseDraft>(payload) else {
                return vec![warn("offer.cannot_resume", env.app)];
            };
            // the case is on screen already (a form over it came back first)
            if let Some(cs) = self.case.as_mut().filter(|c| c.view.case.id == d.case) {
                if let Some(i) = cs.view.now.steps.iter().position(|s| s.step.key == d.step) {
                    let mut ticked = d.ticked.clone();
                    ticked.resize(cs.view.now.steps[i].step.confirm.len(), false);
                    cs.shown = i;
                    cs.ticked = ticked;
                }
                return vec![Effect::DraftsChanged];
            }
            let mut fx = self.refresh(env.app);
            fx.extend(self.open_case(d.case, Some(&d), env));
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

    fn keys(&self, _app: &App) -> Keys {
        if let Some(f) = self.form() {
            return Keys::typing(f.tables());
        }
        match &self.case {
            None => Keys::new(vec![k::LIST, keys::LIST, k::GLOBAL]),
            Some(c) => match &c.popup {
                None => Keys::new(vec![keys::STEP, k::ALWAYS]).numbers("1-6", "key.tick"),
                Some(Popup::Level) => Keys::new(vec![k::CHOICE]).numbers("1-9", "key.choose"),
                Some(Popup::Screen(..)) => Keys::new(vec![keys::SCREEN]),
                Some(Popup::Form(_)) => Keys::new(Vec::new()),
            },
        }
    }

    fn applies(&self, act: Act, app: &App) -> bool {
        match act {
            Act::NewEntry => zhiban::app::affordances::opens_cases(app),
            Act::Open if self.case.is_none() => !self.cases.is_empty(),
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
        let cat = &env.app.assets().text;
        match self.form_mut() {
            Some(f) => flow::route(f.on_text(ev, env.dir, cat), cat).1,
            None => Vec::new(),
        }
    }

    fn on_paste(&mut self, text: &str, env: &mut Env<'_>) -> Fx {
        let cat = &env.app.assets().text;
        match self.form_mut() {
            Some(f) => flow::route(f.on_paste(text, env.dir, cat), cat).1,
            None => Vec::new(),
        }
    }

    fn on_event(&mut self, ev: Event, env: &mut Env<'_>) -> Fx {
        match ev {
            Event::Show if self.case.is_none() => self.refresh(env.app),
            Event::OpenCase(id) => {
                self.form = None;
                let mut fx = self.refresh(env.app);
                fx.extend(self.open_case(id, None, env));
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
            Event::Resume { slot, payload } => self.resume(&slot, &payload, env),
            _ => Vec::new(),
        }
    }

    fn draw(&self, f: &mut Frame<'_>, area: Rect, v: &View<'_>) {
        match &self.case {
            Some(cs) => draw::case(f, v, cs, area),
            None => draw::list(f, v, &self.cases, self.cursor, self.failed.as_deref(), area),
        }
        if let Some(form) = &self.form {
            crate::tui::form::draw::draw_form(f, area, form, &v.app.assets().text, v.focused);
        }
    }

    fn unsaved(&self, _app: &App) -> Vec<String> {
        self.form().and_then(flow::unsaved).into_iter().collect()
    }

    fn drafts(&self, _app: &App) -> Vec<Draft> {
        let mut out = Vec::new();
        if let Some(payload) = self.form().and_then(|f| f.draft_json()) {
            out.push(Draft {
                slot: FORM_SLOT,
                payload,
            });
        }
        if let Some(cs) = &self.case {
            let step = cs.view.now.steps.get(cs.shown);
            let d = CaseDraft {
                case: cs.view.case.id,
                step: step.map(|s| s.step.key.clone()).unwrap_or_default(),
                ticked: cs.ticked.clone(),
                title: format!(
                    "#{} {} {}",
                    cs.view.case.id,
                    cs.view.template.name,
                    step.map(|s| s.step.title.as_str()).unwrap_or("")
                ),
            };
            if let Ok(payload) = serde_json::to_string(&d) {
                out.push(Draft {
                    slot: CASE_SLOT,
                    payload,
                });
            }
        }
        out
    }

    fn describe(&self, slot: &str, payload: &str, app: &App) -> Option<String> {
        let tx = &app.assets().text;
        match slot.split('#').next()? {
            CASE_SLOT => {
                let d: CaseDraft = serde_json::from_str(payload).ok()?;
                Some(tx.f("offer.crisis_case", &[("case", &d.title)]))
            }
            FORM_SLOT => {
                let d: FormDraft = serde_json::from_str(payload).ok()?;
                let f = forms::rebuild(app, &d)?;
                let text = Form::plain(&d);
                Some(format!(
                    "{}：{}",
                    f.title,
                    text.chars().take(40).collect::<String>()
                ))
            }
            _ => None,
        }
    }
}
