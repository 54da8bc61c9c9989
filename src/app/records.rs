//! Talks (谈话记录), family contacts (家长联系), the class ledger (班级工作
//! 台账), special-group support (1+1+1, 一生一策) and sweeps: written in two
//! minutes, each write one transaction with its audit row, corrections as
//! amendments that keep the original.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use super::App;
use super::policy::{Action, Kind, Relation, allows, relation, relation_of, relation_to};
use crate::domain::clock::{local_date, to_db};
use crate::domain::compliance::LedgerKind;
use crate::domain::records::{ContactChannel, check_record};
use crate::domain::staff::Staff;
use crate::domain::student::StudentRecord;
use crate::error::{Error, Msg, Result};
use crate::msg;
use crate::store::org::{self, ClassRow};
use crate::store::records::{self as rec, NewContact, NewLedger, NewTalk, Support};
use crate::store::{AuditEntry, students};

pub use crate::domain::records::parse_when;

/// The student with 学号 `no`, if the actor may `action` records of `kind`
/// about them: decided on her college and class counsellor alone (one
/// indexed read — what the save paths of talks and family contacts need).
fn student_ref_for(
    app: &App,
    no: &str,
    kind: Kind,
    action: Action,
) -> Result<students::StudentRef> {
    let s = students::ref_by_number(app.store.conn(), no.trim())?
        .ok_or_else(|| Error::Data(msg!("err.not_found.student", no = no.trim())))?;
    let rel = relation_of(&app.actor, s.counsellor_id, s.college_id);
    if !allows(&app.actor, kind, action, rel) {
        return Err(Error::Refused(msg!(
            "err.denied.record_write",
            login = &app.actor.login,
            name = &s.name,
            no = &s.student_no
        )));
    }
    Ok(s)
}

/// [`student_ref_for`], then the student's whole record.
fn student_for(app: &App, no: &str, kind: Kind, action: Action) -> Result<StudentRecord> {
    let r = student_ref_for(app, no, kind, action)?;
    students::by_id(app.store.conn(), r.id)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.student", no = no.trim())))
}

