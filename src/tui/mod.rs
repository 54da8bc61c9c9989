//! The full-screen interface: a shell around one module per screen, one
//! form engine for every form, and the drafts written by a thread of their
//! own. No idle redraws: the screen is drawn on input, on data arriving,
//! and on the minute for the clock in the status bar.

mod directory;
mod form;
mod keys;
mod lean;
mod screen;
mod screens;
mod shell;
mod signin;
mod terminal;
mod ui;
mod wake;
mod writer;

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEvent, KeyEventKind};
use zhiban::app::student_list::StudentList;
use zhiban::app::{self, App, Database};
use zhiban::config::paths::{DEMO_DB, db_path};
use zhiban::config::{Assets, Lang};
use zhiban::domain::search::SearchIndex;
use zhiban::error::{Error, Msg, Result};

use shell::Shell;
use shell::drafts::Drafts;

/// How the interface was asked to start (from the command line).
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub db: Option<PathBuf>,
    pub as_login: Option<String>,
    pub lang: Option<String>,
    pub demo: bool,
}

/// What the event loop waits for.
pub enum Incoming {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// The board read on start (the first screen's data).
    Board(Result<zhiban::app::dashboard::Board>),
    Loaded(Box<Result<(StudentList, SearchIndex)>>),
    /// The loader could not open its session: nothing more will come.
    LoadFailed(Error),
    /// A draft could not be written.
    DraftFailed(Error),
    /// The terminal is gone (read failed): save and leave quietly.
    InputGone,
    /// A screen's background work is done ([`wake`]).
    Ready,
}

fn spawn_input(tx: Sender<Incoming>) {
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                let msg = match event::read() {
                    Ok(Event::Key(k)) if k.kind == KeyEventKind::Press => Incoming::Key(k),
                    Ok(Event::Paste(s)) => Incoming::Paste(s),
                    Ok(Event::Resize(w, h)) => Incoming::Resize(w, h),
                    Ok(_) => continue,
                    Err(_) => {
                        let _ = tx.send(Incoming::InputGone);
                        return;
                    }
                };
                if tx.send(msg).is_err() {
                    return;
                }
            }
        })
        .expect("spawn input thread");
}

