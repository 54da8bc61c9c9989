//! The access policy: who may see and do what. One function, [`decide`],
//! asked by every use case, for the TUI and the CLI alike.
//!
//! Grounds: 000 附件2 八.5 (资助专员 must not leak family finances or ID
//! numbers), 001 无痕化管理, 002 九(三) (respect students' privacy), and
//! DESIGN.md "each role sees the minimum it needs".

use crate::domain::staff::{Role, Staff};
use crate::domain::student::{FlagClass, StudentRecord};

/// What kind of record (or part of one) is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Name, 学号, gender, class, college, room and bed.
    StudentBasic,
    /// Whether a student carries any flag at all ("take care"), no detail.
    StudentCaution,
    StudentPhone,
    StudentIdNumber,
    GuardianContact,
    Flag(FlagClass),
    /// The roster itself: import of students, staff and rooms.
    Roster,
    /// The student list as a file: `Masked`, since a file travels (phone
    /// and ID numbers masked whatever the role sees on screen); in full
    /// only by [`Action::ExportUnmasked`].
    StudentExport,
    AuditLog,
    /// The list of staff and their roles.
    StaffList,
    /// The database as a whole (backup copies everything, unmasked).
    Database,
    /// Dorm patrols: walking rooms, and reading patrol records. A presence
    /// row stands as its student does ([`relation`]); a patrol shows a
    /// reader only the rows (and the rooms holding them) they may see.
    Patrol,
    /// A follow-up of a student found absent on a patrol.
    FollowUp,
    /// Approved leave or registered off-campus living.
    Absence,
    /// Night duty: shifts and their log. The log is the whole desk's
    /// (`InScope` for every reader; `Own` for a counsellor's entries naming
    /// their students); what an entry marked sensitive says is
    /// [`Kind::DutySensitive`].
    Duty,
    /// The text of a duty-log entry marked sensitive. `Own` when the reader
    /// wrote it or is the counsellor of a student it names; `InScope` when
    /// it names a student of the reader's college, or names none (a desk
    /// entry, the whole desk's); `Outside` when every student it names is of
    /// another college.
    DutySensitive,
    /// Recording a swap of roster duty (`duty.swap`). `Own` when the actor
    /// is one of the two officers.
    DutySwap,
    /// Talk records (谈话记录) about a student.
    Talk,
    /// The text of a talk marked sensitive; `true` for a psychology-related
    /// kind (the college's psych specialist may read those).
    TalkSensitive(bool),
    /// Family contacts (家长联系), home visits included.
    ParentContact,
    /// A home visit (家访) about a student: that it was made, when, how,
    /// who went and the next step. What the family said of itself is
    /// [`Kind::FamilyFinance`].
    HomeVisit,
    /// The family's financial situation, address and needs as a home visit
    /// found them (privacy.aid: 000 附件2 八.5 「不得泄露学生家庭经济状况」,
    /// 001 无痕化管理): the aid specialist of the college and the student's
    /// own counsellor, who act on it; not leaders (they oversee coverage,
    /// dates and next steps, not a family's finances), not the psych
    /// specialist, not the duty desk.
    FamilyFinance,
    /// The growth file (成长档案) of a financially-difficult student: aid
    /// given, rewards, traits, changes (001 六(一)2). Its entries name the
    /// aid a student had, so it stands as the financial flag does.
    GrowthFile,
    /// The class ledger (班会, 班委会议, 查课, 听课) of a class: `Own` for
    /// the class's counsellor, else by the class's college (a lecture visit
    /// naming no class: its author's, `Own` for the author).
    ClassLedger,
    /// The 待办 / 逾期 view: one's own (`Own`) or a college's counsellors.
    Compliance,
    /// The psych weekly and monthly reports (`psych.weekly-report`,
    /// `psych.monthly-report`) of a college: talks by kind, key-concern
    /// changes, crisis cases and their steps' timeliness, sweeps. `InScope`
    /// for the actor's college (a school-wide actor: any).
    PsychReport,
    /// 1+1+1 mentors and the 一生一策 plan of a special-group student; and
    /// the college's sweeps of the special groups.
    SpecialSupport,
    /// A crisis case. `Own`: the actor opened it, or is the counsellor of a
    /// student in it; `InScope`: one of its students is of the actor's
    /// college (a case naming no student: the college it was opened in).
    Crisis,
    /// A crisis case still open that was opened on duty (from a duty-log
    /// entry, or by an officer during their shift), asked about by someone
    /// keeping a shift now: the desk's, whoever opened it, so that the next
    /// night's officer continues last night's case. Asked beside
    /// [`Kind::Crisis`], which it only widens.
    CrisisOnDuty,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// See it (perhaps masked: see [`Decision`]).
    View,
    /// See a masked value in full (always audit-logged).
    Reveal,
    Edit,
    /// Export with ID and phone numbers unmasked (always audit-logged).
    ExportUnmasked,
}

