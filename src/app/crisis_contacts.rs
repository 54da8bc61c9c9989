//! Every number a crisis case needs, for those who may act on it: each
//! student's phone, room and roommates, guardians, counsellor; the college
//! psych specialists and leaders; tonight's leader on call; the school's
//! numbers from `crisis.toml` — an unconfigured one said so, with the file
//! to set it in. Phones are shown unmasked (they are needed to call); the
//! showing is logged with the case's view (`crisis.view`, `numbers`).

use super::App;
use super::policy::{Action, Kind, allows};
use crate::domain::crisis::CrisisCase;
use crate::domain::staff::Role;
use crate::error::{Error, Result};
use crate::msg;
use crate::store::crisis as cs;
use crate::store::{dorm, org, students};

/// Someone to call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardianContact {
    pub name: String,
    pub relation: Option<String>,
    pub phone: Option<String>,
}

/// A student of the case and the people around them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudentContacts {
    pub name: String,
    /// 学号
    pub no: String,
    pub phone: Option<String>,
    /// Where the student sleeps, when they have a bed.
    pub room: Option<crate::domain::student::DormPlace>,
    pub roommates: Vec<Person>,
    pub guardians: Vec<GuardianContact>,
    pub counsellor: Option<Person>,
}

/// One of the school's numbers (`crisis.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolNumber {
    pub key: String,
    pub name: String,
    /// `None`: not configured (empty, the placeholder, or no digit).
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseContacts {
    pub case_id: i64,
    pub students: Vec<StudentContacts>,
    /// Named at opening, not in the roster: no numbers on record.
    pub unlisted: Vec<String>,
    pub psych_specialists: Vec<Person>,
    pub college_leaders: Vec<Person>,
    /// Tonight's leader on call, with a phone when known (the roster's).
    pub leader_on_call: Option<String>,
    pub school: Vec<SchoolNumber>,
    /// The file an unconfigured school number is set in.
    pub config_file: String,
}

impl CaseContacts {
    /// How many phone numbers this shows (what the view's audit entry
    /// records).
    pub fn count(&self) -> usize {
        let some = |p: &Option<String>| usize::from(p.is_some());
        let people = |v: &[Person]| v.iter().map(|p| some(&p.phone)).sum::<usize>();
        self.students
            .iter()
            .map(|s| {
                some(&s.phone)
                    + people(&s.roommates)
                    + s.guardians.iter().map(|g| some(&g.phone)).sum::<usize>()
                    + s.counsellor.as_ref().map_or(0, |c| some(&c.phone))
            })
            .sum::<usize>()
            + people(&self.psych_specialists)
            + people(&self.college_leaders)
            + self.school.iter().map(|n| some(&n.phone)).sum::<usize>()
    }

    /// The school's numbers not configured.
    pub fn unconfigured(&self) -> Vec<&SchoolNumber> {
        self.school.iter().filter(|n| n.phone.is_none()).collect()
    }
}

/// The file `crisis.toml` is read from when a school sets its own (the
/// site's directory on a server, else the user's configuration directory).
pub fn config_file() -> String {
    crate::config::assets::override_file("crisis.toml")
}

/// The school's numbers from `crisis.toml`, unconfigured ones as `None`.
pub fn school_numbers(app: &App) -> Vec<SchoolNumber> {
    app.assets
        .crisis
        .contacts
        .iter()
        .map(|c| SchoolNumber {
            key: c.key.clone(),
            name: c.name.clone(),
            phone: c.configured().then(|| c.phone.trim().to_string()),
        })
        .collect()
}

/// Every number of case `case_id`, for those who may act on it (others are
/// refused). Reads only: the showing is logged by [`super::crisis::view`].
pub fn contacts(app: &App, case_id: i64) -> Result<CaseContacts> {
    let c = cs::case(app.store.conn(), case_id)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.case", id = case_id)))?;
    if !may_act(app, &c) {
        return Err(Error::Refused(msg!(
            "err.denied.crisis_work",
            login = &app.actor.login,
            id = case_id
        )));
    }
    of_case(app, &c)
}

fn may_act(app: &App, c: &CrisisCase) -> bool {
    allows(
        &app.actor,
        Kind::Crisis,
        Action::Edit,
        super::crisis::relation_of_case(app, c),
    )
}

/// The numbers [`super::crisis::view`] shows the actor with case `c`: 0
/// for someone who may not act on it.
pub(super) fn shown_with(app: &App, c: &CrisisCase) -> Result<usize> {
    if !may_act(app, c) {
        return Ok(0);
    }
    Ok(of_case(app, c)?.count())
}

fn of_case(app: &App, c: &CrisisCase) -> Result<CaseContacts> {
    let conn = app.store.conn();
    let staff = org::all_staff(conn)?;
    let person = |id: i64| {
        staff.iter().find(|s| s.id == id).map(|s| Person {
            name: s.name.clone(),
            phone: s.phone.clone(),
        })
    };
    let phone = |p: Option<String>| p.map(|x| x.trim().to_string()).filter(|x| !x.is_empty());
    let mut out = Vec::new();
    for (id, no, name, counsellor) in &c.students {
        let Some(rec) = students::by_id(conn, *id)? else {
            continue;
        };
        let mut roommates = Vec::new();
        for (_, rid, _, rname) in dorm::roommates(conn, *id)? {
            let p = students::by_id(conn, rid)?.and_then(|r| phone(r.phone));
            roommates.push(Person {
                name: rname,
                phone: p,
            });
        }
        out.push(StudentContacts {
            name: name.clone(),
            no: no.clone(),
            phone: phone(rec.phone.clone()),
            room: rec.dorm.clone(),
            roommates,
            guardians: rec
                .guardians
                .iter()
                .map(|g| GuardianContact {
                    name: g.name.clone().unwrap_or_default(),
                    relation: g.relation.clone(),
                    phone: phone(g.phone.clone()),
                })
                .collect(),
            counsellor: counsellor.and_then(person),
        });
    }
    let colleges: Vec<i64> = if c.student_colleges.is_empty() {
        c.college_id.into_iter().collect()
    } else {
        c.student_colleges.clone()
    };
    let of_role = |role: Role| -> Vec<Person> {
        staff
            .iter()
            .filter(|s| s.roles.contains(&role))
            .filter(|s| s.college_id.is_some_and(|x| colleges.contains(&x)))
            .map(|s| Person {
                name: s.name.clone(),
                phone: s.phone.clone(),
            })
            .collect()
    };
    Ok(CaseContacts {
        case_id: c.id,
        students: out,
        unlisted: c.unlisted.clone(),
        psych_specialists: of_role(Role::PsychSpecialist),
        college_leaders: of_role(Role::Leader),
        leader_on_call: super::crisis::leader_on_call(app)?,
        school: school_numbers(app),
        config_file: app.assets.crisis_file.clone(),
    })
}
