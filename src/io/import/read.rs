//! Reading a roster file into rows of text: CSV in UTF-8 (with or without
//! BOM), UTF-16 or GBK/GB18030 (what Excel in China saves), and `.xlsx` /
//! `.xls` / `.ods` (the first sheet).

use std::collections::HashSet;
use std::path::Path;

use calamine::{Data, Ods, Reader, Sheets, Xls};

use crate::domain::text::normalize_cell_in_place;
use crate::error::{Error, Msg, Problem, Result};

/// Rows of a file, each with its row number as a person sees it (the line
/// in a text editor, the row in Excel; 1-based).
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub rows: Vec<(usize, Vec<String>)>,
    /// Cells Excel held as numbers too large to keep every digit
    /// (row number, column index): an ID number typed as a number.
    pub imprecise: HashSet<(usize, usize)>,
    /// How the text was decoded, for the report.
    pub encoding: &'static str,
}

pub fn read(path: &Path) -> Result<Sheet> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" => super::xlsx::read(path),
        "xls" => read_workbook(path, false),
        "ods" => read_workbook(path, true),
        "csv" | "txt" | "tsv" => {
            let bytes = std::fs::read(path).map_err(|e| {
                Error::Usage(crate::msg!(
                    "err.config.read",
                    path = path.display(),
                    detail = e
                ))
            })?;
            let (text, encoding) = decode(&bytes)
                .map_err(|m| Error::in_file(path.display().to_string(), Problem::at(0, m)))?;
            Ok(Sheet {
                rows: parse_csv(&text),
                imprecise: HashSet::new(),
                encoding,
            })
        }
        _ => Err(Error::Usage(crate::msg!(
            "err.import.file_type",
            path = path.display(),
            ext = ext
        ))),
    }
}

/// Decodes bytes: a BOM decides; else valid UTF-8 is UTF-8; else GB18030
/// (a superset of GBK and GB2312).
pub fn decode(bytes: &[u8]) -> std::result::Result<(String, &'static str), Msg> {
    if let Some(rest) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return String::from_utf8(rest.to_vec())
            .map(|s| (s, "UTF-8 (BOM)"))
            .map_err(|_| Msg::new("err.import.enc_bom"));
    }
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        let enc = if bytes[0] == 0xff {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, _, bad) = enc.decode(bytes);
        if bad {
            return Err(Msg::new("err.import.enc_utf16"));
        }
        return Ok((text.into_owned(), "UTF-16"));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), "UTF-8"));
    }
    let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
    if bad {
        return Err(Msg::new("err.import.enc_unknown"));
    }
    Ok((text.into_owned(), "GBK/GB18030"))
}

/// The delimiter of the first line: tab, semicolon or comma.
fn delimiter(text: &str) -> char {
    let first = text.lines().next().unwrap_or("");
    let count = |c| first.matches(c).count();
    [',', '\t', ';']
        .into_iter()
        .max_by_key(|c| (count(*c), *c == ','))
        .unwrap_or(',')
}

/// RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes.
/// Each record keeps the line it starts on.
pub fn parse_csv(text: &str) -> Vec<(usize, Vec<String>)> {
    let delim = delimiter(text);
    let mut rows = Vec::new();
    let mut field = String::new();
    let mut record: Vec<String> = Vec::new();
    let mut in_quotes = false;
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                in_quotes = true;
                at_field_start = false;
            }
            c if c == delim => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                rows.push((record_line, std::mem::take(&mut record)));
                line += 1;
                record_line = line;
                at_field_start = true;
            }
            _ => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        rows.push((record_line, record));
    }
    rows
}

