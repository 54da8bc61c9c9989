//! Dorm patrols through the use cases, on the demo database.

use std::sync::Arc;

use zhiban::app::patrols::{self, Outcome, RoomMarks, Scope};
use zhiban::app::{App, Database};
use zhiban::config::{Assets, Lang};
use zhiban::domain::clock::{FixedClock, from_db};
use zhiban::domain::patrol::{HazardMark, PresenceMark};
use zhiban::domain::patrol::{PatrolKind, Presence, RoomDue};
use zhiban::error::Error;

mod common;
use chrono::Duration;
use common::*;

/// The demo without its patrol history: these tests follow one patrol's life.
fn fresh_demo(dir: &std::path::Path) -> std::path::PathBuf {
    let db = demo_db(dir);
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(
        "DELETE FROM follow_ups; DELETE FROM room_hazards; DELETE FROM presence;
         DELETE FROM room_checks; DELETE FROM patrol_rooms; DELETE FROM patrols;",
    )
    .unwrap();
    db
}

/// A session as `login` at `at` (RFC 3339).
fn at(db: &std::path::Path, login: &str, at: &str) -> App {
    zhiban::app::session::open_as(
        db,
        login,
        Arc::new(FixedClock(from_db(at).unwrap())),
        Arc::new(Assets::builtin(Lang::ZhCn)),
    )
    .unwrap()
}

fn building(db: &std::path::Path, name: &str) -> i64 {
    patrols::buildings(&at(db, "admin", NOW))
        .unwrap()
        .into_iter()
        .find(|b| b.1 == name)
        .unwrap()
        .0
}

/// Marks everyone in the room present, except the first student who gets `first`.
fn marks(screen: &patrols::RoomScreen, first: Presence) -> RoomMarks {
    let mut presence = Vec::new();
    for (i, b) in screen
        .beds
        .iter()
        .filter(|b| b.student.is_some())
        .enumerate()
    {
        let status = if i == 0 { first } else { Presence::Present };
        presence.push(PresenceMark {
            student_id: b.student.as_ref().unwrap().id,
            status,
            note: None,
            in_roster: true,
        });
    }
    RoomMarks {
        entered_at: None,
        hygiene: Some("良".into()),
        presence,
        ..RoomMarks::default()
    }
}

