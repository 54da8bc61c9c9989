//! Talks, family contacts, the class ledger and the compliance report from
//! the command line: who reads what, bad input, a transfer mid-semester,
//! and a 待办 line that goes away when the talk is recorded.

mod common;

use std::process::Output;

use common::*;

const NOW: &str = "2026-11-22T07:00:00Z"; // 15:00 Beijing, a Sunday

fn z(db: &std::path::Path, login: &str, args: &[&str]) -> Output {
    z_as(db, NOW, login, args)
}
fn q(db: &std::path::Path, sql: &str) -> String {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get::<_, rusqlite::types::Value>(0))
        .map(|v| match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
        .unwrap()
}
fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", err(o));
    serde_json::from_str(&out(o)).unwrap_or_else(|e| panic!("{e}: {}", out(o)))
}

/// A student of lina's classes with a standing flag of `kind`.
fn flagged(db: &std::path::Path, kind: &str) -> String {
    q(
        db,
        &format!(
            "SELECT s.student_no FROM students s JOIN classes c ON c.id = s.class_id JOIN staff t ON t.id = c.counsellor_id
             JOIN student_flags f ON f.student_id = s.id AND f.cleared_at IS NULL
             WHERE t.login = 'lina' AND f.kind = '{kind}' ORDER BY s.student_no LIMIT 1"
        ),
    )
}

#[test]
fn sensitive_talks_are_read_only_by_those_who_may() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let no = "20230100002"; // lina's student
    for (kind, text) in [
        ("心理关注约谈", "谈及失眠与家庭变故"),
        ("日常谈心", "谈及家中欠债"),
    ] {
        let o = z(
            &db,
            "lina",
            &[
                "talk",
                no,
                text,
                "--kind",
                kind,
                "--sensitive",
                "--at",
                "2026-11-21 15:00",
            ],
        );
        assert!(o.status.success(), "{}", err(&o));
    }
    let read = |login: &str| -> Vec<(String, Option<String>)> {
        let v = json(&z(&db, login, &["export", "talks", "--from", "2026-11-21"]));
        v.as_array()
            .unwrap()
            .iter()
            .filter(|t| t["student_no"] == no && t["sensitive"] == true)
            .map(|t| {
                (
                    t["kind"].as_str().unwrap().to_string(),
                    t["summary"].as_str().map(String::from),
                )
            })
            .collect()
    };
    let lina = read("lina");
    assert_eq!(lina.len(), 2);
    assert!(
        lina.iter().all(|(_, s)| s.is_some()),
        "the author and counsellor: {lina:?}"
    );
    let psych = read("zhouhui");
    assert_eq!(
        psych,
        vec![
            ("psych".to_string(), Some("谈及失眠与家庭变故".to_string())),
            ("daily".to_string(), None)
        ],
        "the psych specialist reads the psych talk only"
    );
    assert!(read("liuyang").iter().all(|(_, s)| s.is_some()), "leaders");
    assert!(
        read("wuqiang").iter().all(|(_, s)| s.is_none()),
        "the aid specialist"
    );
    assert!(
        read("zhaoqiang").is_empty(),
        "another counsellor sees nothing of lina's students"
    );
    // a duty officer may not write a talk, a counsellor not about another's student
    let o = z(&db, "sunpeng", &["talk", no, "x"]);
    assert_eq!(o.status.code(), Some(1));
    let o = z(&db, "zhaoqiang", &["talk", no, "x"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("may not write"), "{}", err(&o));
}

