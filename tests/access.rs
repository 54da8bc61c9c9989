//! Access that respects colleges (issue 11, item 4), on the two-college
//! demo: what a tester found another college's staff reading or writing is
//! refused or filtered out record by record; the school-wide roles keep
//! their reach; every export is masked, and only an admin's `--unmasked`
//! is not (audit-logged).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;

const T0: &str = "2026-11-22T14:00:00Z"; // 22:00 Beijing
const T1: &str = "2026-11-22T15:30:00Z"; // 23:30
const T2: &str = "2026-11-23T00:10:00Z"; // 08:10 next morning

/// Information engineering (李娜's college) and economics and management.
const INFO: &str = "信息工程学院";
const ECON: &str = "经济管理学院";

fn json(o: Output) -> serde_json::Value {
    let s = ok(o);
    serde_json::from_str(&s).unwrap_or_else(|e| panic!("{e}: {s}"))
}
fn one(db: &Path, q: &str) -> String {
    sql(db)
        .query_row(q, [], |r| r.get::<_, String>(0))
        .unwrap_or_else(|e| panic!("{e}: {q}"))
}
fn n(db: &Path, q: &str) -> i64 {
    sql(db).query_row(q, [], |r| r.get(0)).unwrap()
}
/// The 学号 of every student of `college`.
fn numbers_of(db: &Path, college: &str) -> std::collections::HashSet<String> {
    let c = sql(db);
    let mut st = c
        .prepare(
            "SELECT s.student_no FROM students s JOIN colleges g ON g.id = s.college_id WHERE g.name = ?1",
        )
        .unwrap();
    st.query_map([college], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}
/// The first staff member of `college` holding `role` and no other (a
/// counsellor who also keeps night duty reads patrols school-wide).
fn staff_of(db: &Path, college: &str, role: &str) -> String {
    one(
        db,
        &format!(
            "SELECT s.login FROM staff s JOIN colleges g ON g.id = s.college_id
             WHERE g.name = '{college}' AND EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = s.id AND r.role = '{role}')
             AND (SELECT count(*) FROM staff_roles r WHERE r.staff_id = s.id) = 1 ORDER BY s.id LIMIT 1"
        ),
    )
}
fn first_student_of(db: &Path, college: &str) -> String {
    one(
        db,
        &format!(
            "SELECT s.student_no FROM students s JOIN colleges g ON g.id = s.college_id
             WHERE g.name = '{college}' ORDER BY s.student_no LIMIT 1"
        ),
    )
}

/// The demo without its duty history, with one night logged by 孙鹏 (a
/// school-wide duty officer): a sensitive entry about 李娜's student (left
/// open, so that it is handed over), a sensitive one about a student of
/// economics, and a sensitive desk entry naming no student.
fn night(dir: &Path) -> (std::path::PathBuf, String) {
    let db = demo_db(dir);
    sql(&db)
        .execute_batch(
            "DELETE FROM handover_items; DELETE FROM escalations; DELETE FROM duty_entry_students;
             DELETE FROM duty_entries; DELETE FROM shifts; DELETE FROM duty_swaps; DELETE FROM duty_roster;",
        )
        .unwrap();
    let econ = first_student_of(&db, ECON);
    ok(z_as(
        &db,
        T0,
        "sunpeng",
        &[
            "duty",
            "open",
            "--location",
            "1号楼值班室",
            "--leader",
            "刘洋",
        ],
    ));
    for args in [
        vec!["--student", "20230100002", "--open", "--type", "学生求助"],
        vec!["--student", econ.as_str(), "--type", "学生求助"],
        vec!["--type", "其他"],
    ] {
        let text = match args[0] {
            "--student" if args[1] == "20230100002" => "信工学生情绪崩溃，已送医",
            "--student" => "经管学生夜不归宿，家长已联系",
            _ => "值班室钥匙交接有误",
        };
        let mut a = vec!["duty", "log", text, "--sensitive"];
        a.extend(args);
        ok(z_as(&db, T1, "sunpeng", &a));
    }
    ok(z_as(
        &db,
        T2,
        "sunpeng",
        &["duty", "close", "--handover", "一事待跟进"],
    ));
    (db, econ)
}

