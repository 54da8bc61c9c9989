//! Home visits (家访) and growth-file entries (成长档案), and the
//! financially-difficult students they are kept for. Each original raises
//! the student's mark (`student_marks`) in the same transaction; an
//! amendment (a new row naming the original) does not count again.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::records::bump;
use crate::error::Result;

pub(crate) struct NewVisit<'a> {
    pub student_id: i64,
    pub author_id: i64,
    pub visited_on: &'a str,
    pub mode: &'a str,
    pub address: Option<&'a str>,
    pub family: &'a str,
    pub needs: Option<&'a str>,
    pub next_step: Option<&'a str>,
    /// Who went (the author is added if missing).
    pub went: &'a [i64],
    pub amends: Option<i64>,
    pub written_at: &'a str,
    pub written_by: i64,
}

pub(crate) fn insert_visit(tx: &Connection, v: &NewVisit<'_>) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO home_visits(student_id, author_id, visited_on, mode, address, family, needs,
            next_step, amends, written_at, written_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        v.student_id,
        v.author_id,
        v.visited_on,
        v.mode,
        v.address,
        v.family,
        v.needs,
        v.next_step,
        v.amends,
        v.written_at,
        v.written_by
    ])?;
    let id = tx.last_insert_rowid();
    let mut st = tx.prepare_cached(
        "INSERT OR IGNORE INTO home_visit_staff(visit_id, staff_id) VALUES (?1, ?2)",
    )?;
    st.execute(params![id, v.author_id])?;
    for s in v.went {
        st.execute(params![id, s])?;
    }
    if v.amends.is_none() {
        bump(tx, v.student_id, "last_home_visit_on", v.visited_on)?;
    }
    Ok(id)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VisitRow {
    pub id: i64,
    pub student_id: i64,
    pub author_id: i64,
    pub author: String,
    pub visited_on: String,
    pub mode: String,
    pub address: Option<String>,
    pub family: String,
    pub needs: Option<String>,
    pub next_step: Option<String>,
    pub amends: Option<i64>,
    /// (staff id, name) of who went.
    pub went: Vec<(i64, String)>,
}

const VISIT_SELECT: &str = "SELECT v.id, v.student_id, v.author_id, a.name, v.visited_on, v.mode,
    v.address, v.family, v.needs, v.next_step, v.amends
    FROM home_visits v JOIN staff a ON a.id = v.author_id";

fn visit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<VisitRow> {
    Ok(VisitRow {
        id: r.get(0)?,
        student_id: r.get(1)?,
        author_id: r.get(2)?,
        author: r.get(3)?,
        visited_on: r.get(4)?,
        mode: r.get(5)?,
        address: r.get(6)?,
        family: r.get(7)?,
        needs: r.get(8)?,
        next_step: r.get(9)?,
        amends: r.get(10)?,
        went: Vec::new(),
    })
}

fn with_went(conn: &Connection, mut v: VisitRow) -> Result<VisitRow> {
    let mut st = conn.prepare_cached(
        "SELECT s.id, s.name FROM home_visit_staff w JOIN staff s ON s.id = w.staff_id
         WHERE w.visit_id = ?1 ORDER BY s.id = ?2 DESC, s.name",
    )?;
    let rows = st.query_map(params![v.id, v.author_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    v.went = rows.collect::<std::result::Result<_, _>>()?;
    Ok(v)
}

pub(crate) fn visit(conn: &Connection, id: i64) -> Result<Option<VisitRow>> {
    let v = conn
        .prepare_cached(&format!("{VISIT_SELECT} WHERE v.id = ?1"))?
        .query_row([id], visit_row)
        .optional()?;
    v.map(|v| with_went(conn, v)).transpose()
}

/// A student's home visits, originals and amendments, oldest first.
pub(crate) fn visits_of_student(conn: &Connection, student_id: i64) -> Result<Vec<VisitRow>> {
    let rows: Vec<VisitRow> = {
        let mut st = conn.prepare_cached(&format!(
            "{VISIT_SELECT} WHERE v.student_id = ?1 ORDER BY v.visited_on, v.id"
        ))?;
        let r = st.query_map([student_id], visit_row)?;
        r.collect::<std::result::Result<_, _>>()?
    };
    rows.into_iter().map(|v| with_went(conn, v)).collect()
}

pub(crate) struct NewGrowth<'a> {
    pub student_id: i64,
    pub author_id: i64,
    pub noted_on: &'a str,
    pub kind: &'a str,
    pub text: &'a str,
    pub amends: Option<i64>,
    pub written_at: &'a str,
    pub written_by: i64,
}

pub(crate) fn insert_growth(tx: &Connection, g: &NewGrowth<'_>) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO growth_entries(student_id, author_id, noted_on, kind, text, amends,
            written_at, written_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        g.student_id,
        g.author_id,
        g.noted_on,
        g.kind,
        g.text,
        g.amends,
        g.written_at,
        g.written_by
    ])?;
    let id = tx.last_insert_rowid();
    if g.amends.is_none() {
        bump(tx, g.student_id, "last_growth_on", g.noted_on)?;
    }
    Ok(id)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GrowthRow {
    pub id: i64,
    pub student_id: i64,
    pub author_id: i64,
    pub author: String,
    pub noted_on: String,
    pub kind: String,
    pub text: String,
    pub amends: Option<i64>,
}

