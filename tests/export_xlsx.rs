//! `export … --format xlsx|md`: every export as an Excel workbook offices
//! open (Chinese headers, a frozen header row, dates as dates, numbers as
//! numbers, masked as the role requires) and as Markdown.

mod common;

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use common::*;

/// The sheets of a workbook file: (name, rows).
fn sheets(path: &std::path::Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let bytes = std::fs::read(path).unwrap();
    let mut x: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    x.sheet_names()
        .into_iter()
        .map(|n| {
            let r = x.worksheet_range(&n).unwrap();
            (n, r.rows().map(|r| r.to_vec()).collect())
        })
        .collect()
}

fn frozen(path: &std::path::Path) -> bool {
    let bytes = std::fs::read(path).unwrap();
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s.contains("state=\"frozen\"")
}

fn col(rows: &[Vec<Data>], header: &str) -> usize {
    rows[0]
        .iter()
        .position(|c| *c == Data::String(header.into()))
        .unwrap_or_else(|| panic!("no column {header}: {:?}", rows[0]))
}

#[test]
fn every_export_is_a_workbook_with_chinese_headers_dates_and_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // (what, who may export it, first sheet, a header, a date column)
    let cases = [
        ("students", "admin", "学生", "学号", None),
        ("patrols", "lina", "查寝", "宿舍楼", Some("开始")),
        ("shifts", "sunpeng", "值班", "值班人", Some("开班")),
        ("talks", "lina", "谈话记录", "谈话类型", Some("谈话时间")),
        (
            "parent-contacts",
            "lina",
            "家长联系",
            "联系对象",
            Some("联系时间"),
        ),
        ("class-ledger", "lina", "班级工作台账", "主题", Some("时间")),
        ("crises", "zhouhui", "个案", "涉及学生", Some("开案时间")),
    ];
    for (what, who, sheet, header, date) in cases {
        let path = dir.path().join(format!("{what}.xlsx"));
        let o = z_as(
            &db,
            NOW,
            who,
            &[
                "export",
                what,
                "--format",
                "xlsx",
                "-o",
                path.to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{what}: {}", err(&o));
        let all = sheets(&path);
        let (name, rows) = &all[0];
        assert_eq!(name, sheet, "{what}");
        col(rows, header);
        assert!(frozen(&path), "{what}: the header row is frozen");
        assert!(rows.len() > 1, "{what}: the demo has records");
        if let Some(d) = date {
            let c = col(rows, d);
            assert!(
                matches!(rows[1][c], Data::DateTime(_)),
                "{what}: {d} is a date: {:?}",
                rows[1][c]
            );
        }
        // ids are numbers, not text
        if what != "students" {
            assert!(
                matches!(rows[1][0], Data::Float(_)),
                "{what}: {:?}",
                rows[1][0]
            );
        }
    }
    // shifts and crises: one sheet per section
    let names: Vec<String> = sheets(&dir.path().join("shifts.xlsx"))
        .into_iter()
        .map(|s| s.0)
        .collect();
    assert_eq!(names, ["值班", "值班记录"]);
}

#[test]
fn a_workbook_is_masked_as_the_csv_is() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let path = dir.path().join("s.xlsx");
    ok(z_as(
        &db,
        NOW,
        "lina",
        &[
            "export",
            "students",
            "--format",
            "xlsx",
            "-o",
            path.to_str().unwrap(),
        ],
    ));
    let all = sheets(&path);
    let rows = &all[0].1;
    let id = col(rows, "身份证号");
    let phone = col(rows, "手机号");
    for r in &rows[1..] {
        for c in [id, phone] {
            let t = r[c].to_string();
            assert!(t.is_empty() || t.contains('*'), "masked: {t}");
        }
    }
    // the export is audit-logged like any other
    let n: i64 = sql(&db)
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'export.students'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn markdown_of_any_export_and_a_workbook_to_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let md = ok(z_as(
        &db,
        NOW,
        "lina",
        &["export", "talks", "--format", "md"],
    ));
    assert!(md.starts_with("# 谈话记录\n"), "{md}");
    assert!(md.contains("| 谈话编号 | 学号 | 姓名 |"), "{md}");
    // standard output is a pipe here: the workbook's bytes are written
    let o = z_as(&db, NOW, "lina", &["export", "talks", "--format", "xlsx"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(o.stdout.starts_with(b"PK"), "a zip file");
    let mut x: Xlsx<_> = open_workbook_from_rs(Cursor::new(o.stdout)).unwrap();
    assert_eq!(x.sheet_names(), ["谈话记录"]);
    assert!(x.worksheet_range("谈话记录").unwrap().rows().count() > 1);
}

/// D4: one sheet builder feeds both: the workbook and the CSV of the same
/// export hold the same headers and the same cells, flags (with level and
/// since) included.
#[test]
fn the_student_workbook_and_csv_hold_the_same_cells() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let x = dir.path().join("s.xlsx");
    let c = dir.path().join("s.csv");
    for (fmt, p) in [("xlsx", &x), ("csv", &c)] {
        ok(z_as(
            &db,
            NOW,
            "lina",
            &[
                "export",
                "students",
                "--format",
                fmt,
                "-o",
                p.to_str().unwrap(),
            ],
        ));
    }
    let book = sheets(&x);
    let rows = &book[0].1;
    let csv = std::fs::read_to_string(&c).unwrap();
    let lines: Vec<Vec<String>> =
        zhiban::io::import::read::parse_csv(csv.trim_start_matches('\u{feff}'))
            .into_iter()
            .map(|(_, cells)| cells)
            .collect();
    assert_eq!(lines.len(), rows.len());
    assert!(lines.len() > 10);
    let flags = col(rows, "标记");
    assert!(
        rows.iter().any(|r| r[flags].to_string().contains('@')),
        "flags carry their since day in the workbook too"
    );
    for (a, b) in rows.iter().zip(&lines) {
        let a: Vec<String> = a.iter().map(|d| d.to_string()).collect();
        assert_eq!(&a, b);
    }
}
