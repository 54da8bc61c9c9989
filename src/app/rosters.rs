//! The lists a specialist works through on screen 4: the psych
//! specialist's key-concern roster (level, reason, since, last talk,
//! counsellor) and the aid specialist's financially difficult students
//! (level, since, last home visit, counsellor), of the students the
//! policy lets them see.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::App;
use super::students::view_of;
use crate::domain::staff::Role;
use crate::domain::student::{FlagKind, parse_date};
use crate::error::Result;
use crate::store::{records as rec, students};

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Roster {
    /// 重点关注 (the psych specialist's).
    KeyConcern,
    /// 家庭经济困难 (the aid specialist's).
    Financial,
}

impl Roster {
    /// The actor's own list, if their role has one.
    pub fn of_actor(app: &App) -> Option<Roster> {
        if app.actor.has(Role::PsychSpecialist) {
            Some(Roster::KeyConcern)
        } else if app.actor.has(Role::AidSpecialist) {
            Some(Roster::Financial)
        } else {
            None
        }
    }
    fn flag(self) -> FlagKind {
        match self {
            Roster::KeyConcern => FlagKind::KeyConcern,
            Roster::Financial => FlagKind::FinancialDifficulty,
        }
    }
}

/// One student on a roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterRow {
    pub student_no: String,
    pub name: String,
    pub class: Option<String>,
    pub counsellor: Option<String>,
    pub level: Option<String>,
    /// The flag's note (the reason of a key concern).
    pub reason: Option<String>,
    pub since: Option<NaiveDate>,
    pub last_talk: Option<NaiveDate>,
    pub last_home_visit: Option<NaiveDate>,
}

/// The roster, the most urgent first: by level (the first of the flag's
/// levels first), then the longest without a talk (key concern) or a home
/// visit (financial), never before any date.
pub fn roster(app: &App, which: Roster) -> Result<Vec<RosterRow>> {
    let conn = app.store.conn();
    let kind = which.flag();
    let marks: HashMap<i64, rec::MarkRow> = rec::marks(conn, None, app.actor.college_id)?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let mut out = Vec::new();
    for r in students::all(conn, false)? {
        if r.flag(kind).is_none() {
            continue;
        }
        let Some(v) = view_of(&app.actor, &r) else {
            continue;
        };
        // the flag only if the policy shows it to this role
        let Some(f) = v.flags.iter().find(|f| f.kind == kind) else {
            continue;
        };
        let m = marks.get(&r.id);
        let day = |x: Option<&Option<String>>| x.and_then(|s| s.as_deref()).and_then(parse_date);
        out.push(RosterRow {
            student_no: v.student_no.clone(),
            name: v.name.clone(),
            class: v.class.clone(),
            counsellor: v.counsellor.clone(),
            level: f.level.clone(),
            reason: f.note.clone(),
            since: f.since,
            last_talk: day(m.map(|m| &m.last_talk_on)),
            last_home_visit: day(m.map(|m| &m.last_home_visit_on)),
        });
    }
    let levels = kind.levels();
    let rank = |l: &Option<String>| {
        l.as_deref()
            .and_then(|l| levels.iter().position(|x| *x == l))
            .unwrap_or(levels.len())
    };
    out.sort_by(|a, b| {
        let last = |r: &RosterRow| match which {
            Roster::KeyConcern => r.last_talk,
            Roster::Financial => r.last_home_visit,
        };
        rank(&a.level)
            .cmp(&rank(&b.level))
            .then(last(a).cmp(&last(b)))
            .then(a.student_no.cmp(&b.student_no))
    });
    Ok(out)
}
