//! Rows of a roster, parsed and checked on their own (no database): every
//! problem is collected so that the whole file can be fixed in one go.

use std::collections::HashMap;

use super::columns::{Col, Layout, Problem};
use super::read::Sheet;
use crate::domain::dorm::{floor_of, normalize_room};
use crate::domain::phone;
use crate::domain::staff::{Role, parse_roles};
use crate::domain::student::{Gender, parse_date};
use crate::error::Msg;
use crate::msg;

pub use super::student_rows::{Place, StudentRow, students};

pub const STUDENT_COLS: &[Col] = &[
    Col::StudentNo,
    Col::Name,
    Col::Gender,
    Col::College,
    Col::Major,
    Col::Class,
    Col::Counsellor,
    Col::Building,
    Col::Room,
    Col::Dorm,
    Col::Bed,
    Col::Phone,
    Col::IdNumber,
    Col::Guardian1Name,
    Col::Guardian1Relation,
    Col::Guardian1Phone,
    Col::Guardian2Name,
    Col::Guardian2Relation,
    Col::Guardian2Phone,
    Col::AcademicWarning,
    Col::AcademicWarningDate,
    Col::AcademicAction,
    Col::AcademicActionDate,
    Col::Discipline,
    Col::DisciplineDate,
    Col::KeyConcern,
    Col::KeyConcernReason,
    Col::KeyConcernDate,
    Col::Special,
    Col::Financial,
];
pub const STUDENT_REQUIRED: &[Col] = &[Col::StudentNo, Col::Name, Col::College];
pub const STAFF_COLS: &[Col] = &[Col::Login, Col::Name, Col::Roles, Col::College, Col::Phone];
pub const STAFF_REQUIRED: &[Col] = &[Col::Login, Col::Name, Col::Roles];
pub const ROOM_COLS: &[Col] = &[
    Col::Building,
    Col::Floor,
    Col::Room,
    Col::Capacity,
    Col::RoomGender,
];
pub const ROOM_REQUIRED: &[Col] = &[Col::Building, Col::Room, Col::Capacity];
pub const ROSTER_COLS: &[Col] = &[
    Col::DutyDate,
    Col::Shift,
    Col::Officer,
    Col::Login,
    Col::Leader,
    Col::Location,
];
pub const ROSTER_REQUIRED: &[Col] = &[Col::DutyDate];
pub const TALK_COLS: &[Col] = &[
    Col::StudentNo,
    Col::Name,
    Col::When,
    Col::Location,
    Col::RecordKind,
    Col::Content,
    Col::FollowUp,
    Col::FollowUpDue,
    Col::NextTalk,
    Col::Sensitive,
    Col::Recorder,
];
pub const TALK_REQUIRED: &[Col] = &[Col::StudentNo, Col::When, Col::Content];
pub const CONTACT_COLS: &[Col] = &[
    Col::StudentNo,
    Col::Name,
    Col::When,
    Col::Channel,
    Col::Person,
    Col::Reason,
    Col::Content,
    Col::Recorder,
];
pub const CONTACT_REQUIRED: &[Col] = &[Col::StudentNo, Col::When, Col::Channel, Col::Content];
pub const LEDGER_COLS: &[Col] = &[
    Col::Class,
    Col::RecordKind,
    Col::When,
    Col::Topic,
    Col::Attendance,
    Col::Absentees,
    Col::Note,
    Col::Recorder,
];
pub const LEDGER_REQUIRED: &[Col] = &[Col::RecordKind, Col::When];
/// Every import's columns: no header may name two columns of one import.
pub const ALL_IMPORTS: &[&[Col]] = &[
    STUDENT_COLS,
    STAFF_COLS,
    ROOM_COLS,
    ROSTER_COLS,
    TALK_COLS,
    CONTACT_COLS,
    LEDGER_COLS,
];

/// Checks a key cell (学号, 登录名): present, well formed, once in the file.
pub(super) fn key_cell(
    value: &str,
    column: &str,
    well_formed: fn(char) -> bool,
    what: &'static str,
    seen: &mut HashMap<String, usize>,
    row: usize,
    p: &mut Vec<Problem>,
) {
    if value.is_empty() {
        p.push(Problem::new(row, column, Msg::new("err.import.missing")));
    } else if !value.chars().all(well_formed) {
        p.push(Problem::new(
            row,
            column,
            Msg::new(what).with("value", value),
        ));
    } else if let Some(first) = seen.insert(value.to_string(), row) {
        p.push(Problem::new(
            row,
            column,
            msg!("err.import.twice", value = value, first = first, row = row),
        ));
    }
}

/// A required text cell; "missing" when empty.
pub(super) fn required(
    value: Option<&str>,
    column: &str,
    row: usize,
    p: &mut Vec<Problem>,
) -> String {
    let v = value.unwrap_or("").to_string();
    if v.is_empty() {
        p.push(Problem::new(row, column, Msg::new("err.import.missing")));
    }
    v
}

pub(super) fn opt(s: &str) -> Option<String> {
    if s.is_empty() {
        None
    } else {
        Some(s.to_string())
    }
}

/// A staff row, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRow {
    pub row: usize,
    pub login: String,
    pub name: String,
    pub roles: Vec<Role>,
    pub college: Option<Option<String>>,
    pub phone: Option<Option<String>>,
}

