//! Every form of the interface on the one engine: Esc with changes asks
//! (keep as draft / discard / go on), a choice never swallows typed text,
//! the focus moves on after a student is picked, in every form alike.

use ratatui::crossterm::event::KeyCode;
use zhiban::config::Lang;

use super::{T, session, shows};

/// A form of the interface: who opens it, how (the keyboard left on a
/// field that takes text), and a word of its title.
pub struct F {
    pub name: &'static str,
    pub login: &'static str,
    pub open: fn(&mut T),
    pub title: &'static str,
}

fn open_shift(t: &mut T) {
    t.ch('3');
    t.ch('o');
    t.typed("1号楼值班室");
    t.tab(1);
    t.typed("刘洋");
    t.enter();
}

fn with_entry(t: &mut T) {
    open_shift(t);
    t.ch('n');
    t.ch('2');
    t.typed("家长来电询问");
    t.enter();
}

fn crisis_case(t: &mut T) {
    t.ch('5');
    t.enter();
    // someone new to the case sees its overview first; `o` goes to the step
    shows(&t.screen(), &["处置经过"]);
    t.ch('o');
}

fn patrol_room(t: &mut T) {
    t.ch('2');
    t.enter();
}

/// An item handed over by sunpeng at the desk, waiting for mali.
fn handed_over(t: &mut T) {
    let mut a = session(&t.db, "sunpeng", Lang::ZhCn);
    zhiban::app::duty::open(&mut a, Some("测试值班室"), Some("刘洋")).unwrap();
    zhiban::app::duty::log(
        &mut a,
        &zhiban::app::duty::Entry {
            kind: Some(zhiban::domain::duty::EntryType::Call),
            text: "明早联系家长".into(),
            at: None,
            location: None,
            students: Vec::new(),
            sensitive: false,
            open: true,
        },
    )
    .unwrap();
    zhiban::app::duty::close(&mut a, "一项待办", Some("mali")).unwrap();
    t.ch('3');
    t.ch('o');
    t.typed("测试值班室");
    t.enter();
    t.ch('c');
}

