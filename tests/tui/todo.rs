//! 待办 / 逾期: the lines, the record forms they open, a leader's college,
//! the student timeline the records feed.

use ratatui::crossterm::event::KeyCode;
use zhiban::config::Lang;

use super::{T, session, shows};

#[test]
fn todo_screen_and_talk_form_at_80x24_and_120x40() {
    let mut t = T::new("zhangwei", (80, 24));
    t.ch('4');
    let s = t.screen();
    shows(&s, &["待办 / 逾期 — 张伟（zhangwei）· 逾期"]);
    assert!(s.lines().nth(3).unwrap().starts_with("> [逾期] "), "{s}");
    // a new talk: the student searched, Chinese typed and pasted
    t.ch('n');
    shows(&t.screen(), &["┌谈话记录", ">学生"]);
    let who = zhiban::app::students::list(&t.s.app)
        .unwrap()
        .into_iter()
        .find(|r| r.counsellor.as_deref() == Some("张伟"))
        .unwrap();
    t.typed(&who.student_no);
    shows(
        &t.screen(),
        &[&format!("> {} {}", who.name, who.student_no)],
    );
    t.enter(); // takes the student, on to the kind
    t.key(KeyCode::Right); // 学业预警谈话
    t.tab(3);
    t.typed("谈学习计划");
    t.enter(); // a new line in the summary
    t.paste("第二行：粘贴的内容\r\n第三行");
    t.ctrl('t');
    shows(
        &t.screen(),
        &["谈学习计划", "第二行：粘贴的内容", "第三行", "[x]"],
    );
    t.ctrl('s');
    shows(&t.screen(), &["已保存"]);
    let (kind, summary, sensitive): (String, String, i64) = t
        .sql()
        .query_row(
            "SELECT kind, summary, sensitive FROM talks ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (kind.as_str(), summary.as_str(), sensitive),
        (
            "academic_warning",
            "谈学习计划\n第二行：粘贴的内容\n第三行",
            1
        )
    );
    assert!(t.drafts().is_empty(), "saved: no draft left");
    // an empty summary: a message naming the field, the form kept
    t.ch('n');
    t.typed(&who.student_no);
    t.enter();
    t.ctrl('s');
    shows(&t.screen(), &["谈话内容：请填写", "谈话记录"]);
    // 120x40: the same screen (Esc asks, the form had a student chosen)
    t.resize(120, 40);
    t.esc();
    t.ch('d');
    shows(&t.screen(), &["待办 / 逾期 — 张伟"]);
    let mut leader = T::new("liuyang", (120, 40));
    leader.ch('4');
    shows(
        &leader.screen(),
        &["各辅导员待办", "张伟 · 学生 180", "完成"],
    );
    // the furthest behind first
    leader.enter();
    shows(&leader.screen(), &["待办 / 逾期 — 张伟"]);
}

