//! A record's hash: SHA-256 (first 16 bytes) of its non-NULL fields, each
//! named and length-prefixed, then a 16-bit fingerprint of each field so
//! that `check` can say which fields differ.

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, Row};
use sha2::{Digest, Sha256};

use super::{Kind, Part};
use crate::error::Result;

/// One record's hash as it now stands; `None` when it is gone.
pub(super) fn hash_now(conn: &Connection, k: &Kind, id: i64) -> Result<Option<Vec<u8>>> {
    let mut h = RecordHasher::new(k.table);
    let mut stmt =
        conn.prepare_cached(&format!("SELECT * FROM {} WHERE {} = ?1", k.table, k.key))?;
    let names = column_names(&stmt);
    let mut found = false;
    {
        let mut rows = stmt.query([id])?;
        if let Some(r) = rows.next()? {
            h.row(&names, r)?;
            found = true;
        }
    }
    for p in k.parts {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT * FROM {} WHERE {} = ?1 ORDER BY {}",
            p.table, p.fk, p.order
        ))?;
        let names = column_names(&stmt);
        let rows: Vec<Vec<Value>> = stmt
            .query_map([id], |r| owned(r, names.len()))?
            .collect::<std::result::Result<_, _>>()?;
        found |= !rows.is_empty();
        h.part(p, &names, &rows);
    }
    Ok(found.then(|| h.finish()))
}

pub(super) fn column_names(stmt: &rusqlite::Statement<'_>) -> Vec<String> {
    stmt.column_names().into_iter().map(String::from).collect()
}

fn owned(r: &Row<'_>, n: usize) -> rusqlite::Result<Vec<Value>> {
    (0..n).map(|i| r.get::<_, Value>(i)).collect()
}

/// Calls `f` with every record of kind `k` in key order — or, given
/// `only` (sorted keys), with those of them that exist: the table's rows
/// merged with the rows that belong to them, one pass over each.
pub(super) fn each_current(
    conn: &Connection,
    k: &Kind,
    only: Option<&[i64]>,
    mut f: impl FnMut(i64, Vec<u8>) -> Result<()>,
) -> Result<()> {
    let mut main = conn.prepare_cached(&format!("SELECT * FROM {} ORDER BY {}", k.table, k.key))?;
    let names = column_names(&main);
    let key_at = names.iter().position(|n| n == k.key).unwrap_or(0);
    let mut part_stmts = Vec::new();
    for p in k.parts {
        part_stmts.push(conn.prepare_cached(&format!(
            "SELECT * FROM {} ORDER BY {}, {}",
            p.table, p.fk, p.order
        ))?);
    }
    let part_names: Vec<Vec<String>> = part_stmts.iter().map(|s| column_names(s)).collect();
    let fk_at: Vec<usize> = k
        .parts
        .iter()
        .zip(&part_names)
        .map(|(p, n)| n.iter().position(|c| c == p.fk).unwrap_or(0))
        .collect();
    let mut streams: Vec<PartStream<'_>> = Vec::new();
    for (i, s) in part_stmts.iter_mut().enumerate() {
        let n = part_names[i].len();
        let mut s = PartStream {
            rows: s.query([])?,
            width: n,
            fk_at: fk_at[i],
            pending: None,
        };
        s.advance()?;
        streams.push(s);
    }
    let mut rows = main.query([])?;
    let mut next_main = rows.next()?;
    loop {
        // the next key: the smaller of the table's and any part's
        let main_id: Option<i64> = match next_main {
            Some(r) => Some(r.get(key_at)?),
            None => None,
        };
        let part_id = streams.iter().filter_map(|s| s.key()).min();
        let id = match (main_id, part_id) {
            (None, None) => break,
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
        };
        // a key not asked for: its rows are passed over unhashed
        let wanted = only.is_none_or(|keys| keys.binary_search(&id).is_ok());
        if !wanted {
            for s in streams.iter_mut() {
                while s.key() == Some(id) {
                    s.advance()?;
                }
            }
            if main_id == Some(id) {
                next_main = rows.next()?;
            }
            continue;
        }
        let mut h = RecordHasher::new(k.table);
        if main_id == Some(id) {
            if let Some(r) = next_main {
                h.row(&names, r)?;
            }
        }
        for (i, s) in streams.iter_mut().enumerate() {
            let mut mine = Vec::new();
            while s.key() == Some(id) {
                if let Some((_, v)) = s.pending.take() {
                    mine.push(v);
                }
                s.advance()?;
            }
            h.part(&k.parts[i], &part_names[i], &mine);
        }
        f(id, h.finish())?;
        if main_id == Some(id) {
            next_main = rows.next()?;
        }
    }
    Ok(())
}

