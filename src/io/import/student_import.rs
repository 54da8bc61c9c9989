//! Importing the student roster: checked against the database (counsellors
//! named, rooms of the right sex, beds free), then written — students,
//! classes, rooms and beds made as needed, every flag change audited with
//! before and after — or nothing at all.

use std::collections::HashMap;

use serde_json::json;

use super::dorm_map::DormMap;
use super::read::Sheet;
use super::rows::{self, StudentRow};
use super::{Bulk, ImportReport, Layout, Problem, StaffIndex, problems_error, summary_entry};
use crate::app::App;
use crate::domain::clock::to_db;
use crate::domain::staff::Role;
use crate::domain::student::{Flag, StudentRecord};
use crate::error::Result;
use crate::msg;
use crate::store::students::StudentData;
use crate::store::{AuditEntry, org, students};

fn flag_json(f: Option<&Flag>) -> serde_json::Value {
    f.map_or(
        serde_json::Value::Null,
        |f| json!({"level": f.level, "since": f.since.map(|d| d.to_string()), "note": f.note}),
    )
}

pub(super) fn import(
    app: &mut App,
    sheet: &Sheet,
    l: &Layout,
    mut report: ImportReport,
    dry_run: bool,
) -> Result<ImportReport> {
    let file = report.file.clone();
    let (rows, mut problems) = rows::students(sheet, l);
    let (login, actor_id, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let at = to_db(now);
    app.store.write_or_rollback(&login, now, !dry_run, |tx| {
        // --- what the database holds now
        let staff = org::all_staff(tx)?;
        let index = StaffIndex::new(&staff);
        let existing: HashMap<String, StudentRecord> =
            students::all(tx, true)?.into_iter().map(|s| (s.student_no.clone(), s)).collect();
        let id_to_no: HashMap<i64, &str> = existing.values().map(|s| (s.id, s.student_no.as_str())).collect();
        let mut map = DormMap::load(tx)?;
        let in_file: HashMap<&str, &StudentRow> = rows.iter().map(|r| (r.student_no.as_str(), r)).collect();

        // --- checks that need the database
        let mut counsellor_of: HashMap<usize, i64> = HashMap::new();
        let mut class_counsellor: HashMap<(String, String), (i64, usize)> = HashMap::new();
        for r in &rows {
            if let (Some(Some(class)), Some(Some(c))) = (&r.class, &r.counsellor) {
                match index.find(c, Role::Counsellor) {
                    Ok(s) => {
                        counsellor_of.insert(r.row, s.id);
                        let key = (r.college.clone(), class.clone());
                        if let Some((other, first)) = class_counsellor.get(&key) {
                            if *other != s.id {
                                problems.push(Problem::new(
                                    r.row,
                                    "辅导员",
                                    msg!("err.import.class_counsellor", class = class, first = first),
                                ));
                            }
                        } else {
                            class_counsellor.insert(key, (s.id, r.row));
                        }
                    }
                    Err(e) => problems.push(Problem::new(r.row, "辅导员", e)),
                }
            }
            if let Some(Some(p)) = &r.place {
                let room = map.room(&p.building, &p.room);
                let gender = r.gender.flatten().or_else(|| existing.get(&r.student_no).and_then(|s| s.gender));
                if let (Some((room, bg)), Some(g)) = (room, gender) {
                    if let Some(rg) = room.gender.or(bg) {
                        if rg != g {
                            problems.push(Problem::new(
                                r.row,
                                "房间号",
                                msg!("err.import.room_sex", room = format!("{}-{}", p.building, p.room), room_gender = rg.zh(), gender = g.zh()),
                            ));
                        }
                    }
                }
                // a numbered bed beyond the room's beds
                if let (Some((room, _)), Ok(n)) = (room, p.bed.parse::<i64>()) {
                    if room.capacity.is_some_and(|c| n > c || n < 1) {
                        problems.push(Problem::new(
                            r.row,
                            "床位",
                            msg!("err.import.bed_range", room = format!("{}-{}", p.building, p.room), n = room.capacity.unwrap_or(0), bed = &p.bed),
                        ));
                    }
                }
                let bed_id = room.and_then(|(room, _)| map.bed(room.id, &p.bed));
                if let Some(occ) = bed_id.and_then(|b| map.occupant(b)) {
                    let occ = &occ;
                    let occ_no = id_to_no.get(occ).copied().unwrap_or("?");
                    let moves_out = in_file.get(occ_no).is_some_and(|o| matches!(&o.place, Some(op) if op.as_ref() != Some(p)));
                    if occ_no != r.student_no && !moves_out {
                        problems.push(Problem::new(
                            r.row,
                            "床位",
                            msg!("err.import.bed_taken", room = format!("{}-{}", p.building, p.room), bed = &p.bed, other = occ_no),
                        ));
                    }
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems_error(&file, std::mem::take(&mut problems)));
        }

        // --- writes (problems found while placing students still undo everything)
        let bulk = Bulk::begin(tx, rows.len())?;
        let mut late: Vec<Problem> = Vec::new();
        let mut entries = Vec::new();
        let mut colleges: HashMap<String, i64> = HashMap::new();
        let mut classes: HashMap<(i64, String), (i64, Option<i64>)> = org::classes(tx)?
            .into_iter()
            .map(|c| ((c.college_id, c.name), (c.id, c.counsellor_id)))
            .collect();
        for r in &rows {
            let college_id = match colleges.get(&r.college) {
                Some(id) => *id,
                None => {
                    let (id, created) = org::college_get_or_create(tx, &r.college, &at)?;
                    if created {
                        report.create("学院", r.college.clone());
                    }
                    colleges.insert(r.college.clone(), id);
                    id
                }
            };
            let prev = existing.get(&r.student_no);
            let class_id = match &r.class {
                None => prev.and_then(|p| p.class_id),
                Some(None) => None,
                Some(Some(name)) => {
                    let wanted = counsellor_of.get(&r.row).copied();
                    Some(match classes.get(&(college_id, name.clone())) {
                        Some(&(id, current)) => {
                            if wanted.is_some() && wanted != current {
                                org::class_set_counsellor(tx, id, wanted)?;
                                classes.insert((college_id, name.clone()), (id, wanted));
                                entries.push(AuditEntry::new("class.counsellor", "class", Some(name.clone()), json!({"from": current, "to": wanted})));
                                report.notes.push(msg!("import.note.counsellor_changed", class = name));
                            }
                            id
                        }
                        None => {
                            let id = org::class_create(tx, college_id, name, wanted, &at)?;
                            classes.insert((college_id, name.clone()), (id, wanted));
                            report.create("班级", format!("{} {name}", r.college));
                            id
                        }
                    })
                }
            };
            let pick = |new: &Option<Option<String>>, old: Option<&Option<String>>| match new {
                Some(v) => v.clone(),
                None => old.cloned().flatten(),
            };
            let data = StudentData {
                student_no: r.student_no.clone(),
                name: r.name.clone(),
                gender: match r.gender {
                    Some(g) => g,
                    None => prev.and_then(|p| p.gender),
                },
                college_id,
                major: pick(&r.major, prev.map(|p| &p.major)),
                class_id,
                phone: pick(&r.phone, prev.map(|p| &p.phone)),
                id_number: pick(&r.id_number, prev.map(|p| &p.id_number)),
            };
            let (sid, mut changed): (i64, Vec<&str>) = match prev {
                None => {
                    let id = students::insert(tx, &data, &at)?;
                    report.added += 1;
                    entries.push(AuditEntry::new("student.add", "student", Some(r.student_no.clone()), json!({"row": r.row})));
                    (id, Vec::new())
                }
                Some(p) => {
                    let mut ch = Vec::new();
                    if p.name != data.name { ch.push("name") }
                    if p.gender != data.gender { ch.push("gender") }
                    if p.college_id != data.college_id { ch.push("college") }
                    if p.major != data.major { ch.push("major") }
                    if p.class_id != data.class_id { ch.push("class") }
                    if p.phone != data.phone { ch.push("phone") }
                    if p.id_number != data.id_number { ch.push("id_number") }
                    if !ch.is_empty() {
                        students::update(tx, p.id, &data, &at)?;
                    }
                    (p.id, ch)
                }
            };
            if let Some(gs) = &r.guardians {
                if prev.map(|p| &p.guardians) != Some(gs) {
                    if prev.is_some() {
                        students::replace_guardians(tx, sid, gs)?;
                        changed.push("guardians");
                    } else {
                        students::add_guardians(tx, sid, gs)?;
                    }
                }
            }
            // dorm place
            match &r.place {
                None => {}
                Some(None) => {
                    if map.bed_of(sid).is_some() {
                        map.unassign(tx, sid)?;
                        changed.push("bed");
                    }
                }
                Some(Some(p)) => {
                    let name = format!("{}-{}", p.building, p.room);
                    let room_id = map.ensure_room(tx, &p.building, &p.room, &mut report, &at)?;
                    let current = map.bed_of(sid);
                    let bed = if p.bed.is_empty() {
                        // no bed number: keep the student's bed in this room, else the first free one
                        match current.filter(|b| map.bed_in_room(*b, room_id)) {
                            Some(b) => Some(b),
                            None => map.free_bed(tx, room_id, &name, &mut report)?,
                        }
                    } else {
                        Some(map.ensure_bed(tx, room_id, &p.bed, &name, &mut report)?)
                    };
                    match bed {
                        Some(b) if current != Some(b) => {
                            map.assign(tx, b, sid, &at)?;
                            if prev.is_some() {
                                changed.push("bed");
                            }
                        }
                        Some(_) => {}
                        None => late.push(Problem::new(r.row, "房间号", msg!("err.import.room_full", room = &name))),
                    }
                }
            }
            // flags: every change audited with before and after
            for (kind, new) in &r.flags {
                let before = prev.and_then(|p| p.flag(*kind));
                if before == new.as_ref() {
                    continue;
                }
                match new {
                    Some(f) => students::set_flag(tx, sid, f, actor_id, &at)?,
                    None => {
                        students::clear_flag(tx, sid, *kind, actor_id, &at)?;
                    }
                }
                report.flag_changes += 1;
                if prev.is_some() && !changed.contains(&"flags") {
                    changed.push("flags");
                }
                entries.push(AuditEntry::new(
                    if new.is_some() { "flag.set" } else { "flag.clear" },
                    "student",
                    Some(r.student_no.clone()),
                    json!({"kind": kind.code(), "before": flag_json(before), "after": flag_json(new.as_ref()), "source": "import"}),
                ));
            }
            if prev.is_some() {
                if changed.is_empty() {
                    report.unchanged += 1;
                } else {
                    report.updated += 1;
                    entries.push(AuditEntry::new("student.update", "student", Some(r.student_no.clone()), json!({"row": r.row, "changed": changed})));
                }
            }
        }
        if !late.is_empty() {
            return Err(problems_error(&file, late));
        }
        let not_in_file = existing.keys().filter(|no| !in_file.contains_key(no.as_str())).count();
        if not_in_file > 0 {
            report.notes.push(msg!("import.note.not_in_file", n = not_in_file));
        }
        bulk.end(tx)?;
        entries.push(summary_entry("students", &report));
        Ok((report, entries))
    })
}
