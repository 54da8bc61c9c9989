//! Patrols, room checks, presence, hazards, follow-ups and absences.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::patrol::{PatrolKind, Presence};
use crate::error::{Error, Msg, Result};

pub(crate) use crate::domain::patrol::{
    FollowUpRecord, HazardFound, HazardMark, OpenHazard, PatrolRecord, PresenceLine, PresenceMark,
    RoomCheck,
};

/// What leaving a room saves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RoomCheckInput {
    pub patrol_id: i64,
    pub room_id: i64,
    pub staff_id: i64,
    pub entered_at: String,
    pub saved_at: String,
    pub hygiene: Option<String>,
    pub note: Option<String>,
    pub skipped_reason: Option<String>,
    pub presence: Vec<PresenceMark>,
    pub hazards: Vec<HazardMark>,
}

fn patrol_kind(s: String) -> rusqlite::Result<PatrolKind> {
    PatrolKind::from_code(&s)
        .ok_or_else(|| rusqlite::Error::InvalidColumnType(1, s, rusqlite::types::Type::Text))
}

pub(crate) fn create(
    tx: &Connection,
    kind: PatrolKind,
    building_id: i64,
    scope: &str,
    staff_id: i64,
    at: &str,
    rooms: &[i64],
) -> Result<i64> {
    if rooms.is_empty() {
        return Err(Error::Data(Msg::new("err.patrol.needs_room")));
    }
    tx.execute(
        "INSERT INTO patrols(kind, building_id, scope, staff_id, started_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![kind.code(), building_id, scope, staff_id, at],
    )?;
    let id = tx.last_insert_rowid();
    let mut ins =
        tx.prepare_cached("INSERT INTO patrol_rooms(patrol_id, seq, room_id) VALUES (?1, ?2, ?3)")?;
    for (i, r) in rooms.iter().enumerate() {
        ins.execute(params![id, i as i64, r])?;
    }
    Ok(id)
}

const PATROL_SELECT: &str =
    "SELECT p.id, p.kind, p.building_id, b.name, p.scope, p.staff_id, s.name, p.started_at,
        p.finished_at, p.position
    FROM patrols p JOIN buildings b ON b.id = p.building_id JOIN staff s ON s.id = p.staff_id";

