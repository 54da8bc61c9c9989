//! The README's table "Who may see and do what", parsed and checked
//! cell by cell against [`decide_role`] and the rows of the test table.

use super::*;

/// A cell of the README's table: how far the role reaches, as the README
/// words it ("own", "college", "school", each perhaps "masked"; "—").
fn scope(role: Role, kind: Kind, action: Action) -> String {
    let names = ["own", "college", "school"];
    let d = [Own, InScope, Outside].map(|r| decide_role(role, kind, action, r));
    let mut parts = Vec::new();
    let mut i = 0;
    while i < d.len() {
        let mut j = i;
        while j + 1 < d.len() && d[j + 1] == d[i] {
            j += 1;
        }
        match d[i] {
            Deny => {}
            Masked => parts.push(format!("{} masked", names[j])),
            Allow => parts.push(names[j].to_string()),
        }
        i = j + 1;
    }
    if parts.is_empty() {
        "—".to_string()
    } else {
        parts.join("; ")
    }
}

fn kind_of(code: &str) -> Kind {
    match code {
        "student" => StudentBasic,
        "student.caution" => StudentCaution,
        "student.phone" => StudentPhone,
        "student.id_number" => StudentIdNumber,
        "guardian.phone" => GuardianContact,
        "flag.academic" => Flag(Academic),
        "flag.key_concern" => Flag(KeyConcern),
        "flag.special" => Flag(Special),
        "flag.financial" => Flag(Financial),
        "roster" => Roster,
        "export.students" => StudentExport,
        "audit" => AuditLog,
        "staff" => StaffList,
        "database" => Database,
        "patrol" => Patrol,
        "follow_up" => FollowUp,
        "absence" => Absence,
        "duty" => Duty,
        "duty.sensitive" => DutySensitive,
        "duty.swap" => DutySwap,
        "talk" => Talk,
        "talk.sensitive" => TalkSensitive(false),
        "talk.sensitive_psych" => TalkSensitive(true),
        "contact" => ParentContact,
        "home_visit" => HomeVisit,
        "family_finance" => FamilyFinance,
        "growth_file" => GrowthFile,
        "ledger" => ClassLedger,
        "compliance" => Compliance,
        "report.psych" => PsychReport,
        "support" => SpecialSupport,
        "crisis" => Crisis,
        "crisis.on_duty" => CrisisOnDuty,
        other => panic!("README: unknown kind `{other}`"),
    }
}

fn action_of(word: &str) -> Action {
    match word {
        "view" => View,
        "reveal" => Reveal,
        "edit" => Edit,
        "export unmasked" => ExportUnmasked,
        other => panic!("README: unknown action '{other}'"),
    }
}

fn role_of(word: &str) -> Role {
    match word {
        "counsellor" => Counsellor,
        "duty officer" => DutyOfficer,
        "psych specialist" => PsychSpecialist,
        "aid specialist" => AidSpecialist,
        "leader" => Leader,
        "admin" => Admin,
        other => panic!("README: unknown role '{other}'"),
    }
}

/// The cells of the README's table "Who may see and do what": (line,
/// role, kind, action, what the cell says).
fn readme_cells() -> Vec<(usize, Role, Kind, Action, String)> {
    let readme = include_str!("../../README.md");
    let cells = |l: &str| -> Vec<String> {
        l.trim()
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_string())
            .collect()
    };
    let mut lines = readme
        .lines()
        .enumerate()
        .skip_while(|(_, l)| l.trim() != "### Who may see and do what")
        .skip_while(|(_, l)| !l.starts_with("| record"));
    let (_, header) = lines.next().expect("the README's table of who may do what");
    let roles: Vec<Role> = cells(header)[2..].iter().map(|r| role_of(r)).collect();
    assert_eq!(roles, Role::ALL, "one column per role, in order");
    let mut out = Vec::new();
    for (n, line) in lines.skip(1).take_while(|(_, l)| l.starts_with('|')) {
        let c = cells(line);
        assert_eq!(c.len(), 2 + roles.len(), "README line {}", n + 1);
        let code = c[0].split('`').skip(1).step_by(2).last();
        let kind = kind_of(code.unwrap_or_else(|| panic!("README line {}: no `kind`", n + 1)));
        let action = action_of(&c[1]);
        for (role, cell) in roles.iter().zip(&c[2..]) {
            out.push((n + 1, *role, kind, action, cell.clone()));
        }
    }
    out
}

#[test]
fn the_readme_table_is_the_policy() {
    let cells = readme_cells();
    assert!(
        cells.len() >= 6 * 40,
        "the whole table is read: {}",
        cells.len()
    );
    for (line, role, kind, action, said) in cells {
        assert_eq!(
            said,
            scope(role, kind, action),
            "README.md:{line}: {role:?} {kind:?} {action:?}"
        );
    }
}

#[test]
fn every_cell_of_the_readme_table_has_its_row_here() {
    let missing: Vec<String> = readme_cells()
        .into_iter()
        .filter(|(_, role, kind, action, _)| {
            !TABLE
                .iter()
                .any(|r| (r.0, r.1, r.2) == (*role, *kind, *action))
        })
        .map(|(line, role, kind, action, said)| {
            format!("README.md:{line}: {role:?} {kind:?} {action:?} ({said})")
        })
        .collect();
    assert!(missing.is_empty(), "no row for:\n{}", missing.join("\n"));
}
