//! The chain anchored outside the database: each commit appends the new
//! head to the site's head log; `check` names a cut tail, a rewritten
//! chain, and a head log that could not be written. A test binary of its
//! own: binding to the site lasts for the process.

mod common;

use common::*;
use zhiban::app::Database;
use zhiban::app::records::record_talk;
use zhiban::config::site::{self, Site};

fn findings(db: &std::path::Path) -> Vec<String> {
    Database::open(db)
        .unwrap()
        .check()
        .unwrap()
        .findings
        .iter()
        .map(|m| zhiban::config::Catalog::english().msg(m))
        .collect()
}

#[test]
fn the_head_log_catches_a_cut_tail_a_rewritten_chain_and_says_when_it_is_behind() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir.path().join("data"));
    // the demo's people, on a database that is the site's (so not a demo)
    sql(&db)
        .execute("UPDATE app_meta SET value = '0' WHERE key = 'demo'", [])
        .unwrap();
    let log = dir.path().join("heads.log");
    let cfg = dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "database = {:?}\nhead_log = {:?}\n",
            db.display().to_string(),
            log.display().to_string()
        ),
    )
    .unwrap();
    // the head log as ssh-setup leaves it: there, empty
    std::fs::write(&log, "").unwrap();
    site::bind(&Site::read(&cfg).unwrap());
    // two writes: two heads, each the chain's head as committed
    let mut lina = app(&db, "lina");
    let student = zhiban::app::students::list(&lina)
        .unwrap()
        .into_iter()
        .find(|v| v.counsellor.as_deref() == Some("李娜"))
        .unwrap()
        .student_no;
    for summary in ["谈心一", "谈心二"] {
        record_talk(&mut lina, &talk_input(&student, "daily", summary, false)).unwrap();
    }
    let heads = std::fs::read_to_string(&log).unwrap();
    let (last, hash): (i64, String) = sql(&db)
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(heads.lines().count(), 2, "{heads}");
    assert!(heads.ends_with(&format!("{last} {hash}\n")), "{heads}");
    assert!(findings(&db).is_empty(), "{:?}", findings(&db));
    // an edit with the chain recomputed passes the chain's own check, not the anchor
    tamper(
        &db,
        &format!(
            "UPDATE audit_log SET detail = '{{}}' WHERE seq = {}",
            last - 1
        ),
    );
    rechain(&db);
    let f = findings(&db);
    assert!(
        f.iter()
            .any(|m| m.contains("rewritten") && m.contains(&format!("entry {}", last - 1))),
        "{f:?}"
    );
    // the tail cut off
    tamper(
        &db,
        &format!("DELETE FROM audit_log WHERE seq >= {}", last - 1),
    );
    rechain(&db);
    let f = findings(&db);
    assert!(
        f.iter()
            .any(|m| m.contains("cut short") && m.contains(&format!("ends at entry {}", last - 2))),
        "{f:?}"
    );
    // a head log that cannot be written: the write stands, the session says so
    assert!(!zhiban::app::session::anchor_behind());
    std::fs::remove_file(&log).unwrap();
    std::fs::create_dir(&log).unwrap();
    let before = count(&db, "talks");
    let mut lina = app(&db, "lina");
    let r = record_talk(&mut lina, &talk_input(&student, "daily", "谈心三", false));
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(count(&db, "talks"), before + 1, "the write stands");
    assert!(zhiban::app::session::anchor_behind());
    let f = findings(&db);
    assert!(f.iter().any(|m| m.contains("cannot be read")), "{f:?}");
}
