//! The draft writer: a thread with its own database session that keeps the
//! drafts, so that the key path never waits on the disk. What is typed goes
//! out at most a second behind (one transaction for every change of that
//! second); a draft that goes (its form saved or discarded) goes at once.

use std::collections::BTreeMap;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use zhiban::app::App;
use zhiban::error::Error;

/// How far behind typing a draft may be.
pub const BEHIND: Duration = Duration::from_secs(1);

enum Op {
    Put(String, String),
    Drop(String),
    Rename(String, String),
    /// Write everything now and say when done.
    Flush(Sender<()>),
}

/// The sending end, owned by the shell.
pub struct Writer {
    tx: Sender<Op>,
}

impl Writer {
    /// Starts the thread on `session` (a session of its own); `failed`
    /// receives an error when a write fails (the drafts are kept and tried
    /// again).
    pub fn spawn(session: App, failed: impl Fn(Error) + Send + 'static) -> Writer {
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("drafts".into())
            .spawn(move || run(session, rx, failed))
            .expect("spawn the draft writer");
        Writer { tx }
    }

    pub fn put(&self, slot: &str, payload: String) {
        let _ = self.tx.send(Op::Put(slot.to_string(), payload));
    }

    /// Renames a stored draft (after what is pending is written).
    pub fn rename(&self, from: &str, to: &str) {
        let _ = self.tx.send(Op::Rename(from.to_string(), to.to_string()));
    }

    pub fn drop_slot(&self, slot: &str) {
        let _ = self.tx.send(Op::Drop(slot.to_string()));
    }

    /// Writes what is pending and waits for it (at most `wait`): before the
    /// program exits.
    pub fn flush(&self, wait: Duration) {
        let (done, rx) = mpsc::channel();
        if self.tx.send(Op::Flush(done)).is_ok() {
            let _ = rx.recv_timeout(wait);
        }
    }
}

fn run(mut app: App, rx: Receiver<Op>, failed: impl Fn(Error)) {
    let mut pending: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut last = Instant::now() - BEHIND;
    let mut acks: Vec<Sender<()>> = Vec::new();
    loop {
        // wait for work; with work pending, only until it is due
        let op = if pending.is_empty() {
            match rx.recv() {
                Ok(op) => Some(op),
                Err(_) => return,
            }
        } else {
            let due = (last + BEHIND).saturating_duration_since(Instant::now());
            match rx.recv_timeout(due) {
                Ok(op) => Some(op),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => {
                    write(&mut app, &mut pending, &failed);
                    return;
                }
            }
        };
        let mut now_please = false;
        match op {
            Some(Op::Put(slot, payload)) => {
                pending.insert(slot, Some(payload));
            }
            Some(Op::Drop(slot)) => {
                pending.insert(slot, None);
                now_please = true;
            }
            Some(Op::Rename(from, to)) => {
                write(&mut app, &mut pending, &failed);
                last = Instant::now();
                if let Err(e) = zhiban::app::drafts::rename(&mut app, &from, &to) {
                    failed(e);
                }
            }
            Some(Op::Flush(ack)) => {
                acks.push(ack);
                now_please = true;
            }
            None => {}
        }
        if !pending.is_empty() && (now_please || last.elapsed() >= BEHIND) {
            write(&mut app, &mut pending, &failed);
            last = Instant::now();
        }
        if pending.is_empty() || !acks.is_empty() {
            for a in acks.drain(..) {
                let _ = a.send(());
            }
        }
    }
}

fn write(app: &mut App, pending: &mut BTreeMap<String, Option<String>>, failed: &impl Fn(Error)) {
    let changes: Vec<(String, Option<String>)> = pending
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    match zhiban::app::drafts::store(app, &changes) {
        Ok(()) => pending.clear(),
        // kept, and tried again with the next change or a second later
        Err(e) => failed(e),
    }
}
