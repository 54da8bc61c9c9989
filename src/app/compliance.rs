//! 待办 / 逾期: the compliance engine ([`crate::domain::compliance`]) run
//! for one counsellor (their own, or a leader looking at a counsellor of
//! their college) or for a college, with the facts read from the store,
//! and each finding worded for the reader.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::App;
use super::policy::{Action, Kind, Relation, allows};
use crate::domain::clock::{from_db, local_date};
use crate::domain::compliance::{
    ClassFacts, Facts, LedgerKind, RoomFacts, RuleResult, StudentFacts, evaluate,
};
use crate::domain::staff::{Role, Staff};
use crate::domain::student::{FlagKind, parse_date};
use crate::error::{Error, Result};
use crate::store::{compliance_facts as cf, org, records as rec};

#[path = "compliance_cache.rs"]
mod cache;
pub use cache::{Numbers, counsellor_numbers, forget_cache, warm_cache};

pub use super::compliance_words::{
    FindingOut, finding_lines, kind_of, subject_text, todo_lines, why_text,
};

fn day(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(parse_date)
}

/// The facts of every counsellor in scope (one counsellor, a college, or
/// all), keyed by counsellor id.
pub fn facts_by_counsellor(
    app: &App,
    counsellor: Option<i64>,
    college: Option<i64>,
) -> Result<HashMap<i64, Facts>> {
    facts_of(app, counsellor, college, true)
}

/// [`facts_by_counsellor`]; the students without their names and 学号
/// unless `named` (a summary that only counts the findings never words
/// them, and a school's 40,000 names are most of what it would read).
/// The ledger of the last year is enough for every window evaluated: read
/// from this day on.
fn ledger_from(today: NaiveDate) -> NaiveDate {
    today - chrono::Duration::days(400)
}

/// Facts read on an earlier day as a read `today` gives them (nothing
/// written since): the ledger and lecture visits that fell out of the
/// year read go.
fn facts_for_today(mut f: Facts, today: NaiveDate) -> Facts {
    let from = ledger_from(today);
    for c in &mut f.classes {
        c.ledger.retain(|(_, d)| *d >= from);
    }
    f.lecture_visits.retain(|d| *d >= from);
    f
}

fn facts_of(
    app: &App,
    counsellor: Option<i64>,
    college: Option<i64>,
    named: bool,
) -> Result<HashMap<i64, Facts>> {
    let conn = app.store.conn();
    let offset = app.assets.calendar.utc_offset_hours;
    let today = local_date(app.now(), offset);
    let mut out: HashMap<i64, Facts> = HashMap::new();
    let mut flags: HashMap<i64, Vec<(FlagKind, Option<NaiveDate>)>> = HashMap::new();
    for (sid, kind, since) in rec::standing_flags(conn, counsellor, college)? {
        if let Some(k) = FlagKind::from_code(&kind) {
            flags.entry(sid).or_default().push((k, day(&since)));
        }
    }
    let support = rec::all_support(conn, counsellor, college)?;
    let class_counsellor = cf::class_counsellors(conn)?;
    let mut counsellor_of: HashMap<i64, i64> = HashMap::new();
    for m in cf::marks(conn, counsellor, college, named)? {
        let Some(&c) = m.class_id.and_then(|k| class_counsellor.get(&k)) else {
            continue;
        };
        counsellor_of.insert(m.id, c);
        let sup = support.get(&m.id);
        let has = |x: Option<&Option<String>>| {
            x.is_some_and(|v| v.as_deref().is_some_and(|t| !t.trim().is_empty()))
        };
        out.entry(c).or_default().students.push(StudentFacts {
            id: m.id,
            student_no: m.student_no,
            name: m.name,
            class_id: m.class_id,
            flags: flags.remove(&m.id).unwrap_or_default(),
            last_talk: m.last_talk,
            last_contact: m.last_contact,
            last_home_visit: m.last_home_visit,
            last_growth: m.last_growth,
            mentors: [
                has(sup.map(|s| &s.academic_mentor)),
                has(sup.map(|s| &s.affairs_teacher)),
                has(sup.map(|s| &s.peer_student)),
            ],
            plan: has(sup.map(|s| &s.plan)),
        });
    }
    let from = ledger_from(today).to_string();
    let mut by_class: HashMap<i64, Vec<(LedgerKind, NaiveDate)>> = HashMap::new();
    let mut lectures: HashMap<i64, Vec<NaiveDate>> = HashMap::new();
    for (class, author, kind, on) in rec::ledger_marks(conn, &from, counsellor, college)? {
        let (Some(kind), Some(on)) = (LedgerKind::parse(&kind), parse_date(&on)) else {
            continue;
        };
        if kind == LedgerKind::Lecture {
            // a visit noted against a class counts for that class's own
            // counsellor only, whatever the scope read (her own read never
            // sees the others' classes)
            if class.is_some_and(|k| class_counsellor.get(&k) != Some(&author)) {
                continue;
            }
            lectures.entry(author).or_default().push(on);
        } else if let Some(c) = class {
            by_class.entry(c).or_default().push((kind, on));
        }
    }
    for (id, name, c) in rec::classes(conn, counsellor, college)? {
        let Some(c) = c else { continue };
        out.entry(c).or_default().classes.push(ClassFacts {
            id,
            name,
            ledger: by_class.remove(&id).unwrap_or_default(),
        });
    }
    // rooms: whose students live where (integers), then each room's label
    // and latest check once, in building and number order
    let mut housing: HashMap<i64, Vec<i64>> = HashMap::new();
    for (sid, room) in cf::student_rooms(conn, counsellor, college)? {
        let Some(&c) = counsellor_of.get(&sid) else {
            continue;
        };
        let of = housing.entry(room).or_default();
        if !of.contains(&c) {
            of.push(c);
        }
    }
    for (room, label, last) in cf::rooms_last_checked(conn, counsellor, college)? {
        let Some(of) = housing.get(&room) else {
            continue;
        };
        let last_checked = last
            .as_deref()
            .and_then(from_db)
            .map(|t| local_date(t, offset));
        for c in of {
            out.entry(*c).or_default().rooms.push(RoomFacts {
                label: label.clone(),
                last_checked,
            });
        }
    }
    for (c, f) in out.iter_mut() {
        f.lecture_visits = lectures.remove(c).unwrap_or_default();
    }
    if let Some(c) = counsellor {
        out.entry(c).or_default();
    }
    Ok(out)
}

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
