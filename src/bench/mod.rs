//! `zhiban bench`: the performance targets, measured on a generated
//! database of the given size (default 40,000 students). From outside, the
//! real program in a pseudo-terminal: start-up to first frame, and a
//! keystroke to its frame while typing in a form with drafts flushing. In
//! process, on the interface's own shell: a search keystroke, a patrol's
//! next room, a crisis case opened. And the use cases: `duty log`, 待办
//! over two million talks, an xlsx import of the whole roster.

mod pty;
mod saves;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::bench_shell;
use zhiban::app::{self, App};
use zhiban::config::{Assets, Catalog, Lang};
use zhiban::domain::clock::SystemClock;
use zhiban::error::{Error, Result};
use zhiban::io::import::{ImportKind, import_file};
use zhiban::msg;

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// p50, p99 and the worst of some samples.
struct Figures {
    n: usize,
    p50: Duration,
    p99: Duration,
    max: Duration,
}

fn figures(mut v: Vec<Duration>) -> Figures {
    v.sort();
    let at = |q: f64| {
        if v.is_empty() {
            Duration::ZERO
        } else {
            v[((v.len() - 1) as f64 * q).round() as usize]
        }
    };
    Figures {
        n: v.len(),
        p50: at(0.5),
        p99: at(0.99),
        max: v.last().copied().unwrap_or_default(),
    }
}

impl Figures {
    /// In the reader's language.
    fn words(&self, tx: &Catalog) -> String {
        tx.f(
            "bench.figures",
            &[
                ("p50", &ms(self.p50)),
                ("p99", &ms(self.p99)),
                ("max", &ms(self.max)),
                ("n", &self.n.to_string()),
            ],
        )
    }
}

/// Prints one line of figures, worded from the catalogue.
fn line(tx: &Catalog, key: &str, args: &[(&str, &str)]) {
    crate::out::line(&tx.f(key, args));
}

/// The reason a measurement could not be made, worded.
fn why(tx: &Catalog, e: &Error) -> String {
    tx.error(e)
}

