//! Who is acting: the operating-system user, matched to a staff login.

use crate::domain::staff::Staff;
use crate::error::{Error, Msg, Result};
use crate::store::{Store, org};

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
            if !super::session::demo_honoured(store)? {
                return Err(Error::Refused(crate::msg!(
                    "err.denied.as_demo",
                    path = store.path().display(),
                    login = os_login().unwrap_or_else(|| "?".into())
                )));
            }
            l.to_string()
        }
        None => os_login().ok_or_else(|| Error::Refused(Msg::new("err.denied.no_login")))?,
    };
    if let Some(s) = org::staff_by_login(conn, &login)? {
        return Ok(s);
    }
    let admins = org::admin_names(conn)?;
    let m = crate::msg!(
        "err.denied.not_staff",
        login = &login,
        path = store.path().display()
    );
    Err(Error::Refused(if admins.is_empty() {
        m.label("who", "err.denied.an_admin")
    } else {
        m.with(
            "who",
            admins
                .iter()
                .map(|(l, n)| format!("{n} ({l})"))
                .collect::<Vec<_>>()
                .join(", "),
        )
    }))
}
