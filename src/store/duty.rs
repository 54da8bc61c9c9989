//! Shifts, the duty log, escalations and handover items.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::duty::{Channel, EntryType};
use crate::error::{Error, Msg, Result};

pub(crate) use crate::domain::duty::{DutyShift, Escalation, HandoverItem, RosterDay};

const SHIFT_SELECT: &str =
    "SELECT sh.id, sh.officer_id, st.name, sh.location, sh.leader, sh.opened_at, sh.closed_at,
        sh.handover_note, sh.next_officer_id FROM shifts sh JOIN staff st ON st.id = sh.officer_id";

fn shift_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DutyShift> {
    Ok(DutyShift {
        id: r.get(0)?,
        officer_id: r.get(1)?,
        officer: r.get(2)?,
        location: r.get(3)?,
        leader: r.get(4)?,
        opened_at: r.get(5)?,
        closed_at: r.get(6)?,
        handover_note: r.get(7)?,
        next_officer_id: r.get(8)?,
    })
}

pub(crate) fn open_shift_of(conn: &Connection, officer: i64) -> Result<Option<DutyShift>> {
    Ok(conn
        .prepare_cached(&format!(
            "{SHIFT_SELECT} WHERE sh.officer_id = ?1 AND sh.closed_at IS NULL"
        ))?
        .query_row([officer], shift_row)
        .optional()?)
}

pub(crate) fn shift(conn: &Connection, id: i64) -> Result<Option<DutyShift>> {
    Ok(conn
        .prepare_cached(&format!("{SHIFT_SELECT} WHERE sh.id = ?1"))?
        .query_row([id], shift_row)
        .optional()?)
}

/// Two shifts share a desk when their locations are equal or either has
/// none (`?1` is the location asked about, `sh` the shift handed over).
const SAME_DESK: &str = "(?1 IS NULL OR sh.location IS NULL OR sh.location = ?1)";

/// The last closed shift at a desk (its handover note is shown when the
/// next opens there).
pub(crate) fn last_closed(conn: &Connection, location: Option<&str>) -> Result<Option<DutyShift>> {
    Ok(conn
        .prepare_cached(&format!("{SHIFT_SELECT} WHERE sh.closed_at IS NOT NULL AND {SAME_DESK} ORDER BY sh.closed_at DESC, sh.id DESC LIMIT 1"))?
        .query_row([location], shift_row)
        .optional()?)
}

/// The shift open at a desk (a shift of no location stands at every
/// desk), oldest first: there is at most one, except in data written
/// before one open shift per desk was enforced.
pub(crate) fn open_at_desk(conn: &Connection, location: &str) -> Result<Option<DutyShift>> {
    Ok(conn
        .prepare_cached(&format!(
            "{SHIFT_SELECT} WHERE sh.closed_at IS NULL AND {SAME_DESK} ORDER BY sh.opened_at, sh.id LIMIT 1"
        ))?
        .query_row([location], shift_row)
        .optional()?)
}

/// The last shift handed over to `officer` (its next officer), closed
/// at or after `since`.
pub(crate) fn handed_to(conn: &Connection, officer: i64, since: &str) -> Result<Option<DutyShift>> {
    Ok(conn
        .prepare_cached(&format!(
            "{SHIFT_SELECT} WHERE sh.next_officer_id = ?1 AND sh.closed_at >= ?2 ORDER BY sh.closed_at DESC, sh.id DESC LIMIT 1"
        ))?
        .query_row(params![officer, since], shift_row)
        .optional()?)
}

