//! Waiting for another session's write. SQLite lets one writer at a time;
//! a long import can hold the lock for many seconds. A session that must
//! wait keeps trying for [`super::BUSY_TIMEOUT`] and then gives up with a
//! clear message (`Error::Busy`). After a short wait it tells whoever
//! registered on this thread ([`on_wait`]) — the interface shows
//! "waiting for another session's write…" instead of a frozen screen.

use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};

/// How long a wait goes unremarked (a normal write takes under a millisecond).
const QUIET: Duration = Duration::from_millis(150);

thread_local! {
    static STARTED: Cell<Option<Instant>> = const { Cell::new(None) };
    static TOLD: Cell<bool> = const { Cell::new(false) };
    static NOTICE: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Registers what to do, on this thread, when a write has waited a moment
/// for another session (called at most once per wait). Other threads (a
/// draft writer) wait silently.
pub fn on_wait(f: Box<dyn Fn()>) {
    NOTICE.with(|n| *n.borrow_mut() = Some(f));
}

/// SQLite's busy handler: `count` is 0 on the first call of a wait.
pub(super) fn handler(count: i32) -> bool {
    let now = Instant::now();
    if count == 0 {
        STARTED.with(|s| s.set(Some(now)));
        TOLD.with(|t| t.set(false));
    }
    let waited = STARTED
        .with(|s| s.get())
        .map_or(Duration::ZERO, |s| now - s);
    if waited >= super::BUSY_TIMEOUT {
        return false;
    }
    if waited >= QUIET && !TOLD.with(|t| t.replace(true)) {
        NOTICE.with(|n| {
            if let Some(f) = n.borrow().as_ref() {
                f();
            }
        });
    }
    // short sleeps first (most waits are a few milliseconds), then 25 ms
    std::thread::sleep(Duration::from_millis(match count {
        0..=4 => 1,
        5..=14 => 5,
        _ => 25,
    }));
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn a_wait_is_told_once_after_a_moment_and_ends_at_the_timeout() {
        let told = Rc::new(Cell::new(0));
        let t = told.clone();
        on_wait(Box::new(move || t.set(t.get() + 1)));
        assert!(handler(0));
        assert_eq!(told.get(), 0, "not told at once");
        STARTED.with(|s| s.set(Some(Instant::now() - QUIET)));
        assert!(handler(1));
        assert!(handler(2));
        assert_eq!(told.get(), 1, "told once");
        STARTED.with(|s| s.set(Some(Instant::now() - super::super::BUSY_TIMEOUT)));
        assert!(!handler(3), "gives up at the timeout");
    }
}
