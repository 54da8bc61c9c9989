//! Records against the trail. Every write's audit entry carries, for each
//! record the write touched, a hash of the record's content as written
//! (`audit_records`, folded into the entry's chained hash). `check`
//! re-hashes the rows as they are now and names every record that differs
//! from its last entry, every record no entry accounts for, and every
//! entry whose record is gone.
//!
//! A record is a row of a tracked table with the rows that belong to it
//! (a staff member with their roles, a room check with who was found in
//! it). Which rows a write touched is noted by temporary triggers of the
//! session's own connection (not stored in the file): whatever the write
//! does, and however, its records are hashed as they stand at its commit.
//!
//! The hash: SHA-256 (first 16 bytes) of the record's non-NULL fields,
//! each named and length-prefixed, then a 16-bit fingerprint of each field
//! so that `check` can say *which* fields differ.

mod check;
mod hash;

use std::sync::{Arc, Mutex};

use rusqlite::hooks::Action;
use rusqlite::{Connection, params};

use crate::error::Result;

pub(crate) use check::{Carried, carried_stmt, compare, digest_of};
pub(crate) use hash::hex;
use hash::{each_current, hash_now};

/// Rows that belong to a record: `fk` names the record's key.
pub(crate) struct Part {
    pub table: &'static str,
    fk: &'static str,
    /// Their order within the record (a key, so that it is total).
    order: &'static str,
}

/// A kind of record: a table, its key, and the rows belonging to it.
pub(crate) struct Kind {
    pub table: &'static str,
    key: &'static str,
    parts: &'static [Part],
}

const fn kind(table: &'static str) -> Kind {
    Kind {
        table,
        key: "id",
        parts: &[],
    }
}

/// Every table whose rows are records. A new table is either here or in
/// [`UNTRACKED`] (a test makes sure).
pub(crate) const KINDS: &[Kind] = &[
    kind("colleges"),
    Kind {
        table: "staff",
        key: "id",
        parts: &[Part {
            table: "staff_roles",
            fk: "staff_id",
            order: "role",
        }],
    },
    kind("classes"),
    kind("students"),
    kind("guardians"),
    kind("student_flags"),
    kind("buildings"),
    kind("rooms"),
    kind("beds"),
    Kind {
        table: "bed_assignments",
        key: "bed_id",
        parts: &[],
    },
    Kind {
        table: "patrols",
        key: "id",
        parts: &[Part {
            table: "patrol_rooms",
            fk: "patrol_id",
            order: "seq",
        }],
    },
    Kind {
        table: "room_checks",
        key: "id",
        parts: &[Part {
            table: "presence",
            fk: "check_id",
            order: "student_id",
        }],
    },
    kind("room_hazards"),
    kind("follow_ups"),
    kind("student_absences"),
    kind("shifts"),
    Kind {
        table: "duty_entries",
        key: "id",
        parts: &[Part {
            table: "duty_entry_students",
            fk: "entry_id",
            order: "student_id",
        }],
    },
    kind("escalations"),
    kind("duty_entry_closures"),
    kind("handover_items"),
    kind("duty_roster"),
    kind("duty_swaps"),
    kind("talks"),
    kind("parent_contacts"),
    kind("class_ledger"),
    kind("special_support"),
    kind("special_sweeps"),
    Kind {
        table: "crisis_cases",
        key: "id",
        parts: &[Part {
            table: "crisis_students",
            fk: "case_id",
            order: "student_id",
        }],
    },
    kind("crisis_events"),
    Kind {
        table: "home_visits",
        key: "id",
        parts: &[Part {
            table: "home_visit_staff",
            fk: "visit_id",
            order: "staff_id",
        }],
    },
    kind("growth_entries"),
    kind("reminders"),
    kind("report_filings"),
];

/// Tables that hold no records: settings and schema facts, drafts being
/// typed, the log itself, and a rollup recomputed from the records.
#[cfg(test)]
pub(crate) const UNTRACKED: &[&str] = &[
    "app_meta",
    "drafts",
    "audit_log",
    "audit_records",
    "student_marks",
    "room_marks",
    "compliance_cache",
    "talk_days",
];

/// A record as a write left it: its kind, key and hash (`None`: removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rec {
    pub kind: &'static str,
    pub id: i64,
    pub hash: Option<Vec<u8>>,
}

/// The keys of the records a write touched, as they are noted: by
/// SQLite's update hook for the tables of records (the key is the rowid),
/// by temporary triggers for the rows belonging to records (their
/// record's key is a column of theirs, also known when they are deleted).
#[derive(Clone, Default)]
pub(crate) struct Noted(Arc<Mutex<Vec<(usize, i64)>>>);

