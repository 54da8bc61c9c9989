//! A process bound to the site (the database the system configuration
//! names): a demo flag someone wrote into the file is not honoured and
//! `check` names it; the overrides are the site's, not the user's. A test
//! binary of its own: binding lasts for the process.

mod common;

use std::sync::Arc;

use common::*;
use zhiban::app::Database;
use zhiban::config::site::{self, Site};
use zhiban::config::{Assets, Lang};

#[test]
fn on_the_sites_database_a_demo_flag_is_tampering_not_a_demo() {
    let dir = tempfile::tempdir().unwrap();
    // a demo database standing as the site's: as if someone who could write
    // the file had set its demo flag to act as anyone
    let db = demo_db(dir.path());
    let over = dir.path().join("site-overrides");
    let cfg = dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "database = {:?}\noverrides = {:?}\n",
            db.display().to_string(),
            over.display().to_string()
        ),
    )
    .unwrap();
    // before binding it is a demo database like any other
    assert!(Database::open(&db).unwrap().is_demo().unwrap());
    // a user's own configuration directory, which must not count here
    // SAFETY: this test binary has one test and no other thread yet
    unsafe { std::env::set_var("ZHIBAN_CONFIG_DIR", dir.path().join("mine")) };
    site::bind(&Site::read(&cfg).unwrap());
    assert_eq!(zhiban::config::paths::config_dir(), Some(over));
    let d = Database::open(&db).unwrap();
    assert!(!d.is_demo().unwrap(), "the flag is not honoured");
    let report = d.check().unwrap();
    assert!(
        report
            .findings
            .iter()
            .any(|m| m.key == "err.site.demo_flag"),
        "{:?}",
        report.findings
    );
    // so neither --as nor a pinned clock works on it
    // SAFETY: as above, one test, one thread
    unsafe { std::env::set_var("ZHIBAN_NOW", "2020-01-01T00:00:00Z") };
    assert!(zhiban::config::clock(d.is_demo().unwrap()).is_err());
    let e = d
        .sign_in(Some("lina"), clock(), Arc::new(Assets::builtin(Lang::En)))
        .err()
        .expect("--as refused");
    assert!(e.to_string().contains("only on demo databases"), "{e}");
}