#[test]
fn another_colleges_leader_reads_no_sensitive_entry_about_this_colleges_students() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = night(dir.path());
    let econ_leader = staff_of(&db, ECON, "leader");
    let info = "信工学生情绪崩溃";
    // `duty search`: the entry is listed, its text withheld; a text query
    // does not find it
    let s = ok(z_as(
        &db,
        T2,
        &econ_leader,
        &["duty", "search", "--from", "2026-11-22"],
    ));
    assert!(
        !s.contains(info) && s.contains("(sensitive record)"),
        "{econ_leader}: {s}"
    );
    assert!(s.contains("经管学生夜不归宿"), "their own college's: {s}");
    assert!(
        s.contains("值班室钥匙交接有误"),
        "a desk entry is every leader's: {s}"
    );
    let s = ok(z_as(&db, T2, &econ_leader, &["duty", "search", "情绪崩溃"]));
    assert!(!s.contains(info), "{s}");
    // the TUI's search is the same function
    let found = zhiban::app::duty_log::search(
        &app(&db, &econ_leader),
        &zhiban::domain::duty::DutyQuery::default(),
    )
    .unwrap();
    assert!(
        found.len() == 3
            && found
                .iter()
                .all(|f| !f.text.as_deref().unwrap_or("").contains(info)),
        "{found:?}"
    );
    // `export shifts`: not in the paper form, not in the handed-over items
    let md = ok(z_as(
        &db,
        T2,
        &econ_leader,
        &["export", "shifts", "--format", "md"],
    ));
    assert!(
        !md.contains(info) && md.contains("经管学生夜不归宿"),
        "{md}"
    );
    let v = json(z_as(
        &db,
        T2,
        &econ_leader,
        &["export", "shifts", "--format", "json"],
    ));
    assert!(!v.to_string().contains(info), "{v}");
    assert_eq!(v[0]["handed_over"].as_array().unwrap().len(), 1, "{v}");
    // nor whom it is about: the student's name and number are withheld too,
    // and a search by that student does not find it
    assert!(
        !v.to_string().contains("20230100002") && !v.to_string().contains("曾敏"),
        "{v}"
    );
    let s = ok(z_as(
        &db,
        T2,
        &econ_leader,
        &["duty", "search", "--student", "20230100002"],
    ));
    assert!(!s.contains("(sensitive record)"), "{s}");
    // this college's leader, the school's leader and the student's counsellor read it
    for login in ["liuyang", "chenjing", "lina"] {
        let md = ok(z_as(
            &db,
            T2,
            login,
            &["export", "shifts", "--format", "md"],
        ));
        assert!(md.contains(info), "{login}: {md}");
    }
    let md = ok(z_as(
        &db,
        T2,
        "liuyang",
        &["export", "shifts", "--format", "md"],
    ));
    assert!(
        !md.contains("经管学生夜不归宿") && md.contains("- 待跟进：信工学生情绪崩溃"),
        "and not the other college's: {md}"
    );
    // the duty officer keeps the whole log, without the sensitive text
    let s = ok(z_as(
        &db,
        T2,
        "mali",
        &["duty", "search", "--from", "2026-11-22"],
    ));
    assert_eq!(s.matches("(sensitive record)").count(), 3, "{s}");
}

