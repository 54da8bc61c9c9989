//! Reading patrols as the actor may: what is due (the 14-day rule, open
//! follow-ups, unreported hazards), past patrols, the buildings one may
//! walk, a patrol and where a room comes in it.

use std::collections::HashMap;

use super::App;
use super::patrols::{Summary, my_rooms, summary};
use super::policy::{Action, Kind, Relation, allows, relation, relation_to};
use super::students::StudentView;
use crate::domain::clock::from_db;
use crate::domain::patrol::{PatrolRecord, RoomDue, room_due};
use crate::domain::staff::{Role, Staff};
use crate::domain::student::Gender;
use crate::error::{Error, Msg, Result};
use crate::msg;
use crate::store::dorm::{self, DormRoom};
use crate::store::patrols::{self, FollowUpRecord};
use crate::store::students;

/// Which presence rows (who was in, out, on leave) the actor may read: a
/// row stands as its student does ([`Kind::Patrol`]); the one who walked a
/// patrol reads all of it.
pub(crate) struct PresenceScope {
    actor: Staff,
    /// `None`: every row (a school-wide reader).
    students: Option<HashMap<i64, (i64, Option<i64>)>>,
}

impl PresenceScope {
    pub fn load(app: &App) -> Result<PresenceScope> {
        let actor = app.actor.clone();
        let everywhere = allows(&actor, Kind::Patrol, Action::View, Relation::Outside);
        let students = if everywhere {
            None
        } else {
            Some(students::scopes(app.store.conn())?)
        };
        Ok(PresenceScope { actor, students })
    }

    /// May the actor read the presence of `student_id` in a patrol `walker` walked?
    pub fn sees(&self, walker: i64, student_id: i64) -> bool {
        let Some(all) = &self.students else {
            return true;
        };
        if walker == self.actor.id {
            return true;
        }
        all.get(&student_id).is_some_and(|(college, counsellor)| {
            let own = self.actor.has(Role::Counsellor) && *counsellor == Some(self.actor.id);
            let rel = relation_to(&self.actor, own, &[*college]);
            allows(&self.actor, Kind::Patrol, Action::View, rel)
        })
    }
}

/// `dorm.biweekly` for the actor: every room housing their students, with
/// how it stands (overdue first).
pub fn biweekly(app: &App) -> Result<Vec<(DormRoom, RoomDue)>> {
    let conn = app.store.conn();
    let mine = my_rooms(app)?;
    let last = patrols::last_checked(conn, mine.iter().copied())?;
    let now = app.now();
    let cl = &app.assets.checklist;
    // the actor's rooms one by one, not every room of the school
    let mut rooms = Vec::with_capacity(mine.len());
    for id in &mine {
        if let Some(r) = dorm::room(conn, *id)? {
            rooms.push(r);
        }
    }
    let mut out: Vec<(DormRoom, RoomDue)> = rooms
        .into_iter()
        .map(|r| {
            let due = room_due(
                last.get(&r.id).and_then(|t| from_db(t)),
                now,
                cl.biweekly_days,
                app.assets.calendar.utc_offset_hours,
            );
            (r, due)
        })
        .collect();
    out.sort_by_key(|(r, d)| {
        (
            matches!(d, RoomDue::Checked { .. }),
            r.building.clone(),
            r.number.clone(),
        )
    });
    Ok(out)
}

/// Open follow-ups the actor is concerned with, each with whether it is
/// overdue (`dorm.absence-followup`).
pub fn open_follow_ups(app: &App) -> Result<Vec<(FollowUpRecord, bool)>> {
    let conn = app.store.conn();
    let now = app.now();
    let mut out = Vec::new();
    for f in patrols::open_follow_ups(conn)? {
        let Some(rec) = students::by_id(conn, f.student_id)? else {
            continue;
        };
        if !allows(
            &app.actor,
            Kind::FollowUp,
            Action::View,
            relation(&app.actor, &rec),
        ) {
            continue;
        }
        let overdue = from_db(&f.due_at).is_some_and(|d| d < now);
        out.push((f, overdue));
    }
    Ok(out)
}

/// Hazards the actor found and has not reported yet (`dorm.hazard-report`).
pub fn unreported_hazards(app: &App) -> Result<Vec<patrols::OpenHazard>> {
    patrols::unreported_hazards(app.store.conn(), app.actor.id)
}

