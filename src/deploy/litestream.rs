//! `zhiban admin replication`: a continuous off-server copy of the shared
//! database with an engine made for it, Litestream (<https://litestream.io>,
//! 0.5). Litestream runs beside zhiban's sessions, copies every page SQLite
//! appends to the WAL to a replica within a second of its commit (S3 or an
//! S3-compatible store such as MinIO, SFTP, a mounted path…) and makes a
//! database from it again with `litestream restore`. zhiban prints its
//! configuration and a systemd unit for the administrator to read and run;
//! it changes nothing itself.
//!
//! Litestream wants the WAL's checkpoints to itself: it holds a read lock
//! between its own checkpoints so that nobody else writes a page back into
//! the database before it has copied it, and advises applications to turn
//! their automatic checkpoints off. The system configuration's
//! `checkpoints = "litestream"` does that for zhiban's sessions
//! ([`crate::config::site::Checkpoints`]).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::msg;

/// Litestream's own default configuration file.
pub const CONFIG: &str = "/etc/litestream.yml";

/// The unit (named as the one Litestream's package installs, which it
/// overrides: two Litestreams replicating one database spoil the replica).
pub const UNIT: &str = "/etc/systemd/system/litestream.service";

/// Where the unit reads the replica's credentials from (root, 0600).
pub const ENV_FILE: &str = "/etc/litestream.env";

/// The first line of the configuration printed.
const HEADER: &str = "# zhiban: from `zhiban admin replication` (Litestream 0.5)";

/// The kinds of replica Litestream 0.5 writes to (its URL schemes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Amazon S3 or an S3-compatible store (MinIO, Ceph, Alibaba OSS's
    /// S3 interface…): `s3://bucket/path?endpoint=host:port`.
    S3,
    /// Google Cloud Storage.
    Gs,
    /// Azure Blob Storage.
    Abs,
    /// A directory on another machine over SSH.
    Sftp,
    /// A directory here: another machine's storage mounted, or a disk that
    /// leaves the building.
    File,
    Nats,
    Webdav,
    /// Alibaba Cloud OSS.
    Oss,
}

const SCHEMES: &[(&str, Kind)] = &[
    ("s3", Kind::S3),
    ("gs", Kind::Gs),
    ("abs", Kind::Abs),
    ("sftp", Kind::Sftp),
    ("file", Kind::File),
    ("nats", Kind::Nats),
    ("webdav", Kind::Webdav),
    ("oss", Kind::Oss),
];

/// Where Litestream copies to: a URL it understands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replica {
    pub url: String,
    pub kind: Kind,
    /// For a `file://` replica, its directory.
    pub dir: Option<PathBuf>,
}

impl Replica {
    /// Checks a replica URL: a scheme Litestream knows, then a bucket or
    /// host (an absolute path for `file://`), and nothing that cannot go
    /// into its configuration.
    pub fn parse(url: &str) -> Result<Replica> {
        let bad_scheme = || Error::Usage(msg!("err.replication.scheme", url = url));
        let (scheme, rest) = url.split_once("://").ok_or_else(bad_scheme)?;
        let kind = SCHEMES
            .iter()
            .find(|(s, _)| *s == scheme)
            .map(|(_, k)| *k)
            .ok_or_else(bad_scheme)?;
        if url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '\\')
        {
            return Err(Error::Usage(msg!("err.replication.chars", what = url)));
        }
        if kind == Kind::File {
            // file:///mnt/backup/zhiban: no host, an absolute path
            if !rest.starts_with('/') || rest.len() < 2 {
                return Err(Error::Usage(msg!("err.replication.file_path", url = url)));
            }
            // the path goes into the unit too, where % is systemd's
            if rest.contains(['%', '?', '#']) {
                return Err(Error::Usage(msg!("err.replication.chars", what = url)));
            }
            let dir = PathBuf::from(rest.trim_end_matches('/'));
            return Ok(Replica {
                url: url.to_string(),
                kind,
                dir: Some(dir),
            });
        }
        let host = rest.split(['/', '?']).next().unwrap_or("");
        if host.is_empty() {
            return Err(Error::Usage(msg!(
                "err.replication.no_host",
                url = url,
                scheme = scheme
            )));
        }
        Ok(Replica {
            url: url.to_string(),
            kind,
            dir: None,
        })
    }
}

