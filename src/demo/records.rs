//! A believable semester of talks, family contacts and class-ledger records
//! for the demo: two counsellors in three keep up, the third falls behind,
//! so the 待办 view has something true to say.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};

use super::Rng;
use crate::domain::calendar::Calendar;
use crate::domain::clock::{school_tz, to_db};
use crate::domain::staff::Role;
use crate::domain::student::{FlagKind, parse_date};
use crate::error::Result;
use crate::store::org;
use crate::store::records::{self as rec, NewContact, NewLedger, NewTalk, Support};

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
];
const WARNED_TALK: &str = "就学业预警谈话：分析挂科原因，制定补考复习计划，约定每两周反馈一次";
const KEY_TALK: &str = "重点关注学生每周谈话：情绪较上周平稳，睡眠改善，继续关注";
const CONTACTS: &[(&str, &str, &str)] = &[
    (
        "phone",
        "routine",
        "向家长介绍学生在校表现，家长表示支持学校工作",
    ),
    ("wechat", "routine", "与家长沟通学生近况，提醒关注学生作息"),
];

/// A school-local moment on `day` at `hour`.
fn at(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    school_tz(8)
        .from_local_datetime(&day.and_hms_opt(hour, minute, 0).unwrap_or_default())
        .single()
        .map(|x| x.with_timezone(&Utc))
        .unwrap_or_default()
}

/// A random day in [from, to] (both inclusive; `to` if the range is empty).
fn day_between(rng: &mut Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days();
    if span <= 0 {
        return to;
    }
    from + Duration::days(rng.below(span as u64 + 1) as i64)
}

