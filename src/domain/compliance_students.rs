//! The rules about each student of a counsellor's: talks (a third each
//! semester; the flagged ones in each window, and soon after a flag),
//! family contacts, aid home visits and growth files, the special groups'
//! mentors and plans.

use chrono::{Duration, NaiveDate};

use crate::domain::compliance::{
    Ctx, Finding, RuleResult, State, StudentFacts, Why, periodic, result, student_subject, whole,
    windows,
};
use crate::domain::rules::Cadence;
use crate::domain::student::FlagKind;

/// talk.coverage: a third of the students talked to each semester.
pub(super) fn coverage(cx: &Ctx<'_>) -> Option<RuleResult> {
    let Ctx {
        rule,
        today,
        facts,
        semester,
        ..
    } = *cx;
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
    Some(r)
}

/// A talk (a family contact) in each window for every student flagged:
/// warned students each quarter, key concerns each week, warned students'
/// families each semester.
pub(super) fn each_window(cx: &Ctx<'_>) -> Option<RuleResult> {
    let Ctx {
        rule,
        id,
        cal,
        today,
        facts,
        flags,
        ..
    } = *cx;
    let cadence = if id == "parent.warned-follow" {
        Cadence::Semester
    } else {
        rule.cadence
    };
    let w = windows(cadence, today, cal)?;
    let mut findings = Vec::new();
    let mut total = 0;
    for s in &facts.students {
        let Some((flag, since)) = s.flag(flags) else {
            continue;
        };
        total += 1;
        let last = if id == "parent.warned-follow" {
            s.last_contact
        } else {
            s.last_talk
        };
        let (state, due) = periodic(last, since, w);
        if state == State::Met {
            continue;
        }
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
    Some(result(rule, total, findings))
}

/// A talk within working days (the family told within days) of a flag
/// raised this semester.
pub(super) fn since_flag(cx: &Ctx<'_>) -> Option<RuleResult> {
    let Ctx {
        rule,
        id,
        cal,
        today,
        facts,
        flags,
        semester,
        ..
    } = *cx;
    let sem = semester?;
    let mut findings = Vec::new();
    let mut total = 0;
    for s in &facts.students {
        let Some((flag, since)) = s.flag(flags) else {
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
        if state == State::Met {
            continue;
        }
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
    Some(result(rule, total, findings))
}

/// Every student's family contacted each academic year.
pub(super) fn family_yearly(cx: &Ctx<'_>) -> Option<RuleResult> {
    let Ctx {
        rule,
        cal,
        today,
        facts,
        ..
    } = *cx;
    let (_, end) = cal.academic_year(today);
    let (start, _) = cal.academic_year(today);
    let findings = facts
        .students
        .iter()
        .filter_map(|s| {
            let state = if s.last_contact.is_some_and(|d| d >= start) {
                State::Met
            } else if today > end {
                State::Overdue
            } else {
                State::Due
            };
            (state != State::Met).then(|| Finding {
                state,
                subject: student_subject(s),
                due: Some(end),
                why: Why::NoFamilyContactThisYear {
                    last: s.last_contact,
                },
            })
        })
        .collect();
    Some(result(rule, facts.students.len(), findings))
}

/// A home visit each academic year for every financially-difficult student.
pub(super) fn home_visits(cx: &Ctx<'_>) -> Option<RuleResult> {
    this_year(cx, |s| s.last_home_visit, |last| Why::NoHomeVisit { last })
}

/// 001 六(一)2: 「建立……成长档案（全体家庭经济困难学生）」; RULES.md
/// says "kept current": read as an entry this academic year (the
/// same window as the home visit), so a file last touched a year ago
/// is due again. Missing entries are due by the year's end, never
/// overdue within it.
pub(super) fn growth_files(cx: &Ctx<'_>) -> Option<RuleResult> {
    this_year(cx, |s| s.last_growth, |last| Why::NoGrowthEntry { last })
}

/// Every student with the rule's flags has something (`last`) this
/// academic year: due by its end, never overdue within it.
fn this_year(
    cx: &Ctx<'_>,
    last: impl Fn(&StudentFacts) -> Option<NaiveDate>,
    why: impl Fn(Option<NaiveDate>) -> Why,
) -> Option<RuleResult> {
    let Ctx {
        rule,
        cal,
        today,
        facts,
        flags,
        ..
    } = *cx;
    let (start, end) = cal.academic_year(today);
    let mut total = 0;
    let mut findings = Vec::new();
    for s in &facts.students {
        if s.flag(flags).is_none() {
            continue;
        }
        total += 1;
        let last = last(s);
        if last.is_some_and(|d| d >= start) {
            continue;
        }
        findings.push(Finding {
            state: State::Due,
            subject: student_subject(s),
            due: Some(end),
            why: why(last),
        });
    }
    Some(result(rule, total, findings))
}

/// The 1+1+1 mentors and the plan of every special-group student, within
/// the grace days of the flag.
pub(super) fn mentors(cx: &Ctx<'_>) -> Option<RuleResult> {
    let Ctx {
        rule, today, facts, ..
    } = *cx;
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
        if state == State::Met {
            continue;
        }
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
    Some(result(rule, total, findings))
}
