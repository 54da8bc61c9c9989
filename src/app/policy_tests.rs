//! The access policy as tables: the rows below, and the README's table
//! "Who may see and do what", each cell of which is checked against
//! [`decide_role`] (so that the documentation cannot drift from the code).

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
    (Leader, StudentExport, View, InScope, Masked),
    (Leader, StudentExport, ExportUnmasked, InScope, Deny),
    (Leader, Roster, Edit, InScope, Deny),
    (Leader, StudentBasic, View, Outside, Deny),
    // admin: roster, exports, audit; masked numbers unless revealed
    (Admin, Roster, Edit, Outside, Allow),
    (Admin, StudentExport, ExportUnmasked, Outside, Allow),
    (Admin, AuditLog, View, Outside, Allow), (Leader, AuditLog, View, InScope, Allow),
    (Leader, AuditLog, View, Outside, Deny),
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
    // college scope (issue 11): nothing about another college's students,
    // except for the school-wide roles named in the README
    (Leader, DutySensitive, View, Outside, Deny),
    (Leader, DutySensitive, View, Own, Allow),
    (Counsellor, DutySensitive, View, Outside, Deny),
    (DutyOfficer, DutySensitive, View, Outside, Deny),
    (Counsellor, Patrol, View, Outside, Deny),
    (Counsellor, Patrol, View, InScope, Allow),
    (Leader, Patrol, View, Outside, Deny),
    (Leader, FollowUp, View, Outside, Deny),
    (DutyOfficer, Patrol, View, Outside, Allow),
    (Admin, Patrol, View, Outside, Allow),
    (Leader, ClassLedger, Edit, InScope, Allow),
    (Leader, ClassLedger, Edit, Outside, Deny),
    (Leader, ClassLedger, View, Outside, Deny),
    (Counsellor, ClassLedger, Edit, InScope, Deny),
    (Leader, Talk, Edit, Outside, Deny),
    (AidSpecialist, Talk, View, Outside, Deny),
    (Leader, ParentContact, View, Outside, Deny),
    (AidSpecialist, ParentContact, Edit, Outside, Deny),
    (Counsellor, ParentContact, View, InScope, Deny),
    (Leader, Crisis, View, Outside, Deny),
    (Leader, Crisis, Edit, Outside, Deny),
    (PsychSpecialist, Crisis, Edit, Outside, Deny),
    (PsychSpecialist, Crisis, Edit, Own, Allow),
    (Counsellor, StudentExport, View, Own, Masked),
    (Counsellor, StudentExport, View, InScope, Masked),
    (Counsellor, StudentExport, View, Outside, Deny),
    (Leader, StudentExport, View, Outside, Deny),
    (Admin, StudentExport, View, Outside, Masked),
    (AidSpecialist, StudentExport, View, InScope, Deny),
    (Leader, SpecialSupport, Edit, Outside, Deny),
    (Leader, TalkSensitive(true), View, Outside, Deny),
    // school-wide by role: the night log, the roster, the staff list
    (Leader, Duty, View, Outside, Allow),
    (Leader, DutySwap, Edit, Outside, Allow),
    (Leader, StaffList, View, Outside, Allow),
    (DutyOfficer, Duty, View, Outside, Allow),
    (Admin, Duty, View, Outside, Allow),
    // the rest of the README's cells, one a line: how far each reaches, and
    // no further
    (AidSpecialist, StudentBasic, View, InScope, Allow), (AidSpecialist, StudentBasic, View, Outside, Deny),
    (Admin, StudentBasic, View, Outside, Allow),
    (Counsellor, StudentCaution, View, InScope, Allow), (Counsellor, StudentCaution, View, Outside, Deny),
    (PsychSpecialist, StudentCaution, View, InScope, Allow), (PsychSpecialist, StudentCaution, View, Outside, Deny),
    (AidSpecialist, StudentCaution, View, InScope, Allow), (AidSpecialist, StudentCaution, View, Outside, Deny),
    (Leader, StudentCaution, View, InScope, Allow), (Leader, StudentCaution, View, Outside, Deny),
    (Admin, StudentCaution, View, Outside, Allow),
    (PsychSpecialist, StudentPhone, View, InScope, Masked), (PsychSpecialist, StudentPhone, View, Outside, Deny),
    (AidSpecialist, StudentPhone, View, InScope, Masked), (AidSpecialist, StudentPhone, View, Outside, Deny),
    (Leader, StudentPhone, View, InScope, Masked), (Leader, StudentPhone, View, Outside, Deny),
    (Counsellor, StudentPhone, Reveal, Own, Allow), (Counsellor, StudentPhone, Reveal, InScope, Deny),
    (PsychSpecialist, StudentPhone, Reveal, InScope, Allow), (PsychSpecialist, StudentPhone, Reveal, Outside, Deny),
    (AidSpecialist, StudentPhone, Reveal, InScope, Allow), (AidSpecialist, StudentPhone, Reveal, Outside, Deny),
    (Leader, StudentPhone, Reveal, InScope, Allow), (Leader, StudentPhone, Reveal, Outside, Deny),
    (Admin, StudentPhone, Reveal, Outside, Allow),
    (Admin, StudentIdNumber, View, Outside, Masked),
    (DutyOfficer, StudentIdNumber, Reveal, Own, Deny),
    (PsychSpecialist, StudentIdNumber, Reveal, Own, Deny),
    (DutyOfficer, GuardianContact, View, Outside, Masked),
    (PsychSpecialist, GuardianContact, View, InScope, Masked), (PsychSpecialist, GuardianContact, View, Outside, Deny),
    (AidSpecialist, GuardianContact, View, InScope, Masked), (AidSpecialist, GuardianContact, View, Outside, Deny),
    (Leader, GuardianContact, View, InScope, Masked), (Leader, GuardianContact, View, Outside, Deny),
    (Admin, GuardianContact, View, Outside, Masked),
    (Counsellor, GuardianContact, Reveal, Own, Allow), (Counsellor, GuardianContact, Reveal, InScope, Deny),
    (DutyOfficer, GuardianContact, Reveal, Outside, Allow),
    (PsychSpecialist, GuardianContact, Reveal, InScope, Allow), (PsychSpecialist, GuardianContact, Reveal, Outside, Deny),
    (AidSpecialist, GuardianContact, Reveal, InScope, Allow), (AidSpecialist, GuardianContact, Reveal, Outside, Deny),
    (Leader, GuardianContact, Reveal, InScope, Allow), (Leader, GuardianContact, Reveal, Outside, Deny),
    (Admin, GuardianContact, Reveal, Outside, Allow),
    (Counsellor, Flag(Academic), View, Own, Allow), (Counsellor, Flag(Academic), View, InScope, Deny),
    (Leader, Flag(Academic), View, InScope, Allow), (Leader, Flag(Academic), View, Outside, Deny),
    (Admin, Flag(Academic), View, Outside, Allow),
    (DutyOfficer, Flag(Academic), Edit, Own, Deny),
    (AidSpecialist, Flag(Academic), Edit, Own, Deny),
    (Leader, Flag(Academic), Edit, InScope, Allow), (Leader, Flag(Academic), Edit, Outside, Deny),
    (Admin, Flag(Academic), Edit, Outside, Allow),
    (PsychSpecialist, Flag(KeyConcern), View, InScope, Allow), (PsychSpecialist, Flag(KeyConcern), View, Outside, Deny),
    (Admin, Flag(KeyConcern), View, Outside, Allow),
    (Counsellor, Flag(KeyConcern), Edit, Own, Allow), (Counsellor, Flag(KeyConcern), Edit, InScope, Deny),
    (DutyOfficer, Flag(KeyConcern), Edit, Own, Deny),
    (AidSpecialist, Flag(KeyConcern), Edit, Own, Deny),
    (Leader, Flag(KeyConcern), Edit, InScope, Allow), (Leader, Flag(KeyConcern), Edit, Outside, Deny),
    (Admin, Flag(KeyConcern), Edit, Outside, Allow),
    (Counsellor, Flag(Special), View, Own, Allow), (Counsellor, Flag(Special), View, InScope, Deny),
    (DutyOfficer, Flag(Special), View, Own, Deny),
    (PsychSpecialist, Flag(Special), View, InScope, Allow), (PsychSpecialist, Flag(Special), View, Outside, Deny),
    (Leader, Flag(Special), View, InScope, Allow), (Leader, Flag(Special), View, Outside, Deny),
    (Admin, Flag(Special), View, Outside, Allow),
    (Counsellor, Flag(Special), Edit, Own, Allow), (Counsellor, Flag(Special), Edit, InScope, Deny),
    (DutyOfficer, Flag(Special), Edit, Own, Deny),
    (PsychSpecialist, Flag(Special), Edit, Own, Deny),
    (AidSpecialist, Flag(Special), Edit, InScope, Allow), (AidSpecialist, Flag(Special), Edit, Outside, Deny),
    (Leader, Flag(Special), Edit, Own, Deny),
    (Admin, Flag(Special), Edit, Outside, Allow),
    (Admin, Flag(Financial), View, Outside, Allow),
    (DutyOfficer, Flag(Financial), Edit, Own, Deny),
    (PsychSpecialist, Flag(Financial), Edit, Own, Deny),
    (Admin, Flag(Financial), Edit, Outside, Allow),
    (PsychSpecialist, StudentExport, View, Own, Deny),
    (DutyOfficer, StudentExport, ExportUnmasked, Own, Deny),
    (PsychSpecialist, StudentExport, ExportUnmasked, Own, Deny),
    (AidSpecialist, StudentExport, ExportUnmasked, Own, Deny),
    (DutyOfficer, Roster, Edit, Own, Deny),
    (PsychSpecialist, Roster, Edit, Own, Deny),
    (AidSpecialist, Roster, Edit, Own, Deny),
    (Counsellor, AuditLog, View, Own, Deny),
    (DutyOfficer, AuditLog, View, Own, Deny),
    (PsychSpecialist, AuditLog, View, Own, Deny),
    (AidSpecialist, AuditLog, View, Own, Deny),
    (Leader, AuditLog, View, Own, Allow),
    (Counsellor, StaffList, View, Own, Deny),
    (PsychSpecialist, StaffList, View, Own, Deny),
    (AidSpecialist, StaffList, View, Own, Deny),
    (Admin, StaffList, View, Outside, Allow),
    (DutyOfficer, Database, View, Own, Deny),
    (PsychSpecialist, Database, View, Own, Deny),
    (AidSpecialist, Database, View, Own, Deny),
    (PsychSpecialist, Patrol, View, Own, Deny),
    (AidSpecialist, Patrol, View, Own, Deny),
    (AidSpecialist, Patrol, Edit, Own, Deny),
    (Leader, Patrol, Edit, InScope, Allow), (Leader, Patrol, Edit, Outside, Deny),
    (Counsellor, FollowUp, View, Own, Allow), (Counsellor, FollowUp, View, InScope, Deny),
    (DutyOfficer, FollowUp, View, Outside, Allow),
    (PsychSpecialist, FollowUp, View, Own, Deny),
    (Admin, FollowUp, View, Outside, Allow),
    (PsychSpecialist, FollowUp, Edit, Own, Deny),
    (AidSpecialist, FollowUp, Edit, Own, Deny),
    (Admin, FollowUp, Edit, Own, Deny),
    (Counsellor, Absence, View, Own, Allow), (Counsellor, Absence, View, InScope, Deny),
    (DutyOfficer, Absence, View, Own, Deny),
    (PsychSpecialist, Absence, View, Own, Deny),
    (AidSpecialist, Absence, View, Own, Deny),
    (Leader, Absence, View, InScope, Allow), (Leader, Absence, View, Outside, Deny),
    (Admin, Absence, View, Outside, Allow),
    (PsychSpecialist, Absence, Edit, Own, Deny),
    (AidSpecialist, Absence, Edit, Own, Deny),
    (Leader, Absence, Edit, InScope, Allow), (Leader, Absence, Edit, Outside, Deny),
    (Admin, Absence, Edit, Outside, Allow),
    (PsychSpecialist, Duty, Edit, Own, Deny),
    (AidSpecialist, Duty, Edit, Own, Deny),
    (Admin, Duty, Edit, Own, Deny),
    (AidSpecialist, DutySensitive, View, Own, Allow), (AidSpecialist, DutySensitive, View, InScope, Deny),
    (PsychSpecialist, DutySwap, Edit, Own, Deny),
    (AidSpecialist, DutySwap, Edit, Own, Deny),
    (DutyOfficer, Talk, Edit, Own, Deny),
    (PsychSpecialist, Talk, Edit, InScope, Allow), (PsychSpecialist, Talk, Edit, Outside, Deny),
    (AidSpecialist, Talk, Edit, InScope, Allow), (AidSpecialist, Talk, Edit, Outside, Deny),
    (Admin, Talk, Edit, Own, Deny),
    (DutyOfficer, TalkSensitive(false), View, Own, Deny),
    (Admin, TalkSensitive(false), View, Own, Deny),
    (Counsellor, TalkSensitive(true), View, Own, Allow), (Counsellor, TalkSensitive(true), View, InScope, Deny),
    (DutyOfficer, TalkSensitive(true), View, Own, Deny),
    (AidSpecialist, TalkSensitive(true), View, Own, Deny),
    (Admin, TalkSensitive(true), View, Own, Deny),
    (DutyOfficer, ParentContact, View, Own, Deny),
    (PsychSpecialist, ParentContact, View, InScope, Allow), (PsychSpecialist, ParentContact, View, Outside, Deny),
    (AidSpecialist, ParentContact, View, InScope, Allow), (AidSpecialist, ParentContact, View, Outside, Deny),
    (Admin, ParentContact, View, Own, Deny),
    (Counsellor, ParentContact, Edit, Own, Allow), (Counsellor, ParentContact, Edit, InScope, Deny),
    (DutyOfficer, ParentContact, Edit, Own, Deny),
    (PsychSpecialist, ParentContact, Edit, Own, Deny),
    (Leader, ParentContact, Edit, InScope, Allow), (Leader, ParentContact, Edit, Outside, Deny),
    (Admin, ParentContact, Edit, Own, Deny),
    (Counsellor, ClassLedger, View, Own, Allow), (Counsellor, ClassLedger, View, InScope, Deny),
    (DutyOfficer, ClassLedger, View, Own, Deny),
    (PsychSpecialist, ClassLedger, View, Own, Deny),
    (AidSpecialist, ClassLedger, View, Own, Deny),
    (Admin, ClassLedger, View, Own, Deny),
    (DutyOfficer, ClassLedger, Edit, Own, Deny),
    (PsychSpecialist, ClassLedger, Edit, Own, Deny),
    (AidSpecialist, ClassLedger, Edit, Own, Deny),
    (Admin, ClassLedger, Edit, Own, Deny),
    (DutyOfficer, Compliance, View, Own, Deny),
    (PsychSpecialist, Compliance, View, Own, Deny),
    (AidSpecialist, Compliance, View, Own, Deny),
    (Counsellor, PsychReport, View, Own, Deny),
    (DutyOfficer, PsychReport, View, Own, Deny),
    (PsychSpecialist, PsychReport, View, InScope, Allow), (PsychSpecialist, PsychReport, View, Outside, Deny),
    (AidSpecialist, PsychReport, View, InScope, Deny),
    (Leader, PsychReport, View, InScope, Allow), (Leader, PsychReport, View, Outside, Deny),
    (Admin, PsychReport, View, Own, Deny),
    (Counsellor, SpecialSupport, View, Own, Allow), (Counsellor, SpecialSupport, View, InScope, Deny),
    (DutyOfficer, SpecialSupport, View, Own, Deny),
    (PsychSpecialist, SpecialSupport, View, InScope, Allow), (PsychSpecialist, SpecialSupport, View, Outside, Deny),
    (AidSpecialist, SpecialSupport, View, InScope, Allow), (AidSpecialist, SpecialSupport, View, Outside, Deny),
    (Leader, SpecialSupport, View, InScope, Allow), (Leader, SpecialSupport, View, Outside, Deny),
    (Admin, SpecialSupport, View, Own, Deny),
    (Counsellor, SpecialSupport, Edit, Own, Allow), (Counsellor, SpecialSupport, Edit, InScope, Deny),
    (DutyOfficer, SpecialSupport, Edit, Own, Deny),
    (PsychSpecialist, SpecialSupport, Edit, InScope, Allow), (PsychSpecialist, SpecialSupport, Edit, Outside, Deny),
    (AidSpecialist, SpecialSupport, Edit, Own, Deny),
    (Admin, SpecialSupport, Edit, Own, Deny),
    (Counsellor, Crisis, Edit, Own, Allow), (Counsellor, Crisis, Edit, InScope, Deny),
    (DutyOfficer, Crisis, Edit, Own, Allow), (DutyOfficer, Crisis, Edit, InScope, Deny),
    (AidSpecialist, Crisis, Edit, Own, Deny),
    (Admin, Crisis, Edit, Own, Deny),
    // the desk's open cases: the officer on duty, whoever opened them;
    // everyone else reads a case as `Crisis` says
    (DutyOfficer, CrisisOnDuty, View, Outside, Allow), (DutyOfficer, CrisisOnDuty, Edit, Outside, Allow),
    // privacy.aid (000 附件2 八.5, 001 无痕化管理): a family's finances as a
    // home visit found them — the aid specialist of the college and the
    // student's own counsellor; a leader sees that a visit was made, not
    // what the family said; the psych specialist and the desk, neither
    (AidSpecialist, FamilyFinance, View, InScope, Allow), (AidSpecialist, FamilyFinance, Edit, InScope, Allow),
    (AidSpecialist, FamilyFinance, View, Outside, Deny),
    (Counsellor, FamilyFinance, View, Own, Allow), (Counsellor, FamilyFinance, Edit, Own, Allow),
    (Counsellor, FamilyFinance, View, InScope, Deny),
    (Leader, FamilyFinance, View, InScope, Deny), (Leader, FamilyFinance, Edit, InScope, Deny),
    (PsychSpecialist, FamilyFinance, View, InScope, Deny), (PsychSpecialist, FamilyFinance, Edit, InScope, Deny),
    (DutyOfficer, FamilyFinance, View, InScope, Deny), (DutyOfficer, FamilyFinance, Edit, InScope, Deny),
    (Admin, FamilyFinance, View, InScope, Deny), (Admin, FamilyFinance, Edit, InScope, Deny),
    (AidSpecialist, HomeVisit, View, InScope, Allow), (AidSpecialist, HomeVisit, Edit, InScope, Allow),
    (Counsellor, HomeVisit, View, Own, Allow), (Counsellor, HomeVisit, Edit, Own, Allow),
    (Leader, HomeVisit, View, InScope, Allow), (Leader, HomeVisit, Edit, InScope, Deny),
    (PsychSpecialist, HomeVisit, View, InScope, Allow), (PsychSpecialist, HomeVisit, Edit, InScope, Deny),
    (DutyOfficer, HomeVisit, View, InScope, Deny), (DutyOfficer, HomeVisit, Edit, InScope, Deny),
    (Admin, HomeVisit, View, InScope, Deny), (Admin, HomeVisit, Edit, InScope, Deny),
    (AidSpecialist, GrowthFile, View, InScope, Allow), (AidSpecialist, GrowthFile, Edit, InScope, Allow),
    (Counsellor, GrowthFile, View, Own, Allow), (Counsellor, GrowthFile, Edit, Own, Allow),
    (Leader, GrowthFile, View, InScope, Allow), (Leader, GrowthFile, Edit, InScope, Deny),
    (PsychSpecialist, GrowthFile, View, InScope, Deny), (PsychSpecialist, GrowthFile, Edit, InScope, Deny),
    (DutyOfficer, GrowthFile, View, InScope, Deny), (DutyOfficer, GrowthFile, Edit, InScope, Deny),
    (Admin, GrowthFile, View, InScope, Deny), (Admin, GrowthFile, Edit, InScope, Deny),
    (Counsellor, CrisisOnDuty, View, Own, Deny), (Counsellor, CrisisOnDuty, Edit, Own, Deny),
    (PsychSpecialist, CrisisOnDuty, View, Own, Deny), (PsychSpecialist, CrisisOnDuty, Edit, Own, Deny),
    (AidSpecialist, CrisisOnDuty, View, Own, Deny), (AidSpecialist, CrisisOnDuty, Edit, Own, Deny),
    (Leader, CrisisOnDuty, View, Own, Deny), (Leader, CrisisOnDuty, Edit, Own, Deny),
    (Admin, CrisisOnDuty, View, Own, Deny), (Admin, CrisisOnDuty, Edit, Own, Deny),
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

