//! `zhiban bench [--scale F[,F…]] [--json]`: the performance targets,
//! measured on a generated university (40,000 students, 10,000 rooms, 500
//! staff, five years of records, times F). From outside, the real program
//! in a pseudo-terminal (`screens`); in process, the use cases behind the
//! screens (`views`), the saves against a bare commit (`saves`) and an xlsx
//! import of the whole roster. Each measure as p50 / p99 / max, as a table
//! or as JSON (`report`); over several scales, how each grew.

mod pty;
mod report;
mod saves;
mod screens;
mod shell;
mod views;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use report::{Measure, Run, Unit};
use zhiban::app::{self, App};
use zhiban::config::{Assets, Catalog, Lang};
use zhiban::domain::clock::SystemClock;
use zhiban::error::{Error, Result};
use zhiban::io::import::{ImportKind, import_file};
use zhiban::msg;

/// Parses `--scale`: one or more positive numbers, comma-separated.
pub fn scales(s: &str) -> Result<Vec<f64>> {
    s.split(',')
        .map(|x| {
            x.trim()
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite() && *f > 0.0 && *f <= 10.0)
                .ok_or_else(|| Error::Usage(msg!("err.bench.scale", value = x.trim())))
        })
        .collect()
}

/// What `zhiban bench` was asked.
pub struct Options<'a> {
    pub scale: &'a str,
    pub json: bool,
    /// Work in this directory and keep it.
    pub keep: Option<&'a Path>,
    /// Measure a copy of this university instead of building one.
    pub reuse: Option<&'a Path>,
    /// Only these parts (comma-separated), all when `None`.
    pub only: Option<&'a str>,
}

/// The parts of a run, in the order they run.
const PARTS: &[&str] = &["screens", "views", "shell", "saves", "import", "check"];

/// Parses `--only`: known part names, comma-separated.
fn parts(only: Option<&str>) -> Result<Vec<&'static str>> {
    let Some(only) = only else {
        return Ok(PARTS.to_vec());
    };
    only.split(',')
        .map(|x| {
            PARTS
                .iter()
                .copied()
                .find(|p| *p == x.trim())
                .ok_or_else(|| {
                    Error::Usage(msg!(
                        "err.bench.part",
                        value = x.trim(),
                        parts = PARTS.join(", ")
                    ))
                })
        })
        .collect()
}

pub fn run(o: &Options, tx: &Catalog) -> Result<()> {
    let scales = scales(o.scale)?;
    let parts = parts(o.only)?;
    let mut runs = Vec::new();
    for f in scales {
        let dir = match o.keep {
            Some(k) => k.join(format!("scale-{f}")),
            None => std::env::temp_dir().join(format!("zhiban-bench-{}-{f}", std::process::id())),
        };
        if o.keep.is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        std::fs::create_dir_all(&dir)?;
        let result = run_in(&dir, f, o.reuse, &parts, tx);
        if o.keep.is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        let r = result?;
        if !o.json {
            crate::out::line(&r.table(tx));
        }
        runs.push(r);
    }
    if o.json {
        let v = serde_json::json!({
            "machine": machine(),
            "runs": runs.iter().map(Run::json).collect::<Vec<_>>(),
            "growth": report::growth_json(&runs),
        });
        crate::out::line(&serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        crate::out::line(&tx.f(
            "bench.machine",
            &[
                ("nproc", &machine()["nproc"].to_string()),
                ("cpu", machine()["cpu"].as_str().unwrap_or("?")),
            ],
        ));
        if runs.len() > 1 {
            crate::out::line(&report::growth_table(&runs, tx));
        }
    }
    Ok(())
}

fn machine() -> serde_json::Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_default();
    let nproc = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    serde_json::json!({"nproc": nproc, "cpu": cpu})
}

/// A session acting as `login` on `db`.
fn session(db: &Path, login: &str) -> Result<App> {
    app::session::open_as(
        db,
        login,
        Arc::new(SystemClock),
        Arc::new(Assets::load(Lang::ZhCn)?),
    )
}

