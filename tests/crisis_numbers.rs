//! Every number of a crisis case for those who act on it (and the showing
//! logged with the view), unconfigured school numbers named with their
//! file by `sop check` and `admin check-config`, a student not in the
//! roster, and the case report as a person would write it.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use zhiban::app::crisis::{self, OpenInput};
use zhiban::app::crisis_contacts;

const ZENG: &str = "20230100002"; // 曾敏, 李娜's student

fn open(db: &Path, login: &str, students: &[&str], unlisted: &[&str]) -> i64 {
    let mut a = app(db, login);
    crisis::open_case(
        &mut a,
        &OpenInput {
            kind: "心理危机".into(),
            students: students.iter().map(|s| s.to_string()).collect(),
            location: Some("3号楼顶".into()),
            unlisted: unlisted.iter().map(|s| s.to_string()).collect(),
            ..OpenInput::default()
        },
    )
    .unwrap()
}

fn strings(db: &Path, q: &str, p: &str) -> Vec<String> {
    let c = sql(db);
    let mut st = c.prepare(q).unwrap();
    st.query_map([p], |r| r.get::<_, Option<String>>(0))
        .unwrap()
        .map(|r| r.unwrap().unwrap_or_default())
        .collect()
}

#[test]
fn the_numbers_of_a_case_for_those_who_may_act_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let id = open(&db, "lina", &[ZENG], &[]);
    let a = app(&db, "lina");
    let c = crisis_contacts::contacts(&a, id).unwrap();
    let s = &c.students[0];
    assert_eq!(s.name, "曾敏");
    let phone = strings(
        &db,
        "SELECT phone FROM students WHERE student_no = ?1",
        ZENG,
    );
    assert_eq!(s.phone.as_deref(), Some(phone[0].as_str()));
    assert!(s.room.is_some(), "{s:?}");
    // her roommates, with their phones
    let mates = strings(
        &db,
        "SELECT m.phone FROM students x JOIN bed_assignments a ON a.student_id = x.id JOIN beds b ON b.id = a.bed_id
         JOIN beds b2 ON b2.room_id = b.room_id JOIN bed_assignments a2 ON a2.bed_id = b2.id
         JOIN students m ON m.id = a2.student_id WHERE x.student_no = ?1 AND m.id <> x.id ORDER BY b2.label",
        ZENG,
    );
    assert!(!mates.is_empty());
    assert_eq!(
        s.roommates
            .iter()
            .map(|p| p.phone.clone().unwrap_or_default())
            .collect::<Vec<_>>(),
        mates
    );
    // her guardians, with their phones
    let guardians = strings(
        &db,
        "SELECT g.phone FROM guardians g JOIN students x ON x.id = g.student_id WHERE x.student_no = ?1 ORDER BY g.position",
        ZENG,
    );
    assert!(!guardians.is_empty());
    assert_eq!(
        s.guardians
            .iter()
            .map(|g| g.phone.clone().unwrap_or_default())
            .collect::<Vec<_>>(),
        guardians
    );
    // her counsellor, the college's psych specialist and leader, with phones
    let staff_phone = |login: &str| {
        strings(&db, "SELECT phone FROM staff WHERE login = ?1", login)
            .pop()
            .unwrap()
    };
    let counsellor = s.counsellor.as_ref().unwrap();
    assert_eq!(counsellor.name, "李娜");
    assert_eq!(
        counsellor.phone.as_deref(),
        Some(staff_phone("lina").as_str())
    );
    assert!(
        c.psych_specialists.iter().any(
            |p| p.name == "周慧" && p.phone.as_deref() == Some(staff_phone("zhouhui").as_str())
        ),
        "{c:?}"
    );
    assert!(c.college_leaders.iter().any(|p| p.name == "刘洋"), "{c:?}");
    // the school's numbers: 120 is set; security, the clinic and the hotline
    // are not, and the file to set them in is named
    let n = |k: &str| c.school.iter().find(|n| n.key == k).unwrap();
    assert_eq!(n("120").phone.as_deref(), Some("120"));
    let missing: Vec<&str> = c.unconfigured().iter().map(|n| n.key.as_str()).collect();
    assert_eq!(missing, ["psych_hotline", "security", "clinic"]);
    assert!(c.config_file.ends_with("crisis.toml"), "{}", c.config_file);
    let tx = zhiban::config::Catalog::builtin(zhiban::config::Lang::ZhCn);
    let lines = zhiban::io::contacts_text::all_lines(&tx, &c, &[]);
    let security = lines.iter().find(|l| l.0.contains("保卫处")).unwrap();
    assert!(security.1, "marked as to be configured");
    assert!(
        security.0.contains("未配置号码") && security.0.contains(&c.config_file),
        "{security:?}"
    );
    // showing them is logged once, with the view: how many numbers
    let mut a = app(&db, "lina");
    crisis::view(&mut a, id).unwrap();
    let detail = strings(
        &db,
        "SELECT detail FROM audit_log WHERE action = 'crisis.view' AND entity_id = ?1",
        &id.to_string(),
    );
    assert_eq!(detail, [format!("{{\"numbers\":{}}}", c.count())]);
    assert!(c.count() >= 8, "{}", c.count());
}

#[test]
fn a_counsellor_of_another_college_gets_no_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let id = open(&db, "lina", &[ZENG], &[]);
    let other = strings(
        &db,
        "SELECT s.login FROM staff s JOIN staff_roles r ON r.staff_id = s.id
         WHERE r.role = 'counsellor' AND s.college_id <> (SELECT college_id FROM students WHERE student_no = ?1)
         ORDER BY s.id LIMIT 1",
        ZENG,
    );
    let a = app(&db, &other[0]);
    let e = crisis_contacts::contacts(&a, id).unwrap_err();
    assert!(matches!(e, zhiban::error::Error::Refused(_)), "{e:?}");
    // a duty officer who did not open it: refused too
    let e = crisis_contacts::contacts(&app(&db, "mali"), id).unwrap_err();
    assert!(matches!(e, zhiban::error::Error::Refused(_)), "{e:?}");
}

