//! 待办's record context, its past talks and contacts with their
//! correction, and the student timeline those records feed.

use ratatui::crossterm::event::KeyCode;
use zhiban::app::records::{TalkInput, record_talk};

use super::{T, shows};

/// 曾敏, lina's student: a sensitive duty entry names her, a crisis case
/// holds her, guardians on file (the demo, seed 1).
const ZENGMIN: &str = "20230100002";

fn talk(t: &mut T, summary: &str) {
    record_talk(
        &mut t.s.app,
        &TalkInput {
            student_no: ZENGMIN.into(),
            kind: "daily".into(),
            summary: summary.into(),
            follow_up: Some("约见家长".into()),
            follow_up_due: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()),
            next_talk: Some(chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()),
            ..Default::default()
        },
    )
    .unwrap();
}

/// The talk form from `n`, with 曾敏 chosen.
fn talk_form_for_zengmin(t: &mut T) {
    t.ch('4');
    t.ch('n');
    shows(&t.screen(), &["┌谈话记录"]);
    t.typed(ZENGMIN);
    t.enter();
}

#[test]
fn the_talk_form_shows_why_due_the_last_talk_and_guardians_at_80x24_and_50x20() {
    for size in [(80, 24), (50, 20)] {
        let mut t = T::new("lina", size);
        talk(&mut t, "第一行：谈了作息\n第二行：情绪平稳");
        talk_form_for_zengmin(&mut t);
        let s = t.screen();
        // the form opened, the context above it
        shows(&s, &["┌谈话记录", "背景 — 曾敏"]);
        shows(&s, &["上次谈话：2026-11-22"]);
        if size.0 == 80 {
            shows(&s, &["第一行：谈了作息"]);
        }
        assert!(!s.contains("第二行"), "the first line only: {s}");
        // the fields stay usable: the summary is typed into and saved
        t.tab(3);
        t.typed("谈话内容");
        t.ctrl('s');
        shows(&t.screen(), &["已保存"]);
    }
}

#[test]
fn the_contact_form_shows_guardians_phones_and_a_leaders_reveal_is_logged() {
    let mut t = T::new("lina", (80, 24));
    t.ch('4');
    t.ch('c');
    shows(&t.screen(), &["┌家长联系"]);
    t.typed(ZENGMIN);
    t.enter();
    let s = t.screen();
    shows(&s, &["背景 — 曾敏", "监护人："]);
    // the counsellor sees her own student's guardians' phones in full
    let phone: String = t
        .sql()
        .query_row(
            "SELECT g.phone FROM guardians g JOIN students s ON s.id = g.student_id
             WHERE s.student_no = ?1 AND g.phone IS NOT NULL ORDER BY g.id LIMIT 1",
            [ZENGMIN],
            |r| r.get(0),
        )
        .unwrap();
    assert!(s.contains(&phone), "{phone} in {s}");
    // not a reveal for her: nothing logged
    let reveals = "SELECT count(*) FROM audit_log WHERE action = 'student.reveal'";
    assert_eq!(t.count(reveals), 0);
    // a leader sees it masked until revealed: the contact form reveals it,
    // and the reveal is logged as on the student's page
    let mut l = T::on(&t.db, "liuyang", (50, 20), zhiban::config::Lang::ZhCn);
    let mut ctx = zhiban::app::record_context::for_student(&mut l.s.app, ZENGMIN, false).unwrap();
    assert!(
        matches!(
            ctx.guardians[0].phone,
            zhiban::app::students::Shown::Masked { .. }
        ),
        "the talk form does not reveal"
    );
    assert_eq!(t.count(reveals), 0);
    ctx = zhiban::app::record_context::for_student(&mut l.s.app, ZENGMIN, true).unwrap();
    assert_eq!(
        ctx.guardians[0].phone,
        zhiban::app::students::Shown::Plain(phone.clone())
    );
    assert!(t.count(reveals) >= 1);
}