/// How the actor stands to the student concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relation {
    /// Outside the actor's college.
    Outside,
    /// In the actor's college, or the actor works school-wide (no college).
    InScope,
    /// A student of one of the actor's own classes.
    Own,
}

/// The answer. Ordered: a person with several roles gets the best of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Decision {
    Deny,
    /// Shown masked (`138****1234`, last four of an ID number).
    Masked,
    Allow,
}

/// How `actor` stands to a record: `Own` when `own` (the record is the
/// actor's: their student, what they wrote or opened); else `InScope` when
/// the actor works school-wide (no college) or one of the record's
/// `colleges` is the actor's; else `Outside`. A record of no college is
/// `Outside` for everyone with a college: callers name the college of
/// every record (see the README, "Who may see and do what").
pub fn relation_to(actor: &Staff, own: bool, colleges: &[i64]) -> Relation {
    if own {
        return Relation::Own;
    }
    match actor.college_id {
        None => Relation::InScope,
        Some(c) if colleges.contains(&c) => Relation::InScope,
        Some(_) => Relation::Outside,
    }
}

/// How `actor` stands to `student`: `Own` for the counsellor of the
/// student's class, else by the student's college.
pub fn relation(actor: &Staff, student: &StudentRecord) -> Relation {
    relation_of(actor, student.counsellor_id, student.college_id)
}

/// [`relation`] from what it is decided on: the counsellor of the
/// student's class and the student's college.
pub fn relation_of(actor: &Staff, counsellor: Option<i64>, college: i64) -> Relation {
    let own = actor.has(Role::Counsellor) && counsellor == Some(actor.id);
    relation_to(actor, own, &[college])
}

