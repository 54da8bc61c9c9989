//! `-o FILE` on every command that writes records out: each writes the
//! file (only its writer may read it), prints none of it on standard
//! output, says on standard error where it went, and leaves no temporary
//! file behind; a workbook is a workbook.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::*;

/// A student of the demo's first college with a known home visit and
/// growth-file entry (made by the aid specialist below).
fn difficult_student(db: &Path) -> String {
    let json = ok(z_as(
        db,
        NOW,
        "wuqiang",
        &["aid", "list", "--format", "json"],
    ));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v[0]["student_no"]
        .as_str()
        .unwrap_or_else(|| panic!("no financially-difficult student in\n{json}"))
        .to_string()
}

#[test]
fn every_command_that_writes_records_takes_dash_o() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let no = difficult_student(&db);
    ok(z_as(
        &db,
        NOW,
        "wuqiang",
        &[
            "home-visit",
            "add",
            &no,
            "--family",
            "单亲家庭",
            "--on",
            "2026-11-20",
        ],
    ));
    ok(z_as(
        &db,
        NOW,
        "wuqiang",
        &["growth", "add", &no, "获勤工助学岗位", "--kind", "资助帮扶"],
    ));
    ok(z_as(&db, NOW, "sunpeng", &["duty", "open"]));
    ok(z_as(
        &db,
        NOW,
        "sunpeng",
        &["duty", "log", "三号楼巡查完毕", "--type", "巡查"],
    ));
    let case = open_crisis(&db, NOW, "zhouhui");
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();

    // (who, the command, the file's name, what the file must hold)
    let table: &[(&str, &[&str], &str, &str)] = &[
        ("admin", &["staff"], "staff.txt", "sunpeng"),
        (
            "admin",
            &["audit", "--action", "crisis."],
            "audit.txt",
            "crisis.",
        ),
        (
            "admin",
            &["audit", "--format", "json"],
            "audit.json",
            "\"seq\"",
        ),
        ("lina", &["compliance"], "compliance.txt", "lina"),
        (
            "lina",
            &["compliance", "--format", "json"],
            "compliance.json",
            "\"rules\"",
        ),
        ("wuqiang", &["aid", "list"], "aid.txt", &no),
        (
            "wuqiang",
            &["aid", "list", "--format", "json"],
            "aid.json",
            &no,
        ),
        (
            "wuqiang",
            &["home-visit", "list", &no],
            "visits.txt",
            "单亲家庭",
        ),
        (
            "wuqiang",
            &["growth", "list", &no, "--format", "json"],
            "growth.json",
            "获勤工助学岗位",
        ),
        (
            "zhouhui",
            &["crisis", "list"],
            "cases.txt",
            &format!("#{case}"),
        ),
        (
            "sunpeng",
            &["duty", "search", "三号楼"],
            "search.txt",
            "三号楼巡查完毕",
        ),
        (
            "sunpeng",
            &["duty", "roster", "--from", "2026-11-22"],
            "roster.txt",
            "2026-11-22",
        ),
        ("sunpeng", &["duty", "status"], "status.txt", "孙鹏"),
        ("zhouhui", &["report", "case", &case], "case.md", "心理危机"),
        (
            "zhouhui",
            &["report", "weekly", "--week", "2026-W47"],
            "weekly.md",
            "2026-W47",
        ),
        (
            "zhouhui",
            &["report", "monthly", "--month", "2026-11", "--format", "csv"],
            "monthly.csv",
            "2026-11",
        ),
        (
            "zhouhui",
            &[
                "report",
                "crisis-stats",
                "--month",
                "2026-11",
                "--format",
                "xlsx",
            ],
            "stats.xlsx",
            "PK",
        ),
        (
            "liuyang",
            &["report", "compliance", "--format", "csv"],
            "rc.csv",
            "lina",
        ),
        (
            "lina",
            &["report", "ledger", "--semester", "2026-秋"],
            "ledger.md",
            "2026-2027学年第一学期",
        ),
        (
            "wuqiang",
            &["report", "aid", "--semester", "2026-autumn"],
            "raid.md",
            "2026-2027学年第一学期",
        ),
        ("lina", &["export", "talks"], "talks.json", "\"student_no\""),
        (
            "lina",
            &["export", "students", "--format", "xlsx"],
            "students.xlsx",
            "PK",
        ),
        (
            "sunpeng",
            &["export", "shifts", "--format", "md"],
            "shifts.md",
            "孙鹏",
        ),
    ];
    for (login, args, file, holds) in table {
        let path = out_dir.join(file);
        let mut a = args.to_vec();
        let p = path.to_str().unwrap();
        a.extend(["-o", p]);
        let o = z_as(&db, NOW, login, &a);
        let what = format!("{login}: zhiban {}", a.join(" "));
        assert!(o.status.success(), "{what}\n{}", err(&o));
        assert!(out(&o).is_empty(), "{what}: printed\n{}", out(&o));
        assert!(err(&o).contains(p), "{what}: not said where\n{}", err(&o));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{what}: {e}"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains(holds), "{what}: no {holds:?} in\n{text}");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{what}");
    }
    let names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.len(),
        table.len(),
        "one file each, nothing else: {names:?}"
    );
}

#[test]
fn a_refused_command_leaves_the_earlier_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let path = dir.path().join("staff.txt");
    std::fs::write(&path, "yesterday's list").unwrap();
    // a duty officer may not list the staff
    let o = z_as(
        &db,
        NOW,
        "sunpeng",
        &["staff", "-o", path.to_str().unwrap()],
    );
    assert!(!o.status.success());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "yesterday's list");
    // a semester spelled wrong names every accepted form, in Chinese too
    let o = z_as(
        &db,
        NOW,
        "wuqiang",
        &["--lang", "zh-CN", "report", "aid", "--semester", "2026-冬"],
    );
    assert!(!o.status.success());
    let e = err(&o);
    for form in [
        "2026-2027学年第一学期",
        "2026-秋",
        "2026-autumn",
        "2026-11-22",
    ] {
        assert!(e.contains(form), "{form} not named in {e}");
    }
}

/// A workbook is never poured onto a terminal, whichever command makes it;
/// with -o the same command writes it.
#[test]
fn a_workbook_to_a_terminal_is_refused_by_every_command_that_makes_one() {
    use portable_pty::CommandBuilder;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    for (login, args) in [
        ("zhouhui", &["report", "weekly", "--format", "xlsx"][..]),
        ("wuqiang", &["report", "aid", "--format", "xlsx"][..]),
        ("lina", &["export", "talks", "--format", "xlsx"][..]),
    ] {
        let mut cmd = CommandBuilder::new(bin());
        cmd.arg("--db");
        cmd.arg(&db);
        cmd.args(["--lang", "zh-CN", "--as", login]);
        cmd.args(args);
        cmd.env("ZHIBAN_NOW", NOW);
        cmd.env_remove("ZHIBAN_DB");
        let mut t = common::pty::Pty::spawn_cmd(cmd);
        t.wait_for("-o 文件名.xlsx");
        assert!(!t.wait_exit().success(), "{args:?}");
        let p = dir.path().join(format!("{login}.xlsx"));
        let mut a = args.to_vec();
        a.extend(["-o", p.to_str().unwrap()]);
        ok(z_as(&db, NOW, login, &a));
        assert!(std::fs::read(&p).unwrap().starts_with(b"PK"), "{args:?}");
    }
}
