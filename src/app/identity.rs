//! Who is acting: the operating-system user, matched to a staff login.

use crate::domain::staff::Staff;
use crate::error::{Error, Msg, Result};
use crate::store::{Store, meta, org};

/// The account name of the real user id (from the passwd database).
pub fn os_login() -> Option<String> {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .ok()
        .flatten()
        .map(|u| u.name)
}

/// Resolves the acting staff member. `as_login` is honoured only on a demo
/// database; otherwise the login account decides.
pub(crate) fn resolve(store: &Store, as_login: Option<&str>) -> Result<Staff> {
    let conn = store.conn();
    let login = match as_login {
        Some(l) => {
            if !meta::is_demo(conn)? {
                return Err(Error::Refused(Msg::raw(format!(
                    "--as is honoured only on demo databases; on {} you act as your login account ({})",
                    store.path().display(),
                    os_login().unwrap_or_else(|| "unknown".into())
                ))));
            }
            l.to_string()
        }
        None => os_login().ok_or_else(|| {
            Error::Refused(Msg::raw(
                "cannot tell which account is logged in (no passwd entry for this user id)",
            ))
        })?,
    };
    if let Some(s) = org::staff_by_login(conn, &login)? {
        return Ok(s);
    }
    let admins = org::admin_names(conn)?;
    let who = if admins.is_empty() {
        "an administrator".to_string()
    } else {
        admins
            .iter()
            .map(|(l, n)| format!("{n} ({l})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Err(Error::Refused(Msg::raw(format!(
        "login '{login}' is not registered staff in {}; ask {who} to add you with `zhiban import staff FILE`",
        store.path().display()
    ))))
}
