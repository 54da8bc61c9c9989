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
    /// The student list as a file.
    StudentExport,
    AuditLog,
    /// The list of staff and their roles.
    StaffList,
    /// The database as a whole (backup copies everything, unmasked).
    Database,
    /// Dorm patrols: walking rooms, and reading patrol records.
    Patrol,
    /// A follow-up of a student found absent on a patrol.
    FollowUp,
    /// Approved leave or registered off-campus living.
    Absence,
    /// Night duty: shifts and their log.
    Duty,
    /// The text of a duty-log entry marked sensitive. `Own` when the reader
    /// wrote it or is the counsellor of a student it names.
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
    /// The class ledger (班会, 班委会议, 查课, 听课) of a class.
    ClassLedger,
    /// The 待办 / 逾期 view: one's own (`Own`) or a college's counsellors.
    Compliance,
    /// 1+1+1 mentors and the 一生一策 plan of a special-group student; and
    /// the college's sweeps of the special groups.
    SpecialSupport,
    /// A crisis case. `Own`: the actor opened it, or is the counsellor of a
    /// student in it; `InScope`: the case is of the actor's college.
    Crisis,
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

/// How `actor` stands to `student`.
pub fn relation(actor: &Staff, student: &StudentRecord) -> Relation {
    if actor.has(Role::Counsellor) && student.counsellor_id == Some(actor.id) {
        return Relation::Own;
    }
    match actor.college_id {
        None => Relation::InScope,
        Some(c) if c == student.college_id => Relation::InScope,
        Some(_) => Relation::Outside,
    }
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
            (Roster | StudentExport | AuditLog | StaffList | Database, View | Edit) => Allow,
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
            (StudentExport, View, Own | InScope) => Allow,
            (Patrol, View | Edit, Own | InScope) => Allow,
            (FollowUp, View | Edit, Own) => Allow,
            (Absence, View | Edit, Own) => Allow,
            // the duty-log entries that name their students
            (Duty, View, Own) => Allow,
            (Talk | TalkSensitive(_) | ParentContact | ClassLedger, View | Edit, Own) => Allow,
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
            (ParentContact, View, _) => Allow,
            (SpecialSupport, View | Edit, _) => Allow,
            (Crisis, View | Edit, _) => Allow,
            _ => Deny,
        },
        Role::AidSpecialist => match (kind, action, rel) {
            (_, _, Outside) => Deny,
            (StudentBasic | StudentCaution, View, _) => Allow,
            (StudentPhone | GuardianContact | StudentIdNumber, View, _) => Masked,
            (StudentPhone | GuardianContact | StudentIdNumber, Reveal, _) => Allow,
            (Flag(Financial | Special), View | Edit, _) => Allow,
            (Talk | ParentContact, View | Edit, _) => Allow,
            (SpecialSupport, View, _) => Allow,
            _ => Deny,
        },
        Role::Leader => match (kind, action, rel) {
            (_, _, Outside) => Deny,
            (StudentBasic | StudentCaution, View, _) => Allow,
            (StudentPhone | GuardianContact, View, _) => Masked,
            (StudentPhone | GuardianContact, Reveal, _) => Allow,
            (StudentIdNumber, View, _) => Masked,
            (Flag(_), View, _) => Allow,
            (Flag(Academic | KeyConcern), Edit, _) => Allow,
            (StudentExport | StaffList, View, _) => Allow,
            (Patrol | FollowUp | Absence, View | Edit, _) => Allow,
            (Duty | DutySensitive, View, _) => Allow,
            (DutySwap, Edit, _) => Allow,
            (Talk | ParentContact | ClassLedger | SpecialSupport, View | Edit, _) => Allow,
            (TalkSensitive(_) | Compliance, View, _) => Allow,
            (Crisis, View | Edit, _) => Allow,
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
mod tests {
    use super::*;
    use Action::*;
    use Decision::*;
    use FlagClass::*;
    use Kind::*;
    use Relation::*;
    use Role::*;

    /// The policy as a table: role x record kind x action (x relation).
    #[rustfmt::skip]
    const TABLE: &[(Role, Kind, Action, Relation, Decision)] = &[
        // counsellor: own students in full (ID masked until revealed), nothing outside
        (Counsellor, StudentBasic, View, Own, Allow),
        (Counsellor, StudentBasic, View, InScope, Allow),
        (Counsellor, StudentBasic, View, Outside, Deny),
        (Counsellor, StudentPhone, View, Own, Allow),
        (Counsellor, StudentPhone, View, InScope, Deny),
        (Counsellor, StudentIdNumber, View, Own, Masked),
        (Counsellor, StudentIdNumber, Reveal, Own, Allow),
        (Counsellor, StudentIdNumber, Reveal, InScope, Deny),
        (Counsellor, GuardianContact, View, Own, Allow),
        (Counsellor, Flag(KeyConcern), View, Own, Allow),
        (Counsellor, Flag(KeyConcern), View, InScope, Deny),
        (Counsellor, Flag(Academic), Edit, Own, Allow),
        (Counsellor, Flag(Financial), View, Own, Allow),
        (Counsellor, Flag(Financial), Edit, Own, Deny),
        (Counsellor, Roster, Edit, Own, Deny),
        (Counsellor, StudentExport, ExportUnmasked, Own, Deny),
        // duty officer: names and rooms anywhere, phone on request, no flag detail
        (DutyOfficer, StudentBasic, View, Outside, Allow),
        (DutyOfficer, StudentCaution, View, Outside, Allow),
        (DutyOfficer, StudentPhone, View, InScope, Masked),
        (DutyOfficer, StudentPhone, Reveal, InScope, Allow),
        (DutyOfficer, StudentIdNumber, View, InScope, Deny),
        (DutyOfficer, Flag(KeyConcern), View, InScope, Deny),
        (DutyOfficer, Flag(Academic), View, Own, Deny),
        (DutyOfficer, Flag(Financial), View, InScope, Deny),
        (DutyOfficer, StudentExport, View, InScope, Deny),
        // psych specialist: key concern in full, never family finances or ID
        (PsychSpecialist, Flag(KeyConcern), Edit, InScope, Allow),
        (PsychSpecialist, Flag(Academic), View, InScope, Allow),
        (PsychSpecialist, Flag(Academic), Edit, InScope, Deny),
        (PsychSpecialist, Flag(Financial), View, InScope, Deny),
        (PsychSpecialist, StudentIdNumber, View, InScope, Deny),
        (PsychSpecialist, StudentBasic, View, Outside, Deny),
        // aid specialist: finances and ID (masked, reveal audited), no crisis notes
        (AidSpecialist, Flag(Financial), Edit, InScope, Allow),
        (AidSpecialist, Flag(Special), View, InScope, Allow),
        (AidSpecialist, Flag(KeyConcern), View, InScope, Deny),
        (AidSpecialist, Flag(Academic), View, InScope, Deny),
        (AidSpecialist, StudentIdNumber, View, InScope, Masked),
        (AidSpecialist, StudentIdNumber, Reveal, InScope, Allow),
        (AidSpecialist, Flag(Financial), View, Outside, Deny),
        // leader: sees flags of the college, ID only masked
        (Leader, Flag(KeyConcern), View, InScope, Allow),
        (Leader, Flag(Financial), View, InScope, Allow),
        (Leader, Flag(Financial), Edit, InScope, Deny),
        (Leader, StudentIdNumber, View, InScope, Masked),
        (Leader, StudentIdNumber, Reveal, InScope, Deny),
        (Leader, StudentExport, View, InScope, Allow),
        (Leader, StudentExport, ExportUnmasked, InScope, Deny),
        (Leader, Roster, Edit, InScope, Deny),
        (Leader, StudentBasic, View, Outside, Deny),
        // admin: roster, exports, audit; masked numbers unless revealed
        (Admin, Roster, Edit, Outside, Allow),
        (Admin, StudentExport, ExportUnmasked, Outside, Allow),
        (Admin, AuditLog, View, Outside, Allow),
        (Admin, Database, View, Outside, Allow),
        (Admin, Patrol, Edit, Outside, Deny),
        (Counsellor, Patrol, Edit, InScope, Allow),
        (Counsellor, Patrol, Edit, Outside, Deny),
        (Counsellor, FollowUp, Edit, Own, Allow),
        (Counsellor, FollowUp, Edit, InScope, Deny),
        (DutyOfficer, Patrol, Edit, Outside, Allow),
        (DutyOfficer, FollowUp, Edit, Outside, Allow),
        (PsychSpecialist, Patrol, Edit, InScope, Deny),
        (AidSpecialist, FollowUp, View, InScope, Deny),
        (Leader, FollowUp, Edit, InScope, Allow),
        // a sensitive duty entry: leaders, its writer, the named students' counsellors
        (Leader, DutySensitive, View, InScope, Allow),
        (Leader, DutySensitive, Edit, InScope, Deny),
        (DutyOfficer, DutySensitive, View, InScope, Deny),
        (DutyOfficer, DutySensitive, View, Own, Allow),
        (DutyOfficer, DutySensitive, Edit, Own, Deny),
        (Counsellor, DutySensitive, View, Own, Allow),
        (Counsellor, DutySensitive, View, InScope, Deny),
        (Admin, DutySensitive, View, InScope, Deny),
        (PsychSpecialist, DutySensitive, View, InScope, Deny),
        (Counsellor, Absence, Edit, Own, Allow),
        (DutyOfficer, Duty, Edit, Outside, Allow),
        (Counsellor, Duty, Edit, Own, Deny),
        (Counsellor, Duty, View, Own, Allow),
        (DutyOfficer, DutySwap, Edit, Own, Allow),
        (DutyOfficer, DutySwap, Edit, InScope, Deny),
        (Leader, DutySwap, Edit, InScope, Allow),
        (Admin, DutySwap, Edit, Outside, Allow),
        (Counsellor, DutySwap, Edit, Own, Deny),
        (Counsellor, Talk, Edit, Own, Allow),
        (Counsellor, Talk, View, InScope, Deny),
        (Counsellor, TalkSensitive(false), View, Own, Allow),
        (Counsellor, Compliance, View, Own, Allow),
        (Counsellor, Compliance, View, InScope, Deny),
        (PsychSpecialist, TalkSensitive(true), View, InScope, Allow),
        (PsychSpecialist, TalkSensitive(false), View, InScope, Deny),
        (PsychSpecialist, Talk, View, Outside, Deny),
        (AidSpecialist, TalkSensitive(false), View, InScope, Deny),
        (AidSpecialist, ParentContact, Edit, InScope, Allow),
        (Leader, TalkSensitive(false), View, InScope, Allow),
        (Leader, Compliance, View, InScope, Allow),
        (Leader, Talk, View, Outside, Deny),
        (DutyOfficer, Talk, View, InScope, Deny),
        (Admin, Talk, View, InScope, Deny),
        (Admin, Compliance, View, InScope, Deny),
        (DutyOfficer, Crisis, View, Own, Allow),
        (DutyOfficer, Crisis, View, InScope, Deny),
        (Counsellor, Crisis, View, Own, Allow),
        (Counsellor, Crisis, View, InScope, Deny),
        (PsychSpecialist, Crisis, View, InScope, Allow),
        (PsychSpecialist, Crisis, View, Outside, Deny),
        (AidSpecialist, Crisis, View, InScope, Deny),
        (AidSpecialist, Crisis, View, Own, Deny),
        (Leader, Crisis, View, InScope, Allow),
        (Admin, Crisis, View, InScope, Deny),
        (Counsellor, Duty, View, InScope, Deny),
        (AidSpecialist, Duty, View, Own, Deny),
        (Leader, Duty, View, InScope, Allow),
        (Leader, Duty, Edit, InScope, Deny),
        (PsychSpecialist, Duty, View, InScope, Deny),
        (Counsellor, Absence, Edit, InScope, Deny),
        (DutyOfficer, Absence, Edit, InScope, Deny),
        (Leader, Database, View, InScope, Deny),
        (Counsellor, Database, View, Own, Deny),
        (Leader, StaffList, View, InScope, Allow),
        (DutyOfficer, StaffList, View, InScope, Deny),
        (Admin, StudentPhone, View, Outside, Masked),
        (Admin, StudentIdNumber, Reveal, Outside, Allow),
    ];

    fn staff(roles: &[Role], college: Option<i64>) -> Staff {
        Staff {
            id: 7,
            login: "t".into(),
            name: "t".into(),
            roles: roles.to_vec(),
            college_id: college,
            college: None,
            phone: None,
        }
    }

    #[test]
    fn the_table_holds() {
        for &(role, kind, action, rel, want) in TABLE {
            assert_eq!(
                decide_role(role, kind, action, rel),
                want,
                "{role:?} {kind:?} {action:?} {rel:?}"
            );
        }
    }

    #[test]
    fn several_roles_get_the_best_answer() {
        let s = staff(&[DutyOfficer, Counsellor], Some(1));
        assert_eq!(decide(&s, StudentPhone, View, Own), Allow);
        assert_eq!(decide(&s, StudentPhone, View, InScope), Masked);
        assert_eq!(decide(&staff(&[], None), StudentBasic, View, Own), Deny);
    }

    #[test]
    fn relation_follows_class_and_college() {
        let mut st = crate::domain::student::StudentRecord {
            id: 1,
            student_no: "1".into(),
            name: "a".into(),
            gender: None,
            college_id: 1,
            college: "c".into(),
            major: None,
            class_id: Some(1),
            class: None,
            counsellor_id: Some(7),
            counsellor: None,
            phone: None,
            id_number: None,
            dorm: None,
            guardians: vec![],
            flags: vec![],
        };
        assert_eq!(relation(&staff(&[Counsellor], Some(1)), &st), Own);
        assert_eq!(
            relation(&staff(&[Leader], Some(1)), &st),
            InScope,
            "only a counsellor owns"
        );
        assert_eq!(
            relation(&staff(&[Leader], None), &st),
            InScope,
            "school-wide"
        );
        st.college_id = 2;
        st.counsellor_id = Some(8);
        assert_eq!(relation(&staff(&[Counsellor], Some(1)), &st), Outside);
    }
}