#[test]
fn another_colleges_counsellor_exports_no_presence_of_this_colleges_students() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let info = numbers_of(&db, INFO);
    let econ = numbers_of(&db, ECON);
    let total = n(&db, "SELECT count(*) FROM presence");
    let of_info = |rows: &[serde_json::Value]| -> (usize, usize) {
        let mut ids = Vec::new();
        for p in rows {
            for r in p["rooms"].as_array().unwrap() {
                for m in r["presence"].as_array().unwrap() {
                    ids.push(m["student_id"].as_str().unwrap().to_string());
                }
            }
        }
        (ids.iter().filter(|i| info.contains(*i)).count(), ids.len())
    };
    let counsellor = staff_of(&db, ECON, "counsellor");
    let v = json(z_as(
        &db,
        T0,
        &counsellor,
        &["export", "patrols", "--format", "json"],
    ));
    let (theirs, _) = of_info(v.as_array().unwrap());
    assert_eq!(
        theirs, 0,
        "{counsellor} reads no presence of {INFO}'s students"
    );
    let csv = ok(z_as(
        &db,
        T0,
        &counsellor,
        &["export", "patrols", "--format", "csv"],
    ));
    for line in csv.lines().skip(1) {
        let sid = line.split(',').nth(11).unwrap_or("");
        assert!(sid.is_empty() || econ.contains(sid), "{line}");
    }
    // 李娜 reads her college's rows; the duty officer and the admin every row
    let v = json(z_as(
        &db,
        T0,
        "lina",
        &["export", "patrols", "--format", "json"],
    ));
    assert!(of_info(v.as_array().unwrap()).0 > 0);
    for login in ["mali", "admin"] {
        let v = json(z_as(
            &db,
            T0,
            login,
            &["export", "patrols", "--format", "json"],
        ));
        assert_eq!(of_info(v.as_array().unwrap()).1 as i64, total, "{login}");
    }
    // the patrol history: absences of another college's students are not counted
    let h = zhiban::app::patrols::history(&app(&db, &counsellor), 50).unwrap();
    let own_ids: std::collections::HashSet<i64> = {
        let c = sql(&db);
        let mut st = c
            .prepare("SELECT s.id FROM students s JOIN colleges g ON g.id = s.college_id WHERE g.name = ?1")
            .unwrap();
        st.query_map([ECON], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(
        h.iter()
            .all(|(_, s)| s.absent.iter().all(|(id, _, _)| own_ids.contains(id))),
        "{h:?}"
    );
    let h = zhiban::app::patrols::history(&app(&db, "mali"), 50).unwrap();
    assert!(h.iter().any(|(_, s)| !s.absent.is_empty()));
}

#[test]
fn another_colleges_leader_may_not_write_this_colleges_class_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let econ_leader = staff_of(&db, ECON, "leader");
    let info_class = one(
        &db,
        "SELECT c.name FROM classes c JOIN staff s ON s.id = c.counsellor_id WHERE s.login = 'lina' ORDER BY c.name LIMIT 1",
    );
    let econ_class = one(
        &db,
        &format!(
            "SELECT c.name FROM classes c JOIN colleges g ON g.id = c.college_id WHERE g.name = '{ECON}' ORDER BY c.name LIMIT 1"
        ),
    );
    let before = count(&db, "class_ledger");
    let o = z_as(
        &db,
        T0,
        &econ_leader,
        &["ledger", "班会", "诚信考试主题班会", "--class", &info_class],
    );
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        err(&o).contains(&format!(
            "class {info_class} is of {INFO}, not of {econ_leader}'s college"
        )),
        "{}",
        err(&o)
    );
    assert_eq!(count(&db, "class_ledger"), before, "nothing written");
    // the same in Chinese, from the catalogue
    let o = Command::new(bin())
        .arg("--db")
        .arg(&db)
        .args(["--lang", "zh-CN", "--as", &econ_leader])
        .args(["ledger", "班会", "诚信考试主题班会", "--class", &info_class])
        .env("ZHIBAN_NOW", T0)
        .output()
        .unwrap();
    assert!(
        err(&o).contains(&format!("班级 {info_class} 属于{INFO}")),
        "{}",
        err(&o)
    );
    // a class of their own college, and this college's leader for this class
    ok(z_as(
        &db,
        T0,
        &econ_leader,
        &["ledger", "班会", "经管班会", "--class", &econ_class],
    ));
    ok(z_as(
        &db,
        T0,
        "liuyang",
        &["ledger", "班会", "信工班会", "--class", &info_class],
    ));
    // and a lecture visit naming no class stands as its author's college
    ok(z_as(
        &db,
        T0,
        "lina",
        &["ledger", "听课", "高数课堂纪律良好"],
    ));
    let v = json(z_as(
        &db,
        T0,
        &econ_leader,
        &["export", "class-ledger", "--format", "json"],
    ));
    let s = v.to_string();
    assert!(
        s.contains("经管班会") && !s.contains("信工班会") && !s.contains("高数课堂"),
        "{s}"
    );
    let s = json(z_as(
        &db,
        T0,
        "liuyang",
        &["export", "class-ledger", "--format", "json"],
    ))
    .to_string();
    assert!(
        s.contains("信工班会") && s.contains("高数课堂") && !s.contains("经管班会"),
        "{s}"
    );
    // an import of another college's class is refused row by row
    let f = write(
        dir.path(),
        "ledger.csv",
        format!("班级,类型,时间,主题\n{info_class},班会,2026-11-20 19:00,导入的班会\n").as_bytes(),
    );
    let o = z_as(
        &db,
        T0,
        &econ_leader,
        &["import", "class-ledger", f.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        err(&o).contains("is not a class you keep the ledger of"),
        "{}",
        err(&o)
    );
    assert_eq!(
        n(
            &db,
            "SELECT count(*) FROM class_ledger WHERE topic = '导入的班会'"
        ),
        0
    );
}

