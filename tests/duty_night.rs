//! Issue 14, from a trial by hand: an officer whose shift someone else
//! closed (took over) is told so until they say they saw it or open again;
//! a handover item about an open crisis case stays in sight (taken over,
//! it is listed as owned; it cannot be closed at handover while the case
//! is open; it is handed on again at close).

mod common;

use common::*;
use zhiban::app::crisis::{OpenInput, open_case};
use zhiban::app::duty::{self, Entry};
use zhiban::app::duty_shift::{self, TakeOver};
use zhiban::app::{duty_displaced, duty_log};
use zhiban::domain::duty::EntryType;

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

const DESK: &str = "1号楼值班室";

#[test]
fn an_officer_whose_shift_was_taken_over_is_told_until_seen_or_open_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let mut s = app(&db, "sunpeng");
    duty::open(&mut s, Some(DESK), Some("刘洋")).unwrap();
    assert_eq!(duty_displaced::displaced(&s).unwrap(), None, "on shift");
    let mut l = app(&db, "lina");
    duty_shift::open(
        &mut l,
        Some(DESK),
        Some("刘洋"),
        Some(TakeOver {
            note: "孙鹏电话未接，我来接管",
            of_shift: None,
        }),
    )
    .unwrap();
    let s = app(&db, "sunpeng");
    let d = duty_displaced::displaced(&s)
        .unwrap()
        .expect("sunpeng is told his shift was taken over");
    assert_eq!(d.by, "李娜");
    assert_eq!(d.note, "孙鹏电话未接，我来接管");
    assert_eq!(d.location.as_deref(), Some(DESK));
    // logging anyway (the CLI, a second terminal) says who took over and
    // why, not only "no open shift"
    match duty::my_shift(&s) {
        Err(zhiban::error::Error::Data(m)) => {
            assert_eq!(m.key, "err.duty.displaced");
            assert_eq!(m.text("by"), Some("李娜"));
            assert_eq!(m.text("note"), Some("孙鹏电话未接，我来接管"));
        }
        other => panic!("{other:?}"),
    }
    // the one who took over is not told anything of the kind
    assert_eq!(duty_displaced::displaced(&l).unwrap(), None);
    // seen: logged, and no longer shown
    let mut s = s;
    duty_displaced::seen(&mut s, d.shift_id).unwrap();
    assert_eq!(duty_displaced::displaced(&s).unwrap(), None);
    match duty::my_shift(&s) {
        Err(zhiban::error::Error::Data(m)) => assert_eq!(m.key, "err.duty.no_open_shift"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        sql(&db)
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'shift.displaced_seen' AND actor = 'sunpeng'",
                [],
                |r| r.get::<_, i64>(0)
            )
            .unwrap(),
        1
    );
    // someone else's shift is not theirs to mark seen
    let mut m = app(&db, "mali");
    assert!(duty_displaced::seen(&mut m, d.shift_id).is_err());
    // a shift closed by its own officer tells nothing
    duty::close(&mut l, "平稳", None).unwrap();
    assert_eq!(duty_displaced::displaced(&l).unwrap(), None);
}

#[test]
fn opening_again_ends_the_notice() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let mut s = app(&db, "sunpeng");
    duty::open(&mut s, Some(DESK), Some("刘洋")).unwrap();
    let mut l = app(&db, "lina");
    let take = TakeOver {
        note: "接管",
        of_shift: None,
    };
    duty_shift::open(&mut l, Some(DESK), Some("刘洋"), Some(take)).unwrap();
    assert!(duty_displaced::displaced(&s).unwrap().is_some());
    duty::open(&mut s, Some("2号楼值班室"), Some("刘洋")).unwrap();
    assert_eq!(duty_displaced::displaced(&s).unwrap(), None);
}

