//! Migrations: valid, and old databases upgrade keeping their data.
use std::path::{Path, PathBuf};

/// A database file in `dir` at schema `version` (the migrations up to it,
/// as an older build left it), holding the rows `sql` inserts.
fn database_at(dir: &Path, version: usize, sql: &str) -> PathBuf {
    let p = dir.join(format!("v{version}.db"));
    let mut c = rusqlite::Connection::open(&p).unwrap();
    super::migrations().to_version(&mut c, version).unwrap();
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v as usize, version);
    c.execute_batch(sql).unwrap();
    p
}

#[test]
fn a_version_1_database_upgrades_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let p = database_at(
        dir.path(),
        1,
        "INSERT INTO colleges(name, created_at) VALUES ('信息工程学院', 'x');",
    );
    let s = crate::store::Store::open(&p).unwrap();
    let v: i64 = s
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v as usize, super::SCHEMA_VERSION);
    let n: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM colleges", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    let t: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM patrols", [], |r| r.get(0))
        .unwrap();
    assert_eq!(t, 0);
}

/// A database made before records were hashed: the upgrade writes one
/// entry recording every record as it stood, so it checks clean, and
/// an edit made after is named.
#[test]
fn an_upgrade_to_hashed_records_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let p = database_at(
        dir.path(),
        6,
        "INSERT INTO colleges(name, created_at) VALUES ('信息工程学院', 'x');
             INSERT INTO staff(login, name, college_id, created_at, updated_at)
                 VALUES ('lina', '李娜', 1, 'x', 'x');
             INSERT INTO staff_roles VALUES (1, 'counsellor');
             INSERT INTO crisis_cases(kind, template_version, template, opened_at, opened_by)
                 VALUES ('psych', '1', '{}', '2026-11-01T00:00:00Z', 1);
             INSERT INTO crisis_events(case_id, at, by_id, kind, step, text)
                 VALUES (1, '2026-11-01T00:00:00Z', 1, 'open', NULL, NULL),
                        (1, '2026-11-01T00:05:00Z', 1, 'done', 'scene', '✓有人陪伴');",
    );
    // to the newest: V7 records every record, V8 rebuilds the crisis
    // events (ids and values kept), V9 adds NULL columns — still clean
    let s = crate::store::Store::open(&p).unwrap();
    let (action, n): (String, i64) = s
        .conn()
        .query_row(
            "SELECT action, (SELECT count(*) FROM audit_records) FROM audit_log",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    // college, staff (with roles), the case, its two events
    assert_eq!((action.as_str(), n), ("records.baseline", 5));
    let guards: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'crisis_events_no_%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(guards, 2, "the events' guards put back after the rebuild");
    crate::store::audit::verify(s.conn()).unwrap();
    assert!(crate::store::trail::compare(s.conn()).unwrap().is_empty());
    s.conn()
        .execute("UPDATE staff SET name = '王五'", [])
        .unwrap();
    let found = crate::store::trail::compare(s.conn()).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].key, "err.trail.changed");
}

#[test]
fn migrations_are_valid() {
    assert!(super::migrations().validate().is_ok());
    assert_eq!(super::SCHEMA_VERSION, 19);
}

/// A version-10 database (before home visits had a record of their own)
/// upgrades: its marks keep the home visit a family contact counted, the
/// new tables are empty, and the growth mark is unset.
#[test]
fn a_version_10_database_upgrades_to_home_visits_and_growth_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = database_at(
        dir.path(),
        10,
        "INSERT INTO colleges(name, created_at) VALUES ('信息工程学院', 'x');
             INSERT INTO students(student_no, name, college_id, created_at, updated_at)
                 VALUES ('20230100017', '郭璐嘉', 1, 'x', 'x');
             INSERT INTO student_marks(student_id, last_contact_on, last_home_visit_on)
                 VALUES (1, '2026-10-01', '2026-10-01');",
    );
    let s = crate::store::Store::open(&p).unwrap();
    let (visit, growth): (Option<String>, Option<String>) = s
        .conn()
        .query_row(
            "SELECT last_home_visit_on, last_growth_on FROM student_marks",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(visit.as_deref(), Some("2026-10-01"));
    assert_eq!(growth, None);
    let n: i64 = s
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM home_visits) + (SELECT count(*) FROM home_visit_staff)
                  + (SELECT count(*) FROM growth_entries)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
}

