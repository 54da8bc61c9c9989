//! A shift's desk and its leader on call: one open shift per desk (taking
//! over names who is there and closes their shift with a note), where and
//! with which leader a shift opens (from the roster, else named), the
//! leader changed during the shift, and the numbers to call.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::json;

use super::App;
use super::duty::Opened;
use super::policy::{Action, Kind, Relation, allows};
use crate::domain::clock::{from_db, school_tz, to_db};
use crate::domain::duty::{TimeProblem, check_typed_time, duty_date};
use crate::domain::search::{name_keys, normalize_query};
use crate::domain::staff::{Role, Staff};
use crate::error::{Error, Msg, Result};
use crate::msg;
use crate::store::duty::{self, DutyShift, RosterDay};
use crate::store::{AuditEntry, org};

fn allowed(app: &App) -> Result<()> {
    if allows(&app.actor, Kind::Duty, Action::Edit, Relation::Outside) {
        Ok(())
    } else {
        Err(Error::Refused(msg!(
            "err.denied.duty_officer",
            login = &app.actor.login
        )))
    }
}

/// A stored time as the desk reads it: `11-21 17:05`, school time.
pub fn local_when(app: &App, at: &str) -> String {
    when_at(app.assets.calendar.utc_offset_hours, at)
}

fn when_at(offset: i32, at: &str) -> String {
    let tz = school_tz(offset);
    from_db(at)
        .map(|t| t.with_timezone(&tz).format("%m-%d %H:%M").to_string())
        .unwrap_or_else(|| at.to_string())
}

fn local_hm(app: &App, t: DateTime<Utc>) -> String {
    let tz = school_tz(app.assets.calendar.utc_offset_hours);
    t.with_timezone(&tz).format("%H:%M").to_string()
}

/// Where and with whom a shift opened now would stand: the actor's
/// roster row tonight, else the desk of a shift handed to the actor in
/// the last day, else tonight's roster, else the last shift's. `None` where nothing says.
pub fn defaults(app: &App) -> Result<(Option<String>, Option<String>)> {
    let conn = app.store.conn();
    let night = duty_date(app.now(), app.assets.calendar.utc_offset_hours).to_string();
    let rows = duty::roster_between(conn, &night, &night)?;
    let mine = rows.iter().find(|r| r.officer_id == app.actor.id);
    // a shift handed to the actor in the last day: its desk
    let since = to_db(app.now() - Duration::hours(24));
    let handed = duty::handed_to(conn, app.actor.id, &since)?;
    let location = mine
        .and_then(|r| r.location.clone())
        .or_else(|| handed.as_ref().and_then(|s| s.location.clone()))
        .or_else(|| rows.iter().find_map(|r| r.location.clone()));
    let last = duty::last_closed(conn, location.as_deref())?;
    let location = location.or_else(|| last.as_ref().and_then(|s| s.location.clone()));
    let leader = mine
        .and_then(|r| r.leader.clone())
        .or_else(|| {
            rows.iter()
                .filter(|r| location.is_none() || r.location == location)
                .find_map(|r| r.leader.clone())
        })
        .or_else(|| last.and_then(|s| s.leader));
    Ok((location, leader))
}

/// [`defaults`] for a shift at `location` (given or defaulted): the
/// leader of the shift open there (one taking over keeps its leader).
fn defaults_at(app: &App, location: Option<&str>) -> Result<(Option<String>, Option<String>)> {
    let (d_location, d_leader) = defaults(app)?;
    let location = location.map(str::to_string).or(d_location);
    let held = match &location {
        Some(l) => duty::open_at_desk(app.store.conn(), l)?.and_then(|s| s.leader),
        None => None,
    };
    Ok((location, held.or(d_leader)))
}

/// The leaders (by name), for the open form's picker.
pub fn leaders(app: &App) -> Result<Vec<Staff>> {
    Ok(org::all_staff(app.store.conn())?
        .into_iter()
        .filter(|s| s.has(Role::Leader))
        .collect())
}

