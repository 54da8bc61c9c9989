//! The psych and aid specialists' boards. Both read the students the
//! actor may see (the directory, already filtered by the access policy)
//! and the per-student marks of the store.
//! The aid board's financially difficult students are the aid
//! specialist's own list ([`crate::app::aid::roster`]): this academic
//! year's home visits and growth-file entries.
//!
//! The weekly and monthly psych reports: handed in or not
//! ([`super::report_tiles`]).

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;

use super::{App, Chart, Row, Target, Tile, talks_chart};
use crate::app::student_list::{Brief, StudentList};
use crate::domain::student::{FlagKind, SpecialGroup};
use crate::error::Result;
use crate::store::records as rec;

/// The students a read of the marks gives, by id: (last talk, last home visit).
/// A student's (last talk, last home visit).
type Marks = (Option<String>, Option<String>);

fn marks(app: &App) -> Result<HashMap<i64, Marks>> {
    Ok(rec::marks(app.store.conn(), None, app.actor.college_id)?
        .into_iter()
        .map(|m| (m.id, (m.last_talk_on, m.last_home_visit_on)))
        .collect())
}

fn loading(app: &App, label: String) -> Tile {
    let tx = &app.assets.text;
    Tile::state(label, tx.t("status.loading").to_string(), Vec::new())
}

fn who(s: &Brief<'_>) -> String {
    match s.class {
        Some(c) => format!("{} {} {}", s.name, s.student_no, c),
        None => format!("{} {}", s.name, s.student_no),
    }
}

pub(super) fn psych(app: &App, students: Option<&StudentList>) -> (Vec<Tile>, Vec<Chart>) {
    let tx = &app.assets.text;
    let label = |k: &str| tx.t(k).to_string();
    let mut tiles = vec![Tile::read(
        app,
        label("dash.open_cases"),
        super::leader::case_rows(app),
    )];
    match students {
        None => tiles.push(loading(app, label("dash.key_concern"))),
        Some(all) => match marks(app) {
            Err(e) => tiles.push(Tile::failed(app, label("dash.key_concern"), &e)),
            Ok(m) => {
                let mut by_level: BTreeMap<String, Vec<Row>> = BTreeMap::new();
                for s in all.briefs() {
                    let Some(f) = s.flags.iter().find(|f| f.kind == FlagKind::KeyConcern) else {
                        continue;
                    };
                    let last = m
                        .get(&s.id)
                        .and_then(|x| x.0.clone())
                        .unwrap_or_else(|| tx.s("dash.never"));
                    by_level
                        .entry(f.level.clone().unwrap_or_else(|| tx.s("dash.no_level")))
                        .or_default()
                        .push(Row::new(
                            tx.f("dash.key_line", &[("student", &who(&s)), ("last", &last)]),
                            Target::Student(s.id),
                        ));
                }
                if by_level.is_empty() {
                    tiles.push(Tile::count(label("dash.key_concern"), Vec::new()));
                }
                // 一级 (the highest) first, as the levels are numbered
                let rank = |l: &str| {
                    l.chars()
                        .find_map(|c| "一二三四五".chars().position(|x| x == c))
                        .unwrap_or(9)
                };
                let mut by_level: Vec<(String, Vec<Row>)> = by_level.into_iter().collect();
                by_level.sort_by_key(|(l, _)| rank(l));
                for (level, rows) in by_level {
                    tiles.push(Tile::count(
                        tx.f("dash.key_level", &[("level", &level)]),
                        rows,
                    ));
                }
            }
        },
    }
    tiles.push(super::report_tiles::own(app, true));
    tiles.push(super::report_tiles::own(app, false));
    tiles.push(Tile::read(
        app,
        label("dash.crisis_month"),
        crisis_month(app),
    ));
    let charts = talks_chart(app, None, app.actor.college_id)
        .into_iter()
        .collect();
    (tiles, charts)
}

/// Cases opened this month that the actor may see.
fn crisis_month(app: &App) -> Result<Vec<Row>> {
    let today = app.today();
    let tz = crate::domain::clock::school_tz(app.assets.calendar.utc_offset_hours);
    // only this month's cases are read in full
    let first = today.with_day(1).unwrap_or(today);
    Ok(
        crate::app::crisis_desk::cases_opened_since(app, super::at_local(app, first, 0))?
            .iter()
            .filter(|c| {
                let d = c.opened.with_timezone(&tz).date_naive();
                d.year() == today.year() && d.month() == today.month()
            })
            .map(|c| super::leader::case_row(app, c))
            .collect(),
    )
}

