//! The 查寝 screen's state and how keys change it: choose a building and
//! start, then one room per screen; leaving a room saves it; the marks of
//! the room in hand are a draft (at most a second behind), so a dropped
//! connection resumes at that room with its marks.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use ratatui_textarea::TextArea;
use serde::{Deserialize, Serialize};

use super::keys::Act;
use super::model::{Flash, Model, ROOM_DRAFT};
use zhiban::app::patrols::{self, RoomMarks, RoomScreen, Scope, Summary};
use zhiban::domain::clock::{from_db, to_db};
use zhiban::domain::patrol::{HazardMark, PatrolRecord, PresenceMark};
use zhiban::domain::patrol::{PatrolKind, Presence};

pub const SCOPES: [&str; 3] = [
    "patrol.scope_building",
    "patrol.scope_floors",
    "patrol.scope_mine",
];

pub struct StartState {
    pub buildings: Vec<(i64, String)>,
    pub cursor: usize,
    pub scope: usize,
    pub kind: usize,
    pub floors: TextArea<'static>,
    pub editing_floors: bool,
    pub unfinished: Option<PatrolRecord>,
    /// Rooms of the actor's students not checked within the window.
    pub rooms_due: usize,
    /// The first of them, named ("2号楼 101").
    pub due_names: Vec<String>,
    /// (open, overdue) follow-ups the actor is concerned with.
    pub follow_ups: (usize, usize),
    /// Open follow-ups and unreported hazards, to close from here.
    pub todo: Vec<Todo>,
    pub todo_cursor: usize,
    /// The keyboard is on the to-do list (Tab switches).
    pub on_todo: bool,
    pub form: Option<TodoForm>,
}

/// Something left to do after a patrol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Todo {
    /// (follow-up id, "name 学号", status, due (local), overdue)
    FollowUp {
        id: i64,
        who: String,
        status: Presence,
        due: String,
        overdue: bool,
    },
    /// (hazard row id, "building room", hazard label, found (local))
    Hazard {
        id: i64,
        room: String,
        label: String,
        found: String,
    },
}

/// Closing a follow-up (outcome, reason, to whom) or reporting a hazard (to whom).
pub struct TodoForm {
    pub item: Todo,
    /// follow-ups: 0 reached, 1 not reached and escalated
    pub outcome: usize,
    pub reason: TextArea<'static>,
    pub to: TextArea<'static>,
    /// 0 outcome, 1 reason, 2 to whom (hazards: only 2)
    pub field: usize,
    pub error: Option<String>,
}

pub enum RoomPopup {
    Hazards,
    Note(TextArea<'static>),
    Skip(usize),
    Jump(TextArea<'static>),
    /// 学号 of a student found here without a bed in this room.
    Add(TextArea<'static>),
}

pub struct RoomState {
    pub screen: RoomScreen,
    pub cursor: usize,
    pub marks: HashMap<i64, Presence>,
    pub hygiene: Option<String>,
    pub hazards: BTreeSet<String>,
    pub note: String,
    pub entered_at: DateTime<Utc>,
    pub popup: Option<RoomPopup>,
    /// Students found here who have no bed in this room: (id, "name 学号").
    pub extra: Vec<(i64, String)>,
}

impl RoomState {
    /// Students of the room in bed order, then those found here without a bed.
    pub fn students(&self) -> Vec<i64> {
        let mut v: Vec<i64> = self
            .screen
            .beds
            .iter()
            .filter_map(|b| b.student.as_ref().map(|s| s.id))
            .collect();
        v.extend(self.extra.iter().map(|(id, _)| *id));
        v
    }
}

pub struct SummaryState {
    pub patrol: PatrolRecord,
    pub summary: Summary,
    pub names: HashMap<i64, String>,
}

pub enum PatrolUi {
    Start(Box<StartState>),
    Room(Box<RoomState>),
    Summary(Box<SummaryState>),
    History(Box<HistoryState>),
}

/// Past patrols with their summaries, newest first.
pub struct HistoryState {
    pub rows: Vec<(PatrolRecord, Summary)>,
    pub cursor: usize,
}

/// The room in hand, as a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomDraft {
    pub patrol_id: i64,
    pub seq: usize,
    pub entered_at: String,
    pub marks: Vec<(i64, String)>,
    pub hygiene: Option<String>,
    pub hazards: Vec<String>,
    pub note: String,
    #[serde(default)]
    pub extra: Vec<(i64, String)>,
}

fn one_line(placeholder: &str) -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_cursor_line_style(ratatui::style::Style::default());
    t.set_placeholder_text(placeholder.to_string());
    t
}

impl Model {
    /// Opens the 查寝 screen: the start view (or the room in hand).
    pub fn patrol_enter(&mut self) {
        if self.patrol.is_none() {
            self.patrol_start_view();
        }
    }

