//! 督办: a leader's reminders to a counsellor about one 待办 item. A row
//! is written when pressed and closed once (met, or done by the
//! counsellor); never rewritten otherwise.

use rusqlite::{Connection, params};

use crate::error::Result;

/// A reminder as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReminderRow {
    pub id: i64,
    pub counsellor_id: i64,
    pub pressed_by: String,
    pub pressed_at: String,
    pub rule: String,
    pub subject: String,
    pub student_no: Option<String>,
    pub class: Option<String>,
    pub building: Option<String>,
    pub note: Option<String>,
}

/// What a new reminder holds.
pub(crate) struct NewReminder<'a> {
    pub counsellor_id: i64,
    pub pressed_by: i64,
    pub pressed_at: &'a str,
    pub rule: &'a str,
    pub subject: &'a str,
    pub student_no: Option<&'a str>,
    pub class: Option<&'a str>,
    pub building: Option<&'a str>,
    pub note: Option<&'a str>,
}

pub(crate) fn insert(tx: &Connection, r: &NewReminder<'_>) -> Result<i64> {
    tx.execute(
        "INSERT INTO reminders(counsellor_id, pressed_by, pressed_at, rule, subject, student_no, class, building, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            r.counsellor_id,
            r.pressed_by,
            r.pressed_at,
            r.rule,
            r.subject,
            r.student_no,
            r.class,
            r.building,
            r.note
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The open reminders to a counsellor, newest first.
pub(crate) fn open_for(conn: &Connection, counsellor: i64) -> Result<Vec<ReminderRow>> {
    let mut st = conn.prepare_cached(
        "SELECT r.id, r.counsellor_id, s.name, r.pressed_at, r.rule, r.subject, r.student_no,
                r.class, r.building, r.note
         FROM reminders r JOIN staff s ON s.id = r.pressed_by
         WHERE r.counsellor_id = ?1 AND r.closed_at IS NULL ORDER BY r.pressed_at DESC, r.id DESC",
    )?;
    let rows = st.query_map([counsellor], |r| {
        Ok(ReminderRow {
            id: r.get(0)?,
            counsellor_id: r.get(1)?,
            pressed_by: r.get(2)?,
            pressed_at: r.get(3)?,
            rule: r.get(4)?,
            subject: r.get(5)?,
            student_no: r.get(6)?,
            class: r.get(7)?,
            building: r.get(8)?,
            note: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Closes an open reminder; false when it was already closed.
pub(crate) fn close(tx: &Connection, id: i64, by: i64, at: &str, reason: &str) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE reminders SET closed_at = ?2, closed_by = ?3, close_reason = ?4
         WHERE id = ?1 AND closed_at IS NULL",
        params![id, at, by, reason],
    )? == 1)
}
