//! The trail's own tests: what is tracked, hashes that name the field.

use rusqlite::types::ValueRef;

use super::hash::{DIGEST_LEN, RecordHasher};
use super::*;
use crate::store::Store;

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(&dir.path().join("t.db")).unwrap();
    (dir, s)
}

fn now() -> chrono::DateTime<chrono::Utc> {
    crate::domain::clock::from_db("2026-11-22T01:00:00Z").unwrap()
}

#[test]
fn every_table_is_tracked_or_named_untracked() {
    let (_d, s) = store();
    let mut stmt = s
        .conn()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap();
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<std::result::Result<_, _>>()
        .unwrap();
    for t in &tables {
        let tracked = KINDS
            .iter()
            .any(|k| k.table == t || k.parts.iter().any(|p| p.table == t));
        assert!(
            tracked || UNTRACKED.contains(&t.as_str()),
            "table {t} is neither a record nor named untracked"
        );
    }
    for k in KINDS {
        assert!(
            tables.contains(&k.table.to_string()),
            "{} is no table",
            k.table
        );
    }
}

fn add_college(s: &mut Store, name: &str) -> i64 {
    s.write("alice", now(), |tx| {
        tx.execute(
            "INSERT INTO colleges(name, created_at) VALUES (?1, 'x')",
            [name],
        )?;
        Ok((
            tx.last_insert_rowid(),
            vec![crate::store::AuditEntry::new(
                "college.add",
                "college",
                None,
                serde_json::json!({}),
            )],
        ))
    })
    .unwrap()
}

#[test]
fn a_write_carries_its_records_and_check_finds_the_field_changed_outside() {
    let (_d, mut s) = store();
    let id = add_college(&mut s, "信息工程学院");
    assert!(compare(s.conn()).unwrap().is_empty(), "clean after a write");
    crate::store::audit::verify(s.conn()).unwrap();
    s.conn()
        .execute("UPDATE colleges SET name = '篡改' WHERE id = ?1", [id])
        .unwrap();
    let found = compare(s.conn()).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].key, "err.trail.changed");
    let args = format!("{:?}", found[0].args);
    assert!(args.contains("\"name\""), "names the field: {args}");
    assert!(
        !args.contains("created_at"),
        "only the field changed: {args}"
    );
}

#[test]
fn a_write_without_an_entry_still_leaves_a_trace() {
    let (_d, mut s) = store();
    s.write("bob", now(), |tx| {
        tx.execute(
            "INSERT INTO colleges(name, created_at) VALUES ('x', 'x')",
            [],
        )?;
        Ok(((), Vec::new()))
    })
    .unwrap();
    let action: String = s
        .conn()
        .query_row("SELECT action FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(action, "records.write");
    assert!(compare(s.conn()).unwrap().is_empty());
}

#[test]
fn rows_outside_any_write_and_rows_gone_are_named() {
    let (_d, mut s) = store();
    let a = add_college(&mut s, "甲");
    s.conn()
        .execute(
            "INSERT INTO colleges(name, created_at) VALUES ('乙', 'x')",
            [],
        )
        .unwrap();
    s.conn()
        .execute("DELETE FROM colleges WHERE id = ?1", [a])
        .unwrap();
    let keys: Vec<&str> = compare(s.conn()).unwrap().iter().map(|m| m.key).collect();
    assert_eq!(keys, ["err.trail.gone", "err.trail.unrecorded"]);
}

#[test]
fn records_hashes_are_part_of_the_chain() {
    let (_d, mut s) = store();
    add_college(&mut s, "甲");
    s.conn()
        .execute_batch(
            "DROP TRIGGER audit_records_no_update;
             UPDATE audit_records SET hash = NULL;",
        )
        .unwrap();
    let e = crate::store::audit::verify(s.conn()).unwrap_err();
    assert!(
        format!("{e:?}").contains("err.store.audit_changed"),
        "{e:?}"
    );
}

#[test]
fn many_findings_are_counted_after_the_first_twenty() {
    let (_d, s) = store();
    for i in 0..25 {
        s.conn()
            .execute(
                "INSERT INTO colleges(name, created_at) VALUES (?1, 'x')",
                [format!("c{i}")],
            )
            .unwrap();
    }
    let found = compare(s.conn()).unwrap();
    assert_eq!(found.len(), 21);
    assert_eq!(found[20].key, "err.trail.more");
    assert!(format!("{:?}", found[20].args).contains("\"5\""));
}

#[test]
fn hashes_ignore_a_column_added_as_null_but_not_a_value_in_it() {
    let mut a = RecordHasher::new("t");
    a.field("x", ValueRef::Integer(1));
    let mut b = RecordHasher::new("t");
    b.field("x", ValueRef::Integer(1));
    b.field("y", ValueRef::Null);
    let (a, b) = (a.finish(), b.finish());
    assert_eq!(a[..DIGEST_LEN], b[..DIGEST_LEN]);
    let mut c = RecordHasher::new("t");
    c.field("x", ValueRef::Integer(1));
    c.field("y", ValueRef::Text(b""));
    assert_ne!(a[..DIGEST_LEN], c.finish()[..DIGEST_LEN]);
}

#[test]
fn a_write_of_many_records_carries_every_one_in_runs_and_the_rest() {
    let (_d, mut s) = store();
    let n = BATCH * 2 + 5;
    s.write("alice", now(), |tx| {
        for i in 0..n {
            tx.execute(
                "INSERT INTO colleges(name, created_at) VALUES (?1, 'x')",
                [format!("学院{i}")],
            )?;
        }
        Ok(((), Vec::new()))
    })
    .unwrap();
    let carried: i64 = s
        .conn()
        .query_row(
            "SELECT count(DISTINCT row_id) FROM audit_records WHERE kind = 'colleges' AND hash IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(carried, n as i64, "every record carried once");
    assert!(
        compare(s.conn()).unwrap().is_empty(),
        "clean after the write"
    );
    crate::store::audit::verify(s.conn()).unwrap();
    // one record of the second run and one of the rest, changed outside
    for id in [BATCH as i64 * 2, n as i64] {
        s.conn()
            .execute(
                "UPDATE colleges SET name = '篡改' || id WHERE id = ?1",
                [id],
            )
            .unwrap();
    }
    let found = compare(s.conn()).unwrap();
    let named: Vec<String> = found.iter().map(|m| format!("{:?}", m.args)).collect();
    assert_eq!(found.len(), 2, "{named:?}");
    assert!(found.iter().all(|m| m.key == "err.trail.changed"));
    assert!(
        named[0].contains(&format!("\"{}\"", BATCH * 2)),
        "{named:?}"
    );
    assert!(named[1].contains(&format!("\"{n}\"")), "{named:?}");
    // and a record's hash in a run altered in the trail breaks the chain
    s.conn()
        .execute_batch(&format!(
            "DROP TRIGGER audit_records_no_update;
             UPDATE audit_records SET hash = NULL WHERE kind = 'colleges' AND row_id = {};",
            BATCH / 2
        ))
        .unwrap();
    let e = crate::store::audit::verify(s.conn()).unwrap_err();
    assert!(
        format!("{e:?}").contains("err.store.audit_changed"),
        "{e:?}"
    );
}
