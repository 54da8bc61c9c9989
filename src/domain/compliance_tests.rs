//! Tests of the compliance engine: every rule at its edges.

use super::*;

fn cal() -> Calendar {
    Calendar::parse(include_str!("../../assets/calendar.toml")).unwrap()
}
fn rules() -> Rules {
    Rules::parse(include_str!("../../assets/rules.toml")).unwrap()
}
fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}
fn student(id: i64, flags: Vec<(FlagKind, Option<NaiveDate>)>) -> StudentFacts {
    StudentFacts {
        id,
        student_no: format!("2026{id:06}"),
        name: format!("学生{id}"),
        class_id: Some(1),
        flags,
        ..Default::default()
    }
}
fn run(id: &str, today: &str, facts: &Facts) -> RuleResult {
    evaluate_rule(rules().get(id).unwrap(), &cal(), d(today), facts).unwrap()
}

#[test]
fn coverage_counts_a_talk_on_the_last_day_of_the_semester_and_not_the_day_before_it_began() {
    // 2025-2026 first semester: 2025-09-08 .. 2026-01-18
    let mut students: Vec<StudentFacts> = (1..=6).map(|i| student(i, vec![])).collect();
    students[0].last_talk = Some(d("2026-01-18"));
    students[1].last_talk = Some(d("2025-09-07")); // summer: not this semester
    let facts = Facts {
        students,
        ..Default::default()
    };
    let r = run("talk.coverage", "2026-01-18", &facts);
    assert_eq!((r.state, r.met, r.total), (State::Due, 1, 2), "{r:?}");
    assert_eq!(
        r.findings[0].why,
        Why::Coverage {
            talked: 1,
            needed: 2,
            total: 6
        }
    );
    // the five not talked to are named
    assert_eq!(r.findings.len(), 1 + 5);
    let mut facts = facts;
    facts.students[2].last_talk = Some(d("2025-09-08"));
    let r = run("talk.coverage", "2026-01-18", &facts);
    assert_eq!(r.state, State::Met, "2 of 6 is a third");
    // the next semester starts counting afresh
    assert_eq!(run("talk.coverage", "2026-03-02", &facts).state, State::Due);
}

#[test]
fn a_warning_on_a_friday_gives_until_wednesday_and_holidays_do_not_count() {
    let friday = d("2026-11-20");
    let facts = Facts {
        students: vec![student(1, vec![(FlagKind::AcademicWarning, Some(friday))])],
        ..Default::default()
    };
    let r = run("talk.warning-3d", "2026-11-24", &facts);
    assert_eq!(r.findings[0].due, Some(d("2026-11-25")), "Mon, Tue, Wed");
    assert_eq!(r.state, State::Due);
    assert_eq!(
        run("talk.warning-3d", "2026-11-25", &facts).state,
        State::Due
    );
    assert_eq!(
        run("talk.warning-3d", "2026-11-26", &facts).state,
        State::Overdue
    );
    let mut talked = facts.clone();
    talked.students[0].last_talk = Some(d("2026-11-26"));
    assert_eq!(
        run("talk.warning-3d", "2026-11-30", &talked).state,
        State::Met
    );
    // before the National Day holiday (10-01..10-07 off, Saturday 10-10 worked)
    let before = Facts {
        students: vec![student(
            1,
            vec![(FlagKind::AcademicWarning, Some(d("2026-09-30")))],
        )],
        ..Default::default()
    };
    let r = run("talk.warning-3d", "2026-09-30", &before);
    assert_eq!(
        r.findings[0].due,
        Some(d("2026-10-10")),
        "08, 09, 10: {r:?}"
    );
    // no date on the warning: unknown, never met
    let undated = Facts {
        students: vec![student(1, vec![(FlagKind::AcademicWarning, None)])],
        ..Default::default()
    };
    let r = run("talk.warning-3d", "2026-11-24", &undated);
    assert_eq!(r.state, State::Unknown);
}

#[test]
fn quarterly_talks_across_the_quarter_boundary() {
    let mut s = student(1, vec![(FlagKind::Discipline, Some(d("2026-05-01")))]);
    s.last_talk = Some(d("2026-09-30"));
    let facts = Facts {
        students: vec![s],
        ..Default::default()
    };
    assert_eq!(run("talk.warned", "2026-09-30", &facts).state, State::Met);
    let r = run("talk.warned", "2026-10-01", &facts);
    assert_eq!(
        (r.state, r.findings[0].due),
        (State::Due, Some(d("2026-12-31")))
    );
    let r = run("talk.warned", "2027-01-01", &facts);
    assert_eq!(
        (r.state, r.findings[0].due),
        (State::Overdue, Some(d("2026-12-31")))
    );
    // a discipline decided this quarter has not been missed yet
    let fresh = Facts {
        students: vec![student(
            2,
            vec![(FlagKind::Discipline, Some(d("2026-11-10")))],
        )],
        ..Default::default()
    };
    assert_eq!(run("talk.warned", "2026-11-22", &fresh).state, State::Due);
}

