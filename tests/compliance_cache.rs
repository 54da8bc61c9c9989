//! The day's cache of each counsellor's 待办 numbers (issue 16, V16): after
//! every kind of write that can change a counsellor's compliance, the
//! cached school-wide and college-wide lists equal a fresh computation with
//! the cache empty, and the counsellors the write concerns lost their
//! cached row in the write's own transaction (the triggers).

mod common;

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use common::{app, demo_db, sql};
use zhiban::app::compliance::{college, forget_cache};
use zhiban::app::records::{
    ContactInput, LedgerInput, TalkInput, amend_talk, record_contact, record_ledger, record_talk,
};
use zhiban::app::students::change_flag;
use zhiban::config::{Assets, Lang};
use zhiban::domain::clock::{FixedClock, from_db};
use zhiban::domain::compliance::LedgerKind;
use zhiban::domain::student::{Flag, FlagKind};
use zhiban::io::import::{ImportKind, import_file};

type Line = (String, String, usize, usize, usize, usize, String);

/// A list as comparable lines (the order of equal lines and of the
/// totals is not the point).
fn lines(db: &Path, login: &str, now: &str) -> Vec<Line> {
    lines_under(db, login, now, Assets::builtin(Lang::ZhCn))
}

/// [`lines`] under these rules.
fn lines_under(db: &Path, login: &str, now: &str, assets: Assets) -> Vec<Line> {
    let a = zhiban::app::session::open_as(
        db,
        login,
        Arc::new(FixedClock(from_db(now).unwrap())),
        Arc::new(assets),
    )
    .unwrap();
    let mut v: Vec<Line> = college(&a, None)
        .unwrap()
        .counsellors
        .into_iter()
        .map(|c| {
            (
                c.login,
                c.college,
                c.students,
                c.overdue,
                c.due,
                c.lines,
                format!("{:?}", c.rules),
            )
        })
        .collect();
    v.sort();
    v
}

fn cached_rows(db: &Path) -> i64 {
    count(db, "SELECT count(*) FROM compliance_cache")
}

