//! What the periodic reports read: talks, key-concern flags and sweeps of a
//! college (or of every college) within a run of days. Local dates
//! (`held_on`) compare as `YYYY-MM-DD`; stored instants (`set_at`) against
//! bounds from [`crate::domain::clock::day_bounds`].

use rusqlite::{Connection, params};

use crate::error::Result;

/// A talk held in the period: (kind code, author id, author name, student id).
pub(crate) type TalkRow = (String, i64, String, i64);

/// Talks held from `from` to `to` (local dates, both included) with
/// students of `college` (every college: `None`); corrections are not
/// talks of their own and are left out.
pub(crate) fn talks_in(
    conn: &Connection,
    from: &str,
    to: &str,
    college: Option<i64>,
) -> Result<Vec<TalkRow>> {
    // a college's talks by its students and (student, held_on); everyone's
    // by `talks_held` (an `?3 IS NULL OR` would read every talk)
    let mut st = conn.prepare_cached(if college.is_some() {
        "SELECT t.kind, t.author_id, a.name, t.student_id
         FROM students s CROSS JOIN talks t ON t.student_id = s.id
         JOIN staff a ON a.id = t.author_id
         WHERE s.college_id = ?3 AND t.held_on >= ?1 AND t.held_on <= ?2 AND t.amends IS NULL
         ORDER BY t.held_on, t.id"
    } else {
        "SELECT t.kind, t.author_id, a.name, t.student_id
         FROM talks t JOIN staff a ON a.id = t.author_id
         WHERE t.held_on >= ?1 AND t.held_on <= ?2 AND t.amends IS NULL AND ?3 IS NULL
         ORDER BY t.held_on, t.id"
    })?;
    let rows = st.query_map(params![from, to, college], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// One version of a key-concern flag, with its student.
#[derive(Debug, Clone)]
pub(crate) struct ConcernRow {
    pub student_id: i64,
    pub student_no: String,
    pub name: String,
    pub class: Option<String>,
    pub counsellor: Option<String>,
    pub level: Option<String>,
    pub since: Option<String>,
    pub note: Option<String>,
    pub set_at: String,
    pub cleared_at: Option<String>,
    pub last_talk_on: Option<String>,
}

const CONCERN_SELECT: &str = "SELECT f.student_id, s.student_no, s.name, c.name, k.name,
        f.level, f.since, f.note, f.set_at, f.cleared_at, m.last_talk_on
     FROM student_flags f JOIN students s ON s.id = f.student_id
     LEFT JOIN classes c ON c.id = s.class_id
     LEFT JOIN staff k ON k.id = c.counsellor_id
     LEFT JOIN student_marks m ON m.student_id = s.id
     WHERE f.kind = 'key_concern' AND (?3 IS NULL OR s.college_id = ?3)";

fn concern(r: &rusqlite::Row<'_>) -> rusqlite::Result<ConcernRow> {
    Ok(ConcernRow {
        student_id: r.get(0)?,
        student_no: r.get(1)?,
        name: r.get(2)?,
        class: r.get(3)?,
        counsellor: r.get(4)?,
        level: r.get(5)?,
        since: r.get(6)?,
        note: r.get(7)?,
        set_at: r.get(8)?,
        cleared_at: r.get(9)?,
        last_talk_on: r.get(10)?,
    })
}

/// Every version of a key-concern flag set or cleared within `[lo, hi)`
/// (stored instants), by student and in the order written.
pub(crate) fn concern_changes(
    conn: &Connection,
    lo: &str,
    hi: &str,
    college: Option<i64>,
) -> Result<Vec<ConcernRow>> {
    let mut st = conn.prepare_cached(&format!(
        "{CONCERN_SELECT} AND ((f.set_at >= ?1 AND f.set_at < ?2)
            OR (f.cleared_at >= ?1 AND f.cleared_at < ?2))
         ORDER BY f.student_id, f.id"
    ))?;
    let rows = st.query_map(params![lo, hi, college], concern)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The key-concern flags standing at `at` (a stored instant: the end of
/// the period), by 学号.
pub(crate) fn concerns_standing(
    conn: &Connection,
    at: &str,
    college: Option<i64>,
) -> Result<Vec<ConcernRow>> {
    let mut st = conn.prepare_cached(&format!(
        "{CONCERN_SELECT} AND f.set_at < ?1 AND (f.cleared_at IS NULL OR f.cleared_at >= ?2)
         ORDER BY s.student_no"
    ))?;
    let rows = st.query_map(params![at, at, college], concern)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// (college name, psychological?, date, note).
pub(crate) type SweepRow = (String, bool, String, Option<String>);

/// Sweeps of the special groups held from `from` to `to` (local dates):
/// (college name, psychological?, date, note).
pub(crate) fn sweeps_in(
    conn: &Connection,
    from: &str,
    to: &str,
    college: Option<i64>,
) -> Result<Vec<SweepRow>> {
    let mut st = conn.prepare_cached(
        "SELECT c.name, w.psych, w.held_on, w.note FROM special_sweeps w
         JOIN colleges c ON c.id = w.college_id
         WHERE w.held_on >= ?1 AND w.held_on <= ?2 AND (?3 IS NULL OR w.college_id = ?3)
         ORDER BY w.held_on, w.id",
    )?;
    let rows = st.query_map(params![from, to, college], |r| {
        Ok((r.get(0)?, r.get::<_, i64>(1)? != 0, r.get(2)?, r.get(3)?))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
