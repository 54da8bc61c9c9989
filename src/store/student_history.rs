//! What a student's timeline reads beyond talks, contacts, presence and
//! flags: the follow-ups raised after a patrol found them absent.

use rusqlite::{Connection, params};

use crate::error::Result;

/// A follow-up of a student as the timeline shows it.
pub(crate) struct FollowUpLine {
    pub status: String,
    pub raised_at: String,
    pub due_at: String,
    pub raised_by: String,
    pub outcome: Option<String>,
    pub reason: Option<String>,
    pub closed_at: Option<String>,
}

/// The follow-ups raised about a student, newest first, at most `limit`.
pub(crate) fn follow_ups_of_student(
    conn: &Connection,
    student_id: i64,
    limit: i64,
) -> Result<Vec<FollowUpLine>> {
    let mut st = conn.prepare_cached(
        "SELECT f.status, f.raised_at, f.due_at, coalesce(s.name, ''), f.outcome, f.reason, f.closed_at
         FROM follow_ups f LEFT JOIN staff s ON s.id = f.raised_by
         WHERE f.student_id = ?1 ORDER BY f.raised_at DESC, f.id DESC LIMIT ?2",
    )?;
    let rows = st.query_map(params![student_id, limit], |r| {
        Ok(FollowUpLine {
            status: r.get(0)?,
            raised_at: r.get(1)?,
            due_at: r.get(2)?,
            raised_by: r.get(3)?,
            outcome: r.get(4)?,
            reason: r.get(5)?,
            closed_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
