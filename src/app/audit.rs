//! Who saw or changed what (`zhiban audit`): the audit log read back, for
//! administrators (the whole school) and leaders (a college leader: their
//! college's students, and what their college's staff did). Reading the
//! log is itself logged.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;

use super::App;
use super::policy::{Action, Kind, Relation, allows, relation};
use crate::domain::clock::{day_bounds, from_db, school_tz};
use crate::domain::text::safe_owned;
use crate::error::{Error, Result};
use crate::msg;
use crate::store::{AuditEntry, audit, students};

/// What to look for; every part optional.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// 学号: what was seen or done about this student.
    pub student: Option<String>,
    /// A staff login: what they saw or did.
    pub staff: Option<String>,
    /// Actions beginning so (`crisis.`, `student.view`, `talk`).
    pub action: Option<String>,
    /// School-local days, both included.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// At most this many entries (default [`LIMIT`]).
    pub limit: Option<i64>,
}

/// One entry as shown: school-local time, the text made safe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditLine {
    pub seq: i64,
    /// School-local `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    /// The entry's detail (JSON text).
    pub detail: String,
}

/// The most entries one query returns (newest first).
pub const LIMIT: i64 = 2000;

/// Reads the log as `q` asks and as the actor may, newest first; the
/// reading is logged (what was asked, how many entries were shown).
pub fn search(app: &mut App, q: &AuditQuery) -> Result<Vec<AuditLine>> {
    if !allows(&app.actor, Kind::AuditLog, Action::View, Relation::InScope) {
        return Err(Error::Refused(msg!(
            "err.denied.audit",
            login = &app.actor.login
        )));
    }
    let conn = app.store.conn();
    // a college leader: their college's students, their college's staff
    let college = if allows(&app.actor, Kind::AuditLog, Action::View, Relation::Outside) {
        None
    } else {
        app.actor.college_id
    };
    let student = match &q.student {
        Some(no) => {
            let id = students::id_by_number(conn, no)?
                .ok_or_else(|| Error::Data(msg!("err.not_found.student", no = no)))?;
            let rec = students::by_id(conn, id)?
                .ok_or_else(|| Error::Data(msg!("err.not_found.student", no = no)))?;
            let rel = relation(&app.actor, &rec);
            if !allows(&app.actor, Kind::AuditLog, Action::View, rel) {
                return Err(Error::Refused(msg!(
                    "err.denied.audit_student",
                    login = &app.actor.login,
                    no = no
                )));
            }
            Some((no.as_str(), id))
        }
        None => None,
    };
    let offset = app.assets.calendar.utc_offset_hours;
    let (lo, hi) = day_bounds(q.from, q.to, offset);
    let rows = audit::search(
        conn,
        &audit::Filter {
            student,
            actor: q.staff.as_deref(),
            action: q.action.as_deref(),
            from: q.from.map(|_| lo.as_str()),
            to: q.to.map(|_| hi.as_str()),
            // asked about one of their students: everything about them;
            // otherwise what their college's staff did
            actors_of_college: if student.is_some() { None } else { college },
            limit: q.limit.unwrap_or(LIMIT).clamp(1, LIMIT),
        },
    )?;
    let lines: Vec<AuditLine> = rows
        .into_iter()
        .map(|e| AuditLine {
            seq: e.seq,
            at: from_db(&e.at)
                .map(|t| {
                    t.with_timezone(&school_tz(offset))
                        .format("%Y-%m-%d %H:%M:%S")
                        .to_string()
                })
                .unwrap_or_else(|| e.at.clone()),
            actor: safe_owned(&e.actor),
            action: safe_owned(&e.action),
            entity: safe_owned(&e.entity),
            entity_id: e.entity_id.as_deref().map(safe_owned),
            detail: safe_owned(&e.detail),
        })
        .collect();
    let (login, now) = (app.actor.login.clone(), app.now());
    let asked = json!({
        "student": q.student, "staff": q.staff, "action": q.action,
        "from": q.from.map(|d| d.to_string()), "to": q.to.map(|d| d.to_string()),
        "shown": lines.len(),
    });
    app.store.write(&login, now, |_| {
        Ok((
            (),
            vec![AuditEntry::new("audit.read", "audit_log", None, asked)],
        ))
    })?;
    Ok(lines)
}
