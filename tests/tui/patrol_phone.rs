//! The 查寝 room on a phone (issue 14 item 6): rows carry no number to be
//! taken for a key, letters mark presence and hygiene, the rooms of the walk
//! floor by floor, `F` asks when rooms are not reached, `+` asks about a
//! student of the other gender or building, the summary's exceptions.

use ratatui::crossterm::event::KeyCode;

use super::{T, room_checks, shows};

/// lina's walk of 1号楼 (rooms of her students), at its first room.
fn in_room(size: (u16, u16)) -> T {
    let mut t = T::new("lina", size);
    t.ch('2');
    t.enter();
    shows(&t.screen(), &["1号楼 101  1/"]);
    t
}

fn unfinished(t: &T) -> i64 {
    t.count("SELECT count(*) FROM patrols WHERE finished_at IS NULL AND staff_id = (SELECT id FROM staff WHERE login = 'lina')")
}

#[test]
fn rows_carry_no_number_and_letters_mark_at_50x20_and_80x24() {
    for size in [(50, 20), (80, 24)] {
        let mut t = in_room(size);
        let s = t.screen();
        let rows: Vec<&str> = s.lines().filter(|l| l.contains("2023010000")).collect();
        assert!(rows.len() >= 3, "{s}");
        for r in &rows {
            let first = r.trim_start_matches(['>', ' ']).chars().next().unwrap();
            assert!(!first.is_ascii_digit(), "a row starts with a number: {r}");
        }
        shows(&s, &["1床", "p 在寝", "o 夜不归宿", "卫生 e 优"]);
        let hints = s.lines().last().unwrap();
        assert!(hints.starts_with("p/v/w/o/u/c 在位  Enter 下一间"), "{s}");
        assert!(hints.contains("F 结束") && hints.contains("? 帮助"), "{s}");
        // o marks the student under the cursor out overnight, w back late
        t.ch('o');
        t.ch('w');
        let s = t.screen();
        shows(&s, &["夜不归宿", "晚归"]);
        // one key a grade; the same key again takes it off
        t.ch('y');
        shows(&t.screen(), &["卫生: 差"]);
        t.ch('y');
        shows(&t.screen(), &["卫生: —"]);
        t.ch('r');
        shows(&t.screen(), &["卫生: 良"]);
        // a digit switches screens here too (it marks nothing); the room
        // in hand waits with its marks, unsaved
        t.ch('4');
        assert!(!t.screen().contains("1号楼 101"), "{}", t.screen());
        t.ch('2');
        let s = t.screen();
        shows(&s, &["1号楼 101  1/", "夜不归宿", "晚归", "卫生: 良"]);
        assert_eq!(room_checks(&t.db), 0);
    }
}

#[test]
fn the_rooms_of_the_walk_floor_by_floor_and_enter_goes_to_one() {
    for size in [(80, 24), (50, 20)] {
        let mut t = in_room(size);
        t.ch('a');
        t.enter(); // 101 done
        t.ch('s');
        t.enter(); // the second room skipped (无人应答)
        t.ch('m');
        let s = t.screen();
        shows(
            &s,
            &[
                "本次房间：已查 1 · 跳过 1 · 未查",
                "1 层",
                "[x] 101",
                "已查",
                "[-]",
                "跳过",
                "(当前)",
            ],
        );
        // marks without colour: the cursor row says so with '>'
        assert!(
            s.lines()
                .any(|l| l.starts_with("> [ ]") && l.contains("(当前)")),
            "{s}"
        );
        // the last room is reached by scrolling; Enter goes there
        t.key(KeyCode::End);
        let s = t.screen();
        let last = s.lines().find(|l| l.starts_with("> ")).unwrap().to_string();
        assert!(last.contains("[ ]") && last.contains("未查"), "{s}");
        t.enter();
        let s = t.screen();
        let total = s
            .lines()
            .find_map(|l| {
                l.split_once("  ")
                    .map(|(_, r)| r.to_string())
                    .filter(|r| r.contains('/'))
            })
            .unwrap();
        let (n, of) = total
            .split_whitespace()
            .next()
            .unwrap()
            .split_once('/')
            .unwrap();
        assert_eq!(n, of, "at the last room\n{s}");
        // Esc closes it where it was
        t.ch('m');
        shows(&t.screen(), &["本次房间"]);
        t.esc();
        assert!(!t.screen().contains("本次房间"));
        assert_eq!(room_checks(&t.db), 2, "going there saved nothing more");
    }
}

