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

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, KeyEvent, KeyEventKind};

use crate::app::{self, App};
use crate::assets::{Assets, Lang};
use crate::cli::{Cli, db_path, make_demo};
use crate::domain::search::SearchIndex;
use crate::domain::staff::Staff;
use crate::error::{Error, Result};
use crate::store::{Store, meta};

use model::Model;

/// Where `--demo` keeps its database.
pub const DEMO_DB: &str = "zhiban-demo.db";

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
pub fn spawn_loader(tx: Sender<Msg>, db: PathBuf, actor: Staff) {
    std::thread::Builder::new()
        .name("loader".into())
        .spawn(move || {
            let r = (|| -> Result<_> {
                let store = Store::open(&db)?;
                let views = app::students::list(store.conn(), &actor)?;
                let index = app::students::search_index(&views);
                Ok((views, index))
            })();
            let _ = tx.send(Msg::Loaded(r.map_err(|e| e.to_string())));
        })
        .expect("spawn loader thread");
}

/// `zhiban` with no command.
pub fn start(cli: &Cli) -> Result<()> {
    let lang = Lang::choose(cli.lang.as_deref())?;
    let assets = Arc::new(Assets::load(lang)?);
    let clock = app::clock_from_env()?;
    let path = if cli.demo {
        cli.db.clone().unwrap_or_else(|| PathBuf::from(DEMO_DB))
    } else {
        db_path(cli.db.as_deref())?
    };
    if cli.demo && !path.exists() {
        eprintln!("creating the demo database {} …", path.display());
        make_demo(&path, 1, 1440)?;
    }
    let store = Store::open_existing(&path)?;
    let is_demo = meta::is_demo(store.conn())?;
    if cli.demo && !is_demo {
        return Err(Error::Refused(format!(
            "{} is not a demo database; open it without --demo",
            path.display()
        )));
    }
    let actor = if cli.demo && cli.as_login.is_none() {
        None
    } else {
        Some(app::identity::resolve(&store, cli.as_login.as_deref())?)
    };
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return Err(Error::Usage(
            "the interface needs a terminal; use a command (see zhiban --help)".into(),
        ));
    }
    let mut term = terminal::enter()?;
    let draft = Arc::new(Mutex::new(Vec::new()));
    let staff_id = Arc::new(std::sync::atomic::AtomicI64::new(0));
    let saver = terminal::Saver {
        db: path.clone(),
        staff_id: staff_id.clone(),
        draft: draft.clone(),
    };
    if let Err(e) = terminal::watch_signals(saver) {
        terminal::restore();
        return Err(e);
    }
    let (tx, rx) = mpsc::channel();
    spawn_input(tx.clone());
    let result = (|| {
        let actor = match actor {
            Some(a) => a,
            None => {
                let staff = crate::store::org::all_staff(store.conn())?;
                match picker::run(&mut term, &rx, &staff, &assets.text)? {
                    Some(a) => a,
                    None => return Ok(false),
                }
            }
        };
        staff_id.store(actor.id, std::sync::atomic::Ordering::SeqCst);
        spawn_loader(tx.clone(), path.clone(), actor.clone());
        let size = term.size()?;
        let mut m = Model::new(
            App::new(store, clock, assets, actor),
            is_demo,
            (size.width, size.height),
            draft,
        );
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
pub fn test_model(db: &Path, login: &str, size: (u16, u16)) -> Result<Model> {
    let store = Store::open_existing(db)?;
    let actor = crate::store::org::staff_by_login(store.conn(), login)?
        .ok_or_else(|| Error::Data(format!("no staff {login}")))?;
    let clock: Arc<dyn crate::domain::clock::Clock> = Arc::new(crate::domain::clock::FixedClock(
        crate::domain::clock::from_db("2026-11-22T15:04:00Z").expect("valid"),
    ));
    let views = app::students::list(store.conn(), &actor)?;
    let index = app::students::search_index(&views);
    let demo = meta::is_demo(store.conn())?;
    let mut m = Model::new(
        App::new(store, clock, Arc::new(Assets::builtin(Lang::ZhCn)), actor),
        demo,
        size,
        Arc::new(Mutex::new(Vec::new())),
    );
    m.loaded(views, index);
    Ok(m)
}