/// What the administrator asked for.
#[derive(Debug, Clone)]
pub struct Replication {
    /// The database (absolute).
    pub db: PathBuf,
    pub replica: Replica,
    /// The staff group the unit runs in.
    pub group: String,
    /// Where the configuration goes.
    pub config: PathBuf,
    /// How often Litestream sends what was committed (`1s`, `500ms`…).
    pub sync_interval: String,
    /// The `litestream` binary the unit runs.
    pub litestream: PathBuf,
}

impl Replication {
    /// Everything that would make the printed configuration wrong or
    /// unsafe, asked before anything is printed.
    pub fn check(&self) -> Result<()> {
        if !super::valid_group(&self.group) {
            return Err(Error::Usage(msg!(
                "err.setup.group_name",
                group = &self.group
            )));
        }
        for p in [&self.db, &self.config, &self.litestream] {
            if !p.is_absolute() {
                return Err(Error::Usage(msg!("err.setup.relative", path = p.display())));
            }
            // YAML, a unit line and Litestream's $VAR expansion
            let s = p.display().to_string();
            if s.chars()
                .any(|c| c.is_whitespace() || c.is_control() || "\"'\\$%".contains(c))
            {
                return Err(Error::Usage(msg!("err.replication.chars", what = s)));
            }
        }
        if !self.db.is_file() {
            return Err(Error::Usage(msg!(
                "err.replication.no_db",
                path = self.db.display()
            )));
        }
        if !valid_duration(&self.sync_interval) {
            return Err(Error::Usage(msg!(
                "err.replication.interval",
                value = &self.sync_interval
            )));
        }
        if let Some(dir) = &self.replica.dir {
            let data = self.db.parent().unwrap_or(Path::new("/"));
            if dir.starts_with(data) || data.starts_with(dir) {
                return Err(Error::Usage(msg!(
                    "err.replication.file_beside",
                    url = &self.replica.url,
                    data = data.display()
                )));
            }
        }
        // the unit runs it as root: only root may be able to replace it
        if self.litestream.exists() {
            super::root_only(&self.litestream)?;
        }
        Ok(())
    }

    /// Litestream's configuration (`litestream.yml`).
    pub fn yaml(&self) -> String {
        let mut y = format!(
            "{HEADER}\n\
             dbs:\n\
             \x20 - path: {db}\n\
             \x20   # zhiban's longest writes (an import) hold the write lock for seconds\n\
             \x20   busy-timeout: 10s\n\
             \x20   replica:\n\
             \x20     url: {url}\n\
             \x20     sync-interval: {every}\n",
            db = yaml_str(&self.db.display().to_string()),
            url = yaml_str(&self.replica.url),
            every = self.sync_interval,
        );
        if self.replica.kind == Kind::Sftp {
            y.push_str(
                "      # key-path: /etc/litestream/sftp_key\n\
                 \x20     # host-key: \"ssh-ed25519 AAAA...\"  (ssh-keyscan HOST, without HOST)\n",
            );
        }
        y
    }