pub(super) fn aid(app: &App, students: Option<&StudentList>) -> (Vec<Tile>, Vec<Chart>) {
    let tx = &app.assets.text;
    let label = |k: &str| tx.t(k).to_string();
    let Some(all) = students else {
        return (vec![loading(app, label("dash.financial"))], Vec::new());
    };
    let conn = app.store.conn();
    // the financially difficult as the aid specialist's own list has them
    // (this academic year's home visits and growth-file entries)
    let (lines, support) = match (
        crate::app::aid::roster(app),
        rec::all_support(conn, None, app.actor.college_id),
    ) {
        (Ok(l), Ok(s)) => (l, s),
        (Err(e), _) | (_, Err(e)) => {
            return (
                vec![Tile::failed(app, label("dash.financial"), &e)],
                Vec::new(),
            );
        }
    };
    let id_of: HashMap<&str, i64> = all.briefs().map(|s| (s.student_no, s.id)).collect();
    let date = |d: Option<chrono::NaiveDate>, done: bool| {
        d.filter(|_| done)
            .map_or_else(|| tx.s("dash.no_visit"), |d| d.to_string())
    };
    let mut tiles = Vec::new();
    // grade → (rows, visited, with a growth entry)
    let mut by_grade: BTreeMap<String, (Vec<Row>, usize, usize)> = BTreeMap::new();
    for l in &lines {
        let student = match &l.class {
            Some(c) => format!("{} {} {}", l.name, l.student_no, c),
            None => format!("{} {}", l.name, l.student_no),
        };
        let text = tx.f(
            "dash.aid_line",
            &[
                ("student", &student),
                ("visit", &date(l.last_visit, l.visited)),
                ("growth", &date(l.last_growth, l.grown)),
            ],
        );
        let target = id_of
            .get(l.student_no.as_str())
            .map_or(Target::None, |id| Target::Student(*id));
        let g = by_grade
            .entry(l.grade.map_or_else(|| "—".into(), |g| g.to_string()))
            .or_default();
        g.0.push(Row::new(text, target).urgent(!(l.visited && l.grown)));
        g.1 += usize::from(l.visited);
        g.2 += usize::from(l.grown);
    }
    if by_grade.is_empty() {
        tiles.push(Tile::count(label("dash.financial"), Vec::new()));
    }
    for (g, (rows, visited, grown)) in by_grade {
        let n = rows.len();
        let mut t = Tile::count(tx.f("dash.financial_grade", &[("grade", &g)]), rows);
        t.value = tx.f(
            "dash.aid_value",
            &[
                ("n", &n.to_string()),
                ("visited", &visited.to_string()),
                ("growth", &grown.to_string()),
            ],
        );
        t.counted = false;
        tiles.push(t);
    }
    for g in SpecialGroup::ALL {
        let kind = FlagKind::Special(g);
        let mut rows = Vec::new();
        let mut full = 0;
        for s in all
            .briefs()
            .filter(|s| s.flags.iter().any(|f| f.kind == kind))
        {
            let sup = support.get(&s.id);
            let has = |x: Option<&Option<String>>| {
                x.is_some_and(|v| v.as_deref().is_some_and(|t| !t.trim().is_empty()))
            };
            let marks = [
                has(sup.map(|x| &x.academic_mentor)),
                has(sup.map(|x| &x.affairs_teacher)),
                has(sup.map(|x| &x.peer_student)),
            ];
            let all_three = marks.iter().all(|x| *x);
            if all_three {
                full += 1;
            }
            let cover: String = marks
                .iter()
                .map(|x| if *x { "1" } else { "0" })
                .collect::<Vec<_>>()
                .join("+");
            rows.push(
                Row::new(
                    tx.f(
                        "dash.mentor_line",
                        &[("student", &who(&s)), ("cover", &cover)],
                    ),
                    Target::Student(s.id),
                )
                .urgent(!all_three),
            );
        }
        if rows.is_empty() {
            continue;
        }
        let n = rows.len();
        let mut t = Tile::count(tx.t(&kind.i18n_key()).to_string(), rows);
        t.value = tx.f(
            "dash.mentor_value",
            &[("n", &n.to_string()), ("full", &full.to_string())],
        );
        t.counted = false;
        tiles.push(t);
    }
    (tiles, Vec::new())
}
