//! A report or an export as a *book*: named sheets of typed cells, written
//! as an Excel workbook, as CSV or as Markdown — the same content whatever
//! the format, so a count in the xlsx is the count in the Markdown.
//!
//! The xlsx is laid out as offices expect: Chinese headers in bold on a
//! frozen first row, columns as wide as their text (a Chinese character
//! counts two), one sheet per section, dates as dates and numbers as
//! numbers (so that Excel and WPS can sum and sort them). Every text cell
//! goes through [`safe`](crate::domain::text::safe) first; in an xlsx a
//! string is never read as a formula, and in CSV [`csv_row`] neutralises
//! one.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};
use unicode_width::UnicodeWidthStr;

use crate::domain::text::{CsvCell, csv_header, csv_row, safe};
use crate::error::{Error, Result};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Num(f64),
    /// A share, 0.0–1.0, shown as a percentage ("87%").
    Pct(f64),
    Date(NaiveDate),
    /// A school-local time.
    Time(NaiveDateTime),
}

impl Cell {
    /// The cell as text (CSV, Markdown, widths).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => safe(t).into_owned(),
            Cell::Int(n) => n.to_string(),
            Cell::Num(x) => {
                let s = format!("{x:.2}");
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            }
            Cell::Pct(x) => format!("{:.0}%", x * 100.0),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Time(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<&String> for Cell {
    fn from(s: &String) -> Self {
        Cell::Text(s.clone())
    }
}
impl From<Option<String>> for Cell {
    fn from(s: Option<String>) -> Self {
        s.map_or(Cell::Empty, Cell::Text)
    }
}
impl From<&Option<String>> for Cell {
    fn from(s: &Option<String>) -> Self {
        s.as_ref().map_or(Cell::Empty, |s| Cell::Text(s.clone()))
    }
}
impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}
impl From<usize> for Cell {
    fn from(n: usize) -> Self {
        i64::try_from(n).map_or(Cell::Empty, Cell::Int)
    }
}
impl From<Option<i64>> for Cell {
    fn from(n: Option<i64>) -> Self {
        n.map_or(Cell::Empty, Cell::Int)
    }
}
impl From<NaiveDate> for Cell {
    fn from(d: NaiveDate) -> Self {
        Cell::Date(d)
    }
}

/// One sheet: a section of a report, or a whole export.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// The sheet's tab (at most 31 characters in Excel; cut if longer).
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// A line printed under the section's title (Markdown only): what the
    /// figures count, or "none this month".
    pub note: Option<String>,
}

impl Sheet {
    pub fn new(name: impl Into<String>, headers: &[&str]) -> Sheet {
        Sheet {
            name: name.into(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            note: None,
        }
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }
}

/// A report or export: a title and its sheets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Book {
    pub title: String,
    pub sheets: Vec<Sheet>,
}

/// Excel's limit on a cell's text.
const CELL_MAX: usize = 32_767;
/// The widest a column is made, in Excel's character units.
const WIDTH_MAX: usize = 60;

fn xlsx_failed(e: XlsxError) -> Error {
    Error::Usage(crate::msg!("err.export.xlsx", detail = e))
}

/// A sheet name Excel accepts: no `[]:*?/\`, not empty, at most 31
/// characters, not the same as an earlier one.
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = safe(name)
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = if clean.is_empty() { "Sheet" } else { clean }
        .chars()
        .take(31)
        .collect();
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        let tail = format!(" ({n})");
        let keep = 31 - tail.chars().count();
        name = base.chars().take(keep).collect::<String>() + &tail;
        n += 1;
    }
    name
}

impl Book {
    pub fn new(title: impl Into<String>) -> Book {
        Book {
            title: title.into(),
            sheets: Vec::new(),
        }
    }