/// `.xls` and `.ods` through calamine's whole-sheet reader, within the
/// same limits as `.xlsx` ([`super::xlsx`]): the file's size, what an
/// `.ods` unpacks to, and the cells of the sheet.
fn read_workbook(path: &Path, ods: bool) -> Result<Sheet> {
    let bytes = super::xlsx::file_bytes(path)?;
    if ods {
        super::xlsx::check(path, &bytes)?;
    }
    let workbook_error = |e: calamine::Error| {
        Error::Data(crate::msg!(
            "err.import.workbook",
            path = path.display(),
            detail = e
        ))
    };
    let data = std::io::Cursor::new(bytes);
    let mut wb = if ods {
        Sheets::Ods(Ods::new(data).map_err(|e| workbook_error(e.into()))?)
    } else {
        Sheets::Xls(Xls::new(data).map_err(|e| workbook_error(e.into()))?)
    };
    let range = wb
        .worksheet_range_at(0)
        .ok_or_else(|| Error::Data(crate::msg!("err.import.no_sheet", path = path.display())))?
        .map_err(|e| {
            Error::Data(crate::msg!(
                "err.import.sheet",
                path = path.display(),
                detail = e
            ))
        })?;
    let (h, w) = range.get_size();
    if h.saturating_mul(w) > super::xlsx::MAX_CELLS {
        return Err(Error::Data(crate::msg!(
            "err.import.cells",
            path = path.display(),
            limit = super::xlsx::MAX_CELLS
        )));
    }
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut sheet = Sheet {
        encoding: "xlsx",
        ..Sheet::default()
    };
    for (i, row) in range.rows().enumerate() {
        let row_no = row0 as usize + i + 1;
        let mut cells = vec![String::new(); col0 as usize];
        for (j, cell) in row.iter().enumerate() {
            let (text, exact) = cell_text(cell);
            if !exact {
                sheet.imprecise.insert((row_no, col0 as usize + j));
            }
            cells.push(text);
        }
        sheet.rows.push((row_no, cells));
    }
    Ok(sheet)
}

/// A cell as text, and whether every digit of it is kept (false: Excel held
/// a number too large to keep every digit — an ID number typed as a
/// number).
pub(super) fn cell_text(cell: &Data) -> (String, bool) {
    let text = match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 {
                // past 2^53 a float no longer holds every digit
                return (format!("{f:.0}"), f.abs() < 1e15);
            }
            f.to_string()
        }
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(dt) => {
            let (y, m, d, h, mi, ..) = dt.to_ymd_hms_milli();
            if (h, mi) == (0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}")
            }
        }
        Data::Error(e) => format!("#ERROR {e:?}"),
    };
    (text, true)
}

/// Normalises every cell (full-width to half-width, trimmed) and drops
/// rows with no content.
pub fn clean(sheet: &mut Sheet) {
    for (_, cells) in sheet.rows.iter_mut() {
        for c in cells.iter_mut() {
            normalize_cell_in_place(c);
        }
    }
    sheet
        .rows
        .retain(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_newlines_and_line_numbers() {
        let rows = parse_csv("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",z\r\n3,,\n");
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows[1],
            (2, vec!["1".into(), "x, y".into(), "say \"hi\"".into()])
        );
        assert_eq!(
            rows[2],
            (3, vec!["2".into(), "two\nlines".into(), "z".into()])
        );
        assert_eq!(rows[3].0, 5, "row numbers follow physical lines");
        assert_eq!(rows[3].1, vec!["3", "", ""]);
    }

    #[test]
    fn csv_tab_and_no_trailing_newline() {
        let rows = parse_csv("学号\t姓名\n1\t张三");
        assert_eq!(rows[1].1, vec!["1", "张三"]);
    }

    #[test]
    fn encodings_are_detected() {
        let text = "学号,姓名\n1,曾敏\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode(&gbk).unwrap(), (text.to_string(), "GBK/GB18030"));
        let mut bom = vec![0xef, 0xbb, 0xbf];
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom).unwrap().0, text);
        assert_eq!(decode(text.as_bytes()).unwrap().1, "UTF-8");
        let mut utf16 = vec![0xff, 0xfe];
        for u in text.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&utf16).unwrap().0, text);
    }
}
