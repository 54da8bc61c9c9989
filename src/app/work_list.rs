//! Work lists: the students screen's one filter line. Typed words that
//! name a flag (重点关注 / 关注 and its level, 学籍预警, 学籍处理, 处分,
//! each special group, 困难 and its level), a class (`计科2301`, or a
//! prefix with digits: `计科23`), a building (`2号楼`) or a counsellor
//! filter the list; the other words search by name, pinyin, 学号 or room
//! as before. Words of one sort widen (either class), of different sorts
//! narrow (a flag and a class).

use std::collections::BTreeSet;

use super::student_list::Listed;
use crate::domain::student::{FlagKind, SpecialGroup};

/// A flag condition: a kind (`None`: any special group) and maybe a level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagCond {
    pub kind: Option<FlagKind>,
    pub level: Option<String>,
}

impl FlagCond {
    fn holds(&self, v: &impl Listed) -> bool {
        v.flags().iter().any(|f| {
            let kind_ok = match self.kind {
                Some(k) => f.kind == k,
                None => matches!(f.kind, FlagKind::Special(_)),
            };
            kind_ok
                && self
                    .level
                    .as_deref()
                    .is_none_or(|l| f.level.as_deref() == Some(l))
        })
    }
    /// How the condition reads back (Chinese names, as the list shows them).
    pub fn label(&self) -> String {
        let kind = self.kind.map_or("特殊群体", FlagKind::zh);
        match &self.level {
            Some(l) => format!("{kind}·{l}"),
            None => kind.to_string(),
        }
    }
}

/// The classes, buildings and counsellors of the students listed: what a
/// word may name.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    classes: BTreeSet<String>,
    buildings: BTreeSet<String>,
    counsellors: BTreeSet<String>,
}

impl Vocab {
    /// Of full views (`&StudentView`) or listed ones (`Brief`).
    pub fn of<L: Listed>(views: impl IntoIterator<Item = L>) -> Vocab {
        let mut v = Vocab::default();
        for s in views {
            if let Some(c) = s.class() {
                if !v.classes.contains(c) {
                    v.classes.insert(c.to_string());
                }
            }
            if let Some(b) = s.building() {
                if !v.buildings.contains(b) {
                    v.buildings.insert(b.to_string());
                }
            }
            if let Some(c) = s.counsellor() {
                if !v.counsellors.contains(c) {
                    v.counsellors.insert(c.to_string());
                }
            }
        }
        v
    }
}

/// A filter line, understood.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub flags: Vec<FlagCond>,
    /// Class names, or prefixes of them.
    pub classes: Vec<String>,
    pub buildings: Vec<String>,
    pub counsellors: Vec<String>,
    /// The words left for the name / pinyin / 学号 / room search.
    pub rest: String,
}

/// Words that name a flag kind without its full name.
fn flag_word(w: &str) -> Option<FlagCond> {
    let kind = |k| {
        Some(FlagCond {
            kind: Some(k),
            level: None,
        })
    };
    match w {
        "关注" | "重点" | "重点关注" | "key_concern" => return kind(FlagKind::KeyConcern),
        "预警" | "学籍预警" | "学业预警" | "academic_warning" => {
            return kind(FlagKind::AcademicWarning);
        }
        "学籍处理" | "学籍异动" | "academic_action" => {
            return kind(FlagKind::AcademicAction);
        }
        "处分" | "纪律处分" | "违纪" | "discipline" => return kind(FlagKind::Discipline),
        "困难" | "经济困难" | "家庭经济困难" | "困难生" | "financial_difficulty" => {
            return kind(FlagKind::FinancialDifficulty);
        }
        "特殊" | "特殊群体" | "六类" | "special" => {
            return Some(FlagCond {
                kind: None,
                level: None,
            });
        }
        _ => {}
    }
    if let Some(g) = SpecialGroup::parse(w) {
        return kind(FlagKind::Special(g));
    }
    // a level alone (特别困难, 红色预警, 记过), or a word and a level
    // (关注一级, 预警红色)
    for k in FlagKind::all() {
        for l in k.levels() {
            if w == *l && !(k == FlagKind::FinancialDifficulty && *l == "困难") {
                return Some(FlagCond {
                    kind: Some(k),
                    level: Some(l.to_string()),
                });
            }
        }
    }
    for split in w.char_indices().map(|(i, _)| i).skip(1) {
        let (head, tail) = w.split_at(split);
        if let Some(FlagCond {
            kind: Some(k),
            level: None,
        }) = flag_word(head)
        {
            let hit = k
                .levels()
                .iter()
                .find(|l| **l == tail || l.trim_end_matches("预警") == tail);
            if let Some(l) = hit {
                return Some(FlagCond {
                    kind: Some(k),
                    level: Some(l.to_string()),
                });
            }
        }
    }
    None
}

