//! Students and the flags that change how staff must look after them.

use crate::error::Msg;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Gender {
    #[serde(rename = "M")]
    Male,
    #[serde(rename = "F")]
    Female,
}

impl Gender {
    pub fn parse(s: &str) -> Option<Gender> {
        match s.trim().to_ascii_lowercase().as_str() {
            "男" | "m" | "male" | "1" | "男性" => Some(Gender::Male),
            "女" | "f" | "female" | "2" | "女性" => Some(Gender::Female),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Gender::Male => "M",
            Gender::Female => "F",
        }
    }
    pub fn from_code(s: &str) -> Option<Gender> {
        match s {
            "M" => Some(Gender::Male),
            "F" => Some(Gender::Female),
            _ => None,
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }
}

/// The six special groups of seed 003 一、帮扶对象:
/// 「孤儿、残疾、低保家庭、脱贫家庭、少数民族预科生、退役士兵。」
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecialGroup {
    Orphan,
    Disability,
    SubsistenceAllowance,
    PovertyAlleviated,
    MinorityPreparatory,
    Veteran,
}

impl SpecialGroup {
    pub const ALL: [SpecialGroup; 6] = [
        SpecialGroup::Orphan,
        SpecialGroup::Disability,
        SpecialGroup::SubsistenceAllowance,
        SpecialGroup::PovertyAlleviated,
        SpecialGroup::MinorityPreparatory,
        SpecialGroup::Veteran,
    ];
    pub fn zh(self) -> &'static str {
        match self {
            SpecialGroup::Orphan => "孤儿",
            SpecialGroup::Disability => "残疾",
            SpecialGroup::SubsistenceAllowance => "低保家庭",
            SpecialGroup::PovertyAlleviated => "脱贫家庭",
            SpecialGroup::MinorityPreparatory => "少数民族预科生",
            SpecialGroup::Veteran => "退役士兵",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            SpecialGroup::Orphan => "orphan",
            SpecialGroup::Disability => "disability",
            SpecialGroup::SubsistenceAllowance => "subsistence_allowance",
            SpecialGroup::PovertyAlleviated => "poverty_alleviated",
            SpecialGroup::MinorityPreparatory => "minority_preparatory",
            SpecialGroup::Veteran => "veteran",
        }
    }
    pub fn parse(s: &str) -> Option<SpecialGroup> {
        let t = s.trim().to_ascii_lowercase();
        Some(match t.as_str() {
            "孤儿" | "orphan" => SpecialGroup::Orphan,
            "残疾" | "残疾学生" | "残疾人" | "disability" | "disabled" => {
                SpecialGroup::Disability
            }
            "低保" | "低保家庭" | "低保户" | "subsistence_allowance" | "dibao" => {
                SpecialGroup::SubsistenceAllowance
            }
            "脱贫" | "脱贫家庭" | "脱贫户" | "建档立卡" | "poverty_alleviated" => {
                SpecialGroup::PovertyAlleviated
            }
            "少数民族预科生" | "预科生" | "民族预科" | "minority_preparatory" => {
                SpecialGroup::MinorityPreparatory
            }
            "退役士兵" | "退役军人" | "退伍军人" | "veteran" => SpecialGroup::Veteran,
            _ => return SpecialGroup::ALL.into_iter().find(|g| g.code() == t),
        })
    }
}

/// Every kind of flag a student can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum FlagKind {
    /// 学籍预警 — academic warning (seed 002 一(一); RULES talk.warned, talk.warning-3d).
    AcademicWarning,
    /// 学籍处理 — academic action (suspension, repeat year…).
    AcademicAction,
    /// 纪律处分 — disciplinary sanction.
    Discipline,
    /// 重点关注 — key concern, with a level and a reason (seed 004 篇五).
    KeyConcern,
    /// One of the six special groups (seed 003).
    Special(SpecialGroup),
    /// 家庭经济困难 — financial difficulty, with a level (seed 001).
    FinancialDifficulty,
}

/// What part of the access policy a flag kind falls under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlagClass {
    Academic,
    KeyConcern,
    Special,
    Financial,
}

