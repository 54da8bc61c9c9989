//! `zhiban export …`: records as JSON, CSV, Markdown (the paper form for
//! shifts) or an Excel workbook, to standard output or (`-o`) a file only
//! its writer reads.

use std::path::Path;

use super::output::{Format, Sink, refuse_xlsx_on_terminal};
use super::{ExportWhat, json_text, session};
use zhiban::app::App;
use zhiban::config::Catalog;
use zhiban::error::{Error, Msg, Result};
use zhiban::io;

/// What an export writes: text, or the bytes of a workbook.
enum Written {
    Text(String),
    Xlsx(Vec<u8>),
}

/// A book in the chosen format (JSON is written by the caller).
fn book_in(format: Format, book: &io::book::Book) -> Result<Written> {
    Ok(match format {
        Format::Xlsx => Written::Xlsx(book.to_xlsx()?),
        Format::Md => Written::Text(book.to_md()),
        _ => Written::Text(book.to_csv()),
    })
}

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
    use io::export::books;
    refuse_xlsx_on_terminal(format, output)?;
    let mut app = session(cli)?;
    let offset = app.assets().calendar.utc_offset_hours;
    if unmasked && !matches!(what, ExportWhat::Students) {
        return Err(Error::Usage(Msg::new("err.cli.unmasked_students")));
    }
    let (written, n) = match what {
        ExportWhat::Students => {
            let rows = io::export::students(&mut app, unmasked)?;
            let w = match format {
                Format::Json => Written::Text(json_text(&rows)?),
                Format::Csv => Written::Text(io::export::to_csv(&rows)),
                _ => book_in(format, &books::students(&rows))?,
            };
            (w, rows.len())
        }
        ExportWhat::Patrols => {
            let rows = io::export::patrols(&mut app, from, to)?;
            let w = match format {
                Format::Json => Written::Text(json_text(&rows)?),
                Format::Csv => Written::Text(io::export::patrols_csv(&rows)),
                _ => book_in(format, &books::patrols(&rows, offset))?,
            };
            (w, rows.len())
        }
        ExportWhat::Shifts => {
            let rows = io::export::shifts(&mut app, from, to)?;
            let w = match format {
                Format::Json => Written::Text(json_text(&rows)?),
                Format::Csv => Written::Text(io::export::shifts_csv(&rows)),
                // the paper 值班记录表
                Format::Md => Written::Text(io::export::shifts_md(&rows, offset)),
                _ => book_in(format, &books::shifts(&rows, offset))?,
            };
            (w, rows.len())
        }
        ExportWhat::Crises => {
            let rows = io::crisis_report::export(&mut app)?;
            let w = match format {
                Format::Json => Written::Text(json_text(&rows)?),
                _ => book_in(format, &books::crises(&rows, offset))?,
            };
            (w, rows.len())
        }
        ExportWhat::Talks | ExportWhat::ParentContacts | ExportWhat::ClassLedger => {
            records_export(&mut app, what, format, from, to)?
        }
    };
    let mut sink = Sink::new(t, output);
    sink.records(n);
    match &written {
        Written::Text(s) => sink.bytes(s.as_bytes())?,
        Written::Xlsx(b) => sink.bytes(b)?,
    }
    sink.finish()
}

/// Talks, family contacts or the class ledger: (what is written, rows).
fn records_export(
    app: &mut App,
    what: ExportWhat,
    format: Format,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> Result<(Written, usize)> {
    use zhiban::io::export::{books, records as x};
    let offset = app.assets().calendar.utc_offset_hours;
    Ok(match what {
        ExportWhat::Talks => {
            let rows = x::talks(app, from, to)?;
            let w = match format {
                Format::Json => Written::Text(json_text(&rows)?),
                Format::Csv => Written::Text(x::talks_csv(&rows)),
                _ => book_in(format, &books::talks(&rows, offset))?,
            };
            (w, rows.len())
        }
        ExportWhat::ParentContacts => {
            let rows = x::contacts(app, from, to)?;
            let w = match format {
                Format::Json => Written::Text(json_text(&rows)?),
                Format::Csv => Written::Text(x::contacts_csv(&rows)),
                _ => book_in(format, &books::contacts(&rows, offset))?,
            };
            (w, rows.len())
        }
        _ => {
            let rows = x::ledger(app, from, to)?;
            let w = match format {
                Format::Json => Written::Text(json_text(&rows)?),
                Format::Csv => Written::Text(x::ledger_csv(&rows)),
                _ => book_in(format, &books::ledger(&rows, offset))?,
            };
            (w, rows.len())
        }
    })
}
