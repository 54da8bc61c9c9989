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

/// Sixteen `zhiban init` at once on a new file: one database, one
/// administrator, and the other fifteen told it is done (no raw
/// "UNIQUE constraint failed").
#[test]
fn sixteen_inits_at_once_make_one_database_and_tell_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let children: Vec<_> = (0..16)
        .map(|i| {
            Command::new(bin())
                .arg("--db")
                .arg(&db)
                .args(["--lang", "en", "init", "--admin"])
                .arg(format!("admin{i}"))
                .args(["--name", "管理员"])
                .output_async()
        })
        .collect();
    let outs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let ok = outs.iter().filter(|o| o.status.success()).count();
    assert_eq!(ok, 1, "one init succeeds");
    for o in outs.iter().filter(|o| !o.status.success()) {
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(e.contains("it is initialised"), "{e}");
        assert!(!e.contains("UNIQUE"), "{e}");
    }
    assert_eq!(count(&db, "staff"), 1);
}

trait OutputAsync {
    fn output_async(&mut self) -> std::process::Child;
}
impl OutputAsync for Command {
    fn output_async(&mut self) -> std::process::Child {
        self.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }
}

/// Eight sessions pressing "done" on the same crisis step at the same
/// moment: one "done" is recorded; the others are told who did it and when.
#[test]
fn eight_sessions_pressing_done_at_once_record_the_step_once() {
    use zhiban::app::crisis::{OpenInput, act, open_case};
    use zhiban::domain::crisis::EventKind;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut opener = app(&db, "sunpeng");
    let student = zhiban::app::students::list(&opener).unwrap()[0]
        .student_no
        .clone();
    let id = open_case(
        &mut opener,
        &OpenInput {
            kind: "心理危机".into(),
            students: vec![student],
            location: Some("3号楼顶".into()),
            known: None,
            entry_id: None,
            ..OpenInput::default()
        },
    )
    .unwrap();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(8));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (db, barrier) = (db.clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut a = app(&db, "sunpeng");
                barrier.wait();
                act(&mut a, id, EventKind::Done, Some("scene"), None)
            })
        })
        .collect();
    let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    for r in results.iter().filter_map(|r| r.as_ref().err()) {
        let e = r.to_string();
        assert!(
            e.contains("already") && e.contains("孙鹏"),
            "the second is told who did it: {e}"
        );
    }
    assert_eq!(
        sql(&db)
            .query_row(
                "SELECT count(*) FROM crisis_events
                 WHERE case_id = ?1 AND step = 'scene' AND kind = 'done'",
                [id],
                |r| r.get::<_, i64>(0)
            )
            .unwrap(),
        1
    );
}

/// Eight `zhiban crisis done` commands on the same step of one case at the
/// same moment, by four people: one "done" is recorded; the seven others
/// exit non-zero saying who recorded it and when.
#[test]
fn eight_crisis_done_commands_at_once_record_the_step_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let at = "2026-11-22T15:00:00Z"; // 23:00 Beijing
    let s = ok(z_as(
        &db,
        at,
        "sunpeng",
        &[
            "crisis",
            "open",
            "--kind",
            "心理危机",
            "--student",
            "20230100002",
            "--where",
            "3号楼顶",
        ],
    ));
    let id = s.split_whitespace().nth(3).unwrap().to_string();
    // the opener, the student's counsellor, the college's psych
    // specialist and leader: two sessions each
    let who = ["sunpeng", "lina", "zhouhui", "liuyang"];
    let children: Vec<_> = (0..8)
        .map(|i| {
            Command::new(bin())
                .arg("--db")
                .arg(&db)
                .args(["--lang", "en", "--as", who[i % 4]])
                .args(["crisis", "done", &id, "scene"])
                .env("ZHIBAN_NOW", at)
                .output_async()
        })
        .collect();
    let outs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    assert_eq!(
        outs.iter().filter(|o| o.status.success()).count(),
        1,
        "{:?}",
        outs.iter().map(err).collect::<Vec<_>>()
    );
    let c = sql(&db);
    let (n, by): (i64, String) = c
        .query_row(
            "SELECT count(*), min(s.name) FROM crisis_events e JOIN staff s ON s.id = e.by_id
             WHERE e.case_id = ?1 AND e.step = 'scene' AND e.kind = 'done'",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(n, 1, "recorded once");
    for o in outs.iter().filter(|o| !o.status.success()) {
        let e = err(o);
        assert!(
            e.contains("already recorded") && e.contains(&by) && e.contains("11-22 23:00"),
            "the others are told who did it and when: {e}"
        );
        assert!(!e.contains("UNIQUE") && !e.contains("locked"), "{e}");
    }
    // the one done has its audit entry, the refused ones none
    assert_eq!(
        c.query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'crisis.done' AND entity_id = ?1",
            [&id],
            |r| r.get::<_, i64>(0)
        )
        .unwrap(),
        1
    );
}

/// A staff member whose role is taken away while their session is open is
/// refused at their next action, with a message, and nothing is written.
#[test]
fn a_role_removed_mid_session_is_refused_at_the_next_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut lina = app(&db, "lina");
    let student = zhiban::app::students::list(&lina)
        .unwrap()
        .into_iter()
        .find(|v| v.counsellor.as_deref() == Some("李娜"))
        .unwrap()
        .student_no;
    record_talk(&mut lina, &talk(&student, "谈心")).unwrap();
    let before = count(&db, "talks");
    // the administrator takes the counsellor role away (behind this session)
    sql(&db)
        .execute(
            "DELETE FROM staff_roles WHERE staff_id = (SELECT id FROM staff WHERE login = 'lina')
             AND role = 'counsellor'",
            [],
        )
        .unwrap();
    let e = record_talk(&mut lina, &talk(&student, "谈心")).unwrap_err();
    assert!(e.to_string().contains("roles changed"), "{e}");
    assert_eq!(count(&db, "talks"), before, "nothing written");
}

/// A write that must wait for another session's long write says so (once)
/// and then goes through.
#[test]
fn a_write_waiting_for_another_session_says_so_and_then_lands() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut lina = app(&db, "lina");
    let told = std::rc::Rc::new(std::cell::Cell::new(0));
    let t = told.clone();
    zhiban::app::session::on_write_wait(Box::new(move || t.set(t.get() + 1)));
    let (locked, release) = (
        std::sync::Arc::new(std::sync::Barrier::new(2)),
        std::time::Duration::from_millis(700),
    );
    let l = locked.clone();
    let dbp = db.clone();
    let holder = std::thread::spawn(move || {
        let c = sql(&dbp);
        c.execute_batch("BEGIN IMMEDIATE").unwrap();
        l.wait();
        std::thread::sleep(release);
        c.execute_batch("COMMIT").unwrap();
    });
    locked.wait();
    let student = zhiban::app::students::list(&lina)
        .unwrap()
        .into_iter()
        .find(|v| v.counsellor.as_deref() == Some("李娜"))
        .unwrap()
        .student_no;
    let started = std::time::Instant::now();
    record_talk(&mut lina, &talk(&student, "等锁")).unwrap();
    holder.join().unwrap();
    assert!(started.elapsed() >= std::time::Duration::from_millis(500));
    assert_eq!(told.get(), 1, "told once while waiting");
}

/// A daily talk with `student` (学号).
fn talk(student: &str, summary: &str) -> TalkInput {
    talk_input(student, "daily", summary, false)
}
