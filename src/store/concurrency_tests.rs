//! Several processes writing to one database at once (one per SSH session
//! in real use): every write lands, none sees "database is locked", and the
//! audit chain stays whole.

use std::process::Command;

use crate::store::{AuditEntry, Store, audit};
use crate::testing::*;
use serde_json::json;

const WORKER_ENV: &str = "ZHIBAN_TEST_WORKER_DB";
const WRITES: usize = 150;
const PROCESSES: usize = 6;

/// Runs `test` of this test binary in `PROCESSES` processes at once, with
/// `env` set to the database path; fails with their output if any fails.
fn run_workers(test: &str, env: &str, db: &std::path::Path) {
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..PROCESSES)
        .map(|_| {
            Command::new(&exe)
                .args(["--exact", test, "--nocapture", "--test-threads=1"])
                .env(env, db)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a {test} process failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Runs only as a child of `several_processes_write_at_once`.
#[test]
fn worker() {
    let Ok(db) = std::env::var(WORKER_ENV) else {
        return;
    };
    let me = std::process::id();
    let mut store = Store::open(std::path::Path::new(&db)).unwrap();
    let now = crate::domain::clock::from_db(NOW).unwrap();
    for i in 0..WRITES {
        // read-then-write, as a use case does
        store
            .write(&format!("p{me}"), now, |tx| {
                let n: i64 = tx.query_row("SELECT count(*) FROM colleges", [], |r| r.get(0))?;
                tx.execute(
                    "INSERT INTO colleges(name, created_at) VALUES (?1, 'x')",
                    [format!("c-{me}-{i}-{n}")],
                )?;
                Ok((
                    (),
                    vec![AuditEntry::new(
                        "test.write",
                        "college",
                        Some(i.to_string()),
                        json!({"seen": n}),
                    )],
                ))
            })
            .unwrap_or_else(|e| panic!("process {me} write {i}: {e}"));
    }
}

#[test]
fn several_processes_write_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    drop(Store::open(&db).unwrap());
    run_workers("store::concurrency_tests::worker", WORKER_ENV, &db);
    assert_eq!(count(&db, "colleges") as usize, PROCESSES * WRITES);
    let store = Store::open(&db).unwrap();
    let chain = audit::verify(store.conn()).unwrap();
    assert_eq!(
        chain.entries as usize,
        PROCESSES * WRITES,
        "one audit row per write, chained"
    );
}

const OPENER_ENV: &str = "ZHIBAN_TEST_OPENER_DB";

/// Runs only as a child of `several_processes_create_one_new_database`.
#[test]
fn opener() {
    let Ok(db) = std::env::var(OPENER_ENV) else {
        return;
    };
    let mut store = Store::open(std::path::Path::new(&db)).unwrap_or_else(|e| panic!("open: {e}"));
    let now = crate::domain::clock::from_db(NOW).unwrap();
    store
        .write("opener", now, |_| {
            Ok((
                (),
                vec![AuditEntry::new("test.open", "db", None, json!({}))],
            ))
        })
        .unwrap_or_else(|e| panic!("write: {e}"));
}

#[test]
fn several_processes_create_one_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    run_workers("store::concurrency_tests::opener", OPENER_ENV, &db);
    let s = Store::open(&db).unwrap();
    let v: i64 = s
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v as usize, crate::store::migrations::SCHEMA_VERSION);
    assert_eq!(audit::verify(s.conn()).unwrap().entries as usize, PROCESSES);
}
