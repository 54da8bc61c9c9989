//! 查寝 (tab 2): choose a building and start, then one room per screen;
//! leaving a room saves it; finish with a summary that raises follow-ups;
//! close follow-ups and report hazards from the start view; past patrols.

mod draw;
mod draw_room;
mod keys;
mod room;
mod start;

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use zhiban::app::App;
use zhiban::app::patrols::{self, Scope, Summary};
use zhiban::domain::patrol::{PatrolKind, PatrolRecord, Presence};

use crate::tui::form::{Form, FormDraft, flow};
use crate::tui::keys::{self as k, Act, is_move, moved};
use crate::tui::screen::{Draft, Effect, Env, Event, Fx, Keys, Screen, ScreenId, View, say, warn};
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
}

impl Patrol {
    pub fn new() -> Patrol {
        Patrol {
            view: PatrolView::Failed(String::new()),
            shown: false,
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

    /// Opens room `seq` (restoring a draft of it: the one given, else one
    /// an earlier session kept).
    fn open_room(
        &mut self,
        pid: i64,
        seq: usize,
        draft: Option<RoomDraft>,
        env: &mut Env<'_>,
    ) -> Fx {
        let kept = match draft {
            Some(d) => Some(d),
            None => zhiban::app::drafts::load(env.app, ROOM_SLOT)
                .ok()
                .flatten()
                .and_then(|p| serde_json::from_str::<RoomDraft>(&p).ok()),
        };
        match RoomState::open(env.app, pid, seq, kept.as_ref()) {
            Ok(mut st) => {
                if let Some(t) = kept
                    .as_ref()
                    .filter(|d| d.patrol_id == pid && d.seq == seq)
                    .and_then(|d| d.typing.clone())
                {
                    let mut f = match t.kind.as_str() {
                        "patrol.jump" => room::jump_form(env.app),
                        "patrol.add" => room::add_form(env.app),
                        _ => room::note_form(env.app, "", room::about(&st)),
                    };
                    f.restore(&t);
                    st.popup = Some(RoomPopup::Form(f));
                }
                self.view = PatrolView::Room(Box::new(st));
                vec![Effect::DraftsChanged]
            }
            Err(e) => vec![Effect::Error(e)],
        }
    }

    /// Leaves the room in hand: saved when something was marked (or it is
    /// skipped); an untouched room leaves no record. `Err` if saving failed
    /// (the marks stay on screen and in the draft).
    fn leave_room(&mut self, skipped: Option<String>, env: &mut Env<'_>) -> Result<(), Fx> {
        let PatrolView::Room(r) = &self.view else {
            return Ok(());
        };
        if skipped.is_none() && !r.touched() {
            return Ok(());
        }
        r.save(env.app, skipped)
            .map(|_| ())
            .map_err(|e| vec![Effect::Error(e)])
    }

    fn go_room(&mut self, pid: i64, to: usize, skipped: Option<String>, env: &mut Env<'_>) -> Fx {
        match self.leave_room(skipped, env) {
            Ok(()) => self.open_room(pid, to, None, env),
            Err(fx) => fx,
        }
    }

    fn finish(&mut self, pid: i64, env: &mut Env<'_>) -> Fx {
        if let Err(fx) = self.leave_room(None, env) {
            return fx;
        }
        let done = patrols::finish(env.app, pid).and_then(|s| {
            let names = names_of(env.app, &s)?;
            Ok((s, patrols::get(env.app, pid)?, names))
        });
        match done {
            Ok((summary, patrol, names)) => {
                self.view = PatrolView::Summary(Box::new(SummaryState {
                    patrol,
                    summary,
                    names,
                }));
                // no room in hand any more: its draft goes
                vec![Effect::DraftsChanged]
            }
            Err(e) => vec![Effect::Error(e)],
        }
    }

    fn show_summary(&mut self, pid: i64, env: &mut Env<'_>) -> Fx {
        let read = patrols::summary(env.app, pid).and_then(|s| {
            let names = names_of(env.app, &s)?;
            Ok((s, patrols::get(env.app, pid)?, names))
        });
        match read {
            Ok((summary, patrol, names)) => {
                self.view = PatrolView::Summary(Box::new(SummaryState {
                    patrol,
                    summary,
                    names,
                }));
                Vec::new()
            }
            Err(e) => vec![Effect::Error(e)],
        }
    }

    fn start_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        let PatrolView::Start(s) = &mut self.view else {
            return Vec::new();
        };
        let cat = &env.app.assets().text;
        if let Some(form) = s.form.as_mut() {
            let (step, fx) = flow::route(form.on_act(act, env.dir, cat), cat);
            return match step {
                flow::Step::Stay => fx,
                flow::Step::Close => {
                    s.form = None;
                    fx
                }
                flow::Step::Save => self.save_start_form(env),
            };
        }
        if s.on_todo {
            return match act {
                a if is_move(a) => {
                    s.todo_cursor = moved(s.todo_cursor, s.todo.len(), a, 10);
                    Vec::new()
                }
                Act::NextField | Act::Back => {
                    s.on_todo = false;
                    Vec::new()
                }
                Act::Open => {
                    if let Some(item) = s.todo.get(s.todo_cursor) {
                        s.form = Some(start::todo_form(env.app, item));
                    }
                    Vec::new()
                }
                _ => Vec::new(),
            };
        }
        match act {
            a if is_move(a) => {
                s.cursor = moved(s.cursor, s.buildings.len(), a, 10);
                Vec::new()
            }
            Act::History => match patrols::history(env.app, 30) {
                Ok(rows) => {
                    self.view = PatrolView::History(Box::new(HistoryState { rows, cursor: 0 }));
                    Vec::new()
                }
                Err(e) => vec![Effect::Error(e)],
            },
            Act::NextField => {
                s.on_todo = !s.todo.is_empty();
                Vec::new()
            }
            Act::CycleScope => {
                s.scope = (s.scope + 1) % start::SCOPES.len();
                if s.scope == 1 {
                    s.form = Some(start::floors_form(env.app, &s.floors));
                }
                Vec::new()
            }
            Act::EditFloors => {
                s.scope = 1;
                s.form = Some(start::floors_form(env.app, &s.floors));
                Vec::new()
            }
            Act::CycleKind => {
                s.kind = (s.kind + 1) % PatrolKind::ALL.len();
                Vec::new()
            }
            Act::Resume => match s.unfinished.clone() {
                Some(p) => self.open_room(p.id, p.position as usize, None, env),
                None => Vec::new(),
            },
            Act::Open => {
                let Some(bid) = s.buildings.get(s.cursor).map(|b| b.0) else {
                    return vec![warn("patrol.no_buildings", env.app)];
                };
                let scope = match s.scope {
                    0 => Scope::Building,
                    1 => {
                        let floors = s.floor_numbers();
                        if floors.is_empty() {
                            s.form = Some(start::floors_form(env.app, &s.floors));
                            return vec![warn("patrol.floors_hint", env.app)];
                        }
                        Scope::Floors(floors)
                    }
                    _ => Scope::MyStudents,
                };
                let kind = s.kind();
                match patrols::start(env.app, bid, scope, kind) {
                    Ok(pid) => self.open_room(pid, 0, None, env),
                    Err(e) => vec![Effect::Error(e)],
                }
            }
            Act::Back => vec![Effect::Back],
            _ => Vec::new(),
        }
    }

    fn save_start_form(&mut self, env: &mut Env<'_>) -> Fx {
        let PatrolView::Start(s) = &mut self.view else {
            return Vec::new();
        };
        let Some(form) = s.form.as_mut() else {
            return Vec::new();
        };
        if form.kind == "patrol.floors" {
            s.floors = form.value("floors");
            s.form = None;
            return vec![Effect::DraftsChanged];
        }
        let Some(close) = start::todo_outcome(env.app, form) else {
            return Vec::new();
        };
        let (r, key) = match close {
            Close::FollowUp(id, o) => (patrols::close_follow_up(env.app, id, o), "patrol.closed"),
            Close::Hazard(id, to) => (patrols::report_hazard(env.app, id, &to), "patrol.reported"),
        };
        match r {
            Ok(()) => {
                let mut fx = self.start_view(env);
                if let PatrolView::Start(s) = &mut self.view {
                    s.on_todo = !s.todo.is_empty();
                }
                fx.push(say(key, env.app));
                fx.push(Effect::DraftsChanged);
                fx
            }
            Err(e) => {
                let text = env.app.assets().text.error(&e);
                if let Some(f) = s.form.as_mut() {
                    f.say(text);
                }
                vec![Effect::Error(e)]
            }
        }
    }

    fn room_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        let PatrolView::Room(r) = &mut self.view else {
            return Vec::new();
        };
        let cl = &env.app.assets().checklist;
        let (pid, seq, total) = (
            r.screen.patrol.id,
            r.screen.seq,
            r.screen.patrol.rooms.len(),
        );
        if let Some(popup) = &mut r.popup {
            match popup {
                RoomPopup::Hazards => {
                    match act {
                        Act::Toggle(n) => {
                            if let Some(h) = cl.hazards.get((n as usize).wrapping_sub(1)) {
                                if !r.hazards.remove(&h.id) {
                                    r.hazards.insert(h.id.clone());
                                }
                                return vec![Effect::DraftsChanged];
                            }
                        }
                        Act::Back | Act::Open => r.popup = None,
                        _ => {}
                    }
                    return Vec::new();
                }
                RoomPopup::Skip(c) => {
                    let n = cl.skip_reasons.len();
                    match act {
                        a if is_move(a) => *c = moved(*c, n, a, n),
                        Act::Toggle(k) => {
                            if (1..=n).contains(&(k as usize)) {
                                *c = k as usize - 1;
                            }
                        }
                        Act::Open => {
                            let reason = cl.skip_reasons.get(*c).cloned().unwrap_or_default();
                            r.popup = None;
                            // skipped: on to the next room (or stay, at the last)
                            return self.go_room(pid, (seq + 1).min(total - 1), Some(reason), env);
                        }
                        Act::Back => r.popup = None,
                        _ => {}
                    }
                    return Vec::new();
                }
                RoomPopup::Form(form) => {
                    let cat = &env.app.assets().text;
                    let (step, fx) = flow::route(form.on_act(act, env.dir, cat), cat);
                    return match step {
                        flow::Step::Stay => fx,
                        flow::Step::Close => {
                            r.popup = None;
                            fx
                        }
                        flow::Step::Save => self.save_room_form(env),
                    };
                }
            }
        }
        let students = r.students();
        match act {
            a if is_move(a) => {
                r.cursor = moved(r.cursor, students.len(), a, 10);
                Vec::new()
            }
            Act::Toggle(n) => match (
                students.get(r.cursor),
                Presence::ALL.get((n as usize).wrapping_sub(1)),
            ) {
                (Some(sid), Some(p)) => {
                    r.marks.insert(*sid, *p);
                    r.cursor = (r.cursor + 1).min(students.len().saturating_sub(1));
                    vec![Effect::DraftsChanged]
                }
                _ => Vec::new(),
            },
            Act::AllPresent => {
                for s in &students {
                    r.marks.entry(*s).or_insert(Presence::Present);
                }
                vec![Effect::DraftsChanged]
            }
            Act::Hygiene => {
                let grades = &cl.hygiene;
                let i = r
                    .hygiene
                    .as_ref()
                    .and_then(|h| grades.iter().position(|x| x == h));
                r.hygiene = match i {
                    None => grades.first().cloned(),
                    Some(i) if i + 1 < grades.len() => Some(grades[i + 1].clone()),
                    Some(_) => None,
                };
                vec![Effect::DraftsChanged]
            }
            Act::Hazards => {
                r.popup = Some(RoomPopup::Hazards);
                Vec::new()
            }
            Act::Note => {
                r.popup = Some(RoomPopup::Form(room::note_form(
                    env.app,
                    &r.note.clone(),
                    room::about(r),
                )));
                Vec::new()
            }
            Act::Skip => {
                r.popup = Some(RoomPopup::Skip(0));
                Vec::new()
            }
            Act::Jump => {
                r.popup = Some(RoomPopup::Form(room::jump_form(env.app)));
                Vec::new()
            }
            Act::AddStudent => {
                r.popup = Some(RoomPopup::Form(room::add_form(env.app)));
                Vec::new()
            }
            Act::NextRoom if seq + 1 < total => self.go_room(pid, seq + 1, None, env),
            Act::NextRoom => vec![say("patrol.last_room", env.app)],
            Act::PrevRoom if seq > 0 => self.go_room(pid, seq - 1, None, env),
            Act::Finish => self.finish(pid, env),
            Act::Back => match self.leave_room(None, env) {
                // paused: the start view offers to resume
                Ok(()) => {
                    let mut fx = self.start_view(env);
                    fx.push(Effect::DraftsChanged);
                    fx
                }
                Err(fx) => fx,
            },
            _ => Vec::new(),
        }
    }

