//! `zhiban audit`: who saw or changed what, as text or JSON.

use super::{AuditFormat, Cli, out, say, session};
use zhiban::app;
use zhiban::config::Catalog;
use zhiban::error::{Msg, Result};
use zhiban::msg;

/// Runs `zhiban audit` with the query given.
pub fn run(cli: &Cli, t: &Catalog, q: app::audit::AuditQuery, format: AuditFormat) -> Result<()> {
    let mut app = session(cli)?;
    let lines = app::audit::search(&mut app, &q)?;
    match format {
        AuditFormat::Json => out::data(&zhiban::io::export::json_text(&lines)?)?,
        AuditFormat::Text => {
            if lines.is_empty() {
                say(t, Msg::new("cli.audit.none"));
            }
            for l in &lines {
                out::line(&format!(
                    "{:>6}  {}  {:<12} {:<22} {}{} {}",
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
            if lines.len() as i64 == app::audit::LIMIT {
                say(t, msg!("cli.audit.more", n = app::audit::LIMIT));
            }
        }
    }
    Ok(())
}
