//! The full-screen interface: an event loop turns keys into actions on the
//! model (through `app`), and `view::draw` renders the model. No idle
//! redraws: the screen is drawn on input, on data arriving, and on the
//! minute for the clock in the status bar.

pub mod context;
pub mod crisis;
pub mod drafts;
pub mod duty;
pub mod duty_entry;
pub mod duty_views;
pub mod flags;
pub mod keys;
pub mod model;
pub mod patrol;
pub mod picker;
pub mod record_form;
pub mod screens;
pub mod terminal;
pub mod todo;
pub mod view;
pub mod widgets;
pub mod wrap;

#[cfg(test)]
mod screen_tests;

#[cfg(test)]
use std::path::Path;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, KeyEvent, KeyEventKind};

use zhiban::app::{self, App, Database};
use zhiban::config::paths::{DEMO_DB, db_path};
use zhiban::config::{Assets, Lang};
use zhiban::domain::search::SearchIndex;
use zhiban::error::{Error, Result};

use model::Model;

/// How the interface was asked to start (from the command line).
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub db: Option<PathBuf>,
    pub as_login: Option<String>,
    pub lang: Option<String>,
    pub demo: bool,
}

pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    Loaded(std::result::Result<(Vec<app::students::StudentView>, SearchIndex), String>),
    /// The terminal is gone (read failed): save and leave quietly.
    InputGone,
}

fn spawn_input(tx: Sender<Msg>) {
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                let msg = match event::read() {
                    Ok(Event::Key(k)) if k.kind == KeyEventKind::Press => Msg::Key(k),
                    Ok(Event::Paste(s)) => Msg::Paste(s),
                    Ok(Event::Resize(w, h)) => Msg::Resize(w, h),
                    Ok(_) => continue,
                    Err(_) => {
                        let _ = tx.send(Msg::InputGone);
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

/// Loads the students the actor may see, and their search index, on a
/// connection of its own so that the first frame does not wait for it.
pub fn spawn_loader(tx: Sender<Msg>, session: Result<App>) {
    std::thread::Builder::new()
        .name("loader".into())
        .spawn(move || {
            let r = (|| -> Result<_> {
                let views = app::students::list(&session?)?;
                let index = app::students::search_index(&views);
                Ok((views, index))
            })();
            let _ = tx.send(Msg::Loaded(r.map_err(|e| e.to_string())));
        })
        .expect("spawn loader thread");
}

/// `zhiban` with no command.
pub fn start(opts: &Options) -> Result<()> {
    let lang = Lang::choose(opts.lang.as_deref())?;
    let assets = Arc::new(Assets::load(lang)?);
    let clock = zhiban::config::clock_from_env()?;
    let path = if opts.demo {
        opts.db.clone().unwrap_or_else(|| PathBuf::from(DEMO_DB))
    } else {
        db_path(opts.db.as_deref())?
    };
    if opts.demo && !path.exists() {
        eprintln!("creating the demo database {} …", path.display());
        zhiban::demo::create(
            &path,
            clock.now(),
            &zhiban::demo::DemoSpec {
                seed: 1,
                students: 1440,
            },
        )?;
    }
    let db = Database::open(&path)?;
    let is_demo = db.is_demo()?;
    if opts.demo && !is_demo {
        return Err(Error::Refused(zhiban::error::Msg::raw(format!(
            "{} is not a demo database; open it without --demo",
            path.display()
        ))));
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
        let d = db.take().expect("database");
        signed = Some(d.sign_in(opts.as_login.as_deref(), clock.clone(), assets.clone())?);
    }
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return Err(Error::Usage(zhiban::error::Msg::raw(
            "the interface needs a terminal; use a command (see zhiban --help)",
        )));
    }
    let mut term = terminal::enter()?;
    let draft = Arc::new(Mutex::new(Vec::new()));
    let saver = terminal::Saver {
        session: Arc::new(Mutex::new(None)),
        draft: draft.clone(),
    };
    let saver_session = saver.session.clone();
    if let Err(e) = terminal::watch_signals(saver) {
        terminal::restore();
        return Err(e);
    }
    let (tx, rx) = mpsc::channel();
    spawn_input(tx.clone());
    let result = (|| {
        let app = match signed {
            Some(a) => a,
            None => {
                let Some(chosen) = picker::run(&mut term, &rx, &staff, &assets.text)? else {
                    return Ok(false);
                };
                let d = db.take().expect("database");
                d.sign_in(Some(&chosen.login), clock.clone(), assets.clone())?
            }
        };
        if let Ok(mut s) = saver_session.lock() {
            *s = app.another().ok();
        }
        spawn_loader(tx.clone(), app.another());
        let size = term.size()?;
        let mut m = Model::new(app, is_demo, (size.width, size.height), draft);
        m.offer_draft();
        m.resume_room_draft();
        m.resume_duty_draft();
        m.resume_record_draft();
        m.resume_crisis_draft();
        run(&mut term, &rx, &mut m)
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

/// The event loop. Returns `true` when the terminal went away.
pub fn run(term: &mut terminal::Term, rx: &Receiver<Msg>, m: &mut Model) -> Result<bool> {
    term.draw(|f| view::draw(f, m))?;
    let mut last_flush = Instant::now() - Duration::from_secs(2);
    loop {
        let mut timeout = until_next_minute();
        if m.draft_pending {
            timeout = timeout.min(
                (last_flush + Duration::from_secs(1)).saturating_duration_since(Instant::now()),
            );
        }
        let msg = match rx.recv_timeout(timeout) {
            Ok(msg) => Some(msg),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return Ok(true),
        };
        match msg {
            Some(Msg::Key(k)) => m.on_key(k),
            Some(Msg::Paste(s)) => m.on_paste(&s),
            Some(Msg::Resize(w, h)) => m.on_resize(w, h),
            Some(Msg::Loaded(Ok((views, index)))) => m.loaded(views, index),
            Some(Msg::Loaded(Err(e))) => {
                m.flash = Some(model::Flash {
                    text: e,
                    error: true,
                })
            }
            Some(Msg::InputGone) => {
                m.flush_draft();
                return Ok(true);
            }
            None => {}
        }
        if m.draft_pending && last_flush.elapsed() >= Duration::from_secs(1) {
            m.flush_draft();
            last_flush = Instant::now();
        }
        if m.quit {
            m.flush_draft();
            return Ok(false);
        }
        term.draw(|f| view::draw(f, m))?;
    }
}

/// A model on a fresh in-memory session, for screen tests.
#[cfg(test)]
pub fn test_model(db: &Path, login: &str, size: (u16, u16)) -> Result<Model> {
    let clock: Arc<dyn zhiban::domain::clock::Clock> = Arc::new(zhiban::domain::clock::FixedClock(
        zhiban::domain::clock::from_db("2026-11-22T15:04:00Z").expect("valid"),
    ));
    let app = app::session::open_as(db, login, clock, Arc::new(Assets::builtin(Lang::ZhCn)))?;
    let views = app::students::list(&app)?;
    let index = app::students::search_index(&views);
    let demo = app.is_demo()?;
    let mut m = Model::new(app, demo, size, Arc::new(Mutex::new(Vec::new())));
    m.loaded(views, index);
    Ok(m)
}
