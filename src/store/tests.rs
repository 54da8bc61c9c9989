//! The store's own tests: pragmas, writes and their audit, the chain.
use super::*;
use crate::store::audit::AuditEntry;
use serde_json::json;

pub(crate) fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.db")).unwrap();
    (dir, store)
}

fn now() -> DateTime<Utc> {
    crate::domain::clock::from_db("2026-11-22T01:00:00Z").unwrap()
}

#[test]
fn pragmas_are_set() {
    let (_d, s) = temp_store();
    let c = s.conn();
    let q = |p: &str| {
        c.query_row(&format!("PRAGMA {p}"), [], |r| {
            r.get::<_, rusqlite::types::Value>(0)
        })
        .unwrap()
    };
    assert_eq!(
        q("journal_mode"),
        rusqlite::types::Value::Text("wal".into())
    );
    assert_eq!(q("synchronous"), rusqlite::types::Value::Integer(2));
    assert_eq!(q("foreign_keys"), rusqlite::types::Value::Integer(1));
    assert_eq!(
        q("user_version"),
        rusqlite::types::Value::Integer(migrations::SCHEMA_VERSION as i64)
    );
}

#[test]
fn checkpoints_can_be_left_to_another_process() {
    let (_d, s) = temp_store();
    assert_eq!(s.autocheckpoint_pages().unwrap(), 1000, "SQLite's default");
    s.leave_checkpoints_to_others().unwrap();
    assert_eq!(s.autocheckpoint_pages().unwrap(), 0);
}

#[test]
fn a_failed_write_leaves_nothing_and_no_audit() {
    let (_d, mut s) = temp_store();
    let r: Result<()> = s.write("t", now(), |tx| {
        tx.execute(
            "INSERT INTO colleges(name, created_at) VALUES ('x', 'now')",
            [],
        )?;
        Err(Error::Busy)
    });
    assert!(r.is_err());
    let n: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM colleges", [], |r| r.get(0))
        .unwrap();
    let a: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!((n, a), (0, 0));
}

#[test]
fn audit_log_refuses_update_and_delete_and_detects_tampering() {
    let (_d, mut s) = temp_store();
    for i in 0..3 {
        s.write("alice", now(), |_| {
            Ok((
                (),
                vec![AuditEntry::new(
                    "t.x",
                    "t",
                    Some(i.to_string()),
                    json!({"i": i}),
                )],
            ))
        })
        .unwrap();
    }
    assert_eq!(audit::verify(s.conn()).unwrap().entries, 3);
    let e = s
        .conn()
        .execute("UPDATE audit_log SET actor='mallory' WHERE seq=2", [])
        .unwrap_err();
    assert!(e.to_string().contains("append-only"));
    assert!(
        s.conn()
            .execute("DELETE FROM audit_log WHERE seq=3", [])
            .is_err()
    );
    // behind the app's back: drop the trigger and edit
    s.conn()
        .execute_batch(
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor='mallory' WHERE seq=2;",
        )
        .unwrap();
    let err = audit::verify(s.conn()).unwrap_err().to_string();
    assert!(err.contains("entry 2"), "{err}");
}

#[test]
fn a_deleted_middle_entry_is_found() {
    let (_d, mut s) = temp_store();
    for _ in 0..3 {
        s.write("a", now(), |_| {
            Ok(((), vec![AuditEntry::new("t", "t", None, json!({}))]))
        })
        .unwrap();
    }
    s.conn()
        .execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq=2;")
        .unwrap();
    let err = audit::verify(s.conn()).unwrap_err().to_string();
    assert!(err.contains("entry 2"), "{err}");
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("n.db");
    Connection::open(&p)
        .unwrap()
        .pragma_update(None, "user_version", migrations::SCHEMA_VERSION as i64 + 1)
        .unwrap();
    let e = Store::open(&p).err().unwrap();
    assert!(e.to_string().contains("newer"), "{e}");
}
