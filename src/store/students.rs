//! Students, their guardians and their flags.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use crate::domain::student::{
    DormPlace, Flag, FlagKind, Gender, Guardian, StudentRecord, parse_date,
};
use crate::error::Result;

const SELECT: &str = "SELECT s.id, s.student_no, s.name, s.gender, s.college_id, co.name, s.major,
        s.class_id, cl.name, cl.counsellor_id, st.name, s.phone, s.id_number,
        bu.name, ro.number, be.label
    FROM students s
    JOIN colleges co ON co.id = s.college_id
    LEFT JOIN classes cl ON cl.id = s.class_id
    LEFT JOIN staff st ON st.id = cl.counsellor_id
    LEFT JOIN bed_assignments ba ON ba.student_id = s.id
    LEFT JOIN beds be ON be.id = ba.bed_id
    LEFT JOIN rooms ro ON ro.id = be.room_id
    LEFT JOIN buildings bu ON bu.id = ro.building_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StudentRecord> {
    let building: Option<String> = r.get(13)?;
    let room: Option<String> = r.get(14)?;
    let bed: Option<String> = r.get(15)?;
    Ok(StudentRecord {
        id: r.get(0)?,
        student_no: r.get(1)?,
        name: r.get(2)?,
        gender: r
            .get::<_, Option<String>>(3)?
            .and_then(|g| Gender::from_code(&g)),
        college_id: r.get(4)?,
        college: r.get(5)?,
        major: r.get(6)?,
        class_id: r.get(7)?,
        class: r.get(8)?,
        counsellor_id: r.get(9)?,
        counsellor: r.get(10)?,
        phone: r.get(11)?,
        id_number: r.get(12)?,
        dorm: match (building, room, bed) {
            (Some(building), Some(room), Some(bed)) => Some(DormPlace {
                building,
                room,
                bed,
            }),
            _ => None,
        },
        guardians: Vec::new(),
        flags: Vec::new(),
    })
}

/// Every student ordered by 学号, with flags; guardians only when asked
/// (the list screen does not need them).
pub(crate) fn all(conn: &Connection, with_guardians: bool) -> Result<Vec<StudentRecord>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY s.student_no"))?;
    let mut out: Vec<StudentRecord> = stmt
        .query_map([], from_row)?
        .collect::<std::result::Result<_, _>>()?;
    let pos: HashMap<i64, usize> = out.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    for (sid, flag) in standing_flags(conn, None)? {
        if let Some(&i) = pos.get(&sid) {
            out[i].flags.push(flag);
        }
    }
    if with_guardians {
        for (sid, g) in guardians(conn, None)? {
            if let Some(&i) = pos.get(&sid) {
                out[i].guardians.push(g);
            }
        }
    }
    Ok(out)
}

/// Every student ordered by 学号, with flags (no guardians), handed to `f`
/// one at a time as read: what [`all`] gives, without holding every record.
pub(crate) fn each(conn: &Connection, mut f: impl FnMut(StudentRecord)) -> Result<()> {
    let mut flags: HashMap<i64, Vec<Flag>> = HashMap::new();
    for (sid, flag) in standing_flags(conn, None)? {
        flags.entry(sid).or_default().push(flag);
    }
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY s.student_no"))?;
    for r in stmt.query_map([], from_row)? {
        let mut r = r?;
        if let Some(fl) = flags.remove(&r.id) {
            r.flags = fl;
        }
        f(r);
    }
    Ok(())
}

/// [`each`] for the students of one college and of one counsellor's
/// classes (wherever they are): a superset of what a staff member bound to
/// a college may see, read by index rather than the whole school. The
/// access policy still judges each record.
pub(crate) fn each_in(
    conn: &Connection,
    college: i64,
    counsellor: i64,
    mut f: impl FnMut(StudentRecord),
) -> Result<()> {
    let mut flags: HashMap<i64, Vec<Flag>> = HashMap::new();
    for (sid, flag) in standing_flags(conn, None)? {
        flags.entry(sid).or_default().push(flag);
    }
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE s.college_id = ?1
            OR s.class_id IN (SELECT id FROM classes WHERE counsellor_id = ?2)
         ORDER BY s.student_no"
    ))?;
    for r in stmt.query_map([college, counsellor], from_row)? {
        let mut r = r?;
        if let Some(fl) = flags.remove(&r.id) {
            r.flags = fl;
        }
        f(r);
    }
    Ok(())
}

