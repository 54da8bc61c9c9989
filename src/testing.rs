//! Helpers shared by the library's own tests (imports, patrols, several
//! processes at once): fresh databases, sessions and fixtures.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::app::App;
use crate::config::{Assets, Lang};
use crate::domain::clock::{Clock, FixedClock, from_db};
use crate::store::{Store, org};

pub const NOW: &str = "2026-11-22T15:04:00Z";

pub fn clock() -> Arc<dyn Clock> {
    Arc::new(FixedClock(from_db(NOW).unwrap()))
}

/// A fresh database with one admin, `admin`.
pub fn admin_db(dir: &Path) -> PathBuf {
    let p = dir.join("z.db");
    let mut s = Store::open(&p).unwrap();
    crate::app::session::init_store(&mut s, clock().as_ref(), "admin", "管理员").unwrap();
    p
}

/// A session acting as `login` on `db`.
pub fn app(db: &Path, login: &str) -> App {
    let store = Store::open(db).unwrap();
    let actor = org::staff_by_login(store.conn(), login)
        .unwrap()
        .unwrap_or_else(|| panic!("no staff {login}"));
    App::new(store, clock(), Arc::new(Assets::builtin(Lang::ZhCn)), actor)
}

/// A demo database (seed 1, 1440 students) made with the pinned clock.
pub fn demo_db(dir: &Path) -> PathBuf {
    let p = dir.join("demo.db");
    crate::demo::create(
        &p,
        from_db(NOW).unwrap(),
        &crate::demo::DemoSpec {
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

/// Counts rows of a table.
pub fn count(db: &Path, table: &str) -> i64 {
    let s = Store::open(db).unwrap();
    s.conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// A valid ID number for a body of 17 digits.
pub fn id(body17: &str) -> String {
    format!(
        "{body17}{}",
        crate::domain::idcard::check_char(body17).unwrap()
    )
}