pub fn run(n: usize, tx: &Catalog) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("zhiban-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let result = run_in(&dir, n, tx);
    let _ = std::fs::remove_dir_all(&dir);
    result
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

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn run_in(dir: &Path, n: usize, tx: &Catalog) -> Result<()> {
    let demo = dir.join("demo.db");
    let t = Instant::now();
    let s = zhiban::demo::create(
        &demo,
        chrono::Utc::now(),
        &zhiban::demo::DemoSpec {
            seed: 1,
            students: n,
        },
    )?;
    line(
        tx,
        "bench.generated",
        &[
            ("students", &s.students.to_string()),
            ("staff", &s.staff.to_string()),
            ("rooms", &s.rooms.to_string()),
            ("t", &ms(t.elapsed())),
        ],
    );
    let login = "lina";

    // --- start-up to first frame, in process and in a pseudo-terminal
    let mut first = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let shell = bench_shell(session(&demo, login)?, (80, 24));
        let mut term = Terminal::new(TestBackend::new(80, 24))?;
        term.draw(|f| shell.draw(f))?;
        first.push(t.elapsed());
    }
    line(
        tx,
        "bench.first_frame",
        &[("fig", &figures(first).words(tx))],
    );
    match first_frame_in_pty(&demo, login) {
        Ok(d) => line(tx, "bench.first_frame_pty", &[("t", &ms(d))]),
        Err(e) => line(tx, "bench.first_frame_pty_failed", &[("why", &why(tx, &e))]),
    }

    // --- students loaded and indexed (in the background after the first frame)
    let mut shell = bench_shell(session(&demo, login)?, (80, 24));
    let t = Instant::now();
    let views = app::students::list(&shell.app)?;
    let loaded = t.elapsed();
    let t = Instant::now();
    let index = app::students::search_index(&views);
    let indexed = t.elapsed();
    line(
        tx,
        "bench.loaded",
        &[
            ("n", &views.len().to_string()),
            ("load", &ms(loaded)),
            ("index", &ms(indexed)),
        ],
    );
    shell.loaded(Ok((views, index)));

    // --- search keystrokes to redraw
    let mut term = Terminal::new(TestBackend::new(80, 24))?;
    shell.on_key(key(KeyCode::Char('/')));
    let mut times = Vec::new();
    for query in ["zhangwei", "zengm", "2023", "3-512", "李"] {
        for c in query.chars() {
            let t = Instant::now();
            shell.on_key(key(KeyCode::Char(c)));
            term.draw(|f| shell.draw(f))?;
            times.push(t.elapsed());
        }
        for _ in query.chars() {
            let t = Instant::now();
            shell.on_key(key(KeyCode::Backspace));
            term.draw(|f| shell.draw(f))?;
            times.push(t.elapsed());
        }
    }
    line(tx, "bench.search", &[("fig", &figures(times).words(tx))]);

    // --- a patrol: next-room keystroke to redraw (a commit per room)
    {
        shell.on_key(key(KeyCode::Esc));
        shell.on_key(key(KeyCode::Char('2')));
        shell.on_key(key(KeyCode::Enter));
        term.draw(|f| shell.draw(f))?;
        let mut times = Vec::new();
        for _ in 0..20 {
            shell.on_key(key(KeyCode::Char('a')));
            let t = Instant::now();
            shell.on_key(key(KeyCode::Enter));
            term.draw(|f| shell.draw(f))?;
            times.push(t.elapsed());
        }
        if let Some(fl) = shell.flash.as_ref().filter(|f| f.error) {
            return Err(Error::Data(msg!("err.bench.no_patrol", detail = &fl.text)));
        }
        line(tx, "bench.next_room", &[("fig", &figures(times).words(tx))]);
    }

    // --- typing in a form while its draft is written, the real process in a pty
    match typing_in_pty(&demo, login) {
        Ok(t) => {
            line(tx, "bench.typing", &[("fig", &t.latency.words(tx))]);
            line(
                tx,
                "bench.typing_bytes",
                &[
                    ("ascii", &format!("{:.0}", t.ascii_bytes)),
                    ("cjk", &format!("{:.0}", t.cjk_bytes)),
                    ("drafts", &t.drafts.to_string()),
                ],
            );
        }
        Err(e) => line(tx, "bench.typing_failed", &[("why", &why(tx, &e))]),
    }

    // --- `zhiban duty log` end to end (a process per entry, one commit each)
    {
        let exe = std::env::current_exe()?;
        let run = |args: &[&str]| -> Result<std::process::Output> {
            Ok(std::process::Command::new(&exe)
                .arg("--db")
                .arg(&demo)
                .args(["--as", "sunpeng", "--lang", "en"])
                .args(args)
                .output()?)
        };
        let o = run(&["duty", "open", "--location", "bench"])?;
        if !o.status.success() {
            return Err(Error::Data(msg!(
                "err.bench.step_failed",
                step = "duty open",
                detail = String::from_utf8_lossy(&o.stderr)
            )));
        }
        let mut times = Vec::new();
        for i in 0..20 {
            let t = Instant::now();
            let o = run(&[
                "duty",
                "log",
                &format!("巡查第 {i} 轮，一切正常"),
                "--type",
                "巡查",
            ])?;
            times.push(t.elapsed());
            if !o.status.success() {
                return Err(Error::Data(msg!(
                    "err.bench.step_failed",
                    step = "duty log",
                    detail = String::from_utf8_lossy(&o.stderr)
                )));
            }
        }
        line(tx, "bench.duty_log", &[("fig", &figures(times).words(tx))]);
    }

    // --- a crisis case: opening it to its first step on screen (one commit)
    {
        let mut shell = bench_shell(session(&demo, login)?, (80, 24));
        let mut term = Terminal::new(TestBackend::new(80, 24))?;
        let no = app::students::list(&shell.app)?
            .into_iter()
            .find(|v| v.relation == app::policy::Relation::Own)
            .map(|v| v.student_no)
            .unwrap_or_default();
        let mut times = Vec::new();
        for _ in 0..10 {
            let t = Instant::now();
            let id = app::crisis::open_case(
                &mut shell.app,
                &app::crisis::OpenInput {
                    kind: "psych".into(),
                    students: vec![no.clone()],
                    location: Some("bench".into()),
                    known: Some("bench".into()),
                    entry_id: None,
                    ..Default::default()
                },
            )?;
            shell.open_case(id);
            term.draw(|f| shell.draw(f))?;
            times.push(t.elapsed());
        }
        line(
            tx,
            "bench.crisis_open",
            &[("fig", &figures(times).words(tx))],
        );
    }

    // --- a save against the floor: what the record hashes and the head log cost
    saves::saves(dir, &demo, login, tx)?;

    // --- the 待办 view with 2,000,000 talk records
    bench_compliance(&demo, 2_000_000, tx)?;

    // --- `zhiban check` of all of it: SQLite's integrity check, the audit
    // chain and its guards
    let t = Instant::now();
    let report = zhiban::app::Database::open(&demo)?.check()?;
    line(
        tx,
        "bench.check",
        &[
            ("t", &ms(t.elapsed())),
            ("entries", &report.audit_entries.to_string()),
        ],
    );

    // --- xlsx import of the whole roster into a fresh database
    let target = dir.join("import.db");
    zhiban::app::Database::create(&target)?.init(&SystemClock, "bench", "bench")?;
    let (staff_csv, xlsx) = (dir.join("staff.csv"), dir.join("roster.xlsx"));
    let rows = zhiban::demo::bench_data::write_roster(&demo, &staff_csv, &xlsx)?;
    let mut a = session(&target, "bench")?;
    import_file(&mut a, ImportKind::Staff, &staff_csv, false)?;
    let t = Instant::now();
    let r = import_file(&mut a, ImportKind::Students, &xlsx, false)?;
    let first_import = t.elapsed();
    let t = Instant::now();
    let r2 = import_file(&mut a, ImportKind::Students, &xlsx, false)?;
    let re_import = t.elapsed();
    line(
        tx,
        "bench.import",
        &[
            ("rows", &rows.to_string()),
            ("t", &ms(first_import)),
            ("added", &r.added.to_string()),
            ("flags", &r.flag_changes.to_string()),
            ("t2", &ms(re_import)),
            ("unchanged", &r2.unchanged.to_string()),
        ],
    );
    Ok(())
}