/// The row id of the student with this 学号, if there is one.
pub(crate) fn id_by_number(conn: &Connection, student_no: &str) -> Result<Option<i64>> {
    use rusqlite::OptionalExtension;
    // every save about a student looks them up: prepared once
    Ok(conn
        .prepare_cached("SELECT id FROM students WHERE student_no = ?1")?
        .query_row([student_no], |r| r.get(0))
        .optional()?)
}

/// What a record about a student is decided on (who may write it): the
/// student by 学号 with her college and her class's counsellor — one
/// indexed read, where [`by_id`] joins her room, bed and guardians too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StudentRef {
    pub id: i64,
    pub student_no: String,
    pub name: String,
    pub college_id: i64,
    pub counsellor_id: Option<i64>,
}

pub(crate) fn ref_by_number(conn: &Connection, student_no: &str) -> Result<Option<StudentRef>> {
    use rusqlite::OptionalExtension;
    // every talk and family contact saved looks the student up: prepared once
    Ok(conn
        .prepare_cached(
            "SELECT s.id, s.student_no, s.name, s.college_id, c.counsellor_id
             FROM students s LEFT JOIN classes c ON c.id = s.class_id WHERE s.student_no = ?1",
        )?
        .query_row([student_no], |r| {
            Ok(StudentRef {
                id: r.get(0)?,
                student_no: r.get(1)?,
                name: r.get(2)?,
                college_id: r.get(3)?,
                counsellor_id: r.get(4)?,
            })
        })
        .optional()?)
}

pub(crate) fn by_id(conn: &Connection, id: i64) -> Result<Option<StudentRecord>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE s.id = ?1"))?;
    let mut rows = stmt.query_map([id], from_row)?;
    let Some(rec) = rows.next().transpose()? else {
        return Ok(None);
    };
    let mut rec = rec;
    rec.flags = standing_flags(conn, Some(id))?
        .into_iter()
        .map(|(_, f)| f)
        .collect();
    rec.guardians = guardians(conn, Some(id))?
        .into_iter()
        .map(|(_, g)| g)
        .collect();
    Ok(Some(rec))
}

