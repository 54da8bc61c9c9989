//! 查寝 (tab 2): choose a building and start, then one room per screen;
//! leaving a room saves it; finish with a summary that raises follow-ups;
//! close follow-ups and report hazards from the start view; past patrols.

mod asks;
mod draw;
mod draw_room;
mod follow_up;
mod keys;
mod overview;
mod room;
mod start;
mod start_keys;
mod walk;

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use zhiban::app::patrols::{self, Scope, Summary};
use zhiban::app::{App, affordances};
use zhiban::domain::patrol::{PatrolKind, PatrolRecord, Presence};

use crate::tui::form::{Form, FormDraft, flow};
use crate::tui::keys::{self as k, Act, is_move, moved};
use crate::tui::screen::{
    Draft, Effect, Env, Event, Fx, Keys, Screen, ScreenId, View, live_slot, say, warn,
};
use room::{RoomDraft, RoomPopup, RoomState};
use start::{Close, StartState, Todo};

/// The room in hand (with any form over it).
const ROOM_SLOT: &str = "patrol.room";
/// A form of the start view (floors, a follow-up, a hazard).
const FORM_SLOT: &str = "patrol.form";

pub struct SummaryState {
    pub patrol: PatrolRecord,
    pub summary: Summary,
    pub names: HashMap<i64, String>,
    /// The first line shown (a long summary scrolls on a phone).
    pub top: usize,
    /// The lines past the last screenful, as last drawn.
    pub last_top: std::cell::Cell<usize>,
}

impl SummaryState {
    fn new(patrol: PatrolRecord, summary: Summary, names: HashMap<i64, String>) -> SummaryState {
        SummaryState {
            patrol,
            summary,
            names,
            top: 0,
            last_top: std::cell::Cell::new(0),
        }
    }
}

/// Past patrols with their summaries, newest first.
pub struct HistoryState {
    pub rows: Vec<(PatrolRecord, Summary)>,
    pub cursor: usize,
}

pub enum PatrolView {
    Start(Box<StartState>),
    Room(Box<RoomState>),
    Summary(Box<SummaryState>),
    History(Box<HistoryState>),
    /// The start view could not be read: why.
    Failed(String),
}

pub struct Patrol {
    view: PatrolView,
    /// Shown once: opening the screen again keeps the room in hand.
    shown: bool,
    /// Duty entries offered to be closed with a follow-up just closed.
    link: Option<follow_up::Link>,
}

impl Patrol {
    pub fn new() -> Patrol {
        Patrol {
            view: PatrolView::Failed(String::new()),
            shown: false,
            link: None,
        }
    }

    fn start_view(&mut self, env: &Env<'_>) -> Fx {
        match StartState::load(env.app) {
            Ok(s) => {
                self.view = PatrolView::Start(Box::new(s));
                Vec::new()
            }
            Err(e) => {
                self.view = PatrolView::Failed(env.app.assets().text.error(&e));
                vec![Effect::Error(e)]
            }
        }
    }

    fn resume(&mut self, slot: &str, payload: &str, env: &mut Env<'_>) -> Fx {
        if live_slot(slot) == ROOM_SLOT {
            let Ok(d) = serde_json::from_str::<RoomDraft>(payload) else {
                return vec![warn("offer.cannot_resume", env.app)];
            };
            return match patrols::get(env.app, d.patrol_id) {
                Ok(p) if p.finished_at.is_none() && p.staff_id == env.app.actor().id => {
                    let (pid, seq) = (d.patrol_id, d.seq);
                    let mut fx = self.open_room(pid, seq, Some(d), env);
                    fx.push(say("offer.resumed", env.app));
                    fx
                }
                _ => vec![warn("patrol.draft_gone", env.app)],
            };
        }
        let Ok(d) = serde_json::from_str::<FormDraft>(payload) else {
            return vec![warn("offer.cannot_resume", env.app)];
        };
        let mut fx = self.start_view(env);
        let PatrolView::Start(s) = &mut self.view else {
            return fx;
        };
        let mut form = if d.kind == "patrol.floors" {
            start::floors_form(env.app, "")
        } else {
            let item = if let Some(id) = d.about.get("hazard").and_then(|x| x.as_i64()) {
                s.todo
                    .iter()
                    .find(|t| matches!(t, Todo::Hazard { id: h, .. } if *h == id))
            } else {
                let id = d.about.get("follow_up").and_then(|x| x.as_i64());
                s.todo
                    .iter()
                    .find(|t| matches!(t, Todo::FollowUp { id: f, .. } if Some(*f) == id))
            };
            match item {
                Some(item) => start::todo_form(env.app, item),
                None => {
                    fx.push(warn("patrol.draft_gone", env.app));
                    return fx;
                }
            }
        };
        form.restore(&d);
        s.form = Some(form);
        fx.push(say("offer.resumed", env.app));
        fx.push(Effect::DraftsChanged);
        fx
    }