#[test]
fn finishing_with_rooms_not_reached_asks_naming_how_many() {
    let mut t = in_room((50, 20));
    t.ch('a');
    let total = t
        .count("SELECT count(*) FROM patrol_rooms WHERE patrol_id = (SELECT max(id) FROM patrols)");
    t.ch('F');
    let s = t.screen();
    // the room in hand counts as reached: it is saved on finishing
    shows(&s, &[&format!("还有 {} 个房间未查", total - 1), "y 结束"]);
    t.ch('n');
    assert!(!t.screen().contains("未查（"));
    shows(&t.screen(), &["1号楼 101  1/"]);
    assert_eq!(unfinished(&t), 1, "the patrol goes on");
    assert_eq!(room_checks(&t.db), 0, "nothing saved by the question");
    t.ch('F');
    t.esc();
    assert_eq!(unfinished(&t), 1);
    t.ch('F');
    t.ch('y');
    shows(&t.screen(), &["查寝结束"]);
    assert_eq!(unfinished(&t), 0);
}

#[test]
fn a_student_of_the_other_gender_and_building_is_asked_about_at_50x20() {
    let mut t = in_room((50, 20));
    t.ch('+');
    t.typed("qiuf"); // 仇芳 by pinyin (仇 read qiu)
    shows(&t.screen(), &["仇芳"]);
    t.enter();
    let s = t.screen();
    shows(&s, &["仇芳是女生", "男生宿舍", "仇芳住在 2-101", "y 是"]);
    t.ch('n'); // back to the search, nothing added
    let s = t.screen();
    assert!(!s.contains("仍把"), "{s}");
    assert!(!s.contains("不在本房间"), "{s}");
    t.typed("20230100005");
    t.enter();
    shows(&t.screen(), &["仍把仇芳记入本房间"]);
    t.ch('y');
    shows(&t.screen(), &["> + 仇芳 20230100005", "不在本房间"]);
}

#[test]
fn the_summary_names_late_students_poor_hygiene_and_notes() {
    for size in [(80, 24), (50, 20)] {
        let mut t = in_room(size);
        t.ch('w'); // 张三 back late
        t.ch('a');
        t.ch('t'); // 中
        t.ch('n');
        t.typed("窗户玻璃裂了");
        t.enter();
        t.enter(); // on to the next room (saved)
        t.ch('a');
        t.ch('F');
        t.ch('y');
        let s = t.screen();
        shows(
            &s,
            &[
                "查寝结束",
                "晚归: 张三",
                "(101)",
                "卫生低于良: 101 中",
                "房间备注:",
                "101: 窗户玻璃裂了",
            ],
        );
    }
}

/// A whole building finished early: the summary is longer than a phone's
/// screen and scrolls to its notes.
#[test]
fn a_long_summary_scrolls_on_a_phone() {
    let mut t = T::new("sunpeng", (50, 20));
    t.ch('2');
    t.enter();
    t.ch('w');
    t.ch('t');
    t.ch('a');
    t.ch('n');
    t.typed("窗户坏了");
    t.enter();
    t.ch('F');
    shows(&t.screen(), &["个房间未查"]);
    t.ch('y');
    let s = t.screen();
    shows(&s, &["查寝结束", "未到:"]);
    assert!(!s.contains("房间备注"), "the notes are below the fold\n{s}");
    t.key(KeyCode::End);
    let s = t.screen();
    shows(&s, &["房间备注:", "101: 窗户坏了"]);
    assert!(!s.contains("查寝结束"), "{s}");
    t.key(KeyCode::Home);
    shows(&t.screen(), &["查寝结束"]);
}

/// Trial of issue 14: at 50x20 the patrol page's 待办 did not scroll; the
/// selection went below the screen and Enter opened an item no one saw.
#[test]
fn the_patrol_todo_keeps_the_selected_follow_up_in_view_at_50x20() {
    let t0 = T::new("lina", (50, 20));
    t0.sql()
        .execute_batch(
            "INSERT INTO follow_ups(check_id, student_id, status, counsellor_id, raised_by, raised_at, due_at)
             SELECT f.check_id, s.id, 'unknown', f.counsellor_id, f.raised_by, f.raised_at, f.due_at
             FROM follow_ups f,
                  (SELECT id FROM students WHERE class_id =
                     (SELECT class_id FROM students WHERE id = (SELECT student_id FROM follow_ups WHERE id = 5))
                   AND id NOT IN (SELECT student_id FROM follow_ups) ORDER BY id LIMIT 15) s
             WHERE f.id = 5",
        )
        .unwrap();
    let mut t = T::on(&t0.db, "lina", (50, 20), zhiban::config::Lang::ZhCn);
    t.ch('2');
    t.tab(1);
    // every item on the way down is in view when selected
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..20 {
        let s = t.screen();
        let here = s
            .lines()
            .skip_while(|l| !l.starts_with("待办"))
            .find(|l| l.starts_with("> "))
            .unwrap_or_else(|| panic!("the selected item is out of view:\n{s}"))
            .to_string();
        seen.insert(here);
        t.key(KeyCode::Down);
    }
    assert!(seen.len() > 10, "{seen:?}");
}
