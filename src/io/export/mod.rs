//! `zhiban export students`: the roster as JSON or CSV, phone and ID
//! numbers masked for every role (a counsellor's own students included);
//! `--unmasked` only for an admin, and audit-logged.

pub mod books;
pub mod list;
pub mod records;

use serde::Serialize;
use serde_json::json;

use crate::app::App;
pub use crate::app::duty_log::{EntryOut, EscalationOut, ShiftOut};
use crate::app::patrols::PresenceScope;
use crate::app::policy::{Action, Decision, Kind, Relation, allows, decide, relation};
use crate::app::students::{Shown, view_of};
use crate::domain::student::Flag;
use crate::domain::text::{CsvCell, csv_header, csv_row};
use crate::domain::{idcard, phone};
use crate::error::{Error, Msg, Result};
use crate::store::{AuditEntry, students};

#[derive(Debug, Clone, Serialize)]
pub struct FlagOut {
    pub kind: String,
    pub label: String,
    pub level: Option<String>,
    pub since: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GuardianOut {
    pub name: Option<String>,
    pub relation: Option<String>,
    pub phone: Option<String>,
}

/// One student in an export. Field names are documented in the README.
#[derive(Debug, Clone, Serialize)]
pub struct StudentOut {
    pub student_id: String,
    pub name: String,
    pub gender: Option<&'static str>,
    pub college: String,
    pub major: Option<String>,
    pub class: Option<String>,
    pub counsellor: Option<String>,
    pub building: Option<String>,
    pub room: Option<String>,
    pub bed: Option<String>,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub guardians: Vec<GuardianOut>,
    pub flags: Vec<FlagOut>,
}

/// The audit row of an export (who exported what, how many), in its own
/// commit.
pub(super) fn audit_export(app: &mut App, action: &str, detail: serde_json::Value) -> Result<()> {
    let (login, now) = (app.actor.login.clone(), app.now());
    app.store.write(&login, now, |_| {
        Ok(((), vec![AuditEntry::new(action, "export", None, detail)]))
    })
}

pub(crate) use crate::domain::text::{safe_opt as so, safe_owned as s};
/// A value as an export holds it: masked even where the reader's role sees
/// it in full on screen (a file travels; `--unmasked` is the admin's,
/// audit-logged), absent where the role may not see it.
fn masked(x: &Shown, mask: fn(&str) -> String) -> Option<String> {
    match x {
        Shown::Plain(v) => Some(s(&mask(v))),
        other => other.text().map(s),
    }
}
fn flag_out(f: &Flag) -> FlagOut {
    FlagOut {
        kind: f.kind.code(),
        label: f.kind.zh().to_string(),
        level: so(&f.level),
        since: f.since.map(|d| d.to_string()),
        note: so(&f.note),
    }
}

/// The students the actor may export, masked unless `unmasked`.
pub fn students(app: &mut App, unmasked: bool) -> Result<Vec<StudentOut>> {
    let actor = app.actor.clone();
    if unmasked
        && !allows(
            &actor,
            Kind::StudentExport,
            Action::ExportUnmasked,
            Relation::Outside,
        )
    {
        return Err(Error::Refused(Msg::new("err.denied.unmasked")));
    }
    let all = students::all(app.store.conn(), true)?;
    let mut out = Vec::new();
    for r in &all {
        let rel = relation(&actor, r);
        if decide(&actor, Kind::StudentExport, Action::View, rel) == Decision::Deny {
            continue;
        }
        let Some(v) = view_of(&actor, r) else {
            continue;
        };
        let dorm = v.dorm.as_ref();
        out.push(StudentOut {
            student_id: s(&v.student_no),
            name: s(&v.name),
            gender: v.gender.map(|g| g.code()),
            college: s(&v.college),
            major: so(&v.major),
            class: so(&v.class),
            counsellor: so(&v.counsellor),
            building: dorm.map(|d| s(&d.building)),
            room: dorm.map(|d| s(&d.room)),
            bed: dorm.map(|d| s(&d.bed)),
            phone: if unmasked {
                so(&r.phone)
            } else {
                masked(&v.phone, phone::mask)
            },
            id_number: if unmasked {
                so(&r.id_number)
            } else {
                masked(&v.id_number, idcard::mask)
            },
            guardians: if unmasked {
                r.guardians
                    .iter()
                    .map(|g| GuardianOut {
                        name: so(&g.name),
                        relation: so(&g.relation),
                        phone: so(&g.phone),
                    })
                    .collect()
            } else {
                v.guardians
                    .iter()
                    .map(|g| GuardianOut {
                        name: so(&g.name),
                        relation: so(&g.relation),
                        phone: masked(&g.phone, phone::mask),
                    })
                    .collect()
            },
            flags: v.flags.iter().map(flag_out).collect(),
        });
    }
    if out.is_empty()
        && decide(&actor, Kind::StudentExport, Action::View, Relation::InScope) == Decision::Deny
    {
        return Err(Error::Refused(crate::msg!(
            "err.denied.export_students",
            login = &actor.login
        )));
    }
    let n = out.len();
    audit_export(
        app,
        "export.students",
        json!({"count": n, "unmasked": unmasked}),
    )?;
    Ok(out)
}

/// CSV with the Chinese headers the importer reads, UTF-8 with a BOM so
/// that Excel opens it correctly: the one sheet of [`books::students`]
/// (the xlsx export's), so that both carry the same columns; the masking
/// is done once, by [`students`].
pub fn to_csv(rows: &[StudentOut]) -> String {
    books::students(rows).to_csv()
}

/// One presence record in a patrol export.
#[derive(Debug, Clone, Serialize)]
pub struct PresenceOut {
    pub student_id: String,
    pub status: &'static str,
    pub note: Option<String>,
    /// false: found in the room without a bed there
    pub in_roster: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoomOut {
    pub room: String,
    pub checked_at: String,
    pub hygiene: Option<String>,
    pub hazards: Vec<String>,
    pub skipped_reason: Option<String>,
    pub note: Option<String>,
    pub presence: Vec<PresenceOut>,
}

/// A patrol with its room checks. Field names are documented in the README.
#[derive(Debug, Clone, Serialize)]
pub struct PatrolOut {
    pub patrol_id: i64,
    pub kind: &'static str,
    pub building: String,
    pub scope: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub staff: String,
    pub rooms: Vec<RoomOut>,
}

/// Patrols started between two local dates (inclusive), as the actor may see them.
pub fn patrols(
    app: &mut App,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> Result<Vec<PatrolOut>> {
    let actor = app.actor.clone();
    if !allows(&actor, Kind::Patrol, Action::View, Relation::InScope) {
        return Err(Error::Refused(crate::msg!(
            "err.denied.patrol_read",
            login = &actor.login
        )));
    }
    let (lo, hi) = crate::domain::clock::day_bounds(from, to, app.assets.calendar.utc_offset_hours);
    let conn = app.store.conn();
    let rooms: std::collections::HashMap<i64, String> = crate::store::dorm::rooms(conn)?
        .into_iter()
        .map(|r| (r.id, r.number))
        .collect();
    let numbers = crate::store::students::numbers(conn)?;
    // presence row by row: a reader sees the rows of the students they may
    // (and the rooms holding them), the walker the whole patrol
    let scope = PresenceScope::load(app)?;
    let mut out = Vec::new();
    for p in crate::store::patrols::between(conn, &lo, &hi)? {
        let checks = crate::store::patrols::checks_of_patrol(conn, p.id)?;
        let mut rs = Vec::new();
        let mut withheld = false;
        for rid in &p.rooms {
            let Some(c) = checks.get(rid) else { continue };
            let seen: Vec<_> = c
                .presence
                .iter()
                .filter(|m| scope.sees(p.staff_id, m.student_id))
                .collect();
            if seen.len() < c.presence.len() {
                withheld = true;
                if seen.is_empty() {
                    continue;
                }
            }
            rs.push(RoomOut {
                room: s(rooms.get(rid).map(String::as_str).unwrap_or("")),
                checked_at: c.saved_at.clone(),
                hygiene: so(&c.hygiene),
                hazards: c.hazards.iter().map(|h| s(&h.mark.hazard)).collect(),
                skipped_reason: so(&c.skipped_reason),
                note: so(&c.note),
                presence: seen
                    .iter()
                    .map(|m| PresenceOut {
                        student_id: s(numbers.get(&m.student_id).map(String::as_str).unwrap_or("")),
                        status: m.status.code(),
                        note: so(&m.note),
                        in_roster: m.in_roster,
                    })
                    .collect(),
            });
        }
        if withheld && !rs.iter().any(|r| !r.presence.is_empty()) {
            continue;
        }
        out.push(PatrolOut {
            patrol_id: p.id,
            kind: p.kind.code(),
            building: s(&p.building),
            scope: p.scope.clone(),
            started_at: p.started_at.clone(),
            finished_at: p.finished_at.clone(),
            staff: s(&p.staff),
            rooms: rs,
        });
    }
    let n = out.len();
    audit_export(app, "export.patrols", json!({"count": n}))?;
    Ok(out)
}

/// One line per presence record (a room without any: one line with an
/// empty student).
pub fn patrols_csv(rows: &[PatrolOut]) -> String {
    let mut out = csv_header(&[
        "patrol_id",
        "kind",
        "building",
        "started_at",
        "finished_at",
        "staff",
        "room",
        "checked_at",
        "hygiene",
        "hazards",
        "skipped_reason",
        "student_id",
        "status",
    ]);
    for p in rows {
        for r in &p.rooms {
            let hazards = r.hazards.join("|");
            let base: [CsvCell<'_>; 11] = [
                p.patrol_id.into(),
                p.kind.into(),
                (&p.building).into(),
                (&p.started_at).into(),
                (&p.finished_at).into(),
                (&p.staff).into(),
                (&r.room).into(),
                (&r.checked_at).into(),
                (&r.hygiene).into(),
                hazards.as_str().into(),
                (&r.skipped_reason).into(),
            ];
            let lines: Vec<(&str, &str)> = if r.presence.is_empty() {
                vec![("", "")]
            } else {
                r.presence
                    .iter()
                    .map(|m| (m.student_id.as_str(), m.status))
                    .collect()
            };
            for (sid, st) in lines {
                let mut cells = base.to_vec();
                cells.push(sid.into());
                cells.push(st.into());
                out.push_str(&csv_row(&cells));
            }
        }
    }
    out
}

/// Shifts opened between two local dates (inclusive), as the actor may
/// read them ([`crate::app::duty_log::shifts`]); the export is audit-logged.
pub fn shifts(
    app: &mut App,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> Result<Vec<ShiftOut>> {
    let out = crate::app::duty_log::shifts(app, from, to)?;
    let n = out.len();
    audit_export(app, "export.shifts", json!({"count": n}))?;
    Ok(out)
}

/// One line per entry.
pub fn shifts_csv(rows: &[ShiftOut]) -> String {
    let mut out = csv_header(&[
        "shift_id",
        "officer",
        "location",
        "leader",
        "opened_at",
        "closed_at",
        "entry_id",
        "type",
        "happened_at",
        "written_at",
        "text",
        "students",
        "escalated_to",
        "response",
    ]);
    for sh in rows {
        for e in &sh.entries {
            let x = e.escalations.first();
            out.push_str(&csv_row(&[
                sh.shift_id.into(),
                (&sh.officer).into(),
                (&sh.location).into(),
                (&sh.leader).into(),
                (&sh.opened_at).into(),
                (&sh.closed_at).into(),
                e.entry_id.into(),
                e.kind.into(),
                (&e.happened_at).into(),
                (&e.written_at).into(),
                e.text.as_deref().unwrap_or("（敏感）").into(),
                e.students.join("|").into(),
                x.map_or("", |x| x.leader.as_str()).into(),
                x.and_then(|x| x.response.as_deref()).unwrap_or("").into(),
            ]));
        }
    }
    out
}

/// Any export as JSON (pretty, a newline at the end): the one JSON writer.
/// Control and bidi characters stay in the data but are written as
/// `\uXXXX` escapes ([`crate::domain::text::json_escape`]), never raw.
pub fn json_text(v: &impl Serialize) -> Result<String> {
    let text = serde_json::to_string_pretty(v)
        .map_err(|e| Error::Data(crate::msg!("err.cli.json", detail = e)))?;
    Ok(crate::domain::text::json_escape(&text).into_owned() + "\n")
}

/// The paper 值班记录表, one per shift, ready to print; made safe as a
/// whole (it goes to a file or a terminal as it is).
pub fn shifts_md(rows: &[ShiftOut], utc_offset_hours: i32) -> String {
    let tz = crate::domain::clock::school_tz(utc_offset_hours);
    let local = |t: &str, f: &str| {
        crate::domain::clock::from_db(t)
            .map(|x| x.with_timezone(&tz).format(f).to_string())
            .unwrap_or_default()
    };
    let cell = |t: &str| t.replace('|', "\\\\|").replace('\n', " ");
    let mut out = String::new();
    for sh in rows {
        out.push_str("# 值班记录表\n\n");
        out.push_str("| 值班人 | 地点 | 值班领导 | 接班 | 交班 |\n|---|---|---|---|---|\n");
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n\n",
            cell(&sh.officer),
            cell(sh.location.as_deref().unwrap_or("")),
            cell(sh.leader.as_deref().unwrap_or("")),
            local(&sh.opened_at, "%Y-%m-%d %H:%M"),
            sh.closed_at
                .as_deref()
                .map(|c| local(c, "%Y-%m-%d %H:%M"))
                .unwrap_or_else(|| "（未交班）".into())
        ));
        out.push_str(
            "## 值班情况\n\n| 时间 | 类别 | 内容 | 涉及学生 | 上报 |\n|---|---|---|---|---|\n",
        );
        for e in &sh.entries {
            let mut when = local(&e.happened_at, "%H:%M");
            if e.written_at != e.happened_at {
                let w = local(&e.written_at, "%H:%M");
                if w != when {
                    when.push_str(&format!("（{w} 补记）"));
                }
            }
            let mut text = e
                .text
                .clone()
                .unwrap_or_else(|| "（敏感记录，仅记录人、该生辅导员和本院领导可见）".into());
            if let Some(a) = e.amends {
                text = format!("（更正第 {a} 条）{text}");
            }
            let kind = crate::domain::duty::EntryType::from_code(e.kind)
                .map(|k| k.zh())
                .unwrap_or("");
            let up: Vec<String> = e
                .escalations
                .iter()
                .map(|x| {
                    let ch = crate::domain::duty::Channel::ALL
                        .iter()
                        .find(|c| c.code() == x.channel)
                        .map(|c| c.zh())
                        .unwrap_or("");
                    let mut t = format!("{} {}{}", local(&x.reported_at, "%H:%M"), ch, x.leader);
                    if let Some(r) = &x.response {
                        t.push_str(&format!("；回复：{r}"));
                    }
                    t
                })
                .collect();
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                when,
                kind,
                cell(&text),
                e.students.join("、"),
                cell(&up.join("；"))
            ));
        }
        out.push_str(&format!(
            "\n## 交接班\n\n{}\n",
            sh.handover_note.as_deref().unwrap_or("（无）")
        ));
        if !sh.handed_over.is_empty() {
            out.push_str("\n移交事项：\n\n");
            for h in &sh.handed_over {
                out.push_str(&format!("- {h}\n"));
            }
        }
        out.push_str("\n值班人签字：__________    接班人签字：__________\n\n---\n\n");
    }
    crate::domain::text::safe(&out).into_owned()
}