impl FlagKind {
    pub fn all() -> Vec<FlagKind> {
        let mut v = vec![
            FlagKind::AcademicWarning,
            FlagKind::AcademicAction,
            FlagKind::Discipline,
            FlagKind::KeyConcern,
        ];
        v.extend(SpecialGroup::ALL.into_iter().map(FlagKind::Special));
        v.push(FlagKind::FinancialDifficulty);
        v
    }
    pub fn code(self) -> String {
        match self {
            FlagKind::AcademicWarning => "academic_warning".into(),
            FlagKind::AcademicAction => "academic_action".into(),
            FlagKind::Discipline => "discipline".into(),
            FlagKind::KeyConcern => "key_concern".into(),
            FlagKind::Special(g) => format!("special:{}", g.code()),
            FlagKind::FinancialDifficulty => "financial_difficulty".into(),
        }
    }
    /// The kind [`FlagKind::code`] wrote (read for every standing flag of
    /// the school: no allocation).
    pub fn from_code(s: &str) -> Option<FlagKind> {
        Some(match s {
            "academic_warning" => FlagKind::AcademicWarning,
            "academic_action" => FlagKind::AcademicAction,
            "discipline" => FlagKind::Discipline,
            "key_concern" => FlagKind::KeyConcern,
            "financial_difficulty" => FlagKind::FinancialDifficulty,
            _ => {
                let g = s.strip_prefix("special:")?;
                FlagKind::Special(SpecialGroup::ALL.into_iter().find(|x| x.code() == g)?)
            }
        })
    }
    pub fn zh(self) -> &'static str {
        match self {
            FlagKind::AcademicWarning => "学籍预警",
            FlagKind::AcademicAction => "学籍处理",
            FlagKind::Discipline => "纪律处分",
            FlagKind::KeyConcern => "重点关注",
            FlagKind::Special(g) => g.zh(),
            FlagKind::FinancialDifficulty => "家庭经济困难",
        }
    }
    /// Key of the flag's name in the UI catalogue.
    pub fn i18n_key(self) -> String {
        format!("flagkind.{}", self.code().replace(':', "_"))
    }
    /// Key of the flag's short name (list column).
    pub fn short_key(self) -> &'static str {
        match self {
            FlagKind::AcademicWarning => "flagshort.academic_warning",
            FlagKind::AcademicAction => "flagshort.academic_action",
            FlagKind::Discipline => "flagshort.discipline",
            FlagKind::KeyConcern => "flagshort.key_concern",
            FlagKind::Special(_) => "flagshort.special",
            FlagKind::FinancialDifficulty => "flagshort.financial_difficulty",
        }
    }
    pub fn class(self) -> FlagClass {
        match self {
            FlagKind::AcademicWarning | FlagKind::AcademicAction | FlagKind::Discipline => {
                FlagClass::Academic
            }
            FlagKind::KeyConcern => FlagClass::KeyConcern,
            FlagKind::Special(_) => FlagClass::Special,
            FlagKind::FinancialDifficulty => FlagClass::Financial,
        }
    }
    /// The academic and discipline flags are dated by the decision: the
    /// 3-working-day talk and the 1-week family notice run from that date.
    pub fn needs_date(self) -> bool {
        self.class() == FlagClass::Academic
    }
    /// Levels a school uses for this flag; empty when the flag has none.
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            FlagKind::Discipline => &["警告", "严重警告", "记过", "留校察看"],
            FlagKind::KeyConcern => &["一级", "二级", "三级"],
            FlagKind::FinancialDifficulty => &["特别困难", "困难", "一般困难"],
            FlagKind::AcademicWarning => &["黄色预警", "橙色预警", "红色预警"],
            _ => &[],
        }
    }
}

/// A flag that stands on a student now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    pub kind: FlagKind,
    pub level: Option<String>,
    pub since: Option<NaiveDate>,
    pub note: Option<String>,
}

/// Reads a financial-difficulty cell: a level, or a word meaning "none".
pub fn parse_financial_level(s: &str) -> Result<Option<String>, Msg> {
    let t = s.trim();
    if is_no(t) || t == "不困难" {
        return Ok(None);
    }
    let level = match t {
        "特别困难" | "特困" | "特殊困难" | "A" | "a" => "特别困难",
        "困难" | "比较困难" | "B" | "b" => "困难",
        "一般困难" | "一般" | "C" | "c" => "一般困难",
        _ => {
            return Err(crate::msg!("err.import.financial", value = t));
        }
    };
    Ok(Some(level.into()))
}

/// Reads a key-concern cell: 一级/二级/三级 (also 1/2/3, 高/中/低) set the
/// flag with that level; a bare 是 sets it without a level; a "no" word
/// (see [`is_no`]) gives `None`, meaning not flagged.
pub fn parse_key_concern_level(s: &str) -> Result<Option<Option<String>>, Msg> {
    let t = s.trim();
    if is_no(t) {
        return Ok(None);
    }
    let level = match t {
        "一级" | "1" | "1级" | "高" | "一级关注" => Some("一级"),
        "二级" | "2" | "2级" | "中" | "二级关注" => Some("二级"),
        "三级" | "3" | "3级" | "低" | "三级关注" => Some("三级"),
        "是" | "Y" | "y" | "yes" | "√" | "重点关注" => None,
        _ => {
            return Err(crate::msg!("err.import.key_concern", value = t));
        }
    };
    Ok(Some(level.map(String::from)))
}

/// Words a roster uses for "no / not flagged".
pub fn is_no(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "" | "否" | "无" | "0" | "n" | "no" | "false" | "-" | "—" | "/" | "×"
    )
}

/// Words a roster uses for "yes".
pub fn is_yes(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "是" | "有" | "1" | "y" | "yes" | "true" | "√"
    )
}

