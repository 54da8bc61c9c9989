//! Talks, family contacts, the class ledger, special-group support and
//! sweeps; and the per-student rollup (`student_marks`) kept in step with
//! every write, which the compliance engine reads.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;

pub(crate) use super::scope_reads::{
    LedgerMark, MarkRow, all_support, classes, ledger_marks, marks, standing_flags,
};
pub(crate) use crate::domain::records::{Support, TalkRecord};

/// A talk as written (an amendment repeats the student and time).
pub(crate) struct NewTalk<'a> {
    pub student_id: i64,
    pub author_id: i64,
    pub held_at: &'a str,
    pub held_on: &'a str,
    pub place: Option<&'a str>,
    pub kind: &'a str,
    pub summary: &'a str,
    pub follow_up: Option<&'a str>,
    pub follow_up_due: Option<&'a str>,
    pub next_talk: Option<&'a str>,
    pub sensitive: bool,
    pub amends: Option<i64>,
    pub written_at: &'a str,
    pub written_by: i64,
    pub imported_from: Option<&'a str>,
}

/// Raises a student's mark to `on` if it is later (`column` is one of the
/// columns of `student_marks`).
pub(crate) fn bump(tx: &Connection, student_id: i64, column: &str, on: &str) -> Result<()> {
    debug_assert!(matches!(
        column,
        "last_talk_on" | "last_contact_on" | "last_home_visit_on" | "last_growth_on"
    ));
    // with every talk, contact, visit and growth entry: prepared once
    tx.prepare_cached(&format!(
        "INSERT INTO student_marks(student_id, {column}) VALUES (?1, ?2)
             ON CONFLICT(student_id) DO UPDATE SET {column} = max(coalesce({column}, ''), excluded.{column})"
    ))?
    .execute(params![student_id, on])?;
    Ok(())
}

pub(crate) fn insert_talk(tx: &Connection, t: &NewTalk<'_>) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO talks(student_id, author_id, held_at, held_on, place, kind, summary, follow_up,
            follow_up_due, next_talk, sensitive, amends, written_at, written_by, imported_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        t.student_id,
        t.author_id,
        t.held_at,
        t.held_on,
        t.place,
        t.kind,
        t.summary,
        t.follow_up,
        t.follow_up_due,
        t.next_talk,
        t.sensitive as i64,
        t.amends,
        t.written_at,
        t.written_by,
        t.imported_from
    ])?;
    let id = tx.last_insert_rowid();
    if t.amends.is_none() {
        bump(tx, t.student_id, "last_talk_on", t.held_on)?;
    }
    Ok(id)
}

const TALK_SELECT: &str =
    "SELECT t.id, t.student_id, t.author_id, a.name, t.held_at, t.held_on, t.place, t.kind,
    t.summary, t.follow_up, t.follow_up_due, t.next_talk, t.sensitive, t.amends, t.written_at
    FROM talks t JOIN staff a ON a.id = t.author_id";

fn talk_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TalkRecord> {
    Ok(TalkRecord {
        id: r.get(0)?,
        student_id: r.get(1)?,
        author_id: r.get(2)?,
        author: r.get(3)?,
        held_at: r.get(4)?,
        held_on: r.get(5)?,
        place: r.get(6)?,
        kind: r.get(7)?,
        summary: r.get(8)?,
        follow_up: r.get(9)?,
        follow_up_due: r.get(10)?,
        next_talk: r.get(11)?,
        sensitive: r.get::<_, i64>(12)? != 0,
        amends: r.get(13)?,
        written_at: r.get(14)?,
    })
}

pub(crate) fn talk(conn: &Connection, id: i64) -> Result<Option<TalkRecord>> {
    Ok(conn
        .prepare_cached(&format!("{TALK_SELECT} WHERE t.id = ?1"))?
        .query_row([id], talk_row)
        .optional()?)
}

