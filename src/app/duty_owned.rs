//! What a duty officer owns until it is closed (issue 14): the entries
//! they left open (待跟进) and the items they took over at handover stay
//! on their desk until closed with a note; a correction starts from the
//! entry's newest text; a patrol follow-up and the open entries about the
//! same student the same night are one matter (closing one offers to close
//! the other).

use serde_json::json;

use super::App;
use super::duty::{duty_date, my_shift};
use super::policy::{Action, Kind, allows, relation};
use crate::domain::clock::{from_db, to_db};
use crate::domain::duty::DutyShift;
use crate::domain::patrol::Presence;
use crate::error::{Error, Msg, Result};
use crate::msg;
use crate::store::duty_owned as so;
use crate::store::{AuditEntry, duty, patrols, students};

/// One thing on the officer's desk until it is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owned {
    /// The entry (its first version) the thing is about (none: a crisis
    /// case opened without one).
    pub entry_id: Option<i64>,
    /// The handover item it came by, when taken over from the shift before.
    pub item_id: Option<i64>,
    /// The crisis case it is about: a case taken over stays listed while
    /// the case is open, and closes with the case (on the crisis desk),
    /// never from the duty desk.
    pub case_id: Option<i64>,
    /// The entry's newest text (an item taken over: the item's text).
    pub text: String,
    pub happened_at: String,
    /// Names of the students it names.
    pub students: Vec<String>,
}

/// The open entries of `shift` (first versions, newest text) not closed,
/// then the items it took over whose entry is not closed, and the items
/// about a crisis case it took over while the case is open.
pub fn owned(app: &App, shift: &DutyShift) -> Result<Vec<Owned>> {
    let conn = app.store.conn();
    let mut out = Vec::new();
    let names = |ids: &[i64]| -> Result<Vec<String>> {
        let mut v = Vec::new();
        for id in ids {
            if let Some(r) = students::by_id(conn, *id)? {
                v.push(r.name);
            }
        }
        Ok(v)
    };
    for e in duty::entries(conn, shift.id)?
        .into_iter()
        .filter(|e| e.open && e.amends.is_none())
    {
        if so::closure(conn, e.id)?.is_some() {
            continue;
        }
        let text = so::latest_version(conn, e.id)?.map_or(e.text.clone(), |(_, t)| t);
        out.push(Owned {
            entry_id: Some(e.id),
            item_id: None,
            case_id: None,
            text,
            happened_at: e.happened_at.clone(),
            students: names(&e.students)?,
        });
    }
    for t in duty::taken_open(conn, shift.id)? {
        // a case taken over is the crisis desk's: listed while it is open
        // (it closes with the case), whatever became of its entry
        if let Some(case) = t.case_id {
            if !so::case_open(conn, case)? {
                continue;
            }
            let entry = match t.entry_id {
                Some(e) => Some(so::root_of(conn, e)?),
                None => None,
            };
            let (at, students) = match crate::store::crisis::case(conn, case)? {
                Some(c) => (
                    c.opened_at.clone(),
                    c.students.iter().map(|s| s.2.clone()).collect(),
                ),
                None => continue,
            };
            out.push(Owned {
                entry_id: entry,
                item_id: Some(t.id),
                case_id: Some(case),
                text: t.text.clone(),
                happened_at: at,
                students,
            });
            continue;
        }
        let Some(entry) = t.entry_id else {
            continue;
        };
        let root = so::root_of(conn, entry)?;
        if so::closure(conn, root)?.is_some() || out.iter().any(|o| o.entry_id == Some(root)) {
            continue;
        }
        let Some(e) = duty::entry(conn, root)? else {
            continue;
        };
        out.push(Owned {
            entry_id: Some(root),
            item_id: Some(t.id),
            case_id: None,
            text: t.text.clone(),
            happened_at: e.happened_at.clone(),
            students: names(&e.students)?,
        });
    }
    Ok(out)
}