/// sunpeng opens a case on duty and hands it (and an open entry) to mali.
fn case_handed_to_mali(db: &std::path::Path) -> i64 {
    let mut s = app(db, "sunpeng");
    duty::open(&mut s, Some(DESK), Some("刘洋")).unwrap();
    duty::log(
        &mut s,
        &Entry {
            kind: Some(EntryType::Call),
            text: "室友曾敏未归".into(),
            students: vec!["20230100002".into()],
            open: true,
            ..Entry::default()
        },
    )
    .unwrap();
    let case = open_case(
        &mut s,
        &OpenInput {
            kind: "心理危机".into(),
            students: vec!["20230100002".into()],
            location: Some("1号楼楼顶".into()),
            known: Some("宿管报告".into()),
            ..OpenInput::default()
        },
    )
    .unwrap();
    duty::close(&mut s, "个案待继续", Some("mali")).unwrap();
    case
}

#[test]
fn a_crisis_item_cannot_be_closed_at_handover_while_the_case_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let case = case_handed_to_mali(&db);
    let mut m = app(&db, "mali");
    duty::open(&mut m, Some(DESK), Some("刘洋")).unwrap();
    let t = duty_log::tonight(&m).unwrap();
    let item = t
        .pending
        .iter()
        .find(|p| p.case_id == Some(case))
        .expect("the case waits to be acknowledged")
        .id;
    let e = duty::acknowledge(&mut m, item, Some("已处理")).unwrap_err();
    let said = m.assets().text.error(&e);
    assert!(
        said.contains(&format!("#{case}")) && said.contains("按 t 接手"),
        "{said}"
    );
    // nothing written: still waiting
    let t = duty_log::tonight(&m).unwrap();
    assert!(t.pending.iter().any(|p| p.id == item));
}

#[test]
fn a_crisis_item_taken_over_is_listed_with_the_others_and_handed_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let case = case_handed_to_mali(&db);
    let mut m = app(&db, "mali");
    duty::open(&mut m, Some(DESK), Some("刘洋")).unwrap();
    let pending = duty_log::tonight(&m).unwrap().pending;
    assert_eq!(pending.len(), 2, "{pending:?}");
    let case_item = pending.iter().find(|p| p.case_id == Some(case)).unwrap().id;
    let other = pending.iter().find(|p| p.case_id.is_none()).unwrap().id;
    duty::acknowledge(&mut m, case_item, None).unwrap();
    // one still waits: what was taken over is already listed as owned
    let t = duty_log::tonight(&m).unwrap();
    assert_eq!(t.pending.len(), 1);
    assert!(
        t.owned
            .iter()
            .any(|o| o.case_id == Some(case) && o.item_id == Some(case_item)),
        "{:?}",
        t.owned
    );
    duty::acknowledge(&mut m, other, None).unwrap();
    let t = duty_log::tonight(&m).unwrap();
    assert_eq!(t.owned.len(), 2, "{:?}", t.owned);
    // handed on at close, as the case stands
    let sum = duty::close(&mut m, "个案仍在处理", Some("sunpeng")).unwrap();
    assert!(
        sum.handed_over
            .iter()
            .any(|h| h.contains(&format!("#{case}"))),
        "{:?}",
        sum.handed_over
    );
}

#[test]
fn a_closed_case_leaves_the_desk() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let case = case_handed_to_mali(&db);
    let mut m = app(&db, "mali");
    duty::open(&mut m, Some(DESK), Some("刘洋")).unwrap();
    let item = duty_log::tonight(&m)
        .unwrap()
        .pending
        .iter()
        .find(|p| p.case_id == Some(case))
        .unwrap()
        .id;
    duty::acknowledge(&mut m, item, None).unwrap();
    sql(&db)
        .execute(
            "INSERT INTO crisis_events(case_id, at, by_id, kind, text)
             SELECT ?1, '2026-11-22T15:00:00Z', id, 'close', '已结案' FROM staff WHERE login = 'zhouhui'",
            [case],
        )
        .unwrap();
    let t = duty_log::tonight(&m).unwrap();
    assert!(
        t.owned.iter().all(|o| o.case_id != Some(case)),
        "{:?}",
        t.owned
    );
}
