//! Setting up a college server (`zhiban admin ssh-setup`): the staff
//! group, the data directory, the database's group and mode, the system
//! configuration and sshd's `ForceCommand` block. Printed as a plan, and
//! with `--apply` carried out (as root), idempotently: every check comes
//! before the first change, so a wrong group or a missing directory
//! changes nothing; run twice, the second run reports everything as
//! already in place. [`litestream`]: the continuous off-server copy
//! (`zhiban admin replication`), printed.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use nix::unistd::{Gid, Group, Uid};

use crate::config::site::Site;
use crate::error::{Error, Msg, Result};
use crate::msg;

pub mod litestream;

/// The first line of the files `ssh-setup` writes: a file without it is
/// the administrator's own and is never overwritten.
const HEADER: &str = "# zhiban: written by `zhiban admin ssh-setup --apply`";

/// What the administrator asked for.
#[derive(Debug, Clone)]
pub struct Setup {
    pub group: String,
    /// The data directory (the database is `zhiban.db` in it).
    pub data: PathBuf,
    /// The system configuration file.
    pub config: PathBuf,
    /// The file holding sshd's `Match Group` block.
    pub sshd_config: PathBuf,
    /// The zhiban binary `ForceCommand` runs.
    pub bin: PathBuf,
}

/// What one step did (or, printed, would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    AlreadyDone,
    /// Nothing to do yet (no database: `zhiban init` creates it so).
    NotYet,
}

/// Groups that must never be the staff group: `ForceCommand` would lock
/// their members (administrators) out of a shell.
const PRIVILEGED: &[&str] = &[
    "root",
    "sudo",
    "wheel",
    "adm",
    "admin",
    "staff",
    "users",
    "ssh",
    "_ssh",
    "disk",
    "shadow",
    "tty",
    "kmem",
    "docker",
    "lxd",
    "libvirt",
    "utmp",
    "daemon",
    "bin",
    "sys",
    "lp",
    "mail",
    "www-data",
    "operator",
    "crontab",
    "dialout",
    "audio",
    "video",
    "plugdev",
    "netdev",
    "systemd-journal",
    "nogroup",
];

impl Setup {
    pub fn database(&self) -> PathBuf {
        self.data.join("zhiban.db")
    }

    /// The system configuration this setup writes. Who checkpoints the
    /// database is kept from the file already there (`checkpoints =
    /// "litestream"`, which `zhiban admin replication` asks for): running
    /// ssh-setup again must not turn it off.
    pub fn site(&self) -> Site {
        // what an earlier run (or the administrator) set is kept: the head
        // log of the same database, and who checkpoints it
        let before = Site::read(&self.config).ok();
        let head_log = before
            .as_ref()
            .filter(|s| s.database == self.database())
            .map(|s| s.head_log.clone())
            .unwrap_or_else(|| crate::config::site::default_head_log(&self.database()));
        Site {
            config: self.config.clone(),
            database: self.database(),
            group: self.group.clone(),
            overrides: self
                .config
                .parent()
                .unwrap_or(Path::new("/etc/zhiban"))
                .to_path_buf(),
            head_log,
            head_syslog: before.as_ref().is_some_and(|s| s.head_syslog),
            checkpoints: before.map(|s| s.checkpoints).unwrap_or_default(),
        }
    }

    /// sshd's block: members of the group run zhiban and nothing else, with
    /// no forwarding, tunnels or rc files; no `AcceptEnv` for `ZHIBAN_*`
    /// (and the session forgets any that arrive). `Match all` ends the block
    /// so that nothing after it in the main file is caught by it.
    pub fn sshd_block(&self) -> String {
        format!(
            "{HEADER}\n\
             # Staff in group {g} can run nothing but zhiban: no shell, no files.\n\
             # Their login shell must be a real shell (sshd runs ForceCommand with it).\n\
             Match Group {g}\n\
             \x20   ForceCommand {bin} ssh-session --config {cfg}\n\
             \x20   DisableForwarding yes\n\
             \x20   PermitTunnel no\n\
             \x20   PermitUserRC no\n\
             \x20   X11Forwarding no\n\
             \x20   AllowAgentForwarding no\n\
             \x20   AllowTcpForwarding no\n\
             \x20   PermitTTY yes\n\
             Match all\n",
            g = self.group,
            bin = quoted(&self.bin),
            cfg = quoted(&self.config),
        )
    }

