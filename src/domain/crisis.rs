//! A crisis case as a record that stands: its events (steps done, skipped
//! or not applicable with a reason, notes, level changes, phases closed)
//! are appended in the order they happened; the state of every step, what
//! is overdue and what is current are computed from them and the template
//! the case was opened under.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::sop::{Risk, Step, StepState, Template, due_at};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub key: String,
    pub name: String,
    /// The C-SSRS result that suggests this level.
    #[serde(default)]
    pub cssrs: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub key: String,
    pub name: String,
    pub phone: String,
}

impl Contact {
    /// A number someone can dial: not empty, not the placeholder the
    /// built-in file ships with ("请配置本校号码"), holding a digit.
    pub fn configured(&self) -> bool {
        self.phone.chars().any(|c| c.is_ascii_digit())
    }
}

/// Contact keys a template may name that `crisis.toml` does not define:
/// tonight's leader on call (from the duty roster) and the people of the
/// case (its students, their roommates, guardians and counsellors, the
/// college psych specialists and leaders), found in the records.
pub const BUILTIN_CONTACTS: [&str; 7] = [
    "leader_on_call",
    "student",
    "roommates",
    "guardians",
    "counsellor",
    "psych_specialist",
    "college_leader",
];

/// `assets/crisis.toml`: risk levels and the contacts a step may show.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisConfig {
    #[serde(default, rename = "level")]
    pub levels: Vec<Level>,
    #[serde(default, rename = "contact")]
    pub contacts: Vec<Contact>,
    /// For how many minutes the author of a "done", "skip" or "n.a." may
    /// withdraw it (`withdraw_minutes`; 10 when not set).
    #[serde(default)]
    pub withdraw_minutes: Option<u32>,
}

impl CrisisConfig {
    pub fn parse(text: &str) -> Result<CrisisConfig, crate::error::Problem> {
        let c: CrisisConfig =
            toml::from_str(text).map_err(|e| crate::error::Problem::toml(text, &e))?;
        if c.levels.is_empty() {
            return Err(crate::error::Problem::at(
                0,
                crate::error::Msg::new("err.config.no_level"),
            ));
        }
        Ok(c)
    }
    /// How long a step's settling may be withdrawn by its author.
    pub fn withdraw_window(&self) -> chrono::Duration {
        chrono::Duration::minutes(i64::from(self.withdraw_minutes.unwrap_or(10)))
    }
    pub fn level(&self, key: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.key == key || l.name == key)
    }
    /// The level a screen's risk suggests.
    pub fn level_for(&self, risk: Risk) -> Option<&Level> {
        self.levels
            .iter()
            .find(|l| l.cssrs.as_deref() == Some(risk.code()))
    }
    pub fn contact(&self, key: &str) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.key == key)
    }
    /// The school's numbers still to be set.
    pub fn unconfigured(&self) -> Vec<&Contact> {
        self.contacts.iter().filter(|c| !c.configured()).collect()
    }
    /// The contact keys a template may name: the file's, then the
    /// built-in ones.
    pub fn contact_keys(&self) -> Vec<&str> {
        self.contacts
            .iter()
            .map(|c| c.key.as_str())
            .chain(BUILTIN_CONTACTS)
            .collect()
    }
}

/// What an event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum EventKind {
    Open,
    Done,
    Skipped,
    NotApplicable,
    Note,
    Level,
    Screen,
    PhaseClosed,
    Close,
    /// A step's "done", "skip" or "n.a." taken back by its author within
    /// the window: appended, the step open again; nothing is deleted.
    Withdrawn,
}

impl EventKind {
    pub const ALL: [EventKind; 10] = [
        EventKind::Open,
        EventKind::Done,
        EventKind::Skipped,
        EventKind::NotApplicable,
        EventKind::Note,
        EventKind::Level,
        EventKind::Screen,
        EventKind::PhaseClosed,
        EventKind::Close,
        EventKind::Withdrawn,
    ];
    pub fn code(self) -> &'static str {
        match self {
            EventKind::Open => "open",
            EventKind::Done => "done",
            EventKind::Skipped => "skipped",
            EventKind::NotApplicable => "na",
            EventKind::Note => "note",
            EventKind::Level => "level",
            EventKind::Screen => "screen",
            EventKind::PhaseClosed => "phase",
            EventKind::Close => "close",
            EventKind::Withdrawn => "withdrawn",
        }
    }
    pub fn from_code(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.code() == s)
    }
    /// Skipping or marking not applicable needs a reason.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            EventKind::Skipped | EventKind::NotApplicable | EventKind::Level
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub at: DateTime<Utc>,
    /// Who, by name (as shown) and staff id.
    pub by: String,
    pub by_id: i64,
    pub kind: EventKind,
    /// The step it concerns; for a phase event the phase, for a level
    /// event the level's key.
    pub step: Option<String>,
    pub text: Option<String>,
}

