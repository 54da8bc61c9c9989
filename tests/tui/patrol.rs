//! The 查寝 screen: a room at a time, skipping, the summary, follow-ups and
//! hazards closed through forms, a student found without a bed.

use ratatui::crossterm::event::KeyCode;

use super::{T, room_checks, shows};

#[test]
fn patrol_room_screen_80x24() {
    let mut t = T::new("lina", (80, 24));
    t.ch('2');
    shows(&t.screen(), &["> 1号楼", "我的学生的房间", "日常检查"]);
    t.enter();
    t.ch('p');
    t.ch('o');
    t.ch('a');
    t.ch('e');
    let s = t.screen();
    shows(
        &s,
        &[
            "1号楼 101  1/",
            "张三",
            "在寝",
            "夜不归宿",
            "卫生: 优",
            "1床",
        ],
    );
    assert!(
        s.lines()
            .nth(23)
            .unwrap()
            .starts_with("p/v/w/o/u/c 在位  Enter 下一间  a 其余在寝  m 房间总览  F 结束"),
        "{s}"
    );
    insta::assert_snapshot!("patrol_room_80x24", s);
    assert_eq!(room_checks(&t.db), 0, "nothing saved while in the room");
    t.enter();
    assert_eq!(
        room_checks(&t.db),
        1,
        "leaving the room saves it, one commit"
    );
    // an untouched room leaves no record
    t.enter();
    assert_eq!(room_checks(&t.db), 1);
    // a room number not in the walk: a message, and we stay
    let before = t.screen().lines().nth(2).unwrap().to_string();
    t.ch('g');
    t.typed("999");
    t.enter();
    let s = t.screen();
    shows(&s, &["本次查寝没有 999 这个房间"]);
    t.esc();
    t.ch('d');
    assert_eq!(t.screen().lines().nth(2).unwrap(), before);
    // skipping asks why and records it
    t.ch('s');
    t.ch('2');
    t.enter();
    let reason: String = t
        .sql()
        .query_row(
            "SELECT skipped_reason FROM room_checks WHERE skipped_reason IS NOT NULL AND saved_at > '2026-11-22T14:30:00Z'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reason, "门锁");
    // finishing with rooms not reached asks first; then the summary
    // shows and raises the follow-up
    t.ch('F');
    shows(&t.screen(), &["仍要结束查寝"]);
    t.ch('y');
    shows(&t.screen(), &["查寝结束", "已生成跟进 1 条"]);
}

#[test]
fn a_duty_officer_walks_a_whole_building_and_sees_only_cautions() {
    let mut t = T::new("sunpeng", (80, 24));
    t.ch('2');
    shows(&t.screen(), &["整栋", "值班巡查"]);
    t.enter();
    let s = t.screen();
    shows(&s, &["单磊", "!注意"]);
    assert!(!s.contains("重点关注"), "{s}");
}

#[test]
fn follow_ups_and_hazards_are_closed_from_the_patrol_screen() {
    let mut t = T::new("lina", (80, 24));
    t.ch('2');
    shows(&t.screen(), &["待办", "跟进：", "[逾期]"]);
    t.key(KeyCode::Tab);
    t.enter();
    shows(&t.screen(), &["结果", "已联系到学生"]);
    t.tab(1);
    t.typed("已电话联系，在亲戚家");
    shows(&t.screen(), &["已电话联系，在亲戚家"]);
    t.enter();
    shows(&t.screen(), &["跟进已办结"]);
    let (outcome, reason): (String, String) = t
        .sql()
        .query_row(
            "SELECT outcome, reason FROM follow_ups WHERE closed_at > '2026-11-22T15:00:00Z'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (outcome.as_str(), reason.as_str()),
        ("reached", "已电话联系，在亲戚家")
    );
    // escalate the next one: not reached, to whom
    t.enter();
    t.key(KeyCode::Right);
    t.tab(1);
    t.typed("电话关机");
    t.tab(1);
    t.typed("刘洋");
    t.enter();
    let to: String = t
        .sql()
        .query_row(
            "SELECT escalated_to FROM follow_ups WHERE outcome = 'escalated' AND closed_at > '2026-11-22T15:00:00Z'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(to, "刘洋");
    // a hazard: reported to whom; empty is refused, naming the field
    for _ in 0..3 {
        t.key(KeyCode::Down);
    }
    t.enter();
    t.enter();
    shows(&t.screen(), &["上报给：请填写"]);
    t.typed("学生工作部");
    t.enter();
    shows(&t.screen(), &["隐患已标记为已上报"]);
    assert_eq!(
        t.count("SELECT count(*) FROM room_hazards WHERE reported_to = '学生工作部'"),
        1
    );
}

#[test]
fn past_patrols_with_their_exceptions() {
    let mut t = T::new("liuyang", (80, 24));
    t.ch('2');
    t.ch('h');
    shows(&t.screen(), &["查寝记录（最近）", "值班巡查 孙鹏", "跳过"]);
    t.enter();
    shows(&t.screen(), &["查寝结束：1号楼 值班巡查"]);
    t.enter();
    shows(&t.screen(), &["选择楼栋"]);
}

#[test]
fn a_student_without_a_bed_here_is_added_to_the_room_check() {
    let mut t = T::new("lina", (80, 24));
    t.ch('2');
    t.enter();
    t.ch('+');
    t.typed("20230100005"); // 仇芳 lives in another building
    t.enter();
    // the other gender and another building: asked before she is added
    shows(
        &t.screen(),
        &["仇芳是女生，101 是男生宿舍", "仇芳住在 2-101", "y 记入"],
    );
    t.ch('y');
    shows(&t.screen(), &["仇芳 20230100005", "不在本房间名册"]);
    t.ch('p'); // the cursor is on her
    t.ch('a');
    t.enter();
    let in_roster: i64 = t
        .sql()
        .query_row(
            "SELECT p.in_roster FROM presence p JOIN students s ON s.id = p.student_id JOIN room_checks c ON c.id = p.check_id
             WHERE s.student_no = '20230100005' AND c.saved_at > '2026-11-22T14:30:00Z'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(in_roster, 0);
    // by name or pinyin too; an unknown one: a message, the form stays
    t.ch('+');
    t.typed("99999");
    t.enter();
    shows(&t.screen(), &["没有与“99999”匹配的学生"]);
}

#[test]
fn floors_are_typed_in_a_form_and_a_patrol_of_them_starts() {
    let mut t = T::new("sunpeng", (80, 24));
    t.ch('2');
    t.ch('s'); // whole building → floors: the form opens
    shows(&t.screen(), &["楼层", "输入楼层"]);
    t.typed("1");
    t.enter();
    shows(&t.screen(), &["楼层: 1"]);
    t.enter();
    let s = t.screen();
    assert!(s.contains("1号楼 1"), "a room of the first floor\n{s}");
}

/// A role that does not walk patrols is not offered to start one.
#[test]
fn the_start_keys_are_offered_only_to_those_who_patrol() {
    let mut t = T::new("lina", (120, 40));
    t.ch('2');
    let h = t.hints();
    assert!(h.contains("Enter 开始") && h.contains("s 范围"), "{h}");
    let mut psych = T::on(&t.db, "zhouhui", (120, 40), zhiban::config::Lang::ZhCn);
    psych.ch('2');
    let h = psych.hints();
    for no in ["Enter 开始", "s 范围", "t 类型"] {
        assert!(!h.contains(no), "{no} offered to psych: {h}");
    }
}
