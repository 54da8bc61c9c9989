//! `zhiban import talks|parent-contacts|class-ledger FILE`: the talk,
//! family-contact and class ledgers counsellors already keep in Excel.
//! Same rules as the roster imports: CSV (UTF-8, BOM, GBK) or xlsx,
//! Chinese headers, all or nothing, every problem as `FILE:ROW: COLUMN:
//! problem`; a re-imported row changes nothing. Records are attributed to
//! the importing staff member unless a 辅导员/记录人 column names another.

use std::path::Path;

use super::columns::{Col, Layout, Problem};
use super::{
    Bulk, ImportReport, StaffIndex, open_sheet, problems_error, summary_entry, warm_after,
};
use crate::app::App;
use crate::app::policy::{Action, Kind, allows, relation};
use crate::app::records::class_relation;
use crate::domain::clock::{local_date, to_db};
use crate::domain::compliance::LedgerKind;
use crate::domain::records::parse_when_in_file;
use crate::domain::records::{ContactChannel, check_record};
use crate::domain::staff::{Role, Staff};
use crate::domain::student::parse_date;
use crate::error::{Msg, Result};
use crate::msg;
use crate::store::records::{self as rec, NewContact, NewLedger, NewTalk};
use crate::store::{org, students};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerImport {
    Talks,
    ParentContacts,
    ClassLedger,
}

impl LedgerImport {
    fn code(self) -> &'static str {
        match self {
            LedgerImport::Talks => "talks",
            LedgerImport::ParentContacts => "parent-contacts",
            LedgerImport::ClassLedger => "class-ledger",
        }
    }
    fn columns(self) -> (&'static [Col], &'static [Col]) {
        use super::rows::*;
        match self {
            LedgerImport::Talks => (TALK_COLS, TALK_REQUIRED),
            LedgerImport::ParentContacts => (CONTACT_COLS, CONTACT_REQUIRED),
            LedgerImport::ClassLedger => (LEDGER_COLS, LEDGER_REQUIRED),
        }
    }
}

/// One row ready to write.
enum Ready {
    Talk(
        i64,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        bool,
    ),
    Contact(
        i64,
        String,
        String,
        ContactChannel,
        Option<String>,
        String,
        String,
    ),
    Ledger(
        Option<i64>,
        LedgerKind,
        String,
        String,
        Option<String>,
        Option<i64>,
        Option<String>,
        Option<String>,
    ),
}

fn yes(s: &str) -> Option<bool> {
    match s.trim() {
        "" | "否" | "不" | "0" | "no" | "n" | "false" | "普通" => Some(false),
        "是" | "敏感" | "1" | "yes" | "y" | "true" => Some(true),
        _ => None,
    }
}