#[test]
fn key_concern_students_weekly() {
    let mut s = student(1, vec![(FlagKind::KeyConcern, Some(d("2026-10-01")))]);
    s.last_talk = Some(d("2026-11-13")); // Friday of the week before last
    let facts = Facts {
        students: vec![s],
        ..Default::default()
    };
    // week of 11-16 missed, week of 11-23 not yet: overdue
    let r = run("talk.key-concern", "2026-11-23", &facts);
    assert_eq!(
        (r.state, r.findings[0].due),
        (State::Overdue, Some(d("2026-11-22")))
    );
    assert_eq!(
        run("talk.key-concern", "2026-11-20", &facts).state,
        State::Due
    );
}

#[test]
fn class_ledger_counts_per_class_and_an_empty_class_still_meets() {
    let facts = Facts {
        students: vec![],
        classes: vec![
            ClassFacts {
                id: 1,
                name: "软件2301".into(),
                ledger: vec![
                    (LedgerKind::Meeting, d("2026-09-10")),
                    (LedgerKind::Meeting, d("2026-10-10")),
                    (LedgerKind::Meeting, d("2026-11-10")),
                    (LedgerKind::Meeting, d("2026-11-20")),
                    (LedgerKind::Meeting, d("2026-08-30")), // summer
                    (LedgerKind::Attendance, d("2026-11-17")),
                ],
            },
            ClassFacts {
                id: 2,
                name: "软件2302（空班）".into(),
                ledger: vec![],
            },
        ],
        ..Default::default()
    };
    let r = run("class.meeting", "2026-11-22", &facts);
    assert_eq!((r.met, r.total, r.state), (1, 2, State::Due));
    assert_eq!(
        r.findings[0].why,
        Why::Ledger {
            kind: LedgerKind::Meeting,
            done: 0,
            needed: 4
        }
    );
    // attendance: class 1 checked last week, not this week: due; class 2 overdue
    let r = run("class.attendance-check", "2026-11-23", &facts);
    let states: Vec<State> = r.findings.iter().map(|f| f.state).collect();
    assert_eq!(states, vec![State::Due, State::Overdue]);
    // an empty class has nobody to talk to: coverage is met
    assert_eq!(run("talk.coverage", "2026-11-22", &facts).state, State::Met);
}

#[test]
fn without_a_configured_semester_the_semester_rules_are_unknown() {
    let facts = Facts {
        students: vec![student(1, vec![])],
        ..Default::default()
    };
    let r = run("talk.coverage", "2030-03-01", &facts);
    assert_eq!(
        (r.state, &r.findings[0].why),
        (State::Unknown, &Why::NoSemester)
    );
    // in the winter break: nothing of a semester is due
    assert!(
        evaluate_rule(
            rules().get("class.meeting").unwrap(),
            &cal(),
            d("2026-02-10"),
            &facts
        )
        .is_none()
    );
    // yearly family contact does not need a semester
    assert_eq!(run("parent.yearly", "2030-03-01", &facts).state, State::Due);
}

#[test]
fn families_told_within_seven_days_and_home_visits_each_year() {
    let mut s = student(1, vec![(FlagKind::AcademicAction, Some(d("2026-11-10")))]);
    s.last_contact = Some(d("2026-11-09"));
    let mut facts = Facts {
        students: vec![s, student(2, vec![(FlagKind::FinancialDifficulty, None)])],
        ..Default::default()
    };
    let r = run("parent.warned-1w", "2026-11-17", &facts);
    assert_eq!(
        (r.state, r.findings[0].due),
        (State::Due, Some(d("2026-11-17")))
    );
    assert_eq!(
        run("parent.warned-1w", "2026-11-18", &facts).state,
        State::Overdue
    );
    facts.students[0].last_contact = Some(d("2026-11-12"));
    assert_eq!(
        run("parent.warned-1w", "2026-11-18", &facts).state,
        State::Met
    );
    let r = run("aid.home-visit", "2026-11-22", &facts);
    assert_eq!((r.total, r.state), (1, State::Due));
    facts.students[1].last_home_visit = Some(d("2026-09-01"));
    assert_eq!(
        run("aid.home-visit", "2026-11-22", &facts).state,
        State::Met
    );
    // last academic year's visit does not count this year
    facts.students[1].last_home_visit = Some(d("2026-08-31"));
    assert_eq!(
        run("aid.home-visit", "2026-11-22", &facts).state,
        State::Due
    );
    // a growth file with no entry is due, not unknown (the data is kept now)
    assert_eq!(
        run("aid.growth-file", "2026-11-22", &facts).state,
        State::Due
    );
}

