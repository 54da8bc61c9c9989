//! The school's read and evaluation split in two (issue 16): the same
//! facts and numbers as on one connection and one thread.

use std::sync::Arc;

use super::*;
use crate::config::{Assets, Lang};
use crate::domain::clock::{FixedClock, from_db};

const NOW: &str = "2026-11-22T15:04:00Z";

fn demo(dir: &std::path::Path) -> App {
    let p = dir.join("demo.db");
    let spec = crate::demo::DemoSpec {
        seed: 1,
        students: 1440,
    };
    crate::demo::create(&p, from_db(NOW).unwrap(), &spec).unwrap();
    let clock = Arc::new(FixedClock(from_db(NOW).unwrap()));
    crate::app::session::open_as(&p, "chenjing", clock, Arc::new(Assets::builtin(Lang::ZhCn)))
        .unwrap()
}

fn sorted(facts: Vec<(i64, Facts)>) -> Vec<String> {
    let mut v: Vec<String> = facts.iter().map(|(id, f)| format!("{id} {f:?}")).collect();
    v.sort();
    v
}

/// The school read with its classes, ledger and rooms on a second
/// connection gives every counsellor what one connection's read gives,
/// and the counsellors asked for beyond the school (more than [`WIDE`] in
/// all, so that the school is read at once) get empty facts either way.
#[test]
fn the_school_read_in_two_halves_is_the_school_read() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path());
    let mut ids = cc::school_counsellors(app.store.conn()).unwrap();
    let real = ids.len();
    assert!(real > 1, "the demo has several counsellors");
    ids.extend((0..=WIDE as i64).map(|k| 1_000_000 + k));
    let snap = Snapshot::begin(app.store.conn()).unwrap();
    let _ = snap.cached("2026-11-22", "-").unwrap();
    let one = sorted(read(&app, &ids, false).unwrap());
    let two = sorted(read(&app, &ids, true).unwrap());
    drop(snap);
    assert_eq!(one.len(), ids.len());
    assert_eq!(one, two);
    // the comparison saw students, classes and rooms (checked and not)
    let school = facts_of(&app, None, None, false).unwrap();
    let rooms: Vec<_> = school.values().flat_map(|f| &f.rooms).collect();
    assert!(rooms.iter().any(|r| r.last_checked.is_some()));
    assert!(rooms.iter().any(|r| r.last_checked.is_none()));
    assert!(school.values().any(|f| !f.students.is_empty()));
    assert!(school.values().any(|f| !f.classes.is_empty()));
}

/// More counsellors than [`WIDE`] are evaluated on two threads: the same
/// numbers, in the same order, facts encoded or decoded as on one; kept
/// facts that no longer decode come back as unreadable, not as numbers.
#[test]
fn evaluation_on_two_threads_is_evaluation_on_one() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path());
    let today = app.today();
    let school: Vec<(i64, Facts)> = facts_of(&app, None, None, false)
        .unwrap()
        .into_iter()
        .collect();
    // the school's counsellors again and again, half of them as kept bytes
    let jobs = || -> Vec<(i64, Source)> {
        (0..=2 * WIDE)
            .map(|k| {
                let (_, f) = &school[k % school.len()];
                let job = if k % 2 == 0 {
                    Source::Read(f.clone())
                } else {
                    Source::Kept(facts_codec::encode(f), FactsIn::Earlier)
                };
                (k as i64, job)
            })
            .collect()
    };
    let (wide, none) = evaluated(&app, today, jobs());
    assert!(none.is_empty());
    assert_eq!(wide.len(), 2 * WIDE + 1);
    let each: Vec<_> = jobs()
        .into_iter()
        .flat_map(|j| evaluated(&app, today, vec![j]).0)
        .collect();
    assert_eq!(format!("{wide:?}"), format!("{each:?}"));
    let mut bad = jobs();
    bad[WIDE + 3].1 = Source::Kept(b"not facts".to_vec(), FactsIn::Earlier);
    let (done, unreadable) = evaluated(&app, today, bad);
    assert_eq!(unreadable, vec![WIDE as i64 + 3]);
    assert_eq!(done.len(), 2 * WIDE);
}