#[test]
fn a_counsellors_patrol_from_start_to_follow_ups() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_demo(dir.path());
    let b1 = building(&db, "1号楼");
    let t0 = "2026-11-22T14:00:00Z"; // 22:00 in Beijing
    let mut a = at(&db, "lina", t0);
    let pid = patrols::start(&mut a, b1, Scope::MyStudents, PatrolKind::Routine).unwrap();
    let p = patrols::get(&a, pid).unwrap();
    assert!(
        p.rooms.len() >= 3,
        "lina's students live in several rooms of 1号楼"
    );
    // the walk is in floor, then number order
    let rooms: Vec<zhiban::domain::dorm::DormRoom> = (0..p.rooms.len())
        .map(|i| patrols::room(&a, pid, i).unwrap().room)
        .collect();
    assert!(
        rooms
            .windows(2)
            .all(|w| (w[0].floor, w[0].number.parse::<u32>().unwrap())
                <= (w[1].floor, w[1].number.parse::<u32>().unwrap()))
    );

    // room 1: someone out overnight, a hazard
    let r0 = patrols::room(&a, pid, 0).unwrap();
    assert!(r0.beds.iter().any(|b| b.student.is_some()));
    let mut m0 = marks(&r0, Presence::OutOvernight);
    m0.hazards.push(HazardMark {
        hazard: "appliance".into(),
        note: Some("热得快".into()),
    });
    m0.entered_at = Some(from_db(t0).unwrap() - Duration::seconds(90));
    patrols::save_room(&mut a, pid, 0, &m0).unwrap();
    // room 2: skipped
    let skip = RoomMarks {
        skipped_reason: Some("无人应答".into()),
        ..RoomMarks::default()
    };
    patrols::save_room(&mut a, pid, 1, &skip).unwrap();
    // room 3: checked too fast, then again properly (a new version, the old kept)
    let r2 = patrols::room(&a, pid, 2).unwrap();
    let mut m2 = marks(&r2, Presence::Present);
    m2.entered_at = Some(from_db(t0).unwrap() - Duration::seconds(3));
    patrols::save_room(&mut a, pid, 2, &m2).unwrap();
    let mut m2b = marks(&r2, Presence::Unknown);
    m2b.entered_at = Some(from_db(t0).unwrap() - Duration::seconds(3));
    patrols::save_room(&mut a, pid, 2, &m2b).unwrap();
    let versions: i64 = sql(&db)
        .query_row(
            "SELECT count(*) FROM room_checks WHERE patrol_id = ?1",
            [pid],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(versions, 4, "three rooms, one of them saved twice");
    // the first save of the room points at the second, which stands
    let chain: Vec<(i64, Option<i64>)> = sql(&db)
        .prepare(
            "SELECT id, superseded_by FROM room_checks WHERE patrol_id = ?1 AND room_id =
               (SELECT room_id FROM room_checks WHERE patrol_id = ?1 GROUP BY room_id HAVING count(*) = 2)
             ORDER BY id",
        )
        .unwrap()
        .query_map([pid], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(chain.len(), 2);
    assert_eq!(chain[0].1, Some(chain[1].0));
    assert_eq!(chain[1].1, None);
    assert_eq!(
        patrols::get(&a, pid).unwrap().position,
        2,
        "resumes where it stopped"
    );

    let s = patrols::finish(&mut a, pid).unwrap();
    assert_eq!(s.checked, 2);
    assert_eq!(s.skipped.len(), 1);
    assert_eq!(s.skipped[0].1, "无人应答");
    assert_eq!(s.unvisited.len(), p.rooms.len() - 3);
    assert_eq!(s.too_fast.len(), 1);
    assert_eq!(
        s.hazards,
        vec![(rooms[0].number.clone(), "appliance".to_string())]
    );
    let statuses: Vec<Presence> = s.absent.iter().map(|x| x.1).collect();
    assert!(statuses.contains(&Presence::OutOvernight) && statuses.contains(&Presence::Unknown));
    assert_eq!(s.follow_ups_raised, 2);
    assert!(
        matches!(patrols::finish(&mut a, pid), Err(Error::Data(_))),
        "finished once"
    );

    // the follow-ups are lina's, due at 08:00 the next morning
    let open = patrols::open_follow_ups(&a).unwrap();
    assert_eq!(open.len(), 2);
    assert!(
        open.iter()
            .all(|(f, overdue)| f.due_at == "2026-11-23T00:00:00Z" && !overdue)
    );
    // at 08:30 they are overdue
    let later = at(&db, "lina", "2026-11-23T00:30:00Z");
    assert!(
        patrols::open_follow_ups(&later)
            .unwrap()
            .iter()
            .all(|(_, o)| *o)
    );
    // another college's counsellor may not close them
    let mut other = at(&db, "hujingzi", t0);
    assert!(matches!(
        patrols::close_follow_up(
            &mut other,
            open[0].0.id,
            Outcome::Reached { reason: "x".into() }
        ),
        Err(Error::Refused(_))
    ));
    // closed with an outcome, once
    patrols::close_follow_up(
        &mut a,
        open[0].0.id,
        Outcome::Reached {
            reason: "在校外医院陪护，已核实".into(),
        },
    )
    .unwrap();
    let esc = Outcome::Escalated {
        to: "刘洋".into(),
        at: from_db(t0).unwrap(),
        note: "电话关机，已报告值班领导".into(),
    };
    patrols::close_follow_up(&mut a, open[1].0.id, esc).unwrap();
    assert!(
        patrols::close_follow_up(
            &mut a,
            open[1].0.id,
            Outcome::Reached { reason: "x".into() }
        )
        .is_err()
    );
    assert!(patrols::open_follow_ups(&a).unwrap().is_empty());
    assert!(matches!(
        patrols::close_follow_up(
            &mut a,
            open[0].0.id,
            Outcome::Reached { reason: " ".into() }
        ),
        Err(Error::Data(_))
    ));

    // the hazard is reported, once
    let hid: i64 = sql(&db)
        .query_row("SELECT id FROM room_hazards", [], |r| r.get(0))
        .unwrap();
    patrols::report_hazard(&mut a, hid, "学生工作部 张老师").unwrap();
    assert!(patrols::report_hazard(&mut a, hid, "again").is_err());

    // biweekly: checked rooms are fine, the skipped one and the rest are due
    let due = patrols::biweekly(&a).unwrap();
    let checked: Vec<i64> = due
        .iter()
        .filter(|(_, d)| matches!(d, RoomDue::Checked { .. }))
        .map(|(r, _)| r.id)
        .collect();
    assert!(checked.contains(&p.rooms[0]) && checked.contains(&p.rooms[2]));
    assert!(
        !checked.contains(&p.rooms[1]),
        "a skipped room is not checked"
    );
    // fifteen days later everything is due again
    let much_later = at(&db, "lina", "2026-12-08T04:00:00Z");
    assert!(
        patrols::biweekly(&much_later)
            .unwrap()
            .iter()
            .all(|(_, d)| matches!(d, RoomDue::Overdue { .. }))
    );

    // the audit log has it all, chained
    let n: i64 = sql(&db).query_row("SELECT count(*) FROM audit_log WHERE action LIKE 'patrol.%' OR action LIKE 'followup.%' OR action = 'hazard.report'", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 1 + 4 + 1 + 2 + 2 + 1);
    let report = Database::open(&db).unwrap().check().unwrap();
    assert!(report.problems.is_empty());
}

#[test]
fn two_people_in_one_building_both_save_and_see_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_demo(dir.path());
    let b1 = building(&db, "1号楼");
    let mut lina = at(&db, "lina", "2026-11-22T14:00:00Z");
    let mut sun = at(&db, "sunpeng", "2026-11-22T14:06:00Z");
    let p1 = patrols::start(
        &mut lina,
        b1,
        Scope::Floors(vec![1]),
        PatrolKind::Centralised,
    )
    .unwrap();
    let p2 = patrols::start(&mut sun, b1, Scope::Floors(vec![1]), PatrolKind::DutyRound).unwrap();
    let r = patrols::room(&lina, p1, 0).unwrap();
    patrols::save_room(&mut lina, p1, 0, &marks(&r, Presence::Present)).unwrap();
    let seen = patrols::room(&sun, p2, 0).unwrap();
    let (when, who) = seen.other.clone().expect("the other check is shown");
    assert_eq!(
        (when.as_str(), who.as_str()),
        ("2026-11-22T14:00:00Z", "李娜")
    );
    patrols::save_room(&mut sun, p2, 0, &marks(&seen, Presence::Present)).unwrap();
    // a duty officer sees names and a caution, not flag details
    assert!(
        seen.beds
            .iter()
            .filter_map(|b| b.student.as_ref())
            .all(|s| s.flags.is_empty())
    );
    // nobody writes into another's patrol
    assert!(matches!(
        patrols::save_room(&mut sun, p1, 1, &RoomMarks::default()),
        Err(Error::Refused(_))
    ));
}

