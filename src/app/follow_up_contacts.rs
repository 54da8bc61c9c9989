//! The numbers a follow-up needs (`dorm.absence-followup`: reach the
//! student before the night ends): the student's phone and their
//! guardians'. Shown unmasked to whoever may reveal them (the policy's
//! `Reveal`), masked to the rest; the showing of unmasked numbers is
//! logged as a reveal is (`student.reveal`, the fields shown).

use serde_json::json;

use super::App;
use super::policy::{Action, Decision, Kind, decide, relation};
use crate::domain::phone::mask;
use crate::error::{Error, Result};
use crate::msg;
use crate::store::{AuditEntry, patrols, students};

/// A number on file, as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// Who: the student, or a guardian's name and relation.
    pub who: String,
    /// `None`: none on file.
    pub phone: Option<String>,
    /// Shown masked (the reader may not reveal it).
    pub masked: bool,
}

/// The student a follow-up is about and the numbers to reach them by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpContacts {
    pub student: String,
    pub no: String,
    pub numbers: Vec<Number>,
}

/// The numbers of follow-up `id`'s student and guardians; unmasked ones
/// are logged (one entry, naming the fields).
pub fn contacts(app: &mut App, id: i64) -> Result<FollowUpContacts> {
    let conn = app.store.conn();
    let f = patrols::follow_up(conn, id)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.follow_up", id = id)))?;
    let rec = students::by_id(conn, f.student_id)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.follow_up", id = id)))?;
    let rel = relation(&app.actor, &rec);
    let shown = |kind| match (
        decide(&app.actor, kind, Action::View, rel),
        decide(&app.actor, kind, Action::Reveal, rel),
    ) {
        (_, Decision::Allow) => Some(false),
        (Decision::Allow | Decision::Masked, _) => Some(true),
        _ => None,
    };
    let mut numbers = Vec::new();
    let mut revealed = Vec::new();
    if let Some(masked) = shown(Kind::StudentPhone) {
        if !masked && rec.phone.is_some() {
            revealed.push("phone".to_string());
        }
        numbers.push(Number {
            who: rec.name.clone(),
            phone: rec
                .phone
                .as_deref()
                .map(|p| if masked { mask(p) } else { p.to_string() }),
            masked,
        });
    }
    if let Some(masked) = shown(Kind::GuardianContact) {
        for (i, g) in rec.guardians.iter().enumerate() {
            if !masked && g.phone.is_some() {
                revealed.push(format!("guardian{}_phone", i + 1));
            }
            let who = match (&g.name, &g.relation) {
                (Some(n), Some(r)) => format!("{n}（{r}）"),
                (Some(n), None) => n.clone(),
                (None, Some(r)) => r.clone(),
                (None, None) => String::new(),
            };
            numbers.push(Number {
                who,
                phone: g
                    .phone
                    .as_deref()
                    .map(|p| if masked { mask(p) } else { p.to_string() }),
                masked,
            });
        }
    }
    if !revealed.is_empty() {
        let (login, now, no) = (app.actor.login.clone(), app.now(), rec.student_no.clone());
        app.store.write(&login, now, |_| {
            Ok((
                (),
                vec![AuditEntry::new(
                    "student.reveal",
                    "student",
                    Some(no),
                    json!({"fields": revealed, "follow_up": id}),
                )],
            ))
        })?;
    }
    Ok(FollowUpContacts {
        student: rec.name,
        no: rec.student_no,
        numbers,
    })
}
