//! Crisis cases, their students and their append-only events.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;

pub(crate) use crate::domain::crisis::CrisisCase;

pub(crate) struct NewCase<'a> {
    pub kind: &'a str,
    pub template_version: &'a str,
    pub template: &'a str,
    pub opened_at: &'a str,
    pub opened_by: i64,
    pub location: Option<&'a str>,
    pub known: Option<&'a str>,
    pub entry_id: Option<i64>,
    pub college_id: Option<i64>,
    /// The shift the opener keeps, if they keep one.
    pub shift_id: Option<i64>,
    pub students: &'a [i64],
}

pub(crate) fn insert_case(tx: &Connection, c: &NewCase<'_>) -> Result<i64> {
    tx.execute(
        "INSERT INTO crisis_cases(kind, template_version, template, opened_at, opened_by, location, known, entry_id, college_id, shift_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![c.kind, c.template_version, c.template, c.opened_at, c.opened_by, c.location, c.known, c.entry_id, c.college_id, c.shift_id],
    )?;
    let id = tx.last_insert_rowid();
    for s in c.students {
        tx.execute(
            "INSERT OR IGNORE INTO crisis_students(case_id, student_id) VALUES (?1, ?2)",
            params![id, s],
        )?;
    }
    Ok(id)
}

pub(crate) fn insert_event(
    tx: &Connection,
    case_id: i64,
    at: &str,
    by: i64,
    kind: &str,
    step: Option<&str>,
    text: Option<&str>,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO crisis_events(case_id, at, by_id, kind, step, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![case_id, at, by, kind, step, text])?;
    Ok(tx.last_insert_rowid())
}

const CASE_SELECT: &str = "SELECT c.id, c.kind, c.template_version, c.template, c.opened_at, c.opened_by, s.name,
    c.location, c.known, c.entry_id, c.college_id, c.shift_id FROM crisis_cases c JOIN staff s ON s.id = c.opened_by";

fn case_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CrisisCase> {
    Ok(CrisisCase {
        id: r.get(0)?,
        kind: r.get(1)?,
        template_version: r.get(2)?,
        template: r.get(3)?,
        opened_at: r.get(4)?,
        opened_by: r.get(5)?,
        opener: r.get(6)?,
        location: r.get(7)?,
        known: r.get(8)?,
        entry_id: r.get(9)?,
        college_id: r.get(10)?,
        shift_id: r.get(11)?,
        students: Vec::new(),
        student_colleges: Vec::new(),
        unlisted: Vec::new(),
    })
}

fn with_students(conn: &Connection, c: CrisisCase) -> Result<CrisisCase> {
    let mut c = students_of(conn, c)?;
    let mut st = conn.prepare_cached(
        "SELECT text FROM crisis_events WHERE case_id = ?1 AND kind = 'note' AND step = ?2 AND text IS NOT NULL ORDER BY id",
    )?;
    for name in st.query_map(params![c.id, crate::domain::crisis::UNLISTED], |r| {
        r.get::<_, String>(0)
    })? {
        c.unlisted.push(name?);
    }
    Ok(c)
}

/// A case's students (with their counsellors and colleges): what access
/// to the case is decided by.
fn students_of(conn: &Connection, mut c: CrisisCase) -> Result<CrisisCase> {
    let mut st = conn.prepare_cached(
        "SELECT s.id, s.student_no, s.name, k.counsellor_id, s.college_id FROM crisis_students x JOIN students s ON s.id = x.student_id
         LEFT JOIN classes k ON k.id = s.class_id WHERE x.case_id = ?1 ORDER BY s.student_no",
    )?;
    let rows = st.query_map([c.id], |r| {
        Ok((
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?),
            r.get::<_, i64>(4)?,
        ))
    })?;
    for row in rows {
        let (student, college) = row?;
        c.students.push(student);
        if !c.student_colleges.contains(&college) {
            c.student_colleges.push(college);
        }
    }
    Ok(c)
}

pub(crate) fn case(conn: &Connection, id: i64) -> Result<Option<CrisisCase>> {
    let row = conn
        .prepare_cached(&format!("{CASE_SELECT} WHERE c.id = ?1"))?
        .query_row([id], case_row)
        .optional()?;
    row.map(|c| with_students(conn, c)).transpose()
}

/// A case row and its students, no more (its unlisted students and events
/// not read): enough to decide who may work it.
pub(crate) fn case_head(conn: &Connection, id: i64) -> Result<Option<CrisisCase>> {
    let row = conn
        .prepare_cached(&format!("{CASE_SELECT} WHERE c.id = ?1"))?
        .query_row([id], case_row)
        .optional()?;
    row.map(|c| students_of(conn, c)).transpose()
}

