//! Issue 15: the psych weekly and monthly reports handed in. Exporting one
//! to a file as the psych specialist records it for its period; the
//! boards (hers and her leader's) then say when; a report printed to the
//! screen, or exported by someone else, is not handed in.

mod common;

use common::{NOW, app, count, demo_db, tile, z_as};
use zhiban::app::dashboard::board;

#[test]
fn an_exported_weekly_report_is_handed_in_for_its_week_and_both_boards_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // NOW is Sunday 11-22 (school time): week 47's Friday has passed
    let b = board(&app(&db, "zhouhui"), None);
    let weekly = tile(&b, "心理周报（每周五）");
    assert_eq!(weekly.value, "第47周逾期未交（截止 11-20）");
    assert!(weekly.alert);
    let monthly = tile(&b, "心理月报（每月 25–28 日）");
    assert_eq!(monthly.value, "11月未交（截止 11-28）");
    assert!(!monthly.alert);

    // printed to the screen: not handed in; a leader's file: not hers
    let o = z_as(
        &db,
        NOW,
        "zhouhui",
        &["report", "weekly", "--week", "2026-W47"],
    );
    assert!(o.status.success(), "{o:?}");
    let mine = dir.path().join("w47.xlsx");
    let o = z_as(
        &db,
        NOW,
        "liuyang",
        &[
            "report",
            "weekly",
            "--format",
            "xlsx",
            "-o",
            mine.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{o:?}");
    assert_eq!(count(&db, "report_filings"), 0);

    let o = z_as(
        &db,
        NOW,
        "zhouhui",
        &[
            "report",
            "weekly",
            "--week",
            "2026-W47",
            "--format",
            "xlsx",
            "-o",
            mine.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{o:?}");
    assert_eq!(count(&db, "report_filings"), 1);
    assert_eq!(
        common::sql(&db)
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'report.filed'",
                [],
                |r| r.get::<_, i64>(0)
            )
            .unwrap(),
        1
    );
    let b = board(&app(&db, "zhouhui"), None);
    let weekly = tile(&b, "心理周报（每周五）");
    assert!(
        weekly.value.starts_with("第47周已于 11-22 导出"),
        "{}",
        weekly.value
    );
    assert!(!weekly.alert);
    // the week before is still open, in the drill-down
    assert!(
        weekly.rows[1].text.starts_with("第46周逾期未交"),
        "{:?}",
        weekly.rows
    );
    // the monthly one is not touched by the weekly
    assert_eq!(
        tile(&b, "心理月报（每月 25–28 日）").value,
        "11月未交（截止 11-28）"
    );

    // her college's leader sees it
    let b = board(&app(&db, "liuyang"), None);
    let t = tile(&b, "心理周报 / 月报");
    assert!(
        t.rows
            .iter()
            .any(|r| r.text.starts_with("第47周已于 11-22 导出")),
        "{:?}",
        t.rows
    );
    assert!(
        t.rows.iter().any(|r| r.text == "11月未交（截止 11-28）"),
        "{:?}",
        t.rows
    );
    // a school-wide leader sees it per college
    let b = board(&app(&db, "chenjing"), None);
    let t = tile(&b, "心理周报 / 月报");
    assert!(
        t.rows
            .iter()
            .any(|r| r.text.contains("第47周已于 11-22 导出")),
        "{:?}",
        t.rows
    );
}
