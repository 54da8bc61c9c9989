//! A step recorded by mistake can be withdrawn — by its author, within the
//! window `crisis.toml` sets (10 minutes by default) — as an appended
//! event: the step is open again, the report shows both, nothing is
//! deleted.

mod common;

use common::*;

const T0: &str = "2026-11-22T15:00:00Z"; // 23:00 Beijing
const T5: &str = "2026-11-22T15:05:00Z";
const T20: &str = "2026-11-22T15:20:00Z";

#[test]
fn a_step_done_by_mistake_is_withdrawn_by_its_author_within_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let id = open_crisis(&db, T0, "sunpeng");
    let id = id.as_str();
    ok(z_as(&db, T0, "sunpeng", &["crisis", "done", id, "scene"]));
    ok(z_as(&db, T0, "sunpeng", &["crisis", "done", id, "verify"]));
    // someone else may not take it back
    let o = z_as(&db, T5, "liuyang", &["crisis", "withdraw", id, "scene"]);
    assert!(!o.status.success());
    assert!(
        err(&o).contains("only the person who recorded"),
        "{}",
        err(&o)
    );
    // its author may, within the window
    let o = ok(z_as(
        &db,
        T5,
        "sunpeng",
        &["crisis", "withdraw", id, "scene"],
    ));
    assert!(o.contains("withdrawn"), "{o}");
    let show = ok(z_as(&db, T5, "sunpeng", &["crisis", "show", id]));
    assert!(show.contains("scene"), "{show}");
    // open again: it can be done again, and the report has all three
    ok(z_as(
        &db,
        T5,
        "sunpeng",
        &["crisis", "done", id, "scene", "--note", "已陪同"],
    ));
    let report = ok(z_as(
        &db,
        T5,
        "sunpeng",
        &["--lang", "zh-CN", "report", "case", id],
    ));
    assert!(report.contains("撤回"), "{report}");
    // nothing to withdraw, or too late
    let o = z_as(&db, T5, "sunpeng", &["crisis", "withdraw", id, "plan"]);
    assert!(err(&o).contains("nothing to withdraw"), "{}", err(&o));
    let o = z_as(&db, T20, "sunpeng", &["crisis", "withdraw", id, "verify"]);
    assert!(err(&o).contains("more than 10 minutes ago"), "{}", err(&o));
    let kinds: String = sql(&db)
        .query_row(
            "SELECT group_concat(kind || ':' || coalesce(step, ''), ',') FROM crisis_events
             WHERE case_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        kinds,
        "open:,done:scene,done:verify,withdrawn:scene,done:scene"
    );
    assert!(ok(z_as(&db, T20, "sunpeng", &["check"])).contains("intact"));
}
