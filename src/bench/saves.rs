//! A save against the floor: a talk recorded through the app as a session
//! without record hashes, as every session does (its records hashed into
//! the audit entry), and with the head log appended after the commit —
//! each beside a bare single-row commit with the same pragmas, measured in
//! the same run, the three kinds of save taken in turn.

use std::path::Path;
use std::time::Instant;

use super::{figures, line, session};
use zhiban::app;
use zhiban::config::Catalog;
use zhiban::error::Result;

const SAMPLES: usize = 200;

pub(super) fn saves(dir: &Path, demo: &Path, login: &str, tx: &Catalog) -> Result<()> {
    let floor = figures(app::session::bench_floor(&dir.join("floor.db"), SAMPLES)?);
    line(tx, "bench.save_floor", &[("fig", &floor.words(tx))]);
    let bare = session(demo, login)?;
    bare.bench_without_trail()?;
    let hashed = session(demo, login)?;
    let mut anchored = session(demo, login)?;
    let log = dir.join("heads.log");
    std::fs::File::create(&log)?;
    anchored.bench_anchor_in(log);
    let no = app::students::list(&hashed)?
        .into_iter()
        .find(|v| v.relation == app::policy::Relation::Own)
        .map(|v| v.student_no)
        .unwrap_or_default();
    let mut sessions = [bare, hashed, anchored];
    let mut times: [Vec<_>; 3] = Default::default();
    for i in 0..SAMPLES {
        for (s, t) in sessions.iter_mut().zip(times.iter_mut()) {
            let input = app::records::TalkInput {
                student_no: no.clone(),
                at: None,
                place: None,
                kind: String::new(),
                summary: format!("第 {i} 次谈话：学生情绪稳定，已约下周再谈"),
                follow_up: None,
                follow_up_due: None,
                next_talk: None,
                sensitive: false,
            };
            let started = Instant::now();
            app::records::record_talk(s, &input)?;
            t.push(started.elapsed());
        }
    }
    for (key, t) in [
        "bench.save_bare",
        "bench.save_hashed",
        "bench.save_anchored",
    ]
    .into_iter()
    .zip(times)
    {
        let f = figures(t);
        let ratio = f.p50.as_secs_f64() / floor.p50.as_secs_f64().max(1e-9);
        line(
            tx,
            key,
            &[("fig", &f.words(tx)), ("ratio", &format!("{ratio:.2}"))],
        );
    }
    Ok(())
}