/// Recent patrols with their summaries (exceptions included), newest first.
pub fn history(app: &App, limit: i64) -> Result<Vec<(PatrolRecord, Summary)>> {
    if !allows(&app.actor, Kind::Patrol, Action::View, Relation::InScope) {
        return Err(Error::Refused(msg!(
            "err.denied.patrol_read",
            login = &app.actor.login
        )));
    }
    let scope = PresenceScope::load(app)?;
    let mut out = Vec::new();
    for p in patrols::recent(app.store.conn(), limit)? {
        let mut s = summary(app, p.id)?;
        s.absent.retain(|(id, _, _)| scope.sees(p.staff_id, *id));
        s.late.retain(|(id, _)| scope.sees(p.staff_id, *id));
        out.push((p, s));
    }
    Ok(out)
}

/// The buildings one may patrol: (id, name), in walking order (1号楼, 2号楼
/// … 10号楼, not 1, 10, 100, 2).
pub fn buildings(app: &App) -> Result<Vec<(i64, String)>> {
    let mut b: Vec<(i64, String)> = dorm::buildings(app.store.conn())?
        .into_iter()
        .map(|(id, n, _)| (id, n))
        .collect();
    b.sort_by(|a, b| crate::domain::patrol::walk_order((&None, &a.1), (&None, &b.1)));
    Ok(b)
}

/// The actor's patrol left unfinished, if any.
pub fn unfinished(app: &App) -> Result<Option<PatrolRecord>> {
    Ok(patrols::unfinished(app.store.conn(), app.actor.id)?
        .into_iter()
        .next())
}

/// A patrol the actor walked, or may read.
pub fn get(app: &App, patrol_id: i64) -> Result<PatrolRecord> {
    let p = patrols::get(app.store.conn(), patrol_id)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.patrol", id = patrol_id)))?;
    if p.staff_id != app.actor.id
        && !allows(&app.actor, Kind::Patrol, Action::View, Relation::InScope)
    {
        return Err(Error::Refused(msg!(
            "err.denied.patrol_read",
            login = &app.actor.login
        )));
    }
    Ok(p)
}

/// Where room `number` comes in the walk of a patrol (0-based), if it does.
pub fn position_of_room(app: &App, patrol_id: i64, number: &str) -> Result<Option<usize>> {
    let walk = get(app, patrol_id)?.rooms;
    let rooms = dorm::rooms(app.store.conn())?;
    Ok(walk.iter().position(|id| {
        rooms
            .iter()
            .any(|x| x.id == *id && x.number == number.trim())
    }))
}

/// Where a room of a walk stands in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reached {
    /// Not reached yet.
    Pending,
    /// Checked (saved with its marks).
    Done,
    /// Skipped, with a reason.
    Skipped,
}

/// One room of a walk, for the overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkRoom {
    /// Its place in the walk (0-based).
    pub seq: usize,
    pub number: String,
    pub floor: Option<i32>,
    pub reached: Reached,
}

/// Every room of a patrol in walking order, with where it stands.
pub fn walk(app: &App, patrol_id: i64) -> Result<Vec<WalkRoom>> {
    let p = get(app, patrol_id)?;
    let conn = app.store.conn();
    let checks = patrols::checks_of_patrol(conn, patrol_id)?;
    let rooms: HashMap<i64, DormRoom> = dorm::rooms(conn)?.into_iter().map(|r| (r.id, r)).collect();
    Ok(p.rooms
        .iter()
        .enumerate()
        .map(|(seq, id)| {
            let room = rooms.get(id);
            WalkRoom {
                seq,
                number: room.map(|r| r.number.clone()).unwrap_or_default(),
                floor: room.and_then(|r| r.floor),
                reached: match checks.get(id) {
                    None => Reached::Pending,
                    Some(c) if c.skipped_reason.is_some() => Reached::Skipped,
                    Some(_) => Reached::Done,
                },
            }
        })
        .collect())
}

/// What is odd about adding `student` to `room` as found there without a
/// bed: a student of the other gender than the room's, or one who lives in
/// another building (or has no bed at all). Empty when nothing is.
pub fn found_elsewhere(room: &DormRoom, student: &StudentView) -> Vec<Msg> {
    let mut out = Vec::new();
    if let (Some(rg), Some(g)) = (room.gender, student.gender)
        && rg != g
    {
        let word = |g: Gender| match g {
            Gender::Male => "patrol.gender_m",
            Gender::Female => "patrol.gender_f",
        };
        out.push(
            msg!(
                "patrol.warn_gender",
                name = &student.name,
                room = &room.number
            )
            .label("gender", word(g))
            .label("room_gender", word(rg)),
        );
    }
    match &student.dorm {
        Some(d) if d.building != room.building => out.push(msg!(
            "patrol.warn_building",
            name = &student.name,
            lives = d.room_key(),
            building = &room.building
        )),
        None => out.push(msg!("patrol.warn_no_bed", name = &student.name)),
        Some(_) => {}
    }
    out
}
