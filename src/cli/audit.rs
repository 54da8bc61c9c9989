//! `zhiban audit`: who saw or changed what, as text or JSON, to standard
//! output or (`-o`) a file only its writer reads.

use std::path::Path;

use super::{AuditFormat, Cli, out, say, session};
use zhiban::app;
use zhiban::config::Catalog;
use zhiban::domain::text::safe;
use zhiban::error::{Msg, Result};
use zhiban::msg;

/// Runs `zhiban audit` with the query given.
pub fn run(
    cli: &Cli,
    t: &Catalog,
    q: app::audit::AuditQuery,
    format: AuditFormat,
    output: Option<&Path>,
) -> Result<()> {
    let mut app = session(cli)?;
    let lines = app::audit::search(&mut app, &q)?;
    let text = match format {
        AuditFormat::Json => zhiban::io::export::json_text(&lines)?,
        AuditFormat::Text => {
            let mut s = String::new();
            for l in &lines {
                s.push_str(&format!(
                    "{:>6}  {}  {:<12} {:<22} {}{} {}\n",
                    l.seq,
                    l.at,
                    l.actor,
                    l.action,
                    l.entity,
                    l.entity_id
                        .as_deref()
                        .map(|i| format!(" {i}"))
                        .unwrap_or_default(),
                    l.detail
                ));
            }
            s
        }
    };
    let more = lines.len() as i64 == app::audit::LIMIT;
    if let Some(p) = output {
        zhiban::io::write_private(p, safe(&text).as_bytes())?;
        out::err_line(&t.msg(&msg!("cli.wrote", n = lines.len(), path = p.display())));
    } else {
        match format {
            AuditFormat::Json => out::data(&text)?,
            AuditFormat::Text => {
                if lines.is_empty() {
                    say(t, Msg::new("cli.audit.none"));
                }
                for l in text.lines() {
                    out::line(l);
                }
            }
        }
    }
    if more {
        say(t, msg!("cli.audit.more", n = app::audit::LIMIT));
    }
    Ok(())
}
