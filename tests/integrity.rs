//! Tampering and damage that `zhiban check` must name, files it must not
//! touch, and backups that are verified and restored. Records against the
//! trail are in `trail.rs`, the head log in `anchor.rs`.

mod common;

use std::path::Path;
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

#[test]
fn an_edited_audit_entry_and_a_time_that_goes_backwards_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    for _ in 0..3 {
        let o = z(&db, &["--as", "admin", "export", "students", "--unmasked"]);
        assert!(o.status.success(), "{}", err(&o));
    }
    assert!(
        z(&db, &["check"]).status.success(),
        "a clean database checks clean"
    );
    let n: i64 = sql(&db)
        .query_row("SELECT max(seq) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert!(n >= 3);
    // an entry's content edited
    tamper(&db, "UPDATE audit_log SET actor = 'someone' WHERE seq = 2");
    let o = z(&db, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("entry 2") && err(&o).contains("changed"),
        "{}",
        err(&o)
    );
    // the append-only guard dropped (and not put back) is named too
    sql(&db)
        .execute_batch("DROP TRIGGER audit_log_no_delete")
        .unwrap();
    let o = z(&db, &["check"]);
    assert!(err(&o).contains("audit_log_no_delete"), "{}", err(&o));
    // on another copy, the chain recomputed after moving a time back: the
    // hashes fit, the time does not
    let db = demo_db(&dir.path().join("second"));
    for _ in 0..3 {
        assert!(
            z(&db, &["--as", "admin", "export", "students", "--unmasked"])
                .status
                .success()
        );
    }
    tamper(
        &db,
        &format!("UPDATE audit_log SET at = '2001-01-01T00:00:00Z' WHERE seq = {n}"),
    );
    rechain(&db);
    let o = z(&db, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains(&format!("entry {n}"))
            && err(&o).contains("2001-01-01T00:00:00Z")
            && err(&o).contains("backwards"),
        "{}",
        err(&o)
    );
}

#[test]
fn an_empty_a_foreign_and_a_truncated_file_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    // empty
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, "").unwrap();
    let o = z(&empty, &["check"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(err(&o).contains("is empty"), "{}", err(&o));
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0, "left empty");
    assert!(!dir.path().join("empty.db-wal").exists());
    // another program's database: never migrated into
    let other = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes(body) VALUES ('x');")
            .unwrap();
    }
    let before = std::fs::read(&other).unwrap();
    for args in [
        &["check"][..],
        &["whoami"][..],
        &["--as", "admin", "whoami"][..],
    ] {
        let o = z(&other, args);
        assert_ne!(o.status.code(), Some(0));
        assert!(
            err(&o).contains("another program") && err(&o).contains("notes"),
            "{}",
            err(&o)
        );
    }
    assert_eq!(std::fs::read(&other).unwrap(), before, "not a byte changed");
    // a zhiban database cut short
    let db = demo_db(&dir.path().join("d"));
    let cut = dir.path().join("cut.db");
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let o = z(&cut, &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", out(&o), err(&o));
    assert!(!out(&o).contains("integrity: ok"), "{}", out(&o));
    assert_eq!(
        std::fs::metadata(&cut).unwrap().len() as usize,
        bytes.len() / 2
    );
}

