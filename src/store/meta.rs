//! The app-meta table: schema facts and whether this is a demo database.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM app_meta WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub(crate) fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO app_meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

pub(crate) fn is_demo(conn: &Connection) -> Result<bool> {
    Ok(get(conn, "demo")?.as_deref() == Some("1"))
}

/// How many people (staff and students) the database holds.
pub(crate) fn people(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM staff) + (SELECT count(*) FROM students)",
        [],
        |r| r.get(0),
    )?)
}
