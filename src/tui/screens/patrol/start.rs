//! The 查寝 start view: a building, the scope (whole building, floors, my
//! students' rooms) and the kind; an unfinished patrol to resume; what is
//! due (the 14-day rule, follow-ups); and the to-do list of follow-ups and
//! hazards, each closed through a form.

use serde_json::json;
use zhiban::app::App;
use zhiban::app::patrols::{self, Outcome as FollowUpOutcome};
use zhiban::domain::clock::from_db;
use zhiban::domain::patrol::{PatrolKind, PatrolRecord, Presence, RoomDue};
use zhiban::domain::staff::Role;
use zhiban::error::Result;

use crate::tui::form::{Form, keys as form_keys};

pub const SCOPES: [&str; 3] = [
    "patrol.scope_building",
    "patrol.scope_floors",
    "patrol.scope_mine",
];

/// Something left to do after a patrol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Todo {
    FollowUp {
        id: i64,
        /// "name 学号"
        who: String,
        status: Presence,
        /// When it is due (school-local).
        due: String,
        overdue: bool,
    },
    Hazard {
        id: i64,
        /// "building room"
        room: String,
        label: String,
        /// When it was found (school-local).
        found: String,
    },
}

pub struct StartState {
    pub buildings: Vec<(i64, String)>,
    pub cursor: usize,
    pub scope: usize,
    pub kind: usize,
    /// The floors of a floors-scope patrol, as typed.
    pub floors: String,
    pub unfinished: Option<PatrolRecord>,
    /// Rooms of the actor's students not checked within the window.
    pub rooms_due: usize,
    /// The first of them, named ("2号楼 101").
    pub due_names: Vec<String>,
    /// (open, overdue) follow-ups the actor is concerned with.
    pub follow_ups: (usize, usize),
    pub todo: Vec<Todo>,
    pub todo_cursor: usize,
    /// The keyboard is on the to-do list (Tab switches).
    pub on_todo: bool,
    /// The floors, a follow-up closed or a hazard reported.
    pub form: Option<Form>,
    /// The numbers of the follow-up whose form is open (its id with them).
    pub contacts: Option<(i64, zhiban::app::follow_up_contacts::FollowUpContacts)>,
}

impl StartState {
    /// Reads what the start view shows.
    pub fn load(app: &App) -> Result<StartState> {
        let buildings = patrols::buildings(app)?;
        // a counsellor starts at the first building housing their students
        let mine = patrols::my_buildings(app)?;
        let cursor = buildings
            .iter()
            .position(|(id, _)| mine.contains(id))
            .unwrap_or(0);
        let unfinished = patrols::unfinished(app)?;
        let due: Vec<String> = patrols::biweekly(app)?
            .into_iter()
            .filter(|(_, d)| matches!(d, RoomDue::Overdue { .. }))
            .map(|(r, _)| format!("{} {}", r.building, r.number))
            .collect();
        let fu = patrols::open_follow_ups(app)?;
        let tz = zhiban::domain::clock::school_tz(app.assets().calendar.utc_offset_hours);
        let local = |t: &str| {
            from_db(t)
                .map(|t| t.with_timezone(&tz).format("%m-%d %H:%M").to_string())
                .unwrap_or_default()
        };
        let mut todo = Vec::new();
        for (f, overdue) in &fu {
            todo.push(Todo::FollowUp {
                id: f.id,
                who: zhiban::app::students::name_line(app, f.student_id)?,
                status: f.status,
                due: local(&f.due_at),
                overdue: *overdue,
            });
        }
        for h in patrols::unreported_hazards(app)? {
            let label = app
                .assets()
                .checklist
                .hazard(&h.hazard)
                .map(|x| x.label.clone())
                .unwrap_or(h.hazard);
            todo.push(Todo::Hazard {
                id: h.id,
                room: format!("{} {}", h.building, h.room),
                label,
                found: local(&h.found_at),
            });
        }
        // a counsellor starts with "my students", a duty officer with a round
        let mine_first = app.actor().has(Role::Counsellor);
        Ok(StartState {
            buildings,
            cursor,
            scope: if mine_first { 2 } else { 0 },
            kind: if mine_first { 0 } else { 2 },
            floors: String::new(),
            unfinished,
            rooms_due: due.len(),
            due_names: due.into_iter().take(6).collect(),
            follow_ups: (fu.len(), fu.iter().filter(|(_, o)| *o).count()),
            todo,
            todo_cursor: 0,
            on_todo: false,
            form: None,
            contacts: None,
        })
    }

