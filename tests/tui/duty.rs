//! The 值班 screen: a shift opened, entries logged, escalated, answered,
//! amended; the log beyond tonight; the hint bar as the shift stands.

use ratatui::crossterm::event::KeyCode;

use super::{T, shows};

/// Without the demo's duty history (a test that follows one shift).
fn no_history(t: &T) {
    t.sql()
        .execute_batch(
            "DELETE FROM handover_items; DELETE FROM escalations; DELETE FROM duty_entry_students;
             DELETE FROM duty_entries; DELETE FROM shifts; DELETE FROM duty_swaps; DELETE FROM duty_roster;",
        )
        .unwrap();
}

#[test]
fn duty_screen_80x24() {
    let mut t = T::new("sunpeng", (80, 24));
    no_history(&t);
    t.ch('3');
    shows(&t.screen(), &["尚未开班"]);
    t.ch('o');
    t.typed("1号楼值班室");
    t.tab(1);
    t.ch('l'); // 刘洋 liuyang
    t.enter();
    t.ch('n');
    t.ch('5');
    t.typed("3-512 学生突发腹痛，已送校医院");
    t.enter();
    t.ch('e');
    t.ch('3');
    t.ch('a');
    // the correction starts from the original text
    shows(&t.screen(), &["更正", "3-512 学生突发腹痛，已送校医院"]);
    for _ in 0..3 {
        t.key(KeyCode::Backspace);
    }
    t.typed("市一院");
    t.enter();
    let s = t.screen();
    shows(
        &s,
        &[
            "待回复：23:04 已微信报告 刘洋",
            "[突发事件] 3-512 学生突发腹痛，已送校医院 [已上报]",
            "（更正 #1）3-512 学生突发腹痛，已送市一院",
        ],
    );
    insta::assert_snapshot!("duty_80x24", s);
    // the leader's response takes the escalation off the waiting line
    t.ch('r');
    t.typed("已知悉，辅导员陪同");
    t.enter();
    assert!(!t.screen().contains("待回复"));
}

#[test]
fn the_hint_bar_follows_the_shift() {
    let mut t = T::new("sunpeng", (120, 40));
    no_history(&t);
    t.ch('3');
    let h = t.hints();
    assert!(h.contains("o 开班"), "{h}");
    for no in ["n 新记录", "e 上报", "C 交班", "r 领导回复"] {
        assert!(!h.contains(no), "{no}: nothing to write into yet\n{h}");
    }
    t.ch('o');
    shows(&t.screen(), &["┌开班"]);
    t.typed("值班室");
    t.tab(1);
    t.ch('l'); // 刘洋 liuyang
    t.enter();
    let h = t.hints();
    assert!(!h.contains("o 开班"), "no o while a shift is open: {h}");
    assert!(h.contains("n 新记录") && h.contains("C 交班"), "{h}");
    assert!(!h.contains("e 上报"), "nothing to escalate yet: {h}");
    // a leader does not keep shifts: no o
    let mut leader = T::on(&t.db, "liuyang", (120, 40), zhiban::config::Lang::ZhCn);
    leader.ch('3');
    let h = leader.hints();
    assert!(!h.contains("o 开班"), "{h}");
    assert!(h.contains("h 往班"), "{h}");
    // nor does the screen tell them to open one, and o opens no form
    let s = leader.screen();
    assert!(
        s.contains("你不是值班员") && !s.contains("按 o 开班"),
        "{s}"
    );
    leader.ch('o');
    let s = leader.screen();
    assert!(!s.contains("┌开班"), "{s}");
    // a psych specialist does not read the log at all: told so
    let mut psych = T::on(&t.db, "zhouhui", (120, 40), zhiban::config::Lang::ZhCn);
    psych.ch('3');
    shows(&psych.screen(), &["值班记录由值班员填写"]);
}

/// The handover summary names each type of entry in words.
#[test]
fn the_handover_summary_names_entry_types_in_words() {
    let mut t = T::new("sunpeng", (120, 40));
    no_history(&t);
    t.ch('3');
    t.ch('o');
    t.typed("值班室");
    t.tab(1);
    t.ch('l'); // 刘洋 liuyang
    t.enter();
    t.ch('n');
    t.ch('4');
    t.typed("学生来办公室求助");
    t.enter();
    t.ch('C');
    t.typed("一切正常");
    t.ctrl('s');
    let s = t.screen();
    assert!(s.contains("已交班：学生求助 1"), "{s}");
    assert!(!s.contains("entrytype"), "{s}");
}

#[test]
fn patrols_walked_during_a_shift_appear_in_its_log() {
    let mut t = T::new("sunpeng", (80, 24));
    t.ch('3');
    t.ch('o');
    t.enter();
    t.ch('2');
    t.enter(); // a duty round of 1号楼
    t.ch('o'); // first student out overnight
    t.ch('a');
    t.ch('F');
    shows(&t.screen(), &["仍要结束查寝"]); // other rooms not reached: asked
    t.ch('y');
    t.ch('3');
    shows(
        &t.screen(),
        &["查寝：1号楼 值班巡查（已查 1/", "本班查寝生成跟进 1 条"],
    );
}