    fn save_room_form(&mut self, env: &mut Env<'_>) -> Fx {
        let PatrolView::Room(r) = &mut self.view else {
            return Vec::new();
        };
        let Some(RoomPopup::Form(form)) = &mut r.popup else {
            return Vec::new();
        };
        let pid = r.screen.patrol.id;
        match form.kind {
            "patrol.jump" => {
                let want = form.value("room");
                match patrols::position_of_room(env.app, pid, &want) {
                    Ok(Some(i)) => {
                        r.popup = None;
                        self.go_room(pid, i, None, env)
                    }
                    Ok(None) => {
                        // a room number not in this walk: say so and stay
                        let text = env
                            .app
                            .assets()
                            .text
                            .f("patrol.no_room", &[("room", &want)]);
                        form.say(text.clone());
                        vec![Effect::Flash { text, error: true }]
                    }
                    Err(e) => vec![Effect::Error(e)],
                }
            }
            "patrol.add" => {
                let cat = &env.app.assets().text;
                let picked = match form.student("student", cat) {
                    Ok(p) => p,
                    Err(inv) => {
                        form.fail(inv);
                        return Vec::new();
                    }
                };
                let Some(v) = env.dir.by_no(&picked.no) else {
                    let text = cat.f("patrol.no_student", &[("no", &picked.no)]);
                    return vec![Effect::Flash { text, error: true }];
                };
                if !r.students().contains(&v.id) {
                    r.extra.push((v.id, format!("{} {}", v.name, v.student_no)));
                    r.cursor = r.students().len() - 1;
                }
                r.popup = None;
                vec![Effect::DraftsChanged]
            }
            _ => {
                r.note = form.value("note");
                r.popup = None;
                vec![Effect::DraftsChanged]
            }
        }
    }

    fn resume(&mut self, slot: &str, payload: &str, env: &mut Env<'_>) -> Fx {
        if slot.split('#').next() == Some(ROOM_SLOT) {
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

/// "name 学号" of each student a summary names as absent.
fn names_of(app: &App, s: &Summary) -> zhiban::error::Result<HashMap<i64, String>> {
    s.absent
        .iter()
        .map(|(sid, _)| Ok((*sid, zhiban::app::students::name_line(app, *sid)?)))
        .collect()
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
                _ => Keys::new(vec![keys::ROOM, k::ALWAYS]).numbers("1-6", "key.presence"),
            },
            PatrolView::Summary(_) => Keys::new(vec![keys::SUMMARY, k::GLOBAL]),
            PatrolView::History(_) => Keys::new(vec![k::LIST, keys::HISTORY, k::GLOBAL]),
            PatrolView::Failed(_) => Keys::new(vec![k::GLOBAL]),
        }
    }

    fn applies(&self, act: Act, _app: &App) -> bool {
        match (&self.view, act) {
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
            Event::Resume { slot, payload } => self.resume(&slot, &payload, env),
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
        match slot.split('#').next()? {
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