fn cached_for(db: &Path, login: &str) -> bool {
    sql(db)
        .query_row(
            "SELECT count(*) FROM compliance_cache c JOIN staff s ON s.id = c.counsellor_id
             WHERE s.login = ?1",
            [login],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
        > 0
}

/// The school's (chenjing) and lina's college's (liuyang) lists, served
/// with the cache as it stands, then fresh: they must agree. Leaves the
/// cache full.
fn agree(db: &Path, what: &str, now: &str) {
    let school = lines(db, "chenjing", now);
    let of_college = lines(db, "liuyang", now);
    assert!(school.len() > of_college.len() && !of_college.is_empty());
    forget_cache(&app(db, "admin")).unwrap();
    assert_eq!(cached_rows(db), 0);
    assert_eq!(school, lines(db, "chenjing", now), "school, after {what}");
    assert_eq!(
        of_college,
        lines(db, "liuyang", now),
        "college, after {what}"
    );
    assert!(cached_rows(db) as usize >= school.len(), "the lists stored");
}

fn one(db: &Path, q: &str) -> String {
    sql(db).query_row(q, [], |r| r.get(0)).unwrap()
}

fn count(db: &Path, q: &str) -> i64 {
    sql(db).query_row(q, [], |r| r.get(0)).unwrap()
}

/// Cached rows of `day` that hold the facts they were evaluated on.
fn with_facts(db: &Path, day: &str) -> i64 {
    sql(db)
        .query_row(
            "SELECT count(*) FROM compliance_cache WHERE day = ?1 AND facts IS NOT NULL",
            [day],
            |r| r.get(0),
        )
        .unwrap()
}

const NOW: &str = common::NOW;

#[test]
fn every_write_drops_the_rows_it_concerns_and_the_lists_stay_exact() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // a student of lina's with a bed, and her room
    let student_no = one(
        &db,
        "SELECT s.student_no FROM students s JOIN classes c ON c.id = s.class_id
         JOIN staff t ON t.id = c.counsellor_id JOIN bed_assignments a ON a.student_id = s.id
         WHERE t.login = 'lina' ORDER BY s.student_no LIMIT 1",
    );
    let sid: i64 = sql(&db)
        .query_row(
            "SELECT id FROM students WHERE student_no = ?1",
            [&student_no],
            |r| r.get(0),
        )
        .unwrap();
    agree(&db, "nothing", NOW);
    assert!(cached_for(&db, "lina"));

    // each write: lina's row goes, the lists agree again
    let step = |what: &str, write: &dyn Fn()| {
        assert!(cached_for(&db, "lina"), "cached before {what}");
        write();
        assert!(!cached_for(&db, "lina"), "{what} dropped lina's row");
        agree(&db, what, NOW);
    };
    step("a talk", &|| {
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
        // an amendment of it (the marks are the talk's day: the lists
        // must agree whether or not it drops anything)
        amend_talk(&mut app(&db, "lina"), id, "谈心（更正）").unwrap();
    });
    step("a parent contact", &|| {
        record_contact(
            &mut app(&db, "lina"),
            &ContactInput {
                student_no: student_no.clone(),
                at: None,
                channel: zhiban::domain::records::ContactChannel::Phone,
                person: None,
                reason: String::new(),
                content: "通报".into(),
            },
        )
        .unwrap();
    });
    step("a flag set", &|| {
        change_flag(
            &mut app(&db, "lina"),
            sid,
            FlagKind::AcademicWarning,
            Some(Flag {
                kind: FlagKind::AcademicWarning,
                level: None,
                since: NaiveDate::from_ymd_opt(2026, 11, 20),
                note: None,
            }),
        )
        .unwrap();
    });
    step("a flag cleared", &|| {
        change_flag(&mut app(&db, "lina"), sid, FlagKind::AcademicWarning, None).unwrap();
    });
    step("a ledger entry", &|| {
        let class = one(
            &db,
            "SELECT c.name FROM classes c JOIN staff t ON t.id = c.counsellor_id
             WHERE t.login = 'lina' ORDER BY c.name LIMIT 1",
        );
        record_ledger(
            &mut app(&db, "lina"),
            &LedgerInput {
                class: Some(class),
                kind: LedgerKind::Meeting,
                at: None,
                topic: Some("班会".into()),
                attendance: None,
                absentees: None,
                note: None,
            },
        )
        .unwrap();
    });
    step("a room check", &|| {
        let c = sql(&db);
        c.execute(
            "INSERT INTO room_checks(patrol_id, room_id, staff_id, entered_at, saved_at)
             SELECT (SELECT min(p.id) FROM patrols p WHERE NOT EXISTS (SELECT 1 FROM room_checks k
                       WHERE k.patrol_id = p.id AND k.room_id = be.room_id)),
                    be.room_id, 1, ?2, ?2
             FROM bed_assignments a JOIN beds be ON be.id = a.bed_id WHERE a.student_id = ?1",
            rusqlite::params![sid, "2026-11-22T14:00:00Z"],
        )
        .unwrap();
    });
    step("its supersession", &|| {
        let c = sql(&db);
        c.execute(
            "UPDATE room_checks SET superseded_by = id WHERE id = (SELECT max(id) FROM room_checks)",
            [],
        )
        .unwrap();
    });
    // a superseded version's pointer moving to another successor changes
    // nothing the 14-day rule reads: the row stays, the lists still agree
    sql(&db)
        .execute(
            "UPDATE room_checks SET superseded_by = (SELECT min(id) FROM room_checks)
             WHERE id = (SELECT max(id) FROM room_checks)",
            [],
        )
        .unwrap();
    assert!(cached_for(&db, "lina"), "a pointer moved kept lina's row");
    agree(&db, "a pointer moved", NOW);
    step("a move to another bed", &|| {
        sql(&db)
            .execute(
                "UPDATE bed_assignments SET bed_id =
                   (SELECT min(b.id) FROM beds b WHERE b.id NOT IN (SELECT bed_id FROM bed_assignments))
                 WHERE student_id = ?1",
                [sid],
            )
            .unwrap();
    });
    // the dorms' structure: what the rooms' labels and the students'
    // rooms are read from drops the rows of those housed there; the rest
    // of a room (its capacity) changes nothing the rules read
    let room_of = format!(
        "SELECT be.room_id FROM bed_assignments a JOIN beds be ON be.id = a.bed_id WHERE a.student_id = {sid}"
    );
    sql(&db)
        .execute(
            &format!(
                "UPDATE rooms SET capacity = coalesce(capacity, 4) + 1 WHERE id = ({room_of})"
            ),
            [],
        )
        .unwrap();
    assert!(cached_for(&db, "lina"), "a room's capacity kept lina's row");
    agree(&db, "a room's capacity", NOW);
    step("her room renumbered", &|| {
        sql(&db)
            .execute(
                &format!("UPDATE rooms SET number = number || 'A' WHERE id = ({room_of})"),
                [],
            )
            .unwrap();
    });
    step("her building renamed", &|| {
        sql(&db)
            .execute(
                &format!(
                    "UPDATE buildings SET name = name || '东'
                     WHERE id = (SELECT building_id FROM rooms WHERE id = ({room_of}))"
                ),
                [],
            )
            .unwrap();
    });
    step("her bed moved to another room", &|| {
        sql(&db)
            .execute(
                &format!(
                    "UPDATE beds SET label = 'x' || label, room_id =
                       (SELECT min(id) FROM rooms WHERE id <> ({room_of}))
                     WHERE id = (SELECT bed_id FROM bed_assignments WHERE student_id = {sid})"
                ),
                [],
            )
            .unwrap();
    });
    step("a move to another counsellor's class", &|| {
        sql(&db)
            .execute(
                "UPDATE students SET class_id = (SELECT c.id FROM classes c JOIN staff t
                   ON t.id = c.counsellor_id WHERE t.login <> 'lina' ORDER BY c.id LIMIT 1)
                 WHERE id = ?1",
                [sid],
            )
            .unwrap();
    });
    step("a class given another counsellor", &|| {
        sql(&db)
            .execute(
                "UPDATE classes SET counsellor_id = (SELECT max(counsellor_id) FROM classes
                   WHERE counsellor_id <> (SELECT id FROM staff WHERE login = 'lina'))
                 WHERE id = (SELECT c.id FROM classes c JOIN staff t ON t.id = c.counsellor_id
                             WHERE t.login = 'lina' ORDER BY c.id LIMIT 1)",
                [],
            )
            .unwrap();
    });
    let lina_student = one(
        &db,
        "SELECT s.student_no FROM students s JOIN classes c ON c.id = s.class_id
         JOIN staff t ON t.id = c.counsellor_id WHERE t.login = 'lina' ORDER BY s.student_no LIMIT 1",
    );
    step("a support plan", &|| {
        sql(&db)
            .execute(
                "INSERT INTO special_support(student_id, academic_mentor, set_at, set_by)
                 SELECT id, '王老师', '2026-11-22T15:00:00Z', 1 FROM students WHERE student_no = ?1",
                [&lina_student],
            )
            .unwrap();
    });
    step(
        "an import moving a student to another counsellor's class",
        &|| {
            let (name, college_name, class) = sql(&db)
                .query_row(
                    "SELECT s.name, g.name, (SELECT c2.name FROM classes c2 JOIN staff t2
                     ON t2.id = c2.counsellor_id
                   WHERE c2.college_id = s.college_id AND t2.login <> 'lina' ORDER BY c2.id LIMIT 1)
                 FROM students s JOIN colleges g ON g.id = s.college_id WHERE s.student_no = ?1",
                    [&lina_student],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                        ))
                    },
                )
                .unwrap();
            let f = common::write(
                dir.path(),
                "move.csv",
                format!("学号,姓名,学院,班级\n{lina_student},{name},{college_name},{class}\n")
                    .as_bytes(),
            );
            import_file(&mut app(&db, "admin"), ImportKind::Students, &f, false).unwrap();
            let moved = one(
                &db,
                &format!(
                    "SELECT c.name FROM students s JOIN classes c ON c.id = s.class_id
                      WHERE s.student_no = '{lina_student}'"
                ),
            );
            assert_eq!(moved, class, "the import moved the student");
        },
    );
}

