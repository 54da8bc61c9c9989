//! `zhiban export talks|parent-contacts|class-ledger`: the records the
//! actor may read, between two dates; a sensitive talk's summary only for
//! those who may read it ([`crate::app::records::may_read_talk`]).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;

use super::{s, so};
use crate::app::App;
use crate::app::policy::{Action, Kind, allows, relation, relation_to};
use crate::app::records::class_relation;
use crate::domain::clock::local_date;
use crate::domain::compliance::LedgerKind;
use crate::domain::records::ContactChannel;
use crate::domain::student::StudentRecord;
use crate::domain::text::{csv_header, csv_row};
use crate::error::Result;
use crate::store::org::{self, ClassRow};
use crate::store::{records as rec, students};

#[derive(Debug, Clone, Serialize)]
pub struct TalkOut {
    pub talk_id: i64,
    pub student_no: String,
    pub student: String,
    pub author: String,
    pub held_at: String,
    pub place: Option<String>,
    pub kind: String,
    pub kind_name: String,
    /// Withheld (null) for a sensitive talk the reader may not see.
    pub summary: Option<String>,
    pub follow_up: Option<String>,
    pub follow_up_due: Option<String>,
    pub next_talk: Option<String>,
    pub sensitive: bool,
    pub amends: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactOut {
    pub contact_id: i64,
    pub student_no: String,
    pub student: String,
    pub author: String,
    pub contacted_at: String,
    pub channel: String,
    pub channel_name: String,
    pub person: Option<String>,
    pub reason: String,
    pub reason_name: String,
    pub content: String,
    pub amends: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LedgerOut {
    pub ledger_id: i64,
    pub class: Option<String>,
    pub author: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub kind_name: String,
    pub held_at: String,
    pub topic: Option<String>,
    pub attendance: Option<i64>,
    pub absentees: Option<String>,
    pub note: Option<String>,
    pub amends: Option<i64>,
}

fn range(app: &App, from: Option<NaiveDate>, to: Option<NaiveDate>) -> (String, String) {
    let today = local_date(app.now(), app.assets.calendar.utc_offset_hours);
    (
        from.map_or_else(|| "0000-01-01".to_string(), |d| d.to_string()),
        to.unwrap_or(today).to_string(),
    )
}

/// Students looked up once each.
struct Students<'a> {
    conn: &'a rusqlite::Connection,
    seen: HashMap<i64, Option<StudentRecord>>,
}

impl Students<'_> {
    fn get(&mut self, id: i64) -> Result<Option<&StudentRecord>> {
        if !self.seen.contains_key(&id) {
            let s = students::by_id(self.conn, id)?;
            self.seen.insert(id, s);
        }
        Ok(self.seen.get(&id).and_then(|s| s.as_ref()))
    }
}

