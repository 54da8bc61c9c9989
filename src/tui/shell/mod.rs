//! The shell around the screens: the status bar and tabs, the hint bar, the
//! help, questions, drafts offered on start, the flash message; it routes
//! each key to the screen shown (through that screen's key tables) and
//! carries out the effects screens return. It knows screens only through
//! the [`Screen`] trait.

pub mod drafts;
mod draw;
mod held;

use std::collections::{BTreeMap, VecDeque};

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use zhiban::app::student_list::StudentList;
use zhiban::app::{App, affordances};
use zhiban::domain::search::SearchIndex;
use zhiban::error::{Error, Result};

use super::directory::{Directory, Load};
use super::keys::{self, Act, Binding, resolve};
use super::screen::{Ask, AskKind, Effect, Env, Event, Fx, Screen, ScreenId, View};
use super::screens;
use drafts::{Drafts, Offer};
use held::Held;

/// Smallest terminal the full interface is drawn in.
pub const MIN_W: u16 = 40;
pub const MIN_H: u16 = 12;

/// A one-line message under the body, cleared by the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub error: bool,
}

/// Who asked a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Screen(ScreenId),
    /// The shell's own: quit with something unsaved.
    Quit,
}

enum Overlay {
    /// The help, scrolled to its `top` line.
    Help {
        top: usize,
    },
    Ask {
        owner: Owner,
        ask: Ask,
    },
    Offer(Offer),
}

pub struct Shell {
    pub app: App,
    pub dir: Directory,
    screens: Vec<Box<dyn Screen>>,
    current: ScreenId,
    history: Vec<ScreenId>,
    overlays: Vec<Overlay>,
    offers: VecDeque<Offer>,
    pub flash: Option<Flash>,
    pub size: (u16, u16),
    quit: bool,
    demo: bool,
    drafts: Drafts,
    /// Input for a screen whose data a worker is still reading, in the
    /// order it came: applied once the data has arrived.
    held: VecDeque<Held>,
}

impl Shell {
    /// A shell whose first screen reads its data now (the screen tests,
    /// `bench`'s in-process shell).
    pub fn new(app: App, demo: bool, size: (u16, u16), drafts: Drafts) -> Shell {
        let mut s = Shell::bare(app, demo, size, drafts);
        s.event(ScreenId::Dashboard, Event::Show);
        s
    }

    /// A shell drawn at once on start: the board is read by a worker and
    /// handed over by [`Shell::board_loaded`]; until then the dashboard
    /// says it is loading and keys for it wait.
    pub fn starting(app: App, demo: bool, size: (u16, u16), drafts: Drafts) -> Shell {
        let mut s = Shell::bare(app, demo, size, drafts);
        s.event(ScreenId::Dashboard, Event::Awaiting);
        s
    }

    fn bare(app: App, demo: bool, size: (u16, u16), drafts: Drafts) -> Shell {
        let screens = screens::all(&app);
        debug_assert!(
            screens.iter().map(|s| s.id()).eq(ScreenId::ALL),
            "screens in tab order"
        );
        Shell {
            app,
            dir: Directory::default(),
            screens,
            current: ScreenId::Dashboard,
            history: Vec::new(),
            overlays: Vec::new(),
            offers: VecDeque::new(),
            flash: None,
            size,
            quit: false,
            demo,
            drafts,
            held: VecDeque::new(),
        }
    }

    /// A minute passed with no input: the dashboard, if it is showing,
    /// reads again (a case opened elsewhere shows without a key pressed).
    pub fn minute(&mut self) {
        if self.current == ScreenId::Dashboard {
            self.event(ScreenId::Dashboard, Event::Show);
        }
    }

    pub fn quitting(&self) -> bool {
        self.quit
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_W || self.size.1 < MIN_H
    }

    fn screen(&self, id: ScreenId) -> &dyn Screen {
        self.screens[id.index()].as_ref()
    }

    /// The words of an error in the reader's language.
    pub fn word(&self, e: &Error) -> String {
        let tx = &self.app.assets().text;
        let key = if matches!(e, Error::Refused(_)) {
            "msg.refused"
        } else {
            "msg.error"
        };
        tx.f(key, &[("reason", &tx.error(e))])
    }

    // ---------- input

