//! The rules file (`assets/rules.toml`): the obligations of RULES.md as
//! data, so a school changes a number without a rebuild. Rule ids are
//! stable. Unknown fields are refused with the rule they are in.

use serde::Deserialize;

use crate::domain::student::FlagKind;
use crate::error::Problem;

/// How often, or by when, a rule asks for something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Semester,
    Quarter,
    Week,
    Month,
    AcademicYear,
    WorkingDays,
    Days,
    Minutes,
    Shift,
    Once,
    Always,
    AtOnce,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub title: String,
    pub who: String,
    pub cadence: Cadence,
    pub source: String,
    /// How many per window (class meetings: 4).
    #[serde(default)]
    pub count: Option<u32>,
    /// A share of students (talk coverage: one third).
    #[serde(default)]
    pub fraction: Option<f64>,
    /// Days (or working days) allowed.
    #[serde(default)]
    pub days: Option<u32>,
    #[serde(default)]
    pub minutes: Option<u32>,
    /// Flag kinds (codes) the rule is about.
    #[serde(default)]
    pub flags: Vec<String>,
    #[serde(default)]
    pub steps: Vec<String>,
    #[serde(default)]
    pub weekday: Option<String>,
    #[serde(default)]
    pub window: Option<[u32; 2]>,
}

impl RuleSpec {
    pub fn flag_kinds(&self) -> Vec<FlagKind> {
        self.flags
            .iter()
            .filter_map(|c| FlagKind::from_code(c))
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rules {
    pub rules: Vec<RuleSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(default)]
    rule: Vec<RuleSpec>,
}

impl Rules {
    pub fn parse(text: &str) -> Result<Rules, Problem> {
        let raw: RawRules = toml::from_str(text).map_err(|e| Problem::toml(text, &e))?;
        let mut seen = std::collections::HashSet::new();
        for r in &raw.rule {
            if !seen.insert(r.id.as_str()) {
                return Err(Problem::at(
                    0,
                    crate::msg!("err.config.rule_twice", id = &r.id),
                ));
            }
            for f in &r.flags {
                if FlagKind::from_code(f).is_none() {
                    return Err(Problem::at(
                        0,
                        crate::msg!("err.config.rule_flag", id = &r.id, flag = f),
                    ));
                }
            }
            if let Some(x) = r.fraction
                && !(0.0..=1.0).contains(&x)
            {
                return Err(Problem::at(
                    0,
                    crate::msg!("err.config.rule_fraction", id = &r.id, x = x),
                ));
            }
        }
        Ok(Rules { rules: raw.rule })
    }

    pub fn get(&self, id: &str) -> Option<&RuleSpec> {
        self.rules.iter().find(|r| r.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_rules_parse_and_hold_all_thirty() {
        let r = Rules::parse(include_str!("../../assets/rules.toml")).unwrap();
        assert_eq!(r.rules.len(), 30);
        let cov = r.get("talk.coverage").unwrap();
        assert_eq!(cov.cadence, Cadence::Semester);
        assert!((cov.fraction.unwrap() - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(r.get("talk.warning-3d").unwrap().days, Some(3));
        assert_eq!(
            r.get("aid.home-visit").unwrap().flag_kinds(),
            vec![FlagKind::FinancialDifficulty]
        );
    }

    #[test]
    fn mistakes_are_named() {
        let e = Rules::parse(
            "[[rule]]\nid='x'\ntitle='t'\nwho='w'\ncadence='week'\nsource='s'\ncuont=3\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("cuont"), "{e}");
        let e =
            Rules::parse("[[rule]]\nid='x'\ntitle='t'\nwho='w'\ncadence='fortnight'\nsource='s'\n")
                .unwrap_err();
        assert!(e.to_string().contains("fortnight"), "{e}");
        let e = Rules::parse(
            "[[rule]]\nid='x'\ntitle='t'\nwho='w'\ncadence='week'\nsource='s'\nflags=['vip']\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("unknown flag 'vip'"), "{e}");
    }
}
