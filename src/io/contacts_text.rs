//! A case's numbers as lines of text, in the reader's language: the
//! stepper's numbers (`tui::screens::crisis::contacts`) and `crisis show`
//! print these. Each line says whether it is a number still to be set (the
//! screen marks it).

use crate::app::crisis_contacts::{CaseContacts, Person, StudentContacts};
use crate::config::Catalog;
use crate::domain::crisis::BUILTIN_CONTACTS;
use crate::domain::text::safe_line;

/// One line: its text, and whether it names a number not configured.
pub type ContactLine = (String, bool);

fn phone(tx: &Catalog, p: &Option<String>) -> String {
    p.as_deref()
        .map(|x| safe_line(x).into_owned())
        .unwrap_or_else(|| tx.s("contacts.no_phone"))
}

fn people(tx: &Catalog, v: &[Person]) -> String {
    if v.is_empty() {
        return tx.s("contacts.nobody");
    }
    v.iter()
        .map(|p| format!("{} {}", safe_line(&p.name), phone(tx, &p.phone)))
        .collect::<Vec<_>>()
        .join("；")
}

fn of_student(tx: &Catalog, s: &StudentContacts, key: &str) -> Option<String> {
    let name = safe_line(&s.name);
    Some(match key {
        "student" => tx.f(
            "contacts.student",
            &[
                ("name", &name),
                ("no", &safe_line(&s.no)),
                ("phone", &phone(tx, &s.phone)),
                (
                    "room",
                    &s.room
                        .as_ref()
                        .map(|d| {
                            tx.f(
                                "contacts.room",
                                &[
                                    ("building", &d.building),
                                    ("room", &d.room),
                                    ("bed", &d.bed),
                                ],
                            )
                        })
                        .unwrap_or_else(|| tx.s("contacts.no_room")),
                ),
            ],
        ),
        "roommates" => tx.f(
            "contacts.roommates",
            &[("name", &name), ("list", &people(tx, &s.roommates))],
        ),
        "guardians" => {
            let list = if s.guardians.is_empty() {
                tx.s("contacts.nobody")
            } else {
                s.guardians
                    .iter()
                    .map(|g| {
                        let who = match g.relation.as_deref().filter(|r| !r.trim().is_empty()) {
                            Some(r) => format!("{}（{}）", safe_line(&g.name), safe_line(r)),
                            None => safe_line(&g.name).into_owned(),
                        };
                        format!("{who} {}", phone(tx, &g.phone))
                    })
                    .collect::<Vec<_>>()
                    .join("；")
            };
            tx.f("contacts.guardians", &[("name", &name), ("list", &list)])
        }
        "counsellor" => tx.f(
            "contacts.counsellor",
            &[
                ("name", &name),
                ("list", &people(tx, s.counsellor.as_slice())),
            ],
        ),
        _ => return None,
    })
}

/// The lines for one contact key of a template (a school number, tonight's
/// leader, or the people of the case).
pub fn lines_for(tx: &Catalog, c: &CaseContacts, key: &str) -> Vec<ContactLine> {
    let mut out: Vec<ContactLine> = Vec::new();
    match key {
        "student" | "roommates" | "guardians" | "counsellor" => {
            for s in &c.students {
                out.extend(of_student(tx, s, key).map(|l| (format!("☎ {l}"), false)));
            }
            if key == "student" {
                for n in &c.unlisted {
                    out.push((
                        format!("☎ {}", tx.f("contacts.unlisted", &[("name", n)])),
                        false,
                    ));
                }
            }
        }
        "psych_specialist" => out.push((
            format!(
                "☎ {}",
                tx.f(
                    "contacts.psych",
                    &[("list", &people(tx, &c.psych_specialists))]
                )
            ),
            false,
        )),
        "college_leader" => out.push((
            format!(
                "☎ {}",
                tx.f(
                    "contacts.leaders",
                    &[("list", &people(tx, &c.college_leaders))]
                )
            ),
            false,
        )),
        "leader_on_call" => out.push((
            tx.f(
                "crisis.leader_on_call",
                &[(
                    "leader",
                    &safe_line(
                        c.leader_on_call
                            .as_deref()
                            .unwrap_or(&tx.s("contacts.nobody")),
                    ),
                )],
            ),
            false,
        )),
        k => match c.school.iter().find(|n| n.key == k) {
            Some(n) => match &n.phone {
                Some(p) => out.push((format!("☎ {}：{}", safe_line(&n.name), safe_line(p)), false)),
                None => out.push((
                    format!(
                        "☎ {}",
                        tx.f(
                            "contacts.unconfigured",
                            &[("name", &n.name), ("file", &c.config_file)]
                        )
                    ),
                    true,
                )),
            },
            None => out.push((
                format!("☎ {}", tx.f("contacts.unknown", &[("key", k)])),
                true,
            )),
        },
    }
    out
}

/// Every number of the case: each student with roommates, guardians and
/// counsellor; the college's psych specialists and leaders; tonight's
/// leader; the school's numbers. Keys in `skip` are left out (already shown).
pub fn all_lines(tx: &Catalog, c: &CaseContacts, skip: &[String]) -> Vec<ContactLine> {
    let keys = BUILTIN_CONTACTS
        .iter()
        .map(|k| k.to_string())
        .filter(|k| k != "leader_on_call")
        .chain(std::iter::once("leader_on_call".to_string()))
        .chain(c.school.iter().map(|n| n.key.clone()));
    let mut out = Vec::new();
    // the students' own people together, student by student
    let per_student = ["student", "roommates", "guardians", "counsellor"];
    let skipped = |k: &str| skip.iter().any(|s| s == k);
    for s in &c.students {
        for k in per_student.iter().filter(|k| !skipped(k)) {
            out.extend(of_student(tx, s, k).map(|l| (format!("☎ {l}"), false)));
        }
    }
    if !skipped("student") {
        for n in &c.unlisted {
            out.push((
                format!("☎ {}", tx.f("contacts.unlisted", &[("name", n)])),
                false,
            ));
        }
    }
    for k in keys.filter(|k| !per_student.contains(&k.as_str()) && !skipped(k)) {
        out.extend(lines_for(tx, c, &k));
    }
    out
}
