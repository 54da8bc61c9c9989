//! The 危机 screen (tab 5): the cases one may see, a new case in a few
//! keystrokes (`!` from anywhere, or from a duty-log entry), and the
//! stepper: one step at a time, with its guidance, contacts, the time since
//! opening and the step's countdown. Every action is one commit.

use ratatui_textarea::TextArea;

use super::keys::Act;
use super::model::{Ctx, Model, ScreenId};
use super::record_form::{RecordForm, RecordWhat};
use zhiban::app::crisis::{self, CaseView};
use zhiban::domain::crisis::CrisisCase;
use zhiban::domain::crisis::EventKind;
use zhiban::domain::sop::cssrs_next;

pub enum CrisisPopup {
    /// A reason (skip, not applicable), a note, or the outcome.
    Text(EventKind, TextArea<'static>),
    /// The level: a digit, then the reason.
    Level(Option<usize>, TextArea<'static>),
    /// The C-SSRS screener, one question at a time.
    Screen([Option<bool>; 6], Option<bool>),
}

pub struct CaseScreen {
    pub view: Box<CaseView>,
    /// The step on screen (index into the case's steps).
    pub shown: usize,
    /// Do-confirm items ticked on the step shown.
    pub ticked: Vec<bool>,
    pub popup: Option<CrisisPopup>,
    /// Tonight's leader on call (from the duty roster), with a phone if known.
    pub leader: Option<String>,
}

pub struct CrisisUi {
    pub cases: Vec<CrisisCase>,
    pub cursor: usize,
    pub form: Option<Box<RecordForm>>,
    pub case: Option<CaseScreen>,
    #[allow(dead_code)]
    pub note: Option<String>,
}

impl CrisisUi {
    pub fn context(&self) -> Ctx {
        if let Some(f) = &self.form {
            return super::todo::form_context(f);
        }
        match &self.case {
            None => Ctx::CrisisList,
            Some(c) => match &c.popup {
                None => Ctx::CrisisStep,
                Some(CrisisPopup::Text(..)) | Some(CrisisPopup::Level(Some(_), _)) => {
                    Ctx::CrisisText
                }
                Some(CrisisPopup::Level(None, _)) => Ctx::CrisisChoice,
                Some(CrisisPopup::Screen(..)) => Ctx::CrisisScreen,
            },
        }
    }
}

fn input() -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_cursor_line_style(ratatui::style::Style::default());
    t
}

impl Model {
    /// Loads the list of cases (the case on screen is reloaded too).
    pub fn crisis_refresh(&mut self) {
        let cases = crisis::list(&self.app).unwrap_or_default();
        let open_id = self
            .crisis
            .as_ref()
            .and_then(|c| c.case.as_ref())
            .map(|c| c.view.case.id);
        let form = self.crisis.as_mut().and_then(|c| c.form.take());
        let cursor = self
            .crisis
            .as_ref()
            .map_or(0, |c| c.cursor)
            .min(cases.len().saturating_sub(1));
        self.crisis = Some(CrisisUi {
            cases,
            cursor,
            form,
            case: None,
            note: None,
        });
        if let Some(id) = open_id {
            self.open_case_screen(id);
        }
    }

    /// Shows a case on its current step (a view, audit-logged).
    fn open_case_screen(&mut self, id: i64) {
        match crisis::view(&mut self.app, id) {
            Ok(v) => {
                let shown = v
                    .now
                    .current
                    .as_ref()
                    .and_then(|k| v.now.steps.iter().position(|s| &s.step.key == k))
                    .unwrap_or(0);
                let ticked =
                    vec![false; v.now.steps.get(shown).map_or(0, |s| s.step.confirm.len())];
                if let Some(c) = self.crisis.as_mut() {
                    c.case = Some(CaseScreen {
                        view: Box::new(v),
                        shown,
                        ticked,
                        popup: None,
                        leader: crisis::leader_on_call(&self.app).ok().flatten(),
                    });
                }
                self.draft_changed();
            }
            Err(e) => self.flash_err(&e),
        }
    }

