//! Night duty as a duty officer performs it: open a shift (acknowledging
//! what the last one handed over), log entries in seconds, amend them,
//! escalate to the leader on call, close with a handover.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::json;

use super::App;
use super::policy::{Action, Kind, Relation, allows};
use crate::domain::clock::{from_db, to_db};
use crate::domain::duty::{Channel, EntryType, check_entry_time};
use crate::domain::staff::Role;
use crate::error::{Error, Msg, Result};
use crate::msg;
use crate::store::duty::{self, DutyShift, EntryRow, HandoverItem, NewEntry};
use crate::store::{AuditEntry, org};

fn allowed(app: &App) -> Result<()> {
    if allows(&app.actor, Kind::Duty, Action::Edit, Relation::Outside) {
        Ok(())
    } else {
        Err(Error::Refused(msg!(
            "err.denied.duty_officer",
            login = &app.actor.login
        )))
    }
}

/// The actor's open shift, or a clear error: if their last shift was taken
/// over by someone else (and they have not said they saw it), who took it,
/// when and why, rather than only "no open shift".
pub fn my_shift(app: &App) -> Result<DutyShift> {
    if let Some(s) = duty::open_shift_of(app.store.conn(), app.actor.id)? {
        return Ok(s);
    }
    Err(Error::Data(match super::duty_displaced::displaced(app)? {
        Some(d) => msg!(
            "err.duty.displaced",
            by = &d.by,
            at = super::duty_shift::local_when(app, &d.at),
            note = if d.note.trim().is_empty() {
                "—"
            } else {
                d.note.as_str()
            }
        ),
        None => Msg::new("err.duty.no_open_shift"),
    }))
}

/// What opening a shift shows: the last handover note and the items to acknowledge.
#[derive(Debug)]
pub struct Opened {
    pub shift_id: i64,
    /// The officer whose shift at the desk was taken over.
    pub took_over: Option<String>,
    pub last: Option<DutyShift>,
    pub pending: Vec<HandoverItem>,
}

/// Opens the actor's shift (see [`super::duty_shift::open`]: one open
/// shift per desk; the desk and the leader on call from the roster).
pub fn open(app: &mut App, location: Option<&str>, leader: Option<&str>) -> Result<Opened> {
    super::duty_shift::open(app, location, leader, None)
}

/// What the shift before this one left at the same desk: the last closed
/// shift there, and its items still waiting for acknowledgement. Two desks
/// on duty the same night (two locations) each receive their own handover.
pub fn handover_for(
    app: &App,
    shift: &DutyShift,
) -> Result<(Option<DutyShift>, Vec<HandoverItem>)> {
    let conn = app.store.conn();
    let at = shift.location.as_deref();
    Ok((duty::last_closed(conn, at)?, duty::pending_items(conn, at)?))
}

