//! The aid specialist's own work on screen 4 (issue 15 item 4): the
//! financially difficult students with this year's home-visit and growth-
//! file coverage, the home-visit form (Enter on a row, or a counsellor's
//! 待办 line of `aid.home-visit`), the growth-file entry (`g`), both seen
//! again in the student timeline.

use ratatui::crossterm::event::KeyCode;
use zhiban::config::Lang;

use super::{T, shows};

/// The line under the cursor (`> …`).
fn here(t: &T) -> String {
    let s = t.screen();
    s.lines()
        .find(|l| l.starts_with("> ") || l.starts_with(">["))
        .unwrap_or_else(|| panic!("no cursor line:\n{s}"))
        .to_string()
}

/// Moves the cursor down to the first line holding `needle`.
fn down_to(t: &mut T, needle: &str) -> String {
    for _ in 0..200 {
        let l = here(t);
        if l.contains(needle) {
            return l;
        }
        t.key(KeyCode::Down);
    }
    panic!("no line with {needle:?}:\n{}", t.screen());
}

/// The 学号 on a line (the first run of 11 digits).
fn number_on(line: &str) -> String {
    line.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 11)
        .unwrap_or_else(|| panic!("no 学号 on {line:?}"))
        .to_string()
}

/// The line of the aid list holding this student.
fn row_of(t: &T, no: &str) -> String {
    let s = t.screen();
    s.lines()
        .find(|l| l.contains(no))
        .unwrap_or_else(|| panic!("{no} not on screen:\n{s}"))
        .to_string()
}