pub fn all() -> Vec<F> {
    vec![
        F {
            name: "talk",
            login: "lina",
            title: "谈话记录",
            open: |t| {
                t.ch('4');
                t.ch('n');
                t.tab(4);
            },
        },
        F {
            name: "contact",
            login: "lina",
            title: "家长联系",
            open: |t| {
                t.ch('4');
                t.ch('c');
                t.tab(5);
            },
        },
        F {
            name: "ledger",
            login: "lina",
            title: "班级工作台账",
            open: |t| {
                t.ch('4');
                t.ch('l');
                t.tab(3);
            },
        },
        F {
            name: "mentors",
            login: "zhangwei",
            title: "1+1+1",
            open: |t| {
                t.ch('4');
                t.resize(120, 30);
                for _ in 0..300 {
                    if t.screen()
                        .lines()
                        .any(|l| l.starts_with("> ") && l.contains("1+1+1"))
                    {
                        break;
                    }
                    t.key(KeyCode::Down);
                }
                t.resize(80, 24);
                t.enter();
            },
        },
        F {
            name: "sweep",
            login: "liuyang",
            title: "特殊群体摸排",
            open: |t| {
                t.ch('4');
                t.ch('p');
                t.tab(1);
            },
        },
        F {
            name: "open shift",
            login: "sunpeng",
            title: "开班",
            open: |t| {
                t.ch('3');
                t.ch('o');
            },
        },
        F {
            name: "duty entry",
            login: "sunpeng",
            title: "新记录",
            open: |t| {
                open_shift(t);
                t.ch('n');
                t.ch('2');
            },
        },
        F {
            name: "handover",
            login: "sunpeng",
            title: "交班",
            open: |t| {
                open_shift(t);
                t.ch('C');
            },
        },
        F {
            name: "leader's response",
            login: "sunpeng",
            title: "领导的回复",
            open: |t| {
                with_entry(t);
                t.ch('e');
                t.ch('1');
                t.ch('r');
            },
        },
        F {
            name: "amend",
            login: "sunpeng",
            title: "更正",
            open: |t| {
                with_entry(t);
                t.ch('a');
            },
        },
        F {
            name: "close an item handed over",
            login: "mali",
            title: "关闭此事项",
            open: handed_over,
        },
        F {
            name: "crisis open",
            login: "lina",
            title: "新建危机个案",
            open: |t| {
                t.ch('!');
                t.tab(2);
            },
        },
        F {
            name: "crisis note",
            login: "lina",
            title: "备注",
            open: |t| {
                crisis_case(t);
                t.ch('t');
            },
        },
        F {
            name: "crisis skip",
            login: "lina",
            title: "跳过的理由",
            open: |t| {
                crisis_case(t);
                t.ch('s');
            },
        },
        F {
            name: "crisis not applicable",
            login: "lina",
            title: "不适用的理由",
            open: |t| {
                crisis_case(t);
                t.ch('x');
            },
        },
        F {
            name: "crisis level",
            login: "lina",
            title: "理由（必填）",
            open: |t| {
                crisis_case(t);
                t.ch('l');
                t.ch('1');
            },
        },
        F {
            name: "crisis close",
            login: "lina",
            title: "结案",
            open: |t| {
                crisis_case(t);
                t.ch('C');
            },
        },
        F {
            name: "flag",
            login: "lina",
            title: "学籍预警 — 张三",
            open: |t| {
                t.ch('6');
                t.enter();
                t.ch('f');
                t.enter();
                t.tab(2);
            },
        },
        F {
            name: "patrol note",
            login: "lina",
            title: "备注",
            open: |t| {
                patrol_room(t);
                t.ch('n');
            },
        },
        F {
            name: "patrol jump",
            login: "lina",
            title: "跳到房间号",
            open: |t| {
                patrol_room(t);
                t.ch('g');
            },
        },
        F {
            name: "patrol add student",
            login: "lina",
            title: "加入未在名册的学生",
            open: |t| {
                patrol_room(t);
                t.ch('+');
            },
        },
        F {
            name: "patrol floors",
            login: "sunpeng",
            title: "楼层",
            open: |t| {
                t.ch('2');
                t.ch('f');
            },
        },
        F {
            name: "follow-up",
            login: "lina",
            title: "办结跟进",
            open: |t| {
                t.ch('2');
                t.key(KeyCode::Tab);
                t.enter();
                t.tab(1);
            },
        },
        F {
            name: "hazard",
            login: "lina",
            title: "上报隐患",
            open: |t| {
                t.ch('2');
                t.key(KeyCode::Tab);
                for _ in 0..3 {
                    t.key(KeyCode::Down);
                }
                t.enter();
            },
        },
        F {
            name: "home visit",
            login: "wuqiang",
            title: "家访记录",
            open: |t| {
                t.ch('4');
                t.enter();
            },
        },
        F {
            name: "growth entry",
            login: "wuqiang",
            title: "成长档案记录",
            open: |t| {
                t.ch('4');
                t.ch('g');
            },
        },
    ]
}

/// Esc on a form with something typed asks, and each answer does what it
/// says.
fn esc_asks(f: &F) {
    let mut t = T::new(f.login, (80, 24));
    (f.open)(&mut t);
    shows(&t.screen(), &[f.title]);
    t.typed("汉字与text");
    let s = t.screen();
    assert!(
        s.contains("汉字与text"),
        "{}: typed text shows\n{s}",
        f.name
    );
    t.esc();
    let s = t.screen();
    assert!(
        s.contains("留作草稿") && s.contains("丢弃") && s.contains("继续编辑"),
        "{}: Esc with changes asks\n{s}",
        f.name
    );
    // go on: the form is back as it was
    t.ch('g');
    shows(&t.screen(), &[f.title, "汉字与text"]);
    // discard: it goes, and its draft with it
    t.esc();
    t.ch('d');
    let s = t.screen();
    assert!(!s.contains("汉字与text"), "{}: discarded\n{s}", f.name);
    assert!(
        t.drafts().iter().all(|(_, p)| !p.contains("汉字与text")),
        "{}: no draft left",
        f.name
    );
}

/// A form of each kind of screen (records, duty, crisis, patrol).
fn one_of_each_kind() -> Vec<F> {
    all()
        .into_iter()
        .filter(|f| ["talk", "open shift", "crisis open", "patrol note"].contains(&f.name))
        .collect()
}

