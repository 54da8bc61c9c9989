//! A psych talk (talk kind `psych`, 心理关注约谈) recorded by the psych
//! specialist counts for them: in the weekly report's talks by kind and by
//! the one who talked, on the key-concern roster's talks of the period,
//! and for the weekly key-concern talk (`talk.key-concern`), which asks
//! that the student be talked to every week.

mod common;

use std::path::Path;

use common::*;

/// Tuesday 2026-12-08, 10:00 school time: week 2026-W50, after every
/// record of the demo.
const DEC: &str = "2026-12-08T02:00:00Z";

/// The counsellor's 待办 as the college leader reads it (JSON).
fn todo(db: &Path, counsellor: &str) -> serde_json::Value {
    let json = ok(z_as(
        db,
        DEC,
        "liuyang",
        &["compliance", "--staff", counsellor, "--format", "json"],
    ));
    serde_json::from_str(&json).unwrap()
}

/// How many of the counsellor's key-concern students were talked to this
/// week, and the first one still waiting.
fn key_concern(db: &Path, counsellor: &str) -> (u64, Option<String>) {
    let v = todo(db, counsellor);
    let met = v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "talk.key-concern")
        .and_then(|r| r["met"].as_u64())
        .unwrap();
    let waiting = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "talk.key-concern" && f["state"] != "met")
        .and_then(|f| f["student_no"].as_str())
        .map(str::to_string);
    (met, waiting)
}

/// The CSV line of `sheet` whose first cell is `first`, e.g. "心理关注约谈,1,1".
fn csv_line(csv: &str, sheet: &str, first: &str) -> Option<String> {
    let block = csv.split(sheet).nth(1)?;
    block
        .lines()
        .map(|l| l.trim_start_matches('\u{feff}').trim_end_matches('\r'))
        .find(|l| l.starts_with(&format!("{first},")))
        .map(str::to_string)
}

#[test]
fn a_psych_talk_counts_for_the_psych_specialist() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // 李娜's key-concern students are in 周慧's college
    let (met, waiting) = key_concern(&db, "lina");
    let no = waiting.expect("a key-concern student not talked to this week");
    let weekly = |login: &str| {
        ok(z_as(
            &db,
            DEC,
            login,
            &[
                "--lang", "zh-CN", "report", "weekly", "--week", "2026-W50", "--format", "csv",
            ],
        ))
    };
    // nothing in the week yet
    let before = weekly("zhouhui");
    assert_eq!(
        csv_line(&before, "谈话按类型", "心理关注约谈"),
        None,
        "{before}"
    );

    ok(z_as(
        &db,
        DEC,
        "zhouhui",
        &[
            "talk",
            &no,
            "约谈，情绪平稳",
            "--kind",
            "psych",
            "--at",
            "2026-12-08 09:30",
        ],
    ));
    let after = weekly("zhouhui");
    assert_eq!(
        csv_line(&after, "谈话按类型", "心理关注约谈").as_deref(),
        Some("心理关注约谈,1,1"),
        "{after}"
    );
    assert_eq!(
        csv_line(&after, "谈话按谈话人", "周慧").as_deref(),
        Some("周慧,1,1"),
        "{after}"
    );
    // the roster of key-concern students shows the talk of the period
    let md = ok(z_as(
        &db,
        DEC,
        "zhouhui",
        &["report", "weekly", "--week", "2026-W50"],
    ));
    let row = md
        .lines()
        .find(|l| l.contains(&no))
        .unwrap_or_else(|| panic!("{no} not on the roster\n{md}"));
    assert!(row.contains("2026-12-08"), "last talk: {row}");
    // the college leader's report counts it the same
    assert_eq!(
        csv_line(&weekly("liuyang"), "谈话按类型", "心理关注约谈").as_deref(),
        Some("心理关注约谈,1,1")
    );
    // and the student was talked to this week
    let (met_after, waiting) = key_concern(&db, "lina");
    assert_eq!(met_after, met + 1);
    assert_ne!(waiting.as_deref(), Some(no.as_str()));
}
