//! An officer whose shift someone else closed (took over the desk) is told
//! so on their duty screen, plainly: by whom, when, with what note, until
//! they say they saw it or open a shift again (issue 14).

use serde_json::json;

use super::App;
use crate::error::{Error, Result};
use crate::msg;
use crate::store::{AuditEntry, duty, duty_displaced as sd};

/// The actor's last shift, closed by someone else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Displaced {
    pub shift_id: i64,
    pub location: Option<String>,
    pub opened_at: String,
    /// Who closed it (their name) and when (stored time).
    pub by: String,
    pub at: String,
    /// The note they closed it with (why they took over).
    pub note: String,
}

/// The actor's last shift if it was closed by someone else and the actor
/// has neither opened one since nor said they saw it.
pub fn displaced(app: &App) -> Result<Option<Displaced>> {
    let conn = app.store.conn();
    let Some(id) = sd::last_shift_id(conn, app.actor.id)? else {
        return Ok(None);
    };
    let Some(s) = duty::shift(conn, id)? else {
        return Ok(None);
    };
    if s.closed_at.is_none() {
        return Ok(None);
    }
    let Some((login, name, at)) = sd::closer(conn, id)? else {
        return Ok(None);
    };
    if login == app.actor.login || sd::seen(conn, id, &app.actor.login)? {
        return Ok(None);
    }
    Ok(Some(Displaced {
        shift_id: id,
        location: s.location,
        opened_at: s.opened_at,
        by: name,
        at,
        note: s.handover_note.unwrap_or_default(),
    }))
}

/// The actor saw that shift `shift` was closed by someone else: logged
/// (`shift.displaced_seen`), and no longer shown.
pub fn seen(app: &mut App, shift: i64) -> Result<()> {
    let mine = duty::shift(app.store.conn(), shift)?.is_some_and(|s| s.officer_id == app.actor.id);
    if !mine {
        return Err(Error::Data(msg!("err.not_found.shift", id = shift)));
    }
    let (login, now) = (app.actor.login.clone(), app.now());
    app.store.write(&login, now, |_| {
        Ok((
            (),
            vec![AuditEntry::new(
                "shift.displaced_seen",
                "shift",
                Some(shift.to_string()),
                json!({}),
            )],
        ))
    })
}
