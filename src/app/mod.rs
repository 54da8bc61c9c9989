//! Use cases a person performs, each taking the acting staff member and
//! asking the access policy ([`policy::decide`]) before it reads or writes.

pub mod admin;
pub mod compliance;
pub mod crisis;
pub mod crisis_report;
pub mod demo;
mod demo_crisis;
mod demo_patrols;
mod demo_records;
mod demo_shifts;
pub mod dorm_map;
pub mod duty;
pub mod duty_log;
pub mod export;
pub mod export_records;
pub mod identity;
pub mod import;
pub mod import_records;
pub mod init;
pub mod patrols;
pub mod policy;
pub mod records;
pub mod students;
pub mod timeline;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::assets::Assets;
use crate::domain::clock::{Clock, FixedClock, SystemClock, from_db, local_date};
use crate::domain::staff::Staff;
use crate::error::{Error, Result};
use crate::store::Store;

/// The clock the program runs on: `ZHIBAN_NOW` pins it (tests, demos).
pub fn clock_from_env() -> Result<Arc<dyn Clock>> {
    match std::env::var("ZHIBAN_NOW") {
        Ok(v) if !v.is_empty() => from_db(&v)
            .map(|t| Arc::new(FixedClock(t)) as Arc<dyn Clock>)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "ZHIBAN_NOW={v}: not an RFC 3339 time such as 2026-11-22T23:00:00+08:00"
                ))
            }),
        _ => Ok(Arc::new(SystemClock)),
    }
}

/// A session: the database, the clock, the assets and who is acting.
pub struct App {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub assets: Arc<Assets>,
    pub actor: Staff,
}

impl App {
    pub fn new(store: Store, clock: Arc<dyn Clock>, assets: Arc<Assets>, actor: Staff) -> App {
        App {
            store,
            clock,
            assets,
            actor,
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Today in the school's time zone.
    pub fn today(&self) -> NaiveDate {
        local_date(self.now(), self.assets.calendar.utc_offset_hours)
    }
}
