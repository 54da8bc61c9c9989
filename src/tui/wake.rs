//! Work a screen does in the background (a report's preview) wakes the
//! event loop when it is done, which hands every screen
//! [`Event::Ready`](super::screen::Event::Ready). Only the interface
//! started on a terminal has a loop to wake: elsewhere (the screen tests,
//! `zhiban bench`'s in-process shell) screens do such work at once.

use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

use super::Incoming;

static LOOP: Mutex<Option<Sender<Incoming>>> = Mutex::new(None);

/// The event loop's queue (before the screens are made).
pub fn install(tx: Sender<Incoming>) {
    if let Ok(mut l) = LOOP.lock() {
        *l = Some(tx);
    }
}

/// What wakes the loop, if there is one.
pub fn waker() -> Option<Arc<dyn Fn() + Send + Sync>> {
    let tx = LOOP.lock().ok()?.clone()?;
    let tx = Mutex::new(tx);
    Some(Arc::new(move || {
        if let Ok(tx) = tx.lock() {
            let _ = tx.send(Incoming::Ready);
        }
    }))
}