fn standing_flags(conn: &Connection, student: Option<i64>) -> Result<Vec<(i64, Flag)>> {
    // one student: by index; everyone: one scan (an `?1 IS NULL OR` filter would scan for each)
    let sql = match student {
        Some(_) => {
            "SELECT student_id, kind, level, since, note FROM student_flags
               WHERE student_id = ?1 AND cleared_at IS NULL ORDER BY id"
        }
        None => {
            "SELECT student_id, kind, level, since, note FROM student_flags
               WHERE cleared_at IS NULL AND ?1 IS NULL ORDER BY student_id, id"
        }
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([student], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (sid, kind, level, since, note) = row?;
        // A kind this build does not know (written by a newer one) is skipped, not fatal.
        if let Some(kind) = FlagKind::from_code(&kind) {
            out.push((
                sid,
                Flag {
                    kind,
                    level,
                    since: since.as_deref().and_then(parse_date),
                    note,
                },
            ));
        }
    }
    out.sort_by_key(|(sid, f)| (*sid, f.kind));
    Ok(out)
}

fn guardians(conn: &Connection, student: Option<i64>) -> Result<Vec<(i64, Guardian)>> {
    let sql = match student {
        Some(_) => {
            "SELECT student_id, name, relation, phone FROM guardians WHERE student_id = ?1 ORDER BY position"
        }
        None => {
            "SELECT student_id, name, relation, phone FROM guardians WHERE ?1 IS NULL ORDER BY student_id, position"
        }
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([student], |r| {
        Ok((
            r.get(0)?,
            Guardian {
                name: r.get(1)?,
                relation: r.get(2)?,
                phone: r.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The scalar fields of a student row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StudentData {
    pub student_no: String,
    pub name: String,
    pub gender: Option<Gender>,
    pub college_id: i64,
    pub major: Option<String>,
    pub class_id: Option<i64>,
    pub phone: Option<String>,
    pub id_number: Option<String>,
}

pub(crate) fn insert(conn: &Connection, d: &StudentData, at: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO students(student_no, name, gender, college_id, major, class_id, phone, id_number, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?
    .execute(params![d.student_no, d.name, d.gender.map(Gender::code), d.college_id, d.major, d.class_id, d.phone, d.id_number, at])?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn update(conn: &Connection, id: i64, d: &StudentData, at: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE students SET name = ?2, gender = ?3, college_id = ?4, major = ?5, class_id = ?6, phone = ?7,
         id_number = ?8, updated_at = ?9 WHERE id = ?1",
    )?
    .execute(params![id, d.name, d.gender.map(Gender::code), d.college_id, d.major, d.class_id, d.phone, d.id_number, at])?;
    Ok(())
}

pub(crate) fn replace_guardians(conn: &Connection, student_id: i64, gs: &[Guardian]) -> Result<()> {
    conn.prepare_cached("DELETE FROM guardians WHERE student_id = ?1")?
        .execute([student_id])?;
    add_guardians(conn, student_id, gs)
}

/// The guardians of a student who has none yet (one just added).
pub(crate) fn add_guardians(conn: &Connection, student_id: i64, gs: &[Guardian]) -> Result<()> {
    let mut ins =
        conn.prepare_cached("INSERT INTO guardians(student_id, position, name, relation, phone) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for (i, g) in gs.iter().enumerate() {
        ins.execute(params![
            student_id,
            i as i64 + 1,
            g.name,
            g.relation,
            g.phone
        ])?;
    }
    Ok(())
}

/// Sets a flag: the standing one of that kind (if any) is cleared and a new
/// row added, so the history stays.
pub(crate) fn set_flag(
    conn: &Connection,
    student_id: i64,
    flag: &Flag,
    by: i64,
    at: &str,
) -> Result<()> {
    clear_flag(conn, student_id, flag.kind, by, at)?;
    conn.prepare_cached(
        "INSERT INTO student_flags(student_id, kind, level, since, note, set_at, set_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        student_id,
        flag.kind.code(),
        flag.level,
        flag.since.map(|d| d.to_string()),
        flag.note,
        at,
        by
    ])?;
    Ok(())
}

/// Clears the standing flag of a kind; `false` if none stood.
pub(crate) fn clear_flag(
    conn: &Connection,
    student_id: i64,
    kind: FlagKind,
    by: i64,
    at: &str,
) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE student_flags SET cleared_at = ?3, cleared_by = ?4
             WHERE student_id = ?1 AND kind = ?2 AND cleared_at IS NULL",
        )?
        .execute(params![student_id, kind.code(), at, by])?;
    Ok(n > 0)
}

/// Every version of a student's flags, oldest first:
/// (kind, level, since, note, set_at, cleared_at).
pub(crate) type FlagHistoryRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
);

pub(crate) fn flag_history(conn: &Connection, student_id: i64) -> Result<Vec<FlagHistoryRow>> {
    let mut stmt = conn.prepare(
        "SELECT kind, level, since, note, set_at, cleared_at FROM student_flags WHERE student_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([student_id], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Every student's 学号 by row id.
pub(crate) fn numbers(conn: &Connection) -> Result<HashMap<i64, String>> {
    let mut stmt = conn.prepare("SELECT id, student_no FROM students")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Every student's (college, counsellor of their class) by row id: how a
/// record about them stands to a reader.
pub(crate) fn scopes(conn: &Connection) -> Result<HashMap<i64, (i64, Option<i64>)>> {
    let mut stmt = conn.prepare(
        "SELECT s.id, s.college_id, c.counsellor_id FROM students s LEFT JOIN classes c ON c.id = s.class_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
