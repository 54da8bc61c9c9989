//! A staff member's student list reads only their scope in SQL when the
//! policy refuses students outside it; the list is still exactly the
//! students the policy lets them see, one by one.

mod common;

use common::{app, demo_db};
use zhiban::app::students::{list, visible};

#[test]
fn each_logins_list_is_every_student_the_policy_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let all: Vec<i64> = list(&app(&db, "admin"))
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert!(all.len() > 10);
    for login in [
        "lina", "sunpeng", "zhouhui", "wuqiang", "liuyang", "chenjing",
    ] {
        let a = app(&db, login);
        let mut got: Vec<i64> = list(&a).unwrap().iter().map(|s| s.id).collect();
        let mut want: Vec<i64> = all
            .iter()
            .copied()
            .filter(|id| visible(&a, *id).unwrap().is_some())
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{login}");
        assert!(!got.is_empty(), "{login} sees students");
    }
}
