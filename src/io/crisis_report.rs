//! What a crisis case leaves behind: the case report a leader asks for the
//! next morning (Markdown), the monthly statistics (`psych.crisis-stats`,
//! made into a book by `io::reports`) and the JSON export, each only for
//! those who may see the cases.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

use crate::app::App;
use crate::app::crisis::{CaseView, list, view};
use crate::domain::clock::{local_date, school_tz};
use crate::domain::crisis::{EventKind, UNLISTED};
use crate::domain::text::safe_line;
use crate::error::{Error, Result};
use crate::store::AuditEntry;

fn local(app: &App, t: DateTime<Utc>) -> String {
    t.with_timezone(&school_tz(app.assets.calendar.utc_offset_hours))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn minutes(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_minutes()
}

/// The case report: header, students, level, every step with its state and
/// time, and the timeline in the order things happened.
pub fn report_md(app: &App, v: &CaseView) -> String {
    let tx = &app.assets.text;
    let c = &v.case;
    let mut out = format!(
        "# {}\n\n",
        tx.f(
            "report.case_title",
            &[
                ("id", &c.id.to_string()),
                ("kind", &safe_line(&v.template.name))
            ]
        )
    );
    let students: Vec<String> = c
        .students
        .iter()
        .map(|s| format!("{} {}", safe_line(&s.2), s.1))
        .chain(
            c.unlisted
                .iter()
                .map(|n| tx.f("crisis.unlisted_mark", &[("name", n)])),
        )
        .collect();
    for (k, val) in [
        (
            "report.opened",
            format!("{}（{}）", local(app, v.opened), safe_line(&c.opener)),
        ),
        ("report.students", students.join("、")),
        (
            "report.location",
            safe_line(c.location.as_deref().unwrap_or("—")).into_owned(),
        ),
        (
            "report.known",
            safe_line(c.known.as_deref().unwrap_or("—")).into_owned(),
        ),
        (
            "report.level",
            v.now
                .level
                .as_deref()
                .map(|k| {
                    app.assets
                        .crisis
                        .level(k)
                        .map_or(k.to_string(), |l| l.name.clone())
                })
                .unwrap_or_else(|| "—".into()),
        ),
        (
            "report.elapsed",
            // a closed case's time stops when it closed
            tx.duration(minutes(
                v.opened,
                v.events
                    .iter()
                    .rev()
                    .find(|e| e.kind == EventKind::Close)
                    .map_or(app.now(), |e| e.at),
            )),
        ),
        (
            "report.template",
            format!("{} {}", safe_line(&v.template.name), c.template_version),
        ),
    ] {
        out.push_str(&format!("- **{}**：{}\n", tx.t(k), val));
    }
    out.push_str(&format!("\n## {}\n\n", tx.t("report.steps")));
    out.push_str(&format!(
        "| {} |\n|---|---|---|---|\n",
        tx.t("report.steps_head")
    ));
    for s in &v.now.steps {
        let state = tx
            .t(&format!("crisis.state_{}", s.state.code()))
            .to_string();
        let when = s.settled_at.map(|t| local(app, t)).unwrap_or_default();
        let due = s.due.map(|t| local(app, t)).unwrap_or_default();
        let late = match (s.settled_at, s.due) {
            (Some(a), Some(d)) if a > d => {
                tx.f("report.late", &[("t", &tx.duration(minutes(d, a)))])
            }
            (None, Some(d)) if s.overdue => tx.f(
                "report.overdue",
                &[("t", &tx.duration(minutes(d, app.now())))],
            ),
            _ => String::new(),
        };
        out.push_str(&format!(
            "| {} | {state}{late} | {when} | {due} |\n",
            safe_line(&s.step.title)
        ));
    }
    out.push_str(&format!("\n## {}\n\n", tx.t("report.timeline")));
    for e in &v.events {
        let at = local(app, e.at);
        // a student not in the roster, named at opening
        if e.kind == EventKind::Note && e.step.as_deref() == Some(UNLISTED) {
            let name = e.text.as_deref().unwrap_or("");
            out.push_str(&format!(
                "- {at} {} {}\n",
                safe_line(&e.by),
                tx.f("report.unlisted_event", &[("name", name)])
            ));
            continue;
        }
        // a C-SSRS screen: each question in words, one line each
        if e.kind == EventKind::Screen
            && let Some(words) = e.text.as_deref().and_then(|t| tx.screen_in_words(t))
        {
            out.push_str(&format!(
                "- {at} {} {}：\n",
                safe_line(&e.by),
                tx.t("crisis.event_screen")
            ));
            for w in words {
                out.push_str(&format!("  - {w}\n"));
            }
            continue;
        }
        let step = e
            .step
            .as_deref()
            .map(|k| {
                v.template
                    .steps
                    .iter()
                    .find(|s| s.key == k)
                    .map(|s| s.title.clone())
                    .or_else(|| {
                        v.template
                            .phases
                            .iter()
                            .find(|p| p.key == k)
                            .map(|p| p.name.clone())
                    })
                    .or_else(|| app.assets.crisis.level(k).map(|l| l.name.clone()))
                    .unwrap_or_else(|| k.to_string())
            })
            .unwrap_or_default();
        out.push_str(&format!(
            "- {at} {} {}{}{}\n",
            safe_line(&e.by),
            tx.t(&format!("crisis.event_{}", e.kind.code())),
            if step.is_empty() {
                String::new()
            } else {
                format!("「{}」", safe_line(&step))
            },
            e.text
                .as_deref()
                .map(|t| format!("：{}", safe_line(t)))
                .unwrap_or_default()
        ));
    }
    out
}

/// Monthly statistics (`psych.crisis-stats`): cases by kind, level and
/// outcome, and the median minutes from opening to each key step.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub month: String,
    pub cases: usize,
    pub by_kind: BTreeMap<String, usize>,
    pub by_level: BTreeMap<String, usize>,
    pub by_outcome: BTreeMap<String, usize>,
    /// Step title -> (cases where done, median minutes from opening).
    pub minutes_to_step: BTreeMap<String, (usize, i64)>,
}

