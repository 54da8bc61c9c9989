//! Opening a database and signing in: which file, and who is acting. The
//! front ends start here; nothing else hands out a session.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::App;
use crate::config::Assets;
use crate::domain::clock::Clock;
use crate::domain::staff::Staff;
use crate::error::Result;
use crate::store::{Store, audit, meta, org};

/// A zhiban database, opened (and migrated) but with nobody signed in.
pub struct Database {
    store: Store,
}

/// What `zhiban check` finds: SQLite's own check, the audit chain, its
/// anchor, and every record against its last audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// Problems `PRAGMA integrity_check` lists (empty when all is well).
    pub problems: Vec<String>,
    /// What is wrong beyond SQLite's check (a demo flag on the site's
    /// shared database).
    pub findings: Vec<crate::error::Msg>,
    /// Did the audit chain verify (if not, why is among the findings)?
    pub chain_intact: bool,
    pub audit_entries: i64,
    /// The chain's head hash (hex).
    pub audit_head: String,
}

impl Database {
    /// Opens a database that must already exist.
    pub fn open(path: &Path) -> Result<Database> {
        Ok(Database {
            store: anchored(site_policy(Store::open_existing(path)?)?),
        })
    }

    /// Opens a database, creating the file if it is new (`init`).
    pub fn create(path: &Path) -> Result<Database> {
        Ok(Database {
            store: anchored(site_policy(Store::open(path)?)?),
        })
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// Is this a demo database (where `--as` and `ZHIBAN_NOW` are
    /// honoured)? Never the site's shared database, whatever its flag says.
    pub fn is_demo(&self) -> Result<bool> {
        demo_honoured(&self.store)
    }

    /// Everyone one may act as on a demo database (the "whom to act as"
    /// list); empty on any other database.
    pub fn demo_staff(&self) -> Result<Vec<Staff>> {
        if !self.is_demo()? {
            return Ok(Vec::new());
        }
        org::all_staff(self.store.conn())
    }

    /// Signs in: the operating-system login, or `as_login` on a demo
    /// database ([`super::identity::resolve`]).
    pub fn sign_in(
        self,
        as_login: Option<&str>,
        clock: Arc<dyn Clock>,
        assets: Arc<Assets>,
    ) -> Result<App> {
        let actor = super::identity::resolve(&self.store, as_login)?;
        Ok(App::new(self.store, clock, assets, actor))
    }

    /// `PRAGMA integrity_check` and the audit chain, end to end.
    pub fn check(&self) -> Result<CheckReport> {
        // the records are compared on a connection of their own, beside
        // SQLite's check and the chain (each reads the whole file)
        let path = self.store.path().to_path_buf();
        let records = std::thread::spawn(move || Store::compare_records(&path));
        let report = self.check_chain();
        let records = records.join().unwrap_or_else(|_| {
            Err(crate::error::Error::Data(crate::msg!(
                "err.store.check_failed"
            )))
        });
        let mut report = report?;
        if report.problems.is_empty() {
            report.findings.extend(records?);
        }
        Ok(report)
    }

    /// SQLite's integrity check, the chain, its guards and anchor.
    fn check_chain(&self) -> Result<CheckReport> {
        self.store.for_reading_everything()?;
        let problems = self.store.integrity_check()?;
        if !problems.is_empty() {
            return Ok(CheckReport {
                problems,
                findings: Vec::new(),
                chain_intact: false,
                audit_entries: 0,
                audit_head: String::new(),
            });
        }
        let mut findings: Vec<crate::error::Msg> = Vec::new();
        // a broken chain is one finding among the others, not the end of
        // the check
        let chain = match audit::verify(self.store.conn()) {
            Ok(c) => Some(c),
            Err(crate::error::Error::Data(m)) => {
                findings.push(m);
                None
            }
            Err(e) => return Err(e),
        };
        findings.extend(
            self.store
                .missing_guards()?
                .into_iter()
                .map(|name| crate::msg!("err.store.guard_gone", name = name)),
        );
        if let Some(log) = self.store.head_log() {
            findings.extend(crate::store::anchor::compare(self.store.conn(), log)?);
        }
        if on_site_database(&self.store) && meta::is_demo(self.store.conn())? {
            findings.push(crate::msg!(
                "err.site.demo_flag",
                path = self.store.path().display()
            ));
        }
        Ok(CheckReport {
            problems,
            findings,
            chain_intact: chain.is_some(),
            audit_entries: chain.as_ref().map_or(0, |c| c.entries),
            audit_head: chain.map(|c| c.head).unwrap_or_default(),
        })
    }

    /// Restores `backup` into the new file `to` (`zhiban restore`): the
    /// backup's integrity and audit chain are checked before anything is
    /// written, the copy again before it gets its name, and the restore is
    /// recorded in the copy's own audit log (by `login`). An existing `to`
    /// is refused.
    pub fn restore(
        backup: &Path,
        to: &Path,
        clock: &dyn Clock,
        login: &str,
    ) -> Result<CheckReport> {
        crate::store::restore(backup, to)?;
        let mut store = Store::open_existing(to)?;
        let from = backup.display().to_string();
        store.write(login, clock.now(), |_| {
            Ok((
                (),
                vec![crate::store::AuditEntry::new(
                    "db.restore",
                    "database",
                    None,
                    serde_json::json!({"from": from}),
                )],
            ))
        })?;
        Database { store }.check()
    }

    /// Creates the database's first administrator (`zhiban init`).
    pub fn init(&mut self, clock: &dyn Clock, login: &str, name: &str) -> Result<()> {
        super::init::init(&mut self.store, clock, login, name)
    }
}

/// `zhiban bench` only: bare single-row commits in a new file at `path`
/// with a database's pragmas — the floor a save is measured against, one
/// commit at a time (so that the bench takes them between the saves).
#[doc(hidden)]
pub struct BenchFloor(crate::store::Floor);

impl BenchFloor {
    pub fn open(path: &Path) -> Result<BenchFloor> {
        Ok(BenchFloor(crate::store::Floor::open(path)?))
    }

