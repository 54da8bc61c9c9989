//! End to end: the real binary in a pseudo-terminal, driven by keystrokes;
//! the screen read back through a terminal emulator and the database
//! checked afterwards.

mod common;

use std::time::Duration;

use common::pty::Pty;
use common::*;
use nix::sys::signal::Signal;
use portable_pty::CommandBuilder;

/// The binary on `db` in a pseudo-terminal, with the pinned clock.
fn spawn(db: &std::path::Path, args: &[&str]) -> Pty {
    let mut cmd = CommandBuilder::new(bin());
    cmd.arg("--db");
    cmd.arg(db);
    cmd.args(args);
    cmd.env("ZHIBAN_NOW", NOW);
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "zh_CN.UTF-8");
    cmd.env_remove("ZHIBAN_DB");
    Pty::spawn_cmd(cmd)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The first column of the first row, as text (numbers included).
fn db_value(db: &std::path::Path, sql: &str) -> Option<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let v: rusqlite::types::Value = c.query_row(sql, [], |r| r.get(0)).ok()?;
    match v {
        rusqlite::types::Value::Text(t) => Some(t),
        rusqlite::types::Value::Integer(i) => Some(i.to_string()),
        rusqlite::types::Value::Null => None,
        other => Some(format!("{other:?}")),
    }
}

#[test]
fn a_pinyin_search_in_a_real_terminal_and_a_clean_exit() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut t = spawn(&db, &["--as", "lina"]);
    t.wait_for("第11周");
    t.send("/");
    t.send("zengm");
    let s = t.wait_for("2/1440");
    assert!(t.row(4).starts_with("> 20230100002 曾敏"), "{s}");
    t.send("\r");
    t.wait_for("身份证号");
    t.send("i");
    t.wait_for("已显示");
    t.send("q");
    let st = t.wait_exit();
    assert!(st.success(), "{st:?}");
    let out = t.output();
    assert!(
        contains(&out, b"\x1b[?1049h") && contains(&out, b"\x1b[?1049l"),
        "alternate screen left"
    );
    assert!(
        contains(&out, b"\x1b[?2004h") && contains(&out, b"\x1b[?2004l"),
        "bracketed paste off again"
    );
    assert!(
        !contains(&out, b"\x1b[?1000h") && !contains(&out, b"\x1b[?1003h"),
        "no mouse capture"
    );
    assert!(!t.parser.lock().unwrap().screen().alternate_screen());
    assert_eq!(
        db_value(
            &db,
            "SELECT detail FROM audit_log WHERE action = 'student.reveal'"
        )
        .as_deref(),
        Some("{\"field\":\"id_number\"}")
    );
}

#[test]
fn a_bracketed_paste_fills_the_search_and_submits_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut t = spawn(&db, &["--as", "lina"]);
    t.wait_for("第11周");
    t.send("/");
    t.send("\x1b[200~xie\r\nxiao\x1b[201~");
    let s = t.wait_for("xie xiao");
    assert!(t.row(4).contains("解晓东"), "{s}");
    assert!(
        !s.contains("身份证号"),
        "the newline did not open the detail\n{s}"
    );
    t.send("\x03");
    assert!(t.wait_exit().success());
}

#[test]
fn a_hangup_mid_form_keeps_what_was_typed_and_offers_it_next_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut t = spawn(&db, &["--as", "lina"]);
    t.wait_for("第11周");
    t.send("6");
    t.send("\r");
    t.wait_for("身份证号");
    t.send("f");
    t.wait_for("[ ] 重点关注");
    t.send("jjj");
    t.send("\r");
    t.wait_for("级别");
    t.send("\t\t");
    t.send("晚上在走廊哭");
    t.wait_for("晚上在走廊哭");
    // the link drops: sshd hangs up the session
    let before = t.output().len();
    t.signal(Signal::SIGHUP);
    let st = t.wait_exit();
    assert_eq!(st.exit_code(), 129, "{st:?}");
    let after = t.output();
    assert!(
        !contains(&after[before..], b"\x1b[?1049l"),
        "nothing written to a hung-up terminal"
    );
    let payload = db_value(&db, "SELECT payload FROM drafts").expect("a draft was kept");
    assert!(payload.contains("晚上在走廊哭"), "{payload}");
    assert_eq!(
        db_value(
            &db,
            "SELECT count(*) FROM student_flags WHERE note LIKE '%走廊%'"
        )
        .as_deref(),
        Some("0"),
        "a draft is not a record"
    );
    // next start offers it first thing
    let mut t2 = spawn(&db, &["--as", "lina"]);
    let s = t2.wait_for("上次没写完的内容");
    assert!(s.contains("学生标记：重点关注"), "{s}");
    t2.send("\r");
    let s = t2.wait_for("晚上在走廊哭");
    assert!(s.contains("重点关注"), "{s}");
    t2.send("\r");
    t2.wait_for("已保存：重点关注");
    t2.send("\x1b");
    t2.send("q");
    assert!(t2.wait_exit().success());
    assert_eq!(
        db_value(&db, "SELECT count(*) FROM drafts").as_deref(),
        Some("0"),
        "saved, so the draft is gone"
    );
    let note: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT note FROM student_flags WHERE kind='key_concern' AND cleared_at IS NULL AND note LIKE '%走廊%'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(note, "晚上在走廊哭");
}

