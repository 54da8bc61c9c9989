//! Drafts: what a form holds while it is being typed, kept in the database
//! at most a second behind so that a dropped connection loses nothing, and
//! offered back on the next start. A staff member's own; not records of
//! anyone's action, so never audited.

use chrono::{DateTime, Utc};

use super::App;
use super::draft_sessions::{SessionTag, held_elsewhere};
use crate::domain::clock::{from_db, to_db};
use crate::error::Result;
use crate::store::drafts;

/// One kept draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Which form it belongs to (the front end's name for it).
    pub form: String,
    pub payload: String,
    pub saved_at: Option<DateTime<Utc>>,
}

/// Every draft the actor has, oldest first.
pub fn list(app: &App) -> Result<Vec<Draft>> {
    Ok(drafts::list(app.store.conn(), app.actor.id)?
        .into_iter()
        .map(|(form, payload, at)| Draft {
            form,
            payload,
            saved_at: from_db(&at),
        })
        .collect())
}

/// Every draft of the actor that session `me` may offer or take up: all
/// but those of another session of the actor that still runs (see
/// [`super::draft_sessions`]), oldest first.
pub fn left(app: &App, me: &SessionTag) -> Result<Vec<Draft>> {
    let all = list(app)?;
    let names: Vec<_> = all.iter().map(|d| (d.form.clone(), d.saved_at)).collect();
    let held = held_elsewhere(&names, me, app.now());
    Ok(all
        .into_iter()
        .zip(held)
        .filter(|(_, h)| !h)
        .map(|(d, _)| d)
        .collect())
}

/// The actor's draft of one form.
pub fn load(app: &App, form: &str) -> Result<Option<String>> {
    Ok(drafts::load(app.store.conn(), app.actor.id, form)?.map(|(p, _)| p))
}

/// Gives a draft of the actor another name (a draft set aside, so that
/// the next form of its kind does not overwrite it); when it was saved is
/// kept.
pub fn rename(app: &mut App, from: &str, to: &str) -> Result<()> {
    let staff = app.actor.id;
    app.store
        .write_draft(|tx| drafts::rename(tx, staff, from, to))
}

/// Saves (`Some`) or discards (`None`) drafts of the actor, all in one
/// `BEGIN IMMEDIATE` transaction.
pub fn store(app: &mut App, changes: &[(String, Option<String>)]) -> Result<()> {
    let (staff, at) = (app.actor.id, to_db(app.now()));
    app.store.write_draft(|tx| {
        for (form, payload) in changes {
            match payload {
                Some(p) => drafts::save(tx, staff, form, p, &at)?,
                None => drafts::discard(tx, staff, form)?,
            }
        }
        Ok(())
    })
}
