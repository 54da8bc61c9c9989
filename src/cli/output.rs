//! Where a command's records go, and in what form: the one `--format`
//! enum every command takes (each offering the forms it can write), and
//! the one sink that sends what a command prints to standard output or,
//! with `-o FILE`, to a file written whole at the end (see
//! [`zhiban::io::write_private`]: only its writer reads it, and it never
//! appears half-written).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use clap::builder::{PossibleValuesParser, TypedValueParser};

use zhiban::config::Catalog;
use zhiban::domain::text::safe;
use zhiban::error::{Error, Msg, Result};
use zhiban::io::book::Book;
use zhiban::msg;

use crate::out;

/// Every form a command writes records in.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Lines to read in a terminal
    Text,
    Json,
    /// CSV (UTF-8 with BOM)
    Csv,
    /// Markdown ready to paste or print
    Md,
    /// An Excel workbook (Chinese headers, one sheet per section); needs
    /// -o unless standard output is a file or a pipe
    Xlsx,
}

/// A listing: lines, or JSON.
pub const LIST: &[Format] = &[Format::Text, Format::Json];
/// A report book: Markdown, CSV or a workbook.
pub const BOOK: &[Format] = &[Format::Md, Format::Csv, Format::Xlsx];
/// A Markdown document only (a crisis case's report).
pub const MD: &[Format] = &[Format::Md];
/// Records exported: JSON, CSV, Markdown or a workbook.
pub const EXPORT: &[Format] = &[Format::Json, Format::Csv, Format::Md, Format::Xlsx];

/// The `--format` parser of a command offering `allowed` (its help lists
/// just those).
pub fn formats(allowed: &'static [Format]) -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(allowed.iter().filter_map(|f| f.to_possible_value()))
        .map(|s| Format::from_str(&s, true).unwrap_or(Format::Text))
}

/// `-o FILE`, for a command that writes records as lines.
#[derive(clap::Args, Debug, Clone)]
pub struct To {
    /// Write to this file instead of standard output
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// `--format text|json` and `-o FILE`, for a listing.
#[derive(clap::Args, Debug, Clone)]
pub struct ListArgs {
    #[arg(long, default_value = "text", value_parser = formats(LIST))]
    pub format: Format,
    /// Write to this file instead of standard output
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// A workbook is bytes no terminal can show: refused unless it goes to a
/// file (`-o`) or a pipe.
pub fn refuse_xlsx_on_terminal(format: Format, file: Option<&Path>) -> Result<()> {
    if format == Format::Xlsx && file.is_none() && std::io::stdout().is_terminal() {
        return Err(Error::Usage(Msg::new("err.cli.xlsx_terminal")));
    }
    Ok(())
}

/// What a command prints: straight to standard output, or, with `-o FILE`,
/// gathered and written to the file whole by [`Sink::finish`] (nothing is
/// written when the command fails before it).
pub struct Sink<'a> {
    t: &'a Catalog,
    file: Option<&'a Path>,
    buf: Vec<u8>,
    records: Option<usize>,
}

impl<'a> Sink<'a> {
    pub fn new(t: &'a Catalog, file: Option<&'a Path>) -> Sink<'a> {
        Sink {
            t,
            file,
            buf: Vec::new(),
            records: None,
        }
    }

    /// Whether this goes to a file.
    pub fn to_file(&self) -> bool {
        self.file.is_some()
    }

    /// One line, made safe.
    pub fn line(&mut self, s: &str) {
        match self.file {
            Some(_) => {
                self.buf.extend_from_slice(safe(s).as_bytes());
                self.buf.push(b'\n');
            }
            None => out::line(s),
        }
    }

    /// One line worded from the catalogue.
    pub fn say(&mut self, m: Msg) {
        let s = self.t.msg(&m);
        self.line(&s);
    }

    /// Text as it is laid out (a report), made safe.
    pub fn text(&mut self, s: &str) {
        match self.file {
            Some(_) => self.buf.extend_from_slice(safe(s).as_bytes()),
            None => out::text(s),
        }
    }

    /// Bytes already encoded by the library (JSON, CSV, a workbook), as
    /// they are.
    pub fn bytes(&mut self, b: &[u8]) -> Result<()> {
        match self.file {
            Some(_) => self.buf.extend_from_slice(b),
            None => out::bytes(b)?,
        }
        Ok(())
    }

    /// A book in `format` (Markdown as text; CSV and xlsx as bytes).
    pub fn book(&mut self, book: &Book, format: Format) -> Result<()> {
        match format {
            Format::Xlsx => self.bytes(&book.to_xlsx()?),
            Format::Csv => self.bytes(book.to_csv().as_bytes()),
            _ => {
                self.text(&book.to_md());
                Ok(())
            }
        }
    }

    /// How many records were written (said when the file is written).
    pub fn records(&mut self, n: usize) {
        self.records = Some(n);
    }

    /// Writes the file (when there is one) and says so on standard error.
    pub fn finish(self) -> Result<()> {
        let Some(p) = self.file else {
            return Ok(());
        };
        zhiban::io::write_private(p, &self.buf)?;
        let m = match self.records {
            Some(n) => msg!("cli.wrote", n = n, path = p.display()),
            None => msg!("cli.report.wrote", path = p.display()),
        };
        out::err_line(&self.t.msg(&m));
        Ok(())
    }
}
