//! What a duty officer owns stays in sight until closed (issue 14): items
//! taken over and open entries; closing one's own with a note; a
//! correction that starts from the newest text; a patrol follow-up and the
//! entries about the same student that night, each offering the other;
//! a crisis case from any entry that names a student or an incident.

mod common;

use common::*;
use zhiban::app::duty::{self, Entry};
use zhiban::app::{duty_log, duty_owned, follow_up_contacts, patrols};
use zhiban::domain::duty::EntryType;

/// The demo without its duty history.
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

fn q(db: &std::path::Path, sql_text: &str) -> i64 {
    sql(db).query_row(sql_text, [], |r| r.get(0)).unwrap()
}

fn entry(kind: EntryType, text: &str, students: &[&str], open: bool) -> Entry {
    Entry {
        kind: Some(kind),
        text: text.into(),
        students: students.iter().map(|s| s.to_string()).collect(),
        open,
        ..Entry::default()
    }
}

const ZENG: &str = "20230100002";

#[test]
fn an_item_taken_over_stays_on_the_shift_until_its_new_owner_closes_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let mut a = app(&db, "sunpeng");
    duty::open(&mut a, Some("1号楼值班室"), Some("刘洋")).unwrap();
    let e = duty::log(
        &mut a,
        &entry(EntryType::Call, "室友曾敏未归", &[ZENG], true),
    )
    .unwrap();
    // the writer sees it among what is theirs
    let t = duty_log::tonight(&a).unwrap();
    assert_eq!(t.owned.len(), 1);
    assert_eq!(t.owned[0].entry_id, Some(e));
    duty::close(&mut a, "曾敏未归，待跟进", Some("mali")).unwrap();

    let mut m = app(&db, "mali");
    duty::open(&mut m, Some("1号楼值班室"), Some("刘洋")).unwrap();
    let item = duty_log::tonight(&m).unwrap().pending[0].id;
    duty::acknowledge(&mut m, item, None).unwrap();
    let t = duty_log::tonight(&m).unwrap();
    assert!(t.pending.is_empty());
    assert_eq!(t.owned.len(), 1, "taken over, it stays in sight");
    assert_eq!(t.owned[0].item_id, Some(item));
    assert_eq!(t.owned[0].entry_id, Some(e));
    assert!(duty_owned::may_close(&m, e).unwrap());

    // a note is needed; someone not keeping a shift may not
    assert!(duty_owned::close_entry(&mut m, e, "  ").is_err());
    let mut z = app(&db, "zhouhui");
    assert!(duty_owned::close_entry(&mut z, e, "回来了").is_err());

    duty_owned::close_entry(&mut m, e, "曾敏 23:50 回到宿舍").unwrap();
    assert!(duty_log::tonight(&m).unwrap().owned.is_empty());
    assert_eq!(
        q(
            &db,
            &format!(
                "SELECT count(*) FROM duty_entry_closures WHERE entry_id = {e} AND note = '曾敏 23:50 回到宿舍'"
            )
        ),
        1
    );
    assert_eq!(
        q(
            &db,
            "SELECT count(*) FROM audit_log WHERE action = 'duty.close_entry'"
        ),
        1
    );
    // closed once only
    assert!(duty_owned::close_entry(&mut m, e, "again").is_err());
    // and no longer handed on
    let sum = duty::close(&mut m, "平稳", None).unwrap();
    assert!(sum.handed_over.is_empty(), "{:?}", sum.handed_over);
}

#[test]
fn an_officer_closes_their_own_open_entries_and_no_one_elses() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let mut a = app(&db, "sunpeng");
    duty::open(&mut a, Some("1号楼值班室"), Some("刘洋")).unwrap();
    let open = duty::log(
        &mut a,
        &entry(EntryType::Visitor, "家长来访，明早再来", &[], true),
    )
    .unwrap();
    let done = duty::log(&mut a, &entry(EntryType::Round, "巡查正常", &[], false)).unwrap();
    // not left open: nothing to close
    assert!(duty_owned::close_entry(&mut a, done, "x").is_err());
    // another officer's entry is not theirs
    let mut m = app(&db, "mali");
    duty::open(&mut m, Some("2号楼值班室"), Some("刘洋")).unwrap();
    assert!(!duty_owned::may_close(&m, open).unwrap());
    assert!(duty_owned::close_entry(&mut m, open, "x").is_err());
    // closing an amended entry through its correction closes the entry
    let v2 = duty::amend(&mut a, open, "家长来访，约明早 9 点再来", None).unwrap();
    duty_owned::close_entry(&mut a, v2, "已转告辅导员").unwrap();
    assert_eq!(q(&db, "SELECT entry_id FROM duty_entry_closures"), open);
    assert!(duty_log::tonight(&a).unwrap().owned.is_empty());
}

