//! The real program in a pseudo-terminal at 80x24: start-up to the first
//! frame; a keystroke to its frame on each main screen (selection moves,
//! search typing, typing in a form with its draft flushing), with the bytes
//! each frame wrote; and the session's peak resident memory once it has
//! loaded everything and been everywhere.

use std::path::Path;
use std::time::Duration;

use super::pty::Pty;
use super::report::{Measure, Run, Unit};
use zhiban::error::Result;

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";

/// How many samples of each.
pub struct Samples {
    pub starts: usize,
    pub moves: usize,
    /// Milliseconds between typed keys (a person's pace lets drafts flush).
    pub pace: u64,
    /// Milliseconds of quiet that mean a screen has settled after a key.
    pub settle: u64,
}

pub fn measure(
    db: &Path,
    s: &Samples,
    run: &mut Run,
    why: &dyn Fn(&zhiban::error::Error) -> String,
) {
    match startup(db, s.starts) {
        Ok(v) => run.push(Measure::times("startup_pty", &v)),
        Err(e) => run.push(Measure::failed("startup_pty", Unit::Ms, why(&e))),
    }
    let mut move_bytes: Vec<f64> = Vec::new();
    let mut rss = None;
    match counsellor_tour(db, s, run, &mut move_bytes) {
        Ok(kb) => rss = Some(kb),
        Err(e) => run.push(Measure::failed("tour", Unit::Ms, why(&e))),
    }
    match officer_tour(db, s, run, &mut move_bytes) {
        Ok(_) => {}
        Err(e) => run.push(Measure::failed("officer_tour", Unit::Ms, why(&e))),
    }
    run.push(Measure::values("bytes_per_move", Unit::Bytes, move_bytes));
    match rss {
        Some(kb) => run.push(Measure::values("rss_tui", Unit::Kb, vec![kb])),
        None => run.push(Measure::failed("rss_tui", Unit::Kb, "-".into())),
    }
}

fn startup(db: &Path, n: usize) -> Result<Vec<Duration>> {
    let mut v = Vec::new();
    for _ in 0..n {
        let t = std::time::Instant::now();
        let mut p = Pty::spawn(db, &["--as", "lina"], 80, 24)?;
        p.frame(Duration::from_secs(10))?;
        v.push(t.elapsed());
        p.finish();
    }
    Ok(v)
}

/// `n` selection moves (down, up, ...), each timed to its frame.
fn moves(p: &mut Pty, n: usize, bytes: &mut Vec<f64>) -> Result<Vec<Duration>> {
    let mut v = Vec::new();
    for i in 0..n {
        let (d, b) = p.key(if i % 4 < 2 { DOWN } else { UP })?;
        v.push(d);
        bytes.push(b as f64);
        std::thread::sleep(Duration::from_millis(15));
    }
    Ok(v)
}

/// Keys that change screens or open things: each waits for its frame
/// (which comes after whatever the key loads, however long it takes),
/// then for quiet, so that the next measure starts on a settled screen.
fn go(p: &mut Pty, keys: &[&str], quiet: u64) -> Result<()> {
    for k in keys {
        p.key(k)?;
        p.settle(Duration::from_millis(quiet));
    }
    Ok(())
}

/// Typing `text` at `pace`: (times, bytes per key).
fn typing(p: &mut Pty, text: &str, pace: u64) -> Result<(Vec<Duration>, Vec<f64>)> {
    let (mut t, mut b) = (Vec::new(), Vec::new());
    for c in text.chars() {
        let (d, n) = p.key(&c.to_string())?;
        t.push(d);
        b.push(n as f64);
        std::thread::sleep(Duration::from_millis(pace).saturating_sub(d));
    }
    Ok((t, b))
}

const ASCII: &str = "the student says the exam went badly and she sleeps little ";
const CJK: &str = "学生说考试没考好最近睡得少室友说她常一个人哭已约好周五再谈并告知心理中心";

