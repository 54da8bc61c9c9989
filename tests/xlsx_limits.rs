//! An `.xlsx` is refused, with a clear message and in little memory, when
//! it unpacks past the stated limit (a zip bomb, whether its headers tell
//! the truth or lie), names more cells or rows than a roster has, or asks
//! for a billion shared texts up front; a 40,000-student roster stays well
//! inside every limit. The workbooks are built here, part by part.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::*;
use zhiban::io::import::xlsx::{self, MAX_CELLS, MAX_ROWS, MAX_UNZIPPED};
use zip::write::SimpleFileOptions;

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// A part of a workbook: its name, and its text as pieces, each written
/// the given number of times (so that a huge part is never in memory).
type Part<'a> = (&'a str, Vec<(&'a [u8], usize)>);

/// Writes an `.xlsx` of one sheet: the package parts, the sheet from
/// `sheet` and any `extra` parts (a `sharedStrings.xml`).
fn workbook(path: &Path, sheet: Vec<(&[u8], usize)>, extra: Vec<Part<'_>>) {
    let types = format!(
        "{HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
</Types>"
    );
    let rels = format!(
        "{HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
</Relationships>"
    );
    let book = format!(
        "{HEAD}<workbook xmlns=\"{MAIN}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
    );
    let book_rels = format!(
        "{HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
</Relationships>"
    );
    let mut parts: Vec<Part<'_>> = vec![
        ("[Content_Types].xml", vec![(types.as_bytes(), 1)]),
        ("_rels/.rels", vec![(rels.as_bytes(), 1)]),
        ("xl/workbook.xml", vec![(book.as_bytes(), 1)]),
        (
            "xl/_rels/workbook.xml.rels",
            vec![(book_rels.as_bytes(), 1)],
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    parts.extend(extra);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, pieces) in parts {
        zip.start_file(name, opts).unwrap();
        for (bytes, times) in pieces {
            for _ in 0..times {
                zip.write_all(bytes).unwrap();
            }
        }
    }
    zip.finish().unwrap();
}

fn sheet_open() -> String {
    format!("{HEAD}<worksheet xmlns=\"{MAIN}\"><sheetData>")
}
const SHEET_CLOSE: &[u8] = b"</sheetData></worksheet>";

/// A roster sheet's rows: a header and one student.
const ROWS: &str = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>学号</t></is></c>\
<c r=\"B1\" t=\"inlineStr\"><is><t>姓名</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>学院</t></is></c></row>\
<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>2023010101</t></is></c>\
<c r=\"B2\" t=\"inlineStr\"><is><t>曾敏</t></is></c><c r=\"C2\" t=\"inlineStr\"><is><t>信息工程学院</t></is></c></row>";

/// 300 MB of one repeated row, compressed to a few hundred kilobytes.
fn bomb(path: &Path) {
    let open = sheet_open();
    let chunk = "<row/>".repeat(1 << 16);
    let times = (300 << 20) / chunk.len();
    workbook(
        path,
        vec![
            (open.as_bytes(), 1),
            (ROWS.as_bytes(), 1),
            (chunk.as_bytes(), times),
            (SHEET_CLOSE, 1),
        ],
        vec![],
    );
}

/// Makes the uncompressed size of every entry in the zip's headers (local
/// and central) claim 1 KB: a bomb that lies about itself.
fn lie_about_sizes(path: &Path) {
    let mut b = std::fs::read(path).unwrap();
    let mut i = 0;
    while i + 46 <= b.len() {
        let sig = u32::from_le_bytes(b[i..i + 4].try_into().unwrap());
        // local header: sizes at 18 (compressed) and 22; central at 20 and 24
        let at = match sig {
            0x0403_4b50 => Some(22),
            0x0201_4b50 => Some(24),
            _ => None,
        };
        if let Some(at) = at
            && b[i + at..i + at + 4] != [0xff; 4]
        {
            b[i + at..i + at + 4].copy_from_slice(&1024u32.to_le_bytes());
        }
        i += 1;
    }
    std::fs::write(path, b).unwrap();
}

/// A database whose administrator is the login running the tests.
fn db(dir: &Path) -> PathBuf {
    let p = dir.join("z.db");
    let me = zhiban::app::identity::os_login().expect("this test needs a passwd entry");
    zhiban::app::Database::create(&p)
        .unwrap()
        .init(clock().as_ref(), &me, "管理员")
        .unwrap();
    p
}

/// Runs `zhiban import students FILE` and returns what it said and the
/// most memory it held (VmHWM, the peak of its resident set, read while it
/// runs: it only grows, so the last reading is the peak up to then).
fn import(db: &Path, file: &Path) -> (Output, u64) {
    let mut child = Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(["--lang", "en", "import", "students"])
        .arg(file)
        .env_remove("ZHIBAN_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0;
    while child.try_wait().unwrap().is_none() {
        let hwm = std::fs::read_to_string(&status)
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            })
            .unwrap_or(0);
        peak_kb = peak_kb.max(hwm);
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    (child.wait_with_output().unwrap(), peak_kb)
}

fn error_of(r: zhiban::error::Result<zhiban::io::import::read::Sheet>) -> String {
    match r {
        Ok(s) => panic!("read {} rows", s.rows.len()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_small_workbook_built_here_reads() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ok.xlsx");
    let open = sheet_open();
    workbook(
        &p,
        vec![(open.as_bytes(), 1), (ROWS.as_bytes(), 1), (SHEET_CLOSE, 1)],
        vec![],
    );
    let s = zhiban::io::import::read::read(&p).unwrap();
    assert_eq!(
        s.rows[1],
        (
            2,
            vec!["2023010101".into(), "曾敏".into(), "信息工程学院".into()]
        )
    );
}

/// The bomb is refused by the real program, quickly and in little memory
/// (the whole sheet held would be 300 MB and more); then the same bomb
/// with headers that claim 1 KB per part is refused too, its parts
/// unpacked no further than their headers say.
#[test]
fn a_zip_bomb_is_refused_in_little_memory_whatever_its_headers_say() {
    let dir = tempfile::tempdir().unwrap();
    let db = db(dir.path());
    let p = dir.path().join("bomb.xlsx");
    bomb(&p);
    let size = std::fs::metadata(&p).unwrap().len();
    assert!(size < 2 << 20, "the bomb is {size} bytes");
    for lying in [false, true] {
        if lying {
            lie_about_sizes(&p);
        }
        let t = std::time::Instant::now();
        let (o, kb) = import(&db, &p);
        eprintln!("lying {lying}: peak {kb} KB in {:?}", t.elapsed());
        assert!(kb < 100 * 1024, "lying {lying}: the import held {kb} KB");
        let e = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "lying {lying}: {e}");
        // a part that unpacks past what its header says is refused as
        // it is read (by the zip reader), before the limit is reached
        let said = e.contains("bomb.xlsx: the workbook unpacks to more than 200 MB")
            && e.contains("save the sheet as CSV");
        let lied = e.contains("bomb.xlsx: cannot read workbook")
            && e.contains("larger than its declared uncompressed size");
        assert!(if lying { lied } else { said }, "lying {lying}: {e}");
        assert!(t.elapsed().as_secs() < 20, "took {:?}", t.elapsed());
    }
    assert_eq!(count(&db, "students"), 0);
}

/// A sheet that names cells far to the right (a billion-cell rectangle to
/// a whole-sheet reader) is refused by its cells as held; a sheet of more
/// rows than the limit by its rows.
#[test]
fn a_sheet_past_the_cell_or_row_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("wide.xlsx");
    let open = sheet_open();
    let far: String = (1..=200)
        .map(|r| {
            format!("<row r=\"{r}\"><c r=\"XFD{r}\" t=\"inlineStr\"><is><t>x</t></is></c></row>")
        })
        .collect();
    let corner = "<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>";
    workbook(
        &p,
        vec![
            (open.as_bytes(), 1),
            (far.as_bytes(), 1),
            (corner.as_bytes(), 1),
            (SHEET_CLOSE, 1),
        ],
        vec![],
    );
    let e = error_of(zhiban::io::import::read::read(&p));
    assert!(
        e.contains(&format!("the first sheet has more than {MAX_CELLS} cells")),
        "{e}"
    );
    let p = dir.path().join("long.xlsx");
    let row = "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>";
    workbook(
        &p,
        vec![
            (open.as_bytes(), 1),
            (row.as_bytes(), MAX_ROWS + 1),
            (SHEET_CLOSE, 1),
        ],
        vec![],
    );
    let e = error_of(zhiban::io::import::read::read(&p));
    assert!(
        e.contains(&format!("the first sheet has more than {MAX_ROWS} rows")),
        "{e}"
    );
}

/// calamine reserves room for `uniqueCount` shared texts before reading
/// one: a workbook asking for two billion is refused first.
#[test]
fn a_workbook_asking_for_billions_of_shared_texts_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("sst.xlsx");
    let open = sheet_open();
    let sst = format!(
        "{HEAD}<x:sst xmlns:x=\"{MAIN}\" count=\"1\" uniqueCount = '2000000000'><x:si><x:t>a</x:t></x:si></x:sst>"
    );
    workbook(
        &p,
        vec![(open.as_bytes(), 1), (ROWS.as_bytes(), 1), (SHEET_CLOSE, 1)],
        vec![("xl/sharedStrings.xml", vec![(sst.as_bytes(), 1)])],
    );
    let e = error_of(zhiban::io::import::read::read(&p));
    assert!(
        e.contains(&format!("more than {MAX_CELLS} shared texts")),
        "{e}"
    );
}

