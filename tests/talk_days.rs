//! The talks per day and college kept for the leaders' chart (V16's
//! `talk_days`) are the talks' own counts after every kind of write: a
//! talk, its amendment, a student changing college, a talk removed.

mod common;

use common::{app, demo_db, sql};
use zhiban::app::records::{TalkInput, amend_talk, record_talk};

type Counts = Vec<(String, i64, i64)>;

fn kept(db: &std::path::Path) -> Counts {
    let c = sql(db);
    let mut st = c
        .prepare("SELECT held_on, college_id, n FROM talk_days WHERE n <> 0 ORDER BY 1, 2")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn counted(db: &std::path::Path) -> Counts {
    let c = sql(db);
    let mut st = c
        .prepare(
            "SELECT t.held_on, s.college_id, count(*) FROM talks t JOIN students s
             ON s.id = t.student_id WHERE t.amends IS NULL GROUP BY 1, 2 ORDER BY 1, 2",
        )
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn the_kept_counts_are_the_talks_counts_after_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let before = kept(&db);
    assert!(!before.is_empty(), "the demo's talks are counted");
    assert_eq!(before, counted(&db), "the demo");
    let student_no: String = sql(&db)
        .query_row(
            "SELECT s.student_no FROM students s JOIN classes c ON c.id = s.class_id
             JOIN staff t ON t.id = c.counsellor_id WHERE t.login = 'lina'
             AND EXISTS (SELECT 1 FROM talks WHERE student_id = s.id)
             ORDER BY s.student_no LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let id = record_talk(
        &mut app(&db, "lina"),
        &TalkInput {
            student_no: student_no.clone(),
            at: None,
            place: None,
            kind: String::new(),
            summary: "谈心".into(),
            follow_up: None,
            follow_up_due: None,
            next_talk: None,
            sensitive: false,
        },
    )
    .unwrap();
    let after_talk = kept(&db);
    assert_ne!(after_talk, before, "the talk counted");
    assert_eq!(after_talk, counted(&db), "a talk");
    amend_talk(&mut app(&db, "lina"), id, "谈心（更正）").unwrap();
    assert_eq!(kept(&db), after_talk, "an amendment is not another talk");
    assert_eq!(kept(&db), counted(&db), "an amendment");
    // a student changing college takes her talks along
    let c = sql(&db);
    c.execute(
        "UPDATE students SET college_id = (SELECT max(id) FROM colleges WHERE id <> students.college_id)
         WHERE student_no = ?1",
        [&student_no],
    )
    .unwrap();
    assert_ne!(kept(&db), after_talk);
    assert_eq!(kept(&db), counted(&db), "a change of college");
    // a talk's day corrected in place, and a talk removed
    c.execute(
        "UPDATE talks SET held_on = '2026-11-01' WHERE id = (SELECT min(id) FROM talks WHERE amends IS NULL)",
        [],
    )
    .unwrap();
    assert_eq!(kept(&db), counted(&db), "a day corrected");
    c.execute(
        "DELETE FROM talks WHERE id = (SELECT max(id) FROM talks WHERE amends IS NULL
           AND id NOT IN (SELECT amends FROM talks WHERE amends IS NOT NULL))",
        [],
    )
    .unwrap();
    assert_eq!(kept(&db), counted(&db), "a talk removed");
}