/// The statistics of the cases of one college (its own, or one of its
/// students'), or of every case the actor may see (`None`); the report's
/// sheets are made from them (`io::reports::office::crisis_stats`).
pub fn stats_in(app: &mut App, month: NaiveDate, college: Option<i64>) -> Result<Stats> {
    let offset = app.assets.calendar.utc_offset_hours;
    let ids: Vec<i64> = list(app)?
        .into_iter()
        .filter(|c| {
            college.is_none_or(|id| c.college_id == Some(id) || c.student_colleges.contains(&id))
        })
        .filter(|c| {
            crate::domain::clock::from_db(&c.opened_at)
                .map(|t| local_date(t, offset))
                .is_some_and(|d| d.year() == month.year() && d.month() == month.month())
        })
        .map(|c| c.id)
        .collect();
    let mut s = Stats {
        month: month.format("%Y-%m").to_string(),
        ..Stats::default()
    };
    let mut times: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for id in ids {
        let v = view(app, id)?;
        s.cases += 1;
        *s.by_kind.entry(v.template.name.clone()).or_default() += 1;
        let level = v
            .now
            .level
            .as_deref()
            .and_then(|k| app.assets.crisis.level(k).map(|l| l.name.clone()))
            .unwrap_or_else(|| "—".into());
        *s.by_level.entry(level).or_default() += 1;
        let outcome = v
            .events
            .iter()
            .rev()
            .find(|e| e.kind == EventKind::Close)
            .and_then(|e| e.text.clone())
            .unwrap_or_else(|| app.assets.text.t("report.open_case").to_string());
        *s.by_outcome.entry(outcome).or_default() += 1;
        for st in &v.now.steps {
            if let (Some(at), crate::domain::sop::StepState::Done) = (st.settled_at, st.state) {
                times
                    .entry(st.step.title.clone())
                    .or_default()
                    .push(minutes(v.opened, at));
            }
        }
    }
    for (k, mut v) in times {
        v.sort_unstable();
        s.minutes_to_step.insert(k, (v.len(), v[v.len() / 2]));
    }
    let (login, now) = (app.actor.login.clone(), app.now());
    app.store.write(&login, now, |_| {
        Ok((
            (),
            vec![AuditEntry::new(
                "crisis.stats",
                "report",
                None,
                json!({"month": s.month, "cases": s.cases}),
            )],
        ))
    })?;
    Ok(s)
}

#[derive(Debug, Clone, Serialize)]
pub struct StepOut {
    pub key: String,
    pub title: String,
    pub phase: String,
    pub required: bool,
    pub state: &'static str,
    pub settled_at: Option<String>,
    pub due: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseOut {
    pub case_id: i64,
    pub kind: String,
    pub template_version: String,
    pub opened_at: String,
    pub opened_by: String,
    pub students: Vec<String>,
    pub location: Option<String>,
    pub level: Option<String>,
    /// (at, level key, reason)
    pub level_history: Vec<(String, String, Option<String>)>,
    pub closed: bool,
    pub steps: Vec<StepOut>,
}

/// Every case the actor may see (each view audit-logged).
pub fn export(app: &mut App) -> Result<Vec<CaseOut>> {
    let ids: Vec<i64> = list(app)?.into_iter().map(|c| c.id).collect();
    if ids.is_empty()
        && !crate::app::policy::allows(
            &app.actor,
            crate::app::policy::Kind::Crisis,
            crate::app::policy::Action::View,
            crate::app::policy::Relation::Own,
        )
    {
        return Err(Error::Refused(crate::msg!(
            "err.denied.crisis_read",
            login = &app.actor.login
        )));
    }
    let mut out = Vec::new();
    for id in ids {
        let v = view(app, id)?;
        out.push(CaseOut {
            case_id: id,
            kind: v.case.kind.clone(),
            template_version: v.case.template_version.clone(),
            opened_at: v.case.opened_at.clone(),
            opened_by: safe_line(&v.case.opener).into_owned(),
            students: v
                .case
                .students
                .iter()
                .map(|s| safe_line(&s.1).into_owned())
                .collect(),
            location: v
                .case
                .location
                .as_deref()
                .map(|l| safe_line(l).into_owned()),
            level: v.now.level.clone(),
            level_history: v
                .events
                .iter()
                .filter(|e| e.kind == EventKind::Level)
                .map(|e| {
                    (
                        crate::domain::clock::to_db(e.at),
                        e.step.clone().unwrap_or_default(),
                        e.text.clone(),
                    )
                })
                .collect(),
            closed: v.now.closed,
            steps: v
                .now
                .steps
                .iter()
                .map(|s| StepOut {
                    key: s.step.key.clone(),
                    title: s.step.title.clone(),
                    phase: s.step.phase.clone(),
                    required: s.step.required,
                    state: s.state.code(),
                    settled_at: s.settled_at.map(crate::domain::clock::to_db),
                    due: s.due.map(crate::domain::clock::to_db),
                })
                .collect(),
        });
    }
    Ok(out)
}