#[test]
fn bad_marks_and_roles_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_demo(dir.path());
    let b1 = building(&db, "1号楼");
    let mut psych = at(&db, "zhouhui", "2026-11-22T14:00:00Z");
    assert!(matches!(
        patrols::start(&mut psych, b1, Scope::Building, PatrolKind::Routine),
        Err(Error::Refused(_))
    ));
    let mut a = at(&db, "lina", "2026-11-22T14:00:00Z");
    assert!(patrols::start(&mut a, b1, Scope::Floors(vec![99]), PatrolKind::Routine).is_err());
    let pid = patrols::start(&mut a, b1, Scope::Building, PatrolKind::Routine).unwrap();
    let bad_hygiene = RoomMarks {
        hygiene: Some("很好".into()),
        ..RoomMarks::default()
    };
    assert!(
        patrols::save_room(&mut a, pid, 0, &bad_hygiene)
            .unwrap_err()
            .to_string()
            .contains("优")
    );
    let bad_hazard = RoomMarks {
        hazards: vec![HazardMark {
            hazard: "ghost".into(),
            note: None,
        }],
        ..RoomMarks::default()
    };
    assert!(patrols::save_room(&mut a, pid, 0, &bad_hazard).is_err());
    let no_reason = RoomMarks {
        skipped_reason: Some("  ".into()),
        ..RoomMarks::default()
    };
    assert!(patrols::save_room(&mut a, pid, 0, &no_reason).is_err());
    assert!(
        patrols::save_room(&mut a, pid, 10_000, &RoomMarks::default()).is_err(),
        "no such room in the walk"
    );
    let n: i64 = sql(&db)
        .query_row("SELECT count(*) FROM room_checks", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0, "nothing half-written");
}

#[test]
fn approved_leave_shows_before_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_demo(dir.path());
    let b1 = building(&db, "1号楼");
    let mut a = at(&db, "lina", "2026-11-22T14:00:00Z");
    let pid = patrols::start(&mut a, b1, Scope::MyStudents, PatrolKind::Routine).unwrap();
    let r = patrols::room(&a, pid, 0).unwrap();
    let first = r.beds.iter().find_map(|b| b.student.as_ref()).unwrap();
    let (sid, no) = (first.id, first.student_no.clone());
    patrols::record_absence(
        &mut a,
        &no,
        "leave",
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25),
        Some("回家就医"),
    )
    .unwrap();
    let r = patrols::room(&a, pid, 0).unwrap();
    let line = r
        .beds
        .iter()
        .find(|b| b.student.as_ref().is_some_and(|s| s.id == sid))
        .unwrap();
    assert_eq!(
        line.absence,
        Some(("leave".into(), Some("回家就医".into())))
    );
    // not after it ends
    let later = at(&db, "lina", "2026-11-26T14:00:00Z");
    let r = patrols::room(&later, pid, 0).unwrap();
    assert!(r.beds.iter().all(|b| b.absence.is_none()));
}

