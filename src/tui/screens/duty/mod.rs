//! 值班 (tab 3): open a shift, acknowledge what was handed over, log
//! entries (one key picks the type), escalate, record the leader's
//! response, amend, close with a handover; and the log beyond tonight.

mod displaced;
mod draw;
mod draw_call;
mod draw_views;
mod forms;
mod keys;
mod owned;
mod save;
mod views;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use serde_json::json;
use zhiban::app::duty::{self, Linked};
use zhiban::app::duty_log::{self, EntryOut};
use zhiban::app::{App, affordances};
use zhiban::domain::duty::{Channel, DutyShift, EntryType, Escalation, HandoverItem};

use crate::tui::form::{Form, FormDraft, flow};
use crate::tui::keys::{self as k, Act, is_move, moved};
use crate::tui::screen::{
    Draft, Effect, Env, Event, Fx, Keys, Screen, ScreenId, View, live_slot, say, warn,
};
use views::{DutyView, Reading};

const SLOT: &str = "duty.form";

pub enum Popup {
    /// A new entry: its type, by one key.
    PickType,
    /// Which channel the escalation went by, with whom to call.
    Channel(zhiban::app::duty_shift::OnCall),
    Form(Form),
}

/// Tonight's desk as read.
#[derive(Default)]
pub struct Desk {
    pub shift: Option<DutyShift>,
    pub last: Option<DutyShift>,
    pub pending: Vec<HandoverItem>,
    pub entries: Vec<EntryOut>,
    pub escalations: Vec<Escalation>,
    pub linked: Linked,
    /// Open entries and items taken over, until closed (above the log).
    pub owned: Vec<zhiban::app::duty_owned::Owned>,
    /// With no shift open: the last one, closed by someone else.
    pub displaced: Option<zhiban::app::duty_displaced::Displaced>,
    /// Why it could not be read (shown, never an empty desk).
    pub failed: Option<String>,
}

impl Desk {
    /// Escalations still waiting for the leader's response.
    pub fn open_escalations(&self) -> Vec<&Escalation> {
        self.escalations
            .iter()
            .filter(|x| x.responded_at.is_none())
            .collect()
    }
}

pub struct Duty {
    desk: Desk,
    /// Over the pending items while there are any, else over the entries.
    cursor: usize,
    popup: Option<Popup>,
    view: DutyView,
    reading: Option<Reading>,
    /// A follow-up offered to be closed with an entry just closed.
    link: Option<owned::Link>,
}

impl Duty {
    pub fn new() -> Duty {
        Duty {
            desk: Desk::default(),
            cursor: 0,
            popup: None,
            view: DutyView::Tonight,
            reading: None,
            link: None,
        }
    }

    /// Reads tonight's desk (the view over it stays as it was).
    fn refresh(&mut self, app: &App) -> Fx {
        match duty_log::tonight(app) {
            Ok(t) => {
                let n = t.owned.len() + t.entries.len();
                let displaced = if t.shift.is_none() {
                    match zhiban::app::duty_displaced::displaced(app) {
                        Ok(d) => d,
                        Err(e) => return vec![Effect::Error(e)],
                    }
                } else {
                    None
                };
                self.desk = Desk {
                    displaced,
                    shift: t.shift,
                    last: t.last,
                    pending: t.pending,
                    entries: t.entries,
                    escalations: t.escalations,
                    linked: t.linked,
                    owned: t.owned,
                    failed: None,
                };
                self.cursor = self.cursor.min(n.saturating_sub(1));
                Vec::new()
            }
            Err(e) => {
                self.desk = Desk {
                    failed: Some(app.assets().text.error(&e)),
                    ..Desk::default()
                };
                vec![Effect::Error(e)]
            }
        }
    }

    /// The entry under the cursor (none while items wait to be taken over;
    /// the rows the officer owns come first).
    fn entry_here(&self) -> Option<&EntryOut> {
        if self.desk.pending.is_empty() {
            let i = self.cursor.checked_sub(self.desk.owned.len())?;
            self.desk.entries.get(i)
        } else {
            None
        }
    }

    fn form(&self) -> Option<&Form> {
        match &self.popup {
            Some(Popup::Form(f)) => Some(f),
            _ => None,
        }
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        match &mut self.popup {
            Some(Popup::Form(f)) => Some(f),
            _ => None,
        }
    }

