//! Colleges, classes and staff.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::staff::{Role, Staff};
use crate::error::Result;

/// Finds a college by name, creating it if needed; `true` when created.
pub(crate) fn college_get_or_create(
    conn: &Connection,
    name: &str,
    at: &str,
) -> Result<(i64, bool)> {
    if let Some(id) = conn
        .prepare_cached("SELECT id FROM colleges WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?
    {
        return Ok((id, false));
    }
    conn.prepare_cached("INSERT INTO colleges(name, created_at) VALUES (?1, ?2)")?
        .execute(params![name, at])?;
    Ok((conn.last_insert_rowid(), true))
}

pub(crate) fn colleges(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare("SELECT id, name FROM colleges ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// A class: id, name, college, counsellor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ClassRow {
    pub id: i64,
    pub name: String,
    pub college_id: i64,
    pub counsellor_id: Option<i64>,
}

pub(crate) fn classes(conn: &Connection) -> Result<Vec<ClassRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, college_id, counsellor_id FROM classes ORDER BY college_id, name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ClassRow {
            id: r.get(0)?,
            name: r.get(1)?,
            college_id: r.get(2)?,
            counsellor_id: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub(crate) fn class_create(
    conn: &Connection,
    college_id: i64,
    name: &str,
    counsellor: Option<i64>,
    at: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO classes(name, college_id, counsellor_id, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![name, college_id, counsellor, at])?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn class_set_counsellor(
    conn: &Connection,
    class_id: i64,
    counsellor: Option<i64>,
) -> Result<()> {
    conn.prepare_cached("UPDATE classes SET counsellor_id = ?2 WHERE id = ?1")?
        .execute(params![class_id, counsellor])?;
    Ok(())
}

fn staff_from_row(conn: &Connection, r: &rusqlite::Row<'_>) -> rusqlite::Result<Staff> {
    let id: i64 = r.get(0)?;
    let mut roles_stmt = conn.prepare_cached("SELECT role FROM staff_roles WHERE staff_id = ?1")?;
    let mut roles: Vec<Role> = roles_stmt
        .query_map([id], |r| r.get::<_, String>(0))?
        .filter_map(|x| x.ok().and_then(|s| Role::from_code(&s)))
        .collect();
    roles.sort();
    Ok(Staff {
        id,
        login: r.get(1)?,
        name: r.get(2)?,
        college_id: r.get(3)?,
        college: r.get(4)?,
        phone: r.get(5)?,
        roles,
    })
}

const STAFF_SELECT: &str = "SELECT s.id, s.login, s.name, s.college_id, c.name, s.phone
    FROM staff s LEFT JOIN colleges c ON c.id = s.college_id";

pub(crate) fn staff_by_login(conn: &Connection, login: &str) -> Result<Option<Staff>> {
    // before every write (the session's guard): prepared once
    Ok(conn
        .prepare_cached(&format!(
            "{STAFF_SELECT} WHERE s.login = ?1 AND s.active = 1"
        ))?
        .query_row([login], |r| staff_from_row(conn, r))
        .optional()?)
}

/// An active staff member's college and roles as they stand (`None`: not
/// registered or not active): the session's guard before every write, in
/// one statement.
pub(crate) fn standing(conn: &Connection, login: &str) -> Result<Option<(Option<i64>, Vec<Role>)>> {
    let mut st = conn.prepare_cached(
        "SELECT s.college_id, r.role FROM staff s LEFT JOIN staff_roles r ON r.staff_id = s.id
         WHERE s.login = ?1 AND s.active = 1",
    )?;
    let mut rows = st.query([login])?;
    let mut out: Option<(Option<i64>, Vec<Role>)> = None;
    while let Some(r) = rows.next()? {
        let college: Option<i64> = r.get(0)?;
        let entry = out.get_or_insert_with(|| (college, Vec::new()));
        if let Some(role) = r
            .get::<_, Option<String>>(1)?
            .and_then(|c| Role::from_code(&c))
        {
            entry.1.push(role);
        }
    }
    if let Some((_, roles)) = &mut out {
        roles.sort();
    }
    Ok(out)
}

pub(crate) fn all_staff(conn: &Connection) -> Result<Vec<Staff>> {
    let mut stmt = conn.prepare(&format!("{STAFF_SELECT} WHERE s.active = 1 ORDER BY s.id"))?;
    let rows = stmt.query_map([], |r| staff_from_row(conn, r))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Logins of the admins, for "ask X to register you".
pub(crate) fn admin_names(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT s.login, s.name FROM staff s JOIN staff_roles r ON r.staff_id = s.id
         WHERE r.role = 'admin' AND s.active = 1 ORDER BY s.id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// What a staff row holds, for insert and update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StaffData {
    pub login: String,
    pub name: String,
    pub roles: Vec<Role>,
    pub college_id: Option<i64>,
    pub phone: Option<String>,
}

pub(crate) fn staff_insert(conn: &Connection, d: &StaffData, at: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO staff(login, name, college_id, phone, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?
    .execute(params![d.login, d.name, d.college_id, d.phone, at])?;
    let id = conn.last_insert_rowid();
    set_roles(conn, id, &d.roles)?;
    Ok(id)
}

pub(crate) fn staff_update(conn: &Connection, id: i64, d: &StaffData, at: &str) -> Result<()> {
    conn.prepare_cached("UPDATE staff SET name = ?2, college_id = ?3, phone = ?4, updated_at = ?5, active = 1 WHERE id = ?1")?
        .execute(params![id, d.name, d.college_id, d.phone, at])?;
    set_roles(conn, id, &d.roles)
}

fn set_roles(conn: &Connection, id: i64, roles: &[Role]) -> Result<()> {
    conn.prepare_cached("DELETE FROM staff_roles WHERE staff_id = ?1")?
        .execute([id])?;
    let mut ins = conn.prepare_cached("INSERT INTO staff_roles(staff_id, role) VALUES (?1, ?2)")?;
    for r in roles {
        ins.execute(params![id, r.code()])?;
    }
    Ok(())
}
