//! Column names as schools write them, and where each is in a file.

use std::collections::HashMap;

pub use super::aliases::ALIASES;
use super::read::Sheet;
use crate::domain::text::normalize_header;
use crate::error::Msg;
use crate::msg;

/// A column zhiban understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Col {
    StudentNo,
    Name,
    Gender,
    College,
    Major,
    Class,
    Counsellor,
    Building,
    Room,
    Dorm,
    Bed,
    Phone,
    IdNumber,
    Guardian1Name,
    Guardian1Relation,
    Guardian1Phone,
    Guardian2Name,
    Guardian2Relation,
    Guardian2Phone,
    AcademicWarning,
    AcademicWarningDate,
    AcademicAction,
    AcademicActionDate,
    Discipline,
    DisciplineDate,
    KeyConcern,
    KeyConcernReason,
    KeyConcernDate,
    Special,
    Financial,
    Login,
    Roles,
    Floor,
    Capacity,
    RoomGender,
    DutyDate,
    Shift,
    Officer,
    Leader,
    Location,
    // talk, family-contact and class ledgers
    When,
    RecordKind,
    Content,
    FollowUp,
    FollowUpDue,
    NextTalk,
    Sensitive,
    Channel,
    Person,
    Reason,
    Topic,
    Attendance,
    Absentees,
    Note,
    Recorder,
}

impl Col {
    /// The name used in messages: how a Chinese school writes it.
    pub fn label(self) -> &'static str {
        ALIASES
            .iter()
            .find(|(c, _)| *c == self)
            .map(|(_, a)| a[0])
            .unwrap_or("?")
    }
}

/// A problem to report as `FILE:ROW: COLUMN: what is wrong`.
pub use crate::error::Problem;

/// Where the header row is and which column holds what.
#[derive(Debug, Clone)]
pub struct Layout {
    pub header_row: usize,
    /// index into `sheet.rows` of the first data row
    pub first_data: usize,
    pub cols: HashMap<Col, usize>,
    pub ignored: Vec<String>,
}

impl Layout {
    pub fn has(&self, c: Col) -> bool {
        self.cols.contains_key(&c)
    }
    /// The cell of column `c` in `cells`; `None` when the file lacks the column.
    pub fn get<'a>(&self, cells: &'a [String], c: Col) -> Option<&'a str> {
        self.cols
            .get(&c)
            .map(|&i| cells.get(i).map(String::as_str).unwrap_or(""))
    }
}

fn lookup(header: &str, allowed: &[Col]) -> Option<Col> {
    let h = normalize_header(header);
    if h.is_empty() {
        return None;
    }
    for (col, names) in ALIASES {
        if allowed.contains(col) && names.iter().any(|n| normalize_header(n) == h) {
            return Some(*col);
        }
    }
    None
}

/// Finds the header row (the first of the first ten rows naming at least two
/// known columns, so a title row above it is skipped) and maps its columns.
/// `required` columns must be present.
pub fn layout(sheet: &Sheet, allowed: &[Col], required: &[Col]) -> Result<Layout, Vec<Problem>> {
    let header_idx = sheet.rows.iter().take(10).position(|(_, cells)| {
        cells
            .iter()
            .filter(|c| lookup(c, allowed).is_some())
            .count()
            >= 2
    });
    let Some(hi) = header_idx else {
        let row = sheet.rows.first().map_or(1, |r| r.0);
        let want: Vec<&str> = required.iter().map(|c| c.label()).collect();
        return Err(vec![Problem::at(
            row,
            msg!("err.import.no_header", cols = want.join("、")),
        )]);
    };
    let (header_row, cells) = &sheet.rows[hi];
    let mut cols = HashMap::new();
    let mut ignored = Vec::new();
    let mut problems = Vec::new();
    for (i, h) in cells.iter().enumerate() {
        match lookup(h, allowed) {
            Some(c) => {
                if let Some(prev) = cols.insert(c, i) {
                    problems.push(Problem::new(
                        *header_row,
                        h.clone(),
                        msg!(
                            "err.import.column_twice",
                            col = c.label(),
                            a = prev + 1,
                            b = i + 1
                        ),
                    ));
                }
            }
            None if !h.trim().is_empty() => ignored.push(h.clone()),
            None => {}
        }
    }
    for r in required {
        if !cols.contains_key(r) {
            problems.push(Problem::new(
                *header_row,
                r.label(),
                Msg::new("err.import.column_missing"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(Layout {
            header_row: *header_row,
            first_data: hi + 1,
            cols,
            ignored,
        })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| (i + 1, r.iter().map(|s| s.to_string()).collect()))
                .collect(),
            ..Sheet::default()
        }
    }

    #[test]
    fn aliases_and_english_map_in_any_order() {
        let s = sheet(&[
            &["2026级名单", "", ""],
            &["Name", "学生学号", "院系", "备注"],
            &["张三", "1", "x", ""],
        ]);
        let l = layout(
            &s,
            &[Col::StudentNo, Col::Name, Col::College],
            &[Col::StudentNo, Col::Name],
        )
        .unwrap();
        assert_eq!(l.header_row, 2);
        assert_eq!(l.cols[&Col::StudentNo], 1);
        assert_eq!(l.cols[&Col::Name], 0);
        assert_eq!(l.ignored, vec!["备注"]);
        assert_eq!(l.get(&s.rows[2].1, Col::College), Some("x"));
    }

    #[test]
    fn missing_and_duplicate_columns_are_named() {
        let s = sheet(&[&["姓名", "性别", "名字"]]);
        let e = layout(
            &s,
            &[Col::StudentNo, Col::Name, Col::Gender],
            &[Col::StudentNo, Col::Name],
        )
        .unwrap_err();
        assert!(e.iter().any(
            |p| p.column.as_deref() == Some("学号") && p.msg.key == "err.import.column_missing"
        ));
        assert!(e.iter().any(|p| p.msg.key == "err.import.column_twice"));
    }

    #[test]
    fn no_header_names_two_columns_of_one_import() {
        for cols in crate::io::import::rows::ALL_IMPORTS {
            let mut seen = std::collections::HashMap::new();
            for (c, names) in ALIASES.iter().filter(|(c, _)| cols.contains(c)) {
                for n in names.iter() {
                    if let Some(prev) = seen.insert(normalize_header(n), *c) {
                        panic!("alias {n} used by {prev:?} and {c:?} in one import");
                    }
                }
            }
        }
    }
}
