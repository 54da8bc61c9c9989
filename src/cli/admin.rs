//! `zhiban admin ssh-setup`: the college server's deployment, printed as
//! a plan or (with `--apply`, as root) carried out ([`zhiban::deploy`]).

use std::path::PathBuf;

use clap::Subcommand;

use super::say;
use zhiban::config::Catalog;
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
}

pub fn run(t: &Catalog, cmd: &AdminCmd) -> Result<()> {
    let AdminCmd::SshSetup {
        group,
        data,
        config,
        sshd_config,
        bin,
        apply,
    } = cmd;
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