fn cell(l: &Layout, cells: &[String], c: Col) -> Option<String> {
    l.get(cells, c)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

pub fn import_ledger(
    app: &mut App,
    what: LedgerImport,
    path: &Path,
    dry_run: bool,
) -> Result<ImportReport> {
    let (cols, required) = what.columns();
    let (sheet, l, mut report) = open_sheet(path, cols, required, dry_run)?;
    let file = report.file.clone();
    let now = app.now();
    let offset = app.assets.calendar.utc_offset_hours;
    let conn = app.store.conn();
    let staff = org::all_staff(conn)?;
    let index = StaffIndex::new(&staff);
    let classes = org::classes(conn)?;
    let kinds = &app.assets.kinds;
    let me = &app.actor;
    let mut problems = Vec::new();
    let mut ready: Vec<(usize, i64, Ready)> = Vec::new();
    for (row, cells) in &sheet.rows[l.first_data..] {
        let row = *row;
        let mut p = Vec::new();
        let get = |c| cell(&l, cells, c);
        // who wrote it
        let author: &Staff = match get(Col::Recorder) {
            Some(r) => match index
                .find(&r, Role::Counsellor)
                .or_else(|e| staff.iter().find(|s| s.login == r || s.name == r).ok_or(e))
            {
                Ok(s) => s,
                Err(e) => {
                    p.push(Problem::new(row, Col::Recorder.label(), e));
                    me
                }
            },
            None => me,
        };
        let when = get(Col::When).unwrap_or_default();
        let at = match parse_when_in_file(&when, now, offset) {
            Ok(t) => Some(t),
            Err(_) => {
                p.push(Problem::new(
                    row,
                    Col::When.label(),
                    msg!("err.import.time", value = &when),
                ));
                None
            }
        };
        // the student, in the importer's scope, and the name if given
        let student = if what == LedgerImport::ClassLedger {
            None
        } else {
            let no = get(Col::StudentNo).unwrap_or_default();
            let kind = if what == LedgerImport::Talks {
                Kind::Talk
            } else {
                Kind::ParentContact
            };
            let found = match students::id_by_number(conn, &no)? {
                Some(id) => students::by_id(conn, id)?,
                None => None,
            };
            match found {
                None => {
                    p.push(Problem::new(
                        row,
                        Col::StudentNo.label(),
                        msg!("err.import.no_student", value = &no),
                    ));
                    None
                }
                Some(s) if !allows(me, kind, Action::Edit, relation(me, &s)) => {
                    p.push(Problem::new(
                        row,
                        Col::StudentNo.label(),
                        msg!("err.import.not_your_student", name = &s.name, no = &no),
                    ));
                    None
                }
                Some(s) => {
                    if let Some(n) = get(Col::Name)
                        && n != s.name
                    {
                        p.push(Problem::new(
                            row,
                            Col::Name.label(),
                            msg!(
                                "err.import.name_mismatch",
                                no = &no,
                                name = &s.name,
                                value = &n
                            ),
                        ));
                    }
                    Some(s)
                }
            }
        };
        let content = get(Col::Content).unwrap_or_default();
        let item = match what {
            LedgerImport::Talks => {
                let kind = match kinds.talk_code(&get(Col::RecordKind).unwrap_or_default()) {
                    Ok(k) => Some(k),
                    Err(e) => {
                        p.push(Problem::new(row, Col::RecordKind.label(), e));
                        None
                    }
                };
                let mut date = |c: Col| -> Option<String> {
                    let v = get(c)?;
                    match parse_date(&v) {
                        Some(d) => Some(d.to_string()),
                        None => {
                            p.push(Problem::new(
                                row,
                                c.label(),
                                msg!("err.import.bad_date", value = &v),
                            ));
                            None
                        }
                    }
                };
                let (fu_due, next) = (date(Col::FollowUpDue), date(Col::NextTalk));
                let sensitive = match get(Col::Sensitive).map(|v| (yes(&v), v)) {
                    None => false,
                    Some((Some(b), _)) => b,
                    Some((None, v)) => {
                        p.push(Problem::new(
                            row,
                            Col::Sensitive.label(),
                            msg!("err.import.yes_no", value = &v),
                        ));
                        false
                    }
                };
                match (student.as_ref(), at, kind) {
                    (Some(s), Some(at), Some(kind)) => Some(Ready::Talk(
                        s.id,
                        to_db(at),
                        local_date(at, offset).to_string(),
                        kind,
                        content.clone(),
                        get(Col::Location),
                        get(Col::FollowUp),
                        fu_due,
                        next,
                        sensitive,
                    )),
                    _ => None,
                }
            }
            LedgerImport::ParentContacts => {
                let ch = get(Col::Channel).unwrap_or_default();
                let channel = ContactChannel::parse(&ch);
                if channel.is_none() {
                    p.push(Problem::new(
                        row,
                        Col::Channel.label(),
                        msg!("err.import.channel", value = &ch),
                    ));
                }
                let reason = match kinds.reason_code(&get(Col::Reason).unwrap_or_default()) {
                    Ok(r) => Some(r),
                    Err(e) => {
                        p.push(Problem::new(row, Col::Reason.label(), e));
                        None
                    }
                };
                match (student.as_ref(), at, channel, reason) {
                    (Some(s), Some(at), Some(ch), Some(reason)) => Some(Ready::Contact(
                        s.id,
                        to_db(at),
                        local_date(at, offset).to_string(),
                        ch,
                        get(Col::Person),
                        reason,
                        content.clone(),
                    )),
                    _ => None,
                }
            }
            LedgerImport::ClassLedger => {
                let k = get(Col::RecordKind).unwrap_or_default();
                let kind = LedgerKind::parse(&k);
                if kind.is_none() {
                    p.push(Problem::new(
                        row,
                        Col::RecordKind.label(),
                        msg!("err.import.ledger_kind", value = &k),
                    ));
                }
                let class = match get(Col::Class) {
                    None if kind == Some(LedgerKind::Lecture) => Some(None),
                    None => {
                        p.push(Problem::new(
                            row,
                            Col::Class.label(),
                            Msg::new("err.import.class_missing"),
                        ));
                        None
                    }
                    // of classes of that name (one a college), the one
                    // the actor keeps
                    Some(name) => match classes.iter().filter(|c| c.name == name).max_by_key(|c| {
                        allows(me, Kind::ClassLedger, Action::Edit, class_relation(me, c))
                    }) {
                        None => {
                            p.push(Problem::new(
                                row,
                                Col::Class.label(),
                                msg!("err.import.no_class", value = &name),
                            ));
                            None
                        }
                        Some(c) => {
                            if allows(me, Kind::ClassLedger, Action::Edit, class_relation(me, c)) {
                                Some(Some(c.id))
                            } else {
                                p.push(Problem::new(
                                    row,
                                    Col::Class.label(),
                                    msg!("err.import.not_your_class", value = &name),
                                ));
                                None
                            }
                        }
                    },
                };
                let attendance = match get(Col::Attendance) {
                    None => Some(None),
                    Some(v) => match v.trim_end_matches('人').parse::<i64>() {
                        Ok(n) if n >= 0 => Some(Some(n)),
                        _ => {
                            p.push(Problem::new(
                                row,
                                Col::Attendance.label(),
                                msg!("err.import.attendance", value = &v),
                            ));
                            None
                        }
                    },
                };
                match (class, kind, at, attendance) {
                    (Some(class), Some(kind), Some(at), Some(att)) => Some(Ready::Ledger(
                        class,
                        kind,
                        to_db(at),
                        local_date(at, offset).to_string(),
                        get(Col::Topic),
                        att,
                        get(Col::Absentees),
                        get(Col::Note),
                    )),
                    _ => None,
                }
            }
        };
        // the record's own rules: text written, not in the future
        if what != LedgerImport::ClassLedger && content.is_empty() {
            p.push(Problem::new(
                row,
                Col::Content.label(),
                Msg::new("err.import.empty_content"),
            ));
        }
        if let Some(at) = at
            && let Err(e) = check_record(at, local_date(at, offset), now, "-", None, None)
        {
            p.push(Problem::new(row, Col::When.label(), e.msg()));
        }
        match item {
            Some(r) if p.is_empty() => ready.push((row, author.id, r)),
            _ => {}
        }
        problems.extend(p);
    }
    if !problems.is_empty() {
        return Err(problems_error(&file, problems));
    }
    let (login, my_id) = (app.actor.login.clone(), app.actor.id);
    let written = to_db(now);
    let from = Path::new(&file)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or(file.clone());
    let done = app.store.write_or_rollback(&login, now, !dry_run, |tx| {
        let bulk = Bulk::begin(tx, ready.len())?;
        for (_, author, r) in &ready {
            let fresh = match r {
                Ready::Talk(sid, at, on, kind, text, place, fu, fu_due, next, sensitive) => {
                    if rec::talk_exists(tx, *sid, at, text)? {
                        false
                    } else {
                        rec::insert_talk(
                            tx,
                            &NewTalk {
                                student_id: *sid,
                                author_id: *author,
                                held_at: at,
                                held_on: on,
                                place: place.as_deref(),
                                kind,
                                summary: text,
                                follow_up: fu.as_deref(),
                                follow_up_due: fu_due.as_deref(),
                                next_talk: next.as_deref(),
                                sensitive: *sensitive,
                                amends: None,
                                written_at: &written,
                                written_by: my_id,
                                imported_from: Some(&from),
                            },
                        )?;
                        true
                    }
                }
                Ready::Contact(sid, at, on, ch, person, reason, text) => {
                    if rec::contact_exists(tx, *sid, at, text)? {
                        false
                    } else {
                        rec::insert_contact(
                            tx,
                            &NewContact {
                                student_id: *sid,
                                author_id: *author,
                                contacted_at: at,
                                contacted_on: on,
                                channel: ch.code(),
                                home_visit: ch.is_home_visit(),
                                person: person.as_deref(),
                                reason,
                                content: text,
                                amends: None,
                                written_at: &written,
                                written_by: my_id,
                                imported_from: Some(&from),
                            },
                        )?;
                        true
                    }
                }
                Ready::Ledger(class, kind, at, on, topic, att, absent, note) => {
                    if rec::ledger_exists(tx, *class, *author, kind.code(), at)? {
                        false
                    } else {
                        rec::insert_ledger(
                            tx,
                            &NewLedger {
                                class_id: *class,
                                author_id: *author,
                                kind: kind.code(),
                                held_at: at,
                                held_on: on,
                                topic: topic.as_deref(),
                                attendance: *att,
                                absentees: absent.as_deref(),
                                note: note.as_deref(),
                                amends: None,
                                written_at: &written,
                                written_by: my_id,
                                imported_from: Some(&from),
                            },
                        )?;
                        true
                    }
                }
            };
            if fresh {
                report.added += 1;
            } else {
                report.unchanged += 1;
            }
        }
        bulk.end(tx)?;
        let e = summary_entry(what.code(), &report);
        Ok((report, vec![e]))
    });
    if let Ok(r) = &done {
        warm_after(app, r);
    }
    done
}
