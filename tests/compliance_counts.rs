//! A leader's list counts each counsellor's 待办 from the rules' results
//! ([`Counts::of_results`]) without wording the lines: the numbers must be
//! those of the lines the drill-down shows ([`todo_lines`]).

mod common;

use common::{app, demo_db};
use zhiban::app::compliance::{Counts, college, for_counsellor, todo_lines};
use zhiban::domain::compliance::{Finding, RuleResult, State, Subject, Why};

#[test]
fn every_counsellors_counts_are_those_of_the_lines_of_her_todo() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let a = app(&db, "chenjing");
    let list = college(&a, None).unwrap().counsellors;
    assert!(list.len() > 1, "the demo has several counsellors");
    let (mut rooms, mut overdue, mut due) = (0, 0, 0);
    for c in &list {
        let (_, results) = for_counsellor(&a, Some(&c.login)).unwrap();
        let lines = todo_lines(&a, &results);
        let want = Counts::of(&lines);
        assert_eq!(Counts::of_results(&results), want, "{}", c.login);
        assert_eq!(
            (c.overdue, c.due, c.lines),
            (want.overdue, want.due, want.all)
        );
        rooms += lines.iter().filter(|l| l.building.is_some()).count();
        overdue += want.overdue;
        due += want.due;
    }
    // the comparison saw rooms, overdue and due lines
    assert!(
        rooms > 0 && overdue > 0 && due > 0,
        "{rooms} {overdue} {due}"
    );
}

fn finding(state: State, subject: Subject) -> Finding {
    Finding {
        state,
        subject,
        due: None,
        why: Why::NoData,
    }
}

fn room(label: &str, state: State) -> Finding {
    finding(
        state,
        Subject::Room {
            label: label.into(),
        },
    )
}

/// A building with an overdue and a due room is one overdue line; one with
/// only due rooms a due line; one whose rooms are all unknown no line; a
/// student's unknown finding is a line, in neither state.
#[test]
fn rooms_count_once_per_building_in_its_worst_state() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let a = app(&db, "lina");
    let results = vec![
        RuleResult {
            rule: "dorm.biweekly".into(),
            state: State::Overdue,
            met: 0,
            total: 5,
            findings: vec![
                room("1号楼 101", State::Due),
                room("1号楼 102", State::Overdue),
                room("2号楼 201", State::Due),
                room("2号楼 202", State::Due),
                room("3号楼 301", State::Unknown),
            ],
        },
        RuleResult {
            rule: "talk.coverage".into(),
            state: State::Overdue,
            met: 0,
            total: 3,
            findings: vec![
                finding(
                    State::Overdue,
                    Subject::Student {
                        id: 1,
                        no: "1".into(),
                        name: "甲".into(),
                    },
                ),
                finding(
                    State::Unknown,
                    Subject::Student {
                        id: 2,
                        no: "2".into(),
                        name: "乙".into(),
                    },
                ),
                finding(State::Due, Subject::Whole),
            ],
        },
    ];
    let want = Counts {
        overdue: 2,
        due: 2,
        all: 5,
    };
    assert_eq!(Counts::of(&todo_lines(&a, &results)), want);
    assert_eq!(Counts::of_results(&results), want);
}
