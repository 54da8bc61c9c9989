//! Reads for the dashboards (issue 15) that no other store offers: the
//! unanswered escalations of any shift, the
//! absences found per night and the talks per day.

use rusqlite::{Connection, params};

use crate::error::Result;

/// An escalation without a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OpenEscalation {
    pub id: i64,
    pub shift_id: i64,
    pub officer: String,
    pub leader: String,
    pub reported_at: String,
    pub text: String,
}

/// Escalations reported at or after `since` (RFC 3339) with no response.
pub(crate) fn unanswered_escalations(
    conn: &Connection,
    since: &str,
) -> Result<Vec<OpenEscalation>> {
    let mut st = conn.prepare_cached(
        "SELECT x.id, e.shift_id, s.name, x.leader, x.reported_at, e.text
         FROM escalations x JOIN duty_entries e ON e.id = x.entry_id
         JOIN shifts sh ON sh.id = e.shift_id JOIN staff s ON s.id = sh.officer_id
         WHERE x.responded_at IS NULL AND x.reported_at >= ?1
         ORDER BY x.reported_at, x.id",
    )?;
    let rows = st.query_map([since], |r| {
        Ok(OpenEscalation {
            id: r.get(0)?,
            shift_id: r.get(1)?,
            officer: r.get(2)?,
            leader: r.get(3)?,
            reported_at: r.get(4)?,
            text: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// A student found absent on a patrol (a follow-up raised).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Absence {
    pub follow_up: i64,
    pub student_id: i64,
    pub name: String,
    pub status: String,
    pub raised_at: String,
}

/// Absences raised at or after `since`, of college `college` (all: `None`).
pub(crate) fn absences_since(
    conn: &Connection,
    since: &str,
    college: Option<i64>,
) -> Result<Vec<Absence>> {
    let mut st = conn.prepare_cached(
        "SELECT f.id, f.student_id, s.name, f.status, f.raised_at FROM follow_ups f
         JOIN students s ON s.id = f.student_id
         WHERE f.raised_at >= ?1 AND (?2 IS NULL OR s.college_id = ?2)
         ORDER BY f.raised_at, f.id",
    )?;
    let rows = st.query_map(params![since, college], |r| {
        Ok(Absence {
            follow_up: r.get(0)?,
            student_id: r.get(1)?,
            name: r.get(2)?,
            status: r.get(3)?,
            raised_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Talks (first versions) held on or after `from` (a date), per day:
/// by `author` when given, else of students of `college` (all: `None`).
pub(crate) fn talks_per_day(
    conn: &Connection,
    from: &str,
    author: Option<i64>,
    college: Option<i64>,
) -> Result<Vec<(String, usize)>> {
    // each reader through an index: one author's talks by (author,
    // held_on); a college's by its students and (student, held_on);
    // everyone's by `talks_held`. An `?2 IS NULL OR` would have every talk
    // of five years read.
    let mut st = conn.prepare_cached(match (author, college) {
        (Some(_), _) => {
            "SELECT t.held_on, count(*) FROM talks t JOIN students s ON s.id = t.student_id
             WHERE t.author_id = ?2 AND t.held_on >= ?1 AND t.amends IS NULL
               AND (?3 IS NULL OR s.college_id = ?3)
             GROUP BY t.held_on ORDER BY t.held_on"
        }
        // a college or the school: the counts kept per day and college
        // (`talk_days`, V16), not the talks themselves
        (None, Some(_)) => {
            "SELECT held_on, n FROM talk_days
             WHERE college_id = ?3 AND held_on >= ?1 AND n > 0 AND ?2 IS NULL
             ORDER BY held_on"
        }
        (None, None) => {
            "SELECT held_on, sum(n) FROM talk_days
             WHERE held_on >= ?1 AND ?2 IS NULL AND ?3 IS NULL
             GROUP BY held_on HAVING sum(n) > 0 ORDER BY held_on"
        }
    })?;
    let rows = st.query_map(params![from, author, college], |r| {
        Ok((r.get(0)?, r.get::<_, i64>(1)? as usize))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