/// Is entry `root` (a first version) the actor's to close: written in a
/// shift of theirs, or taken over by their open shift?
fn owns(app: &App, shift: &DutyShift, root: i64, entry_shift: i64) -> Result<bool> {
    let conn = app.store.conn();
    if duty::shift(conn, entry_shift)?.is_some_and(|s| s.officer_id == app.actor.id) {
        return Ok(true);
    }
    for t in duty::taken_open(conn, shift.id)? {
        if let Some(e) = t.entry_id
            && so::root_of(conn, e)? == root
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// May the actor close entry `id` now (open, not closed, theirs)?
pub fn may_close(app: &App, id: i64) -> Result<bool> {
    let Ok(shift) = my_shift(app) else {
        return Ok(false);
    };
    let conn = app.store.conn();
    let root = so::root_of(conn, id)?;
    let Some(e) = duty::entry(conn, root)? else {
        return Ok(false);
    };
    Ok(e.open && so::closure(conn, root)?.is_none() && owns(app, &shift, root, e.shift_id)?)
}

/// Closes an open entry the actor owns, with a note (what became of it):
/// one commit, logged (`duty.close_entry`). `id` may be any version of the
/// entry; the closure is the first version's.
pub fn close_entry(app: &mut App, id: i64, note: &str) -> Result<i64> {
    if !allows(
        &app.actor,
        Kind::Duty,
        Action::Edit,
        super::policy::Relation::Outside,
    ) {
        return Err(Error::Refused(msg!(
            "err.denied.duty_officer",
            login = &app.actor.login
        )));
    }
    let shift = my_shift(app)?;
    let note = note.trim();
    if note.is_empty() {
        return Err(Error::Data(Msg::new("err.duty.close_note")));
    }
    let conn = app.store.conn();
    let root = so::root_of(conn, id)?;
    let e = duty::entry(conn, root)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.entry", id = id)))?;
    if !e.open {
        return Err(Error::Data(msg!("err.duty.entry_not_open", id = root)));
    }
    if so::closure(conn, root)?.is_some() {
        return Err(Error::Data(msg!("err.duty.entry_closed", id = root)));
    }
    if !owns(app, &shift, root, e.shift_id)? {
        return Err(Error::Refused(msg!("err.denied.close_entry", id = root)));
    }
    let (login, staff, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let at = to_db(now);
    app.store.write(&login, now, |tx| {
        let cid = so::insert_closure(tx, root, note, Some(shift.id), staff, &at)?;
        Ok((
            cid,
            vec![AuditEntry::new(
                "duty.close_entry",
                "duty_entry",
                Some(root.to_string()),
                json!({"shift": shift.id}),
            )],
        ))
    })
}

/// Where a correction of entry `id` starts: the entry to correct (its
/// first version), the version seen, and the newest text.
pub fn amend_start(app: &App, id: i64) -> Result<(i64, i64, String)> {
    let conn = app.store.conn();
    let root = so::root_of(conn, id)?;
    let (seen, text) = so::latest_version(conn, root)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.entry", id = id)))?;
    Ok((root, super::duty::version(app, root).unwrap_or(seen), text))
}

/// A patrol follow-up linked to an entry: the same student, the same night.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedFollowUp {
    pub id: i64,
    pub student: String,
    pub status: Presence,
    pub due_at: String,
}

fn night_of(app: &App, at: &str) -> Option<chrono::NaiveDate> {
    from_db(at).map(|t| duty_date(t, app.assets.calendar.utc_offset_hours))
}

/// The open follow-ups the actor may close about the students entry `id`
/// names, raised the night it happened.
pub fn follow_ups_of_entry(app: &App, id: i64) -> Result<Vec<LinkedFollowUp>> {
    let conn = app.store.conn();
    let root = so::root_of(conn, id)?;
    let Some(e) = duty::entry(conn, root)? else {
        return Ok(Vec::new());
    };
    let night = night_of(app, &e.happened_at);
    let mut out = Vec::new();
    for f in patrols::open_follow_ups(conn)?
        .into_iter()
        .filter(|f| e.students.contains(&f.student_id))
        .filter(|f| night.is_some() && night_of(app, &f.raised_at) == night)
    {
        let Some(rec) = students::by_id(conn, f.student_id)? else {
            continue;
        };
        if !allows(
            &app.actor,
            Kind::FollowUp,
            Action::Edit,
            relation(&app.actor, &rec),
        ) {
            continue;
        }
        out.push(LinkedFollowUp {
            id: f.id,
            student: rec.name,
            status: f.status,
            due_at: f.due_at,
        });
    }
    Ok(out)
}

/// A patrol follow-up of an entry's student and night that is already
/// closed (by the counsellor, say): what became of it, for the officer who
/// still holds the entry open and may close it the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpDone {
    pub student: String,
    /// `reached` / `escalated`.
    pub outcome: Option<String>,
    pub reason: Option<String>,
}

/// The closed follow-ups about the students entry `id` names, raised the
/// night it happened, that the actor may see.
pub fn done_follow_ups_of_entry(app: &App, id: i64) -> Result<Vec<FollowUpDone>> {
    let conn = app.store.conn();
    let root = so::root_of(conn, id)?;
    let Some(e) = duty::entry(conn, root)? else {
        return Ok(Vec::new());
    };
    let Some(night) = night_of(app, &e.happened_at) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for sid in &e.students {
        let Some(rec) = students::by_id(conn, *sid)? else {
            continue;
        };
        if !allows(
            &app.actor,
            Kind::FollowUp,
            Action::View,
            relation(&app.actor, &rec),
        ) {
            continue;
        }
        for f in crate::store::student_history::follow_ups_of_student(conn, *sid, 5)? {
            if f.closed_at.is_some() && night_of(app, &f.raised_at) == Some(night) {
                out.push(FollowUpDone {
                    student: rec.name.clone(),
                    outcome: f.outcome,
                    reason: f.reason,
                });
            }
        }
    }
    Ok(out)
}

/// The open entries (first version, newest text) the actor may close that
/// name follow-up `id`'s student, written the night it was raised.
pub fn entries_of_follow_up(app: &App, id: i64) -> Result<Vec<(i64, String)>> {
    let conn = app.store.conn();
    let Some(f) = patrols::follow_up(conn, id)? else {
        return Err(Error::Data(msg!("err.not_found.follow_up", id = id)));
    };
    let night = night_of(app, &f.raised_at);
    let mut out = Vec::new();
    for (entry, at) in so::open_entries_naming(conn, f.student_id)? {
        if night.is_none() || night_of(app, &at) != night || !may_close(app, entry)? {
            continue;
        }
        let text = so::latest_version(conn, entry)?.map_or_else(String::new, |(_, t)| t);
        out.push((entry, text));
    }
    Ok(out)
}
