//! The reads behind the compliance engine's rooms, shaped for a whole
//! college or the whole school (issue 16): integers first, each room's
//! label and latest check read once per room rather than once per
//! (counsellor, room), and no de-duplication in SQL — whose students live
//! in a room is put together in the app from the students it already read.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use rusqlite::types::ValueRef;

use crate::domain::student::parse_date;
use crate::error::Result;
use crate::store::scope_reads::student_scope;

/// Every class's counsellor: class id -> counsellor id (classes without a
/// counsellor are left out).
pub(crate) fn class_counsellors(conn: &Connection) -> Result<HashMap<i64, i64>> {
    let mut st = conn
        .prepare_cached("SELECT id, counsellor_id FROM classes WHERE counsellor_id IS NOT NULL")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The room of each student of a scope who has a bed: (student id, room id).
pub(crate) fn student_rooms(
    conn: &Connection,
    counsellor: Option<i64>,
    college: Option<i64>,
) -> Result<Vec<(i64, i64)>> {
    let (scope, p) = student_scope(counsellor, college);
    let sql = if p.is_empty() {
        // everyone: the assignments alone, in bed order (beds read in order)
        "SELECT a.student_id, be.room_id FROM bed_assignments a JOIN beds be ON be.id = a.bed_id"
            .to_string()
    } else {
        format!(
            "SELECT s.id, be.room_id FROM students s JOIN bed_assignments a ON a.student_id = s.id
             JOIN beds be ON be.id = a.bed_id WHERE {scope}"
        )
    };
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(p), |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// A room as the 14-day rule reads it: (room id, "building number", when
/// its latest standing check — not superseded, not skipped — was saved).
pub(crate) type RoomLast = (i64, String, Option<String>);

/// The rooms housing the students of a scope (every room for everyone),
/// ordered by building and number, each with its latest standing check:
/// one search of `room_checks_last` per room.
pub(crate) fn rooms_last_checked(
    conn: &Connection,
    counsellor: Option<i64>,
    college: Option<i64>,
) -> Result<Vec<RoomLast>> {
    let (scope, p) = student_scope(counsellor, college);
    // everyone: every room (those housing nobody are a few, and cheaper
    // than gathering the housed ones first)
    let housed = if p.is_empty() {
        "1".to_string()
    } else {
        format!(
            "r.id IN (SELECT be.room_id FROM students s JOIN bed_assignments a ON a.student_id = s.id
             JOIN beds be ON be.id = a.bed_id WHERE {scope})"
        )
    };
    let mut st = conn.prepare_cached(&format!(
        "SELECT r.id, b.name || ' ' || r.number,
                (SELECT max(k.saved_at) FROM room_checks k
                 WHERE k.room_id = r.id AND k.superseded_by IS NULL AND k.skipped_reason IS NULL)
         FROM rooms r JOIN buildings b ON b.id = r.building_id
         WHERE {housed}
         ORDER BY b.name, r.number"
    ))?;
    let rows = st.query_map(rusqlite::params_from_iter(p), |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// A student as the compliance engine reads them: the class (whose
/// counsellor comes from [`class_counsellors`], not a join per student) and
/// the days of the marks, parsed as they are read (no text kept per date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marks {
    pub id: i64,
    /// Empty when read without names (a summary that only counts).
    pub student_no: String,
    pub name: String,
    pub class_id: Option<i64>,
    pub last_talk: Option<NaiveDate>,
    pub last_contact: Option<NaiveDate>,
    pub last_home_visit: Option<NaiveDate>,
    pub last_growth: Option<NaiveDate>,
}

fn day(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(match r.get_ref(i)? {
        ValueRef::Text(t) => std::str::from_utf8(t).ok().and_then(parse_date),
        _ => None,
    })
}

/// The students of a scope with their marks: by 学号 with their names when
/// `named`, else in no order and without them (each row read from the
/// class index and the marks, never the student's own row).
pub(crate) fn marks(
    conn: &Connection,
    counsellor: Option<i64>,
    college: Option<i64>,
    named: bool,
) -> Result<Vec<Marks>> {
    let (scope, p) = student_scope(counsellor, college);
    let (names, order) = if named {
        ("s.student_no, s.name", "ORDER BY s.student_no")
    } else {
        ("NULL, NULL", "")
    };
    let mut st = conn.prepare_cached(&format!(
        "SELECT s.id, {names}, s.class_id,
                m.last_talk_on, m.last_contact_on, m.last_home_visit_on, m.last_growth_on
         FROM students s LEFT JOIN student_marks m ON m.student_id = s.id
         WHERE {scope} {order}"
    ))?;
    let rows = st.query_map(rusqlite::params_from_iter(p), |r| {
        Ok(Marks {
            id: r.get(0)?,
            student_no: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            name: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            class_id: r.get(3)?,
            last_talk: day(r, 4)?,
            last_contact: day(r, 5)?,
            last_home_visit: day(r, 6)?,
            last_growth: day(r, 7)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
