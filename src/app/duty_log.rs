//! Reading the duty log: past shifts with their entries, and search across
//! them. Who reads what (RULES.md `duty.*`, issue 4 item 10): duty officers
//! and leaders read every shift; a counsellor reads the entries that name
//! their students; a sensitive entry's text goes only to leaders, its
//! writer and the counsellors of the students it names.

use serde::Serialize;

use super::App;
use super::policy::{Action, Kind, Relation, allows, relation_to};
use crate::domain::duty::{DutyQuery, EntryType};
use crate::domain::staff::Staff;
use crate::domain::text::{safe_opt as so, safe_owned as s};
use crate::error::{Error, Result};
use crate::msg;
use crate::store::{duty, duty_owned, students};

/// How much of the log the actor reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Every shift (duty officers, leaders, administrators).
    All,
    /// The entries naming one of the actor's students (counsellors).
    OwnStudents,
}

fn reach(actor: &Staff) -> Result<Reach> {
    if allows(actor, Kind::Duty, Action::View, Relation::InScope) {
        Ok(Reach::All)
    } else if allows(actor, Kind::Duty, Action::View, Relation::Own) {
        Ok(Reach::OwnStudents)
    } else {
        Err(Error::Refused(msg!(
            "err.denied.duty_read",
            login = &actor.login
        )))
    }
}

/// How `actor` stands to a duty-log entry, by its writer and the students
/// it names ((college, counsellor) of each): `Own` for its writer and the
/// counsellors of the students; else by the students' colleges. An entry
/// naming no student is a desk entry, the whole desk's (`InScope`).
pub(crate) fn entry_relation(
    actor: &Staff,
    written_by: i64,
    named: &[(i64, Option<i64>)],
) -> Relation {
    let own = written_by == actor.id || named.iter().any(|(_, c)| *c == Some(actor.id));
    if named.is_empty() && !own {
        return Relation::InScope;
    }
    let colleges: Vec<i64> = named.iter().map(|(c, _)| *c).collect();
    relation_to(actor, own, &colleges)
}

/// May `actor` read an entry's text? A sensitive entry goes only to those
/// the policy lets read [`Kind::DutySensitive`] as they stand to the entry
/// ([`entry_relation`]): its writer, the counsellors of the students it
/// names, and the leaders of those students' colleges. `relation` is asked
/// only when the answer depends on it.
pub(crate) fn may_read_text(
    actor: &Staff,
    sensitive: bool,
    relation: impl FnOnce() -> Result<Relation>,
) -> Result<bool> {
    Ok(!sensitive || allows(actor, Kind::DutySensitive, Action::View, relation()?))
}

