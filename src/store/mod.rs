//! The only code that speaks SQL. Opens the database with the pragmas of
//! DESIGN.md, migrates it, and offers typed reads and writes. Every write
//! goes through [`Store::write`]: `BEGIN IMMEDIATE`, the change, its audit
//! entries, `COMMIT` — all or nothing.

pub(crate) mod aid;
pub(crate) mod anchor;
pub(crate) mod audit;
mod backup;
pub(crate) mod bulk;
pub(crate) mod busy;
pub(crate) mod compliance_cache;
pub(crate) mod compliance_facts;
pub(crate) mod crisis;
pub(crate) mod dashboard;
pub(crate) mod dorm;
pub(crate) mod drafts;
pub(crate) mod duty;
pub(crate) mod duty_displaced;
pub(crate) mod duty_owned;
pub(crate) mod meta;
pub(crate) mod migrations;
pub(crate) mod org;
pub(crate) mod patrols;
pub(crate) mod records;
pub(crate) mod reminders;
pub(crate) mod report_filings;
pub(crate) mod reports;
pub(crate) mod scope_reads;
pub(crate) mod student_history;
pub(crate) mod students;
pub(crate) mod trail;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, TransactionBehavior};

pub(crate) use audit::AuditEntry;
pub(crate) use backup::restore;

use crate::domain::clock::to_db;
use crate::error::{Error, Result};

/// The most the WAL file is left holding after a checkpoint (bytes).
pub(crate) const WAL_LIMIT: i64 = 64 * 1024 * 1024;

/// How long a writer waits for another before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(8);