#[test]
fn sigterm_saves_and_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut t = spawn(&db, &["--as", "lina"]);
    t.wait_for("第11周");
    t.signal(Signal::SIGTERM);
    let st = t.wait_exit();
    assert_eq!(st.exit_code(), 143, "{st:?}");
    let out = t.output();
    assert!(
        contains(&out, b"\x1b[?1049l"),
        "alternate screen left on SIGTERM"
    );
}

#[test]
fn sigterm_while_choosing_whom_to_act_as_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fresh-demo.db");
    let t = spawn(&db, &["--demo"]);
    t.wait_for("选择要扮演的教职工");
    t.signal(Signal::SIGINT);
    let mut t = t;
    assert_eq!(t.wait_exit().exit_code(), 130);
    assert!(contains(&t.output(), b"\x1b[?1049l"));
}

#[test]
fn demo_mode_asks_whom_to_act_as() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fresh-demo.db");
    let mut t = spawn(&db, &["--demo"]);
    t.wait_for("选择要扮演的教职工");
    // the third entry is the college leader 刘洋
    t.send("jj");
    t.send("\r");
    let s = t.wait_for("刘洋");
    assert!(s.contains("领导"), "{s}");
    t.send("q");
    assert!(t.wait_exit().success());
    assert_eq!(
        db_value(&db, "SELECT value FROM app_meta WHERE key='demo'").as_deref(),
        Some("1")
    );
}

#[test]
fn a_tiny_terminal_gets_a_notice_and_recovers_on_resize() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut t = spawn(&db, &["--as", "lina"]);
    t.wait_for("第11周");
    t.resize(30, 6);
    t.wait_for("窗口太小");
    t.resize(80, 24);
    t.wait_for("第11周");
    t.send("q");
    assert!(t.wait_exit().success());
}

#[test]
fn on_a_phone_sized_terminal_the_header_keeps_the_time_on_every_screen() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut t = spawn(&db, &["--as", "lina"]);
    t.wait_for("第11周");
    t.resize(50, 20);
    // the header is redrawn for 50 columns: the week goes, the time stays
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while t.row(0).contains("第11周") && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    for k in ["1", "2", "3", "4", "5", "6", "1"] {
        t.send(k);
        std::thread::sleep(Duration::from_millis(150));
        let head = t.row(0);
        assert!(
            head.contains("23:04"),
            "screen {k}: {head:?}\n{}",
            t.screen()
        );
        assert!(!head.contains("第11周"), "screen {k}: {head:?}");
        assert!(head.chars().count() <= 50, "{head:?}");
    }
    t.send("q");
    assert!(t.wait_exit().success());
}

