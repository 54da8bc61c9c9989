//! The counsellor's board: overdue and due from the compliance engine
//! (the same evaluation as `zhiban compliance`), open follow-ups, rooms
//! due for a check, key-concern students without a talk this week, open
//! cases; talks per week of this semester.

use super::{App, Chart, Row, Target, Tile, talks_chart};
use crate::app::compliance::{self, subject_text, why_text};
use crate::domain::compliance::{RuleResult, State, Subject};
use crate::domain::patrol::RoomDue;
use crate::error::Result;

/// Where a finding leads: its student, the building of its room, else 待办.
fn target(s: &Subject) -> Target {
    match s {
        Subject::Student { id, .. } => Target::Student(*id),
        Subject::Room { label } => Target::Building(
            label
                .rsplit_once(' ')
                .map_or(label.as_str(), |(b, _)| b)
                .to_string(),
        ),
        _ => Target::Todo,
    }
}

/// The findings of `results` in state `state` (of rule `rule` when given).
pub(super) fn findings(
    app: &App,
    results: &[RuleResult],
    state: &[State],
    rule: Option<&str>,
) -> Vec<Row> {
    let mut rows = Vec::new();
    for r in results {
        if rule.is_some_and(|x| x != r.rule) {
            continue;
        }
        let title = app
            .assets
            .rules
            .get(&r.rule)
            .map(|x| x.title.clone())
            .unwrap_or_else(|| r.rule.clone());
        for f in r.findings.iter().filter(|f| state.contains(&f.state)) {
            let due = f.due.map(|d| d.format("%m-%d").to_string());
            let text = format!(
                "{} · {} · {}{}",
                subject_text(&f.subject),
                title,
                why_text(app, &f.why),
                due.map(|d| format!(" · {d}")).unwrap_or_default()
            );
            rows.push(Row::new(text, target(&f.subject)).urgent(f.state == State::Overdue));
        }
    }
    rows
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