    fn form(&self) -> Option<&Form> {
        match &self.view {
            PatrolView::Start(s) => s.form.as_ref(),
            PatrolView::Room(r) => match &r.popup {
                Some(RoomPopup::Form(f)) => Some(f),
                _ => None,
            },
            _ => None,
        }
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        match &mut self.view {
            PatrolView::Start(s) => s.form.as_mut(),
            PatrolView::Room(r) => match &mut r.popup {
                Some(RoomPopup::Form(f)) => Some(f),
                _ => None,
            },
            _ => None,
        }
    }
}

impl Screen for Patrol {
    fn id(&self) -> ScreenId {
        ScreenId::Patrol
    }

    fn keys(&self, _app: &App) -> Keys {
        if let Some(f) = self.form() {
            return Keys::typing(f.tables());
        }
        match &self.view {
            PatrolView::Start(s) if s.on_todo => Keys::new(vec![k::LIST, keys::TODO, k::GLOBAL]),
            PatrolView::Start(_) => Keys::new(vec![k::LIST, keys::START, k::GLOBAL]),
            PatrolView::Room(r) => match &r.popup {
                Some(RoomPopup::Hazards) => {
                    Keys::new(vec![keys::HAZARDS]).numbers("1-9", "key.toggle")
                }
                Some(RoomPopup::Skip(_)) => {
                    Keys::new(vec![keys::SKIP]).numbers("1-9", "key.choose")
                }
                Some(RoomPopup::Overview(_)) => Keys::new(vec![keys::OVERVIEW]),
                _ => Keys::new(vec![keys::ROOM, k::GLOBAL])
                    .numbers("p/v/w/o/u/c", "key.presence")
                    .group("e/r/t/y", "key.hygiene"),
            },
            PatrolView::Summary(_) => Keys::new(vec![k::LIST, keys::SUMMARY, k::GLOBAL]),
            PatrolView::History(_) => Keys::new(vec![k::LIST, keys::HISTORY, k::GLOBAL]),
            PatrolView::Failed(_) => Keys::new(vec![k::GLOBAL]),
        }
    }

    fn applies(&self, act: Act, app: &App) -> bool {
        match (&self.view, act) {
            // starting or going on with a patrol is for those who walk one
            (
                PatrolView::Start(s),
                Act::Open | Act::CycleScope | Act::CycleKind | Act::EditFloors | Act::Resume,
            ) if !s.on_todo && !affordances::patrols(app) => false,
            (PatrolView::Start(s), Act::Resume) => s.unfinished.is_some(),
            (PatrolView::Start(s), Act::NextField) => !s.todo.is_empty(),
            _ => true,
        }
    }

