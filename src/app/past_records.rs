//! Past talks and family contacts as 待办's second view lists them: a
//! reader's own (what they wrote), or for a leader their college's; each
//! record once, as its latest version (an amendment stands for the
//! original), newest first. Only its author amends a record
//! ([`super::records::amend_talk`], [`super::records::amend_contact`]).

use std::collections::HashMap;

use super::App;
use super::policy::{Action, Kind, Relation, allows, relation};
use crate::domain::clock::{from_db, school_tz};
use crate::domain::records::ContactChannel;
use crate::domain::staff::Role;
use crate::domain::student::StudentRecord;
use crate::error::Result;
use crate::store::{records as rec, students};

/// How many records the list holds at most.
pub const LIMIT: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PastKind {
    Talk,
    Contact,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastRecord {
    pub kind: PastKind,
    /// The latest version's id (what an amendment amends through).
    pub id: i64,
    /// School-local "YYYY-MM-DD HH:MM".
    pub at: String,
    /// "name 学号".
    pub student: String,
    /// The talk's kind, or the contact's channel and reason, in words.
    pub what: String,
    pub author: String,
    /// The latest text; `None`: a sensitive talk not for this reader.
    pub text: Option<String>,
    /// It has been amended (the text is the amendment's).
    pub amended: bool,
    /// The reader wrote it (and so may amend it).
    pub mine: bool,
}

/// Whose records the list holds: a leader's college, else one's own.
pub fn college_wide(app: &App) -> bool {
    app.actor.has(Role::Leader) && !app.actor.has(Role::Counsellor)
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

/// Keeps the latest version of each record: (original id -> latest).
fn latest<T>(rows: Vec<T>, id: impl Fn(&T) -> (i64, Option<i64>)) -> Vec<(T, bool)> {
    let mut by: HashMap<i64, (T, bool)> = HashMap::new();
    for r in rows {
        let (i, amends) = id(&r);
        let original = amends.unwrap_or(i);
        match by.get(&original) {
            Some((cur, _)) if id(cur).0 > i => {
                by.entry(original).and_modify(|e| e.1 = true);
            }
            Some(_) => {
                by.insert(original, (r, true));
            }
            None => {
                by.insert(original, (r, amends.is_some()));
            }
        }
    }
    by.into_values().collect()
}

/// The past talks and contacts the reader's list holds, newest first.
pub fn past(app: &App) -> Result<Vec<PastRecord>> {
    let conn = app.store.conn();
    let offset = app.assets.calendar.utc_offset_hours;
    let wide = college_wide(app);
    let me = app.actor.id;
    let mut who: HashMap<i64, Option<StudentRecord>> = HashMap::new();
    let mut student = |id: i64| -> Result<Option<StudentRecord>> {
        if let Some(s) = who.get(&id) {
            return Ok(s.clone());
        }
        let s = students::by_id(conn, id)?;
        who.insert(id, s.clone());
        Ok(s)
    };
    // in the list: one's own; for a leader, what the policy lets them view
    // in their college (never another college)
    let shown = |kind: Kind, s: &StudentRecord, author: i64| {
        let rel = relation(&app.actor, s);
        author == me
            || (wide && rel != Relation::Outside && allows(&app.actor, kind, Action::View, rel))
    };
    let mut out = Vec::new();
    for (t, amended) in latest(rec::talks_between(conn, "0000-01-01", "9999-12-31")?, |t| {
        (t.id, t.amends)
    }) {
        let Some(s) = student(t.student_id)? else {
            continue;
        };
        if !shown(Kind::Talk, &s, t.author_id) {
            continue;
        }
        let readable = super::records::may_read_talk(app, &t, &s);
        out.push(PastRecord {
            kind: PastKind::Talk,
            id: t.id,
            at: local(&t.held_at, offset),
            student: format!("{} {}", s.name, s.student_no),
            what: app.assets.kinds.talk_name(&t.kind).to_string(),
            author: t.author,
            text: readable.then_some(t.summary),
            amended,
            mine: t.author_id == me,
        });
    }
    for (c, amended) in latest(
        rec::contacts_between(conn, "0000-01-01", "9999-12-31")?,
        |c| (c.id, c.amends),
    ) {
        let Some(s) = student(c.student_id)? else {
            continue;
        };
        if !shown(Kind::ParentContact, &s, c.author_id) {
            continue;
        }
        let channel = ContactChannel::ALL
            .into_iter()
            .find(|x| x.code() == c.channel)
            .map_or(c.channel.clone(), |x| x.zh().to_string());
        out.push(PastRecord {
            kind: PastKind::Contact,
            id: c.id,
            at: local(&c.contacted_at, offset),
            student: format!("{} {}", s.name, s.student_no),
            what: format!("{channel} · {}", app.assets.kinds.reason_name(&c.reason)),
            author: c.author,
            text: Some(c.content),
            amended,
            mine: c.author_id == me,
        });
    }
    out.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
    out.truncate(LIMIT);
    Ok(out)
}