/// The decision for one role.
pub fn decide_role(role: Role, kind: Kind, action: Action, rel: Relation) -> Decision {
    use Action::*;
    use Decision::*;
    use FlagClass::*;
    use Kind::*;
    use Relation::*;
    // a sensitive duty entry: its writer and the counsellors of the students
    // it names read it, whatever their role
    if (kind, action, rel) == (DutySensitive, View, Own) {
        return Allow;
    }
    match role {
        Role::Admin => match (kind, action) {
            (Roster | AuditLog | StaffList | Database, View | Edit) => Allow,
            (StudentExport, View) => Masked,
            (Patrol | FollowUp | Duty, View) => Allow,
            (Absence, View | Edit) => Allow,
            (DutySwap, Edit) => Allow,
            (StudentExport, ExportUnmasked) => Allow,
            (StudentBasic | StudentCaution | Flag(_), View | Edit) => Allow,
            (StudentPhone | StudentIdNumber | GuardianContact, View) => Masked,
            (StudentPhone | StudentIdNumber | GuardianContact, Reveal) => Allow,
            _ => Deny,
        },
        Role::Counsellor => match (kind, action, rel) {
            (StudentBasic | StudentCaution, View, Own | InScope) => Allow,
            (StudentPhone | GuardianContact, View | Reveal, Own) => Allow,
            (StudentIdNumber, View, Own) => Masked,
            (StudentIdNumber, Reveal, Own) => Allow,
            (Flag(Academic | KeyConcern | Special), View | Edit, Own) => Allow,
            (Flag(Financial), View, Own) => Allow,
            (StudentExport, View, Own | InScope) => Masked,
            (Patrol, View | Edit, Own | InScope) => Allow,
            (FollowUp, View | Edit, Own) => Allow,
            (Absence, View | Edit, Own) => Allow,
            // the duty-log entries that name their students
            (Duty, View, Own) => Allow,
            (Talk | TalkSensitive(_) | ParentContact | ClassLedger, View | Edit, Own) => Allow,
            (HomeVisit | FamilyFinance | GrowthFile, View | Edit, Own) => Allow,
            (Compliance, View, Own) => Allow,
            (SpecialSupport, View | Edit, Own) => Allow,
            (Crisis, View | Edit, Own) => Allow,
            _ => Deny,
        },
        // A duty officer may be called to any residence at night: names,
        // rooms, and a phone number on request; never flag details.
        Role::DutyOfficer => match (kind, action) {
            (StudentBasic | StudentCaution, View) => Allow,
            (StudentPhone | GuardianContact, View) => Masked,
            (StudentPhone | GuardianContact, Reveal) => Allow,
            (Patrol | FollowUp, View | Edit) => Allow,
            (Duty, View | Edit) => Allow,
            // the desk's open cases, whoever opened them
            (CrisisOnDuty, View | Edit) => Allow,
            _ if (kind, action, rel) == (DutySwap, Edit, Relation::Own) => Allow,
            // a duty officer opens a case and works the cases they opened
            _ if kind == Crisis && rel == Relation::Own => Allow,
            _ => Deny,
        },
        Role::PsychSpecialist => match (kind, action, rel) {
            (_, _, Outside) => Deny,
            (StudentBasic | StudentCaution, View, _) => Allow,
            (StudentPhone | GuardianContact, View, _) => Masked,
            (StudentPhone | GuardianContact, Reveal, _) => Allow,
            (Flag(KeyConcern), View | Edit, _) => Allow,
            (Flag(Academic | Special), View, _) => Allow,
            (Talk, View | Edit, _) => Allow,
            (TalkSensitive(true), View, _) => Allow,
            (ParentContact | HomeVisit, View, _) => Allow,
            (SpecialSupport, View | Edit, _) => Allow,
            (Crisis, View | Edit, _) => Allow,
            (PsychReport, View, _) => Allow,
            _ => Deny,
        },
        Role::AidSpecialist => match (kind, action, rel) {
            (_, _, Outside) => Deny,
            (StudentBasic | StudentCaution, View, _) => Allow,
            (StudentPhone | GuardianContact | StudentIdNumber, View, _) => Masked,
            (StudentPhone | GuardianContact | StudentIdNumber, Reveal, _) => Allow,
            (Flag(Financial | Special), View | Edit, _) => Allow,
            (Talk | ParentContact, View | Edit, _) => Allow,
            (HomeVisit | FamilyFinance | GrowthFile, View | Edit, _) => Allow,
            (SpecialSupport, View, _) => Allow,
            _ => Deny,
        },
        Role::Leader => match (kind, action, rel) {
            // school-wide for every leader (any of them may be the leader
            // on call): the night log without sensitive text, the duty
            // roster and its swaps, the list of staff
            (Duty | StaffList, View, _) | (DutySwap, Edit, _) => Allow,
            (_, _, Outside) => Deny,
            (StudentBasic | StudentCaution, View, _) => Allow,
            (StudentPhone | GuardianContact, View, _) => Masked,
            (StudentPhone | GuardianContact, Reveal, _) => Allow,
            (StudentIdNumber, View, _) => Masked,
            (Flag(_), View, _) => Allow,
            (Flag(Academic | KeyConcern), Edit, _) => Allow,
            (StudentExport, View, _) => Masked,
            (Patrol | FollowUp | Absence, View | Edit, _) => Allow,
            (DutySensitive, View, _) => Allow,
            (Talk | ParentContact | ClassLedger | SpecialSupport, View | Edit, _) => Allow,
            (TalkSensitive(_) | Compliance | PsychReport, View, _) => Allow,
            // coverage and the record of a visit; never the family's finances
            (HomeVisit | GrowthFile, View, _) => Allow,
            (Crisis, View | Edit, _) => Allow,
            // who saw or changed what, in their college
            (AuditLog, View, _) => Allow,
            _ => Deny,
        },
    }
}

/// The one access-policy function: the best decision over the actor's roles.
pub fn decide(actor: &Staff, kind: Kind, action: Action, rel: Relation) -> Decision {
    actor
        .roles
        .iter()
        .map(|&r| decide_role(r, kind, action, rel))
        .max()
        .unwrap_or(Decision::Deny)
}

/// Shorthand: is the action allowed outright?
pub fn allows(actor: &Staff, kind: Kind, action: Action, rel: Relation) -> bool {
    decide(actor, kind, action, rel) == Decision::Allow
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
