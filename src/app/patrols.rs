//! Dorm patrols as a person performs them: start a walk, check a room,
//! skip one, finish with a summary that raises follow-ups, close
//! follow-ups, report hazards; and the biweekly rule per counsellor.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde_json::json;

use super::App;
use super::policy::{Action, Kind, Relation, allows, relation};
use super::students::{StudentView, view_of};
use crate::domain::clock::{from_db, to_db};
use crate::domain::patrol::{PatrolKind, Presence, follow_up_due, too_fast, walk_order};
use crate::error::{Error, Msg, Result};
use crate::msg;
use crate::store::dorm::{self, DormRoom};
use crate::store::patrols::{
    self, HazardMark, PatrolRecord, PresenceMark, RoomCheck, RoomCheckInput,
};
use crate::store::{AuditEntry, students};

/// Which rooms of the building a patrol walks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Building,
    Floors(Vec<i32>),
    /// Rooms housing the actor's own students.
    MyStudents,
}

impl Scope {
    pub fn code(&self) -> String {
        match self {
            Scope::Building => "building".into(),
            Scope::Floors(f) => format!(
                "floors:{}",
                f.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Scope::MyStudents => "my_students".into(),
        }
    }
}

fn patrol_allowed(app: &App) -> Result<()> {
    if allows(&app.actor, Kind::Patrol, Action::Edit, Relation::InScope)
        || allows(&app.actor, Kind::Patrol, Action::Edit, Relation::Own)
    {
        Ok(())
    } else {
        Err(Error::Refused(msg!(
            "err.denied.patrol_walk",
            login = &app.actor.login
        )))
    }
}

/// Starts a patrol of a building; rooms are walked floor by floor.
pub fn start(app: &mut App, building_id: i64, scope: Scope, kind: PatrolKind) -> Result<i64> {
    patrol_allowed(app)?;
    let conn = app.store.conn();
    let mut rooms: Vec<DormRoom> = dorm::rooms(conn)?
        .into_iter()
        .filter(|r| r.building_id == building_id)
        .collect();
    if rooms.is_empty() {
        return Err(Error::Data(Msg::new("err.patrol.no_rooms")));
    }
    match &scope {
        Scope::Building => {}
        Scope::Floors(f) => rooms.retain(|r| r.floor.is_some_and(|x| f.contains(&x))),
        Scope::MyStudents => {
            let mine: HashSet<i64> = my_rooms(app)?;
            rooms.retain(|r| mine.contains(&r.id));
        }
    }
    if rooms.is_empty() {
        return Err(Error::Data(Msg::new("err.patrol.empty_scope")));
    }
    rooms.sort_by(|a, b| walk_order((&a.floor, &a.number), (&b.floor, &b.number)));
    let ids: Vec<i64> = rooms.iter().map(|r| r.id).collect();
    let (login, staff, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let at = to_db(now);
    let scope_code = scope.code();
    app.store.write(&login, now, |tx| {
        let id = patrols::create(tx, kind, building_id, &scope_code, staff, &at, &ids)?;
        let e = AuditEntry::new(
            "patrol.start",
            "patrol",
            Some(id.to_string()),
            json!({"kind": kind.code(), "scope": scope_code, "rooms": ids.len()}),
        );
        Ok((id, vec![e]))
    })
}

/// Buildings housing the actor's own students.
pub fn my_buildings(app: &App) -> Result<HashSet<i64>> {
    let rooms = my_rooms(app)?;
    Ok(dorm::rooms(app.store.conn())?
        .into_iter()
        .filter(|r| rooms.contains(&r.id))
        .map(|r| r.building_id)
        .collect())
}

/// Rooms housing the actor's own students.
pub(super) fn my_rooms(app: &App) -> Result<HashSet<i64>> {
    dorm::rooms_of_counsellor(app.store.conn(), app.actor.id)
}

/// One bed as the room screen shows it.
#[derive(Debug, Clone)]
pub struct BedLine {
    pub bed: String,
    pub student: Option<StudentView>,
    /// Approved leave or off-campus registration standing today: (kind, note).
    pub absence: Option<(String, Option<String>)>,
}

/// Everything the room screen needs.
#[derive(Debug, Clone)]
pub struct RoomScreen {
    pub patrol: PatrolRecord,
    pub seq: usize,
    pub room: DormRoom,
    pub beds: Vec<BedLine>,
    /// This patrol's saved check of the room, if it was checked already.
    pub current: Option<RoomCheck>,
    /// The latest check of this room by another patrol (someone else
    /// walking the same building): (saved_at, staff).
    pub other: Option<(String, String)>,
    /// The room's latest checks (its history).
    pub history: Vec<patrols::RoomHistoryLine>,
}

fn patrol_of(app: &App, id: i64) -> Result<PatrolRecord> {
    patrols::get(app.store.conn(), id)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.patrol", id = id)))
}

/// The room at position `seq` of a patrol.
pub fn room(app: &App, patrol_id: i64, seq: usize) -> Result<RoomScreen> {
    let conn = app.store.conn();
    let patrol = patrol_of(app, patrol_id)?;
    let room_id = *patrol
        .rooms
        .get(seq)
        .ok_or_else(|| Error::Data(msg!("err.patrol.no_seq", n = patrol.rooms.len())))?;
    let room = dorm::room(conn, room_id)?.ok_or_else(|| {
        Error::Data(Msg::new("err.not_found.gone").label("what", "err.what.room"))
    })?;
    let today = app.today().to_string();
    let absences = patrols::absences_on(conn, &today)?;
    let mut rows = dorm::beds_of_room(conn, room_id)?;
    rows.sort_by_key(|(l, _)| (l.parse::<u32>().unwrap_or(u32::MAX), l.clone()));
    let mut beds = Vec::new();
    for (bed, sid) in rows {
        let student = match sid {
            Some(id) => students::by_id(conn, id)?.and_then(|r| view_of(&app.actor, &r)),
            None => None,
        };
        let absence = sid.and_then(|id| absences.get(&id).cloned());
        beds.push(BedLine {
            bed,
            student,
            absence,
        });
    }
    // grades and skip reasons shown in the interface's language
    let cl = &app.assets.checklist;
    let current = patrols::current_check(conn, patrol_id, room_id)?.map(|mut c| {
        c.hygiene = c.hygiene.map(|h| cl.shown_grade(&h).to_string());
        c.skipped_reason = c
            .skipped_reason
            .map(|r| cl.shown_skip_reason(&r).to_string());
        c
    });
    let other = patrols::last_other_check(conn, room_id, patrol_id)?;
    let history = patrols::room_history(conn, room_id, 3)?
        .into_iter()
        .map(|(at, h, skip, who)| {
            (
                at,
                h.map(|h| cl.shown_grade(&h).to_string()),
                skip.map(|r| cl.shown_skip_reason(&r).to_string()),
                who,
            )
        })
        .collect();
    Ok(RoomScreen {
        patrol,
        seq,
        room,
        beds,
        current,
        other,
        history,
    })
}

/// What a person marked in a room.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoomMarks {
    pub entered_at: Option<DateTime<Utc>>,
    pub hygiene: Option<String>,
    pub note: Option<String>,
    pub skipped_reason: Option<String>,
    pub presence: Vec<PresenceMark>,
    pub hazards: Vec<HazardMark>,
}

/// Saves the room (leaving it saves it) and moves the patrol's position:
/// one transaction, one audit entry.
pub fn save_room(app: &mut App, patrol_id: i64, seq: usize, marks: &RoomMarks) -> Result<i64> {
    patrol_allowed(app)?;
    let patrol = patrols::for_save(app.store.conn(), patrol_id, seq as i64)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.patrol", id = patrol_id)))?;
    if patrol.staff_id != app.actor.id {
        return Err(Error::Refused(Msg::new("err.denied.patrol_other")));
    }
    if patrol.finished {
        return Err(Error::Data(Msg::new("err.patrol.finished_read_only")));
    }
    let room_id = patrol
        .room_id
        .ok_or_else(|| Error::Data(msg!("err.patrol.no_seq", n = patrol.rooms)))?;
    let cl = &app.assets.checklist;
    // grades and skip reasons are stored as the checklist file writes
    // them, whichever language they were chosen in
    let hygiene = match &marks.hygiene {
        Some(h) => Some(
            cl.stored_grade(h)
                .ok_or_else(|| {
                    Error::Data(msg!(
                        "err.patrol.bad_hygiene",
                        grade = h,
                        choices = cl.hygiene.join("、")
                    ))
                })?
                .to_string(),
        ),
        None => None,
    };
    let skipped_reason = marks
        .skipped_reason
        .as_deref()
        .map(|r| cl.stored_skip_reason(r));
    for h in &marks.hazards {
        if cl.hazard(&h.hazard).is_none() {
            return Err(Error::Data(msg!(
                "err.patrol.bad_hazard",
                hazard = &h.hazard
            )));
        }
    }
    if marks
        .skipped_reason
        .as_deref()
        .is_some_and(|r| r.trim().is_empty())
    {
        return Err(Error::Data(Msg::new("err.patrol.skip_reason")));
    }
    let mut seen = HashSet::new();
    if marks.presence.iter().any(|m| !seen.insert(m.student_id)) {
        return Err(Error::Data(Msg::new("err.patrol.marked_twice")));
    }
    let (login, staff, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let saved_at = to_db(now);
    let input = RoomCheckInput {
        patrol_id,
        room_id,
        staff_id: staff,
        entered_at: to_db(marks.entered_at.unwrap_or(now)),
        saved_at: saved_at.clone(),
        hygiene,
        note: marks.note.clone().filter(|n| !n.trim().is_empty()),
        skipped_reason,
        presence: marks.presence.clone(),
        hazards: marks.hazards.clone(),
    };
    app.store.write(&login, now, |tx| {
        let id = patrols::save_check(tx, &input)?;
        patrols::set_position(tx, patrol_id, seq as i64)?;
        let absent = input.presence.iter().filter(|m| m.status.needs_follow_up()).count();
        let e = AuditEntry::new(
            if input.skipped_reason.is_some() { "patrol.skip" } else { "patrol.room" },
            "room_check",
            Some(id.to_string()),
            json!({"patrol": patrol_id, "room": room_id, "marked": input.presence.len(), "absent": absent,
                   "hazards": input.hazards.len(), "skipped": input.skipped_reason}),
        );
        Ok((id, vec![e]))
    })
}

/// The outcome of a patrol, as the finish screen and the history show it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub rooms: usize,
    pub checked: usize,
    /// (room number, reason)
    pub skipped: Vec<(String, String)>,
    /// Rooms never reached.
    pub unvisited: Vec<String>,
    /// Rooms checked faster than the checklist allows: (room, seconds).
    pub too_fast: Vec<(String, i64)>,
    /// (student id, status, room) of everyone out overnight or
    /// unaccounted for (the room, as 晚归 names it too).
    pub absent: Vec<(i64, Presence, String)>,
    /// (room, hazard id)
    pub hazards: Vec<(String, String)>,
    pub follow_ups_raised: usize,
    /// (student id, room) of everyone back late (晚归).
    pub late: Vec<(i64, String)>,
    /// (room, grade as shown) of rooms graded below the second grade (良).
    pub poor_hygiene: Vec<(String, String)>,
    /// (room, note) of every room written a note, skipped ones too.
    pub notes: Vec<(String, String)>,
}

/// Computes the summary of a patrol from what was saved.
pub fn summary(app: &App, patrol_id: i64) -> Result<Summary> {
    let conn = app.store.conn();
    let patrol = patrol_of(app, patrol_id)?;
    let checks = patrols::checks_of_patrol(conn, patrol_id)?;
    let numbers: HashMap<i64, String> = dorm::rooms(conn)?
        .into_iter()
        .map(|r| (r.id, r.number))
        .collect();
    let name = |id: &i64| numbers.get(id).cloned().unwrap_or_default();
    let mut s = Summary {
        rooms: patrol.rooms.len(),
        ..Summary::default()
    };
    for rid in &patrol.rooms {
        let Some(c) = checks.get(rid) else {
            s.unvisited.push(name(rid));
            continue;
        };
        if let Some(note) = c.note.as_ref().filter(|n| !n.trim().is_empty()) {
            s.notes.push((name(rid), note.clone()));
        }
        if let Some(reason) = &c.skipped_reason {
            s.skipped.push((name(rid), reason.clone()));
            continue;
        }
        s.checked += 1;
        if let (Some(a), Some(b)) = (from_db(&c.entered_at), from_db(&c.saved_at)) {
            let secs = (b - a).num_seconds();
            if too_fast(secs, &app.assets.checklist) {
                s.too_fast.push((name(rid), secs));
            }
        }
        for m in c.presence.iter().filter(|m| m.status.needs_follow_up()) {
            s.absent.push((m.student_id, m.status, name(rid)));
        }
        for h in &c.hazards {
            s.hazards.push((name(rid), h.mark.hazard.clone()));
        }
        for m in c.presence.iter().filter(|m| m.status == Presence::Late) {
            s.late.push((m.student_id, name(rid)));
        }
        let cl = &app.assets.checklist;
        if let Some(h) = c.hygiene.as_deref().filter(|h| cl.below_good(h)) {
            s.poor_hygiene
                .push((name(rid), cl.shown_grade(h).to_string()));
        }
    }
    Ok(s)
}

/// Finishes a patrol: every student out overnight or unaccounted for
/// becomes a follow-up for their counsellor, due by the end of the night.
pub fn finish(app: &mut App, patrol_id: i64) -> Result<Summary> {
    patrol_allowed(app)?;
    let patrol = patrol_of(app, patrol_id)?;
    if patrol.staff_id != app.actor.id {
        return Err(Error::Refused(Msg::new("err.denied.patrol_finish")));
    }
    let mut s = summary(app, patrol_id)?;
    let conn = app.store.conn();
    let checks = patrols::checks_of_patrol(conn, patrol_id)?;
    let mut raise = Vec::new();
    for c in checks.values().filter(|c| c.skipped_reason.is_none()) {
        for m in c.presence.iter().filter(|m| m.status.needs_follow_up()) {
            let counsellor = students::by_id(conn, m.student_id)?.and_then(|r| r.counsellor_id);
            raise.push((c.id, m.student_id, m.status, counsellor, c.saved_at.clone()));
        }
    }
    let night_end = app.assets.checklist.night_end().unwrap_or_default();
    let offset = app.assets.calendar.utc_offset_hours;
    let (login, staff, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let at = to_db(now);
    let n = app.store.write(&login, now, |tx| {
        patrols::finish(tx, patrol_id, &at)?;
        let mut entries = Vec::new();
        let mut n = 0;
        for (check, student, status, counsellor, saved) in &raise {
            let raised = from_db(saved).unwrap_or(now);
            let due = to_db(follow_up_due(raised, night_end, offset));
            if let Some(id) = patrols::raise_follow_up(
                tx,
                *check,
                *student,
                *status,
                *counsellor,
                staff,
                &at,
                &due,
            )? {
                n += 1;
                entries.push(AuditEntry::new(
                    "followup.raise",
                    "follow_up",
                    Some(id.to_string()),
                    json!({"student": student, "status": status.code(), "due": due}),
                ));
            }
        }
        entries.push(AuditEntry::new(
            "patrol.finish",
            "patrol",
            Some(patrol_id.to_string()),
            json!({"follow_ups": n}),
        ));
        Ok((n, entries))
    })?;
    s.follow_ups_raised = n;
    Ok(s)
}

/// How a follow-up ends (`dorm.absence-followup`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The student was reached; why they were out.
    Reached { reason: String },
    /// Not reached: escalated to whom, when, and what was done.
    Escalated {
        to: String,
        at: DateTime<Utc>,
        note: String,
    },
}

pub fn close_follow_up(app: &mut App, id: i64, outcome: Outcome) -> Result<()> {
    let conn = app.store.conn();
    let f = patrols::follow_up(conn, id)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.follow_up", id = id)))?;
    let rec = students::by_id(conn, f.student_id)?.ok_or_else(|| {
        Error::Data(Msg::new("err.not_found.gone").label("what", "err.what.student"))
    })?;
    if !allows(
        &app.actor,
        Kind::FollowUp,
        Action::Edit,
        relation(&app.actor, &rec),
    ) {
        return Err(Error::Refused(Msg::new("err.denied.follow_up")));
    }
    let (kind, text, esc) = match &outcome {
        Outcome::Reached { reason } => ("reached", reason.trim().to_string(), None),
        Outcome::Escalated { to, at, note } => (
            "escalated",
            note.trim().to_string(),
            Some((to.trim().to_string(), to_db(*at))),
        ),
    };
    if text.is_empty() {
        return Err(Error::Data(Msg::new("err.patrol.follow_up_reason")));
    }
    if esc.as_ref().is_some_and(|(to, _)| to.is_empty()) {
        return Err(Error::Data(Msg::new("err.patrol.escalated_to")));
    }
    let (login, staff, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let at = to_db(now);
    app.store.write(&login, now, |tx| {
        patrols::close_follow_up(
            tx,
            id,
            kind,
            &text,
            esc.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
            staff,
            &at,
        )?;
        Ok((
            (),
            vec![AuditEntry::new(
                "followup.close",
                "follow_up",
                Some(id.to_string()),
                json!({"outcome": kind}),
            )],
        ))
    })
}

/// Marks a hazard reported to the office and college leader (`dorm.hazard-report`).
pub fn report_hazard(app: &mut App, hazard_id: i64, to: &str) -> Result<()> {
    patrol_allowed(app)?;
    if to.trim().is_empty() {
        return Err(Error::Data(Msg::new("err.patrol.hazard_to")));
    }
    let (login, now) = (app.actor.login.clone(), app.now());
    let at = to_db(now);
    let to = to.trim().to_string();
    app.store.write(&login, now, |tx| {
        patrols::report_hazard(tx, hazard_id, &to, &at)?;
        Ok((
            (),
            vec![AuditEntry::new(
                "hazard.report",
                "room_hazard",
                Some(hazard_id.to_string()),
                json!({"to": to}),
            )],
        ))
    })
}

/// Records approved leave or registered off-campus living, so the room
/// screen shows it before the check.
pub fn record_absence(
    app: &mut App,
    student_no: &str,
    kind: &str,
    from: chrono::NaiveDate,
    to: Option<chrono::NaiveDate>,
    note: Option<&str>,
) -> Result<i64> {
    if !matches!(kind, "leave" | "off_campus") {
        return Err(Error::Usage(msg!("err.patrol.absence_kind", kind = kind)));
    }
    if to.is_some_and(|t| t < from) {
        return Err(Error::Usage(Msg::new("err.patrol.to_before_from")));
    }
    let conn = app.store.conn();
    let id = students::id_by_number(conn, student_no)?;
    let id = id.ok_or_else(|| Error::Data(msg!("err.not_found.student", no = student_no)))?;
    let rec = students::by_id(conn, id)?.ok_or_else(|| {
        Error::Data(Msg::new("err.not_found.gone").label("what", "err.what.student"))
    })?;
    if !allows(
        &app.actor,
        Kind::Absence,
        Action::Edit,
        relation(&app.actor, &rec),
    ) {
        return Err(Error::Refused(msg!(
            "err.denied.absence",
            login = &app.actor.login,
            no = student_no
        )));
    }
    let (login, staff, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let at = to_db(now);
    let (from_s, to_s) = (from.to_string(), to.map(|t| t.to_string()));
    app.store.write(&login, now, |tx| {
        let aid = patrols::add_absence(tx, id, kind, &from_s, to_s.as_deref(), note, staff, &at)?;
        let e = AuditEntry::new(
            "absence.add",
            "student",
            Some(student_no.to_string()),
            json!({"kind": kind, "from": from_s, "to": to_s}),
        );
        Ok((aid, vec![e]))
    })
}

pub(crate) use super::patrol_reads::PresenceScope;
pub use super::patrol_reads::{
    Reached, WalkRoom, biweekly, buildings, found_elsewhere, get, history, open_follow_ups,
    position_of_room, unfinished, unreported_hazards, walk,
};
