//! The psych weekly and monthly reports handed in (`psych.weekly-report`,
//! `psych.monthly-report`): recorded when the psych specialist exports one
//! of a period to a file (the 报表 screen's `e`, `zhiban report weekly
//! -o FILE`) or marks it handed in (the 报表 screen's `x`).
//!
//! A table of its own (`report_filings`), not the audit log: the log's
//! `report.weekly` row is written whenever a report is *built*, which the
//! 报表 screen does for every preview, so it cannot tell a glance from a
//! report handed in; and the boards would have to scan and parse the whole
//! append-only log for it. The filing is one indexed row, written with its
//! own audit row (`report.filed`) in the same transaction.

use chrono::{Datelike, Duration, NaiveDate};
use serde_json::json;

use super::App;
use crate::domain::clock::{from_db, school_tz, to_db};
use crate::domain::period::Period;
use crate::domain::staff::Role;
use crate::error::Result;
use crate::store::AuditEntry;
use crate::store::report_filings as st;

/// How a report was handed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Written to a file.
    Export,
    /// Marked handed in by hand (sent some other way).
    Marked,
}

impl How {
    fn code(self) -> &'static str {
        match self {
            How::Export => "export",
            How::Marked => "marked",
        }
    }
}

/// The latest filing of a report of a period, as the boards show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filing {
    /// School-local day, `MM-DD`.
    pub on: String,
    /// Who (name).
    pub by: String,
    pub how: How,
}

/// Does the actor hand the psych reports in (the psych specialist of a
/// college)? Only their exports count as handed in.
pub fn files(app: &App) -> bool {
    app.actor.has(Role::PsychSpecialist) && app.actor.college_id.is_some()
}

fn kind_code(weekly: bool) -> &'static str {
    if weekly { "weekly" } else { "monthly" }
}

/// Records that the actor handed in the weekly (or monthly) report of
/// `period` for their college. Does nothing for an actor who does not
/// hand reports in ([`files`]).
pub fn record(app: &mut App, weekly: bool, period: &Period, how: How) -> Result<()> {
    if !files(app) {
        return Ok(());
    }
    let (actor, by, college, now) = (
        app.actor.login.clone(),
        app.actor.id,
        app.actor.college_id,
        app.now(),
    );
    let (at, code, kind) = (to_db(now), period.code(), kind_code(weekly));
    app.store.write(&actor, now, |tx| {
        let id = st::insert(tx, kind, &code, college, by, &at, how.code())?;
        Ok((
            (),
            vec![AuditEntry::new(
                "report.filed",
                "report_filing",
                Some(id.to_string()),
                json!({"report": kind, "period": code, "how": how.code()}),
            )],
        ))
    })
}

/// The latest filing of the weekly (or monthly) report of `period` for
/// `college`, if any.
pub fn latest(
    app: &App,
    weekly: bool,
    period: &Period,
    college: Option<i64>,
) -> Result<Option<Filing>> {
    let offset = app.assets.calendar.utc_offset_hours;
    Ok(
        st::latest(app.store.conn(), kind_code(weekly), &period.code(), college)?.map(|r| Filing {
            on: from_db(&r.filed_at)
                .map(|t| {
                    t.with_timezone(&school_tz(offset))
                        .format("%m-%d")
                        .to_string()
                })
                .unwrap_or(r.filed_at),
            by: r.by,
            how: if r.how == "marked" {
                How::Marked
            } else {
                How::Export
            },
        }),
    )
}

/// The week's report is due on its Friday.
pub fn weekly_due(period: &Period) -> NaiveDate {
    let (mon, _) = period.bounds();
    mon + Duration::days(4)
}

/// The month's report is due by the 28th.
pub fn monthly_due(period: &Period) -> NaiveDate {
    let (first, _) = period.bounds();
    first.with_day(28).unwrap_or(first)
}
