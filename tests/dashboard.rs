//! The dashboards (issue 15): every number is the count of the records
//! its drill-down lists, and the counsellor's agree with `zhiban
//! compliance`.

mod common;

use common::{NOW, app, demo_db, tile, z_as};
use zhiban::app::dashboard::{Target, board};
use zhiban::domain::staff::Role;

#[test]
fn every_counted_number_is_the_count_of_its_records_for_every_role() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    for login in [
        "lina", "sunpeng", "mali", "zhouhui", "wuqiang", "liuyang", "chenjing",
    ] {
        let a = app(&db, login);
        let (students, _) = zhiban::app::student_list::load(&a).unwrap();
        let b = board(&a, Some(&students));
        assert!(!b.sections.is_empty(), "{login} has a board");
        for t in b.sections.iter().flat_map(|s| s.tiles.iter()) {
            assert_ne!(t.value, "?", "{login}: {} not read: {:?}", t.label, t.rows);
            if t.counted {
                assert_eq!(t.value, t.rows.len().to_string(), "{login}: {}", t.label);
            }
        }
    }
}

/// Issue 15: "counts agree between every list and its drill-down (one use
/// case computes both)": the counsellor's board, her leader's list of
/// counsellors and `zhiban compliance` (rooms one line per building, as
/// screen 4 lists them) give the same numbers.
#[test]
fn the_counsellors_numbers_match_her_leaders_list_and_zhiban_compliance() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = z_as(&db, NOW, "lina", &["compliance", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    // the CLI lists each room; the 待办 one line per building
    let buildings = |state: &str| {
        let mut b: Vec<String> = findings
            .iter()
            .filter(|f| f["rule"] == "dorm.biweekly")
            .filter(|f| f["state"] == state)
            .filter_map(|f| {
                f["subject"]
                    .as_str()?
                    .rsplit_once(' ')
                    .map(|x| x.0.to_string())
            })
            .collect();
        b.sort();
        b.dedup();
        b
    };
    let overdue_buildings = buildings("overdue");
    let count = |state: &str| {
        let others = findings
            .iter()
            .filter(|f| f["state"] == state && f["rule"] != "dorm.biweekly")
            .count();
        let rooms = if state == "overdue" {
            overdue_buildings.len()
        } else {
            buildings("due")
                .iter()
                .filter(|b| !overdue_buildings.contains(b))
                .count()
        };
        others + rooms
    };
    let a = app(&db, "lina");
    let b = board(&a, None);
    assert!(count("overdue") > 0, "the demo has overdue findings");
    assert_eq!(tile(&b, "逾期").value, count("overdue").to_string());
    assert_eq!(tile(&b, "待办").value, count("due").to_string());
    // her leader's list says the same
    let l = app(&db, "liuyang");
    let c = zhiban::app::compliance::college(&l, None).unwrap();
    let lina = c.counsellors.iter().find(|c| c.login == "lina").unwrap();
    assert_eq!(tile(&b, "逾期").value, lina.overdue.to_string());
    assert_eq!(tile(&b, "待办").value, lina.due.to_string());
    // lina keeps night duty too: the duty section comes first
    assert_eq!(b.sections[0].role, Role::DutyOfficer);
    assert_eq!(b.sections[1].role, Role::Counsellor);
}

#[test]
fn a_shift_left_open_and_an_unanswered_escalation_reach_the_leaders_board() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let c = common::sql(&db);
    let before = {
        let a = app(&db, "chenjing");
        let b = board(&a, None);
        (
            tile(&b, "超时未交班的班次").rows.len(),
            tile(&b, "24 小时内未回复的上报").rows.len(),
        )
    };
    // a shift opened seven nights ago and never closed, with an escalation
    // an hour ago that nobody answered
    let officer: i64 = c
        .query_row("SELECT id FROM staff WHERE login = 'zhouhui'", [], |r| {
            r.get(0)
        })
        .unwrap();
    c.execute(
        "INSERT INTO shifts (officer_id, location, opened_at) VALUES (?1, '7号楼值班室', '2026-11-15T13:00:00Z')",
        [officer],
    )
    .unwrap();
    let shift = c.last_insert_rowid();
    c.execute(
        "INSERT INTO duty_entries (shift_id, type, text, happened_at, written_at, written_by)
         VALUES (?1, 'incident', '学生腹痛送医', '2026-11-22T14:00:00Z', '2026-11-22T14:00:00Z', ?2)",
        [shift, officer],
    )
    .unwrap();
    let entry = c.last_insert_rowid();
    c.execute(
        "INSERT INTO escalations (entry_id, leader, channel, reported_at, recorded_by)
         VALUES (?1, '陈静', 'phone', '2026-11-22T14:05:00Z', ?2)",
        [entry, officer],
    )
    .unwrap();
    let a = app(&db, "chenjing");
    let b = board(&a, None);
    let shifts = tile(&b, "超时未交班的班次");
    assert_eq!(shifts.rows.len(), before.0 + 1, "{shifts:?}");
    assert!(
        shifts
            .rows
            .iter()
            .any(|r| r.text.contains("7号楼值班室") && r.urgent)
    );
    let esc = tile(&b, "24 小时内未回复的上报");
    assert_eq!(esc.rows.len(), before.1 + 1);
    assert!(esc.rows.iter().any(|r| r.text.contains("学生腹痛送医")));
    assert_eq!(esc.rows[0].target, Target::Duty);
}
