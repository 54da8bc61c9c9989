//! End to end, the 查寝 room on a phone: the real binary in a pseudo-
//! terminal of 50x20, driven by keystrokes; the database checked after.

mod common;

use std::num::NonZeroU16;

use common::pty::Pty;
use common::*;
use portable_pty::{CommandBuilder, PtySize};

/// The binary on `db` as `login`, in a 50x20 pseudo-terminal (a phone).
fn phone(db: &std::path::Path, login: &str) -> Pty {
    let mut cmd = CommandBuilder::new(bin());
    cmd.arg("--db");
    cmd.arg(db);
    cmd.args(["--as", login]);
    cmd.env("ZHIBAN_NOW", NOW);
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "zh_CN.UTF-8");
    cmd.env_remove("ZHIBAN_DB");
    let t = Pty::spawn_cmd(cmd);
    let (rows, cols) = (20, 50);
    t.master
        .as_ref()
        .unwrap()
        .resize(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    t.parser.lock().unwrap().screen_mut().set_size(
        NonZeroU16::new(rows).unwrap(),
        NonZeroU16::new(cols).unwrap(),
    );
    t
}

fn count(db: &std::path::Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

const OPEN: &str = "SELECT count(*) FROM patrols p JOIN staff s ON s.id = p.staff_id
                    WHERE s.login = 'lina' AND p.finished_at IS NULL";

#[test]
fn finishing_with_rooms_not_reached_asks_and_esc_keeps_the_patrol_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let before = count(&db, OPEN);
    let mut t = phone(&db, "lina");
    t.wait_for("第11周");
    t.send("2");
    t.wait_for("Enter");
    t.send("\r");
    t.wait_for("101  1/");
    assert_eq!(count(&db, OPEN), before + 1, "a patrol started");
    let total = count(
        &db,
        "SELECT count(*) FROM patrol_rooms WHERE patrol_id = (SELECT max(id) FROM patrols)",
    );
    // one room marked; F asks, naming the rooms not reached
    t.send("a");
    t.send("F");
    let s = t.wait_for("个房间未查");
    assert!(s.contains(&format!("还有 {} 个房间未查", total - 1)), "{s}");
    // Esc: no, the walk goes on, nothing finished or saved
    t.send("\x1b");
    // the room's own hints come back (the question's are y / n)
    let s = t.wait_for("p/v/w/o/u/c");
    assert!(!s.contains("个房间未查"), "{s}");
    assert_eq!(count(&db, OPEN), before + 1, "the patrol is still open");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM room_checks WHERE patrol_id = (SELECT max(id) FROM patrols)"
        ),
        0
    );
    // the marks are still there: Enter saves the room, on to the next
    t.send("\r");
    t.wait_for("2/");
    // and y finishes, with the summary
    t.send("F");
    t.wait_for("个房间未查");
    t.send("y");
    t.wait_for("查寝结束");
    assert_eq!(count(&db, OPEN), before);
    t.send("q");
    assert!(t.wait_exit().success());
}