    fn on_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        match &self.view {
            PatrolView::Start(_) => self.start_act(act, env),
            PatrolView::Room(_) => self.room_act(act, env),
            PatrolView::Summary(_) if matches!(act, Act::Back | Act::Open) => self.start_view(env),
            PatrolView::Summary(_) if is_move(act) => {
                if let PatrolView::Summary(s) = &mut self.view {
                    let last = s.last_top.get();
                    let page = (env.size.1 as usize).saturating_sub(6).max(1);
                    s.top = moved(s.top.min(last), last + 1, act, page);
                }
                Vec::new()
            }
            PatrolView::History(_) => {
                let PatrolView::History(h) = &mut self.view else {
                    return Vec::new();
                };
                match act {
                    a if is_move(a) => {
                        h.cursor = moved(h.cursor, h.rows.len(), a, 10);
                        Vec::new()
                    }
                    Act::Open => match h.rows.get(h.cursor).map(|(p, _)| p.id) {
                        Some(pid) => self.show_summary(pid, env),
                        None => Vec::new(),
                    },
                    Act::Back => self.start_view(env),
                    _ => Vec::new(),
                }
            }
            _ if act == Act::Back => vec![Effect::Back],
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
            // the room in hand stays; the start view is read afresh
            Event::Show
                if !self.shown
                    || matches!(self.view, PatrolView::Start(_) | PatrolView::Failed(_)) =>
            {
                self.shown = true;
                let keep = match &mut self.view {
                    PatrolView::Start(s) => s
                        .form
                        .take()
                        .map(|f| (f, s.floors.clone(), s.scope, s.kind)),
                    _ => None,
                };
                let fx = self.start_view(env);
                if let (Some((f, floors, scope, kind)), PatrolView::Start(s)) =
                    (keep, &mut self.view)
                {
                    s.form = Some(f);
                    s.floors = floors;
                    s.scope = scope;
                    s.kind = kind;
                }
                fx
            }
            Event::Answer {
                tag: follow_up::LINK,
                act,
            } => self.answer_link(act, env),
            Event::Answer {
                tag: flow::LEAVE,
                act,
            } => {
                let slot = match &self.view {
                    PatrolView::Room(_) => ROOM_SLOT,
                    _ => FORM_SLOT,
                };
                let Some(form) = self.form() else {
                    return Vec::new();
                };
                let (step, fx) = flow::answer_leave(act, form, slot);
                if step == flow::Step::Close {
                    match &mut self.view {
                        PatrolView::Start(s) => s.form = None,
                        PatrolView::Room(r) => r.popup = None,
                        _ => {}
                    }
                }
                fx
            }
            Event::Answer { tag, act } => self.answered(tag, act, env).unwrap_or_default(),
            Event::Resume { slot, payload } => self.resume(&slot, &payload, env),
            // from a 待办 line: that building chosen on the start view (a
            // room in hand stays where it is)
            Event::Building(name) => {
                if let PatrolView::Start(s) = &mut self.view
                    && s.form.is_none()
                    && let Some(i) = s.buildings.iter().position(|(_, b)| *b == name)
                {
                    s.cursor = i;
                    s.on_todo = false;
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn draw(&self, f: &mut Frame<'_>, area: Rect, v: &View<'_>) {
        match &self.view {
            PatrolView::Start(s) => draw::start(f, v, s, area),
            PatrolView::Room(r) => draw_room::room(f, v, r, area),
            PatrolView::Summary(s) => draw::summary(f, v, s, area),
            PatrolView::History(h) => draw::history(f, v, h, area),
            PatrolView::Failed(e) => draw::failed(f, e, area),
        }
    }

    fn unsaved(&self, app: &App) -> Vec<String> {
        let mut out = Vec::new();
        if let PatrolView::Room(r) = &self.view {
            if r.touched() {
                out.push(
                    app.assets()
                        .text
                        .f("patrol.unsaved_room", &[("room", &r.name())]),
                );
            }
        }
        out.extend(self.form().and_then(flow::unsaved));
        out
    }

    fn drafts(&self, _app: &App) -> Vec<Draft> {
        match &self.view {
            PatrolView::Room(r) => serde_json::to_string(&r.draft())
                .ok()
                .map(|payload| Draft {
                    slot: ROOM_SLOT,
                    payload,
                })
                .into_iter()
                .collect(),
            PatrolView::Start(s) => s
                .form
                .as_ref()
                .and_then(|f| f.draft_json())
                .map(|payload| Draft {
                    slot: FORM_SLOT,
                    payload,
                })
                .into_iter()
                .collect(),
            _ => Vec::new(),
        }
    }

    fn describe(&self, slot: &str, payload: &str, app: &App) -> Option<String> {
        let tx = &app.assets().text;
        match live_slot(slot) {
            ROOM_SLOT => {
                let d: RoomDraft = serde_json::from_str(payload).ok()?;
                Some(tx.f(
                    "offer.patrol_room",
                    &[
                        ("room", &d.room),
                        ("n", &(d.seq + 1).to_string()),
                        ("total", &d.total.to_string()),
                        ("marked", &d.marks.len().to_string()),
                    ],
                ))
            }
            FORM_SLOT => {
                let d: FormDraft = serde_json::from_str(payload).ok()?;
                let what = match d.kind.as_str() {
                    "patrol.floors" => tx.s("patrol.floors"),
                    "patrol.hazard" => tx.f(
                        "patrol.form_hazard",
                        &[
                            (
                                "room",
                                d.about.get("room").and_then(|x| x.as_str()).unwrap_or(""),
                            ),
                            (
                                "label",
                                d.about.get("label").and_then(|x| x.as_str()).unwrap_or(""),
                            ),
                        ],
                    ),
                    _ => tx.f(
                        "patrol.form_follow_up",
                        &[(
                            "who",
                            d.about.get("who").and_then(|x| x.as_str()).unwrap_or(""),
                        )],
                    ),
                };
                Some(what)
            }
            _ => None,
        }
    }
}
