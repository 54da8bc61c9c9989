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

use crate::domain::calendar::{Calendar, Term};
use crate::domain::rules::{Cadence, RuleSpec, Rules};
use crate::domain::student::FlagKind;

#[path = "compliance_terms.rs"]
mod terms;
pub use terms::*;

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
    let out = match id {
        "talk.coverage" => {
            let sem = semester?;
            let total = facts.students.len();
            let fraction = rule.fraction.unwrap_or(1.0 / 3.0);
            let needed = ((total as f64) * fraction - 1e-9).ceil().max(0.0) as usize;
            let talked = facts
                .students
                .iter()
                .filter(|s| s.last_talk.is_some_and(|d| d >= sem.start))
                .count();
            let state = if talked >= needed {
                State::Met
            } else if today > sem.end {
                State::Overdue
            } else {
                State::Due
            };
            let mut findings = vec![whole(
                state,
                Some(sem.end),
                Why::Coverage {
                    talked,
                    needed,
                    total,
                },
            )];
            if state != State::Met {
                // the candidates: students not yet talked to this semester
                findings.extend(
                    facts
                        .students
                        .iter()
                        .filter(|s| s.last_talk.is_none_or(|d| d < sem.start))
                        .map(|s| Finding {
                            state: State::Due,
                            subject: student_subject(s),
                            due: Some(sem.end),
                            why: Why::NotTalkedThisSemester,
                        }),
                );
            }
            let mut r = result(rule, needed.max(1), findings);
            r.met = talked.min(needed.max(1));
            r.total = needed.max(1);
            r
        }
        "talk.warned" | "talk.key-concern" | "parent.warned-follow" => {
            let cadence = if id == "parent.warned-follow" {
                Cadence::Semester
            } else {
                rule.cadence
            };
            let w = windows(cadence, today, cal)?;
            let mut findings = Vec::new();
            let mut total = 0;
            for s in &facts.students {
                let Some((flag, since)) = s.flag(&flags) else {
                    continue;
                };
                total += 1;
                let last = if id == "parent.warned-follow" {
                    s.last_contact
                } else {
                    s.last_talk
                };
                let (state, due) = periodic(last, since, w);
                findings.push(Finding {
                    state,
                    subject: student_subject(s),
                    due: Some(due),
                    why: if id == "parent.warned-follow" {
                        Why::NoFamilyFollowUp { flag, last }
                    } else {
                        Why::NoTalkInWindow { last }
                    },
                });
            }
            result(rule, total, findings)
        }
        "talk.warning-3d" | "parent.warned-1w" => {
            let sem = semester?;
            let mut findings = Vec::new();
            let mut total = 0;
            for s in &facts.students {
                let Some((flag, since)) = s.flag(&flags) else {
                    continue;
                };
                let Some(since) = since else {
                    total += 1;
                    findings.push(Finding {
                        state: State::Unknown,
                        subject: student_subject(s),
                        due: None,
                        why: Why::FlagWithoutDate { flag },
                    });
                    continue;
                };
                // a warning from before this semester is the quarterly rule's
                if since < sem.start {
                    continue;
                }
                total += 1;
                let days = rule.days.unwrap_or(3);
                let (due, last) = if id == "talk.warning-3d" {
                    (cal.add_working_days(since, days), s.last_talk)
                } else {
                    (since + Duration::days(days as i64), s.last_contact)
                };
                let state = match last {
                    Some(d) if d >= since => State::Met,
                    _ if today <= due => State::Due,
                    _ => State::Overdue,
                };
                findings.push(Finding {
                    state,
                    subject: student_subject(s),
                    due: Some(due),
                    why: if id == "talk.warning-3d" {
                        Why::NoTalkSinceFlag { flag, since }
                    } else {
                        Why::FamilyNotToldOfFlag { flag, since }
                    },
                });
            }
            result(rule, total, findings)
        }
        "class.meeting" | "class.committee" | "class.attendance-check" => {
            let kind = match id {
                "class.meeting" => LedgerKind::Meeting,
                "class.committee" => LedgerKind::Committee,
                _ => LedgerKind::Attendance,
            };
            let needed = rule.count.unwrap_or(1) as usize;
            let sem = semester?;
            let mut findings = Vec::new();
            for c in &facts.classes {
                let dates = c.ledger.iter().filter(|(k, _)| *k == kind).map(|(_, d)| *d);
                let subject = Subject::Class {
                    id: c.id,
                    name: c.name.clone(),
                };
                if rule.cadence == Cadence::Week {
                    // only teaching weeks ask for a check
                    let w = windows(Cadence::Week, today, cal)?;
                    let last = dates.max();
                    let (mut state, due) = periodic(last, Some(sem.start), w);
                    if state == State::Overdue && w.2 < sem.start {
                        state = State::Due;
                    }
                    let done = usize::from(state == State::Met);
                    findings.push(Finding {
                        state,
                        subject,
                        due: Some(due),
                        why: Why::Ledger { kind, done, needed },
                    });
                } else {
                    let done = dates.filter(|d| *d >= sem.start && *d <= sem.end).count();
                    let state = if done >= needed {
                        State::Met
                    } else if today > sem.end {
                        State::Overdue
                    } else {
                        State::Due
                    };
                    findings.push(Finding {
                        state,
                        subject,
                        due: Some(sem.end),
                        why: Why::Ledger { kind, done, needed },
                    });
                }
            }
            result(rule, facts.classes.len(), findings)
        }
        "class.lecture-visit" => {
            if facts.college {
                return None;
            }
            let w = windows(Cadence::Month, today, cal)?;
            let sem = semester?;
            let last = facts.lecture_visits.iter().max().copied();
            let (mut state, due) = periodic(last, Some(sem.start), w);
            // the month before the semester asked for nothing
            if state == State::Overdue && cal.semester_at(w.3).is_none() {
                state = State::Due;
            }
            let done = facts.lecture_visits.iter().filter(|d| **d >= w.0).count();
            result(
                rule,
                1,
                vec![whole(
                    state,
                    Some(due),
                    Why::Ledger {
                        kind: LedgerKind::Lecture,
                        done,
                        needed: rule.count.unwrap_or(1) as usize,
                    },
                )],
            )
        }
        "parent.yearly" => {
            let (_, end) = cal.academic_year(today);
            let (start, _) = cal.academic_year(today);
            let findings = facts
                .students
                .iter()
                .map(|s| Finding {
                    state: if s.last_contact.is_some_and(|d| d >= start) {
                        State::Met
                    } else if today > end {
                        State::Overdue
                    } else {
                        State::Due
                    },
                    subject: student_subject(s),
                    due: Some(end),
                    why: Why::NoFamilyContactThisYear {
                        last: s.last_contact,
                    },
                })
                .collect();
            result(rule, facts.students.len(), findings)
        }
        "aid.home-visit" => {
            let (start, end) = cal.academic_year(today);
            let mut total = 0;
            let mut findings = Vec::new();
            for s in &facts.students {
                if s.flag(&flags).is_none() {
                    continue;
                }
                total += 1;
                findings.push(Finding {
                    state: if s.last_home_visit.is_some_and(|d| d >= start) {
                        State::Met
                    } else {
                        State::Due
                    },
                    subject: student_subject(s),
                    due: Some(end),
                    why: Why::NoHomeVisit {
                        last: s.last_home_visit,
                    },
                });
            }
            result(rule, total, findings)
        }
        // 001 六(一)2: 「建立……成长档案（全体家庭经济困难学生）」; RULES.md
        // says "kept current": read as an entry this academic year (the
        // same window as the home visit), so a file last touched a year ago
        // is due again. Missing entries are due by the year's end, never
        // overdue within it.
        "aid.growth-file" => {
            let (start, end) = cal.academic_year(today);
            let mut total = 0;
            let mut findings = Vec::new();
            for s in &facts.students {
                if s.flag(&flags).is_none() {
                    continue;
                }
                total += 1;
                findings.push(Finding {
                    state: if s.last_growth.is_some_and(|d| d >= start) {
                        State::Met
                    } else {
                        State::Due
                    },
                    subject: student_subject(s),
                    due: Some(end),
                    why: Why::NoGrowthEntry {
                        last: s.last_growth,
                    },
                });
            }
            result(rule, total, findings)
        }
        "special.mentors" => {
            let special: Vec<FlagKind> = FlagKind::all()
                .into_iter()
                .filter(|k| matches!(k, FlagKind::Special(_)))
                .collect();
            let grace = rule.days.unwrap_or(14) as i64;
            let mut total = 0;
            let mut findings = Vec::new();
            for s in &facts.students {
                let Some((_, since)) = s.flag(&special) else {
                    continue;
                };
                total += 1;
                let names = ["academic_mentor", "affairs_teacher", "peer_student"];
                let missing: Vec<&'static str> = names
                    .iter()
                    .zip(s.mentors)
                    .filter(|(_, has)| !has)
                    .map(|(n, _)| *n)
                    .collect();
                let due = since.map(|d| d + Duration::days(grace));
                let state = if missing.is_empty() && s.plan {
                    State::Met
                } else {
                    match due {
                        Some(d) if today <= d => State::Due,
                        Some(_) => State::Overdue,
                        None => State::Overdue,
                    }
                };
                findings.push(Finding {
                    state,
                    subject: student_subject(s),
                    due,
                    why: Why::Mentors {
                        missing,
                        plan: s.plan,
                    },
                });
            }
            result(rule, total, findings)
        }
        "special.sweep" => {
            if !facts.college {
                return None;
            }
            let sem = semester?;
            let mut findings = Vec::new();
            for psych in [false, true] {
                let done = facts
                    .sweeps
                    .iter()
                    .any(|(p, d)| *p == psych && *d >= sem.start && *d <= sem.end);
                findings.push(whole(
                    if done { State::Met } else { State::Due },
                    Some(sem.end),
                    Why::NoSweep { psych },
                ));
            }
            result(rule, 2, findings)
        }
        "dorm.biweekly" => {
            let days = rule.days.unwrap_or(14) as i64;
            let findings = facts
                .rooms
                .iter()
                .map(|r| {
                    let due = r.last_checked.map(|d| d + Duration::days(days));
                    let state = match due {
                        None => State::Overdue,
                        Some(d) if today > d => State::Overdue,
                        Some(d) if (d - today).num_days() < 7 => State::Due,
                        Some(_) => State::Met,
                    };
                    Finding {
                        state,
                        subject: Subject::Room {
                            label: r.label.clone(),
                        },
                        due,
                        why: Why::RoomNotChecked {
                            last: r.last_checked,
                        },
                    }
                })
                .collect();
            result(rule, facts.rooms.len(), findings)
        }
        _ => return None,
    };
    Some(out)
}

#[cfg(test)]
#[path = "compliance_tests.rs"]
mod tests;