/// 001 六(一)2 「建立……成长档案（全体家庭经济困难学生）」, "kept current":
/// an entry this academic year (from 2026-09-01) meets it; last year's
/// does not; a student who is not financially difficult is not counted.
#[test]
fn a_growth_file_entry_this_year_meets_the_rule_and_last_years_does_not() {
    let fin = || vec![(FlagKind::FinancialDifficulty, Some(d("2025-10-01")))];
    let mut facts = Facts {
        students: vec![student(1, fin()), student(2, fin()), student(3, vec![])],
        ..Default::default()
    };
    facts.students[0].last_growth = Some(d("2026-09-01"));
    facts.students[1].last_growth = Some(d("2026-08-31"));
    facts.students[2].last_growth = None;
    let r = run("aid.growth-file", "2026-11-22", &facts);
    assert_eq!((r.state, r.met, r.total), (State::Due, 1, 2), "{r:?}");
    assert_eq!(r.findings.len(), 1);
    assert_eq!(
        r.findings[0].why,
        Why::NoGrowthEntry {
            last: Some(d("2026-08-31"))
        }
    );
    assert_eq!(r.findings[0].due, Some(d("2027-08-31")));
    facts.students[1].last_growth = Some(d("2026-11-22"));
    let r = run("aid.growth-file", "2026-11-22", &facts);
    assert_eq!((r.state, r.met, r.total), (State::Met, 2, 2));
}

#[test]
fn special_group_mentors_and_plan_within_the_grace() {
    use super::super::student::SpecialGroup;
    let mut s = student(
        1,
        vec![(
            FlagKind::Special(SpecialGroup::Orphan),
            Some(d("2026-11-01")),
        )],
    );
    s.mentors = [true, true, false];
    let mut facts = Facts {
        students: vec![s],
        ..Default::default()
    };
    let r = run("special.mentors", "2026-11-15", &facts);
    assert_eq!(r.state, State::Due);
    assert_eq!(
        r.findings[0].why,
        Why::Mentors {
            missing: vec!["peer_student"],
            plan: false
        }
    );
    assert_eq!(
        run("special.mentors", "2026-11-16", &facts).state,
        State::Overdue
    );
    facts.students[0].mentors = [true; 3];
    facts.students[0].plan = true;
    assert_eq!(
        run("special.mentors", "2026-11-16", &facts).state,
        State::Met
    );
    // the sweep is the college's
    assert!(
        evaluate_rule(
            rules().get("special.sweep").unwrap(),
            &cal(),
            d("2026-11-16"),
            &facts
        )
        .is_none()
    );
    facts.college = true;
    facts.sweeps = vec![(false, d("2026-09-20"))];
    let r = run("special.sweep", "2026-11-16", &facts);
    assert_eq!((r.met, r.total, r.state), (1, 2, State::Due));
}

#[test]
fn forty_thousand_students_are_counted_exactly() {
    // every third student talked to; every hundredth warned on Friday
    // 11-20, half of those talked to since
    let students: Vec<StudentFacts> = (0..40_000)
        .map(|i| {
            let mut s = student(i, vec![]);
            if i % 3 == 0 {
                s.last_talk = Some(d("2026-10-01"));
            }
            if i % 100 == 1 {
                s.flags = vec![(FlagKind::AcademicWarning, Some(d("2026-11-20")))];
                if i % 200 == 1 {
                    s.last_talk = Some(d("2026-11-23"));
                }
            }
            s
        })
        .collect();
    let facts = Facts {
        students,
        ..Default::default()
    };
    let r = run("talk.coverage", "2026-11-26", &facts);
    // 13,334 multiples of 3 below 40,000, plus the 200 warned ones talked to on 11-23
    // that are not multiples of 3
    assert_eq!((r.state, r.met, r.total), (State::Met, 13_334, 13_334));
    assert!(r.findings.is_empty());
    // student 0 and the 200 warned ones untalked: 13,334 - 1 - 67 (the
    // warned ones that are multiples of 3) = 13,266
    let mut fewer = facts.clone();
    fewer.students[0].last_talk = None;
    fewer
        .students
        .iter_mut()
        .filter(|s| s.id % 200 == 1)
        .for_each(|s| s.last_talk = None);
    let r = run("talk.coverage", "2026-11-26", &fewer);
    assert_eq!(
        r.findings[0].why,
        Why::Coverage {
            talked: 13_266,
            needed: 13_334,
            total: 40_000
        }
    );
    assert_eq!(
        r.findings.len(),
        1 + 40_000 - 13_266,
        "the whole line and each candidate"
    );
    let r = run("talk.warning-3d", "2026-11-26", &facts);
    assert_eq!((r.total, r.met), (400, 200));
    assert_eq!(r.findings.len(), 200);
    assert!(
        r.findings
            .iter()
            .all(|f| f.state == State::Overdue && f.due == Some(d("2026-11-25")))
    );
}
