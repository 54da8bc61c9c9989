//! Crisis cases beyond the stepper: the desk carries them from shift to
//! shift (the officer on duty continues a case opened on duty; a shift
//! hands its open cases over with the others), the dashboards list the
//! open ones, and a student's page names the student's cases.

use chrono::{DateTime, Utc};

use super::App;
use super::crisis::{Templates, may, state_of, with_record_of};
use super::policy::Action;
use crate::config::{Catalog, Lang};
use crate::domain::clock::from_db;
use crate::domain::sop::Template;
use crate::error::Result;
use crate::msg;
use crate::store::crisis::{self as cs, CrisisCase};

/// Where a case stands, as a list says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseStatus {
    /// Its first (acute) phase is open.
    Open,
    /// The acute phase is over; aftercare steps remain.
    Aftercare,
    Closed,
}

impl CaseStatus {
    /// The catalogue key that names it (`desk.status_open` …).
    pub fn i18n_key(self) -> &'static str {
        match self {
            CaseStatus::Open => "desk.status_open",
            CaseStatus::Aftercare => "desk.status_aftercare",
            CaseStatus::Closed => "desk.status_closed",
        }
    }
}

/// One case as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseLine {
    pub id: i64,
    /// The template's kind code (`psych` …; `crisis.kind_{kind}` names it).
    pub kind: String,
    /// The name of the template it was opened under.
    pub kind_name: String,
    /// The students' names.
    pub students: Vec<String>,
    /// The risk level's name (`crisis.toml`), once set.
    pub level: Option<String>,
    /// The level's key (`1` is the highest), for ordering.
    pub level_key: Option<String>,
    /// The title of the step to do now (none left: `None`).
    pub step: Option<String>,
    /// That step's key.
    pub step_key: Option<String>,
    pub opened: DateTime<Utc>,
    /// Until now, or until it closed (how long it has run).
    pub ran_until: DateTime<Utc>,
    /// Some open step is past its deadline.
    pub overdue: bool,
    pub status: CaseStatus,
    /// Students not in the roster, by name (to be matched later).
    pub unlisted: Vec<String>,
}

impl CaseLine {
    /// The kind in the reader's words (`crisis.kind_psych`), else the
    /// template's name (a kind the school added).
    pub fn kind_in(&self, tx: &Catalog) -> String {
        let key = format!("crisis.kind_{}", self.kind);
        match tx.t(&key) {
            k if k == key => self.kind_name.clone(),
            k => k.to_string(),
        }
    }
}

/// Whether case `id` is still open and was opened on duty, while the actor
/// keeps a shift now. A read that fails answers no.
pub(super) fn on_duty_now(app: &App, id: i64) -> bool {
    let conn = app.store.conn();
    matches!(
        crate::store::duty::open_shift_of(conn, app.actor.id),
        Ok(Some(_))
    ) && cs::open_on_duty(conn, id).unwrap_or(false)
}

/// A case row as a line (its template and events read).
fn line_of(app: &App, c: CrisisCase, seen: &mut Templates) -> Result<CaseLine> {
    let (case, tpl, events) = with_record_of(app, c, seen)?;
    let state = state_of(app, &case, &tpl, &events);
    let closed_at = events
        .iter()
        .rev()
        .find(|e| e.kind == crate::domain::crisis::EventKind::Close)
        .map(|e| e.at);
    let first_phase = tpl.phases.first().map(|p| p.key.as_str());
    let status = if state.closed {
        CaseStatus::Closed
    } else if first_phase.is_some_and(|p| state.phase_closed.contains_key(p)) {
        CaseStatus::Aftercare
    } else {
        CaseStatus::Open
    };
    let step = state
        .current
        .as_deref()
        .filter(|_| !state.closed)
        .and_then(|k| {
            state
                .steps
                .iter()
                .find(|s| s.step.key == k)
                .map(|s| s.step.title.clone())
        });
    let level = state.level.as_deref().map(|k| {
        app.assets
            .crisis
            .level(k)
            .map_or_else(|| k.to_string(), |l| l.name.clone())
    });
    Ok(CaseLine {
        id: case.id,
        kind: tpl.kind.clone(),
        kind_name: tpl.name.clone(),
        students: case.students.iter().map(|s| s.2.clone()).collect(),
        level,
        level_key: state.level.clone(),
        step,
        step_key: state.current.clone(),
        opened: from_db(&case.opened_at).unwrap_or(app.now()),
        ran_until: closed_at.unwrap_or(app.now()),
        overdue: !state.closed && state.steps.iter().any(|s| s.overdue),
        status,
        unlisted: case.unlisted.clone(),
    })
}

