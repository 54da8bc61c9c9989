//! Creating a database with its first administrator.

use serde_json::json;

use crate::domain::clock::{Clock, to_db};
use crate::domain::staff::Role;
use crate::error::{Error, Msg, Result};
use crate::store::org::StaffData;
use crate::store::{AuditEntry, Store, meta, migrations, org};

/// Is the database empty of people (a fresh file)?
pub fn is_empty(store: &Store) -> Result<bool> {
    Ok(meta::people(store.conn())? == 0)
}

/// `zhiban init --admin LOGIN --name NAME`.
pub fn init(store: &mut Store, clock: &dyn Clock, login: &str, name: &str) -> Result<()> {
    if login.is_empty()
        || !login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    {
        return Err(Error::Usage(crate::msg!(
            "err.init.bad_login",
            login = login
        )));
    }
    if name.trim().is_empty() {
        return Err(Error::Usage(Msg::new("err.init.need_name")));
    }
    let done = || {
        Error::Refused(crate::msg!(
            "err.denied.init_done",
            path = store.path().display()
        ))
    };
    if !is_empty(store)? {
        return Err(done());
    }
    let done = done();
    let now = clock.now();
    let at = to_db(now);
    store.write(login, now, |tx| {
        // asked again inside the write: of several `init` at once, one
        // creates the administrator and the others are told it is done
        if meta::people(tx)? > 0 {
            return Err(done);
        }
        meta::set(
            tx,
            "schema_version",
            &migrations::SCHEMA_VERSION.to_string(),
        )?;
        meta::set(tx, "created_at", &at)?;
        meta::set(tx, "demo", "0")?;
        org::staff_insert(
            tx,
            &StaffData {
                login: login.into(),
                name: name.trim().into(),
                roles: vec![Role::Admin],
                college_id: None,
                phone: None,
            },
            &at,
        )?;
        Ok((
            (),
            vec![AuditEntry::new(
                "db.init",
                "staff",
                Some(login.into()),
                json!({"name": name.trim(), "roles": ["admin"]}),
            )],
        ))
    })
}