    /// The floors typed, as numbers.
    pub fn floor_numbers(&self) -> Vec<i32> {
        self.floors
            .split([',', '，', ' ', '、'])
            .filter_map(|f| f.trim().parse().ok())
            .collect()
    }

    pub fn kind(&self) -> PatrolKind {
        PatrolKind::ALL[self.kind % PatrolKind::ALL.len()]
    }
}

/// The form for the floors of a patrol.
pub fn floors_form(app: &App, floors: &str) -> Form {
    let tx = &app.assets().text;
    Form::new("patrol.floors", tx.s("patrol.floors"))
        .line(
            "floors",
            tx.s("patrol.floors"),
            floors,
            tx.t("patrol.floors_hint"),
        )
        .enter_saves()
        .width(50)
}

/// The form that closes a to-do item: a follow-up (reached, or not and
/// reported to whom) or a hazard (reported to whom).
pub fn todo_form(app: &App, item: &Todo) -> Form {
    let tx = &app.assets().text;
    match item {
        Todo::FollowUp { id, who, .. } => Form::new(
            "patrol.follow_up",
            tx.f("patrol.form_follow_up", &[("who", who)]),
        )
        .choice(
            "outcome",
            tx.s("patrol.outcome"),
            vec![
                ("reached".into(), tx.s("patrol.outcome_reached")),
                ("escalated".into(), tx.s("patrol.outcome_escalated")),
            ],
        )
        .line("reason", tx.s("patrol.reason"), "", "")
        .line("to", tx.s("patrol.to"), "", "")
        .keys(form_keys::NONE)
        .enter_saves()
        .width(60)
        .about(json!({"follow_up": id, "who": who})),
        Todo::Hazard {
            id, room, label, ..
        } => Form::new(
            "patrol.hazard",
            tx.f("patrol.form_hazard", &[("room", room), ("label", label)]),
        )
        .line("to", tx.s("patrol.to"), "", "")
        .enter_saves()
        .width(60)
        .about(json!({"hazard": id, "room": room, "label": label})),
    }
}

/// What closing a to-do item comes to.
pub enum Close {
    FollowUp(i64, FollowUpOutcome),
    /// A hazard reported, to whom.
    Hazard(i64, String),
}

/// What the to-do form asks to be done, or `None` (the form says what to fix).
pub fn todo_outcome(app: &App, form: &mut Form) -> Option<Close> {
    let cat = &app.assets().text;
    if let Some(id) = form.about.get("follow_up").and_then(|x| x.as_i64()) {
        let reason = form.value("reason");
        if form.value("outcome") == "reached" {
            if reason.is_empty() {
                let inv = form.problem_with("reason", "form.need_text", cat);
                form.fail(inv);
                return None;
            }
            return Some(Close::FollowUp(id, FollowUpOutcome::Reached { reason }));
        }
        return match form.required("to", cat) {
            Ok(to) => Some(Close::FollowUp(
                id,
                FollowUpOutcome::Escalated {
                    to,
                    at: app.now(),
                    note: reason,
                },
            )),
            Err(inv) => {
                form.fail(inv);
                None
            }
        };
    }
    let id = form.about.get("hazard").and_then(|x| x.as_i64())?;
    match form.required("to", cat) {
        Ok(to) => Some(Close::Hazard(id, to)),
        Err(inv) => {
            form.fail(inv);
            None
        }
    }
}