/// The day is part of the key: a list the next day is that day's, not
/// yesterday's served again (dates move findings from due to overdue). A
/// new day's numbers are the rules evaluated on the facts kept the day
/// before (no write since), and equal a fresh read's.
#[test]
fn a_new_day_is_computed_afresh_on_the_facts_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    agree(&db, "nothing", NOW);
    let today = one(&db, "SELECT max(day) FROM compliance_cache");
    assert!(
        with_facts(&db, &today) > 0,
        "the facts kept with the numbers"
    );
    let later = "2027-01-20T15:04:00Z";
    let next = lines(&db, "chenjing", later);
    let next_college = lines(&db, "liuyang", later);
    assert!(
        with_facts(&db, &today) > 0,
        "the day before's facts stay where they are"
    );
    let days = count(&db, "SELECT count(DISTINCT day) FROM compliance_cache");
    assert_eq!(
        days, 2,
        "the new day's numbers, the facts of the day they were read"
    );
    forget_cache(&app(&db, "admin")).unwrap();
    assert_eq!(
        next,
        lines(&db, "chenjing", later),
        "school: kept facts = read"
    );
    assert_eq!(
        next_college,
        lines(&db, "liuyang", later),
        "college: kept facts = read"
    );
    assert_ne!(
        next,
        lines(&db, "chenjing", NOW),
        "the lists differ a while later"
    );
    agree(&db, "a day later", later);
}

