//! Each counsellor's 待办 numbers of the day, kept (issue 16): derived
//! data, not a record — no audit row is written for it, since it says
//! nothing nobody did and is recomputed from the records whenever missing.
//! The triggers of migration V16 drop a counsellor's rows in the very
//! transaction of any write to what her compliance reads.
//!
//! A computation must not store results older than the file: the cache is
//! read and the missing results computed inside one read transaction
//! ([`Snapshot`]), and stored by upgrading that same transaction to a
//! write. SQLite refuses the upgrade (busy) when another connection has
//! committed since the snapshot began (WAL: `SQLITE_BUSY_SNAPSHOT`;
//! rollback journal: the reader's shared lock kept writers from
//! committing at all), so what is stored was computed from the latest
//! state, and every later write drops it again. Refused, read-only or
//! busy: the results are served, not stored.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use crate::error::Result;

/// A read transaction: every read until [`Snapshot::keep`] (or the drop)
/// sees one state of the file.
pub(crate) struct Snapshot<'c> {
    conn: &'c Connection,
    /// We began the transaction (else the caller's is running: nothing is
    /// stored, nothing ended).
    ours: bool,
}

impl<'c> Snapshot<'c> {
    pub(crate) fn begin(conn: &'c Connection) -> Result<Snapshot<'c>> {
        let ours = conn.is_autocommit();
        if ours {
            conn.execute_batch("BEGIN DEFERRED")?;
        }
        Ok(Snapshot { conn, ours })
    }

    /// The cached results of `day` made under `fingerprint`: counsellor id
    /// -> results as stored.
    pub(crate) fn cached(&self, day: &str, fingerprint: &str) -> Result<HashMap<i64, String>> {
        let mut st = self.conn.prepare_cached(
            "SELECT counsellor_id, results FROM compliance_cache WHERE day = ?1 AND fingerprint = ?2",
        )?;
        let rows = st.query_map(params![day, fingerprint], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Stores `rows` for `day` (dropping other days' rows) if nothing was
    /// committed by anyone else since the snapshot began; ends the
    /// transaction either way. Whether they were stored.
    pub(crate) fn keep(mut self, day: &str, fingerprint: &str, rows: &[(i64, String)]) -> bool {
        if !self.ours {
            return false;
        }
        self.ours = false;
        let conn = self.conn;
        if rows.is_empty() {
            let _ = conn.execute_batch("COMMIT");
            return false;
        }
        // never wait for another writer: its commit makes this stale anyway
        let _ = conn.busy_handler(None::<fn(i32) -> bool>);
        let stored = (|| -> Result<()> {
            conn.execute(
                "DELETE FROM compliance_cache WHERE day <> ?1 OR fingerprint <> ?2",
                params![day, fingerprint],
            )?;
            let mut st = conn.prepare_cached(
                "INSERT OR REPLACE INTO compliance_cache(counsellor_id, day, fingerprint, results)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (id, results) in rows {
                st.execute(params![id, day, fingerprint, results])?;
            }
            conn.execute_batch("COMMIT")?;
            Ok(())
        })()
        .is_ok();
        if !stored && !conn.is_autocommit() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        let _ = conn.busy_handler(Some(super::busy::handler));
        stored
    }
}

impl Drop for Snapshot<'_> {
    fn drop(&mut self) {
        if self.ours && !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// The counsellors of every class (the school-wide list's lines).
pub(crate) fn school_counsellors(conn: &Connection) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT DISTINCT counsellor_id FROM classes WHERE counsellor_id IS NOT NULL",
    )?;
    let rows = st.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The counsellors of a college's list: those of its classes and those of
/// its students' classes.
pub(crate) fn college_counsellors(conn: &Connection, college: i64) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT counsellor_id FROM classes WHERE college_id = ?1 AND counsellor_id IS NOT NULL
         UNION
         SELECT c.counsellor_id FROM classes c
         WHERE c.counsellor_id IS NOT NULL
           AND c.id IN (SELECT DISTINCT class_id FROM students WHERE college_id = ?1)",
    )?;
    let rows = st.query_map([college], |r| r.get(0))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Drops every cached row (a bench measuring the first view of a day).
pub(crate) fn clear(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM compliance_cache", [])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(path: &std::path::Path) -> Connection {
        let c = Connection::open(path).unwrap();
        c.execute_batch(
            "PRAGMA journal_mode=WAL;
             CREATE TABLE compliance_cache (counsellor_id INTEGER NOT NULL, day TEXT NOT NULL,
                 fingerprint TEXT NOT NULL, results TEXT NOT NULL,
                 PRIMARY KEY (counsellor_id, day)) STRICT, WITHOUT ROWID;
             CREATE TABLE t (x INTEGER);",
        )
        .unwrap();
        c
    }

    #[test]
    fn a_snapshot_stores_when_nothing_changed_since_it_began() {
        let dir = tempfile::tempdir().unwrap();
        let c = db(&dir.path().join("a.db"));
        let s = Snapshot::begin(&c).unwrap();
        assert!(s.cached("2026-11-22", "f").unwrap().is_empty());
        assert!(s.keep("2026-11-22", "f", &[(1, "r".into())]));
        assert!(c.is_autocommit());
        let s = Snapshot::begin(&c).unwrap();
        assert_eq!(s.cached("2026-11-22", "f").unwrap()[&1], "r");
        // another fingerprint or day is a miss
        assert!(s.cached("2026-11-22", "g").unwrap().is_empty());
        assert!(s.cached("2026-11-23", "f").unwrap().is_empty());
    }

    /// The race: results computed from a snapshot another connection has
    /// since written past are not stored.
    #[test]
    fn a_snapshot_written_past_by_another_connection_stores_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let c = db(&path);
        let other = Connection::open(&path).unwrap();
        let s = Snapshot::begin(&c).unwrap();
        assert!(s.cached("d", "f").unwrap().is_empty());
        other.execute("INSERT INTO t VALUES (1)", []).unwrap();
        assert!(!s.keep("d", "f", &[(1, "stale".into())]));
        assert!(c.is_autocommit(), "the transaction ended");
        let n: i64 = c
            .query_row("SELECT count(*) FROM compliance_cache", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
        // and the next snapshot stores again
        let s = Snapshot::begin(&c).unwrap();
        assert!(s.cached("d", "f").unwrap().is_empty());
        assert!(s.keep("d", "f", &[(1, "fresh".into())]));
    }
}
