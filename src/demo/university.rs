//! The university of `zhiban bench`: the demo college grown to scale. At
//! scale 1: 40,000 students (the demo's own generator), 10,000 rooms, 500
//! staff, and five years of records — 2,000,000 talks, 2,000,000 presence
//! records (room checks of centralised patrols), 100,000 duty entries and
//! 2,000 crisis cases. Everything past the demo is written in one
//! transaction with prepared statements, the big tables' indexes dropped
//! and made again with their own SQL (the schema stays the migrated one),
//! and every record hashed into the one audit entry like any write's.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::{DemoSpec, Rng, given, mobile, surname};
use crate::domain::clock::{local_date, to_db};
use crate::domain::student::Gender;
use crate::error::Result;
use crate::store::AuditEntry;
use crate::store::Store;
use crate::store::bulk;

/// How much of each, at a scale.
#[derive(Debug, Clone, Copy)]
pub struct UniversitySpec {
    pub students: usize,
    pub rooms: usize,
    pub staff: usize,
    pub talks: usize,
    pub presence: usize,
    pub duty_entries: usize,
    pub crisis_cases: usize,
}

impl UniversitySpec {
    pub fn at_scale(f: f64) -> UniversitySpec {
        let n = |x: f64| ((x * f).round() as usize).max(1);
        UniversitySpec {
            students: n(40_000.0),
            rooms: n(10_000.0),
            staff: n(500.0),
            talks: n(2_000_000.0),
            presence: n(2_000_000.0),
            duty_entries: n(100_000.0),
            crisis_cases: n(2_000.0),
        }
    }
}

/// What was made, and how long each part took.
#[derive(Debug, Clone, Default)]
pub struct Built {
    pub students: i64,
    pub rooms: i64,
    pub staff: i64,
    pub talks: i64,
    pub presence: i64,
    pub duty_entries: i64,
    pub crisis_cases: i64,
    pub audit_records: i64,
    /// The demo college (students, rooms, its own records).
    pub demo_took: Duration,
    /// The records in bulk, with their indexes and the trail.
    pub bulk_took: Duration,
}

const TALKS: &[(&str, &str)] = &[
    (
        "daily",
        "了解近期学习和生活情况，学生表示适应良好，鼓励参加社团活动",
    ),
    ("daily", "谈宿舍关系，室友间有小摩擦，已约定共同遵守作息"),
    (
        "career",
        "谈考研与就业打算，建议先完成专业课学习并关注实习信息",
    ),
    ("aid", "了解家庭经济情况与勤工助学意愿，介绍资助政策"),
    ("daily", "学生反映学习压力较大，共同制定每周学习计划"),
    (
        "daily",
        "重点关注学生每周谈话：情绪较上周平稳，睡眠改善，继续关注",
    ),
];

const DUTY: &[(&str, &str)] = &[
    ("round", "巡查各楼层，一切正常"),
    ("call", "接到宿管电话，学生晚归已返回"),
    (
        "student_request",
        "学生来值班室反映身体不适，已陪同前往校医院",
    ),
    ("facility", "3楼水管漏水，已通知后勤维修"),
    ("visitor", "家长来访，已核实身份并联系辅导员"),
    ("incident", "宿舍内学生发生争执，已劝解并记录"),
];

/// A room and who lives in it.
type Occupied = (i64, Vec<i64>);

const STATUSES: &[&str] = &["present", "leave", "late", "out_overnight", "unknown"];

/// Makes the university at `path` (a new file), dated `now`.
pub fn build(path: &Path, now: DateTime<Utc>, spec: &UniversitySpec) -> Result<Built> {
    let t = Instant::now();
    super::create(
        path,
        now,
        &DemoSpec {
            seed: 1,
            students: spec.students,
        },
    )?;
    let demo_took = t.elapsed();
    let t = Instant::now();
    let mut store = Store::open_existing(path)?;
    let mut built = store.write("bench", now, |tx| {
        let built = grow(tx, now, spec)?;
        let entry = AuditEntry::new(
            "demo.university",
            "database",
            None,
            serde_json::json!({
                "talks": built.talks, "presence": built.presence,
                "duty_entries": built.duty_entries, "crisis_cases": built.crisis_cases,
            }),
        );
        Ok((built, vec![entry]))
    })?;
    built.demo_took = demo_took;
    built.bulk_took = t.elapsed();
    let c = store.conn();
    built.students = bulk::count(c, "students")?;
    built.rooms = bulk::count(c, "rooms")?;
    built.staff = bulk::count(c, "staff")?;
    built.talks = bulk::count(c, "talks")?;
    built.presence = bulk::count(c, "presence")?;
    built.duty_entries = bulk::count(c, "duty_entries")?;
    built.crisis_cases = bulk::count(c, "crisis_cases")?;
    built.audit_records = bulk::count(c, "audit_records")?;
    Ok(built)
}

