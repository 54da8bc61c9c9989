//! Several processes writing to one database at once (one per SSH session
//! in real use): every write lands, none sees "database is locked", and the
//! audit chain stays whole.

mod common;

use std::process::Command;

use common::*;
use zhiban::app::Database;
use zhiban::app::records::{TalkInput, record_talk};

const WORKER_ENV: &str = "ZHIBAN_TEST_WORKER_DB";
const WRITES: usize = 60;
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

/// Runs only as a child of `several_processes_write_at_once`: a counsellor
/// writing talk records, each its own transaction with its audit row.
#[test]
fn worker() {
    let Ok(db) = std::env::var(WORKER_ENV) else {
        return;
    };
    let me = std::process::id();
    let mut a = app(std::path::Path::new(&db), "lina");
    let mine: Vec<String> = zhiban::app::students::list(&a)
        .unwrap()
        .into_iter()
        .filter(|v| v.counsellor.as_deref() == Some("李娜"))
        .map(|v| v.student_no)
        .collect();
    for i in 0..WRITES {
        let t = TalkInput {
            student_no: mine[i % mine.len()].clone(),
            at: None,
            place: None,
            kind: "daily".into(),
            summary: format!("process {me} talk {i}"),
            follow_up: None,
            follow_up_due: None,
            next_talk: None,
            sensitive: false,
        };
        record_talk(&mut a, &t).unwrap_or_else(|e| panic!("process {me} write {i}: {e}"));
    }
}

#[test]
fn several_processes_write_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let (talks, audit) = (count(&db, "talks"), count(&db, "audit_log"));
    run_workers("worker", WORKER_ENV, &db);
    assert_eq!(
        (count(&db, "talks") - talks) as usize,
        PROCESSES * WRITES,
        "every write landed"
    );
    let report = Database::open(&db).unwrap().check().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(
        (report.audit_entries - audit) as usize,
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
    let mut d = Database::create(std::path::Path::new(&db)).unwrap_or_else(|e| panic!("open: {e}"));
    // one of them makes the administrator; the others find it made
    let _ = d.init(clock().as_ref(), "admin", "管理员");
}

#[test]
fn several_processes_create_one_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    run_workers("opener", OPENER_ENV, &db);
    let v: i64 = sql(&db)
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v as usize, zhiban::app::session::SCHEMA_VERSION);
    assert_eq!(count(&db, "staff"), 1, "one administrator, made once");
    let report = Database::open(&db).unwrap().check().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}