/// The staff member with `role` meant by `typed`: a login, a name, or its
/// pinyin (full or initials, `liuy`, `ly`); refused when none or several
/// match, naming who may be meant.
pub fn find_staff(app: &App, typed: &str, role: Role) -> Result<Staff> {
    let t = typed.trim();
    let all: Vec<Staff> = org::all_staff(app.store.conn())?
        .into_iter()
        .filter(|s| s.has(role))
        .collect();
    if let Some(s) = all.iter().find(|s| s.login == t || s.name == t) {
        return Ok(s.clone());
    }
    let q = normalize_query(t);
    let hits: Vec<&Staff> = if q.is_empty() {
        Vec::new()
    } else {
        let exact: Vec<&Staff> = all
            .iter()
            .filter(|s| name_keys(&s.name).contains(&q))
            .collect();
        if exact.is_empty() {
            all.iter()
                .filter(|s| {
                    s.name.contains(t)
                        || s.login.starts_with(&q)
                        || name_keys(&s.name).iter().any(|k| k.starts_with(&q))
                })
                .collect()
        } else {
            exact
        }
    };
    let names = |v: &[&Staff]| {
        v.iter()
            .map(|s| format!("{} ({})", s.name, s.login))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match hits.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::Data(
            msg!(
                "err.duty.no_such_person",
                typed = t,
                who = names(&all.iter().collect::<Vec<_>>())
            )
            .label("role", role.i18n_key()),
        )),
        many => Err(Error::Data(msg!(
            "err.duty.which_person",
            typed = t,
            who = names(many)
        ))),
    }
}

/// A take-over: the note, and the shift it was written about (the one
/// the officer saw at the desk when the form opened; `None` from the
/// command line, which asks and acts at once).
#[derive(Debug, Clone, Copy)]
pub struct TakeOver<'a> {
    pub note: &'a str,
    pub of_shift: Option<i64>,
}

/// Opens the actor's shift at a desk. Someone else's shift still open
/// there is named and refused, unless `take_over` (a note) is given: then
/// it is closed with that note, handed to the actor, both in one
/// transaction (checked inside it, so two sessions opening at once cannot
/// both get the desk). A note written about one officer never takes the
/// desk from another who took it meanwhile: that is refused, naming who
/// is there now.
pub fn open(
    app: &mut App,
    location: Option<&str>,
    leader: Option<&str>,
    take_over: Option<TakeOver<'_>>,
) -> Result<Opened> {
    allowed(app)?;
    if let Some(s) = duty::open_shift_of(app.store.conn(), app.actor.id)? {
        return Err(Error::Data(msg!(
            "err.duty.already_open",
            opened = local_when(app, &s.opened_at)
        )));
    }
    let given = location.map(str::trim).filter(|l| !l.is_empty());
    let (d_location, d_leader) = defaults_at(app, given)?;
    let location = d_location.ok_or_else(|| Error::Data(Msg::new("err.duty.need_location")))?;
    let leader = match leader.map(str::trim).filter(|l| !l.is_empty()) {
        Some(typed) => find_staff(app, typed, Role::Leader)?.name,
        None => d_leader.ok_or_else(|| {
            Error::Data(msg!(
                "err.duty.need_leader_open",
                who = leaders(app)
                    .unwrap_or_default()
                    .iter()
                    .map(|s| s.name.clone())
                    .collect::<Vec<_>>()
                    .join("、")
            ))
        })?,
    };
    let note = take_over.map(|t| t.note.trim()).filter(|n| !n.is_empty());
    let of_shift = take_over.and_then(|t| t.of_shift);
    if take_over.is_some() && note.is_none() {
        return Err(Error::Data(Msg::new("err.duty.take_over_note")));
    }
    let (login, staff, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let at = to_db(now);
    let offset = app.assets.calendar.utc_offset_hours;
    let mut took_over = None;
    let id = app.store.write(&login, now, |tx| {
        let mut audit = Vec::new();
        // asked again inside the transaction: another session may have
        // opened here since
        if let Some(other) = duty::open_at_desk(tx, &location)? {
            let Some(note) = note else {
                return Err(Error::Data(msg!(
                    "err.duty.desk_taken",
                    officer = &other.officer,
                    location = other.location.as_deref().unwrap_or(&location),
                    opened = when_at(offset, &other.opened_at)
                )));
            };
            if of_shift.is_some_and(|id| id != other.id) {
                return Err(Error::Data(msg!(
                    "err.duty.desk_changed",
                    officer = &other.officer,
                    opened = when_at(offset, &other.opened_at)
                )));
            }
            took_over = Some(other.officer.clone());
            duty::close_shift(tx, other.id, note, Some(staff), &at)?;
            audit.push(AuditEntry::new(
                "shift.take_over",
                "shift",
                Some(other.id.to_string()),
                json!({"officer": other.officer, "location": location, "note": note}),
            ));
        }
        let id = duty::insert_shift(tx, staff, Some(&location), Some(&leader), &at)?;
        audit.push(AuditEntry::new(
            "shift.open",
            "shift",
            Some(id.to_string()),
            json!({"location": location, "leader": leader}),
        ));
        Ok((id, audit))
    })?;
    let conn = app.store.conn();
    Ok(Opened {
        shift_id: id,
        took_over,
        last: duty::last_closed(conn, Some(&location))?,
        pending: duty::pending_items(conn, Some(&location))?,
    })
}

/// Names the leader on call of the actor's open shift (`shift.leader`,
/// the one before kept in the audit row). Returns the leader's name.
pub fn set_leader(app: &mut App, typed: &str) -> Result<String> {
    allowed(app)?;
    let shift = super::duty::my_shift(app)?;
    if typed.trim().is_empty() {
        return Err(Error::Data(Msg::new("err.duty.need_leader")));
    }
    let name = find_staff(app, typed, Role::Leader)?.name;
    let (login, now) = (app.actor.login.clone(), app.now());
    let before = shift.leader.clone();
    app.store.write(&login, now, |tx| {
        duty::set_leader(tx, shift.id, &name)?;
        Ok((
            (),
            vec![AuditEntry::new(
                "shift.leader",
                "shift",
                Some(shift.id.to_string()),
                json!({"from": before, "to": name}),
            )],
        ))
    })?;
    Ok(name)
}

/// A person to call, the phone as the actor may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callee {
    pub name: String,
    pub phone: Option<String>,
}