/// Acknowledges a handed-over item: taken over (it stays open with this
/// shift) or closed with a note.
pub fn acknowledge(app: &mut App, item: i64, close_note: Option<&str>) -> Result<()> {
    allowed(app)?;
    let shift = my_shift(app)?;
    if close_note.is_some_and(|n| n.trim().is_empty()) {
        return Err(Error::Data(Msg::new("err.duty.close_note")));
    }
    let Some(waiting) = duty::pending_items(app.store.conn(), shift.location.as_deref())?
        .into_iter()
        .find(|p| p.id == item)
    else {
        return Err(Error::Data(msg!("err.duty.item_not_waiting", item = item)));
    };
    // An item about a crisis case still open is not closed at handover:
    // the case is the crisis desk's and closes there, and until it does
    // every shift must see it (an officer who "closes" the reminder would
    // hide an open case from the next one). Taking it over (`t`) keeps it
    // listed on this desk and hands it on at close.
    let case = waiting.case_id;
    if close_note.is_some()
        && let Some(c) = case
        && crate::store::duty_owned::case_open(app.store.conn(), c)?
    {
        return Err(Error::Data(msg!("err.duty.case_item_open", case = c)));
    }
    let action = if close_note.is_some() {
        "closed"
    } else {
        "taken"
    };
    let (login, staff, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let at = to_db(now);
    // an item closed at handover closes its entry too (it leaves every desk)
    let entry = match (close_note, waiting.entry_id) {
        (Some(_), Some(e)) if case.is_none() => {
            let root = crate::store::duty_owned::root_of(app.store.conn(), e)?;
            crate::store::duty_owned::closure(app.store.conn(), root)?
                .is_none()
                .then_some(root)
        }
        _ => None,
    };
    app.store.write(&login, now, |tx| {
        duty::acknowledge(tx, item, shift.id, action, close_note, staff, &at)?;
        if let (Some(root), Some(note)) = (entry, close_note) {
            crate::store::duty_owned::insert_closure(
                tx,
                root,
                note.trim(),
                Some(shift.id),
                staff,
                &at,
            )?;
        }
        Ok((
            (),
            vec![AuditEntry::new(
                "handover.ack",
                "handover_item",
                Some(item.to_string()),
                json!({"action": action}),
            )],
        ))
    })
}

pub use crate::domain::duty::{duty_date, parse_time};

/// What an officer writes.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub kind: Option<EntryType>,
    pub text: String,
    pub at: Option<DateTime<Utc>>,
    pub location: Option<String>,
    /// 学号 of the students it names.
    pub students: Vec<String>,
    pub sensitive: bool,
    pub open: bool,
}

