//! A report's preview is built once, and off the key path when there is a
//! loop to wake.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use zhiban::config::Lang;
use zhiban::io::reports;

use super::Previews;
use crate::tui::tests::{demo_db, session};

#[test]
fn a_preview_is_built_once_and_kept_until_forgotten() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut app = session(&db, "zhouhui", Lang::ZhCn);
    let today = app.today();
    let kinds = reports::available(app.actor());
    assert!(kinds.len() >= 2, "{kinds:?}");
    let mut p = Previews::inline();
    for _ in 0..3 {
        for k in &kinds {
            let built = p.get(&mut app, *k, &k.default_period(today));
            assert!(matches!(built, Some(Ok(_))), "{k:?}");
        }
    }
    assert_eq!(p.builds, kinds.len(), "each built once, then kept");
    p.forget();
    p.get(&mut app, kinds[0], &kinds[0].default_period(today));
    assert_eq!(p.builds, kinds.len() + 1, "built afresh when shown again");
}

#[test]
fn in_the_background_a_move_does_not_wait_for_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut app = session(&db, "zhouhui", Lang::ZhCn);
    let today = app.today();
    let k = reports::available(app.actor())[0];
    let (tx, rx) = mpsc::channel();
    let tx = Mutex::new(tx);
    let mut p = Previews::background(Arc::new(move || {
        let _ = tx.lock().unwrap().send(());
    }));
    assert!(
        p.get(&mut app, k, &k.default_period(today)).is_none(),
        "asked of the thread, not built on the key path"
    );
    rx.recv_timeout(Duration::from_secs(60))
        .expect("the thread says it is done");
    p.collect();
    let built = p.get(&mut app, k, &k.default_period(today));
    assert!(matches!(built, Some(Ok(_))));
    assert_eq!(p.builds, 1);
    // what was built before the screen was shown again is not kept
    p.forget();
    assert!(p.get(&mut app, k, &k.default_period(today)).is_none());
}
