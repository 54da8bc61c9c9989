//! The rules about what is not one student: each class's ledger, the
//! counsellor's lecture visits, the college's sweeps and the rooms her
//! students live in.

use chrono::Duration;

use crate::domain::compliance::{
    Ctx, Finding, LedgerKind, RuleResult, State, Subject, Why, periodic, result, whole, windows,
};
use crate::domain::rules::Cadence;

/// Class meetings, committee meetings and attendance checks per class.
pub(super) fn ledger(cx: &Ctx<'_>) -> Option<RuleResult> {
    let Ctx {
        rule,
        id,
        cal,
        today,
        facts,
        semester,
        ..
    } = *cx;
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
    Some(result(rule, facts.classes.len(), findings))
}

/// The counsellor's own lecture visits, each month of the semester.
pub(super) fn lecture_visits(cx: &Ctx<'_>) -> Option<RuleResult> {
    let Ctx {
        rule,
        cal,
        today,
        facts,
        semester,
        ..
    } = *cx;
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
    Some(result(
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
    ))
}

/// A college's two sweeps of the special groups each semester (信息摸排, 心理排查).
pub(super) fn sweep(cx: &Ctx<'_>) -> Option<RuleResult> {
    let Ctx {
        rule,
        facts,
        semester,
        ..
    } = *cx;
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
    Some(result(rule, 2, findings))
}

/// Every room housing the counsellor's students checked every two weeks
/// (due in its last week).
pub(super) fn rooms(cx: &Ctx<'_>) -> Option<RuleResult> {
    let Ctx {
        rule, today, facts, ..
    } = *cx;
    let days = rule.days.unwrap_or(14) as i64;
    let findings = facts
        .rooms
        .iter()
        .filter_map(|r| {
            let due = r.last_checked.map(|d| d + Duration::days(days));
            let state = match due {
                None => State::Overdue,
                Some(d) if today > d => State::Overdue,
                Some(d) if (d - today).num_days() < 7 => State::Due,
                Some(_) => State::Met,
            };
            (state != State::Met).then(|| Finding {
                state,
                subject: Subject::Room {
                    label: r.label.clone(),
                },
                due,
                why: Why::RoomNotChecked {
                    last: r.last_checked,
                },
            })
        })
        .collect();
    Some(result(rule, facts.rooms.len(), findings))
}