/// A student's talks (originals and amendments), oldest first.
pub(crate) fn talks_of_student(conn: &Connection, student_id: i64) -> Result<Vec<TalkRecord>> {
    let mut st = conn.prepare_cached(&format!(
        "{TALK_SELECT} WHERE t.student_id = ?1 ORDER BY t.held_on, t.held_at, t.id"
    ))?;
    let rows = st.query_map([student_id], talk_row)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Talks held on local dates [from, to] (inclusive), oldest first.
pub(crate) fn talks_between(conn: &Connection, from: &str, to: &str) -> Result<Vec<TalkRecord>> {
    let mut st = conn.prepare(&format!(
        "{TALK_SELECT} WHERE t.held_on >= ?1 AND t.held_on <= ?2 ORDER BY t.held_on, t.held_at, t.id"
    ))?;
    let rows = st.query_map([from, to], talk_row)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub(crate) struct NewContact<'a> {
    pub student_id: i64,
    pub author_id: i64,
    pub contacted_at: &'a str,
    pub contacted_on: &'a str,
    pub channel: &'a str,
    pub home_visit: bool,
    pub person: Option<&'a str>,
    pub reason: &'a str,
    pub content: &'a str,
    pub amends: Option<i64>,
    pub written_at: &'a str,
    pub written_by: i64,
    pub imported_from: Option<&'a str>,
}

pub(crate) fn insert_contact(tx: &Connection, c: &NewContact<'_>) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO parent_contacts(student_id, author_id, contacted_at, contacted_on, channel, person,
            reason, content, amends, written_at, written_by, imported_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        c.student_id,
        c.author_id,
        c.contacted_at,
        c.contacted_on,
        c.channel,
        c.person,
        c.reason,
        c.content,
        c.amends,
        c.written_at,
        c.written_by,
        c.imported_from
    ])?;
    let id = tx.last_insert_rowid();
    if c.amends.is_none() {
        bump(tx, c.student_id, "last_contact_on", c.contacted_on)?;
        if c.home_visit {
            bump(tx, c.student_id, "last_home_visit_on", c.contacted_on)?;
        }
    }
    Ok(id)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ContactRow {
    pub id: i64,
    pub student_id: i64,
    pub author_id: i64,
    pub author: String,
    pub contacted_at: String,
    pub contacted_on: String,
    pub channel: String,
    pub person: Option<String>,
    pub reason: String,
    pub content: String,
    pub amends: Option<i64>,
}

const CONTACT_SELECT: &str = "SELECT c.id, c.student_id, c.author_id, a.name, c.contacted_at, c.contacted_on,
    c.channel, c.person, c.reason, c.content, c.amends FROM parent_contacts c JOIN staff a ON a.id = c.author_id";

fn contact_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ContactRow> {
    Ok(ContactRow {
        id: r.get(0)?,
        student_id: r.get(1)?,
        author_id: r.get(2)?,
        author: r.get(3)?,
        contacted_at: r.get(4)?,
        contacted_on: r.get(5)?,
        channel: r.get(6)?,
        person: r.get(7)?,
        reason: r.get(8)?,
        content: r.get(9)?,
        amends: r.get(10)?,
    })
}

pub(crate) fn contact(conn: &Connection, id: i64) -> Result<Option<ContactRow>> {
    Ok(conn
        .prepare_cached(&format!("{CONTACT_SELECT} WHERE c.id = ?1"))?
        .query_row([id], contact_row)
        .optional()?)
}

pub(crate) fn contacts_of_student(conn: &Connection, student_id: i64) -> Result<Vec<ContactRow>> {
    let mut st = conn.prepare_cached(&format!(
        "{CONTACT_SELECT} WHERE c.student_id = ?1 ORDER BY c.contacted_on, c.contacted_at, c.id"
    ))?;
    let rows = st.query_map([student_id], contact_row)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub(crate) fn contacts_between(conn: &Connection, from: &str, to: &str) -> Result<Vec<ContactRow>> {
    let mut st = conn.prepare(&format!(
        "{CONTACT_SELECT} WHERE c.contacted_on >= ?1 AND c.contacted_on <= ?2 ORDER BY c.contacted_on, c.contacted_at, c.id"
    ))?;
    let rows = st.query_map([from, to], contact_row)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub(crate) struct NewLedger<'a> {
    pub class_id: Option<i64>,
    pub author_id: i64,
    pub kind: &'a str,
    pub held_at: &'a str,
    pub held_on: &'a str,
    pub topic: Option<&'a str>,
    pub attendance: Option<i64>,
    pub absentees: Option<&'a str>,
    pub note: Option<&'a str>,
    pub amends: Option<i64>,
    pub written_at: &'a str,
    pub written_by: i64,
    pub imported_from: Option<&'a str>,
}

pub(crate) fn insert_ledger(tx: &Connection, l: &NewLedger<'_>) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO class_ledger(class_id, author_id, kind, held_at, held_on, topic, attendance, absentees,
            note, amends, written_at, written_by, imported_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        l.class_id,
        l.author_id,
        l.kind,
        l.held_at,
        l.held_on,
        l.topic,
        l.attendance,
        l.absentees,
        l.note,
        l.amends,
        l.written_at,
        l.written_by,
        l.imported_from
    ])?;
    Ok(tx.last_insert_rowid())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LedgerRow {
    pub id: i64,
    pub class_id: Option<i64>,
    pub class: Option<String>,
    pub author_id: i64,
    pub author: String,
    pub kind: String,
    pub held_at: String,
    pub held_on: String,
    pub topic: Option<String>,
    pub attendance: Option<i64>,
    pub absentees: Option<String>,
    pub note: Option<String>,
    pub amends: Option<i64>,
}