fn run_in(
    dir: &Path,
    scale: f64,
    reuse: Option<&Path>,
    parts: &[&str],
    tx: &Catalog,
) -> Result<Run> {
    let why = |e: &Error| tx.error(e);
    let quick = scale < 0.05;
    let db = dir.join("university.db");
    let mut run = Run {
        scale,
        ..Default::default()
    };
    let fresh = |copy: Option<&Path>| -> Result<()> {
        for f in ["university.db", "university.db-wal", "university.db-shm"] {
            let _ = std::fs::remove_file(dir.join(f));
        }
        if let Some(from) = copy {
            std::fs::copy(from, &db)?;
        }
        Ok(())
    };
    match reuse {
        Some(from) if from == db => {}
        Some(from) => fresh(Some(from))?,
        None => {
            fresh(None)?;
            build(&db, scale, &mut run)?;
        }
    }
    if reuse.is_some() {
        // a university kept by an older build is migrated before anything
        // is timed: its migration would otherwise fall in the first measure
        // (a session in the pty, which is given 10 s for its first frame)
        zhiban::app::session::Database::open(&db)?;
    }
    let on = |p: &str| parts.contains(&p);
    let n = if quick { 3 } else { 20 };
    // the machine's own speed beside the figures, before each part and
    // after the last (a shared machine's slow spells move every figure)
    let mut probes = vec![probe()];
    let probe_after = |p: &str, probes: &mut Vec<Duration>| {
        if on(p) {
            probes.push(probe());
        }
    };
    if on("screens") {
        screens::measure(
            &db,
            &screens::Samples {
                starts: if quick { 2 } else { 30 },
                moves: if quick { 4 } else { 200 },
                pace: if quick { 5 } else { 60 },
                settle: if quick { 80 } else { 250 },
            },
            &mut run,
            &why,
        );
    }
    probe_after("screens", &mut probes);
    if on("views") {
        views::measure(&db, n, &mut run, &why);
    }
    probe_after("views", &mut probes);
    if on("shell") {
        shell::measure(&db, n.min(10), &mut run, &why);
    }
    probe_after("shell", &mut probes);
    if on("saves") {
        saves::measure(dir, &db, if quick { 5 } else { 200 }, &mut run, &why);
    }
    probe_after("saves", &mut probes);
    if on("import") {
        import(dir, &db, &mut run, &why);
    }
    probe_after("import", &mut probes);
    if on("check") {
        views::check(&db, 1, &mut run, &why);
    }
    probe_after("check", &mut probes);
    run.push(Measure::times_in_order("cpu_probe", &probes));
    let own = pty::peak_kb_of(std::process::id()).unwrap_or(0.0);
    run.push(Measure::values("rss_bench", Unit::Kb, vec![own]));
    Ok(run)
}

/// A fixed piece of work, timed: 500,000 steps of a random walk over 4 MB
/// (each step a read the previous one decides), the same in every run.
/// This machine's slow spells are other machines' work crowding the
/// shared cache — the walk took 46 to 283 ms for 2,000,000 steps minutes
/// apart, while a loop over 1 MB stayed within 3 % — and a run made in one
/// shows it beside its figures.
fn probe() -> Duration {
    const SLOTS: usize = 4 * 1024 * 1024 / 8;
    // one cycle through every slot (Sattolo's shuffle, a fixed xorshift)
    let mut next: Vec<u64> = (0..SLOTS as u64).collect();
    let mut x = 0x9e37_79b9_7f4a_7c15_u64;
    for i in (1..SLOTS).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        next.swap(i, (x % i as u64) as usize);
    }
    let t = Instant::now();
    let mut at = 0usize;
    for _ in 0..500_000 {
        at = next[at] as usize;
    }
    std::hint::black_box(at);
    t.elapsed()
}

/// Builds the university at `scale` into `db` and says what it holds.
fn build(db: &Path, scale: f64, run: &mut Run) -> Result<()> {
    let spec = zhiban::demo::university::UniversitySpec::at_scale(scale);
    let t = Instant::now();
    let built = zhiban::demo::university::build(db, chrono::Utc::now(), &spec)?;
    let took = t.elapsed();
    run.dataset = vec![
        ("students", built.students as f64),
        ("rooms", built.rooms as f64),
        ("staff", built.staff as f64),
        ("talks", built.talks as f64),
        ("presence", built.presence as f64),
        ("duty_entries", built.duty_entries as f64),
        ("crisis_cases", built.crisis_cases as f64),
        ("audit_records", built.audit_records as f64),
        ("build_demo_ms", built.demo_took.as_secs_f64() * 1000.0),
        ("build_bulk_ms", built.bulk_took.as_secs_f64() * 1000.0),
        ("build_ms", took.as_secs_f64() * 1000.0),
        (
            "file_mb",
            std::fs::metadata(db)
                .map(|m| m.len() as f64 / 1e6)
                .unwrap_or(0.0),
        ),
    ];
    Ok(())
}

/// The whole roster as an xlsx, imported into a fresh database, then again
/// (nothing changed).
fn import(dir: &Path, db: &Path, run: &mut Run, why: &dyn Fn(&Error) -> String) {
    let r = (|| -> Result<(std::time::Duration, std::time::Duration)> {
        let target = dir.join("import.db");
        app::Database::create(&target)?.init(&SystemClock, "bench", "bench")?;
        let (staff_csv, xlsx) = (dir.join("staff.csv"), dir.join("roster.xlsx"));
        zhiban::demo::bench_data::write_roster(db, &staff_csv, &xlsx)?;
        let mut a = session(&target, "bench")?;
        import_file(&mut a, ImportKind::Staff, &staff_csv, false)?;
        let t = Instant::now();
        import_file(&mut a, ImportKind::Students, &xlsx, false)?;
        let first = t.elapsed();
        let t = Instant::now();
        import_file(&mut a, ImportKind::Students, &xlsx, false)?;
        Ok((first, t.elapsed()))
    })();
    match r {
        Ok((a, b)) => {
            run.push(Measure::times("import_xlsx", &[a]));
            run.push(Measure::times("reimport_xlsx", &[b]));
        }
        Err(e) => {
            run.push(Measure::failed("import_xlsx", Unit::Ms, why(&e)));
            run.push(Measure::failed("reimport_xlsx", Unit::Ms, why(&e)));
        }
    }
}
