//! Where things are: the configuration directory (assets a school
//! overrides) and the database.

use std::path::{Path, PathBuf};

use crate::error::{Error, Msg, Result};

/// Where a school's overrides live: on the site's database (see
/// [`super::site`]) the site's directory only; elsewhere
/// `$ZHIBAN_CONFIG_DIR`, else `$XDG_CONFIG_HOME/zhiban`, else
/// `~/.config/zhiban`.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(site) = super::site::bound() {
        return Some(site.overrides.clone());
    }
    if let Some(d) = std::env::var_os("ZHIBAN_CONFIG_DIR") {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CONFIG_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("zhiban"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config").join("zhiban"))
}

/// Where `--demo` keeps its database.
pub const DEMO_DB: &str = "zhiban-demo.db";

/// The database path: `--db`, else `ZHIBAN_DB`, else the database the
/// system configuration names, else the XDG data dir. When the path is the
/// site's database the process is bound to the site
/// ([`super::site::bind`]): overrides from the site's directory, no demo.
pub fn db_path(flag: Option<&Path>) -> Result<PathBuf> {
    let path = choose_db_path(flag)?;
    super::site::bind_if_site_database(&path);
    Ok(path)
}

fn choose_db_path(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(site) = super::site::bound() {
        return Ok(site.database.clone());
    }
    if let Some(p) = flag {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("ZHIBAN_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    if let Some(site) = super::site::system() {
        return Ok(site.database.clone());
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local").join("share")))
        .ok_or_else(|| Error::Usage(Msg::new("err.config.no_db_path")))?;
    Ok(data.join("zhiban").join("zhiban.db"))
}
