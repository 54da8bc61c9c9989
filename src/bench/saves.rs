//! Saves against the floor: a talk, a room check, a duty entry and a crisis
//! case's event, each through the app as a session writes them (records
//! hashed into the audit entry) and again without the trail (the integrity
//! work's cost, apart: its p50 less the bare one's) — each beside a bare
//! single-row commit with the same pragmas measured in the same run, the
//! floor and the kinds taken in turn.

use std::path::Path;
use std::time::{Duration, Instant};

use super::report::{Measure, Run, Unit};
use super::session;
use zhiban::app::{self, App};
use zhiban::domain::crisis::EventKind;
use zhiban::error::Result;

type Save<'a> = Box<dyn FnMut(&mut App, usize) -> Result<()> + 'a>;

pub fn measure(
    dir: &Path,
    db: &Path,
    n: usize,
    run: &mut Run,
    why: &dyn Fn(&zhiban::error::Error) -> String,
) {
    match saves(dir, db, n) {
        Ok(ms) => {
            for m in ms {
                run.push(m);
            }
        }
        Err(e) => run.push(Measure::failed("save_floor", Unit::Ms, why(&e))),
    }
}

fn own_student(a: &App) -> Result<String> {
    Ok(app::students::list(a)?
        .into_iter()
        .find(|v| v.relation == app::policy::Relation::Own)
        .map(|v| v.student_no)
        .unwrap_or_default())
}

fn talk(no: String) -> Save<'static> {
    Box::new(move |a, i| {
        app::records::record_talk(
            a,
            &app::records::TalkInput {
                student_no: no.clone(),
                at: None,
                place: None,
                kind: String::new(),
                summary: format!("第 {i} 次谈话：学生情绪稳定，已约下周再谈"),
                follow_up: None,
                follow_up_due: None,
                next_talk: None,
                sensitive: false,
            },
        )
        .map(|_| ())
    })
}

fn saves(dir: &Path, db: &Path, n: usize) -> Result<Vec<Measure>> {
    let floor_db = app::session::BenchFloor::open(&dir.join("floor.db"))?;
    let no = own_student(&session(db, "lina")?)?;
    // each kind twice: a session as the app runs one (records hashed into
    // the audit entry), and one whose writes carry no record hashes
    let mut kinds: Vec<(&'static str, App, Save)> = Vec::new();
    for (with, without) in [
        ("save_talk", "save_talk_no_trail"),
        ("save_room_check", "save_room_check_no_trail"),
        ("save_duty_entry", "save_duty_entry_no_trail"),
        ("save_crisis_event", "save_crisis_event_no_trail"),
    ] {
        for (id, trail) in [(with, true), (without, false)] {
            let (a, f) = match with {
                "save_talk" => (session(db, "lina")?, talk(no.clone())),
                "save_room_check" => room_check(db)?,
                "save_duty_entry" => duty_entry(db)?,
                _ => crisis_event(db, &no)?,
            };
            if !trail {
                a.bench_without_trail()?;
            }
            kinds.push((id, a, f));
        }
    }
    // the floor's commits taken in blocks between the saves' rounds: a slow
    // spell of the machine (they come and go within minutes here) weighs
    // on both. A commit just after others to another file is slower (the
    // first few after the switch), which would flatter the ratios: of each
    // block of 2×FLOOR_BLOCK commits only the second half is timed.
    const FLOOR_BLOCK: usize = 10;
    let mut floor = Vec::with_capacity(n);
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); kinds.len()];
    for i in 0..n {
        if i % FLOOR_BLOCK == 0 {
            for k in 0..2 * FLOOR_BLOCK {
                let started = Instant::now();
                floor_db.commit(2 * i + k)?;
                if k >= FLOOR_BLOCK {
                    floor.push(started.elapsed());
                }
            }
        }
        for ((_, a, f), t) in kinds.iter_mut().zip(times.iter_mut()) {
            let started = Instant::now();
            f(a, i)?;
            t.push(started.elapsed());
        }
    }
    let floor_p50 = Measure::times("save_floor", &floor).p50;
    let mut out = vec![Measure::times("save_floor", &floor)];
    for ((id, _, _), t) in kinds.iter().zip(times) {
        let mut m = Measure::times(id, &t);
        m.ratio = Some(m.p50 / floor_p50.max(1e-9));
        out.push(m);
    }
    // the trail's own cost: each save's p50 less its twin's without it
    for i in (1..out.len()).step_by(2) {
        let bare = out.get(i + 1).map(|m| m.p50);
        out[i].trail = bare.map(|b| out[i].p50 - b);
    }
    Ok(out)
}

/// A room check: a patrol of one of lina's buildings, its first room
/// saved again and again (a re-visit supersedes).
fn room_check(db: &Path) -> Result<(App, Save<'static>)> {
    let mut patrol = session(db, "lina")?;
    let building = app::patrols::my_buildings(&patrol)?
        .into_iter()
        .min()
        .unwrap_or(1);
    let pid = app::patrols::start(
        &mut patrol,
        building,
        app::patrols::Scope::Building,
        zhiban::domain::patrol::PatrolKind::Routine,
    )?;
    Ok((
        patrol,
        Box::new(move |a, i| {
            let marks = app::patrols::RoomMarks {
                note: Some(format!("第 {i} 次")),
                ..Default::default()
            };
            app::patrols::save_room(a, pid, 0, &marks).map(|_| ())
        }),
    ))
}

/// A duty entry in sunpeng's shift.
fn duty_entry(db: &Path) -> Result<(App, Save<'static>)> {
    let mut duty = session(db, "sunpeng")?;
    if app::duty::my_shift(&duty).is_err() {
        app::duty::open(&mut duty, Some("bench"), None)?;
    }
    Ok((
        duty,
        Box::new(|a, i| {
            app::duty::log(
                a,
                &app::duty::Entry {
                    text: format!("巡查第 {i} 轮，一切正常"),
                    ..Default::default()
                },
            )
            .map(|_| ())
        }),
    ))
}

/// Notes on a crisis case lina opens.
fn crisis_event(db: &Path, no: &str) -> Result<(App, Save<'static>)> {
    let mut crisis = session(db, "lina")?;
    let case = app::crisis::open_case(
        &mut crisis,
        &app::crisis::OpenInput {
            kind: "psych".into(),
            students: vec![no.to_string()],
            location: Some("bench".into()),
            known: Some("bench".into()),
            ..Default::default()
        },
    )?;
    Ok((
        crisis,
        Box::new(move |a, i| {
            app::crisis::act(
                a,
                case,
                EventKind::Note,
                None,
                Some(&format!("第 {i} 次记录")),
            )
        }),
    ))
}
