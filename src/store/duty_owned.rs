//! What a duty officer owns until it is closed: open entries and their
//! closures (a row of its own; the entry is never changed).

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Error, Result};
use crate::msg;

/// How an open entry was closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Closure {
    pub note: String,
    pub closed_at: String,
    pub closer: String,
}

/// The first version of entry `id` (the entry its corrections amend).
pub(crate) fn root_of(conn: &Connection, id: i64) -> Result<i64> {
    let mut at = id;
    // a chain of corrections is short; the bound guards a bad file
    for _ in 0..1000 {
        let up: Option<Option<i64>> = conn
            .query_row("SELECT amends FROM duty_entries WHERE id = ?1", [at], |r| {
                r.get(0)
            })
            .optional()?;
        match up {
            Some(Some(parent)) => at = parent,
            _ => return Ok(at),
        }
    }
    Ok(at)
}

/// The newest version of entry `root` and every correction of it (by any
/// chain of corrections): its id and text.
pub(crate) fn latest_version(conn: &Connection, root: i64) -> Result<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "WITH RECURSIVE v(id) AS (SELECT ?1 UNION SELECT e.id FROM duty_entries e JOIN v ON e.amends = v.id)
             SELECT e.id, e.text FROM duty_entries e JOIN v ON v.id = e.id ORDER BY e.id DESC LIMIT 1",
            [root],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

pub(crate) fn closure(conn: &Connection, entry: i64) -> Result<Option<Closure>> {
    Ok(conn
        .prepare_cached(
            "SELECT c.note, c.closed_at, s.name FROM duty_entry_closures c JOIN staff s ON s.id = c.closed_by
             WHERE c.entry_id = ?1",
        )?
        .query_row([entry], |r| {
            Ok(Closure {
                note: r.get(0)?,
                closed_at: r.get(1)?,
                closer: r.get(2)?,
            })
        })
        .optional()?)
}

pub(crate) fn insert_closure(
    tx: &Connection,
    entry: i64,
    note: &str,
    shift: Option<i64>,
    by: i64,
    at: &str,
) -> Result<i64> {
    if closure(tx, entry)?.is_some() {
        return Err(Error::Data(msg!("err.duty.entry_closed", id = entry)));
    }
    tx.execute(
        "INSERT INTO duty_entry_closures(entry_id, note, shift_id, closed_by, closed_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![entry, note, shift, by, at],
    )?;
    Ok(tx.last_insert_rowid())
}

/// First versions of entries left open and not closed that name student
/// `student`, with when they happened.
pub(crate) fn open_entries_naming(conn: &Connection, student: i64) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.happened_at FROM duty_entries e JOIN duty_entry_students s ON s.entry_id = e.id
         WHERE s.student_id = ?1 AND e.open = 1 AND e.amends IS NULL
           AND NOT EXISTS (SELECT 1 FROM duty_entry_closures c WHERE c.entry_id = e.id)
         ORDER BY e.happened_at, e.id",
    )?;
    let rows = stmt.query_map([student], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Is crisis case `case` there and not closed?
pub(crate) fn case_open(conn: &Connection, case: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM crisis_cases c WHERE c.id = ?1 AND NOT EXISTS
               (SELECT 1 FROM crisis_events x WHERE x.case_id = c.id AND x.kind = 'close'))",
        )?
        .query_row([case], |r| r.get(0))?)
}
