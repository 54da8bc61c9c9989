//! Output hygiene, from outside: whatever a cell, a name in the database, a
//! template or a file name holds, the real program writes no control or
//! bidi character to a terminal (stdout, stderr) or into JSON, and no CSV
//! cell that a spreadsheet would run as a formula.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;

/// The clipboard-write escape a tester found echoed to stderr.
const OSC52: &str = "\u{1b}]52;c;ZXZpbA==\u{7}";

fn z(db: &Path, login: Option<&str>, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut c = Command::new(bin());
    c.arg("--db").arg(db).args(["--lang", "en"]);
    // acting as someone means a demo database: only there is the clock pinned
    if let Some(l) = login {
        c.args(["--as", l]).env("ZHIBAN_NOW", NOW);
    }
    c.args(args)
        .env_remove("ZHIBAN_DB")
        .env_remove("ZHIBAN_CONFIG_DIR");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).expect("output is UTF-8")
}

/// No C0 control but newline, tab and carriage return (CSV's CRLF), no
/// DEL, C1 or bidi control.
fn assert_clean(s: &str, what: &str) {
    let bad: Vec<String> = s
        .chars()
        .filter(|&c| {
            matches!(c,
                '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
                | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                | '\u{200e}' | '\u{200f}' | '\u{61c}')
        })
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    assert!(bad.is_empty(), "{what}: {bad:?} in\n{s:?}");
}

fn assert_output_clean(o: &Output, what: &str) {
    assert_clean(&text(&o.stdout), &format!("{what} (stdout)"));
    assert_clean(&text(&o.stderr), &format!("{what} (stderr)"));
}

