//! Use cases a person performs, each taking the acting staff member and
//! asking the access policy ([`policy::decide`]) before it reads or writes.

pub mod admin;
pub mod affordances;
pub mod aid;
pub mod aid_report;
pub mod audit;
pub mod compliance;
mod compliance_counts;
mod compliance_words;
pub mod crisis;
pub mod crisis_contacts;
pub mod crisis_desk;
pub mod dashboard;
pub mod draft_sessions;
pub mod drafts;
pub mod duty;
pub mod duty_displaced;
pub mod duty_log;
pub mod duty_owned;
pub mod duty_shift;
pub mod follow_up_contacts;
pub mod identity;
mod init;
pub mod past_records;
mod patrol_reads;
pub mod patrols;
pub mod policy;
pub mod record_context;
pub mod records;
pub mod reminders;
pub mod report_filings;
pub mod rosters;
pub mod session;
pub mod student_list;
pub mod students;
pub mod timeline;
pub mod work_list;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::config::Assets;
use crate::domain::clock::{Clock, local_date};
use crate::domain::staff::Staff;
use crate::store::Store;

pub use session::Database;

/// A session: the database, the clock, the assets and who is acting.
pub struct App {
    pub(crate) store: Store,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) assets: Arc<Assets>,
    pub(crate) actor: Staff,
}

impl App {
    pub(crate) fn new(
        mut store: Store,
        clock: Arc<dyn Clock>,
        assets: Arc<Assets>,
        actor: Staff,
    ) -> App {
        store.guard_for(&actor);
        App {
            store,
            clock,
            assets,
            actor,
        }
    }

    /// Who is acting.
    pub fn actor(&self) -> &Staff {
        &self.actor
    }

    /// The school's assets (catalogue, calendar, rules, checklists, SOPs).
    pub fn assets(&self) -> &Assets {
        &self.assets
    }

    /// The assets, shared (for a thread of the front end's own).
    pub fn assets_arc(&self) -> Arc<Assets> {
        self.assets.clone()
    }

    /// The clock the session runs on.
    pub fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Today in the school's time zone.
    pub fn today(&self) -> NaiveDate {
        local_date(self.now(), self.assets.calendar.utc_offset_hours)
    }
}
