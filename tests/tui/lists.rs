//! Work lists and every role's screen 4 (issue 15 items 2, 5, 7): the
//! students screen's filter line and its xlsx export, a leader's 督办 from
//! start to close, the counts of the per-counsellor list and its
//! drill-down, each role's own list without English or unusable keys.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use zhiban::app::compliance::{self, Counts};
use zhiban::config::Lang;

use super::{T, session, shows};

/// Three or more English words in a row: an English sentence.
fn english(s: &str) -> bool {
    s.split(|c: char| !c.is_ascii_alphabetic() && c != '\'')
        .collect::<Vec<_>>()
        .windows(3)
        .any(|w| w.iter().all(|x| x.len() > 1))
}

/// The rows of the list under the header of the students screen.
fn rows(s: &str) -> Vec<String> {
    s.lines()
        .filter(|l| {
            l.trim_start_matches(['>', ' ']).starts_with("2023")
                || l.trim_start_matches(['>', ' ']).starts_with("2024")
                || l.trim_start_matches(['>', ' ']).starts_with("2025")
                || l.trim_start_matches(['>', ' ']).starts_with("2026")
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn the_filter_line_finds_a_flag_a_class_and_both_at_80x24_and_50x20() {
    let mut t = T::new("lina", (80, 24));
    let lina = zhiban::app::students::list(&t.s.app).unwrap();
    let concern = lina
        .iter()
        .filter(|v| {
            v.flags
                .iter()
                .any(|f| f.kind == zhiban::domain::student::FlagKind::KeyConcern)
        })
        .count();
    assert!(concern > 0, "the demo has key-concern students");
    for size in [(80, 24), (50, 20)] {
        t.resize(size.0, size.1);
        t.ch('6');
        t.ch('/');
        t.typed("关注");
        let s = t.screen();
        shows(&s, &["筛选：重点关注", &format!("{concern}/")]);
        let r = rows(&s);
        assert!(!r.is_empty(), "{s}");
        assert!(r.iter().all(|l| l.contains("关注")), "{s}");
        t.ctrl('u');
        t.typed("计科2301");
        let s = t.screen();
        shows(&s, &["筛选：计科2301"]);
        let r = rows(&s);
        assert!(!r.is_empty(), "{s}");
        assert!(r.iter().all(|l| l.contains("计科2301")), "{s}");
        // both: fewer, each of the class and flagged
        t.typed(" 关注");
        let s = t.screen();
        shows(&s, &["筛选：重点关注 · 计科2301"]);
        let r = rows(&s);
        assert!(!r.is_empty() && r.len() < concern, "{s}");
        assert!(
            r.iter()
                .all(|l| l.contains("计科2301") && l.contains("关注"))
        );
        // a name still searches
        t.ctrl('u');
        let one = &lina[0];
        t.typed(&one.name);
        shows(&t.screen(), &[&one.student_no]);
        t.ctrl('u');
        t.esc();
    }
    // the export key is offered on the list
    assert!(t.hints().contains("e 导出"), "{}", t.hints());
    t.ch('e');
    shows(&t.screen(), &["导出名单（xlsx）", "学生名单-20261122.xlsx"]);
    t.esc();
}

#[test]
fn a_filtered_list_exports_to_xlsx_masked_and_logged() {
    let dir = tempfile::tempdir().unwrap();
    let db = super::demo_db(dir.path());
    let mut app = session(&db, "lina", Lang::ZhCn);
    let views = zhiban::app::students::list(&app).unwrap();
    let vocab = zhiban::app::work_list::Vocab::of(&views);
    let f = zhiban::app::work_list::ListFilter::parse("困难 计科2301", &vocab);
    let ids: Vec<i64> = views
        .iter()
        .filter(|v| f.matches(v))
        .map(|v| v.id)
        .collect();
    assert!(!ids.is_empty());
    let path = dir.path().join("list.xlsx");
    let n = zhiban::io::export::list::students_xlsx(&mut app, &ids, &f.summary(), &path).unwrap();
    assert_eq!(n, ids.len());
    let mut x: Xlsx<_> = open_workbook_from_rs(Cursor::new(std::fs::read(&path).unwrap())).unwrap();
    let name = x.sheet_names()[0].clone();
    let r = x.worksheet_range(&name).unwrap();
    let rows: Vec<Vec<Data>> = r.rows().map(|r| r.to_vec()).collect();
    assert_eq!(rows[0][0], Data::String("学号".into()));
    assert_eq!(rows[0][6], Data::String("手机号".into()));
    assert_eq!(rows.len(), n + 1);
    for row in &rows[1..] {
        assert_eq!(row[3], Data::String("计科2301".into()));
        let phone = row[6].to_string();
        // lina sees her students' phones in full on screen; a file is masked
        assert!(phone.is_empty() || phone.contains('*'), "{phone}");
        assert!(row[7].to_string().contains("家庭经济困难"));
    }
    let logged: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'export.student_list'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 1);
    // a role that may not export students is refused, nothing written
    let mut psych = session(&db, "zhouhui", Lang::ZhCn);
    let other = dir.path().join("psych.xlsx");
    assert!(zhiban::io::export::list::students_xlsx(&mut psych, &ids, "", &other).is_err());
    assert!(!other.exists());
}

#[test]
fn a_leaders_press_reaches_the_counsellor_and_closes_when_met() {
    let mut leader = T::new("liuyang", (80, 24));
    leader.ch('4');
    let s = leader.screen();
    shows(&s, &["各辅导员待办", "> 完成"]);
    // the first is the furthest behind: the drill-down of that counsellor
    leader.enter();
    let s = leader.screen();
    shows(&s, &["待办 / 逾期 — 张伟", "> [逾期]"]);
    assert!(leader.hints().contains("d 督办"), "{}", leader.hints());
    leader.ch('d');
    // the short form first: nothing to type, Enter sends
    shows(&leader.screen(), &["┌督办", "要求（可不填）"]);
    leader.enter();
    shows(&leader.screen(), &["【已督办", "已督办 张伟"]);
    let (rule, subject, closed): (String, String, Option<String>) = leader
        .sql()
        .query_row(
            "SELECT r.rule, r.subject, r.closed_at FROM reminders r
             JOIN staff s ON s.id = r.pressed_by WHERE s.login = 'liuyang'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(closed, None);
    assert_eq!(
        leader.count("SELECT count(*) FROM audit_log WHERE action = 'todo.press'"),
        1
    );
    // pressing the same line again is not offered
    assert!(!leader.hints().contains("d 督办"), "{}", leader.hints());
    // the counsellor sees it first
    let mut c = T::on(&leader.db, "zhangwei", (80, 24), Lang::ZhCn);
    c.ch('4');
    let s = c.screen();
    let first = s.lines().nth(3).unwrap();
    assert!(
        first.starts_with("> [督办]") && first.contains("刘洋"),
        "{s}"
    );
    assert!(first.contains(subject.split(' ').next().unwrap()), "{s}");
    assert!(c.hints().contains("x 督办办结"), "{}", c.hints());
    // Enter does what the item asks (here a talk): once saved the item is
    // met and the 督办 closes by itself
    assert_eq!(rule, "talk.warning-3d");
    c.enter();
    shows(&c.screen(), &["┌谈话记录"]);
    c.typed("谈了预警后的学习安排");
    c.ctrl('s');
    shows(&c.screen(), &["已保存"]);
    assert!(!c.screen().contains("[督办]"), "{}", c.screen());
    let (closed, reason): (Option<String>, Option<String>) = c
        .sql()
        .query_row("SELECT closed_at, close_reason FROM reminders", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(closed.is_some());
    assert_eq!(reason.as_deref(), Some("met"));
    assert_eq!(
        c.count("SELECT count(*) FROM audit_log WHERE action = 'todo.press_met'"),
        1
    );
}

#[test]
fn the_counsellor_closes_a_press_with_x() {
    let mut leader = T::new("liuyang", (80, 24));
    leader.ch('4');
    leader.enter();
    leader.ch('d');
    shows(&leader.screen(), &["┌督办"]);
    leader.ctrl('s');
    let mut c = T::on(&leader.db, "zhangwei", (80, 24), Lang::ZhCn);
    c.ch('4');
    shows(&c.screen(), &["> [督办]"]);
    c.ch('x');
    assert!(!c.screen().contains("[督办]"), "{}", c.screen());
    assert_eq!(
        c.count(
            "SELECT count(*) FROM reminders WHERE close_reason = 'done' AND closed_at IS NOT NULL"
        ),
        1
    );
    // the leader's mark is gone with it
    leader.esc();
    leader.enter();
    assert!(!leader.screen().contains("【已督办"), "{}", leader.screen());
}

#[test]
fn the_list_and_the_drill_down_count_the_same_and_the_furthest_behind_come_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = super::demo_db(dir.path());
    for login in ["liuyang", "chenjing"] {
        let app = session(&db, login, Lang::ZhCn);
        let c = compliance::college(&app, None).unwrap();
        assert!(!c.counsellors.is_empty());
        for s in &c.counsellors {
            let (_, rules) = compliance::for_counsellor(&app, Some(&s.login)).unwrap();
            let n = Counts::of(&compliance::todo_lines(&app, &rules));
            assert_eq!(
                (s.overdue, s.due, s.lines),
                (n.overdue, n.due, n.all),
                "{login} on {}",
                s.login
            );
        }
        for w in c.counsellors.windows(2) {
            assert!(
                (w[0].overdue, w[0].due) >= (w[1].overdue, w[1].due),
                "{} before {}",
                w[0].login,
                w[1].login
            );
        }
    }
    // the school-wide leader sees each counsellor's college
    let mut t = T::on(&db, "chenjing", (80, 24), Lang::ZhCn);
    t.ch('4');
    let s = t.screen();
    let colleges: Vec<String> = t
        .sql()
        .prepare("SELECT name FROM colleges")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(colleges.len() > 1);
    for c in &colleges {
        assert!(s.contains(c.as_str()), "{c}: {s}");
    }
    // the drill-down's title counts what the line counted
    let first = s.lines().find(|l| l.starts_with("> ")).unwrap().to_string();
    t.enter();
    let d = t.screen();
    let num = |line: &str, word: &str| -> String {
        let at = line.find(word).unwrap() + word.len();
        line[at..]
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect()
    };
    let title = d.lines().nth(2).unwrap();
    assert_eq!(num(&first, "逾期"), num(title, "· 逾期"), "{first}\n{d}");
    assert_eq!(num(&first, "待办"), num(title, "· 待办"), "{first}\n{d}");
}

#[test]
fn every_roles_screen_4_shows_its_own_list_in_chinese_without_keys_it_cannot_use() {
    let dir = tempfile::tempdir().unwrap();
    let db = super::demo_db(dir.path());
    let cases: [(&str, &str, &[&str]); 7] = [
        ("lina", "待办 / 逾期 — 李娜", &[]),
        ("liuyang", "各辅导员待办", &["d 督办", "x 督办"]),
        ("chenjing", "各辅导员待办", &["d 督办", "x 督办"]),
        (
            "zhouhui",
            "重点关注学生",
            &["d 督办", "x 督办", "f 筛选", "l 班级台账", "p "],
        ),
        (
            "wuqiang",
            "家庭经济困难学生",
            &["d 督办", "x 督办", "f 筛选", "l 班级台账", "p "],
        ),
        (
            "sunpeng",
            "3 值班",
            &["Enter", "d 督办", "n 谈话", "c 家长", "f 筛选", "h 以往"],
        ),
        ("admin", "6 学生", &["Enter", "d 督办", "n 谈话", "f 筛选"]),
    ];
    for (login, title, absent) in cases {
        let mut t = T::on(&db, login, (80, 24), Lang::ZhCn);
        t.ch('4');
        let s = t.screen();
        shows(&s, &[title]);
        let body: String = s.lines().skip(2).collect::<Vec<_>>().join("\n");
        assert!(!english(&body), "{login}: English on screen 4:\n{s}");
        let hints = t.hints();
        for k in absent {
            assert!(!hints.contains(k), "{login}: '{k}' offered: {hints}");
        }
    }
    // the psych specialist's roster: level first, the counsellor named;
    // Enter opens a psych talk for the student
    let mut t = T::on(&db, "zhouhui", (80, 24), Lang::ZhCn);
    t.ch('4');
    let s = t.screen();
    assert!(s.lines().nth(3).unwrap().starts_with("> [一级]"), "{s}");
    shows(&s, &["上次谈话", "辅导员"]);
    t.enter();
    shows(&t.screen(), &["┌谈话记录", "心理关注约谈"]);
    // the aid specialist's: the most difficult first, with the last home visit
    let mut t = T::on(&db, "wuqiang", (50, 20), Lang::ZhCn);
    t.ch('4');
    let s = t.screen();
    let first = s.lines().find(|l| l.starts_with("> ")).unwrap();
    assert!(first.starts_with("> [特别困难]"), "{s}");
}