/// The summary names who came back late, the rooms graded below 良 and
/// every room's note (a skipped room's too); the walk says which rooms are
/// done, skipped and still to go.
#[test]
fn the_summary_lists_late_students_poor_hygiene_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_demo(dir.path());
    let b1 = building(&db, "1号楼");
    let mut a = at(&db, "lina", "2026-11-22T14:00:00Z");
    let pid = patrols::start(&mut a, b1, Scope::MyStudents, PatrolKind::Routine).unwrap();
    let walk = patrols::walk(&a, pid).unwrap();
    assert!(walk.len() >= 5);
    assert!(walk.iter().all(|w| w.reached == patrols::Reached::Pending));
    // room 1: the first student back late, hygiene 差, a note
    let r0 = patrols::room(&a, pid, 0).unwrap();
    let late_id = r0.beds.iter().find_map(|b| b.student.as_ref()).unwrap().id;
    let mut m0 = marks(&r0, Presence::Late);
    m0.hygiene = Some("差".into());
    m0.note = Some("窗户玻璃裂了".into());
    patrols::save_room(&mut a, pid, 0, &m0).unwrap();
    // room 2: skipped, with a note
    let skip = RoomMarks {
        skipped_reason: Some("无人应答".into()),
        note: Some("敲门三次".into()),
        ..RoomMarks::default()
    };
    patrols::save_room(&mut a, pid, 1, &skip).unwrap();
    // room 3: 中 (below 良), no note; room 4: 良 (not below)
    let r2 = patrols::room(&a, pid, 2).unwrap();
    let mut m2 = marks(&r2, Presence::Present);
    m2.hygiene = Some("中".into());
    patrols::save_room(&mut a, pid, 2, &m2).unwrap();
    let r3 = patrols::room(&a, pid, 3).unwrap();
    patrols::save_room(&mut a, pid, 3, &marks(&r3, Presence::Present)).unwrap();

    let reached: Vec<patrols::Reached> = patrols::walk(&a, pid)
        .unwrap()
        .iter()
        .take(5)
        .map(|w| w.reached)
        .collect();
    use patrols::Reached::*;
    assert_eq!(reached, [Done, Skipped, Done, Done, Pending]);

    let s = patrols::finish(&mut a, pid).unwrap();
    let (n0, n1, n2) = (
        r0.room.number.clone(),
        walk[1].number.clone(),
        r2.room.number.clone(),
    );
    assert_eq!(s.late, vec![(late_id, n0.clone())]);
    assert_eq!(
        s.poor_hygiene,
        vec![(n0.clone(), "差".to_string()), (n2, "中".to_string())]
    );
    assert_eq!(
        s.notes,
        vec![
            (n0, "窗户玻璃裂了".to_string()),
            (n1, "敲门三次".to_string())
        ]
    );
    assert!(s.absent.is_empty(), "晚归 raises no follow-up");
    // the same in the patrol's record (history), read again
    let again = patrols::summary(&a, pid).unwrap();
    assert_eq!(
        (again.late, again.poor_hygiene, again.notes),
        (s.late, s.poor_hygiene, s.notes)
    );
    // grades are shown in the reader's language
    let en = zhiban::app::session::open_as(
        &db,
        "lina",
        Arc::new(FixedClock(from_db(NOW).unwrap())),
        Arc::new(Assets::builtin(Lang::En)),
    )
    .unwrap();
    let s = patrols::summary(&en, pid).unwrap();
    assert_eq!(s.poor_hygiene[0].1, "poor");
}

/// A student found in a room without a bed there: the other gender or
/// another building is said before adding; one of the building is not.
#[test]
fn a_student_found_elsewhere_is_named_before_adding() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_demo(dir.path());
    let b1 = building(&db, "1号楼");
    let mut a = at(&db, "lina", NOW);
    let pid = patrols::start(&mut a, b1, Scope::MyStudents, PatrolKind::Routine).unwrap();
    let room = patrols::room(&a, pid, 0).unwrap().room;
    let qiu = zhiban::app::students::visible_by_number(&a, "20230100005")
        .unwrap()
        .unwrap();
    let keys: Vec<&str> = patrols::found_elsewhere(&room, &qiu)
        .iter()
        .map(|m| m.key)
        .collect();
    assert_eq!(keys, vec!["patrol.warn_gender", "patrol.warn_building"]);
    let tx = &a.assets().text;
    let why: Vec<String> = patrols::found_elsewhere(&room, &qiu)
        .iter()
        .map(|m| tx.msg(m))
        .collect();
    assert_eq!(why[0], "仇芳是女生，101 是男生宿舍");
    assert!(why[1].starts_with("仇芳住在 2-"), "{why:?}");
    // a roommate of the same building and gender: nothing to say
    let r1 = patrols::room(&a, pid, 1).unwrap();
    let mate = r1.beds.iter().find_map(|b| b.student.clone()).unwrap();
    assert!(patrols::found_elsewhere(&room, &mate).is_empty());
}
