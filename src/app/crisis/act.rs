//! One action on a case — a step settled, a note, a level, a screen —
//! decided on what it needs only: the case row and its students (who may
//! work it), one indexed look for a "close", and the template only when a
//! step is named. The case's events are not read (a case of hundreds of
//! events saves as fast as a new one); settling a step asks about that
//! step again inside the write.

use super::*;

/// A case the actor may work and that is still open (its events not read).
pub(super) fn workable_case(app: &App, id: i64) -> Result<CrisisCase> {
    let conn = app.store.conn();
    let c =
        cs::case_head(conn, id)?.ok_or_else(|| Error::Data(msg!("err.not_found.case", id = id)))?;
    if !may(app, &c, Action::View) {
        return Err(Error::Refused(msg!(
            "err.denied.crisis_view",
            login = &app.actor.login,
            id = id
        )));
    }
    if !may(app, &c, Action::Edit) {
        return Err(Error::Refused(msg!(
            "err.denied.crisis_work",
            login = &app.actor.login,
            id = id
        )));
    }
    if cs::is_closed(conn, id)? {
        return Err(Error::Data(msg!("err.crisis.closed", id = id)));
    }
    Ok(c)
}

/// Records a step done, skipped or not applicable (a reason required for
/// the last two), or a note (on a step or the case). One commit.
pub fn act(
    app: &mut App,
    id: i64,
    kind: EventKind,
    step: Option<&str>,
    text: Option<&str>,
) -> Result<()> {
    let case = workable_case(app, id)?;
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    if kind.needs_reason() && text.is_none() {
        return Err(Error::Data(Msg::new(match kind {
            EventKind::Skipped => "err.crisis.reason_skip",
            EventKind::NotApplicable => "err.crisis.reason_na",
            _ => "err.crisis.reason_level",
        })));
    }
    if kind == EventKind::Note && text.is_none() {
        return Err(Error::Data(Msg::new("err.crisis.empty_note")));
    }
    if let Some(s) = step
        && matches!(
            kind,
            EventKind::Done | EventKind::Skipped | EventKind::NotApplicable | EventKind::Note
        )
    {
        let tpl = template_of(app, &case, &mut Templates::default())?;
        let Some(st) = tpl.steps.iter().find(|x| x.key == s) else {
            let keys: Vec<&str> = tpl.steps.iter().map(|x| x.key.as_str()).collect();
            return Err(Error::Data(msg!(
                "err.crisis.no_step",
                step = s,
                choices = keys.join(", ")
            )));
        };
        // settled already: said with who and when, by the write's own check
        if kind != EventKind::Note {
            let title = st.title.clone();
            return record_settling(app, id, kind, s, &title, text);
        }
    } else if matches!(
        kind,
        EventKind::Done | EventKind::Skipped | EventKind::NotApplicable
    ) {
        return Err(Error::Data(Msg::new("err.crisis.need_step")));
    }
    record(app, id, kind, step, text)
}