#[test]
fn an_osc52_sequence_in_an_import_cell_or_file_name_never_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let roster = format!(
        "学号,姓名,性别,学院,备注{OSC52}\n2023990001,张{OSC52}三,X{OSC52},信息工程学院,x\n"
    );
    let csv = write(dir.path(), &format!("roster{OSC52}.csv"), roster.as_bytes());
    let o = z(
        &db,
        Some("admin"),
        &["import", "students", csv.to_str().unwrap()],
        &[],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let e = text(&o.stderr);
    assert!(e.contains("X]52;c;ZXZpbA=="), "the cell is quoted: {e}");
    assert_output_clean(&o, "csv import");
    // the same from a workbook
    let xlsx = dir.path().join(format!("roster{OSC52}.xlsx"));
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["学号", "姓名", "性别", "学院"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["2023990001", "张三", &format!("X{OSC52}"), "信息工程学院"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    wb.save(&xlsx).unwrap();
    let o = z(
        &db,
        Some("admin"),
        &["import", "students", xlsx.to_str().unwrap()],
        &[],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("X]52;c;ZXZpbA=="),
        "{}",
        text(&o.stderr)
    );
    assert_output_clean(&o, "xlsx import");
    // a dry run that passes names the file and the ignored column
    let good = write(
        dir.path(),
        &format!("ok{OSC52}.csv"),
        format!("学号,姓名,性别,学院,备注{OSC52}\n2023990001,张三,男,信息工程学院,x\n").as_bytes(),
    );
    let o = z(
        &db,
        Some("admin"),
        &["import", "students", good.to_str().unwrap(), "--dry-run"],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("ok]52;c;ZXZpbA==.csv"),
        "{}",
        text(&o.stdout)
    );
    assert_output_clean(&o, "dry run");
}

#[test]
fn names_from_the_database_reach_the_terminal_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    let name = format!("{OSC52}张主任\u{202e}\u{9b}2J");
    let o = z(
        &db,
        None,
        &["init", "--admin", "someone-else", "--name", &name],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_output_clean(&o, "init");
    // the login running this is not registered: the admins are named
    let o = z(&db, None, &["whoami"], &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = text(&o.stderr);
    assert!(e.contains("]52;c;ZXZpbA==张主任2J (someone-else)"), "{e}");
    assert_output_clean(&o, "not registered");
    // a login and a college in the staff list
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    sql(&db)
        .execute(
            "UPDATE staff SET login = ?1, name = ?2 WHERE login = 'wuqiang'",
            [format!("wu{OSC52}"), "吴\u{2066}强\u{85}".to_string()],
        )
        .unwrap();
    let o = z(&db, Some("admin"), &["staff"], &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("wu]52;c;ZXZpbA=="),
        "{}",
        text(&o.stdout)
    );
    assert_output_clean(&o, "staff");
}

/// A school's template with escapes (TOML writes them as `\u001b`) in its
/// name, version, a step's key and title: `sop check`, `sop list` and
/// `crisis show` show it harmless; so is a line the TOML reader quotes.
#[test]
fn template_text_is_shown_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let esc = "\\u001b]52;c;ZXZpbA==\\u0007\\u202e\\u009b";
    let tpl = include_str!("../assets/sop/psych.toml")
        .replace("name = \"心理危机\"", &format!("name = \"心理{esc}危机\""))
        .replace("version = \"2026.1\"", &format!("version = \"s{esc}\""))
        .replace("key = \"publish\"", &format!("key = \"publish{esc}\""))
        .replace("Secure the scene", &format!("Secure{esc} the scene"));
    let cfg = dir.path().join("cfg");
    std::fs::create_dir_all(cfg.join("sop")).unwrap();
    let f = cfg.join("sop").join("psych.toml");
    std::fs::write(&f, &tpl).unwrap();
    let db = demo_db(dir.path());
    let o = z(&db, None, &["sop", "check", f.to_str().unwrap()], &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("心理]52;c;ZXZpbA==危机"),
        "{}",
        text(&o.stdout)
    );
    assert_output_clean(&o, "sop check");
    let o = z(&db, None, &["sop", "list"], &[("ZHIBAN_CONFIG_DIR", &cfg)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("心理]52;c;ZXZpbA==危机"),
        "{}",
        text(&o.stdout)
    );
    assert_output_clean(&o, "sop list");
    // a line the TOML reader cannot read, with a raw escape in it
    let bad = write(
        dir.path(),
        &format!("bad{OSC52}.toml"),
        format!("kind = \"psych{OSC52}\n").as_bytes(),
    );
    let o = z(&db, None, &["sop", "check", bad.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("bad]52;c;ZXZpbA==.toml:1:"),
        "{}",
        text(&o.stderr)
    );
    assert_output_clean(&o, "sop check of a broken file");
    // a case opened on the school's template shows its steps harmless
    let env = [("ZHIBAN_CONFIG_DIR", cfg.as_path())];
    let o = z(
        &db,
        Some("sunpeng"),
        &[
            "crisis",
            "open",
            "--kind",
            "psych",
            "--student",
            "20230100002",
        ],
        &env,
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_output_clean(&o, "crisis open");
    let id = text(&o.stdout)
        .split_whitespace()
        .nth(3)
        .unwrap()
        .to_string();
    for args in [
        vec!["crisis", "show", id.as_str()],
        vec!["report", "case", id.as_str()],
        vec!["crisis", "list"],
    ] {
        let o = z(&db, Some("sunpeng"), &args, &env);
        assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
        assert_output_clean(&o, &format!("{args:?}"));
    }
    let o = z(&db, Some("sunpeng"), &["crisis", "show", id.as_str()], &env);
    assert!(
        text(&o.stdout).contains("publish]52;c;ZXZpbA=="),
        "{}",
        text(&o.stdout)
    );
}

/// serde_json escapes C0 controls but not C1 or bidi controls: every JSON
/// the program writes escapes them (`\u009b`), keeping the data.
#[test]
fn json_output_holds_no_raw_c1_or_bidi_character() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    sql(&db)
        .execute(
            "UPDATE students SET name = name || char(155) || '31m' || char(8238) || char(8294) || char(133)",
            [],
        )
        .unwrap();
    let o = z(&db, Some("lina"), &["compliance", "--format", "json"], &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("\\u009b31m\\u202e\\u2066\\u0085"),
        "the data is kept: {out}"
    );
    assert_output_clean(&o, "compliance json");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["findings"].as_array().is_some_and(|f| !f.is_empty()));
    let report = dir.path().join("compliance.json");
    let o = z(
        &db,
        Some("lina"),
        &[
            "compliance",
            "--format",
            "json",
            "-o",
            report.to_str().unwrap(),
        ],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_clean(
        &std::fs::read_to_string(&report).unwrap(),
        "compliance json file",
    );
    for (login, what) in [
        ("liuyang", vec!["compliance", "--format", "json"]),
        ("admin", vec!["export", "students"]),
        ("lina", vec!["export", "talks"]),
        ("lina", vec!["export", "parent-contacts"]),
        ("admin", vec!["export", "shifts"]),
        ("admin", vec!["export", "patrols"]),
        ("chenjing", vec!["export", "crises"]),
    ] {
        let o = z(&db, Some(login), &what, &[]);
        assert!(o.status.success(), "{what:?}: {}", text(&o.stderr));
        assert_output_clean(&o, &format!("{what:?}"));
    }
}

/// What OWASP lists: cells beginning with `=`, `+`, `-`, `@`, tab or CR.
const FORMULAS: [&str; 6] = [
    "=cmd|' /C calc'!A0",
    "+1",
    "-1+2",
    "@SUM(1)",
    "\t=1+1",
    "\r=2+2",
];

/// Puts the formulas into the text of every kind of record a CSV export
/// writes.
fn plant_formulas(db: &Path) {
    let c = sql(db);
    for (i, f) in FORMULAS.iter().enumerate() {
        let n = i as i64;
        let set = |q: &str| {
            let changed = c.execute(q, rusqlite::params![f, n]).unwrap();
            assert_eq!(changed, 1, "{q}");
        };
        set(
            "UPDATE students SET name = ?1 WHERE id = (SELECT id FROM students ORDER BY id LIMIT 1 OFFSET ?2)",
        );
        set(
            "UPDATE room_checks SET hygiene = ?1 WHERE id = (SELECT id FROM room_checks WHERE superseded_by IS NULL AND skipped_reason IS NULL ORDER BY id LIMIT 1 OFFSET ?2)",
        );
        set(
            "UPDATE duty_entries SET text = ?1, sensitive = 0 WHERE id = (SELECT id FROM duty_entries ORDER BY id LIMIT 1 OFFSET ?2)",
        );
        let by_lina = "author_id = (SELECT id FROM staff WHERE login = 'lina')";
        set(&format!(
            "UPDATE talks SET summary = ?1, sensitive = 0 WHERE id = (SELECT id FROM talks WHERE {by_lina} ORDER BY id LIMIT 1 OFFSET ?2)"
        ));
        set(&format!(
            "UPDATE parent_contacts SET content = ?1 WHERE id = (SELECT id FROM parent_contacts WHERE {by_lina} ORDER BY id LIMIT 1 OFFSET ?2)"
        ));
        set(&format!(
            "UPDATE class_ledger SET topic = ?1 WHERE id = (SELECT id FROM class_ledger WHERE {by_lina} ORDER BY id LIMIT 1 OFFSET ?2)"
        ));
    }
    // the crisis statistics count cases by their template's name
    for (i, f) in FORMULAS[..3].iter().enumerate() {
        let changed = c
            .execute(
                "UPDATE crisis_cases SET template = json_set(template, '$.name', ?1) WHERE id = (SELECT id FROM crisis_cases ORDER BY id LIMIT 1 OFFSET ?2)",
                rusqlite::params![f, i as i64],
            )
            .unwrap();
        assert_eq!(changed, 1);
    }
}

/// Every field of `csv`: none begins with a character a spreadsheet would
/// run, unless it is a number; each of `planted` is there, behind a `'`.
fn assert_neutral(csv: &str, planted: &[&str], what: &str) {
    let rows = zhiban::io::import::read::parse_csv(csv.trim_start_matches('\u{feff}'));
    assert!(rows.len() > 1, "{what}: {csv}");
    let fields: Vec<&String> = rows.iter().flat_map(|(_, r)| r).collect();
    for f in &fields {
        let runs = f.starts_with(['=', '+', '-', '@', '\t', '\r']);
        assert!(!runs || f.parse::<i64>().is_ok(), "{what}: field {f:?}");
        assert!(!f.contains('\r'), "{what}: field {f:?}");
    }
    for p in planted {
        let want = format!("'{}", p.trim_start_matches('\r'));
        assert!(
            fields.iter().any(|f| **f == want),
            "{what}: {want:?} not found in\n{csv}"
        );
    }
    assert_clean(csv, what);
}

#[test]
fn every_csv_export_neutralises_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    plant_formulas(&db);
    for (login, args) in [
        ("admin", vec!["export", "students", "--format", "csv"]),
        ("admin", vec!["export", "patrols", "--format", "csv"]),
        ("admin", vec!["export", "shifts", "--format", "csv"]),
        ("lina", vec!["export", "talks", "--format", "csv"]),
        ("lina", vec!["export", "parent-contacts", "--format", "csv"]),
        ("lina", vec!["export", "class-ledger", "--format", "csv"]),
    ] {
        let o = z(&db, Some(login), &args, &[]);
        assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
        assert_neutral(&text(&o.stdout), &FORMULAS, &format!("{args:?}"));
        // the same written to a file
        let f = dir.path().join("out.csv");
        let mut to_file = args.clone();
        to_file.extend(["-o", f.to_str().unwrap()]);
        let o = z(&db, Some(login), &to_file, &[]);
        assert!(o.status.success(), "{to_file:?}: {}", text(&o.stderr));
        assert_neutral(
            &std::fs::read_to_string(&f).unwrap(),
            &FORMULAS,
            &format!("{to_file:?}"),
        );
    }
    let month = sql(&db)
        .query_row(
            "SELECT substr(min(opened_at), 1, 7) FROM crisis_cases",
            [],
            |r| r.get::<_, String>(0),
        )
        .unwrap();
    let o = z(
        &db,
        Some("chenjing"),
        &[
            "report",
            "crisis-stats",
            "--month",
            &month,
            "--format",
            "csv",
        ],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_neutral(&text(&o.stdout), &FORMULAS[..3], "crisis stats");
}
