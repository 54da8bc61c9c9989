//! The hash-chained audit log.

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::trail::{self, Rec};
use crate::error::{Error, Result};

pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One thing that happened, as the app describes it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AuditEntry {
    /// What was done: `student.add`, `flag.set`, `student.reveal`, …
    pub action: String,
    /// The kind of record: `student`, `staff`, `import`, …
    pub entity: String,
    pub entity_id: Option<String>,
    /// Structured detail (JSON object).
    pub detail: serde_json::Value,
}

impl AuditEntry {
    pub(crate) fn new(
        action: &str,
        entity: &str,
        entity_id: Option<String>,
        detail: serde_json::Value,
    ) -> Self {
        AuditEntry {
            action: action.into(),
            entity: entity.into(),
            entity_id,
            detail,
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn hash_of(
    prev: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<&str>,
    detail: &str,
    records: Option<&str>,
) -> String {
    let mut h = Sha256::new();
    for part in [
        prev,
        &seq.to_string(),
        at,
        actor,
        action,
        entity,
        entity_id.unwrap_or(""),
        detail,
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    // the digest of the records the entry carries (entries written before
    // records were hashed carry none, and hash as they always did)
    if let Some(r) = records {
        h.update(r.as_bytes());
        h.update([0x1f]);
    }
    trail::hex(&h.finalize())
}

/// The chain head: sequence number, hash and time of the last entry.
pub(crate) fn head(conn: &Connection) -> Result<(i64, String, Option<String>)> {
    // read inside each write's transaction (another process may have
    // written since): one search of the key, the statement prepared once
    Ok(conn
        .prepare_cached("SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, Some(r.get(2)?))))
        .optional()?
        .unwrap_or((0, GENESIS.to_string(), None)))
}

/// Appends entries; must run inside the caller's write transaction so the
/// chain cannot fork between two writers. The records the write touched
/// go with its first entry (a write that touched records and named no
/// entry gets one: no record is changed without a trace).
pub(crate) fn append(
    conn: &Connection,
    at: &str,
    actor: &str,
    entries: &[AuditEntry],
    records: &[Rec],
) -> Result<Option<(i64, String)>> {
    let unnamed;
    let entries = if entries.is_empty() && !records.is_empty() {
        unnamed = [AuditEntry::new(
            "records.write",
            "record",
            None,
            serde_json::json!({ "records": records.len() }),
        )];
        &unnamed[..]
    } else {
        entries
    };
    if entries.is_empty() {
        return Ok(None);
    }
    let mut records: Vec<&Rec> = records.iter().collect();
    records.sort_by(|a, b| (a.kind, a.id).cmp(&(b.kind, b.id)));
    let digest = (!records.is_empty())
        .then(|| trail::digest_of(records.iter().map(|r| (r.kind, r.id, r.hash.as_deref()))));
    let (mut seq, mut prev, last_at) = head(conn)?;
    // audit times never go backwards: a writer that read the clock just
    // before another committed is recorded at that other's time (times are
    // stored to the second, in one format, so they compare as text)
    let at = match last_at {
        Some(last) if last.as_str() > at => last,
        _ => at.to_string(),
    };
    let at = at.as_str();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (i, e) in entries.iter().enumerate() {
        seq += 1;
        let detail = e.detail.to_string();
        let carried = if i == 0 { digest.as_deref() } else { None };
        let hash = hash_of(
            &prev,
            seq,
            at,
            actor,
            &e.action,
            &e.entity,
            e.entity_id.as_deref(),
            &detail,
            carried,
        );
        stmt.execute(params![
            seq,
            at,
            actor,
            e.action,
            e.entity,
            e.entity_id,
            detail,
            prev,
            hash
        ])?;
        if i == 0 && !records.is_empty() {
            trail::store(conn, seq, &records)?;
        }
        prev = hash;
    }
    Ok(Some((seq, prev)))
}

/// Outcome of verifying the chain.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ChainReport {
    pub entries: i64,
    pub head: String,
}

/// Recomputes every hash; the first entry that does not fit is named.
pub(crate) fn verify(conn: &Connection) -> Result<ChainReport> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, action, entity, entity_id, detail, prev_hash, hash FROM audit_log ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut carried_stmt = trail::carried_stmt(conn)?;
    let mut carried = trail::Carried::new(carried_stmt.as_mut())?;
    let mut prev = GENESIS.to_string();
    let mut last_at: Option<String> = None;
    let mut expected_seq = 1;
    let mut count = 0;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let at: String = r.get(1)?;
        let actor: String = r.get(2)?;
        let action: String = r.get(3)?;
        let entity: String = r.get(4)?;
        let entity_id: Option<String> = r.get(5)?;
        let detail: String = r.get(6)?;
        let prev_hash: String = r.get(7)?;
        let hash: String = r.get(8)?;
        if seq != expected_seq {
            return Err(Error::Data(crate::msg!(
                "err.store.audit_missing",
                seq = expected_seq,
                last = seq - 1
            )));
        }
        if prev_hash != prev {
            return Err(Error::Data(crate::msg!(
                "err.store.audit_order",
                seq = seq,
                at = &at,
                action = &action,
                prev = seq - 1
            )));
        }
        let records = carried.digest_for(seq)?;
        let recomputed = hash_of(
            &prev,
            seq,
            &at,
            &actor,
            &action,
            &entity,
            entity_id.as_deref(),
            &detail,
            records.as_deref(),
        );
        if recomputed != hash {
            return Err(Error::Data(crate::msg!(
                "err.store.audit_changed",
                seq = seq,
                at = &at,
                action = &action,
                actor = &actor
            )));
        }
        if let Some(before) = &last_at
            && at.as_str() < before.as_str()
        {
            return Err(Error::Data(crate::msg!(
                "err.store.audit_time",
                seq = seq,
                at = &at,
                before = before
            )));
        }
        last_at = Some(at);
        prev = hash;
        expected_seq += 1;
        count += 1;
    }
    if let Some(seq) = carried.stray() {
        return Err(Error::Data(crate::msg!(
            "err.trail.stray",
            seq = seq,
            last = expected_seq - 1
        )));
    }
    Ok(ChainReport {
        entries: count,
        head: prev,
    })
}

/// One entry as read back (`zhiban audit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub detail: String,
}

/// What to look for in the log; every part optional.
#[derive(Debug, Clone, Default)]
pub(crate) struct Filter<'a> {
    /// Entries about this student (学号 and row id): the student's own
    /// entries, and those of the talks, contacts, crisis cases and duty
    /// entries about them.
    pub student: Option<(&'a str, i64)>,
    pub actor: Option<&'a str>,
    /// Entries whose action begins so (`crisis.`, `student.view`).
    pub action: Option<&'a str>,
    /// Stored times, `[from, to)`.
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    /// Only entries by staff of this college (a college leader's view).
    pub actors_of_college: Option<i64>,
    pub limit: i64,
}

/// The entries that fit, newest first.
pub(crate) fn search(conn: &Connection, f: &Filter<'_>) -> Result<Vec<Entry>> {
    let (no, sid) = f.student.map_or((None, None), |(n, i)| (Some(n), Some(i)));
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, action, entity, entity_id, detail FROM audit_log
         WHERE (?1 IS NULL OR actor = ?1)
           AND (?2 IS NULL OR substr(action, 1, length(?2)) = ?2)
           AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at < ?4)
           AND (?5 IS NULL
                OR (entity = 'student' AND entity_id = ?5)
                OR (json_valid(detail) AND json_extract(detail, '$.student') = ?5)
                OR (entity = 'talk' AND entity_id IN
                    (SELECT CAST(id AS TEXT) FROM talks WHERE student_id = ?6))
                OR (entity = 'parent_contact' AND entity_id IN
                    (SELECT CAST(id AS TEXT) FROM parent_contacts WHERE student_id = ?6))
                OR (entity = 'crisis_case' AND entity_id IN
                    (SELECT CAST(case_id AS TEXT) FROM crisis_students WHERE student_id = ?6))
                OR (entity = 'duty_entry' AND entity_id IN
                    (SELECT CAST(entry_id AS TEXT) FROM duty_entry_students WHERE student_id = ?6)))
           AND (?7 IS NULL OR actor IN (SELECT login FROM staff WHERE college_id = ?7))
         ORDER BY seq DESC LIMIT ?8",
    )?;
    let rows = stmt.query_map(
        params![
            f.actor,
            f.action,
            f.from,
            f.to,
            no,
            sid,
            f.actors_of_college,
            f.limit
        ],
        |r| {
            Ok(Entry {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                entity: r.get(4)?,
                entity_id: r.get(5)?,
                detail: r.get(6)?,
            })
        },
    )?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
