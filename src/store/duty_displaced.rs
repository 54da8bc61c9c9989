//! A shift closed by someone other than its officer (a take-over): who
//! closed it, read from the audit row that closed it, and whether its
//! officer has since said they saw it (an audit row of its own).

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;

/// The id of officer `officer`'s most recently opened shift.
pub(crate) fn last_shift_id(conn: &Connection, officer: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM shifts WHERE officer_id = ?1 ORDER BY opened_at DESC, id DESC LIMIT 1",
        )?
        .query_row([officer], |r| r.get(0))
        .optional()?)
}

/// Who closed shift `shift` and when: (login, name, at) of the audit row
/// that closed it (`shift.close` by its officer, `shift.take_over` by
/// whoever took the desk).
pub(crate) fn closer(conn: &Connection, shift: i64) -> Result<Option<(String, String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT a.actor, COALESCE(s.name, a.actor), a.at FROM audit_log a
               LEFT JOIN staff s ON s.login = a.actor
             WHERE a.entity = 'shift' AND a.entity_id = ?1
               AND a.action IN ('shift.close', 'shift.take_over')
             ORDER BY a.seq DESC LIMIT 1",
        )?
        .query_row([shift.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?)
}

/// Has `login` said they saw that shift `shift` was closed by another?
pub(crate) fn seen(conn: &Connection, shift: i64, login: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM audit_log WHERE action = 'shift.displaced_seen'
               AND entity = 'shift' AND entity_id = ?1 AND actor = ?2)",
        )?
        .query_row(rusqlite::params![shift.to_string(), login], |r| r.get(0))?)
}