/// Splits a special-group cell such as `低保家庭、残疾`.
pub fn parse_special_groups(s: &str) -> Result<Vec<SpecialGroup>, Msg> {
    let mut out = Vec::new();
    if is_no(s) {
        return Ok(out);
    }
    for part in s
        .split(['、', ',', '，', ';', '；', '/', '|', ' '])
        .filter(|p| !p.trim().is_empty())
    {
        match SpecialGroup::parse(part) {
            Some(g) => {
                if !out.contains(&g) {
                    out.push(g)
                }
            }
            None => {
                return Err(crate::msg!("err.import.special", value = part.trim()));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Parses a date as rosters write it: 2026-11-18, 2026/11/18, 2026.11.18,
/// 20261118, 2026年11月18日.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    // the stored form, as the 待办 reads it by the hundred thousand: the
    // digits taken as they are (no trimming, splitting or number parsing)
    let b = s.as_bytes();
    if b.len() == 10 || (b.len() > 10 && matches!(b[10], b' ' | b'T')) {
        if let Some(d) = iso_day(&b[..10]) {
            return Some(d);
        }
    }
    let t = s.trim();
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    // the stored form (YYYY-MM-DD), read by the thousand for the 待办
    let b = t.as_bytes();
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    {
        let n = |r: std::ops::Range<usize>| t[r].parse::<u32>().ok();
        return NaiveDate::from_ymd_opt(n(0..4)? as i32, n(5..7)?, n(8..10)?);
    }
    if t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()) {
        return NaiveDate::parse_from_str(t, "%Y%m%d").ok();
    }
    let unified: String = t
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            '日' => ' ',
            c => c,
        })
        .collect();
    NaiveDate::parse_from_str(unified.trim(), "%Y-%m-%d").ok()
}

/// `YYYY-MM-DD` from its ten bytes.
fn iso_day(b: &[u8]) -> Option<NaiveDate> {
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |v, c| {
            c.is_ascii_digit().then(|| v * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(n(0..4)? as i32, n(5..7)?, n(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flag_kind_reads_back_from_its_code() {
        for k in FlagKind::all() {
            assert_eq!(FlagKind::from_code(&k.code()), Some(k));
        }
        for bad in ["", "special:", "special:nobody", "Discipline", "special"] {
            assert_eq!(FlagKind::from_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_in_school_formats() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 8).unwrap();
        for s in [
            "2026-11-08",
            "2026/11/8",
            "2026.11.08",
            "20261108",
            "2026年11月8日",
            "2026-11-08 00:00:00",
            "2026-11-08T23:59:59Z",
            " 2026-11-08",
        ] {
            assert_eq!(parse_date(s), Some(d), "{s}");
        }
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("2026-00-10"), None);
        assert_eq!(
            parse_date("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(parse_date("明天"), None);
        assert_eq!(parse_date("2026-1a-08"), None);
        assert_eq!(parse_date("2026-11-08x"), None);
    }

    #[test]
    fn special_groups_from_a_cell() {
        assert_eq!(
            parse_special_groups("低保家庭、残疾").unwrap(),
            vec![SpecialGroup::Disability, SpecialGroup::SubsistenceAllowance]
        );
        assert!(parse_special_groups("无").unwrap().is_empty());
        assert!(parse_special_groups("单亲").is_err());
    }

    #[test]
    fn flag_codes_round_trip() {
        for k in FlagKind::all() {
            assert_eq!(FlagKind::from_code(&k.code()), Some(k));
        }
        assert_eq!(FlagKind::all().len(), 11);
    }

    #[test]
    fn levels() {
        assert_eq!(
            parse_financial_level("特困").unwrap().as_deref(),
            Some("特别困难")
        );
        assert_eq!(parse_financial_level("").unwrap(), None);
        assert!(parse_financial_level("很穷").is_err());
        assert_eq!(
            parse_key_concern_level("2").unwrap(),
            Some(Some("二级".into()))
        );
        assert_eq!(parse_key_concern_level("是").unwrap(), Some(None));
        assert_eq!(parse_key_concern_level("否").unwrap(), None);
        assert_eq!(Gender::parse("女"), Some(Gender::Female));
    }
}

/// A parent or guardian to contact.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Guardian {
    pub name: Option<String>,
    pub relation: Option<String>,
    pub phone: Option<String>,
}

/// Where a student sleeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DormPlace {
    pub building: String,
    pub room: String,
    pub bed: String,
}

impl DormPlace {
    /// `3-512`, the key staff use to name a room.
    pub fn room_key(&self) -> String {
        crate::domain::dorm::room_key(&self.building, &self.room)
    }
}

/// A student with what the roster holds about them. Which parts a staff
/// member may see is decided by the access policy, not here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudentRecord {
    pub id: i64,
    pub student_no: String,
    pub name: String,
    pub gender: Option<Gender>,
    pub college_id: i64,
    pub college: String,
    pub major: Option<String>,
    pub class_id: Option<i64>,
    pub class: Option<String>,
    pub counsellor_id: Option<i64>,
    pub counsellor: Option<String>,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub dorm: Option<DormPlace>,
    pub guardians: Vec<Guardian>,
    pub flags: Vec<Flag>,
}

impl StudentRecord {
    pub fn flag(&self, kind: FlagKind) -> Option<&Flag> {
        self.flags.iter().find(|f| f.kind == kind)
    }
}
