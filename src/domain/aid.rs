//! The aid specialist's own records (资助专员): home visits (家访) and the
//! growth file (成长档案) of financially-difficult students. Pure types and
//! checks; the store keeps them, `app::aid` writes and reads them.
//!
//! Seed 001 五 发展型资助 二: 「家庭经济困难学生家访全覆盖，高校学生必访（可线
//! 上线下相结合），家访过程突出隐私保护、尊严维护、政策宣传和教育关怀」 — a visit
//! is in person or online; a phone call is not a visit.
//! Seed 001 六(一)2: 「二级学院建立学生发展型资助成长档案（全体家庭经济困难学
//! 生），记录学生的资助历史、家庭走访、学生特点、成长奖励等情况」 — the kinds of
//! a growth-file entry below.

use chrono::NaiveDate;

use crate::error::Msg;

/// How a home visit was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VisitMode {
    /// 实地走访
    InPerson,
    /// 线上家访 (video)
    Online,
}

impl VisitMode {
    pub const ALL: [VisitMode; 2] = [VisitMode::InPerson, VisitMode::Online];
    pub fn code(self) -> &'static str {
        match self {
            VisitMode::InPerson => "in_person",
            VisitMode::Online => "online",
        }
    }
    /// Key of the mode's name in the UI catalogue.
    pub fn i18n_key(self) -> &'static str {
        match self {
            VisitMode::InPerson => "visit_mode.in_person",
            VisitMode::Online => "visit_mode.online",
        }
    }
    /// A code, or a name as people type it (线下, 实地, 线上, 视频 …).
    pub fn parse(s: &str) -> Option<VisitMode> {
        let t = s.trim().to_ascii_lowercase().replace('-', "_");
        match t.as_str() {
            "in_person" | "inperson" | "offline" | "线下" | "实地" | "上门" | "实地走访" => {
                Some(VisitMode::InPerson)
            }
            "online" | "video" | "线上" | "视频" | "线上家访" => Some(VisitMode::Online),
            _ => None,
        }
    }
}

/// What a growth-file entry records (001 六(一)2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GrowthKind {
    /// 资助帮扶: aid or support given (资助历史)
    Support,
    /// 成长奖励: a reward, a public commendation, a post or study trip
    Reward,
    /// 成绩进步: an achievement
    Achievement,
    /// 学生特点: a trait seen
    Trait,
    /// 变化: a change in the student or the family
    Change,
}

impl GrowthKind {
    pub const ALL: [GrowthKind; 5] = [
        GrowthKind::Support,
        GrowthKind::Reward,
        GrowthKind::Achievement,
        GrowthKind::Trait,
        GrowthKind::Change,
    ];
    pub fn code(self) -> &'static str {
        match self {
            GrowthKind::Support => "support",
            GrowthKind::Reward => "reward",
            GrowthKind::Achievement => "achievement",
            GrowthKind::Trait => "trait",
            GrowthKind::Change => "change",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            GrowthKind::Support => "资助帮扶",
            GrowthKind::Reward => "成长奖励",
            GrowthKind::Achievement => "成绩进步",
            GrowthKind::Trait => "学生特点",
            GrowthKind::Change => "变化",
        }
    }
    pub fn i18n_key(self) -> &'static str {
        match self {
            GrowthKind::Support => "growth_kind.support",
            GrowthKind::Reward => "growth_kind.reward",
            GrowthKind::Achievement => "growth_kind.achievement",
            GrowthKind::Trait => "growth_kind.trait",
            GrowthKind::Change => "growth_kind.change",
        }
    }
    pub fn parse(s: &str) -> Option<GrowthKind> {
        let t = s.trim();
        let low = t.to_ascii_lowercase();
        GrowthKind::ALL.into_iter().find(|k| {
            k.code() == low
                || k.zh() == t
                || match k {
                    GrowthKind::Support => matches!(t, "资助" | "帮扶"),
                    GrowthKind::Reward => matches!(t, "奖励" | "表彰"),
                    GrowthKind::Achievement => matches!(t, "成绩" | "进步" | "成就"),
                    GrowthKind::Trait => t == "特点",
                    GrowthKind::Change => t == "变化情况",
                }
        })
    }
}

