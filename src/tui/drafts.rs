//! Drafts: what each form holds, kept at most a second behind in the
//! database (and by the signal thread on a hangup), offered back on start.

use super::flags::DraftPayload;
use super::model::*;

impl Model {
    /// What every draft form should hold now: a payload to keep, or `None`.
    fn current_drafts(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            (
                FLAG_DRAFT,
                self.flag_draft()
                    .and_then(|d| serde_json::to_string(&d).ok()),
            ),
            (
                ROOM_DRAFT,
                self.room_draft()
                    .and_then(|d| serde_json::to_string(&d).ok()),
            ),
            (DUTY_DRAFT, self.duty_draft()),
            (RECORD_DRAFT, self.record_draft()),
            (
                CRISIS_DRAFT,
                self.crisis
                    .as_ref()
                    .and_then(|c| c.case.as_ref())
                    .map(|c| c.view.case.id.to_string()),
            ),
        ]
    }

    pub(crate) fn draft_changed(&mut self) {
        let d = self.current_drafts();
        if let Ok(mut slot) = self.draft.lock() {
            *slot = d;
        }
        self.draft_pending = true;
    }

    /// Writes the pending drafts to the database (at most once a second).
    pub fn flush_draft(&mut self) {
        if !self.draft_pending {
            return;
        }
        self.draft_pending = false;
        let d: Vec<(String, Option<String>)> = self
            .draft
            .lock()
            .map(|s| s.clone())
            .unwrap_or_default()
            .into_iter()
            .map(|(f, p)| (f.to_string(), p))
            .collect();
        let r = zhiban::app::drafts::store(&mut self.app, &d);
        if let Err(e) = r {
            // kept in memory; tried again on the next change
            self.draft_pending = true;
            self.flash_err(&e);
        }
    }

    /// Drops the draft of `form` (saved, cancelled or declined) at once.
    pub(crate) fn discard_draft(&mut self, form: &str) {
        let mut d = self.current_drafts();
        for (f, p) in d.iter_mut() {
            if *f == form {
                *p = None;
            }
        }
        if let Ok(mut slot) = self.draft.lock() {
            *slot = d;
        }
        self.draft_pending = true;
        self.flush_draft();
    }

    /// Offers a flag draft left by an earlier session.
    pub fn offer_draft(&mut self) {
        let Ok(Some(payload)) = zhiban::app::drafts::load(&self.app, FLAG_DRAFT) else {
            return;
        };
        match serde_json::from_str::<DraftPayload>(&payload) {
            Ok(d) => self
                .overlays
                .push(Overlay::Confirm(Confirm::ResumeDraft(d))),
            Err(_) => self.discard_draft(FLAG_DRAFT),
        }
    }
}
