//! The real binary, headless: identity, exit codes, check, backup, export.

mod common;

use std::process::{Command, Output};

use common::*;

fn run(db: &std::path::Path, args: &[&str]) -> Output {
    run_env(db, args, &[])
}

/// Runs the binary on `db` with a pinned clock and extra environment.
fn run_env(db: &std::path::Path, args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Output {
    let mut c = Command::new(bin());
    c.arg("--db").arg(db);
    // English unless the test asks for a language
    if !args.contains(&"--lang") {
        c.args(["--lang", "en"]);
    }
    c.args(args).env_remove("ZHIBAN_DB").env("LANG", "C.UTF-8");
    // the clock is pinned on demo databases only (a real one refuses it)
    if !args.contains(&"init") && !is_real(db) {
        c.env("ZHIBAN_NOW", NOW);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

/// Is `db` an initialised, non-demo database?
fn is_real(db: &std::path::Path) -> bool {
    db.exists()
        && rusqlite::Connection::open(db)
            .and_then(|c| {
                c.query_row("SELECT value FROM app_meta WHERE key = 'demo'", [], |r| {
                    r.get::<_, String>(0)
                })
            })
            .is_ok_and(|v| v == "0")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn me() -> String {
    zhiban::app::identity::os_login().expect("this test needs a passwd entry")
}

#[test]
fn init_then_whoami_by_login_account() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sub/dir/z.db");
    let o = run(&db, &["init", "--admin", &me(), "--name", "王老师"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&db, &["whoami"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("王老师"), "{}", stdout(&o));
    assert!(stdout(&o).contains("roles: Admin"), "{}", stdout(&o));
    // a second init is refused
    let o = run(&db, &["init", "--admin", "x", "--name", "x"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn an_unknown_login_is_refused_by_name_with_who_can_register_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    assert!(
        run(
            &db,
            &["init", "--admin", "someone-else", "--name", "张主任"]
        )
        .status
        .success()
    );
    let o = run(&db, &["whoami"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains(&format!("'{}'", me())), "{e}");
    assert!(e.contains("张主任 (someone-else)"), "{e}");
}

#[test]
fn as_is_honoured_only_on_demo_databases() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    assert!(
        run(&db, &["init", "--admin", &me(), "--name", "王"])
            .status
            .success()
    );
    let o = run(&db, &["--as", "lina", "whoami"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("only on demo databases"),
        "{}",
        stderr(&o)
    );
    // nor does a pinned clock: records and audit entries take the real time
    let o = run_env(
        &db,
        &["whoami"],
        &[("ZHIBAN_NOW", std::ffi::OsStr::new("2020-01-01T00:00:00Z"))],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("ZHIBAN_NOW=2020-01-01T00:00:00Z pins the clock only on a demo"),
        "{}",
        stderr(&o)
    );
    let o = run_env(
        &dir.path().join("new.db"),
        &["init", "--admin", &me(), "--name", "王"],
        &[("ZHIBAN_NOW", std::ffi::OsStr::new("2020-01-01T00:00:00Z"))],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let demo = demo_db(dir.path());
    let o = run(&demo, &["--as", "lina", "whoami"]);
    assert!(stdout(&o).contains("李娜"), "{}", stderr(&o));
}

/// `umask 022` (or 007) at `init` used to leave the database 0644 or 0640:
/// world-readable, or unwritable by the rest of the staff group.
#[test]
fn the_database_is_group_writable_and_copies_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    let dir = tempfile::tempdir().unwrap();
    for (umask, name) in [(0o022, "a.db"), (0o007, "b.db"), (0o077, "c.db")] {
        let db = dir.path().join(name);
        let mut c = Command::new(bin());
        c.arg("--db")
            .arg(&db)
            .args(["init", "--admin", &me(), "--name", "王"]);
        // SAFETY: only sets the child's umask between fork and exec
        unsafe {
            c.pre_exec(move || {
                nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(umask));
                Ok(())
            });
        }
        let o = c.output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(mode(&db), 0o660, "umask {umask:o}");
    }
    // WAL and SHM take the database's mode while a session has it open
    let db = demo_db(dir.path());
    assert_eq!(mode(&db), 0o660);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS t(x); INSERT INTO t VALUES (1);",
    )
    .unwrap();
    let copy = dir.path().join("copy.db");
    let o = run(&db, &["--as", "admin", "backup", copy.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(mode(&copy), 0o600, "a backup holds everything unmasked");
    let out = dir.path().join("students.csv");
    std::fs::write(&out, "old").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = run(
        &db,
        &[
            "--as",
            "admin",
            "export",
            "students",
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(mode(&out), 0o600, "an export is its writer's alone");
    let wal = std::path::PathBuf::from(format!("{}-wal", db.display()));
    assert_eq!(mode(&wal), 0o660);
    drop(conn);
}

#[test]
fn exit_codes_usage_and_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let o = run(&db, &["whoami"]);
    assert_eq!(o.status.code(), Some(2), "no database is a usage error");
    assert!(stderr(&o).contains("zhiban init"));
    assert_eq!(
        run(&db, &["import", "teachers", "x.csv"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&db, &["export", "students", "--format", "pdf"])
            .status
            .code(),
        Some(2)
    );
    for cmd in [
        &["--help"][..],
        &["import", "--help"],
        &["export", "--help"],
        &["demo", "--help"],
        &["check", "--help"],
        &["backup", "--help"],
        &["init", "--help"],
        &["whoami", "--help"],
        &["bench", "--help"],
        &["staff", "--help"],
        &["absence", "--help"],
    ] {
        let o = run(&db, cmd);
        assert!(
            o.status.success() && stdout(&o).contains("Usage"),
            "{cmd:?}"
        );
    }
}

#[test]
fn import_from_the_command_line_prints_every_problem_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    assert!(
        run(&db, &["init", "--admin", &me(), "--name", "王"])
            .status
            .success()
    );
    let f = write(
        dir.path(),
        "bad.csv",
        "学号,姓名,学院\n1,,计算机学院\n1,乙,计算机学院\n".as_bytes(),
    );
    let o = run(&db, &["import", "students", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains(&format!("{}:2: 姓名: missing", f.display())),
        "{e}"
    );
    assert!(
        e.contains(&format!("{}:3: 学号: 1 appears twice", f.display())),
        "{e}"
    );
    let ok = write(
        dir.path(),
        "ok.csv",
        "学号,姓名,学院\n1,甲,计算机学院\n".as_bytes(),
    );
    let o = run(
        &db,
        &["import", "students", ok.to_str().unwrap(), "--dry-run"],
    );
    assert!(
        stdout(&o).contains("would import") && stdout(&o).contains("added 1"),
        "{}",
        stdout(&o)
    );
    let o = run(&db, &["import", "students", ok.to_str().unwrap()]);
    assert!(
        stdout(&o).contains("new colleges: 1 — 计算机学院"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn check_finds_an_audit_row_edited_behind_the_apps_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    assert!(
        run(
            &db,
            &[
                "--as",
                "lina",
                "export",
                "students",
                "-o",
                dir.path().join("x.json").to_str().unwrap()
            ]
        )
        .status
        .success()
    );
    let o = run(&db, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("2 entries, chain intact"),
        "{}",
        stdout(&o)
    );
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        assert!(
            c.execute("UPDATE audit_log SET detail = '{}' WHERE seq = 2", [])
                .is_err(),
            "trigger refuses"
        );
        c.execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE seq = 2;").unwrap();
    }
    let o = run(&db, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("audit log broken at entry 2"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn backup_is_a_consistent_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let copy = dir.path().join("copy.db");
    let o = run(&db, &["--as", "admin", "backup", copy.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(count(&copy, "students"), 1440);
    assert!(run(&copy, &["check"]).status.success());
    let o = run(&db, &["--as", "admin", "backup", copy.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "never overwrites");
    let o = run(
        &db,
        &[
            "--as",
            "lina",
            "backup",
            dir.path().join("mine.db").to_str().unwrap(),
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "admins only: a copy holds everything unmasked"
    );
    assert!(!dir.path().join("mine.db").exists());
    let backups = |p: &std::path::Path| -> i64 {
        rusqlite::Connection::open(p)
            .unwrap()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'db.backup'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    // logged once it was verified, in the database: only the one that was made
    assert_eq!(backups(&db), 1, "refused backups are not logged");
    assert_eq!(backups(&copy), 0);
    // the staff list: admins and leaders
    let o = run(&db, &["--as", "liuyang", "staff"]);
    assert!(
        stdout(&o).contains("lina") && stdout(&o).contains("Counsellor、Duty officer"),
        "{}",
        stdout(&o)
    );
    assert_eq!(run(&db, &["--as", "lina", "staff"]).status.code(), Some(1));
}

#[test]
fn export_json_is_masked_and_documented_fields_are_there() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let o = run(
        &db,
        &["--as", "admin", "export", "students", "--format", "json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 1440);
    for k in [
        "student_id",
        "name",
        "gender",
        "college",
        "major",
        "class",
        "building",
        "room",
        "bed",
        "phone",
        "id_number",
        "counsellor",
        "flags",
    ] {
        assert!(arr[0].get(k).is_some(), "field {k}");
    }
    let phone = arr[0]["phone"].as_str().unwrap();
    assert!(phone.contains("****") && phone.len() == 11, "{phone}");
    assert!(
        arr[0]["id_number"]
            .as_str()
            .unwrap()
            .starts_with("**************")
    );
    // unmasked: admin only, and audit-logged
    let o = run(&db, &["--as", "admin", "export", "students", "--unmasked"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(!v[0]["phone"].as_str().unwrap().contains('*'));
    let o = run(&db, &["--as", "lina", "export", "students", "--unmasked"]);
    assert_eq!(o.status.code(), Some(1));
    let c = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM audit_log WHERE action = 'export.students' AND detail LIKE '%\"unmasked\":true%'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    // a duty officer may not export
    assert_eq!(
        run(&db, &["--as", "sunpeng", "export", "students"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn export_csv_opens_in_excel_and_reimports() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = dir.path().join("s.csv");
    let o = run(
        &db,
        &[
            "--as",
            "admin",
            "export",
            "students",
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success());
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(&[0xef, 0xbb, 0xbf]), "BOM for Excel");
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(text.lines().count(), 1441);
    assert!(text.lines().next().unwrap().contains("学号,姓名,性别,学院"));
}

#[test]
fn demo_same_seed_same_data_and_only_into_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    for p in [&a, &b] {
        let o = run(p, &["demo", "--seed", "7", "--students", "300"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let ea = run(&a, &["--as", "admin", "export", "students", "--unmasked"]);
    let eb = run(&b, &["--as", "admin", "export", "students", "--unmasked"]);
    assert_eq!(ea.stdout, eb.stdout);
    let c = rusqlite::Connection::open(&a).unwrap();
    let has_poly: i64 = c.query_row("SELECT count(*) FROM students WHERE name LIKE '曾%' OR name LIKE '单%' OR name LIKE '解%'", [], |r| r.get(0)).unwrap();
    assert!(has_poly >= 3);
    let roles: i64 = c
        .query_row("SELECT count(DISTINCT role) FROM staff_roles", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(roles, 6, "staff in every role");
    let o = run(&a, &["demo"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("empty database"));
    let other = run(
        &dir.path().join("c.db"),
        &["demo", "--seed", "8", "--students", "300"],
    );
    assert!(other.status.success());
    let ec = run(
        &dir.path().join("c.db"),
        &["--as", "admin", "export", "students", "--unmasked"],
    );
    assert_ne!(ea.stdout, ec.stdout, "another seed, other data");
}

#[test]
fn db_path_from_environment_and_xdg() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(bin())
        .args(["demo", "--students", "60"])
        .env("XDG_DATA_HOME", dir.path())
        .env_remove("ZHIBAN_DB")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dir.path().join("zhiban/zhiban.db").exists());
    let envdb = dir.path().join("env.db");
    let o = Command::new(bin())
        .args(["demo", "--students", "60"])
        .env("ZHIBAN_DB", &envdb)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(envdb.exists());
}

#[test]
fn a_bad_pinned_clock_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let o = Command::new(bin())
        .arg("--db")
        .arg(&db)
        .args(["--lang", "en", "--as", "lina", "export", "students"])
        .env("ZHIBAN_NOW", "tomorrow")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("RFC 3339"));
}

#[test]
fn names_with_escape_sequences_print_harmlessly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    assert!(
        run(&db, &["init", "--admin", &me(), "--name", "王"])
            .status
            .success()
    );
    let evil = "1,\"\u{1b}]52;c;ZXZpbA==\u{7}张\u{1b}[2J三\u{202e}\",计算机学院\n";
    let f = write(
        dir.path(),
        "evil.csv",
        format!("学号,姓名,学院\n{evil}").as_bytes(),
    );
    assert!(
        run(&db, &["import", "students", f.to_str().unwrap()])
            .status
            .success()
    );
    let o = run(&db, &["export", "students", "--format", "csv"]);
    let out = stdout(&o);
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{7}') && !out.contains('\u{202e}'),
        "{out:?}"
    );
    assert!(out.contains("]52;c;ZXZpbA==张[2J三"));
    // stored unchanged
    let c = rusqlite::Connection::open(&db).unwrap();
    let name: String = c
        .query_row("SELECT name FROM students", [], |r| r.get(0))
        .unwrap();
    assert!(name.contains('\u{1b}'));
}

#[test]
fn assets_are_overridden_from_the_config_directory() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let conf = dir.path().join("conf");
    std::fs::create_dir_all(conf.join("i18n")).unwrap();
    std::fs::write(
        conf.join("i18n/zh-CN.toml"),
        "[role]\ncounsellor = \"班主任兼辅导员\"\n",
    )
    .unwrap();
    let o = run_env(
        &db,
        &["--lang", "zh-CN", "--as", "lina", "whoami"],
        &[("ZHIBAN_CONFIG_DIR", conf.as_os_str())],
    );
    assert!(
        stdout(&o).contains("班主任兼辅导员"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    // a broken file names itself
    std::fs::write(
        conf.join("calendar.toml"),
        "[[semester]]\nname = 'x'\nstart = 'soon'\nend = 2027-01-01\n",
    )
    .unwrap();
    let o = run_env(
        &db,
        &["--as", "lina", "whoami"],
        &[("ZHIBAN_CONFIG_DIR", conf.as_os_str())],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("calendar.toml") && stderr(&o).contains("'soon' is not a date"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn export_patrols_json_and_csv_with_date_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let o = run(
        &db,
        &["--as", "liuyang", "export", "patrols", "--format", "json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let all = v.as_array().unwrap();
    assert!(
        all.len() >= 5,
        "the demo has a patrol history: {}",
        all.len()
    );
    for k in [
        "patrol_id",
        "kind",
        "building",
        "started_at",
        "finished_at",
        "staff",
        "rooms",
    ] {
        assert!(all[0].get(k).is_some(), "field {k}");
    }
    let room = &all[0]["rooms"][0];
    for k in ["room", "hygiene", "hazards", "skipped_reason", "presence"] {
        assert!(room.get(k).is_some(), "room field {k}");
    }
    let with_presence = all
        .iter()
        .flat_map(|p| p["rooms"].as_array().unwrap())
        .find(|r| !r["presence"].as_array().unwrap().is_empty())
        .unwrap();
    let p0 = &with_presence["presence"][0];
    assert!(p0["student_id"].as_str().unwrap().starts_with("20"));
    assert!(
        [
            "present",
            "leave",
            "late",
            "out_overnight",
            "unknown",
            "off_campus"
        ]
        .contains(&p0["status"].as_str().unwrap())
    );
    // the last week only (demo now is 2026-11-22 23:04 in Beijing)
    let o = run(
        &db,
        &[
            "--as",
            "liuyang",
            "export",
            "patrols",
            "--from",
            "2026-11-16",
            "--to",
            "2026-11-22",
        ],
    );
    let week: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let n = week.as_array().unwrap().len();
    assert!(n > 0 && n < all.len(), "{n} of {}", all.len());
    assert!(
        week.as_array()
            .unwrap()
            .iter()
            .all(|p| p["started_at"].as_str().unwrap() >= "2026-11-15T16:00:00Z")
    );
    // csv: a line per presence record
    let o = run(
        &db,
        &["--as", "liuyang", "export", "patrols", "--format", "csv"],
    );
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.starts_with("\u{feff}patrol_id,kind,building,started_at"),
        "{}",
        &text[..80]
    );
    assert!(text.lines().count() > 50);
    // not for a role that does not patrol; a bad date is a usage error
    assert_eq!(
        run(&db, &["--as", "zhouhui", "export", "patrols"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run(
            &db,
            &[
                "--as",
                "liuyang",
                "export",
                "patrols",
                "--from",
                "yesterday"
            ]
        )
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn approved_leave_is_recorded_by_the_counsellor_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let o = run(
        &db,
        &[
            "--as",
            "lina",
            "absence",
            "20230100001",
            "--from",
            "2026-11-20",
            "--to",
            "2026-11-25",
            "--note",
            "回家就医",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(
        &db,
        &[
            "--as",
            "lina",
            "absence",
            "20230100001",
            "--kind",
            "off-campus",
            "--from",
            "2026-11-20",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // another college's counsellor may not; a bad kind or order is a usage error
    assert_eq!(
        run(
            &db,
            &[
                "--as",
                "hujingzi",
                "absence",
                "20230100001",
                "--from",
                "2026-11-20"
            ]
        )
        .status
        .code(),
        Some(1)
    );
    assert_eq!(
        run(
            &db,
            &[
                "--as",
                "lina",
                "absence",
                "20230100001",
                "--kind",
                "holiday",
                "--from",
                "2026-11-20"
            ]
        )
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        run(
            &db,
            &[
                "--as",
                "lina",
                "absence",
                "20230100001",
                "--from",
                "2026-11-20",
                "--to",
                "2026-11-01"
            ]
        )
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        run(
            &db,
            &["--as", "lina", "absence", "nobody", "--from", "2026-11-20"]
        )
        .status
        .code(),
        Some(1)
    );
    let c = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'absence.add'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 2);
}

/// `zhiban … | head -1`: when the reader goes away the command ends
/// quietly (no panic, no backtrace), its work already done.
#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut child = Command::new(bin())
        .arg("--db")
        .arg(&db)
        .args(["--lang", "en", "--as", "chenjing", "duty", "search"])
        .env("ZHIBAN_NOW", NOW)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // the pipe's read end is closed here, with output still to come
    let out = child.wait_with_output().unwrap();
    let e = stderr(&out);
    assert!(!first.is_empty());
    assert!(!e.contains("panicked") && !e.contains("Broken pipe"), "{e}");
    assert_eq!(out.status.code(), Some(0), "{e}");
}