#[test]
fn a_student_not_in_the_roster_is_opened_by_name_and_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // a number not in the roster is refused, saying what to do instead
    let o = z_as(
        &db,
        NOW,
        "sunpeng",
        &[
            "--lang",
            "zh",
            "crisis",
            "open",
            "--kind",
            "心理危机",
            "--student",
            "20990000001",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("--unlisted"), "{}", err(&o));
    let s = ok(z_as(
        &db,
        NOW,
        "sunpeng",
        &[
            "--lang",
            "zh",
            "crisis",
            "open",
            "--kind",
            "心理危机",
            "--unlisted",
            "王访客",
            "--where",
            "校门口",
        ],
    ));
    assert!(s.contains("已立案"), "{s}");
    let l = ok(z_as(
        &db,
        NOW,
        "sunpeng",
        &["--lang", "zh", "crisis", "list"],
    ));
    assert!(l.contains("王访客（名单外，待核对）"), "{l}");
    let id: i64 = sql(&db)
        .query_row("SELECT max(id) FROM crisis_cases", [], |r| r.get(0))
        .unwrap();
    let r = ok(z_as(
        &db,
        NOW,
        "sunpeng",
        &["--lang", "zh", "report", "case", &id.to_string()],
    ));
    assert!(
        r.contains("王访客（名单外，待核对）") && r.contains("名单外学生：王访客（待核对）"),
        "{r}"
    );
    let c = crisis_contacts::contacts(&app(&db, "sunpeng"), id).unwrap();
    assert_eq!(c.unlisted, ["王访客"]);
}

#[test]
fn the_report_reads_as_a_person_wrote_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let id = open(&db, "lina", &[ZENG], &[]);
    let mut a = app(&db, "lina");
    let yes = Some(true);
    let no = Some(false);
    crisis::screen(&mut a, id, &[yes, yes, no, no, yes, yes], true).unwrap();
    // seven days later, still open
    let later = "2026-11-29T15:04:00Z";
    let r = ok(z_as(
        &db,
        later,
        "lina",
        &["--lang", "zh", "report", "case", &id.to_string()],
    ));
    for line in [
        "近一个月有自杀想法：是",
        "想过自杀的方式：否",
        "其中在近三个月内：是",
        "筛查提示：高风险",
        "处置用时**：7 天",
        "（已逾期 6 天 23 小时）",
        "2026-11-22 23:04",
    ] {
        assert!(r.contains(line), "{line:?} not in\n{r}");
    }
    assert!(
        !r.contains("YY") && !r.contains("(3m)") && !r.contains("T15:04"),
        "{r}"
    );
    // `crisis show`: deadlines in school time, the time left or past in words
    let s = ok(z_as(
        &db,
        later,
        "lina",
        &["--lang", "zh", "crisis", "show", &id.to_string()],
    ));
    assert!(
        s.contains("期限 2026-11-22 23:09（已逾期 6 天 23 小时）") && !s.contains("（-"),
        "{s}"
    );
    // and the numbers, to her who acts on it
    assert!(
        s.contains("联系电话：") && s.contains("曾敏的家长："),
        "{s}"
    );
}

#[test]
fn sop_check_and_check_config_name_what_is_not_set() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    std::fs::create_dir_all(&cfg).unwrap();
    let f = dir.path().join("my.toml");
    std::fs::write(
        &f,
        include_str!("../assets/sop/psych.toml").replace(
            "contacts = [\"120\", \"110\", \"security\"]",
            "contacts = [\"120\", \"dean_office\", \"security\"]",
        ),
    )
    .unwrap();
    let run = |args: &[&str]| {
        Command::new(bin())
            .args(["--lang", "zh"])
            .args(args)
            .env("ZHIBAN_CONFIG_DIR", &cfg)
            .output()
            .unwrap()
    };
    let file = cfg.join("crisis.toml").display().to_string();
    let o = run(&["sop", "check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        err(&o).contains("dean_office") && err(&o).contains("scene") && err(&o).contains(":24"),
        "{}",
        err(&o)
    );
    // the numbers it names that are not set, each with the file to set it in
    assert!(
        out(&o).contains(&format!("{file}：“保卫处”（security）还没有配置号码")),
        "{}",
        out(&o)
    );
    // the built-in template: correct, its unconfigured numbers listed
    let good = dir.path().join("good.toml");
    std::fs::write(&good, include_str!("../assets/sop/psych.toml")).unwrap();
    let o = run(&["sop", "check", good.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        out(&o).contains("正确") && out(&o).contains("“校医院”（clinic）还没有配置号码"),
        "{}",
        out(&o)
    );
    // check-config lists every one, and fails until they are set
    let o = run(&["admin", "check-config"]);
    assert_eq!(o.status.code(), Some(1));
    for name in ["保卫处", "校医院", "心理健康教育中心 24 小时热线"] {
        assert!(out(&o).contains(name), "{}", out(&o));
    }
    assert!(err(&o).contains(&file), "{}", err(&o));
    // the school sets them: check-config passes
    std::fs::write(
        cfg.join("crisis.toml"),
        include_str!("../assets/crisis.toml").replace("请配置本校号码", "010-12345678"),
    )
    .unwrap();
    let o = run(&["admin", "check-config"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert!(out(&o).contains("联系电话都已配置"), "{}", out(&o));
}
