//! Data for `zhiban bench`: a roster written out as the files schools
//! import, and talk records in bulk, on a generated demo database.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::records::{NewTalk, insert_talk};

/// Adds `talks` talk records spread over every student and two years (by
/// the demo counsellor `author`); returns how long the write took.
/// The 17 columns of the generated roster workbook, as schools head them.
pub const ROSTER_HEADERS: [&str; 17] = [
    "学号",
    "姓名",
    "性别",
    "学院",
    "专业",
    "班级",
    "辅导员",
    "宿舍楼",
    "房间号",
    "床位",
    "手机号",
    "身份证号",
    "家长姓名",
    "家长电话",
    "学籍预警",
    "重点关注",
    "困难等级",
];

pub fn add_talks(demo: &Path, talks: usize, author: &str) -> Result<std::time::Duration> {
    let mut store = Store::open_existing(demo)?;
    let ids: Vec<i64> = crate::store::students::numbers(store.conn())?
        .into_keys()
        .collect();
    let author = crate::store::org::staff_by_login(store.conn(), author)?
        .ok_or_else(|| Error::Data(crate::msg!("err.bench.no_staff", login = author)))?
        .id;
    let now = chrono::Utc::now();
    let t = Instant::now();
    store.write("bench", now, |tx| {
        let mut seed = 7u64;
        for i in 0..talks {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let sid = ids[(seed >> 33) as usize % ids.len().max(1)];
            let days = (seed >> 13) % 730;
            let at = now - chrono::Duration::days(days as i64 + 1);
            let held_at = crate::domain::clock::to_db(at);
            let held_on = crate::domain::clock::local_date(at, 8).to_string();
            insert_talk(
                tx,
                &NewTalk {
                    student_id: sid,
                    author_id: author,
                    held_at: &held_at,
                    held_on: &held_on,
                    place: None,
                    kind: "daily",
                    summary: "bench",
                    follow_up: None,
                    follow_up_due: None,
                    next_talk: None,
                    sensitive: i % 10 == 0,
                    amends: None,
                    written_at: &held_at,
                    written_by: author,
                    imported_from: Some("bench"),
                },
            )?;
        }
        Ok(((), Vec::new()))
    })?;
    Ok(t.elapsed())
}

/// Writes the demo's staff as CSV and its students as an xlsx roster with
/// the columns schools use; returns the number of student rows.
pub fn write_roster(demo: &Path, staff_csv: &Path, xlsx: &Path) -> Result<usize> {
    let store = Store::open_existing(demo)?;
    let staff = crate::store::org::all_staff(store.conn())?;
    let mut csv = String::from("登录名,姓名,角色,学院\n");
    let mut login_of = HashMap::new();
    for s in &staff {
        let roles: Vec<&str> = s.roles.iter().map(|r| r.code()).collect();
        csv.push_str(&format!(
            "{},{},{},{}\n",
            s.login,
            s.name,
            roles.join("、"),
            s.college.clone().unwrap_or_default()
        ));
        login_of.insert(s.id, s.login.clone());
    }
    std::fs::write(staff_csv, csv)?;
    let all = crate::store::students::all(store.conn(), true)?;
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let headers = ROSTER_HEADERS;
    let x = |e: rust_xlsxwriter::XlsxError| Error::Data(crate::msg!("err.bench.xlsx", detail = e));
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).map_err(x)?;
    }
    for (i, s) in all.iter().enumerate() {
        let r = i as u32 + 1;
        let g = s.guardians.first();
        let flag = |k| {
            s.flag(k)
                .map(|f| (f.level.clone().unwrap_or_else(|| "是".into()), f.since))
        };
        use crate::domain::student::FlagKind::*;
        let cells = [
            s.student_no.clone(),
            s.name.clone(),
            s.gender.map(|g| g.zh().to_string()).unwrap_or_default(),
            s.college.clone(),
            s.major.clone().unwrap_or_default(),
            s.class.clone().unwrap_or_default(),
            s.counsellor_id
                .and_then(|id| login_of.get(&id).cloned())
                .unwrap_or_default(),
            s.dorm
                .as_ref()
                .map(|d| d.building.clone())
                .unwrap_or_default(),
            s.dorm.as_ref().map(|d| d.room.clone()).unwrap_or_default(),
            s.dorm.as_ref().map(|d| d.bed.clone()).unwrap_or_default(),
            s.phone.clone().unwrap_or_default(),
            s.id_number.clone().unwrap_or_default(),
            g.and_then(|g| g.name.clone()).unwrap_or_default(),
            g.and_then(|g| g.phone.clone()).unwrap_or_default(),
            flag(AcademicWarning)
                .map(|(l, d)| format!("{l} {}", d.map(|d| d.to_string()).unwrap_or_default()))
                .unwrap_or_default(),
            flag(KeyConcern).map(|(l, _)| l).unwrap_or_default(),
            flag(FinancialDifficulty)
                .map(|(l, _)| l)
                .unwrap_or_default(),
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r, c as u16, v).map_err(x)?;
        }
    }
    wb.save(xlsx).map_err(x)?;
    Ok(all.len())
}
