//! A student's timeline on the detail screen: talks (with their follow-up
//! and next-talk dates), family contacts, patrol presence and the
//! follow-ups raised after it, duty-log entries naming the student, crisis
//! cases, home visits and growth-file entries, and flags, newest first, each as the reader may see it (a
//! sensitive talk's text withheld, flags of a class the role may not view
//! left out, contacts, duty entries, follow-ups and cases only for those
//! who may read them).

use chrono::NaiveDate;

use super::App;
use super::crisis_desk::CaseLine;
use super::policy::{Action, Kind, Relation, allows, relation};
use crate::domain::aid::{GrowthKind, VisitMode};
use crate::domain::clock::{from_db, school_tz, to_db};
use crate::domain::duty::{DutyQuery, EntryType};
use crate::domain::patrol::Presence;
use crate::domain::student::{FlagKind, StudentRecord};
use crate::error::{Error, Result};
use crate::store::{patrols, records as rec, student_history, students};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Talk {
        id: i64,
        kind: String,
        author: String,
        /// `None`: sensitive, not for this reader.
        summary: Option<String>,
        /// What is to be done next and by when (withheld with the summary).
        follow_up: Option<String>,
        follow_up_due: Option<String>,
        next_talk: Option<String>,
        amends: Option<i64>,
        /// A sensitive talk shown to someone other than its author: the
        /// opening that shows it is audit-logged.
        sensitive_read: bool,
    },
    Contact {
        channel: String,
        reason: String,
        author: String,
        content: String,
    },
    Presence {
        status: Presence,
        room: String,
        staff: String,
    },
    /// A duty-log entry naming the student (as last corrected: an entry
    /// a later one corrects is left out).
    Duty {
        kind: EntryType,
        officer: String,
        /// `None`: sensitive, not for this reader.
        text: Option<String>,
        /// It corrects an earlier entry.
        corrected: bool,
        /// Left open and since closed: the note (withheld with the text).
        closed: Option<String>,
    },
    /// A follow-up raised after a patrol found the student absent.
    FollowUp {
        status: Presence,
        raised_by: String,
        /// School-local "YYYY-MM-DD HH:MM".
        due: String,
        /// `reached` / `escalated` once closed.
        outcome: Option<String>,
        reason: Option<String>,
        closed: bool,
    },
    /// A crisis case naming the student (only for those who may see it).
    Crisis(Box<CaseLine>),
    /// A home visit (for a reader who may see visits): who went, and the
    /// family's situation and the needs found only for a reader who may see
    /// the family's finances (RULES `privacy.aid`).
    HomeVisit {
        mode: VisitMode,
        author: String,
        went: Vec<String>,
        family: Option<String>,
        needs: Option<String>,
        next_step: Option<String>,
    },
    /// A growth-file entry (成长档案), for a reader who may see it.
    Growth {
        kind: GrowthKind,
        author: String,
        text: String,
    },
    Flag {
        kind: FlagKind,
        level: Option<String>,
        /// Set (true) or cleared (false).
        set: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineItem {
    /// School-local "YYYY-MM-DD HH:MM" (a flag's date alone: "YYYY-MM-DD").
    pub at: String,
    pub item: Item,
}

fn local(t: &str, offset: i32) -> String {
    from_db(t)
        .map(|x| {
            x.with_timezone(&school_tz(offset))
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| t.to_string())
}

/// The timeline of `s` as the actor may see it, newest first.
pub fn timeline(app: &App, s: &StudentRecord) -> Result<Vec<TimelineItem>> {
    let conn = app.store.conn();
    let offset = app.assets.calendar.utc_offset_hours;
    let rel = relation(&app.actor, s);
    let mut out = Vec::new();
    for t in rec::talks_of_student(conn, s.id)? {
        if !allows(&app.actor, Kind::Talk, Action::View, rel) && t.author_id != app.actor.id {
            continue;
        }
        let readable = super::records::may_read_talk(app, &t, s);
        let summary = readable.then(|| t.summary.clone());
        let sensitive_read = t.sensitive && summary.is_some() && t.author_id != app.actor.id;
        let shown = |x: &Option<String>| x.clone().filter(|_| readable);
        out.push(TimelineItem {
            at: local(&t.held_at, offset),
            item: Item::Talk {
                id: t.id,
                kind: app.assets.kinds.talk_name(&t.kind).to_string(),
                author: t.author,
                summary,
                follow_up: shown(&t.follow_up),
                follow_up_due: shown(&t.follow_up_due),
                next_talk: shown(&t.next_talk),
                amends: t.amends,
                sensitive_read,
            },
        });
    }
    if allows(&app.actor, Kind::ParentContact, Action::View, rel) {
        for c in rec::contacts_of_student(conn, s.id)? {
            out.push(TimelineItem {
                at: local(&c.contacted_at, offset),
                item: Item::Contact {
                    channel: crate::domain::records::ContactChannel::ALL
                        .into_iter()
                        .find(|x| x.code() == c.channel)
                        .map_or(c.channel.clone(), |x| x.zh().to_string()),
                    reason: app.assets.kinds.reason_name(&c.reason).to_string(),
                    author: c.author,
                    content: c.content,
                },
            });
        }
    }
    for p in patrols::presence_history(conn, s.id, 20)? {
        out.push(TimelineItem {
            at: local(&p.saved_at, offset),
            item: Item::Presence {
                status: p.status,
                room: format!("{} {}", p.building, p.room),
                staff: p.staff,
            },
        });
    }
    if allows(&app.actor, Kind::FollowUp, Action::View, rel) {
        for f in student_history::follow_ups_of_student(conn, s.id, 20)? {
            let Some(status) = Presence::from_code(&f.status) else {
                continue;
            };
            out.push(TimelineItem {
                at: local(&f.raised_at, offset),
                item: Item::FollowUp {
                    status,
                    raised_by: f.raised_by,
                    due: local(&f.due_at, offset),
                    outcome: f.outcome,
                    reason: f.reason,
                    closed: f.closed_at.is_some(),
                },
            });
        }
    }
    out.extend(duty_entries(app, &s.student_no)?);
    out.extend(aid_items(app, s, rel)?);
    for c in super::crisis_desk::of_student(app, s.id)? {
        out.push(TimelineItem {
            at: local(&to_db(c.opened), offset),
            item: Item::Crisis(Box::new(c)),
        });
    }
    for (kind, level, since, _note, set_at, cleared_at) in students::flag_history(conn, s.id)? {
        let Some(kind) = FlagKind::from_code(&kind) else {
            continue;
        };
        if !super::students::may_view_flag(&app.actor, kind, rel) {
            continue;
        }
        let set_on = since
            .as_deref()
            .and_then(crate::domain::student::parse_date)
            .map(|d: NaiveDate| d.to_string())
            .unwrap_or_else(|| local(&set_at, offset).chars().take(10).collect());
        out.push(TimelineItem {
            at: set_on,
            item: Item::Flag {
                kind,
                level: level.clone(),
                set: true,
            },
        });
        if let Some(c) = cleared_at {
            out.push(TimelineItem {
                at: local(&c, offset).chars().take(10).collect(),
                item: Item::Flag {
                    kind,
                    level,
                    set: false,
                },
            });
        }
    }
    out.sort_by(|a, b| b.at.cmp(&a.at));
    Ok(out)
}

/// The student's home visits and growth-file entries, each only for a
/// reader the policy lets see them (a day each, no time).
fn aid_items(app: &App, s: &StudentRecord, rel: Relation) -> Result<Vec<TimelineItem>> {
    let mut out = Vec::new();
    if allows(&app.actor, Kind::HomeVisit, Action::View, rel) {
        let (visits, _) = super::aid::visits(app, &s.student_no)?;
        out.extend(visits.into_iter().map(|v| TimelineItem {
            at: v.visited_on.to_string(),
            item: Item::HomeVisit {
                mode: v.mode,
                author: v.author,
                went: v.went,
                family: v.family,
                needs: v.needs,
                next_step: v.next_step,
            },
        }));
    }
    if allows(&app.actor, Kind::GrowthFile, Action::View, rel) {
        out.extend(
            super::aid::growth_file(app, &s.student_no)?
                .into_iter()
                .map(|g| TimelineItem {
                    at: g.noted_on.to_string(),
                    item: Item::Growth {
                        kind: g.kind,
                        author: g.author,
                        text: g.text,
                    },
                }),
        );
    }
    Ok(out)
}

/// The duty-log entries naming the student that the actor may read (none
/// for a role that reads no duty log), newest first.
fn duty_entries(app: &App, student_no: &str) -> Result<Vec<TimelineItem>> {
    let q = DutyQuery {
        text: None,
        kind: None,
        student: Some(student_no.to_string()),
        from: None,
        to: None,
    };
    let found = match super::duty_log::search(app, &q) {
        Ok(f) => f,
        Err(Error::Refused(_)) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let offset = app.assets.calendar.utc_offset_hours;
    let conn = app.store.conn();
    let mut out = Vec::new();
    for e in found.into_iter().filter(|e| !e.superseded) {
        let closed = match &e.text {
            Some(_) => crate::store::duty_owned::closure(
                conn,
                crate::store::duty_owned::root_of(conn, e.entry_id)?,
            )?
            .map(|c| c.note),
            None => None,
        };
        out.push(TimelineItem {
            at: local(&e.happened_at, offset),
            item: Item::Duty {
                kind: e.kind,
                officer: e.officer,
                text: e.text,
                corrected: e.amends.is_some(),
                closed,
            },
        });
    }
    Ok(out)
}