    /// The plan as shell commands and files, for an administrator to read
    /// (or do by hand).
    pub fn plan_text(&self) -> String {
        let db = self.database();
        format!(
            "getent group {g} >/dev/null || groupadd --system {g}\n\
             install -d -o root -g {g} -m 2770 {data}\n\
             chgrp {g} {db} {db}-wal {db}-shm 2>/dev/null; chmod 0660 {db} {db}-wal {db}-shm 2>/dev/null\n\
             install -d -m 0755 {cfgdir}\n\
             cat > {cfg} <<'EOF'\n{site}EOF\n\
             cat > {sshd} <<'EOF'\n{block}EOF\n\
             sshd -t && systemctl reload ssh\n",
            g = self.group,
            data = self.data.display(),
            db = db.display(),
            cfgdir = self.config.parent().unwrap_or(Path::new("/")).display(),
            cfg = self.config.display(),
            site = self.site().to_toml(),
            sshd = self.sshd_config.display(),
            block = self.sshd_block(),
        )
    }

    /// Everything that could make `apply` stop half-way, asked first.
    pub fn check(&self) -> Result<()> {
        if !valid_group(&self.group) {
            return Err(Error::Usage(msg!(
                "err.setup.group_name",
                group = &self.group
            )));
        }
        let existing = Group::from_name(&self.group).ok().flatten();
        if PRIVILEGED.contains(&self.group.as_str())
            || existing.as_ref().is_some_and(|g| g.gid.as_raw() == 0)
        {
            return Err(Error::Usage(msg!(
                "err.setup.group_privileged",
                group = &self.group
            )));
        }
        for p in [&self.data, &self.config, &self.sshd_config, &self.bin] {
            if !p.is_absolute() {
                return Err(Error::Usage(msg!("err.setup.relative", path = p.display())));
            }
        }
        if !self.bin.is_file() {
            return Err(Error::Usage(msg!(
                "err.setup.no_bin",
                path = self.bin.display()
            )));
        }
        // what sshd runs for every staff login, and the configuration it
        // reads, must be beyond anyone but root's reach: the binary and
        // every folder above it, above the configuration (and overrides)
        // and above the data directory
        root_only(&self.bin)?;
        for p in [&self.config, &self.data, &self.sshd_config] {
            if let Some(dir) = p.parent() {
                root_only(dir)?;
            }
        }
        let parent = self.data.parent().unwrap_or(Path::new("/"));
        if !parent.is_dir() {
            return Err(Error::Usage(msg!(
                "err.setup.no_parent",
                path = self.data.display(),
                parent = parent.display()
            )));
        }
        if self.data.exists() && !self.data.is_dir() {
            return Err(Error::Usage(msg!(
                "err.setup.not_dir",
                path = self.data.display()
            )));
        }
        for p in [&self.config, &self.sshd_config] {
            let dir = p.parent().unwrap_or(Path::new("/"));
            if !dir.is_dir() && !dir.parent().is_some_and(Path::is_dir) {
                return Err(Error::Usage(msg!(
                    "err.setup.no_parent",
                    path = p.display(),
                    parent = dir.display()
                )));
            }
        }
        // sshd must read the block, and it must not replace a file of the
        // administrator's own
        if let Some(problem) = self.sshd_problem() {
            return Err(Error::Usage(problem));
        }
        // a database already there belongs to this group, or was made
        // before the group (root's, or its owner's own group)
        let db = self.database();
        if let Ok(m) = std::fs::metadata(&db) {
            let gid = m.gid();
            let ours = existing.as_ref().is_some_and(|g| g.gid.as_raw() == gid);
            let owners = nix::unistd::User::from_uid(Uid::from_raw(m.uid()))
                .ok()
                .flatten()
                .is_some_and(|u| u.gid.as_raw() == gid);
            if !ours && !owners && gid != 0 {
                let name = Group::from_gid(Gid::from_raw(gid))
                    .ok()
                    .flatten()
                    .map(|g| g.name)
                    .unwrap_or_else(|| gid.to_string());
                return Err(Error::Usage(msg!(
                    "err.setup.db_group",
                    path = db.display(),
                    found = name,
                    group = &self.group
                )));
            }
        }
        Ok(())
    }