pub(crate) struct Store {
    conn: Connection,
    path: PathBuf,
    /// Who the session signed in as, with their roles and college then:
    /// every write first makes sure that still holds.
    signed_in: Option<crate::domain::staff::Staff>,
    /// The head log each commit's new chain head is appended to, if the
    /// administrator configured one for this database ([`anchor`]).
    head_log: Option<PathBuf>,
    /// A head this process wrote before it knew the head log (an upgrade's
    /// own entry), appended once the log is known.
    unanchored: Option<(i64, String)>,
    /// The records the write in progress has touched ([`trail`]).
    noted: trail::Noted,
    /// Each head also goes to the system log.
    head_syslog: bool,
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`.
    pub(crate) fn open(path: &Path) -> Result<Store> {
        Store::open_as(path, true)
    }

    /// Opens the database at `path`; an empty file only if `create`. A file
    /// that is not a zhiban database is refused before anything is written
    /// to it (no WAL switch, no migration).
    fn open_as(path: &Path, create: bool) -> Result<Store> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() && !dir.exists() {
                std::fs::create_dir_all(dir)?;
            }
        }
        if !path.exists() {
            create_shared_file(path)?;
        }
        let mut conn = Connection::open(path)?;
        match identify(&conn, path)? {
            Found::Zhiban => {}
            Found::Empty if create => {}
            Found::Empty => {
                return Err(Error::Usage(crate::msg!(
                    "err.store.empty",
                    path = path.display()
                )));
            }
        }
        configure(&conn)?;
        let current: usize =
            conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
        if current > migrations::SCHEMA_VERSION {
            return Err(Error::Usage(crate::msg!(
                "err.store.newer_schema",
                path = path.display(),
                found = current,
                known = migrations::SCHEMA_VERSION
            )));
        }
        let mut unanchored = None;
        if current < migrations::SCHEMA_VERSION {
            let before = if current == 0 {
                0
            } else {
                audit::head(&conn)?.0
            };
            migrate(&mut conn)?;
            let (seq, hash, _) = audit::head(&conn)?;
            if seq > before {
                unanchored = Some((seq, hash));
            }
        }
        let noted = trail::watch(&conn)?;
        // the file says whose it is (`file` and other tools read it too)
        if conn.query_row("PRAGMA application_id", [], |r| r.get::<_, i64>(0))? != APPLICATION_ID {
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            signed_in: None,
            head_log: None,
            unanchored,
            noted,
            head_syslog: false,
        })
    }

    /// Opens a database that must already exist (and be a zhiban one).
    pub(crate) fn open_existing(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(Error::Usage(crate::msg!(
                "err.store.no_database",
                path = path.display()
            )));
        }
        Store::open_as(path, false)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Leaves the WAL's checkpoints to another process (Litestream, which
    /// replicates each page before it lets a checkpoint write it back):
    /// this connection no longer checkpoints after a commit. SQLite still
    /// checkpoints when the last connection to the file closes.
    pub(crate) fn leave_checkpoints_to_others(&self) -> Result<()> {
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        Ok(())
    }

    /// After how many WAL pages this connection checkpoints (0: never).
    pub(crate) fn autocheckpoint_pages(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?)
    }

    /// From now on every write first checks that `actor` is still
    /// registered with the same roles and college: a staff member removed
    /// or changed mid-session is refused at their next action.
    pub(crate) fn guard_for(&mut self, actor: &crate::domain::staff::Staff) {
        self.signed_in = Some(actor.clone());
    }

    /// For reads. Writes go through [`Store::write`].
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction and appends the audit
    /// entries it returns, chained, in the same transaction.
    pub(crate) fn write<T>(
        &mut self,
        actor: &str,
        at: DateTime<Utc>,
        f: impl FnOnce(&Transaction<'_>) -> Result<(T, Vec<AuditEntry>)>,
    ) -> Result<T> {
        self.write_or_rollback(actor, at, true, f)
    }

    /// Like [`Store::write`]; with `commit = false` everything is done and
    /// then rolled back (a dry run that reports exactly what would happen).
    pub(crate) fn write_or_rollback<T>(
        &mut self,
        actor: &str,
        at: DateTime<Utc>,
        commit: bool,
        f: impl FnOnce(&Transaction<'_>) -> Result<(T, Vec<AuditEntry>)>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(was) = &self.signed_in {
            still_the_same(&tx, was)?;
        }
        trail::forget(&tx, &self.noted)?;
        let (value, entries) = f(&tx)?;
        let records = trail::touched(&tx, &self.noted)?;
        let head = audit::append(&tx, &to_db(at), actor, &entries, &records)?;
        if commit {
            tx.commit()?;
            if let Some((seq, hash)) = head {
                self.anchor(seq, &hash);
            }
        } else {
            tx.rollback()?;
        }
        Ok(value)
    }

    /// A write that is not a record of anyone's action (a draft being
    /// typed): still `BEGIN IMMEDIATE`, never audited.
    pub(crate) fn write_draft<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Anchors this database's chain in `log` from now on.
    pub(crate) fn anchor_in(&mut self, log: PathBuf, syslog: bool) {
        self.head_log = Some(log);
        self.head_syslog = syslog;
        if let Some((seq, hash)) = self.unanchored.take() {
            self.anchor(seq, &hash);
        }
    }

    /// After a commit: its head to the head log (and the system log).
    fn anchor(&self, seq: i64, hash: &str) {
        if let Some(log) = &self.head_log {
            anchor::after_commit(log, seq, hash);
            if self.head_syslog {
                anchor::to_syslog(&self.path, seq, hash);
            }
        }
    }

    /// Writes from now on carry no record hashes (`zhiban bench` only: the
    /// cost of the trail is measured against a session without it).
    pub(crate) fn without_trail(&self) -> Result<()> {
        trail::unwatch(&self.conn)
    }

    /// The head log, if the chain is anchored.
    pub(crate) fn head_log(&self) -> Option<&Path> {
        self.head_log.as_deref()
    }

    /// The append-only guards (triggers) of the audit log and crisis
    /// events that are missing: someone with the file dropped them.
    pub(crate) fn missing_guards(&self) -> Result<Vec<&'static str>> {
        let mut out = Vec::new();
        for name in [
            "audit_log_no_update",
            "audit_log_no_delete",
            "crisis_events_no_update",
            "crisis_events_no_delete",
            "audit_records_no_update",
            "audit_records_no_delete",
        ] {
            let n: i64 = self.conn.query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                [name],
                |r| r.get(0),
            )?;
            if n == 0 {
                out.push(name);
            }
        }
        Ok(out)
    }

    /// Before reading the whole file (`check`): pages mapped rather than
    /// read one system call at a time, and a larger page cache.
    pub(crate) fn for_reading_everything(&self) -> Result<()> {
        self.conn.pragma_update(None, "mmap_size", 1i64 << 32)?;
        self.conn.pragma_update(None, "cache_size", -128 * 1024)?;
        Ok(())
    }

    /// A connection of a background thread (loading, reading a board or a
    /// report again): a small page cache, so that each session's threads
    /// do not each hold a cache as large as the interface's (the pages
    /// they read again come from the system's file cache).
    pub(crate) fn small_cache(&self) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", -512)?;
        Ok(())
    }

    /// Before a write of a whole roster (an import): a page cache that
    /// holds what it touches, so that no page is spilled to the log
    /// mid-write and read back. Gives the cache size to go back to.
    pub(crate) fn large_cache(&self) -> Result<i64> {
        let was: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", -256 * 1024)?;
        Ok(was)
    }

    /// After [`Store::large_cache`]: the cache as it was, the pages beyond
    /// it given back to the system.
    pub(crate) fn usual_cache(&self, was: i64) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", was)?;
        self.conn.execute_batch("PRAGMA shrink_memory")?;
        Ok(())
    }

    /// The records against the trail ([`trail::compare`]), on a read-only
    /// connection of its own (so that it can run beside the integrity
    /// check), in one snapshot.
    pub(crate) fn compare_records(path: &Path) -> Result<Vec<crate::error::Msg>> {
        let reader = Store::reader(path)?;
        let conn = reader.conn();
        conn.pragma_update(None, "mmap_size", 1i64 << 32)?;
        conn.pragma_update(None, "cache_size", -64 * 1024)?;
        reader.begin()?;
        let found = trail::compare(conn);
        conn.execute_batch("COMMIT")?;
        found
    }

    /// A read-only connection to the database at `path`, for reads beside
    /// a session's own connection: on another thread (the school-wide
    /// 待办's second half), or beside the integrity check.
    pub(crate) fn reader(path: &Path) -> Result<Reader> {
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_handler(Some(busy::handler))?;
        Ok(Reader(conn))
    }

    /// `PRAGMA integrity_check`: `Ok` or the problems SQLite lists.
    pub(crate) fn integrity_check(&self) -> Result<Vec<String>> {
        backup::integrity(&self.conn)
    }

    /// Online backup to `dest` (a consistent copy while others write),
    /// verified before it is given its name: written to a temporary file
    /// beside it, checked (SQLite's integrity check and the audit chain),
    /// then linked to `dest` — never over an existing file. A failure
    /// (a full disk, a bad copy) leaves no file claiming to be a backup.
    pub(crate) fn backup(&self, dest: &Path) -> Result<audit::ChainReport> {
        if dest.exists() {
            return Err(Error::Usage(crate::msg!(
                "err.store.exists",
                path = dest.display()
            )));
        }
        backup::copy_verified(&self.conn, dest, 0o600, "DELETE")
    }
}

/// A read-only connection ([`Store::reader`]): its reads in one snapshot,
/// begun at its first read and ended when it is dropped.
pub(crate) struct Reader(Connection);

impl Reader {
    /// Begins the snapshot the reads through [`Reader::conn`] share.
    pub(crate) fn begin(&self) -> Result<()> {
        self.0.execute_batch("BEGIN")?;
        Ok(())
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.0
    }
}

/// The floor a save is measured against (`zhiban bench`): bare single-row
/// commits, each `BEGIN IMMEDIATE`, one `INSERT`, `COMMIT`, in a new file
/// with the same pragmas as a database.
pub(crate) struct Floor(Connection);

impl Floor {
    pub(crate) fn open(path: &Path) -> Result<Floor> {
        let conn = Connection::open(path)?;
        configure(&conn)?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS floor (id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
        )?;
        Ok(Floor(conn))
    }

    /// One commit (the `i`th).
    pub(crate) fn commit(&self, i: usize) -> Result<()> {
        self.0.execute_batch("BEGIN IMMEDIATE")?;
        self.0
            .prepare_cached("INSERT INTO floor (v) VALUES (?1)")?
            .execute([format!("谈话记录第 {i} 条：学生情绪稳定，已约下周再谈")])?;
        self.0.execute_batch("COMMIT")?;
        Ok(())
    }
}

/// What zhiban writes in the SQLite header's application id ("zhib").
pub(crate) const APPLICATION_ID: i64 = 0x7a68_6962;

/// What a file holds, asked before anything is written to it.
pub(super) enum Found {
    Zhiban,
    /// No tables at all (a new or zero-length file).
    Empty,
}

/// Tells a zhiban database (by its application id, or — made before the
/// id was written — by its own tables) from an empty file; anything else
/// (another program's database, a damaged or truncated file, not SQLite at
/// all) is refused with a message naming it. Reads only.
pub(super) fn identify(conn: &Connection, path: &Path) -> Result<Found> {
    let unreadable = |e: rusqlite::Error| {
        Error::Data(crate::msg!(
            "err.store.not_sqlite",
            path = path.display(),
            detail = e
        ))
    };
    let id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(unreadable)?;
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .map_err(unreadable)?;
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .and_then(|rows| rows.collect())
        .map_err(unreadable)?;
    if id == APPLICATION_ID {
        return Ok(Found::Zhiban);
    }
    if tables.is_empty() && id == 0 {
        return Ok(Found::Empty);
    }
    let ours = ["app_meta", "audit_log", "staff", "students"]
        .iter()
        .all(|t| tables.iter().any(|x| x == t));
    if id == 0 && ours {
        return Ok(Found::Zhiban);
    }
    let mut shown: Vec<&str> = tables.iter().take(6).map(String::as_str).collect();
    if tables.len() > 6 {
        shown.push("…");
    }
    Err(Error::Usage(crate::msg!(
        "err.store.foreign",
        path = path.display(),
        tables = shown.join(", ")
    )))
}

/// Is the person a session signed in as still registered as then?
fn still_the_same(conn: &Connection, was: &crate::domain::staff::Staff) -> Result<()> {
    let same = org::standing(conn, &was.login)?.is_some_and(|(college, roles)| {
        let mut b = was.roles.clone();
        b.sort();
        roles == b && college == was.college_id
    });
    if same {
        Ok(())
    } else {
        Err(Error::Refused(crate::msg!(
            "err.denied.session_changed",
            login = &was.login
        )))
    }
}

/// Creates a new database file group-readable and -writable and never
/// world-readable, whatever the caller's umask: every staff member's
/// session writes it (through the group of its setgid directory), nobody
/// else reads it. SQLite gives its `-wal` and `-shm` the same mode. A file
/// another process created a moment before is left as it is.
fn create_shared_file(path: &Path) -> Result<()> {
    create_with_mode(path, 0o660)
}

pub(super) fn create_with_mode(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
    {
        // the umask may have taken bits away: set them exactly
        Ok(f) => Ok(f.set_permissions(std::fs::Permissions::from_mode(mode))?),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Brings the schema up to date. Sessions opening a new file at the same
/// moment may all try: a loser's transaction rolls back (busy, or "table
/// exists"), and it finds the schema current when it looks again.
fn migrate(conn: &mut Connection) -> Result<()> {
    let mut tries = 0;
    loop {
        let result = migrations::migrations().to_latest(conn);
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version as usize >= migrations::SCHEMA_VERSION {
            return Ok(());
        }
        match result {
            Err(_) if tries < 20 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(20 * tries));
            }
            Err(e) => return Err(e.into()),
            Ok(()) => {
                return Err(Error::Data(crate::msg!(
                    "err.store.migration",
                    version = version,
                    want = migrations::SCHEMA_VERSION
                )));
            }
        }
    }
}

fn configure(conn: &Connection) -> Result<()> {
    // waits for another writer up to BUSY_TIMEOUT, saying so after a moment
    conn.busy_handler(Some(busy::handler))?;
    // the switch to WAL takes the file for itself; where waiting could
    // deadlock SQLite returns "busy" without waiting (sessions opening a
    // new file at the same moment), so it is tried again here
    let started = std::time::Instant::now();
    let mode: String = loop {
        match conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0)) {
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::DatabaseBusy
                    && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            other => break other?,
        }
    };
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Data(crate::msg!("err.store.wal", mode = mode)));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // the WAL stays bounded: SQLite checkpoints it every 1000 pages, and a
    // checkpoint that reaches its end truncates it back to at most this
    conn.pragma_update(None, "journal_size_limit", WAL_LIMIT)?;
    // the app's statements and the trail's (a few per kind of record)
    conn.set_prepared_statement_cache_capacity(128);
    Ok(())
}

#[cfg(test)]
mod tests;