#[test]
fn a_patrol_killed_mid_room_resumes_at_that_room_with_its_marks() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let base: i64 = db_value(&db, "SELECT count(*) FROM room_checks")
        .unwrap()
        .parse()
        .unwrap();
    let checks = |db: &std::path::Path| {
        db_value(db, "SELECT count(*) FROM room_checks")
            .unwrap()
            .parse::<i64>()
            .unwrap()
            - base
    };
    let mut t = spawn(&db, &["--as", "lina"]);
    t.wait_for("第11周");
    t.send("2");
    t.wait_for("按 Enter 开始");
    t.send("\r");
    t.wait_for("101  1/");
    // three rooms checked
    t.send("p");
    t.send("a");
    t.send("\r");
    t.wait_for("102  2/");
    t.send("a");
    t.send("h");
    t.send("\r");
    t.wait_for("103  3/");
    t.send("a");
    t.send("\r");
    let s = t.wait_for("104  4/");
    assert!(s.contains("—"), "the fourth room starts unmarked\n{s}");
    // marks in the fourth room, then the process dies (no chance to save)
    t.send("o");
    t.send("r");
    t.wait_for("卫生: 良");
    std::thread::sleep(Duration::from_millis(1600)); // drafts are at most a second behind
    t.signal(Signal::SIGKILL);
    t.wait_exit();
    assert_eq!(checks(&db), 3, "three rooms saved");
    // the next start offers room 104 with its marks, and goes back into it
    let mut t2 = spawn(&db, &["--as", "lina"]);
    let s = t2.wait_for("上次没写完的内容");
    assert!(s.contains("查寝 1号楼 104"), "{s}");
    t2.send("\r");
    let s = t2.wait_for("104  4/");
    assert!(s.contains("夜不归宿") && s.contains("卫生: 良"), "{s}");
    t2.send("a");
    t2.send("\r");
    t2.wait_for("105  5/");
    assert_eq!(checks(&db), 4);
    t2.send("q");
    assert!(t2.wait_exit().success());
}

#[test]
fn a_shift_handed_over_in_the_terminal_must_be_acknowledged_by_the_next_officer() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut t = spawn(&db, &["--as", "sunpeng"]);
    t.wait_for("第11周");
    t.send("3");
    t.wait_for("尚未开班");
    t.send("o");
    t.send("1号楼值班室");
    t.send("\t");
    t.send("刘洋");
    t.send("\r");
    t.wait_for("值班中 · 1号楼值班室 · 值班领导 刘洋");
    t.send("n");
    t.send("2");
    t.send("学生来电：室友曾敏未归");
    t.send("\r");
    t.wait_for("[来电] 学生来电：室友曾敏未归");
    t.send("e");
    t.send("1");
    t.wait_for("待回复");
    t.send("C");
    t.send("曾敏一事已电话报告刘洋，待回复");
    t.send("\t");
    t.send("mali");
    t.send("\r");
    let s = t.wait_for("已交班");
    assert!(
        s.contains("来电 1") && s.contains("未回复 1") && s.contains("移交 1 项"),
        "{s}"
    );
    t.send("q");
    assert!(t.wait_exit().success());
    assert_eq!(
        db_value(&db, "SELECT count(*) FROM handover_items").as_deref(),
        Some("1")
    );
    // the next officer
    let mut t2 = spawn(&db, &["--as", "mali"]);
    t2.wait_for("第11周");
    t2.send("3");
    t2.send("o");
    t2.send("\r");
    let s = t2.wait_for("请先确认上一班交接");
    assert!(
        s.contains("曾敏一事已电话报告刘洋") && s.contains("已上报刘洋，待回复"),
        "{s}"
    );
    t2.send("n");
    t2.wait_for("请先确认上一班交接的事项");
    t2.send("t");
    t2.wait_for("已接手");
    t2.send("n");
    t2.send("1");
    t2.send("接班后巡查 1号楼");
    t2.send("\r");
    t2.wait_for("[巡查] 接班后巡查 1号楼");
    t2.send("q");
    assert!(t2.wait_exit().success());
    assert_eq!(
        db_value(&db, "SELECT ack_action FROM handover_items").as_deref(),
        Some("taken")
    );
}

#[test]
fn a_duty_entry_cut_off_mid_way_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut t = spawn(&db, &["--as", "sunpeng"]);
    t.wait_for("第11周");
    t.send("3");
    t.send("o");
    t.send("\r");
    t.wait_for("值班中");
    t.send("n");
    t.send("4");
    t.send("学生在宿舍楼道哭泣，已陪同");
    t.wait_for("学生在宿舍楼道哭泣，已陪同");
    std::thread::sleep(Duration::from_millis(1600));
    t.signal(Signal::SIGKILL);
    t.wait_exit();
    let mut t2 = spawn(&db, &["--as", "sunpeng"]);
    t2.wait_for("上次没写完的内容");
    t2.send("\r");
    let s = t2.wait_for("草稿已恢复");
    assert!(
        s.contains("新记录：学生求助") && s.contains("学生在宿舍楼道哭泣，已陪同"),
        "{s}"
    );
    t2.send("\r");
    t2.wait_for("[学生求助] 学生在宿舍楼道哭泣，已陪同");
    t2.send("q");
    assert!(t2.wait_exit().success());
    assert_eq!(
        db_value(&db, "SELECT count(*) FROM drafts").as_deref(),
        Some("0"),
        "saved, so the draft is gone"
    );
}