#[test]
fn past_records_list_and_a_correction_prefilled_at_80x24_and_50x20() {
    for size in [(80, 24), (50, 20)] {
        let mut t = T::new("lina", size);
        talk(&mut t, "原来写的：谈了作息\n第二行");
        t.ch('4');
        t.ch('h');
        let s = t.screen();
        shows(&s, &["以往谈话与家长联系 — 我的 · 全部"]);
        // newest first: the talk just written leads
        let first = s.lines().find(|l| l.starts_with("> ")).unwrap().to_string();
        assert!(first.contains("曾敏") && first.contains("谈话"), "{s}");
        // the filter narrows to contacts, and back
        t.ch('f');
        shows(&t.screen(), &["· 谈话 ·"]);
        t.ch('f');
        shows(&t.screen(), &["· 家长联系 ·"]);
        assert!(!t.screen().contains("> 11-22"), "no contact today");
        t.ch('f');
        // Enter opens the correction, prefilled with the latest text
        t.enter();
        let s = t.screen();
        shows(&s, &["更正谈话记录", "原来写的：谈了作息"]);
        t.ctrl('u');
        t.key(KeyCode::End);
        t.typed("（补充）");
        t.ctrl('s');
        shows(&t.screen(), &["已更正"]);
        let (amends, summary): (Option<i64>, String) = t
            .sql()
            .query_row(
                "SELECT amends, summary FROM talks ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert!(amends.is_some(), "an amendment, the original kept");
        assert!(summary.contains("（补充）"), "{summary}");
        // the list shows the record once, corrected
        let s = t.screen();
        shows(&s, &["已更正"]);
        // back to the to-do list with h
        t.ch('h');
        shows(&t.screen(), &["待办 / 逾期 — 李娜"]);
    }
}

#[test]
fn another_authors_record_is_not_corrected_from_the_list() {
    let mut t = T::new("liuyang", (80, 24));
    t.ch('4');
    t.ch('h');
    let s = t.screen();
    shows(&s, &["以往谈话与家长联系 — 本学院"]);
    assert!(!t.hints().contains("更正"), "{}", t.hints());
    t.enter();
    assert!(!t.screen().contains("┌更正"), "{}", t.screen());
}

/// Every line of the student's page, scrolled through.
fn whole_page(t: &mut T) -> String {
    let mut all = String::new();
    for _ in 0..30 {
        all.push_str(&t.screen());
        t.key(KeyCode::PageDown);
    }
    all
}

#[test]
fn the_timeline_keeps_lines_and_shows_dates_duty_entries_and_crisis_cases() {
    let mut t = T::new("lina", (80, 24));
    talk(&mut t, "第一行：谈了作息\n第二行：情绪平稳");
    t.ch('6');
    t.ch('/');
    t.typed(ZENGMIN);
    t.enter();
    shows(&t.screen(), &["曾敏"]);
    let page = whole_page(&mut t);
    shows(
        &page,
        &[
            "谈话·日常谈心（李娜）：第一行：谈了作息",
            "      第二行：情绪平稳",
            "跟进：约见家长（2026-11-27 前）",
            "下次谈话：2026-12-04",
            "值班记录·",
            "学生深夜来值班室倾诉",
            "危机个案 #3",
        ],
    );
    // at 50x20 too
    let mut s = T::on(&t.db, "lina", (50, 20), zhiban::config::Lang::ZhCn);
    s.ch('6');
    s.ch('/');
    s.typed(ZENGMIN);
    s.enter();
    let page = whole_page(&mut s);
    shows(&page, &["第二行：情绪平稳", "危机个案 #3"]);
    // an aid specialist sees the talk, not the crisis case nor the duty entry
    let mut a = T::on(&t.db, "wuqiang", (80, 24), zhiban::config::Lang::ZhCn);
    a.ch('6');
    a.ch('/');
    a.typed(ZENGMIN);
    a.enter();
    shows(&a.screen(), &["曾敏"]);
    let page = whole_page(&mut a);
    shows(&page, &["第二行：情绪平稳"]);
    assert!(!page.contains("危机个案"), "{page}");
    assert!(!page.contains("学生深夜来值班室倾诉"), "{page}");
}

/// Issue 14: the timeline shows "patrol follow-ups" — the follow-up raised
/// after a patrol found the student absent, with who raised it, by when,
/// and whether it was closed and how; open ones say so.
#[test]
fn the_timeline_shows_patrol_follow_ups_open_and_closed() {
    let t0 = T::new("lina", (80, 24));
    // one of lina's students with an open follow-up, one closed as escalated
    let pick = |closed: &str| -> String {
        t0.sql()
            .query_row(
                &format!(
                    "SELECT s.student_no FROM follow_ups f JOIN students s ON s.id = f.student_id
                     JOIN staff c ON c.id = f.counsellor_id
                     WHERE c.login = 'lina' AND {closed} ORDER BY f.id LIMIT 1"
                ),
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let open = pick("f.closed_at IS NULL");
    let escalated = pick("f.outcome = 'escalated'");
    for (no, state) in [(open, "尚未办结"), (escalated, "未联系到，已上报")] {
        for size in [(80, 24), (50, 20)] {
            let mut t = T::on(&t0.db, "lina", size, zhiban::config::Lang::ZhCn);
            t.ch('6');
            t.ch('/');
            t.typed(&no);
            t.enter();
            let page = whole_page(&mut t);
            shows(&page, &["查寝跟进：", "前办结", state]);
        }
    }
}

/// Trial of issue 14: a corrected duty entry showed twice in the timeline,
/// the correction unmarked, and the note it was closed with was missing.
#[test]
fn the_timeline_shows_a_duty_entry_as_corrected_once_with_how_it_was_closed() {
    use zhiban::app::duty::{self, Entry};
    use zhiban::domain::duty::EntryType;
    let t0 = T::new("lina", (80, 24));
    let mut a = super::session(&t0.db, "sunpeng", zhiban::config::Lang::ZhCn);
    t0.sql()
        .execute("DELETE FROM shifts WHERE closed_at IS NULL", [])
        .unwrap();
    duty::open(&mut a, Some("值班室"), Some("刘洋")).unwrap();
    let id = duty::log(
        &mut a,
        &Entry {
            kind: Some(EntryType::Call),
            text: "初稿：家长来电询问".into(),
            students: vec![ZENGMIN.into()],
            open: true,
            ..Entry::default()
        },
    )
    .unwrap();
    duty::amend(&mut a, id, "定稿：家长来电询问作息", None).unwrap();
    zhiban::app::duty_owned::close_entry(&mut a, id, "已回电家长").unwrap();
    for size in [(80, 24), (50, 20)] {
        let mut t = T::on(&t0.db, "lina", size, zhiban::config::Lang::ZhCn);
        t.ch('6');
        t.ch('/');
        t.typed(ZENGMIN);
        t.enter();
        let page = whole_page(&mut t);
        shows(
            &page,
            &["（更正）值班记录", "定稿：家长来电", "结案：已回电家长"],
        );
        assert!(!page.contains("初稿"), "{page}");
    }
}
