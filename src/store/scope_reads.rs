//! The records of a scope (one counsellor's classes, a college, the
//! school) as the compliance engine and the rosters read them: each
//! student with the rollup of their last talk, contact and visit
//! (`student_marks`), standing flags, the class ledger's marks, the
//! classes. Reads only; the writes that keep the rollup are in
//! `records.rs`, which re-exports these.

use rusqlite::{Connection, params};

use crate::domain::records::Support;
use crate::error::Result;

/// A student as the compliance engine reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MarkRow {
    pub id: i64,
    pub student_no: String,
    pub name: String,
    pub class_id: Option<i64>,
    pub counsellor_id: Option<i64>,
    pub last_talk_on: Option<String>,
    pub last_contact_on: Option<String>,
    pub last_home_visit_on: Option<String>,
    pub last_growth_on: Option<String>,
}

/// The students of one counsellor's classes, or of a college (all when
/// both are `None`), with their marks.
pub(crate) fn marks(
    conn: &Connection,
    counsellor: Option<i64>,
    college: Option<i64>,
) -> Result<Vec<MarkRow>> {
    let (scope, p) = student_scope(counsellor, college);
    let mut st = conn.prepare_cached(&format!(
        "SELECT s.id, s.student_no, s.name, s.class_id, c.counsellor_id,
                m.last_talk_on, m.last_contact_on, m.last_home_visit_on, m.last_growth_on
         FROM students s LEFT JOIN classes c ON c.id = s.class_id
         LEFT JOIN student_marks m ON m.student_id = s.id
         WHERE {scope} ORDER BY s.student_no"
    ))?;
    let rows = st.query_map(rusqlite::params_from_iter(p), |r| {
        Ok(MarkRow {
            id: r.get(0)?,
            student_no: r.get(1)?,
            name: r.get(2)?,
            class_id: r.get(3)?,
            counsellor_id: r.get(4)?,
            last_talk_on: r.get(5)?,
            last_contact_on: r.get(6)?,
            last_home_visit_on: r.get(7)?,
            last_growth_on: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Standing flags of the same scope: (student id, kind code, since).
pub(crate) fn standing_flags(
    conn: &Connection,
    counsellor: Option<i64>,
    college: Option<i64>,
) -> Result<Vec<(i64, String, Option<String>)>> {
    let (scope, p) = student_scope(counsellor, college);
    let sql = if p.is_empty() {
        // everyone: the flags alone, no join
        "SELECT student_id, kind, since FROM student_flags WHERE cleared_at IS NULL".to_string()
    } else {
        format!(
            "SELECT f.student_id, f.kind, f.since FROM students s
             JOIN student_flags f ON f.student_id = s.id AND f.cleared_at IS NULL WHERE {scope}"
        )
    };
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(p), |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The standing support rows of a scope's students: student id -> support.
pub(crate) fn all_support(
    conn: &Connection,
    counsellor: Option<i64>,
    college: Option<i64>,
) -> Result<foldhash::HashMap<i64, Support>> {
    let (scope, p) = student_scope(counsellor, college);
    let mut st = conn.prepare_cached(&format!(
        "SELECT x.student_id, x.academic_mentor, x.affairs_teacher, x.peer_student, x.plan
         FROM students s JOIN special_support x ON x.student_id = s.id AND x.superseded_at IS NULL
         WHERE {scope}"
    ))?;
    let rows = st.query_map(rusqlite::params_from_iter(p), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Support {
                academic_mentor: r.get(1)?,
                affairs_teacher: r.get(2)?,
                peer_student: r.get(3)?,
                plan: r.get(4)?,
            },
        ))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Students of a scope, as a WHERE clause on `s` and its parameters: the
/// counsellor's classes, else the college, else everyone. Written so that
/// SQLite uses the indexes (no `?1 IS NULL OR …`).
pub(crate) fn student_scope(
    counsellor: Option<i64>,
    college: Option<i64>,
) -> (&'static str, Vec<i64>) {
    match (counsellor, college) {
        (Some(c), _) => (
            "s.class_id IN (SELECT id FROM classes WHERE counsellor_id = ?1)",
            vec![c],
        ),
        (None, Some(g)) => ("s.college_id = ?1", vec![g]),
        (None, None) => ("1", Vec::new()),
    }
}

/// (class, author, kind code, local date) of a ledger record.
pub(crate) type LedgerMark = (Option<i64>, i64, String, String);

/// The class ledger since `from` (a local date) for the classes of a scope,
/// and the lecture visits of its counsellors: (class, author, kind, date).
pub(crate) fn ledger_marks(
    conn: &Connection,
    from: &str,
    counsellor: Option<i64>,
    college: Option<i64>,
) -> Result<Vec<LedgerMark>> {
    // two index searches (by class, by author) rather than one scan
    let (classes, authors) = match (counsellor, college) {
        (Some(_), _) => (
            "SELECT id FROM classes WHERE counsellor_id = ?2",
            "SELECT ?2",
        ),
        (None, Some(_)) => (
            "SELECT id FROM classes WHERE college_id = ?2",
            "SELECT id FROM staff WHERE college_id = ?2",
        ),
        (None, None) => (
            "SELECT id FROM classes WHERE ?2 IS NULL",
            "SELECT id FROM staff WHERE ?2 IS NULL",
        ),
    };
    let mut st = conn.prepare_cached(&format!(
        "SELECT l.class_id, l.author_id, l.kind, l.held_on FROM class_ledger l
         WHERE l.class_id IN ({classes}) AND l.held_on >= ?1 AND l.amends IS NULL
         UNION ALL
         SELECT l.class_id, l.author_id, l.kind, l.held_on FROM class_ledger l
         WHERE l.class_id IS NULL AND l.author_id IN ({authors}) AND l.held_on >= ?1 AND l.amends IS NULL"
    ))?;
    let rows = st.query_map(params![from, counsellor.or(college)], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Classes of a counsellor or a college: (id, name, counsellor id).
pub(crate) fn classes(
    conn: &Connection,
    counsellor: Option<i64>,
    college: Option<i64>,
) -> Result<Vec<(i64, String, Option<i64>)>> {
    let (scope, p) = match (counsellor, college) {
        (Some(c), _) => ("counsellor_id = ?1", vec![c]),
        (None, Some(g)) => ("college_id = ?1", vec![g]),
        (None, None) => ("1", Vec::new()),
    };
    let mut st = conn.prepare_cached(&format!(
        "SELECT id, name, counsellor_id FROM classes WHERE {scope} ORDER BY name"
    ))?;
    let rows = st.query_map(rusqlite::params_from_iter(p), |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
