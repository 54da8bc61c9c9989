//! The server a school runs zhiban on: the system configuration file that
//! the administrator writes (`zhiban admin ssh-setup --apply` writes it),
//! naming the shared database, the staff group and where the school's
//! overrides live.
//!
//! A process is *bound* to the site when it works on the site's database
//! (or runs as the SSH `ForceCommand`). Bound, it takes overrides only from
//! the site's directory, never from a user's environment or home, and it
//! never honours a demo flag in the database: `--as` and `ZHIBAN_NOW` are
//! refused there even if someone who could write the file set the flag.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::msg;

/// Where the administrator's configuration is, unless `ssh-session
/// --config` names another (the `ForceCommand` line, which only root edits).
pub const SYSTEM_CONFIG: &str = "/etc/zhiban/config.toml";

/// The system configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The file it was read from.
    pub config: PathBuf,
    /// The shared database.
    pub database: PathBuf,
    /// The staff group that may write the database.
    pub group: String,
    /// The school's overrides (`rules.toml`, `sop/`, `calendar.toml`, …):
    /// `overrides` in the file, else the file's own directory.
    pub overrides: PathBuf,
    /// Where each commit's audit-chain head is appended, outside the
    /// database (`head_log`; default: beside the data directory, e.g.
    /// `/srv/zhiban.heads` for `/srv/zhiban/zhiban.db`).
    pub head_log: PathBuf,
    /// Also send each head to the system log (`head_syslog = true`), a copy
    /// the staff's group cannot touch at all (`authpriv`, to `/dev/log`).
    pub head_syslog: bool,
    /// Who checkpoints the shared database's WAL.
    pub checkpoints: Checkpoints,
}

/// Who copies the WAL's pages back into the database file (a checkpoint).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Checkpoints {
    /// Every zhiban session, as SQLite does by default (after 1000 pages).
    #[default]
    Sqlite,
    /// Litestream alone (`checkpoints = "litestream"`): it replicates the
    /// database off the server and copies each WAL page before it lets a
    /// checkpoint write it back, so zhiban's sessions turn their own
    /// automatic checkpoints off (`PRAGMA wal_autocheckpoint = 0`), as
    /// Litestream advises. See `zhiban admin replication`.
    Litestream,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteFile {
    database: PathBuf,
    #[serde(default = "default_group")]
    group: String,
    overrides: Option<PathBuf>,
    head_log: Option<PathBuf>,
    #[serde(default)]
    head_syslog: bool,
    #[serde(default)]
    checkpoints: Checkpoints,
}

fn default_group() -> String {
    "zhiban".into()
}

impl Site {
    /// Reads a system configuration file.
    pub fn read(path: &Path) -> Result<Site> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Usage(msg!("err.site.read", path = path.display(), detail = e)))?;
        Site::parse(&text, path)
    }

    /// Parses the text of a system configuration file found at `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Site> {
        let f: SiteFile = toml::from_str(text).map_err(|e| {
            Error::Usage(msg!(
                "err.site.parse",
                path = path.display(),
                detail = e.message()
            ))
        })?;
        if !f.database.is_absolute() {
            return Err(Error::Usage(msg!(
                "err.site.relative",
                path = path.display(),
                database = f.database.display()
            )));
        }
        let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        let head_log = f.head_log.unwrap_or_else(|| default_head_log(&f.database));
        Ok(Site {
            config: path.to_path_buf(),
            database: f.database,
            group: f.group,
            overrides: f.overrides.unwrap_or(dir),
            head_log,
            head_syslog: f.head_syslog,
            checkpoints: f.checkpoints,
        })
    }

    /// The text of the file, as `ssh-setup` writes it.
    pub fn to_toml(&self) -> String {
        let mut text = format!(
            "# zhiban system configuration: written by `zhiban admin ssh-setup --apply`.\n\
             # Only root edits it. The school's overrides (rules.toml, records.toml,\n\
             # calendar.toml, crisis.toml, sop/, checklists/, i18n/) go in `overrides`.\n\
             database = {}\n\
             group = {}\n\
             overrides = {}\n\
             # each commit's audit-chain head, outside the database\n\
             head_log = {}\n",
            toml_str(&self.database.display().to_string()),
            toml_str(&self.group),
            toml_str(&self.overrides.display().to_string()),
            toml_str(&self.head_log.display().to_string()),
        );
        if self.head_syslog {
            text.push_str(
                "# and a copy of each head in the system log (authpriv)\nhead_syslog = true\n",
            );
        }
        if self.checkpoints == Checkpoints::Litestream {
            text.push_str(
                "# Litestream replicates the database (`zhiban admin replication`) and\n\
                 # alone checkpoints it; remove this line if Litestream stops for good.\n\
                 checkpoints = \"litestream\"\n",
            );
        }
        text
    }

    /// Do zhiban's sessions on `db` leave its checkpoints to Litestream?
    /// Only on this site's database, and only when the file says so.
    pub fn leaves_checkpoints_to_litestream(&self, db: &Path) -> bool {
        self.checkpoints == Checkpoints::Litestream && self.is_database(db)
    }

    /// Is `db` this site's database (the same file, however named)?
    pub fn is_database(&self, db: &Path) -> bool {
        if db == self.database {
            return true;
        }
        match (
            std::fs::canonicalize(db),
            std::fs::canonicalize(&self.database),
        ) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

/// Beside the data directory: `/srv/zhiban/zhiban.db` → `/srv/zhiban.heads`
/// (outside the directory every staff session writes).
pub fn default_head_log(database: &Path) -> PathBuf {
    let dir = database.parent().unwrap_or(Path::new("/"));
    match (dir.parent(), dir.file_name()) {
        (Some(up), Some(name)) => up.join(format!("{}.heads", name.to_string_lossy())),
        _ => PathBuf::from(format!("{}.heads", database.display())),
    }
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.into()).to_string()
}

