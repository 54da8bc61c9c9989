//! Crisis cases (危机处置): opened in a few keystrokes (or from a duty-log
//! entry), stepped through one step at a time, every step one commit with
//! its audit row, every view of a case audit-logged, closed only when every
//! required step is settled.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::App;
use super::policy::{Action, Kind, Relation, allows, relation_to};
use crate::domain::clock::{from_db, school_tz, to_db};
use crate::domain::crisis::{CaseNow, Event, EventKind, UNLISTED, case_now};
use crate::domain::sop::{Risk, StepState, Template, cssrs_risk};
use crate::error::{Error, Msg, Result};
use crate::msg;
use crate::store::crisis::{self as cs, CrisisCase, NewCase};
use crate::store::{AuditEntry, students};

mod act;
mod settle;
pub use act::act;
use settle::record_settling;
pub use settle::withdraw;

/// What the person opening a case knows.
#[derive(Debug, Clone, Default)]
pub struct OpenInput {
    /// The template's kind or name (心理危机, psych …).
    pub kind: String,
    /// 学号 of the students concerned.
    pub students: Vec<String>,
    pub location: Option<String>,
    pub known: Option<String>,
    /// The duty-log entry it comes from.
    pub entry_id: Option<i64>,
    /// Students not in the roster (a visitor, a new student), by name:
    /// each recorded as a note on the case, flagged for matching later.
    pub unlisted: Vec<String>,
}

/// The template in force for a kind (by kind code or name).
pub fn template<'a>(app: &'a App, kind: &str) -> Result<&'a Template> {
    let k = kind.trim();
    app.assets
        .sops
        .iter()
        .map(|(t, _)| t)
        .find(|t| t.kind == k || t.name == k)
        .ok_or_else(|| {
            let kinds: Vec<String> = app
                .assets
                .sops
                .iter()
                .map(|(t, _)| format!("{} ({})", t.name, t.kind))
                .collect();
            Error::Data(msg!(
                "err.crisis.no_sop",
                kind = k,
                choices = kinds.join("、")
            ))
        })
}

/// How the actor stands to a case: `Own` for its opener and its students'
/// counsellors; else by its students' colleges (a case naming no student:
/// the college it was opened in).
pub(super) fn relation_of_case(app: &App, c: &CrisisCase) -> Relation {
    let me = app.actor.id;
    let own = c.opened_by == me || c.students.iter().any(|s| s.3 == Some(me));
    let colleges = if c.student_colleges.is_empty() {
        c.college_id.into_iter().collect()
    } else {
        c.student_colleges.clone()
    };
    relation_to(&app.actor, own, &colleges)
}

/// Whether the actor may see or work a case: as `Crisis` says, or, for a
/// case still open that was opened on duty, as the desk's
/// (`CrisisOnDuty`, asked only of someone keeping a shift now).
pub(super) fn may(app: &App, c: &CrisisCase, action: Action) -> bool {
    let rel = relation_of_case(app, c);
    allows(&app.actor, Kind::Crisis, action, rel)
        || (allows(&app.actor, Kind::CrisisOnDuty, action, rel)
            && super::crisis_desk::on_duty_now(app, c.id))
}