/// The next day's numbers come from the facts kept, not from a read: a
/// talk slipped into the file past the triggers (as no write of zhiban's
/// can) is not seen until the cache is emptied. And a clock set back a day
/// reads afresh (facts read later may lack what an earlier day reads).
#[test]
fn the_next_day_is_evaluated_on_the_facts_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    agree(&db, "nothing", NOW);
    let later = "2026-11-23T15:04:00Z";
    talked_to_behind_the_triggers(&db, "lina", "2026-11-23");
    let kept = lines(&db, "chenjing", later);
    forget_cache(&app(&db, "admin")).unwrap();
    let read = lines(&db, "chenjing", later);
    let lina = |v: &[Line]| v.iter().find(|l| l.0 == "lina").cloned().unwrap();
    assert_ne!(lina(&kept), lina(&read), "the kept facts were evaluated");
    // back a day: nothing carried from a later day
    let before = lines(&db, "chenjing", "2026-11-21T15:04:00Z");
    forget_cache(&app(&db, "admin")).unwrap();
    assert_eq!(before, lines(&db, "chenjing", "2026-11-21T15:04:00Z"));
}

/// Every student of `login`'s marked as talked to `on`, behind the
/// triggers' back (as no write of zhiban's can): the cache does not know.
fn talked_to_behind_the_triggers(db: &Path, login: &str, on: &str) {
    let c = sql(db);
    c.execute_batch(
        "CREATE TEMP TABLE keep AS SELECT name, sql FROM sqlite_master
           WHERE type = 'trigger' AND tbl_name = 'student_marks';",
    )
    .unwrap();
    let names: Vec<String> = c
        .prepare("SELECT name FROM keep")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for n in &names {
        c.execute_batch(&format!("DROP TRIGGER {n}")).unwrap();
    }
    let changed = c
        .execute(
            "UPDATE student_marks SET last_talk_on = ?2 WHERE student_id IN
               (SELECT s.id FROM students s JOIN classes k ON k.id = s.class_id
                JOIN staff t ON t.id = k.counsellor_id WHERE t.login = ?1)",
            [login, on],
        )
        .unwrap();
    assert!(changed > 0);
    let sqls: Vec<String> = c
        .prepare("SELECT sql FROM keep")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for q in sqls {
        c.execute_batch(&q).unwrap();
    }
}

/// The built-in rules with rooms due every `days` days.
fn rooms_every(days: u32) -> Assets {
    let mut a = Assets::builtin(Lang::ZhCn);
    let rule = a
        .rules
        .rules
        .iter_mut()
        .find(|r| r.id == "dorm.biweekly")
        .unwrap();
    rule.days = Some(days);
    a
}

/// New rules (or a build that evaluates otherwise) the same day: the
/// numbers cached are a miss, the facts kept are evaluated under the new
/// rules — the same numbers as a fresh read gives, and not read again (a
/// change slipped past the triggers is not seen until the cache is
/// emptied).
#[test]
fn new_rules_are_evaluated_on_the_facts_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    agree(&db, "nothing", NOW);
    let before = lines(&db, "chenjing", NOW);
    let kept = lines_under(&db, "chenjing", NOW, rooms_every(3));
    assert_ne!(kept, before, "the new rules count otherwise");
    let today = one(&db, "SELECT max(day) FROM compliance_cache");
    assert_eq!(
        count(
            &db,
            "SELECT count(DISTINCT fingerprint) FROM compliance_cache"
        ),
        1,
        "the old rules' numbers went"
    );
    assert!(with_facts(&db, &today) > 0, "the facts moved with them");
    forget_cache(&app(&db, "admin")).unwrap();
    assert_eq!(kept, lines_under(&db, "chenjing", NOW, rooms_every(3)));
    // back to the built-in rules, then lina's talks past the triggers
    agree(&db, "the rules back", NOW);
    talked_to_behind_the_triggers(&db, "lina", "2026-11-22");
    let kept = lines_under(&db, "chenjing", NOW, rooms_every(3));
    forget_cache(&app(&db, "admin")).unwrap();
    let read = lines_under(&db, "chenjing", NOW, rooms_every(3));
    let lina = |v: &[Line]| v.iter().find(|l| l.0 == "lina").cloned().unwrap();
    assert_ne!(lina(&kept), lina(&read), "the kept facts were evaluated");
}