/// A home visit as read back (the newest version of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomeVisit {
    pub id: i64,
    /// The original this is a version of (`None`: it is the original).
    pub amends: Option<i64>,
    pub student_id: i64,
    pub author_id: i64,
    pub author: String,
    pub visited_on: NaiveDate,
    pub mode: VisitMode,
    /// Who went, by name (the author among them).
    pub went: Vec<String>,
    /// The family's address, situation and the needs found: privacy.aid;
    /// `None` for a reader who may not see them.
    pub address: Option<String>,
    pub family: Option<String>,
    pub needs: Option<String>,
    pub next_step: Option<String>,
}

/// A growth-file entry as read back (the newest version of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrowthEntry {
    pub id: i64,
    pub amends: Option<i64>,
    pub student_id: i64,
    pub author: String,
    pub noted_on: NaiveDate,
    pub kind: GrowthKind,
    pub text: String,
}

/// The grade (年级) of a student: the year of entry, read from the first
/// four digits of the 学号 (20230100017 → 2023), else from the class's
/// name (计科2301 → 2023); `None` when neither says.
pub fn grade_of(student_no: &str, class: Option<&str>) -> Option<i32> {
    let year = |s: &str| s.parse::<i32>().ok().filter(|y| (1990..=2100).contains(y));
    let head: String = student_no.chars().take(4).collect();
    if head.len() == 4 && head.chars().all(|c| c.is_ascii_digit()) {
        if let Some(y) = year(&head) {
            return Some(y);
        }
    }
    let digits: String = class?
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if digits.len() >= 2 {
        return year(&format!("20{}", &digits[..2]));
    }
    None
}

/// A home visit's fields checked before it is written: a date not in the
/// future, and the family situation said. Returns the message naming what
/// to fix.
pub fn check_visit(on: NaiveDate, today: NaiveDate, family: &str) -> Result<(), Msg> {
    if on > today {
        return Err(crate::msg!("err.aid.visit_future", on = on));
    }
    if family.trim().is_empty() {
        return Err(Msg::new("err.aid.need_family"));
    }
    Ok(())
}

/// A growth-file entry's fields checked: a date not in the future, text.
pub fn check_growth(on: NaiveDate, today: NaiveDate, text: &str) -> Result<(), Msg> {
    if on > today {
        return Err(crate::msg!("err.aid.growth_future", on = on));
    }
    if text.trim().is_empty() {
        return Err(Msg::new("err.aid.need_growth_text"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_and_kinds_parse_as_people_type_them() {
        assert_eq!(VisitMode::parse("线下"), Some(VisitMode::InPerson));
        assert_eq!(VisitMode::parse("online"), Some(VisitMode::Online));
        assert_eq!(
            VisitMode::parse("电话"),
            None,
            "a phone call is not a visit"
        );
        assert_eq!(GrowthKind::parse("成长奖励"), Some(GrowthKind::Reward));
        assert_eq!(GrowthKind::parse("support"), Some(GrowthKind::Support));
        assert_eq!(GrowthKind::parse("随便"), None);
    }

    #[test]
    fn the_grade_comes_from_the_number_else_the_class() {
        assert_eq!(grade_of("20230100017", Some("计科2301")), Some(2023));
        assert_eq!(grade_of("S0017", Some("软工2401")), Some(2024));
        assert_eq!(grade_of("S0017", None), None);
        assert_eq!(grade_of("12", Some("实验班")), None);
    }

    #[test]
    fn a_visit_needs_the_family_situation_and_a_past_date() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert!(check_visit(d("2026-11-20"), d("2026-11-22"), "父母务农").is_ok());
        let e = check_visit(d("2026-11-23"), d("2026-11-22"), "x").unwrap_err();
        assert_eq!(e.key, "err.aid.visit_future");
        let e = check_visit(d("2026-11-20"), d("2026-11-22"), "  ").unwrap_err();
        assert_eq!(e.key, "err.aid.need_family");
        assert!(check_growth(d("2026-11-22"), d("2026-11-22"), "获国家励志奖学金").is_ok());
    }
}