#[test]
fn a_backup_is_verified_logged_when_made_and_restored_into_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let logged = |p: &Path| -> i64 {
        sql(p)
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'db.backup'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    // a backup that cannot be written: no file, nothing logged
    let nowhere = dir.path().join("no/such/dir/b.db");
    let o = z(&db, &["--as", "admin", "backup", nowhere.to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(0));
    assert_eq!(logged(&db), 0, "a failed backup is not logged");
    let b = dir.path().join("b.db");
    assert!(
        z(&db, &["--as", "admin", "backup", b.to_str().unwrap()])
            .status
            .success()
    );
    assert_eq!(logged(&db), 1);
    assert!(
        std::fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("partial"))
    );
    // restored into a new file, checked, the restore in its own log
    let r = dir.path().join("restored.db");
    let o = z(
        &db,
        &["restore", b.to_str().unwrap(), "--to", r.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("restored"), "{}", out(&o));
    assert!(z(&r, &["check"]).status.success());
    let n: i64 = sql(&r)
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'db.restore'",
            [],
            |x| x.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    // never over an existing file
    let o = z(
        &db,
        &["restore", b.to_str().unwrap(), "--to", r.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    // a tampered backup is not restored, and leaves nothing
    tamper(&b, "UPDATE audit_log SET actor = 'x' WHERE seq = 1");
    let r2 = dir.path().join("r2.db");
    let o = z(
        &db,
        &["restore", b.to_str().unwrap(), "--to", r2.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("entry 1"), "{}", err(&o));
    assert!(!r2.exists());
}

/// Who saw or changed what about a student: the talk written about her and
/// the psych specialist's opening that showed it, for an administrator and
/// her college's leader; not for another college's leader or a counsellor;
/// and the reading itself is logged.
#[test]
fn the_audit_log_says_who_saw_or_changed_what_about_a_student() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut lina = app(&db, "lina");
    let student = zhiban::app::students::list(&lina)
        .unwrap()
        .into_iter()
        .find(|v| v.counsellor.as_deref() == Some("李娜"))
        .unwrap();
    let talk = zhiban::app::records::record_talk(
        &mut lina,
        &talk_input(&student.student_no, "psych", "失眠两周", true),
    )
    .unwrap();
    zhiban::app::students::detail(&mut app(&db, "zhouhui"), student.id).unwrap();
    let no = student.student_no.as_str();
    for reader in ["admin", "liuyang"] {
        let o = z(
            &db,
            &["--as", reader, "audit", "--student", no, "--format", "json"],
        );
        assert!(o.status.success(), "{reader}: {}", err(&o));
        let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
        let lines = v.as_array().unwrap();
        assert!(
            lines.iter().any(|l| l["action"] == "talk.record"
                && l["actor"] == "lina"
                && l["entity_id"].as_str() == Some(talk.to_string().as_str())),
            "{reader}: {v}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l["action"] == "student.view" && l["actor"] == "zhouhui"),
            "{reader}: {v}"
        );
    }
    // in words, in the school's time
    let o = z(&db, &["--as", "admin", "audit", "--staff", "zhouhui"]);
    assert!(
        out(&o).contains("student.view") && out(&o).contains("2026-11-22 23:04"),
        "{}",
        out(&o)
    );
    // not for another college's leader, nor a counsellor
    let o = z(&db, &["--as", "wangyongyu", "audit", "--student", no]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(err(&o).contains("outside your college"), "{}", err(&o));
    let o = z(&db, &["--as", "lina", "audit"]);
    assert_eq!(o.status.code(), Some(1));
    // the reading is itself in the log
    let reads: i64 = sql(&db)
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'audit.read'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reads, 3);
}

/// A disk that fills during a backup (the file-size limit standing in for
/// it): the backup fails with a message, leaves no file claiming to be a
/// backup, and nothing is logged as done.
#[test]
fn a_backup_that_fills_the_disk_leaves_nothing_and_logs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let b = dir.path().join("full.db");
    // 1 MiB at most per file (the demo database is several), and the
    // signal for it ignored, so that writes fail as on a full disk
    let o = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 1024; exec \"$@\"")
        .arg("sh")
        .arg(bin())
        .arg("--db")
        .arg(&db)
        .args(["--lang", "en", "--as", "admin", "backup"])
        .arg(&b)
        .env("ZHIBAN_NOW", NOW)
        .env_remove("ZHIBAN_DB")
        .output()
        .unwrap();
    assert!(
        std::fs::metadata(&db).unwrap().len() > 1024 * 1024,
        "the database is larger than the limit"
    );
    assert_ne!(o.status.code(), Some(0), "{}", out(&o));
    assert!(err(&o).contains("could not write the copy"), "{}", err(&o));
    assert!(!b.exists(), "no file claims to be a backup");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("full.db"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let n: i64 = sql(&db)
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'db.backup'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0, "nothing logged as done");
}
