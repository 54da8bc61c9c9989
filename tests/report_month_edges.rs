//! The monthly report counts the talks held in its month by school time,
//! for one college and for every college (two differently shaped reads,
//! issue 16): a talk just before midnight on the last day of the month
//! before, and just after midnight on the first day of the next, is not
//! counted; those on the first and last day are.

mod common;

use common::*;

/// 2027-01-02 10:00 school time: after every talk the test writes.
const JAN: &str = "2027-01-02T02:00:00Z";

/// The figure on a summary line of the Markdown ("| 谈话次数 | 3 |").
fn figure(md: &str, item: &str) -> i64 {
    md.lines()
        .find_map(|l| {
            l.strip_prefix(&format!("| {item} | "))
                .and_then(|r| r.trim_end_matches(" |").trim().parse().ok())
        })
        .unwrap_or_else(|| panic!("no line {item} in\n{md}"))
}

fn monthly(db: &std::path::Path, login: &str) -> i64 {
    let md = ok(z_as(
        db,
        JAN,
        login,
        &["--lang", "zh-CN", "report", "monthly", "--month", "2026-12"],
    ));
    figure(&md, "谈话次数")
}

#[test]
fn a_months_talks_are_those_held_from_its_first_to_its_last_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // the demo holds no talk in December
    assert_eq!(monthly(&db, "zhouhui"), 0);
    let school = monthly(&db, "chenjing");
    // a student of another college than lina's (信息工程学院)
    let other: String = sql(&db)
        .query_row(
            "SELECT s.student_no FROM students s JOIN classes c ON c.id = s.class_id
             JOIN staff k ON k.id = c.counsellor_id
             WHERE s.college_id <> (SELECT college_id FROM staff WHERE login = 'lina')
             ORDER BY s.student_no LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let counsellor: String = sql(&db)
        .query_row(
            "SELECT k.login FROM students s JOIN classes c ON c.id = s.class_id
             JOIN staff k ON k.id = c.counsellor_id WHERE s.student_no = ?1",
            [&other],
            |r| r.get(0),
        )
        .unwrap();
    for (who, no, at) in [
        ("lina", "20230100001", "2026-11-30 23:50"),
        ("lina", "20230100001", "2026-12-01 00:10"),
        ("lina", "20230100004", "2026-12-31 23:50"),
        ("lina", "20230100004", "2027-01-01 00:10"),
        (counsellor.as_str(), other.as_str(), "2026-12-15 10:00"),
    ] {
        ok(z_as(
            &db,
            JAN,
            who,
            &["talk", no, "谈了近况", "--at", at, "--kind", "日常谈心"],
        ));
    }
    // lina's college: the first and the last day of December
    assert_eq!(monthly(&db, "zhouhui"), 2);
    // every college: those two and the other college's
    assert_eq!(monthly(&db, "chenjing"), school + 3);
}
