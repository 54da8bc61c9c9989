//! Demo patrols: a few weeks of room checks, absences and their follow-ups,
//! hazards and skipped rooms.

use chrono::Duration;

use super::Rng;
use crate::domain::clock::to_db;
use crate::error::{Error, Result};

/// A few weeks of patrols: each of the first counsellors checks the rooms
/// of their students weekly, a duty officer walks a round; some students
/// out overnight (most followed up, one still open), hazards, skipped rooms.
pub(super) fn demo_patrols(
    tx: &rusqlite::Connection,
    rng: &mut Rng,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize> {
    use crate::domain::patrol::{Checklist, PatrolKind, Presence, follow_up_due, walk_order};
    use crate::store::patrols::{self as sp, HazardMark, PresenceMark, RoomCheckInput};
    use std::collections::BTreeMap;
    let checklist =
        Checklist::parse(crate::config::assets::embedded("checklists/patrol.toml").unwrap_or(""))
            .map_err(|p| Error::in_file("checklists/patrol.toml", p))?;
    // who lives where: room -> (building, floor, number, [(student, counsellor)])
    type Room = (i64, Option<i32>, String, Vec<(i64, Option<i64>)>);
    let mut rooms: BTreeMap<i64, Room> = BTreeMap::new();
    for r in crate::store::dorm::residents(tx)? {
        rooms
            .entry(r.room_id)
            .or_insert((r.building_id, r.floor, r.number, Vec::new()))
            .3
            .push((r.student_id, r.counsellor_id));
    }
    let staff_id = |login: &str| -> Result<Option<i64>> {
        Ok(crate::store::org::staff_by_login(tx, login)?.map(|s| s.id))
    };
    let mut walks: Vec<(i64, PatrolKind, i64, Vec<i64>, i64)> = Vec::new(); // (staff, kind, building, rooms, days ago)
    for login in ["lina", "zhangwei"] {
        let Some(sid) = staff_id(login)? else {
            continue;
        };
        let mut mine: Vec<(&i64, &Room)> = rooms
            .iter()
            .filter(|(_, r)| r.3.iter().any(|(_, c)| *c == Some(sid)))
            .collect();
        let Some(building) = mine.first().map(|(_, r)| r.0) else {
            continue;
        };
        mine.retain(|(_, r)| r.0 == building);
        mine.sort_by(|a, b| walk_order((&a.1.1, &a.1.2), (&b.1.1, &b.1.2)));
        let ids: Vec<i64> = mine.iter().map(|(id, _)| **id).collect();
        for days in [19, 12, 5] {
            walks.push((sid, PatrolKind::Routine, building, ids.clone(), days));
        }
    }
    if let Some(sid) = staff_id("sunpeng")? {
        let mut first: Vec<(&i64, &Room)> = rooms
            .iter()
            .filter(|(_, r)| r.0 == 1 && r.1.is_some_and(|f| f <= 2))
            .collect();
        first.sort_by(|a, b| walk_order((&a.1.1, &a.1.2), (&b.1.1, &b.1.2)));
        walks.push((
            sid,
            PatrolKind::DutyRound,
            1,
            first.iter().map(|(id, _)| **id).collect(),
            1,
        ));
    }
    let night_end = checklist.night_end().unwrap_or_default();
    let mut made = 0;
    for (staff, kind, building, ids, days) in walks {
        if ids.is_empty() {
            continue;
        }
        // 22:00 school time, `days` ago
        let start = now - Duration::days(days) - Duration::minutes(rng.below(40) as i64);
        let pid = sp::create(
            tx,
            kind,
            building,
            if kind == PatrolKind::Routine {
                "my_students"
            } else {
                "floors:1,2"
            },
            staff,
            &to_db(start),
            &ids,
        )?;
        let mut t = start;
        for (seq, rid) in ids.iter().enumerate() {
            let entered = t;
            t += Duration::seconds(45 + rng.below(120) as i64);
            let occupants = &rooms[rid].3;
            let skipped = rng
                .chance(40)
                .then(|| checklist.skip_reasons[rng.below(2) as usize].clone());
            let presence: Vec<PresenceMark> = if skipped.is_some() {
                Vec::new()
            } else {
                occupants
                    .iter()
                    .map(|(s, _)| {
                        let x = rng.below(1000);
                        let status = match x {
                            0..=14 => Presence::Leave,
                            15..=24 => Presence::Late,
                            25..=31 => Presence::OutOvernight,
                            32..=36 => Presence::Unknown,
                            _ => Presence::Present,
                        };
                        PresenceMark {
                            student_id: *s,
                            status,
                            note: None,
                            in_roster: true,
                        }
                    })
                    .collect()
            };
            let hazards = if skipped.is_none() && rng.chance(50) {
                let h = &checklist.hazards[rng.below(checklist.hazards.len() as u64 - 1) as usize];
                vec![HazardMark {
                    hazard: h.id.clone(),
                    note: None,
                }]
            } else {
                Vec::new()
            };
            let hygiene = skipped
                .is_none()
                .then(|| checklist.hygiene[(rng.below(10) as usize).min(9) / 3].clone());
            let check = sp::save_check(
                tx,
                &RoomCheckInput {
                    patrol_id: pid,
                    room_id: *rid,
                    staff_id: staff,
                    entered_at: to_db(entered),
                    saved_at: to_db(t),
                    hygiene,
                    note: None,
                    skipped_reason: skipped,
                    presence: presence.clone(),
                    hazards,
                },
            )?;
            sp::set_position(tx, pid, seq as i64)?;
            for m in presence.iter().filter(|m| m.status.needs_follow_up()) {
                let counsellor = occupants
                    .iter()
                    .find(|(s, _)| *s == m.student_id)
                    .and_then(|(_, c)| *c);
                let due = to_db(follow_up_due(t, night_end, 8));
                if let Some(fid) = sp::raise_follow_up(
                    tx,
                    check,
                    m.student_id,
                    m.status,
                    counsellor,
                    staff,
                    &to_db(t),
                    &due,
                )? {
                    // older nights are followed up; the latest may still be open
                    if days > 1 || rng.chance(500) {
                        let closer = counsellor.unwrap_or(staff);
                        let at = to_db(t + Duration::minutes(20 + rng.below(60) as i64));
                        if rng.chance(850) {
                            sp::close_follow_up(
                                tx,
                                fid,
                                "reached",
                                "已电话联系，在校外亲戚家，已返校",
                                None,
                                closer,
                                &at,
                            )?;
                        } else {
                            sp::close_follow_up(
                                tx,
                                fid,
                                "escalated",
                                "电话无人接听，已报告值班领导并联系家长",
                                Some(("刘洋", &at)),
                                closer,
                                &at,
                            )?;
                        }
                    }
                }
            }
        }
        sp::finish(tx, pid, &to_db(t))?;
        made += 1;
    }
    Ok(made)
}