fn opt(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A talk as its author writes it.
#[derive(Debug, Clone, Default)]
pub struct TalkInput {
    pub student_no: String,
    pub at: Option<DateTime<Utc>>,
    pub place: Option<String>,
    /// A kind's code or name (日常谈心); `other` when empty.
    pub kind: String,
    pub summary: String,
    pub follow_up: Option<String>,
    pub follow_up_due: Option<NaiveDate>,
    pub next_talk: Option<NaiveDate>,
    pub sensitive: bool,
}

pub fn record_talk(app: &mut App, t: &TalkInput) -> Result<i64> {
    let s = student_ref_for(app, &t.student_no, Kind::Talk, Action::Edit)?;
    let kind = app.assets.kinds.talk_code(&t.kind).map_err(Error::Data)?;
    let now = app.now();
    let offset = app.assets.calendar.utc_offset_hours;
    let at = t.at.unwrap_or(now);
    let on = local_date(at, offset);
    check_record(at, on, now, &t.summary, t.follow_up_due, t.next_talk)
        .map_err(|p| Error::Data(p.msg()))?;
    let (login, me) = (app.actor.login.clone(), app.actor.id);
    let (at_s, on_s, now_s) = (to_db(at), on.to_string(), to_db(now));
    let (fu_due, next) = (
        t.follow_up_due.map(|d| d.to_string()),
        t.next_talk.map(|d| d.to_string()),
    );
    app.store.write(&login, now, |tx| {
        let id = rec::insert_talk(
            tx,
            &NewTalk {
                student_id: s.id,
                author_id: me,
                held_at: &at_s,
                held_on: &on_s,
                place: opt(&t.place),
                kind: &kind,
                summary: t.summary.trim(),
                follow_up: opt(&t.follow_up),
                follow_up_due: fu_due.as_deref(),
                next_talk: next.as_deref(),
                sensitive: t.sensitive,
                amends: None,
                written_at: &now_s,
                written_by: me,
                imported_from: None,
            },
        )?;
        Ok((
            id,
            vec![AuditEntry::new(
                "talk.record",
                "talk",
                Some(id.to_string()),
                json!({"student": s.student_no, "kind": kind, "sensitive": t.sensitive}),
            )],
        ))
    })
}

/// Corrects a talk's summary: a new row amends it; the original stays.
pub fn amend_talk(app: &mut App, talk_id: i64, summary: &str) -> Result<i64> {
    let conn = app.store.conn();
    let old = rec::talk(conn, talk_id)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.talk", id = talk_id)))?;
    if summary.trim().is_empty() {
        return Err(Error::Data(Msg::new("err.records.need_summary")));
    }
    let who = (old.id, old.author_id, old.amends);
    write_amendment(
        app,
        ("talk.amend", "talk", "err.what.talk"),
        who,
        |tx, original, now_s, me| {
            rec::insert_talk(
                tx,
                &NewTalk {
                    student_id: old.student_id,
                    author_id: old.author_id,
                    held_at: &old.held_at,
                    held_on: &old.held_on,
                    place: old.place.as_deref(),
                    kind: &old.kind,
                    summary: summary.trim(),
                    follow_up: old.follow_up.as_deref(),
                    follow_up_due: old.follow_up_due.as_deref(),
                    next_talk: old.next_talk.as_deref(),
                    sensitive: old.sensitive,
                    amends: Some(original),
                    written_at: now_s,
                    written_by: me,
                    imported_from: None,
                },
            )
        },
    )
}

/// Writes a correction of a record (`id`, its author, what it amends): only
/// its author corrects it; the new row amends the original (never another
/// amendment); one commit with its audit row (`action` on `target`).
pub(super) fn write_amendment(
    app: &mut App,
    (action, target, noun): (&str, &str, &str),
    (id, author, amends): (i64, i64, Option<i64>),
    insert: impl FnOnce(&rusqlite::Connection, i64, &str, i64) -> Result<i64>,
) -> Result<i64> {
    if author != app.actor.id {
        return Err(Error::Refused(
            Msg::new("err.denied.amend_author").label("what", noun),
        ));
    }
    let original = amends.unwrap_or(id);
    let (login, me, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let now_s = to_db(now);
    app.store.write(&login, now, |tx| {
        let new = insert(tx, original, &now_s, me)?;
        Ok((
            new,
            vec![AuditEntry::new(
                action,
                target,
                Some(new.to_string()),
                json!({"amends": original}),
            )],
        ))
    })
}

/// Corrects a family contact's content: a new row amends it; the original
/// stays (and counts once).
pub fn amend_contact(app: &mut App, contact_id: i64, content: &str) -> Result<i64> {
    let conn = app.store.conn();
    let old = rec::contact(conn, contact_id)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.contact", id = contact_id)))?;
    if content.trim().is_empty() {
        return Err(Error::Data(Msg::new("err.records.need_content")));
    }
    let who = (old.id, old.author_id, old.amends);
    write_amendment(
        app,
        ("contact.amend", "parent_contact", "err.what.contact"),
        who,
        |tx, original, now_s, me| {
            rec::insert_contact(
                tx,
                &NewContact {
                    student_id: old.student_id,
                    author_id: old.author_id,
                    contacted_at: &old.contacted_at,
                    contacted_on: &old.contacted_on,
                    channel: &old.channel,
                    home_visit: false,
                    person: old.person.as_deref(),
                    reason: &old.reason,
                    content: content.trim(),
                    amends: Some(original),
                    written_at: now_s,
                    written_by: me,
                    imported_from: None,
                },
            )
        },
    )
}

#[derive(Debug, Clone)]
pub struct ContactInput {
    pub student_no: String,
    pub at: Option<DateTime<Utc>>,
    pub channel: ContactChannel,
    pub person: Option<String>,
    /// A reason's code or name (学籍预警通报); `routine` when empty.
    pub reason: String,
    pub content: String,
}

pub fn record_contact(app: &mut App, c: &ContactInput) -> Result<i64> {
    let s = student_ref_for(app, &c.student_no, Kind::ParentContact, Action::Edit)?;
    let reason = app
        .assets
        .kinds
        .reason_code(&c.reason)
        .map_err(Error::Data)?;
    let now = app.now();
    let at = c.at.unwrap_or(now);
    let on = local_date(at, app.assets.calendar.utc_offset_hours);
    check_record(at, on, now, &c.content, None, None).map_err(|p| Error::Data(p.msg()))?;
    let (login, me) = (app.actor.login.clone(), app.actor.id);
    let (at_s, on_s, now_s) = (to_db(at), on.to_string(), to_db(now));
    app.store.write(&login, now, |tx| {
        let id = rec::insert_contact(
            tx,
            &NewContact {
                student_id: s.id,
                author_id: me,
                contacted_at: &at_s,
                contacted_on: &on_s,
                channel: c.channel.code(),
                home_visit: c.channel.is_home_visit(),
                person: opt(&c.person),
                reason: &reason,
                content: c.content.trim(),
                amends: None,
                written_at: &now_s,
                written_by: me,
                imported_from: None,
            },
        )?;
        Ok((
            id,
            vec![AuditEntry::new(
                "contact.record",
                "parent_contact",
                Some(id.to_string()),
                json!({"student": s.student_no, "channel": c.channel.code(), "reason": reason}),
            )],
        ))
    })
}

/// Corrects a ledger record's topic and note: a new row amends it; the
/// original stays (and counts once).
pub fn amend_ledger(
    app: &mut App,
    ledger_id: i64,
    topic: Option<&str>,
    note: Option<&str>,
) -> Result<i64> {
    let conn = app.store.conn();
    let old = rec::ledger_record(conn, ledger_id)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.ledger", id = ledger_id)))?;
    let clean = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(String::from);
    let (topic, note) = (clean(topic), clean(note));
    if topic.is_none() && note.is_none() {
        return Err(Error::Data(Msg::new("err.records.need_topic_or_note")));
    }
    let who = (old.id, old.author_id, old.amends);
    write_amendment(
        app,
        ("ledger.amend", "class_ledger", "err.what.ledger"),
        who,
        |tx, original, now_s, me| {
            rec::insert_ledger(
                tx,
                &NewLedger {
                    class_id: old.class_id,
                    author_id: old.author_id,
                    kind: &old.kind,
                    held_at: &old.held_at,
                    held_on: &old.held_on,
                    topic: topic.as_deref().or(old.topic.as_deref()),
                    attendance: old.attendance,
                    absentees: old.absentees.as_deref(),
                    note: note.as_deref().or(old.note.as_deref()),
                    amends: Some(original),
                    written_at: now_s,
                    written_by: me,
                    imported_from: None,
                },
            )
        },
    )
}

#[derive(Debug, Clone)]
pub struct LedgerInput {
    /// The class's name (a lecture visit may name none).
    pub class: Option<String>,
    pub kind: LedgerKind,
    pub at: Option<DateTime<Utc>>,
    pub topic: Option<String>,
    pub attendance: Option<i64>,
    pub absentees: Option<String>,
    pub note: Option<String>,
}

pub fn record_ledger(app: &mut App, l: &LedgerInput) -> Result<i64> {
    let conn = app.store.conn();
    let me = app.actor.id;
    let class = match opt(&l.class) {
        Some(name) => {
            // class names are unique within a college: of several, the one
            // the actor keeps
            let named: Vec<ClassRow> = org::classes(conn)?
                .into_iter()
                .filter(|c| c.name == name)
                .collect();
            let may = |c: &&ClassRow| {
                allows(
                    &app.actor,
                    Kind::ClassLedger,
                    Action::Edit,
                    class_relation(&app.actor, c),
                )
            };
            match (named.iter().find(may), named.first()) {
                (Some(c), _) => Some(c.id),
                (None, None) => return Err(Error::Data(msg!("err.not_found.class", name = name))),
                (None, Some(c)) if class_relation(&app.actor, c) == Relation::Outside => {
                    let college = org::colleges(conn)?
                        .into_iter()
                        .find(|(id, _)| *id == c.college_id)
                        .map(|(_, n)| n)
                        .unwrap_or_default();
                    return Err(Error::Refused(msg!(
                        "err.denied.ledger_college",
                        login = &app.actor.login,
                        class = name,
                        college = college
                    )));
                }
                (None, Some(_)) => {
                    return Err(Error::Refused(msg!(
                        "err.denied.ledger_class",
                        login = &app.actor.login,
                        class = name
                    )));
                }
            }
        }
        None if l.kind == LedgerKind::Lecture => None,
        None => {
            return Err(Error::Data(
                Msg::new("err.records.need_class")
                    .label("kind", format!("ledger.{}", l.kind.code())),
            ));
        }
    };
    if class.is_none() && !allows(&app.actor, Kind::ClassLedger, Action::Edit, Relation::Own) {
        return Err(Error::Refused(msg!(
            "err.denied.ledger",
            login = &app.actor.login
        )));
    }
    let now = app.now();
    let at = l.at.unwrap_or(now);
    let on = local_date(at, app.assets.calendar.utc_offset_hours);
    let text = [opt(&l.topic), opt(&l.note)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if l.kind != LedgerKind::Attendance && l.kind != LedgerKind::Lecture && text.is_empty() {
        return Err(Error::Data(
            Msg::new("err.records.need_topic").label("kind", format!("ledger.{}", l.kind.code())),
        ));
    }
    check_record(
        at,
        on,
        now,
        if text.is_empty() { "-" } else { &text },
        None,
        None,
    )
    .map_err(|p| Error::Data(p.msg()))?;
    if l.attendance.is_some_and(|n| n < 0) {
        return Err(Error::Data(Msg::new("err.records.negative_attendance")));
    }
    let login = app.actor.login.clone();
    let (at_s, on_s, now_s) = (to_db(at), on.to_string(), to_db(now));
    app.store.write(&login, now, |tx| {
        let id = rec::insert_ledger(
            tx,
            &NewLedger {
                class_id: class,
                author_id: me,
                kind: l.kind.code(),
                held_at: &at_s,
                held_on: &on_s,
                topic: opt(&l.topic),
                attendance: l.attendance,
                absentees: opt(&l.absentees),
                note: opt(&l.note),
                amends: None,
                written_at: &now_s,
                written_by: me,
                imported_from: None,
            },
        )?;
        Ok((
            id,
            vec![AuditEntry::new(
                "ledger.record",
                "class_ledger",
                Some(id.to_string()),
                json!({"kind": l.kind.code(), "class": class}),
            )],
        ))
    })
}

/// Sets the 1+1+1 mentors and the 一生一策 plan of a special-group student
/// (`special.mentors`); the standing row is superseded, not overwritten.
pub fn set_support(app: &mut App, student_no: &str, s: &Support) -> Result<()> {
    let st = student_for(app, student_no, Kind::SpecialSupport, Action::Edit)?;
    let (login, me, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let at = to_db(now);
    app.store.write(&login, now, |tx| {
        let id = rec::set_support(tx, st.id, s, me, &at)?;
        Ok((
            (),
            vec![AuditEntry::new(
                "support.set",
                "special_support",
                Some(id.to_string()),
                json!({"student": st.student_no}),
            )],
        ))
    })
}

/// Records a sweep of the six special groups in the actor's college
/// (`special.sweep`): information, or psychological.
pub fn record_sweep(app: &mut App, psych: bool, on: NaiveDate, note: Option<&str>) -> Result<()> {
    let college = app
        .actor
        .college_id
        .ok_or_else(|| Error::Data(Msg::new("err.records.sweep_no_college")))?;
    if !allows(
        &app.actor,
        Kind::SpecialSupport,
        Action::Edit,
        Relation::InScope,
    ) {
        return Err(Error::Refused(msg!(
            "err.denied.sweep",
            login = &app.actor.login
        )));
    }
    let now = app.now();
    if on > local_date(now, app.assets.calendar.utc_offset_hours) {
        return Err(Error::Data(Msg::new("err.records.sweep_future")));
    }
    let (login, me) = (app.actor.login.clone(), app.actor.id);
    let (on_s, at) = (on.to_string(), to_db(now));
    app.store.write(&login, now, |tx| {
        let id = rec::insert_sweep(tx, college, psych, &on_s, note, me, &at)?;
        Ok((
            (),
            vec![AuditEntry::new(
                "sweep.record",
                "special_sweep",
                Some(id.to_string()),
                json!({"psych": psych, "on": on_s}),
            )],
        ))
    })
}

/// May the actor read the summary of this talk? Not sensitive: whoever may
/// view talks about the student. Sensitive: its author, the student's
/// counsellor, the college's psych specialist for psychology-related kinds,
/// and leaders.
pub fn may_read_talk(app: &App, t: &rec::TalkRecord, s: &StudentRecord) -> bool {
    let rel = relation(&app.actor, s);
    if !allows(&app.actor, Kind::Talk, Action::View, rel) && t.author_id != app.actor.id {
        return false;
    }
    if !t.sensitive || t.author_id == app.actor.id {
        return true;
    }
    let psych = app.assets.kinds.talk_kind(&t.kind).is_some_and(|c| c.psych);
    allows(&app.actor, Kind::TalkSensitive(psych), Action::View, rel)
}

/// How `actor` stands to a class's ledger: `Own` for the class's
/// counsellor, else by the class's college.
pub(crate) fn class_relation(actor: &Staff, c: &ClassRow) -> Relation {
    relation_to(actor, c.counsellor_id == Some(actor.id), &[c.college_id])
}

/// The classes whose ledger the actor keeps: a counsellor's own; for a
/// leader, the college's.
pub fn my_classes(app: &App) -> Result<Vec<String>> {
    let conn = app.store.conn();
    let rows = if app.actor.has(crate::domain::staff::Role::Counsellor) {
        rec::classes(conn, Some(app.actor.id), None)?
    } else if allows(
        &app.actor,
        Kind::ClassLedger,
        Action::Edit,
        Relation::InScope,
    ) {
        rec::classes(conn, None, app.actor.college_id)?
    } else {
        Vec::new()
    };
    Ok(rows.into_iter().map(|(_, n, _)| n).collect())
}

/// The standing 1+1+1 mentors and plan of a student, for those who may see them.
pub fn support_of(app: &App, student_no: &str) -> Result<Option<Support>> {
    let s = student_for(app, student_no, Kind::SpecialSupport, Action::View)?;
    rec::support_of(app.store.conn(), s.id)
}
