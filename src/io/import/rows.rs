//! Rows of a roster, parsed and checked on their own (no database): every
//! problem is collected so that the whole file can be fixed in one go.

use std::collections::HashMap;

use super::columns::{Col, Layout, Problem};
use super::read::Sheet;
use crate::domain::dorm::{floor_of, normalize_bed, normalize_room, split_combined};
use crate::domain::staff::{Role, parse_roles};
use crate::domain::student::{
    Flag, FlagKind, Gender, Guardian, SpecialGroup, is_no, is_yes, parse_date,
    parse_financial_level, parse_key_concern_level, parse_special_groups,
};
use crate::domain::{idcard, phone};
use crate::error::Msg;
use crate::msg;

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

/// A dorm place named by a row. An empty `bed` means "a free bed of the
/// room" (many rosters give only the room).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Place {
    pub building: String,
    pub room: String,
    pub bed: String,
}

/// A student row, checked. A field is `None` when the file has no such
/// column: the database keeps what it has. A column present with an empty
/// cell clears the value.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentRow {
    pub row: usize,
    pub student_no: String,
    pub name: String,
    pub college: String,
    pub gender: Option<Option<Gender>>,
    pub major: Option<Option<String>>,
    pub class: Option<Option<String>>,
    pub counsellor: Option<Option<String>>,
    pub place: Option<Option<Place>>,
    pub phone: Option<Option<String>>,
    pub id_number: Option<Option<String>>,
    pub guardians: Option<Vec<Guardian>>,
    /// Flags whose columns the file has: `Some` sets, `None` clears.
    pub flags: Vec<(FlagKind, Option<Flag>)>,
}