pub fn staff(sheet: &Sheet, l: &Layout) -> (Vec<StaffRow>, Vec<Problem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (row, cells) in &sheet.rows[l.first_data..] {
        let row = *row;
        let get = |c| l.get(cells, c);
        let mut p = Vec::new();
        let login = get(Col::Login).unwrap_or("").to_string();
        key_cell(
            &login,
            "登录名",
            |c| c.is_ascii_alphanumeric() || "._-".contains(c),
            "err.import.key_chars_login",
            &mut seen,
            row,
            &mut p,
        );
        let name = required(get(Col::Name), "姓名", row, &mut p);
        let roles = match parse_roles(get(Col::Roles).unwrap_or("")) {
            Ok(r) => r,
            Err(e) => {
                p.push(Problem::new(row, "角色", e));
                Vec::new()
            }
        };
        let phone = get(Col::Phone).map(|v| {
            if v.is_empty() {
                return None;
            }
            phone::parse(v)
                .map_err(|e| p.push(Problem::new(row, "手机号", e)))
                .ok()
        });
        if p.is_empty() {
            out.push(StaffRow {
                row,
                login,
                name,
                roles,
                college: get(Col::College).map(opt),
                phone,
            });
        }
        problems.extend(p);
    }
    (out, problems)
}

/// A room row, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DormRoom {
    pub row: usize,
    pub building: String,
    pub room: String,
    pub floor: Option<i32>,
    pub capacity: i64,
    pub gender: Option<Gender>,
}

pub fn rooms(sheet: &Sheet, l: &Layout) -> (Vec<DormRoom>, Vec<Problem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for (row, cells) in &sheet.rows[l.first_data..] {
        let row = *row;
        let get = |c| l.get(cells, c);
        let mut p = Vec::new();
        let building = required(get(Col::Building), "宿舍楼", row, &mut p);
        let room = normalize_room(get(Col::Room).unwrap_or(""));
        if room.is_empty() {
            p.push(Problem::new(row, "房间号", Msg::new("err.import.missing")));
        } else if let Some(first) = seen.insert((building.clone(), room.clone()), row) {
            p.push(Problem::new(
                row,
                "房间号",
                msg!(
                    "err.import.room_twice",
                    room = format!("{building} {room}"),
                    first = first,
                    row = row
                ),
            ));
        }
        let floor = match get(Col::Floor).filter(|f| !f.is_empty()) {
            Some(f) => match f.trim_end_matches(['层', '楼', 'F', 'f']).parse::<i32>() {
                Ok(n) if (-5..=200).contains(&n) => Some(n),
                _ => {
                    p.push(Problem::new(
                        row,
                        "楼层",
                        msg!("err.import.floor", value = f),
                    ));
                    None
                }
            },
            None => floor_of(&room),
        };
        let cap_cell = get(Col::Capacity).unwrap_or("");
        let capacity = match cap_cell.trim_end_matches(['人', '床']).parse::<i64>() {
            Ok(n) if (0..=24).contains(&n) => n,
            _ => {
                p.push(Problem::new(
                    row,
                    "床位数",
                    msg!("err.import.capacity", value = cap_cell),
                ));
                0
            }
        };
        let gender = match get(Col::RoomGender).unwrap_or("") {
            "" | "混合" | "不限" | "mixed" => None,
            g => match Gender::parse(g) {
                Some(g) => Some(g),
                None => {
                    p.push(Problem::new(
                        row,
                        "性别",
                        msg!("err.import.room_gender", value = g),
                    ));
                    None
                }
            },
        };
        if p.is_empty() {
            out.push(DormRoom {
                row,
                building,
                room,
                floor,
                capacity,
                gender,
            });
        }
        problems.extend(p);
    }
    (out, problems)
}

/// A duty roster row, checked on its own (the officer is resolved later).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterDay {
    pub row: usize,
    pub date: chrono::NaiveDate,
    pub shift: String,
    /// A login, or a name to match.
    pub officer: String,
    pub leader: Option<String>,
    pub location: Option<String>,
}

pub fn roster(sheet: &Sheet, l: &Layout) -> (Vec<RosterDay>, Vec<Problem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    if !l.has(Col::Officer) && !l.has(Col::Login) {
        problems.push(Problem::new(
            l.header_row,
            "值班人",
            Msg::new("err.import.officer_column"),
        ));
        return (out, problems);
    }
    let mut seen: HashMap<(chrono::NaiveDate, String, String), usize> = HashMap::new();
    for (row, cells) in &sheet.rows[l.first_data..] {
        let row = *row;
        let get = |c| l.get(cells, c);
        let mut p = Vec::new();
        let date_cell = get(Col::DutyDate).unwrap_or("");
        let date = parse_date(date_cell);
        if date.is_none() {
            p.push(Problem::new(
                row,
                "日期",
                msg!("err.import.bad_date", value = date_cell),
            ));
        }
        let shift = get(Col::Shift)
            .filter(|s| !s.is_empty())
            .unwrap_or("夜班")
            .to_string();
        let officer = get(Col::Login)
            .filter(|s| !s.is_empty())
            .or(get(Col::Officer))
            .unwrap_or("")
            .to_string();
        if officer.is_empty() {
            p.push(Problem::new(row, "值班人", Msg::new("err.import.missing")));
        }
        if let Some(d) = date {
            if let Some(first) = seen.insert((d, shift.clone(), officer.clone()), row) {
                p.push(Problem::new(
                    row,
                    "值班人",
                    msg!(
                        "err.import.officer_twice",
                        officer = &officer,
                        date = d,
                        shift = &shift,
                        first = first,
                        row = row
                    ),
                ));
            }
        }
        if p.is_empty() {
            out.push(RosterDay {
                row,
                date: date.unwrap_or_default(),
                shift,
                officer,
                leader: get(Col::Leader).and_then(opt),
                location: get(Col::Location).and_then(opt),
            });
        }
        problems.extend(p);
    }
    (out, problems)
}