/// Reads what the first frame does not wait for, on a session of its own:
/// the board first (the screen shown), then the students the actor may
/// see with their search index.
/// On a demo database, `ZHIBAN_LOAD_GATE=FILE` holds the loader until FILE
/// exists (at most a minute): the end-to-end tests see the first frame
/// before the data, and keys typed meanwhile, without racing the clock.
fn spawn_loader(tx: Sender<Incoming>, session: Result<App>, gate: Option<PathBuf>) {
    std::thread::Builder::new()
        .name("loader".into())
        .spawn(move || {
            if let Some(gate) = gate {
                let t = std::time::Instant::now();
                while !gate.exists() && t.elapsed() < Duration::from_secs(60) {
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
            let session = match session {
                Ok(s) => s,
                Err(e) => {
                    let _ = tx.send(Incoming::LoadFailed(e));
                    return;
                }
            };
            let board = app::dashboard::board(&session, None);
            if tx.send(Incoming::Board(Ok(board))).is_err() {
                return;
            }
            // packed and indexed as each student is read
            let r = app::student_list::load(&session);
            drop(session);
            let _ = tx.send(Incoming::Loaded(Box::new(r)));
        })
        .expect("spawn loader thread");
}

/// `zhiban` with no command.
pub fn start(opts: &Options) -> Result<()> {
    let lang = Lang::choose(opts.lang.as_deref())?;
    // the path first: on the site's database the overrides are the site's
    let path = if opts.demo {
        opts.db.clone().unwrap_or_else(|| PathBuf::from(DEMO_DB))
    } else {
        db_path(opts.db.as_deref())?
    };
    let assets = Arc::new(Assets::load(lang)?);
    if opts.demo && !path.exists() {
        crate::out::err_line(&assets.text.f(
            "start.creating_demo",
            &[("path", &path.display().to_string())],
        ));
        zhiban::demo::create(
            &path,
            zhiban::config::clock(true)?.now(),
            &zhiban::demo::DemoSpec {
                seed: 1,
                students: 1440,
            },
        )?;
    }
    let db = Database::open(&path)?;
    let is_demo = db.is_demo()?;
    let clock = zhiban::config::clock(is_demo)?;
    if opts.demo && !is_demo {
        return Err(Error::Refused(
            Msg::new("start.not_demo").with("path", path.display()),
        ));
    }
    // who acts: the login, `--as` (demo), or chosen from a list (demo)
    let chosen_later = opts.demo && opts.as_login.is_none();
    let staff = if chosen_later {
        db.demo_staff()?
    } else {
        Vec::new()
    };
    let mut db = Some(db);
    let mut signed = None;
    if !chosen_later {
        let d = db.take().expect("the database is still ours");
        signed = Some(d.sign_in(opts.as_login.as_deref(), clock.clone(), assets.clone())?);
    }
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return Err(Error::Usage(Msg::new("start.needs_terminal")));
    }
    let mut term = terminal::enter()?;
    let snapshot: terminal::Snapshot = Arc::new(Mutex::new(Default::default()));
    let saver = terminal::Saver {
        session: Arc::new(Mutex::new(None)),
        drafts: snapshot.clone(),
    };
    let saver_session = saver.session.clone();
    if let Err(e) = terminal::watch_signals(saver) {
        terminal::restore();
        return Err(e);
    }
    let (tx, rx) = mpsc::channel();
    spawn_input(tx.clone());
    wake::install(tx.clone());
    let result = (|| {
        let app = match signed {
            Some(a) => a,
            None => {
                let Some(chosen) = signin::run(&mut term, &rx, &staff, &assets.text)? else {
                    return Ok(false);
                };
                let d = db.take().expect("the database is still ours");
                d.sign_in(Some(&chosen.login), clock.clone(), assets.clone())?
            }
        };
        if let Ok(mut s) = saver_session.lock() {
            *s = app.another().ok();
        }
        let gate = std::env::var_os("ZHIBAN_LOAD_GATE")
            .filter(|_| is_demo)
            .map(PathBuf::from);
        spawn_loader(tx.clone(), app.another(), gate);
        let failed = tx.clone();
        let writer = writer::Writer::spawn(app.another()?, move |e| {
            let _ = failed.send(Incoming::DraftFailed(e));
        });
        let size = term.size()?;
        let mut shell = Shell::starting(
            app,
            is_demo,
            (size.width, size.height),
            Drafts::new(Some(writer), snapshot),
        );
        shell.offer_drafts();
        // a write that waits for another session (a long import) says so
        let waiting = assets.text.s("status.waiting_write");
        app::session::on_write_wait(Box::new(move || terminal::show_wait_notice(&waiting)));
        run(&mut term, &rx, &mut shell)
    })();
    match result {
        Ok(true) => {
            // the terminal is gone: do not write to it
            std::process::exit(129);
        }
        Ok(false) => {
            terminal::restore();
            Ok(())
        }
        Err(e) => {
            terminal::restore();
            Err(e)
        }
    }
}

/// Time until the next minute boundary, for the clock in the status bar.
fn until_next_minute() -> Duration {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Duration::from_secs(60 - now.as_secs() % 60)
}

/// The event loop. Returns `true` when the terminal went away. A frame is
/// drawn for every message before the next is read; nothing here writes to
/// the database for a keystroke that is not an action the user waits for.
fn run(term: &mut terminal::Term, rx: &Receiver<Incoming>, shell: &mut Shell) -> Result<bool> {
    term.draw(|f| shell.draw(f))?;
    loop {
        let msg = match rx.recv_timeout(until_next_minute()) {
            Ok(msg) => Some(msg),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return Ok(true),
        };
        match msg {
            Some(Incoming::Key(k)) => shell.on_key(k),
            Some(Incoming::Paste(s)) => shell.on_paste(&s),
            Some(Incoming::Resize(w, h)) => shell.on_resize(w, h),
            Some(Incoming::Board(r)) => shell.board_loaded(r),
            Some(Incoming::Loaded(r)) => shell.loaded(*r),
            Some(Incoming::LoadFailed(e)) => shell.load_failed(e),
            Some(Incoming::DraftFailed(e)) => shell.draft_failed(&e),
            Some(Incoming::Ready) => shell.ready(),
            Some(Incoming::InputGone) => {
                shell.flush();
                return Ok(true);
            }
            None => shell.minute(),
        }
        if shell.quitting() {
            shell.flush();
            return Ok(false);
        }
        if terminal::take_wait_notice() {
            // the notice was drawn behind ratatui's back: blank its line,
            // then a blank frame and the real one redraw every cell
            // (Terminal::clear would ask the terminal for the cursor, which
            // the input thread's reads make time out)
            terminal::clear_wait_notice();
            term.backend_mut().forget();
            term.draw(|f| f.render_widget(ratatui::widgets::Clear, f.area()))?;
        }
        term.draw(|f| shell.draw(f))?;
    }
}

/// A shell on `app` with no terminal and no draft writer: what `zhiban
/// bench` (and the screen tests) drive in process.
pub(crate) fn bench_shell(app: App, size: (u16, u16)) -> Shell {
    let demo = app.is_demo().unwrap_or(false);
    Shell::new(
        app,
        demo,
        size,
        Drafts::new(None, Arc::new(Mutex::new(Default::default()))),
    )
}

#[cfg(test)]
#[path = "../../tests/tui/mod.rs"]
mod tests;
