//! The duty officer's board: the shift (or tonight's roster), items to
//! acknowledge, unanswered escalations, cases opened on duty, follow-ups
//! due by 08:00, tonight's patrols.

use super::{App, Chart, Row, Target, Tile, at_local, when};
use crate::domain::clock::{from_db, to_db};
use crate::domain::duty::duty_date;
use crate::error::Result;
use crate::store::{duty as sd, patrols as sp};

pub(super) fn tiles(app: &App) -> (Vec<Tile>, Vec<Chart>) {
    let tx = &app.assets.text;
    let conn = app.store.conn();
    let offset = app.assets.calendar.utc_offset_hours;
    let night = duty_date(app.now(), offset);
    let mut tiles = Vec::new();
    let tonight = super::super::duty_log::tonight(app);
    let label = |k: &str| tx.t(k).to_string();
    match &tonight {
        Ok(t) => match &t.shift {
            Some(s) => tiles.push(Tile::state(
                label("dash.my_shift"),
                tx.f("dash.shift_open", &[("since", &when(app, &s.opened_at))]),
                vec![Row::new(
                    tx.f(
                        "dash.shift_line",
                        &[
                            ("since", &when(app, &s.opened_at)),
                            ("place", s.location.as_deref().unwrap_or("—")),
                            ("entries", &t.entries.len().to_string()),
                        ],
                    ),
                    Target::Duty,
                )],
            )),
            None => {
                let day = night.to_string();
                let rows = match sd::roster_between(conn, &day, &day) {
                    Ok(r) => r
                        .into_iter()
                        .map(|r| {
                            Row::new(
                                tx.f(
                                    "dash.roster_line",
                                    &[
                                        ("shift", &r.shift),
                                        ("officer", &r.officer),
                                        ("leader", r.leader.as_deref().unwrap_or("—")),
                                    ],
                                ),
                                Target::Duty,
                            )
                        })
                        .collect(),
                    Err(e) => vec![Row::new(
                        tx.f("dash.not_read", &[("reason", &tx.error(&e))]),
                        Target::None,
                    )],
                };
                let mut tile =
                    Tile::state(label("dash.my_shift"), label("dash.shift_closed"), rows);
                tile.alert = true;
                tiles.push(tile);
            }
        },
        Err(e) => tiles.push(Tile::failed(app, label("dash.my_shift"), e)),
    }
    // items handed over and not yet acknowledged
    match &tonight {
        Ok(t) => {
            let pending = match &t.shift {
                Some(_) => Ok(t.pending.clone()),
                None => sd::pending_items(conn, None),
            };
            let items = pending.map(|p| {
                p.into_iter()
                    .map(|i| {
                        let target = i.case_id.map_or(Target::Duty, Target::Case);
                        Row::new(crate::domain::text::safe_line(&i.text).into_owned(), target)
                            .urgent(true)
                    })
                    .collect()
            });
            tiles.push(Tile::read(app, label("dash.to_ack"), items));
            let esc = t
                .escalations
                .iter()
                .filter(|x| x.responded_at.is_none())
                .map(|x| {
                    Row::new(
                        tx.f(
                            "dash.escalation_line",
                            &[("at", &when(app, &x.reported_at)), ("leader", &x.leader)],
                        ),
                        Target::Duty,
                    )
                    .urgent(true)
                })
                .collect();
            tiles.push(Tile::count(label("dash.unanswered"), esc));
            tiles.push(Tile::read(
                app,
                label("dash.cases_on_duty"),
                cases_on_duty(app, t),
            ));
        }
        Err(e) => {
            for k in ["dash.to_ack", "dash.unanswered", "dash.cases_on_duty"] {
                tiles.push(Tile::failed(app, label(k), e));
            }
        }
    }
    tiles.push(Tile::read(
        app,
        label("dash.follow_ups_by_8"),
        follow_ups_by_8(app),
    ));
    tiles.push(Tile::read(
        app,
        label("dash.patrols_tonight"),
        patrols_tonight(app),
    ));
    (tiles, Vec::new())
}

fn cases_on_duty(app: &App, t: &super::super::duty_log::Tonight) -> Result<Vec<Row>> {
    let Some(shift) = &t.shift else {
        return Ok(Vec::new());
    };
    let ids = crate::store::crisis::open_cases_of_shift(app.store.conn(), shift.id)?;
    let open = super::super::crisis_desk::open_cases(app)?;
    Ok(open
        .into_iter()
        .filter(|c| ids.contains(&c.id))
        .map(|c| super::leader::case_row(app, &c))
        .collect())
}

fn follow_ups_by_8(app: &App) -> Result<Vec<Row>> {
    let tx = &app.assets.text;
    let night = duty_date(app.now(), app.assets.calendar.utc_offset_hours);
    let eight = at_local(app, night + chrono::Duration::days(1), 8);
    let mut rows = Vec::new();
    for (f, overdue) in super::super::patrols::open_follow_ups(app)? {
        if from_db(&f.due_at).is_none_or(|d| d > eight) {
            continue;
        }
        let name = super::super::students::name_line(app, f.student_id)?;
        rows.push(
            Row::new(
                tx.f(
                    "dash.follow_up_line",
                    &[
                        ("student", &name),
                        ("status", tx.t(&f.status.i18n_key())),
                        ("due", &when(app, &f.due_at)),
                    ],
                ),
                Target::Student(f.student_id),
            )
            .urgent(overdue),
        );
    }
    Ok(rows)
}

fn patrols_tonight(app: &App) -> Result<Vec<Row>> {
    let tx = &app.assets.text;
    let night = duty_date(app.now(), app.assets.calendar.utc_offset_hours);
    let from = to_db(at_local(app, night, 8));
    let to = to_db(app.now() + chrono::Duration::minutes(1));
    Ok(sp::between(app.store.conn(), &from, &to)?
        .into_iter()
        .map(|p| {
            let state = match &p.finished_at {
                Some(t) => tx.f("dash.patrol_done", &[("at", &when(app, t))]),
                None => tx.t("dash.patrol_walking").to_string(),
            };
            Row::new(
                tx.f(
                    "dash.patrol_line",
                    &[
                        ("building", &p.building),
                        ("staff", &p.staff),
                        ("at", &when(app, &p.started_at)),
                        ("state", &state),
                    ],
                ),
                Target::Patrol,
            )
        })
        .collect())
}
