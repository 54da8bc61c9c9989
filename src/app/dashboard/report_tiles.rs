//! The psych weekly and monthly reports on the boards: handed in or not,
//! for this period (and the one before in the drill-down), from
//! [`crate::app::report_filings`].

use chrono::Datelike;

use super::{App, Row, Target, Tile};
use crate::app::report_filings::{self as rf, How};
use crate::domain::period::Period;
use crate::error::Result;
use crate::store::org;

/// `第47周` / `11月`.
fn period_name(app: &App, weekly: bool, p: &Period) -> String {
    let tx = &app.assets.text;
    let (first, _) = p.bounds();
    if weekly {
        tx.f(
            "dash.week_n",
            &[("n", &first.iso_week().week().to_string())],
        )
    } else {
        tx.f("dash.month_n", &[("n", &first.month().to_string())])
    }
}

/// The state of one report of one period: the words, and whether it is
/// late (not handed in, past its day).
fn state(app: &App, weekly: bool, p: &Period, college: Option<i64>) -> Result<(String, bool)> {
    let tx = &app.assets.text;
    let name = period_name(app, weekly, p);
    let due = if weekly {
        rf::weekly_due(p)
    } else {
        rf::monthly_due(p)
    };
    let date = due.format("%m-%d").to_string();
    Ok(match rf::latest(app, weekly, p, college)? {
        Some(f) => (
            tx.f(
                match f.how {
                    How::Export => "dash.report_exported",
                    How::Marked => "dash.report_marked",
                },
                &[("period", &name), ("on", &f.on), ("by", &f.by)],
            ),
            false,
        ),
        None if app.today() > due => (
            tx.f("dash.report_late", &[("period", &name), ("date", &date)]),
            true,
        ),
        None => (
            tx.f("dash.report_open", &[("period", &name), ("date", &date)]),
            false,
        ),
    })
}

/// This period and the one before, as the tile's rows.
fn rows(app: &App, weekly: bool, college: Option<i64>, prefix: &str) -> Result<Vec<Row>> {
    let cal = &app.assets.calendar;
    let today = app.today();
    let now = if weekly {
        Period::week_of(today)
    } else {
        Period::month_of(today)
    };
    let before = now.step(cal, -1);
    let mut out = Vec::new();
    for p in [now, before] {
        let (text, late) = state(app, weekly, &p, college)?;
        out.push(Row::new(format!("{prefix}{text}"), Target::None).urgent(late));
    }
    Ok(out)
}

/// The psych specialist's tile of the weekly (or monthly) report of their
/// college: the value is this period's state, the rows this one's and the
/// last one's.
pub(super) fn own(app: &App, weekly: bool) -> Tile {
    let tx = &app.assets.text;
    let label = tx
        .t(if weekly {
            "dash.weekly_report"
        } else {
            "dash.monthly_report"
        })
        .to_string();
    match rows(app, weekly, app.actor.college_id, "") {
        Ok(rows) => {
            let value = rows.first().map(|r| r.text.clone()).unwrap_or_default();
            let alert = rows.first().is_some_and(|r| r.urgent);
            let mut t = Tile::state(label, value, rows);
            t.alert = alert;
            t
        }
        Err(e) => Tile::failed(app, label, &e),
    }
}

/// The leader's tile: both reports of this period and the one before, for
/// their college, or for each college of a school-wide leader.
pub(super) fn leader(app: &App) -> Tile {
    let tx = &app.assets.text;
    let label = tx.t("dash.psych_reports").to_string();
    let read = || -> Result<Vec<Row>> {
        let colleges: Vec<(Option<i64>, String)> = match app.actor.college_id {
            Some(c) => vec![(Some(c), String::new())],
            None => org::colleges(app.store.conn())?
                .into_iter()
                .map(|(id, name)| (Some(id), format!("{name} ")))
                .collect(),
        };
        let mut out = Vec::new();
        for (c, name) in colleges {
            out.extend(rows(app, true, c, &name)?);
            out.extend(rows(app, false, c, &name)?);
        }
        Ok(out)
    };
    match read() {
        Ok(rows) => {
            let late = rows.iter().filter(|r| r.urgent).count();
            let value = if late == 0 {
                tx.t("dash.reports_none_late").to_string()
            } else {
                tx.f("dash.reports_late_n", &[("n", &late.to_string())])
            };
            let mut t = Tile::state(label, value, rows);
            t.alert = late > 0;
            t
        }
        Err(e) => Tile::failed(app, label, &e),
    }
}