fn patrol_rows(
    conn: &Connection,
    sql: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<PatrolRecord>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut out: Vec<PatrolRecord> = stmt
        .query_map(args, |r| {
            Ok(PatrolRecord {
                id: r.get(0)?,
                kind: patrol_kind(r.get(1)?)?,
                building_id: r.get(2)?,
                building: r.get(3)?,
                scope: r.get(4)?,
                staff_id: r.get(5)?,
                staff: r.get(6)?,
                started_at: r.get(7)?,
                finished_at: r.get(8)?,
                position: r.get(9)?,
                rooms: Vec::new(),
            })
        })?
        .collect::<std::result::Result<_, _>>()?;
    let mut rooms =
        conn.prepare_cached("SELECT room_id FROM patrol_rooms WHERE patrol_id = ?1 ORDER BY seq")?;
    for p in out.iter_mut() {
        p.rooms = rooms
            .query_map([p.id], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
    }
    Ok(out)
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<Option<PatrolRecord>> {
    Ok(patrol_rows(conn, &format!("{PATROL_SELECT} WHERE p.id = ?1"), [id])?.pop())
}

/// What saving a patrol's room is decided on: who walks it, whether it is
/// finished, the room at `seq` (`None` past the last) and how many rooms it
/// has — by key, where [`get`] reads the patrol with all its rooms.
pub(crate) struct ForSave {
    pub staff_id: i64,
    pub finished: bool,
    pub room_id: Option<i64>,
    pub rooms: i64,
}

pub(crate) fn for_save(conn: &Connection, id: i64, seq: i64) -> Result<Option<ForSave>> {
    use rusqlite::OptionalExtension;
    // a patrol's every step: prepared once
    Ok(conn
        .prepare_cached(
            "SELECT p.staff_id, p.finished_at IS NOT NULL,
                    (SELECT room_id FROM patrol_rooms WHERE patrol_id = p.id AND seq = ?2),
                    (SELECT count(*) FROM patrol_rooms WHERE patrol_id = p.id)
             FROM patrols p WHERE p.id = ?1",
        )?
        .query_row(params![id, seq], |r| {
            Ok(ForSave {
                staff_id: r.get(0)?,
                finished: r.get(1)?,
                room_id: r.get(2)?,
                rooms: r.get(3)?,
            })
        })
        .optional()?)
}

/// A staff member's unfinished patrols, newest first (to resume).
pub(crate) fn unfinished(conn: &Connection, staff_id: i64) -> Result<Vec<PatrolRecord>> {
    patrol_rows(
        conn,
        &format!(
            "{PATROL_SELECT} WHERE p.staff_id = ?1 AND p.finished_at IS NULL ORDER BY p.started_at DESC"
        ),
        [staff_id],
    )
}

/// Patrols started in [from, to) (RFC 3339 bounds), oldest first.
pub(crate) fn between(conn: &Connection, from: &str, to: &str) -> Result<Vec<PatrolRecord>> {
    patrol_rows(
        conn,
        &format!(
            "{PATROL_SELECT} WHERE p.started_at >= ?1 AND p.started_at < ?2 ORDER BY p.started_at, p.id"
        ),
        [from, to],
    )
}

/// Where the patrol stands; a patrol already there is left as it is (no
/// write, so the patrol and its rooms are not hashed again for the trail).
pub(crate) fn set_position(tx: &Connection, patrol_id: i64, position: i64) -> Result<()> {
    tx.prepare_cached("UPDATE patrols SET position = ?2 WHERE id = ?1 AND position IS NOT ?2")?
        .execute(params![patrol_id, position])?;
    Ok(())
}

pub(crate) fn finish(tx: &Connection, patrol_id: i64, at: &str) -> Result<()> {
    let n = tx.execute(
        "UPDATE patrols SET finished_at = ?2 WHERE id = ?1 AND finished_at IS NULL",
        params![patrol_id, at],
    )?;
    if n == 0 {
        return Err(Error::Data(Msg::new("err.patrol.already_finished")));
    }
    Ok(())
}

/// Saves a room check. A room checked again in the same patrol gets a new
/// version; the old one is kept, marked superseded.
pub(crate) fn save_check(tx: &Connection, c: &RoomCheckInput) -> Result<i64> {
    // a save is a patrol's every step: each statement prepared once
    let old: Option<i64> = tx
        .prepare_cached(
            "SELECT id FROM room_checks WHERE patrol_id = ?1 AND room_id = ?2 AND superseded_by IS NULL",
        )?
        .query_row(params![c.patrol_id, c.room_id], |r| r.get(0))
        .optional()?;
    let mut supersede =
        tx.prepare_cached("UPDATE room_checks SET superseded_by = ?2 WHERE id = ?1")?;
    // the partial unique index allows one current version: retire the old
    // first (pointing at itself, a valid key), then at its successor
    if let Some(old) = old {
        supersede.execute(params![old, old])?;
    }
    tx.prepare_cached(
        "INSERT INTO room_checks(patrol_id, room_id, staff_id, entered_at, saved_at, hygiene, note, skipped_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![c.patrol_id, c.room_id, c.staff_id, c.entered_at, c.saved_at, c.hygiene, c.note, c.skipped_reason])?;
    let id = tx.last_insert_rowid();
    if let Some(old) = old {
        supersede.execute(params![old, id])?;
    }
    let mut p = tx.prepare_cached("INSERT INTO presence(check_id, student_id, status, note, in_roster) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for m in &c.presence {
        p.execute(params![
            id,
            m.student_id,
            m.status.code(),
            m.note,
            m.in_roster as i64
        ])?;
    }
    let mut h =
        tx.prepare_cached("INSERT INTO room_hazards(check_id, hazard, note) VALUES (?1, ?2, ?3)")?;
    for m in &c.hazards {
        h.execute(params![id, m.hazard, m.note])?;
    }
    Ok(id)
}

fn checks(conn: &Connection, where_: &str, args: impl rusqlite::Params) -> Result<Vec<RoomCheck>> {
    let sql = format!(
        "SELECT c.id, c.patrol_id, c.room_id, c.staff_id, s.name, c.entered_at, c.saved_at, c.hygiene, c.note, c.skipped_reason
         FROM room_checks c JOIN staff s ON s.id = c.staff_id WHERE {where_}"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut out: Vec<RoomCheck> = stmt
        .query_map(args, |r| {
            Ok(RoomCheck {
                id: r.get(0)?,
                patrol_id: r.get(1)?,
                room_id: r.get(2)?,
                staff_id: r.get(3)?,
                staff: r.get(4)?,
                entered_at: r.get(5)?,
                saved_at: r.get(6)?,
                hygiene: r.get(7)?,
                note: r.get(8)?,
                skipped_reason: r.get(9)?,
                presence: Vec::new(),
                hazards: Vec::new(),
            })
        })?
        .collect::<std::result::Result<_, _>>()?;
    let mut p = conn.prepare_cached("SELECT student_id, status, note, in_roster FROM presence WHERE check_id = ?1 ORDER BY rowid")?;
    let mut h = conn.prepare_cached("SELECT id, hazard, note, reported_to, reported_at FROM room_hazards WHERE check_id = ?1 ORDER BY id")?;
    for c in out.iter_mut() {
        c.presence = p
            .query_map([c.id], |r| {
                let s: String = r.get(1)?;
                Ok(PresenceMark {
                    student_id: r.get(0)?,
                    status: Presence::from_code(&s).ok_or_else(|| {
                        rusqlite::Error::InvalidColumnType(1, s, rusqlite::types::Type::Text)
                    })?,
                    note: r.get(2)?,
                    in_roster: r.get::<_, i64>(3)? != 0,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        c.hazards = h
            .query_map([c.id], |r| {
                Ok(HazardFound {
                    id: r.get(0)?,
                    mark: HazardMark {
                        hazard: r.get(1)?,
                        note: r.get(2)?,
                    },
                    reported_to: r.get(3)?,
                    reported_at: r.get(4)?,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
    }
    Ok(out)
}

/// The current check of every room of a patrol, by room.
pub(crate) fn checks_of_patrol(
    conn: &Connection,
    patrol_id: i64,
) -> Result<HashMap<i64, RoomCheck>> {
    Ok(checks(
        conn,
        "c.patrol_id = ?1 AND c.superseded_by IS NULL",
        [patrol_id],
    )?
    .into_iter()
    .map(|c| (c.room_id, c))
    .collect())
}

/// The latest check of a room by another patrol: (saved_at, staff name).
pub(crate) fn last_other_check(
    conn: &Connection,
    room_id: i64,
    patrol_id: i64,
) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT c.saved_at, s.name FROM room_checks c JOIN staff s ON s.id = c.staff_id
             WHERE c.room_id = ?1 AND c.patrol_id <> ?2 AND c.superseded_by IS NULL ORDER BY c.saved_at DESC LIMIT 1",
        )?
        .query_row([room_id, patrol_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// This patrol's current check of one room.
pub(crate) fn current_check(
    conn: &Connection,
    patrol_id: i64,
    room_id: i64,
) -> Result<Option<RoomCheck>> {
    Ok(checks(
        conn,
        "c.patrol_id = ?1 AND c.room_id = ?2 AND c.superseded_by IS NULL",
        [patrol_id, room_id],
    )?
    .pop())
}

/// The last time each of `rooms` was checked (not skipped), for
/// `dorm.biweekly`; a room never checked is not in the map.
pub(crate) fn last_checked(
    conn: &Connection,
    rooms: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, String>> {
    // one search of `room_checks_last` per room (its newest entry), never a
    // pass over every check ever saved
    let mut stmt = conn.prepare_cached(
        "SELECT max(saved_at) FROM room_checks
         WHERE room_id = ?1 AND superseded_by IS NULL AND skipped_reason IS NULL",
    )?;
    let mut out = HashMap::new();
    for room in rooms {
        if let Some(at) = stmt.query_row([room], |r| r.get::<_, Option<String>>(0))? {
            out.insert(room, at);
        }
    }
    Ok(out)
}

/// A student's presence over time, newest first.
pub(crate) fn presence_history(
    conn: &Connection,
    student_id: i64,
    limit: i64,
) -> Result<Vec<PresenceLine>> {
    let mut stmt = conn.prepare(
        "SELECT c.saved_at, b.name, r.number, p.status, s.name
         FROM presence p JOIN room_checks c ON c.id = p.check_id AND c.superseded_by IS NULL
         JOIN rooms r ON r.id = c.room_id JOIN buildings b ON b.id = r.building_id JOIN staff s ON s.id = c.staff_id
         WHERE p.student_id = ?1 ORDER BY c.saved_at DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![student_id, limit], |r| {
        let st: String = r.get(3)?;
        Ok(PresenceLine {
            saved_at: r.get(0)?,
            building: r.get(1)?,
            room: r.get(2)?,
            status: Presence::from_code(&st).unwrap_or(Presence::Unknown),
            staff: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Marks a hazard reported (once).
pub(crate) fn report_hazard(tx: &Connection, hazard_id: i64, to: &str, at: &str) -> Result<()> {
    let n = tx.execute(
        "UPDATE room_hazards SET reported_to = ?2, reported_at = ?3 WHERE id = ?1 AND reported_at IS NULL",
        params![hazard_id, to, at],
    )?;
    if n == 0 {
        return Err(Error::Data(Msg::new("err.patrol.hazard_reported")));
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn raise_follow_up(
    tx: &Connection,
    check_id: i64,
    student_id: i64,
    status: Presence,
    counsellor_id: Option<i64>,
    raised_by: i64,
    raised_at: &str,
    due_at: &str,
) -> Result<Option<i64>> {
    let n = tx.execute(
        "INSERT OR IGNORE INTO follow_ups(check_id, student_id, status, counsellor_id, raised_by, raised_at, due_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![check_id, student_id, status.code(), counsellor_id, raised_by, raised_at, due_at],
    )?;
    Ok((n > 0).then(|| tx.last_insert_rowid()))
}

/// Closes a follow-up: reached (with the reason), or not reached and
/// escalated (to whom, when). A closed follow-up stays closed.
pub(crate) fn close_follow_up(
    tx: &Connection,
    id: i64,
    outcome: &str,
    reason: &str,
    escalated: Option<(&str, &str)>,
    by: i64,
    at: &str,
) -> Result<()> {
    let n = tx.execute(
        "UPDATE follow_ups SET outcome = ?2, reason = ?3, escalated_to = ?4, escalated_at = ?5, closed_by = ?6, closed_at = ?7
         WHERE id = ?1 AND closed_at IS NULL",
        params![id, outcome, reason, escalated.map(|e| e.0), escalated.map(|e| e.1), by, at],
    )?;
    if n == 0 {
        return Err(Error::Data(Msg::new("err.patrol.follow_up_closed")));
    }
    Ok(())
}

const FOLLOW_SELECT: &str = "SELECT id, check_id, student_id, status, counsellor_id, raised_by, raised_at, due_at, outcome, reason,
        escalated_to, escalated_at, closed_at FROM follow_ups";

fn follow_rows(
    conn: &Connection,
    sql: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<FollowUpRecord>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(args, |r| {
        let st: String = r.get(3)?;
        Ok(FollowUpRecord {
            id: r.get(0)?,
            check_id: r.get(1)?,
            student_id: r.get(2)?,
            status: Presence::from_code(&st).unwrap_or(Presence::Unknown),
            counsellor_id: r.get(4)?,
            raised_by: r.get(5)?,
            raised_at: r.get(6)?,
            due_at: r.get(7)?,
            outcome: r.get(8)?,
            reason: r.get(9)?,
            escalated_to: r.get(10)?,
            escalated_at: r.get(11)?,
            closed_at: r.get(12)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Open follow-ups, oldest first.
pub(crate) fn open_follow_ups(conn: &Connection) -> Result<Vec<FollowUpRecord>> {
    follow_rows(
        conn,
        &format!("{FOLLOW_SELECT} WHERE closed_at IS NULL ORDER BY raised_at, id"),
        [],
    )
}

pub(crate) fn follow_up(conn: &Connection, id: i64) -> Result<Option<FollowUpRecord>> {
    Ok(follow_rows(conn, &format!("{FOLLOW_SELECT} WHERE id = ?1"), [id])?.pop())
}

/// Approved leave or registered off-campus living standing on `date`:
/// student -> (kind, note).
pub(crate) fn absences_on(
    conn: &Connection,
    date: &str,
) -> Result<HashMap<i64, (String, Option<String>)>> {
    let mut stmt = conn.prepare(
        "SELECT student_id, kind, note FROM student_absences
         WHERE cancelled_at IS NULL AND from_date <= ?1 AND (to_date IS NULL OR to_date >= ?1) ORDER BY id",
    )?;
    let rows = stmt.query_map([date], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn add_absence(
    tx: &Connection,
    student_id: i64,
    kind: &str,
    from: &str,
    to: Option<&str>,
    note: Option<&str>,
    by: i64,
    at: &str,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO student_absences(student_id, kind, from_date, to_date, note, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![student_id, kind, from, to, note, by, at],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Hazards found on a staff member's patrols and not yet reported.
pub(crate) fn unreported_hazards(conn: &Connection, staff_id: i64) -> Result<Vec<OpenHazard>> {
    let mut stmt = conn.prepare(
        "SELECT h.id, b.name, r.number, h.hazard, c.saved_at
         FROM room_hazards h JOIN room_checks c ON c.id = h.check_id AND c.superseded_by IS NULL
         JOIN rooms r ON r.id = c.room_id JOIN buildings b ON b.id = r.building_id
         WHERE h.reported_at IS NULL AND c.staff_id = ?1 ORDER BY c.saved_at, h.id",
    )?;
    let rows = stmt.query_map([staff_id], |r| {
        Ok(OpenHazard {
            id: r.get(0)?,
            building: r.get(1)?,
            room: r.get(2)?,
            hazard: r.get(3)?,
            found_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The most recent patrols, newest first.
pub(crate) fn recent(conn: &Connection, limit: i64) -> Result<Vec<PatrolRecord>> {
    patrol_rows(
        conn,
        &format!("{PATROL_SELECT} ORDER BY p.started_at DESC, p.id DESC LIMIT ?1"),
        [limit],
    )
}

/// A room's latest checks: (saved_at, hygiene, skipped_reason, staff), newest first.
pub(crate) type RoomHistoryLine = (String, Option<String>, Option<String>, String);

pub(crate) fn room_history(
    conn: &Connection,
    room_id: i64,
    limit: i64,
) -> Result<Vec<RoomHistoryLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.saved_at, c.hygiene, c.skipped_reason, s.name FROM room_checks c JOIN staff s ON s.id = c.staff_id
         WHERE c.room_id = ?1 AND c.superseded_by IS NULL ORDER BY c.saved_at DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![room_id, limit], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// How many follow-ups `staff_id` raised in the stored-time range `[from, to)`.
pub(crate) fn follow_ups_raised(
    conn: &Connection,
    staff_id: i64,
    from: &str,
    to: &str,
) -> Result<usize> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM follow_ups WHERE raised_by = ?1 AND raised_at >= ?2 AND raised_at < ?3",
        params![staff_id, from, to],
        |r| r.get(0),
    )?;
    Ok(n as usize)
}
