//! Drafts of forms being filled (saved as typed, offered on return).

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;

pub(crate) fn save(
    conn: &Connection,
    staff_id: i64,
    form: &str,
    payload: &str,
    at: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO drafts(staff_id, form, payload, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(staff_id, form) DO UPDATE SET payload = excluded.payload, updated_at = excluded.updated_at",
        params![staff_id, form, payload, at],
    )?;
    Ok(())
}

pub(crate) fn load(
    conn: &Connection,
    staff_id: i64,
    form: &str,
) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT payload, updated_at FROM drafts WHERE staff_id = ?1 AND form = ?2",
            params![staff_id, form],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Every draft of a staff member: (form, payload, updated_at).
pub(crate) fn list(conn: &Connection, staff_id: i64) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT form, payload, updated_at FROM drafts WHERE staff_id = ?1 ORDER BY updated_at",
    )?;
    let rows = stmt.query_map([staff_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Gives a draft another name, keeping when it was saved.
pub(crate) fn rename(conn: &Connection, staff_id: i64, from: &str, to: &str) -> Result<()> {
    conn.execute(
        "UPDATE drafts SET form = ?3 WHERE staff_id = ?1 AND form = ?2",
        params![staff_id, from, to],
    )?;
    Ok(())
}

pub(crate) fn discard(conn: &Connection, staff_id: i64, form: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM drafts WHERE staff_id = ?1 AND form = ?2",
        params![staff_id, form],
    )?;
    Ok(())
}
