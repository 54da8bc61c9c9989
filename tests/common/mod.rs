//! Helpers shared by the integration tests: they use the library's public
//! API (and read the database file directly to check what was written).
#![allow(dead_code)]

pub mod pty;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use zhiban::app::{App, Database};
use zhiban::config::{Assets, Lang};
use zhiban::domain::clock::{Clock, FixedClock, from_db};

pub const NOW: &str = "2026-11-22T15:04:00Z";

pub fn clock() -> Arc<dyn Clock> {
    Arc::new(FixedClock(from_db(NOW).unwrap()))
}

/// A fresh database with one admin, `admin`.
pub fn admin_db(dir: &Path) -> PathBuf {
    let p = dir.join("z.db");
    Database::create(&p)
        .unwrap()
        .init(clock().as_ref(), "admin", "管理员")
        .unwrap();
    p
}

/// A session acting as `login` on `db`.
pub fn app(db: &Path, login: &str) -> App {
    zhiban::app::session::open_as(db, login, clock(), Arc::new(Assets::builtin(Lang::ZhCn)))
        .unwrap_or_else(|e| panic!("no session for {login}: {e}"))
}

/// A demo database (seed 1, 1440 students) made with the pinned clock.
pub fn demo_db(dir: &Path) -> PathBuf {
    let p = dir.join("demo.db");
    zhiban::demo::create(
        &p,
        from_db(NOW).unwrap(),
        &zhiban::demo::DemoSpec {
            seed: 1,
            students: 1440,
        },
    )
    .unwrap();
    p
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The database file itself, to check what was written.
pub fn sql(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(db).unwrap()
}

/// Counts rows of a table.
pub fn count(db: &Path, table: &str) -> i64 {
    sql(db)
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// A valid ID number for a body of 17 digits.
pub fn id(body17: &str) -> String {
    format!(
        "{body17}{}",
        zhiban::domain::idcard::check_char(body17).unwrap()
    )
}

/// The path of the built binary.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_zhiban"))
}