fn cc_triggers(db: &Path) -> Vec<String> {
    let c = sql(db);
    let mut st = c
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name GLOB 'cc_*' ORDER BY name")
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// A large import (1,000 rows and more) sets the invalidation triggers
/// aside inside its own transaction and empties the cache (a trigger per
/// row made SQLite journal every statement), then fills it again: after it
/// the triggers are back, word for word, every counsellor's numbers are
/// there and agree with a fresh computation; a large import that fails
/// leaves the cache and the triggers as they were.
#[test]
fn a_bulk_import_empties_the_cache_and_brings_the_triggers_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let triggers = cc_triggers(&db);
    assert!(triggers.len() >= 25, "{}", triggers.len());
    let (college_name, class) = sql(&db)
        .query_row(
            "SELECT g.name, c.name FROM classes c JOIN colleges g ON g.id = c.college_id
             JOIN staff t ON t.id = c.counsellor_id WHERE t.login = 'lina' ORDER BY c.id LIMIT 1",
            [],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .unwrap();
    let roster = |n: usize, bad_last: bool| {
        let mut s = String::from("学号,姓名,学院,班级,辅导员\n");
        for i in 0..n {
            let counsellor = if bad_last && i == n - 1 {
                "nobody"
            } else {
                "lina"
            };
            s.push_str(&format!(
                "B{i:05},新生{i},{college_name},{class},{counsellor}\n"
            ));
        }
        s
    };
    agree(&db, "nothing", NOW);
    let before = cached_rows(&db);

    // a failing one: nothing changes, the cache included
    let f = common::write(dir.path(), "bad.csv", roster(1200, true).as_bytes());
    assert!(import_file(&mut app(&db, "admin"), ImportKind::Students, &f, false).is_err());
    assert_eq!(cached_rows(&db), before, "the failed import kept the cache");
    assert_eq!(cc_triggers(&db), triggers);

    // a dry run: the same
    let f = common::write(dir.path(), "big.csv", roster(1200, false).as_bytes());
    let r = import_file(&mut app(&db, "admin"), ImportKind::Students, &f, true).unwrap();
    assert_eq!(r.added, 1200);
    assert_eq!(cached_rows(&db), before, "the dry run kept the cache");
    assert_eq!(cc_triggers(&db), triggers);

    // the import itself: the cache emptied in its transaction, filled again
    // (with today's numbers of every counsellor) before it returns
    let day = one(&db, "SELECT max(day) FROM compliance_cache");
    let r = import_file(&mut app(&db, "admin"), ImportKind::Students, &f, false).unwrap();
    assert_eq!(r.added, 1200);
    assert_eq!(
        cc_triggers(&db),
        triggers,
        "the triggers are back as they were"
    );
    let counsellors = count(
        &db,
        "SELECT count(DISTINCT counsellor_id) FROM classes WHERE counsellor_id IS NOT NULL",
    );
    assert_eq!(
        with_facts(&db, &day),
        counsellors,
        "every counsellor's numbers made again"
    );
    agree(&db, "a bulk import", NOW);

    // and they work again: a talk drops lina's row
    assert!(cached_for(&db, "lina"));
    record_talk(
        &mut app(&db, "lina"),
        &TalkInput {
            student_no: "B00007".into(),
            summary: "入学谈话".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(!cached_for(&db, "lina"), "the restored triggers fire");
    // the audit chain and the record trail still check
    let report = zhiban::app::Database::open(&db).unwrap().check().unwrap();
    assert!(report.chain_intact && report.problems.is_empty());
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}
