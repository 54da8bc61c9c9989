//! The past talks and contacts 待办 lists: whose (one's own; a leader's
//! college; never another college), and a correction from the list.

mod common;

use common::*;
use zhiban::app::past_records::{PastKind, past};
use zhiban::app::records::amend_talk;

/// The college of each student in a list, by 学号.
fn college_of(db: &std::path::Path, no: &str) -> i64 {
    sql(db)
        .query_row(
            "SELECT college_id FROM students WHERE student_no = ?1",
            [no],
            |r| r.get(0),
        )
        .unwrap()
}

fn staff_college(db: &std::path::Path, login: &str) -> i64 {
    sql(db)
        .query_row(
            "SELECT college_id FROM staff WHERE login = ?1",
            [login],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_counsellor_lists_her_own_and_a_leader_his_college_never_another() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let lina = app(&db, "lina");
    let mine = past(&lina).unwrap();
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|r| r.mine && r.author == "李娜"));
    // newest first
    assert!(mine.windows(2).all(|w| w[0].at >= w[1].at));
    assert!(mine.iter().any(|r| r.kind == PastKind::Talk));
    assert!(mine.iter().any(|r| r.kind == PastKind::Contact));
    // a leader: the college's, other counsellors' included
    let leader = app(&db, "liuyang");
    let theirs = past(&leader).unwrap();
    let college = staff_college(&db, "liuyang");
    assert!(theirs.iter().any(|r| r.author != "刘洋"), "others' records");
    for r in &theirs {
        let no = r.student.rsplit(' ').next().unwrap();
        assert_eq!(college_of(&db, no), college, "{r:?}");
    }
    // another college's counsellor's records are not in it
    let other: i64 = sql(&db)
        .query_row(
            "SELECT count(*) FROM talks t JOIN students s ON s.id = t.student_id
             WHERE s.college_id <> ?1",
            [college],
            |r| r.get(0),
        )
        .unwrap();
    assert!(other > 0, "the demo has talks in another college");
    // a counsellor's list holds no one else's
    let zhangwei = app(&db, "zhangwei");
    assert!(past(&zhangwei).unwrap().iter().all(|r| r.author == "张伟"));
}

#[test]
fn a_correction_from_the_list_is_an_amendment_and_the_list_shows_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut lina = app(&db, "lina");
    let before = past(&lina).unwrap();
    let r = before
        .iter()
        .find(|r| r.kind == PastKind::Talk && !r.amended)
        .unwrap()
        .clone();
    let talks = count(&db, "talks");
    let new = amend_talk(&mut lina, r.id, "更正后的内容\n第二行").unwrap();
    assert_eq!(count(&db, "talks"), talks + 1, "the original kept");
    let amends: i64 = sql(&db)
        .query_row("SELECT amends FROM talks WHERE id = ?1", [new], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(amends, r.id);
    let after = past(&lina).unwrap();
    assert_eq!(after.len(), before.len(), "one line per record");
    let line = after.iter().find(|x| x.id == new).unwrap();
    assert!(line.amended);
    assert_eq!(line.text.as_deref(), Some("更正后的内容\n第二行"));
    assert!(
        !after
            .iter()
            .any(|x| x.kind == PastKind::Talk && x.id == r.id),
        "the original not listed again"
    );
    // corrected again: still amends the original, still one line
    let newer = amend_talk(&mut lina, new, "再次更正").unwrap();
    let amends: i64 = sql(&db)
        .query_row("SELECT amends FROM talks WHERE id = ?1", [newer], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(amends, r.id);
    assert_eq!(past(&lina).unwrap().len(), before.len());
    // a leader may not correct lina's talk
    let mut leader = app(&db, "liuyang");
    assert!(amend_talk(&mut leader, newer, "x").is_err());
}