pub fn talks(
    app: &mut App,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<TalkOut>> {
    let (lo, hi) = range(app, from, to);
    let rows = rec::talks_between(app.store.conn(), &lo, &hi)?;
    let mut out = Vec::new();
    {
        let mut st = Students {
            conn: app.store.conn(),
            seen: HashMap::new(),
        };
        for t in rows {
            let Some(stu) = st.get(t.student_id)? else {
                continue;
            };
            let rel = relation(&app.actor, stu);
            if !allows(&app.actor, Kind::Talk, Action::View, rel) && t.author_id != app.actor.id {
                continue;
            }
            let may = crate::app::records::may_read_talk(app, &t, stu);
            out.push(TalkOut {
                talk_id: t.id,
                student_no: s(&stu.student_no),
                student: s(&stu.name),
                author: s(&t.author),
                held_at: t.held_at.clone(),
                place: so(&t.place),
                kind_name: s(app.assets.kinds.talk_name(&t.kind)),
                kind: t.kind.clone(),
                summary: may.then(|| s(&t.summary)),
                follow_up: if may { so(&t.follow_up) } else { None },
                follow_up_due: t.follow_up_due.clone(),
                next_talk: t.next_talk.clone(),
                sensitive: t.sensitive,
                amends: t.amends,
            });
        }
    }
    super::audit_export(app, "export.talks", json!({"count": out.len()}))?;
    Ok(out)
}

pub fn contacts(
    app: &mut App,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<ContactOut>> {
    let (lo, hi) = range(app, from, to);
    let rows = rec::contacts_between(app.store.conn(), &lo, &hi)?;
    let mut out = Vec::new();
    {
        let mut st = Students {
            conn: app.store.conn(),
            seen: HashMap::new(),
        };
        for c in rows {
            let Some(stu) = st.get(c.student_id)? else {
                continue;
            };
            let rel = relation(&app.actor, stu);
            if !allows(&app.actor, Kind::ParentContact, Action::View, rel)
                && c.author_id != app.actor.id
            {
                continue;
            }
            out.push(ContactOut {
                contact_id: c.id,
                student_no: s(&stu.student_no),
                student: s(&stu.name),
                author: s(&c.author),
                contacted_at: c.contacted_at.clone(),
                channel_name: ContactChannel::ALL
                    .into_iter()
                    .find(|x| x.code() == c.channel)
                    .map_or_else(|| c.channel.clone(), |x| x.zh().to_string()),
                channel: c.channel.clone(),
                person: so(&c.person),
                reason_name: s(app.assets.kinds.reason_name(&c.reason)),
                reason: c.reason.clone(),
                content: s(&c.content),
                amends: c.amends,
            });
        }
    }
    super::audit_export(app, "export.parent_contacts", json!({"count": out.len()}))?;
    Ok(out)
}

pub fn ledger(
    app: &mut App,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<LedgerOut>> {
    let out = ledger_rows(app, from, to)?;
    super::audit_export(app, "export.class_ledger", json!({"count": out.len()}))?;
    Ok(out)
}

/// The ledger records the actor may read between two dates (the caller
/// logs what it makes of them).
pub(crate) fn ledger_rows(
    app: &App,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<LedgerOut>> {
    let (lo, hi) = range(app, from, to);
    let conn = app.store.conn();
    let rows = rec::ledger_between(conn, &lo, &hi, false)?;
    // a row stands as its class does; a lecture visit naming no class as
    // its author's college
    let classes: HashMap<i64, ClassRow> =
        org::classes(conn)?.into_iter().map(|c| (c.id, c)).collect();
    let authors: HashMap<i64, Option<i64>> = org::all_staff(conn)?
        .into_iter()
        .map(|s| (s.id, s.college_id))
        .collect();
    let out: Vec<LedgerOut> = rows
        .into_iter()
        .filter(|l| {
            let rel = match l.class_id.and_then(|c| classes.get(&c)) {
                Some(c) => class_relation(&app.actor, c),
                None => {
                    let college = authors.get(&l.author_id).copied().flatten();
                    let colleges: Vec<i64> = college.into_iter().collect();
                    relation_to(&app.actor, l.author_id == app.actor.id, &colleges)
                }
            };
            allows(&app.actor, Kind::ClassLedger, Action::View, rel)
        })
        .map(|l| LedgerOut {
            ledger_id: l.id,
            class: so(&l.class),
            author: s(&l.author),
            kind_name: LedgerKind::parse(&l.kind)
                .map_or_else(|| l.kind.clone(), |k| k.zh().to_string()),
            kind: l.kind,
            held_at: l.held_at,
            topic: so(&l.topic),
            attendance: l.attendance,
            absentees: so(&l.absentees),
            note: so(&l.note),
            amends: l.amends,
        })
        .collect();
    Ok(out)
}

pub fn talks_csv(rows: &[TalkOut]) -> String {
    let mut out = csv_header(&[
        "谈话编号",
        "学号",
        "姓名",
        "谈话人",
        "谈话时间",
        "谈话地点",
        "谈话类型",
        "谈话内容",
        "后续跟进",
        "跟进期限",
        "下次谈话",
        "敏感",
        "更正",
    ]);
    for t in rows {
        out.push_str(&csv_row(&[
            t.talk_id.into(),
            (&t.student_no).into(),
            (&t.student).into(),
            (&t.author).into(),
            (&t.held_at).into(),
            (&t.place).into(),
            (&t.kind_name).into(),
            t.summary.as_deref().unwrap_or("（敏感记录）").into(),
            (&t.follow_up).into(),
            (&t.follow_up_due).into(),
            (&t.next_talk).into(),
            if t.sensitive { "是" } else { "否" }.into(),
            t.amends.into(),
        ]));
    }
    out
}

pub fn contacts_csv(rows: &[ContactOut]) -> String {
    let mut out = csv_header(&[
        "联系编号",
        "学号",
        "姓名",
        "联系教师",
        "联系时间",
        "联系方式",
        "家长",
        "事由",
        "内容",
        "更正",
    ]);
    for c in rows {
        out.push_str(&csv_row(&[
            c.contact_id.into(),
            (&c.student_no).into(),
            (&c.student).into(),
            (&c.author).into(),
            (&c.contacted_at).into(),
            (&c.channel_name).into(),
            (&c.person).into(),
            (&c.reason_name).into(),
            (&c.content).into(),
            c.amends.into(),
        ]));
    }
    out
}

/// Attendance is a number the program checked (never negative) and is
/// written as one; every text cell goes through `csv_cell`.
pub fn ledger_csv(rows: &[LedgerOut]) -> String {
    let mut out = csv_header(&[
        "编号",
        "班级",
        "记录人",
        "类型",
        "时间",
        "主题",
        "出勤人数",
        "缺勤",
        "备注",
        "更正",
    ]);
    for l in rows {
        out.push_str(&csv_row(&[
            l.ledger_id.into(),
            (&l.class).into(),
            (&l.author).into(),
            (&l.kind_name).into(),
            (&l.held_at).into(),
            (&l.topic).into(),
            l.attendance.into(),
            (&l.absentees).into(),
            (&l.note).into(),
            l.amends.into(),
        ]));
    }
    out
}