#[derive(Debug, Clone, Serialize)]
pub struct EscalationOut {
    pub leader: String,
    pub channel: String,
    pub reported_at: String,
    pub response: Option<String>,
    pub responded_at: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntryOut {
    pub entry_id: i64,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub happened_at: String,
    pub written_at: String,
    pub location: Option<String>,
    /// Withheld (null) for a sensitive entry the reader may not see.
    pub text: Option<String>,
    pub sensitive: bool,
    pub open: bool,
    /// The entry this one corrects.
    pub amends: Option<i64>,
    /// 学号 of the students it names.
    pub students: Vec<String>,
    /// Their names, in the same order.
    pub student_names: Vec<String>,
    pub escalations: Vec<EscalationOut>,
    /// How an entry left open was closed (by whom, when, the note —
    /// withheld as the text is); `None` while it is still open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed: Option<ClosedOut>,
    /// Still open, while the patrol follow-up of the same student and
    /// night is closed: what became of it (the officer closes the entry
    /// the same way). Shown on the desk, not exported.
    #[serde(skip)]
    pub follow_ups_done: Vec<super::duty_owned::FollowUpDone>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClosedOut {
    pub by: String,
    pub at: String,
    pub note: Option<String>,
}

/// A shift with its log. Field names are documented in the README.
#[derive(Debug, Clone, Serialize)]
pub struct ShiftOut {
    pub shift_id: i64,
    pub officer: String,
    pub location: Option<String>,
    pub leader: Option<String>,
    pub opened_at: String,
    pub closed_at: Option<String>,
    pub handover_note: Option<String>,
    pub handed_over: Vec<String>,
    pub entries: Vec<EntryOut>,
}

/// One shift as `actor` may read it; `None` when a counsellor finds no
/// entry about their students in it.
fn shift_out(app: &App, reach: Reach, sh: &duty::DutyShift) -> Result<Option<ShiftOut>> {
    let conn = app.store.conn();
    let actor = &app.actor;
    let escalations = duty::escalations(conn, sh.id)?;
    let mut entries = Vec::new();
    for e in duty::entries(conn, sh.id)? {
        let mut numbers = Vec::new();
        let mut names = Vec::new();
        let mut named = Vec::new();
        for sid in &e.students {
            if let Some(r) = students::by_id(conn, *sid)? {
                named.push((r.college_id, r.counsellor_id));
                numbers.push(s(&r.student_no));
                names.push(s(&r.name));
            }
        }
        let counsellor = named.iter().any(|(_, c)| *c == Some(actor.id));
        if reach == Reach::OwnStudents && !counsellor {
            continue;
        }
        let may_read = may_read_text(actor, e.sensitive, || {
            Ok(entry_relation(actor, e.written_by, &named))
        })?;
        entries.push(EntryOut {
            entry_id: e.id,
            kind: e.kind.code(),
            happened_at: e.happened_at.clone(),
            written_at: e.written_at.clone(),
            location: so(&e.location),
            text: may_read.then(|| s(&e.text)),
            sensitive: e.sensitive,
            open: e.open,
            closed: if e.open {
                duty_owned::closure(conn, duty_owned::root_of(conn, e.id)?)?.map(|c| ClosedOut {
                    by: s(&c.closer),
                    at: c.closed_at,
                    note: may_read.then(|| s(&c.note)),
                })
            } else {
                None
            },
            follow_ups_done: if e.open && may_read {
                super::duty_owned::done_follow_ups_of_entry(app, e.id)?
            } else {
                Vec::new()
            },
            amends: e.amends,
            // whom a sensitive entry is about is as sensitive as its text
            students: if may_read { numbers } else { Vec::new() },
            student_names: if may_read { names } else { Vec::new() },
            escalations: escalations
                .iter()
                .filter(|x| x.entry_id == e.id)
                .map(|x| EscalationOut {
                    leader: s(&x.leader),
                    channel: x.channel.clone(),
                    reported_at: x.reported_at.clone(),
                    response: if may_read { so(&x.response) } else { None },
                    responded_at: x.responded_at.clone(),
                })
                .collect(),
        });
    }
    if reach == Reach::OwnStudents && entries.is_empty() {
        return Ok(None);
    }
    // the handover note may speak of anyone: only for full readers
    let full = reach == Reach::All;
    Ok(Some(ShiftOut {
        shift_id: sh.id,
        officer: s(&sh.officer),
        location: so(&sh.location),
        leader: so(&sh.leader),
        opened_at: sh.opened_at.clone(),
        closed_at: sh.closed_at.clone(),
        handover_note: if full { so(&sh.handover_note) } else { None },
        handed_over: if full {
            handed_over(app, sh.id)?
        } else {
            Vec::new()
        },
        entries,
    }))
}

/// The items a shift handed over, as `app.actor` may read them: an item
/// carried from a sensitive entry the reader may not read is withheld.
fn handed_over(app: &App, shift_id: i64) -> Result<Vec<String>> {
    let conn = app.store.conn();
    let mut out = Vec::new();
    for (entry, text) in duty::handed_over(conn, shift_id)? {
        let sensitive = match entry {
            Some(id) => duty::entry(conn, id)?.map(|e| (e.sensitive, e.written_by)),
            None => None,
        };
        let may_read = match (entry, sensitive) {
            (Some(id), Some((true, by))) => may_read_text(&app.actor, true, || {
                Ok(entry_relation(
                    &app.actor,
                    by,
                    &duty::entry_scopes(conn, id)?,
                ))
            })?,
            _ => true,
        };
        out.push(if may_read {
            s(&text)
        } else {
            app.assets.text.t("duty.handover_withheld").to_string()
        });
    }
    Ok(out)
}

/// Shifts opened between two local dates (inclusive), oldest first, each
/// as the actor may read it.
pub fn shifts(
    app: &App,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> Result<Vec<ShiftOut>> {
    let reach = reach(&app.actor)?;
    let (lo, hi) = crate::domain::clock::day_bounds(from, to, app.assets.calendar.utc_offset_hours);
    let mut out = Vec::new();
    for sh in duty::shifts_between(app.store.conn(), &lo, &hi)? {
        out.extend(shift_out(app, reach, &sh)?);
    }
    Ok(out)
}

/// One shift as the actor may read it.
pub fn shift(app: &App, shift_id: i64) -> Result<ShiftOut> {
    let reach = reach(&app.actor)?;
    let sh = duty::shift(app.store.conn(), shift_id)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.shift", id = shift_id)))?;
    shift_out(app, reach, &sh)?.ok_or_else(|| {
        Error::Refused(msg!(
            "err.denied.shift_students",
            id = shift_id,
            login = &app.actor.login
        ))
    })
}

/// One line of a search across shifts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub entry_id: i64,
    pub shift_id: i64,
    pub officer: String,
    pub kind: EntryType,
    pub happened_at: String,
    /// `None` for a sensitive entry the reader may not see.
    pub text: Option<String>,
    /// The entry this one corrects.
    pub amends: Option<i64>,
    /// A later entry corrects this one.
    pub superseded: bool,
}

/// Searches entries across shifts by text, type, student (学号) and local
/// dates (inclusive); newest first, at most 200. A counsellor finds only
/// entries naming their students; a sensitive entry's text goes only to
/// those [`may_read_text`] lets read it, and a text or student query never
/// matches a sensitive entry the reader may not read.
pub fn search(app: &App, q: &DutyQuery) -> Result<Vec<Found>> {
    let reach = reach(&app.actor)?;
    let conn = app.store.conn();
    let (lo, hi) =
        crate::domain::clock::day_bounds(q.from, q.to, app.assets.calendar.utc_offset_hours);
    let student_id: Option<i64> = match &q.student {
        Some(no) => Some(
            students::id_by_number(conn, no)?
                .ok_or_else(|| Error::Data(msg!("err.not_found.student", no = no)))?,
        ),
        None => None,
    };
    let like = q.text.as_deref().map(|t| {
        format!(
            "%{}%",
            t.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        )
    });
    let rows = duty::search_entries(
        conn,
        &duty::EntryQuery {
            from: &lo,
            to: &hi,
            like: like.as_deref(),
            kind: q.kind.map(|k| k.code()),
            student_id,
        },
    )?;
    let mut out = Vec::new();
    for e in rows {
        // the students it names, looked up only when the answer needs them
        let mut named: Option<Vec<(i64, Option<i64>)>> = None;
        if reach == Reach::OwnStudents {
            let n = duty::entry_scopes(conn, e.id)?;
            if !n.iter().any(|(_, c)| *c == Some(app.actor.id)) {
                continue;
            }
            named = Some(n);
        }
        let may_read = may_read_text(&app.actor, e.sensitive, || {
            let n = match named.take() {
                Some(n) => n,
                None => duty::entry_scopes(conn, e.id)?,
            };
            Ok(entry_relation(&app.actor, e.written_by, &n))
        })?;
        // a text or student query must not tell someone what a sensitive
        // entry says, nor whom it is about
        if !may_read && (q.text.is_some() || q.student.is_some()) {
            continue;
        }
        out.push(Found {
            entry_id: e.id,
            shift_id: e.shift_id,
            officer: s(&e.officer),
            kind: EntryType::from_code(&e.kind).unwrap_or(EntryType::Other),
            happened_at: e.happened_at,
            text: may_read.then(|| s(&e.text)),
            amends: e.amends,
            superseded: e.superseded,
        });
    }
    Ok(out)
}

/// The officer's desk: their open shift with its log, and what the shift
/// before left at this desk.
#[derive(Debug, Clone, Default)]
pub struct Tonight {
    pub shift: Option<duty::DutyShift>,
    pub entries: Vec<EntryOut>,
    pub escalations: Vec<duty::Escalation>,
    pub last: Option<duty::DutyShift>,
    pub pending: Vec<duty::HandoverItem>,
    pub linked: super::duty::Linked,
    /// Open entries and items taken over, until closed (issue 14).
    pub owned: Vec<super::duty_owned::Owned>,
}

pub fn tonight(app: &App) -> Result<Tonight> {
    let conn = app.store.conn();
    let Some(shift) = duty::open_shift_of(conn, app.actor.id)? else {
        // the last handover note is free text about anyone: only for those
        // who read the whole log (a counsellor reads entries naming their
        // own students; psych and aid specialists do not read the log)
        let whole_log = allows(&app.actor, Kind::Duty, Action::View, Relation::InScope);
        return Ok(Tonight {
            last: if whole_log {
                duty::last_closed(conn, None)?
            } else {
                None
            },
            ..Tonight::default()
        });
    };
    let (last, pending) = super::duty::handover_for(app, &shift)?;
    let entries = shift_out(app, Reach::All, &shift)?
        .map(|s| s.entries)
        .unwrap_or_default();
    Ok(Tonight {
        owned: super::duty_owned::owned(app, &shift)?,
        escalations: duty::escalations(conn, shift.id)?,
        linked: super::duty::linked(app, &shift)?,
        shift: Some(shift),
        entries,
        last,
        pending,
    })
}

/// One shift opened for reading. Reading sensitive text someone else wrote
/// is audit-logged (who looked, when, which shift).
pub fn open_shift(app: &mut App, shift_id: i64) -> Result<ShiftOut> {
    let out = shift(app, shift_id)?;
    let me = app.actor.id;
    let officer = duty::shift(app.store.conn(), shift_id)?.map(|s| s.officer_id);
    let sensitive = out
        .entries
        .iter()
        .filter(|e| e.sensitive && e.text.is_some())
        .count();
    if sensitive > 0 && officer != Some(me) {
        let (login, now) = (app.actor.login.clone(), app.now());
        app.store.write(&login, now, |_| {
            Ok((
                (),
                vec![crate::store::AuditEntry::new(
                    "duty.view_sensitive",
                    "shift",
                    Some(shift_id.to_string()),
                    serde_json::json!({"sensitive_entries": sensitive}),
                )],
            ))
        })?;
    }
    Ok(out)
}

/// What a crisis case opened from a duty-log entry starts with (issue 6
/// plugs in here: "an incident entry offers to open a crisis case").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSeed {
    pub entry_id: i64,
    pub kind: EntryType,
    pub happened_at: String,
    pub location: Option<String>,
    /// 学号 of the students the entry names.
    pub students: Vec<String>,
    /// `None` when the reader may not read a sensitive entry's text.
    pub text: Option<String>,
}

/// The entry as a crisis case would take it over, read as the actor may.
/// An entry that names a student (a phone call about a missing student
/// as much as a request) or an incident (突发事件) offers a case. The place
/// is the entry's own; the desk's place (where the officer sat) is not
/// the case's, and is left for the officer to fill. The text is the
/// entry's newest.
pub fn case_seed(app: &App, entry_id: i64) -> Result<Option<CaseSeed>> {
    let conn = app.store.conn();
    let e = duty::entry(conn, entry_id)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.entry", id = entry_id)))?;
    if e.students.is_empty() && !matches!(e.kind, EntryType::Incident | EntryType::StudentRequest) {
        return Ok(None);
    }
    let desk = duty::shift(conn, e.shift_id)?.and_then(|s| s.location);
    let newest = crate::store::duty_owned::latest_version(
        conn,
        crate::store::duty_owned::root_of(conn, entry_id)?,
    )?
    .map(|(id, _)| id)
    .unwrap_or(entry_id);
    let s = shift(app, e.shift_id)?;
    let text = s
        .entries
        .iter()
        .find(|x| x.entry_id == newest)
        .and_then(|x| x.text.clone());
    Ok(s.entries
        .into_iter()
        .find(|x| x.entry_id == entry_id)
        .map(|x| CaseSeed {
            entry_id,
            kind: e.kind,
            happened_at: x.happened_at,
            location: x
                .location
                .filter(|l| !l.trim().is_empty() && Some(l) != desk.as_ref()),
            students: x.students,
            text: if x.text.is_some() {
                text.or(x.text)
            } else {
                None
            },
        }))
}
