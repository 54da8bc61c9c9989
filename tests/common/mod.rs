//! Helpers shared by the integration tests: they use the library's public
//! API (and read the database file directly to check what was written).
#![allow(dead_code)]

pub mod pty;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use zhiban::app::{App, Database};
use zhiban::config::{Assets, Lang};
use zhiban::domain::clock::{Clock, FixedClock, from_db};

pub const NOW: &str = "2026-11-22T15:04:00Z";

pub fn clock() -> Arc<dyn Clock> {
    Arc::new(FixedClock(from_db(NOW).unwrap()))
}

/// A fresh database with one admin, `admin`.
pub fn admin_db(dir: &Path) -> PathBuf {
    let p = dir.join("z.db");
    Database::create(&p)
        .unwrap()
        .init(clock().as_ref(), "admin", "管理员")
        .unwrap();
    p
}

/// The tile of a board with this label (the boards' tests).
pub fn tile<'a>(
    b: &'a zhiban::app::dashboard::Board,
    label: &str,
) -> &'a zhiban::app::dashboard::Tile {
    b.sections
        .iter()
        .flat_map(|s| s.tiles.iter())
        .find(|t| t.label == label)
        .unwrap_or_else(|| panic!("no tile {label}: {b:#?}"))
}

/// A session acting as `login` on `db`.
pub fn app(db: &Path, login: &str) -> App {
    zhiban::app::session::open_as(db, login, clock(), Arc::new(Assets::builtin(Lang::ZhCn)))
        .unwrap_or_else(|e| panic!("no session for {login}: {e}"))
}

/// A demo database (seed 1, 1440 students) made with the pinned clock.
pub fn demo_db(dir: &Path) -> PathBuf {
    let p = dir.join("demo.db");
    zhiban::demo::create(
        &p,
        from_db(NOW).unwrap(),
        &zhiban::demo::DemoSpec {
            seed: 1,
            students: 1440,
        },
    )
    .unwrap();
    p
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The database file itself, to check what was written.
pub fn sql(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(db).unwrap()
}

/// Counts rows of a table.
pub fn count(db: &Path, table: &str) -> i64 {
    sql(db)
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// A valid ID number for a body of 17 digits.
pub fn id(body17: &str) -> String {
    format!(
        "{body17}{}",
        zhiban::domain::idcard::check_char(body17).unwrap()
    )
}

/// The path of the built binary.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_zhiban"))
}

/// The audit chain's hash, as the store computes it.
#[allow(clippy::too_many_arguments)]
pub fn hash_of(
    prev: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    entity: &str,
    id: Option<&str>,
    detail: &str,
    records: Option<&str>,
) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in [
        prev,
        &seq.to_string(),
        at,
        actor,
        action,
        entity,
        id.unwrap_or(""),
        detail,
    ]
    .into_iter()
    .chain(records)
    {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The digest of the record hashes an entry carries, as the chain folds
/// it in (what a tamperer who read the source would compute).
pub fn records_digest(c: &rusqlite::Connection, seq: i64) -> Option<String> {
    use sha2::{Digest, Sha256};
    let mut stmt = c
        .prepare(
            "SELECT kind, row_id, hash FROM audit_records WHERE seq = ?1 ORDER BY kind, row_id",
        )
        .unwrap();
    let rows: Vec<(String, i64, Option<Vec<u8>>)> = stmt
        .query_map([seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    if rows.is_empty() {
        return None;
    }
    let mut h = Sha256::new();
    for (kind, id, hash) in rows {
        h.update((kind.len() as u32).to_be_bytes());
        h.update(kind.as_bytes());
        h.update(id.to_be_bytes());
        match hash {
            Some(b) => {
                h.update(b"h");
                h.update((b.len() as u32).to_be_bytes());
                h.update(&b);
            }
            None => h.update(b"x"),
        }
    }
    Some(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The file as someone with write access to it sees it (in the `sqlite3`
/// shell, foreign keys unenforced): the append-only triggers dropped first
/// (then put back, as a careful tamperer would).
pub fn tamper(db: &Path, sql_text: &str) {
    let c = sql(db);
    c.execute_batch(&format!(
        "PRAGMA foreign_keys = OFF; DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; {sql_text};
         CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
         CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
    ))
    .unwrap();
}

/// seq, at, actor, action, entity, entity_id, detail.
pub type AuditRow = (i64, String, String, String, String, Option<String>, String);

/// Recomputes every hash: a "rechain" after an edit.
pub fn rechain(db: &Path) {
    let c = sql(db);
    c.execute_batch("DROP TRIGGER audit_log_no_update").unwrap();
    let rows: Vec<AuditRow> = c
        .prepare(
            "SELECT seq, at, actor, action, entity, entity_id, detail FROM audit_log ORDER BY seq",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev = "0".repeat(64);
    for (seq, at, actor, action, entity, id, detail) in rows {
        let h = hash_of(
            &prev,
            seq,
            &at,
            &actor,
            &action,
            &entity,
            id.as_deref(),
            &detail,
            records_digest(&c, seq).as_deref(),
        );
        c.execute(
            "UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
            rusqlite::params![prev, h, seq],
        )
        .unwrap();
        prev = h;
    }
    c.execute_batch(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
    )
    .unwrap();
}

/// A talk about `student` (学号) of `kind`, now, with `summary`.
pub fn talk_input(
    student: &str,
    kind: &str,
    summary: &str,
    sensitive: bool,
) -> zhiban::app::records::TalkInput {
    zhiban::app::records::TalkInput {
        student_no: student.to_string(),
        at: None,
        place: None,
        kind: kind.into(),
        summary: summary.into(),
        follow_up: None,
        follow_up_due: None,
        next_talk: None,
        sensitive,
    }
}

/// The binary on `db` as `login` (a demo database) at `now`, in English
/// unless the arguments name a language.
pub fn z_as(db: &Path, now: &str, login: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(if args.contains(&"--lang") {
            &[][..]
        } else {
            &["--lang", "en"][..]
        })
        .args(["--as", login])
        .args(args)
        .env("ZHIBAN_NOW", now)
        .output()
        .unwrap()
}

/// What a run printed on standard output.
pub fn out(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What a run printed on standard error.
pub fn err(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The standard output of a run that must have succeeded.
pub fn ok(o: std::process::Output) -> String {
    assert!(o.status.success(), "{}", err(&o));
    out(&o)
}

/// Opens a 心理危机 case for 曾敏 (20230100002) as `login` at `now` from
/// the command line; its number.
pub fn open_crisis(db: &Path, now: &str, login: &str) -> String {
    let s = ok(z_as(
        db,
        now,
        login,
        &[
            "crisis",
            "open",
            "--kind",
            "心理危机",
            "--student",
            "20230100002",
        ],
    ));
    s.split_whitespace().nth(3).unwrap_or_default().to_string()
}
