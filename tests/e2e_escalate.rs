//! End to end in a pseudo-terminal: a duty officer opens the shift the
//! roster gives them, logs an incident, presses e, and the escalation
//! popup shows the leader on call's name and phone number; the report is
//! saved to that leader.

mod common;

use common::pty::Pty;
use common::*;
use portable_pty::CommandBuilder;

fn spawn(db: &std::path::Path, args: &[&str]) -> Pty {
    let mut cmd = CommandBuilder::new(bin());
    cmd.arg("--db");
    cmd.arg(db);
    cmd.args(args);
    cmd.env("ZHIBAN_NOW", NOW);
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "zh_CN.UTF-8");
    cmd.env_remove("ZHIBAN_DB");
    Pty::spawn_cmd(cmd)
}

#[test]
fn escalating_shows_the_leader_on_call_and_their_phone() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    // tonight's roster names the leader on call
    let leader: String = c
        .query_row(
            "SELECT leader FROM duty_roster WHERE duty_date = '2026-11-22'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let phone: String = c
        .query_row("SELECT phone FROM staff WHERE name = ?1", [&leader], |r| {
            r.get(0)
        })
        .unwrap();
    drop(c);
    let mut t = spawn(&db, &["--as", "sunpeng"]);
    t.wait_for("第11周");
    t.send("3");
    t.wait_for("尚未开班");
    t.send("o");
    t.wait_for("┌开班");
    t.send("\r");
    t.wait_for(&format!("值班领导 {leader}"));
    t.send("n");
    t.send("5");
    t.send("3号楼顶有学生徘徊");
    t.send("\r");
    t.wait_for("[突发事件] 3号楼顶有学生徘徊");
    t.send("e");
    let s = t.wait_for("1 电话");
    assert!(s.contains(&format!("值班领导：{leader} {phone}")), "{s}");
    t.send("1");
    t.wait_for("[已上报]");
    t.send("q");
    assert!(t.wait_exit().success());
    let c = rusqlite::Connection::open(&db).unwrap();
    let to: String = c
        .query_row(
            "SELECT leader FROM escalations ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(to, leader);
}
