//! Rows in bulk, for the generated university of `zhiban bench`: the
//! plain inserts of each record kind as prepared statements, and the
//! look-ups the generator needs. Used inside one `Store::write`, so the
//! trail hashes every record as it would any other write's.

use rusqlite::{Connection, params};

use crate::error::Result;

/// Every occupied room: (room, building, its students).
pub(crate) fn occupied_rooms(c: &Connection) -> Result<Vec<(i64, i64, Vec<i64>)>> {
    let mut stmt = c.prepare(
        "SELECT r.id, r.building_id, ba.student_id FROM rooms r
         JOIN beds b ON b.room_id = r.id
         JOIN bed_assignments ba ON ba.bed_id = b.id
         ORDER BY r.id, ba.student_id",
    )?;
    let mut out: Vec<(i64, i64, Vec<i64>)> = Vec::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (room, building, student): (i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        match out.last_mut() {
            Some(last) if last.0 == room => last.2.push(student),
            _ => out.push((room, building, vec![student])),
        }
    }
    Ok(out)
}

/// Every student with their class's counsellor and their college.
pub(crate) fn students_and_counsellors(c: &Connection) -> Result<Vec<(i64, Option<i64>, i64)>> {
    let mut stmt = c.prepare(
        "SELECT s.id, c.counsellor_id, s.college_id FROM students s
         LEFT JOIN classes c ON c.id = s.class_id ORDER BY s.id",
    )?;
    let v = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// The staff holding `role`.
pub(crate) fn staff_with_role(c: &Connection, role: &str) -> Result<Vec<i64>> {
    let mut stmt =
        c.prepare("SELECT staff_id FROM staff_roles WHERE role = ?1 ORDER BY staff_id")?;
    let v = stmt
        .query_map([role], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

pub(crate) fn count(c: &Connection, table: &str) -> Result<i64> {
    Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
}

pub(crate) fn college_ids(c: &Connection) -> Result<Vec<i64>> {
    let mut stmt = c.prepare("SELECT id FROM colleges ORDER BY id")?;
    let v = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// A closed crisis case to copy: its kind, template version and template,
/// and its events (minutes after opening, kind, step, text).
pub(crate) type CaseShape = (
    String,
    String,
    String,
    Vec<(i64, String, Option<String>, Option<String>)>,
);

pub(crate) fn closed_case_shape(c: &Connection) -> Result<Option<CaseShape>> {
    let found: Option<(i64, String, String, String, String)> = c
        .query_row(
            "SELECT id, kind, template_version, template, opened_at FROM crisis_cases
             WHERE id IN (SELECT case_id FROM crisis_events WHERE kind = 'close')
             ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .ok();
    let Some((id, kind, version, template, opened)) = found else {
        return Ok(None);
    };
    let opened = crate::domain::clock::from_db(&opened);
    let mut stmt =
        c.prepare("SELECT at, kind, step, text FROM crisis_events WHERE case_id = ?1 ORDER BY id")?;
    let events = stmt
        .query_map([id], |r| {
            let at: String = r.get(0)?;
            Ok((at, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<Vec<(String, String, Option<String>, Option<String>)>>>()?
        .into_iter()
        .map(|(at, k, s, t)| {
            let mins = match (opened, crate::domain::clock::from_db(&at)) {
                (Some(o), Some(a)) => (a - o).num_minutes(),
                _ => 0,
            };
            (mins, k, s, t)
        })
        .collect();
    Ok(Some((kind, version, template, events)))
}

/// The indexes of `tables` (name, SQL), to drop before a bulk insert and
/// make again after, with the very same SQL.
pub(crate) fn indexes_of(c: &Connection, tables: &[&str]) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut stmt = c.prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY name",
    )?;
    for t in tables {
        let v = stmt
            .query_map([t], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<(String, String)>>>()?;
        out.extend(v);
    }
    Ok(out)
}

pub(crate) fn drop_indexes(c: &Connection, ix: &[(String, String)]) -> Result<()> {
    for (name, _) in ix {
        c.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    Ok(())
}

pub(crate) fn make_indexes(c: &Connection, ix: &[(String, String)]) -> Result<()> {
    for (_, sql) in ix {
        c.execute_batch(sql)?;
    }
    Ok(())
}

pub(crate) fn staff(
    c: &Connection,
    login: &str,
    name: &str,
    college: Option<i64>,
    phone: &str,
    role: &str,
    at: &str,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO staff (login, name, college_id, phone, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?
    .execute(params![login, name, college, phone, at])?;
    let id = c.last_insert_rowid();
    c.prepare_cached("INSERT INTO staff_roles (staff_id, role) VALUES (?1, ?2)")?
        .execute(params![id, role])?;
    Ok(id)
}

pub(crate) fn building(c: &Connection, name: &str, gender: &str, at: &str) -> Result<i64> {
    c.prepare_cached("INSERT INTO buildings (name, gender, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![name, gender, at])?;
    Ok(c.last_insert_rowid())
}

pub(crate) fn room(
    c: &Connection,
    building: i64,
    number: &str,
    floor: i64,
    beds: i64,
    gender: &str,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO rooms (building_id, number, floor, capacity, gender) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![building, number, floor, beds, gender])?;
    let id = c.last_insert_rowid();
    let mut bed = c.prepare_cached("INSERT INTO beds (room_id, label) VALUES (?1, ?2)")?;
    for b in 1..=beds {
        bed.execute(params![id, b.to_string()])?;
    }
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn talk(
    c: &Connection,
    student: i64,
    author: i64,
    held_at: &str,
    held_on: &str,
    kind: &str,
    summary: &str,
    sensitive: bool,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO talks (student_id, author_id, held_at, held_on, kind, summary, sensitive,
                            written_at, written_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?3, ?2)",
    )?
    .execute(params![
        student,
        author,
        held_at,
        held_on,
        kind,
        summary,
        sensitive as i64
    ])?;
    Ok(())
}

/// A finished patrol of `rooms` in `building`, begun at `at`.
pub(crate) fn patrol(
    c: &Connection,
    building: i64,
    staff: i64,
    at: &str,
    done: &str,
    rooms: &[i64],
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO patrols (kind, building_id, scope, staff_id, started_at, finished_at, position)
         VALUES ('centralised', ?1, 'all', ?2, ?3, ?4, ?5)",
    )?
    .execute(params![building, staff, at, done, rooms.len() as i64])?;
    let id = c.last_insert_rowid();
    let mut pr =
        c.prepare_cached("INSERT INTO patrol_rooms (patrol_id, seq, room_id) VALUES (?1, ?2, ?3)")?;
    for (i, r) in rooms.iter().enumerate() {
        pr.execute(params![id, i as i64, r])?;
    }
    Ok(id)
}

/// A room check with who was found in it (student, status).
pub(crate) fn room_check(
    c: &Connection,
    patrol: i64,
    room: i64,
    staff: i64,
    at: &str,
    presence: &[(i64, &str)],
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO room_checks (patrol_id, room_id, staff_id, entered_at, saved_at, hygiene)
         VALUES (?1, ?2, ?3, ?4, ?4, 'ok')",
    )?
    .execute(params![patrol, room, staff, at])?;
    let id = c.last_insert_rowid();
    let mut p = c.prepare_cached(
        "INSERT INTO presence (check_id, student_id, status) VALUES (?1, ?2, ?3)",
    )?;
    for (s, st) in presence {
        p.execute(params![id, s, st])?;
    }
    Ok(())
}

pub(crate) fn shift(
    c: &Connection,
    officer: i64,
    location: &str,
    opened: &str,
    closed: &str,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO shifts (officer_id, location, opened_at, closed_at, handover_note)
         VALUES (?1, ?2, ?3, ?4, '无')",
    )?
    .execute(params![officer, location, opened, closed])?;
    Ok(c.last_insert_rowid())
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn duty_entry(
    c: &Connection,
    shift: i64,
    kind: &str,
    location: &str,
    text: &str,
    at: &str,
    by: i64,
    student: Option<i64>,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO duty_entries (shift_id, type, location, text, happened_at, written_at, written_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
    )?
    .execute(params![shift, kind, location, text, at, by])?;
    if let Some(s) = student {
        let id = c.last_insert_rowid();
        c.prepare_cached("INSERT INTO duty_entry_students (entry_id, student_id) VALUES (?1, ?2)")?
            .execute(params![id, s])?;
    }
    Ok(())
}

/// A crisis case of `shape` for `student`, opened at `opened`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn crisis_case(
    c: &Connection,
    shape: &CaseShape,
    student: i64,
    college: i64,
    by: i64,
    opened: chrono::DateTime<chrono::Utc>,
    location: &str,
) -> Result<()> {
    use crate::domain::clock::to_db;
    c.prepare_cached(
        "INSERT INTO crisis_cases (kind, template_version, template, opened_at, opened_by, location,
                                   known, college_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
    )?
    .execute(params![shape.0, shape.1, shape.2, to_db(opened), by, location, college])?;
    let id = c.last_insert_rowid();
    c.prepare_cached("INSERT INTO crisis_students (case_id, student_id) VALUES (?1, ?2)")?
        .execute(params![id, student])?;
    let mut ev = c.prepare_cached(
        "INSERT INTO crisis_events (case_id, at, by_id, kind, step, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (mins, kind, step, text) in &shape.3 {
        let at = to_db(opened + chrono::Duration::minutes(*mins));
        ev.execute(params![id, at, by, kind, step, text])?;
    }
    Ok(())
}
