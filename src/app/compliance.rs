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
    ClassFacts, Facts, LedgerKind, RoomFacts, RuleResult, StudentFacts, Subject, Why, evaluate,
};
use crate::domain::staff::{Role, Staff};
use crate::domain::student::{FlagKind, parse_date};
use crate::error::{Error, Result};
use crate::store::{compliance_facts as cf, org, records as rec};

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
    // the ledger of the last year is enough for every window evaluated
    let from = (today - chrono::Duration::days(400)).to_string();
    let mut by_class: HashMap<i64, Vec<(LedgerKind, NaiveDate)>> = HashMap::new();
    let mut lectures: HashMap<i64, Vec<NaiveDate>> = HashMap::new();
    for (class, author, kind, on) in rec::ledger_marks(conn, &from, counsellor, college)? {
        let (Some(kind), Some(on)) = (LedgerKind::parse(&kind), parse_date(&on)) else {
            continue;
        };
        if kind == LedgerKind::Lecture {
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
    let mut all = facts_of(app, None, college_id, false)?;
    let college_names: HashMap<i64, String> = org::colleges(conn)?.into_iter().collect();
    let ids: Vec<i64> = all.keys().copied().collect();
    for id in ids {
        let Some(f) = all.remove(&id) else { continue };
        let results = evaluate(rules, cal, today, &f);
        let who = staff.get(&id);
        // as the drill-down's lines count, without wording each
        let counts = Counts::of_results(&results);
        let mut line = CounsellorSummary {
            login: who.map(|s| s.login.clone()).unwrap_or_default(),
            name: who.map(|s| s.name.clone()).unwrap_or_default(),
            college: who
                .and_then(|s| s.college_id)
                .and_then(|c| college_names.get(&c).cloned())
                .unwrap_or_default(),
            students: f.students.len(),
            rules: Vec::new(),
            overdue: counts.overdue,
            due: counts.due,
            lines: counts.all,
            met: None,
        };
        let (mut met, mut total) = (0, 0);
        for r in &results {
            line.rules
                .push((r.rule.clone(), r.state.code(), r.met, r.total));
            met += r.met;
            total += r.total;
            match totals.iter_mut().find(|(id, _, _)| *id == r.rule) {
                Some(t) => {
                    t.1 += r.met;
                    t.2 += r.total;
                }
                None => totals.push((r.rule.clone(), r.met, r.total)),
            }
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

/// A finding as a line of text: the subject, then why.
pub fn subject_text(s: &Subject) -> String {
    match s {
        Subject::Student { no, name, .. } => format!("{name} {no}"),
        Subject::Class { name, .. } => name.clone(),
        Subject::Room { label } => label.clone(),
        Subject::Whole => String::new(),
    }
}

/// Why a finding stands, in the reader's language.
pub fn why_text(app: &App, w: &Why) -> String {
    let tx = &app.assets.text;
    let d = |x: &NaiveDate| x.format("%m-%d").to_string();
    let last = |x: &Option<NaiveDate>| x.as_ref().map_or_else(|| tx.t("why.never").to_string(), d);
    let flag = |f: &FlagKind| tx.t(&f.i18n_key()).to_string();
    match w {
        Why::NoTalkSinceFlag { flag: f, since } => tx.f(
            "why.no_talk_since_flag",
            &[("flag", &flag(f)), ("since", &d(since))],
        ),
        Why::NoTalkInWindow { last: l } => tx.f("why.no_talk_in_window", &[("last", &last(l))]),
        Why::NotTalkedThisSemester => tx.t("why.not_talked").to_string(),
        Why::Coverage {
            talked,
            needed,
            total,
        } => tx.f(
            "why.coverage",
            &[
                ("talked", &talked.to_string()),
                ("needed", &needed.to_string()),
                ("total", &total.to_string()),
            ],
        ),
        Why::Ledger { kind, done, needed } => tx.f(
            "why.ledger",
            &[
                ("kind", tx.t(&format!("ledger.{}", kind.code()))),
                ("done", &done.to_string()),
                ("needed", &needed.to_string()),
            ],
        ),
        Why::NoFamilyContactThisYear { last: l } => {
            tx.f("why.no_family_contact", &[("last", &last(l))])
        }
        Why::FamilyNotToldOfFlag { flag: f, since } => tx.f(
            "why.family_not_told",
            &[("flag", &flag(f)), ("since", &d(since))],
        ),
        Why::NoFamilyFollowUp { flag: f, last: l } => tx.f(
            "why.no_family_follow_up",
            &[("flag", &flag(f)), ("last", &last(l))],
        ),
        Why::NoHomeVisit { last: l } => tx.f("why.no_home_visit", &[("last", &last(l))]),
        Why::NoGrowthEntry { last: l } => tx.f("why.no_growth_entry", &[("last", &last(l))]),
        Why::Mentors { missing, plan } => {
            let mut parts: Vec<String> = missing
                .iter()
                .map(|m| tx.t(&format!("why.mentor_{m}")).to_string())
                .collect();
            if !plan {
                parts.push(tx.t("why.plan").to_string());
            }
            tx.f("why.mentors", &[("missing", &parts.join("、"))])
        }
        Why::NoSweep { psych } => tx
            .t(if *psych {
                "why.no_psych_sweep"
            } else {
                "why.no_info_sweep"
            })
            .to_string(),
        Why::RoomNotChecked { last: l } => tx.f("why.room_not_checked", &[("last", &last(l))]),
        Why::FlagWithoutDate { flag: f } => tx.f("why.flag_without_date", &[("flag", &flag(f))]),
        Why::NoSemester => tx.t("why.no_semester").to_string(),
        Why::NoData => tx.t("why.no_data").to_string(),
    }
}

/// Which rules' lines come first in a 待办 list: students at risk, then
/// the class ledger, then the long lists (coverage, yearly contact, rooms).
const URGENCY: &[&str] = &[
    "talk.warning-3d",
    "talk.key-concern",
    "parent.warned-1w",
    "talk.warned",
    "parent.warned-follow",
    "special.mentors",
    "class.attendance-check",
    "class.lecture-visit",
    "class.meeting",
    "class.committee",
    "aid.home-visit",
    "talk.coverage",
    "parent.yearly",
    "dorm.biweekly",
];

/// One finding as the CLI's JSON and the TUI's line hold it.
#[derive(Debug, Clone, Serialize)]
pub struct FindingOut {
    pub rule: String,
    pub title: String,
    pub state: &'static str,
    pub subject: String,
    /// 学号 when the subject is a student.
    pub student_no: Option<String>,
    pub class: Option<String>,
    pub due: Option<String>,
    pub detail: String,
    /// The building, on a 待办 line that stands for its rooms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub building: Option<String>,
}

pub fn finding_lines(app: &App, results: &[RuleResult]) -> Vec<FindingOut> {
    let mut out = Vec::new();
    for r in results {
        let title = app
            .assets
            .rules
            .get(&r.rule)
            .map(|x| x.title.clone())
            .unwrap_or_default();
        for f in &r.findings {
            out.push(FindingOut {
                rule: r.rule.clone(),
                title: title.clone(),
                state: f.state.code(),
                subject: subject_text(&f.subject),
                student_no: match &f.subject {
                    Subject::Student { no, .. } => Some(no.clone()),
                    _ => None,
                },
                class: match &f.subject {
                    Subject::Class { name, .. } => Some(name.clone()),
                    _ => None,
                },
                due: f.due.map(|d| d.to_string()),
                detail: why_text(app, &f.why),
                building: None,
            });
        }
    }
    // overdue first; then a student at risk before a class or a room; then
    // by deadline
    out.sort_by(|a, b| {
        let rank = |s: &str| match s {
            "overdue" => 0,
            "due" => 1,
            _ => 2,
        };
        let urgency = |r: &str| {
            URGENCY
                .iter()
                .position(|u| *u == r)
                .unwrap_or(URGENCY.len())
        };
        rank(a.state)
            .cmp(&rank(b.state))
            .then(urgency(&a.rule).cmp(&urgency(&b.rule)))
            .then(a.due.cmp(&b.due))
    });
    out
}

/// What a 待办 line is about, for the screen's filter: `talk`, `parent`
/// (family contact and home visit), `class`, `room`, or `other`.
pub fn kind_of(rule: &str) -> &'static str {
    match rule.split('.').next().unwrap_or("") {
        "talk" => "talk",
        "parent" => "parent",
        "aid" if rule == "aid.home-visit" => "parent",
        "class" => "class",
        "dorm" => "room",
        _ => "other",
    }
}

/// The 待办 as the screen lists it: students first (overdue, then due),
/// classes next, then what concerns the whole, and the rooms last, one
/// line per building ("2号楼：23 间两周内未查寝"), so that twenty rooms
/// do not push the first student off the page.
pub fn todo_lines(app: &App, results: &[RuleResult]) -> Vec<FindingOut> {
    let tx = &app.assets.text;
    let rank = |s: &str| match s {
        "overdue" => 0,
        "due" => 1,
        _ => 2,
    };
    let (rooms, mut out): (Vec<FindingOut>, Vec<FindingOut>) = finding_lines(app, results)
        .into_iter()
        .partition(|l| l.rule == "dorm.biweekly");
    let group = |l: &FindingOut| {
        if l.student_no.is_some() {
            0
        } else if l.class.is_some() {
            1
        } else {
            2
        }
    };
    // stable: the urgency and deadline order of `finding_lines` stays
    out.sort_by_key(|l| (group(l), rank(l.state)));
    // per building: (name, overdue, due, the earliest deadline, a line)
    let mut by: Vec<(String, usize, usize, Option<String>, FindingOut)> = Vec::new();
    for l in rooms {
        let name = l
            .subject
            .rsplit_once(' ')
            .map_or(l.subject.as_str(), |(b, _)| b)
            .to_string();
        let i = match by.iter().position(|b| b.0 == name) {
            Some(i) => i,
            None => {
                by.push((name, 0, 0, None, l.clone()));
                by.len() - 1
            }
        };
        let b = &mut by[i];
        match l.state {
            "overdue" => b.1 += 1,
            "due" => b.2 += 1,
            _ => continue,
        }
        if l.due.is_some() && (b.3.is_none() || l.due < b.3) {
            b.3 = l.due.clone();
        }
    }
    by.retain(|b| b.1 + b.2 > 0);
    // the rule's period in words ("两周" for 14 days, else "N 天")
    let days = app
        .assets
        .rules
        .get("dorm.biweekly")
        .and_then(|r| r.days)
        .unwrap_or(14);
    let period = if days.is_multiple_of(7) {
        tx.f(
            "todo.period_weeks",
            &[("weeks", &weeks_word(app, days / 7))],
        )
    } else {
        tx.f("todo.period_days", &[("days", &days.to_string())])
    };
    by.sort_by(|a, b| (a.1 == 0).cmp(&(b.1 == 0)).then(a.0.cmp(&b.0)));
    for (name, overdue, due, first, line) in by {
        let mut parts = Vec::new();
        if overdue > 0 {
            parts.push(tx.f(
                "todo.rooms_overdue",
                &[("count", &overdue.to_string()), ("period", &period)],
            ));
        }
        if due > 0 {
            parts.push(tx.f("todo.rooms_due", &[("count", &due.to_string())]));
        }
        out.push(FindingOut {
            state: if overdue > 0 { "overdue" } else { "due" },
            subject: name.clone(),
            due: first,
            detail: parts.join("，"),
            building: Some(name),
            ..line
        });
    }
    out
}

/// A number of weeks as the sentence says it: 两 for 2 in Chinese (两周),
/// else the digits.
fn weeks_word(app: &App, n: u32) -> String {
    if n == 2 {
        app.assets.text.t("todo.two").to_string()
    } else {
        n.to_string()
    }
}
