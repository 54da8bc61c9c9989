//! Buildings, rooms, beds and who sleeps in which.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::student::Gender;
use crate::error::Result;

pub(crate) use crate::domain::dorm::DormRoom;

pub(crate) fn building_get_or_create(
    conn: &Connection,
    name: &str,
    gender: Option<Gender>,
    at: &str,
) -> Result<(i64, bool)> {
    if let Some(id) = conn
        .prepare_cached("SELECT id FROM buildings WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?
    {
        return Ok((id, false));
    }
    conn.prepare_cached("INSERT INTO buildings(name, gender, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![name, gender.map(Gender::code), at])?;
    Ok((conn.last_insert_rowid(), true))
}

/// (id, name, gender) of every building.
pub(crate) fn buildings(conn: &Connection) -> Result<Vec<(i64, String, Option<Gender>)>> {
    let mut stmt = conn.prepare("SELECT id, name, gender FROM buildings ORDER BY name")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get::<_, Option<String>>(2)?
                .and_then(|g| Gender::from_code(&g)),
        ))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

const ROOM_SELECT: &str =
    "SELECT r.id, r.building_id, b.name, r.number, r.floor, r.capacity, r.gender
         FROM rooms r JOIN buildings b ON b.id = r.building_id";

fn room_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DormRoom> {
    Ok(DormRoom {
        id: r.get(0)?,
        building_id: r.get(1)?,
        building: r.get(2)?,
        number: r.get(3)?,
        floor: r.get(4)?,
        capacity: r.get(5)?,
        gender: r
            .get::<_, Option<String>>(6)?
            .and_then(|g| Gender::from_code(&g)),
    })
}

/// One room by id.
pub(crate) fn room(conn: &Connection, id: i64) -> Result<Option<DormRoom>> {
    Ok(conn
        .prepare_cached(&format!("{ROOM_SELECT} WHERE r.id = ?1"))?
        .query_row([id], room_row)
        .optional()?)
}

pub(crate) fn rooms(conn: &Connection) -> Result<Vec<DormRoom>> {
    let mut stmt = conn.prepare(&format!("{ROOM_SELECT} ORDER BY b.name, r.floor, r.number"))?;
    let rows = stmt.query_map([], room_row)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub(crate) fn room_insert(
    conn: &Connection,
    building_id: i64,
    number: &str,
    floor: Option<i32>,
    capacity: Option<i64>,
    gender: Option<Gender>,
) -> Result<i64> {
    conn.prepare_cached("INSERT INTO rooms(building_id, number, floor, capacity, gender) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![building_id, number, floor, capacity, gender.map(Gender::code)])?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn room_update(
    conn: &Connection,
    id: i64,
    floor: Option<i32>,
    capacity: Option<i64>,
    gender: Option<Gender>,
) -> Result<()> {
    conn.prepare_cached("UPDATE rooms SET floor = ?2, capacity = ?3, gender = ?4 WHERE id = ?1")?
        .execute(params![id, floor, capacity, gender.map(Gender::code)])?;
    Ok(())
}

/// (bed id, room id, label) of every bed.
pub(crate) fn beds(conn: &Connection) -> Result<Vec<(i64, i64, String)>> {
    let mut stmt = conn.prepare("SELECT id, room_id, label FROM beds ORDER BY room_id, label")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub(crate) fn bed_insert(conn: &Connection, room_id: i64, label: &str) -> Result<i64> {
    conn.prepare_cached("INSERT INTO beds(room_id, label) VALUES (?1, ?2)")?
        .execute(params![room_id, label])?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn bed_delete(conn: &Connection, bed_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM beds WHERE id = ?1")?
        .execute([bed_id])?;
    Ok(())
}

/// (bed id, student id) of every assignment.
pub(crate) fn assignments(conn: &Connection) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare("SELECT bed_id, student_id FROM bed_assignments")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Puts a student in a bed, moving them out of any other bed.
pub(crate) fn assign(conn: &Connection, bed_id: i64, student_id: i64, at: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM bed_assignments WHERE student_id = ?1 OR bed_id = ?2")?
        .execute(params![student_id, bed_id])?;
    assign_free(conn, bed_id, student_id, at)
}

/// [`assign`] of a bed to a student the caller knows hold none (an
/// import, which has every assignment in hand): nothing to take away
/// first. Were either still held, the keys refuse it.
pub(crate) fn assign_free(conn: &Connection, bed_id: i64, student_id: i64, at: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO bed_assignments(bed_id, student_id, since) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![bed_id, student_id, at])?;
    Ok(())
}

pub(crate) fn unassign_student(conn: &Connection, student_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM bed_assignments WHERE student_id = ?1")?
        .execute([student_id])?;
    Ok(())
}

/// The others in a student's room: (bed, student id, 学号, name).
pub(crate) fn roommates(
    conn: &Connection,
    student_id: i64,
) -> Result<Vec<(String, i64, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT b2.label, s.id, s.student_no, s.name
         FROM bed_assignments a JOIN beds b ON b.id = a.bed_id
         JOIN beds b2 ON b2.room_id = b.room_id
         JOIN bed_assignments a2 ON a2.bed_id = b2.id
         JOIN students s ON s.id = a2.student_id
         WHERE a.student_id = ?1 AND a2.student_id <> ?1
         ORDER BY b2.label",
    )?;
    let rows = stmt.query_map([student_id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Rooms where students of counsellor `counsellor_id` have a bed.
pub(crate) fn rooms_of_counsellor(
    conn: &Connection,
    counsellor_id: i64,
) -> Result<std::collections::HashSet<i64>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT be.room_id FROM bed_assignments a JOIN beds be ON be.id = a.bed_id
         JOIN students s ON s.id = a.student_id JOIN classes c ON c.id = s.class_id WHERE c.counsellor_id = ?1",
    )?;
    let rows = stmt.query_map([counsellor_id], |r| r.get(0))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// A room's beds, each with the student assigned to it: (label, student id).
pub(crate) fn beds_of_room(conn: &Connection, room_id: i64) -> Result<Vec<(String, Option<i64>)>> {
    let mut stmt = conn.prepare(
        "SELECT be.label, a.student_id FROM beds be LEFT JOIN bed_assignments a ON a.bed_id = be.id WHERE be.room_id = ?1",
    )?;
    let rows = stmt.query_map([room_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// One student in a bed: where, and whose student they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resident {
    pub room_id: i64,
    pub building_id: i64,
    pub floor: Option<i32>,
    pub number: String,
    pub student_id: i64,
    pub counsellor_id: Option<i64>,
}

/// Every student with a bed, by room then bed label.
pub(crate) fn residents(conn: &Connection) -> Result<Vec<Resident>> {
    let mut stmt = conn.prepare(
        "SELECT be.room_id, r.building_id, r.floor, r.number, a.student_id, c.counsellor_id
         FROM bed_assignments a JOIN beds be ON be.id = a.bed_id JOIN rooms r ON r.id = be.room_id
         JOIN students s ON s.id = a.student_id LEFT JOIN classes c ON c.id = s.class_id ORDER BY be.room_id, be.label",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Resident {
            room_id: r.get(0)?,
            building_id: r.get(1)?,
            floor: r.get(2)?,
            number: r.get(3)?,
            student_id: r.get(4)?,
            counsellor_id: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