impl Noted {
    fn take(&self) -> Vec<(usize, i64)> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Notes, on this connection, every record a statement touches (nothing
/// is written to the file for it). Called once per connection, after the
/// schema is current.
pub(crate) fn watch(conn: &Connection) -> Result<Noted> {
    let noted = Noted::default();
    let sink = noted.clone();
    conn.update_hook(Some(move |_: Action, db: &str, table: &str, rowid: i64| {
        if db == "main" {
            if let Some(i) = KINDS.iter().position(|k| k.table == table) {
                sink.0
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((i, rowid));
            }
        }
    }))?;
    let mut sql = String::from(
        "PRAGMA temp_store = MEMORY;
         CREATE TEMP TABLE IF NOT EXISTS zh_touched (
             kind TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (kind, id)
         ) WITHOUT ROWID;",
    );
    for k in KINDS {
        for p in k.parts {
            triggers(&mut sql, p.table, k.table, p.fk);
        }
    }
    conn.execute_batch(&sql)?;
    Ok(noted)
}

fn triggers(sql: &mut String, table: &str, kind: &str, key: &str) {
    for (when, rows) in [
        ("INSERT", &["NEW"][..]),
        ("UPDATE", &["OLD", "NEW"][..]),
        ("DELETE", &["OLD"][..]),
    ] {
        let values: Vec<String> = rows
            .iter()
            .map(|r| format!("('{kind}', {r}.{key})"))
            .collect();
        sql.push_str(&format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS zh_trail_{table}_{when} AFTER {when} ON main.{table}
             BEGIN INSERT OR IGNORE INTO zh_touched (kind, id) VALUES {}; END;\n",
            values.join(", ")
        ));
    }
}

/// Stops noting (`zhiban bench`, to measure what noting and hashing
/// cost): the connection's writes carry no records from now on.
pub(crate) fn unwatch(conn: &Connection) -> Result<()> {
    conn.update_hook(None::<fn(Action, &str, &str, i64)>)?;
    let mut sql = String::new();
    for k in KINDS {
        for p in k.parts {
            for when in ["INSERT", "UPDATE", "DELETE"] {
                sql.push_str(&format!(
                    "DROP TRIGGER IF EXISTS temp.zh_trail_{}_{when};\n",
                    p.table
                ));
            }
        }
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

/// Forgets what was noted (before a write: only what the write itself
/// does is its to account for).
pub(crate) fn forget(conn: &Connection, noted: &Noted) -> Result<()> {
    noted.take();
    conn.prepare_cached("DELETE FROM temp.zh_touched")?
        .execute([])?;
    Ok(())
}

/// The records the write so far touched, hashed as they now stand.
pub(crate) fn touched(conn: &Connection, noted: &Noted) -> Result<Vec<Rec>> {
    let mut keys: Vec<(usize, i64)> = noted.take();
    {
        let mut stmt = conn.prepare_cached("SELECT kind, id FROM temp.zh_touched")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let kind: String = r.get(0)?;
            if let Some(i) = KINDS.iter().position(|k| k.table == kind) {
                keys.push((i, r.get(1)?));
            }
        }
    }
    forget(conn, noted)?;
    keys.sort_unstable();
    keys.dedup();
    let mut out = Vec::with_capacity(keys.len());
    for group in keys.chunk_by(|a, b| a.0 == b.0) {
        let k = &KINDS[group[0].0];
        let ids: Vec<i64> = group.iter().map(|(_, id)| *id).collect();
        if ids.len() <= FEW || !most_of(conn, k, ids.len())? {
            for id in ids {
                out.push(Rec {
                    kind: k.table,
                    id,
                    hash: hash_now(conn, k, id)?,
                });
            }
            continue;
        }
        // most of a table (an import): one pass over it; a touched key the
        // pass does not meet is a record removed
        let mut found: Vec<(i64, Vec<u8>)> = Vec::with_capacity(ids.len());
        each_current(conn, k, Some(&ids), |id, hash| {
            found.push((id, hash));
            Ok(())
        })?;
        let mut found = found.into_iter().peekable();
        for id in ids {
            let hash = found.next_if(|(f, _)| *f == id).map(|(_, h)| h);
            out.push(Rec {
                kind: k.table,
                id,
                hash,
            });
        }
    }
    Ok(out)
}

/// Up to how many records of a kind are hashed one at a time (a save).
const FEW: usize = 16;

/// Are `n` records a good part (a quarter or more) of kind `k`'s table,
/// so that one pass over it is cheaper than looking each one up?
fn most_of(conn: &Connection, k: &Kind, n: usize) -> Result<bool> {
    let highest: Option<i64> = conn
        .prepare_cached(&format!("SELECT max({}) FROM {}", k.key, k.table))?
        .query_row([], |r| r.get(0))?;
    Ok((n as i64).saturating_mul(4) >= highest.unwrap_or(0))
}

/// Every record of the database as it stands (an upgrade's baseline).
pub(crate) fn everything(conn: &Connection) -> Result<Vec<Rec>> {
    let mut out = Vec::new();
    for k in KINDS {
        // the baseline of an upgrade (V7) runs before the tables of later
        // migrations exist: they hold no records yet
        let exists: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
            [k.table],
            |r| r.get(0),
        )?;
        if !exists {
            continue;
        }
        each_current(conn, k, None, |id, hash| {
            out.push(Rec {
                kind: k.table,
                id,
                hash: Some(hash),
            });
            Ok(())
        })?;
    }
    Ok(out)
}

/// Records written by one statement when a write carries many (an
/// import's hundreds of thousands): a statement's own cost (binding,
/// stepping, resetting) paid once for each run of them.
const BATCH: usize = 64;

/// Writes an entry's records (inside the entry's transaction).
pub(crate) fn store(conn: &Connection, seq: i64, recs: &[&Rec]) -> Result<()> {
    let mut runs = recs.chunks_exact(BATCH);
    if recs.len() >= BATCH {
        let values = vec!["(?, ?, ?, ?)"; BATCH].join(", ");
        let mut many = conn.prepare_cached(&format!(
            "INSERT INTO audit_records (seq, kind, row_id, hash) VALUES {values}"
        ))?;
        for run in runs.by_ref() {
            let mut at = 1;
            for r in run {
                many.raw_bind_parameter(at, seq)?;
                many.raw_bind_parameter(at + 1, r.kind)?;
                many.raw_bind_parameter(at + 2, r.id)?;
                many.raw_bind_parameter(at + 3, r.hash.as_deref())?;
                at += 4;
            }
            many.raw_execute()?;
        }
    }
    let mut one = conn.prepare_cached(
        "INSERT INTO audit_records (seq, kind, row_id, hash) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for r in runs.remainder() {
        one.execute(params![seq, r.kind, r.id, r.hash])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
