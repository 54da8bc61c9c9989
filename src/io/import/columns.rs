//! Column names as schools write them, and where each is in a file.

use std::collections::HashMap;

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

/// Every column with its accepted headers, the canonical one first.
/// Headers are compared after [`normalize_header`] (no spaces, `_`, `-`,
/// `*`, trailing `(…)`; ASCII lower case).
pub const ALIASES: &[(Col, &[&str])] = &[
    (
        Col::StudentNo,
        &[
            "学号",
            "学生学号",
            "学生编号",
            "studentid",
            "studentno",
            "studentnumber",
            "sid",
        ],
    ),
    (
        Col::Name,
        &[
            "姓名",
            "学生姓名",
            "名字",
            "name",
            "studentname",
            "fullname",
        ],
    ),
    (Col::Gender, &["性别", "gender", "sex"]),
    (
        Col::College,
        &[
            "学院",
            "院系",
            "所在学院",
            "二级学院",
            "学院名称",
            "书院",
            "系",
            "college",
            "school",
            "department",
        ],
    ),
    (
        Col::Major,
        &[
            "专业",
            "专业名称",
            "所学专业",
            "major",
            "programme",
            "program",
        ],
    ),
    (
        Col::Class,
        &[
            "班级",
            "行政班",
            "行政班级",
            "班级名称",
            "所在班级",
            "class",
            "classname",
        ],
    ),
    (
        Col::Counsellor,
        &[
            "辅导员",
            "辅导员工号",
            "辅导员账号",
            "辅导员姓名",
            "班主任",
            "counsellor",
            "counselor",
            "counsellorlogin",
        ],
    ),
    (
        Col::Building,
        &[
            "宿舍楼",
            "楼栋",
            "楼号",
            "宿舍楼栋",
            "公寓",
            "公寓楼",
            "楼宇",
            "building",
            "dormbuilding",
        ],
    ),
    (
        Col::Room,
        &[
            "房间号",
            "房间",
            "宿舍号",
            "寝室号",
            "寝室",
            "房号",
            "room",
            "roomno",
            "roomnumber",
        ],
    ),
    (Col::Dorm, &["宿舍", "宿舍地址", "住宿", "dorm"]),
    (Col::Bed, &["床位", "床号", "床位号", "bed", "bedno"]),
    (
        Col::Phone,
        &[
            "手机号",
            "手机",
            "手机号码",
            "联系电话",
            "电话",
            "学生电话",
            "学生手机",
            "phone",
            "mobile",
            "phonenumber",
        ],
    ),
    (
        Col::IdNumber,
        &[
            "身份证号",
            "身份证",
            "身份证号码",
            "证件号码",
            "证件号",
            "idnumber",
            "idcard",
            "nationalid",
        ],
    ),
    (
        Col::Guardian1Name,
        &[
            "家长姓名",
            "监护人",
            "监护人姓名",
            "家长",
            "家长1姓名",
            "parentname",
            "guardianname",
            "guardian",
        ],
    ),
    (
        Col::Guardian1Relation,
        &[
            "家长关系",
            "与学生关系",
            "关系",
            "监护人关系",
            "家长1关系",
            "parentrelation",
            "guardianrelation",
            "relation",
        ],
    ),
    (
        Col::Guardian1Phone,
        &[
            "家长电话",
            "家长手机",
            "家长联系电话",
            "监护人电话",
            "家长联系方式",
            "家庭联系电话",
            "家长1电话",
            "parentphone",
            "guardianphone",
        ],
    ),
    (
        Col::Guardian2Name,
        &[
            "家长2姓名",
            "监护人2",
            "监护人2姓名",
            "第二监护人",
            "parent2name",
            "guardian2name",
        ],
    ),
    (
        Col::Guardian2Relation,
        &[
            "家长2关系",
            "监护人2关系",
            "parent2relation",
            "guardian2relation",
        ],
    ),
    (
        Col::Guardian2Phone,
        &["家长2电话", "监护人2电话", "parent2phone", "guardian2phone"],
    ),
    (
        Col::AcademicWarning,
        &["学籍预警", "学业预警", "预警", "academicwarning"],
    ),
    (
        Col::AcademicWarningDate,
        &[
            "学籍预警日期",
            "学业预警日期",
            "预警日期",
            "academicwarningdate",
        ],
    ),
    (
        Col::AcademicAction,
        &["学籍处理", "学籍异动", "academicaction"],
    ),
    (
        Col::AcademicActionDate,
        &["学籍处理日期", "academicactiondate"],
    ),
    (
        Col::Discipline,
        &["纪律处分", "处分", "违纪处分", "discipline"],
    ),
    (
        Col::DisciplineDate,
        &["纪律处分日期", "处分日期", "disciplinedate"],
    ),
    (
        Col::KeyConcern,
        &[
            "重点关注",
            "关注等级",
            "重点关注等级",
            "keyconcern",
            "keyconcernlevel",
        ],
    ),
    (
        Col::KeyConcernReason,
        &["关注原因", "重点关注原因", "keyconcernreason"],
    ),
    (
        Col::KeyConcernDate,
        &["关注日期", "重点关注日期", "keyconcerndate"],
    ),
    (
        Col::Special,
        &[
            "特殊群体",
            "特殊群体类别",
            "六类特殊群体",
            "specialgroup",
            "specialgroups",
        ],
    ),
    (
        Col::Financial,
        &[
            "困难等级",
            "家庭经济困难",
            "经济困难等级",
            "家庭经济困难等级",
            "困难认定",
            "financialdifficulty",
            "hardship",
        ],
    ),
    (
        Col::Login,
        &[
            "登录名",
            "工号",
            "账号",
            "用户名",
            "login",
            "username",
            "account",
        ],
    ),
    (Col::Roles, &["角色", "岗位", "身份", "role", "roles"]),
    (Col::Floor, &["楼层", "层", "floor"]),
    (
        Col::Capacity,
        &[
            "床位数",
            "床数",
            "床位数量",
            "容量",
            "beds",
            "capacity",
            "bedcount",
        ],
    ),
    (Col::RoomGender, &["性别", "房间性别", "gender"]),
    (Col::DutyDate, &["日期", "值班日期", "date", "dutydate"]),
    (Col::Shift, &["班次", "值班班次", "shift"]),
    (Col::Officer, &["值班人", "值班员", "值班人员", "officer"]),
    (
        Col::Leader,
        &["值班领导", "带班领导", "领导", "leader", "leaderoncall"],
    ),
    (
        Col::Location,
        &["地点", "值班地点", "谈话地点", "location", "place"],
    ),
    (
        Col::When,
        &[
            "时间",
            "日期",
            "谈话时间",
            "谈话日期",
            "联系时间",
            "联系日期",
            "召开时间",
            "开会时间",
            "查课时间",
            "听课时间",
            "time",
            "date",
        ],
    ),
    (
        Col::RecordKind,
        &[
            "类型",
            "谈话类型",
            "谈话类别",
            "台账类型",
            "记录类型",
            "类别",
            "kind",
            "type",
        ],
    ),
    (
        Col::Content,
        &[
            "内容",
            "谈话内容",
            "联系内容",
            "谈话记录",
            "谈话摘要",
            "沟通内容",
            "content",
            "summary",
        ],
    ),
    (
        Col::FollowUp,
        &["后续跟进", "跟进措施", "跟进事项", "followup"],
    ),
    (Col::FollowUpDue, &["跟进期限", "跟进日期", "followupdue"]),
    (Col::NextTalk, &["下次谈话", "下次谈话时间", "nexttalk"]),
    (Col::Sensitive, &["敏感", "是否敏感", "sensitive"]),
    (Col::Channel, &["联系方式", "方式", "沟通方式", "channel"]),
    (
        Col::Person,
        &["联系人", "家长", "联系对象", "家长姓名", "person"],
    ),
    (Col::Reason, &["事由", "联系事由", "原因", "reason"]),
    (
        Col::Topic,
        &["主题", "班会主题", "会议主题", "课程", "topic"],
    ),
    (
        Col::Attendance,
        &["出勤人数", "实到人数", "出勤", "attendance"],
    ),
    (
        Col::Absentees,
        &["缺勤", "缺勤人员", "缺勤名单", "absentees"],
    ),
    (Col::Note, &["备注", "说明", "note"]),
    (
        Col::Recorder,
        &[
            "辅导员",
            "记录人",
            "谈话人",
            "联系教师",
            "记录教师",
            "recorder",
            "author",
        ],
    ),
];

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