/// One step of a case, as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepNow {
    pub step: Step,
    pub state: StepState,
    pub settled_at: Option<DateTime<Utc>>,
    /// Who settled it (staff id).
    pub settled_by: Option<i64>,
    pub due: Option<DateTime<Utc>>,
    /// Open and past its deadline.
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseNow {
    pub steps: Vec<StepNow>,
    pub phase_closed: HashMap<String, DateTime<Utc>>,
    /// The first phase not closed (the last if all are).
    pub phase: String,
    /// The step to show: the first open step of the current phase, in the
    /// template's order (steps may be settled out of order).
    pub current: Option<String>,
    pub level: Option<String>,
    pub closed: bool,
}

/// Computes where a case stands from its template and events.
pub fn case_now(
    tpl: &Template,
    opened: DateTime<Utc>,
    events: &[Event],
    now: DateTime<Utc>,
) -> CaseNow {
    let mut state: HashMap<&str, (StepState, DateTime<Utc>, i64)> = HashMap::new();
    let mut phase_closed = HashMap::new();
    let mut level = None;
    let mut closed = false;
    for e in events {
        match (e.kind, e.step.as_deref()) {
            (EventKind::Done, Some(s)) => {
                state.insert(s, (StepState::Done, e.at, e.by_id));
            }
            (EventKind::Skipped, Some(s)) => {
                state.insert(s, (StepState::Skipped, e.at, e.by_id));
            }
            (EventKind::NotApplicable, Some(s)) => {
                state.insert(s, (StepState::NotApplicable, e.at, e.by_id));
            }
            (EventKind::Withdrawn, Some(s)) => {
                state.remove(s);
            }
            (EventKind::PhaseClosed, Some(p)) => {
                phase_closed.insert(p.to_string(), e.at);
            }
            (EventKind::Level, Some(k)) => level = Some(k.to_string()),
            (EventKind::Close, _) => closed = true,
            _ => {}
        }
    }
    let settled_at: HashMap<String, DateTime<Utc>> = state
        .iter()
        .map(|(k, (_, at, _))| (k.to_string(), *at))
        .collect();
    let steps: Vec<StepNow> = tpl
        .steps
        .iter()
        .map(|s| {
            let (st, at, by) = state
                .get(s.key.as_str())
                .map_or((StepState::Open, None, None), |(st, at, by)| {
                    (*st, Some(*at), Some(*by))
                });
            let due = due_at(s, opened, &settled_at, &phase_closed);
            StepNow {
                step: s.clone(),
                state: st,
                settled_at: at,
                settled_by: by,
                due,
                overdue: st == StepState::Open && due.is_some_and(|d| now > d),
            }
        })
        .collect();
    let phase = tpl
        .phases
        .iter()
        .find(|p| !phase_closed.contains_key(&p.key))
        .or(tpl.phases.last())
        .map(|p| p.key.clone())
        .unwrap_or_default();
    // the first open step of the current phase; when that phase has none
    // left, the first open step after it
    let current = steps
        .iter()
        .find(|s| s.step.phase == phase && s.state == StepState::Open)
        .or_else(|| steps.iter().find(|s| s.state == StepState::Open))
        .map(|s| s.step.key.clone());
    CaseNow {
        steps,
        phase_closed,
        phase,
        current,
        level,
        closed,
    }
}

impl CaseNow {
    /// Required steps of `phase` (all phases when `None`) not yet settled.
    pub fn unsettled(&self, phase: Option<&str>) -> Vec<&StepNow> {
        self.steps
            .iter()
            .filter(|s| phase.is_none_or(|p| s.step.phase == p))
            .filter(|s| s.step.required && !s.state.settled())
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrisisCase {
    pub id: i64,
    pub kind: String,
    pub template_version: String,
    pub template: String,
    pub opened_at: String,
    pub opened_by: i64,
    pub opener: String,
    pub location: Option<String>,
    pub known: Option<String>,
    pub entry_id: Option<i64>,
    pub college_id: Option<i64>,
    /// The shift its opener was keeping when they opened it.
    pub shift_id: Option<i64>,
    /// (student id, 学号, name, counsellor id)
    pub students: Vec<(i64, String, String, Option<i64>)>,
    /// The colleges of its students (each once).
    pub student_colleges: Vec<i64>,
    /// Students named at opening who are not in the roster (a visitor, a
    /// new student), by name: flagged for matching later.
    pub unlisted: Vec<String>,
}

/// The step key of the note that names a student not in the roster.
pub const UNLISTED: &str = "unlisted";
