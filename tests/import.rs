//! Roster import: encodings, file types, header aliases, upserts, and one
//! test per kind of bad input (nothing written, every problem named as
//! FILE:ROW: COLUMN: what is wrong).

use zhiban::error::Error;
use zhiban::io::import::{ImportKind, import_file};

/// Every student as an admin exports them (unmasked, with guardians).
fn all(db: &std::path::Path) -> Vec<zhiban::io::export::StudentOut> {
    zhiban::io::export::students(&mut app(db, "admin"), true).unwrap()
}
mod common;

use common::*;

const STAFF: &str = "登录名,姓名,角色,学院,手机号\nlina,李娜,辅导员、值班员,信息工程学院,13800001111\nzhouhui,周慧,心理专员,信息工程学院,\nwangfang,王芳,辅导员,经济管理学院,\n";

fn with_staff() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = admin_db(dir.path());
    let f = write(dir.path(), "staff.csv", STAFF.as_bytes());
    let r = import_file(&mut app(&db, "admin"), ImportKind::Staff, &f, false).unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (3, 0, 0));
    (dir, db)
}

fn roster() -> String {
    format!(
        "学号,姓名,性别,学院,专业,班级,辅导员,宿舍楼,房间号,床位,手机号,身份证号,家长姓名,家长电话\n\
         2023010101,张三,男,信息工程学院,软件工程,软工2301,lina,3号楼,512,1,13812341234,{},张大山,13912341234\n\
         2023010102,曾敏,女,信息工程学院,软件工程,软工2301,李娜,5号楼,301,2,13812341235,{},曾强,\n\
         2023020101,单磊,男,经济管理学院,会计学,会计2301,wangfang,3号楼,512,2,,,,\n",
        id("11010520050101001"),
        id("11010520050202002")
    )
}

fn err_text(e: Error) -> String {
    match e {
        e @ (Error::Data(_) | Error::Problems { .. }) => e.to_string(),
        other => panic!("expected a data error, got {other:?}"),
    }
}

#[test]
fn utf8_roster_creates_what_it_names_and_says_so() {
    let (dir, db) = with_staff();
    let f = write(dir.path(), "roster.csv", roster().as_bytes());
    let r = import_file(&mut app(&db, "admin"), ImportKind::Students, &f, false).unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (3, 0, 0));
    assert_eq!(r.created["班级"].len(), 2);
    assert_eq!(r.created["宿舍楼"], vec!["3号楼", "5号楼"]);
    assert_eq!(r.created["房间"].len(), 2);
    assert_eq!(r.created["床位"].len(), 3);
    assert!(
        !r.created.contains_key("学院"),
        "colleges came with the staff import"
    );
    let all = all(&db);
    let zs = all.iter().find(|s| s.student_id == "2023010101").unwrap();
    assert_eq!(zs.counsellor.as_deref(), Some("李娜"));
    assert_eq!(
        (zs.building.as_deref(), zs.room.as_deref()),
        (Some("3号楼"), Some("512"))
    );
    assert_eq!(zs.guardians[0].phone.as_deref(), Some("13912341234"));
    let zm = all.iter().find(|s| s.name == "曾敏").unwrap();
    assert_eq!(
        zm.counsellor.as_deref(),
        Some("李娜"),
        "a counsellor may be named by name"
    );
    // init; 3 staff added + summary; 3 students added + summary; the export
    let report = zhiban::app::Database::open(&db).unwrap().check().unwrap();
    assert_eq!(report.audit_entries, 1 + 4 + 4 + 1);
}

#[test]
fn reimport_reports_added_updated_unchanged() {
    let (dir, db) = with_staff();
    let f = write(dir.path(), "roster.csv", roster().as_bytes());
    import_file(&mut app(&db, "admin"), ImportKind::Students, &f, false).unwrap();
    let changed = roster().replace("13812341235", "13812349999")
        + "2023010103,解晓东,男,信息工程学院,软件工程,软工2301,lina,,,,,,,\n";
    let f2 = write(dir.path(), "roster2.csv", changed.as_bytes());
    let r = import_file(&mut app(&db, "admin"), ImportKind::Students, &f2, false).unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (1, 1, 2));
    assert!(r.created.is_empty(), "{:?}", r.created);
}

#[test]
fn gbk_csv_from_excel_is_read() {
    let (dir, db) = with_staff();
    let text = roster();
    let (bytes, _, _) = encoding_rs::GBK.encode(&text);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "fixture really is GBK"
    );
    let f = write(dir.path(), "roster-gbk.csv", &bytes);
    let r = import_file(&mut app(&db, "admin"), ImportKind::Students, &f, false).unwrap();
    assert_eq!(r.encoding, "GBK/GB18030");
    assert_eq!(r.added, 3);
    assert!(all(&db).iter().any(|s| s.name == "曾敏"));
}

