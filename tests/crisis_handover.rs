//! Crisis cases that pass from shift to shift: a case opened on duty is
//! handed over with the shift, the next officer acknowledges it and works
//! it; a student's page names the student's cases to those who may see
//! them, and to no one else.

mod common;

use common::*;

/// The demo without its duty history (these tests follow two shifts).
fn fresh(dir: &std::path::Path) -> std::path::PathBuf {
    let db = demo_db(dir);
    sql(&db)
        .execute_batch(
            "DELETE FROM handover_items; DELETE FROM escalations; DELETE FROM duty_entry_students;
             DELETE FROM duty_entries; DELETE FROM shifts; DELETE FROM duty_swaps; DELETE FROM duty_roster;",
        )
        .unwrap();
    db
}

const T0: &str = "2026-11-22T14:00:00Z"; // 22:00 Beijing
const T1: &str = "2026-11-22T14:20:00Z"; // 22:20
const T2: &str = "2026-11-23T00:10:00Z"; // 08:10 next morning
const T3: &str = "2026-11-23T00:30:00Z"; // 08:30
const T4: &str = "2026-11-23T09:00:00Z"; // 17:00

fn q(db: &std::path::Path, sql_text: &str) -> i64 {
    sql(db).query_row(sql_text, [], |r| r.get(0)).unwrap()
}

/// Officer A opens a case on duty and closes the shift handing it over;
/// officer B opens the next shift, finds the case among the items to
/// acknowledge, takes it over and continues it. An officer not on duty
/// may not; a closed case is no longer handed over.
#[test]
fn a_case_opened_on_duty_is_handed_over_and_continued_by_the_next_officer() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    ok(z_as(
        &db,
        T0,
        "sunpeng",
        &[
            "duty",
            "open",
            "--location",
            "1号楼值班室",
            "--leader",
            "刘洋",
        ],
    ));
    let s = ok(z_as(
        &db,
        T0,
        "sunpeng",
        &[
            "crisis",
            "open",
            "--kind",
            "心理危机",
            "--student",
            "20230100002",
            "--where",
            "1号楼楼顶",
            "--known",
            "宿管报告",
        ],
    ));
    let id = s.split_whitespace().nth(3).unwrap().to_string();
    let id = id.as_str();
    ok(z_as(&db, T1, "sunpeng", &["crisis", "done", id, "scene"]));
    // another officer, not on duty, may not see it
    let o = z_as(&db, T1, "mali", &["crisis", "show", id]);
    assert!(!o.status.success(), "{}", out(&o));
    assert!(err(&o).contains("may not see crisis case"), "{}", err(&o));

    // A closes the shift: the summary names the case as it stands
    let s = ok(z_as(
        &db,
        T2,
        "sunpeng",
        &["duty", "close", "--handover", "个案待继续", "--to", "mali"],
    ));
    let case_item = format!("#{id} 心理危机");
    let line = s
        .lines()
        .find(|l| l.contains("handed over") && l.contains(&case_item))
        .unwrap_or_else(|| panic!("the case is handed over: {s}"));
    assert!(line.contains("当前步骤“信息核实”"), "{line}");
    assert_eq!(
        q(
            &db,
            &format!("SELECT count(*) FROM handover_items WHERE case_id = {id}")
        ),
        1
    );
    // the demo's open case, opened by the same officer but not on a
    // shift, is not the desk's
    assert_eq!(
        q(
            &db,
            &format!("SELECT count(*) FROM handover_items WHERE case_id != {id}")
        ),
        0
    );

    // B opens the next shift: the case is to acknowledge
    let s = ok(z_as(
        &db,
        T2,
        "mali",
        &["duty", "open", "--location", "1号楼值班室"],
    ));
    let ack = s
        .lines()
        .find(|l| l.contains("to acknowledge") && l.contains(&case_item))
        .unwrap_or_else(|| panic!("B sees the case to acknowledge: {s}"));
    let item = ack
        .split('#')
        .nth(1)
        .and_then(|x| x.split(':').next())
        .unwrap()
        .to_string();
    ok(z_as(&db, T2, "mali", &["duty", "ack", &item]));
    assert_eq!(
        q(
            &db,
            &format!(
                "SELECT count(*) FROM handover_items WHERE id = {item} AND ack_action = 'taken'"
            )
        ),
        1
    );
    // … and continues it
    let s = ok(z_as(&db, T3, "mali", &["crisis", "show", id]));
    assert!(
        s.contains(&format!("#{id} 心理危机")) && s.contains("> verify"),
        "{s}"
    );
    ok(z_as(
        &db,
        T3,
        "mali",
        &["crisis", "done", id, "verify", "--note", "已核实"],
    ));
    assert_eq!(
        q(
            &db,
            &format!(
                "SELECT count(*) FROM crisis_events e JOIN staff s ON s.id = e.by_id
                 WHERE e.case_id = {id} AND e.step = 'verify' AND e.kind = 'done' AND s.login = 'mali'"
            )
        ),
        1
    );
    // an officer with no shift open still may not
    let o = z_as(&db, T3, "zhangwei", &["crisis", "done", id, "report"]);
    assert!(!o.status.success(), "{}", out(&o));

    // B hands it on as it stands now, once
    let s = ok(z_as(
        &db,
        T4,
        "mali",
        &["duty", "close", "--handover", "交下一班"],
    ));
    let handed: Vec<&str> = s.lines().filter(|l| l.contains(&case_item)).collect();
    assert_eq!(handed.len(), 1, "{s}");
    assert!(handed[0].contains("当前步骤“上报领导”"), "{s}");

    // in aftercare it is still open, and still handed over
    ok(z_as(
        &db,
        T4,
        "sunpeng",
        &["duty", "open", "--location", "1号楼值班室"],
    ));
    let pending = q(
        &db,
        &format!("SELECT id FROM handover_items WHERE ack_at IS NULL AND case_id = {id}"),
    );
    ok(z_as(
        &db,
        T4,
        "sunpeng",
        &["duty", "ack", &pending.to_string()],
    ));
    for step in ["report", "plan", "departments", "family"] {
        ok(z_as(&db, T4, "sunpeng", &["crisis", "done", id, step]));
    }
    ok(z_as(
        &db,
        T4,
        "sunpeng",
        &["crisis", "close-phase", id, "acute"],
    ));
    let s = ok(z_as(
        &db,
        T4,
        "sunpeng",
        &["duty", "close", "--handover", "平稳"],
    ));
    assert!(s.contains(&case_item), "{s}");

    // closed, a case is no longer the desk's: the officer on duty who did
    // not open it no longer sees it; its opener still does
    sql(&db)
        .execute(
            "INSERT INTO crisis_events(case_id, at, by_id, kind, text)
             SELECT ?1, '2026-11-23T09:10:00Z', id, 'close', '结案' FROM staff WHERE login = 'lina'",
            [id],
        )
        .unwrap();
    ok(z_as(
        &db,
        T4,
        "mali",
        &["duty", "open", "--location", "1号楼值班室"],
    ));
    let o = z_as(&db, T4, "mali", &["crisis", "show", id]);
    assert!(!o.status.success(), "closed: {}", out(&o));
    ok(z_as(&db, T4, "sunpeng", &["crisis", "show", id]));
}
