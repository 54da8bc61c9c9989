//! End to end: what the real program writes to its terminal per key (issue
//! 16: over SSH, to a phone). A typed character costs at most 40 bytes, a
//! selection move at most 600; bounds on bytes, not on time.

mod common;

use std::time::Duration;

use common::pty::Pty;
use common::*;
use portable_pty::CommandBuilder;

fn spawn(db: &std::path::Path, login: &str) -> Pty {
    let mut cmd = CommandBuilder::new(bin());
    cmd.arg("--db");
    cmd.arg(db);
    cmd.args(["--as", login]);
    cmd.env("ZHIBAN_NOW", NOW);
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "zh_CN.UTF-8");
    cmd.env_remove("ZHIBAN_DB");
    Pty::spawn_cmd(cmd)
}

/// The bytes written in answer to `keys`, once the screen shows `seen`
/// and nothing more comes.
fn bytes_for(t: &mut Pty, keys: &str, seen: &str) -> usize {
    let before = t.output().len();
    t.send(keys);
    t.wait_for(seen);
    let mut last = t.output().len();
    loop {
        std::thread::sleep(Duration::from_millis(150));
        let now = t.output().len();
        if now == last {
            return now - before;
        }
        last = now;
    }
}

#[test]
fn a_typed_character_writes_at_most_40_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut t = spawn(&db, "lina");
    t.wait_for("第11周");
    t.send("4");
    t.wait_for("待办 / 逾期");
    t.send("n");
    t.wait_for("谈话记录");
    t.send("\t\t\t\t");
    std::thread::sleep(Duration::from_millis(500));
    let mut typed = String::new();
    for c in "she sleeps little 室友说她常一个人哭".chars() {
        typed.push(c);
        // a space shows only with what follows it
        let seen = typed.trim_end().to_string();
        let n = bytes_for(&mut t, &c.to_string(), &seen);
        assert!(n > 0, "{c:?}: nothing written");
        assert!(n <= 40, "{c:?}: {n} bytes");
    }
    // the draft is still written (at most a second behind)
    std::thread::sleep(Duration::from_millis(1600));
    let c = sql(&db);
    let payload: String = c
        .query_row(
            "SELECT payload FROM drafts WHERE form LIKE 'todo.%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(payload.contains("室友说她常一个人哭"), "{payload}");
}

#[test]
fn a_selection_move_writes_at_most_600_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut t = spawn(&db, "lina");
    t.wait_for("第11周");
    std::thread::sleep(Duration::from_millis(800));
    for (i, key) in ["\x1b[B", "\x1b[B", "\x1b[A", "\x1b[A"].iter().enumerate() {
        let before = t.screen();
        let n = bytes_for(&mut t, key, "第11周");
        assert_ne!(t.screen(), before, "move {i} moved the selection");
        assert!(n <= 600, "move {i}: {n} bytes");
    }
}

/// The bytes of the first frame written after `keys` (the frame that
/// answers them: ratatui ends a frame by hiding the cursor, on a screen
/// with no text cursor).
fn first_frame_for(t: &mut Pty, keys: &str) -> usize {
    let before = t.output().len();
    t.send(keys);
    let start = std::time::Instant::now();
    loop {
        let out = t.output();
        let new = &out[before..];
        if let Some(i) = new.windows(6).position(|w| w == b"\x1b[?25l") {
            return i + 6;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no frame: {:?}",
            String::from_utf8_lossy(new)
        );
    }
}

#[test]
fn a_move_between_reports_writes_at_most_600_bytes_and_the_preview_follows() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut t = spawn(&db, "lina");
    t.wait_for("第11周");
    t.send("7");
    // the first report's preview, in full
    t.wait_for("■ 规则");
    std::thread::sleep(Duration::from_millis(500));
    for (i, (key, name, section)) in [
        ("\x1b[B", "▶ 班级工作台账", "■ 按班级"),
        ("\x1b[A", "▶ 辅导员待办与逾期", "■ 规则"),
        ("\x1b[B", "▶ 班级工作台账", "■ 按班级"),
    ]
    .into_iter()
    .enumerate()
    {
        let n = first_frame_for(&mut t, key);
        assert!(n <= 600, "move {i}: {n} bytes");
        // the selected report is named at once, its preview follows
        t.wait_for(name);
        t.wait_for(section);
        std::thread::sleep(Duration::from_millis(300));
    }
}