#[test]
fn utf8_with_bom_and_crlf_and_english_headers() {
    let (dir, db) = with_staff();
    let text = "\u{feff}Student ID,Name,College,Phone\r\n2023010101,Zhang San,信息工程学院,13812341234\r\n";
    let f = write(dir.path(), "bom.csv", text.as_bytes());
    let r = import_file(&mut app(&db, "admin"), ImportKind::Students, &f, false).unwrap();
    assert_eq!((r.encoding, r.added), ("UTF-8 (BOM)", 1));
}

#[test]
fn full_width_digits_and_spaces_are_normalised_and_title_rows_skipped() {
    let (dir, db) = with_staff();
    let text = "2026级学生名单,,\n学号,姓名,学院\n\u{3000}２０２３０１０１０１\u{3000},　张三　,信息工程学院\n";
    let f = write(dir.path(), "fw.csv", text.as_bytes());
    import_file(&mut app(&db, "admin"), ImportKind::Students, &f, false).unwrap();
    let all = all(&db);
    assert_eq!(
        (all[0].student_id.as_str(), all[0].name.as_str()),
        ("2023010101", "张三")
    );
}

#[test]
fn xlsx_first_sheet_with_numbers_and_dates() {
    let (dir, db) = with_staff();
    let p = dir.path().join("roster.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in [
        "学号",
        "姓名",
        "学院",
        "手机号",
        "学籍预警",
        "学籍预警日期",
        "困难等级",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 2023010101.0).unwrap();
    ws.write_string(1, 1, "曾敏").unwrap();
    ws.write_string(1, 2, "信息工程学院").unwrap();
    ws.write_number(1, 3, 13812341234.0).unwrap();
    ws.write_string(1, 4, "黄色预警").unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 11, 18).unwrap();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    ws.write_datetime_with_format(1, 5, &date, &fmt).unwrap();
    ws.write_string(1, 6, "特困").unwrap();
    wb.add_worksheet()
        .write_string(0, 0, "second sheet ignored")
        .unwrap();
    wb.save(&p).unwrap();
    let r = import_file(&mut app(&db, "admin"), ImportKind::Students, &p, false).unwrap();
    assert_eq!((r.added, r.flag_changes), (1, 2));
    let s = &all(&db)[0];
    assert_eq!(s.student_id, "2023010101");
    assert_eq!(s.phone.as_deref(), Some("13812341234"));
    let w = s
        .flags
        .iter()
        .find(|f| f.kind == "academic_warning")
        .unwrap();
    assert_eq!(w.since.as_deref(), Some("2026-11-18"));
    assert_eq!(w.level.as_deref(), Some("黄色预警"));
}

/// Imports `text` as a student roster and returns the error lines.
fn refused(text: &str) -> (Vec<String>, std::path::PathBuf, tempfile::TempDir) {
    let (dir, db) = with_staff();
    let f = write(dir.path(), "bad.csv", text.as_bytes());
    let before = count(&db, "audit_log");
    let e = import_file(&mut app(&db, "admin"), ImportKind::Students, &f, false).unwrap_err();
    assert_eq!(e.exit_code(), 1);
    assert!(
        matches!(e, zhiban::error::Error::Problems { .. }),
        "a bad file is a list of problems: {e:?}"
    );
    let text = err_text(e);
    let mut all = text.lines().map(String::from);
    // the first line says how many problems and that nothing was written
    let head = all.next().unwrap_or_default();
    let lines: Vec<String> = all.collect();
    assert!(
        head.contains(&format!("{} problems; nothing was written", lines.len())),
        "{head}"
    );
    for l in &lines {
        assert!(
            l.starts_with(&format!("{}:", f.display())),
            "FILE:ROW: COLUMN: format: {l}"
        );
    }
    assert_eq!(count(&db, "students"), 0, "nothing written");
    assert_eq!(
        count(&db, "audit_log"),
        before,
        "no audit for a refused import"
    );
    (lines, db, dir)
}

fn has(lines: &[String], row: usize, col: &str, what: &str) -> bool {
    lines
        .iter()
        .any(|l| l.contains(&format!(":{row}: {col}: ")) && l.contains(what))
}

