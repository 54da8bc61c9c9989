//! Staff members and their roles.

use serde::{Deserialize, Serialize};

/// A role a staff member holds. A person may hold several (a counsellor who
/// also takes night duty is common).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 辅导员 — responsible for the students of their classes.
    Counsellor,
    /// 值班员 — night duty in the residences.
    DutyOfficer,
    /// 心理专员 — psychological specialist of a college (seed 000 附件1).
    PsychSpecialist,
    /// 资助专员 — financial-aid specialist of a college (seed 000 附件2).
    AidSpecialist,
    /// 领导 — college or student-affairs leader.
    Leader,
    /// 管理员 — keeps the system: imports, backups, staff.
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Counsellor,
        Role::DutyOfficer,
        Role::PsychSpecialist,
        Role::AidSpecialist,
        Role::Leader,
        Role::Admin,
    ];

    /// Stable code used in the database and JSON.
    pub fn code(self) -> &'static str {
        match self {
            Role::Counsellor => "counsellor",
            Role::DutyOfficer => "duty_officer",
            Role::PsychSpecialist => "psych_specialist",
            Role::AidSpecialist => "aid_specialist",
            Role::Leader => "leader",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }

    /// Reads a role as a school writes it (Chinese or English).
    pub fn parse(s: &str) -> Option<Role> {
        let t = s.trim().to_ascii_lowercase();
        Some(match t.as_str() {
            "辅导员" | "班主任" | "counsellor" | "counselor" => Role::Counsellor,
            "值班员" | "值班" | "值班人员" | "duty" | "duty_officer" | "duty officer" => {
                Role::DutyOfficer
            }
            "心理专员" | "心理" | "psych" | "psych_specialist" | "psych specialist" => {
                Role::PsychSpecialist
            }
            "资助专员" | "资助" | "aid" | "aid_specialist" | "aid specialist" => {
                Role::AidSpecialist
            }
            "领导" | "学院领导" | "分管领导" | "书记" | "副书记" | "leader" => {
                Role::Leader
            }
            "管理员" | "系统管理员" | "admin" | "administrator" => Role::Admin,
            _ => return Role::from_code(&t),
        })
    }

    /// Key of the role's name in the UI catalogue.
    pub fn i18n_key(self) -> &'static str {
        match self {
            Role::Counsellor => "role.counsellor",
            Role::DutyOfficer => "role.duty_officer",
            Role::PsychSpecialist => "role.psych_specialist",
            Role::AidSpecialist => "role.aid_specialist",
            Role::Leader => "role.leader",
            Role::Admin => "role.admin",
        }
    }
}

/// Splits a roles cell such as `辅导员、值班员` or `counsellor,leader`.
pub fn parse_roles(s: &str) -> Result<Vec<Role>, crate::error::Msg> {
    let mut roles = Vec::new();
    for part in s
        .split(['、', ',', '，', ';', '；', '/', '|', ' '])
        .filter(|p| !p.trim().is_empty())
    {
        match Role::parse(part) {
            Some(r) if !roles.contains(&r) => roles.push(r),
            Some(_) => {}
            None => {
                return Err(crate::msg!("err.import.role_bad", value = part.trim()));
            }
        }
    }
    if roles.is_empty() {
        return Err(crate::error::Msg::new("err.import.role_none"));
    }
    roles.sort();
    Ok(roles)
}

/// A staff member as the rest of the program sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Staff {
    pub id: i64,
    pub login: String,
    pub name: String,
    pub roles: Vec<Role>,
    pub college_id: Option<i64>,
    pub college: Option<String>,
    pub phone: Option<String>,
}

impl Staff {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The role shown first in the status bar: the most powerful one held.
    pub fn primary_role(&self) -> Option<Role> {
        [
            Role::Admin,
            Role::Leader,
            Role::PsychSpecialist,
            Role::AidSpecialist,
            Role::Counsellor,
            Role::DutyOfficer,
        ]
        .into_iter()
        .find(|r| self.has(*r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_in_chinese_and_english() {
        assert_eq!(
            parse_roles("辅导员、值班员").unwrap(),
            vec![Role::Counsellor, Role::DutyOfficer]
        );
        assert_eq!(
            parse_roles("leader, admin").unwrap(),
            vec![Role::Leader, Role::Admin]
        );
        assert_eq!(parse_roles("校长").unwrap_err().text("value"), Some("校长"));
        assert!(parse_roles(" ").is_err());
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
    }
}