/// Whether the actor sees staff phone numbers in full: those who keep
/// the desk (they call the leader) and the leaders; others see them
/// masked.
pub fn sees_staff_phones(app: &App) -> bool {
    allows(&app.actor, Kind::Duty, Action::Edit, Relation::Outside)
        || (allows(&app.actor, Kind::Duty, Action::View, Relation::Outside)
            && allows(
                &app.actor,
                Kind::DutySensitive,
                Action::View,
                Relation::InScope,
            ))
}

fn callee(app: &App, s: &Staff) -> Callee {
    let full = sees_staff_phones(app);
    Callee {
        name: s.name.clone(),
        phone: s.phone.as_ref().map(|p| {
            if full {
                p.clone()
            } else {
                crate::domain::phone::mask(p)
            }
        }),
    }
}

/// The phone of the staff member named `name` (as a roster names a
/// leader), as the actor may see it.
pub fn phone_of(app: &App, name: &str) -> Result<Option<String>> {
    Ok(org::all_staff(app.store.conn())?
        .iter()
        .find(|s| s.name == name || s.login == name)
        .and_then(|s| callee(app, s).phone))
}

/// Who an escalation goes to: the leader on call of the actor's shift
/// (name, phone), and the leaders of the college of the students entry
/// `entry` names (else of the actor's college).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OnCall {
    pub leader: Option<Callee>,
    pub college_leaders: Vec<Callee>,
}

pub fn on_call(app: &App, entry: Option<i64>) -> Result<OnCall> {
    let conn = app.store.conn();
    let all = org::all_staff(conn)?;
    let shift = duty::open_shift_of(conn, app.actor.id)?;
    let leader = shift.and_then(|s| s.leader).map(|name| {
        all.iter()
            .find(|s| s.name == name || s.login == name)
            .map(|s| callee(app, s))
            .unwrap_or(Callee { name, phone: None })
    });
    let mut colleges: Vec<i64> = match entry {
        Some(id) => duty::entry_scopes(conn, id)?
            .into_iter()
            .map(|(c, _)| c)
            .collect(),
        None => Vec::new(),
    };
    if colleges.is_empty() {
        colleges.extend(app.actor.college_id);
    }
    let college_leaders = all
        .iter()
        .filter(|s| s.has(Role::Leader))
        .filter(|s| s.college_id.is_some_and(|c| colleges.contains(&c)))
        .filter(|s| leader.as_ref().is_none_or(|l| l.name != s.name))
        .map(|s| callee(app, s))
        .collect();
    Ok(OnCall {
        leader,
        college_leaders,
    })
}

/// When a shift should have been handed over: 08:00 school time after
/// the night it opened in.
pub fn rostered_end(app: &App, opened: DateTime<Utc>) -> DateTime<Utc> {
    let offset = app.assets.calendar.utc_offset_hours;
    let night = duty_date(opened, offset) + Duration::days(1);
    let tz = school_tz(offset);
    night
        .and_hms_opt(8, 0, 0)
        .and_then(|t| t.and_local_timezone(tz).single())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(opened + Duration::hours(16))
}

/// Whether a shift is still open past its rostered end.
pub fn is_stale(app: &App, s: &DutyShift) -> bool {
    s.closed_at.is_none() && from_db(&s.opened_at).is_some_and(|o| app.now() > rostered_end(app, o))
}