fn grow(tx: &rusqlite::Connection, now: DateTime<Utc>, spec: &UniversitySpec) -> Result<Built> {
    let mut rng = Rng::new(16);
    let at = to_db(now);
    let offset = crate::config::Assets::builtin(crate::config::Lang::ZhCn)
        .calendar
        .utc_offset_hours;
    let five_years = 5 * 365;
    let colleges = bulk::college_ids(tx)?;

    // staff up to the number wanted: duty officers, psych and aid staff
    let have = bulk::count(tx, "staff")? as usize;
    for i in have..spec.staff {
        let g = if rng.chance(500) {
            Gender::Male
        } else {
            Gender::Female
        };
        let name = format!("{}{}", surname(&mut rng), given(&mut rng, g));
        let role = [
            "duty_officer",
            "duty_officer",
            "psych_specialist",
            "aid_specialist",
        ][i % 4];
        let college = (role != "duty_officer").then(|| colleges[i % colleges.len()]);
        bulk::staff(
            tx,
            &format!("staff{i}"),
            &name,
            college,
            &mobile(&mut rng),
            role,
            &at,
        )?;
    }
    // rooms up to the number wanted: new residences, not yet lived in
    let mut rooms = bulk::count(tx, "rooms")? as usize;
    let mut b = bulk::count(tx, "buildings")? as usize;
    while rooms < spec.rooms {
        b += 1;
        let g = if b.is_multiple_of(2) { "M" } else { "F" };
        let bid = bulk::building(tx, &format!("{b}号楼"), g, &at)?;
        'floors: for floor in 1..=6 {
            for r in 1..=20 {
                if rooms >= spec.rooms {
                    break 'floors;
                }
                bulk::room(tx, bid, &format!("{floor}{r:02}"), floor, 6, g)?;
                rooms += 1;
            }
        }
    }

    let big = bulk::indexes_of(
        tx,
        &[
            "talks",
            "room_checks",
            "presence",
            "patrol_rooms",
            "duty_entries",
            "duty_entry_students",
            "crisis_events",
        ],
    )?;
    bulk::drop_indexes(tx, &big)?;

    let mut built = Built::default();
    let people = bulk::students_and_counsellors(tx)?;
    let counsellors = bulk::staff_with_role(tx, "counsellor")?;
    let officers = bulk::staff_with_role(tx, "duty_officer")?;
    let officer = |rng: &mut Rng| *rng.pick(&officers);

    // talks: by the student's counsellor, over five years
    for i in 0..spec.talks {
        let (sid, c, _) = people[rng.below(people.len() as u64) as usize];
        let author = c.unwrap_or_else(|| counsellors[i % counsellors.len()]);
        let when = now - chrono::Duration::minutes(rng.below(five_years * 24 * 60) as i64 + 60);
        let (kind, text) = *rng.pick(TALKS);
        bulk::talk(
            tx,
            sid,
            author,
            &to_db(when),
            &local_date(when, offset).to_string(),
            kind,
            text,
            i % 10 == 0,
        )?;
        built.talks += 1;
    }

    // presence: centralised night patrols, a building at a time, every
    // room of it, until there are enough presence records
    let occupied = bulk::occupied_rooms(tx)?;
    let mut by_building: Vec<(i64, Vec<Occupied>)> = Vec::new();
    for (room, building, people) in occupied {
        match by_building.iter_mut().find(|(b, _)| *b == building) {
            Some((_, v)) => v.push((room, people)),
            None => by_building.push((building, vec![(room, people)])),
        }
    }
    let mut night = 0i64;
    while (built.presence as usize) < spec.presence && !by_building.is_empty() {
        night += 1;
        for (building, rooms) in &by_building {
            if built.presence as usize >= spec.presence {
                break;
            }
            let start = now
                - chrono::Duration::days(night % five_years as i64 + 1)
                - chrono::Duration::minutes(rng.below(60) as i64);
            let ids: Vec<i64> = rooms.iter().map(|(r, _)| *r).collect();
            let staff = officer(&mut rng);
            let done = to_db(start + chrono::Duration::minutes(ids.len() as i64));
            let pid = bulk::patrol(tx, *building, staff, &to_db(start), &done, &ids)?;
            for (k, (room, people)) in rooms.iter().enumerate() {
                let left = spec.presence - built.presence as usize;
                let marks: Vec<(i64, &str)> = people
                    .iter()
                    .take(left)
                    .map(|s| {
                        let x = rng.below(100) as usize;
                        (*s, if x < 95 { "present" } else { STATUSES[x - 95] })
                    })
                    .collect();
                let when = to_db(start + chrono::Duration::seconds(k as i64 * 50));
                bulk::room_check(tx, pid, *room, staff, &when, &marks)?;
                built.presence += marks.len() as i64;
                if built.presence as usize >= spec.presence {
                    break;
                }
            }
        }
    }

    // duty: a shift a night per officer on duty, entries through the night
    let per_shift = 14usize;
    let shifts = spec.duty_entries.div_ceil(per_shift);
    for s in 0..shifts {
        let day = (s as i64 * five_years as i64) / shifts.max(1) as i64;
        let opened =
            now - chrono::Duration::days(five_years as i64 - day) + chrono::Duration::hours(14);
        let by = officer(&mut rng);
        let sid = bulk::shift(
            tx,
            by,
            "值班室",
            &to_db(opened),
            &to_db(opened + chrono::Duration::hours(10)),
        )?;
        for e in 0..per_shift {
            if built.duty_entries as usize >= spec.duty_entries {
                break;
            }
            let (kind, text) = *rng.pick(DUTY);
            let student = matches!(kind, "student_request" | "incident")
                .then(|| people[rng.below(people.len() as u64) as usize].0);
            let when = opened + chrono::Duration::minutes(e as i64 * 40 + 5);
            bulk::duty_entry(tx, sid, kind, "宿舍区", text, &to_db(when), by, student)?;
            built.duty_entries += 1;
        }
    }

    // crisis cases, each like the demo's first closed case
    if let Some(shape) = bulk::closed_case_shape(tx)? {
        for i in 0..spec.crisis_cases {
            let (sid, _, college) = people[rng.below(people.len() as u64) as usize];
            let opened =
                now - chrono::Duration::minutes(rng.below(five_years * 24 * 60) as i64 + 24 * 60);
            let by = officers[i % officers.len()];
            bulk::crisis_case(tx, &shape, sid, college, by, opened, "宿舍区")?;
            built.crisis_cases += 1;
        }
    }

    bulk::make_indexes(tx, &big)?;
    Ok(built)
}
