//! Records against the trail: every record a write leaves is hashed into
//! its audit entry, and `zhiban check` names each record changed, added or
//! removed outside zhiban — one test per tampering of issue 12's report
//! (a talk's summary edited, a role added, a flag deleted, a crisis event
//! and a duty entry edited, a talk inserted), and a backup whose records
//! were edited is not restored.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

fn z(db: &Path, args: &[&str]) -> Output {
    let mut c = Command::new(bin());
    c.arg("--db").arg(db).args(["--lang", "en"]).args(args);
    if args.contains(&"--as") {
        c.env("ZHIBAN_NOW", NOW);
    }
    c.env_remove("ZHIBAN_DB").output().unwrap()
}

/// A demo database with a talk of today written through zhiban (its own
/// entry), checked clean first.
fn clean(dir: &Path) -> PathBuf {
    let db = demo_db(dir);
    let no: String = sql(&db)
        .query_row(
            "SELECT s.student_no FROM students s JOIN classes c ON c.id = s.class_id
             JOIN staff t ON t.id = c.counsellor_id WHERE t.login = 'lina' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    ok(z(
        &db,
        &["--as", "lina", "talk", &no, "谈了学业安排，情绪稳定"],
    ));
    let o = z(&db, &["check"]);
    assert!(
        o.status.success(),
        "a clean database checks clean: {}",
        err(&o)
    );
    db
}

/// `check` after `tampering` (as in the `sqlite3` shell): its findings.
fn check_after(db: &Path, tampering: &str) -> String {
    tamper(db, tampering);
    let o = z(db, &["check"]);
    assert_eq!(o.status.code(), Some(1), "check fails: {}", err(&o));
    err(&o)
}

fn one(db: &Path, q: &str) -> i64 {
    sql(db).query_row(q, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_talk_summary_edited_is_named_with_the_field_and_its_entry() {
    let dir = tempfile::tempdir().unwrap();
    let db = clean(dir.path());
    let id = one(&db, "SELECT max(id) FROM talks");
    let e = check_after(
        &db,
        &format!("UPDATE talks SET summary = '篡改' WHERE id = {id}"),
    );
    assert!(
        e.contains(&format!("talks #{id}: summary changed outside zhiban"))
            && e.contains("talk.record by lina"),
        "{e}"
    );
    assert!(!e.contains("held_at"), "only the field edited: {e}");
}

#[test]
fn an_added_admin_role_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = clean(dir.path());
    let lina = one(&db, "SELECT id FROM staff WHERE login = 'lina'");
    let e = check_after(
        &db,
        &format!("INSERT INTO staff_roles (staff_id, role) VALUES ({lina}, 'admin')"),
    );
    assert!(
        e.contains(&format!("staff #{lina}: staff_roles changed")),
        "{e}"
    );
}

#[test]
fn a_deleted_flag_is_named_as_gone() {
    let dir = tempfile::tempdir().unwrap();
    let db = clean(dir.path());
    let id = one(&db, "SELECT max(id) FROM student_flags");
    let e = check_after(&db, &format!("DELETE FROM student_flags WHERE id = {id}"));
    assert!(e.contains(&format!("student_flags #{id} is gone")), "{e}");
}

#[test]
fn an_edited_crisis_event_is_named_beside_the_dropped_guard() {
    let dir = tempfile::tempdir().unwrap();
    let db = clean(dir.path());
    let id = one(&db, "SELECT max(id) FROM crisis_events");
    let e = check_after(
        &db,
        &format!(
            "DROP TRIGGER crisis_events_no_update;
             UPDATE crisis_events SET text = '未见异常' WHERE id = {id}"
        ),
    );
    assert!(
        e.contains(&format!("crisis_events #{id}: text changed")),
        "{e}"
    );
    assert!(e.contains("crisis_events_no_update"), "{e}");
}

#[test]
fn an_edited_duty_entry_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = clean(dir.path());
    let id = one(&db, "SELECT min(id) FROM duty_entries");
    let e = check_after(
        &db,
        &format!("UPDATE duty_entries SET text = '一切正常', sensitive = 0 WHERE id = {id}"),
    );
    assert!(e.contains(&format!("duty_entries #{id}: text")), "{e}");
}

#[test]
fn a_talk_inserted_outside_zhiban_has_no_entry() {
    let dir = tempfile::tempdir().unwrap();
    let db = clean(dir.path());
    let e = check_after(
        &db,
        "INSERT INTO talks (student_id, author_id, held_at, held_on, kind, summary, written_at, written_by)
         SELECT student_id, author_id, held_at, held_on, kind, '补记', written_at, written_by
         FROM talks LIMIT 1",
    );
    let id = one(&db, "SELECT max(id) FROM talks");
    assert!(
        e.contains(&format!("talks #{id} has no audit entry")),
        "{e}"
    );
}

#[test]
fn a_backup_whose_records_were_edited_is_not_restored() {
    let dir = tempfile::tempdir().unwrap();
    let db = clean(dir.path());
    let b = dir.path().join("b.db");
    ok(z(&db, &["--as", "admin", "backup", b.to_str().unwrap()]));
    tamper(&b, "UPDATE talks SET summary = '篡改' WHERE id = 1");
    let to = dir.path().join("r.db");
    let o = z(
        &db,
        &["restore", b.to_str().unwrap(), "--to", to.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        err(&o).contains("differ from its audit trail"),
        "{}",
        err(&o)
    );
    assert!(!to.exists(), "nothing written");
}
