//! The school-wide reads of the compliance engine (every college at once,
//! issue 16) give each counsellor the facts her own 待办 reads: the same
//! students with the same marks and flags, the same classes and ledger,
//! the same rooms with the same latest check, in the same order.

mod common;

use common::{app, demo_db};
use zhiban::app::compliance::facts_by_counsellor;

#[test]
fn each_counsellors_facts_are_the_same_read_for_her_her_college_or_the_school() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let a = app(&db, "chenjing");
    let school = facts_by_counsellor(&a, None, None).unwrap();
    assert!(school.len() > 1, "the demo has several counsellors");
    let (mut rooms, mut checked, mut students) = (0, 0, 0);
    for (id, wide) in &school {
        let own = facts_by_counsellor(&a, Some(*id), None)
            .unwrap()
            .remove(id)
            .unwrap();
        assert_eq!(format!("{wide:?}"), format!("{own:?}"), "counsellor {id}");
        rooms += own.rooms.len();
        checked += own
            .rooms
            .iter()
            .filter(|r| r.last_checked.is_some())
            .count();
        students += own.students.len();
    }
    // the comparison saw rooms checked and never checked, and students
    assert!(
        rooms > checked && checked > 0 && students > 0,
        "{rooms} {checked} {students}"
    );
    // a college's read gives its counsellors the same facts again
    let lina = zhiban::app::compliance::for_counsellor(&app(&db, "lina"), None)
        .unwrap()
        .0;
    let college = lina.college_id.expect("lina has a college");
    let of_college = facts_by_counsellor(&a, None, Some(college)).unwrap();
    assert!(of_college.contains_key(&lina.id));
    for (id, f) in &of_college {
        assert_eq!(
            format!("{f:?}"),
            format!("{:?}", school[id]),
            "counsellor {id}"
        );
    }
}