    /// The systemd unit: Litestream as root in the staff group, so that it
    /// reads and writes the database, its WAL and SHM beside zhiban's
    /// sessions; what it creates is its own (umask 077).
    pub fn unit(&self) -> String {
        let mount = match &self.replica.dir {
            Some(d) => format!("RequiresMountsFor={}\n", d.display()),
            None => String::new(),
        };
        format!(
            "# zhiban: from `zhiban admin replication`\n\
             [Unit]\n\
             Description=Litestream: continuous off-server copy of {db}\n\
             Documentation=https://litestream.io\n\
             After=network-online.target\n\
             Wants=network-online.target\n\
             {mount}\
             \n\
             [Service]\n\
             User=root\n\
             Group={group}\n\
             UMask=0077\n\
             EnvironmentFile=-{env}\n\
             ExecStart={bin} replicate -config {config}\n\
             Restart=always\n\
             RestartSec=5\n\
             NoNewPrivileges=yes\n\
             PrivateTmp=yes\n\
             ProtectSystem=full\n\
             \n\
             [Install]\n\
             WantedBy=multi-user.target\n",
            db = self.db.display(),
            group = self.group,
            env = ENV_FILE,
            bin = self.litestream.display(),
            config = self.config.display(),
        )
    }

    /// The plan as shell commands, for an administrator to read and run
    /// as root.
    pub fn plan_text(&self) -> String {
        let config = super::quoted(&self.config);
        format!(
            "umask 077\n\
             cat > {config} <<'EOF'\n{yaml}EOF\n\
             chmod 0600 {config}\n\
             cat > {UNIT} <<'EOF'\n{unit}EOF\n\
             chmod 0644 {UNIT}\n\
             systemctl daemon-reload && systemctl enable --now litestream\n",
            yaml = self.yaml(),
            unit = self.unit(),
        )
    }
}

