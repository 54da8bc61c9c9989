//! Reading an `.xlsx` within stated limits. A workbook is a zip of XML: a
//! few megabytes can unpack to gigabytes (a zip bomb), name a sheet of
//! a billion cells, or ask for a billion shared texts up front. So before
//! calamine parses anything, every part is unpacked once, counting the bytes
//! it really gives (the sizes in the zip's headers can lie) and stopping at
//! the limit; the parts calamine keeps whole in memory (shared texts,
//! styles, the workbook) have their elements counted as well. The first
//! sheet is then read cell by cell — never as one dense rectangle — with
//! its rows and cells counted as they come.
//!
//! The sizes in the headers are checked first (a bomb that admits its size
//! costs nothing); a part that unpacks past what its header says is
//! refused by the zip reader as it is read, and the count here stops at the
//! limit whatever the headers say.
//!
//! The limits are far above any roster: a 40,000-student roster in the 17
//! columns `zhiban bench` writes is a 3 MB file that unpacks to 27 MB (an
//! eighth of [`MAX_UNZIPPED`]), 680,000 cells (under a quarter of
//! [`MAX_CELLS`]) in 40,001 rows (a fifth of [`MAX_ROWS`]).

use std::collections::BTreeMap;
use std::collections::HashSet;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, DataRef, Reader, Xlsx};
use zip::ZipArchive;

use super::read::{Sheet, cell_text};
use crate::error::{Error, Msg, Result};

const MB: u64 = 1024 * 1024;
/// The largest workbook file read (it is held in memory while read).
pub const MAX_FILE: u64 = 100 * MB;
/// What all the parts of a workbook may unpack to, together.
pub const MAX_UNZIPPED: u64 = 200 * MB;
/// Files inside the zip.
pub const MAX_ENTRIES: usize = 10_000;
/// Cells of the first sheet, counted as held: every cell up to the last
/// with content in its row (so one cell far to the right counts its row's
/// width). Also the most shared texts a workbook may declare or hold.
pub const MAX_CELLS: usize = 3_000_000;
/// Rows with content in the first sheet.
pub const MAX_ROWS: usize = 200_000;
/// Elements in any other XML part calamine reads whole (styles, the
/// workbook, relationships, theme): Excel's own limit of 64,000 cell
/// formats takes fewer.
pub const MAX_ELEMENTS: usize = 500_000;

fn shown(path: &Path) -> String {
    path.display().to_string()
}

fn refuse(m: Msg) -> Error {
    Error::Data(m)
}

fn workbook_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Data(crate::msg!(
        "err.import.workbook",
        path = path.display(),
        detail = e
    ))
}

/// The bytes of a workbook file, refused past [`MAX_FILE`].
pub fn file_bytes(path: &Path) -> Result<Vec<u8>> {
    let len = std::fs::metadata(path)
        .map_err(|e| {
            Error::Usage(crate::msg!(
                "err.config.read",
                path = path.display(),
                detail = e
            ))
        })?
        .len();
    if len > MAX_FILE {
        return Err(refuse(crate::msg!(
            "err.import.too_large",
            path = shown(path),
            size = len.div_ceil(MB),
            limit = MAX_FILE / MB
        )));
    }
    std::fs::read(path).map_err(|e| {
        Error::Usage(crate::msg!(
            "err.config.read",
            path = path.display(),
            detail = e
        ))
    })
}

/// Counts the start tags of an XML text read in pieces, by local name
/// (`x:si` counts as `si`), and the `uniqueCount` of a `<sst>`; in
/// constant memory whatever the input. It over-counts rather than under
/// (a tag written inside a comment counts), which only makes a limit
/// reached sooner.
#[derive(Default)]
struct TagCount {
    state: u8,
    name: Vec<u8>,
    attrs: Vec<u8>,
    elements: usize,
    si: usize,
    unique_count: Option<u128>,
}

const TEXT: u8 = 0;
const LT: u8 = 1;
const NAME: u8 = 2;
const SST_ATTRS: u8 = 3;

impl TagCount {
    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            match self.state {
                TEXT => {
                    if b == b'<' {
                        self.state = LT;
                    }
                }
                LT => {
                    if matches!(b, b'/' | b'?' | b'!') {
                        self.state = TEXT;
                    } else {
                        self.name.clear();
                        self.name.push(b);
                        self.state = NAME;
                    }
                }
                NAME => {
                    if b.is_ascii_whitespace() || b == b'>' || b == b'/' {
                        self.end_name(b);
                    } else if self.name.len() < 64 {
                        self.name.push(b);
                    }
                }
                _ => {
                    if b == b'>' || self.attrs.len() >= 4096 {
                        self.unique_count = unique_count(&self.attrs);
                        self.state = TEXT;
                    } else {
                        self.attrs.push(b);
                    }
                }
            }
        }
    }

    fn end_name(&mut self, b: u8) {
        self.elements += 1;
        let local = match self.name.iter().rposition(|&c| c == b':') {
            Some(i) => &self.name[i + 1..],
            None => &self.name[..],
        };
        if local == b"si" {
            self.si += 1;
        }
        if local == b"sst" && b != b'>' {
            self.attrs.clear();
            self.state = SST_ATTRS;
        } else {
            self.state = TEXT;
        }
    }
}