/// A roster of 40,000 students in the 17 columns `zhiban bench` writes,
/// with every student's own number, name, phone, ID number and parent
/// (texts a workbook cannot share), is far inside every limit.
#[test]
fn a_forty_thousand_student_roster_is_well_inside_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("roster.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let headers = zhiban::demo::bench_data::ROSTER_HEADERS;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=40_000u32 {
        let cells = [
            format!("2023{r:07}"),
            format!("欧阳{}", char::from_u32(0x4e00 + r % 20_000).unwrap()),
            ["男", "女"][r as usize % 2].to_string(),
            format!("第{}学院", r % 20),
            format!("专业{}", r % 80),
            format!("班级{}", r % 1_200),
            format!("counsellor{}", r % 200),
            format!("{}号楼", r % 40),
            format!("{}", 100 + r % 600),
            format!("{}", 1 + r % 4),
            format!("138{r:08}"),
            format!("11010120050101{r:04}"),
            format!("家长{r}"),
            format!("139{r:08}"),
            if r % 50 == 0 {
                "黄色预警 2026-10-01"
            } else {
                ""
            }
            .to_string(),
            if r % 70 == 0 { "是" } else { "" }.to_string(),
            if r % 9 == 0 { "一般困难" } else { "" }.to_string(),
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r, c as u16, v).unwrap();
        }
    }
    wb.save(&p).unwrap();
    let bytes = std::fs::read(&p).unwrap();
    let t = std::time::Instant::now();
    xlsx::check(&p, &bytes).unwrap();
    let checked = t.elapsed();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let unzipped: u64 = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().size())
        .sum();
    eprintln!(
        "a 40,000 roster: {} bytes, unpacking to {unzipped}",
        bytes.len()
    );
    assert!(
        unzipped * 4 < MAX_UNZIPPED,
        "a 40,000 roster unpacks to {unzipped} bytes"
    );
    let t = std::time::Instant::now();
    let s = zhiban::io::import::read::read(&p).unwrap();
    eprintln!(
        "checked in {checked:?}; checked and read in {:?}",
        t.elapsed()
    );
    assert_eq!(s.rows.len(), 40_001);
    let cells: usize = s.rows.iter().map(|(_, c)| c.len()).sum();
    assert!(
        cells * 4 < MAX_CELLS && s.rows.len() * 4 < MAX_ROWS,
        "{cells} cells"
    );
}
