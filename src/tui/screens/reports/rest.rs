//! The preview follows the selection once it rests (issue 16: a move
//! between reports is a few hundred bytes over SSH, not a whole preview).
//! A move says so at once; a thread waits until no move has come for
//! [`PAUSE`] and wakes the loop, which then draws the preview of the
//! report the selection stopped on. Moving through several reports draws
//! none of those passed. Without a loop to wake (the screen tests,
//! `zhiban bench`'s in-process shell) the preview is shown at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;

/// How long the selection stays still before its preview is drawn.
pub const PAUSE: Duration = Duration::from_millis(120);

pub struct Rest {
    moved: Sender<()>,
    /// Moves made, and moves the thread has seen rest after.
    made: AtomicU64,
    rested: Arc<AtomicU64>,
}

impl Rest {
    /// A thread that calls `done` each time the selection has rested.
    pub fn spawn(done: Arc<dyn Fn() + Send + Sync>) -> Rest {
        let (moved, rx) = mpsc::channel::<()>();
        let rested = Arc::new(AtomicU64::new(0));
        let seen_rest = rested.clone();
        std::thread::Builder::new()
            .name("reports-rest".into())
            .spawn(move || {
                let mut seen = 0u64;
                while rx.recv().is_ok() {
                    seen += 1;
                    loop {
                        match rx.recv_timeout(PAUSE) {
                            Ok(()) => seen += 1,
                            Err(RecvTimeoutError::Timeout) => break,
                            Err(RecvTimeoutError::Disconnected) => return,
                        }
                    }
                    seen_rest.store(seen, Ordering::SeqCst);
                    done();
                }
            })
            .expect("spawn the reports' rest thread");
        Rest {
            moved,
            made: AtomicU64::new(0),
            rested,
        }
    }

    /// The selection moved: its preview waits until it rests.
    pub fn moved(&self) {
        // counted before it is sent: a move on its way is not rested
        self.made.fetch_add(1, Ordering::SeqCst);
        let _ = self.moved.send(());
    }

    /// The selection has rested since it last moved.
    pub fn rested(&self) -> bool {
        self.rested.load(Ordering::SeqCst) == self.made.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn rests_after_the_last_of_several_moves_and_says_so_once() {
        let (tx, rx) = mpsc::channel();
        let tx = Mutex::new(tx);
        let r = Rest::spawn(Arc::new(move || {
            let _ = tx.lock().unwrap().send(());
        }));
        assert!(r.rested(), "nothing moved yet");
        for _ in 0..5 {
            r.moved();
            assert!(!r.rested(), "a move waits for the rest");
            std::thread::sleep(Duration::from_millis(10));
        }
        rx.recv_timeout(Duration::from_secs(10))
            .expect("the rest is said");
        assert!(r.rested());
        assert!(
            rx.recv_timeout(PAUSE * 3).is_err(),
            "once for the moves that came together"
        );
    }
}
