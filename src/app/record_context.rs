//! What a talk or family-contact form shows above its fields: why the
//! student is due (each rule's line from the compliance engine, and how
//! overdue), the last talk (date, kind, who, its first line), and the
//! guardians with their phones as the reader may see them.

use super::App;
use super::compliance::{finding_lines, for_counsellor};
use super::policy::{Action, Decision, Kind, decide, relation};
use super::students::{Field, GuardianView, Shown, reveal, view_of};
use crate::domain::clock::{from_db, school_tz};
use crate::error::{Error, Msg, Result};
use crate::store::{org, records as rec, students};

/// One rule the student is due under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueLine {
    pub rule: String,
    /// `overdue` or `due`.
    pub state: &'static str,
    pub due: Option<String>,
    /// Days past the deadline (0 or more) when overdue.
    pub overdue_days: Option<i64>,
    /// Why, in the reader's words.
    pub why: String,
}

/// The latest talk about the student (its latest version).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastTalk {
    /// School-local "YYYY-MM-DD".
    pub on: String,
    pub kind: String,
    pub author: String,
    /// The summary's first line; `None`: sensitive, not for this reader.
    pub first_line: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormContext {
    /// "name 学号".
    pub student: String,
    pub due: Vec<DueLine>,
    pub last_talk: Option<LastTalk>,
    pub guardians: Vec<GuardianView>,
    /// Guardians on file the reader may not see.
    pub guardians_hidden: bool,
}

/// The context of a record about student `no`. With `reveal_phones` (the
/// family-contact form: the reader is about to call), guardians' phones
/// the reader sees masked but may reveal are revealed, each reveal
/// audit-logged as on the student's page.
pub fn for_student(app: &mut App, no: &str, reveal_phones: bool) -> Result<FormContext> {
    let conn = app.store.conn();
    let hidden = || Error::Refused(Msg::new("err.denied.student_hidden"));
    let id = students::id_by_number(conn, no.trim())?.ok_or_else(hidden)?;
    let s = students::by_id(conn, id)?.ok_or_else(hidden)?;
    let view = view_of(&app.actor, &s).ok_or_else(hidden)?;
    let rel = relation(&app.actor, &s);
    // why due: the rules of the student's counsellor, as the reader may see them
    let mut due = Vec::new();
    let counsellor = match s.counsellor_id {
        Some(c) => org::all_staff(conn)?.into_iter().find(|x| x.id == c),
        None => None,
    };
    if let Some(c) = counsellor
        && decide(&app.actor, Kind::Talk, Action::View, rel) != Decision::Deny
    {
        // a reader who may not see that counsellor's 待办 gets no lines
        if let Ok((_, rules)) = for_counsellor(app, Some(&c.login)) {
            let today = app.today();
            for l in finding_lines(app, &rules) {
                if l.student_no.as_deref() != Some(s.student_no.as_str())
                    || !matches!(l.state, "overdue" | "due")
                {
                    continue;
                }
                let overdue_days = (l.state == "overdue").then(|| {
                    l.due
                        .as_deref()
                        .and_then(crate::domain::student::parse_date)
                        .map_or(0, |d| (today - d).num_days().max(0))
                });
                due.push(DueLine {
                    rule: l.rule,
                    state: l.state,
                    due: l.due,
                    overdue_days,
                    why: l.detail,
                });
            }
        }
    }
    // the last talk the reader may see (the latest version of it)
    let mut last_talk = None;
    let talks = rec::talks_of_student(conn, s.id)?;
    if let Some(t) = talks
        .iter()
        .filter(|t| {
            super::policy::allows(&app.actor, Kind::Talk, Action::View, rel)
                || t.author_id == app.actor.id
        })
        .max_by(|a, b| (&a.held_at, a.id).cmp(&(&b.held_at, b.id)))
    {
        let original = t.amends.unwrap_or(t.id);
        let latest = talks
            .iter()
            .filter(|x| x.id == original || x.amends == Some(original))
            .max_by_key(|x| x.id)
            .unwrap_or(t);
        let readable = super::records::may_read_talk(app, latest, &s);
        last_talk = Some(LastTalk {
            on: local_day(&latest.held_at, app.assets.calendar.utc_offset_hours)
                .unwrap_or_else(|| latest.held_on.clone()),
            kind: app.assets.kinds.talk_name(&latest.kind).to_string(),
            author: latest.author.clone(),
            first_line: readable.then(|| {
                latest
                    .summary
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .unwrap_or("")
                    .to_string()
            }),
        });
    }
    let mut guardians = view.guardians.clone();
    if reveal_phones {
        for (i, g) in guardians.iter_mut().enumerate() {
            if let Shown::Masked {
                revealable: true, ..
            } = g.phone
            {
                g.phone = Shown::Plain(reveal(app, s.id, Field::GuardianPhone(i))?);
            }
        }
    }
    Ok(FormContext {
        student: format!("{} {}", s.name, s.student_no),
        due,
        last_talk,
        guardians,
        guardians_hidden: view.guardians_hidden,
    })
}

fn local_day(t: &str, offset: i32) -> Option<String> {
    from_db(t).map(|x| {
        x.with_timezone(&school_tz(offset))
            .format("%Y-%m-%d")
            .to_string()
    })
}
