//! `zhiban bench`: the performance targets, measured on a generated
//! database of the given size (default 40,000 students):
//! start-up to first frame, a search keystroke to redraw, and an xlsx
//! import of the whole roster.

use std::collections::HashMap;
use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::import::{ImportKind, import_file};
use crate::app::{self, App};
use crate::assets::{Assets, Lang};
use crate::domain::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::store::{Store, org, students};
use crate::tui::model::Model;
use crate::tui::view;

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
    let s = super::make_demo(&demo, 1, n)?;
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
        let store = Store::open_existing(&demo)?;
        let actor = org::staff_by_login(store.conn(), login)?
            .ok_or_else(|| Error::Data("no demo staff".into()))?;
        let assets = Arc::new(Assets::load(Lang::ZhCn)?);
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let m = Model::new(
            App::new(store, clock, assets, actor),
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
    let store = Store::open_existing(&demo)?;
    let actor = org::staff_by_login(store.conn(), login)?
        .ok_or_else(|| Error::Data("no demo staff".into()))?;
    let t = Instant::now();
    let views = app::students::list(store.conn(), &actor)?;
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
    let assets = Arc::new(Assets::load(Lang::ZhCn)?);
    let mut m = Model::new(
        App::new(store, Arc::new(SystemClock), assets, actor),
        true,
        (80, 24),
        Arc::new(Mutex::new(Vec::new())),
    );
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
            return Err(Error::Data(format!(
                "the bench could not start a patrol: {}",
                m.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default()
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
            let building = crate::store::dorm::buildings(m.app.store.conn())?
                .first()
                .map(|b| b.0)
                .unwrap_or(0);
            let pid = crate::app::patrols::start(
                &mut m.app,
                building,
                crate::app::patrols::Scope::Building,
                crate::domain::patrol::PatrolKind::Centralised,
            )?;
            let (mut save, mut load) = (Vec::new(), Vec::new());
            for seq in 0..10 {
                let t = Instant::now();
                let screen = crate::app::patrols::room(&m.app, pid, seq)?;
                load.push(t.elapsed());
                let presence = screen
                    .beds
                    .iter()
                    .filter_map(|b| b.student.as_ref())
                    .map(|s| crate::store::patrols::PresenceMark {
                        student_id: s.id,
                        status: crate::domain::patrol::Presence::Present,
                        note: None,
                        in_roster: true,
                    })
                    .collect();
                let marks = crate::app::patrols::RoomMarks {
                    presence,
                    ..Default::default()
                };
                let t = Instant::now();
                crate::app::patrols::save_room(&mut m.app, pid, seq, &marks)?;
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
            return Err(Error::Data(format!(
                "bench: duty open failed: {}",
                String::from_utf8_lossy(&o.stderr)
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
                return Err(Error::Data(format!(
                    "bench: duty log failed: {}",
                    String::from_utf8_lossy(&o.stderr)
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
        let store = Store::open_existing(&demo)?;
        let actor = org::staff_by_login(store.conn(), login)?
            .ok_or_else(|| Error::Data("no demo staff".into()))?;
        let mut m = Model::new(
            App::new(
                store,
                Arc::new(SystemClock),
                Arc::new(Assets::load(Lang::ZhCn)?),
                actor,
            ),
            true,
            (80, 24),
            Arc::new(Mutex::new(Vec::new())),
        );
        let mut term = Terminal::new(TestBackend::new(80, 24))?;
        let no = students::numbers(m.app.store.conn())?
            .into_values()
            .next()
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
    let mut ts = Store::open(&target)?;
    app::init::init(&mut ts, &SystemClock, "bench", "bench")?;
    drop(ts);
    let (staff_csv, xlsx) = (dir.join("staff.csv"), dir.join("roster.xlsx"));
    let rows = write_roster(&demo, &staff_csv, &xlsx)?;
    let mut a = bench_app(&target)?;
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
    use crate::store::records::{NewTalk, insert_talk};
    let mut store = Store::open_existing(demo)?;
    let ids: Vec<i64> = students::numbers(store.conn())?.into_keys().collect();
    let author = org::staff_by_login(store.conn(), "lina")?
        .ok_or_else(|| Error::Data("no demo staff".into()))?
        .id;
    let now = chrono::Utc::now();
    let t = Instant::now();
    store.write("bench", now, |tx| {
        let mut seed = 7u64;
        for i in 0..talks {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let sid = ids[(seed >> 33) as usize % ids.len().max(1)];
            let days = (seed >> 13) % 730;
            let at = now - chrono::Duration::days(days as i64 + 1);
            let held_at = crate::domain::clock::to_db(at);
            let held_on = crate::domain::clock::local_date(at, 8).to_string();
            insert_talk(
                tx,
                &NewTalk {
                    student_id: sid,
                    author_id: author,
                    held_at: &held_at,
                    held_on: &held_on,
                    place: None,
                    kind: "daily",
                    summary: "bench",
                    follow_up: None,
                    follow_up_due: None,
                    next_talk: None,
                    sensitive: i % 10 == 0,
                    amends: None,
                    written_at: &held_at,
                    written_by: author,
                    imported_from: Some("bench"),
                },
            )?;
        }
        Ok(((), Vec::new()))
    })?;
    println!("added {talks} talk records in {}", ms(t.elapsed()));
    drop(store);
    let as_login = |login: &str| -> Result<App> {
        let store = Store::open_existing(demo)?;
        let actor = org::staff_by_login(store.conn(), login)?
            .ok_or_else(|| Error::Data(format!("no demo staff {login}")))?;
        Ok(App::new(
            store,
            Arc::new(SystemClock),
            Arc::new(Assets::load(Lang::ZhCn)?),
            actor,
        ))
    };
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

fn bench_app(db: &Path) -> Result<App> {
    let store = Store::open_existing(db)?;
    let actor = org::staff_by_login(store.conn(), "bench")?
        .ok_or_else(|| Error::Data("no bench admin".into()))?;
    Ok(App::new(
        store,
        Arc::new(SystemClock),
        Arc::new(Assets::builtin(Lang::ZhCn)),
        actor,
    ))
}

/// Writes the demo's staff as CSV and its students as an xlsx roster with
/// the columns schools use; returns the number of student rows.
fn write_roster(demo: &Path, staff_csv: &Path, xlsx: &Path) -> Result<usize> {
    let store = Store::open_existing(demo)?;
    let staff = org::all_staff(store.conn())?;
    let mut csv = String::from("登录名,姓名,角色,学院\n");
    let mut login_of = HashMap::new();
    for s in &staff {
        let roles: Vec<&str> = s.roles.iter().map(|r| r.code()).collect();
        csv.push_str(&format!(
            "{},{},{},{}\n",
            s.login,
            s.name,
            roles.join("、"),
            s.college.clone().unwrap_or_default()
        ));
        login_of.insert(s.id, s.login.clone());
    }
    std::fs::write(staff_csv, csv)?;
    let all = students::all(store.conn(), true)?;
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let headers = [
        "学号",
        "姓名",
        "性别",
        "学院",
        "专业",
        "班级",
        "辅导员",
        "宿舍楼",
        "房间号",
        "床位",
        "手机号",
        "身份证号",
        "家长姓名",
        "家长电话",
        "学籍预警",
        "重点关注",
        "困难等级",
    ];
    let x = |e: rust_xlsxwriter::XlsxError| Error::Data(e.to_string());
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).map_err(x)?;
    }
    for (i, s) in all.iter().enumerate() {
        let r = i as u32 + 1;
        let g = s.guardians.first();
        let flag = |k| {
            s.flag(k)
                .map(|f| (f.level.clone().unwrap_or_else(|| "是".into()), f.since))
        };
        use crate::domain::student::FlagKind::*;
        let cells = [
            s.student_no.clone(),
            s.name.clone(),
            s.gender.map(|g| g.zh().to_string()).unwrap_or_default(),
            s.college.clone(),
            s.major.clone().unwrap_or_default(),
            s.class.clone().unwrap_or_default(),
            s.counsellor_id
                .and_then(|id| login_of.get(&id).cloned())
                .unwrap_or_default(),
            s.dorm
                .as_ref()
                .map(|d| d.building.clone())
                .unwrap_or_default(),
            s.dorm.as_ref().map(|d| d.room.clone()).unwrap_or_default(),
            s.dorm.as_ref().map(|d| d.bed.clone()).unwrap_or_default(),
            s.phone.clone().unwrap_or_default(),
            s.id_number.clone().unwrap_or_default(),
            g.and_then(|g| g.name.clone()).unwrap_or_default(),
            g.and_then(|g| g.phone.clone()).unwrap_or_default(),
            flag(AcademicWarning)
                .map(|(l, d)| format!("{l} {}", d.map(|d| d.to_string()).unwrap_or_default()))
                .unwrap_or_default(),
            flag(KeyConcern).map(|(l, _)| l).unwrap_or_default(),
            flag(FinancialDifficulty)
                .map(|(l, _)| l)
                .unwrap_or_default(),
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r, c as u16, v).map_err(x)?;
        }
    }
    wb.save(xlsx).map_err(x)?;
    Ok(all.len())
}

/// Spawns this binary in a new pseudo-terminal and times how long until
/// its first frame has been written.
fn first_frame_in_pty(db: &Path, login: &str) -> Result<Duration> {
    let mut master: libc::c_int = -1;
    let mut slave: libc::c_int = -1;
    let ws = libc::winsize {
        ws_row: 24,
        ws_col: 80,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty fills two fds we then own.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &ws,
        )
    };
    if rc != 0 {
        return Err(Error::Io(std::io::Error::last_os_error()));
    }
    // SAFETY: both fds were just opened for us.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let exe = std::env::current_exe()?;
    let mut cmd = std::process::Command::new(exe);
    cmd.arg("--db")
        .arg(db)
        .args(["--as", login])
        .env("TERM", "xterm-256color");
    cmd.stdin(slave.try_clone()?)
        .stdout(slave.try_clone()?)
        .stderr(slave.try_clone()?);
    // SAFETY: setsid in the child only, so the pty becomes its terminal.
    unsafe {
        use std::os::unix::process::CommandExt;
        cmd.pre_exec(|| {
            libc::setsid();
            // make the pty the controlling terminal (crossterm opens /dev/tty)
            libc::ioctl(0, libc::TIOCSCTTY as _, 0);
            Ok(())
        });
    }
    let start = Instant::now();
    let mut child = cmd.spawn()?;
    drop(slave);
    let mut reader = std::fs::File::from(master.try_clone()?);
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    // the first frame ends with the cursor hidden after entering the alternate
    // screen (wide glyphs are written one by one, so no text is contiguous)
    let needle = b"\x1b[?25l";
    let elapsed = loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            return Err(Error::Data(format!(
                "the program closed the terminal before drawing: {:?}",
                String::from_utf8_lossy(&seen)
            )));
        }
        seen.extend_from_slice(&buf[..n]);
        if seen.windows(needle.len()).any(|w| w == needle) {
            break start.elapsed();
        }
        if start.elapsed() > Duration::from_secs(10) {
            return Err(Error::Data(format!(
                "no frame within 10 s: {:?}",
                String::from_utf8_lossy(&seen)
            )));
        }
    };
    let mut w = std::fs::File::from(master);
    std::io::Write::write_all(&mut w, b"q")?;
    let _ = child.wait();
    Ok(elapsed)
}