#[test]
fn esc_on_an_untouched_form_closes_it_without_asking() {
    for f in one_of_each_kind() {
        let mut t = T::new(f.login, (80, 24));
        (f.open)(&mut t);
        shows(&t.screen(), &[f.title]);
        t.esc();
        let s = t.screen();
        assert!(
            !s.contains("留作草稿") && !s.contains(&format!("┌{}", f.title)),
            "{}\n{s}",
            f.name
        );
    }
}

/// Typing and deleting it again leaves the form as it was opened: Esc
/// closes it without asking, and it leaves no draft.
#[test]
fn typing_and_deleting_it_again_leaves_nothing_to_ask() {
    for f in one_of_each_kind() {
        let mut t = T::new(f.login, (80, 24));
        (f.open)(&mut t);
        shows(&t.screen(), &[f.title]);
        t.typed("汉字");
        assert!(t.screen().contains("汉字"), "{}: typed", f.name);
        assert!(!t.s.live_drafts().is_empty(), "{}: a draft", f.name);
        t.key(KeyCode::Backspace);
        t.key(KeyCode::Backspace);
        assert!(
            t.s.live_drafts()
                .iter()
                .all(|(slot, _)| slot == "patrol.room"),
            "{}: no form draft once deleted: {:?}",
            f.name,
            t.s.live_drafts()
        );
        t.esc();
        let s = t.screen();
        assert!(!s.contains("留作草稿"), "{}: nothing to ask\n{s}", f.name);
    }
}

#[test]
fn esc_with_changes_asks_on_every_record_form() {
    for f in all().iter().take(5) {
        esc_asks(f);
    }
}

#[test]
fn esc_with_changes_asks_on_every_duty_form() {
    for f in all().iter().skip(5).take(6) {
        esc_asks(f);
    }
}

#[test]
fn esc_with_changes_asks_on_every_crisis_form() {
    for f in all().iter().skip(11).take(6) {
        esc_asks(f);
    }
}

#[test]
fn esc_with_changes_asks_on_every_other_form() {
    for f in all().iter().skip(17) {
        esc_asks(f);
    }
}

#[test]
fn the_forms_are_all_here() {
    assert_eq!(all().len(), 26);
}

#[test]
fn a_choice_never_swallows_typed_text() {
    let mut t = T::new("lina", (80, 24));
    t.ch('4');
    t.ch('c');
    t.typed("zengm");
    t.enter(); // the student taken: on to the channel, a choice
    shows(&t.screen(), &[">方式"]);
    // a letter that starts an option chooses it
    t.typed("微");
    shows(&t.screen(), &["< 微信 >"]);
    // anything else says how to choose, and nothing is lost silently
    t.typed("x");
    shows(
        &t.screen(),
        &["方式：这一项不能输入文字，用 ←→ 或数字 1–5 选择"],
    );
    t.ch('4');
    shows(&t.screen(), &["< 家访（线下） >"]);
    t.paste("粘贴");
    shows(&t.screen(), &["方式：这一项不能输入文字"]);
}

#[test]
fn after_a_student_is_picked_the_keyboard_moves_on_in_every_form() {
    // talk: student → kind
    let mut t = T::new("lina", (80, 24));
    t.ch('4');
    t.ch('n');
    t.typed("zengm");
    t.enter();
    shows(&t.screen(), &[">类型"]);
    // crisis: students → where
    t.esc();
    t.ch('d');
    t.ch('!');
    t.tab(1);
    t.typed("zengm");
    t.enter();
    shows(&t.screen(), &[">地点"]);
    // duty entry: students → the first mark
    let mut d = T::new("sunpeng", (80, 24));
    open_shift(&mut d);
    d.ch('n');
    d.ch('2');
    d.tab(3);
    d.typed("zengm");
    d.enter();
    shows(&d.screen(), &[">[ ] 敏感"]);
}

/// Ctrl-U clears a field to the start of its line, as in a shell and as the
/// search does (the text area's own Ctrl-U would undo one step); Ctrl-Z
/// undoes.
#[test]
fn ctrl_u_clears_the_line_in_a_field_and_ctrl_z_undoes() {
    let mut t = T::new("lina", (80, 24));
    t.ch('4');
    t.ch('n');
    t.tab(4);
    t.typed("图书馆三楼");
    shows(&t.screen(), &["图书馆三楼"]);
    t.ctrl('u');
    let s = t.screen();
    assert!(!s.contains("图书馆"), "cleared\n{s}");
    t.ctrl('z');
    shows(&t.screen(), &["图书馆三楼"]);
}