#[test]
fn a_correction_starts_from_the_newest_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let mut a = app(&db, "sunpeng");
    duty::open(&mut a, Some("1号楼值班室"), Some("刘洋")).unwrap();
    let e = duty::log(&mut a, &entry(EntryType::Call, "第一稿", &[], true)).unwrap();
    let (root, seen, text) = duty_owned::amend_start(&a, e).unwrap();
    assert_eq!((root, seen, text.as_str()), (e, e, "第一稿"));
    let v2 = duty::amend(&mut a, root, "第二稿", Some(seen)).unwrap();
    // from the original or from the correction: the newest text, the entry
    for from in [e, v2] {
        let (root, seen, text) = duty_owned::amend_start(&a, from).unwrap();
        assert_eq!((root, seen, text.as_str()), (e, v2, "第二稿"));
    }
    // the desk shows the open entry as last corrected
    assert_eq!(duty_log::tonight(&a).unwrap().owned[0].text, "第二稿");
}

/// Follow-up 7 of the demo (李超, 夜不归宿) raised tonight.
fn tonight_follow_up(db: &std::path::Path) -> (i64, String) {
    let c = sql(db);
    c.execute(
        "UPDATE follow_ups SET raised_at = '2026-11-22T14:48:00Z', due_at = '2026-11-23T00:00:00Z' WHERE id = 7",
        [],
    )
    .unwrap();
    let no: String = c
        .query_row(
            "SELECT s.student_no FROM follow_ups f JOIN students s ON s.id = f.student_id WHERE f.id = 7",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (7, no)
}

/// sunpeng on duty, with an open entry about the student of tonight's
/// follow-up: (follow-up, sunpeng's session, the entry).
fn officer_with_entry_about_tonights_follow_up(
    db: &std::path::Path,
) -> (i64, zhiban::app::App, i64) {
    let (fu, no) = tonight_follow_up(db);
    let mut a = app(db, "sunpeng");
    duty::open(&mut a, Some("1号楼值班室"), Some("刘洋")).unwrap();
    let e = duty::log(
        &mut a,
        &entry(EntryType::Call, "李超夜不归宿，联系家长", &[&no], true),
    )
    .unwrap();
    (fu, a, e)
}

#[test]
fn a_follow_up_and_the_entry_about_the_same_student_that_night_are_linked_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let (fu, mut a, e) = officer_with_entry_about_tonights_follow_up(&db);
    let other = duty::log(&mut a, &entry(EntryType::Call, "别的学生", &[ZENG], true)).unwrap();
    // entry → follow-up
    let linked = duty_owned::follow_ups_of_entry(&a, e).unwrap();
    assert_eq!(linked.iter().map(|l| l.id).collect::<Vec<_>>(), vec![fu]);
    assert!(
        duty_owned::follow_ups_of_entry(&a, other)
            .unwrap()
            .is_empty()
    );
    // follow-up → entry
    let back = duty_owned::entries_of_follow_up(&a, fu).unwrap();
    assert_eq!(back.iter().map(|(id, _)| *id).collect::<Vec<_>>(), vec![e]);
    // closing the follow-up, then (as the confirm does) the entry
    patrols::close_follow_up(
        &mut a,
        fu,
        patrols::Outcome::Reached {
            reason: "在亲戚家".into(),
        },
    )
    .unwrap();
    duty_owned::close_entry(&mut a, e, "在亲戚家").unwrap();
    assert!(duty_owned::entries_of_follow_up(&a, fu).unwrap().is_empty());
    assert!(duty_owned::follow_ups_of_entry(&a, e).unwrap().is_empty());
}

#[test]
fn a_follow_up_raised_another_night_is_not_linked() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    // follow-up 7 as the demo has it: raised last night
    let no: String = sql(&db)
        .query_row(
            "SELECT s.student_no FROM follow_ups f JOIN students s ON s.id = f.student_id WHERE f.id = 7",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut a = app(&db, "sunpeng");
    duty::open(&mut a, Some("1号楼值班室"), Some("刘洋")).unwrap();
    let e = duty::log(&mut a, &entry(EntryType::Call, "李超", &[&no], true)).unwrap();
    assert!(duty_owned::follow_ups_of_entry(&a, e).unwrap().is_empty());
    assert!(duty_owned::entries_of_follow_up(&a, 7).unwrap().is_empty());
}