    pub fn on_key(&mut self, ev: KeyEvent) {
        if self.holds(Some(&ev)) {
            self.held.push_back(Held::Key(ev));
            return;
        }
        self.flash = None;
        if self.too_small() {
            if resolve(&[keys::TINY], &ev) == Some(Act::Quit) {
                self.ask_quit();
            }
            return;
        }
        if !self.overlays.is_empty() {
            return self.overlay_key(ev);
        }
        let keys = self.screen(self.current).keys(&self.app);
        match resolve(&keys.tables, &ev) {
            Some(act) => self.act(act),
            None if keys.typing => {
                let cur = self.current;
                let fx = self.with_env(cur, |s, env| s.on_text(ev, env));
                self.apply(cur, fx);
            }
            None => {}
        }
        self.offer_when_free();
    }

    pub fn on_paste(&mut self, text: &str) {
        if self.holds(None) {
            self.held.push_back(Held::Paste(text.to_string()));
            return;
        }
        if self.too_small() || !self.overlays.is_empty() {
            return;
        }
        let cur = self.current;
        let fx = self.with_env(cur, |s, env| s.on_paste(text, env));
        self.apply(cur, fx);
    }

    pub fn on_resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
    }

    /// The students have loaded (or failed to).
    pub fn loaded(&mut self, r: Result<(impl Into<StudentList>, SearchIndex)>) {
        match r {
            Ok((all, index)) => self.dir = Directory::loaded(all.into(), index),
            Err(e) => {
                let text = self.word(&e);
                self.dir.load = Load::Failed(text.clone());
                self.flash = Some(Flash { text, error: true });
            }
        }
        for id in ScreenId::ALL {
            let fx = self.with_env(id, |s, env| s.on_event(Event::StudentsLoaded, env));
            self.apply(id, fx);
        }
    }

    /// A screen's background work is done: each screen takes its part.
    pub fn ready(&mut self) {
        for id in ScreenId::ALL {
            self.event(id, Event::Ready);
        }
    }

    /// A draft could not be written (it is kept and tried again).
    pub fn draft_failed(&mut self, e: &Error) {
        let tx = &self.app.assets().text;
        let text = tx.f("msg.draft_failed", &[("reason", &tx.error(e))]);
        self.flash = Some(Flash { text, error: true });
    }

    fn with_env<T>(
        &mut self,
        id: ScreenId,
        f: impl FnOnce(&mut dyn Screen, &mut Env<'_>) -> T,
    ) -> T {
        let mut env = Env {
            app: &mut self.app,
            dir: &self.dir,
            size: self.size,
        };
        f(self.screens[id.index()].as_mut(), &mut env)
    }

    /// The keys every screen shares, then the screen's own.
    fn act(&mut self, act: Act) {
        let cur = self.current;
        match act {
            Act::Screen(n) => {
                if let Some(s) = ScreenId::from_number(n) {
                    self.go(s);
                }
            }
            Act::Help => self.overlays.push(Overlay::Help { top: 0 }),
            Act::Quit => self.ask_quit(),
            Act::Search => self.deliver(ScreenId::Students, Event::Search),
            Act::NewCase => {
                if affordances::opens_cases(&self.app) {
                    self.deliver(ScreenId::Crisis, Event::NewCase(None));
                } else {
                    self.say("crisis.may_not_open", true);
                }
            }
            _ => {
                let fx = self.with_env(cur, |s, env| s.on_act(act, env));
                self.apply(cur, fx);
            }
        }
    }

    fn say(&mut self, key: &str, error: bool) {
        self.flash = Some(Flash {
            text: self.app.assets().text.t(key).to_string(),
            error,
        });
    }

    fn go(&mut self, id: ScreenId) {
        if id != self.current {
            self.history.push(self.current);
            self.current = id;
        }
        self.event(id, Event::Show);
    }

    fn back(&mut self) {
        if let Some(prev) = self.history.pop() {
            self.current = prev;
            self.event(prev, Event::Show);
        }
    }

    /// Shows screen `id` and hands it `ev`.
    fn deliver(&mut self, id: ScreenId, ev: Event) {
        self.go(id);
        self.event(id, ev);
    }

    fn event(&mut self, id: ScreenId, ev: Event) {
        let fx = self.with_env(id, |s, env| s.on_event(ev, env));
        self.apply(id, fx);
    }

    fn apply(&mut self, from: ScreenId, fx: Fx) {
        for e in fx {
            match e {
                Effect::Flash { text, error } => self.flash = Some(Flash { text, error }),
                Effect::Error(e) => {
                    self.flash = Some(Flash {
                        text: self.word(&e),
                        error: true,
                    })
                }
                Effect::Go(id) => self.go(id),
                Effect::Back => self.back(),
                Effect::To(id, ev) => self.deliver(id, ev),
                Effect::Ask(ask) => self.overlays.push(Overlay::Ask {
                    owner: Owner::Screen(from),
                    ask,
                }),
                Effect::DraftsChanged => self.sync_drafts(),
                Effect::KeepDraft { slot, payload } => {
                    let stamp = self.app.now().timestamp();
                    self.drafts.keep(&slot, payload, stamp);
                }
                Effect::TakenUp { slot, payload } => {
                    use super::screen::live_slot;
                    self.offers.retain(|o| {
                        o.slot != slot
                            && !(live_slot(&o.slot) == live_slot(&slot) && o.payload == payload)
                    });
                    self.drafts.taken_up(&slot, &payload);
                }
                Effect::StudentChanged(id) => self.student_changed(id),
            }
        }
    }

    fn student_changed(&mut self, id: i64) {
        match zhiban::app::students::visible(&self.app, id) {
            Ok(Some(v)) => self.dir.update(&v),
            Ok(None) => {}
            Err(e) => {
                self.flash = Some(Flash {
                    text: self.word(&e),
                    error: true,
                })
            }
        }
        for sid in [ScreenId::Students, ScreenId::Dashboard] {
            let fx = self.with_env(sid, |s, env| s.on_event(Event::StudentsLoaded, env));
            self.apply(sid, fx);
        }
    }

    /// Shows crisis case `id` (as a case reached from anywhere would be).
    pub fn open_case(&mut self, id: i64) {
        self.deliver(ScreenId::Crisis, Event::OpenCase(id));
    }

    // ---------- drafts

    /// Collects every screen's drafts and sends what changed.
    fn sync_drafts(&mut self) {
        let now: BTreeMap<String, String> = self.live_drafts().into_iter().collect();
        self.drafts.sync(now);
    }

    /// Every screen's drafts now (slot, payload).
    pub fn live_drafts(&self) -> Vec<(String, String)> {
        self.screens
            .iter()
            .flat_map(|s| s.drafts(&self.app))
            .map(|d| (d.slot.to_string(), d.payload))
            .collect()
    }

    /// On start: every draft a session that is gone left (not those of
    /// another session of this login still running), offered one by one.
    pub fn offer_drafts(&mut self) {
        let list = match zhiban::app::drafts::left(&self.app, self.drafts.me()) {
            Ok(l) => l,
            Err(e) => {
                self.flash = Some(Flash {
                    text: self.word(&e),
                    error: true,
                });
                return;
            }
        };
        for d in list {
            let owner = ScreenId::of_slot(&d.form);
            let described =
                owner.and_then(|id| self.screen(id).describe(&d.form, &d.payload, &self.app));
            let at = d
                .saved_at
                .map(|t| super::ui::local(&self.app, t, "%m-%d %H:%M"))
                .unwrap_or_default();
            let tx = &self.app.assets().text;
            let (text, resumable) = match described {
                Some(what) => (tx.f("offer.text", &[("what", &what), ("at", &at)]), true),
                None => (
                    tx.f(
                        "offer.unreadable",
                        &[("text", &plain_payload(&d.payload)), ("at", &at)],
                    ),
                    false,
                ),
            };
            let stamp = d.saved_at.unwrap_or_else(|| self.app.now()).timestamp();
            let slot = self.drafts.set_aside(&d.form, &d.payload, stamp);
            self.offers.push_back(Offer {
                slot,
                payload: d.payload,
                text,
                resumable,
            });
        }
        self.next_offer();
    }

    /// The next draft offered, unless a question is open or a form is
    /// being filled (a draft just continued is not covered by the next).
    fn offer_when_free(&mut self) {
        if self.offers.is_empty() || !self.overlays.is_empty() {
            return;
        }
        if self
            .screens
            .iter()
            .any(|s| !s.unsaved(&self.app).is_empty())
        {
            return;
        }
        self.next_offer();
    }

    fn next_offer(&mut self) {
        if let Some(o) = self.offers.pop_front() {
            self.overlays.push(Overlay::Offer(o));
        }
    }

    /// Before exit: the drafts as they are now, written.
    pub fn flush(&mut self) {
        self.sync_drafts();
        self.drafts.flush();
    }

    // ---------- overlays

    fn overlay_tables(&self) -> Vec<&'static [Binding]> {
        match self.overlays.last() {
            Some(Overlay::Help { .. }) => vec![keys::HELP],
            Some(Overlay::Ask { ask, .. }) => match ask.kind {
                AskKind::YesNo => vec![keys::CONFIRM],
                AskKind::LeaveForm => vec![keys::LEAVE_FORM],
            },
            Some(Overlay::Offer(_)) => vec![keys::OFFER],
            None => Vec::new(),
        }
    }

    fn overlay_key(&mut self, ev: KeyEvent) {
        let Some(act) = resolve(&self.overlay_tables(), &ev) else {
            return;
        };
        let Some(top) = self.overlays.pop() else {
            return;
        };
        match top {
            Overlay::Help { top } if keys::is_move(act) => {
                let top = draw::help_scrolled(self, top, act);
                self.overlays.push(Overlay::Help { top });
            }
            Overlay::Help { .. } => {}
            Overlay::Ask { owner, ask } => match owner {
                Owner::Quit => {
                    if act == Act::Yes {
                        self.quit = true;
                    }
                }
                Owner::Screen(id) => {
                    let tag = ask.tag;
                    self.event(id, Event::Answer { tag, act });
                }
            },
            Overlay::Offer(o) => {
                match act {
                    Act::Yes if o.resumable => {
                        if let Some(id) = ScreenId::of_slot(&o.slot) {
                            self.deliver(
                                id,
                                Event::Resume {
                                    slot: o.slot.clone(),
                                    payload: o.payload.clone(),
                                },
                            );
                            self.sync_drafts();
                            // continued under its live name: the old one goes
                            // (kept when the screen could not reopen it)
                            if !self.screen(id).drafts(&self.app).is_empty() {
                                self.drafts.forget(&o.slot);
                            }
                        }
                    }
                    Act::Yes => self.overlays.push(Overlay::Offer(o)),
                    Act::Discard => self.drafts.forget(&o.slot),
                    // later, and to the screen the digit names
                    Act::Screen(n) => {
                        if let Some(s) = ScreenId::from_number(n) {
                            self.go(s);
                        }
                    }
                    _ => {}
                }
            }
        }
        self.offer_when_free();
    }

    /// q or Ctrl-C: quit, asking first when something is not saved.
    fn ask_quit(&mut self) {
        let mut what: Vec<String> = Vec::new();
        for s in &self.screens {
            what.extend(s.unsaved(&self.app));
        }
        if what.is_empty() {
            self.quit = true;
            return;
        }
        let text = self
            .app
            .assets()
            .text
            .f("confirm.quit_unsaved", &[("what", &what.join("、"))]);
        self.overlays.push(Overlay::Ask {
            owner: Owner::Quit,
            ask: Ask {
                tag: 0,
                text,
                kind: AskKind::YesNo,
            },
        });
    }

    // ---------- drawing

    pub fn draw(&self, f: &mut Frame<'_>) {
        draw::draw(self, f);
        crate::tui::terminal::scrub(f.buffer_mut());
    }

    fn view(&self) -> View<'_> {
        View {
            app: &self.app,
            dir: &self.dir,
            focused: self.overlays.is_empty(),
        }
    }
}

/// A draft no screen can reopen, in words: its text values, else the
/// payload itself (made safe when shown), shortened.
fn plain_payload(payload: &str) -> String {
    let text = match serde_json::from_str::<super::form::FormDraft>(payload) {
        Ok(d) => super::form::Form::plain(&d),
        Err(_) => match serde_json::from_str::<serde_json::Value>(payload) {
            Ok(v) => strings_of(&v).join(" / "),
            Err(_) => payload.to_string(),
        },
    };
    let short: String = text.chars().take(200).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// Every string in a JSON value (an old draft's typed text).
fn strings_of(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) if !s.trim().is_empty() => vec![s.trim().to_string()],
        serde_json::Value::Array(a) => a.iter().flat_map(strings_of).collect(),
        serde_json::Value::Object(o) => o.values().flat_map(strings_of).collect(),
        _ => Vec::new(),
    }
}