/// Logs an entry in the actor's open shift: one commit.
pub fn log(app: &mut App, e: &Entry) -> Result<i64> {
    allowed(app)?;
    let shift = my_shift(app)?;
    let conn = app.store.conn();
    let pending = duty::pending_items(conn, shift.location.as_deref())?;
    if !pending.is_empty() {
        return Err(Error::Data(msg!(
            "err.duty.ack_first",
            n = pending.len(),
            items = pending
                .iter()
                .map(|p| format!("#{} {}", p.id, p.text))
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    let text = e.text.trim();
    if text.is_empty() {
        return Err(Error::Data(Msg::new("err.duty.need_text")));
    }
    let now = app.now();
    let happened = e.at.unwrap_or(now);
    let opened = from_db(&shift.opened_at).unwrap_or(now);
    check_entry_time(happened, opened, now)
        .map_err(|p| Error::Data(super::duty_shift::time_msg(app, p, happened, opened)))?;
    let mut ids = Vec::new();
    for no in &e.students {
        let id = crate::store::students::id_by_number(conn, no)?;
        ids.push(id.ok_or_else(|| Error::Data(msg!("err.not_found.student", no = no)))?);
    }
    let kind = e.kind.unwrap_or(EntryType::Other);
    let (login, staff) = (app.actor.login.clone(), app.actor.id);
    let (h, w) = (to_db(happened), to_db(now));
    let location = e.location.clone().or(shift.location.clone());
    app.store.write(&login, now, |tx| {
        let id = duty::insert_entry(
            tx,
            &NewEntry {
                shift_id: shift.id,
                kind,
                location: location.as_deref(),
                text,
                happened_at: &h,
                written_at: &w,
                written_by: staff,
                sensitive: e.sensitive,
                open: e.open,
                amends: None,
                students: &ids,
            },
        )?;
        Ok((
            id,
            vec![AuditEntry::new(
                "duty.log",
                "duty_entry",
                Some(id.to_string()),
                json!({"type": kind.code(), "students": ids.len()}),
            )],
        ))
    })
}

/// The version of entry `id` a correction starts from: the id of its
/// newest correction, or its own. The interface notes it when the
/// correction form opens and passes it to [`amend`].
pub fn version(app: &App, id: i64) -> Result<i64> {
    Ok(duty::latest_amendment(app.store.conn(), id)?.map_or(id, |(v, _, _)| v))
}

/// Corrects an entry: a new entry that amends it; the original stays.
/// `seen` is the version the writer started from ([`version`]; `None`:
/// the newest now). If someone corrected the entry since, nothing is
/// written and the error shows both texts: theirs and this one.
pub fn amend(app: &mut App, entry_id: i64, text: &str, seen: Option<i64>) -> Result<i64> {
    allowed(app)?;
    let seen = match seen {
        Some(v) => v,
        None => version(app, entry_id)?,
    };
    let conn = app.store.conn();
    let old = duty::entry(conn, entry_id)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.entry", id = entry_id)))?;
    let shift = duty::shift(conn, old.shift_id)?.ok_or_else(|| {
        Error::Data(Msg::new("err.not_found.gone").label("what", "err.what.shift"))
    })?;
    if shift.officer_id != app.actor.id {
        return Err(Error::Refused(Msg::new("err.denied.amend_entry")));
    }
    if text.trim().is_empty() {
        return Err(Error::Data(Msg::new("err.duty.need_correction")));
    }
    let (login, staff, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let w = to_db(now);
    app.store.write(&login, now, |tx| {
        if let Some((v, theirs, who)) = duty::latest_amendment(tx, entry_id)?
            && v != seen
        {
            return Err(Error::Data(msg!(
                "err.duty.amended_meanwhile",
                id = entry_id,
                who = who,
                theirs = theirs,
                yours = text.trim()
            )));
        }
        let id = duty::insert_entry(
            tx,
            &NewEntry {
                shift_id: old.shift_id,
                kind: old.kind,
                location: old.location.as_deref(),
                text: text.trim(),
                happened_at: &old.happened_at,
                written_at: &w,
                written_by: staff,
                sensitive: old.sensitive,
                open: old.open,
                amends: Some(entry_id),
                students: &old.students,
            },
        )?;
        Ok((
            id,
            vec![AuditEntry::new(
                "duty.amend",
                "duty_entry",
                Some(id.to_string()),
                json!({"amends": entry_id}),
            )],
        ))
    })
}

/// Marks an entry reported to the leader on call (`duty.escalate`).
pub fn escalate(
    app: &mut App,
    entry_id: i64,
    leader: Option<&str>,
    channel: Channel,
    at: Option<DateTime<Utc>>,
) -> Result<i64> {
    allowed(app)?;
    let shift = my_shift(app)?;
    let conn = app.store.conn();
    let e = duty::entry(conn, entry_id)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.entry", id = entry_id)))?;
    if e.shift_id != shift.id {
        return Err(Error::Data(Msg::new("err.duty.escalate_own")));
    }
    let leader = leader
        .map(str::to_string)
        .or(shift.leader.clone())
        .filter(|l| !l.trim().is_empty())
        .ok_or_else(|| Error::Data(Msg::new("err.duty.need_leader")))?;
    let now = app.now();
    let when = at.unwrap_or(now);
    let opened = from_db(&shift.opened_at).unwrap_or(now);
    check_entry_time(when, opened, now)
        .map_err(|p| Error::Data(super::duty_shift::time_msg(app, p, when, opened)))?;
    let (login, staff) = (app.actor.login.clone(), app.actor.id);
    let w = to_db(when);
    app.store.write(&login, now, |tx| {
        let id = duty::insert_escalation(tx, entry_id, &leader, channel, &w, staff)?;
        Ok((
            id,
            vec![AuditEntry::new(
                "duty.escalate",
                "escalation",
                Some(id.to_string()),
                json!({"entry": entry_id, "leader": leader, "channel": channel.code()}),
            )],
        ))
    })
}

/// Records the leader's response to an escalation.
pub fn respond(app: &mut App, escalation: i64, response: &str) -> Result<()> {
    allowed(app)?;
    if response.trim().is_empty() {
        return Err(Error::Data(Msg::new("err.duty.need_response")));
    }
    let (login, now) = (app.actor.login.clone(), app.now());
    let at = to_db(now);
    app.store.write(&login, now, |tx| {
        duty::respond(tx, escalation, response.trim(), &at)?;
        Ok((
            (),
            vec![AuditEntry::new(
                "duty.respond",
                "escalation",
                Some(escalation.to_string()),
                json!({}),
            )],
        ))
    })
}

/// What closing a shift reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShiftSummary {
    pub by_type: BTreeMap<&'static str, usize>,
    pub escalations: usize,
    pub unanswered: usize,
    /// Items handed to the next shift.
    pub handed_over: Vec<String>,
    /// The next officer named, by name ("张伟 (zhangwei)").
    pub next: Option<String>,
}

/// Closes the actor's shift with a handover note: unanswered escalations,
/// open entries, items taken over and not closed, and the open crisis
/// cases the shift carries (opened during it or from its entries, or taken
/// over; one item each, as the case stands now) go to the next shift.
pub fn close(app: &mut App, note: &str, next: Option<&str>) -> Result<ShiftSummary> {
    allowed(app)?;
    let shift = my_shift(app)?;
    if note.trim().is_empty() {
        return Err(Error::Data(Msg::new("err.duty.need_handover")));
    }
    let conn = app.store.conn();
    let next_staff = match next.map(str::trim).filter(|l| !l.is_empty()) {
        Some(l) => Some(super::duty_shift::find_staff(app, l, Role::DutyOfficer)?),
        None => None,
    };
    let next_id = next_staff.as_ref().map(|s| s.id);
    let entries: Vec<EntryRow> = duty::entries(conn, shift.id)?;
    let escalations = duty::escalations(conn, shift.id)?;
    let taken = duty::taken_open(conn, shift.id)?;
    let mut s = ShiftSummary::default();
    for e in entries.iter().filter(|e| e.amends.is_none()) {
        *s.by_type.entry(e.kind.zh()).or_default() += 1;
    }
    s.escalations = escalations.len();
    s.next = next_staff.map(|n| format!("{} ({})", n.name, n.login));
    // (entry, case, text)
    let mut items: Vec<(Option<i64>, Option<i64>, String)> = Vec::new();
    for x in escalations.iter().filter(|x| x.responded_at.is_none()) {
        s.unanswered += 1;
        let text = entries
            .iter()
            .find(|e| e.id == x.entry_id)
            .map(|e| e.text.clone())
            .unwrap_or_default();
        items.push((
            Some(x.entry_id),
            None,
            format!("已上报{}，待回复：{text}", x.leader),
        ));
    }
    let escalated: Vec<Option<i64>> = items.iter().map(|(id, _, _)| *id).collect();
    // open entries not closed (first versions, as last corrected), and
    // items taken over whose entry is not closed (issue 14)
    let owned = super::duty_owned::owned(app, &shift)?;
    for o in owned
        .iter()
        .filter(|o| o.item_id.is_none() && !escalated.contains(&o.entry_id))
    {
        items.push((o.entry_id, None, format!("待跟进：{}", o.text)));
    }
    // a case taken over is handed on below as it stands now (or not at
    // all once closed)
    for t in taken.iter().filter(|t| {
        t.case_id.is_none()
            && (t.entry_id.is_none() || owned.iter().any(|o| o.item_id == Some(t.id)))
    }) {
        items.push((t.entry_id, None, t.text.clone()));
    }
    // the open crisis cases this shift carries
    for (case, text) in super::crisis_desk::handover_items(app, shift.id)? {
        let entry = crate::store::crisis::case(conn, case)?.and_then(|c| c.entry_id);
        items.push((entry, Some(case), text));
    }
    s.handed_over = items.iter().map(|(_, _, t)| t.clone()).collect();
    let (login, now) = (app.actor.login.clone(), app.now());
    let at = to_db(now);
    let note = note.trim().to_string();
    app.store.write(&login, now, |tx| {
        duty::close_shift(tx, shift.id, &note, next_id, &at)?;
        for (entry, case, text) in &items {
            duty::add_handover_item(tx, shift.id, *entry, *case, text)?;
        }
        let e = AuditEntry::new(
            "shift.close",
            "shift",
            Some(shift.id.to_string()),
            json!({"handed_over": items.len(), "next": next}),
        );
        Ok((s, vec![e]))
    })
}

/// A patrol walked during a shift.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkedPatrol {
    pub started_at: String,
    pub building: String,
    pub kind: &'static str,
    pub checked: usize,
    pub total: usize,
}

/// What the officer's patrols did during a shift.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Linked {
    pub patrols: Vec<LinkedPatrol>,
    pub follow_ups: usize,
}

/// Patrols walked and follow-ups raised by the officer since the shift
/// opened: they belong to the shift's log (`duty.record`: patrols of the
/// residences are logged).
pub fn linked(app: &App, shift: &DutyShift) -> Result<Linked> {
    let conn = app.store.conn();
    let end = shift.closed_at.clone().unwrap_or_else(|| "9999".into());
    let mut patrols = Vec::new();
    for p in crate::store::patrols::between(conn, &shift.opened_at, &end)?
        .into_iter()
        .filter(|p| p.staff_id == shift.officer_id)
    {
        let checks = crate::store::patrols::checks_of_patrol(conn, p.id)?;
        let checked = checks
            .values()
            .filter(|c| c.skipped_reason.is_none())
            .count();
        patrols.push(LinkedPatrol {
            started_at: p.started_at.clone(),
            building: p.building.clone(),
            kind: p.kind.code(),
            checked,
            total: p.rooms.len(),
        });
    }
    let follow_ups =
        crate::store::patrols::follow_ups_raised(conn, shift.officer_id, &shift.opened_at, &end)?;
    Ok(Linked {
        patrols,
        follow_ups,
    })
}

/// The roster between two local dates (inclusive), swaps marked.
pub fn roster(
    app: &App,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<duty::RosterDay>> {
    if !allows(&app.actor, Kind::Duty, Action::View, Relation::InScope) {
        return Err(Error::Refused(msg!(
            "err.denied.roster_read",
            login = &app.actor.login
        )));
    }
    duty::roster_between(app.store.conn(), &from.to_string(), &to.to_string())
}

/// Records a swap (`duty.swap`: never private): who, with whom, approved by
/// whom and when; the roster row moves to the new officer.
pub fn swap(
    app: &mut App,
    date: chrono::NaiveDate,
    shift: &str,
    from: &str,
    to: &str,
    approved_by: &str,
) -> Result<()> {
    let conn = app.store.conn();
    let from_s = org::staff_by_login(conn, from)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.staff", login = from)))?;
    let to_s = org::staff_by_login(conn, to)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.staff", login = to)))?;
    let rel = if app.actor.id == from_s.id || app.actor.id == to_s.id {
        Relation::Own
    } else {
        Relation::InScope
    };
    if !allows(&app.actor, Kind::DutySwap, Action::Edit, rel) {
        return Err(Error::Refused(Msg::new("err.denied.swap")));
    }
    if !to_s.has(crate::domain::staff::Role::DutyOfficer) {
        return Err(Error::Data(msg!(
            "err.duty.not_officer",
            name = &to_s.name,
            login = to
        )));
    }
    if approved_by.trim().is_empty() {
        return Err(Error::Data(Msg::new("err.duty.need_approver")));
    }
    let rows = duty::roster_between(conn, &date.to_string(), &date.to_string())?;
    let row = rows
        .iter()
        .find(|r| r.shift == shift && r.officer_id == from_s.id)
        .ok_or_else(|| {
            Error::Data(msg!(
                "err.duty.not_on_roster",
                login = from,
                date = date,
                shift = shift
            ))
        })?;
    let (login, staff, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let at = to_db(now);
    let (rid, fid, tid) = (row.id, from_s.id, to_s.id);
    let approved = approved_by.trim().to_string();
    app.store.write(&login, now, |tx| {
        let id = duty::swap(tx, rid, fid, tid, &approved, &at, staff, &at)?;
        let e = AuditEntry::new(
            "duty.swap",
            "duty_roster",
            Some(rid.to_string()),
            json!({"from": from, "to": to, "approved_by": approved, "date": date.to_string()}),
        );
        Ok((id, vec![e]))
    })?;
    Ok(())
}