    /// The `i`th commit.
    pub fn commit(&self, i: usize) -> Result<()> {
        self.0.commit(i)
    }
}

/// A session acting as `login` on the database at `path`, whatever the
/// database: for tests and tools that have already decided who acts. The
/// front ends sign in through [`Database::sign_in`], which honours a
/// chosen login only on demo databases.
#[doc(hidden)]
pub fn open_as(
    path: &Path,
    login: &str,
    clock: Arc<dyn Clock>,
    assets: Arc<Assets>,
) -> Result<App> {
    let store = anchored(site_policy(Store::open(path)?)?);
    let actor = org::staff_by_login(store.conn(), login)?.ok_or_else(|| {
        crate::error::Error::Data(crate::msg!("err.not_found.staff_login", login = login))
    })?;
    Ok(App::new(store, clock, assets, actor))
}

impl App {
    /// The database file this session works on.
    pub fn db_path(&self) -> PathBuf {
        self.store.path().to_path_buf()
    }

    /// Is this a demo database ([`Database::is_demo`])?
    pub fn is_demo(&self) -> Result<bool> {
        demo_honoured(&self.store)
    }

    /// After how many WAL pages this session checkpoints (0: never, left
    /// to Litestream): for tests of the site's `checkpoints` setting.
    #[doc(hidden)]
    pub fn autocheckpoint_pages(&self) -> Result<i64> {
        self.store.autocheckpoint_pages()
    }

    /// `zhiban bench` only: this session's writes carry no record hashes,
    /// so that what the trail costs can be measured beside one that does.
    #[doc(hidden)]
    pub fn bench_without_trail(&self) -> Result<()> {
        self.store.without_trail()
    }

    /// `zhiban bench` only: anchor this session's commits in `log` (a file
    /// that exists), as a site's head log would.
    #[doc(hidden)]
    pub fn bench_anchor_in(&mut self, log: PathBuf) {
        self.store.anchor_in(log, false);
    }

    /// A second session for the same person on a connection of its own,
    /// for a thread of the front end (loading students, writing drafts).
    pub fn another(&self) -> Result<App> {
        let store = Store::open_existing(self.store.path())?;
        store.small_cache()?;
        Ok(App::new(
            anchored(site_policy(store)?),
            self.clock.clone(),
            self.assets.clone(),
            self.actor.clone(),
        ))
    }
}

/// The demo flag, honoured only off the site's database: on the database
/// the system configuration names, a demo flag is a sign that someone wrote
/// the file behind zhiban's back ([`Database::check`] reports it).
pub(crate) fn demo_honoured(store: &Store) -> Result<bool> {
    if on_site_database(store) {
        return Ok(false);
    }
    meta::is_demo(store.conn())
}

/// The store, its chain anchored in the site's head log when it is the
/// site's database.
fn anchored(mut store: Store) -> Store {
    if let Some(site) = crate::config::site::bound()
        && site.is_database(store.path())
    {
        store.anchor_in(site.head_log.clone(), site.head_syslog);
    }
    store
}

/// Has a commit of this process failed to reach the head log (the write
/// stands; its anchor is behind until the next commit that reaches it)?
pub fn anchor_behind() -> bool {
    crate::store::anchor::behind()
}

fn on_site_database(store: &Store) -> bool {
    crate::config::site::bound().is_some_and(|s| s.is_database(store.path()))
}

/// What the system configuration asks of a connection to the site's
/// database: with `checkpoints = "litestream"` the session leaves the WAL's
/// checkpoints to Litestream ([`crate::config::site::Checkpoints`]).
fn site_policy(store: Store) -> Result<Store> {
    if crate::config::site::bound()
        .is_some_and(|s| s.leaves_checkpoints_to_litestream(store.path()))
    {
        store.leave_checkpoints_to_others()?;
    }
    Ok(store)
}

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: usize = crate::store::migrations::SCHEMA_VERSION;

/// Is the database empty of people (a fresh file)?
pub(crate) fn is_empty(store: &Store) -> Result<bool> {
    super::init::is_empty(store)
}

/// What to do, on the calling thread, when a write has had to wait a
/// moment for another session's (a long import): the interface says so
/// rather than freeze. The write goes on waiting up to its timeout.
pub fn on_write_wait(f: Box<dyn Fn()>) {
    crate::store::busy::on_wait(f);
}