    fn main_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        let app = &*env.app;
        if self.desk.failed.is_some() && !matches!(act, Act::Back) {
            return self.refresh(app);
        }
        let items = self.desk.pending.len();
        let rows = if items > 0 {
            items
        } else {
            self.desk.owned.len() + self.desk.entries.len()
        };
        let entry_here = self.target_entry();
        let item_here = self.desk.pending.get(self.cursor).map(|i| i.id);
        match act {
            a if is_move(a) => {
                self.cursor = moved(self.cursor, rows, a, 10);
                Vec::new()
            }
            Act::PastShifts | Act::SearchLog | Act::Roster => {
                self.view = DutyView::open(act, app);
                match self.view.load(app) {
                    Ok(()) => Vec::new(),
                    Err(e) => vec![Effect::Error(e)],
                }
            }
            Act::CaseFromEntry => match entry_here.map(|id| duty_log::case_seed(app, id)) {
                Some(Ok(Some(seed))) => {
                    vec![Effect::To(ScreenId::Crisis, Event::NewCase(Some(seed)))]
                }
                Some(Ok(None)) => vec![warn("duty.no_case_from_entry", app)],
                Some(Err(e)) => vec![Effect::Error(e)],
                None => Vec::new(),
            },
            Act::OpenShift if !affordances::keeps_duty(app) => {
                vec![warn(no_shift_key(app, "duty.no_shift"), app)]
            }
            Act::OpenShift if self.desk.shift.is_none() => {
                self.popup = Some(Popup::Form(forms::open_shift(app)));
                Vec::new()
            }
            Act::OpenShift => vec![warn("duty.already_open", app)],
            Act::Back => vec![Effect::Back],
            Act::Open if self.desk.displaced.is_some() => self.displaced_seen(env),
            _ if self.desk.shift.is_none() => vec![warn(no_shift_key(app, "duty.no_shift"), app)],
            Act::TakeOver if items > 0 => match item_here {
                Some(id) => {
                    let r = duty::acknowledge(env.app, id, None);
                    self.after(r, "duty.taken", env.app)
                }
                None => Vec::new(),
            },
            Act::CloseItem if items > 0 => {
                // a crisis case's item is taken over, never closed here
                // (app::duty::acknowledge says why): told at once
                let case = self.desk.pending.get(self.cursor).and_then(|i| i.case_id);
                if let Some(case) = case {
                    let text = app
                        .assets()
                        .text
                        .f("err.duty.case_item_open", &[("case", &case.to_string())]);
                    return vec![Effect::Flash { text, error: true }];
                }
                if let Some(id) = item_here {
                    self.popup = Some(Popup::Form(forms::one_text(
                        app,
                        "duty.close_item",
                        "duty.close_item_title",
                        "",
                        json!({"item": id}),
                    )));
                }
                Vec::new()
            }
            _ if items > 0 => vec![warn("duty.ack_first", app)],
            Act::CloseItem => self.close_here(env),
            Act::NewEntry => {
                self.popup = Some(Popup::PickType);
                Vec::new()
            }
            Act::Escalate if self.entry_here().is_some() => {
                let entry = self.entry_here().map(|e| e.entry_id);
                match zhiban::app::duty_shift::on_call(app, entry) {
                    Ok(c) => {
                        self.popup = Some(Popup::Channel(c));
                        Vec::new()
                    }
                    Err(e) => vec![Effect::Error(e)],
                }
            }
            Act::SetLeader => {
                let current = self.desk.shift.as_ref().and_then(|s| s.leader.clone());
                self.popup = Some(Popup::Form(forms::set_leader(app, current.as_deref())));
                Vec::new()
            }
            Act::Respond => match self.desk.open_escalations().first().map(|x| x.id) {
                Some(id) => {
                    self.popup = Some(Popup::Form(forms::one_text(
                        app,
                        "duty.respond",
                        "duty.respond_title",
                        "",
                        json!({"escalation": id}),
                    )));
                    Vec::new()
                }
                None => vec![warn("duty.nothing_to_answer", app)],
            },
            Act::Amend => self.amend_here(env),
            Act::CloseShift => {
                self.popup = Some(Popup::Form(forms::close_shift(app)));
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn popup_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        let location = self.desk.shift.as_ref().and_then(|s| s.location.clone());
        let entry_here = self.entry_here().map(|e| e.entry_id);
        let Some(p) = self.popup.as_mut() else {
            return Vec::new();
        };
        match p {
            Popup::PickType | Popup::Channel(_) if act == Act::Back => {
                self.popup = None;
                Vec::new()
            }
            Popup::PickType => {
                if let Act::Toggle(n) = act {
                    if let Some(kind) = EntryType::ALL.get((n as usize).wrapping_sub(1)) {
                        self.popup = Some(Popup::Form(forms::entry(
                            env.app,
                            *kind,
                            location.as_deref(),
                        )));
                    }
                }
                Vec::new()
            }
            Popup::Channel(_) => match (act, entry_here) {
                (Act::Toggle(n), Some(id)) => {
                    match Channel::ALL.get((n as usize).wrapping_sub(1)) {
                        Some(ch) => {
                            let r = duty::escalate(env.app, id, None, *ch, None).map(|_| ());
                            self.after(r, "duty.escalated", env.app)
                        }
                        None => Vec::new(),
                    }
                }
                _ => Vec::new(),
            },
            Popup::Form(form) => {
                let cat = &env.app.assets().text;
                let (step, fx) = flow::route(form.on_act(act, env.dir, cat), cat);
                match step {
                    flow::Step::Stay => fx,
                    flow::Step::Close => {
                        self.popup = None;
                        fx
                    }
                    flow::Step::Save => self.save_form(env),
                }
            }
        }
    }

    fn resume(&mut self, payload: &str, env: &mut Env<'_>) -> Fx {
        let mut fx = self.refresh(env.app);
        let form = serde_json::from_str::<FormDraft>(payload)
            .ok()
            .and_then(|d| forms::rebuild(env.app, &d));
        let Some(form) = form else {
            fx.push(warn("offer.cannot_resume", env.app));
            return fx;
        };
        if form.kind != "duty.open" && self.desk.shift.is_none() {
            fx.push(warn("duty.draft_needs_shift", env.app));
            return fx;
        }
        self.view = DutyView::Tonight;
        self.reading = None;
        self.popup = Some(Popup::Form(form));
        fx.push(say("offer.resumed", env.app));
        fx.push(Effect::DraftsChanged);
        fx
    }
}

impl Screen for Duty {
    fn id(&self) -> ScreenId {
        ScreenId::Duty
    }

