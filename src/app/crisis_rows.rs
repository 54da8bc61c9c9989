//! The case list as a reader needs it at 2 a.m.: for every case one may
//! see, its number, students, kind, level, current step, when it opened,
//! how long it has run, whether a step is overdue, and whether it is open,
//! in aftercare or closed — open cases first.

use chrono::{DateTime, Utc};

use super::App;
use super::crisis::{list, state_of, with_record};
use crate::domain::clock::from_db;
use crate::domain::crisis::EventKind;
use crate::error::Result;

/// Where a case stands, for the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CaseStatus {
    /// In its first (acute) phase.
    Open,
    /// The acute phase closed: follow-up and review.
    Aftercare,
    Closed,
}

impl CaseStatus {
    /// The catalogue key of its name.
    pub fn label(self) -> &'static str {
        match self {
            CaseStatus::Open => "crisis.status_open",
            CaseStatus::Aftercare => "crisis.status_aftercare",
            CaseStatus::Closed => "crisis.status_closed",
        }
    }
}

/// One row of the case list.
#[derive(Debug, Clone)]
pub struct CaseRow {
    pub id: i64,
    /// The students' names.
    pub students: Vec<String>,
    /// Students not in the roster, by name (to be matched later).
    pub unlisted: Vec<String>,
    /// The procedure's name (心理危机 …).
    pub kind: String,
    /// The level's name, if one is set.
    pub level: Option<String>,
    /// The title of the step on turn (none when every step is settled).
    pub step: Option<String>,
    pub opened: DateTime<Utc>,
    /// Until now, or until it closed.
    pub ran_until: DateTime<Utc>,
    /// Steps open past their deadline.
    pub overdue: usize,
    pub status: CaseStatus,
}

/// Every case the actor may see (the last year's), open ones first, then
/// aftercare, then closed; newest first within each.
pub fn rows(app: &App) -> Result<Vec<CaseRow>> {
    let now = app.now();
    let mut out = Vec::new();
    for c in list(app)? {
        let (case, tpl, events) = with_record(app, c)?;
        let state = state_of(app, &case, &tpl, &events);
        let closed_at = events
            .iter()
            .rev()
            .find(|e| e.kind == EventKind::Close)
            .map(|e| e.at);
        let first_phase = tpl.phases.first().map(|p| p.key.as_str());
        let status = if state.closed {
            CaseStatus::Closed
        } else if first_phase.is_some_and(|p| state.phase_closed.contains_key(p)) {
            CaseStatus::Aftercare
        } else {
            CaseStatus::Open
        };
        let step = state
            .current
            .as_ref()
            .filter(|_| !state.closed)
            .and_then(|k| {
                state
                    .steps
                    .iter()
                    .find(|s| &s.step.key == k)
                    .map(|s| s.step.title.clone())
            });
        let level = state.level.as_deref().map(|k| {
            app.assets
                .crisis
                .level(k)
                .map_or(k.to_string(), |l| l.name.clone())
        });
        out.push(CaseRow {
            id: case.id,
            students: case.students.iter().map(|s| s.2.clone()).collect(),
            unlisted: case.unlisted.clone(),
            kind: tpl.name.clone(),
            level,
            step,
            opened: from_db(&case.opened_at).unwrap_or(now),
            ran_until: closed_at.unwrap_or(now),
            overdue: if state.closed {
                0
            } else {
                state.steps.iter().filter(|s| s.overdue).count()
            },
            status,
        });
    }
    out.sort_by(|a, b| a.status.cmp(&b.status).then(b.opened.cmp(&a.opened)));
    Ok(out)
}
