//! The drafts of the session: what every screen's open forms hold, sent to
//! the writer thread when it changes (at most a second behind), mirrored
//! for the signal thread, and the drafts an earlier session left, offered
//! one by one on start.

use std::collections::BTreeMap;
use std::time::Duration;

use super::super::terminal::Snapshot;
use super::super::writer::Writer;

pub struct Drafts {
    writer: Option<Writer>,
    /// The live drafts as last sent (slot → payload).
    sent: BTreeMap<String, String>,
    /// What the signal thread saves if the session ends.
    snapshot: Snapshot,
    /// Kept drafts made this session, numbered apart.
    kept: u32,
}

/// A draft an earlier session left, offered on start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub slot: String,
    pub payload: String,
    /// In words (what, about whom, when).
    pub text: String,
    /// The screen can reopen it (else it can only be discarded or kept).
    pub resumable: bool,
}

impl Drafts {
    pub fn new(writer: Option<Writer>, snapshot: Snapshot) -> Drafts {
        Drafts {
            writer,
            sent: BTreeMap::new(),
            snapshot,
            kept: 0,
        }
    }

    /// The live drafts are now `now`: new and changed ones are sent, gone
    /// ones dropped. Nothing here waits on the disk.
    pub fn sync(&mut self, now: BTreeMap<String, String>) {
        if let Some(w) = &self.writer {
            for (slot, payload) in &now {
                if self.sent.get(slot) != Some(payload) {
                    w.put(slot, payload.clone());
                }
            }
            for slot in self.sent.keys() {
                if !now.contains_key(slot) {
                    w.drop_slot(slot);
                }
            }
        }
        if let Ok(mut snap) = self.snapshot.lock() {
            snap.retain(|k, _| k.contains('#') || now.contains_key(k));
            for (k, v) in &now {
                snap.insert(k.clone(), v.clone());
            }
        }
        self.sent = now;
    }

    /// Keeps `payload` as a draft of its own (Esc, keep as draft): offered
    /// on the next start, never overwritten by the next form of its kind.
    pub fn keep(&mut self, slot: &str, payload: String, stamp: i64) {
        self.kept += 1;
        let name = format!("{slot}#{stamp}-{}", self.kept);
        if let Some(w) = &self.writer {
            w.put(&name, payload.clone());
        }
        if let Ok(mut snap) = self.snapshot.lock() {
            snap.insert(name, payload);
        }
    }

    /// Drops a draft an earlier session left (discarded, or continued
    /// under its live name).
    pub fn forget(&mut self, slot: &str) {
        if self.sent.contains_key(slot) {
            return;
        }
        if let Some(w) = &self.writer {
            w.drop_slot(slot);
        }
        if let Ok(mut snap) = self.snapshot.lock() {
            snap.remove(slot);
        }
    }

    /// Everything written before the program exits.
    pub fn flush(&self) {
        if let Some(w) = &self.writer {
            w.flush(Duration::from_secs(3));
        }
    }
}