const LEDGER_SELECT: &str = "SELECT l.id, l.class_id, c.name, l.author_id, a.name, l.kind, l.held_at, l.held_on, l.topic,
    l.attendance, l.absentees, l.note, l.amends
    FROM class_ledger l JOIN staff a ON a.id = l.author_id LEFT JOIN classes c ON c.id = l.class_id";

fn ledger_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LedgerRow> {
    Ok(LedgerRow {
        id: r.get(0)?,
        class_id: r.get(1)?,
        class: r.get(2)?,
        author_id: r.get(3)?,
        author: r.get(4)?,
        kind: r.get(5)?,
        held_at: r.get(6)?,
        held_on: r.get(7)?,
        topic: r.get(8)?,
        attendance: r.get(9)?,
        absentees: r.get(10)?,
        note: r.get(11)?,
        amends: r.get(12)?,
    })
}

pub(crate) fn ledger_record(conn: &Connection, id: i64) -> Result<Option<LedgerRow>> {
    Ok(conn
        .prepare_cached(&format!("{LEDGER_SELECT} WHERE l.id = ?1"))?
        .query_row([id], ledger_row)
        .optional()?)
}

/// Ledger records held on local dates [from, to], oldest first; only
/// originals (amendments carry corrected text, not another meeting) when
/// `originals`.
pub(crate) fn ledger_between(
    conn: &Connection,
    from: &str,
    to: &str,
    originals: bool,
) -> Result<Vec<LedgerRow>> {
    let mut st = conn.prepare_cached(&format!(
        "{LEDGER_SELECT} WHERE l.held_on >= ?1 AND l.held_on <= ?2 AND (?3 = 0 OR l.amends IS NULL)
         ORDER BY l.held_on, l.held_at, l.id"
    ))?;
    let rows = st.query_map(params![from, to, originals as i64], ledger_row)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub(crate) fn support_of(conn: &Connection, student_id: i64) -> Result<Option<Support>> {
    Ok(conn
        .prepare_cached(
            "SELECT academic_mentor, affairs_teacher, peer_student, plan FROM special_support
             WHERE student_id = ?1 AND superseded_at IS NULL",
        )?
        .query_row([student_id], |r| {
            Ok(Support {
                academic_mentor: r.get(0)?,
                affairs_teacher: r.get(1)?,
                peer_student: r.get(2)?,
                plan: r.get(3)?,
            })
        })
        .optional()?)
}

/// Supersedes the standing support of a student with `s`.
pub(crate) fn set_support(
    tx: &Connection,
    student_id: i64,
    s: &Support,
    by: i64,
    at: &str,
) -> Result<i64> {
    tx.execute(
        "UPDATE special_support SET superseded_at = ?2 WHERE student_id = ?1 AND superseded_at IS NULL",
        params![student_id, at],
    )?;
    tx.execute(
        "INSERT INTO special_support(student_id, academic_mentor, affairs_teacher, peer_student, plan, set_at, set_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![student_id, s.academic_mentor, s.affairs_teacher, s.peer_student, s.plan, at, by],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn insert_sweep(
    tx: &Connection,
    college_id: i64,
    psych: bool,
    held_on: &str,
    note: Option<&str>,
    by: i64,
    at: &str,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO special_sweeps(college_id, psych, held_on, note, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![college_id, psych as i64, held_on, note, by, at],
    )?;
    Ok(tx.last_insert_rowid())
}

/// A college's sweeps: (psychological?, local date).
pub(crate) fn sweeps(conn: &Connection, college_id: i64) -> Result<Vec<(bool, String)>> {
    let mut st =
        conn.prepare_cached("SELECT psych, held_on FROM special_sweeps WHERE college_id = ?1")?;
    let rows = st.query_map([college_id], |r| Ok((r.get::<_, i64>(0)? != 0, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Is the same record already there (a re-imported row)?
pub(crate) fn talk_exists(
    conn: &Connection,
    student_id: i64,
    held_at: &str,
    summary: &str,
) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM talks WHERE student_id = ?1 AND held_at = ?2 AND summary = ?3 LIMIT 1",
        )?
        .exists(params![student_id, held_at, summary])?)
}

pub(crate) fn contact_exists(
    conn: &Connection,
    student_id: i64,
    at: &str,
    content: &str,
) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM parent_contacts WHERE student_id = ?1 AND contacted_at = ?2 AND content = ?3 LIMIT 1",
        )?
        .exists(params![student_id, at, content])?)
}

pub(crate) fn ledger_exists(
    conn: &Connection,
    class_id: Option<i64>,
    author_id: i64,
    kind: &str,
    held_at: &str,
) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM class_ledger WHERE class_id IS ?1 AND author_id = ?2 AND kind = ?3 AND held_at = ?4 LIMIT 1",
        )?
        .exists(params![class_id, author_id, kind, held_at])?)
}