#[test]
fn a_record_stands_as_its_colleges_do() {
    let c1 = staff(&[Leader], Some(1));
    assert_eq!(
        relation_to(&c1, false, &[2, 1]),
        InScope,
        "one of its colleges"
    );
    assert_eq!(relation_to(&c1, false, &[2]), Outside);
    assert_eq!(
        relation_to(&c1, false, &[]),
        Outside,
        "a record of no college"
    );
    assert_eq!(relation_to(&c1, true, &[2]), Own, "what one wrote");
    let school = staff(&[Leader], None);
    assert_eq!(relation_to(&school, false, &[2]), InScope, "school-wide");
    assert_eq!(relation_to(&school, false, &[]), InScope);
}

/// Every kind of record.
#[rustfmt::skip]
const KINDS: &[Kind] = &[
    StudentBasic, StudentCaution, StudentPhone, StudentIdNumber, GuardianContact,
    Flag(Academic), Flag(KeyConcern), Flag(Special), Flag(Financial),
    Roster, StudentExport, AuditLog, StaffList, Database, Patrol, FollowUp, Absence,
    Duty, DutySensitive, DutySwap, Talk, TalkSensitive(false), TalkSensitive(true),
    ParentContact, ClassLedger, Compliance, PsychReport, SpecialSupport, Crisis, CrisisOnDuty,
    HomeVisit, FamilyFinance, GrowthFile,
];

/// Every role, kind and action, to check properties over all of them.
fn every_question() -> Vec<(Role, Kind, Action)> {
    let mut out = Vec::new();
    for role in Role::ALL {
        for &kind in KINDS {
            for action in [View, Reveal, Edit, ExportUnmasked] {
                out.push((role, kind, action));
            }
        }
    }
    out
}

#[test]
fn standing_closer_never_gives_less() {
    for (role, kind, action) in every_question() {
        let [own, in_scope, outside] =
            [Own, InScope, Outside].map(|r| decide_role(role, kind, action, r));
        assert!(
            own >= in_scope && in_scope >= outside,
            "{role:?} {kind:?} {action:?}: {own:?} {in_scope:?} {outside:?}"
        );
    }
}

#[path = "policy_readme_tests.rs"]
mod readme;
