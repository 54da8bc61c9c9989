//! The `zhiban` binary: the full-screen interface (`tui`), the headless
//! commands (`cli`) and `zhiban bench`, all on the library's public API.
//! `tui` and `cli` do not import each other; this file joins them.

#![allow(clippy::collapsible_if, clippy::collapsible_match)]

mod bench;
mod cli;
mod out;
mod tui;

use clap::Parser;

fn main() {
    // files this process creates are its owner's alone unless it says
    // otherwise (the database is made group-writable on purpose; exports
    // and backups stay private)
    nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o077));
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        // help and version: as clap prints them
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            let argv: Vec<String> = std::env::args().collect();
            let t = cli::catalog(cli::usage::lang_in(&argv).as_deref());
            out::err_line(&format!("zhiban: {}", t.msg(&cli::usage::message(&e))));
            std::process::exit(2);
        }
    };
    let result = match &args.command {
        Some(cli::Command::SshSession { config }) => ssh_session(config, &args),
        None => tui::start(&tui::Options {
            db: args.db.clone(),
            as_login: args.as_login.clone(),
            lang: args.lang.clone(),
            demo: args.demo,
        }),
        Some(cli::Command::Bench {
            scale,
            json,
            keep,
            reuse,
            only,
        }) => bench::run(
            &bench::Options {
                scale,
                json: *json,
                keep: keep.as_deref(),
                reuse: reuse.as_deref(),
                only: only.as_deref(),
            },
            &cli::catalog(args.lang.as_deref()),
        ),
        Some(cmd) => cli::run(&args, cmd),
    };
    if zhiban::app::session::anchor_behind() {
        let t = cli::catalog(args.lang.as_deref());
        out::err_line(t.t("warn.anchor_behind"));
    }
    match result {
        Ok(()) => {}
        // the reader went away (`zhiban export … | head`): nothing to say
        Err(zhiban::error::Error::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            let t = cli::catalog(args.lang.as_deref());
            out::err_line(&format!("zhiban: {}", t.error(&e)));
            std::process::exit(e.exit_code());
        }
    }
}

/// sshd's `ForceCommand`: bound to the site, the interface or one allowed
/// command.
fn ssh_session(config: &std::path::Path, args: &cli::Cli) -> zhiban::error::Result<()> {
    cli::ssh::forget_environment();
    let site = zhiban::config::site::Site::read(config)?;
    zhiban::config::site::bind(&site);
    let requested = std::env::var("SSH_ORIGINAL_COMMAND").ok();
    match cli::ssh::plan(&site, requested.as_deref())? {
        cli::ssh::Plan::Interface { db } => tui::start(&tui::Options {
            db: Some(db),
            as_login: None,
            lang: args.lang.clone(),
            demo: false,
        }),
        cli::ssh::Plan::Print(text) => {
            out::text(&text);
            Ok(())
        }
        cli::ssh::Plan::Command(c) => match &c.command {
            Some(cmd) => cli::run(&c, cmd),
            None => tui::start(&tui::Options {
                db: c.db.clone(),
                as_login: None,
                lang: c.lang.clone(),
                demo: false,
            }),
        },
    }
}
