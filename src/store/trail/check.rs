//! The trail checked: each entry's records beside the chain, and every
//! record as it stands against what the trail last said of it.

use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use super::hash::{DIGEST_LEN, column_names, each_current, hex, put_bytes};
use super::{KINDS, Kind};
use crate::error::{Msg, Result};
use crate::msg;

/// The digest of one entry's records (in kind, key order), folded into
/// the entry's hash.
pub(crate) fn digest_of<'a>(
    recs: impl Iterator<Item = (&'a str, i64, Option<&'a [u8]>)>,
) -> String {
    let mut h = Sha256::new();
    let mut enc = Vec::new();
    for (kind, id, hash) in recs {
        enc.clear();
        put_bytes(&mut enc, kind.as_bytes());
        enc.extend_from_slice(&id.to_be_bytes());
        match hash {
            Some(b) => {
                enc.push(b'h');
                put_bytes(&mut enc, b);
            }
            None => enc.push(b'x'),
        }
        h.update(&enc);
    }
    hex(&h.finalize())
}

/// The records every entry carries, read in one pass beside the chain.
pub(crate) fn carried_stmt(conn: &Connection) -> Result<Option<rusqlite::Statement<'_>>> {
    if !has_trail(conn)? {
        return Ok(None);
    }
    Ok(Some(conn.prepare(
        "SELECT seq, kind, row_id, hash FROM audit_records ORDER BY seq, kind, row_id",
    )?))
}

type Carry = (i64, String, i64, Option<Vec<u8>>);

/// Walks `audit_records` in step with the chain.
pub(crate) struct Carried<'s> {
    rows: Option<rusqlite::Rows<'s>>,
    pending: Option<Carry>,
}

impl<'s> Carried<'s> {
    pub(crate) fn new(stmt: Option<&'s mut rusqlite::Statement<'_>>) -> Result<Self> {
        let mut c = Carried {
            rows: match stmt {
                Some(s) => Some(s.query([])?),
                None => None,
            },
            pending: None,
        };
        c.advance()?;
        Ok(c)
    }

    fn advance(&mut self) -> Result<()> {
        self.pending = match &mut self.rows {
            Some(rows) => match rows.next()? {
                Some(r) => Some((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                None => None,
            },
            None => None,
        };
        Ok(())
    }

    /// The digest of entry `seq`'s records, if it carries any. Records of
    /// an earlier sequence number (one with no entry) are skipped; they
    /// are counted by [`Carried::stray`].
    pub(crate) fn digest_for(&mut self, seq: i64) -> Result<Option<String>> {
        let mut mine = Vec::new();
        while let Some((s, ..)) = &self.pending {
            if *s > seq {
                break;
            }
            let (s, kind, id, hash) = self.pending.take().unwrap_or_default();
            if s == seq {
                mine.push((kind, id, hash));
            }
            self.advance()?;
        }
        Ok((!mine.is_empty())
            .then(|| digest_of(mine.iter().map(|(k, i, h)| (k.as_str(), *i, h.as_deref())))))
    }

    /// Is anything left after the last entry (records no entry carries)?
    pub(crate) fn stray(&self) -> Option<i64> {
        self.pending.as_ref().map(|p| p.0)
    }
}

/// How many findings of one kind are named before the rest are counted.
const NAMED: usize = 20;

/// The records that differ from the trail: changed since their last
/// entry, without any entry, or gone although an entry has them. Empty
/// when every record is as the trail says. A database made before records
/// were hashed (no `audit_records`) has nothing to compare.
pub(crate) fn compare(conn: &Connection) -> Result<Vec<Msg>> {
    if !has_trail(conn)? {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for k in KINDS {
        compare_kind(conn, k, &mut found)?;
    }
    Ok(found)
}

fn has_trail(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_records'",
        [],
        |r| r.get::<_, i64>(0),
    )? > 0)
}

/// What the trail last said of each record of a kind: (id, hash, seq).
type Said = (i64, Option<Vec<u8>>, i64);

fn compare_kind(conn: &Connection, k: &Kind, found: &mut Vec<Msg>) -> Result<()> {
    let mut said_stmt = conn.prepare(
        "SELECT row_id, hash, max(seq) FROM audit_records WHERE kind = ?1
         GROUP BY row_id ORDER BY row_id",
    )?;
    let mut said_rows = said_stmt.query([k.table])?;
    let next_said = |rows: &mut rusqlite::Rows<'_>| -> Result<Option<Said>> {
        Ok(match rows.next()? {
            Some(r) => Some((r.get(0)?, r.get(1)?, r.get(2)?)),
            None => None,
        })
    };
    let mut said = next_said(&mut said_rows)?;
    let fields = field_names(conn, k)?;
    let mut named = 0usize;
    let mut more = 0usize;
    let mut note = |m: Msg| {
        if named < NAMED {
            found.push(m);
            named += 1;
        } else {
            more += 1;
        }
    };
    each_current(conn, k, None, |id, hash| {
        // entries for records that come before this one are for records
        // that are gone
        while let Some((sid, shash, seq)) = said.take() {
            if sid >= id {
                said = Some((sid, shash, seq));
                break;
            }
            if shash.is_some() {
                note(gone(conn, k, sid, seq)?);
            }
            said = next_said(&mut said_rows)?;
        }
        match said.take() {
            Some((sid, Some(was), seq)) if sid == id => {
                if was[..DIGEST_LEN] != hash[..DIGEST_LEN] {
                    note(changed(conn, k, id, seq, &fields, &was, &hash)?);
                }
                said = next_said(&mut said_rows)?;
            }
            Some((sid, None, seq)) if sid == id => {
                note(with_entry(conn, "err.trail.back", k, id, seq)?);
                said = next_said(&mut said_rows)?;
            }
            other => {
                said = other;
                note(msg!("err.trail.unrecorded", table = k.table, id = id));
            }
        }
        Ok(())
    })?;
    while let Some((sid, shash, seq)) = said.take() {
        if shash.is_some() {
            note(gone(conn, k, sid, seq)?);
        }
        said = next_said(&mut said_rows)?;
    }
    if more > 0 {
        found.push(msg!("err.trail.more", table = k.table, n = more));
    }
    Ok(())
}