#[test]
fn a_todo_line_becomes_a_talk_survives_a_kill_and_goes_away() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut t = spawn(&db, &["--as", "zhangwei"]);
    t.wait_for("第11周");
    t.send("4");
    t.wait_for("待办 / 逾期 — 张伟");
    let first = t.row(3);
    assert!(
        first.contains("[逾期]") && first.contains("学籍预警"),
        "{first}"
    );
    let who: String = first
        .trim_start_matches("> [逾期] ")
        .split('：')
        .next()
        .unwrap()
        .to_string();
    let no = who.split(' ').nth(1).unwrap().to_string();
    t.send("\r");
    let s = t.wait_for("谈话记录");
    assert!(
        s.contains(&who) && s.contains("学业预警谈话"),
        "prefilled: {s}"
    );
    t.send("分析挂科原因，");
    t.send("\x1b[200~制定补考复习计划\r\n每两周反馈一次\x1b[201~");
    t.wait_for("每两周反馈一次");
    std::thread::sleep(Duration::from_millis(1600));
    t.signal(Signal::SIGKILL);
    t.wait_exit();
    let mut t2 = spawn(&db, &["--as", "zhangwei"]);
    t2.wait_for("上次没写完的内容");
    t2.send("\r");
    let s = t2.wait_for("草稿已恢复");
    assert!(
        s.contains("分析挂科原因，制定补考复习计划") && s.contains(&who),
        "{s}"
    );
    t2.send("\x13"); // Ctrl-S
    t2.wait_for("已保存");
    let first = t2.row(3);
    assert!(!first.contains(&who), "the line is gone: {first}");
    t2.send("q");
    assert!(t2.wait_exit().success());
    assert_eq!(
        db_value(
            &db,
            &format!(
                "SELECT t.summary FROM talks t JOIN students s ON s.id = t.student_id WHERE s.student_no = '{no}' ORDER BY t.id DESC LIMIT 1"
            )
        )
        .as_deref(),
        Some("分析挂科原因，制定补考复习计划\n每两周反馈一次")
    );
    assert_eq!(
        db_value(&db, "SELECT count(*) FROM drafts").as_deref(),
        Some("0")
    );
}

