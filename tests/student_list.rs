//! The packed student list gives back, for every role, exactly the views
//! `app::students` decides (masking, the flags a role may see, guardians
//! never listed), and finds the same students as an index over the views.

mod common;

use common::{app, demo_db};
use zhiban::app::student_list::{self, StudentList};
use zhiban::app::students::{self, Shown};

const LOGINS: [&str; 8] = [
    "lina", "sunpeng", "mali", "zhouhui", "wuqiang", "liuyang", "chenjing", "admin",
];

#[test]
fn every_role_gets_back_the_views_the_policy_decided() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut masked = 0;
    let mut flagged = 0;
    for login in LOGINS {
        let a = app(&db, login);
        let views = students::list(&a).unwrap();
        let (list, mut index) = student_list::load(&a).unwrap();
        assert_eq!(list.len(), views.len(), "{login}");
        assert!(!views.is_empty(), "{login} sees students");
        for (i, v) in views.iter().enumerate() {
            let mut want = v.clone();
            want.guardians.clear();
            assert_eq!(list.view(i).as_ref(), Some(&want), "{login} #{i}");
            let b = list.brief(i).unwrap();
            assert_eq!(
                (b.id, b.student_no, b.name, b.class, b.flags),
                (
                    v.id,
                    v.student_no.as_str(),
                    v.name.as_str(),
                    v.class.as_deref(),
                    &v.flags[..]
                ),
                "{login} #{i}"
            );
            masked += usize::from(matches!(v.phone, Shown::Masked { .. }));
            flagged += usize::from(!v.flags.is_empty());
        }
        let last = views.last().unwrap();
        assert_eq!(list.by_no(&last.student_no).map(|v| v.id), Some(last.id));
        assert_eq!(list.by_no("no-such-number"), None);
        // the same students found, in the same order, as an index made
        // from the full views
        let mut from_views = students::search_index(&views);
        for q in ["zhang", "zs", "3-5", &last.student_no, &last.name] {
            assert_eq!(index.query(q), from_views.query(q), "{login} {q}");
        }
    }
    assert!(masked > 0, "some phone is shown masked");
    assert!(flagged > 0, "some flag is shown");
}

#[test]
fn a_changed_student_is_listed_as_changed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let a = app(&db, "lina");
    let views = students::list(&a).unwrap();
    let mut list = StudentList::from(views.as_slice());
    let mut v = views[3].clone();
    v.name = "新名字".into();
    v.class = Some("新班级2601".into());
    v.phone = Shown::Plain("13800000000".into());
    v.flags.clear();
    list.update(&v);
    assert_eq!(list.view(3), Some(v.clone()));
    assert_eq!(list.brief(3).unwrap().class, Some("新班级2601"));
    // the others are as they were
    assert_eq!(list.view(2).as_ref(), Some(&views[2]));
    assert_eq!(list.view(4).as_ref(), Some(&views[4]));
}
