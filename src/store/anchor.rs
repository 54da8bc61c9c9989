//! The chain's anchor outside the database: after each commit the new
//! head of the audit chain (its sequence number and hash) is appended to a
//! head log the administrator configures (`head_log` in the system
//! configuration; `ssh-setup` makes it append-only where the file system
//! allows). Someone who rewrites the database file — cuts its tail,
//! recomputes the chain after an edit — cannot make it agree with heads
//! already written there; `check` compares the two.
//!
//! A head that cannot be written does not undo the commit (the record is
//! safe in the database): the session notes that its anchor is behind,
//! the front ends say so, and `check` reports the entries not anchored.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Msg, Result};
use crate::msg;

static BEHIND: AtomicBool = AtomicBool::new(false);

/// Has a head failed to reach the head log in this process?
pub(crate) fn behind() -> bool {
    BEHIND.load(Ordering::Relaxed)
}

/// Appends the head after a commit; a failure is remembered (the commit
/// stands).
pub(crate) fn after_commit(log: &Path, seq: i64, hash: &str) {
    if append(log, seq, hash).is_err() {
        BEHIND.store(true, Ordering::Relaxed);
    }
}

/// Sends a head to the system log as well (`head_syslog`): facility
/// authpriv, which only root reads, through `/dev/log`. Best effort: the
/// head log is the anchor `check` reads; this is the copy a staff member
/// with the file and the head log still cannot rewrite.
pub(crate) fn to_syslog(db: &Path, seq: i64, hash: &str) {
    let _ = send_syslog(Path::new("/dev/log"), db, seq, hash);
}

/// One message, RFC 3164 style (`<PRI>TAG: TEXT`), to the datagram
/// socket at `socket`.
pub(crate) fn send_syslog(socket: &Path, db: &Path, seq: i64, hash: &str) -> std::io::Result<()> {
    // authpriv (10) × 8 + info (6)
    const PRI: u32 = 10 * 8 + 6;
    let line = format!(
        "<{PRI}>zhiban[{}]: audit head {} {seq} {hash}",
        std::process::id(),
        crate::domain::text::safe(&db.display().to_string())
    );
    let s = std::os::unix::net::UnixDatagram::unbound()?;
    s.send_to(line.as_bytes(), socket)?;
    Ok(())
}

/// Appends one head (`seq hash`) as one line, in one write. The log is
/// never created here: `ssh-setup` makes it (root's, the group's to append
/// to); one made by a staff session would be that person's alone.
pub(crate) fn append(log: &Path, seq: i64, hash: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new().append(true).open(log)?;
    f.write_all(format!("{seq} {hash}\n").as_bytes())?;
    f.sync_data()
}

/// What the head log says of the database's chain: a head the database
/// no longer has (a cut tail), a head whose hash differs (a rewritten
/// chain), entries written after the last anchored head (behind). Empty
/// when they agree.
pub(crate) fn compare(conn: &Connection, log: &Path) -> Result<Vec<Msg>> {
    let text = match std::fs::read_to_string(log) {
        Ok(t) => t,
        Err(e) => {
            return Ok(vec![msg!(
                "err.anchor.unreadable",
                path = log.display(),
                detail = e
            )]);
        }
    };
    let mut found = Vec::new();
    let mut highest = 0;
    let last: i64 = conn.query_row("SELECT coalesce(max(seq), 0) FROM audit_log", [], |r| {
        r.get(0)
    })?;
    for (n, line) in text.lines().enumerate() {
        let mut parts = line.split_whitespace();
        let (Some(seq), Some(hash)) = (
            parts.next().and_then(|s| s.parse::<i64>().ok()),
            parts.next(),
        ) else {
            found.push(msg!(
                "err.anchor.bad_line",
                path = log.display(),
                line = n + 1
            ));
            continue;
        };
        highest = highest.max(seq);
        let here: Option<String> = conn
            .query_row("SELECT hash FROM audit_log WHERE seq = ?1", [seq], |r| {
                r.get(0)
            })
            .optional()?;
        match here {
            None => {
                found.push(msg!("err.anchor.tail_cut", seq = seq, last = last));
                break;
            }
            Some(h) if h != hash => {
                found.push(msg!("err.anchor.rewritten", seq = seq));
                break;
            }
            Some(_) => {}
        }
    }
    if found.is_empty() && last > highest {
        found.push(msg!("err.anchor.behind", n = last - highest, seq = highest));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_head_reaches_the_system_log_socket() {
        let dir = tempfile::tempdir().unwrap();
        let sock = dir.path().join("log");
        let server = std::os::unix::net::UnixDatagram::bind(&sock).unwrap();
        super::send_syslog(&sock, std::path::Path::new("/srv/z.db"), 42, "ab12").unwrap();
        let mut buf = [0u8; 256];
        let n = server.recv(&mut buf).unwrap();
        let got = String::from_utf8_lossy(&buf[..n]);
        assert!(got.starts_with("<86>zhiban["), "{got}");
        assert!(got.ends_with("]: audit head /srv/z.db 42 ab12"), "{got}");
    }
}