/// The value of `uniqueCount="…"` in the attributes of `<sst>` (leading
/// zeros dropped; a number too long to hold counts as huge).
fn unique_count(attrs: &[u8]) -> Option<u128> {
    let text = String::from_utf8_lossy(attrs);
    let at = text.find("uniqueCount")?;
    let rest = text[at + "uniqueCount".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let digits: String = rest
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let digits = digits.trim_start_matches('0');
    if digits.len() > 30 {
        return Some(u128::MAX);
    }
    Some(digits.parse().unwrap_or(0))
}

/// Unpacks every part of the workbook once, within the limits; refuses a
/// workbook past any of them.
pub fn check(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| workbook_error(path, e))?;
    let too_many = |limit: usize, what: &str| {
        refuse(
            crate::msg!("err.import.parts", path = shown(path), limit = limit)
                .label("what", what.to_string()),
        )
    };
    if zip.len() > MAX_ENTRIES {
        return Err(too_many(MAX_ENTRIES, "err.import.what_entries"));
    }
    let unzipped = || {
        refuse(crate::msg!(
            "err.import.unzipped",
            path = shown(path),
            limit = MAX_UNZIPPED / MB
        ))
    };
    // what the headers say first: a bomb that admits its size costs nothing
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|e| workbook_error(path, e))?;
        declared = declared.saturating_add(f.size());
    }
    if declared > MAX_UNZIPPED {
        return Err(unzipped());
    }
    // then what the parts really unpack to
    let mut left = MAX_UNZIPPED;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(|e| workbook_error(path, e))?;
        let lower = f
            .name()
            .map_err(|e| workbook_error(path, e))?
            .to_ascii_lowercase();
        let counted =
            (lower.ends_with(".xml") || lower.ends_with(".rels")) && !lower.contains("worksheets/");
        let shared = lower.ends_with("sharedstrings.xml");
        let mut tags = TagCount::default();
        let mut part = f.take(left + 1);
        loop {
            let n = part.read(&mut buf).map_err(|e| workbook_error(path, e))?;
            if n == 0 {
                break;
            }
            if n as u64 > left {
                return Err(unzipped());
            }
            left -= n as u64;
            if counted {
                tags.feed(&buf[..n]);
                if shared && tags.si > MAX_CELLS {
                    return Err(too_many(MAX_CELLS, "err.import.what_strings"));
                }
                if !shared && tags.elements > MAX_ELEMENTS {
                    return Err(too_many(MAX_ELEMENTS, "err.import.what_elements"));
                }
            }
        }
        if shared && tags.unique_count.is_some_and(|n| n > MAX_CELLS as u128) {
            return Err(too_many(MAX_CELLS, "err.import.what_strings"));
        }
    }
    Ok(())
}

/// The first sheet of an `.xlsx` file, within the limits above.
pub fn read(path: &Path) -> Result<Sheet> {
    let bytes = file_bytes(path)?;
    check(path, &bytes)?;
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| workbook_error(path, e))?;
    let name =
        wb.sheet_names().first().cloned().ok_or_else(|| {
            Error::Data(crate::msg!("err.import.no_sheet", path = path.display()))
        })?;
    let sheet_error = |e: calamine::XlsxError| {
        Error::Data(crate::msg!(
            "err.import.sheet",
            path = path.display(),
            detail = e
        ))
    };
    let mut cells = wb.worksheet_cells_reader(&name).map_err(sheet_error)?;
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let mut imprecise = HashSet::new();
    let mut held = 0usize;
    while let Some(cell) = cells.next_cell().map_err(sheet_error)? {
        let (r, c) = cell.get_position();
        // text cells (most of a roster) straight from the shared texts,
        // without first becoming a `Data`
        let (text, exact) = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::SharedString(s) => (s.to_string(), true),
            DataRef::String(s) => (s.clone(), true),
            other => cell_text(&Data::from(other.clone())),
        };
        let (row_no, col) = (r as usize + 1, c as usize);
        if !rows.contains_key(&r) && rows.len() >= MAX_ROWS {
            return Err(refuse(crate::msg!(
                "err.import.rows",
                path = shown(path),
                limit = MAX_ROWS
            )));
        }
        let row = rows.entry(r).or_default();
        if col >= row.len() {
            held += col + 1 - row.len();
            if held > MAX_CELLS {
                return Err(refuse(crate::msg!(
                    "err.import.cells",
                    path = shown(path),
                    limit = MAX_CELLS
                )));
            }
            row.resize(col + 1, String::new());
        }
        if !exact {
            imprecise.insert((row_no, col));
        }
        row[col] = text;
    }
    Ok(Sheet {
        rows: rows
            .into_iter()
            .map(|(r, cells)| (r as usize + 1, cells))
            .collect(),
        imprecise,
        encoding: "xlsx",
    })
}
