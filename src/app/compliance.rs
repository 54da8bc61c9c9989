//! 待办 / 逾期: the compliance engine ([`crate::domain::compliance`]) run
//! for one counsellor (their own, or a leader looking at a counsellor of
//! their college) or for a college, with the facts read from the store,
//! and each finding worded for the reader.

use std::collections::HashMap;

use serde::Serialize;

use super::App;
use super::policy::{Action, Kind, Relation, allows};
use crate::domain::clock::local_date;
use crate::domain::compliance::{Facts, RuleResult, evaluate};
use crate::domain::staff::{Role, Staff};
use crate::domain::student::parse_date;
use crate::error::{Error, Result};
use crate::store::{org, records as rec};

#[path = "compliance_cache.rs"]
mod cache;
#[path = "compliance_facts.rs"]
mod facts;
#[path = "compliance_prints.rs"]
mod prints;
pub use cache::{Numbers, counsellor_numbers, forget_cache, outdate_numbers, warm_cache};
pub use facts::facts_by_counsellor;

pub use super::compliance_words::{
    FindingOut, finding_lines, kind_of, subject_text, todo_lines, why_text,
};

/// Whose 待办 may the actor see? Their own; a leader any counsellor of
/// their college (a school-wide leader, any).
fn may_see(actor: &Staff, target: &Staff) -> bool {
    if actor.id == target.id {
        return allows(actor, Kind::Compliance, Action::View, Relation::Own);
    }
    let rel = match (actor.college_id, target.college_id) {
        (None, _) => Relation::InScope,
        (Some(a), Some(b)) if a == b => Relation::InScope,
        _ => Relation::Outside,
    };
    allows(actor, Kind::Compliance, Action::View, rel)
}

/// The rules for one counsellor (`login`, else the actor).
pub fn for_counsellor(app: &App, login: Option<&str>) -> Result<(Staff, Vec<RuleResult>)> {
    let target = match login {
        Some(l) => org::staff_by_login(app.store.conn(), l)?
            .ok_or_else(|| Error::Data(crate::msg!("err.not_found.staff", login = l)))?,
        None => app.actor.clone(),
    };
    if !target.has(Role::Counsellor) {
        return Err(Error::Data(crate::msg!(
            "err.compliance.not_counsellor",
            name = &target.name,
            login = &target.login
        )));
    }
    if !may_see(&app.actor, &target) {
        return Err(Error::Refused(crate::msg!(
            "err.denied.todo_other",
            login = &app.actor.login,
            target = &target.login
        )));
    }
    let facts = facts_by_counsellor(app, Some(target.id), None)?
        .remove(&target.id)
        .unwrap_or_default();
    let today = local_date(app.now(), app.assets.calendar.utc_offset_hours);
    Ok((
        target,
        evaluate(&app.assets.rules, &app.assets.calendar, today, &facts),
    ))
}

/// One counsellor's line in a college summary.
#[derive(Debug, Clone, Serialize)]
pub struct CounsellorSummary {
    pub login: String,
    pub name: String,
    /// The counsellor's college (a school-wide leader sees several).
    pub college: String,
    pub students: usize,
    /// Per rule: (rule id, state, met, total).
    pub rules: Vec<(String, &'static str, usize, usize)>,
    /// Counted over the lines of the counsellor's 待办 exactly as the
    /// drill-down shows them ([`todo_lines`], [`Counts::of`]).
    pub overdue: usize,
    pub due: usize,
    /// Every line of the drill-down.
    pub lines: usize,
    /// Share of the rules' items met (`None`: nothing to meet).
    pub met: Option<f64>,
}

/// What a 待办 list counts: the same numbers on a leader's list and in the
/// counsellor's drill-down, since both count the same lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub overdue: usize,
    pub due: usize,
    pub all: usize,
}

impl Counts {
    pub fn of(lines: &[FindingOut]) -> Counts {
        Counts {
            overdue: lines.iter().filter(|l| l.state == "overdue").count(),
            due: lines.iter().filter(|l| l.state == "due").count(),
            all: lines.len(),
        }
    }
}

