//! The compliance engine: each rule of `assets/rules.toml` whose data zhiban
//! keeps (`talk.*`, `parent.*`, `class.*`, `dorm.biweekly`, `special.*`,
//! `aid.*`), evaluated against the school calendar for one counsellor's
//! students, classes and rooms, or a college's. Pure: the facts come in,
//! findings go out; nothing here reads a clock or a database.
//!
//! Seed 002 一(一): 「辅导员……每学期与所带班级学生谈心谈话人数不少于三分之一，
//! 对学籍预警、学籍处理、纪律处分学生每季度谈话不少于1次」; 二(五): 「每学年
//! 与所带班级全体学生家长联系不少于1次……下达后1周内通报家长」; 一(二): 「每
//! 学期召开班会不少于4次」; 三(一)(三): 查课每周, 听课每月. Seed 004 篇三
//! 行动1.1: 学业预警后3个工作日内谈话; 篇五 第二环节: 重点关注学生每周谈话.
//! Seed 003 二.1: 特殊群体「1+1+1」与一生一策; 每学期摸排. Seed 001 五: 家庭
//! 经济困难学生家访全覆盖.
//!
//! Each evaluation says met / due / overdue / unknown and names the
//! students, classes or rooms behind it. Missing data is unknown, never met.
//! A talk or family contact counts whoever recorded it: the obligation is
//! that the student was talked to (a student who changed class mid-semester
//! keeps the talks they had).

use chrono::{Datelike, Duration, NaiveDate};

use crate::domain::calendar::{Calendar, Semester, Term};
use crate::domain::rules::{Cadence, RuleSpec, Rules};
use crate::domain::student::FlagKind;

#[path = "compliance_terms.rs"]
mod terms;
pub use terms::*;
#[path = "compliance_classes.rs"]
mod classes;
#[path = "compliance_students.rs"]
mod students;

/// The rules the engine evaluates (the others belong to their modules).
pub const EVALUATED: &[&str] = &[
    "talk.coverage",
    "talk.warned",
    "talk.warning-3d",
    "talk.key-concern",
    "class.meeting",
    "class.committee",
    "class.attendance-check",
    "class.lecture-visit",
    "parent.yearly",
    "parent.warned-1w",
    "parent.warned-follow",
    "dorm.biweekly",
    "special.sweep",
    "special.mentors",
    "aid.home-visit",
    "aid.growth-file",
];