#[test]
fn bad_records_are_refused_with_what_to_fix_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let before = q(&db, "SELECT count(*) FROM talks");
    let cases: [(&[&str], &str); 5] = [
        (
            &["talk", "20230100002", "谈学业", "--at", "2026-11-23 09:00"],
            "in the future",
        ),
        (&["talk", "20230100002", "   "], "summary is empty"),
        (
            &[
                "talk",
                "20230100002",
                "谈学业",
                "--at",
                "2026-11-20",
                "--follow-up-due",
                "2026-11-19",
            ],
            "follow-up is due before",
        ),
        (
            &["talk", "20230100002", "谈学业", "--kind", "闲聊"],
            "not a kind of talk",
        ),
        (
            &["talk", "99999999", "谈学业"],
            "no student with 学号 99999999",
        ),
    ];
    for (args, says) in cases {
        let o = z(&db, "lina", args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(err(&o).contains(says), "{args:?}: {}", err(&o));
    }
    assert_eq!(q(&db, "SELECT count(*) FROM talks"), before);
    let o = z(
        &db,
        "lina",
        &["contact", "20230100002", "告知", "--channel", "信鸽"],
    );
    assert_eq!(o.status.code(), Some(2));
    let o = z(&db, "lina", &["ledger", "班会", "", "--class", "软件2301"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_new_warning_line_goes_away_when_the_talk_is_recorded_and_amendments_keep_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // zhangwei falls behind in the demo: warnings without talks
    let v = json(&z(&db, "zhangwei", &["compliance", "--format", "json"]));
    let line = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "talk.warning-3d" && f["state"] == "overdue")
        .cloned()
        .expect("an overdue warning talk");
    for k in ["rule", "state", "subject", "due", "detail"] {
        assert!(!line[k].is_null(), "{k} in {line}");
    }
    assert!(
        line["detail"]
            .as_str()
            .unwrap()
            .contains("academic warning"),
        "{line}"
    );
    let no = line["student_no"].as_str().unwrap().to_string();
    let o = z(
        &db,
        "zhangwei",
        &[
            "talk",
            &no,
            "分析挂科原因，制定复习计划",
            "--kind",
            "学业预警谈话",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let v = json(&z(&db, "zhangwei", &["compliance", "--format", "json"]));
    assert!(
        !v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "talk.warning-3d" && f["student_no"] == no.as_str()),
        "the line is gone"
    );
    // an amendment keeps the original and counts no second talk
    let id = q(&db, "SELECT max(id) FROM talks");
    let o = z(
        &db,
        "zhangwei",
        &[
            "talk-amend",
            &id,
            "分析挂科原因，制定复习计划；已联系任课教师",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        z(&db, "lina", &["talk-amend", &id, "x"]).status.code() == Some(1),
        "only the author"
    );
    let o = z(
        &db,
        "zhangwei",
        &["export", "talks", "--from", "2026-11-22", "--format", "csv"],
    );
    assert!(
        out(&o).contains("分析挂科原因，制定复习计划,") && out(&o).contains("已联系任课教师"),
        "both stand: {}",
        out(&o)
    );
    assert_eq!(
        q(
            &db,
            &format!("SELECT count(*) FROM talks WHERE amends = {id}")
        ),
        "1"
    );
    let v = json(&z(&db, "zhangwei", &["compliance", "--format", "json"]));
    let talked = v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "talk.coverage")
        .unwrap()["met"]
        .clone();
    let o = z(&db, "zhangwei", &["talk-amend", &id, "再次更正"]);
    assert!(o.status.success());
    let v = json(&z(&db, "zhangwei", &["compliance", "--format", "json"]));
    assert_eq!(
        v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == "talk.coverage")
            .unwrap()["met"],
        talked,
        "an amendment is not another talk"
    );
    // leaders see the college per counsellor with percentages
    let o = z(&db, "liuyang", &["compliance", "--college", "信息工程学院"]);
    assert!(
        out(&o).contains("talk.coverage") && out(&o).contains('%'),
        "{}",
        out(&o)
    );
    let o = z(&db, "lina", &["compliance", "--staff", "zhangwei"]);
    assert_eq!(o.status.code(), Some(1), "a counsellor sees only their own");
    let o = z(&db, "sunpeng", &["compliance"]);
    assert_eq!(o.status.code(), Some(1), "a duty officer has no 待办 rules");
}

#[test]
fn a_student_who_changes_class_mid_semester_keeps_the_talks_they_had() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let no = flagged(&db, "academic_warning");
    let o = z(
        &db,
        "lina",
        &[
            "talk",
            &no,
            "学业预警谈话",
            "--kind",
            "学业预警谈话",
            "--at",
            "2026-11-20 10:00",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    // the student moves to zhaoqiang's class
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE students SET class_id = (SELECT c.id FROM classes c JOIN staff t ON t.id = c.counsellor_id WHERE t.login = 'zhaoqiang' LIMIT 1)
             WHERE student_no = ?1",
            [&no],
        )
        .unwrap();
    let mine = |login: &str| -> Vec<serde_json::Value> {
        json(&z(&db, login, &["compliance", "--format", "json"]))["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["student_no"] == no.as_str())
            .cloned()
            .collect()
    };
    assert!(mine("lina").is_empty(), "no longer lina's");
    let z_lines = mine("zhaoqiang");
    assert!(
        !z_lines
            .iter()
            .any(|f| f["rule"] == "talk.warned" || f["rule"] == "talk.coverage"),
        "talked to this quarter and semester, whoever by: {z_lines:?}"
    );
}

#[test]
fn contacts_ledger_support_and_sweeps_count_for_their_rules() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // a financially-difficult student of lina's without a home visit
    let poor = q(
        &db,
        "SELECT s.student_no FROM students s JOIN classes c ON c.id = s.class_id JOIN staff t ON t.id = c.counsellor_id
         JOIN student_flags f ON f.student_id = s.id AND f.cleared_at IS NULL AND f.kind = 'financial_difficulty'
         LEFT JOIN student_marks m ON m.student_id = s.id
         WHERE t.login = 'lina' AND m.last_home_visit_on IS NULL ORDER BY s.student_no LIMIT 1",
    );
    let home_due = |v: &serde_json::Value| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "aid.home-visit" && f["student_no"] == poor.as_str())
    };
    assert!(home_due(&json(&z(
        &db,
        "lina",
        &["compliance", "--format", "json"]
    ))));
    // a phone call is not a home visit; an online home visit is
    let o = z(
        &db,
        "lina",
        &["contact", &poor, "电话问候", "--channel", "电话"],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(home_due(&json(&z(
        &db,
        "lina",
        &["compliance", "--format", "json"]
    ))));
    let o = z(
        &db,
        "lina",
        &[
            "contact",
            &poor,
            "线上家访，了解家庭情况",
            "--channel",
            "线上家访",
            "--reason",
            "资助家访",
            "--person",
            "父亲",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(!home_due(&json(&z(
        &db,
        "lina",
        &["compliance", "--format", "json"]
    ))));
    let class = q(
        &db,
        "SELECT c.name FROM classes c JOIN staff t ON t.id = c.counsellor_id WHERE t.login = 'lina' ORDER BY c.name LIMIT 1",
    );
    let o = z(
        &db,
        "lina",
        &[
            "ledger",
            "班会",
            "诚信考试主题班会",
            "--class",
            &class,
            "--attendance",
            "56",
            "--absentees",
            "张三（病假）",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let v = json(&z(
        &db,
        "lina",
        &["export", "class-ledger", "--from", "2026-11-22"],
    ));
    assert_eq!(v[0]["topic"], "诚信考试主题班会");
    assert_eq!(v[0]["attendance"], 56);
    // a correction: the meeting counts once, both texts stand
    let id = q(&db, "SELECT max(id) FROM class_ledger");
    let o = z(
        &db,
        "lina",
        &["ledger-amend", &id, "--topic", "诚信考试与期末复习主题班会"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let v = json(&z(
        &db,
        "lina",
        &["export", "class-ledger", "--from", "2026-11-22"],
    ));
    let topics: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["topic"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(topics, ["诚信考试主题班会", "诚信考试与期末复习主题班会"]);
    assert_eq!(v[1]["amends"].to_string(), id);
    assert_eq!(v[1]["attendance"], 56, "what was not corrected is kept");
    let o = z(
        &db,
        "zhaoqiang",
        &["ledger", "班会", "x", "--class", &class],
    );
    assert_eq!(o.status.code(), Some(1), "another counsellor's class");
    // the psych sweep the demo college lacks
    let o = z(
        &db,
        "liuyang",
        &[
            "compliance",
            "--college",
            "信息工程学院",
            "--format",
            "json",
        ],
    );
    assert!(out(&o).contains("special.sweep"), "{}", out(&o));
    assert!(
        z(&db, "liuyang", &["sweep", "psych", "--on", "2026-11-20"])
            .status
            .success()
    );
    let o = z(
        &db,
        "liuyang",
        &[
            "compliance",
            "--college",
            "信息工程学院",
            "--format",
            "json",
        ],
    );
    assert!(!out(&o).contains("special.sweep"), "{}", out(&o));
    let o = z(
        &db,
        "lina",
        &[
            "contact",
            "20230100002",
            "家长来电",
            "--channel",
            "电话",
            "--reason",
            "日常",
        ],
    );
    assert!(o.status.success());
    let id = q(&db, "SELECT max(id) FROM parent_contacts");
    let o = z(
        &db,
        "lina",
        &["contact-amend", &id, "家长来电：询问期末安排"],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        q(
            &db,
            &format!("SELECT count(*) FROM parent_contacts WHERE id = {id} OR amends = {id}")
        ),
        "2",
        "the original stays"
    );
    assert_eq!(
        z(&db, "zhaoqiang", &["contact-amend", &id, "x"])
            .status
            .code(),
        Some(1),
        "only the author"
    );
    let v = json(&z(
        &db,
        "lina",
        &["export", "parent-contacts", "--from", "2026-11-22"],
    ));
    assert_eq!(
        v.as_array().unwrap().last().unwrap()["channel_name"],
        "电话"
    );
}

#[test]
fn old_ledgers_come_in_from_gbk_csv_and_xlsx_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let name = |no: &str| {
        q(
            &db,
            &format!("SELECT name FROM students WHERE student_no = '{no}'"),
        )
    };
    // a talk ledger in GBK, with a title row above the header
    let text = format!(
        "2026年秋季学期谈心谈话记录表\n学号,姓名,谈话时间,谈话地点,谈话类型,谈话内容,辅导员\n\
         20230100002,{},2026/11/18 14:30,办公室,日常谈心,谈学习与作息,lina\n\
         20230100003,{},2026-11-19,宿舍,心理关注约谈,谈情绪与睡眠,\n",
        name("20230100002"),
        name("20230100003")
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let f = write(dir.path(), "谈话记录.csv", &gbk);
    let before = q(&db, "SELECT count(*) FROM talks");
    let o = z(&db, "lina", &["import", "talks", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).contains("added 2") && out(&o).contains("GBK"),
        "{}",
        out(&o)
    );
    assert_eq!(
        q(&db, "SELECT count(*) FROM talks").parse::<i64>().unwrap(),
        before.parse::<i64>().unwrap() + 2
    );
    assert_eq!(
        q(
            &db,
            "SELECT held_at || ' ' || imported_from FROM talks WHERE summary = '谈学习与作息'"
        ),
        "2026-11-18T06:30:00Z 谈话记录.csv"
    );
    let o = z(&db, "lina", &["import", "talks", f.to_str().unwrap()]);
    assert!(
        out(&o).contains("added 0, updated 0, unchanged 2"),
        "again: {}",
        out(&o)
    );
    // every problem, with file, row and column; nothing written
    let bad = write(
        dir.path(),
        "bad.csv",
        "学号,姓名,谈话时间,谈话内容,谈话类型\n20230100002,王五,明天,,闲聊\n99999,x,2026-11-01,谈,日常谈心\n20240100601,x,2026-11-01,谈,日常谈心\n20230100003,,2026-12-30,谈,\n".as_bytes(),
    );
    let before = q(&db, "SELECT count(*) FROM talks");
    let o = z(&db, "lina", &["import", "talks", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    for says in [
        "bad.csv:2: 时间: '明天' is not a date",
        "bad.csv:2: 姓名: 学号 20230100002 is",
        "bad.csv:2: 内容: empty",
        "bad.csv:2: 类型: '闲聊' is not a kind of talk",
        "bad.csv:3: 学号: no student with 学号 '99999'",
        "bad.csv:4: 学号:",
        "not a student you keep records for",
        "bad.csv:5: 时间: this time is in the future",
    ] {
        assert!(e.contains(says), "{says}\n{e}");
    }
    assert_eq!(q(&db, "SELECT count(*) FROM talks"), before);
    // family contacts; a home visit counts for aid.home-visit
    let f = write(
        dir.path(),
        "家长联系.csv",
        "学号,联系时间,联系方式,联系人,事由,联系内容\n20230100002,2026-11-10 19:00,线上家访,母亲,资助家访,了解家庭情况\n20230100003,2026-11-11,电话,父亲,学籍预警通报,通报学业预警\n".as_bytes(),
    );
    let o = z(
        &db,
        "lina",
        &["import", "parent-contacts", f.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        q(
            &db,
            "SELECT m.last_home_visit_on FROM student_marks m JOIN students s ON s.id = m.student_id WHERE s.student_no = '20230100002'"
        ),
        "2026-11-10"
    );
    // a class ledger in xlsx with real Excel dates and times
    let class = q(
        &db,
        "SELECT c.name FROM classes c JOIN staff t ON t.id = c.counsellor_id WHERE t.login = 'lina' ORDER BY c.name LIMIT 1",
    );
    let p = dir.path().join("台账.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["班级", "类型", "时间", "主题", "出勤人数", "缺勤人员"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let rows = [
        ("班会", (2026, 11, 16, 19, 0), "诚信考试", "55"),
        ("查课", (2026, 11, 17, 8, 0), "", "57"),
        ("班委会议", (2026, 11, 18, 12, 30), "期末工作安排", "9"),
    ];
    for (i, (k, (y, mo, d, h, mi), topic, att)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &class).unwrap();
        ws.write_string(r, 1, *k).unwrap();
        let dt = rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *mo, *d)
            .unwrap()
            .and_hms(*h, *mi, 0)
            .unwrap();
        ws.write_datetime_with_format(r, 2, &dt, &fmt).unwrap();
        ws.write_string(r, 3, *topic).unwrap();
        ws.write_number(r, 4, att.parse::<f64>().unwrap()).unwrap();
    }
    wb.save(&p).unwrap();
    let o = z(
        &db,
        "lina",
        &["import", "class-ledger", p.to_str().unwrap(), "--dry-run"],
    );
    assert!(
        out(&o).contains("added 3") && out(&o).contains("dry run"),
        "{}{}",
        out(&o),
        err(&o)
    );
    let o = z(
        &db,
        "lina",
        &["import", "class-ledger", p.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        q(
            &db,
            "SELECT held_at FROM class_ledger WHERE topic = '期末工作安排'"
        ),
        "2026-11-18T04:30:00Z"
    );
    let o = z(
        &db,
        "zhaoqiang",
        &["import", "class-ledger", p.to_str().unwrap()],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "not zhaoqiang's class: {}",
        err(&o)
    );
}

/// A psych specialist who opens a student whose sensitive psychology talk
/// they may read leaves one audit entry naming that talk (the text shown);
/// opening a student with nothing sensitive leaves none.
#[test]
fn a_sensitive_talk_shown_to_the_psych_specialist_is_audit_logged() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let mut lina = common::app(&db, "lina");
    let student = zhiban::app::students::list(&lina)
        .unwrap()
        .into_iter()
        .find(|v| v.counsellor.as_deref() == Some("李娜"))
        .unwrap();
    let talk = zhiban::app::records::record_talk(
        &mut lina,
        &talk_input(&student.student_no, "psych", "情绪低落，有失眠", true),
    )
    .unwrap();
    let mut psych = common::app(&db, "zhouhui");
    let before = q(
        &db,
        "SELECT count(*) FROM audit_log WHERE action = 'student.view'",
    );
    let d = zhiban::app::students::detail(&mut psych, student.id).unwrap();
    assert!(
        d.timeline.iter().any(|i| matches!(
            &i.item,
            zhiban::app::timeline::Item::Talk { summary: Some(s), .. } if s.contains("失眠")
        )),
        "the psych specialist reads it"
    );
    let after = q(
        &db,
        "SELECT count(*) FROM audit_log WHERE action = 'student.view'",
    );
    assert_eq!(
        after.parse::<i64>().unwrap(),
        before.parse::<i64>().unwrap() + 1
    );
    let detail = q(
        &db,
        "SELECT detail FROM audit_log WHERE action = 'student.view' ORDER BY seq DESC LIMIT 1",
    );
    assert!(
        detail.contains(&format!("\"sensitive_talks\":[{talk}]")),
        "{detail}"
    );
}
