//! The compliance engine's terms: what a rule's state can be, the kinds of
//! class-ledger records, the facts a counsellor's (or college's) rules are
//! evaluated on, and the findings and results they give. The evaluation
//! itself is in `compliance.rs`.

use chrono::NaiveDate;

use crate::domain::student::FlagKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    Met,
    Due,
    Overdue,
    Unknown,
}

impl State {
    pub fn code(self) -> &'static str {
        match self {
            State::Met => "met",
            State::Due => "due",
            State::Overdue => "overdue",
            State::Unknown => "unknown",
        }
    }
}

/// Kinds of class-ledger records (班级工作台账).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LedgerKind {
    /// 班会
    Meeting,
    /// 班委会议
    Committee,
    /// 查课
    Attendance,
    /// 听课
    Lecture,
}

impl LedgerKind {
    pub const ALL: [LedgerKind; 4] = [
        LedgerKind::Meeting,
        LedgerKind::Committee,
        LedgerKind::Attendance,
        LedgerKind::Lecture,
    ];
    pub fn code(self) -> &'static str {
        match self {
            LedgerKind::Meeting => "meeting",
            LedgerKind::Committee => "committee",
            LedgerKind::Attendance => "attendance",
            LedgerKind::Lecture => "lecture",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            LedgerKind::Meeting => "班会",
            LedgerKind::Committee => "班委会议",
            LedgerKind::Attendance => "查课",
            LedgerKind::Lecture => "听课",
        }
    }
    pub fn parse(s: &str) -> Option<LedgerKind> {
        let t = s.trim();
        LedgerKind::ALL.into_iter().find(|k| {
            k.code() == t.to_ascii_lowercase()
                || k.zh() == t
                || (t == "班委会" && *k == LedgerKind::Committee)
        })
    }
}

/// What the engine knows of one student.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StudentFacts {
    pub id: i64,
    pub student_no: String,
    pub name: String,
    pub class_id: Option<i64>,
    /// Standing flags, with the date each took effect (if known).
    pub flags: Vec<(FlagKind, Option<NaiveDate>)>,
    pub last_talk: Option<NaiveDate>,
    pub last_contact: Option<NaiveDate>,
    /// The last home visit (in person or online) on file: a home-visit
    /// record, or a family contact made as a home visit.
    pub last_home_visit: Option<NaiveDate>,
    /// The last growth-file entry (成长档案) on file.
    pub last_growth: Option<NaiveDate>,
    /// For a special-group student: the 1+1+1 mentors named (academic
    /// mentor, student-affairs teacher, peer student) and a 一生一策 plan.
    pub mentors: [bool; 3],
    pub plan: bool,
}

impl StudentFacts {
    pub(super) fn flag(&self, kinds: &[FlagKind]) -> Option<(FlagKind, Option<NaiveDate>)> {
        self.flags.iter().find(|(k, _)| kinds.contains(k)).copied()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClassFacts {
    pub id: i64,
    pub name: String,
    /// Ledger records: kind and local date.
    pub ledger: Vec<(LedgerKind, NaiveDate)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoomFacts {
    pub label: String,
    pub last_checked: Option<NaiveDate>,
}

/// Everything evaluated for one counsellor (or, summed, a college).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub students: Vec<StudentFacts>,
    pub classes: Vec<ClassFacts>,
    /// Lectures the counsellor sat in on (听课), by date.
    pub lecture_visits: Vec<NaiveDate>,
    pub rooms: Vec<RoomFacts>,
    /// Special-group sweeps of the college: (psychological?, date).
    pub sweeps: Vec<(bool, NaiveDate)>,
    /// Evaluate the college-level rules (`special.sweep`).
    pub college: bool,
}

/// What a finding is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Student {
        id: i64,
        no: String,
        name: String,
    },
    Class {
        id: i64,
        name: String,
    },
    Room {
        label: String,
    },
    /// The counsellor (or college) as a whole.
    Whole,
}

/// Why a finding stands, to be worded by the interface.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// A flag came (on `since`) and no talk has followed.
    NoTalkSinceFlag {
        flag: FlagKind,
        since: NaiveDate,
    },
    /// No talk within the current window (last talk, if any).
    NoTalkInWindow {
        last: Option<NaiveDate>,
    },
    /// Not talked to this semester (a candidate for coverage).
    NotTalkedThisSemester,
    Coverage {
        talked: usize,
        needed: usize,
        total: usize,
    },
    Ledger {
        kind: LedgerKind,
        done: usize,
        needed: usize,
    },
    NoFamilyContactThisYear {
        last: Option<NaiveDate>,
    },
    FamilyNotToldOfFlag {
        flag: FlagKind,
        since: NaiveDate,
    },
    NoFamilyFollowUp {
        flag: FlagKind,
        last: Option<NaiveDate>,
    },
    NoHomeVisit {
        last: Option<NaiveDate>,
    },
    /// No growth-file entry this academic year (the last, if any).
    NoGrowthEntry {
        last: Option<NaiveDate>,
    },
    Mentors {
        missing: Vec<&'static str>,
        plan: bool,
    },
    NoSweep {
        psych: bool,
    },
    RoomNotChecked {
        last: Option<NaiveDate>,
    },
    /// A flag without the date it took effect: the deadline cannot be set.
    FlagWithoutDate {
        flag: FlagKind,
    },
    /// Today is not in a configured semester.
    NoSemester,
    /// zhiban keeps no data for this rule.
    NoData,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub state: State,
    pub subject: Subject,
    pub due: Option<NaiveDate>,
    pub why: Why,
}

/// One rule for one counsellor: its worst state and how many of the
/// subjects it counts meet it.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleResult {
    pub rule: String,
    pub state: State,
    pub met: usize,
    pub total: usize,
    /// The subjects that are not met (due, overdue or unknown).
    pub findings: Vec<Finding>,
}