    /// Why sshd would not use the block as written, if it would not: a
    /// file of that name that zhiban did not write, or a drop-in folder of
    /// `/etc/ssh` the main configuration does not include.
    fn sshd_problem(&self) -> Option<Msg> {
        if let Ok(old) = std::fs::read_to_string(&self.sshd_config)
            && old != self.sshd_block()
            && !old.starts_with(HEADER)
        {
            return Some(msg!(
                "err.setup.sshd_theirs",
                path = self.sshd_config.display()
            ));
        }
        let dir = self.sshd_config.parent()?;
        if dir != Path::new("/etc/ssh/sshd_config.d") {
            return None;
        }
        let main = std::fs::read_to_string("/etc/ssh/sshd_config").ok()?;
        let included = main.lines().any(|l| {
            let l = l.trim();
            l.split_whitespace()
                .next()
                .is_some_and(|k| k.eq_ignore_ascii_case("include"))
                && (l.contains("sshd_config.d/*.conf")
                    || l.contains(&self.sshd_config.display().to_string()))
        });
        (!included).then(|| {
            msg!(
                "err.setup.sshd_not_included",
                path = self.sshd_config.display()
            )
        })
    }

    /// Carries the plan out (as root). Each step says what it did.
    pub fn apply(&self) -> Result<Vec<(Msg, Outcome)>> {
        if !nix::unistd::geteuid().is_root() {
            return Err(Error::Refused(Msg::new("err.setup.root")));
        }
        self.check()?;
        let mut done = Vec::new();
        // the group
        let gid = match Group::from_name(&self.group).ok().flatten() {
            Some(g) => {
                done.push((
                    msg!("setup.step.group", group = &self.group),
                    Outcome::AlreadyDone,
                ));
                g.gid
            }
            None => {
                run(Command::new("groupadd").arg("--system").arg(&self.group))?;
                done.push((msg!("setup.step.group", group = &self.group), Outcome::Done));
                Group::from_name(&self.group)
                    .ok()
                    .flatten()
                    .ok_or_else(|| Error::Data(msg!("err.setup.group_gone", group = &self.group)))?
                    .gid
            }
        };
        // the data directory: root:GROUP 2770
        let d = &self.data;
        let mut changed = false;
        if !d.exists() {
            std::fs::create_dir(d).map_err(|e| io_err(d, e))?;
            changed = true;
        }
        changed |= own(d, Some(Uid::from_raw(0)), gid, 0o2770)?;
        done.push((
            msg!("setup.step.data", path = d.display()),
            outcome(changed),
        ));
        // the head log, beside the data directory: root:GROUP 0660, and
        // append-only where the file system can (chattr +a): sessions add
        // heads, nobody but root rewrites them
        let site = self.site();
        let log = &site.head_log;
        let mut changed = false;
        if !log.exists() {
            std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(log)
                .map_err(|e| io_err(log, e))?;
            changed = true;
        }
        changed |= own(log, Some(Uid::from_raw(0)), gid, 0o660)?;
        let key = if append_only(log) {
            "setup.step.head_log_append"
        } else {
            "setup.step.head_log_plain"
        };
        done.push((Msg::new(key).with("path", log.display()), outcome(changed)));
        // the database, its WAL and SHM: GROUP 0660 (owner kept)
        let db = self.database();
        let mut changed = false;
        for suffix in ["", "-wal", "-shm"] {
            let p = PathBuf::from(format!("{}{suffix}", db.display()));
            if p.exists() {
                changed |= own(&p, None, gid, 0o660)?;
            }
        }
        let step = msg!("setup.step.database", path = db.display());
        done.push((
            step,
            if db.exists() {
                outcome(changed)
            } else {
                Outcome::NotYet
            },
        ));
        // the system configuration
        let changed = write_if_changed(&self.config, &site.to_toml())?;
        done.push((
            msg!("setup.step.config", path = self.config.display()),
            outcome(changed),
        ));
        // sshd's block, checked by sshd when it is installed here
        let before = std::fs::read_to_string(&self.sshd_config).ok();
        let changed = write_if_changed(&self.sshd_config, &self.sshd_block())?;
        if changed && self.sshd_config.starts_with("/etc/ssh") {
            if let Err(e) = sshd_test() {
                match &before {
                    Some(b) => std::fs::write(&self.sshd_config, b),
                    None => std::fs::remove_file(&self.sshd_config),
                }
                .map_err(|e| io_err(&self.sshd_config, e))?;
                return Err(e);
            }
        }
        done.push((
            msg!("setup.step.sshd", path = self.sshd_config.display()),
            outcome(changed),
        ));
        Ok(done)
    }
}

