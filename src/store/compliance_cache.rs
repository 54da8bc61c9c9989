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

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;

/// Up to this many counsellors' kept facts are looked up one by one.
const CARRIED_BY_KEY: usize = 16;

/// A counsellor's row as stored: her id, her numbers of the day and where
/// the facts they were evaluated on are.
pub(crate) type Kept = (i64, String, FactsIn);

/// Where the facts a row's numbers were evaluated on are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FactsIn {
    /// Read now: stored with the numbers.
    New(Vec<u8>),
    /// In an earlier day's row ([`Snapshot::carried`]), which stays.
    Earlier,
    /// In the day's own row, made under other numbers (new rules, a new
    /// build): its numbers are updated in place, the facts left as they
    /// are (not handed back to SQLite to be compared and kept).
    Here,
}

/// Facts kept in a row: their bytes and the day of the row holding them.
pub(crate) type Carried = (Vec<u8>, String);

/// What a row was made by: its numbers by `results` (the rules, calendar
/// and the engine's code), its facts by `facts` (the code that read them).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Prints<'a> {
    pub results: &'a str,
    pub facts: &'a str,
}

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

    /// Whether the snapshot is this one's own transaction (not a caller's,
    /// which may hold writes of its own no other connection sees).
    pub(crate) fn own(&self) -> bool {
        self.ours
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

    /// The facts kept up to `day` (ISO dates) by the code that reads them
    /// now (`facts`, [`Prints::facts`]) for the counsellors `ids`:
    /// counsellor id -> facts as stored with their row's day (the latest
    /// day's when there are several). Whatever rules or evaluation made
    /// the row's numbers (a new build the same day carries them), and no
    /// write has touched them since (it would have dropped the row). Not a
    /// later day's: facts read later than the day asked (a clock set back)
    /// may lack what that day's window still reads. A few counsellors are
    /// looked up by key (after a write dropped one, the others' facts are
    /// not read).
    pub(crate) fn carried(
        &self,
        day: &str,
        facts: &str,
        ids: &[i64],
    ) -> Result<HashMap<i64, Carried>> {
        let mut out = HashMap::new();
        if ids.len() <= CARRIED_BY_KEY {
            let mut st = self.conn.prepare_cached(
                "SELECT facts, day FROM compliance_cache
                 WHERE counsellor_id = ?3 AND facts_fingerprint = ?2 AND day <= ?1
                   AND facts IS NOT NULL
                 ORDER BY day DESC LIMIT 1",
            )?;
            for &id in ids {
                if let Some(f) = st
                    .query_row(params![day, facts, id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?
                {
                    out.insert(id, f);
                }
            }
            return Ok(out);
        }
        let mut st = self.conn.prepare_cached(
            "SELECT counsellor_id, facts, day FROM compliance_cache
             WHERE facts_fingerprint = ?2 AND day <= ?1 AND facts IS NOT NULL ORDER BY day",
        )?;
        let rows = st.query_map(params![day, facts], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
        })?;
        for row in rows {
            let (id, f): (i64, Carried) = row?;
            out.insert(id, f);
        }
        let wanted: std::collections::HashSet<i64> = ids.iter().copied().collect();
        out.retain(|id, _| wanted.contains(id));
        Ok(out)
    }

    /// Stores `rows` (counsellor, numbers, facts) for `day`, made by
    /// `prints` — each counsellor's rows of other days go but one holding
    /// facts the code reads now (those a row without its own was evaluated
    /// on), and so does every row of other numbers whose facts cannot be
    /// carried — if nothing was committed by anyone else since the snapshot
    /// began; ends the transaction either way. Whether they were stored.
    pub(crate) fn keep(mut self, day: &str, prints: Prints<'_>, rows: &[Kept]) -> bool {
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
                "DELETE FROM compliance_cache WHERE fingerprint <> ?1
                   AND (facts IS NULL OR facts_fingerprint IS NOT ?2)",
                params![prints.results, prints.facts],
            )?;
            let mut other_days = conn.prepare_cached(
                "DELETE FROM compliance_cache WHERE counsellor_id = ?1 AND day <> ?2
                   AND (?3 OR facts IS NULL OR facts_fingerprint IS NOT ?4)",
            )?;
            let mut st = conn.prepare_cached(
                "INSERT OR REPLACE INTO compliance_cache
                   (counsellor_id, day, fingerprint, results, facts, facts_fingerprint)
                 VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?5 IS NULL THEN NULL ELSE ?6 END)",
            )?;
            let mut numbers = conn.prepare_cached(
                "UPDATE compliance_cache SET fingerprint = ?3, results = ?4
                 WHERE counsellor_id = ?1 AND day = ?2",
            )?;
            for (id, results, facts) in rows {
                let own = !matches!(facts, FactsIn::Earlier);
                other_days.execute(params![id, day, own, prints.facts])?;
                if let FactsIn::Here = facts {
                    numbers.execute(params![id, day, prints.results, results])?;
                } else {
                    let bytes = match facts {
                        FactsIn::New(bytes) => Some(bytes),
                        _ => None,
                    };
                    st.execute(params![
                        id,
                        day,
                        prints.results,
                        results,
                        bytes,
                        prints.facts
                    ])?;
                }
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

/// Marks every cached row's numbers as made by another build, their facts
/// left as they are (a bench measuring the first view after new rules or a
/// build that reads the facts as before): another fingerprint of the same
/// length, as a real build's is.
pub(crate) fn outdate_numbers(conn: &Connection) -> Result<()> {
    conn.execute(
        "UPDATE compliance_cache
         SET fingerprint = substr(hex(zeroblob(length(fingerprint))), 1, length(fingerprint))",
        [],
    )?;
    Ok(())
}

/// Below this many rows a write keeps the invalidation triggers (a bulk
/// write suspends them: [`Suspended`]).
pub(crate) const BULK_ROWS: usize = 1000;

/// The invalidation triggers, set aside for one bulk write (an import of
/// thousands of students or rooms). Every one of them only deletes rows of
/// `compliance_cache`; each fires per row written and makes SQLite keep a
/// statement journal of every page each of those statements touches
/// (triggered statements may abort) — a third of the students' import's
/// database work at 40,000 rows. Inside the writer's own transaction the
/// cache is emptied and the triggers dropped (nothing left to delete, and
/// no reader can store a row while this transaction holds the write lock;
/// one that computed from the file before it cannot store afterwards:
/// [`Snapshot::keep`]); [`Suspended::restore`] creates them again from
/// their own text before the commit. SQLite's DDL is transactional: a
/// failed or dry-run import's rollback brings them back as they were.
#[must_use = "the triggers are gone until restored (or rolled back)"]
pub(crate) struct Suspended(Vec<String>);

impl Suspended {
    /// Only inside a transaction (outside one, other connections would
    /// write for a moment without the triggers).
    pub(crate) fn begin(tx: &rusqlite::Transaction<'_>) -> Result<Suspended> {
        let found: Vec<(String, String)> = {
            let mut st = tx.prepare(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name GLOB 'cc_*'
                 ORDER BY name",
            )?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        clear(tx)?;
        let mut sqls = Vec::with_capacity(found.len());
        for (name, sql) in found {
            tx.execute_batch(&format!("DROP TRIGGER \"{}\"", name.replace('"', "\"\"")))?;
            sqls.push(sql);
        }
        Ok(Suspended(sqls))
    }

    /// The triggers as they were, in the same transaction.
    pub(crate) fn restore(self, tx: &rusqlite::Transaction<'_>) -> Result<()> {
        for sql in &self.0 {
            tx.execute_batch(sql)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: Prints<'static> = Prints {
        results: "f",
        facts: "ff",
    };

    fn db(path: &std::path::Path) -> Connection {
        let c = Connection::open(path).unwrap();
        c.execute_batch(
            "PRAGMA journal_mode=WAL;
             CREATE TABLE compliance_cache (counsellor_id INTEGER NOT NULL, day TEXT NOT NULL,
                 fingerprint TEXT NOT NULL, results TEXT NOT NULL, facts BLOB, facts_fingerprint TEXT,
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
        assert!(s.keep("2026-11-22", F, &[(1, "r".into(), FactsIn::New(vec![1]))]));
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
        assert!(!s.keep("d", F, &[(1, "stale".into(), FactsIn::Earlier)]));
        assert!(c.is_autocommit(), "the transaction ended");
        let n: i64 = c
            .query_row("SELECT count(*) FROM compliance_cache", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
        // and the next snapshot stores again
        let s = Snapshot::begin(&c).unwrap();
        assert!(s.cached("d", "f").unwrap().is_empty());
        assert!(s.keep("d", F, &[(1, "fresh".into(), FactsIn::Earlier)]));
    }

    /// A day's row carries its facts into the next day; a new day's row
    /// evaluated on them leaves them in place and replaces only the rows
    /// without facts; a row read afresh replaces all the counsellor's
    /// others. New numbers (rules, evaluation) carry the facts, the same
    /// day too; rows of other numbers go at the next store but those
    /// holding facts read as now; facts read otherwise go.
    #[test]
    fn facts_are_carried_to_the_next_days_until_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let c = db(&dir.path().join("a.db"));
        let rows = |c: &Connection| -> Vec<(i64, String, bool)> {
            c.prepare(
                "SELECT counsellor_id, day, facts IS NOT NULL FROM compliance_cache ORDER BY 1, 2",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap()
        };
        let s = Snapshot::begin(&c).unwrap();
        assert!(s.keep(
            "d1",
            F,
            &[
                (1, "r1".into(), FactsIn::New(vec![1])),
                (2, "r2".into(), FactsIn::New(vec![2]))
            ]
        ));
        let s = Snapshot::begin(&c).unwrap();
        assert!(s.cached("d2", "f").unwrap().is_empty());
        let carried = s.carried("d2", "ff", &[1, 2]).unwrap();
        assert_eq!(carried.len(), 2);
        assert_eq!(carried[&1], (vec![1], "d1".to_string()));
        assert!(
            s.carried("d2", "gg", &[1, 2]).unwrap().is_empty(),
            "facts read otherwise"
        );
        assert_eq!(
            s.carried("d1", "ff", &[1, 2]).unwrap().len(),
            2,
            "the day's own (new rules the same day)"
        );
        assert!(
            s.carried("d0", "ff", &[1, 2]).unwrap().is_empty(),
            "not a later day's"
        );
        assert!(s.keep("d2", F, &[(1, "r1'".into(), FactsIn::Earlier)]));
        assert_eq!(
            rows(&c),
            vec![
                (1, "d1".into(), true),
                (1, "d2".into(), false),
                (2, "d1".into(), true)
            ]
        );
        let s = Snapshot::begin(&c).unwrap();
        assert_eq!(
            s.carried("d3", "ff", &[1]).unwrap()[&1],
            (vec![1], "d1".to_string()),
            "still d1's"
        );
        assert!(s.keep(
            "d3",
            F,
            &[
                (1, "r1''".into(), FactsIn::Earlier),
                (2, "r2'".into(), FactsIn::New(vec![5]))
            ]
        ));
        assert_eq!(
            rows(&c),
            vec![
                (1, "d1".into(), true),
                (1, "d3".into(), false),
                (2, "d3".into(), true)
            ]
        );
        // new rules on d3: the numbers are a miss, the facts carried (2's
        // from her d3 row, whose numbers are updated in place)
        let g = Prints {
            results: "g",
            facts: "ff",
        };
        let s = Snapshot::begin(&c).unwrap();
        assert!(s.cached("d3", "g").unwrap().is_empty());
        let carried = s.carried("d3", "ff", &[1, 2, 3]).unwrap();
        assert_eq!(carried[&1], (vec![1], "d1".to_string()));
        assert_eq!(carried[&2], (vec![5], "d3".to_string()));
        assert!(s.keep("d3", g, &[(2, "r2g".into(), FactsIn::Here)]));
        assert_eq!(
            rows(&c),
            vec![(1, "d1".into(), true), (2, "d3".into(), true)],
            "1's d3 numbers went (other rules), her facts stay"
        );
        let s = Snapshot::begin(&c).unwrap();
        assert_eq!(s.cached("d3", "g").unwrap()[&2], "r2g");
        assert_eq!(s.carried("d3", "ff", &[1]).unwrap().len(), 1);
        assert_eq!(
            s.carried("d3", "ff", &[2]).unwrap()[&2],
            (vec![5], "d3".to_string()),
            "2's facts left in her row"
        );
        // a build that reads the facts otherwise: none carried, all go
        let h = Prints {
            results: "h",
            facts: "hh",
        };
        assert!(s.carried("d3", "hh", &[1, 2]).unwrap().is_empty());
        assert!(s.keep("d4", h, &[(3, "x".into(), FactsIn::Earlier)]));
        assert_eq!(
            rows(&c),
            vec![(3, "d4".into(), false)],
            "other fingerprints' rows went"
        );
    }

    /// Many counsellors' facts are read in one pass, a few by key: the
    /// same facts either way, only those asked for.
    #[test]
    fn carried_facts_by_key_or_in_one_pass_agree() {
        let dir = tempfile::tempdir().unwrap();
        let c = db(&dir.path().join("a.db"));
        let rows: Vec<Kept> = (1..=40)
            .map(|i| (i, format!("r{i}"), FactsIn::New(vec![i as u8])))
            .collect();
        assert!(Snapshot::begin(&c).unwrap().keep("d1", F, &rows));
        let s = Snapshot::begin(&c).unwrap();
        let all: Vec<i64> = (1..=40).chain([99]).collect();
        let wide = s.carried("d2", "ff", &all).unwrap();
        assert_eq!(wide.len(), 40);
        assert_eq!(wide[&7], (vec![7], "d1".to_string()));
        let few = s.carried("d2", "ff", &[3, 7, 99]).unwrap();
        assert_eq!(few.len(), 2);
        assert_eq!(
            (few[&3].clone(), few[&7].clone()),
            (wide[&3].clone(), wide[&7].clone())
        );
        let some: Vec<i64> = (10..=30).collect();
        assert_eq!(
            s.carried("d2", "ff", &some).unwrap().len(),
            21,
            "only those asked for"
        );
    }

    fn triggers(c: &Connection) -> Vec<String> {
        let mut st = c
            .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap()
    }

    /// Set aside inside a transaction: gone (and the cache empty) until
    /// restored word for word; a rollback brings them back too. Triggers
    /// not of the cache stay.
    #[test]
    fn suspended_triggers_come_back_restored_or_rolled_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = db(&dir.path().join("a.db"));
        c.execute_batch(
            "CREATE TRIGGER cc_t AFTER INSERT ON t BEGIN DELETE FROM compliance_cache; END;
             CREATE TRIGGER other_t AFTER DELETE ON t BEGIN SELECT 1; END;
             INSERT INTO compliance_cache VALUES (1, 'd', 'f', 'r', NULL, NULL);",
        )
        .unwrap();
        let all = triggers(&c);
        assert_eq!(all.len(), 2);
        let count = |c: &Connection| -> i64 {
            c.query_row("SELECT count(*) FROM compliance_cache", [], |r| r.get(0))
                .unwrap()
        };
        for restore in [false, true] {
            c.execute(
                "INSERT OR REPLACE INTO compliance_cache VALUES (1, 'd', 'f', 'r', NULL, NULL)",
                [],
            )
            .unwrap();
            let tx = c.transaction().unwrap();
            let s = Suspended::begin(&tx).unwrap();
            assert_eq!(triggers(&tx).len(), 1, "only the cache's set aside");
            assert_eq!(count(&tx), 0, "the cache emptied with them");
            tx.execute(
                "INSERT INTO compliance_cache VALUES (2, 'd', 'f', 'r', NULL, NULL)",
                [],
            )
            .unwrap();
            tx.execute("INSERT INTO t VALUES (1)", []).unwrap();
            assert_eq!(count(&tx), 1, "no trigger fired");
            if restore {
                s.restore(&tx).unwrap();
                assert_eq!(triggers(&tx), all);
                tx.commit().unwrap();
                assert_eq!(count(&c), 1);
            } else {
                drop(tx);
                assert_eq!(count(&c), 1, "rolled back: the row is as it was");
            }
            assert_eq!(triggers(&c), all, "restore={restore}");
        }
        c.execute("INSERT INTO t VALUES (2)", []).unwrap();
        assert_eq!(count(&c), 0, "the restored trigger fires");
    }
}