#[test]
fn duplicate_student_number_in_the_file() {
    let (l, ..) =
        refused("学号,姓名,学院\n1,甲,信息工程学院\n2,乙,信息工程学院\n1,丙,信息工程学院\n");
    assert!(has(&l, 4, "学号", "appears twice"), "{l:?}");
}

#[test]
fn missing_required_column() {
    let (l, ..) = refused("学号,性别\n1,男\n");
    assert!(has(&l, 1, "姓名", "required column missing"), "{l:?}");
    assert!(has(&l, 1, "学院", "required column missing"), "{l:?}");
}

#[test]
fn missing_required_value() {
    let (l, ..) = refused("学号,姓名,学院\n1,,信息工程学院\n");
    assert!(has(&l, 2, "姓名", "missing"), "{l:?}");
}

#[test]
fn malformed_id_number_checksum() {
    let good = id("11010520050101001");
    let bad = format!(
        "{}{}",
        &good[..17],
        if good.ends_with('1') { '2' } else { '1' }
    );
    let (l, ..) = refused(&format!(
        "学号,姓名,学院,身份证号\n1,甲,信息工程学院,{bad}\n"
    ));
    assert!(has(&l, 2, "身份证号", "checksum"), "{l:?}");
}

#[test]
fn malformed_phone_numbers() {
    let (l, ..) =
        refused("学号,姓名,学院,手机号,家长电话\n1,甲,信息工程学院,1381234,12312341234\n");
    assert!(has(&l, 2, "手机号", "digits"), "{l:?}");
    assert!(has(&l, 2, "家长电话", "not a mobile"), "{l:?}");
}

#[test]
fn a_bed_given_to_two_students() {
    let (l, ..) = refused(
        "学号,姓名,学院,宿舍楼,房间号,床位\n1,甲,信息工程学院,3号楼,512,1\n2,乙,信息工程学院,3号楼,512,1号床\n",
    );
    assert!(has(&l, 3, "床位", "given to 1 (row 2) and to 2"), "{l:?}");
}

#[test]
fn a_bed_held_by_a_student_the_file_does_not_move() {
    let (dir, db) = with_staff();
    let f = write(
        dir.path(),
        "a.csv",
        "学号,姓名,学院,宿舍楼,房间号,床位\n1,甲,信息工程学院,3号楼,512,1\n".as_bytes(),
    );
    import_file(&mut app(&db, "admin"), ImportKind::Students, &f, false).unwrap();
    let f2 = write(
        dir.path(),
        "b.csv",
        "学号,姓名,学院,宿舍楼,房间号,床位\n2,乙,信息工程学院,3号楼,512,1\n".as_bytes(),
    );
    let e = err_text(
        import_file(&mut app(&db, "admin"), ImportKind::Students, &f2, false).unwrap_err(),
    );
    assert!(e.contains(":2: 床位: ") && e.contains("held by 1"), "{e}");
    // moving the holder in the same file is fine
    let f3 = write(dir.path(), "c.csv", "学号,姓名,学院,宿舍楼,房间号,床位\n2,乙,信息工程学院,3号楼,512,1\n1,甲,信息工程学院,3号楼,512,2\n".as_bytes());
    import_file(&mut app(&db, "admin"), ImportKind::Students, &f3, false).unwrap();
}

#[test]
fn a_counsellor_who_is_not_registered_staff() {
    let (l, ..) = refused(
        "学号,姓名,学院,班级,辅导员\n1,甲,信息工程学院,软工2301,nobody\n2,乙,信息工程学院,软工2302,zhouhui\n",
    );
    assert!(has(&l, 2, "辅导员", "not registered staff"), "{l:?}");
    assert!(has(&l, 3, "辅导员", "not as Counsellor"), "{l:?}");
}

#[test]
fn flags_with_bad_dates_levels_and_groups() {
    let (l, ..) = refused(
        "学号,姓名,学院,学籍预警,纪律处分,处分日期,特殊群体,困难等级,重点关注\n\
         1,甲,信息工程学院,是,警告,2026-13-01,单亲,很穷,超级\n",
    );
    assert!(has(&l, 2, "学籍预警", "give the date"), "{l:?}");
    assert!(has(&l, 2, "纪律处分日期", "not a date"), "{l:?}");
    assert!(has(&l, 2, "特殊群体", "six groups"), "{l:?}");
    assert!(has(&l, 2, "困难等级", "not a level"), "{l:?}");
    assert!(has(&l, 2, "重点关注", "not a level"), "{l:?}");
}

#[test]
fn every_problem_is_listed_at_once() {
    let (l, ..) = refused("学号,姓名,学院,手机号\n1,,信息工程学院,\n1,乙,,abc\n");
    assert_eq!(l.len(), 4, "{l:?}");
}