impl ListFilter {
    pub fn parse(line: &str, vocab: &Vocab) -> ListFilter {
        let mut f = ListFilter::default();
        let mut rest = Vec::new();
        for w in line.split_whitespace() {
            if let Some(c) = flag_word(w) {
                if !f.flags.contains(&c) {
                    f.flags.push(c);
                }
            } else if vocab.classes.contains(w)
                || (w.chars().any(|c| c.is_ascii_digit())
                    && !w.is_ascii()
                    && vocab.classes.iter().any(|c| c.starts_with(w)))
            {
                f.classes.push(w.to_string());
            } else if let Some(b) = building(w, vocab) {
                f.buildings.push(b);
            } else if vocab.counsellors.contains(w) {
                f.counsellors.push(w.to_string());
            } else {
                rest.push(w);
            }
        }
        f.rest = rest.join(" ");
        f
    }

    /// Does the line filter anything (beyond the search words)?
    pub fn filters(&self) -> bool {
        !(self.flags.is_empty()
            && self.classes.is_empty()
            && self.buildings.is_empty()
            && self.counsellors.is_empty())
    }

    pub fn matches(&self, v: impl Listed) -> bool {
        (self.flags.is_empty() || self.flags.iter().any(|c| c.holds(&v)))
            && (self.classes.is_empty()
                || v.class()
                    .is_some_and(|c| self.classes.iter().any(|w| c.starts_with(w.as_str()))))
            && (self.buildings.is_empty()
                || v.building()
                    .is_some_and(|b| self.buildings.iter().any(|x| x == b)))
            && (self.counsellors.is_empty()
                || v.counsellor()
                    .is_some_and(|c| self.counsellors.iter().any(|x| x == c)))
    }

    /// The filter as it was understood: `重点关注 · 计科2301 · 2号楼`.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = self.flags.iter().map(FlagCond::label).collect();
        parts.extend(self.classes.iter().cloned());
        parts.extend(self.buildings.iter().cloned());
        parts.extend(self.counsellors.iter().cloned());
        parts.join(" · ")
    }
}

/// A building as typed: its name (`2号楼`), or without 楼 (`2号`).
fn building(w: &str, vocab: &Vocab) -> Option<String> {
    if vocab.buildings.contains(w) {
        return Some(w.to_string());
    }
    let with = format!("{w}楼");
    vocab.buildings.contains(&with).then_some(with)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_words_and_levels() {
        let k = |w: &str| flag_word(w).map(|c| (c.kind, c.level));
        assert_eq!(k("关注"), Some((Some(FlagKind::KeyConcern), None)));
        assert_eq!(
            k("关注一级"),
            Some((Some(FlagKind::KeyConcern), Some("一级".into())))
        );
        assert_eq!(
            k("特别困难"),
            Some((Some(FlagKind::FinancialDifficulty), Some("特别困难".into())))
        );
        assert_eq!(k("困难"), Some((Some(FlagKind::FinancialDifficulty), None)));
        assert_eq!(
            k("预警红色"),
            Some((Some(FlagKind::AcademicWarning), Some("红色预警".into())))
        );
        assert_eq!(
            k("孤儿"),
            Some((Some(FlagKind::Special(SpecialGroup::Orphan)), None))
        );
        assert_eq!(k("记过").map(|x| x.0), Some(Some(FlagKind::Discipline)));
        assert_eq!(k("张三"), None);
    }

    #[test]
    fn words_sorted_into_filters() {
        let vocab = Vocab {
            classes: ["计科2301", "计科2302", "数据2301"]
                .map(String::from)
                .into(),
            buildings: ["2号楼", "3号楼"].map(String::from).into(),
            counsellors: ["李娜"].map(String::from).into(),
        };
        let f = ListFilter::parse("关注 计科2301 2号 李娜 zs", &vocab);
        assert_eq!(f.flags.len(), 1);
        assert_eq!(f.classes, vec!["计科2301"]);
        assert_eq!(f.buildings, vec!["2号楼"]);
        assert_eq!(f.counsellors, vec!["李娜"]);
        assert_eq!(f.rest, "zs");
        // a prefix with digits names the classes it begins
        assert_eq!(ListFilter::parse("计科23", &vocab).classes, vec!["计科23"]);
        // a number alone is a 学号 or a room, searched
        assert_eq!(ListFilter::parse("2301", &vocab).rest, "2301");
        assert!(!ListFilter::parse("张三", &vocab).filters());
    }
}
