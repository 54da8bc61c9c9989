//! The leader's board: open cases, unanswered escalations of the last
//! 24 h, shifts open past their end and roster nights nobody took,
//! counsellors by how far behind, this week's absences; charts of
//! absences per night this month, overdue per counsellor and talks per
//! week.
//!
//! Shifts past their end and roster gaps are the duty desk's own
//! ([`duty_shift::alerts`]); the counsellors behind are the compliance
//! engine's college list, counted as their drill-down counts.

use std::collections::BTreeMap;

use chrono::Datelike;

use super::{App, Chart, Row, Target, Tile, at_local, night_of, talks_chart, when};
use crate::app::crisis_desk::{CaseLine, open_cases};
use crate::app::duty_shift;
use crate::app::policy::{Action, Kind, Relation, allows};
use crate::domain::clock::{from_db, to_db};
use crate::domain::duty::duty_date;
use crate::error::Result;
use crate::store::dashboard as sdb;

/// A case as a line: number, level, current step, overdue in words.
pub(super) fn case_row(app: &App, c: &CaseLine) -> Row {
    let tx = &app.assets.text;
    let text = tx.f(
        "desk.board_line",
        &[
            ("status", tx.t(c.status.i18n_key())),
            ("mark", if c.overdue { tx.t("desk.overdue") } else { "" }),
            ("id", &c.id.to_string()),
            (
                "level",
                &c.level
                    .clone()
                    .unwrap_or_else(|| tx.s("desk.no_level_short")),
            ),
            ("kind", &c.kind_in(tx)),
            ("students", &c.students.join("、")),
            (
                "step",
                &c.step.clone().unwrap_or_else(|| tx.s("desk.no_step")),
            ),
            ("opened", &when(app, &to_db(c.opened))),
        ],
    );
    Row::new(
        crate::domain::text::safe_line(&text).into_owned(),
        Target::Case(c.id),
    )
    .urgent(c.overdue)
}

pub(super) fn case_rows(app: &App) -> Result<Vec<Row>> {
    Ok(open_cases(app)?.iter().map(|c| case_row(app, c)).collect())
}

pub(super) fn tiles(app: &App) -> (Vec<Tile>, Vec<Chart>) {
    let tx = &app.assets.text;
    let label = |k: &str| tx.t(k).to_string();
    let mut tiles = vec![Tile::read(app, label("dash.open_cases"), case_rows(app))];
    let mut charts = Vec::new();
    if allows(&app.actor, Kind::Duty, Action::View, Relation::InScope) {
        tiles.push(Tile::read(
            app,
            label("dash.unanswered_24h"),
            escalations(app),
        ));
        tiles.push(Tile::read(
            app,
            label("dash.shifts_overdue"),
            shifts_past_end(app),
        ));
        tiles.push(Tile::read(app, label("dash.roster_gaps"), roster_gaps(app)));
    }
    match behind(app) {
        Ok((rows, chart)) => {
            tiles.push(Tile::count(label("dash.behind"), rows));
            charts.push(chart);
        }
        Err(e) => tiles.push(Tile::failed(app, label("dash.behind"), &e)),
    }
    if allows(
        &app.actor,
        Kind::PsychReport,
        Action::View,
        Relation::InScope,
    ) {
        tiles.push(super::report_tiles::leader(app));
    }
    match absences(app) {
        Ok((week, chart)) => {
            tiles.push(Tile::count(label("dash.absences_week"), week));
            charts.insert(0, chart);
        }
        Err(e) => tiles.push(Tile::failed(app, label("dash.absences_week"), &e)),
    }
    if let Some(c) = talks_chart(app, None, app.actor.college_id) {
        charts.push(c);
    }
    (tiles, charts)
}

fn escalations(app: &App) -> Result<Vec<Row>> {
    let tx = &app.assets.text;
    let since = to_db(app.now() - chrono::Duration::hours(24));
    Ok(sdb::unanswered_escalations(app.store.conn(), &since)?
        .into_iter()
        .map(|x| {
            Row::new(
                tx.f(
                    "dash.escalation_full",
                    &[
                        ("at", &when(app, &x.reported_at)),
                        ("officer", &x.officer),
                        ("leader", &x.leader),
                        ("text", &crate::domain::text::safe_line(&x.text)),
                    ],
                ),
                Target::Duty,
            )
            .urgent(true)
        })
        .collect())
}