/// A counsellor's session: every screen's selection, the search, typing a
/// talk; then its peak resident memory (kB).
fn counsellor_tour(db: &Path, s: &Samples, run: &mut Run, bytes: &mut Vec<f64>) -> Result<f64> {
    let mut p = Pty::spawn(db, &["--as", "lina"], 80, 24)?;
    p.frame(Duration::from_secs(10))?;
    // the directory loads behind the first frame
    p.settle(Duration::from_millis(s.settle * 6));
    for (id, keys) in [
        ("move_dashboard", &["1"][..]),
        ("move_students", &["6"][..]),
        ("move_todo", &["4"][..]),
        ("move_report", &["7"][..]),
    ] {
        go(&mut p, keys, s.settle)?;
        run.push(Measure::times(id, &moves(&mut p, s.moves, bytes)?));
    }
    // search: typing a query and deleting it, on the students screen
    go(&mut p, &["6", "/"], s.settle)?;
    let mut v = Vec::new();
    for q in ["zhangwei", "2023", "李"] {
        for c in q.chars() {
            v.push(p.key(&c.to_string())?.0);
        }
        for _ in q.chars() {
            v.push(p.key("\x7f")?.0);
        }
    }
    run.push(Measure::times("key_search", &v));
    go(&mut p, &["\x1b"], s.settle)?;
    // a patrol: start one, move in its room
    go(&mut p, &["2", "\r"], s.settle)?;
    run.push(Measure::times(
        "move_patrol",
        &moves(&mut p, s.moves, bytes)?,
    ));
    go(&mut p, &["\x1b"], s.settle)?;
    // typing in a talk form, its draft flushing: 待办, new talk, to its text
    go(&mut p, &["4", "n", "\t", "\t", "\t", "\t"], s.settle)?;
    let (t1, b1) = typing(&mut p, ASCII, s.pace)?;
    let (t2, b2) = typing(&mut p, CJK, s.pace)?;
    run.push(Measure::times(
        "key_typing",
        &t1.iter().chain(t2.iter()).copied().collect::<Vec<_>>(),
    ));
    run.push(Measure::values("bytes_per_char_ascii", Unit::Bytes, b1));
    run.push(Measure::values("bytes_per_char_cjk", Unit::Bytes, b2));
    std::thread::sleep(Duration::from_millis(300));
    let kb = p.peak_kb().unwrap_or(0.0);
    // leave without saving: Esc asks, d discards
    go(&mut p, &["\x1b", "d"], s.settle)?;
    p.finish();
    Ok(kb)
}

/// A duty officer's: the duty desk with a shift open, typing an entry; the
/// crisis list and a case's stepper.
fn officer_tour(db: &Path, s: &Samples, run: &mut Run, bytes: &mut Vec<f64>) -> Result<()> {
    let mut p = Pty::spawn(db, &["--as", "sunpeng"], 80, 24)?;
    p.frame(Duration::from_secs(10))?;
    p.settle(Duration::from_millis(s.settle * 4));
    go(&mut p, &["3"], s.settle)?;
    run.push(Measure::times("move_duty", &moves(&mut p, s.moves, bytes)?));
    // a new entry in the shift the university has open: n asks the kind
    // (1 a patrol), the form opens on its text; typed with as many keys as
    // the talk's (of 20 the p99 was the slowest key). Until 29 Nov 2026
    // the keys went to the kind's chooser, not a text.
    go(&mut p, &["n", "1"], s.settle)?;
    let (t1, _) = typing(&mut p, ASCII, s.pace)?;
    let (t2, _) = typing(&mut p, CJK, s.pace)?;
    run.push(Measure::times(
        "key_duty_form",
        &t1.iter().chain(t2.iter()).copied().collect::<Vec<_>>(),
    ));
    go(&mut p, &["\x1b", "d", "\x1b"], s.settle)?;
    go(&mut p, &["5"], s.settle)?;
    run.push(Measure::times(
        "move_crisis_list",
        &moves(&mut p, s.moves, bytes)?,
    ));
    go(&mut p, &["\r"], s.settle)?;
    run.push(Measure::times(
        "move_crisis_stepper",
        &moves(&mut p, s.moves, bytes)?,
    ));
    p.finish();
    Ok(())
}
