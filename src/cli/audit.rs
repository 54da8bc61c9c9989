//! `zhiban audit`: who saw or changed what, as text or JSON, to standard
//! output or (`-o`) a file only its writer reads.

use std::path::Path;

use super::output::{Format, Sink};
use super::{Cli, say, session};
use zhiban::app;
use zhiban::config::Catalog;
use zhiban::error::{Msg, Result};
use zhiban::msg;

/// Runs `zhiban audit` with the query given.
pub fn run(
    cli: &Cli,
    t: &Catalog,
    q: app::audit::AuditQuery,
    format: Format,
    output: Option<&Path>,
) -> Result<()> {
    let mut app = session(cli)?;
    let lines = app::audit::search(&mut app, &q)?;
    let text = match format {
        Format::Json => zhiban::io::export::json_text(&lines)?,
        _ => {
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
    let mut sink = Sink::new(t, output);
    sink.records(lines.len());
    match format {
        Format::Json => sink.bytes(text.as_bytes())?,
        _ => {
            if lines.is_empty() && !sink.to_file() {
                say(t, Msg::new("cli.audit.none"));
            }
            sink.text(&text);
        }
    }
    sink.finish()?;
    if more {
        say(t, msg!("cli.audit.more", n = app::audit::LIMIT));
    }
    Ok(())
}