/// Checks a key cell (学号, 登录名): present, well formed, once in the file.
fn key_cell(
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
fn required(value: Option<&str>, column: &str, row: usize, p: &mut Vec<Problem>) -> String {
    let v = value.unwrap_or("").to_string();
    if v.is_empty() {
        p.push(Problem::new(row, column, Msg::new("err.import.missing")));
    }
    v
}

fn opt(s: &str) -> Option<String> {
    if s.is_empty() {
        None
    } else {
        Some(s.to_string())
    }
}

/// Parses a dated flag: the cell is a date, a level, or yes/no; the date
/// may come from a companion column.
fn dated_flag(
    kind: FlagKind,
    cell: &str,
    date_cell: Option<&str>,
    row: usize,
    col: Col,
    problems: &mut Vec<Problem>,
) -> Option<Flag> {
    if is_no(cell) {
        return None;
    }
    let mut since = None;
    let mut level = None;
    for part in cell
        .split([' ', '，', ',', '(', ')', '（', '）'])
        .filter(|p| !p.is_empty())
    {
        if let Some(d) = parse_date(part) {
            since = Some(d);
        } else if is_yes(part) {
        } else if kind.levels().contains(&part) || kind.levels().is_empty() {
            level = Some(part.to_string());
        } else {
            problems.push(Problem::new(
                row,
                col.label(),
                msg!(
                    "err.import.flag_cell",
                    value = cell,
                    choices = kind.levels().join("、")
                ),
            ));
            return None;
        }
    }
    if let Some(dc) = date_cell.filter(|d| !d.is_empty()) {
        match parse_date(dc) {
            Some(d) => since = Some(d),
            None => {
                problems.push(Problem::new(
                    row,
                    format!("{}日期", col.label()),
                    msg!("err.import.bad_date", value = dc),
                ));
                return None;
            }
        }
    }
    if since.is_none() {
        problems.push(Problem::new(
            row,
            col.label(),
            msg!("err.import.flag_date", col = col.label()),
        ));
        return None;
    }
    Some(Flag {
        kind,
        level,
        since,
        note: None,
    })
}

pub fn students(sheet: &Sheet, l: &Layout) -> (Vec<StudentRow>, Vec<Problem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut seen_no: HashMap<String, usize> = HashMap::new();
    let mut seen_bed: HashMap<Place, (usize, String)> = HashMap::new();
    for (row, cells) in &sheet.rows[l.first_data..] {
        let row = *row;
        let get = |c| l.get(cells, c);
        let mut p = Vec::new();
        let student_no = get(Col::StudentNo).unwrap_or("").replace(' ', "");
        key_cell(
            &student_no,
            "学号",
            |c| c.is_ascii_alphanumeric(),
            "err.import.key_chars_no",
            &mut seen_no,
            row,
            &mut p,
        );
        let name = required(get(Col::Name), "姓名", row, &mut p);
        let college = required(get(Col::College), "学院", row, &mut p);
        let gender = get(Col::Gender).map(|g| {
            if g.is_empty() {
                return None;
            }
            let parsed = Gender::parse(g);
            if parsed.is_none() {
                p.push(Problem::new(
                    row,
                    "性别",
                    msg!("err.import.gender", value = g),
                ));
            }
            parsed
        });
        let phone_of = |cell: Option<&str>, col: &str, p: &mut Vec<Problem>| {
            cell.map(|v| {
                if v.is_empty() {
                    return None;
                }
                match phone::parse(v) {
                    Ok(ph) => Some(ph),
                    Err(e) => {
                        p.push(Problem::new(row, col, e));
                        None
                    }
                }
            })
        };
        let phone = phone_of(get(Col::Phone), "手机号", &mut p);
        let id_number = get(Col::IdNumber).map(|v| {
            if v.is_empty() {
                return None;
            }
            let col = l.cols[&Col::IdNumber];
            if sheet.imprecise.contains(&(row, col)) {
                p.push(Problem::new(
                    row,
                    "身份证号",
                    Msg::new("err.import.id_imprecise"),
                ));
                return None;
            }
            match idcard::parse(v) {
                Ok(id) => Some(id),
                Err(e) => {
                    p.push(Problem::new(row, "身份证号", e.msg(v)));
                    None
                }
            }
        });
        // dorm: separate building/room columns, or one combined 宿舍 cell
        let place =
            if l.has(Col::Room) || l.has(Col::Dorm) || l.has(Col::Building) || l.has(Col::Bed) {
                let mut building = get(Col::Building).unwrap_or("").to_string();
                let mut room = normalize_room(get(Col::Room).unwrap_or(""));
                if let Some(d) = get(Col::Dorm).filter(|d| !d.is_empty()) {
                    if room.is_empty() {
                        match split_combined(d) {
                            Some((b, r)) if building.is_empty() || building == b => {
                                building = b;
                                room = r;
                            }
                            Some((_, r)) => room = r,
                            None if !building.is_empty() => room = normalize_room(d),
                            None => p.push(Problem::new(
                                row,
                                "宿舍",
                                msg!("err.import.dorm_combined", value = d),
                            )),
                        }
                    }
                }
                let bed = normalize_bed(get(Col::Bed).unwrap_or(""));
                match (building.is_empty(), room.is_empty(), bed.is_empty()) {
                    (true, true, true) => Some(None),
                    // no bed number: the student gets a free bed of the room
                    (false, false, _) => Some(Some(Place {
                        building,
                        room,
                        bed,
                    })),
                    _ => {
                        let missing: Vec<&str> =
                            [(building.is_empty(), "宿舍楼"), (room.is_empty(), "房间号")]
                                .iter()
                                .filter(|(m, _)| *m)
                                .map(|(_, n)| *n)
                                .collect();
                        p.push(Problem::new(
                            row,
                            missing[0],
                            msg!("err.import.dorm_missing", cols = missing.join("、")),
                        ));
                        None
                    }
                }
            } else {
                None
            };
        if let Some(Some(pl)) = place
            .as_ref()
            .filter(|p| matches!(p, Some(pl) if !pl.bed.is_empty()))
        {
            if let Some((first, other)) = seen_bed.insert(pl.clone(), (row, student_no.clone())) {
                p.push(Problem::new(
                    row,
                    "床位",
                    msg!(
                        "err.import.bed_twice",
                        room = format!("{}-{}", pl.building, pl.room),
                        bed = &pl.bed,
                        other = other,
                        first = first,
                        no = &student_no
                    ),
                ));
            }
        }
        let class = get(Col::Class).map(opt);
        let counsellor = get(Col::Counsellor).map(opt);
        if matches!(counsellor, Some(Some(_))) && !matches!(class, Some(Some(_))) {
            p.push(Problem::new(
                row,
                "班级",
                Msg::new("err.import.class_needed"),
            ));
        }
        let guardians = if [
            Col::Guardian1Name,
            Col::Guardian1Phone,
            Col::Guardian2Name,
            Col::Guardian2Phone,
        ]
        .iter()
        .any(|c| l.has(*c))
        {
            let mut gs = Vec::new();
            for (nc, rc, pc, label) in [
                (
                    Col::Guardian1Name,
                    Col::Guardian1Relation,
                    Col::Guardian1Phone,
                    "家长电话",
                ),
                (
                    Col::Guardian2Name,
                    Col::Guardian2Relation,
                    Col::Guardian2Phone,
                    "家长2电话",
                ),
            ] {
                let g = Guardian {
                    name: get(nc).and_then(opt),
                    relation: get(rc).and_then(opt),
                    phone: phone_of(get(pc), label, &mut p).flatten(),
                };
                if g != Guardian::default() {
                    gs.push(g);
                }
            }
            Some(gs)
        } else {
            None
        };
        // flags
        let mut flags = Vec::new();
        for (kind, col, dcol) in [
            (
                FlagKind::AcademicWarning,
                Col::AcademicWarning,
                Col::AcademicWarningDate,
            ),
            (
                FlagKind::AcademicAction,
                Col::AcademicAction,
                Col::AcademicActionDate,
            ),
            (FlagKind::Discipline, Col::Discipline, Col::DisciplineDate),
        ] {
            if let Some(cell) = get(col) {
                let before = p.len();
                let f = dated_flag(kind, cell, get(dcol), row, col, &mut p);
                if p.len() == before {
                    flags.push((kind, f));
                }
            }
        }
        if let Some(cell) = get(Col::KeyConcern) {
            match parse_key_concern_level(cell) {
                Ok(None) => flags.push((FlagKind::KeyConcern, None)),
                Ok(Some(level)) => {
                    let since = match get(Col::KeyConcernDate).filter(|d| !d.is_empty()) {
                        Some(d) => match parse_date(d) {
                            Some(d) => Some(d),
                            None => {
                                p.push(Problem::new(
                                    row,
                                    "关注日期",
                                    msg!("err.import.bad_date", value = d),
                                ));
                                None
                            }
                        },
                        None => None,
                    };
                    let note = get(Col::KeyConcernReason).and_then(opt);
                    flags.push((
                        FlagKind::KeyConcern,
                        Some(Flag {
                            kind: FlagKind::KeyConcern,
                            level,
                            since,
                            note,
                        }),
                    ));
                }
                Err(e) => p.push(Problem::new(row, "重点关注", e)),
            }
        }
        if let Some(cell) = get(Col::Special) {
            match parse_special_groups(cell) {
                Ok(groups) => {
                    for g in SpecialGroup::ALL {
                        let kind = FlagKind::Special(g);
                        let f = groups.contains(&g).then_some(Flag {
                            kind,
                            level: None,
                            since: None,
                            note: None,
                        });
                        flags.push((kind, f));
                    }
                }
                Err(e) => p.push(Problem::new(row, "特殊群体", e)),
            }
        }
        if let Some(cell) = get(Col::Financial) {
            match parse_financial_level(cell) {
                Ok(level) => flags.push((
                    FlagKind::FinancialDifficulty,
                    level.map(|lv| Flag {
                        kind: FlagKind::FinancialDifficulty,
                        level: Some(lv),
                        since: None,
                        note: None,
                    }),
                )),
                Err(e) => p.push(Problem::new(row, "困难等级", e)),
            }
        }
        if p.is_empty() {
            out.push(StudentRow {
                row,
                student_no,
                name,
                college,
                gender,
                major: get(Col::Major).map(opt),
                class,
                counsellor,
                place,
                phone,
                id_number,
                guardians,
                flags,
            });
        }
        problems.extend(p);
    }
    (out, problems)
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
