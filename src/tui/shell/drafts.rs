//! The drafts of the session: what every screen's open forms hold, sent to
//! the writer thread when it changes (at most a second behind), mirrored
//! for the signal thread, and the drafts an earlier session left, offered
//! one by one on start. Every name written carries this session's tag
//! (`slot~tag`, kept `slot~tag#stamp-n`), so that two sessions of one
//! login never overwrite each other's drafts ([`SessionTag`]).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use zhiban::app::draft_sessions::SessionTag;

use super::super::screen::live_slot;
use super::super::terminal::Snapshot;
use super::super::writer::Writer;

pub struct Drafts {
    writer: Option<Writer>,
    /// Whose drafts these are: this session's tag is in every name written.
    me: SessionTag,
    /// The live drafts as last sent (name → payload).
    sent: BTreeMap<String, String>,
    /// What the signal thread saves if the session ends.
    snapshot: Snapshot,
    /// Drafts set aside on start: (name read, payload, kept name). The
    /// rename is written by the writer thread, so a screen may read a draft
    /// under its old name before it is renamed; taking it up must still
    /// drop the renamed one.
    aside: Vec<(String, String, String)>,
}

/// The name of a kept draft: its live slot, this session's tag, when, and
/// a count (so that no two drafts ever share a name).
fn kept_name(slot: &str, me: &SessionTag, stamp: i64) -> String {
    static KEPT: AtomicU32 = AtomicU32::new(0);
    let n = KEPT.fetch_add(1, Ordering::Relaxed) + 1;
    format!("{}#{stamp}-{n}", me.live_name(live_slot(slot)))
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
    /// The drafts of this process's session.
    pub fn new(writer: Option<Writer>, snapshot: Snapshot) -> Drafts {
        Drafts::of_session(writer, snapshot, SessionTag::this())
    }

    /// The drafts of session `me` (tests run several in one process).
    pub fn of_session(writer: Option<Writer>, snapshot: Snapshot, me: SessionTag) -> Drafts {
        Drafts {
            writer,
            me,
            sent: BTreeMap::new(),
            snapshot,
            aside: Vec::new(),
        }
    }

    pub fn me(&self) -> &SessionTag {
        &self.me
    }

    /// The live drafts are now `now` (slot → payload): new and changed ones
    /// are sent, under this session's names, gone ones dropped. Nothing
    /// here waits on the disk.
    pub fn sync(&mut self, now: BTreeMap<String, String>) {
        let now: BTreeMap<String, String> = now
            .into_iter()
            .map(|(slot, p)| (self.me.live_name(&slot), p))
            .collect();
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
        let name = kept_name(slot, &self.me, stamp);
        if let Some(w) = &self.writer {
            w.put(&name, payload.clone());
        }
        if let Ok(mut snap) = self.snapshot.lock() {
            snap.insert(name, payload);
        }
    }

    /// Sets aside a draft a session that is gone left as `slot`: renamed
    /// as a kept draft of this session, so that this session's form of its
    /// kind does not overwrite it while it waits for an answer (or is left
    /// for later), and so that a session started meanwhile leaves it to
    /// this one; once this session is gone it is offered again. When it
    /// was saved is kept. Returns its name now.
    pub fn set_aside(&mut self, slot: &str, payload: &str, stamp: i64) -> String {
        let mine = SessionTag::of_name(slot).is_some_and(|t| t == self.me);
        if mine || self.sent.contains_key(slot) || self.writer.is_none() {
            return slot.to_string();
        }
        let name = kept_name(slot, &self.me, stamp);
        if let Some(w) = &self.writer {
            w.rename(slot, &name);
        }
        self.aside
            .push((slot.to_string(), payload.to_string(), name.clone()));
        name
    }

    /// A screen took up the draft it read as `slot` holding `payload`: that
    /// draft goes, under whatever name it has now (set aside on start, it
    /// may have been read under its live name before the rename was
    /// written).
    pub fn taken_up(&mut self, slot: &str, payload: &str) {
        let renamed: Vec<String> = self
            .aside
            .iter()
            .filter(|(live, p, kept)| kept == slot || (live == slot && p == payload))
            .map(|(_, _, kept)| kept.clone())
            .collect();
        self.aside.retain(|(_, _, kept)| !renamed.contains(kept));
        for kept in &renamed {
            self.forget(kept);
        }
        if !renamed.iter().any(|k| k == slot) {
            self.forget(slot);
        }
    }

    /// Drops a draft an earlier session left (discarded, or continued
    /// under this session's live name).
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

    /// Everything written before the program exits: waits as long as a
    /// write may wait for another session's lock (on a loaded machine a
    /// shorter wait gave up on drafts still being written).
    pub fn flush(&self) {
        if let Some(w) = &self.writer {
            w.flush(Duration::from_secs(8) + Duration::from_millis(500));
        }
    }
}