/// A group name as `groupadd` takes it (lower-case letters, digits, `_`
/// and `-`, at most 32, not starting with a digit or `-`).
fn valid_group(g: &str) -> bool {
    !g.is_empty()
        && g.len() <= 32
        && g.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && g.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_-".contains(c))
}

/// Refuses a path that someone other than root could change: it, or a
/// folder above it, not owned by root or writable by group or others (a
/// root-owned sticky folder such as /tmp aside: others cannot replace what
/// root put there). A part that does not exist yet is skipped: it will be
/// made by root.
fn root_only(path: &Path) -> Result<()> {
    let mut p = Some(path);
    while let Some(x) = p {
        if let Ok(m) = std::fs::symlink_metadata(x) {
            let mode = m.permissions().mode();
            let sticky_dir = m.is_dir() && mode & 0o1000 != 0;
            if m.uid() != 0 || (mode & 0o022 != 0 && !sticky_dir) {
                return Err(Error::Usage(msg!(
                    "err.setup.not_root_only",
                    path = x.display(),
                    what = path.display()
                )));
            }
        }
        p = x.parent();
    }
    Ok(())
}

/// A path as a shell reads it back (sshd runs `ForceCommand` with the
/// login shell): a space in it must not split it.
fn quoted(p: &Path) -> String {
    let s = p.display().to_string();
    shlex::try_quote(&s).map(|q| q.into_owned()).unwrap_or(s)
}

fn outcome(changed: bool) -> Outcome {
    if changed {
        Outcome::Done
    } else {
        Outcome::AlreadyDone
    }
}

fn io_err(p: &Path, e: std::io::Error) -> Error {
    Error::Data(msg!("err.setup.io", path = p.display(), detail = e))
}

/// Makes `p` append-only (`chattr +a`); false where the file system (or a
/// missing chattr) does not allow it.
fn append_only(p: &Path) -> bool {
    Command::new("chattr")
        .arg("+a")
        .arg(p)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Sets owner (if given), group and mode; true if anything changed.
fn own(p: &Path, uid: Option<Uid>, gid: Gid, mode: u32) -> Result<bool> {
    let m = std::fs::metadata(p).map_err(|e| io_err(p, e))?;
    let mut changed = false;
    if uid.is_some_and(|u| u.as_raw() != m.uid()) || m.gid() != gid.as_raw() {
        nix::unistd::chown(p, uid, Some(gid))
            .map_err(|e| io_err(p, std::io::Error::from_raw_os_error(e as i32)))?;
        changed = true;
    }
    // chown clears the setgid bit on some systems: set the mode after
    if m.permissions().mode() & 0o7777 != mode || changed {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode))
            .map_err(|e| io_err(p, e))?;
        changed |= m.permissions().mode() & 0o7777 != mode;
    }
    Ok(changed)
}

/// Writes a root-owned, world-readable configuration file if its text
/// differs; true if it did.
fn write_if_changed(p: &Path, text: &str) -> Result<bool> {
    if std::fs::read_to_string(p).is_ok_and(|t| t == text) {
        return Ok(false);
    }
    if let Some(dir) = p.parent()
        && !dir.exists()
    {
        std::fs::create_dir(dir).map_err(|e| io_err(dir, e))?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| io_err(dir, e))?;
    }
    let tmp = p.with_extension("zhiban-new");
    std::fs::write(&tmp, text).map_err(|e| io_err(&tmp, e))?;
    std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o644))
        .map_err(|e| io_err(&tmp, e))?;
    std::fs::rename(&tmp, p).map_err(|e| io_err(p, e))?;
    Ok(true)
}

fn run(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    let out = cmd
        .output()
        .map_err(|e| Error::Data(msg!("err.setup.command", command = &shown, detail = e)))?;
    if !out.status.success() {
        return Err(Error::Data(msg!(
            "err.setup.command",
            command = &shown,
            detail = String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(())
}

fn sshd_test() -> Result<()> {
    let sshd = ["/usr/sbin/sshd", "/usr/local/sbin/sshd"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    match sshd {
        Some(s) => run(Command::new(s).arg("-t")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests;