static SYSTEM: OnceLock<Option<Site>> = OnceLock::new();
static BOUND: OnceLock<Site> = OnceLock::new();

/// The system configuration of this machine, if there is one (read once).
/// A file that is there but cannot be read or parsed counts as none here;
/// `zhiban admin ssh-setup` and `ssh-session` report it.
pub fn system() -> Option<&'static Site> {
    if let Some(s) = BOUND.get() {
        return Some(s);
    }
    SYSTEM
        .get_or_init(|| Site::read(Path::new(SYSTEM_CONFIG)).ok())
        .as_ref()
}

/// Binds the process to `site`: from now on overrides come only from the
/// site's directory, and no demo flag is honoured on its database. Called
/// once, when the process is found to work on the site's database or runs
/// as the SSH `ForceCommand`.
pub fn bind(site: &Site) {
    let _ = BOUND.set(site.clone());
}

/// The site this process is bound to, if any.
pub fn bound() -> Option<&'static Site> {
    BOUND.get()
}

/// Binds the process to the system's site when `db` is its database.
pub fn bind_if_site_database(db: &Path) {
    if let Some(site) = system()
        && site.is_database(db)
    {
        bind(&site.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_file_round_trips_and_names_its_database() {
        let s = Site {
            config: "/etc/zhiban/config.toml".into(),
            database: "/srv/zhiban/值班 \"台\".db".into(),
            group: "zhiban".into(),
            overrides: "/etc/zhiban".into(),
            head_log: "/srv/zhiban.heads".into(),
            head_syslog: false,
            checkpoints: Checkpoints::Sqlite,
        };
        let back = Site::parse(&s.to_toml(), &s.config).unwrap();
        assert_eq!(back, s);
        assert!(!s.to_toml().contains("checkpoints"), "{}", s.to_toml());
        let l = Site {
            checkpoints: Checkpoints::Litestream,
            ..s.clone()
        };
        assert_eq!(Site::parse(&l.to_toml(), &l.config).unwrap(), l);
        let y = Site {
            head_syslog: true,
            ..s.clone()
        };
        assert_eq!(Site::parse(&y.to_toml(), &y.config).unwrap(), y);
        // the overrides default to the file's directory
        let t = Site::parse("database = \"/srv/z.db\"\n", Path::new("/opt/z/c.toml")).unwrap();
        assert_eq!(t.overrides, PathBuf::from("/opt/z"));
        assert_eq!(t.group, "zhiban");
        assert_eq!(t.head_log, PathBuf::from("/srv.heads"));
        let u = Site::parse("database = \"/srv/zhiban/z.db\"\n", Path::new("/c.toml")).unwrap();
        assert_eq!(u.head_log, PathBuf::from("/srv/zhiban.heads"));
        assert_eq!(t.checkpoints, Checkpoints::Sqlite);
    }

    #[test]
    fn checkpoints_are_left_to_litestream_only_on_the_sites_database_when_it_says_so() {
        let text = "database = \"/srv/zhiban/zhiban.db\"\ncheckpoints = \"litestream\"\n";
        let s = Site::parse(text, Path::new("/etc/zhiban/config.toml")).unwrap();
        assert_eq!(s.checkpoints, Checkpoints::Litestream);
        assert!(s.leaves_checkpoints_to_litestream(Path::new("/srv/zhiban/zhiban.db")));
        assert!(!s.leaves_checkpoints_to_litestream(Path::new("/home/x/zhiban.db")));
        let d = Site::parse(
            "database = \"/srv/zhiban/zhiban.db\"\n",
            Path::new("/etc/zhiban/config.toml"),
        )
        .unwrap();
        assert!(!d.leaves_checkpoints_to_litestream(Path::new("/srv/zhiban/zhiban.db")));
        let e = Site::parse(
            "database = \"/srv/z.db\"\ncheckpoints = \"never\"\n",
            Path::new("/etc/zhiban/config.toml"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("never"), "{e}");
    }

    #[test]
    fn a_bad_site_file_is_named() {
        let e = Site::parse(
            "database = \"rel.db\"\n",
            Path::new("/etc/zhiban/config.toml"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("rel.db"), "{e}");
        let e = Site::parse(
            "databse = \"/x.db\"\n",
            Path::new("/etc/zhiban/config.toml"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("/etc/zhiban/config.toml"), "{e}");
    }
}