/// Every shift still open, oldest first.
pub(crate) fn open_shifts(conn: &Connection) -> Result<Vec<DutyShift>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SHIFT_SELECT} WHERE sh.closed_at IS NULL ORDER BY sh.opened_at, sh.id"
    ))?;
    let rows = stmt.query_map([], shift_row)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The leader on call of an open shift changes (the audit row keeps the
/// one before).
pub(crate) fn set_leader(tx: &Connection, id: i64, leader: &str) -> Result<()> {
    let n = tx.execute(
        "UPDATE shifts SET leader = ?2 WHERE id = ?1 AND closed_at IS NULL",
        params![id, leader],
    )?;
    if n == 0 {
        return Err(Error::Data(Msg::new("err.duty.shift_closed")));
    }
    Ok(())
}

pub(crate) fn insert_shift(
    tx: &Connection,
    officer: i64,
    location: Option<&str>,
    leader: Option<&str>,
    at: &str,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO shifts(officer_id, location, leader, opened_at) VALUES (?1, ?2, ?3, ?4)",
        params![officer, location, leader, at],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn close_shift(
    tx: &Connection,
    id: i64,
    note: &str,
    next: Option<i64>,
    at: &str,
) -> Result<()> {
    let n = tx.execute(
        "UPDATE shifts SET closed_at = ?2, handover_note = ?3, next_officer_id = ?4 WHERE id = ?1 AND closed_at IS NULL",
        params![id, at, note, next],
    )?;
    if n == 0 {
        return Err(Error::Data(Msg::new("err.duty.shift_closed")));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EntryRow {
    pub id: i64,
    pub shift_id: i64,
    pub kind: EntryType,
    pub location: Option<String>,
    pub text: String,
    pub happened_at: String,
    pub written_at: String,
    pub written_by: i64,
    pub writer: String,
    pub sensitive: bool,
    pub open: bool,
    pub amends: Option<i64>,
    pub students: Vec<i64>,
}

/// What a new entry holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NewEntry<'a> {
    pub shift_id: i64,
    pub kind: EntryType,
    pub location: Option<&'a str>,
    pub text: &'a str,
    pub happened_at: &'a str,
    pub written_at: &'a str,
    pub written_by: i64,
    pub sensitive: bool,
    pub open: bool,
    pub amends: Option<i64>,
    pub students: &'a [i64],
}

pub(crate) fn insert_entry(tx: &Connection, e: &NewEntry<'_>) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO duty_entries(shift_id, type, location, text, happened_at, written_at, written_by, sensitive, open, amends)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        e.shift_id,
        e.kind.code(),
        e.location,
        e.text,
        e.happened_at,
        e.written_at,
        e.written_by,
        e.sensitive as i64,
        e.open as i64,
        e.amends
    ])?;
    let id = tx.last_insert_rowid();
    let mut ins = tx.prepare_cached(
        "INSERT OR IGNORE INTO duty_entry_students(entry_id, student_id) VALUES (?1, ?2)",
    )?;
    for s in e.students {
        ins.execute(params![id, s])?;
    }
    Ok(id)
}

/// The entries of a shift in the order things happened (then written).
pub(crate) fn entries(conn: &Connection, shift_id: i64) -> Result<Vec<EntryRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.shift_id, e.type, e.location, e.text, e.happened_at, e.written_at, e.written_by, s.name,
                e.sensitive, e.open, e.amends
         FROM duty_entries e JOIN staff s ON s.id = e.written_by WHERE e.shift_id = ?1 ORDER BY e.happened_at, e.id",
    )?;
    let mut out: Vec<EntryRow> = stmt
        .query_map([shift_id], |r| {
            let t: String = r.get(2)?;
            Ok(EntryRow {
                id: r.get(0)?,
                shift_id: r.get(1)?,
                kind: EntryType::from_code(&t).unwrap_or(EntryType::Other),
                location: r.get(3)?,
                text: r.get(4)?,
                happened_at: r.get(5)?,
                written_at: r.get(6)?,
                written_by: r.get(7)?,
                writer: r.get(8)?,
                sensitive: r.get::<_, i64>(9)? != 0,
                open: r.get::<_, i64>(10)? != 0,
                amends: r.get(11)?,
                students: Vec::new(),
            })
        })?
        .collect::<std::result::Result<_, _>>()?;
    let mut st =
        conn.prepare_cached("SELECT student_id FROM duty_entry_students WHERE entry_id = ?1")?;
    for e in out.iter_mut() {
        e.students = st
            .query_map([e.id], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
    }
    Ok(out)
}

pub(crate) fn entry(conn: &Connection, id: i64) -> Result<Option<EntryRow>> {
    let shift: Option<i64> = conn
        .query_row(
            "SELECT shift_id FROM duty_entries WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match shift {
        Some(s) => entries(conn, s)?.into_iter().find(|e| e.id == id),
        None => None,
    })
}

