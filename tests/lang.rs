//! The command line speaks the reader's language: Chinese by default (and
//! for a Chinese locale), English with `--lang en` or an English locale;
//! errors, import problems and reports alike.

mod common;

use std::process::{Command, Output};

use common::*;

/// Runs the binary on `db` under the locale `lang` (`LANG`; `LC_ALL` and
/// `LC_MESSAGES` removed so that the machine's do not decide).
fn run(db: &std::path::Path, lang: &str, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ZHIBAN_NOW", NOW)
        .env_remove("ZHIBAN_DB")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A roster with a missing name (row 2) and a bad phone number holding an
/// escape sequence (row 3).
fn bad_roster(dir: &std::path::Path) -> std::path::PathBuf {
    write(
        dir,
        "bad.csv",
        "学号,姓名,学院,手机号\n20269900001,,信息工程学院,\n20269900002,乙,信息工程学院,ab\x1b[31mc\n"
            .as_bytes(),
    )
}

#[test]
fn chinese_by_default_and_for_a_chinese_locale() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    for lang in ["zh_CN.UTF-8", "C.UTF-8", ""] {
        let o = run(&db, lang, &["--as", "lina", "whoami"]);
        assert!(o.status.success(), "{}", err(&o));
        let s = out(&o);
        assert!(
            s.contains("李娜（lina）")
                && s.contains("角色：辅导员、值班员")
                && s.contains("（演示库）"),
            "{lang}: {s}"
        );
    }
    // an error from a use case, worded in Chinese, saying what to do
    let o = run(
        &db,
        "zh_CN.UTF-8",
        &["--as", "sunpeng", "duty", "log", "巡查"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        err(&o).trim_end(),
        "zhiban: 你还没有开班：请先用 zhiban duty open 开班"
    );
    let o = run(&db, "zh_CN.UTF-8", &["--as", "sunpeng", "duty", "open"]);
    assert!(out(&o).starts_with("已开班（班次 "), "{}", out(&o));
    // a bad file: every problem as 文件:行: 列: 问题, in Chinese
    let f = bad_roster(dir.path());
    let o = run(
        &db,
        "zh_CN.UTF-8",
        &["--as", "admin", "import", "students", f.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    let lines: Vec<&str> = e.lines().collect();
    let file = f.display().to_string();
    assert_eq!(
        lines[0],
        format!("zhiban: {file}：有 2 处问题，什么都没有写入："),
        "{e}"
    );
    assert_eq!(lines[1], format!("{file}:2: 姓名: 缺少内容：请填写"), "{e}");
    assert!(
        lines[2].starts_with(&format!("{file}:3: 手机号: “ab"))
            && lines[2].ends_with("”只能包含数字、空格、“-”和开头的 +86"),
        "{e}"
    );
    assert!(
        !e.contains('\x1b'),
        "a control character reached the terminal: {e:?}"
    );
    // a usage error, and a bad --lang, are Chinese too
    let o = run(
        &db,
        "zh_CN.UTF-8",
        &["--lang", "fr", "--as", "lina", "whoami"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("--lang fr：请写 zh-CN 或 en"),
        "{}",
        err(&o)
    );
    // a dry run's report
    let ok = write(
        dir.path(),
        "ok.csv",
        "学号,姓名,学院\n20269900003,丙,新学院\n".as_bytes(),
    );
    let o = run(
        &db,
        "zh_CN.UTF-8",
        &[
            "--as",
            "admin",
            "import",
            "students",
            ok.to_str().unwrap(),
            "--dry-run",
        ],
    );
    let s = out(&o);
    assert!(
        s.contains("将导入学生 1 行")
            && s.contains("新增 1，更新 0，未变 0")
            && s.contains("新建学院：1 — 新学院")
            && s.contains("（只检查：什么都没有写入）"),
        "{s}"
    );
}

#[test]
fn english_with_lang_en_or_an_english_locale() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // --lang wins over the locale; an English locale alone is enough
    for (lang, args) in [
        ("zh_CN.UTF-8", vec!["--lang", "en"]),
        ("en_US.UTF-8", vec![]),
    ] {
        let mut a = args.clone();
        a.extend(["--as", "lina", "whoami"]);
        let o = run(&db, lang, &a);
        assert!(o.status.success(), "{}", err(&o));
        let s = out(&o);
        assert!(
            s.contains("李娜 (lina)") && s.contains("roles: Counsellor、Duty officer"),
            "{lang}: {s}"
        );
    }
    let en = |args: &[&str]| {
        let mut a = vec!["--lang", "en"];
        a.extend_from_slice(args);
        run(&db, "zh_CN.UTF-8", &a)
    };
    let o = en(&["--as", "sunpeng", "duty", "log", "round"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        err(&o).trim_end(),
        "zhiban: you have no open shift; open one with `zhiban duty open`"
    );
    let o = en(&["--as", "sunpeng", "duty", "open"]);
    assert!(out(&o).starts_with("opened shift "), "{}", out(&o));
    let f = bad_roster(dir.path());
    let o = en(&["--as", "admin", "import", "students", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    let lines: Vec<&str> = e.lines().collect();
    let file = f.display().to_string();
    assert_eq!(
        lines[0],
        format!("zhiban: {file}: 2 problems; nothing was written:"),
        "{e}"
    );
    assert_eq!(lines[1], format!("{file}:2: 姓名: missing"), "{e}");
    assert!(
        lines[2].starts_with(&format!("{file}:3: 手机号: 'ab"))
            && lines[2].ends_with("' may hold only digits, spaces, '-' and a leading +86"),
        "{e}"
    );
    assert!(!e.contains('\x1b'), "{e:?}");
}

#[test]
fn built_in_choices_are_labelled_in_english_and_stored_by_code() {
    use zhiban::config::{Assets, Lang};
    let en = Assets::builtin(Lang::En);
    let zh = Assets::builtin(Lang::ZhCn);
    assert_eq!(
        en.checklist.hazard("appliance").unwrap().label,
        "banned appliance"
    );
    assert_eq!(zh.checklist.hazard("appliance").unwrap().label, "违章电器");
    assert_eq!(en.checklist.hygiene[0], "excellent");
    // a grade chosen in English is stored as the checklist writes it
    assert_eq!(en.checklist.stored_grade("excellent"), Some("优"));
    assert_eq!(en.checklist.stored_grade("优"), Some("优"));
    assert_eq!(en.checklist.shown_grade("优"), "excellent");
    assert_eq!(en.checklist.stored_skip_reason("locked"), "门锁");
    assert_eq!(en.kinds.talk_name("psych"), "Psychological-concern talk");
    assert_eq!(zh.kinds.talk_name("psych"), "心理关注约谈");
    // the Chinese name is still read (imports, command lines)
    assert_eq!(en.kinds.talk_code("心理关注约谈").unwrap(), "psych");
    let psych = en.sops.iter().find(|(t, _)| t.kind == "psych").unwrap();
    assert_eq!(psych.0.steps[0].title, "Secure the scene");
    assert_eq!(psych.0.phases[0].name, "Emergency response");
    // a school's file without English labels keeps its Chinese ones
    let own = zhiban::domain::patrol::Checklist::parse(
        "min_seconds_per_room = 20\nhygiene = ['好', '差']\nskip_reasons = ['锁门']\n[[hazard]]\nid = 'x'\nlabel = '隐患'\n",
    )
    .unwrap()
    .in_lang(true);
    assert_eq!(own.hygiene, ["好", "差"]);
    assert_eq!(own.hazards[0].label, "隐患");
}

/// The command line's own mistakes are worded in the reader's language too,
/// naming the argument, with clap's exit code for usage (2).
#[test]
fn command_line_mistakes_in_the_readers_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let o = run(&db, "zh_CN.UTF-8", &["--as", "lina", "--bogus"]);
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    assert!(e.contains("不认识的参数“--bogus”"), "{e}");
    assert!(!e.contains("unexpected argument"), "{e}");

    let o = run(&db, "zh_CN.UTF-8", &["export", "nonsense"]);
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    assert!(
        e.contains("没有“nonsense”这一项") && e.contains("students"),
        "{e}"
    );

    let o = run(&db, "zh_CN.UTF-8", &["--lang", "en", "frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    assert!(e.contains("there is no command “frobnicate”"), "{e}");

    // a validator's own (catalogue) message is kept, after the argument
    let o = run(
        &db,
        "zh_CN.UTF-8",
        &["--as", "lina", "export", "patrols", "--from", "2026-13-01"],
    );
    let e = err(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.contains("不是日期") && !e.contains("invalid value"),
        "{e}"
    );

    // help is still clap's, on standard output, and succeeds
    let o = run(&db, "zh_CN.UTF-8", &["--help"]);
    assert!(o.status.success());
    assert!(out(&o).contains("--lang"));
}

/// A report is a filing on the school's Chinese forms: with `--lang en` its
/// talk kinds and crisis steps are Chinese too, not English inside Chinese
/// headings.
#[test]
fn a_report_is_worded_in_the_schools_language_whatever_the_interface() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let zh = run(&db, "zh_CN.UTF-8", &["--as", "liuyang", "report", "weekly"]);
    let en = run(
        &db,
        "en_US.UTF-8",
        &["--as", "liuyang", "--lang", "en", "report", "weekly"],
    );
    assert!(zh.status.success(), "{}", err(&zh));
    assert!(en.status.success(), "{}", err(&en));
    let (zh, en) = (out(&zh), out(&en));
    assert!(zh.contains("谈话按类型") && zh.contains("日常谈心"), "{zh}");
    assert!(
        !en.contains("Everyday talk") && en.contains("日常谈心"),
        "{en}"
    );
    // the same filing either way, but for the stamp of who made it
    assert_eq!(zh.lines().count(), en.lines().count());
}

/// In a session in English a report is built again and again (its preview
/// on each key): each one the same Chinese filing, and the session's own
/// words English again after each.
#[test]
fn reports_in_an_english_session_are_chinese_each_time() {
    use std::sync::Arc;
    use zhiban::config::{Assets, Lang};
    use zhiban::io::reports::{self, ReportKind};
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut a =
        zhiban::app::session::open_as(&db, "liuyang", clock(), Arc::new(Assets::builtin(Lang::En)))
            .unwrap();
    let period = ReportKind::Weekly.default_period(a.today());
    let mut built = Vec::new();
    for _ in 0..3 {
        let book = reports::build(&mut a, ReportKind::Weekly, &period, None).unwrap();
        assert_eq!(a.assets().lang, Lang::En, "the session's own words");
        built.push(book.to_md());
    }
    assert!(built[0].contains("日常谈心"), "{}", built[0]);
    assert!(!built[0].contains("Everyday talk"), "{}", built[0]);
    assert!(built.iter().all(|b| *b == built[0]));
}