    fn keys(&self, _app: &App) -> Keys {
        if self.reading.is_some() {
            return Keys::new(vec![keys::READ, k::GLOBAL]);
        }
        match &self.view {
            DutyView::Tonight => {}
            DutyView::Search(v) if v.typing => return Keys::typing(vec![keys::QUERY]),
            DutyView::Search(_) => {
                return Keys::new(vec![k::LIST, keys::VIEW_BACK, keys::RESULTS, k::GLOBAL]);
            }
            DutyView::Shifts(_) => {
                return Keys::new(vec![k::LIST, keys::VIEW_BACK, keys::SHIFTS, k::GLOBAL]);
            }
            DutyView::Roster(_) => {
                return Keys::new(vec![k::LIST, keys::VIEW_BACK, keys::ROSTER, k::GLOBAL]);
            }
        }
        match &self.popup {
            None if self.desk.displaced.is_some() => {
                Keys::new(vec![displaced::KEYS, k::LIST, keys::MAIN, k::GLOBAL])
            }
            None => Keys::new(vec![k::LIST, keys::MAIN, k::GLOBAL]),
            Some(Popup::PickType) => Keys::new(vec![k::CHOICE]).numbers("1-7", "key.choose"),
            Some(Popup::Channel(_)) => Keys::new(vec![k::CHOICE]).numbers("1-4", "key.choose"),
            Some(Popup::Form(f)) => Keys::typing(f.tables()),
        }
    }

    fn applies(&self, act: Act, app: &App) -> bool {
        let open = self.desk.shift.is_some();
        let waiting = !self.desk.pending.is_empty();
        let writing = open && !waiting;
        match act {
            Act::OpenShift => !open && affordances::keeps_duty(app),
            Act::TakeOver => open && waiting,
            Act::CloseItem => open && (waiting || self.closable_here()),
            Act::NewEntry | Act::CloseShift => writing,
            Act::SetLeader => open,
            Act::Escalate => writing && self.entry_here().is_some(),
            Act::Amend => writing && self.target_entry().is_some(),
            Act::Respond => writing && !self.desk.open_escalations().is_empty(),
            Act::CaseFromEntry => self.target_entry().is_some() && affordances::opens_cases(app),
            Act::PastShifts | Act::SearchLog | Act::Roster => affordances::reads_duty(app),
            _ => true,
        }
    }