/// The newest correction of entry `id` (its id, text and writer's name),
/// if it has one.
pub(crate) fn latest_amendment(
    conn: &Connection,
    id: i64,
) -> Result<Option<(i64, String, String)>> {
    Ok(conn
        .query_row(
            "SELECT e.id, e.text, s.name FROM duty_entries e JOIN staff s ON s.id = e.written_by
             WHERE e.amends = ?1 ORDER BY e.id DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

pub(crate) fn insert_escalation(
    tx: &Connection,
    entry: i64,
    leader: &str,
    channel: Channel,
    at: &str,
    by: i64,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO escalations(entry_id, leader, channel, reported_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![entry, leader, channel.code(), at, by],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn respond(tx: &Connection, id: i64, response: &str, at: &str) -> Result<()> {
    let n = tx.execute(
        "UPDATE escalations SET response = ?2, responded_at = ?3 WHERE id = ?1 AND responded_at IS NULL",
        params![id, response, at],
    )?;
    if n == 0 {
        return Err(Error::Data(Msg::new("err.duty.already_responded")));
    }
    Ok(())
}

/// Escalations of a shift's entries.
pub(crate) fn escalations(conn: &Connection, shift_id: i64) -> Result<Vec<Escalation>> {
    let mut stmt = conn.prepare_cached(
        "SELECT x.id, x.entry_id, x.leader, x.channel, x.reported_at, x.response, x.responded_at
         FROM escalations x JOIN duty_entries e ON e.id = x.entry_id WHERE e.shift_id = ?1 ORDER BY x.reported_at, x.id",
    )?;
    let rows = stmt.query_map([shift_id], |r| {
        Ok(Escalation {
            id: r.get(0)?,
            entry_id: r.get(1)?,
            leader: r.get(2)?,
            channel: r.get(3)?,
            reported_at: r.get(4)?,
            response: r.get(5)?,
            responded_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub(crate) fn add_handover_item(
    tx: &Connection,
    from_shift: i64,
    entry: Option<i64>,
    case: Option<i64>,
    text: &str,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO handover_items(from_shift, entry_id, text, case_id) VALUES (?1, ?2, ?3, ?4)",
        params![from_shift, entry, text, case],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Items handed over at a desk and not yet acknowledged, oldest first.
pub(crate) fn pending_items(
    conn: &Connection,
    location: Option<&str>,
) -> Result<Vec<HandoverItem>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT h.id, h.from_shift, h.entry_id, h.text, h.case_id FROM handover_items h JOIN shifts sh ON sh.id = h.from_shift
         WHERE h.ack_at IS NULL AND {SAME_DESK} ORDER BY h.id"
    ))?;
    let rows = stmt.query_map([location], |r| {
        Ok(HandoverItem {
            id: r.get(0)?,
            from_shift: r.get(1)?,
            entry_id: r.get(2)?,
            text: r.get(3)?,
            case_id: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Items a shift took over and has not closed: they go on to the next.
pub(crate) fn taken_open(conn: &Connection, shift_id: i64) -> Result<Vec<HandoverItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, from_shift, entry_id, text, case_id FROM handover_items WHERE ack_shift = ?1 AND ack_action = 'taken' ORDER BY id",
    )?;
    let rows = stmt.query_map([shift_id], |r| {
        Ok(HandoverItem {
            id: r.get(0)?,
            from_shift: r.get(1)?,
            entry_id: r.get(2)?,
            text: r.get(3)?,
            case_id: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub(crate) fn acknowledge(
    tx: &Connection,
    id: i64,
    shift: i64,
    action: &str,
    note: Option<&str>,
    by: i64,
    at: &str,
) -> Result<()> {
    let n = tx.execute(
        "UPDATE handover_items SET ack_shift = ?2, ack_action = ?3, ack_note = ?4, ack_by = ?5, ack_at = ?6
         WHERE id = ?1 AND ack_at IS NULL",
        params![id, shift, action, note, by, at],
    )?;
    if n == 0 {
        return Err(Error::Data(crate::msg!(
            "err.duty.item_acknowledged",
            id = id
        )));
    }
    Ok(())
}

/// Shifts opened in [from, to) (RFC 3339 bounds), oldest first.
pub(crate) fn shifts_between(conn: &Connection, from: &str, to: &str) -> Result<Vec<DutyShift>> {
    let mut stmt = conn.prepare(&format!(
        "{SHIFT_SELECT} WHERE sh.opened_at >= ?1 AND sh.opened_at < ?2 ORDER BY sh.opened_at, sh.id"
    ))?;
    let rows = stmt.query_map([from, to], shift_row)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// What a shift handed over.
/// (entry it comes from, text) of each item shift `shift_id` handed over.
pub(crate) fn handed_over(conn: &Connection, shift_id: i64) -> Result<Vec<(Option<i64>, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT entry_id, text FROM handover_items WHERE from_shift = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([shift_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub(crate) fn roster_between(conn: &Connection, from: &str, to: &str) -> Result<Vec<RosterDay>> {
    let mut stmt = conn.prepare(
        "SELECT r.id, r.duty_date, r.shift, r.officer_id, s.name, r.leader, r.location,
                (SELECT f.name FROM duty_swaps w JOIN staff f ON f.id = w.from_id
                 WHERE w.roster_id = r.id ORDER BY w.id DESC LIMIT 1),
                (SELECT w.approved_by FROM duty_swaps w
                 WHERE w.roster_id = r.id ORDER BY w.id DESC LIMIT 1)
         FROM duty_roster r JOIN staff s ON s.id = r.officer_id
         WHERE r.duty_date >= ?1 AND r.duty_date <= ?2 ORDER BY r.duty_date, r.shift, s.name",
    )?;
    let rows = stmt.query_map([from, to], |r| {
        Ok(RosterDay {
            id: r.get(0)?,
            date: r.get(1)?,
            shift: r.get(2)?,
            officer_id: r.get(3)?,
            officer: r.get(4)?,
            leader: r.get(5)?,
            location: r.get(6)?,
            swapped_from: r.get(7)?,
            swap_approved_by: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// What an upsert did to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Upsert {
    Added,
    Updated,
    Unchanged,
}

/// Inserts or updates a roster row (by date, shift, officer).
pub(crate) fn upsert_roster(
    tx: &Connection,
    date: &str,
    shift: &str,
    officer: i64,
    leader: Option<&str>,
    location: Option<&str>,
) -> Result<Upsert> {
    let existing: Option<(i64, Option<String>, Option<String>)> = tx
        .query_row(
            "SELECT id, leader, location FROM duty_roster WHERE duty_date = ?1 AND shift = ?2 AND officer_id = ?3",
            params![date, shift, officer],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    match existing {
        Some((_, l, p)) if l.as_deref() == leader && p.as_deref() == location => {
            Ok(Upsert::Unchanged)
        }
        Some((id, _, _)) => {
            tx.execute(
                "UPDATE duty_roster SET leader = ?2, location = ?3 WHERE id = ?1",
                params![id, leader, location],
            )?;
            Ok(Upsert::Updated)
        }
        None => {
            tx.execute(
                "INSERT INTO duty_roster(duty_date, shift, officer_id, leader, location) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![date, shift, officer, leader, location],
            )?;
            Ok(Upsert::Added)
        }
    }
}

/// Records a swap and moves the roster row to the new officer.
#[allow(clippy::too_many_arguments)]
pub(crate) fn swap(
    tx: &Connection,
    roster_id: i64,
    from: i64,
    to: i64,
    approved_by: &str,
    approved_at: &str,
    by: i64,
    at: &str,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO duty_swaps(roster_id, from_id, to_id, approved_by, approved_at, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![roster_id, from, to, approved_by, approved_at, by, at],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "UPDATE duty_roster SET officer_id = ?2 WHERE id = ?1",
        params![roster_id, to],
    )?;
    Ok(id)
}

/// One duty-log entry as a search finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundEntry {
    pub id: i64,
    pub shift_id: i64,
    pub officer: String,
    pub kind: String,
    pub happened_at: String,
    pub text: String,
    pub sensitive: bool,
    pub written_by: i64,
    /// The entry this one corrects.
    pub amends: Option<i64>,
    /// A later entry corrects this one.
    pub superseded: bool,
}

/// What a duty-log search asks for; `None` leaves a field unfiltered.
pub(crate) struct EntryQuery<'a> {
    /// Stored-time bounds `[from, to)` of `happened_at`.
    pub from: &'a str,
    pub to: &'a str,
    /// A LIKE pattern with `\` as its escape.
    pub like: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub student_id: Option<i64>,
}

/// Entries matching `q`, newest first, at most 200.
pub(crate) fn search_entries(conn: &Connection, q: &EntryQuery<'_>) -> Result<Vec<FoundEntry>> {
    let mut stmt = conn.prepare(
        "SELECT e.id, e.shift_id, s.name, e.type, e.happened_at, e.text, e.sensitive, e.written_by,
                e.amends, EXISTS (SELECT 1 FROM duty_entries y WHERE y.amends = e.id)
         FROM duty_entries e JOIN shifts sh ON sh.id = e.shift_id JOIN staff s ON s.id = sh.officer_id
         WHERE e.happened_at >= ?1 AND e.happened_at < ?2
           AND (?3 IS NULL OR e.text LIKE ?3 ESCAPE '\\')
           AND (?4 IS NULL OR e.type = ?4)
           AND (?5 IS NULL OR EXISTS (SELECT 1 FROM duty_entry_students x WHERE x.entry_id = e.id AND x.student_id = ?5))
         ORDER BY e.happened_at DESC, e.id DESC LIMIT 200",
    )?;
    let rows = stmt.query_map(params![q.from, q.to, q.like, q.kind, q.student_id], |r| {
        Ok(FoundEntry {
            id: r.get(0)?,
            shift_id: r.get(1)?,
            officer: r.get(2)?,
            kind: r.get(3)?,
            happened_at: r.get(4)?,
            text: r.get(5)?,
            sensitive: r.get::<_, i64>(6)? != 0,
            written_by: r.get(7)?,
            amends: r.get(8)?,
            superseded: r.get::<_, i64>(9)? != 0,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// (college, counsellor) of each student entry `entry_id` names.
pub(crate) fn entry_scopes(conn: &Connection, entry_id: i64) -> Result<Vec<(i64, Option<i64>)>> {
    let mut st = conn.prepare_cached(
        "SELECT s.college_id, c.counsellor_id FROM duty_entry_students x JOIN students s ON s.id = x.student_id
         LEFT JOIN classes c ON c.id = s.class_id WHERE x.entry_id = ?1",
    )?;
    let rows = st.query_map([entry_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