#[test]
fn a_duty_entry_names_students_a_place_a_past_time_and_is_sensitive() {
    let mut t = T::new("sunpeng", (80, 24));
    t.ch('3');
    t.ch('o');
    t.enter(); // opened 23:04
    t.ch('n');
    t.ch('4'); // 学生求助
    t.typed("学生来值班室求助，情绪低落");
    t.tab(1);
    t.typed("22:40"); // before the shift opened
    t.tab(1);
    for _ in 0.."学生公寓值班室".chars().count() {
        t.key(KeyCode::Backspace);
    }
    t.typed("3号楼大厅");
    t.tab(1);
    t.typed("zengm"); // pinyin, as on the students screen
    shows(&t.screen(), &["> 曾敏 "]);
    t.enter(); // takes her, and goes on (the same rule in every form)
    t.key(KeyCode::BackTab); // back for another
    t.typed("20230100003");
    t.enter();
    shows(&t.screen(), &["曾敏 20230100002、", " 20230100003"]);
    t.ctrl('t');
    shows(&t.screen(), &["[x] 敏感"]);
    t.enter();
    let s = t.screen();
    shows(&s, &["时间：22:40 早于开班 23:04", "学生来值班室求助"]);
    // the keyboard is on the time: fixed, 23:00 is within the grace of the opening
    for _ in 0..5 {
        t.key(KeyCode::Backspace);
    }
    t.typed("23:00");
    t.enter();
    let s = t.screen();
    shows(
        &s,
        &[
            "23:00 [学生求助] 学生来值班室求助，情绪低落 · 曾敏、",
            "@3号楼大厅",
            "[敏感]",
        ],
    );
    let (n, sensitive, place, at): (i64, i64, String, String) = t
        .sql()
        .query_row(
            "SELECT (SELECT count(*) FROM duty_entry_students x WHERE x.entry_id = e.id), e.sensitive, e.location, e.happened_at
             FROM duty_entries e ORDER BY e.id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((n, sensitive, place.as_str()), (2, 1, "3号楼大厅"));
    assert!(at.starts_with("2026-11-22T15:00:00"), "{at}");
    // an empty entry is refused, naming the field
    t.ch('n');
    t.ch('1');
    t.enter();
    shows(&t.screen(), &["内容：请填写"]);
}

#[test]
fn past_shifts_search_and_the_roster_in_the_duty_screen() {
    let mut t = T::new("mali", (80, 24));
    t.ch('3');
    t.ch('h');
    shows(&t.screen(), &["往班记录", "> 11-20 "]);
    t.key(KeyCode::Down); // 11-19
    t.enter();
    shows(&t.screen(), &["值班记录表 · 值班人 张伟", "↳"]);
    t.esc();
    t.esc();
    // search: a type and a date in one box
    t.ch('s');
    t.typed("来电 11-19");
    t.enter();
    let s = t.screen();
    shows(&s, &["2026-11-19 20:14 [来电] 学生来电：宿舍停电 — 张伟"]);
    assert_eq!(s.matches("[来电]").count(), 1, "{s}");
    t.enter();
    shows(&t.screen(), &["值班记录表 · 值班人 张伟"]);
    t.esc();
    t.ch('s');
    t.typed("没有这种事");
    t.enter();
    shows(&t.screen(), &["（没有）"]);
    t.esc();
    t.esc();
    // the roster, everyone's then mine
    t.ch('w');
    shows(
        &t.screen(),
        &["值班表 11-16 至 11-22", "周二 11-17 夜班 张伟"],
    );
    t.ch('m');
    let s = t.screen();
    assert!(
        s.contains("* 周四 11-19 夜班 马丽") && !s.contains("张伟"),
        "{s}"
    );
    t.key(KeyCode::Right);
    shows(&t.screen(), &["值班表 11-23 至 11-29"]);
    // reading a shift with someone else's sensitive entry is audit-logged
    // for a leader; a duty officer sees it withheld and nothing is logged
    let views =
        |t: &T| t.count("SELECT count(*) FROM audit_log WHERE action = 'duty.view_sensitive'");
    t.esc();
    t.ch('h');
    t.key(KeyCode::Down);
    t.key(KeyCode::Down); // 11-18, 孙鹏's shift
    t.enter();
    let s = t.screen();
    assert!(
        s.contains("[学生求助] （敏感记录，无权查看）") && !s.contains("倾诉"),
        "{s}"
    );
    assert_eq!(views(&t), 0);
    let mut leader = T::on(&t.db, "liuyang", (80, 24), zhiban::config::Lang::ZhCn);
    leader.ch('3');
    leader.ch('h');
    leader.key(KeyCode::Down);
    leader.key(KeyCode::Down);
    leader.enter();
    shows(&leader.screen(), &["学生深夜来值班室倾诉", "[敏感]"]);
    assert_eq!(views(&t), 1, "who looked, when, which shift");
}

#[test]
fn a_crisis_case_is_opened_from_an_incident_in_the_log() {
    let mut t = T::new("sunpeng", (80, 24));
    no_history(&t);
    t.ch('3');
    t.ch('o');
    t.typed("值班室");
    t.tab(1);
    t.ch('l'); // 刘洋 liuyang
    t.enter();
    t.ch('n');
    t.ch('5');
    t.typed("3号楼顶有学生徘徊");
    t.tab(3);
    t.typed("zengm");
    t.enter();
    t.ctrl('s');
    t.ch('K');
    let s = t.screen();
    shows(
        &s,
        &["新建危机个案", "3号楼顶有学生徘徊", "曾敏 20230100002"],
    );
}

/// The last handover note is free text about anyone: those who read the
/// whole log see it on the duty screen; a counsellor and a psych
/// specialist do not.
#[test]
fn the_last_handover_shows_only_to_those_who_read_the_whole_log() {
    let mut t = T::new("sunpeng", (120, 40));
    no_history(&t);
    t.ch('3');
    t.ch('o');
    t.typed("值班室");
    t.tab(1);
    t.ch('l'); // 刘洋 liuyang
    t.enter();
    t.ch('C');
    t.typed("302 张同学情绪低落，请继续关注");
    t.ctrl('s');
    shows(&t.screen(), &["已交班"]);
    let mut leader = T::on(&t.db, "liuyang", (120, 40), zhiban::config::Lang::ZhCn);
    leader.ch('3');
    shows(&leader.screen(), &["302 张同学情绪低落"]);
    for login in ["zhouhui", "zhaoqiang"] {
        let mut other = T::on(&t.db, login, (120, 40), zhiban::config::Lang::ZhCn);
        other.ch('3');
        let s = other.screen();
        assert!(!s.contains("张同学"), "{login} sees the handover note\n{s}");
    }
}

/// The same officer corrects an entry at the desk and on a phone: the
/// second save is told of the first, with both texts, and keeps what was
/// typed; saving again puts it on top. Nothing is lost.
#[test]
fn a_correction_made_meanwhile_in_another_session_is_shown_not_overwritten() {
    let mut t = T::new("sunpeng", (100, 30));
    no_history(&t);
    t.ch('3');
    t.ch('o');
    t.typed("1号楼值班室");
    t.tab(1);
    t.ch('l');
    t.enter();
    t.ch('n');
    t.ch('2');
    t.typed("来电：室友未归");
    t.enter();
    t.ch('a');
    shows(&t.screen(), &["更正", "来电：室友未归"]);
    t.typed("（23:40 已回）");
    // meanwhile, the phone session corrects the same entry
    let entry: i64 = t
        .sql()
        .query_row("SELECT max(id) FROM duty_entries", [], |r| r.get(0))
        .unwrap();
    let mut phone = super::session(&t.db, "sunpeng", zhiban::config::Lang::ZhCn);
    zhiban::app::duty::amend(&mut phone, entry, "来电：室友已找到", None).unwrap();
    t.ctrl('s');
    let s = t.screen();
    shows(
        &s,
        &["更正", "刚被 孙鹏 更正为：“来电：室友已找到”", "尚未保存"],
    );
    assert_eq!(
        t.count("SELECT count(*) FROM duty_entries WHERE amends IS NOT NULL"),
        1
    );
    // read both; save again: this one goes on top
    t.ctrl('s');
    assert_eq!(
        t.count("SELECT count(*) FROM duty_entries WHERE amends IS NOT NULL"),
        2
    );
    shows(&t.screen(), &["来电：室友未归（23:40 已回）"]);
}

/// A long night's log: the selected entry stays on screen wherever the
/// cursor goes (the desk words only the entries near it).
#[test]
fn the_selected_entry_stays_in_view_on_a_long_log() {
    let mut t = T::new("sunpeng", (80, 24));
    no_history(&t);
    t.ch('3');
    t.ch('o');
    t.typed("1号楼值班室");
    t.tab(1);
    t.ch('l'); // 刘洋 liuyang
    t.enter();
    shows(&t.screen(), &["1号楼值班室"]);
    for i in 1..=40 {
        t.ch('n');
        t.ch('1');
        t.typed(&format!("巡查记录{i:02}"));
        t.enter();
    }
    let cursor = |t: &T| {
        t.screen()
            .lines()
            .find(|l| l.starts_with("> "))
            .map(str::to_string)
            .unwrap_or_else(|| panic!("no selected line:\n{}", t.screen()))
    };
    t.key(KeyCode::Home);
    let top = cursor(&t);
    t.key(KeyCode::End);
    let bottom = cursor(&t);
    assert_ne!(top, bottom);
    for n in 0..39 {
        t.key(KeyCode::Up);
        let line = cursor(&t);
        assert!(line.contains("巡查记录"), "after {n} ups: {line}");
    }
    assert_eq!(cursor(&t), top, "39 ups from the last is the first");
    // every entry was selected on the way: the first and the last are 01 and 40
    let (a, b) = (top.contains("巡查记录01"), bottom.contains("巡查记录40"));
    let (c, d) = (top.contains("巡查记录40"), bottom.contains("巡查记录01"));
    assert!((a && b) || (c && d), "{top} / {bottom}");
}
