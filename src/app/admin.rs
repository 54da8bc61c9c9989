//! Administration: backups and the staff list.

use std::path::Path;

use serde_json::json;

use super::App;
use super::policy::{Action, Kind, Relation, allows};
use crate::domain::staff::Staff;
use crate::error::{Error, Result};
use crate::store::{AuditEntry, org};

/// Copies the database (online backup, verified); admins only, logged
/// once the copy is verified.
pub fn backup(app: &mut App, dest: &Path) -> Result<()> {
    if !allows(&app.actor, Kind::Database, Action::View, Relation::Outside) {
        return Err(Error::Refused(crate::msg!(
            "err.denied.backup",
            login = &app.actor.login
        )));
    }
    // copied and verified first; logged only when it succeeded
    let chain = app.store.backup(dest)?;
    let (login, now) = (app.actor.login.clone(), app.now());
    let file = dest.display().to_string();
    app.store.write(&login, now, |_| {
        Ok((
            (),
            vec![AuditEntry::new(
                "db.backup",
                "database",
                None,
                json!({"to": file, "entries": chain.entries, "head": chain.head}),
            )],
        ))
    })
}

/// Every active staff member with roles; admins and leaders.
pub fn staff(app: &App) -> Result<Vec<Staff>> {
    if !allows(&app.actor, Kind::StaffList, Action::View, Relation::InScope) {
        return Err(Error::Refused(crate::msg!(
            "err.denied.staff_list",
            login = &app.actor.login
        )));
    }
    org::all_staff(app.store.conn())
}
