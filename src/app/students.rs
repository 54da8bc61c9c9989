//! Seeing students and changing their flags, as the policy allows.

use serde_json::json;

use super::App;
use super::policy::{Action, Decision, Kind, Relation, allows, decide, relation};
use crate::domain::clock::to_db;
use crate::domain::staff::Staff;
use crate::domain::student::{DormPlace, Flag, FlagClass, FlagKind, Gender, StudentRecord};
use crate::domain::{idcard, phone};
use crate::error::{Error, Msg, Result};
use crate::store::{AuditEntry, dorm, students};

/// A value as the actor may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// Nothing on file.
    Absent,
    /// On file, but not for this actor.
    Hidden,
    /// On file, shown masked; may be revealed when `revealable`.
    Masked {
        text: String,
        revealable: bool,
    },
    Plain(String),
}

impl Shown {
    fn of(value: Option<&str>, d: Decision, can_reveal: bool, mask: fn(&str) -> String) -> Shown {
        match (value, d) {
            (None, _) => Shown::Absent,
            (Some(_), Decision::Deny) => Shown::Hidden,
            (Some(v), Decision::Masked) => Shown::Masked {
                text: mask(v),
                revealable: can_reveal,
            },
            (Some(v), Decision::Allow) => Shown::Plain(v.to_string()),
        }
    }
    /// The text to show, if any.
    pub fn text(&self) -> Option<&str> {
        match self {
            Shown::Masked { text, .. } | Shown::Plain(text) => Some(text),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardianView {
    pub name: Option<String>,
    pub relation: Option<String>,
    pub phone: Shown,
}

/// A student as the actor may see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudentView {
    pub id: i64,
    pub student_no: String,
    pub name: String,
    pub gender: Option<Gender>,
    pub college: String,
    pub major: Option<String>,
    pub class: Option<String>,
    pub counsellor: Option<String>,
    pub dorm: Option<DormPlace>,
    pub phone: Shown,
    pub id_number: Shown,
    /// Empty when the actor may not see guardians.
    pub guardians: Vec<GuardianView>,
    pub guardians_hidden: bool,
    /// Only the flags whose class the actor may view.
    pub flags: Vec<Flag>,
    /// The student carries a flag the actor may not see in detail.
    pub caution: bool,
    pub relation: Relation,
}

impl StudentView {
    pub fn room_key(&self) -> Option<String> {
        self.dorm.as_ref().map(DormPlace::room_key)
    }
}

fn flag_view(actor: &Staff, rel: Relation, class: FlagClass) -> bool {
    decide(actor, Kind::Flag(class), Action::View, rel) == Decision::Allow
}

/// May `actor` see flags of `kind` on a student they stand to as `rel`?
pub fn may_view_flag(actor: &Staff, kind: FlagKind, rel: Relation) -> bool {
    flag_view(actor, rel, kind.class())
}

/// Applies the policy to one record; `None` when the actor may not see it.
pub fn view_of(actor: &Staff, r: &StudentRecord) -> Option<StudentView> {
    let rel = relation(actor, r);
    if decide(actor, Kind::StudentBasic, Action::View, rel) == Decision::Deny {
        return None;
    }
    let reveal = |k| decide(actor, k, Action::Reveal, rel) == Decision::Allow;
    let phone_d = decide(actor, Kind::StudentPhone, Action::View, rel);
    let id_d = decide(actor, Kind::StudentIdNumber, Action::View, rel);
    let g_d = decide(actor, Kind::GuardianContact, Action::View, rel);
    let flags: Vec<Flag> = r
        .flags
        .iter()
        .filter(|f| flag_view(actor, rel, f.kind.class()))
        .cloned()
        .collect();
    let caution = flags.len() < r.flags.len()
        && decide(actor, Kind::StudentCaution, Action::View, rel) == Decision::Allow;
    Some(StudentView {
        id: r.id,
        student_no: r.student_no.clone(),
        name: r.name.clone(),
        gender: r.gender,
        college: r.college.clone(),
        major: r.major.clone(),
        class: r.class.clone(),
        counsellor: r.counsellor.clone(),
        dorm: r.dorm.clone(),
        phone: Shown::of(
            r.phone.as_deref(),
            phone_d,
            reveal(Kind::StudentPhone),
            phone::mask,
        ),
        id_number: Shown::of(
            r.id_number.as_deref(),
            id_d,
            reveal(Kind::StudentIdNumber),
            idcard::mask,
        ),
        guardians_hidden: g_d == Decision::Deny && !r.guardians.is_empty(),
        guardians: if g_d == Decision::Deny {
            Vec::new()
        } else {
            r.guardians
                .iter()
                .map(|g| GuardianView {
                    name: g.name.clone(),
                    relation: g.relation.clone(),
                    phone: Shown::of(
                        g.phone.as_deref(),
                        g_d,
                        reveal(Kind::GuardianContact),
                        phone::mask,
                    ),
                })
                .collect()
        },
        flags,
        caution,
        relation: rel,
    })
}

/// The student with `id`, or a clear error.
fn record(app: &App, id: i64) -> Result<StudentRecord> {
    students::by_id(app.store.conn(), id)?
        .ok_or_else(|| Error::Data(crate::msg!("err.not_found.student_id", id = id)))
}

/// Every student the actor may see, by 学号 (guardians not loaded).
pub fn list(app: &App) -> Result<Vec<StudentView>> {
    let mut out = Vec::new();
    each_visible(app, |v| out.push(v))?;
    out.shrink_to_fit();
    Ok(out)
}

/// Every student the actor may see, as each is read: one record at a time,
/// so a school's records are never all held at once beside their views.
pub(crate) fn each_visible(app: &App, mut f: impl FnMut(StudentView)) -> Result<()> {
    let conn = app.store.conn();
    // the policy stays the judge of each record; SQL only leaves out what
    // it would refuse anyway: a staff member of a college who may not see a
    // student outside it reads their college and their own classes
    let college = app.actor.college_id.filter(|_| {
        decide(
            &app.actor,
            Kind::StudentBasic,
            Action::View,
            Relation::Outside,
        ) == Decision::Deny
    });
    let add = |r: StudentRecord| {
        if let Some(v) = view_of(&app.actor, &r) {
            f(v)
        }
    };
    match college {
        Some(c) => students::each_in(conn, c, app.actor.id, add),
        None => students::each(conn, add),
    }
}

/// A student as the actor may see them, by id; `None` when there is no such
/// student or the actor may not see them.
pub fn visible(app: &App, id: i64) -> Result<Option<StudentView>> {
    Ok(students::by_id(app.store.conn(), id)?.and_then(|r| view_of(&app.actor, &r)))
}

/// A student as the actor may see them, by 学号.
pub fn visible_by_number(app: &App, student_no: &str) -> Result<Option<StudentView>> {
    match students::id_by_number(app.store.conn(), student_no.trim())? {
        Some(id) => visible(app, id),
        None => Ok(None),
    }
}

/// "name 学号" of a student the actor may see (empty if they may not; a
/// database error is an error).
pub fn name_line(app: &App, id: i64) -> Result<String> {
    Ok(visible(app, id)?
        .map(|v| format!("{} {}", v.name, v.student_no))
        .unwrap_or_default())
}

/// One student in full, with roommates. Opening a student whose sensitive
/// flags (key concern, special group, finances) are shown is audit-logged.
pub struct StudentDetail {
    pub view: StudentView,
    /// (bed, 学号, name)
    pub roommates: Vec<(String, String, String)>,
    /// The latest patrol presence records, newest first.
    pub presence: Vec<crate::domain::patrol::PresenceLine>,
    /// Talks, family contacts, presence and flags, newest first.
    pub timeline: Vec<super::timeline::TimelineItem>,
    /// Who saw or changed what about the student, newest first: for those
    /// who may read the audit log about them (admins, their college's
    /// leaders); empty for everyone else.
    pub audit: Vec<super::audit::AuditLine>,
    /// The student's crisis cases the actor may see, newest first (none
    /// for a role that may see no case of theirs).
    pub crises: Vec<super::crisis_desk::CaseLine>,
}

/// How many of the newest audit entries a student's page shows.
pub const AUDIT_SHOWN: i64 = 8;

pub fn detail(app: &mut App, id: i64) -> Result<StudentDetail> {
    let rec = record(app, id)?;
    let view = view_of(&app.actor, &rec)
        .ok_or_else(|| Error::Refused(Msg::new("err.denied.student_hidden")))?;
    let roommates = dorm::roommates(app.store.conn(), id)?
        .into_iter()
        .map(|(bed, _, no, name)| (bed, no, name))
        .collect();
    let sensitive: Vec<String> = view
        .flags
        .iter()
        .filter(|f| {
            matches!(
                f.kind.class(),
                FlagClass::KeyConcern | FlagClass::Special | FlagClass::Financial
            )
        })
        .map(|f| f.kind.code())
        .collect();
    let presence = crate::store::patrols::presence_history(app.store.conn(), id, 5)?;
    let timeline = super::timeline::timeline(app, &rec)?;
    // sensitive talks whose text this opening shows (not to their author)
    let talks: Vec<i64> = timeline
        .iter()
        .filter_map(|i| match i.item {
            super::timeline::Item::Talk {
                id,
                sensitive_read: true,
                ..
            } => Some(id),
            _ => None,
        })
        .collect();
    // one entry per opening: what sensitive detail it showed
    if !sensitive.is_empty() || !talks.is_empty() {
        let login = app.actor.login.clone();
        let now = app.now();
        app.store.write(&login, now, |_| {
            Ok((
                (),
                vec![AuditEntry::new(
                    "student.view",
                    "student",
                    Some(rec.student_no.clone()),
                    json!({"flags_shown": sensitive, "sensitive_talks": talks}),
                )],
            ))
        })?;
    }
    let audit = if allows(
        &app.actor,
        Kind::AuditLog,
        Action::View,
        relation(&app.actor, &rec),
    ) {
        // the page's own readings of the log (one per opening) are logged
        // but not listed: they would push out what was seen or changed
        super::audit::search(
            app,
            &super::audit::AuditQuery {
                student: Some(rec.student_no.clone()),
                limit: Some(AUDIT_SHOWN * 8),
                ..Default::default()
            },
        )?
        .into_iter()
        .filter(|a| a.action != "audit.read")
        .take(AUDIT_SHOWN as usize)
        .collect()
    } else {
        Vec::new()
    };
    let crises = super::crisis_desk::of_student(app, id)?;
    Ok(StudentDetail {
        view,
        roommates,
        presence,
        timeline,
        audit,
        crises,
    })
}

/// What can be revealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Phone,
    IdNumber,
    GuardianPhone(usize),
}

/// Shows a masked value in full, if the policy allows; always audit-logged.
pub fn reveal(app: &mut App, id: i64, field: Field) -> Result<String> {
    let rec = record(app, id)?;
    let rel = relation(&app.actor, &rec);
    let what = match field {
        Field::Phone => "err.what.phone",
        Field::IdNumber => "err.what.id_number",
        Field::GuardianPhone(_) => "err.what.guardian_phone",
    };
    let (kind, value, name) = match field {
        Field::Phone => (Kind::StudentPhone, rec.phone.clone(), "phone".to_string()),
        Field::IdNumber => (
            Kind::StudentIdNumber,
            rec.id_number.clone(),
            "id_number".to_string(),
        ),
        Field::GuardianPhone(i) => (
            Kind::GuardianContact,
            rec.guardians.get(i).and_then(|g| g.phone.clone()),
            format!("guardian{}_phone", i + 1),
        ),
    };
    if decide(&app.actor, Kind::StudentBasic, Action::View, rel) == Decision::Deny
        || decide(&app.actor, kind, Action::Reveal, rel) != Decision::Allow
    {
        return Err(Error::Refused(
            Msg::new("err.denied.reveal").label("what", what),
        ));
    }
    let value =
        value.ok_or_else(|| Error::Data(Msg::new("err.students.no_value").label("what", what)))?;
    let login = app.actor.login.clone();
    let now = app.now();
    app.store.write(&login, now, |_| {
        Ok((
            (),
            vec![AuditEntry::new(
                "student.reveal",
                "student",
                Some(rec.student_no.clone()),
                json!({"field": name}),
            )],
        ))
    })?;
    Ok(value)
}

/// The flag kinds the actor may edit on this student.
pub fn editable_flags(app: &App, rec_rel: Relation) -> Vec<FlagKind> {
    FlagKind::all()
        .into_iter()
        .filter(|k| {
            decide(&app.actor, Kind::Flag(k.class()), Action::Edit, rec_rel) == Decision::Allow
        })
        .collect()
}

/// Checks a flag before it is set: dated where the rules need a date, and
/// a level from the flag's list when it has one.
pub fn validate_flag(flag: &Flag) -> std::result::Result<(), Msg> {
    if flag.kind.needs_date() && flag.since.is_none() {
        return Err(Msg::new("err.students.flag_needs_date").label("kind", flag.kind.i18n_key()));
    }
    if let Some(l) = &flag.level {
        let levels = flag.kind.levels();
        if !levels.is_empty() && !levels.contains(&l.as_str()) {
            return Err(Msg::new("err.students.flag_level")
                .label("kind", flag.kind.i18n_key())
                .with("level", l)
                .with("choices", levels.join("、")));
        }
    }
    Ok(())
}

fn flag_json(f: Option<&Flag>) -> serde_json::Value {
    match f {
        None => serde_json::Value::Null,
        Some(f) => {
            json!({"level": f.level, "since": f.since.map(|d| d.to_string()), "note": f.note})
        }
    }
}

/// Sets (or, with `flag = None`, clears) a flag of `kind`; audited with the
/// value before and after.
pub fn change_flag(app: &mut App, id: i64, kind: FlagKind, flag: Option<Flag>) -> Result<()> {
    let rec = record(app, id)?;
    let rel = relation(&app.actor, &rec);
    if decide(&app.actor, Kind::Flag(kind.class()), Action::Edit, rel) != Decision::Allow {
        return Err(Error::Refused(
            Msg::new("err.denied.flag").label("kind", kind.i18n_key()),
        ));
    }
    if let Some(f) = &flag {
        if f.kind != kind {
            return Err(Error::Data(Msg::new("err.students.flag_mismatch")));
        }
        validate_flag(f).map_err(Error::Data)?;
    }
    let before = rec.flag(kind).cloned();
    if before == flag {
        return Ok(());
    }
    let (login, staff_id, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let at = to_db(now);
    app.store.write(&login, now, |tx| {
        match &flag {
            Some(f) => students::set_flag(tx, id, f, staff_id, &at)?,
            None => {
                students::clear_flag(tx, id, kind, staff_id, &at)?;
            }
        }
        let action = if flag.is_some() { "flag.set" } else { "flag.clear" };
        Ok((
            (),
            vec![AuditEntry::new(
                action,
                "student",
                Some(rec.student_no.clone()),
                json!({"kind": kind.code(), "before": flag_json(before.as_ref()), "after": flag_json(flag.as_ref())}),
            )],
        ))
    })
}

/// The search index over students as the actor sees them: 学号, name,
/// every pinyin reading and initials, and the room (`3-512`, `3号楼512`).
pub fn search_index(views: &[StudentView]) -> crate::domain::search::SearchIndex {
    let mut idx = crate::domain::search::SearchIndex::new();
    for v in views {
        idx.push(super::student_list::haystacks(v));
    }
    idx.shrink();
    idx
}
