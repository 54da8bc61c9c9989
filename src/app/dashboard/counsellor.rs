//! The counsellor's board: overdue and due from the compliance engine
//! (the same evaluation as `zhiban compliance`), open follow-ups, rooms
//! due for a check, key-concern students without a talk this week, open
//! cases; talks per week of this semester.

use super::{App, Chart, Row, Target, Tile, talks_chart};
use std::collections::HashMap;

use crate::app::compliance;
use crate::domain::compliance::{RuleResult, State, Subject};
use crate::domain::patrol::RoomDue;
use crate::error::Result;

/// The lines of the 待办 (as screen 4 and a leader's list count them:
/// [`compliance::todo_lines`], rooms one line per building) in state
/// `state` (of rule `rule` when given), each leading to its student, its
/// building, else the 待办.
pub(super) fn findings(
    app: &App,
    results: &[RuleResult],
    state: &[State],
    rule: Option<&str>,
) -> Vec<Row> {
    let ids: HashMap<&str, i64> = results
        .iter()
        .flat_map(|r| &r.findings)
        .filter_map(|f| match &f.subject {
            Subject::Student { id, no, .. } => Some((no.as_str(), *id)),
            _ => None,
        })
        .collect();
    let states: Vec<&str> = state.iter().map(|s| s.code()).collect();
    compliance::todo_lines(app, results)
        .into_iter()
        .filter(|l| states.contains(&l.state) && rule.is_none_or(|r| r == l.rule))
        .map(|l| {
            let target = match (&l.building, &l.student_no) {
                (Some(b), _) => Target::Building(b.clone()),
                (None, Some(no)) => ids
                    .get(no.as_str())
                    .map_or(Target::Todo, |id| Target::Student(*id)),
                _ => Target::Todo,
            };
            let due = l
                .due
                .as_deref()
                .and_then(crate::domain::student::parse_date)
                .map(|d| format!(" · {}", d.format("%m-%d")))
                .unwrap_or_default();
            let text = if l.building.is_some() {
                format!("{} · {}{due}", l.subject, l.detail)
            } else {
                format!("{} · {} · {}{due}", l.subject, l.title, l.detail)
            };
            Row::new(text, target).urgent(l.state == "overdue")
        })
        .collect()
}

pub(super) fn tiles(app: &App) -> (Vec<Tile>, Vec<Chart>) {
    let tx = &app.assets.text;
    let label = |k: &str| tx.t(k).to_string();
    let mut tiles = Vec::new();
    match compliance::for_counsellor(app, None) {
        Ok((_, results)) => {
            tiles.push(Tile::count(
                label("dash.overdue"),
                findings(app, &results, &[State::Overdue], None),
            ));
            tiles.push(Tile::count(
                label("dash.due"),
                findings(app, &results, &[State::Due], None),
            ));
            tiles.push(Tile::count(
                label("dash.key_no_talk"),
                findings(
                    app,
                    &results,
                    &[State::Overdue, State::Due],
                    Some("talk.key-concern"),
                ),
            ));
        }
        Err(e) => {
            for k in ["dash.overdue", "dash.due", "dash.key_no_talk"] {
                tiles.push(Tile::failed(app, label(k), &e));
            }
        }
    }
    tiles.push(Tile::read(
        app,
        label("dash.open_follow_ups"),
        follow_ups(app),
    ));
    tiles.push(Tile::read(app, label("dash.rooms_due"), rooms_due(app)));
    tiles.push(Tile::read(
        app,
        label("dash.my_cases"),
        super::leader::case_rows(app),
    ));
    let charts = talks_chart(app, Some(app.actor.id), None)
        .into_iter()
        .collect();
    (tiles, charts)
}

pub(super) fn follow_ups(app: &App) -> Result<Vec<Row>> {
    let tx = &app.assets.text;
    let mut rows = Vec::new();
    for (f, overdue) in crate::app::patrols::open_follow_ups(app)? {
        let name = crate::app::students::name_line(app, f.student_id)?;
        rows.push(
            Row::new(
                tx.f(
                    "dash.follow_up_line",
                    &[
                        ("student", &name),
                        ("status", tx.t(&f.status.i18n_key())),
                        ("due", &super::when(app, &f.due_at)),
                    ],
                ),
                Target::Student(f.student_id),
            )
            .urgent(overdue),
        );
    }
    Ok(rows)
}

fn rooms_due(app: &App) -> Result<Vec<Row>> {
    let tx = &app.assets.text;
    Ok(crate::app::patrols::biweekly(app)?
        .into_iter()
        .filter_map(|(r, due)| match due {
            RoomDue::Overdue { days_since } => Some(Row::new(
                tx.f(
                    "dash.room_line",
                    &[
                        ("building", &r.building),
                        ("room", &r.number),
                        (
                            "days",
                            &days_since.map_or_else(|| tx.s("dash.never"), |d| d.to_string()),
                        ),
                    ],
                ),
                Target::Building(r.building.clone()),
            )),
            RoomDue::Checked { .. } => None,
        })
        .collect())
}