#[test]
fn the_aid_list_shows_coverage_and_a_home_visit_is_recorded_at_80x24_50x20_and_120x40() {
    for size in [(80, 24), (50, 20), (120, 40)] {
        let mut t = T::new("wuqiang", size);
        t.ch('4');
        let s = t.screen();
        shows(&s, &["家庭经济困难学生", "本学年已家访", "家访✗"]);
        if size.0 >= 80 {
            shows(&s, &["档案", "辅导员"]);
        }
        assert!(t.hints().contains("g 成长档案"), "{}", t.hints());
        // those without a visit this year first
        let line = down_to(&mut t, "家访✗");
        let no = number_on(&line);
        let before = t.count("SELECT count(*) FROM home_visits");
        t.enter();
        let s = t.screen();
        shows(&s, &["┌家访记录", &no, "家庭情况", "同去人员"]);
        // the keyboard is on the family's situation; who went by pinyin
        t.typed("父母务农，家中四口人，母亲常年患病");
        t.key(KeyCode::BackTab);
        t.key(KeyCode::BackTab);
        t.typed("zhouhui");
        t.ctrl('s');
        shows(&t.screen(), &["已保存"]);
        assert!(!t.screen().contains("┌家访记录"), "{}", t.screen());
        assert_eq!(t.count("SELECT count(*) FROM home_visits"), before + 1);
        let (family, mode, on, staff): (String, String, String, String) = t
            .sql()
            .query_row(
                "SELECT v.family, v.mode, v.visited_on,
                        (SELECT group_concat(s.login, ',') FROM home_visit_staff h
                         JOIN staff s ON s.id = h.staff_id WHERE h.visit_id = v.id)
                 FROM home_visits v JOIN students st ON st.id = v.student_id
                 WHERE st.student_no = ?1 ORDER BY v.id DESC LIMIT 1",
                [&no],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(family, "父母务农，家中四口人，母亲常年患病");
        assert_eq!((mode.as_str(), on.as_str()), ("in_person", "2026-11-22"));
        assert!(
            staff.contains("wuqiang") && staff.contains("zhouhui"),
            "{staff}"
        );
        // the row says so (it moves down the list once covered; the day
        // where there is room)
        let row = down_to(&mut t, &no);
        let want = if size.0 >= 80 {
            "家访✓ 11-22"
        } else {
            "家访✓"
        };
        assert!(row.contains(want), "{}", t.screen());
    }
}

#[test]
fn esc_on_a_changed_visit_form_asks_and_what_to_fix_names_the_field() {
    let mut t = T::new("wuqiang", (80, 24));
    t.ch('4');
    down_to(&mut t, "家访✗");
    let before = t.count("SELECT count(*) FROM home_visits");
    t.enter();
    shows(&t.screen(), &["┌家访记录"]);
    // nothing typed: saving names the family's situation
    t.ctrl('s');
    shows(&t.screen(), &["家庭情况：请填写"]);
    t.typed("靠低保生活");
    // Esc asks before anything typed is dropped; the draft is kept meanwhile
    t.esc();
    shows(&t.hints(), &["留作草稿", "丢弃"]);
    assert!(
        t.drafts().iter().any(|(_, p)| p.contains("todo.visit")),
        "{:?}",
        t.drafts()
    );
    t.esc();
    shows(&t.screen(), &["┌家访记录", "靠低保生活"]);
    // who went: a word that is nobody
    t.key(KeyCode::BackTab);
    t.key(KeyCode::BackTab);
    t.typed("nobody");
    t.ctrl('s');
    shows(&t.screen(), &["同去人员：“nobody”不是在册教职工"]);
    t.ctrl('u');
    // a day after today
    t.key(KeyCode::BackTab);
    t.key(KeyCode::BackTab);
    t.typed("2026-12-01");
    t.ctrl('s');
    shows(&t.screen(), &["家访日期：晚于今天"]);
    assert_eq!(
        t.count("SELECT count(*) FROM home_visits"),
        before,
        "nothing half-written"
    );
    // leave, discarding
    t.esc();
    t.ch('d');
    assert!(!t.screen().contains("┌家访记录"), "{}", t.screen());
}

#[test]
fn a_counsellors_home_visit_line_opens_the_visit_form_and_goes_away_when_saved() {
    for size in [(80, 24), (50, 20)] {
        let mut t = T::new("lina", size);
        t.ch('4');
        let line = down_to(&mut t, "未家访");
        let no = number_on(&line);
        let due = |t: &T| {
            let (_, rules) = zhiban::app::compliance::for_counsellor(&t.s.app, None).unwrap();
            zhiban::app::compliance::todo_lines(&t.s.app, &rules)
                .into_iter()
                .filter(|l| l.rule == "aid.home-visit" && l.student_no.as_deref() == Some(&no))
                .count()
        };
        assert_eq!(due(&t), 1);
        t.enter();
        // the visit form, not a family contact, with the student chosen
        let s = t.screen();
        shows(&s, &["┌家访记录", &no]);
        assert!(!s.contains("┌家长联系"), "{s}");
        t.typed("单亲家庭，母亲打零工");
        t.ctrl('s');
        shows(&t.screen(), &["已保存"]);
        assert_eq!(due(&t), 0, "the 待办 line is met");
        assert!(
            !t.screen()
                .lines()
                .any(|l| l.contains(&no) && l.contains("未家访")),
            "{}",
            t.screen()
        );
        // not a growth-file key on a counsellor's list
        assert!(!t.hints().contains("成长档案"), "{}", t.hints());
    }
}

#[test]
fn a_growth_entry_is_saved_shown_on_the_row_and_in_the_timeline() {
    for size in [(80, 24), (50, 20), (120, 40)] {
        let mut t = T::new("wuqiang", size);
        t.ch('4');
        let line = down_to(&mut t, "档案✗");
        let no = number_on(&line);
        t.ch('g');
        let s = t.screen();
        shows(&s, &["┌成长档案记录", &no, "资助帮扶"]);
        t.typed("获国家助学金一等，学期成绩进步明显");
        t.ctrl('s');
        shows(&t.screen(), &["已保存"]);
        let (kind, text, on): (String, String, String) = t
            .sql()
            .query_row(
                "SELECT g.kind, g.text, g.noted_on FROM growth_entries g
                 JOIN students s ON s.id = g.student_id
                 WHERE s.student_no = ?1 ORDER BY g.id DESC LIMIT 1",
                [&no],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(
            (kind.as_str(), text.as_str(), on.as_str()),
            (
                "support",
                "获国家助学金一等，学期成绩进步明显",
                "2026-11-22"
            )
        );
        let want = if size.0 >= 80 {
            "档案✓ 1条 11-22"
        } else {
            "档案✓"
        };
        assert!(row_of(&t, &no).contains(want), "{}", t.screen());
        // and in the student's timeline on screen 6
        t.ch('6');
        t.ch('/');
        t.typed(&no);
        t.enter();
        let mut page = String::new();
        for _ in 0..20 {
            page.push_str(&t.screen());
            t.key(KeyCode::PageDown);
        }
        shows(&page, &["成长档案·资助帮扶（吴强）：获国家助学"]);
    }
}

#[test]
fn only_the_aid_specialist_is_offered_the_growth_key_and_others_lists_are_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = super::demo_db(dir.path());
    for (login, title) in [("zhouhui", "重点关注学生"), ("lina", "待办 / 逾期")] {
        let mut t = T::on(&db, login, (80, 24), Lang::ZhCn);
        t.ch('4');
        shows(&t.screen(), &[title]);
        assert!(!t.hints().contains("g 成长档案"), "{login}: {}", t.hints());
        t.ch('g');
        assert!(!t.screen().contains("┌成长档案记录"), "{login}");
    }
    // a visit recorded elsewhere shows in the timeline to the counsellor,
    // with the family's situation; a leader sees the visit, not the family
    let mut w = T::on(&db, "wuqiang", (80, 24), Lang::ZhCn);
    let no = zhiban::app::aid::roster(&w.s.app)
        .unwrap()
        .into_iter()
        .find(|l| l.counsellor.as_deref() == Some("李娜"))
        .map(|l| l.student_no)
        .unwrap();
    w.ch('4');
    down_to(&mut w, &no);
    w.enter();
    shows(&w.screen(), &["┌家访记录"]);
    w.typed("家中有两位老人需要照顾");
    w.ctrl('s');
    shows(&w.screen(), &["已保存"]);
    for (login, seen, unseen) in [
        ("lina", "家中有两位老人需要照顾", "家庭情况不向您的角色展示"),
        (
            "liuyang",
            "家庭情况不向您的角色展示",
            "家中有两位老人需要照顾",
        ),
    ] {
        let mut t = T::on(&db, login, (80, 24), Lang::ZhCn);
        t.ch('6');
        t.ch('/');
        t.typed(&no);
        t.enter();
        let mut page = String::new();
        for _ in 0..20 {
            page.push_str(&t.screen());
            t.key(KeyCode::PageDown);
        }
        shows(&page, &["家访·线下（吴强）：", seen]);
        assert!(!page.contains(unseen), "{login}: {page}");
    }
}
