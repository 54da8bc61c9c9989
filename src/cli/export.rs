//! `zhiban export …`: records as JSON, CSV or the paper Markdown, to
//! standard output or (`-o`) a file only its writer reads.

use std::path::Path;

use super::{ExportWhat, Format, json_text, out, session};
use zhiban::app::App;
use zhiban::config::Catalog;
use zhiban::error::{Error, Msg, Result};
use zhiban::{io, msg};

/// Runs `zhiban export WHAT`.
pub fn run(
    cli: &super::Cli,
    t: &Catalog,
    what: ExportWhat,
    format: Format,
    output: Option<&Path>,
    unmasked: bool,
    (from, to): (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>),
) -> Result<()> {
    let mut app = session(cli)?;
    let (text, n) = match what {
        ExportWhat::Students => {
            let rows = io::export::students(&mut app, unmasked)?;
            let text = match format {
                Format::Json => json_text(&rows)?,
                Format::Csv => io::export::to_csv(&rows),
                Format::Md => {
                    return Err(Error::Usage(Msg::new("err.cli.md_shifts")));
                }
            };
            (text, rows.len())
        }
        ExportWhat::Patrols => {
            if unmasked {
                return Err(Error::Usage(Msg::new("err.cli.unmasked_students")));
            }
            let rows = io::export::patrols(&mut app, from, to)?;
            let text = match format {
                Format::Json => json_text(&rows)?,
                Format::Csv => io::export::patrols_csv(&rows),
                Format::Md => {
                    return Err(Error::Usage(Msg::new("err.cli.md_shifts")));
                }
            };
            (text, rows.len())
        }
        ExportWhat::Shifts => {
            if unmasked {
                return Err(Error::Usage(Msg::new("err.cli.unmasked_students")));
            }
            let rows = io::export::shifts(&mut app, from, to)?;
            let text = match format {
                Format::Json => json_text(&rows)?,
                Format::Csv => io::export::shifts_csv(&rows),
                Format::Md => io::export::shifts_md(&rows, app.assets().calendar.utc_offset_hours),
            };
            (text, rows.len())
        }
        ExportWhat::Crises => {
            if format != Format::Json {
                return Err(Error::Usage(Msg::new("err.cli.crises_json")));
            }
            let rows = io::crisis_report::export(&mut app)?;
            let text = json_text(&rows)?;
            (text, rows.len())
        }
        ExportWhat::Talks | ExportWhat::ParentContacts | ExportWhat::ClassLedger => {
            if unmasked {
                return Err(Error::Usage(Msg::new("err.cli.unmasked_students")));
            }
            records_export(&mut app, what, format, from, to)?
        }
    };
    match output {
        Some(p) => {
            zhiban::io::write_private(p, text.as_bytes())?;
            out::err_line(&t.msg(&msg!("cli.wrote", n = n, path = p.display())));
        }
        None => out::data(&text)?,
    }
    Ok(())
}

/// Talks, family contacts or the class ledger as JSON or CSV: (text, rows).
fn records_export(
    app: &mut App,
    what: ExportWhat,
    format: Format,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> Result<(String, usize)> {
    use zhiban::io::export::records as x;
    if format == Format::Md {
        return Err(Error::Usage(Msg::new("err.cli.md_shifts")));
    }
    let csv = format == Format::Csv;
    Ok(match what {
        ExportWhat::Talks => {
            let rows = x::talks(app, from, to)?;
            let t = if csv {
                x::talks_csv(&rows)
            } else {
                json_text(&rows)?
            };
            (t, rows.len())
        }
        ExportWhat::ParentContacts => {
            let rows = x::contacts(app, from, to)?;
            let t = if csv {
                x::contacts_csv(&rows)
            } else {
                json_text(&rows)?
            };
            (t, rows.len())
        }
        _ => {
            let rows = x::ledger(app, from, to)?;
            let t = if csv {
                x::ledger_csv(&rows)
            } else {
                json_text(&rows)?
            };
            (t, rows.len())
        }
    })
}
