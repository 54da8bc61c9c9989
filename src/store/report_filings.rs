//! The psych weekly and monthly reports handed in: a row each time one of
//! a period was exported to a file or marked handed in; never rewritten.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;

/// The latest filing of a report of a period: (at, by whom (name), how).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FilingRow {
    pub filed_at: String,
    pub by: String,
    pub how: String,
}

pub(crate) fn insert(
    tx: &Connection,
    kind: &str,
    period: &str,
    college: Option<i64>,
    by: i64,
    at: &str,
    how: &str,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO report_filings(kind, period, college_id, filed_by, filed_at, how)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![kind, period, college, by, at, how],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The latest filing of `kind` for `period` and `college` (`None`: the
/// whole school's).
pub(crate) fn latest(
    conn: &Connection,
    kind: &str,
    period: &str,
    college: Option<i64>,
) -> Result<Option<FilingRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT f.filed_at, s.name, f.how FROM report_filings f
             JOIN staff s ON s.id = f.filed_by
             WHERE f.kind = ?1 AND f.period = ?2 AND f.college_id IS ?3
             ORDER BY f.filed_at DESC, f.id DESC LIMIT 1",
        )?
        .query_row(params![kind, period, college], |r| {
            Ok(FilingRow {
                filed_at: r.get(0)?,
                by: r.get(1)?,
                how: r.get(2)?,
            })
        })
        .optional()?)
}
