//! The reads behind the compliance engine's rooms, shaped for a whole
//! college or the whole school (issue 16): integers first, each room's
//! label and latest check read once per room rather than once per
//! (counsellor, room), and no de-duplication in SQL — whose students live
//! in a room is put together in the app from the students it already read.

use chrono::NaiveDate;
use foldhash::{HashMap, HashMapExt};
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
    let mut out = HashMap::new();
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        out.insert(r.get(0)?, r.get(1)?);
    }
    Ok(out)
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
/// ordered by building and number, each with its latest standing check
/// (`room_marks`, kept by the checks' triggers: migration V19).
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
        "SELECT r.id, b.name || ' ' || r.number, m.last_checked_at
         FROM rooms r JOIN buildings b ON b.id = r.building_id
         LEFT JOIN room_marks m ON m.room_id = r.id
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

/// The students of a scope with their marks, each handed to `each` as it
/// is read (a school's 40,000 are not gathered first): by 学号 with their
/// names when `named`, else in no order and without them (each row read
/// from the class index and the marks, never the student's own row).
pub(crate) fn each_marks(
    conn: &Connection,
    counsellor: Option<i64>,
    college: Option<i64>,
    named: bool,
    mut each: impl FnMut(Marks),
) -> Result<()> {
    let (scope, p) = student_scope(counsellor, college);
    if p.is_empty() && !named {
        return each_student_marks(conn, each);
    }
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
    let mut rows = st.query(rusqlite::params_from_iter(p))?;
    while let Some(r) = rows.next()? {
        each(Marks {
            id: r.get(0)?,
            student_no: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            name: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            class_id: r.get(3)?,
            last_talk: day(r, 4)?,
            last_contact: day(r, 5)?,
            last_home_visit: day(r, 6)?,
            last_growth: day(r, 7)?,
        });
    }
    Ok(())
}

/// Every student with their marks, unnamed and in no order: the marks read
/// in one pass and each student's class from the class index (a search of
/// the marks per student costs more than the two passes: 11–12 ms against
/// 9–10 in sqlite3 at scale 1).
fn each_student_marks(conn: &Connection, mut each: impl FnMut(Marks)) -> Result<()> {
    let mut st = conn.prepare_cached(
        "SELECT student_id, last_talk_on, last_contact_on, last_home_visit_on, last_growth_on
         FROM student_marks",
    )?;
    let mut days: HashMap<i64, [Option<NaiveDate>; 4]> = HashMap::new();
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        days.insert(r.get(0)?, [day(r, 1)?, day(r, 2)?, day(r, 3)?, day(r, 4)?]);
    }
    let mut st = conn.prepare_cached("SELECT id, class_id FROM students")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let id = r.get(0)?;
        let [last_talk, last_contact, last_home_visit, last_growth] =
            days.remove(&id).unwrap_or_default();
        each(Marks {
            id,
            student_no: String::new(),
            name: String::new(),
            class_id: r.get(1)?,
            last_talk,
            last_contact,
            last_home_visit,
            last_growth,
        });
    }
    Ok(())
}