#[test]
fn dates_without_a_year_and_what_to_fix_in_a_talk() {
    let mut t = T::new("lina", (80, 24));
    t.ch('4');
    t.ch('n');
    t.typed("zengm");
    t.enter();
    t.tab(3);
    t.typed("谈学业");
    t.tab(2);
    t.typed("2026-11-20"); // a follow-up deadline before the talk (today, 11-22)
    t.ctrl('s');
    shows(&t.screen(), &["跟进期限：早于谈话日期"]);
    for _ in 0..10 {
        t.key(KeyCode::Backspace);
    }
    t.typed("12月32日");
    t.ctrl('s');
    shows(&t.screen(), &["跟进期限：写 2026-11-27 或 11-27"]);
    for _ in 0..6 {
        t.key(KeyCode::Backspace);
    }
    t.typed("12-04");
    t.ctrl('s');
    shows(&t.screen(), &["已保存"]);
    let due: String = t
        .sql()
        .query_row(
            "SELECT follow_up_due FROM talks ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(due, "2026-12-04", "a deadline without a year looks ahead");
}

#[test]
fn a_ledger_attendance_that_is_not_a_number_names_its_field() {
    let mut t = T::new("lina", (80, 24));
    t.ch('4');
    t.ch('l');
    shows(&t.screen(), &[">主题"]);
    t.typed("诚信考试主题班会");
    t.tab(1);
    t.typed("五十六");
    t.ctrl('s');
    let s = t.screen();
    shows(&s, &["出勤人数：写一个数字，如 56"]);
    assert!(!s.contains("日期或时间"), "only the field at fault: {s}");
}

#[test]
fn todo_screen_and_forms_survive_any_size() {
    let mut t = T::new("lina", (80, 24));
    t.ch('4');
    for k in ['n', 'c', 'l'] {
        t.ch(k);
        t.typed("li");
        for (w, h) in [
            (1, 1),
            (20, 5),
            (39, 11),
            (40, 12),
            (50, 20),
            (60, 16),
            (80, 24),
            (200, 60),
        ] {
            t.resize(w, h);
            let _ = t.screen();
        }
        t.resize(80, 24);
        t.esc();
        t.ch('d');
    }
}

#[test]
fn the_student_timeline_shows_talks_contacts_and_flags_as_the_role_may() {
    let mut t = T::new("lina", (120, 40));
    let no = "20230100002";
    {
        let mut a = session(&t.db, "lina", Lang::ZhCn);
        let talk = |kind: &str, text: &str, sensitive: bool| zhiban::app::records::TalkInput {
            student_no: no.into(),
            at: zhiban::domain::clock::from_db("2026-11-21T07:00:00Z"),
            kind: kind.into(),
            summary: text.into(),
            sensitive,
            ..Default::default()
        };
        zhiban::app::records::record_talk(&mut a, &talk("日常谈心", "谈及家中欠债", true)).unwrap();
        zhiban::app::records::record_contact(
            &mut a,
            &zhiban::app::records::ContactInput {
                student_no: no.into(),
                at: zhiban::domain::clock::from_db("2026-11-20T11:00:00Z"),
                channel: zhiban::domain::records::ContactChannel::Phone,
                person: Some("母亲".into()),
                reason: "日常".into(),
                content: "告知近况".into(),
            },
        )
        .unwrap();
    }
    let open = |t: &mut T| {
        t.ch('6');
        t.ch('/');
        t.typed(no);
        t.enter();
        t.screen()
    };
    let s = open(&mut t);
    shows(
        &s,
        &[
            "时间线",
            "2026-11-21 15:00 谈话·日常谈心（李娜）：谈及家中欠债",
            "2026-11-20 19:00 家长联系·电话·日常（李娜）：告知近况",
        ],
    );
    // the psych specialist: the sensitive daily talk withheld, the contact shown
    let mut p = T::on(&t.db, "zhouhui", (120, 40), Lang::ZhCn);
    let s = open(&mut p);
    assert!(
        s.contains("谈话·日常谈心（李娜）：（敏感记录，无权查看）") && !s.contains("欠债"),
        "{s}"
    );
    // a duty officer sees no talks at all
    let mut d = T::on(&t.db, "sunpeng", (120, 40), Lang::ZhCn);
    let s = open(&mut d);
    assert!(!s.contains("谈话·") && !s.contains("家长联系·"), "{s}");
}

#[test]
fn a_special_group_line_opens_the_mentors_and_plan_form() {
    let mut t = T::new("zhangwei", (100, 30));
    t.ch('4');
    let mut found = None;
    for _ in 0..200 {
        let s = t.screen();
        if let Some(l) = s
            .lines()
            .find(|l| l.starts_with("> ") && l.contains("1+1+1"))
        {
            found = Some(l.to_string());
            break;
        }
        t.key(KeyCode::Down);
    }
    let line = found.expect("a special.mentors line");
    let no: String = line
        .split_whitespace()
        .nth(3)
        .unwrap()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    t.enter();
    shows(&t.screen(), &["1+1+1 与一生一策", &no]);
    t.typed("王教授");
    t.tab(1);
    t.typed("张伟");
    t.tab(1);
    t.typed("学生党员李明");
    t.tab(1);
    t.typed("每月一次学业与生活跟踪");
    t.ctrl('s');
    let s = t.screen();
    shows(&s, &["已保存"]);
    assert!(
        !s.lines().any(|l| l.contains(&no) && l.contains("1+1+1")),
        "the line is gone: {s}"
    );
    let plan: String = t
        .sql()
        .query_row(
            "SELECT x.plan FROM special_support x JOIN students s ON s.id = x.student_id WHERE s.student_no = ?1 AND x.superseded_at IS NULL",
            [&no],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(plan, "每月一次学业与生活跟踪");
}

#[test]
fn a_leader_records_the_missing_psychological_sweep_from_the_college_view() {
    let mut t = T::new("liuyang", (100, 30));
    t.ch('4');
    shows(&t.screen(), &["本学期未开展特殊群体心理排查"]);
    t.ch('p');
    shows(&t.screen(), &["┌特殊群体摸排"]);
    t.key(KeyCode::Right); // 心理排查
    t.tab(1);
    t.typed("2026-11-20");
    t.tab(1);
    t.typed("与心理中心联合排查");
    t.ctrl('s');
    let s = t.screen();
    assert!(
        s.contains("已保存") && !s.contains("本学期未开展特殊群体心理排查"),
        "{s}"
    );
    assert_eq!(
        t.count("SELECT count(*) FROM special_sweeps WHERE psych = 1 AND held_on = '2026-11-20'"),
        1
    );
}

#[test]
fn the_hint_bar_offers_no_record_keys_to_a_role_that_cannot_write_them() {
    // a duty officer keeps no talks, contacts or ledger
    let mut t = T::new("sunpeng", (120, 40));
    t.ch('4');
    let h = t.hints();
    for no in ["n 谈话", "c 家长联系", "l 班级台账"] {
        assert!(!h.contains(no), "{no} in {h}");
    }
    let mut c = T::on(&t.db, "lina", (120, 40), Lang::ZhCn);
    c.ch('4');
    let h = c.hints();
    for yes in ["n 谈话", "c 家长联系", "l 班级台账"] {
        assert!(h.contains(yes), "{yes} not in {h}");
    }
}

/// Issue 14, item 8: the people before the rooms, a building's rooms on
/// one line that opens its patrol start, a filter by kind.
#[test]
fn the_todo_leads_with_students_and_groups_rooms_per_building() {
    let mut t = T::new("lina", (80, 24));
    t.ch('4');
    let s = t.screen();
    // a student line (a 学号) on the first page, although rooms are overdue
    let student = |l: &str| {
        l.split(|c: char| !c.is_ascii_digit())
            .any(|run| run.len() >= 10)
    };
    assert!(
        s.lines()
            .any(|l| (l.contains("[逾期] ") || l.contains("[待办] ")) && student(l)),
        "a student first: {s}"
    );
    shows(&s, &["筛选：全部"]);
    assert!(!s.contains("两周内未查寝（上次"), "no line per room: {s}");
    // the rooms: one line per building, last
    t.ch('f');
    t.ch('f');
    t.ch('f');
    t.ch('f');
    let s = t.screen();
    shows(&s, &["筛选：查寝"]);
    let rooms: Vec<&str> = s.lines().filter(|l| l.contains("间两周内未查寝")).collect();
    assert!(!rooms.is_empty(), "{s}");
    let mut seen: Vec<&str> = Vec::new();
    for l in &rooms {
        let b = l
            .split('：')
            .next()
            .and_then(|x| x.rsplit(' ').next())
            .unwrap();
        assert!(b.ends_with("号楼"), "{l}");
        assert!(!seen.contains(&b), "one line per building: {s}");
        seen.push(b);
    }
    assert!(
        !s.lines()
            .any(|l| l.contains("[逾期]") && !l.contains("号楼")),
        "only rooms under 查寝: {s}"
    );
    // Enter on the 2号楼 line: the patrol start with 2号楼 chosen
    let at = rooms
        .iter()
        .position(|l| l.contains("] 2号楼："))
        .expect("2号楼");
    for _ in 0..at {
        t.key(KeyCode::Down);
    }
    t.enter();
    shows(&t.screen(), &["> 2号楼"]);
    // back on 待办, the filter cycles on to 全部
    t.ch('4');
    t.ch('f');
    shows(&t.screen(), &["筛选：全部"]);
    assert!(t.hints().contains("f 筛选"), "{}", t.hints());
}

#[test]
fn the_filter_narrows_the_list_to_one_kind() {
    let mut t = T::new("lina", (120, 40));
    t.ch('4');
    let all = t.screen();
    t.ch('f');
    let s = t.screen();
    shows(&s, &["筛选：谈话"]);
    let n = |s: &str| {
        s.split("共 ")
            .nth(1)
            .and_then(|x| x.split(' ').next())
            .and_then(|x| x.parse::<usize>().ok())
            .unwrap()
    };
    assert!(n(&s) < n(&all), "{s}");
    assert!(!s.contains("号楼"), "{s}");
    t.ch('f');
    shows(&t.screen(), &["筛选：家长"]);
    t.ch('f');
    shows(&t.screen(), &["筛选：班级"]);
    for (w, h) in [(50, 20), (80, 24), (20, 5)] {
        t.resize(w, h);
        let _ = t.screen();
    }
    t.resize(50, 20);
    t.ch('f');
    t.ch('f');
    let _ = t.screen();
}