#[test]
fn talks_contacts_and_cases_stay_in_their_college() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let econ_leader = staff_of(&db, ECON, "leader");
    let econ_psych = staff_of(&db, ECON, "psych_specialist");
    let econ = first_student_of(&db, ECON);
    // talks and family contacts about this college's students: not written, not read
    let o = z_as(
        &db,
        T0,
        &econ_leader,
        &["talk", "20230100002", "谈心", "--kind", "日常谈心"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let o = z_as(
        &db,
        T0,
        &econ_leader,
        &["contact", "20230100002", "家长来电", "--channel", "电话"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let info = numbers_of(&db, INFO);
    for what in ["talks", "parent-contacts"] {
        let v = json(z_as(
            &db,
            T0,
            &econ_leader,
            &["export", what, "--format", "json"],
        ));
        for r in v.as_array().unwrap() {
            let no = r["student_no"].as_str().unwrap();
            assert!(!info.contains(no), "{what}: {r}");
        }
    }
    // a case about students of both colleges is seen by both colleges' leaders
    // and psych specialists; a case about this college's student by this one's only
    let opened = |students: &[&str]| -> String {
        let mut a = vec!["crisis", "open", "--kind", "psych"];
        for s in students {
            a.extend(["--student", s]);
        }
        ok(z_as(&db, T0, "sunpeng", &a))
            .split_whitespace()
            .nth(3)
            .unwrap()
            .to_string()
    };
    let both = opened(&["20230100002", &econ]);
    let info_only = opened(&["20230100002"]);
    for login in [
        econ_leader.as_str(),
        econ_psych.as_str(),
        "liuyang",
        "zhouhui",
    ] {
        ok(z_as(&db, T0, login, &["crisis", "show", &both]));
    }
    for login in [econ_leader.as_str(), econ_psych.as_str()] {
        let o = z_as(&db, T0, login, &["crisis", "show", &info_only]);
        assert_eq!(o.status.code(), Some(1), "{login}");
        let o = z_as(&db, T0, login, &["crisis", "done", &info_only, "scene"]);
        assert_eq!(o.status.code(), Some(1), "{login}");
        let list = ok(z_as(&db, T0, login, &["crisis", "list"]));
        assert!(
            list.contains(&format!("#{both} ")) && !list.contains(&format!("#{info_only} ")),
            "{login}: {list}"
        );
    }
}

#[test]
fn a_counsellors_student_export_is_masked_like_everyone_elses() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let v = json(z_as(
        &db,
        T0,
        "lina",
        &["export", "students", "--format", "json"],
    ));
    let rows = v.as_array().unwrap();
    let econ = numbers_of(&db, ECON);
    let own_no = "20230100002";
    let own = rows
        .iter()
        .find(|r| r["student_id"] == own_no)
        .expect("her own student");
    let full_phone = one(
        &db,
        &format!("SELECT phone FROM students WHERE student_no = '{own_no}'"),
    );
    let phone = own["phone"].as_str().unwrap();
    assert!(phone.contains("****") && phone != full_phone, "{own}");
    assert!(
        own["id_number"]
            .as_str()
            .unwrap()
            .starts_with("**************"),
        "{own}"
    );
    let mut guardian_phones = 0;
    for r in rows {
        assert!(!econ.contains(r["student_id"].as_str().unwrap()), "{r}");
        for k in ["phone", "id_number"] {
            if let Some(x) = r[k].as_str() {
                assert!(x.contains("****"), "{k}: {r}");
            }
        }
        for g in r["guardians"].as_array().unwrap() {
            if let Some(p) = g["phone"].as_str() {
                guardian_phones += 1;
                assert!(p.contains("****"), "{r}");
            }
        }
    }
    assert!(
        guardian_phones > 0,
        "her students' guardians are there, masked"
    );
    // the CSV too
    let csv = ok(z_as(
        &db,
        T0,
        "lina",
        &["export", "students", "--format", "csv"],
    ));
    assert!(!csv.contains(&full_phone), "{full_phone}");
    // no reveal happened, so none is logged; and she may not pass --unmasked
    let o = z_as(&db, T0, "lina", &["export", "students", "--unmasked"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("--unmasked is for administrators only"));
}

#[test]
fn an_admins_unmasked_export_is_in_full_and_audit_logged() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let logged = |db: &Path| {
        n(
            db,
            "SELECT count(*) FROM audit_log WHERE action = 'export.students' AND actor = 'admin'
             AND detail LIKE '%\"unmasked\":true%'",
        )
    };
    assert_eq!(logged(&db), 0);
    let v = json(z_as(
        &db,
        T0,
        "admin",
        &["export", "students", "--format", "json"],
    ));
    assert!(
        v[0]["phone"].as_str().unwrap().contains("****"),
        "masked by default"
    );
    assert_eq!(logged(&db), 0);
    let v = json(z_as(
        &db,
        T0,
        "admin",
        &["export", "students", "--format", "json", "--unmasked"],
    ));
    let full = one(
        &db,
        &format!(
            "SELECT phone FROM students WHERE student_no = '{}'",
            v[0]["student_id"].as_str().unwrap()
        ),
    );
    assert_eq!(v[0]["phone"].as_str().unwrap(), full);
    assert_eq!(v.as_array().unwrap().len(), 1440, "every college");
    assert_eq!(logged(&db), 1, "who exported in full, when");
}