#[test]
fn an_id_number_excel_stored_as_a_number() {
    let (dir, db) = with_staff();
    let p = dir.path().join("n.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["学号", "姓名", "学院", "身份证号"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "1").unwrap();
    ws.write_string(1, 1, "甲").unwrap();
    ws.write_string(1, 2, "信息工程学院").unwrap();
    ws.write_number(1, 3, 110105200501010010.0).unwrap();
    wb.save(&p).unwrap();
    let e =
        err_text(import_file(&mut app(&db, "admin"), ImportKind::Students, &p, false).unwrap_err());
    assert!(
        e.contains(":2: 身份证号: Excel stored this ID number as a number"),
        "{e}"
    );
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let (dir, db) = with_staff();
    let before = count(&db, "audit_log");
    let f = write(dir.path(), "roster.csv", roster().as_bytes());
    let r = import_file(&mut app(&db, "admin"), ImportKind::Students, &f, true).unwrap();
    assert_eq!(r.added, 3);
    assert!(r.dry_run);
    assert_eq!(count(&db, "students"), 0);
    assert_eq!(count(&db, "buildings"), 0);
    assert_eq!(count(&db, "audit_log"), before);
}

#[test]
fn only_an_admin_imports() {
    let (dir, db) = with_staff();
    let f = write(dir.path(), "roster.csv", roster().as_bytes());
    let e = import_file(&mut app(&db, "lina"), ImportKind::Students, &f, false).unwrap_err();
    assert!(matches!(e, Error::Refused(_)));
}

#[test]
fn flags_come_in_and_every_change_is_audited() {
    let (dir, db) = with_staff();
    let t1 = "学号,姓名,学院,学籍预警,重点关注,关注原因,特殊群体,困难等级\n\
              1,甲,信息工程学院,2026-11-18,二级,家庭变故,低保家庭、残疾,困难\n";
    let f = write(dir.path(), "f1.csv", t1.as_bytes());
    let r = import_file(&mut app(&db, "admin"), ImportKind::Students, &f, false).unwrap();
    assert_eq!(r.flag_changes, 5);
    // clearing the warning and the key concern by an emptied cell
    let t2 = "学号,姓名,学院,学籍预警,重点关注,关注原因,特殊群体,困难等级\n1,甲,信息工程学院,,否,,低保家庭、残疾,困难\n";
    let f2 = write(dir.path(), "f2.csv", t2.as_bytes());
    let r2 = import_file(&mut app(&db, "admin"), ImportKind::Students, &f2, false).unwrap();
    assert_eq!((r2.flag_changes, r2.updated), (2, 1));
    let n: i64 = sql(&db)
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action LIKE 'flag.%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 7);
    let kept: i64 = sql(&db)
        .query_row(
            "SELECT count(*) FROM student_flags WHERE student_id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 5, "flags are cleared, not deleted");
}

#[test]
fn rooms_import_loads_a_full_dorm_map_with_empty_rooms() {
    let (dir, db) = with_staff();
    let text =
        "宿舍楼,楼层,房间号,床位数,性别\n3号楼,5,512,4,男\n3号楼,,513,6,男\n5号楼,3,301,4,女\n";
    let f = write(dir.path(), "rooms.csv", text.as_bytes());
    let r = import_file(&mut app(&db, "admin"), ImportKind::Rooms, &f, false).unwrap();
    assert_eq!(r.added, 3);
    assert_eq!(count(&db, "beds"), 14);
    // a female student in a male room is refused
    let f2 = write(
        dir.path(),
        "s.csv",
        "学号,姓名,性别,学院,宿舍楼,房间号,床位\n1,甲,女,信息工程学院,3号楼,512,1\n".as_bytes(),
    );
    let e = err_text(
        import_file(&mut app(&db, "admin"), ImportKind::Students, &f2, false).unwrap_err(),
    );
    assert!(e.contains(":2: 房间号: 3号楼-512 is a 男 room"), "{e}");
    // fill two beds, then refuse to shrink the room below them
    let f3 = write(dir.path(), "s2.csv", "学号,姓名,性别,学院,宿舍楼,房间号,床位\n1,甲,男,信息工程学院,3号楼,512,1\n2,乙,男,信息工程学院,3号楼,512,2\n".as_bytes());
    import_file(&mut app(&db, "admin"), ImportKind::Students, &f3, false).unwrap();
    let f4 = write(
        dir.path(),
        "r2.csv",
        "宿舍楼,房间号,床位数\n3号楼,512,1\n".as_bytes(),
    );
    let e =
        err_text(import_file(&mut app(&db, "admin"), ImportKind::Rooms, &f4, false).unwrap_err());
    assert!(e.contains(":2: 床位数: 1 beds but 2 students"), "{e}");
    // re-import unchanged
    let r = import_file(&mut app(&db, "admin"), ImportKind::Rooms, &f, false).unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (0, 0, 3));
}

#[test]
fn staff_reimport_upserts_by_login_and_protects_the_importer() {
    let (dir, db) = with_staff();
    let text = "账号,姓名,角色\nlina,李娜,辅导员、值班员\nzhouhui,周慧,心理专员、辅导员\nnewone,新人,值班员\n";
    let f = write(dir.path(), "s2.csv", text.as_bytes());
    let r = import_file(&mut app(&db, "admin"), ImportKind::Staff, &f, false).unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (1, 1, 1));
    let f2 = write(
        dir.path(),
        "s3.csv",
        "login,name,role\nadmin,管理员,counsellor\n".as_bytes(),
    );
    let e =
        err_text(import_file(&mut app(&db, "admin"), ImportKind::Staff, &f2, false).unwrap_err());
    assert!(
        e.contains(":2: 角色: this would take the admin role from you"),
        "{e}"
    );
    let f3 = write(
        dir.path(),
        "s4.csv",
        "login,name,role\nbad login,某,校长\n".as_bytes(),
    );
    let e =
        err_text(import_file(&mut app(&db, "admin"), ImportKind::Staff, &f3, false).unwrap_err());
    assert!(
        e.contains(":2: 登录名: ") && e.contains(":2: 角色: '校长' is not a role"),
        "{e}"
    );
}