pub fn open_case(app: &mut App, i: &OpenInput) -> Result<i64> {
    if !allows(&app.actor, Kind::Crisis, Action::Edit, Relation::Own) {
        return Err(Error::Refused(msg!(
            "err.denied.crisis_open",
            login = &app.actor.login
        )));
    }
    // the case keeps the template as the school wrote it (Chinese titles);
    // it is shown in the reader's language
    let shown = template(app, &i.kind)?;
    let tpl = app
        .assets
        .stored_sops
        .iter()
        .find(|t| t.kind == shown.kind)
        .unwrap_or(shown)
        .clone();
    let conn = app.store.conn();
    let mut ids = Vec::new();
    let mut college = None;
    for no in &i.students {
        let id = students::id_by_number(conn, no.trim())?
            .ok_or_else(|| Error::Data(msg!("err.crisis.not_in_roster", no = no.trim())))?;
        if college.is_none() {
            college = students::by_id(conn, id)?.map(|s| s.college_id);
        }
        ids.push(id);
    }
    if let Some(e) = i.entry_id {
        crate::store::duty::entry(conn, e)?
            .ok_or_else(|| Error::Data(msg!("err.not_found.duty_entry", id = e)))?;
    }
    let unlisted: Vec<String> = i
        .unlisted
        .iter()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    let college = college.or(app.actor.college_id);
    // opened by an officer keeping a shift: the desk's while open
    let shift = crate::store::duty::open_shift_of(conn, app.actor.id)?.map(|s| s.id);
    let json_tpl = serde_json::to_string(&tpl)
        .map_err(|e| Error::Data(msg!("err.crisis.json", detail = e)))?;
    let (login, me, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let at = to_db(now);
    let opt = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    let (location, known) = (opt(&i.location), opt(&i.known));
    app.store.write(&login, now, |tx| {
        let id = cs::insert_case(
            tx,
            &NewCase {
                kind: &tpl.kind,
                template_version: &tpl.version,
                template: &json_tpl,
                opened_at: &at,
                opened_by: me,
                location: location.as_deref(),
                known: known.as_deref(),
                entry_id: i.entry_id,
                college_id: college,
                shift_id: shift,
                students: &ids,
            },
        )?;
        cs::insert_event(tx, id, &at, me, "open", None, known.as_deref())?;
        // a student not in the roster: by name, flagged for matching later
        for name in &unlisted {
            cs::insert_event(tx, id, &at, me, "note", Some(UNLISTED), Some(name))?;
        }
        Ok((
            id,
            vec![AuditEntry::new(
                "crisis.open",
                "crisis_case",
                Some(id.to_string()),
                json!({"kind": tpl.kind, "version": tpl.version, "students": ids.len(), "unlisted": unlisted.len(), "entry": i.entry_id}),
            )],
        ))
    })
}

/// A case as its reader sees it.
#[derive(Debug, Clone)]
pub struct CaseView {
    pub case: CrisisCase,
    pub template: Template,
    pub events: Vec<Event>,
    pub now: CaseNow,
    pub opened: DateTime<Utc>,
}

fn load(app: &App, id: i64) -> Result<(CrisisCase, Template, Vec<Event>)> {
    let c = cs::case(app.store.conn(), id)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.case", id = id)))?;
    if !may(app, &c, Action::View) {
        return Err(Error::Refused(msg!(
            "err.denied.crisis_view",
            login = &app.actor.login,
            id = id
        )));
    }
    with_record(app, c)
}

/// A case row with the template it was opened under and its events.
pub(super) fn with_record(app: &App, c: CrisisCase) -> Result<(CrisisCase, Template, Vec<Event>)> {
    with_record_of(app, c, &mut Templates::default())
}

/// Templates as a case stored them, parsed and in the reader's language,
/// by their stored text: a list of cases parses each template once, not
/// once a case.
#[derive(Default)]
pub(super) struct Templates(std::collections::HashMap<String, Template>);

/// [`with_record`], the template taken from (or parsed into) `seen`.
pub(super) fn with_record_of(
    app: &App,
    c: CrisisCase,
    seen: &mut Templates,
) -> Result<(CrisisCase, Template, Vec<Event>)> {
    let id = c.id;
    let tpl = template_of(app, &c, seen)?;
    let events = cs::events(app.store.conn(), id)?
        .into_iter()
        .filter_map(|(_, at, by_id, by, kind, step, text)| {
            Some(Event {
                at: from_db(&at)?,
                by,
                by_id,
                kind: EventKind::from_code(&kind)?,
                step,
                text,
            })
        })
        .collect();
    Ok((c, tpl, events))
}

/// The template a case was opened under, in the reader's language, from
/// (or parsed into) `seen`.
pub(super) fn template_of(app: &App, c: &CrisisCase, seen: &mut Templates) -> Result<Template> {
    if let Some(t) = seen.0.get(&c.template) {
        return Ok(t.clone());
    }
    let mut tpl: Template = serde_json::from_str(&c.template)
        .map_err(|e| Error::Data(msg!("err.crisis.bad_template", id = c.id, detail = e)))?;
    in_reader_language(app, &mut tpl);
    seen.0.insert(c.template.clone(), tpl.clone());
    Ok(tpl)
}

/// Step titles and phase names of a case's template in the reader's
/// language: those of the template in force for its kind, by key (a step
/// the current template no longer has keeps its stored title).
fn in_reader_language(app: &App, tpl: &mut Template) {
    if app.assets.lang == crate::config::Lang::ZhCn {
        return;
    }
    let Some((shown, _)) = app.assets.sops.iter().find(|(t, _)| t.kind == tpl.kind) else {
        return;
    };
    for s in &mut tpl.steps {
        if let Some(x) = shown.steps.iter().find(|x| x.key == s.key) {
            s.title = x.title.clone();
        }
    }
    for p in &mut tpl.phases {
        if let Some(x) = shown.phases.iter().find(|x| x.key == p.key) {
            p.name = x.name.clone();
        }
    }
}

/// Where a case stands now.
pub(super) fn state_of(app: &App, case: &CrisisCase, tpl: &Template, events: &[Event]) -> CaseNow {
    let now = app.now();
    case_now(tpl, from_db(&case.opened_at).unwrap_or(now), events, now)
}

/// A case the actor may work and that is still open: its template and state.
fn workable(app: &App, id: i64) -> Result<(Template, CaseNow)> {
    let (case, tpl, events) = load(app, id)?;
    if !may(app, &case, Action::Edit) {
        return Err(Error::Refused(msg!(
            "err.denied.crisis_work",
            login = &app.actor.login,
            id = id
        )));
    }
    let state = state_of(app, &case, &tpl, &events);
    if state.closed {
        return Err(Error::Data(msg!("err.crisis.closed", id = id)));
    }
    Ok((tpl, state))
}

/// "title (key), …" of steps.
fn step_names(steps: &[&crate::domain::crisis::StepNow]) -> String {
    steps
        .iter()
        .map(|s| format!("“{}”", s.step.title))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads a case for the screen already showing it, after an action there
/// (the action is in the audit log itself): access is asked again, no new
/// view is logged. Opening a case is [`view`].
pub fn reread(app: &mut App, id: i64) -> Result<CaseView> {
    let (case, template, events) = load(app, id)?;
    Ok(as_view(app, case, template, events))
}

fn as_view(app: &App, case: CrisisCase, template: Template, events: Vec<Event>) -> CaseView {
    let opened = from_db(&case.opened_at).unwrap_or(app.now());
    let state = state_of(app, &case, &template, &events);
    CaseView {
        case,
        template,
        events,
        now: state,
        opened,
    }
}

/// Opens a case: audit-logged once per opening (who looked, when, and how
/// many phone numbers came with it — see [`super::crisis_contacts`]).
pub fn view(app: &mut App, id: i64) -> Result<CaseView> {
    let (case, template, events) = load(app, id)?;
    // the phone numbers shown with it (to those who may act on the case)
    let numbers = super::crisis_contacts::shown_with(app, &case)?;
    let (login, now) = (app.actor.login.clone(), app.now());
    app.store.write(&login, now, |_| {
        Ok((
            (),
            vec![AuditEntry::new(
                "crisis.view",
                "crisis_case",
                Some(id.to_string()),
                json!({"numbers": numbers}),
            )],
        ))
    })?;
    Ok(as_view(app, case, template, events))
}

fn record(
    app: &mut App,
    id: i64,
    kind: EventKind,
    step: Option<&str>,
    text: Option<&str>,
) -> Result<()> {
    record_if(app, id, kind, step, text, |_| Ok(()))
}

/// Appends an event and its audit entry in one write, once `check` (run
/// inside that write) has found nothing against it.
fn record_if(
    app: &mut App,
    id: i64,
    kind: EventKind,
    step: Option<&str>,
    text: Option<&str>,
    check: impl FnOnce(&rusqlite::Connection) -> Result<()>,
) -> Result<()> {
    let (login, me, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let at = to_db(now);
    app.store.write(&login, now, |tx| {
        check(tx)?;
        let e = cs::insert_event(tx, id, &at, me, kind.code(), step, text)?;
        Ok((
            (),
            vec![AuditEntry::new(
                &format!("crisis.{}", kind.code()),
                "crisis_case",
                Some(id.to_string()),
                json!({"event": e, "step": step}),
            )],
        ))
    })
}

/// Sets or changes the risk level, with the reason.
pub fn set_level(app: &mut App, id: i64, level: &str, reason: &str) -> Result<()> {
    let key = app
        .assets
        .crisis
        .level(level.trim())
        .map(|l| l.key.clone())
        .ok_or_else(|| {
            let names: Vec<String> = app
                .assets
                .crisis
                .levels
                .iter()
                .map(|l| format!("{} {}", l.key, l.name))
                .collect();
            Error::Data(msg!(
                "err.crisis.bad_level",
                level = level.trim(),
                choices = names.join("、")
            ))
        })?;
    act(app, id, EventKind::Level, Some(&key), Some(reason))
}

/// Records a C-SSRS screen (answers to the questions asked, in order) and
/// returns the risk it suggests and the level configured for it; the staff
/// member then confirms or overrides the level with [`set_level`].
pub fn screen(
    app: &mut App,
    id: i64,
    answers: &[Option<bool>; 6],
    recent: bool,
) -> Result<(Risk, Option<String>)> {
    let risk = cssrs_risk(answers, recent)
        .ok_or_else(|| Error::Data(Msg::new("err.crisis.screen_incomplete")))?;
    let text = crate::domain::cssrs::record_text(answers, recent, risk);
    act(app, id, EventKind::Screen, None, Some(&text))?;
    Ok((
        risk,
        app.assets.crisis.level_for(risk).map(|l| l.key.clone()),
    ))
}

/// Closes a phase (the acute one starts aftercare and sets the review's
/// clock); refused while a required step of it is unsettled.
pub fn close_phase(app: &mut App, id: i64, phase: &str) -> Result<()> {
    let (tpl, state) = workable(app, id)?;
    if !tpl.phases.iter().any(|p| p.key == phase) {
        return Err(Error::Data(msg!("err.crisis.no_phase", phase = phase)));
    }
    if state.phase_closed.contains_key(phase) {
        let name = tpl
            .phases
            .iter()
            .find(|p| p.key == phase)
            .map_or(phase, |p| p.name.as_str());
        return Err(Error::Data(msg!("err.crisis.phase_closed", phase = name)));
    }
    let open = state.unsettled(Some(phase));
    if !open.is_empty() {
        return Err(Error::Data(msg!(
            "err.crisis.phase_open_steps",
            steps = step_names(&open)
        )));
    }
    record(app, id, EventKind::PhaseClosed, Some(phase), None)
}

/// Closes the case: only when every required step is settled.
pub fn close_case(app: &mut App, id: i64, outcome: &str) -> Result<()> {
    let (_, state) = workable(app, id)?;
    let open = state.unsettled(None);
    if !open.is_empty() {
        return Err(Error::Data(msg!(
            "err.crisis.case_open_steps",
            steps = step_names(&open)
        )));
    }
    if outcome.trim().is_empty() {
        return Err(Error::Data(Msg::new("err.crisis.need_outcome")));
    }
    record(app, id, EventKind::Close, None, Some(outcome.trim()))
}

/// The cases the actor may see, newest first (opened in the last year).
pub fn list(app: &App) -> Result<Vec<CrisisCase>> {
    let now = app.now();
    let from = to_db(now - chrono::Duration::days(366));
    Ok(cs::cases_between(
        app.store.conn(),
        &from,
        &to_db(now + chrono::Duration::days(1)),
    )?
    .into_iter()
    .filter(|c| may(app, c, Action::View))
    .collect())
}

/// Tonight's leader on call: the open shift's, else the roster's, with the
/// phone number when the leader is registered staff; `None` when neither
/// names one. A database error is an error, not "no leader".
pub fn leader_on_call(app: &App) -> Result<Option<String>> {
    let night = super::duty::duty_date(app.now(), app.assets.calendar.utc_offset_hours);
    let shift = crate::store::duty::open_shift_of(app.store.conn(), app.actor.id)?;
    let name = match shift.and_then(|s| s.leader) {
        Some(l) => Some(l),
        None => crate::store::duty::roster_between(
            app.store.conn(),
            &night.to_string(),
            &night.to_string(),
        )?
        .into_iter()
        .find_map(|r| r.leader),
    };
    let Some(name) = name else {
        return Ok(None);
    };
    let phone = crate::store::org::all_staff(app.store.conn())?
        .into_iter()
        .find(|s| s.name == name || s.login == name)
        .and_then(|s| s.phone);
    Ok(Some(match phone {
        Some(p) => format!("{name} {p}"),
        None => name,
    }))
}

/// A scheduled review: (case id, kind name, students, due).
pub type ReviewDue = (i64, String, String, DateTime<Utc>);

/// Open crisis cases the actor may see whose review (复盘) is scheduled.
/// Shown in 待办 (`crisis.review`).
pub fn reviews_due(app: &App) -> Result<Vec<ReviewDue>> {
    Ok(reviews_due_in(app, list(app)?))
}

/// The scheduled reviews among cases already listed by [`list`].
pub fn reviews_due_in(app: &App, cases: Vec<CrisisCase>) -> Vec<ReviewDue> {
    let mut out = Vec::new();
    for c in cases {
        let Ok((case, tpl, events)) = with_record(app, c) else {
            continue;
        };
        let state = state_of(app, &case, &tpl, &events);
        if state.closed {
            continue;
        }
        if let Some(s) = state
            .steps
            .iter()
            .find(|s| s.step.key == "review" && s.state == StepState::Open)
            && let Some(d) = s.due
        {
            let names: Vec<String> = case.students.iter().map(|s| s.2.clone()).collect();
            out.push((case.id, tpl.name.clone(), names.join("、"), d));
        }
    }
    out
}
