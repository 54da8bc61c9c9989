//! The aid specialist's records in the demo: home visits (家访, some with
//! the student's counsellor along, in person or online) and growth-file
//! entries (成长档案) for part of the financially-difficult students of
//! each college with an aid specialist — enough for `aid list`, `report
//! aid` and `aid.growth-file` to have something true to say, and some left
//! to do. Its own random stream, so the rest of the demo is unchanged.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::Rng;
use crate::domain::calendar::Calendar;
use crate::domain::clock::{local_date, to_db};
use crate::domain::staff::Role;
use crate::error::Result;
use crate::store::aid::{self as store, NewGrowth, NewVisit};
use crate::store::org;

const FAMILIES: &[&str] = &[
    "父母务农，家中三口人，年收入约两万元，母亲患慢性病需长期服药",
    "单亲家庭，母亲在外务工，收入不稳定，弟弟读初中",
    "父亲去年因病离世，家中靠低保和亲戚帮助维持",
    "家住山区，父母打零工，房屋为旧砖房，家中有两名在读学生",
];
const NEEDS: &[&str] = &[
    "学费缺口约三千元，冬季衣物不足",
    "希望获得勤工助学岗位",
    "学生心理压力较大，需关注",
    "生活费紧张，需临时困难补助",
];
const NEXT: &[&str] = &[
    "协助申请国家助学金",
    "推荐校内勤工助学岗位",
    "与辅导员共同每月跟进一次",
    "申请临时困难补助并告知家长办理流程",
];
const GROWTH: &[(&str, &str)] = &[
    ("support", "获国家助学金一等"),
    ("support", "获校内勤工助学岗位（图书馆）"),
    ("reward", "获评“自强之星”，在学院大会上表彰"),
    ("achievement", "本学期绩点较上学期提高 0.6"),
    ("trait", "做事踏实，乐于助人，担任班级学习委员"),
    ("change", "家庭情况好转，父亲已找到稳定工作"),
];

fn day_between(rng: &mut Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days();
    if span <= 0 {
        return to;
    }
    from + Duration::days(rng.below(span as u64 + 1) as i64)
}

pub(super) fn demo_aid(
    tx: &rusqlite::Connection,
    cal: &Calendar,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut rng = Rng::new(0xa1d_2026);
    let today = local_date(now, 8);
    let yesterday = today - Duration::days(1);
    let (year_start, _) = cal.academic_year(today);
    let last_year = year_start - Duration::days(300);
    let written = to_db(now);
    let aiders: Vec<_> = org::all_staff(tx)?
        .into_iter()
        .filter(|s| s.has(Role::AidSpecialist) && s.college_id.is_some())
        .collect();
    for a in &aiders {
        for s in store::aid_students(tx, a.college_id)? {
            if rng.chance(300) {
                let family = FAMILIES[rng.below(FAMILIES.len() as u64) as usize];
                let went: Vec<i64> = s
                    .counsellor_id
                    .filter(|_| rng.chance(600))
                    .into_iter()
                    .collect();
                let on = day_between(&mut rng, year_start, yesterday).to_string();
                store::insert_visit(
                    tx,
                    &NewVisit {
                        student_id: s.id,
                        author_id: a.id,
                        visited_on: &on,
                        mode: if rng.chance(600) {
                            "in_person"
                        } else {
                            "online"
                        },
                        address: Some("（家访地址）"),
                        family,
                        needs: Some(*rng.pick(NEEDS)),
                        next_step: Some(*rng.pick(NEXT)),
                        went: &went,
                        amends: None,
                        written_at: &written,
                        written_by: a.id,
                    },
                )?;
            }
            // a growth file kept this year for about half; last year's only for some
            let on = if rng.chance(500) {
                Some(day_between(&mut rng, year_start, yesterday))
            } else if rng.chance(300) {
                Some(day_between(
                    &mut rng,
                    last_year,
                    year_start - Duration::days(1),
                ))
            } else {
                None
            };
            if let Some(on) = on {
                let (kind, text) = *rng.pick(GROWTH);
                store::insert_growth(
                    tx,
                    &NewGrowth {
                        student_id: s.id,
                        author_id: a.id,
                        noted_on: &on.to_string(),
                        kind,
                        text,
                        amends: None,
                        written_at: &written,
                        written_by: a.id,
                    },
                )?;
            }
        }
    }
    Ok(())
}
