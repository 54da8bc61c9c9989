//! `zhiban ssh-session`: what sshd's `ForceCommand` runs for every staff
//! login. Staff have no shell: `ssh server` opens the interface, and
//! `ssh server 'duty log "…" --type 来电'` runs that one zhiban command if it
//! is on the allowlist — split into words like a shell would quote them,
//! but never given to a shell. Everything else is refused.
//!
//! The process is bound to the site ([`zhiban::config::site`]): the
//! database is the one the system configuration names, overrides come from
//! its directory, and no `ZHIBAN_*` variable a client sent has any effect.

use std::path::PathBuf;

use clap::Parser;

use super::Cli;
use zhiban::config::site::Site;
use zhiban::error::{Error, Result};
use zhiban::msg;

/// What the session is to do.
#[derive(Debug)]
pub enum Plan {
    /// Open the interface on the site's database.
    Interface { db: PathBuf },
    /// Run one allowed command (its `--db` set to the site's database).
    Command(Box<Cli>),
    /// Print this (help or version, as clap words it) and exit 0.
    Print(String),
}

/// The commands a requested command may be: the quick-logging path from
/// a phone. (`zhiban` first, or its full path, is allowed and dropped.)
pub const ALLOWED: &[&[&str]] = &[
    &["whoami"],
    &["duty", "open"],
    &["duty", "log"],
    &["duty", "ack"],
    &["duty", "escalate"],
    &["duty", "close"],
    &["talk"],
    &["contact"],
    &["compliance"],
    &["crisis", "list"],
    &["crisis", "show"],
];

/// Options a requested command may not carry: they would leave the site's
/// database or act as someone else.
const FORBIDDEN: &[&str] = &["--db", "--as", "--demo", "--config", "-o", "--output"];

/// Decides what a `ForceCommand` session on `site` runs (the caller has
/// bound the process to it). `requested` is `SSH_ORIGINAL_COMMAND`
/// (absent or empty: the interface).
pub fn plan(site: &Site, requested: Option<&str>) -> Result<Plan> {
    let requested = requested.map(str::trim).unwrap_or("");
    if requested.is_empty() {
        return Ok(Plan::Interface {
            db: site.database.clone(),
        });
    }
    let refuse = || {
        Error::Refused(msg!(
            "err.ssh.not_allowed",
            command = requested,
            allowed = allowed_list()
        ))
    };
    let mut words = shlex::split(requested)
        .ok_or_else(|| Error::Usage(msg!("err.ssh.quoting", command = requested)))?;
    if words
        .first()
        .is_some_and(|w| w == "zhiban" || w.ends_with("/zhiban"))
    {
        words.remove(0);
    }
    if words.iter().any(|w| {
        FORBIDDEN
            .iter()
            .any(|f| w == f || w.starts_with(&format!("{f}=")))
    }) {
        return Err(refuse());
    }
    // the command's words, without `--lang X` (allowed anywhere)
    let mut path = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if w == "--lang" {
            i += 2;
            continue;
        }
        if w.starts_with("--lang=") {
            i += 1;
            continue;
        }
        if w.starts_with('-') || path.len() == 2 {
            break;
        }
        path.push(w.as_str());
        i += 1;
    }
    let help = words.iter().any(|w| w == "--help" || w == "-h");
    // `ssh server zhiban` (perhaps with --lang): the interface
    let interface = path.is_empty() && i >= words.len();
    let allowed = interface
        || ALLOWED
            .iter()
            .any(|a| path.len() >= a.len() && path[..a.len()] == **a);
    if !(allowed || help && path.is_empty()) {
        return Err(refuse());
    }
    let argv = std::iter::once("zhiban".to_string()).chain(words);
    match Cli::try_parse_from(argv) {
        Ok(mut cli) => {
            cli.db = Some(site.database.clone());
            Ok(Plan::Command(Box::new(cli)))
        }
        Err(e) if !e.use_stderr() => Ok(Plan::Print(e.to_string())),
        Err(e) => Err(Error::Usage(super::usage::message(&e))),
    }
}