/// A college (or, for a school-wide leader, every college): each
/// counsellor's rules, and the college's own (`special.sweep`).
pub struct CollegeSummary {
    pub counsellors: Vec<CounsellorSummary>,
    pub college_rules: Vec<RuleResult>,
    /// Per rule over all counsellors: (met, total).
    pub totals: Vec<(String, usize, usize)>,
}

pub fn college(app: &App, college_name: Option<&str>) -> Result<CollegeSummary> {
    let conn = app.store.conn();
    let college_id = match college_name {
        Some(n) => Some(
            org::colleges(conn)?
                .into_iter()
                .find(|(_, name)| name == n)
                .map(|(id, _)| id)
                .ok_or_else(|| Error::Data(crate::msg!("err.not_found.college", name = n)))?,
        ),
        None => app.actor.college_id,
    };
    let rel = match (app.actor.college_id, college_id) {
        (None, _) => Relation::InScope,
        (Some(a), Some(b)) if a == b => Relation::InScope,
        _ => Relation::Outside,
    };
    if !allows(&app.actor, Kind::Compliance, Action::View, rel) {
        return Err(Error::Refused(crate::msg!(
            "err.denied.todo_college",
            login = &app.actor.login
        )));
    }
    let today = local_date(app.now(), app.assets.calendar.utc_offset_hours);
    let (rules, cal) = (&app.assets.rules, &app.assets.calendar);
    let staff: HashMap<i64, Staff> = org::all_staff(conn)?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let mut counsellors = Vec::new();
    let mut totals: Vec<(String, usize, usize)> = Vec::new();
    // each counsellor's own 待办 (the day's cache, the missing evaluated)
    let all = counsellor_numbers(app, college_id)?;
    let college_names: HashMap<i64, String> = org::colleges(conn)?.into_iter().collect();
    for (id, n) in all {
        let who = staff.get(&id);
        let mut line = CounsellorSummary {
            login: who.map(|s| s.login.clone()).unwrap_or_default(),
            name: who.map(|s| s.name.clone()).unwrap_or_default(),
            college: who
                .and_then(|s| s.college_id)
                .and_then(|c| college_names.get(&c).cloned())
                .unwrap_or_default(),
            students: n.students,
            rules: Vec::new(),
            overdue: n.counts.overdue,
            due: n.counts.due,
            lines: n.counts.all,
            met: None,
        };
        let (mut met, mut total) = (0, 0);
        for (rule, state, m, t) in n.rules {
            met += m;
            total += t;
            match totals.iter_mut().find(|(id, _, _)| *id == rule) {
                Some(x) => {
                    x.1 += m;
                    x.2 += t;
                }
                None => totals.push((rule.clone(), m, t)),
            }
            line.rules.push((rule, state, m, t));
        }
        line.met = (total > 0).then(|| met as f64 / total as f64);
        counsellors.push(line);
    }
    // the furthest behind first: overdue, then due, then the share met
    counsellors.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(b.due.cmp(&a.due))
            .then(
                a.met
                    .unwrap_or(1.0)
                    .partial_cmp(&b.met.unwrap_or(1.0))
                    .unwrap_or(std::cmp::Ordering::Equal),
            )
            .then(a.college.cmp(&b.college))
            .then(a.login.cmp(&b.login))
    });
    let college_rules = match college_id {
        Some(c) => {
            let sweeps = rec::sweeps(conn, c)?
                .into_iter()
                .filter_map(|(p, d)| parse_date(&d).map(|d| (p, d)))
                .collect();
            let facts = Facts {
                college: true,
                sweeps,
                ..Facts::default()
            };
            rules
                .get("special.sweep")
                .and_then(|r| crate::domain::compliance::evaluate_rule(r, cal, today, &facts))
                .into_iter()
                .collect()
        }
        None => Vec::new(),
    };
    Ok(CollegeSummary {
        counsellors,
        college_rules,
        totals,
    })
}