    pub fn patrol_start_view(&mut self) {
        let buildings = patrols::buildings(&self.app).unwrap_or_default();
        // a counsellor starts at the first building housing their students
        let mine = patrols::my_buildings(&self.app).unwrap_or_default();
        let cursor = buildings
            .iter()
            .position(|(id, _)| mine.contains(id))
            .unwrap_or(0);
        let unfinished = patrols::unfinished(&self.app).unwrap_or_default();
        let due: Vec<String> = patrols::biweekly(&self.app)
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, d)| matches!(d, zhiban::domain::patrol::RoomDue::Overdue { .. }))
            .map(|(r, _)| format!("{} {}", r.building, r.number))
            .collect();
        let rooms_due = due.len();
        let due_names: Vec<String> = due.into_iter().take(6).collect();
        let fu = patrols::open_follow_ups(&self.app).unwrap_or_default();
        let follow_ups = (fu.len(), fu.iter().filter(|(_, o)| *o).count());
        let tz = zhiban::domain::clock::school_tz(self.app.assets().calendar.utc_offset_hours);
        let local = |t: &str| {
            from_db(t)
                .map(|t| t.with_timezone(&tz).format("%m-%d %H:%M").to_string())
                .unwrap_or_default()
        };
        let mut todo = Vec::new();
        for (f, overdue) in &fu {
            let who = zhiban::app::students::name_line(&self.app, f.student_id).unwrap_or_default();
            todo.push(Todo::FollowUp {
                id: f.id,
                who,
                status: f.status,
                due: local(&f.due_at),
                overdue: *overdue,
            });
        }
        for h in patrols::unreported_hazards(&self.app).unwrap_or_default() {
            let (id, b, r, at) = (h.id, h.building, h.room, h.found_at);
            let label = self
                .app
                .assets()
                .checklist
                .hazard(&h.hazard)
                .map(|x| x.label.clone())
                .unwrap_or(h.hazard);
            todo.push(Todo::Hazard {
                id,
                room: format!("{b} {r}"),
                label,
                found: local(&at),
            });
        }
        // a counsellor starts with "my students", a duty officer with a round
        let mine = self
            .app
            .actor()
            .has(zhiban::domain::staff::Role::Counsellor);
        let placeholder = self.t("patrol.floors_hint").to_string();
        self.patrol = Some(PatrolUi::Start(Box::new(StartState {
            buildings,
            cursor,
            scope: if mine { 2 } else { 0 },
            kind: if mine { 0 } else { 2 },
            floors: one_line(&placeholder),
            editing_floors: false,
            unfinished,
            rooms_due,
            due_names,
            follow_ups,
            todo,
            todo_cursor: 0,
            on_todo: false,
            form: None,
        })));
    }

    /// The room in hand as a draft payload.
    pub(crate) fn room_draft(&self) -> Option<RoomDraft> {
        let Some(PatrolUi::Room(r)) = &self.patrol else {
            return None;
        };
        let mut marks: Vec<(i64, String)> = r
            .marks
            .iter()
            .map(|(s, p)| (*s, p.code().to_string()))
            .collect();
        marks.sort();
        Some(RoomDraft {
            patrol_id: r.screen.patrol.id,
            seq: r.screen.seq,
            entered_at: to_db(r.entered_at),
            marks,
            hygiene: r.hygiene.clone(),
            hazards: r.hazards.iter().cloned().collect(),
            note: r.note.clone(),
            extra: r.extra.clone(),
        })
    }

    /// Shows room `seq` of a patrol, restoring a draft of it if one was kept.
    fn open_room(&mut self, patrol_id: i64, seq: usize) {
        match patrols::room(&self.app, patrol_id, seq) {
            Ok(screen) => {
                let mut st = RoomState {
                    cursor: 0,
                    marks: HashMap::new(),
                    hygiene: None,
                    hazards: BTreeSet::new(),
                    note: String::new(),
                    entered_at: self.app.now(),
                    popup: None,
                    extra: Vec::new(),
                    screen,
                };
                // marks saved before (re-visit) or kept as a draft (resume)
                if let Some(c) = &st.screen.current {
                    st.marks = c
                        .presence
                        .iter()
                        .map(|m| (m.student_id, m.status))
                        .collect();
                    for m in c.presence.iter().filter(|m| !m.in_roster) {
                        let who = zhiban::app::students::name_line(&self.app, m.student_id)
                            .unwrap_or_default();
                        st.extra.push((m.student_id, who));
                    }
                    st.hygiene = c.hygiene.clone();
                    st.hazards = c.hazards.iter().map(|h| h.mark.hazard.clone()).collect();
                    st.note = c.note.clone().unwrap_or_default();
                }
                if let Ok(Some(payload)) = zhiban::app::drafts::load(&self.app, ROOM_DRAFT) {
                    if let Ok(d) = serde_json::from_str::<RoomDraft>(&payload) {
                        if d.patrol_id == patrol_id && d.seq == seq {
                            st.marks = d
                                .marks
                                .iter()
                                .filter_map(|(s, c)| Presence::from_code(c).map(|p| (*s, p)))
                                .collect();
                            st.hygiene = d.hygiene;
                            st.hazards = d.hazards.into_iter().collect();
                            st.note = d.note;
                            st.extra = d.extra;
                            st.entered_at = from_db(&d.entered_at).unwrap_or(st.entered_at);
                        }
                    }
                }
                self.patrol = Some(PatrolUi::Room(Box::new(st)));
                self.draft_changed();
            }
            Err(e) => self.flash_err(&e),
        }
    }

    /// Resumes the actor's unfinished patrol at the room where it stopped.
    pub fn patrol_resume(&mut self) {
        let Some(PatrolUi::Start(s)) = &self.patrol else {
            return;
        };
        let Some(p) = s.unfinished.clone() else {
            return;
        };
        self.open_room(p.id, p.position as usize);
    }

    /// At start-up: a room left mid-check goes straight back on screen.
    pub fn resume_room_draft(&mut self) {
        let Ok(Some(payload)) = zhiban::app::drafts::load(&self.app, ROOM_DRAFT) else {
            return;
        };
        let Ok(d) = serde_json::from_str::<RoomDraft>(&payload) else {
            return;
        };
        match patrols::get(&self.app, d.patrol_id) {
            Ok(p) if p.finished_at.is_none() && p.staff_id == self.app.actor().id => {
                self.screen = super::model::ScreenId::Patrol;
                self.open_room(d.patrol_id, d.seq);
            }
            _ => self.discard_draft(ROOM_DRAFT),
        }
    }

    /// Saves the room in hand (leaving it saves it). `None` on failure.
    fn save_current(&mut self, skipped: Option<String>) -> Option<(i64, usize)> {
        let Some(PatrolUi::Room(r)) = &self.patrol else {
            return None;
        };
        let (pid, seq) = (r.screen.patrol.id, r.screen.seq);
        let marks = RoomMarks {
            entered_at: Some(r.entered_at),
            hygiene: if skipped.is_some() {
                None
            } else {
                r.hygiene.clone()
            },
            note: Some(r.note.clone()),
            presence: if skipped.is_some() {
                Vec::new()
            } else {
                r.students()
                    .into_iter()
                    .filter_map(|s| {
                        // found here without a bed in this room
                        let in_roster = !r.extra.iter().any(|(id, _)| *id == s);
                        r.marks.get(&s).map(|p| PresenceMark {
                            student_id: s,
                            status: *p,
                            note: None,
                            in_roster,
                        })
                    })
                    .collect()
            },
            hazards: if skipped.is_some() {
                Vec::new()
            } else {
                r.hazards
                    .iter()
                    .map(|h| HazardMark {
                        hazard: h.clone(),
                        note: None,
                    })
                    .collect()
            },
            skipped_reason: skipped,
        };
        match patrols::save_room(&mut self.app, pid, seq, &marks) {
            // the draft follows the screen: the next room (or none) replaces it
            Ok(_) => Some((pid, seq)),
            Err(e) => {
                // the marks stay on screen and in the draft
                self.flash_err(&e);
                None
            }
        }
    }

    /// Has anything been marked in the room in hand?
    fn room_touched(&self) -> bool {
        match &self.patrol {
            Some(PatrolUi::Room(r)) => {
                !r.marks.is_empty()
                    || r.hygiene.is_some()
                    || !r.hazards.is_empty()
                    || !r.note.is_empty()
            }
            _ => false,
        }
    }

    /// Leaves the room in hand: saved when something was marked (or it is
    /// skipped); an untouched room leaves no record. `false` if saving failed.
    fn leave_room(&mut self, skipped: Option<String>) -> bool {
        if skipped.is_none() && !self.room_touched() {
            return true;
        }
        self.save_current(skipped).is_some()
    }

    fn go_room(&mut self, pid: i64, to: usize, skipped: Option<String>) {
        if self.leave_room(skipped) {
            self.open_room(pid, to);
        }
    }

    fn finish_patrol(&mut self, pid: i64) {
        if !self.leave_room(None) {
            return;
        }
        match patrols::finish(&mut self.app, pid) {
            Ok(summary) => {
                let mut names = HashMap::new();
                for (sid, _) in &summary.absent {
                    names.insert(
                        *sid,
                        zhiban::app::students::name_line(&self.app, *sid).unwrap_or_default(),
                    );
                }
                if let Ok(patrol) = patrols::get(&self.app, pid) {
                    self.patrol = Some(PatrolUi::Summary(Box::new(SummaryState {
                        patrol,
                        summary,
                        names,
                    })));
                    // no room in hand any more: its draft goes
                    self.draft_changed();
                }
            }
            Err(e) => self.flash_err(&e),
        }
    }

    /// Closes a follow-up or reports a hazard from the to-do list.
    fn close_todo(&mut self, item: Todo, outcome: usize, reason: String, to: String) {
        let r = match &item {
            Todo::FollowUp { id, .. } => {
                let o = if outcome == 0 {
                    patrols::Outcome::Reached { reason }
                } else {
                    patrols::Outcome::Escalated {
                        to,
                        at: self.app.now(),
                        note: reason,
                    }
                };
                patrols::close_follow_up(&mut self.app, *id, o)
            }
            Todo::Hazard { id, .. } => patrols::report_hazard(&mut self.app, *id, &to),
        };
        match r {
            Ok(()) => {
                let key = if matches!(item, Todo::Hazard { .. }) {
                    "patrol.reported"
                } else {
                    "patrol.closed"
                };
                self.patrol_start_view();
                if let Some(PatrolUi::Start(s)) = self.patrol.as_mut() {
                    s.on_todo = !s.todo.is_empty();
                }
                let text = self.t(key).to_string();
                self.flash = Some(Flash { text, error: false });
            }
            Err(e) => {
                let text = e.to_string();
                if let Some(PatrolUi::Start(s)) = self.patrol.as_mut() {
                    if let Some(f) = s.form.as_mut() {
                        f.error = Some(text);
                    }
                }
            }
        }
    }

    /// Keys of the 查寝 screen. Decides inside the borrow of the state,
    /// acts after it.
    pub(crate) fn patrol_act(&mut self, act: Act) {
        enum Then {
            Nothing,
            Changed,
            Start(i64, Scope, PatrolKind),
            Resume,
            Go(i64, usize, Option<String>),
            Finish(i64),
            Pause,
            Jump(i64, String),
            StartView,
            Say(&'static str, bool),
            History,
            ShowSummary(i64),
            Add(String),
        }
        let hazards: Vec<String> = self
            .app
            .assets()
            .checklist
            .hazards
            .iter()
            .map(|h| h.id.clone())
            .collect();
        let hygiene = self.app.assets().checklist.hygiene.clone();
        let reasons = self.app.assets().checklist.skip_reasons.clone();
        let then = match self.patrol.as_mut() {
            Some(PatrolUi::Start(s)) if s.form.is_some() => {
                let f = s.form.as_mut().expect("checked");
                let first = if matches!(f.item, Todo::Hazard { .. }) {
                    2
                } else {
                    0
                };
                match act {
                    Act::NextField => {
                        f.field = if f.field >= 2 {
                            first
                        } else {
                            (f.field + 1).max(first)
                        }
                    }
                    Act::PrevField => f.field = if f.field <= first { 2 } else { f.field - 1 },
                    Act::LevelPrev | Act::LevelNext => f.outcome = 1 - f.outcome.min(1),
                    Act::Back => s.form = None,
                    Act::Save => {
                        let item = f.item.clone();
                        let reason = f.reason.lines().join(" ").trim().to_string();
                        let to = f.to.lines().join(" ").trim().to_string();
                        let outcome = f.outcome;
                        return self.close_todo(item, outcome, reason, to);
                    }
                    _ => {}
                }
                Then::Nothing
            }
            Some(PatrolUi::Start(s)) if s.on_todo => match act {
                Act::Up => {
                    s.todo_cursor = s.todo_cursor.saturating_sub(1);
                    Then::Nothing
                }
                Act::Down => {
                    s.todo_cursor = (s.todo_cursor + 1).min(s.todo.len().saturating_sub(1));
                    Then::Nothing
                }
                Act::NextField | Act::Back => {
                    s.on_todo = false;
                    Then::Nothing
                }
                Act::Open => {
                    if let Some(item) = s.todo.get(s.todo_cursor).cloned() {
                        let field = if matches!(item, Todo::Hazard { .. }) {
                            2
                        } else {
                            0
                        };
                        s.form = Some(TodoForm {
                            item,
                            outcome: 0,
                            reason: one_line(""),
                            to: one_line(""),
                            field,
                            error: None,
                        });
                    }
                    Then::Nothing
                }
                _ => Then::Nothing,
            },
            Some(PatrolUi::Start(s)) => match act {
                Act::History => Then::History,
                Act::NextField => {
                    s.on_todo = !s.todo.is_empty();
                    Then::Nothing
                }
                Act::Up => {
                    s.cursor = s.cursor.saturating_sub(1);
                    Then::Nothing
                }
                Act::Down => {
                    s.cursor = (s.cursor + 1).min(s.buildings.len().saturating_sub(1));
                    Then::Nothing
                }
                Act::CycleScope => {
                    s.scope = (s.scope + 1) % SCOPES.len();
                    s.editing_floors = s.scope == 1;
                    Then::Nothing
                }
                Act::CycleKind => {
                    s.kind = (s.kind + 1) % PatrolKind::ALL.len();
                    Then::Nothing
                }
                Act::Resume if s.unfinished.is_some() => Then::Resume,
                Act::Back if s.editing_floors => {
                    s.editing_floors = false;
                    Then::Nothing
                }
                Act::Open if s.editing_floors => {
                    s.editing_floors = false;
                    Then::Nothing
                }
                Act::Open => match s.buildings.get(s.cursor).map(|b| b.0) {
                    None => Then::Nothing,
                    Some(bid) => {
                        let kind = PatrolKind::ALL[s.kind];
                        match s.scope {
                            0 => Then::Start(bid, Scope::Building, kind),
                            1 => {
                                let text = s.floors.lines().join(",");
                                let floors: Vec<i32> = text
                                    .split([',', '，', ' ', '、'])
                                    .filter_map(|f| f.trim().parse().ok())
                                    .collect();
                                if floors.is_empty() {
                                    s.editing_floors = true;
                                    Then::Say("patrol.floors_hint", true)
                                } else {
                                    Then::Start(bid, Scope::Floors(floors), kind)
                                }
                            }
                            _ => Then::Start(bid, Scope::MyStudents, kind),
                        }
                    }
                },
                _ => Then::Nothing,
            },
            Some(PatrolUi::Room(r)) => {
                let (pid, seq, total) = (
                    r.screen.patrol.id,
                    r.screen.seq,
                    r.screen.patrol.rooms.len(),
                );
                if let Some(popup) = &mut r.popup {
                    match (popup, act) {
                        (RoomPopup::Hazards, Act::Toggle(n)) => {
                            if let Some(h) = hazards.get((n as usize).wrapping_sub(1)) {
                                if !r.hazards.remove(h) {
                                    r.hazards.insert(h.clone());
                                }
                            }
                            Then::Changed
                        }
                        (RoomPopup::Skip(c), Act::Up) => {
                            *c = c.saturating_sub(1);
                            Then::Nothing
                        }
                        (RoomPopup::Skip(c), Act::Down) => {
                            *c = (*c + 1).min(reasons.len().saturating_sub(1));
                            Then::Nothing
                        }
                        (RoomPopup::Skip(c), Act::Toggle(n)) => {
                            if (1..=reasons.len()).contains(&(n as usize)) {
                                *c = n as usize - 1;
                            }
                            Then::Nothing
                        }
                        (RoomPopup::Skip(c), Act::Open) => {
                            let reason = reasons.get(*c).cloned().unwrap_or_default();
                            r.popup = None;
                            // skipped: on to the next room (or stay, at the last)
                            Then::Go(pid, (seq + 1).min(total - 1), Some(reason))
                        }
                        (RoomPopup::Note(ta), Act::Open) => {
                            r.note = ta.lines().join("\n").trim().to_string();
                            r.popup = None;
                            Then::Changed
                        }
                        (RoomPopup::Add(ta), Act::Open) => {
                            let no = ta.lines().join("").trim().to_string();
                            r.popup = None;
                            Then::Add(no)
                        }
                        (RoomPopup::Jump(ta), Act::Open) => {
                            let want = ta.lines().join("").trim().to_string();
                            r.popup = None;
                            Then::Jump(pid, want)
                        }
                        (_, Act::Back) | (RoomPopup::Hazards, Act::Open) => {
                            r.popup = None;
                            Then::Nothing
                        }
                        _ => Then::Nothing,
                    }
                } else {
                    let students = r.students();
                    match act {
                        Act::Up => {
                            r.cursor = r.cursor.saturating_sub(1);
                            Then::Nothing
                        }
                        Act::Down => {
                            r.cursor = (r.cursor + 1).min(students.len().saturating_sub(1));
                            Then::Nothing
                        }
                        Act::Toggle(n) => {
                            match (
                                students.get(r.cursor),
                                Presence::ALL.get((n as usize).wrapping_sub(1)),
                            ) {
                                (Some(sid), Some(p)) => {
                                    r.marks.insert(*sid, *p);
                                    r.cursor = (r.cursor + 1).min(students.len().saturating_sub(1));
                                    Then::Changed
                                }
                                _ => Then::Nothing,
                            }
                        }
                        Act::AllPresent => {
                            for s in &students {
                                r.marks.entry(*s).or_insert(Presence::Present);
                            }
                            Then::Changed
                        }
                        Act::Hygiene => {
                            let i = r
                                .hygiene
                                .as_ref()
                                .and_then(|h| hygiene.iter().position(|x| x == h));
                            r.hygiene = match i {
                                None => hygiene.first().cloned(),
                                Some(i) if i + 1 < hygiene.len() => Some(hygiene[i + 1].clone()),
                                Some(_) => None,
                            };
                            Then::Changed
                        }
                        Act::Hazards => {
                            r.popup = Some(RoomPopup::Hazards);
                            Then::Nothing
                        }
                        Act::Note => {
                            let mut ta = TextArea::default();
                            ta.set_cursor_line_style(ratatui::style::Style::default());
                            ta.insert_str(&r.note);
                            r.popup = Some(RoomPopup::Note(ta));
                            Then::Nothing
                        }
                        Act::Skip => {
                            r.popup = Some(RoomPopup::Skip(0));
                            Then::Nothing
                        }
                        Act::Jump => {
                            r.popup = Some(RoomPopup::Jump(one_line("")));
                            Then::Nothing
                        }
                        Act::AddStudent => {
                            r.popup = Some(RoomPopup::Add(one_line("")));
                            Then::Nothing
                        }
                        Act::NextRoom if seq + 1 < total => Then::Go(pid, seq + 1, None),
                        Act::NextRoom => Then::Say("patrol.last_room", false),
                        Act::PrevRoom if seq > 0 => Then::Go(pid, seq - 1, None),
                        Act::Finish => Then::Finish(pid),
                        Act::Back => Then::Pause,
                        _ => Then::Nothing,
                    }
                }
            }
            Some(PatrolUi::Summary(_)) if matches!(act, Act::Back | Act::Open) => Then::StartView,
            Some(PatrolUi::History(h)) => match act {
                Act::Up => {
                    h.cursor = h.cursor.saturating_sub(1);
                    Then::Nothing
                }
                Act::Down => {
                    h.cursor = (h.cursor + 1).min(h.rows.len().saturating_sub(1));
                    Then::Nothing
                }
                Act::Open => match h.rows.get(h.cursor) {
                    Some((p, _)) => Then::ShowSummary(p.id),
                    None => Then::Nothing,
                },
                Act::Back => Then::StartView,
                _ => Then::Nothing,
            },
            _ => Then::Nothing,
        };
        match then {
            Then::Nothing => {}
            Then::Changed => self.draft_changed(),
            Then::Start(bid, scope, kind) => {
                match patrols::start(&mut self.app, bid, scope, kind) {
                    Ok(pid) => self.open_room(pid, 0),
                    Err(e) => self.flash_err(&e),
                }
            }
            Then::Resume => self.patrol_resume(),
            Then::Go(pid, to, skipped) => self.go_room(pid, to, skipped),
            Then::Finish(pid) => self.finish_patrol(pid),
            Then::Pause => {
                if self.leave_room(None) {
                    self.patrol_start_view();
                    self.draft_changed();
                }
            }
            Then::Jump(pid, want) => {
                match patrols::position_of_room(&self.app, pid, &want)
                    .ok()
                    .flatten()
                {
                    Some(i) => self.go_room(pid, i, None),
                    None => {
                        // a room number not in this walk: say so and stay
                        let text = self
                            .app
                            .assets()
                            .text
                            .f("patrol.no_room", &[("room", &want)]);
                        self.flash = Some(Flash { text, error: true });
                    }
                }
            }
            Then::StartView => self.patrol_start_view(),
            Then::Add(no) => {
                let view = zhiban::app::students::visible_by_number(&self.app, &no)
                    .ok()
                    .flatten();
                match (view, self.patrol.as_mut()) {
                    (Some(v), Some(PatrolUi::Room(r))) => {
                        if !r.students().contains(&v.id) {
                            r.extra.push((v.id, format!("{} {}", v.name, v.student_no)));
                            r.cursor = r.students().len() - 1;
                        }
                        self.draft_changed();
                    }
                    _ => {
                        let text = self
                            .app
                            .assets()
                            .text
                            .f("patrol.no_student", &[("no", &no)]);
                        self.flash = Some(Flash { text, error: true });
                    }
                }
            }
            Then::History => match patrols::history(&self.app, 30) {
                Ok(rows) => {
                    self.patrol = Some(PatrolUi::History(Box::new(HistoryState {
                        rows,
                        cursor: 0,
                    })))
                }
                Err(e) => self.flash_err(&e),
            },
            Then::ShowSummary(pid) => {
                if let (Ok(summary), Ok(patrol)) = (
                    patrols::summary(&self.app, pid),
                    patrols::get(&self.app, pid),
                ) {
                    let mut names = HashMap::new();
                    for (sid, _) in &summary.absent {
                        names.insert(
                            *sid,
                            zhiban::app::students::name_line(&self.app, *sid).unwrap_or_default(),
                        );
                    }
                    self.patrol = Some(PatrolUi::Summary(Box::new(SummaryState {
                        patrol,
                        summary,
                        names,
                    })));
                }
            }
            Then::Say(key, error) => {
                let text = self.t(key).to_string();
                self.flash = Some(Flash { text, error });
            }
        }
    }

    /// Text typed on the 查寝 screen (floors, note, room number).
    pub(crate) fn patrol_type(&mut self, ev: ratatui::crossterm::event::KeyEvent) {
        match self.patrol.as_mut() {
            Some(PatrolUi::Start(s)) if s.form.is_some() => {
                if let Some(f) = s.form.as_mut() {
                    match f.field {
                        1 => {
                            f.reason.input(ev);
                        }
                        2 => {
                            f.to.input(ev);
                        }
                        _ => {}
                    }
                    f.error = None;
                }
            }
            Some(PatrolUi::Start(s)) if s.editing_floors => {
                s.floors.input(ev);
            }
            Some(PatrolUi::Room(r)) => {
                match &mut r.popup {
                    Some(RoomPopup::Note(ta))
                    | Some(RoomPopup::Jump(ta))
                    | Some(RoomPopup::Add(ta)) => {
                        ta.input(ev);
                    }
                    _ => return,
                }
                self.draft_changed();
            }
            _ => {}
        }
    }

    pub(crate) fn patrol_paste(&mut self, text: &str) {
        if let Some(PatrolUi::Room(r)) = self.patrol.as_mut() {
            match &mut r.popup {
                Some(RoomPopup::Note(ta)) => {
                    ta.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
                }
                Some(RoomPopup::Jump(ta)) | Some(RoomPopup::Add(ta)) => {
                    ta.insert_str(text.replace(['\r', '\n'], ""));
                }
                _ => {}
            }
        }
    }
}
