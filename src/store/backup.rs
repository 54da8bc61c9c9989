//! Copies of the database: a backup (online, verified before it gets its
//! name) and a restore into a new file (the backup verified before
//! anything is written, the copy after).

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use super::{Found, audit, create_with_mode, identify};
use crate::error::{Error, Result};

/// Copies the database of `from` to `dest` through a temporary file,
/// verified, then linked into place (never over an existing file): what
/// `backup` and `restore` share.
pub(super) fn copy_verified(
    from: &Connection,
    dest: &Path,
    mode: u32,
    journal: &str,
) -> Result<audit::ChainReport> {
    let tmp = PathBuf::from(format!("{}.partial-{}", dest.display(), std::process::id()));
    let result = (|| {
        create_with_mode(&tmp, mode)?;
        let mut out = Connection::open(&tmp)?;
        {
            let b = rusqlite::backup::Backup::new(from, &mut out)?;
            b.run_to_completion(256, Duration::from_millis(5), None)?;
        }
        let _: String =
            out.query_row(&format!("PRAGMA journal_mode={journal}"), [], |r| r.get(0))?;
        let problems = integrity(&out)?;
        if !problems.is_empty() {
            return Err(Error::Data(crate::msg!(
                "err.store.copy_bad",
                path = dest.display(),
                problems = problems.join("; ")
            )));
        }
        let chain = audit::verify(&out)?;
        out.close().map_err(|(_, e)| Error::from(e))?;
        std::fs::hard_link(&tmp, dest)?;
        Ok(chain)
    })();
    let _ = std::fs::remove_file(&tmp);
    for side in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{side}", tmp.display()));
    }
    // a copy that could not be written (a full disk, an I/O error): said
    // so, with what to look at
    result.map_err(|e| match e {
        Error::Db(rusqlite::Error::SqliteFailure(f, _))
            if matches!(
                f.code,
                rusqlite::ErrorCode::DiskFull
                    | rusqlite::ErrorCode::SystemIoFailure
                    | rusqlite::ErrorCode::CannotOpen
            ) =>
        {
            Error::Data(crate::msg!("err.store.copy_failed", path = dest.display()))
        }
        Error::Io(_) => Error::Data(crate::msg!("err.store.copy_failed", path = dest.display())),
        other => other,
    })
}

/// `PRAGMA integrity_check` of a connection: empty when all is well.
pub(super) fn integrity(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    Ok(if rows.len() == 1 && rows[0] == "ok" {
        Vec::new()
    } else {
        rows
    })
}

/// Restores a backup into a new file `to` (never over an existing one):
/// the backup is opened read-only and must be a zhiban database whose
/// integrity check, audit chain and records (against the chain) hold
/// before anything is written; the
/// copy is checked again before it gets its name. Returns the chain.
pub(crate) fn restore(backup: &Path, to: &Path) -> Result<audit::ChainReport> {
    if to.exists() {
        return Err(Error::Usage(crate::msg!(
            "err.store.exists",
            path = to.display()
        )));
    }
    if !backup.is_file() {
        return Err(Error::Usage(crate::msg!(
            "err.store.no_database",
            path = backup.display()
        )));
    }
    let from = Connection::open_with_flags(
        backup,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    match identify(&from, backup)? {
        Found::Zhiban => {}
        Found::Empty => {
            return Err(Error::Usage(crate::msg!(
                "err.store.empty",
                path = backup.display()
            )));
        }
    }
    let problems = integrity(&from)?;
    if !problems.is_empty() {
        return Err(Error::Data(crate::msg!(
            "err.store.copy_bad",
            path = backup.display(),
            problems = problems.join("; ")
        )));
    }
    audit::verify(&from)?;
    let differ = super::trail::compare(&from)?;
    if !differ.is_empty() {
        return Err(Error::Data(crate::msg!(
            "err.store.restore_records",
            path = backup.display()
        )));
    }
    copy_verified(&from, to, 0o660, "WAL")
}