    fn on_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        if let Some(r) = self.reading.as_mut() {
            if !r.act(act) {
                self.reading = None;
            }
            return Vec::new();
        }
        if !matches!(self.view, DutyView::Tonight) {
            let (open, back, mut fx) = self.view.act(act, env.app);
            if back {
                self.view = DutyView::Tonight;
            }
            if let Some(id) = open {
                // reading sensitive text written by someone else is audit-logged
                match duty_log::open_shift(env.app, id) {
                    Ok(s) => {
                        self.reading = Some(Reading {
                            shift: Box::new(s),
                            scroll: 0,
                        })
                    }
                    Err(e) => fx.push(Effect::Error(e)),
                }
            }
            return fx;
        }
        if self.popup.is_some() {
            return self.popup_act(act, env);
        }
        self.main_act(act, env)
    }

    fn on_text(&mut self, ev: KeyEvent, env: &mut Env<'_>) -> Fx {
        if self.view.typing() {
            self.view.type_key(ev);
            return Vec::new();
        }
        let fx = flow::type_into(self.form_mut(), ev, env);
        if let Some(f) = self.form_mut() {
            forms::preview_next(env.app, f);
        }
        fx
    }

    fn on_paste(&mut self, text: &str, env: &mut Env<'_>) -> Fx {
        if self.view.typing() {
            self.view.paste(text);
            return Vec::new();
        }
        let fx = flow::paste_into(self.form_mut(), text, env);
        if let Some(f) = self.form_mut() {
            forms::preview_next(env.app, f);
        }
        fx
    }

    fn on_event(&mut self, ev: Event, env: &mut Env<'_>) -> Fx {
        match ev {
            Event::Show if self.popup.is_none() => self.refresh(env.app),
            Event::Answer {
                tag: flow::LEAVE,
                act,
            } => {
                let Some(form) = self.form() else {
                    return Vec::new();
                };
                let (step, fx) = flow::answer_leave(act, form, SLOT);
                if step == flow::Step::Close {
                    self.popup = None;
                }
                fx
            }
            Event::Answer {
                tag: owned::LINK,
                act,
            } => self.answer_link(act, env),
            Event::Resume { payload, .. } => self.resume(&payload, env),
            _ => Vec::new(),
        }
    }

    fn draw(&self, f: &mut Frame<'_>, area: Rect, v: &View<'_>) {
        if let Some(r) = &self.reading {
            return draw_views::shift(f, v, &r.shift, r.scroll, area);
        }
        if !matches!(self.view, DutyView::Tonight) {
            return draw_views::view(f, v, &self.view, area);
        }
        draw::desk(f, v, &self.desk, self.cursor, area);
        if let Some(p) = &self.popup {
            draw::popup(f, v, p, area);
        }
    }

    fn unsaved(&self, _app: &App) -> Vec<String> {
        self.form().and_then(flow::unsaved).into_iter().collect()
    }

    fn drafts(&self, _app: &App) -> Vec<Draft> {
        self.form()
            .and_then(|f| f.draft_json())
            .map(|payload| Draft {
                slot: SLOT,
                payload,
            })
            .into_iter()
            .collect()
    }

    fn describe(&self, slot: &str, payload: &str, app: &App) -> Option<String> {
        if live_slot(slot) != SLOT {
            return None;
        }
        let d: FormDraft = serde_json::from_str(payload).ok()?;
        Some(forms::rebuild(app, &d)?.summary())
    }
}

/// What to say with no shift open: for a duty officer `officer` (o opens
/// one); for a role that reads the log, where to read it; for any other,
/// that the log is not theirs.
pub(super) fn no_shift_key(app: &App, officer: &'static str) -> &'static str {
    if affordances::keeps_duty(app) {
        officer
    } else if affordances::reads_duty(app) {
        "duty.not_on_duty"
    } else {
        "duty.not_for_role"
    }
}