/// What leaders are told about the desk: shifts open past their end, and
/// roster nights of the last week no shift was opened for.
#[derive(Debug, Clone, Default)]
pub struct DeskAlerts {
    pub stale: Vec<DutyShift>,
    pub unopened: Vec<RosterDay>,
}

impl DeskAlerts {
    pub fn is_empty(&self) -> bool {
        self.stale.is_empty() && self.unopened.is_empty()
    }
}

/// How many past nights [`alerts`] looks back over.
pub const LOOK_BACK_DAYS: i64 = 7;

pub fn alerts(app: &App) -> Result<DeskAlerts> {
    if !allows(&app.actor, Kind::Duty, Action::View, Relation::InScope) {
        return Err(Error::Refused(msg!(
            "err.denied.roster_read",
            login = &app.actor.login
        )));
    }
    let conn = app.store.conn();
    let offset = app.assets.calendar.utc_offset_hours;
    let stale = duty::open_shifts(conn)?
        .into_iter()
        .filter(|s| is_stale(app, s))
        .collect();
    let tonight = duty_date(app.now(), offset);
    let from: NaiveDate = tonight - Duration::days(LOOK_BACK_DAYS);
    let to = tonight - Duration::days(1);
    let roster = duty::roster_between(conn, &from.to_string(), &to.to_string())?;
    let since = to_db(app.now() - Duration::days(LOOK_BACK_DAYS + 2));
    let nights: Vec<String> = duty::shifts_between(conn, &since, "9999")?
        .iter()
        .filter_map(|s| from_db(&s.opened_at))
        .map(|t| duty_date(t, offset).to_string())
        .collect();
    let unopened = roster
        .into_iter()
        .filter(|r| !nights.contains(&r.date))
        .collect();
    Ok(DeskAlerts { stale, unopened })
}

/// A time typed for an entry or an escalation, checked against the
/// actor's shift and worded with the times: "23:40 is later than now
/// (23:00)", "16:00 is earlier than the shift opened at 21:00".
pub fn check_typed(app: &App, typed: &str, at: DateTime<Utc>) -> Result<()> {
    let shift = super::duty::my_shift(app)?;
    let now = app.now();
    let opened = from_db(&shift.opened_at).unwrap_or(now);
    check_typed_time(typed, at, opened, now).map_err(|p| Error::Data(time_msg(app, p, at, opened)))
}

/// What is wrong with a time, naming it, now and the shift's opening.
pub fn time_msg(app: &App, p: TimeProblem, at: DateTime<Utc>, opened: DateTime<Utc>) -> Msg {
    let (at, now, opened) = (
        local_hm(app, at),
        local_hm(app, app.now()),
        local_hm(app, opened),
    );
    match p {
        TimeProblem::Future => msg!("err.duty.time_future", at = at, now = now),
        TimeProblem::BeforeShift => msg!("err.duty.time_before_shift", at = at, opened = opened),
    }
}

/// Who holds the desk a shift opened now would stand at (`location`, or
/// the default one): their shift, if someone does.
pub fn occupant(app: &App, location: Option<&str>) -> Result<Option<DutyShift>> {
    let location = match location.map(str::trim).filter(|l| !l.is_empty()) {
        Some(l) => Some(l.to_string()),
        None => defaults(app)?.0,
    };
    Ok(match location {
        Some(l) => duty::open_at_desk(app.store.conn(), &l)?,
        None => None,
    })
}

/// The officer the roster has on the night after the actor's shift
/// (login, name): the handover form's default.
pub fn next_on_roster(app: &App) -> Result<Option<(String, String)>> {
    let offset = app.assets.calendar.utc_offset_hours;
    let shift = super::duty::my_shift(app)?;
    let opened = from_db(&shift.opened_at).unwrap_or(app.now());
    let next = (duty_date(opened, offset) + Duration::days(1)).to_string();
    let conn = app.store.conn();
    let row = duty::roster_between(conn, &next, &next)?
        .into_iter()
        .find(|r| shift.location.is_none() || r.location.is_none() || r.location == shift.location);
    Ok(match row {
        Some(r) => org::all_staff(conn)?
            .into_iter()
            .find(|s| s.id == r.officer_id)
            .map(|s| (s.login, s.name)),
        None => None,
    })
}

/// Every shift open now (for those who read the duty log).
pub fn open_now(app: &App) -> Result<Vec<DutyShift>> {
    if !allows(&app.actor, Kind::Duty, Action::View, Relation::InScope) {
        return Err(Error::Refused(msg!(
            "err.denied.roster_read",
            login = &app.actor.login
        )));
    }
    duty::open_shifts(app.store.conn())
}