/// The window of a cadence holding `day`: (first day, last day).
fn window(cadence: Cadence, day: NaiveDate, cal: &Calendar) -> Option<(NaiveDate, NaiveDate)> {
    Some(match cadence {
        Cadence::Week => {
            let s = day - Duration::days(day.weekday().num_days_from_monday() as i64);
            (s, s + Duration::days(6))
        }
        Cadence::Month => {
            let s = day.with_day(1)?;
            let next = if s.month() == 12 {
                NaiveDate::from_ymd_opt(s.year() + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(s.year(), s.month() + 1, 1)?
            };
            (s, next - Duration::days(1))
        }
        Cadence::Quarter => Calendar::quarter(day),
        Cadence::AcademicYear => cal.academic_year(day),
        Cadence::Semester => {
            let sem = cal.semester_at(day)?;
            (sem.start, sem.end)
        }
        _ => return None,
    })
}

/// The current window of a cadence around `today` and the one before:
/// (current start, current end, previous start, previous end). A semester
/// has no "previous" here (it is its own).
fn windows(
    cadence: Cadence,
    today: NaiveDate,
    cal: &Calendar,
) -> Option<(NaiveDate, NaiveDate, NaiveDate, NaiveDate)> {
    let (s, e) = window(cadence, today, cal)?;
    if cadence == Cadence::Semester {
        return Some((s, e, s, e));
    }
    let (ps, pe) = window(cadence, s - Duration::days(1), cal)?;
    Some((s, e, ps, pe))
}

/// The state of a "once per window" obligation given the last time it was
/// done: met in this window; due (by the window's end) if the previous
/// window was met or did not apply; overdue if the previous one was missed.
fn periodic(
    last: Option<NaiveDate>,
    applies_from: Option<NaiveDate>,
    w: (NaiveDate, NaiveDate, NaiveDate, NaiveDate),
) -> (State, NaiveDate) {
    let (s, e, ps, pe) = w;
    match last {
        Some(d) if d >= s => (State::Met, e),
        Some(d) if d >= ps => (State::Due, e),
        // the obligation only began in this window: not yet missed
        _ if applies_from.is_some_and(|f| f > pe) => (State::Due, e),
        _ if ps == s => (State::Due, e),
        _ => (State::Overdue, pe),
    }
}

fn student_subject(s: &StudentFacts) -> Subject {
    Subject::Student {
        id: s.id,
        no: s.student_no.clone(),
        name: s.name.clone(),
    }
}

/// Evaluates every rule of [`EVALUATED`] present in `rules`.
pub fn evaluate(rules: &Rules, cal: &Calendar, today: NaiveDate, facts: &Facts) -> Vec<RuleResult> {
    EVALUATED
        .iter()
        .filter_map(|id| rules.get(id))
        .filter_map(|r| evaluate_rule(r, cal, today, facts))
        .collect()
}

/// A rule's result of `total` items and the findings of those not met
/// (a rule may leave out the met ones: a finding of each of a school's
/// 40,000 students was built only to be dropped here).
fn result(rule: &RuleSpec, total: usize, findings: Vec<Finding>) -> RuleResult {
    let state = findings.iter().map(|f| f.state).max().unwrap_or(State::Met);
    let not_met = findings.iter().filter(|f| f.state != State::Met).count();
    RuleResult {
        rule: rule.id.clone(),
        state,
        met: total.saturating_sub(not_met),
        total,
        findings: findings
            .into_iter()
            .filter(|f| f.state != State::Met)
            .collect(),
    }
}

fn whole(state: State, due: Option<NaiveDate>, why: Why) -> Finding {
    Finding {
        state,
        subject: Subject::Whole,
        due,
        why,
    }
}

fn unknown_semester(rule: &RuleSpec) -> RuleResult {
    RuleResult {
        rule: rule.id.clone(),
        state: State::Unknown,
        met: 0,
        total: 0,
        findings: vec![whole(State::Unknown, None, Why::NoSemester)],
    }
}

/// What a rule's evaluation reads: the rule, the calendar and the day, the
/// facts, the flags the rule is about and the semester of the day.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    rule: &'a RuleSpec,
    id: &'a str,
    cal: &'a Calendar,
    today: NaiveDate,
    facts: &'a Facts,
    flags: &'a [FlagKind],
    semester: Option<&'a Semester>,
}

/// One rule; `None` when it has nothing to say here (a college rule for a
/// counsellor).
pub fn evaluate_rule(
    rule: &RuleSpec,
    cal: &Calendar,
    today: NaiveDate,
    facts: &Facts,
) -> Option<RuleResult> {
    let id = rule.id.as_str();
    let flags = rule.flag_kinds();
    let semester = cal.semester_at(today);
    let needs_semester = matches!(
        id,
        "talk.coverage"
            | "class.meeting"
            | "class.committee"
            | "class.attendance-check"
            | "class.lecture-visit"
            | "parent.warned-follow"
            | "special.sweep"
            | "talk.warning-3d"
            | "parent.warned-1w"
    );
    if needs_semester && semester.is_none() {
        // between two configured semesters nothing of a semester is due;
        // outside the configured calendar nobody can tell
        if (id == "special.sweep" && !facts.college) || matches!(cal.term_at(today), Term::Break) {
            return None;
        }
        return Some(unknown_semester(rule));
    }
    let cx = Ctx {
        rule,
        id,
        cal,
        today,
        facts,
        flags: &flags,
        semester,
    };
    match id {
        "talk.coverage" => students::coverage(&cx),
        "talk.warned" | "talk.key-concern" | "parent.warned-follow" => students::each_window(&cx),
        "talk.warning-3d" | "parent.warned-1w" => students::since_flag(&cx),
        "class.meeting" | "class.committee" | "class.attendance-check" => classes::ledger(&cx),
        "class.lecture-visit" => classes::lecture_visits(&cx),
        "parent.yearly" => students::family_yearly(&cx),
        "aid.home-visit" => students::home_visits(&cx),
        "aid.growth-file" => students::growth_files(&cx),
        "special.mentors" => students::mentors(&cx),
        "special.sweep" => classes::sweep(&cx),
        "dorm.biweekly" => classes::rooms(&cx),
        _ => None,
    }
}

#[cfg(test)]
#[path = "compliance_tests.rs"]
mod tests;