/// Adds `talks` talk records spread over every student and two years, then
/// times one counsellor's 待办 and the college summaries.
fn bench_compliance(demo: &Path, talks: usize, tx: &Catalog) -> Result<()> {
    let took = zhiban::demo::bench_data::add_talks(demo, talks, "lina")?;
    line(
        tx,
        "bench.talks_added",
        &[("n", &talks.to_string()), ("t", &ms(took))],
    );
    let time = |f: &dyn Fn() -> Result<usize>, runs: usize| -> Result<(Figures, usize)> {
        let mut v = Vec::new();
        let mut n = 0;
        for _ in 0..runs {
            let t = Instant::now();
            n = f()?;
            v.push(t.elapsed());
        }
        Ok((figures(v), n))
    };
    let lina = session(demo, "lina")?;
    let (fig, n) = time(
        &|| {
            let (_, r) = app::compliance::for_counsellor(&lina, None)?;
            Ok(app::compliance::finding_lines(&lina, &r).len())
        },
        10,
    )?;
    line(
        tx,
        "bench.todo_one",
        &[("n", &n.to_string()), ("fig", &fig.words(tx))],
    );
    for (login, key) in [
        ("liuyang", "bench.todo_college"),
        ("chenjing", "bench.todo_every_college"),
    ] {
        let leader = session(demo, login)?;
        let (fig, n) = time(
            &|| Ok(app::compliance::college(&leader, None)?.counsellors.len()),
            5,
        )?;
        line(tx, key, &[("n", &n.to_string()), ("fig", &fig.words(tx))]);
    }
    Ok(())
}

/// Spawns this binary in a new pseudo-terminal and times how long until
/// its first frame has been written.
fn first_frame_in_pty(db: &Path, login: &str) -> Result<Duration> {
    let t = Instant::now();
    let mut p = pty::Pty::spawn(db, &["--as", login], 80, 24)?;
    p.frame(Duration::from_secs(10))?;
    let took = t.elapsed();
    p.finish();
    Ok(took)
}

struct Typing {
    latency: Figures,
    ascii_bytes: f64,
    cjk_bytes: f64,
    drafts: i64,
}

/// Opens a talk form in the real program and types into its text at a
/// person's pace (a key every 60 ms, so that the draft is written every
/// second or so while typing): each key's time to its frame, and the bytes
/// of each frame.
fn typing_in_pty(db: &Path, login: &str) -> Result<Typing> {
    let mut p = pty::Pty::spawn(db, &["--as", login], 80, 24)?;
    p.frame(Duration::from_secs(10))?;
    p.settle(Duration::from_millis(400));
    // 待办, a new talk, on to its text (student, kind, when, place, text)
    for k in ["4", "n", "\t", "\t", "\t", "\t"] {
        p.key(k)?;
        p.settle(Duration::from_millis(50));
    }
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = watch_drafts(db, stop.clone());
    let ascii = "the student says the exam went badly and she sleeps little ";
    let cjk = "学生说考试没考好最近睡得少室友说她常一个人哭已约好周五再谈并告知心理中心";
    let mut times = Vec::new();
    let (mut ab, mut cb) = (0usize, 0usize);
    let pace = Duration::from_millis(60);
    for (text, bytes) in [(ascii, &mut ab), (cjk, &mut cb)] {
        for c in text.chars() {
            let (d, n) = p.key(&c.to_string())?;
            times.push(d);
            *bytes += n;
            std::thread::sleep(pace.saturating_sub(d));
        }
    }
    std::thread::sleep(Duration::from_millis(1200));
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let drafts = watcher.join().unwrap_or(0);
    // leave without saving: Esc asks, d discards
    p.send("\x1b")?;
    std::thread::sleep(Duration::from_millis(150));
    p.send("d")?;
    std::thread::sleep(Duration::from_millis(150));
    p.finish();
    Ok(Typing {
        latency: figures(times),
        ascii_bytes: ab as f64 / ascii.chars().count() as f64,
        cjk_bytes: cb as f64 / cjk.chars().count() as f64,
        drafts,
    })
}

/// Watches the talk form's draft in the file while typing goes on: how many
/// times it was written (each write stamps the row anew).
fn watch_drafts(
    db: &Path,
    stop: Arc<std::sync::atomic::AtomicBool>,
) -> std::thread::JoinHandle<i64> {
    let db = db.to_path_buf();
    std::thread::spawn(move || {
        let mut seen: Vec<String> = Vec::new();
        let Ok(c) = rusqlite::Connection::open(&db) else {
            return 0;
        };
        while !stop.load(std::sync::atomic::Ordering::SeqCst) {
            let at: Option<String> = c
                .query_row(
                    "SELECT updated_at FROM drafts WHERE form = 'todo.form'",
                    [],
                    |r| r.get(0),
                )
                .ok();
            if let Some(a) = at {
                if !seen.contains(&a) {
                    seen.push(a);
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        seen.len() as i64
    })
}