struct PartStream<'s> {
    rows: rusqlite::Rows<'s>,
    width: usize,
    fk_at: usize,
    pending: Option<(i64, Vec<Value>)>,
}

impl PartStream<'_> {
    fn key(&self) -> Option<i64> {
        self.pending.as_ref().map(|(k, _)| *k)
    }

    fn advance(&mut self) -> Result<()> {
        self.pending = match self.rows.next()? {
            Some(r) => Some((r.get(self.fk_at)?, owned(r, self.width)?)),
            None => None,
        };
        Ok(())
    }
}

/// Builds a record's hash field by field.
pub(super) struct RecordHasher {
    digest: Sha256,
    prints: Vec<u8>,
    /// One field's encoding (kept to save an allocation per field).
    scratch: Vec<u8>,
}

pub(super) const DIGEST_LEN: usize = 16;

impl RecordHasher {
    pub(super) fn new(kind: &str) -> Self {
        let mut enc = Vec::with_capacity(kind.len() + 4);
        put_bytes(&mut enc, kind.as_bytes());
        let mut digest = Sha256::new();
        digest.update(&enc);
        RecordHasher {
            digest,
            prints: Vec::with_capacity(32),
            scratch: Vec::with_capacity(64),
        }
    }

    fn row(&mut self, names: &[String], r: &Row<'_>) -> rusqlite::Result<()> {
        for (i, name) in names.iter().enumerate() {
            self.field(name, r.get_ref(i)?);
        }
        Ok(())
    }

    /// One field: in the digest when it is not NULL (so that a column
    /// added as NULL leaves every hash as it was), and its fingerprint.
    pub(super) fn field(&mut self, name: &str, v: ValueRef<'_>) {
        let enc = &mut self.scratch;
        enc.clear();
        put_bytes(enc, name.as_bytes());
        encode(enc, v);
        if v != ValueRef::Null {
            self.digest.update(&enc[..]);
        }
        self.prints.extend_from_slice(&fnv16(enc));
    }

    /// The rows belonging to the record, as one field named by their table.
    fn part(&mut self, p: &Part, names: &[String], rows: &[Vec<Value>]) {
        let mut enc = Vec::new();
        put_bytes(&mut enc, p.table.as_bytes());
        enc.extend_from_slice(&(rows.len() as u32).to_be_bytes());
        for row in rows {
            for (name, v) in names.iter().zip(row) {
                if name == p.fk || *v == Value::Null {
                    continue;
                }
                put_bytes(&mut enc, name.as_bytes());
                encode(&mut enc, ValueRef::from(v));
            }
            enc.push(b'E');
        }
        if !rows.is_empty() {
            self.digest.update(&enc);
        }
        self.prints.extend_from_slice(&fnv16(&enc));
    }

    pub(super) fn finish(self) -> Vec<u8> {
        let mut out = self.digest.finalize()[..DIGEST_LEN].to_vec();
        out.extend_from_slice(&self.prints);
        out
    }
}

pub(super) fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u32).to_be_bytes());
    out.extend_from_slice(b);
}

fn encode(out: &mut Vec<u8>, v: ValueRef<'_>) {
    match v {
        ValueRef::Null => out.push(b'n'),
        ValueRef::Integer(i) => {
            out.push(b'i');
            out.extend_from_slice(&i.to_be_bytes());
        }
        ValueRef::Real(f) => {
            out.push(b'r');
            out.extend_from_slice(&f.to_bits().to_be_bytes());
        }
        ValueRef::Text(t) => {
            out.push(b't');
            put_bytes(out, t);
        }
        ValueRef::Blob(b) => {
            out.push(b'b');
            put_bytes(out, b);
        }
    }
}

/// FNV-1a, folded to 16 bits: a field's fingerprint (not a protection —
/// the digest is — only a way to name what changed).
fn fnv16(b: &[u8]) -> [u8; 2] {
    let mut h: u32 = 0x811c_9dc5;
    for &x in b {
        h ^= u32::from(x);
        h = h.wrapping_mul(0x0100_0193);
    }
    (((h >> 16) ^ h) as u16).to_be_bytes()
}

pub(crate) fn hex(b: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        s.push(DIGITS[usize::from(x >> 4)] as char);
        s.push(DIGITS[usize::from(x & 0xf)] as char);
    }
    s
}
