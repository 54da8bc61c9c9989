//! Settling a step — done, skipped or not applicable — once, whoever
//! presses at the same moment; and taking it back within the window.

use super::*;

/// Records a step done, skipped or not applicable — once. Asked again
/// inside the write: of several people pressing "done" at the same moment
/// one records it, and the others are told who did and when.
pub(super) fn record_settling(
    app: &mut App,
    id: i64,
    kind: EventKind,
    step: &str,
    title: &str,
    text: Option<&str>,
) -> Result<()> {
    let offset = app.assets.calendar.utc_offset_hours;
    record_if(app, id, kind, Some(step), text, |tx| {
        // the step's own events only
        let events = cs::step_events(tx, id, step)?;
        // the step's standing settling: the last "done", "skip" or "n.a."
        // not withdrawn after it
        let mut standing = None;
        for e in &events {
            match EventKind::from_code(&e.4) {
                Some(EventKind::Done | EventKind::Skipped | EventKind::NotApplicable) => {
                    standing = Some(e)
                }
                Some(EventKind::Withdrawn) => standing = None,
                _ => {}
            }
        }
        if let Some((_, when, _, who, code, _, _)) = standing {
            let when = from_db(when)
                .map(|t| {
                    t.with_timezone(&school_tz(offset))
                        .format("%m-%d %H:%M")
                        .to_string()
                })
                .unwrap_or_else(|| when.clone());
            return Err(Error::Data(
                msg!("err.crisis.settled_by", title = title, who = who, at = when)
                    .label("state", format!("crisis.state_{code}")),
            ));
        }
        if cs::is_closed(tx, id)? {
            return Err(Error::Data(msg!("err.crisis.closed", id = id)));
        }
        Ok(())
    })
}

/// Withdraws a step's "done", "skip" or "n.a." — only its author, only
/// within the window `crisis.toml` sets (`withdraw_minutes`, 10 by
/// default). The withdrawal is appended (the step is open again); the
/// event withdrawn stays in the record and the report.
pub fn withdraw(app: &mut App, id: i64, step: &str) -> Result<()> {
    // the case's row, the template's step and that step's own events: not
    // the whole case
    let case = super::act::workable_case(app, id)?;
    let tpl = template_of(app, &case, &mut Templates::default())?;
    let Some(st) = tpl.steps.iter().find(|x| x.key == step) else {
        return Err(Error::Data(msg!(
            "err.crisis.no_step",
            step = step,
            choices = ""
        )));
    };
    let title = st.title.clone();
    // the step's standing settling (as the case's state reads it): the last
    // "done", "skip" or "n.a." not withdrawn after it
    let mut standing: Option<(DateTime<Utc>, i64, String)> = None;
    for (_, at, by, _, code, _, _) in cs::step_events(app.store.conn(), id, step)? {
        let Some(at) = from_db(&at) else { continue };
        match EventKind::from_code(&code) {
            Some(EventKind::Done | EventKind::Skipped | EventKind::NotApplicable) => {
                standing = Some((at, by, code))
            }
            Some(EventKind::Withdrawn) => standing = None,
            _ => {}
        }
    }
    let Some((at, by, what)) = standing else {
        return Err(Error::Data(msg!(
            "err.crisis.withdraw_nothing",
            title = &title
        )));
    };
    if by != app.actor.id {
        return Err(Error::Refused(msg!(
            "err.crisis.withdraw_not_yours",
            title = &title
        )));
    }
    let window = app.assets.crisis.withdraw_window();
    if app.now() - at > window {
        return Err(Error::Data(msg!(
            "err.crisis.withdraw_too_late",
            title = &title,
            minutes = window.num_minutes()
        )));
    }
    record_if(
        app,
        id,
        EventKind::Withdrawn,
        Some(step),
        Some(&what),
        |tx| {
            // asked again inside the write: still settled
            let events = cs::step_events(tx, id, step)?;
            let last = events.last();
            match last.and_then(|e| EventKind::from_code(&e.4)) {
                Some(EventKind::Done | EventKind::Skipped | EventKind::NotApplicable) => Ok(()),
                _ => Err(Error::Data(msg!(
                    "err.crisis.withdraw_nothing",
                    title = &title
                ))),
            }
        },
    )
}