#[test]
fn the_follow_up_dialog_numbers_are_shown_and_their_showing_logged() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let before = q(
        &db,
        "SELECT count(*) FROM audit_log WHERE action = 'student.reveal'",
    );
    let mut a = app(&db, "sunpeng");
    let c = follow_up_contacts::contacts(&mut a, 7).unwrap();
    let phone: Option<String> = sql(&db)
        .query_row(
            "SELECT s.phone FROM follow_ups f JOIN students s ON s.id = f.student_id WHERE f.id = 7",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        c.numbers[0].phone, phone,
        "the duty officer may call the student"
    );
    assert!(c.numbers.len() >= 2, "and the guardians: {:?}", c.numbers);
    assert!(c.numbers.iter().all(|n| !n.masked));
    assert_eq!(
        q(
            &db,
            "SELECT count(*) FROM audit_log WHERE action = 'student.reveal'"
        ),
        before + 1
    );
}

#[test]
fn a_crisis_case_from_a_call_naming_a_student_and_from_an_incident_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let mut a = app(&db, "sunpeng");
    duty::open(&mut a, Some("1号楼值班室"), Some("刘洋")).unwrap();
    let call = duty::log(
        &mut a,
        &entry(EntryType::Call, "家长来电：曾敏失联", &[ZENG], false),
    )
    .unwrap();
    let seed = duty_log::case_seed(&a, call)
        .unwrap()
        .expect("a call naming a student offers a case");
    assert_eq!(seed.students, vec![ZENG.to_string()]);
    assert_eq!(seed.text.as_deref(), Some("家长来电：曾敏失联"));
    assert_eq!(
        seed.location, None,
        "the duty room is not where it happened"
    );
    let mut inc = entry(EntryType::Incident, "3号楼天台有人", &[], false);
    inc.location = Some("3号楼天台".into());
    let inc = duty::log(&mut a, &inc).unwrap();
    let seed = duty_log::case_seed(&a, inc)
        .unwrap()
        .expect("an incident offers a case");
    assert_eq!(seed.location.as_deref(), Some("3号楼天台"));
    // a round naming no one does not
    let round = duty::log(&mut a, &entry(EntryType::Round, "巡查正常", &[], false)).unwrap();
    assert!(duty_log::case_seed(&a, round).unwrap().is_none());
    // the newest text of a corrected entry
    duty::amend(&mut a, call, "家长来电：曾敏失联，手机关机", None).unwrap();
    let seed = duty_log::case_seed(&a, call).unwrap().unwrap();
    assert_eq!(seed.text.as_deref(), Some("家长来电：曾敏失联，手机关机"));
}

/// Trial of issue 14: the counsellor (not on duty) closes the patrol
/// follow-up; she may not close the officer's entry, so she is not offered
/// to — but the officer's desk shows the entry's matter is done, and how,
/// so that the officer closes it the same way.
#[test]
fn a_follow_up_closed_by_the_counsellor_shows_on_the_officers_open_entry() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let (fu, mut a, e) = officer_with_entry_about_tonights_follow_up(&db);
    let open_entry = |a: &zhiban::app::App| {
        duty_log::tonight(a)
            .unwrap()
            .entries
            .into_iter()
            .find(|x| x.entry_id == e)
            .unwrap()
    };
    assert!(open_entry(&a).follow_ups_done.is_empty());
    // 李超's counsellor closes the follow-up
    let mut c = app(&db, "zhangwei");
    assert!(duty_owned::entries_of_follow_up(&c, fu).unwrap().is_empty());
    patrols::close_follow_up(
        &mut c,
        fu,
        patrols::Outcome::Reached {
            reason: "在亲戚家，已通话".into(),
        },
    )
    .unwrap();
    let done = open_entry(&a).follow_ups_done;
    assert_eq!(done.len(), 1, "{done:?}");
    assert_eq!(done[0].outcome.as_deref(), Some("reached"));
    assert_eq!(done[0].reason.as_deref(), Some("在亲戚家，已通话"));
    // once the officer closes it, it is shown closed
    duty_owned::close_entry(&mut a, e, "已联系到学生 — 在亲戚家，已通话").unwrap();
    assert!(open_entry(&a).closed.is_some());
}
