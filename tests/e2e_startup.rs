//! End to end: the first frame does not wait for the data. The real
//! binary in a pseudo-terminal, its loader held by `ZHIBAN_LOAD_GATE` (a
//! demo database only) so that the frame before the data is seen without
//! racing the clock; keys typed meanwhile are applied once it arrives.

mod common;

use common::pty::Pty;
use common::*;
use portable_pty::CommandBuilder;

fn spawn(db: &std::path::Path, gate: &std::path::Path) -> Pty {
    let mut cmd = CommandBuilder::new(bin());
    cmd.arg("--db");
    cmd.arg(db);
    cmd.args(["--as", "lina"]);
    cmd.env("ZHIBAN_NOW", NOW);
    cmd.env("ZHIBAN_LOAD_GATE", gate);
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "zh_CN.UTF-8");
    cmd.env_remove("ZHIBAN_DB");
    Pty::spawn_cmd(cmd)
}

#[test]
fn the_first_frame_comes_before_the_data_and_keys_typed_meanwhile_apply_after() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let gate = dir.path().join("gate");
    let mut t = spawn(&db, &gate);
    // the chrome and the board saying it is loading, before any data
    let s = t.wait_for("加载中…");
    assert!(s.contains("1看板") && s.contains("李娜"), "{s}");
    assert!(!s.contains("我的班次"), "{s}");
    // down twice and open, while the loader waits
    t.send("\x1b[B");
    t.send("\x1b[B");
    t.send("\r");
    std::thread::sleep(std::time::Duration::from_millis(200));
    let s = t.screen();
    assert!(s.contains("加载中…"), "{s}");
    // the data arrives: the keys apply to it, in order
    std::fs::write(&gate, b"").unwrap();
    let s = t.wait_for("未回复的上报：");
    assert!(!s.contains("加载中…"), "{s}");
    // and the students load behind it
    t.send("6");
    t.wait_for("/1440");
    t.send("q");
    let st = t.wait_exit();
    assert!(st.success(), "{st:?}");
}
