//! 督办: a leader presses a counsellor about one 待办 item instead of
//! typing anything. The reminder is recorded (who, when, which item, a
//! note), shown at the top of the counsellor's 待办 and marked in the
//! leader's drill-down, and closed when the compliance engine no longer
//! lists the item (met) or by the counsellor (done). Every write is
//! audit-logged in its own transaction.

use serde::Serialize;
use serde_json::json;

use super::App;
use super::compliance::FindingOut;
use super::policy::{Action, Kind, Relation, allows};
use crate::domain::clock::{from_db, school_tz, to_db};
use crate::domain::staff::{Role, Staff};
use crate::error::{Error, Result};
use crate::msg;
use crate::store::reminders::{self as st, NewReminder, ReminderRow};
use crate::store::{AuditEntry, org};

/// An open reminder as the screens show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reminder {
    pub id: i64,
    /// The leader who pressed.
    pub by: String,
    /// School-local time, `MM-DD HH:MM`.
    pub at: String,
    pub rule: String,
    pub subject: String,
    pub student_no: Option<String>,
    pub class: Option<String>,
    pub building: Option<String>,
    pub note: Option<String>,
}

impl Reminder {
    /// Is this reminder about `line`?
    pub fn is_about(&self, line: &FindingOut) -> bool {
        self.rule == line.rule && self.subject == line.subject
    }

    /// The 待办 line the reminder stands for (its state `pressed`).
    pub fn as_line(&self) -> FindingOut {
        FindingOut {
            rule: self.rule.clone(),
            title: String::new(),
            state: "pressed",
            subject: self.subject.clone(),
            student_no: self.student_no.clone(),
            class: self.class.clone(),
            due: None,
            detail: self.note.clone().unwrap_or_default(),
            building: self.building.clone(),
        }
    }
}

fn shown(app: &App, r: ReminderRow) -> Reminder {
    let offset = app.assets.calendar.utc_offset_hours;
    let at = from_db(&r.pressed_at)
        .map(|t| {
            t.with_timezone(&school_tz(offset))
                .format("%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or(r.pressed_at);
    Reminder {
        id: r.id,
        by: r.pressed_by,
        at,
        rule: r.rule,
        subject: r.subject,
        student_no: r.student_no,
        class: r.class,
        building: r.building,
        note: r.note,
    }
}

/// The counsellor by login, if the actor may see their 待办 as a leader.
fn counsellor_for_leader(app: &App, login: &str) -> Result<Staff> {
    let target = org::staff_by_login(app.store.conn(), login)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.staff", login = login)))?;
    let rel = match (app.actor.college_id, target.college_id) {
        (None, _) => Relation::InScope,
        (Some(a), Some(b)) if a == b => Relation::InScope,
        _ => Relation::Outside,
    };
    if !app.actor.has(Role::Leader)
        || target.id == app.actor.id
        || !target.has(Role::Counsellor)
        || !allows(&app.actor, Kind::Compliance, Action::View, rel)
    {
        return Err(Error::Refused(msg!(
            "err.denied.press",
            login = &app.actor.login,
            target = login
        )));
    }
    Ok(target)
}

/// May the actor press at all (a leader)?
pub fn may_press(app: &App) -> bool {
    app.actor.has(Role::Leader)
        && allows(
            &app.actor,
            Kind::Compliance,
            Action::View,
            Relation::InScope,
        )
}

/// The leader presses counsellor `login` about `line`. Refused when the
/// same item is already pressed and open.
pub fn press(app: &mut App, login: &str, line: &FindingOut, note: Option<&str>) -> Result<i64> {
    let target = counsellor_for_leader(app, login)?;
    if line.state == "met" || line.rule.is_empty() || line.rule == "crisis.review" {
        return Err(Error::Data(msg!("err.press.not_item")));
    }
    let open = st::open_for(app.store.conn(), target.id)?;
    if open
        .iter()
        .any(|r| r.rule == line.rule && r.subject == line.subject)
    {
        return Err(Error::Data(msg!("err.press.already", name = &target.name)));
    }
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let (actor, by, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let at = to_db(now);
    app.store.write(&actor, now, |tx| {
        let id = st::insert(
            tx,
            &NewReminder {
                counsellor_id: target.id,
                pressed_by: by,
                pressed_at: &at,
                rule: &line.rule,
                subject: &line.subject,
                student_no: line.student_no.as_deref(),
                class: line.class.as_deref(),
                building: line.building.as_deref(),
                note,
            },
        )?;
        Ok((
            id,
            vec![AuditEntry::new(
                "todo.press",
                "reminder",
                Some(id.to_string()),
                json!({"counsellor": target.login, "rule": line.rule, "subject": line.subject, "note": note}),
            )],
        ))
    })
}

/// The open reminders to `counsellor` (the actor's own when `None`), after
/// closing those whose item `lines` no longer lists (the engine found it
/// met). `lines` must be the counsellor's full 待办, unfiltered.
pub fn sync(
    app: &mut App,
    counsellor: Option<&str>,
    lines: &[FindingOut],
) -> Result<Vec<Reminder>> {
    let target = match counsellor {
        Some(l) if l != app.actor.login => counsellor_for_leader(app, l)?,
        _ => app.actor.clone(),
    };
    let open = st::open_for(app.store.conn(), target.id)?;
    let (met, still): (Vec<ReminderRow>, Vec<ReminderRow>) = open.into_iter().partition(|r| {
        !lines
            .iter()
            .any(|l| l.rule == r.rule && l.subject == r.subject && l.state != "met")
    });
    if !met.is_empty() {
        let (actor, by, now) = (app.actor.login.clone(), app.actor.id, app.now());
        let at = to_db(now);
        app.store.write(&actor, now, |tx| {
            let mut audit = Vec::new();
            for r in &met {
                if st::close(tx, r.id, by, &at, "met")? {
                    audit.push(AuditEntry::new(
                        "todo.press_met",
                        "reminder",
                        Some(r.id.to_string()),
                        json!({"rule": r.rule, "subject": r.subject}),
                    ));
                }
            }
            Ok(((), audit))
        })?;
    }
    Ok(still.into_iter().map(|r| shown(app, r)).collect())
}

/// The counsellor marks a reminder to them done.
pub fn done(app: &mut App, id: i64) -> Result<()> {
    let me = app.actor.id;
    let open = st::open_for(app.store.conn(), me)?;
    let Some(r) = open.into_iter().find(|r| r.id == id) else {
        return Err(Error::Data(msg!("err.press.not_open", id = id)));
    };
    let (actor, now) = (app.actor.login.clone(), app.now());
    let at = to_db(now);
    app.store.write(&actor, now, |tx| {
        st::close(tx, r.id, me, &at, "done")?;
        Ok((
            (),
            vec![AuditEntry::new(
                "todo.press_done",
                "reminder",
                Some(r.id.to_string()),
                json!({"rule": r.rule, "subject": r.subject}),
            )],
        ))
    })
}