const GROWTH_SELECT: &str = "SELECT g.id, g.student_id, g.author_id, a.name, g.noted_on, g.kind,
    g.text, g.amends FROM growth_entries g JOIN staff a ON a.id = g.author_id";

fn growth_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<GrowthRow> {
    Ok(GrowthRow {
        id: r.get(0)?,
        student_id: r.get(1)?,
        author_id: r.get(2)?,
        author: r.get(3)?,
        noted_on: r.get(4)?,
        kind: r.get(5)?,
        text: r.get(6)?,
        amends: r.get(7)?,
    })
}

pub(crate) fn growth(conn: &Connection, id: i64) -> Result<Option<GrowthRow>> {
    Ok(conn
        .prepare_cached(&format!("{GROWTH_SELECT} WHERE g.id = ?1"))?
        .query_row([id], growth_row)
        .optional()?)
}

/// A student's growth-file entries, originals and amendments, oldest first.
pub(crate) fn growth_of_student(conn: &Connection, student_id: i64) -> Result<Vec<GrowthRow>> {
    let mut st = conn.prepare_cached(&format!(
        "{GROWTH_SELECT} WHERE g.student_id = ?1 ORDER BY g.noted_on, g.id"
    ))?;
    let rows = st.query_map([student_id], growth_row)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// How many growth-file entries each student of a college (all when
/// `None`) has had since `since` (a day; corrections not counted again).
pub(crate) fn growth_counts_since(
    conn: &Connection,
    college: Option<i64>,
    since: &str,
) -> Result<HashMap<i64, usize>> {
    let mut st = conn.prepare_cached(
        "SELECT g.student_id, count(*) FROM growth_entries g
         JOIN students s ON s.id = g.student_id
         WHERE g.amends IS NULL AND g.noted_on >= ?1 AND (?2 IS NULL OR s.college_id = ?2)
         GROUP BY g.student_id",
    )?;
    let rows = st.query_map(params![since, college], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)? as usize))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// A financially-difficult student (standing flag), as the aid roster and
/// report read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AidStudentRow {
    pub id: i64,
    pub student_no: String,
    pub name: String,
    pub college_id: i64,
    pub class_id: Option<i64>,
    pub class: Option<String>,
    pub counsellor_id: Option<i64>,
    pub counsellor: Option<String>,
    pub level: Option<String>,
    pub last_home_visit_on: Option<String>,
    pub last_growth_on: Option<String>,
}

/// The financially-difficult students of a college (all when `None`), by
/// class and 学号.
pub(crate) fn aid_students(conn: &Connection, college: Option<i64>) -> Result<Vec<AidStudentRow>> {
    let mut st = conn.prepare_cached(
        "SELECT s.id, s.student_no, s.name, s.college_id, s.class_id, c.name, c.counsellor_id,
                k.name, f.level, m.last_home_visit_on, m.last_growth_on
         FROM student_flags f JOIN students s ON s.id = f.student_id
         LEFT JOIN classes c ON c.id = s.class_id
         LEFT JOIN staff k ON k.id = c.counsellor_id
         LEFT JOIN student_marks m ON m.student_id = s.id
         WHERE f.kind = 'financial_difficulty' AND f.cleared_at IS NULL
           AND (?1 IS NULL OR s.college_id = ?1)
         GROUP BY s.id
         ORDER BY c.name, s.student_no",
    )?;
    let rows = st.query_map([college], |r| {
        Ok(AidStudentRow {
            id: r.get(0)?,
            student_no: r.get(1)?,
            name: r.get(2)?,
            college_id: r.get(3)?,
            class_id: r.get(4)?,
            class: r.get(5)?,
            counsellor_id: r.get(6)?,
            counsellor: r.get(7)?,
            level: r.get(8)?,
            last_home_visit_on: r.get(9)?,
            last_growth_on: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// What was done for each student between two local dates (both
/// included): (home visits — records and family contacts made as a home
/// visit, originals only — and growth-file entries, originals only).
pub(crate) fn activity_between(
    conn: &Connection,
    from: &str,
    to: &str,
) -> Result<HashMap<i64, (usize, usize)>> {
    let mut out: HashMap<i64, (usize, usize)> = HashMap::new();
    for (sql, growth) in [
        (
            "SELECT student_id, count(*) FROM home_visits
             WHERE amends IS NULL AND visited_on >= ?1 AND visited_on <= ?2 GROUP BY student_id",
            false,
        ),
        (
            "SELECT student_id, count(*) FROM parent_contacts
             WHERE amends IS NULL AND channel IN ('home_visit','home_visit_online')
               AND contacted_on >= ?1 AND contacted_on <= ?2 GROUP BY student_id",
            false,
        ),
        (
            "SELECT student_id, count(*) FROM growth_entries
             WHERE amends IS NULL AND noted_on >= ?1 AND noted_on <= ?2 GROUP BY student_id",
            true,
        ),
    ] {
        let mut st = conn.prepare_cached(sql)?;
        let rows = st.query_map([from, to], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?;
        for row in rows {
            let (sid, n) = row?;
            let e = out.entry(sid).or_default();
            if growth {
                e.1 += n as usize;
            } else {
                e.0 += n as usize;
            }
        }
    }
    Ok(out)
}

/// Every active staff member (for the "who went" field): (id, login, name).
pub(crate) fn staff_names(conn: &Connection) -> Result<Vec<(i64, String, String)>> {
    let mut st =
        conn.prepare_cached("SELECT id, login, name FROM staff WHERE active = 1 ORDER BY login")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