    /// The workbook's bytes.
    pub fn to_xlsx(&self) -> Result<Vec<u8>> {
        let mut wb = Workbook::new();
        let head = Format::new()
            .set_bold()
            .set_border_bottom(FormatBorder::Thin);
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let time = Format::new().set_num_format("yyyy-mm-dd hh:mm");
        let pct = Format::new().set_num_format("0%");
        let num = Format::new().set_num_format("0.##");
        let text = Format::new();
        let mut taken: Vec<String> = Vec::new();
        // a book with no sheets is still a workbook Excel opens
        let empty;
        let sheets: Vec<&Sheet> = if self.sheets.is_empty() {
            empty = Sheet::new(&self.title, &[]);
            vec![&empty]
        } else {
            self.sheets.iter().collect()
        };
        for s in sheets {
            let ws = wb.add_worksheet();
            let name = sheet_name(&s.name, &taken);
            ws.set_name(&name).map_err(xlsx_failed)?;
            taken.push(name);
            let mut widths: Vec<usize> = s.headers.iter().map(|h| h.width()).collect();
            for (c, h) in s.headers.iter().enumerate() {
                ws.write_string_with_format(0, c as u16, safe(h).as_ref(), &head)
                    .map_err(xlsx_failed)?;
            }
            for (r, row) in s.rows.iter().enumerate() {
                let r = r as u32 + 1;
                for (c, cell) in row.iter().enumerate() {
                    let col = c as u16;
                    match cell {
                        Cell::Empty => {}
                        Cell::Text(t) => {
                            let t: String = safe(t).chars().take(CELL_MAX).collect();
                            ws.write_string_with_format(r, col, &t, &text)
                                .map_err(xlsx_failed)?;
                        }
                        Cell::Int(n) => {
                            ws.write_number_with_format(r, col, *n as f64, &text)
                                .map_err(xlsx_failed)?;
                        }
                        Cell::Num(x) => {
                            ws.write_number_with_format(r, col, *x, &num)
                                .map_err(xlsx_failed)?;
                        }
                        Cell::Pct(x) => {
                            ws.write_number_with_format(r, col, *x, &pct)
                                .map_err(xlsx_failed)?;
                        }
                        Cell::Date(d) => {
                            let x = excel_date(*d)?;
                            ws.write_datetime_with_format(r, col, &x, &date)
                                .map_err(xlsx_failed)?;
                        }
                        Cell::Time(t) => {
                            let x = excel_date(t.date())?
                                .and_hms(t.hour() as u16, t.minute() as u8, t.second())
                                .map_err(xlsx_failed)?;
                            ws.write_datetime_with_format(r, col, &x, &time)
                                .map_err(xlsx_failed)?;
                        }
                    }
                    let w = cell
                        .text()
                        .lines()
                        .map(UnicodeWidthStr::width)
                        .max()
                        .unwrap_or(0);
                    if widths.len() <= c {
                        widths.resize(c + 1, 0);
                    }
                    widths[c] = widths[c].max(w);
                }
            }
            for (c, w) in widths.iter().enumerate() {
                let w = (*w + 2).clamp(6, WIDTH_MAX);
                ws.set_column_width(c as u16, w as f64)
                    .map_err(xlsx_failed)?;
            }
            if !s.headers.is_empty() {
                ws.set_freeze_panes(1, 0).map_err(xlsx_failed)?;
            }
        }
        wb.save_to_buffer().map_err(xlsx_failed)
    }

    /// CSV (UTF-8 with the byte-order mark Excel needs). One sheet: its
    /// header and rows. Several: each under a line with its name, with an
    /// empty line between.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let many = self.sheets.len() > 1;
        for (i, s) in self.sheets.iter().enumerate() {
            let headers: Vec<&str> = s.headers.iter().map(String::as_str).collect();
            if i > 0 {
                out.push_str("\r\n");
            }
            if many {
                let title = csv_row(&[CsvCell::from(s.name.as_str())]);
                if i == 0 {
                    out.push('\u{feff}');
                }
                out.push_str(&title);
                out.push_str(&csv_row(
                    &headers
                        .iter()
                        .map(|&h| CsvCell::from(h))
                        .collect::<Vec<_>>(),
                ));
            } else {
                out.push_str(&csv_header(&headers));
            }
            for row in &s.rows {
                let cells: Vec<CsvCell> = row
                    .iter()
                    .map(|c| match c {
                        Cell::Int(n) => CsvCell::from(*n),
                        Cell::Empty => CsvCell::Number(None),
                        other => CsvCell::from(other.text()),
                    })
                    .collect();
                out.push_str(&csv_row(&cells));
            }
        }
        if self.sheets.is_empty() {
            out.push('\u{feff}');
        }
        out
    }

    /// Markdown ready to paste or print: the title, then each sheet as a
    /// section with its note and a table.
    pub fn to_md(&self) -> String {
        let mut out = format!("# {}\n", md_text(&self.title));
        for s in &self.sheets {
            out.push_str(&format!("\n## {}\n\n", md_text(&s.name)));
            if let Some(n) = &s.note {
                out.push_str(&md_text(n));
                out.push_str("\n\n");
            }
            if s.headers.is_empty() {
                continue;
            }
            let row = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
            out.push_str(&row(s.headers.iter().map(|h| md_cell(h)).collect()));
            out.push_str(&row(s
                .headers
                .iter()
                .enumerate()
                .map(|(c, _)| {
                    let numeric = s.rows.iter().all(|r| {
                        matches!(
                            r.get(c),
                            None | Some(Cell::Empty | Cell::Int(_) | Cell::Num(_) | Cell::Pct(_))
                        )
                    });
                    if numeric && !s.rows.is_empty() {
                        "---:".to_string()
                    } else {
                        "---".to_string()
                    }
                })
                .collect()));
            for r in &s.rows {
                let mut cells: Vec<String> = r.iter().map(|c| md_cell(&c.text())).collect();
                cells.resize(s.headers.len().max(cells.len()), String::new());
                out.push_str(&row(cells));
            }
        }
        out
    }
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime> {
    let y = u16::try_from(d.year()).map_err(|_| {
        Error::Usage(crate::msg!(
            "err.export.xlsx",
            detail = d.format("%Y-%m-%d")
        ))
    })?;
    ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).map_err(xlsx_failed)
}

/// Text for Markdown prose: one line, controls removed.
fn md_text(s: &str) -> String {
    safe(s).replace(['\r', '\n'], " ")
}

/// Text for a Markdown table cell: `|` escaped, line breaks as `<br>`.
fn md_cell(s: &str) -> String {
    safe(s)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>")
}

#[cfg(test)]
#[path = "book_tests.rs"]
mod tests;
