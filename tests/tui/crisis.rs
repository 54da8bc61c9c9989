//! 危机: a case opened from anywhere (`!`, even inside the stepper) or from a
//! duty entry, the stepper with the C-SSRS and the level, reviews due.

use ratatui::crossterm::event::KeyCode;
use zhiban::config::Lang;

use super::{T, session, shows};

#[test]
fn the_crisis_stepper_at_80x24_with_the_cssrs_and_the_level() {
    let mut t = T::new("lina", (80, 24));
    t.ch('!');
    shows(&t.screen(), &["新建危机个案", ">类型"]);
    t.tab(1);
    t.typed("20230100002");
    t.enter(); // takes her, on to where
    t.typed("宿舍");
    t.ctrl('s');
    let s = t.screen();
    shows(
        &s,
        &[
            "#4 心理危机 · 曾敏 · 已用时 0 分钟 · 等级 —",
            "现场控制 · 应急处置 · 待办 · 剩余 5 分钟（23:09 前）",
            "› [ ] 学生身边有人陪伴",
            "☎ 急救：120",
        ],
    );
    insta::assert_snapshot!("crisis_step_80x24", s);
    // the screener: 1 yes, 2 no → straight to 6: no
    t.ch('c');
    shows(&t.screen(), &["1. 过去一个月内，是否希望自己死去"]);
    t.ch('y');
    t.ch('n');
    shows(&t.screen(), &["6. 是否曾经做过"]);
    t.ch('n');
    shows(
        &t.screen(),
        &["筛查提示：低风险，建议 三级", "定为 三级：理由"],
    );
    t.typed("筛查低风险，但仍需每日关注");
    t.enter();
    shows(&t.screen(), &["等级 三级"]);
    // browsing to a later step and doing it out of order
    t.key(KeyCode::Right);
    t.key(KeyCode::Right);
    shows(&t.screen(), &["上报领导 · 应急处置"]);
    // Enter with an item not ticked asks for the reason, recording nothing
    t.ch(' ');
    t.enter();
    shows(&t.screen(), &["#4 · 上报领导：1 项未勾选", "未做的原因"]);
    t.esc();
    t.key(KeyCode::Down);
    t.ch(' ');
    shows(&t.screen(), &["[x] 值班领导已知悉", "› [x] 学院领导已知悉"]);
    t.enter();
    let order: String = t
        .sql()
        .query_row(
            "SELECT group_concat(kind || ':' || coalesce(step, ''), ',') FROM crisis_events WHERE case_id = 4",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(order, "open:,screen:,level:3,done:report");
    // an aid specialist sees no case; a duty officer only those they opened
    let mut aid = T::on(&t.db, "wuqiang", (80, 24), Lang::ZhCn);
    aid.ch('5');
    shows(&aid.screen(), &["（暂无个案）"]);
    let mut duty = T::on(&t.db, "mali", (80, 24), Lang::ZhCn);
    duty.ch('5');
    let s = duty.screen();
    assert!(s.contains("学生失联") && !s.contains("#4 "), "{s}");
    // every size, with each popup
    for k in ['s', 'l', 'c', 't'] {
        t.ch(k);
        for (w, h) in [(1, 1), (20, 5), (40, 12), (50, 20), (60, 16), (120, 40)] {
            t.resize(w, h);
            let _ = t.screen();
        }
        t.resize(80, 24);
        t.esc();
    }
}

#[test]
fn a_new_case_opens_with_bang_even_inside_the_stepper() {
    let mut t = T::new("lina", (80, 24));
    t.ch('5');
    t.enter(); // a case of the demo
    shows(&t.screen(), &["#"]);
    t.ch('!');
    shows(&t.screen(), &["新建危机个案"]);
    // a letter that starts a kind chooses it; other typing is told how to choose
    t.typed("学");
    shows(&t.screen(), &["< 学生失联 >"]);
    t.typed("z");
    shows(&t.screen(), &["类型：这一项不能输入文字"]);
}

#[test]
fn a_duty_incident_opens_a_case_and_a_review_due_shows_in_todo() {
    let mut t = T::new("sunpeng", (80, 24));
    t.ch('3');
    t.ch('o');
    t.enter();
    t.ch('n');
    t.ch('5'); // 突发事件
    t.typed("学生在楼顶情绪激动");
    t.tab(3);
    t.typed("20230100002");
    t.enter();
    t.enter();
    t.ch('K');
    shows(
        &t.screen(),
        &["新建危机个案", "曾敏 20230100002", "学生在楼顶情绪激动"],
    );
    // a second student: the roommate who was with her
    t.tab(1);
    t.typed("20230100003");
    t.enter();
    t.ctrl('s');
    shows(&t.screen(), &["现场控制 · 应急处置", "曾敏、单磊"]);
    assert_eq!(
        t.count("SELECT count(*) FROM crisis_cases WHERE entry_id IS NOT NULL"),
        1,
        "the case keeps the entry it came from"
    );
    let id = t.count("SELECT max(id) FROM crisis_cases");
    // the acute phase done and closed: the counsellor's 待办 shows the review
    let mut a = session(&t.db, "lina", Lang::ZhCn);
    for step in [
        "scene",
        "verify",
        "report",
        "plan",
        "departments",
        "family",
        "publish",
    ] {
        zhiban::app::crisis::act(
            &mut a,
            id,
            zhiban::domain::crisis::EventKind::Done,
            Some(step),
            None,
        )
        .unwrap();
    }
    zhiban::app::crisis::close_phase(&mut a, id, "acute").unwrap();
    let mut l = T::on(&t.db, "lina", (100, 30), Lang::ZhCn);
    l.ch('4');
    let s = l.screen();
    let line = s
        .lines()
        .find(|x| x.contains("危机复盘"))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(
        line.contains(&format!("#{id} 心理危机 曾敏")) && line.contains("12-22 前"),
        "{line}"
    );
    // Enter on it opens the case
    while !l
        .screen()
        .lines()
        .any(|x| x.starts_with("> ") && x.contains("危机复盘"))
    {
        l.key(KeyCode::Down);
    }
    l.enter();
    shows(&l.screen(), &[&format!("#{id} 心理危机")]);
}

/// Items ticked on a step are what the person did and has not recorded:
/// they stay while moving between steps and after a note, leaving the case
/// asks (keep / discard / go on), and quitting asks. A case only looked at
/// leaves no draft to offer.
#[test]
fn ticked_items_are_not_lost_and_a_case_looked_at_leaves_no_draft() {
    let mut t = T::new("lina", (80, 24));
    let settled = |t: &T| -> i64 {
        t.sql()
            .query_row(
                "SELECT count(*) FROM crisis_events WHERE kind IN ('done', 'skipped', 'na')",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let before = settled(&t);
    t.ch('5');
    t.enter();
    // new to this case: its overview first, then the step
    shows(&t.screen(), &["处置经过", "参与处置"]);
    t.ch('o');
    shows(&t.screen(), &["› [ ]"]);
    assert!(
        t.s.live_drafts().iter().all(|(s, _)| s != "crisis.case"),
        "only looking: no draft"
    );
    t.esc();
    assert!(
        !t.screen().contains("留作草稿"),
        "nothing ticked: no question"
    );
    t.enter();
    t.ch('o');
    t.ch(' ');
    shows(&t.screen(), &["› [x]"]);
    assert!(t.s.live_drafts().iter().any(|(s, _)| s == "crisis.case"));
    // to another step and back: still ticked
    t.key(KeyCode::Right);
    t.key(KeyCode::Left);
    shows(&t.screen(), &["› [x]"]);
    // a note is recorded; the ticks stay
    t.ch('t');
    t.typed("家长已在路上");
    t.ctrl('s');
    shows(&t.screen(), &["› [x]"]);
    // quitting asks, naming the case
    t.ch('q');
    shows(&t.screen(), &["勾选的确认项"]);
    t.esc();
    // leaving asks; go on keeps the case on screen
    t.esc();
    shows(&t.screen(), &["留作草稿", "丢弃"]);
    t.esc();
    shows(&t.screen(), &["› [x]"]);
    // discard: back to the list, nothing left
    t.esc();
    t.ch('d');
    assert!(!t.screen().contains("[x]"));
    assert!(t.s.live_drafts().iter().all(|(s, _)| s != "crisis.case"));
    assert_eq!(settled(&t), before, "ticking recorded nothing");
}

/// On a closed case and on a settled step, keys that would open a form
/// that cannot be saved say why instead (what is typed would be lost); a
/// step done shows the items recorded with it, and a closed case's time
/// stops when it closed.
#[test]
fn a_closed_case_opens_no_form_and_shows_what_was_recorded() {
    let mut t = T::new("lina", (80, 24));
    let closed: i64 = t
        .sql()
        .query_row(
            "SELECT case_id FROM crisis_events WHERE kind = 'close' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    t.ch('5');
    t.s.open_case(closed);
    shows(&t.screen(), &[&format!("#{closed} ")]);
    if t.screen().contains("处置经过") {
        t.ch('o');
    }
    for k in ['t', 'l', 'c', 's', 'x'] {
        t.ch(k);
        let s = t.screen();
        assert!(s.contains("本案已结案（只读）"), "{k}: {s}");
        assert!(
            !s.contains("理由") && !s.contains("1. 过去"),
            "{k} opened a form: {s}"
        );
    }
    // the time stops at closing: opened to closed, as the header words it
    let m: i64 = t
        .sql()
        .query_row(
            "SELECT CAST((julianday(e.at) - julianday(c.opened_at)) * 86400 + 0.5 AS INTEGER) / 60
             FROM crisis_cases c JOIN crisis_events e ON e.case_id = c.id AND e.kind = 'close'
             WHERE c.id = ?1",
            [closed],
            |r| r.get(0),
        )
        .unwrap();
    let took = format!(
        "已用时 {}",
        zhiban::config::Catalog::builtin(Lang::ZhCn).duration(m)
    );
    shows(&t.screen(), &[&took]);
    // an open case: a step done, then back to it
    let mut t = T::new("lina", (80, 24));
    t.ch('!');
    t.tab(1);
    t.typed("20230100002");
    t.enter();
    t.typed("宿舍");
    t.ctrl('s');
    shows(&t.screen(), &["现场控制", "› [ ]"]);
    for _ in 0..3 {
        t.ch(' ');
        t.key(KeyCode::Down);
    }
    t.enter();
    t.key(KeyCode::Left);
    let s = t.screen();
    assert!(
        s.contains("现场控制") && s.contains("[x] 已远离危险位置"),
        "{s}"
    );
    t.ch('s');
    let s = t.screen();
    assert!(
        s.contains("这一步已经处理过了") && !s.contains("跳过的理由"),
        "{s}"
    );
    assert!(!t.hints().contains("Enter 完成本步"), "{}", t.hints());
}

/// A case worked for a while is one view in the audit log: the notes and
/// steps are logged as themselves, the screen's rereading after each is
/// not another view. Leaving and opening it again is a second view.
#[test]
fn a_case_open_on_screen_is_one_view_however_long_it_is_worked() {
    let mut t = T::new("lina", (80, 24));
    t.ch('!');
    t.tab(1);
    t.typed("20230100002");
    t.enter();
    t.typed("宿舍");
    t.ctrl('s');
    shows(&t.screen(), &["心理危机 · 曾敏"]);
    let id: i64 = t
        .sql()
        .query_row("SELECT max(id) FROM crisis_cases", [], |r| r.get(0))
        .unwrap();
    let views = |t: &T| {
        t.count(&format!(
            "SELECT count(*) FROM audit_log WHERE action = 'crisis.view' AND entity_id = '{id}'"
        ))
    };
    let opened = views(&t);
    assert_eq!(opened, 1, "opening the new case is its one view");
    for note in ["家长已在路上", "辅导员已到场"] {
        t.ch('t');
        t.typed(note);
        t.ctrl('s');
    }
    assert_eq!(
        t.count(&format!(
            "SELECT count(*) FROM crisis_events WHERE case_id = {id} AND kind = 'note'"
        )),
        2
    );
    assert_eq!(views(&t), opened, "two notes, no more views");
}

/// The case list cannot be misread: open cases first, each with its status,
/// level, kind, students, step on turn, opening time and how long it has
/// run, an overdue case marked in words; Home/End move as in every list.
/// The overview shows the whole case, scrolled, at 80x24 and 50x20.
#[test]
fn the_case_list_and_overview_read_at_80x24_and_50x20() {
    for (w, h) in [(80, 24), (50, 20)] {
        let mut t = T::new("liuyang", (w, h));
        t.ch('5');
        let s = t.screen();
        shows(&s, &["> ", "#"]);
        // the first row is an open case, marked overdue in words
        let first = s
            .lines()
            .find(|l| l.contains("> "))
            .unwrap_or_default()
            .to_string();
        assert!(first.contains("处置中"), "{w}x{h}: open first: {s}");
        assert!(s.contains("逾期"), "{w}x{h}: overdue in words: {s}");
        assert!(
            s.contains("已结案"),
            "{w}x{h}: closed ones listed after: {s}"
        );
        // End to the last (a closed case), Home back
        t.key(KeyCode::End);
        let s = t.screen();
        let here = s.lines().find(|l| l.contains("> ")).unwrap_or_default();
        assert!(here.contains("已结案"), "{w}x{h}: End: {s}");
        t.key(KeyCode::Home);
        assert_eq!(
            t.screen()
                .lines()
                .find(|l| l.contains("> "))
                .unwrap_or_default(),
            first,
            "{w}x{h}: Home"
        );
        // a leader new to the case: the overview first
        t.enter();
        shows(&t.screen(), &["地点：", "处置经过"]);
        t.key(KeyCode::End);
        // the case's every number at the end: the student's, the family's,
        // the college's and the school's
        shows(&t.screen(), &["曾敏的家长", "报警：110"]);
        t.key(KeyCode::Home);
        shows(&t.screen(), &["地点："]);
        // o: to the step; o again: the overview
        t.ch('o');
        shows(&t.screen(), &["Space"]);
        t.ch('o');
        shows(&t.screen(), &["处置经过"]);
    }
}

/// The overview gives the C-SSRS answers in words, never the stored code.
#[test]
fn the_overview_gives_the_screening_in_words() {
    let mut t = T::new("lina", (80, 24));
    t.ch('!');
    t.tab(1);
    t.typed("20230100002");
    t.enter();
    t.typed("宿舍");
    t.ctrl('s');
    t.ch('c');
    t.ch('y');
    t.ch('n');
    t.ch('n');
    t.esc(); // the level's reason: later
    t.ch('o');
    let s = t.screen();
    shows(&s, &["C-SSRS 筛查", "处置经过"]);
    assert!(s.contains("：是") && s.contains("：否"), "{s}");
    assert!(!s.contains("YN") && !s.contains("(3m)"), "{s}");
}

/// A student not in the roster (a visitor, a new student) is named in the
/// new-case form and marked on the case for matching later.
#[test]
fn a_case_for_a_student_not_in_the_roster_is_opened_by_name() {
    let mut t = T::new("lina", (80, 24));
    t.ch('!');
    shows(&t.screen(), &["新建危机个案", "名单外学生"]);
    t.tab(4); // kind → students → where → known → not in the roster
    t.typed("王访客");
    t.ctrl('s');
    shows(&t.screen(), &["王访客（名单外，待核对）"]);
    let note: String = t
        .sql()
        .query_row(
            "SELECT text FROM crisis_events WHERE step = 'unlisted' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(note, "王访客");
}