/// The names of a kind's fields in hash order: its columns, then the
/// tables of the rows belonging to it.
fn field_names(conn: &Connection, k: &Kind) -> Result<Vec<String>> {
    let stmt = conn.prepare(&format!("SELECT * FROM {} LIMIT 0", k.table))?;
    let mut names = column_names(&stmt);
    names.extend(k.parts.iter().map(|p| p.table.to_string()));
    Ok(names)
}

fn changed(
    conn: &Connection,
    k: &Kind,
    id: i64,
    seq: i64,
    fields: &[String],
    was: &[u8],
    now: &[u8],
) -> Result<Msg> {
    let (a, b) = (&was[DIGEST_LEN..], &now[DIGEST_LEN..]);
    let which: Vec<&str> = if a.len() == b.len() && a.len() == fields.len() * 2 {
        fields
            .iter()
            .enumerate()
            .filter(|(i, _)| a[i * 2..i * 2 + 2] != b[i * 2..i * 2 + 2])
            .map(|(_, n)| n.as_str())
            .collect()
    } else {
        Vec::new()
    };
    let m = with_entry(conn, "err.trail.changed", k, id, seq)?;
    Ok(if which.is_empty() {
        m.label("fields", "word.content")
    } else {
        m.with("fields", which.join(", "))
    })
}

fn gone(conn: &Connection, k: &Kind, id: i64, seq: i64) -> Result<Msg> {
    with_entry(conn, "err.trail.gone", k, id, seq)
}

/// A finding naming the record and the entry that last wrote it.
fn with_entry(conn: &Connection, key: &'static str, k: &Kind, id: i64, seq: i64) -> Result<Msg> {
    let (at, actor, action): (String, String, String) = conn
        .query_row(
            "SELECT at, actor, action FROM audit_log WHERE seq = ?1",
            [seq],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .unwrap_or_else(|| ("?".into(), "?".into(), "?".into()));
    Ok(Msg::new(key)
        .with("table", k.table)
        .with("id", id)
        .with("seq", seq)
        .with("at", at)
        .with("actor", crate::domain::text::safe(&actor))
        .with("action", crate::domain::text::safe(&action)))
}