/// A YAML double-quoted string (the text has no control character).
fn yaml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A duration as Litestream reads it: digits and a unit (`500ms`, `1s`,
/// `5m`, `1h`).
fn valid_duration(s: &str) -> bool {
    let unit = s.trim_start_matches(|c: char| c.is_ascii_digit());
    let digits = &s[..s.len() - unit.len()];
    !digits.is_empty()
        && digits.len() <= 6
        && digits.parse::<u64>().is_ok_and(|n| n > 0)
        && ["ms", "s", "m", "h"].contains(&unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replication(dir: &Path, url: &str) -> Replication {
        let db = dir.join("data/zhiban.db");
        std::fs::create_dir_all(db.parent().unwrap()).unwrap();
        std::fs::write(&db, b"").unwrap();
        Replication {
            db,
            replica: Replica::parse(url).unwrap(),
            group: "zhiban".into(),
            config: CONFIG.into(),
            sync_interval: "1s".into(),
            litestream: "/nonexistent/bin/litestream".into(),
        }
    }

    #[test]
    fn the_replica_url_is_one_litestream_knows() {
        for ok in [
            "s3://bucket/zhiban",
            "s3://bucket/zhiban?endpoint=minio.example.edu.cn:9000&region=cn-north-1",
            "gs://bucket/zhiban",
            "abs://account@container/zhiban",
            "sftp://backup@10.0.0.9:22/srv/backup/zhiban",
            "file:///mnt/backup/zhiban",
            "webdav://dav.example.edu.cn/zhiban",
        ] {
            Replica::parse(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
        let f = Replica::parse("file:///mnt/backup/zhiban/").unwrap();
        assert_eq!(f.kind, Kind::File);
        assert_eq!(f.dir, Some(PathBuf::from("/mnt/backup/zhiban")));
        for (bad, key) in [
            ("ftp://host/zhiban", "err.replication.scheme"),
            ("/mnt/backup", "err.replication.scheme"),
            ("S3://bucket/x", "err.replication.scheme"),
            ("s3:///zhiban", "err.replication.no_host"),
            ("sftp://", "err.replication.no_host"),
            ("file://relative/dir", "err.replication.file_path"),
            ("file:///mnt/50%25", "err.replication.chars"),
            ("s3://bucket/a b", "err.replication.chars"),
            ("s3://bucket/\"x", "err.replication.chars"),
        ] {
            match Replica::parse(bad) {
                Err(Error::Usage(m)) => assert_eq!(m.key, key, "{bad}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn the_configuration_names_the_database_and_the_replica() {
        let d = tempfile::tempdir().unwrap();
        let r = replication(d.path(), "s3://bucket/zhiban");
        r.check().unwrap();
        let y = r.yaml();
        assert!(y.starts_with(HEADER), "{y}");
        assert!(
            y.contains(&format!("  - path: \"{}\"\n", r.db.display())),
            "{y}"
        );
        assert!(
            y.contains("    replica:\n      url: \"s3://bucket/zhiban\"\n"),
            "{y}"
        );
        assert!(y.contains("      sync-interval: 1s\n"), "{y}");
        assert!(!y.contains("key-path"), "{y}");
        let u = r.unit();
        for line in [
            "User=root\n",
            "Group=zhiban\n",
            "UMask=0077\n",
            "ExecStart=/nonexistent/bin/litestream replicate -config /etc/litestream.yml\n",
            "EnvironmentFile=-/etc/litestream.env\n",
            "WantedBy=multi-user.target\n",
        ] {
            assert!(u.contains(line), "{line}\n{u}");
        }
        assert!(!u.contains("RequiresMountsFor"), "{u}");
        let p = r.plan_text();
        assert!(p.contains("cat > /etc/litestream.yml <<'EOF'\n"), "{p}");
        assert!(p.contains("chmod 0600 /etc/litestream.yml\n"), "{p}");
        assert!(p.contains(&format!("cat > {UNIT} <<'EOF'\n")), "{p}");
        // an SFTP replica says where its key and the server's host key go
        let s = replication(d.path(), "sftp://backup@host/srv/backup/zhiban");
        assert!(s.yaml().contains("# key-path: "), "{}", s.yaml());
        // a mounted path: the unit waits for the mount
        let f = replication(d.path(), "file:///mnt/backup/zhiban");
        f.check().unwrap();
        assert!(f.unit().contains("RequiresMountsFor=/mnt/backup/zhiban\n"));
    }

    #[test]
    fn what_cannot_work_is_refused_before_anything_is_printed() {
        let d = tempfile::tempdir().unwrap();
        let key = |r: &Replication| match r.check() {
            Err(Error::Usage(m)) => m.key,
            other => panic!("{other:?}"),
        };
        let mut r = replication(d.path(), "s3://bucket/zhiban");
        r.sync_interval = "1 second".into();
        assert_eq!(key(&r), "err.replication.interval");
        for ok in ["500ms", "1s", "10s", "5m", "1h"] {
            assert!(valid_duration(ok), "{ok}");
        }
        for bad in ["", "s", "0s", "1", "1d", "-1s", "1.5s", "9999999s"] {
            assert!(!valid_duration(bad), "{bad}");
        }
        let mut r = replication(d.path(), "s3://bucket/zhiban");
        r.db = d.path().join("data/none.db");
        assert_eq!(key(&r), "err.replication.no_db");
        r.db = "relative.db".into();
        assert_eq!(key(&r), "err.setup.relative");
        let mut r = replication(d.path(), "s3://bucket/zhiban");
        r.db = d.path().join("data/$HOME.db");
        assert_eq!(key(&r), "err.replication.chars");
        let mut r = replication(d.path(), "s3://bucket/zhiban");
        r.group = "Staff Group".into();
        assert_eq!(key(&r), "err.setup.group_name");
        // a "copy" beside the database is no off-server copy
        let beside = format!("file://{}", d.path().join("data/replica").display());
        let r = replication(d.path(), &beside);
        assert_eq!(key(&r), "err.replication.file_beside");
        // a litestream binary others could replace is not run as root
        let mut r = replication(d.path(), "s3://bucket/zhiban");
        let bin = d.path().join("litestream");
        std::fs::write(&bin, b"#!/bin/sh\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o777)).unwrap();
        r.litestream = bin;
        assert_eq!(key(&r), "err.setup.not_root_only");
    }
}
