//! End to end: two sessions of one login (a phone and a desk) in two
//! pseudo-terminals, each with a talk form open; both links drop; the next
//! start offers both drafts.

mod common;

use std::time::Duration;

use common::pty::Pty;
use common::*;
use nix::sys::signal::Signal;
use portable_pty::CommandBuilder;

/// The binary on `db` in a pseudo-terminal, with the pinned clock.
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

fn drafts(db: &std::path::Path) -> Vec<(String, String)> {
    let c = sql(db);
    let mut q = c
        .prepare("SELECT form, payload FROM drafts ORDER BY form")
        .unwrap();
    q.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

/// A talk form opened on screen 4 and `text` typed into its summary
/// (about 曾敏 when `student` is given).
fn talk(t: &mut Pty, student: Option<&str>, text: &str) {
    t.wait_for("第11周");
    t.send("4");
    t.wait_for("待办 / 逾期");
    t.send("n");
    t.wait_for("谈话记录");
    match student {
        Some(s) => {
            t.send(s);
            t.send("\r");
            t.send("\t\t\t");
        }
        None => t.send("\t\t\t\t"),
    }
    t.send(text);
    t.wait_for(text);
}

#[test]
fn two_sessions_of_one_login_both_hung_up_and_both_drafts_are_offered() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut phone = spawn(&db, &["--as", "lina"]);
    talk(&mut phone, Some("zengm"), "会话A");
    std::thread::sleep(Duration::from_millis(1600)); // at most a second behind
    // the desk starts while the phone is on: the phone's draft is its own
    let mut desk = spawn(&db, &["--as", "lina"]);
    let s = desk.wait_for("第11周");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        !desk.screen().contains("上次没写完的内容"),
        "the phone's draft is not offered at the desk: {s}"
    );
    talk(&mut desk, None, "会话B");
    // both links drop
    for t in [&phone, &desk] {
        t.signal(Signal::SIGHUP);
    }
    for t in [&mut phone, &mut desk] {
        assert_eq!(t.wait_exit().exit_code(), 129);
    }
    let kept = drafts(&db);
    assert_eq!(kept.len(), 2, "{kept:?}");
    for text in ["会话A", "会话B"] {
        assert!(
            kept.iter().any(|(_, p)| p.contains(text)),
            "{text}: {kept:?}"
        );
    }
    // the next start offers both, one after the other
    let mut next = spawn(&db, &["--as", "lina"]);
    let first = next.wait_for("上次没写完的内容");
    let (one, other) = if first.contains("会话A") {
        ("会话A", "会话B")
    } else {
        ("会话B", "会话A")
    };
    assert!(first.contains(one), "{first}");
    next.send("\x1b"); // later
    let second = next.wait_for(other);
    assert!(second.contains("上次没写完的内容"), "{second}");
    next.send("\r");
    let s = next.wait_for("谈话记录");
    assert!(s.contains(other), "continued: {s}");
    next.signal(Signal::SIGKILL);
    next.wait_exit();
    // killed outright: nothing lost, both offered again
    let kept = drafts(&db);
    for text in ["会话A", "会话B"] {
        assert!(
            kept.iter().any(|(_, p)| p.contains(text)),
            "{text}: {kept:?}"
        );
    }
}
