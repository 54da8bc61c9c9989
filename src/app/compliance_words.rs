//! Each finding of the compliance engine worded for the reader: the
//! subject and why, the 待办 lines in order of urgency.

use chrono::NaiveDate;
use serde::Serialize;

use crate::app::App;
use crate::domain::compliance::{RuleResult, Subject, Why};
use crate::domain::student::FlagKind;

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
