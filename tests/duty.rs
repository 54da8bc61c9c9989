//! Night duty from the command line: a shift's life, the handover, the
//! time rules, amendments, escalations.

mod common;

use common::*;

fn q(db: &std::path::Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// The demo without its duty history: these tests follow one shift's life.
fn fresh(dir: &std::path::Path) -> std::path::PathBuf {
    let db = demo_db(dir);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "DELETE FROM handover_items; DELETE FROM escalations; DELETE FROM duty_entry_students;
             DELETE FROM duty_entries; DELETE FROM shifts; DELETE FROM duty_swaps; DELETE FROM duty_roster;",
        )
        .unwrap();
    db
}

const T0: &str = "2026-11-22T14:00:00Z"; // 22:00 Beijing
const T1: &str = "2026-11-22T15:30:00Z"; // 23:30
const T2: &str = "2026-11-23T00:10:00Z"; // 08:10 next morning

#[test]
fn a_shift_from_opening_to_handover_and_the_next_officer_acknowledging() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let o = z_as(
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
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = z_as(
        &db,
        T1,
        "sunpeng",
        &[
            "duty",
            "log",
            "1号楼巡查，一切正常",
            "--type",
            "巡查",
            "--at",
            "22:40",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = z_as(
        &db,
        T1,
        "sunpeng",
        &[
            "duty",
            "log",
            "学生来电：室友曾敏未归",
            "--type",
            "来电",
            "--student",
            "20230100002",
        ],
    );
    assert!(out(&o).contains("logged entry 2"), "{}", err(&o));
    let o = z_as(
        &db,
        T1,
        "sunpeng",
        &["duty", "escalate", "2", "--channel", "电话"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = z_as(
        &db,
        T1,
        "sunpeng",
        &["duty", "log", "门禁故障", "--type", "设施报修", "--open"],
    );
    assert!(o.status.success());
    // a correction keeps the original
    let o = z_as(
        &db,
        T1,
        "sunpeng",
        &["duty", "amend", "1", "1号楼、2号楼巡查，一切正常"],
    );
    assert!(out(&o).contains("amends 1"), "{}", err(&o));
    assert_eq!(
        q(
            &db,
            "SELECT count(*) FROM duty_entries WHERE id = 1 AND text = '1号楼巡查，一切正常'"
        ),
        1
    );
    assert_eq!(q(&db, "SELECT amends FROM duty_entries WHERE id = 4"), 1);
    // the leader on call was pre-filled from the shift
    assert_eq!(
        q(
            &db,
            "SELECT count(*) FROM escalations WHERE leader = '刘洋' AND channel = 'phone'"
        ),
        1
    );
    let o = z_as(
        &db,
        T2,
        "sunpeng",
        &[
            "duty",
            "close",
            "--handover",
            "曾敏一事已报刘洋，待回复；门禁待修",
            "--to",
            "mali",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    assert!(
        text.contains("round 1") && text.contains("phone call 1") && text.contains("1 unanswered"),
        "{text}"
    );
    assert!(
        text.contains("handed over: 已上报刘洋，待回复：学生来电：室友曾敏未归")
            && text.contains("handed over: 待跟进：门禁故障"),
        "{text}"
    );
    // the next officer sees the note and must acknowledge before writing
    let o = z_as(&db, T2, "mali", &["duty", "open"]);
    let text = out(&o);
    assert!(
        text.contains("曾敏一事已报刘洋")
            && text.contains("to acknowledge #1")
            && text.contains("#2"),
        "{text}"
    );
    let o = z_as(&db, T2, "mali", &["duty", "log", "接班"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("acknowledgement"), "{}", err(&o));
    assert!(
        z_as(&db, T2, "mali", &["duty", "ack", "1"])
            .status
            .success()
    );
    assert!(
        z_as(
            &db,
            T2,
            "mali",
            &["duty", "ack", "2", "--close", "维修工已修好"]
        )
        .status
        .success()
    );
    assert_eq!(
        z_as(&db, T2, "mali", &["duty", "ack", "2", "--close", "again"])
            .status
            .code(),
        Some(1)
    );
    assert!(
        z_as(
            &db,
            T2,
            "mali",
            &["duty", "log", "接班巡查", "--type", "巡查"]
        )
        .status
        .success()
    );
    // the item taken over goes on at the next close; the closed one does not
    let o = z_as(
        &db,
        T2,
        "mali",
        &["duty", "close", "--handover", "曾敏一事仍待回复"],
    );
    assert!(
        out(&o).contains("handed over: 已上报刘洋") && !out(&o).contains("门禁"),
        "{}",
        out(&o)
    );
    // 2 opens, 4 logs, 1 amend, 1 escalation, 2 acknowledgements, 2 closes
    assert_eq!(
        q(
            &db,
            "SELECT count(*) FROM audit_log WHERE action LIKE 'shift.%' OR action LIKE 'duty.%' OR action = 'handover.ack'"
        ),
        2 + 4 + 1 + 1 + 2 + 2
    );
}

#[test]
fn times_in_the_future_or_before_the_shift_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    assert!(
        z_as(
            &db,
            T1,
            "sunpeng",
            &["duty", "open", "--location", "值班室", "--leader", "刘洋"]
        )
        .status
        .success()
    );
    let o = z_as(
        &db,
        T1,
        "sunpeng",
        &["duty", "log", "x", "--at", "2026-11-23 09:00"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("09:00 is later than now (23:30)"),
        "{}",
        err(&o)
    );
    let o = z_as(&db, T1, "sunpeng", &["duty", "log", "x", "--at", "21:00"]);
    assert!(
        err(&o).contains("21:00 is earlier than the shift opened at 23:30"),
        "{}",
        err(&o)
    );
    // a clock time a little ahead of now is not yet come (it is not
    // last night's, before the shift), in the CLI as in the TUI
    let o = z_as(&db, T1, "sunpeng", &["duty", "log", "x", "--at", "23:40"]);
    assert!(
        err(&o).contains("23:40 is later than now (23:30)"),
        "{}",
        err(&o)
    );
    let o = z_as(
        &db,
        T1,
        "sunpeng",
        &["--lang", "zh-CN", "duty", "log", "x", "--at", "23:40"],
    );
    assert!(err(&o).contains("23:40 晚于现在（23:30）"), "{}", err(&o));
    let o = z_as(&db, T1, "sunpeng", &["duty", "log", "x", "--at", "soon"]);
    assert_eq!(o.status.code(), Some(2));
    // after midnight, 23:50 means last evening
    let o = z_as(
        &db,
        "2026-11-22T16:20:00Z",
        "sunpeng",
        &["duty", "log", "零点前巡查", "--at", "23:50"],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        q(
            &db,
            "SELECT count(*) FROM duty_entries WHERE happened_at = '2026-11-22T15:50:00Z' AND written_at = '2026-11-22T16:20:00Z'"
        ),
        1
    );
}

#[test]
fn no_shift_no_entry_and_only_duty_officers_open_shifts() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let o = z_as(&db, T1, "sunpeng", &["duty", "log", "x"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("no open shift"));
    let o = z_as(
        &db,
        T1,
        "zhouhui",
        &["duty", "open", "--location", "值班室", "--leader", "刘洋"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("not a duty officer"));
    assert!(
        z_as(
            &db,
            T1,
            "sunpeng",
            &["duty", "open", "--location", "值班室", "--leader", "刘洋"]
        )
        .status
        .success()
    );
    assert_eq!(
        z_as(
            &db,
            T1,
            "sunpeng",
            &["duty", "open", "--location", "值班室", "--leader", "刘洋"]
        )
        .status
        .code(),
        Some(1),
        "one open shift per officer"
    );
    assert_eq!(
        z_as(&db, T1, "sunpeng", &["duty", "log", "x", "--type", "聚会"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        z_as(
            &db,
            T1,
            "sunpeng",
            &["duty", "log", "x", "--student", "nobody"]
        )
        .status
        .code(),
        Some(1)
    );
    assert_eq!(
        z_as(&db, T1, "sunpeng", &["duty", "close", "--handover", " "])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn an_answered_escalation_is_not_handed_over() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    assert!(
        z_as(
            &db,
            T0,
            "sunpeng",
            &["duty", "open", "--location", "值班室", "--leader", "刘洋"]
        )
        .status
        .success()
    );
    assert!(
        z_as(
            &db,
            T1,
            "sunpeng",
            &["duty", "log", "学生突发腹痛，已送医", "--type", "突发事件"]
        )
        .status
        .success()
    );
    assert!(
        z_as(
            &db,
            T1,
            "sunpeng",
            &["duty", "escalate", "1", "--channel", "微信"]
        )
        .status
        .success()
    );
    let o = z_as(
        &db,
        T1,
        "sunpeng",
        &["duty", "respond", "1", "刘洋：已知悉，请辅导员陪同"],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        z_as(&db, T1, "sunpeng", &["duty", "respond", "1", "again"])
            .status
            .code(),
        Some(1)
    );
    let o = z_as(
        &db,
        T2,
        "sunpeng",
        &["duty", "close", "--handover", "已送医学生情况稳定"],
    );
    assert!(
        out(&o).contains("escalations 1 (0 unanswered)") && !out(&o).contains("handed over"),
        "{}",
        out(&o)
    );
    assert_eq!(q(&db, "SELECT count(*) FROM handover_items"), 0);
}

#[test]
fn shifts_export_as_json_csv_and_the_paper_form() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    assert!(
        z_as(
            &db,
            T0,
            "sunpeng",
            &[
                "duty",
                "open",
                "--location",
                "1号楼值班室",
                "--leader",
                "刘洋"
            ]
        )
        .status
        .success()
    );
    assert!(
        z_as(
            &db,
            T1,
            "sunpeng",
            &[
                "duty",
                "log",
                "学生来电：室友未归",
                "--type",
                "来电",
                "--student",
                "20230100002"
            ]
        )
        .status
        .success()
    );
    assert!(
        z_as(
            &db,
            T1,
            "sunpeng",
            &[
                "duty",
                "log",
                "学生情绪崩溃，心理中心已介入",
                "--type",
                "学生求助",
                "--student",
                "20230100003",
                "--sensitive"
            ]
        )
        .status
        .success()
    );
    assert!(
        z_as(
            &db,
            T1,
            "sunpeng",
            &["duty", "escalate", "1", "--channel", "电话"]
        )
        .status
        .success()
    );
    assert!(
        z_as(
            &db,
            T2,
            "sunpeng",
            &["duty", "close", "--handover", "一事待回复"]
        )
        .status
        .success()
    );
    // the paper form
    let o = z_as(&db, T2, "liuyang", &["export", "shifts", "--format", "md"]);
    assert!(o.status.success(), "{}", err(&o));
    let md = out(&o);
    assert!(
        md.contains("# 值班记录表")
            && md.contains("| 孙鹏 | 1号楼值班室 | 刘洋 | 2026-11-22 22:00 | 2026-11-23 08:10 |"),
        "{md}"
    );
    assert!(
        md.contains("| 23:30 | 来电 | 学生来电：室友未归 | 20230100002 | 23:30 电话刘洋 |"),
        "{md}"
    );
    assert!(
        md.contains("学生情绪崩溃"),
        "a leader reads sensitive entries"
    );
    assert!(
        md.contains("## 交接班")
            && md.contains("一事待回复")
            && md.contains("- 已上报刘洋，待回复：学生来电：室友未归"),
        "{md}"
    );
    // another duty officer does not read the sensitive one
    let o = z_as(&db, T2, "mali", &["export", "shifts"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let entries = v[0]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    for k in [
        "entry_id",
        "type",
        "happened_at",
        "written_at",
        "text",
        "sensitive",
        "students",
        "escalations",
    ] {
        assert!(entries[0].get(k).is_some(), "{k}");
    }
    assert!(entries[1]["text"].is_null() && entries[1]["sensitive"] == true);
    // the student's counsellor does
    let o = z_as(&db, T2, "lina", &["export", "shifts", "--format", "csv"]);
    assert!(out(&o).contains("学生情绪崩溃"), "{}", err(&o));
    // a psych specialist may not read duty records
    assert_eq!(
        z_as(&db, T2, "zhouhui", &["export", "shifts"])
            .status
            .code(),
        Some(1)
    );
    // Markdown is the paper form for shifts, a table for any other export
    let md = ok(z_as(
        &db,
        T2,
        "admin",
        &["export", "students", "--format", "md"],
    ));
    assert!(
        md.starts_with("# 学生名册\n") && md.contains("| 学号 | 姓名 |"),
        "{md}"
    );
}

#[test]
fn the_roster_is_imported_viewed_swapped_and_opens_the_shift() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let text = "值班日期,班次,值班人,值班领导,地点\n2026-11-22,夜班,sunpeng,刘洋,1号楼值班室\n2026-11-23,夜班,马丽,陈静,1号楼值班室\n";
    let f = write(dir.path(), "roster.csv", text.as_bytes());
    let o = z_as(
        &db,
        T0,
        "admin",
        &["import", "duty-roster", f.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("added 2"), "{}", out(&o));
    // the same file again changes nothing, and says so
    let o = z_as(
        &db,
        T0,
        "admin",
        &["import", "duty-roster", f.to_str().unwrap()],
    );
    assert!(
        out(&o).contains("added 0, updated 0, unchanged 2"),
        "{}",
        out(&o)
    );
    // bad rows: all named, nothing written
    let bad = write(
        dir.path(),
        "bad.csv",
        "日期,值班人\n明天,sunpeng\n2026-11-24,zhouhui\n2026-11-25,nobody\n".as_bytes(),
    );
    let o = z_as(
        &db,
        T0,
        "admin",
        &["import", "duty-roster", bad.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    assert!(e.contains(":2: 日期: '明天' is not a date"), "{e}");
    let o = z_as(
        &db,
        T0,
        "admin",
        &[
            "import",
            "duty-roster",
            write(
                dir.path(),
                "b2.csv",
                "日期,值班人\n2026-11-24,zhouhui\n2026-11-25,nobody\n".as_bytes(),
            )
            .to_str()
            .unwrap(),
        ],
    );
    let e = err(&o);
    assert!(
        e.contains(":2: 值班人: 周慧 (zhouhui) is registered but not as Duty officer")
            && e.contains(":3: 值班人: 'nobody' is not registered staff"),
        "{e}"
    );
    assert_eq!(q(&db, "SELECT count(*) FROM duty_roster"), 2);
    // this week's roster
    let o = z_as(&db, T0, "sunpeng", &["duty", "roster"]);
    // with the numbers to call, in full for a duty officer
    let line = out(&o)
        .lines()
        .find(|l| l.starts_with("2026-11-22 夜班 孙鹏 "))
        .unwrap_or_default()
        .to_string();
    assert!(
        line.contains(" leader 刘洋 1") && line.ends_with(" 1号楼值班室") && !line.contains('*'),
        "{}",
        out(&o)
    );
    let o = z_as(&db, T0, "admin", &["duty", "roster"]);
    assert!(
        out(&o).contains("leader 刘洋 1") && out(&o).contains("****"),
        "masked for an admin: {}",
        out(&o)
    );
    // a swap is recorded, with approval, and shows
    let o = z_as(
        &db,
        T0,
        "mali",
        &[
            "duty",
            "swap",
            "--date",
            "2026-11-23",
            "--from",
            "mali",
            "--to",
            "sunpeng",
            "--approved-by",
            "陈静",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = z_as(
        &db,
        T0,
        "sunpeng",
        &[
            "duty",
            "roster",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-23",
        ],
    );
    assert!(
        out(&o).contains("2026-11-23 夜班 孙鹏")
            && out(&o).contains("[swapped: was 马丽, approved by 陈静]"),
        "{}",
        out(&o)
    );
    assert_eq!(
        z_as(
            &db,
            T0,
            "lina",
            &[
                "duty",
                "swap",
                "--date",
                "2026-11-22",
                "--from",
                "sunpeng",
                "--to",
                "mali",
                "--approved-by",
                "x"
            ]
        )
        .status
        .code(),
        Some(1)
    );
    assert_eq!(
        q(
            &db,
            "SELECT count(*) FROM audit_log WHERE action = 'duty.swap'"
        ),
        1
    );
    // opening tonight's shift takes location and leader from the roster
    assert!(z_as(&db, T0, "sunpeng", &["duty", "open"]).status.success());
    assert_eq!(
        q(
            &db,
            "SELECT count(*) FROM shifts WHERE location = '1号楼值班室' AND leader = '刘洋'"
        ),
        1
    );
}

#[test]
fn entries_are_searched_across_shifts() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    assert!(
        z_as(
            &db,
            T0,
            "sunpeng",
            &["duty", "open", "--location", "值班室", "--leader", "刘洋"]
        )
        .status
        .success()
    );
    assert!(
        z_as(
            &db,
            T1,
            "sunpeng",
            &[
                "duty",
                "log",
                "学生来电：室友未归（100%确认）",
                "--type",
                "来电",
                "--student",
                "20230100002"
            ]
        )
        .status
        .success()
    );
    assert!(
        z_as(
            &db,
            T1,
            "sunpeng",
            &["duty", "log", "3号楼巡查", "--type", "巡查"]
        )
        .status
        .success()
    );
    assert!(
        z_as(
            &db,
            T1,
            "sunpeng",
            &[
                "duty",
                "log",
                "心理危机学生已转介",
                "--type",
                "学生求助",
                "--student",
                "20230100003",
                "--sensitive"
            ]
        )
        .status
        .success()
    );
    assert!(
        z_as(&db, T2, "sunpeng", &["duty", "close", "--handover", "平稳"])
            .status
            .success()
    );
    let o = z_as(&db, T2, "mali", &["duty", "search", "未归"]);
    assert!(
        out(&o).contains("[phone call] 学生来电：室友未归（100%确认）  (孙鹏"),
        "{}",
        err(&o)
    );
    assert!(!out(&o).contains("巡查"));
    let o = z_as(&db, T2, "mali", &["duty", "search", "--type", "巡查"]);
    assert!(
        out(&o).contains("3号楼巡查") && !out(&o).contains("来电"),
        "{}",
        out(&o)
    );
    let o = z_as(
        &db,
        T2,
        "mali",
        &["duty", "search", "--student", "20230100002"],
    );
    assert_eq!(out(&o).lines().count(), 1, "{}", out(&o));
    let o = z_as(&db, T2, "mali", &["duty", "search", "100%"]);
    assert_eq!(out(&o).lines().count(), 1, "% is literal: {}", out(&o));
    // the sensitive one: withheld from another duty officer, shown to the counsellor and leaders
    assert!(
        out(&z_as(
            &db,
            T2,
            "mali",
            &["duty", "search", "--type", "学生求助"]
        ))
        .contains("(sensitive record)")
    );
    assert!(
        out(&z_as(
            &db,
            T2,
            "lina",
            &["duty", "search", "--type", "学生求助"]
        ))
        .contains("心理危机学生已转介")
    );
    assert!(
        out(&z_as(&db, T2, "liuyang", &["duty", "search", "转介"])).contains("心理危机学生已转介")
    );
    assert!(
        out(&z_as(&db, T2, "mali", &["duty", "search", "转介"])).contains("nothing found"),
        "a text match would leak the content"
    );
    let o = z_as(&db, T2, "mali", &["duty", "search", "--from", "2026-11-23"]);
    assert!(out(&o).contains("nothing found"), "{}", out(&o));
}

#[test]
fn two_desks_hand_over_each_to_their_own_next_officer() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let open = |login: &str, at: &str, place: &str| {
        let o = z_as(
            &db,
            at,
            login,
            &["duty", "open", "--location", place, "--leader", "刘洋"],
        );
        assert!(o.status.success(), "{}", err(&o));
        out(&o)
    };
    open("sunpeng", T0, "东区值班室");
    open("mali", T0, "西区值班室");
    for (who, text) in [("sunpeng", "东区3号楼门禁故障"), ("mali", "西区热水停供")] {
        let o = z_as(
            &db,
            T1,
            who,
            &["duty", "log", text, "--type", "设施报修", "--open"],
        );
        assert!(o.status.success(), "{}", err(&o));
    }
    assert!(
        z_as(
            &db,
            T2,
            "sunpeng",
            &["duty", "close", "--handover", "东区一项未结"]
        )
        .status
        .success()
    );
    assert!(
        z_as(
            &db,
            T2,
            "mali",
            &["duty", "close", "--handover", "西区一项未结"]
        )
        .status
        .success()
    );
    // the next east officer gets the east note and item only
    const T3: &str = "2026-11-23T08:40:00Z"; // 16:40 the next day
    let shown = open("zhangwei", T3, "东区值班室");
    assert!(
        shown.contains("东区一项未结") && shown.contains("东区3号楼门禁故障"),
        "{shown}"
    );
    assert!(!shown.contains("西区"), "{shown}");
    let west_item = q(
        &db,
        "SELECT h.id FROM handover_items h JOIN duty_entries e ON e.id = h.entry_id WHERE e.text = '西区热水停供'",
    );
    let o = z_as(
        &db,
        T3,
        "zhangwei",
        &["duty", "ack", &west_item.to_string()],
    );
    assert_eq!(o.status.code(), Some(1), "another desk's item");
    assert!(err(&o).contains("not waiting at this desk"), "{}", err(&o));
    let shown = open("lina", T3, "西区值班室");
    assert!(
        shown.contains("西区热水停供") && !shown.contains("东区"),
        "{shown}"
    );
}

#[test]
fn a_counsellor_reads_only_the_entries_about_their_students() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    assert!(
        z_as(
            &db,
            T0,
            "sunpeng",
            &["duty", "open", "--location", "值班室", "--leader", "刘洋"]
        )
        .status
        .success()
    );
    for (text, student, sensitive) in [
        ("赵老师的学生晚归，已联系", "20240100601", false),
        ("赵老师的学生情绪低落，已陪同", "20240100601", true),
        ("林老师的学生来电请假", "20240100901", false),
    ] {
        let mut args = vec!["duty", "log", text, "--student", student];
        if sensitive {
            args.push("--sensitive");
        }
        assert!(z_as(&db, T1, "sunpeng", &args).status.success());
    }
    assert!(
        z_as(&db, T1, "sunpeng", &["duty", "log", "3号楼巡查正常"])
            .status
            .success()
    );
    assert!(
        z_as(
            &db,
            T2,
            "sunpeng",
            &["duty", "close", "--handover", "平稳，赵老师的学生需关注"]
        )
        .status
        .success()
    );
    // zhaoqiang is a counsellor, not a duty officer
    let o = z_as(
        &db,
        T2,
        "zhaoqiang",
        &["duty", "search", "--from", "2026-11-22"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let s = out(&o);
    assert!(
        s.contains("晚归")
            && s.contains("情绪低落")
            && !s.contains("林老师")
            && !s.contains("巡查"),
        "{s}"
    );
    let o = z_as(
        &db,
        T2,
        "zhaoqiang",
        &["export", "shifts", "--format", "json"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let entries = v[0]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{v}");
    assert!(
        v[0]["handover_note"].is_null(),
        "the note may speak of anyone: {v}"
    );
    // the other counsellor sees their one entry; an aid specialist nothing
    let o = z_as(
        &db,
        T2,
        "linyifei",
        &["duty", "search", "--from", "2026-11-22"],
    );
    assert!(
        out(&o).contains("请假") && !out(&o).contains("晚归"),
        "{}",
        out(&o)
    );
    let o = z_as(&db, T2, "wuqiang", &["duty", "search"]);
    assert_eq!(o.status.code(), Some(1));
    // a duty officer reads every entry; the sensitive one's text is withheld
    let o = z_as(&db, T2, "mali", &["duty", "search", "--from", "2026-11-22"]);
    let s = out(&o);
    assert!(
        s.contains("巡查")
            && s.contains("林老师")
            && s.contains("(sensitive record)")
            && !s.contains("情绪低落"),
        "{s}"
    );
}

#[test]
fn an_incident_entry_seeds_a_crisis_case_as_the_reader_may_see_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    assert!(
        z_as(
            &db,
            T0,
            "sunpeng",
            &[
                "duty",
                "open",
                "--location",
                "1号楼值班室",
                "--leader",
                "刘洋"
            ]
        )
        .status
        .success()
    );
    let args = [
        "duty",
        "log",
        "学生情绪激动，站在阳台边",
        "--type",
        "突发事件",
        "--student",
        "20230100002",
        "--sensitive",
    ];
    assert!(z_as(&db, T1, "sunpeng", &args).status.success());
    assert!(
        z_as(
            &db,
            T1,
            "sunpeng",
            &["duty", "log", "3号楼巡查", "--type", "巡查"]
        )
        .status
        .success()
    );
    let lina = app(&db, "lina"); // the student's counsellor
    let seed = zhiban::app::duty_log::case_seed(&lina, 1).unwrap().unwrap();
    assert_eq!(seed.students, vec!["20230100002".to_string()]);
    // the duty room is where the officer sat, not where it happened
    // (issue 14): left for the officer to fill
    assert_eq!(seed.location.as_deref(), None);
    assert_eq!(seed.text.as_deref(), Some("学生情绪激动，站在阳台边"));
    let mali = app(&db, "mali"); // another duty officer: the sensitive text withheld
    assert_eq!(
        zhiban::app::duty_log::case_seed(&mali, 1)
            .unwrap()
            .unwrap()
            .text,
        None
    );
    assert_eq!(
        zhiban::app::duty_log::case_seed(&lina, 2).unwrap(),
        None,
        "a round offers no case"
    );
}

#[test]
fn entries_written_at_once_from_several_sessions_are_all_kept_in_time_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    assert!(
        z_as(
            &db,
            T0,
            "sunpeng",
            &["duty", "open", "--location", "值班室", "--leader", "刘洋"]
        )
        .status
        .success()
    );
    // the desk and the phone in the corridor, eight entries at the same moment
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let db = db.clone();
            std::thread::spawn(move || {
                let at = format!("23:{:02}", 20 - i * 2); // written in reverse time order
                let text = format!("同时记录 {i}");
                z_as(&db, T1, "sunpeng", &["duty", "log", &text, "--at", &at])
            })
        })
        .collect();
    for h in handles {
        let o = h.join().unwrap();
        assert!(o.status.success(), "{}", err(&o));
    }
    let o = z_as(
        &db,
        T1,
        "sunpeng",
        &["export", "shifts", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let texts: Vec<&str> = v[0]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (0..8).rev().map(|i| format!("同时记录 {i}")).collect();
    assert_eq!(texts, expected, "in the order they happened");
}