/// The open cases the actor may see (aftercare included), most urgent
/// first: the acute before aftercare, then by level (一级 first, then a
/// case with no level yet, then the lower levels), then the newest.
pub fn open_cases(app: &App) -> Result<Vec<CaseLine>> {
    let mut out = Vec::new();
    let mut seen = Templates::default();
    for c in cs::open_cases(app.store.conn())? {
        if may(app, &c, Action::View) {
            out.push(line_of(app, c, &mut seen)?);
        }
    }
    let levels = &app.assets.crisis.levels;
    // the highest level (the first configured) first, then a case with no
    // level yet, then the lower levels in order
    let rank = |l: &CaseLine| {
        let level = match l.level_key.as_deref() {
            None => 1,
            Some(k) => match levels.iter().position(|x| x.key == k) {
                Some(0) => 0,
                Some(i) => i + 1,
                None => levels.len() + 1,
            },
        };
        (l.status != CaseStatus::Open, level)
    };
    out.sort_by(|a, b| rank(a).cmp(&rank(b)).then(b.opened.cmp(&a.opened)));
    Ok(out)
}

/// Every case the actor may see (the last year's), for the case list:
/// open ones first, then aftercare, then closed; newest first within each.
pub fn all_cases(app: &App) -> Result<Vec<CaseLine>> {
    lines_sorted(app, super::crisis::list(app)?.into_iter())
}

/// [`all_cases`] of those opened at or after `since` (the month's cases on
/// a board): only those are read in full.
pub fn cases_opened_since(app: &App, since: DateTime<Utc>) -> Result<Vec<CaseLine>> {
    // the year `all_cases` lists, from `since` on: only those cases read
    let now = app.now();
    let from = since.max(now - chrono::Duration::days(366));
    let cases = cs::cases_between(
        app.store.conn(),
        &crate::domain::clock::to_db(from),
        &crate::domain::clock::to_db(now + chrono::Duration::days(1)),
    )?;
    lines_sorted(app, cases.into_iter().filter(|c| may(app, c, Action::View)))
}

fn lines_sorted(app: &App, cases: impl Iterator<Item = CrisisCase>) -> Result<Vec<CaseLine>> {
    let mut out = Vec::new();
    let mut seen = Templates::default();
    for c in cases {
        out.push(line_of(app, c, &mut seen)?);
    }
    let order = |s: CaseStatus| match s {
        CaseStatus::Open => 0,
        CaseStatus::Aftercare => 1,
        CaseStatus::Closed => 2,
    };
    out.sort_by(|a, b| {
        order(a.status)
            .cmp(&order(b.status))
            .then(b.opened.cmp(&a.opened))
    });
    Ok(out)
}

/// The cases naming a student that the actor may see, newest first (a
/// case they may not see is not listed, nor counted).
pub fn of_student(app: &App, student_id: i64) -> Result<Vec<CaseLine>> {
    let mut out = Vec::new();
    let mut seen = Templates::default();
    for c in cs::cases_of_student(app.store.conn(), student_id)? {
        if may(app, &c, Action::View) {
            out.push(line_of(app, c, &mut seen)?);
        }
    }
    Ok(out)
}

/// The open cases a shift hands over when it closes, each as (case id,
/// the item's text): the cases its officer opened during it, those opened
/// from its entries and those it took over, still open. The text is kept
/// as written, in Chinese like the rest of the record: the case's number,
/// kind, students and the step it stands at.
pub(super) fn handover_items(app: &App, shift: i64) -> Result<Vec<(i64, String)>> {
    let conn = app.store.conn();
    let zh = Catalog::load(Lang::ZhCn).unwrap_or_else(|_| Catalog::builtin(Lang::ZhCn));
    let mut out = Vec::new();
    let mut seen = Templates::default();
    for id in cs::open_cases_of_shift(conn, shift)? {
        let Some(c) = cs::case(conn, id)? else {
            continue;
        };
        // the titles as the case stored them (the school's Chinese)
        let stored: Option<Template> = serde_json::from_str(&c.template).ok();
        let line = line_of(app, c, &mut seen)?;
        let stored_title = |key: &str| {
            stored
                .as_ref()
                .and_then(|t| t.steps.iter().find(|s| s.key == key))
                .map(|s| s.title.clone())
        };
        let step = match (&line.step_key, &line.step) {
            (Some(k), Some(t)) => stored_title(k).unwrap_or_else(|| t.clone()),
            _ => zh.s("desk.no_step"),
        };
        let kind = stored
            .as_ref()
            .map_or(line.kind_name.clone(), |t| t.name.clone());
        let text = zh.msg(&msg!(
            "desk.handover_item",
            id = line.id,
            kind = kind,
            students = line.students.join("、"),
            level = line.level.clone().unwrap_or_else(|| zh.s("desk.no_level")),
            step = step,
            overdue = if line.overdue {
                zh.s("desk.overdue_mark")
            } else {
                String::new()
            }
        ));
        out.push((line.id, text));
    }
    Ok(out)
}
