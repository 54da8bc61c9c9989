//! Demo night duty: the roster and a week of shifts with entries,
//! an escalation answered, and handovers.

use chrono::Duration;

use super::Rng;
use crate::domain::clock::to_db;
use crate::error::Result;

/// A week of night shifts alternating between the duty officers, with
/// rounds, calls, an incident escalated and answered, and handovers.
pub(super) fn demo_shifts(
    tx: &rusqlite::Connection,
    rng: &mut Rng,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    use crate::domain::duty::{Channel, EntryType};
    use crate::store::duty::{self as sd, NewEntry};
    let mut officers: Vec<i64> = Vec::new();
    for login in ["sunpeng", "mali", "lina", "zhangwei"] {
        if let Some(s) = crate::store::org::staff_by_login(tx, login)? {
            officers.push(s.id);
        }
    }
    if officers.is_empty() {
        return Ok(());
    }
    let mut students: Vec<(i64, String)> =
        crate::store::students::numbers(tx)?.into_iter().collect();
    students.sort_unstable();
    students.truncate(200);
    let calls = [
        "家长来电询问学生近况",
        "学生来电：宿舍停电",
        "宿管来电：有学生晚归",
        "学生来电咨询请假手续",
    ];
    let rounds = [
        "1号楼、2号楼巡查，一切正常",
        "3号楼巡查，发现楼道堆放杂物，已通知宿管",
        "4号楼巡查，一切正常",
    ];
    // the roster: two weeks back, four ahead, one night shift a day
    let today = crate::domain::clock::local_date(now, 8);
    for d in -14..=28i64 {
        let date = today + Duration::days(d);
        let officer = officers[d.rem_euclid(officers.len() as i64) as usize];
        let leader = if d.rem_euclid(2) == 0 {
            "刘洋"
        } else {
            "陈静"
        };
        sd::upsert_roster(
            tx,
            &date.to_string(),
            "夜班",
            officer,
            Some(leader),
            Some("学生公寓值班室"),
        )?;
    }
    for days in (2..=8).rev() {
        let officer = officers[days as usize % officers.len()];
        // 16:30 school time, `days` ago
        let opened = now - Duration::days(days) - Duration::hours(6) - Duration::minutes(30);
        let sid = sd::insert_shift(
            tx,
            officer,
            Some("学生公寓值班室"),
            Some("刘洋"),
            &to_db(opened),
        )?;
        let mut t = opened + Duration::minutes(90);
        let entry = |kind: EntryType,
                     text: &str,
                     students: &[i64],
                     t: chrono::DateTime<chrono::Utc>,
                     late: i64,
                     sensitive: bool|
         -> Result<i64> {
            sd::insert_entry(
                tx,
                &NewEntry {
                    shift_id: sid,
                    kind,
                    location: Some("学生公寓值班室"),
                    text,
                    happened_at: &to_db(t),
                    written_at: &to_db(t + Duration::minutes(late)),
                    written_by: officer,
                    sensitive,
                    open: false,
                    amends: None,
                    students,
                },
            )
        };
        for _ in 0..3 {
            t += Duration::minutes(60 + rng.below(90) as i64);
            let kind = if rng.chance(500) {
                EntryType::Round
            } else {
                EntryType::Call
            };
            let text = if kind == EntryType::Round {
                *rng.pick(&rounds)
            } else {
                *rng.pick(&calls)
            };
            entry(kind, text, &[], t, rng.below(20) as i64, false)?;
        }
        if days % 3 == 0 {
            let (st, _) = students[rng.below(students.len() as u64) as usize].clone();
            t += Duration::minutes(30);
            let e = entry(
                EntryType::Incident,
                "学生突发腹痛，已由值班员陪同送校医院",
                &[st],
                t,
                2,
                false,
            )?;
            let x = sd::insert_escalation(
                tx,
                e,
                "刘洋",
                Channel::Phone,
                &to_db(t + Duration::minutes(5)),
                officer,
            )?;
            sd::respond(
                tx,
                x,
                "已知悉，请辅导员到医院陪同并通知家长",
                &to_db(t + Duration::minutes(12)),
            )?;
        }
        if days == 4 {
            // what a student confides is for their counsellor and the leaders
            let st = students.get(1).map(|s| s.0).into_iter().collect::<Vec<_>>();
            t += Duration::minutes(20);
            entry(
                EntryType::StudentRequest,
                "学生深夜来值班室倾诉，情绪低落，提到压力很大；已陪同至平静，并告知辅导员",
                &st,
                t,
                8,
                true,
            )?;
        }
        let closed = opened + Duration::hours(15) + Duration::minutes(30);
        let next = officers[(days as usize + 1) % officers.len()];
        sd::close_shift(tx, sid, "夜间平稳，无未结事项", Some(next), &to_db(closed))?;
    }
    Ok(())
}