/// (room, time) pairs a query gives.
fn pairs(c: &rusqlite::Connection, sql: &str) -> Vec<(i64, String)> {
    let mut st = c.prepare(sql).unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Each room's latest standing check as the checks say it (what
/// `room_marks` must hold).
fn latest_checks(c: &rusqlite::Connection) -> Vec<(i64, String)> {
    pairs(
        c,
        "SELECT room_id, max(saved_at) FROM room_checks
         WHERE superseded_by IS NULL AND skipped_reason IS NULL
         GROUP BY room_id ORDER BY room_id",
    )
}

fn room_marks(c: &rusqlite::Connection) -> Vec<(i64, String)> {
    pairs(
        c,
        "SELECT room_id, last_checked_at FROM room_marks ORDER BY room_id",
    )
}

/// A version-18 database upgrades to each room's latest standing check
/// kept beside the checks (V19): filled from the checks (a superseded or
/// skipped check never counts, a room never checked has none), then kept
/// in step by every way a check is written — a first visit, an older
/// check, a re-visit (retired, replaced, pointed at its successor), a
/// skip, a move to another room, a removal.
#[test]
fn a_version_18_database_keeps_each_rooms_latest_check() {
    let dir = tempfile::tempdir().unwrap();
    let p = database_at(
        dir.path(),
        18,
        "INSERT INTO colleges(name, created_at) VALUES ('信息工程学院', 'x');
         INSERT INTO staff(login, name, college_id, created_at, updated_at)
             VALUES ('lina', '李娜', 1, 'x', 'x');
         INSERT INTO buildings(name, gender, created_at) VALUES ('北苑1栋', 'F', 'x');
         INSERT INTO rooms(building_id, number) VALUES (1, '101'), (1, '102'), (1, '103');
         INSERT INTO patrols(kind, building_id, scope, staff_id, started_at)
             VALUES ('routine', 1, 'building', 1, 'x'), ('routine', 1, 'building', 1, 'y'),
                    ('routine', 1, 'building', 1, 'z');
         INSERT INTO room_checks(patrol_id, room_id, staff_id, entered_at, saved_at)
             VALUES (1, 1, 1, 'x', '2026-11-01T12:00:00Z'),
                    (1, 2, 1, 'x', '2026-11-02T12:00:00Z');
         INSERT INTO room_checks(patrol_id, room_id, staff_id, entered_at, saved_at, superseded_by)
             VALUES (2, 1, 1, 'x', '2026-11-03T12:00:00Z', 1);
         INSERT INTO room_checks(patrol_id, room_id, staff_id, entered_at, saved_at, skipped_reason)
             VALUES (2, 1, 1, 'x', '2026-11-04T12:00:00Z', '锁门');
         INSERT INTO room_checks(patrol_id, room_id, staff_id, entered_at, saved_at)
             VALUES (2, 2, 1, 'x', '2026-11-05T12:00:00Z');",
    );
    let s = crate::store::Store::open(&p).unwrap();
    let c = s.conn();
    let at = |d: &str| format!("2026-11-{d}T12:00:00Z");
    assert_eq!(
        room_marks(c),
        vec![(1, at("01")), (2, at("05"))],
        "filled from the standing checks"
    );
    let steps = [
        // a first visit of a room never checked
        "INSERT INTO room_checks(patrol_id, room_id, staff_id, entered_at, saved_at)
             VALUES (2, 3, 1, 'x', '2026-11-06T12:00:00Z')",
        // a check older than the room's latest
        "INSERT INTO room_checks(patrol_id, room_id, staff_id, entered_at, saved_at)
             VALUES (3, 2, 1, 'x', '2026-10-30T12:00:00Z')",
        // a re-visit as the patrol saves one: the old retired, the new, the old pointed on
        "UPDATE room_checks SET superseded_by = id WHERE id = 5",
        "INSERT INTO room_checks(patrol_id, room_id, staff_id, entered_at, saved_at)
             VALUES (2, 2, 1, 'x', '2026-11-07T12:00:00Z')",
        "UPDATE room_checks SET superseded_by = 8 WHERE id = 5",
        // a standing check found skipped after all
        "UPDATE room_checks SET skipped_reason = '无人' WHERE id = 1",
        // a check moved to another room, then removed
        "UPDATE room_checks SET room_id = 1 WHERE id = 7",
        "DELETE FROM room_checks WHERE id = 7",
    ];
    let mut seen = Vec::new();
    for sql in steps {
        c.execute(sql, []).unwrap();
        let now = room_marks(c);
        assert_eq!(now, latest_checks(c), "after {sql}");
        seen.push(now);
    }
    // the steps changed what is kept: raised, kept, lowered, dropped
    assert_eq!(seen[0], vec![(1, at("01")), (2, at("05")), (3, at("06"))]);
    assert_eq!(seen[2], vec![(1, at("01")), (2, at("02")), (3, at("06"))]);
    assert_eq!(seen[4], vec![(1, at("01")), (2, at("07")), (3, at("06"))]);
    assert_eq!(seen[5], vec![(2, at("07")), (3, at("06"))]);
    let older = "2026-10-30T12:00:00Z".to_string();
    assert_eq!(seen[6], vec![(1, older), (2, at("07")), (3, at("06"))]);
    assert_eq!(seen[7], vec![(2, at("07")), (3, at("06"))]);
}