/// The allowlist as people write it: `whoami, duty open|log|…, talk, …`.
fn allowed_list() -> String {
    let mut out: Vec<String> = Vec::new();
    for a in ALLOWED {
        match (a, out.last_mut()) {
            ([head, sub], Some(last)) if last.starts_with(&format!("{head} ")) => {
                last.push('|');
                last.push_str(sub);
            }
            _ => out.push(a.join(" ")),
        }
    }
    out.join(", ")
}

/// Forgets every `ZHIBAN_*` variable: in a `ForceCommand` session the site
/// decides, whatever a client's `SendEnv` or a misconfigured `AcceptEnv`
/// let through. Call before any other thread starts.
pub fn forget_environment() {
    let ours: Vec<_> = std::env::vars_os()
        .map(|(k, _)| k)
        .filter(|k| k.to_string_lossy().starts_with("ZHIBAN_"))
        .collect();
    for k in ours {
        // SAFETY: called first thing in main, before any thread exists
        unsafe { std::env::remove_var(k) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        Site::parse(
            "database = \"/srv/zhiban/zhiban.db\"\n",
            std::path::Path::new("/etc/zhiban/config.toml"),
        )
        .unwrap()
    }

    #[test]
    fn nothing_requested_opens_the_interface_on_the_site_database() {
        let p = site();
        match plan(&p, None).unwrap() {
            Plan::Interface { db } => assert_eq!(db, PathBuf::from("/srv/zhiban/zhiban.db")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_allowed_command_is_parsed_as_words_without_a_shell() {
        let p = site();
        let Plan::Command(cli) = plan(
            &p,
            Some("zhiban duty log \"室友 未归; rm -rf /\" --type 来电 --lang en"),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(cli.db, Some(PathBuf::from("/srv/zhiban/zhiban.db")));
        assert_eq!(cli.lang.as_deref(), Some("en"));
        let Some(super::super::Command::Duty {
            cmd: super::super::duty::DutyCmd::Log { text, kind, .. },
        }) = &cli.command
        else {
            panic!("{cli:?}")
        };
        assert_eq!(text, "室友 未归; rm -rf /");
        assert_eq!(kind, "来电");
    }

    #[test]
    fn zhiban_alone_is_the_interface_in_the_language_asked() {
        let p = site();
        let Plan::Command(cli) = plan(&p, Some("zhiban --lang en")).unwrap() else {
            panic!()
        };
        assert!(cli.command.is_none());
        assert_eq!(cli.lang.as_deref(), Some("en"));
        assert_eq!(cli.db, Some(PathBuf::from("/srv/zhiban/zhiban.db")));
    }

    #[test]
    fn anything_else_is_refused() {
        let p = site();
        for bad in [
            "cat /etc/passwd",
            "sh",
            "bash -c id",
            "scp -t /tmp",
            "/usr/lib/openssh/sftp-server",
            "zhiban export students",
            "zhiban backup /tmp/x.db",
            "zhiban duty log x --db /tmp/mine.db",
            "zhiban --as admin whoami",
            "whoami --db=/tmp/x.db",
            "zhiban --demo",
            "crisis done 4 scene",
            "duty amend 1 x",
            "zhiban ssh-session",
            "admin ssh-setup --apply",
        ] {
            let e = plan(&p, Some(bad)).unwrap_err();
            assert!(matches!(e, Error::Refused(_)), "{bad}: {e}");
            assert!(
                e.to_string().contains("duty open|log|ack|escalate|close"),
                "{e}"
            );
        }
        assert!(matches!(
            plan(&p, Some("duty log \"unclosed")),
            Err(Error::Usage(_))
        ));
    }

    #[test]
    fn a_missing_site_file_is_named() {
        let e = Site::read(std::path::Path::new("/nonexistent/zhiban.toml")).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/zhiban.toml"), "{e}");
    }
}
