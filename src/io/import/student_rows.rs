//! Student rows of a roster, parsed and checked on their own (no
//! database): every problem in the file is collected.

use std::collections::HashMap;

use super::columns::{Col, Layout, Problem};
use super::read::Sheet;
use super::rows::{key_cell, opt, required};
use crate::domain::dorm::{normalize_bed, normalize_room, split_combined};
use crate::domain::student::{
    Flag, FlagKind, Gender, Guardian, SpecialGroup, is_no, is_yes, parse_date,
    parse_financial_level, parse_key_concern_level, parse_special_groups,
};
use crate::domain::{idcard, phone};
use crate::error::Msg;
use crate::msg;

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