/// Shifts open past their rostered end (08:00 the morning after their
/// night) and the rostered nights of the last week no shift was opened
/// for, as the duty desk computes them ([`duty_shift::alerts`]) and
/// worded as `zhiban duty status` words them.
fn shifts_past_end(app: &App) -> Result<Vec<Row>> {
    let tx = &app.assets.text;
    Ok(duty_shift::alerts(app)?
        .stale
        .into_iter()
        .map(|s| {
            let end = from_db(&s.opened_at)
                .map(|o| when(app, &to_db(duty_shift::rostered_end(app, o))))
                .unwrap_or_default();
            Row::new(
                tx.f(
                    "cli.duty.stale_line",
                    &[
                        ("officer", &s.officer),
                        ("location", s.location.as_deref().unwrap_or("—")),
                        ("opened", &when(app, &s.opened_at)),
                        ("end", &end),
                    ],
                ),
                Target::Duty,
            )
            .urgent(true)
        })
        .collect())
}

fn roster_gaps(app: &App) -> Result<Vec<Row>> {
    let tx = &app.assets.text;
    Ok(duty_shift::alerts(app)?
        .unopened
        .into_iter()
        .map(|r| {
            Row::new(
                tx.f(
                    "cli.duty.unopened_line",
                    &[
                        ("date", &r.date),
                        ("shift", &r.shift),
                        ("officer", &r.officer),
                    ],
                ),
                Target::Duty,
            )
            .urgent(true)
        })
        .collect())
}

/// Counsellors by how far behind (most overdue first), with their college
/// for a school-wide leader; and the chart of it.
fn behind(app: &App) -> Result<(Vec<Row>, Chart)> {
    let tx = &app.assets.text;
    // sorted by how far behind, each with its college
    let list = crate::app::compliance::college(app, None)?.counsellors;
    let school_wide = app.actor.college_id.is_none();
    let rows = list
        .iter()
        .map(|c| {
            let who = if school_wide && !c.college.is_empty() {
                format!("{}（{}）", c.name, c.college)
            } else {
                c.name.clone()
            };
            Row::new(
                tx.f(
                    "dash.behind_line",
                    &[
                        ("name", &who),
                        ("overdue", &c.overdue.to_string()),
                        ("due", &c.due.to_string()),
                        ("students", &c.students.to_string()),
                    ],
                ),
                Target::Todo,
            )
            .urgent(c.overdue > 0)
        })
        .collect();
    let chart = Chart {
        title: tx.t("dash.chart_behind").to_string(),
        bars: list
            .iter()
            .map(|c| (c.name.clone(), c.overdue as u64))
            .collect(),
        series: false,
    };
    Ok((rows, chart))
}

/// This week's absences (a row each), and the chart of absences per night
/// of this month.
fn absences(app: &App) -> Result<(Vec<Row>, Chart)> {
    let tx = &app.assets.text;
    let offset = app.assets.calendar.utc_offset_hours;
    let tonight = duty_date(app.now(), offset);
    let month = tonight.with_day(1).unwrap_or(tonight);
    let monday = tonight - chrono::Duration::days(tonight.weekday().num_days_from_monday() as i64);
    let from = month.min(monday);
    let all = sdb::absences_since(
        app.store.conn(),
        &to_db(at_local(app, from, 8)),
        app.actor.college_id,
    )?;
    let mut per_night: BTreeMap<chrono::NaiveDate, u64> = BTreeMap::new();
    let mut d = month;
    while d <= tonight {
        per_night.insert(d, 0);
        d += chrono::Duration::days(1);
    }
    let mut week = Vec::new();
    for a in all {
        let Some(night) = night_of(app, &a.raised_at) else {
            continue;
        };
        if let Some(n) = per_night.get_mut(&night) {
            *n += 1;
        }
        if night >= monday {
            let status = crate::domain::patrol::Presence::from_code(&a.status)
                .map_or_else(|| a.status.clone(), |p| tx.s(&p.i18n_key()));
            week.push(Row::new(
                tx.f(
                    "dash.absence_line",
                    &[
                        ("night", &night.format("%m-%d").to_string()),
                        ("student", &a.name),
                        ("status", &status),
                    ],
                ),
                Target::Student(a.student_id),
            ));
        }
    }
    let chart = Chart {
        title: tx.t("dash.chart_absences").to_string(),
        bars: per_night
            .into_iter()
            .map(|(d, n)| (d.day().to_string(), n))
            .collect(),
        series: true,
    };
    Ok((week, chart))
}