/// Whether a case has been closed (one indexed look).
pub(crate) fn is_closed(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM crisis_events WHERE case_id = ?1 AND kind = 'close')",
        )?
        .query_row([id], |r| r.get(0))?)
}

/// Every case opened in [from, to) (stored times), newest first.
pub(crate) fn cases_between(conn: &Connection, from: &str, to: &str) -> Result<Vec<CrisisCase>> {
    let mut st = conn.prepare_cached(&format!(
        "{CASE_SELECT} WHERE c.opened_at >= ?1 AND c.opened_at < ?2 ORDER BY c.opened_at DESC, c.id DESC"
    ))?;
    let rows: Vec<CrisisCase> = st
        .query_map([from, to], case_row)?
        .collect::<std::result::Result<_, _>>()?;
    rows.into_iter().map(|c| with_students(conn, c)).collect()
}

/// (id, at, by id, by name, kind, step, text), in the order recorded.
pub(crate) type EventRow = (
    i64,
    String,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
);

/// An [`EventRow`] from the columns `e.id, e.at, e.by_id, s.name, e.kind,
/// e.step, e.text`.
fn event_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

pub(crate) fn events(conn: &Connection, case_id: i64) -> Result<Vec<EventRow>> {
    let mut st = conn.prepare_cached(
        "SELECT e.id, e.at, e.by_id, s.name, e.kind, e.step, e.text FROM crisis_events e
         JOIN staff s ON s.id = e.by_id WHERE e.case_id = ?1 ORDER BY e.id",
    )?;
    let rows = st.query_map([case_id], event_row)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The events of one step of a case (id, at, by id, by name, kind, step,
/// text), in the order recorded.
pub(crate) fn step_events(conn: &Connection, case_id: i64, step: &str) -> Result<Vec<EventRow>> {
    let mut st = conn.prepare_cached(
        "SELECT e.id, e.at, e.by_id, s.name, e.kind, e.step, e.text FROM crisis_events e
         JOIN staff s ON s.id = e.by_id WHERE e.case_id = ?1 AND e.step = ?2 ORDER BY e.id",
    )?;
    let rows = st.query_map(params![case_id, step], event_row)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// A case not closed: no "close" event (SQL condition on `c`).
const NOT_CLOSED: &str =
    "NOT EXISTS (SELECT 1 FROM crisis_events x WHERE x.case_id = c.id AND x.kind = 'close')";

/// Opened on duty: from a duty-log entry, or by an officer keeping a
/// shift (SQL condition on `c`).
const ON_DUTY: &str = "(c.entry_id IS NOT NULL OR c.shift_id IS NOT NULL)";

/// Whether case `id` is still open and was opened on duty.
pub(crate) fn open_on_duty(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 FROM crisis_cases c WHERE c.id = ?1 AND {NOT_CLOSED} AND {ON_DUTY})"
        ))?
        .query_row([id], |r| r.get(0))?)
}

/// Every case not closed, newest first.
pub(crate) fn open_cases(conn: &Connection) -> Result<Vec<CrisisCase>> {
    let mut st = conn.prepare_cached(&format!(
        "{CASE_SELECT} WHERE {NOT_CLOSED} ORDER BY c.opened_at DESC, c.id DESC"
    ))?;
    let rows: Vec<CrisisCase> = st
        .query_map([], case_row)?
        .collect::<std::result::Result<_, _>>()?;
    rows.into_iter().map(|c| with_students(conn, c)).collect()
}

/// The cases naming a student, newest first.
pub(crate) fn cases_of_student(conn: &Connection, student: i64) -> Result<Vec<CrisisCase>> {
    let mut st = conn.prepare_cached(&format!(
        "{CASE_SELECT} WHERE c.id IN (SELECT case_id FROM crisis_students WHERE student_id = ?1)
         ORDER BY c.opened_at DESC, c.id DESC"
    ))?;
    let rows: Vec<CrisisCase> = st
        .query_map([student], case_row)?
        .collect::<std::result::Result<_, _>>()?;
    rows.into_iter().map(|c| with_students(conn, c)).collect()
}

/// The open cases a shift carries: opened during it, opened from one of
/// its entries, or handed to it and taken over.
pub(crate) fn open_cases_of_shift(conn: &Connection, shift: i64) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT c.id FROM crisis_cases c WHERE {NOT_CLOSED} AND (
            c.shift_id = ?1
            OR c.entry_id IN (SELECT id FROM duty_entries WHERE shift_id = ?1)
            OR c.id IN (SELECT case_id FROM handover_items
                        WHERE ack_shift = ?1 AND ack_action = 'taken'))
         ORDER BY c.id"
    ))?;
    let rows = st.query_map([shift], |r| r.get(0))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

#[cfg(test)]
#[path = "crisis_tests.rs"]
mod tests;