    /// `!` from anywhere: the new-case form (prefilled from a duty entry).
    pub(crate) fn new_case(&mut self, seed: Option<zhiban::app::duty_log::CaseSeed>) {
        if self.screen != ScreenId::Crisis {
            self.history.push(self.screen);
            self.screen = ScreenId::Crisis;
        }
        self.crisis_refresh();
        let mut f = RecordForm::new(RecordWhat::Crisis, self.app.assets(), &[]);
        if let Some(s) = &seed {
            if let Some(no) = s.students.first() {
                let name = self
                    .students
                    .all
                    .iter()
                    .find(|v| &v.student_no == no)
                    .map(|v| v.name.clone())
                    .unwrap_or_default();
                f.student = Some(super::duty_entry::Picked {
                    no: no.clone(),
                    name,
                });
            }
            f.set_text("where", s.location.as_deref().unwrap_or(""));
            f.set_text("known", s.text.as_deref().unwrap_or(""));
        }
        // with the student known from the entry, start on the kind; else the kind too
        f.focus = 0;
        f.dirty = true;
        if let Some(c) = self.crisis.as_mut() {
            c.form = Some(Box::new(f));
            c.case = None;
        }
        self.crisis_entry = seed.map(|s| s.entry_id);
    }

    pub(crate) fn crisis_act(&mut self, act: Act) {
        let Some(c) = self.crisis.as_mut() else {
            return;
        };
        if c.form.is_some() {
            match act {
                Act::Back => c.form = None,
                Act::Save => self.open_from_form(),
                _ => self.form_nav(act),
            }
            return;
        }
        let Some(cs) = c.case.as_mut() else {
            match act {
                Act::Up => c.cursor = c.cursor.saturating_sub(1),
                Act::Down => c.cursor = (c.cursor + 1).min(c.cases.len().saturating_sub(1)),
                Act::Open => {
                    if let Some(id) = c.cases.get(c.cursor).map(|x| x.id) {
                        self.open_case_screen(id);
                    }
                }
                Act::NewEntry => self.new_case(None),
                Act::Back => self.back(Ctx::CrisisList),
                _ => {}
            }
            return;
        };
        let id = cs.view.case.id;
        let step = cs.view.now.steps.get(cs.shown).map(|s| s.step.key.clone());
        if let Some(p) = cs.popup.as_mut() {
            match (p, act) {
                (_, Act::Back) => cs.popup = None,
                (CrisisPopup::Level(choice @ None, _), Act::Toggle(n)) => {
                    if (n as usize) >= 1 && (n as usize) <= self.app.assets().crisis.levels.len() {
                        *choice = Some(n as usize - 1);
                    }
                }
                (CrisisPopup::Screen(answers, recent), Act::Yes | Act::No) => {
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
                        match crisis::screen(&mut self.app, id, &a, r) {
                            Ok((risk, level)) => {
                                let level_name = level
                                    .as_deref()
                                    .and_then(|k| self.app.assets().crisis.level(k))
                                    .map(|l| l.name.clone())
                                    .unwrap_or_default();
                                let text = self.app.assets().text.f(
                                    "crisis.suggested",
                                    &[
                                        (
                                            "risk",
                                            self.app
                                                .assets()
                                                .text
                                                .t(&format!("crisis.risk_{}", risk.code())),
                                        ),
                                        ("level", &level_name),
                                    ],
                                );
                                self.open_case_screen(id);
                                // the suggestion waits for confirmation: the level popup, preselected
                                let pre = level.and_then(|k| {
                                    self.app
                                        .assets()
                                        .crisis
                                        .levels
                                        .iter()
                                        .position(|l| l.key == k)
                                });
                                if let Some(cs) = self.crisis.as_mut().and_then(|c| c.case.as_mut())
                                {
                                    cs.popup = Some(CrisisPopup::Level(pre, input()));
                                }
                                self.flash = Some(super::model::Flash { text, error: false });
                            }
                            Err(e) => self.flash_err(&e),
                        }
                    }
                }
                (CrisisPopup::Text(kind, t), Act::Save) => {
                    let (kind, text) = (*kind, t.lines().join("\n"));
                    let r = match kind {
                        EventKind::Close => crisis::close_case(&mut self.app, id, &text),
                        EventKind::Note => {
                            crisis::act(&mut self.app, id, kind, step.as_deref(), Some(&text))
                        }
                        _ => crisis::act(&mut self.app, id, kind, step.as_deref(), Some(&text)),
                    };
                    self.after_case(id, r, "crisis.saved");
                }
                (CrisisPopup::Level(Some(i), t), Act::Save) => {
                    let key = self
                        .app
                        .assets()
                        .crisis
                        .levels
                        .get(*i)
                        .map(|l| l.key.clone())
                        .unwrap_or_default();
                    let reason = t.lines().join(" ");
                    let r = crisis::set_level(&mut self.app, id, &key, &reason);
                    self.after_case(id, r, "crisis.level_set");
                }
                _ => {}
            }
            return;
        }
        let n = cs.view.now.steps.len();
        match act {
            Act::Back => {
                c.case = None;
                self.draft_changed();
            }
            Act::Earlier | Act::Later => {
                cs.shown = if act == Act::Earlier {
                    cs.shown.saturating_sub(1)
                } else {
                    (cs.shown + 1).min(n.saturating_sub(1))
                };
                cs.ticked = vec![
                    false;
                    cs.view
                        .now
                        .steps
                        .get(cs.shown)
                        .map_or(0, |s| s.step.confirm.len())
                ];
            }
            Act::Toggle(k) => {
                if let Some(t) = cs.ticked.get_mut((k as usize).wrapping_sub(1)) {
                    *t = !*t;
                }
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
                            .zip(&cs.ticked)
                            .filter(|(_, t)| **t)
                            .map(|(c, _)| format!("✓{c}"))
                            .collect()
                    })
                    .unwrap_or_default();
                let note = (!items.is_empty()).then(|| items.join("；"));
                let r = crisis::act(
                    &mut self.app,
                    id,
                    EventKind::Done,
                    step.as_deref(),
                    note.as_deref(),
                );
                self.after_case(id, r, "crisis.step_done");
            }
            Act::Skip => cs.popup = Some(CrisisPopup::Text(EventKind::Skipped, input())),
            Act::NotApplicable => {
                cs.popup = Some(CrisisPopup::Text(EventKind::NotApplicable, input()))
            }
            Act::Note => cs.popup = Some(CrisisPopup::Text(EventKind::Note, input())),
            Act::CloseCase => cs.popup = Some(CrisisPopup::Text(EventKind::Close, input())),
            Act::Level => cs.popup = Some(CrisisPopup::Level(None, input())),
            Act::Cssrs => cs.popup = Some(CrisisPopup::Screen([None; 6], None)),
            Act::ClosePhase => {
                let phase = cs.view.now.phase.clone();
                let r = crisis::close_phase(&mut self.app, id, &phase);
                self.after_case(id, r, "crisis.phase_closed");
            }
            _ => {}
        }
    }

    fn after_case(&mut self, id: i64, r: zhiban::error::Result<()>, ok: &str) {
        match r {
            Ok(()) => {
                self.open_case_screen(id);
                self.say_key(ok, false);
            }
            Err(e) => self.flash_err(&e),
        }
    }

    fn open_from_form(&mut self) {
        let Some(f) = self.crisis.as_ref().and_then(|c| c.form.as_ref()) else {
            return;
        };
        let mut input = f.crisis();
        input.entry_id = self.crisis_entry;
        match crisis::open_case(&mut self.app, &input) {
            Ok(id) => {
                self.crisis_entry = None;
                if let Some(c) = self.crisis.as_mut() {
                    c.form = None;
                }
                self.crisis_refresh();
                self.open_case_screen(id);
                self.say_key("crisis.opened", false);
            }
            Err(e) => self.flash_err(&e),
        }
    }

    pub(crate) fn crisis_type(&mut self, ev: ratatui::crossterm::event::KeyEvent) {
        if let Some(CrisisPopup::Text(_, t) | CrisisPopup::Level(Some(_), t)) = self
            .crisis
            .as_mut()
            .and_then(|c| c.case.as_mut())
            .and_then(|c| c.popup.as_mut())
        {
            t.input(ev);
        }
    }

    pub(crate) fn crisis_paste(&mut self, text: &str) {
        if let Some(CrisisPopup::Text(_, t) | CrisisPopup::Level(Some(_), t)) = self
            .crisis
            .as_mut()
            .and_then(|c| c.case.as_mut())
            .and_then(|c| c.popup.as_mut())
        {
            t.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
        }
    }

    /// Shows case `id` on the crisis screen, on its current step.
    pub fn show_case(&mut self, id: i64) {
        self.screen = ScreenId::Crisis;
        self.crisis_refresh();
        self.open_case_screen(id);
    }

    /// At start-up: the case one was working on when the connection
    /// dropped comes back on its current step (every completed step is
    /// already saved).
    pub fn resume_crisis_draft(&mut self) {
        let Ok(Some(payload)) = zhiban::app::drafts::load(&self.app, super::model::CRISIS_DRAFT)
        else {
            return;
        };
        let Ok(id) = payload.parse::<i64>() else {
            return;
        };
        self.screen = ScreenId::Crisis;
        self.crisis_refresh();
        self.open_case_screen(id);
        if self.crisis.as_ref().is_some_and(|c| c.case.is_some()) {
            self.say_key("crisis.back", false);
            self.draft_changed();
        }
    }
}
