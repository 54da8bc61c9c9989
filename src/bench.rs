//! `zhiban bench`: the performance targets, measured on a generated
//! database of the given size (default 40,000 students):
//! start-up to first frame, a search keystroke to redraw, and an xlsx
//! import of the whole roster.

use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::model::Model;
use crate::tui::view;
use zhiban::app::{self, App};
use zhiban::config::{Assets, Lang};
use zhiban::domain::clock::SystemClock;
use zhiban::error::{Error, Result};
use zhiban::io::import::{ImportKind, import_file};
use zhiban::msg;

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

pub fn run(n: usize) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("zhiban-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let result = run_in(&dir, n);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run_in(dir: &Path, n: usize) -> Result<()> {
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
    println!(
        "generated {} students, {} staff, {} rooms in {}",
        s.students,
        s.staff,
        s.rooms,
        ms(t.elapsed())
    );
    let login = "lina";

    // --- start-up to first frame, in process (open, identify, assets, model, draw)
    let mut first = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let m = Model::new(
            session(&demo, login)?,
            true,
            (80, 24),
            Arc::new(Mutex::new(Vec::new())),
        );
        let mut term = Terminal::new(TestBackend::new(80, 24))?;
        term.draw(|f| view::draw(f, &m))?;
        first.push(t.elapsed());
    }
    println!(
        "start-up to first frame (in process, median of 5): {}",
        ms(median(&mut first))
    );
    match first_frame_in_pty(&demo, login) {
        Ok(d) => println!("start-up to first frame (real process in a pty): {}", ms(d)),
        Err(e) => println!("start-up in a pty: not measured ({e})"),
    }

    // --- students loaded and indexed (in the background after the first frame)
    let first = session(&demo, login)?;
    let t = Instant::now();
    let views = app::students::list(&first)?;
    let loaded = t.elapsed();
    let t = Instant::now();
    let index = app::students::search_index(&views);
    let indexed = t.elapsed();
    println!(
        "load {} students: {}; build the pinyin index: {}",
        views.len(),
        ms(loaded),
        ms(indexed)
    );

    // --- search keystrokes to redraw
    let mut m = Model::new(first, true, (80, 24), Arc::new(Mutex::new(Vec::new())));
    m.loaded(views, index);
    let mut term = Terminal::new(TestBackend::new(80, 24))?;
    m.on_key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE));
    let mut times = Vec::new();
    let mut worst = (Duration::ZERO, String::new());
    for query in ["zhangwei", "zengm", "2023", "3-512", "李"] {
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            let t = Instant::now();
            m.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            let k = t.elapsed();
            term.draw(|f| view::draw(f, &m))?;
            let d = t.elapsed();
            if std::env::var_os("ZHIBAN_BENCH_VERBOSE").is_some() {
                eprintln!(
                    "{typed:>10}: key {} draw {} ({} results)",
                    ms(k),
                    ms(d - k),
                    m.students.results.len()
                );
            }
            if d > worst.0 {
                worst = (d, typed.clone());
            }
            times.push(d);
        }
        for _ in query.chars() {
            let t = Instant::now();
            m.on_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
            term.draw(|f| view::draw(f, &m))?;
            times.push(t.elapsed());
        }
    }
    let count = times.len();
    println!(
        "search keystroke to redraw ({count} keystrokes, typing and deleting): median {}, worst {} (at '{}')",
        ms(median(&mut times)),
        ms(worst.0),
        worst.1
    );

    // the search alone, without drawing
    let mut idx = app::students::search_index(&m.students.all);
    let mut q_times = Vec::new();
    for query in ["zhangwei", "zengm", "2023", "3-512", "李"] {
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            let t = Instant::now();
            let r = idx.query(&typed);
            q_times.push(t.elapsed());
            std::hint::black_box(r);
        }
    }
    let q_worst = *q_times.iter().max().unwrap_or(&Duration::ZERO);
    println!(
        "  of which the search itself: median {}, worst {}",
        ms(median(&mut q_times)),
        ms(q_worst)
    );

    // --- a patrol: next-room keystroke to redraw (a commit per room)
    {
        let mut times = Vec::new();
        m.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
        m.on_key(KeyEvent::new(KeyCode::Char('2'), KeyModifiers::NONE));
        m.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        term.draw(|f| view::draw(f, &m))?;
        if !matches!(m.patrol, Some(crate::tui::patrol::PatrolUi::Room(_))) {
            return Err(Error::Data(msg!(
                "err.bench.no_patrol",
                detail = m.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default()
            )));
        }
        for _ in 0..20 {
            m.on_key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE));
            let t = Instant::now();
            m.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
            term.draw(|f| view::draw(f, &m))?;
            times.push(t.elapsed());
        }
        if std::env::var_os("ZHIBAN_BENCH_VERBOSE").is_some() {
            // where the time goes: saving a room, and reading the next
            let building = zhiban::app::patrols::buildings(&m.app)?
                .first()
                .map(|b| b.0)
                .unwrap_or(0);
            let pid = zhiban::app::patrols::start(
                &mut m.app,
                building,
                zhiban::app::patrols::Scope::Building,
                zhiban::domain::patrol::PatrolKind::Centralised,
            )?;
            let (mut save, mut load) = (Vec::new(), Vec::new());
            for seq in 0..10 {
                let t = Instant::now();
                let screen = zhiban::app::patrols::room(&m.app, pid, seq)?;
                load.push(t.elapsed());
                let presence = screen
                    .beds
                    .iter()
                    .filter_map(|b| b.student.as_ref())
                    .map(|s| zhiban::domain::patrol::PresenceMark {
                        student_id: s.id,
                        status: zhiban::domain::patrol::Presence::Present,
                        note: None,
                        in_roster: true,
                    })
                    .collect();
                let marks = zhiban::app::patrols::RoomMarks {
                    presence,
                    ..Default::default()
                };
                let t = Instant::now();
                zhiban::app::patrols::save_room(&mut m.app, pid, seq, &marks)?;
                save.push(t.elapsed());
            }
            eprintln!(
                "  read a room: median {}; save a room (one commit): median {}",
                ms(median(&mut load)),
                ms(median(&mut save))
            );
        }
        let worst = *times.iter().max().unwrap_or(&Duration::ZERO);
        println!(
            "patrol next-room keystroke to redraw (saves the room, {} rooms): median {}, worst {}",
            times.len(),
            ms(median(&mut times)),
            ms(worst)
        );
    }

    // --- `zhiban duty log` end to end (a process per entry, one commit each)
    {
        let exe = std::env::current_exe()?;
        let run = |args: &[&str]| -> Result<std::process::Output> {
            Ok(std::process::Command::new(&exe)
                .arg("--db")
                .arg(&demo)
                .args(["--as", "sunpeng"])
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
        let worst = *times.iter().max().unwrap_or(&Duration::ZERO);
        println!(
            "`zhiban duty log` end to end (20 processes): median {}, worst {}",
            ms(median(&mut times)),
            ms(worst)
        );
    }

    // --- a crisis case: opening it to its first step on screen (one commit)
    {
        let mut m = Model::new(
            session(&demo, login)?,
            true,
            (80, 24),
            Arc::new(Mutex::new(Vec::new())),
        );
        let mut term = Terminal::new(TestBackend::new(80, 24))?;
        let no = app::students::list(&m.app)?
            .first()
            .map(|v| v.student_no.clone())
            .unwrap_or_default();
        let mut times = Vec::new();
        for _ in 0..10 {
            let t = Instant::now();
            let id = app::crisis::open_case(
                &mut m.app,
                &app::crisis::OpenInput {
                    kind: "psych".into(),
                    students: vec![no.clone()],
                    location: Some("bench".into()),
                    known: Some("bench".into()),
                    entry_id: None,
                },
            )?;
            m.show_case(id);
            term.draw(|f| view::draw(f, &m))?;
            times.push(t.elapsed());
        }
        let worst = *times.iter().max().unwrap_or(&Duration::ZERO);
        println!(
            "crisis case opened to its first step on screen: median {}, worst {}",
            ms(median(&mut times)),
            ms(worst)
        );
    }

    // --- the 待办 view with 2,000,000 talk records
    bench_compliance(&demo, 2_000_000)?;

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
    println!(
        "import {rows}-row xlsx: {} (added {}, {} flag changes); re-import: {} (unchanged {})",
        ms(first_import),
        r.added,
        r.flag_changes,
        ms(re_import),
        r2.unchanged
    );
    Ok(())
}

/// Adds `talks` talk records spread over every student and two years, then
/// times one counsellor's 待办 and the college summaries.
fn bench_compliance(demo: &Path, talks: usize) -> Result<()> {
    let took = zhiban::demo::bench_data::add_talks(demo, talks, "lina")?;
    println!("added {talks} talk records in {}", ms(took));
    let as_login = |login: &str| -> Result<App> { session(demo, login) };
    let time =
        |f: &dyn Fn() -> Result<usize>, runs: usize| -> Result<(Duration, Duration, usize)> {
            let mut v = Vec::new();
            let mut n = 0;
            for _ in 0..runs {
                let t = Instant::now();
                n = f()?;
                v.push(t.elapsed());
            }
            let worst = *v.iter().max().unwrap_or(&Duration::ZERO);
            Ok((median(&mut v), worst, n))
        };
    let lina = as_login("lina")?;
    let (med, worst, n) = time(
        &|| {
            let (_, r) = app::compliance::for_counsellor(&lina, None)?;
            Ok(app::compliance::finding_lines(&lina, &r).len())
        },
        10,
    )?;
    println!(
        "待办 for one counsellor ({n} lines): median {}, worst {}",
        ms(med),
        ms(worst)
    );
    for (login, what) in [("liuyang", "one college"), ("chenjing", "every college")] {
        let leader = as_login(login)?;
        let (med, worst, n) = time(
            &|| Ok(app::compliance::college(&leader, None)?.counsellors.len()),
            5,
        )?;
        println!(
            "待办 summary of {what} ({n} counsellors): median {}, worst {}",
            ms(med),
            ms(worst)
        );
    }
    Ok(())
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

/// Spawns this binary in a new pseudo-terminal and times how long until
/// its first frame has been written.
fn first_frame_in_pty(db: &Path, login: &str) -> Result<Duration> {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let pty = |e: &dyn std::fmt::Display| Error::Data(msg!("err.bench.pty", detail = e));
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .map_err(|e| pty(&e))?;
    let mut cmd = CommandBuilder::new(std::env::current_exe()?);
    cmd.arg("--db");
    cmd.arg(db);
    cmd.args(["--as", login]);
    cmd.env("TERM", "xterm-256color");
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).map_err(|e| pty(&e))?;
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().map_err(|e| pty(&e))?;
    let mut writer = pair.master.take_writer().map_err(|e| pty(&e))?;
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    // the first frame ends with the cursor hidden after entering the alternate
    // screen (wide glyphs are written one by one, so no text is contiguous)
    let needle = b"\x1b[?25l";
    let elapsed = loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            return Err(Error::Data(msg!(
                "err.bench.closed",
                seen = format!("{:?}", String::from_utf8_lossy(&seen))
            )));
        }
        seen.extend_from_slice(&buf[..n]);
        if seen.windows(needle.len()).any(|w| w == needle) {
            break start.elapsed();
        }
        if start.elapsed() > Duration::from_secs(10) {
            return Err(Error::Data(msg!(
                "err.bench.no_frame",
                seen = format!("{:?}", String::from_utf8_lossy(&seen))
            )));
        }
    };
    std::io::Write::write_all(&mut writer, b"q")?;
    let _ = child.wait();
    Ok(elapsed)
}