#[test]
fn an_unknown_file_type_is_a_usage_error() {
    let (dir, db) = with_staff();
    let f = write(dir.path(), "x.pdf", b"%PDF");
    let e = import_file(&mut app(&db, "admin"), ImportKind::Students, &f, false).unwrap_err();
    assert_eq!(e.exit_code(), 2);
}

#[test]
fn a_file_that_is_neither_utf8_nor_gbk() {
    let (dir, db) = with_staff();
    let f = write(dir.path(), "x.csv", &[0x80, 0x80, 0xff, 0xff, 0x81]);
    let e =
        err_text(import_file(&mut app(&db, "admin"), ImportKind::Students, &f, false).unwrap_err());
    assert!(e.contains("neither UTF-8 nor GBK"), "{e}");
}

#[test]
fn a_roster_without_bed_numbers_fills_free_beds_and_refuses_a_full_room() {
    let (dir, db) = with_staff();
    let rooms = write(
        dir.path(),
        "rooms.csv",
        "宿舍楼,房间号,床位数\n3号楼,512,2\n".as_bytes(),
    );
    import_file(&mut app(&db, "admin"), ImportKind::Rooms, &rooms, false).unwrap();
    let text = "学号,姓名,学院,宿舍\n1,甲,信息工程学院,3号楼-512\n2,乙,信息工程学院,3号楼-512\n";
    let f = write(dir.path(), "s.csv", text.as_bytes());
    import_file(&mut app(&db, "admin"), ImportKind::Students, &f, false).unwrap();
    let beds: Vec<String> = all(&db).iter().map(|s| s.bed.clone().unwrap()).collect();
    assert_eq!(beds, vec!["1", "2"]);
    // re-import keeps everyone where they are
    let r = import_file(&mut app(&db, "admin"), ImportKind::Students, &f, false).unwrap();
    assert_eq!(r.unchanged, 2);
    // a third student does not fit
    let f2 = write(
        dir.path(),
        "s2.csv",
        format!("{text}3,丙,信息工程学院,3号楼-512\n").as_bytes(),
    );
    let e = err_text(
        import_file(&mut app(&db, "admin"), ImportKind::Students, &f2, false).unwrap_err(),
    );
    assert!(e.contains(":4: 房间号: 3号楼-512 is full"), "{e}");
    assert_eq!(count(&db, "students"), 2, "nothing written");
    // and bed 5 of a two-bed room is named as wrong
    let f3 = write(
        dir.path(),
        "s3.csv",
        "学号,姓名,学院,宿舍楼,房间号,床位\n3,丙,信息工程学院,3号楼,512,5\n".as_bytes(),
    );
    let e = err_text(
        import_file(&mut app(&db, "admin"), ImportKind::Students, &f3, false).unwrap_err(),
    );
    assert!(
        e.contains(":2: 床位: 3号楼-512 has beds 1-2; there is no bed 5"),
        "{e}"
    );
}