/// The crisis stepper under stress (issue 13): digits switch screens and
/// never tick; Enter on a step with items not ticked records nothing until
/// a reason is given; what was recorded can be withdrawn by its author; `!`
/// inside the stepper opens a new case; a tick survives a killed session;
/// and a restart followed by `3 o Enter` records nothing on the case.
#[test]
fn a_crisis_case_under_stress_records_only_what_was_meant() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let events = || {
        db_value(
            &db,
            "SELECT group_concat(kind || ':' || coalesce(step, ''), ',') FROM crisis_events
             WHERE case_id = (SELECT max(id) FROM crisis_cases)",
        )
    };
    let mut t = spawn(&db, &["--as", "lina"]);
    t.wait_for("第11周");
    t.send("!"); // from anywhere
    t.wait_for("新建危机个案");
    t.send("\t");
    t.send("zengm");
    t.wait_for("> 曾敏");
    t.send("\r"); // takes her
    t.send("3号楼顶\r");
    t.send("室友报告其情绪激动");
    t.send("\x13"); // Ctrl-S: opened, the clock starts
    t.wait_for("已立案，计时开始");
    t.wait_for("现场控制 · 应急处置 · 待办");
    // a digit switches screens, here as everywhere; it ticks nothing
    t.send("1");
    t.wait_for("看板");
    t.send("5");
    t.wait_for("现场控制 · 应急处置 · 待办");
    assert_eq!(events().as_deref(), Some("open:"));
    // Space ticks the item under the cursor
    t.send(" ");
    t.wait_for("› [x] 学生身边有人陪伴");
    // Enter with two items not ticked: asked, nothing recorded
    t.send("\r");
    t.wait_for("未做的原因");
    assert_eq!(
        events().as_deref(),
        Some("open:"),
        "nothing until confirmed"
    );
    t.send("其余两项由宿管处理");
    t.send("\r");
    t.wait_for("信息核实 · 应急处置");
    assert_eq!(events().as_deref(), Some("open:,done:scene"));
    let text = db_value(
        &db,
        "SELECT text FROM crisis_events WHERE kind = 'done' AND step = 'scene'
         AND case_id = (SELECT max(id) FROM crisis_cases)",
    )
    .unwrap_or_default();
    assert!(
        text.contains("✓学生身边有人陪伴")
            && text.contains("✗危险物品已移除")
            && text.contains("其余两项由宿管处理"),
        "{text}"
    );
    // withdrawn by its author, within the window: appended, the step open again
    t.send("\x1b[D");
    t.wait_for("现场控制 · 应急处置 · 已完成");
    t.send("u");
    t.wait_for("撤回你在个案");
    t.send("y");
    t.wait_for("已撤回");
    t.wait_for("现场控制 · 应急处置 · 待办");
    assert_eq!(
        events().as_deref(),
        Some("open:,done:scene,withdrawn:scene")
    );
    // `!` inside the stepper opens a new case; Esc on the empty form leaves it
    t.send("!");
    t.wait_for("新建危机个案");
    t.send("\x1b");
    t.wait_for("危机个案（");
    t.send("\r"); // open cases first: this one
    t.wait_for("现场控制 · 应急处置 · 待办");
    t.send(" "); // ticked, not yet recorded
    t.wait_for("› [x] 学生身边有人陪伴");
    // the connection drops
    std::thread::sleep(Duration::from_millis(1600));
    t.signal(Signal::SIGKILL);
    t.wait_exit();
    // a restart: the tick is offered, not opened under the keys; `3 o Enter`
    // (meant for the duty screen) records nothing on the case
    let mut t2 = spawn(&db, &["--as", "lina"]);
    let s = t2.wait_for("上次没写完的内容");
    assert!(s.contains("危机个案 #4"), "{s}");
    t2.send("3");
    t2.wait_for("值班");
    t2.send("o");
    t2.send("\r");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        events().as_deref(),
        Some("open:,done:scene,withdrawn:scene"),
        "nothing recorded on the case"
    );
    t2.signal(Signal::SIGKILL);
    t2.wait_exit();
    // and the tick is still there to continue
    let mut t3 = spawn(&db, &["--as", "lina"]);
    t3.wait_for("上次没写完的内容");
    t3.send("\r");
    let s = t3.wait_for("已回到上次处理的个案");
    assert!(
        s.contains("现场控制 · 应急处置 · 待办") && s.contains("[x] 学生身边有人陪伴"),
        "lands on the step with its tick: {s}"
    );
    t3.signal(Signal::SIGKILL);
    t3.wait_exit();
}

#[test]
fn sixty_characters_typed_at_a_persons_pace_all_reach_the_screen_and_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut t = spawn(&db, &["--as", "lina"]);
    t.wait_for("第11周");
    t.send("4");
    t.wait_for("待办 / 逾期");
    t.send("n");
    t.wait_for("谈话记录");
    t.send("\t\t\t\t"); // on to the summary
    let text: String = "谈话一次 hello world 情绪低落 sleepless 睡眠不好已约周五再谈告知家长并转介心理中心 ok 明早再联系一次"
        .chars()
        .take(60)
        .collect();
    assert_eq!(text.chars().count(), 60);
    // a key every 70 ms: about four seconds, the draft written every second
    for c in text.chars() {
        let w = t.writer.as_mut().unwrap();
        w.write_all(c.to_string().as_bytes()).unwrap();
        w.flush().unwrap();
        std::thread::sleep(Duration::from_millis(70));
    }
    std::thread::sleep(Duration::from_millis(300));
    let s = t.wait_for(">谈话内容");
    // the summary's rows, wrapped in its box: every character, in order
    let rows: Vec<&str> = s.lines().collect();
    let at = rows.iter().position(|r| r.contains(">谈话内容")).unwrap();
    let shown: String = rows[at..at + 4]
        .iter()
        .map(|r| r.replace(['│', '>', '…'], "").replace("谈话内容", ""))
        .collect::<String>()
        .split_whitespace()
        .collect();
    let wanted: String = text.split_whitespace().collect();
    assert_eq!(shown, wanted, "on screen:\n{s}");
    std::thread::sleep(Duration::from_millis(1500));
    let payload = db_value(
        &db,
        "SELECT payload FROM drafts WHERE form LIKE 'todo.form~%'",
    )
    .expect("the draft is in the database");
    assert!(
        payload.contains(&text),
        "all 60 characters in the draft: {payload}"
    );
    t.signal(Signal::SIGKILL);
    t.wait_exit();
}

