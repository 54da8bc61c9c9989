//! `zhiban admin ssh-setup`: the college server's deployment, printed as
//! a plan or (with `--apply`, as root) carried out ([`zhiban::deploy`]).
//! `zhiban admin replication`: Litestream's configuration and unit for a
//! continuous off-server copy, printed ([`zhiban::deploy::litestream`]).

use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::say;
use zhiban::config::Catalog;
use zhiban::config::paths::db_path;
use zhiban::config::site;
use zhiban::deploy::litestream::{self, Kind, Replica, Replication};
use zhiban::deploy::{Outcome, Setup};
use zhiban::error::{Error, Msg, Result};
use zhiban::msg;

#[derive(Subcommand, Debug)]
pub enum AdminCmd {
    /// Set up SSH logins for staff: group, data directory, system
    /// configuration and sshd's ForceCommand block (printed; --apply does it)
    SshSetup {
        /// The staff group (every counsellor and duty officer is a member)
        #[arg(long, default_value = "zhiban")]
        group: String,
        /// The data directory (the database is zhiban.db in it)
        #[arg(long, value_name = "DIR", default_value = "/srv/zhiban")]
        data: PathBuf,
        /// Where to write the system configuration
        #[arg(long, value_name = "FILE", default_value = zhiban::config::site::SYSTEM_CONFIG)]
        config: PathBuf,
        /// Where to write sshd's block
        #[arg(
            long,
            value_name = "FILE",
            default_value = "/etc/ssh/sshd_config.d/zhiban.conf"
        )]
        sshd_config: PathBuf,
        /// The zhiban binary ForceCommand runs [default: this one]
        #[arg(long, value_name = "FILE")]
        bin: Option<PathBuf>,
        /// Do it (as root): idempotent, every check before the first change
        #[arg(long)]
        apply: bool,
    },
    /// A continuous off-server copy of the database with Litestream: its
    /// configuration and a systemd unit, printed (--db: the database
    /// [default: the one the system configuration names])
    Replication {
        /// Where Litestream copies to: s3://BUCKET/PATH (MinIO:
        /// ?endpoint=HOST:PORT), sftp://USER@HOST/PATH, file:///MOUNTED/PATH,
        /// gs://, abs://…
        #[arg(long, value_name = "URL")]
        replica: String,
        /// The staff group Litestream runs in [default: the system
        /// configuration's, else zhiban]
        #[arg(long)]
        group: Option<String>,
        /// Where Litestream's configuration goes
        #[arg(long, value_name = "FILE", default_value = litestream::CONFIG)]
        config: PathBuf,
        /// How often Litestream sends what was committed: the most a lost
        /// server can take with it
        #[arg(long, value_name = "DURATION", default_value = "1s")]
        sync_interval: String,
        /// The litestream binary the unit runs [default: the one on PATH,
        /// else /usr/bin/litestream]
        #[arg(long, value_name = "FILE")]
        litestream: Option<PathBuf>,
    },
    /// Check the school's configuration: every file reads, the crisis
    /// numbers are configured (each one not is listed with the file to set
    /// it in) and every contact a template names is defined
    CheckConfig,
}

pub fn run(db: Option<&Path>, t: &Catalog, cmd: &AdminCmd) -> Result<()> {
    match cmd {
        AdminCmd::CheckConfig => {
            // on the server, the configuration in force is the site's
            db_path(db)?;
            check_config(t)
        }
        AdminCmd::SshSetup {
            group,
            data,
            config,
            sshd_config,
            bin,
            apply,
        } => {
            let bin = match bin {
                Some(b) => b.clone(),
                None => std::env::current_exe()
                    .map_err(|e| Error::Data(msg!("err.setup.io", path = "zhiban", detail = e)))?,
            };
            let setup = Setup {
                group: group.clone(),
                data: data.clone(),
                config: config.clone(),
                sshd_config: sshd_config.clone(),
                bin,
            };
            ssh_setup(t, &setup, *apply)
        }
        AdminCmd::Replication {
            replica,
            group,
            config,
            sync_interval,
            litestream,
        } => {
            let db = db_path(db)?;
            let r = Replication {
                db: std::path::absolute(&db).unwrap_or(db),
                replica: Replica::parse(replica)?,
                group: group
                    .clone()
                    .or_else(|| site::system().map(|s| s.group.clone()))
                    .unwrap_or_else(|| "zhiban".into()),
                config: config.clone(),
                sync_interval: sync_interval.clone(),
                litestream: litestream.clone().unwrap_or_else(litestream_on_path),
            };
            replication(t, &r)
        }
    }
}