pub(super) fn demo_records(
    tx: &rusqlite::Connection,
    rng: &mut Rng,
    now: DateTime<Utc>,
) -> Result<()> {
    let cal = crate::config::assets::embedded("calendar.toml")
        .and_then(|t| Calendar::parse(t).ok())
        .unwrap_or_else(no_semesters);
    let today = crate::domain::clock::local_date(now, 8);
    let yesterday = today - Duration::days(1);
    let sem_start = cal
        .semester_at(today)
        .map_or(today - Duration::days(75), |s| s.start);
    let (year_start, _) = cal.academic_year(today);
    let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
    let written = to_db(now);
    let counsellors: Vec<_> = org::all_staff(tx)?
        .into_iter()
        .filter(|s| s.has(Role::Counsellor))
        .collect();
    for (i, c) in counsellors.iter().enumerate() {
        let keeps_up = i % 3 != 1;
        let students = rec::marks(tx, Some(c.id), None)?;
        let mut flags: std::collections::HashMap<i64, Vec<(FlagKind, Option<NaiveDate>)>> =
            Default::default();
        for (sid, kind, since) in rec::standing_flags(tx, Some(c.id), None)? {
            if let Some(k) = FlagKind::from_code(&kind) {
                flags
                    .entry(sid)
                    .or_default()
                    .push((k, since.as_deref().and_then(parse_date)));
            }
        }
        let talk = |tx: &rusqlite::Connection,
                    sid: i64,
                    day: NaiveDate,
                    kind: &str,
                    text: &str,
                    sensitive: bool| {
            let t = at(day, 15, 10);
            rec::insert_talk(
                tx,
                &NewTalk {
                    student_id: sid,
                    author_id: c.id,
                    held_at: &to_db(t),
                    held_on: &day.to_string(),
                    place: Some("辅导员办公室"),
                    kind,
                    summary: text,
                    follow_up: None,
                    follow_up_due: None,
                    next_talk: None,
                    sensitive,
                    amends: None,
                    written_at: &written,
                    written_by: c.id,
                    imported_from: None,
                },
            )
        };
        let contact = |tx: &rusqlite::Connection,
                       sid: i64,
                       day: NaiveDate,
                       channel: &str,
                       reason: &str,
                       text: &str| {
            rec::insert_contact(
                tx,
                &NewContact {
                    student_id: sid,
                    author_id: c.id,
                    contacted_at: &to_db(at(day, 19, 30)),
                    contacted_on: &day.to_string(),
                    channel,
                    home_visit: channel.starts_with("home_visit"),
                    person: Some("母亲"),
                    reason,
                    content: text,
                    amends: None,
                    written_at: &written,
                    written_by: c.id,
                    imported_from: None,
                },
            )
        };
        let coverage = if keeps_up { 420 } else { 150 };
        let contacted = if keeps_up { 650 } else { 250 };
        for s in &students {
            let fl = flags.get(&s.id).cloned().unwrap_or_default();
            if rng.chance(coverage) {
                let (k, text) = *rng.pick(TALKS);
                talk(
                    tx,
                    s.id,
                    day_between(rng, sem_start, yesterday),
                    k,
                    text,
                    false,
                )?;
            }
            if rng.chance(contacted) {
                let (ch, reason, text) = *rng.pick(CONTACTS);
                contact(
                    tx,
                    s.id,
                    day_between(rng, year_start, yesterday),
                    ch,
                    reason,
                    text,
                )?;
            }
            for (kind, since) in fl {
                let since = since.unwrap_or(sem_start);
                match kind {
                    FlagKind::AcademicWarning | FlagKind::AcademicAction | FlagKind::Discipline => {
                        if keeps_up || rng.chance(300) {
                            let d = (since + Duration::days(2)).min(yesterday).max(since);
                            talk(
                                tx,
                                s.id,
                                d,
                                if kind == FlagKind::Discipline {
                                    "discipline"
                                } else {
                                    "academic_warning"
                                },
                                WARNED_TALK,
                                false,
                            )?;
                            let reason = if kind == FlagKind::Discipline {
                                "discipline"
                            } else {
                                "academic_warning"
                            };
                            contact(
                                tx,
                                s.id,
                                (since + Duration::days(3)).min(yesterday).max(since),
                                "phone",
                                reason,
                                "通报学业情况，请家长配合督促学习",
                            )?;
                        }
                    }
                    FlagKind::KeyConcern => {
                        let d = if keeps_up {
                            monday.max(today - Duration::days(1)).min(yesterday)
                        } else {
                            today - Duration::days(20)
                        };
                        talk(tx, s.id, d.max(sem_start), "psych", KEY_TALK, true)?;
                    }
                    FlagKind::FinancialDifficulty => {
                        if rng.chance(if keeps_up { 800 } else { 200 }) {
                            let ch = if rng.chance(500) {
                                "home_visit"
                            } else {
                                "home_visit_online"
                            };
                            contact(
                                tx,
                                s.id,
                                day_between(rng, year_start, yesterday),
                                ch,
                                "aid_visit",
                                "家访：了解家庭经济状况与学生成长情况，介绍资助政策",
                            )?;
                        }
                    }
                    FlagKind::Special(_) if keeps_up => {
                        rec::set_support(
                            tx,
                            s.id,
                            &Support {
                                academic_mentor: Some("王教授".into()),
                                affairs_teacher: Some(c.name.clone()),
                                peer_student: Some("学生党员 李明".into()),
                                plan: Some("每月一次学业与生活情况跟踪，寒暑假前家校沟通".into()),
                            },
                            c.id,
                            &written,
                        )?;
                    }
                    _ => {}
                }
            }
        }
        // the class ledger: meetings, committee meetings, weekly attendance checks
        for (class_id, _, _) in rec::classes(tx, Some(c.id), None)? {
            let meetings = if keeps_up { 3 } else { 1 };
            for m in 0..meetings {
                let d = (sem_start + Duration::days(14 + 21 * m)).min(yesterday);
                ledger(
                    tx,
                    Some(class_id),
                    c.id,
                    "meeting",
                    d,
                    Some(["开学安全教育", "学风建设", "心理健康与人际交往"][m as usize % 3]),
                    Some(55),
                    &written,
                )?;
            }
            if keeps_up {
                ledger(
                    tx,
                    Some(class_id),
                    c.id,
                    "committee",
                    (sem_start + Duration::days(10)).min(yesterday),
                    Some("班委分工与本学期工作计划"),
                    Some(9),
                    &written,
                )?;
            }
            let last_week = if keeps_up { 0 } else { 3 };
            let mut d = sem_start + Duration::days(2);
            while d <= monday - Duration::days(7 * last_week) - Duration::days(1) && d <= yesterday
            {
                ledger(
                    tx,
                    Some(class_id),
                    c.id,
                    "attendance",
                    d,
                    None,
                    Some(58),
                    &written,
                )?;
                d += Duration::days(7);
            }
            if keeps_up && monday <= yesterday {
                ledger(
                    tx,
                    Some(class_id),
                    c.id,
                    "attendance",
                    monday,
                    None,
                    Some(57),
                    &written,
                )?;
            }
        }
        if keeps_up {
            let first = today.with_day0(0).unwrap_or(today);
            ledger(
                tx,
                None,
                c.id,
                "lecture",
                first.max(sem_start).min(yesterday),
                Some("《高等数学》课堂，学生抬头率较高"),
                None,
                &written,
            )?;
        }
    }
    // the colleges' information sweep of the special groups this semester
    for (college, _) in org::colleges(tx)? {
        if let Some(leader) = org::all_staff(tx)?
            .into_iter()
            .find(|s| s.has(Role::Leader) && s.college_id == Some(college))
        {
            rec::insert_sweep(
                tx,
                college,
                false,
                &(sem_start + Duration::days(12)).to_string(),
                Some("六类特殊群体信息摸排"),
                leader.id,
                &written,
            )?;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn ledger(
    tx: &rusqlite::Connection,
    class_id: Option<i64>,
    author: i64,
    kind: &str,
    day: NaiveDate,
    topic: Option<&str>,
    attendance: Option<i64>,
    written: &str,
) -> Result<i64> {
    rec::insert_ledger(
        tx,
        &NewLedger {
            class_id,
            author_id: author,
            kind,
            held_at: &to_db(at(day, 10, 0)),
            held_on: &day.to_string(),
            topic,
            attendance,
            absentees: None,
            note: None,
            amends: None,
            written_at: written,
            written_by: author,
            imported_from: None,
        },
    )
}

/// A calendar without semesters (the demo then dates from 75 days back).
fn no_semesters() -> Calendar {
    Calendar {
        utc_offset_hours: 8,
        academic_year_start_month: 9,
        semesters: Vec::new(),
        holidays: Vec::new(),
        workdays: Vec::new(),
    }
}