#[test]
fn a_new_crisis_case_killed_mid_form_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut t = spawn(&db, &["--as", "lina"]);
    t.wait_for("第11周");
    t.send("!");
    t.wait_for("新建危机个案");
    t.send("\t\t\t");
    t.send("室友说她整晚没回宿舍");
    t.wait_for("室友说她整晚没回宿舍");
    std::thread::sleep(Duration::from_millis(1600));
    t.signal(Signal::SIGKILL);
    t.wait_exit();
    assert_eq!(
        db_value(&db, "SELECT count(*) FROM crisis_cases").as_deref(),
        Some("3"),
        "a draft is not a case"
    );
    let mut t2 = spawn(&db, &["--as", "lina"]);
    t2.wait_for("上次没写完的内容");
    t2.send("\r");
    let s = t2.wait_for("室友说她整晚没回宿舍");
    assert!(s.contains("新建危机个案"), "{s}");
    t2.send("\x1b");
    t2.wait_for("留作草稿");
    t2.send("k");
    t2.send("q");
    assert!(t2.wait_exit().success());
    assert!(
        db_value(&db, "SELECT payload FROM drafts")
            .unwrap_or_default()
            .contains("室友说她整晚没回宿舍"),
        "kept as a draft"
    );
}

/// While another session holds the write lock (a long import), a key that
/// writes says so on screen instead of freezing, and the action completes
/// once the lock is free — the notice gone and nothing left of it.
#[test]
fn a_write_waiting_for_an_import_says_so_and_then_completes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut t = spawn(&db, &["--as", "lina"]);
    t.wait_for("第11周");
    t.send("6");
    t.send("\r");
    t.wait_for("身份证号");
    let holder = sql(&db);
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    t.send("i");
    t.wait_for("等待其他会话写入");
    holder.execute_batch("COMMIT").unwrap();
    let s = t.wait_for("已显示");
    assert!(!s.contains("等待其他会话写入"), "{s}");
    assert!(s.contains("Esc 返回"), "the hint bar is back: {s}");
    t.send("q");
    assert!(t.wait_exit().success());
}

/// Issue 14: mali takes over an item and sees it on her shift screen until
/// she closes it with a note; then the closure is in the database.
#[test]
fn an_item_taken_over_stays_on_the_shift_screen_until_closed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut t = spawn(&db, &["--as", "sunpeng"]);
    t.wait_for("第11周");
    t.send("3");
    t.wait_for("尚未开班");
    t.send("o");
    t.send("1号楼值班室");
    t.send("\t");
    t.send("刘洋");
    t.send("\r");
    t.wait_for("值班中 · 1号楼值班室");
    t.send("n");
    t.send("2");
    t.send("学生来电：室友解晓东未归");
    t.send("\x0f"); // Ctrl-O: kept open (待跟进)
    t.send("\r");
    t.wait_for("本班负责");
    t.send("C");
    t.send("解晓东未归，待跟进");
    t.send("\t");
    t.send("mali");
    t.send("\r");
    t.wait_for("已交班");
    t.send("q");
    assert!(t.wait_exit().success());

    let mut t2 = spawn(&db, &["--as", "mali"]);
    t2.wait_for("第11周");
    t2.send("3");
    t2.send("o");
    t2.send("\r");
    t2.wait_for("请先确认上一班交接");
    t2.send("t");
    let s = t2.wait_for("[接手]");
    assert!(
        s.contains("本班负责") && s.contains("室友解晓东未归"),
        "{s}"
    );
    t2.send("c");
    t2.wait_for("结案：写明结果");
    t2.send("解晓东 00:20 回到宿舍");
    t2.send("\r");
    t2.wait_for("已结案");
    let s = t2.screen();
    assert!(!s.contains("[接手]"), "{s}");
    t2.send("q");
    assert!(t2.wait_exit().success());
    assert_eq!(
        db_value(&db, "SELECT note FROM duty_entry_closures").as_deref(),
        Some("解晓东 00:20 回到宿舍")
    );
    assert_eq!(
        db_value(
            &db,
            "SELECT s.login FROM duty_entry_closures c JOIN staff s ON s.id = c.closed_by"
        )
        .as_deref(),
        Some("mali")
    );
}
