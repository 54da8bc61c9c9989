//! Who is acting: the operating-system user, matched to a staff login.

use std::ffi::CStr;

use crate::domain::staff::Staff;
use crate::error::{Error, Result};
use crate::store::{Store, meta, org};

/// The account name of the real user id (getuid -> getpwuid_r).
pub fn os_login() -> Option<String> {
    // SAFETY: getpwuid_r writes into our buffer and `pwd`; we read pw_name
    // only when it reported success and a non-null result.
    unsafe {
        let uid = libc::getuid();
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 16 * 1024];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result);
        if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
            return None;
        }
        CStr::from_ptr(pwd.pw_name)
            .to_str()
            .ok()
            .map(str::to_string)
    }
}

/// Resolves the acting staff member. `as_login` is honoured only on a demo
/// database; otherwise the login account decides.
pub fn resolve(store: &Store, as_login: Option<&str>) -> Result<Staff> {
    let conn = store.conn();
    let login = match as_login {
        Some(l) => {
            if !meta::is_demo(conn)? {
                return Err(Error::Refused(format!(
                    "--as is honoured only on demo databases; on {} you act as your login account ({})",
                    store.path().display(),
                    os_login().unwrap_or_else(|| "unknown".into())
                )));
            }
            l.to_string()
        }
        None => os_login().ok_or_else(|| {
            Error::Refused(
                "cannot tell which account is logged in (no passwd entry for this user id)".into(),
            )
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
    Err(Error::Refused(format!(
        "login '{login}' is not registered staff in {}; ask {who} to add you with `zhiban import staff FILE`",
        store.path().display()
    )))
}