/// Every asset reads (else the first problem, with its file and line);
/// then the unconfigured numbers and the contacts a template names that
/// are not defined.
fn check_config(t: &Catalog) -> Result<()> {
    let lang = zhiban::config::Lang::choose(None).unwrap_or(zhiban::config::Lang::ZhCn);
    zhiban::config::Assets::load(lang)?;
    let (cfg, origin) = super::crisis::crisis_config()?;
    let missing = super::crisis::say_unconfigured(t, &cfg, |_| true);
    if missing == 0 {
        say(t, msg!("cli.sop.numbers_ok", origin = &origin));
    }
    for (tpl, origin) in zhiban::config::assets::load_sops(false)? {
        let text = match origin.strip_prefix("(built-in) ") {
            Some(rel) => zhiban::config::assets::embedded(rel)
                .unwrap_or_default()
                .to_string(),
            None => std::fs::read_to_string(&origin).unwrap_or_default(),
        };
        let list = super::crisis::unknown_contacts(&text, &tpl, &cfg);
        if !list.is_empty() {
            return Err(Error::Problems { file: origin, list });
        }
    }
    if missing > 0 {
        return Err(Error::Data(msg!(
            "err.check.unconfigured",
            n = missing,
            file = zhiban::app::crisis_contacts::config_file()
        )));
    }
    Ok(())
}

/// `litestream` on PATH, else where Litestream's .deb puts it.
fn litestream_on_path() -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|d| d.join("litestream"))
        .find(|p| p.is_absolute() && p.is_file())
        .unwrap_or_else(|| PathBuf::from("/usr/bin/litestream"))
}

fn replication(t: &Catalog, r: &Replication) -> Result<()> {
    // checked first: a configuration that cannot work is not printed
    r.check()?;
    say(t, msg!("replication.head", db = r.db.display()));
    // the plan is shell text with paths and a URL the administrator chose
    crate::out::text(&r.plan_text());
    match site::system() {
        Some(s) if s.leaves_checkpoints_to_litestream(&r.db) => say(
            t,
            msg!("replication.checkpoints_set", site = s.config.display()),
        ),
        s => say(
            t,
            msg!(
                "replication.checkpoints",
                site = s
                    .map_or(Path::new(site::SYSTEM_CONFIG), |s| &s.config)
                    .display(),
                group = &r.group
            ),
        ),
    }
    let (env, config) = (litestream::ENV_FILE, r.config.display().to_string());
    say(
        t,
        match r.replica.kind {
            Kind::S3 => msg!("replication.s3", env = env),
            Kind::Gs => msg!("replication.gs", env = env),
            Kind::Abs => msg!("replication.abs", env = env),
            Kind::Sftp => msg!("replication.sftp", config = &config),
            Kind::File => msg!(
                "replication.file",
                path = r.replica.dir.as_deref().unwrap_or(Path::new("/")).display()
            ),
            Kind::Nats | Kind::Webdav | Kind::Oss => {
                msg!("replication.other", env = env, config = &config)
            }
        },
    );
    if !r.litestream.exists() {
        say(
            t,
            msg!("replication.install", path = r.litestream.display()),
        );
    }
    say(
        t,
        msg!("replication.then", config = config, db = r.db.display()),
    );
    Ok(())
}

fn ssh_setup(t: &Catalog, setup: &Setup, apply: bool) -> Result<()> {
    let group = &setup.group;
    if !apply {
        // the plan is checked like --apply: an unsafe plan is not printed
        setup.check()?;
        say(t, Msg::new("setup.plan_head"));
        // the plan is shell text with paths the administrator chose
        crate::out::text(&setup.plan_text());
        say(
            t,
            msg!("setup.then", group = group, db = setup.database().display()),
        );
        return Ok(());
    }
    for (step, outcome) in setup.apply()? {
        let key = match outcome {
            Outcome::Done => "setup.done",
            Outcome::AlreadyDone => "setup.already",
            Outcome::NotYet => "setup.not_yet",
        };
        say(t, Msg::new(key).with("step", t.msg(&step)));
    }
    say(
        t,
        msg!("setup.then", group = group, db = setup.database().display()),
    );
    Ok(())
}
