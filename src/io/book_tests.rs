use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

use super::*;

fn sample() -> Book {
    let mut b = Book::new("计算机学院 周报 2026-W47");
    let mut talks = Sheet::new("谈话", &["日期", "学生", "次数", "完成率", "记录时间"]);
    talks.row(vec![
        Cell::Date(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()),
        "曾敏".into(),
        Cell::Int(3),
        Cell::Pct(0.875),
        Cell::Time(
            NaiveDate::from_ymd_opt(2026, 11, 20)
                .unwrap()
                .and_hms_opt(23, 5, 0)
                .unwrap(),
        ),
    ]);
    talks.row(vec![
        Cell::Empty,
        "=HYPERLINK(\"http://x\")|a\nb".into(),
        Cell::Int(-3),
        Cell::Empty,
        Cell::Empty,
    ]);
    b.sheets.push(talks);
    let mut none = Sheet::new("危机个案", &["个案", "学生"]);
    none.note = Some("本月无危机个案（零报告）".into());
    b.sheets.push(none);
    b
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut f = z.by_name(name).unwrap();
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

#[test]
fn xlsx_has_chinese_headers_a_frozen_row_dates_as_dates_and_numbers_as_numbers() {
    let bytes = sample().to_xlsx().unwrap();
    let mut x: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(x.sheet_names(), vec!["谈话", "危机个案"]);
    let r = x.worksheet_range("谈话").unwrap();
    let rows: Vec<_> = r.rows().collect();
    assert_eq!(
        rows[0],
        &[
            Data::String("日期".into()),
            Data::String("学生".into()),
            Data::String("次数".into()),
            Data::String("完成率".into()),
            Data::String("记录时间".into()),
        ]
    );
    // 2026-11-20 is Excel serial 46346, shown as a date
    match &rows[1][0] {
        Data::DateTime(d) => assert_eq!((d.as_f64(), d.is_datetime()), (46346.0, true)),
        other => panic!("not a date: {other:?}"),
    }
    assert!(matches!(rows[1][4], Data::DateTime(_)));
    assert_eq!(rows[1][2], Data::Float(3.0));
    assert!(matches!(rows[1][3], Data::Float(x) if (x - 0.875).abs() < 1e-9));
    // text stays text, even when it looks like a formula
    assert_eq!(
        rows[2][1],
        Data::String("=HYPERLINK(\"http://x\")|a\nb".into())
    );
    assert_eq!(rows[2][2], Data::Float(-3.0));
    let sheet1 = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet1.contains("state=\"frozen\""), "{sheet1}");
    assert!(sheet1.contains("<cols>"), "column widths set: {sheet1}");
    assert!(!sheet1.contains("<f>"), "no formula anywhere");
    // an empty section is a sheet with its headers
    let r = x.worksheet_range("危机个案").unwrap();
    assert_eq!(r.rows().count(), 1);
}

#[test]
fn sheet_names_excel_accepts() {
    assert_eq!(sheet_name("a/b:c", &[]), "a_b_c");
    assert_eq!(sheet_name("", &[]), "Sheet");
    let long = "很".repeat(40);
    assert_eq!(sheet_name(&long, &[]).chars().count(), 31);
    let taken = vec!["谈话".to_string()];
    assert_eq!(sheet_name("谈话", &taken), "谈话 (2)");
    let taken = vec![sheet_name(&long, &[])];
    let second = sheet_name(&long, &taken);
    assert!(second.ends_with(" (2)") && second.chars().count() == 31);
    // a book whose sections repeat a name still opens
    let mut b = Book::new("x");
    b.sheets.push(Sheet::new("同名", &["a"]));
    b.sheets.push(Sheet::new("同名", &["a"]));
    let bytes = b.to_xlsx().unwrap();
    let x: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(x.sheet_names(), vec!["同名", "同名 (2)"]);
    // and a book with no sections is a workbook too
    assert!(Book::new("空").to_xlsx().is_ok());
}

#[test]
fn csv_is_excel_ready_and_neutralises_formulas() {
    let mut b = sample();
    b.sheets.truncate(1);
    let csv = b.to_csv();
    assert!(
        csv.starts_with("\u{feff}日期,学生,次数,完成率,记录时间\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("2026-11-20,曾敏,3,88%,2026-11-20 23:05\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains(",\"'=HYPERLINK(\"\"http://x\"\")|a\nb\",-3,,\r\n"),
        "{csv}"
    );
    // several sections: each named, one BOM
    let csv = sample().to_csv();
    assert_eq!(csv.matches('\u{feff}').count(), 1);
    assert!(csv.contains("\r\n\r\n危机个案\r\n个案,学生\r\n"), "{csv}");
}

#[test]
fn markdown_is_ready_to_paste() {
    let md = sample().to_md();
    assert!(md.starts_with("# 计算机学院 周报 2026-W47\n"), "{md}");
    assert!(
        md.contains("\n## 谈话\n\n| 日期 | 学生 | 次数 | 完成率 | 记录时间 |\n"),
        "{md}"
    );
    assert!(md.contains("| --- | --- | ---: | ---: | --- |\n"), "{md}");
    assert!(
        md.contains("| 2026-11-20 | 曾敏 | 3 | 88% | 2026-11-20 23:05 |\n"),
        "{md}"
    );
    // a pipe or a line break cannot break the table
    assert!(
        md.contains("| =HYPERLINK(\"http://x\")\\|a<br>b | -3 |  |  |"),
        "{md}"
    );
    assert!(
        md.contains("## 危机个案\n\n本月无危机个案（零报告）\n\n| 个案 | 学生 |\n"),
        "{md}"
    );
}

#[test]
fn control_characters_never_reach_any_format() {
    let mut b = Book::new("t\u{1b}[2J");
    let mut s = Sheet::new("s\u{7}", &["h\u{1b}"]);
    s.row(vec!["a\u{1b}[31mb\u{202e}".into()]);
    b.sheets.push(s);
    for text in [b.to_csv(), b.to_md()] {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{202e}'),
            "{text:?}"
        );
    }
    let bytes = b.to_xlsx().unwrap();
    let mut x: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let name = x.sheet_names()[0].clone();
    let r = x.worksheet_range(&name).unwrap();
    for c in r.used_cells() {
        let t = c.2.to_string();
        assert!(!t.contains('\u{1b}') && !t.contains('\u{202e}'), "{t:?}");
    }
}
