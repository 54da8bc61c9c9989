//! The use cases behind the screens, in process: each role's dashboard,
//! 待办 of one counsellor / one college / every college, the monthly
//! report, `check`.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use super::report::{Measure, Run, Unit};
use super::session;
use zhiban::app;
use zhiban::domain::clock::Clock;
use zhiban::error::Result;
use zhiban::io::reports::{self, ReportKind};

fn timed(n: usize, f: impl FnMut() -> Result<()>) -> Result<Vec<Duration>> {
    timed_after(n, || Ok(()), f)
}

/// `f` run `n` times with the cache of the counsellors' 待办 numbers
/// emptied before each (not timed): the first view on a new file, or after
/// a build that reads the facts otherwise.
fn timed_cold(a: &app::App, n: usize, f: impl FnMut() -> Result<()>) -> Result<Vec<Duration>> {
    timed_after(n, || app::compliance::forget_cache(a), f)
}

/// `f` run `n` times with every cached number made another build's before
/// each (not timed), the facts kept: the first view after new rules, or a
/// build that evaluates them otherwise.
fn timed_new_build(a: &app::App, n: usize, f: impl FnMut() -> Result<()>) -> Result<Vec<Duration>> {
    timed_after(n, || app::compliance::outdate_numbers(a), f)
}

/// `f` run `n` times, `before` each (not timed).
fn timed_after(
    n: usize,
    mut before: impl FnMut() -> Result<()>,
    mut f: impl FnMut() -> Result<()>,
) -> Result<Vec<Duration>> {
    let mut v = Vec::new();
    for _ in 0..n {
        before()?;
        let t = Instant::now();
        f()?;
        v.push(t.elapsed());
    }
    Ok(v)
}

/// A clock `days` ahead of the machine's.
struct Ahead(AtomicI64);

impl Clock for Ahead {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now() + chrono::Duration::days(self.0.load(Ordering::Relaxed))
    }
}

/// A session as `login` whose clock `days` moves on.
fn session_ahead(db: &Path, login: &str, days: Arc<Ahead>) -> Result<app::App> {
    app::session::open_as(
        db,
        login,
        days,
        Arc::new(zhiban::config::Assets::load(zhiban::config::Lang::ZhCn)?),
    )
}

/// `f` run `n` times, each the first view of a day: the session's clock a
/// day further on before each (not timed), the day before's numbers and
/// their facts kept, none of the new day's.
fn timed_next_days(
    clock: &Ahead,
    n: usize,
    mut f: impl FnMut() -> Result<()>,
) -> Result<Vec<Duration>> {
    f()?;
    let next_day = || {
        clock.0.fetch_add(1, Ordering::Relaxed);
        Ok(())
    };
    timed_after(n, next_day, f)
}

fn push(
    run: &mut Run,
    id: &'static str,
    r: Result<Vec<Duration>>,
    why: &dyn Fn(&zhiban::error::Error) -> String,
) {
    run.push(match r {
        Ok(v) => Measure::times(id, &v),
        Err(e) => Measure::failed(id, Unit::Ms, why(&e)),
    });
}

pub fn measure(db: &Path, n: usize, run: &mut Run, why: &dyn Fn(&zhiban::error::Error) -> String) {
    // the directory each session loads behind its first frame
    for (id, login) in [
        ("dashboard_counsellor", "lina"),
        ("dashboard_duty", "sunpeng"),
        ("dashboard_psych", "zhouhui"),
        ("dashboard_aid", "wuqiang"),
        ("dashboard_college_leader", "liuyang"),
        ("dashboard_school_leader", "chenjing"),
        ("dashboard_admin", "admin"),
    ] {
        let clock = Arc::new(Ahead(AtomicI64::new(0)));
        let r = session_ahead(db, login, clock.clone()).and_then(|a| {
            let (students, _) = app::student_list::load(&a)?;
            let mut board = || {
                std::hint::black_box(app::dashboard::board(&a, Some(&students)));
                Ok(())
            };
            if id == "dashboard_school_leader" {
                // the 待办 cache empty, the first view of a day, then the
                // following ones
                let cold = timed_cold(&a, n.min(5), &mut board);
                push(run, "dashboard_school_leader_cold", cold, why);
                let new_build = timed_new_build(&a, n.min(5), &mut board);
                push(run, "dashboard_school_leader_new_build", new_build, why);
                let first = timed_next_days(&clock, n.min(5), &mut board);
                push(run, "dashboard_school_leader_first", first, why);
            }
            timed(n, board)
        });
        push(run, id, r, why);
    }
    let r = session(db, "lina").and_then(|a| timed(n, || app::students::list(&a).map(|_| ())));
    push(run, "students_load", r, why);
    let r = session(db, "lina").and_then(|a| {
        timed(n, || {
            let (_, r) = app::compliance::for_counsellor(&a, None)?;
            std::hint::black_box(app::compliance::finding_lines(&a, &r));
            Ok(())
        })
    });
    push(run, "todo_counsellor", r, why);
    for (id, first, cold, new_build, login) in [
        (
            "todo_college",
            "todo_college_first",
            "todo_college_cold",
            "todo_college_new_build",
            "liuyang",
        ),
        (
            "todo_every_college",
            "todo_every_college_first",
            "todo_every_college_cold",
            "todo_every_college_new_build",
            "chenjing",
        ),
    ] {
        let clock = Arc::new(Ahead(AtomicI64::new(0)));
        let r = session_ahead(db, login, clock.clone()).and_then(|a| {
            let list = || app::compliance::college(&a, None).map(|_| ());
            push(run, cold, timed_cold(&a, n.min(5), list), why);
            push(run, new_build, timed_new_build(&a, n.min(5), list), why);
            push(run, first, timed_next_days(&clock, n.min(5), list), why);
            // the runs left the day's numbers cached
            timed(n, list)
        });
        push(run, id, r, why);
    }
    let r = session(db, "chenjing").and_then(|mut a| {
        let period = ReportKind::Monthly.default_period(a.today());
        timed(n.min(5), || {
            reports::build(&mut a, ReportKind::Monthly, &period, None).map(|_| ())
        })
    });
    push(run, "report_monthly", r, why);
}

/// `zhiban check` of the whole file: SQLite's integrity check, the audit
/// chain and every record against it.
pub fn check(db: &Path, n: usize, run: &mut Run, why: &dyn Fn(&zhiban::error::Error) -> String) {
    let r = timed(n, || {
        let report = app::Database::open(db)?.check()?;
        std::hint::black_box(report);
        Ok(())
    });
    push(run, "check", r, why);
}
