//! 看板 per role (issue 15): the numbers at 80x24, 120x40 and 50x20, a
//! drill-down with as many lines as its number, Enter on a record to the
//! screen that owns it, charts with labels (no colour needed).

use ratatui::crossterm::event::KeyCode;

use super::{T, shows};

/// The number on the line labelled `label`.
fn number(s: &str, label: &str) -> usize {
    let line = s
        .lines()
        .find(|l| l.contains(label))
        .unwrap_or_else(|| panic!("{label} not on screen:\n{s}"));
    let after = &line[line.find(label).unwrap() + label.len()..];
    after
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no number on {line:?}"))
}

/// Moves the cursor to the line labelled `label` (from the top).
fn to(t: &mut T, label: &str) {
    t.key(KeyCode::Home);
    for _ in 0..40 {
        if t.screen()
            .lines()
            .any(|l| l.starts_with("> ") && l.contains(label))
        {
            return;
        }
        t.key(KeyCode::Down);
    }
    panic!("{label} never current:\n{}", t.screen());
}

/// The rows of an open drill-down (under its two heading lines, above the
/// flash and hint lines).
fn drill_rows(s: &str) -> usize {
    s.lines()
        .skip(4)
        .filter(|l| l.starts_with("> ") || (l.starts_with("  ") && !l.trim().is_empty()))
        .count()
}

#[test]
fn each_role_sees_its_numbers_at_80x24_and_120x40() {
    let cases: [(&str, &[&str]); 5] = [
        (
            "sunpeng",
            &[
                "我的班次",
                "未开班",
                "待确认交接事项",
                "08:00 前须结的跟进",
                "今晚查寝",
            ],
        ),
        (
            "lina",
            &[
                "【值班员】",
                "【辅导员】",
                "逾期",
                "14 天内未查的房间",
                "我的未结危机个案",
            ],
        ),
        (
            "zhouhui",
            &[
                "未结的危机个案",
                "重点关注：一级",
                "心理周报（每周五）",
                // NOW is Sunday: week 47's Friday has passed, nothing handed in
                "第47周逾期未交（截止 11-20）",
                "11月未交（截止 11-28）",
                "本月危机个案",
            ],
        ),
        (
            "wuqiang",
            &["级困难学生", "家访", "成长档案 ", "1+1+1 配齐"],
        ),
        (
            "liuyang",
            &[
                "未结的危机个案",
                "超时未交班的班次",
                "近 7 天排班无人开班",
                "辅导员（按逾期多少排序）",
                "本周夜不归宿/未归",
            ],
        ),
    ];
    for (login, needles) in cases {
        for size in [(80, 24), (120, 40)] {
            let t = T::new(login, size);
            shows(&t.screen(), needles);
        }
    }
    // growth files are counted from the records (no longer "unknown")
    let t = T::new("wuqiang", (120, 40));
    let s = t.screen();
    assert!(
        s.lines().any(|l| l
            .split("成长档案 ")
            .nth(1)
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))),
        "{s}"
    );
    // charts with their labels beside the numbers on a wide terminal
    let t = T::new("liuyang", (120, 40));
    let s = t.screen();
    shows(
        &s,
        &["本月每晚未归人数（日期）", "各辅导员逾期项数", "李娜"],
    );
}

#[test]
fn numbers_stay_at_50x20_without_a_panic() {
    for login in [
        "sunpeng", "lina", "zhouhui", "wuqiang", "liuyang", "chenjing",
    ] {
        let t = T::new(login, (50, 20));
        let s = t.screen();
        assert!(
            s.lines().any(|l| l.starts_with("> ")),
            "{login}: a current number\n{s}"
        );
    }
    let t = T::new("liuyang", (50, 20));
    let s = t.screen();
    number(&s, "未结的危机个案");
    assert!(
        !s.contains("各辅导员逾期项数"),
        "charts drop at 50x20:\n{s}"
    );
}

#[test]
fn a_drill_down_lists_as_many_records_as_its_number_and_esc_comes_back() {
    let mut t = T::new("lina", (120, 40));
    let n = number(&t.screen(), "逾期");
    assert!(n > 0 && n < 30, "{n}");
    to(&mut t, "逾期");
    t.enter();
    let s = t.screen();
    shows(&s, &[&format!("逾期：{n}")]);
    assert_eq!(drill_rows(&s), n, "{s}");
    assert!(
        s.contains("! "),
        "overdue rows are marked without colour:\n{s}"
    );
    t.esc();
    shows(&t.screen(), &["【辅导员】"]);
}

#[test]
fn enter_on_a_case_opens_it_on_the_crisis_screen_and_on_a_student_its_detail() {
    let mut t = T::new("liuyang", (120, 40));
    assert_eq!(number(&t.screen(), "未结的危机个案"), 1);
    to(&mut t, "未结的危机个案");
    t.enter();
    let s = t.screen();
    shows(&s, &["未结的危机个案：1"]);
    let id: String = s
        .lines()
        .find(|l| l.starts_with("> "))
        .and_then(|l| l.split('#').nth(1))
        .map(|r| r.chars().take_while(|c| c.is_ascii_digit()).collect())
        .unwrap();
    t.enter();
    let s = t.screen();
    assert!(
        s.contains(&format!("#{id}")) && !s.contains("未结的危机个案：1"),
        "{s}"
    );
    // a student behind a number opens on the students screen
    let mut t = T::new("lina", (120, 40));
    to(&mut t, "未结跟进");
    t.enter();
    let s = t.screen();
    shows(&s, &["未结跟进："]);
    let row = s.lines().find(|l| l.starts_with("> ")).unwrap().to_string();
    let name = row.trim_start_matches("> ").trim_start_matches("! ");
    let name = name.split_whitespace().next().unwrap().to_string();
    t.enter();
    let s = t.screen();
    assert!(s.contains(&name) && s.contains("学生信息"), "{name}: {s}");
    // one Esc goes back where the student was opened from: the drill-down
    t.esc();
    let s = t.screen();
    assert!(
        s.contains("未结跟进：") && !s.contains("学生信息"),
        "one Esc back to the drill-down:\n{s}"
    );
    // a student opened on the students screen itself closes to its list
    t.key(KeyCode::Char('2'));
    let s = t.screen();
    assert!(!s.contains("学生信息"), "{s}");
}
