//! `zhiban demo`: a believable college, the same for the same seed (and
//! the same day: flag dates are set relative to today so that the demo
//! shows things due now).

mod aid;
pub mod bench_data;
mod crisis;
mod patrols;
mod records;
mod shifts;
pub mod university;

use chrono::{Datelike, Duration, NaiveDate};
use serde_json::json;

use crate::domain::clock::to_db;
use crate::domain::dorm::floor_of;
use crate::domain::idcard;
use crate::domain::staff::Role;
use crate::domain::student::{Flag, FlagKind, Gender, Guardian, SpecialGroup};
use crate::error::{Error, Result};
use crate::store::org::StaffData;
use crate::store::students::StudentData;
use crate::store::{AuditEntry, Store, dorm, meta, migrations, org, students};

/// SplitMix64: small, fast, and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5eed_2026_d1ba_0001)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Surnames roughly by frequency, with the polyphonic ones staff trip on.
const SURNAMES: &[(&str, u64)] = &[
    ("王", 70),
    ("李", 70),
    ("张", 65),
    ("刘", 55),
    ("陈", 50),
    ("杨", 35),
    ("黄", 25),
    ("赵", 25),
    ("吴", 22),
    ("周", 22),
    ("徐", 18),
    ("孙", 17),
    ("马", 16),
    ("朱", 15),
    ("胡", 14),
    ("郭", 13),
    ("何", 12),
    ("高", 12),
    ("林", 11),
    ("罗", 11),
    ("郑", 10),
    ("梁", 10),
    ("谢", 9),
    ("宋", 8),
    ("唐", 8),
    ("许", 8),
    ("韩", 7),
    ("冯", 7),
    ("邓", 7),
    ("曹", 7),
    ("彭", 6),
    ("曾", 6),
    ("肖", 6),
    ("田", 6),
    ("董", 6),
    ("袁", 5),
    ("潘", 5),
    ("于", 5),
    ("蒋", 5),
    ("蔡", 5),
    ("余", 5),
    ("杜", 4),
    ("叶", 4),
    ("程", 4),
    ("苏", 4),
    ("魏", 4),
    ("吕", 4),
    ("丁", 4),
    ("任", 4),
    ("沈", 4),
    ("姚", 3),
    ("卢", 3),
    ("姜", 3),
    ("崔", 3),
    ("单", 3),
    ("解", 3),
    ("仇", 2),
    ("查", 2),
    ("区", 1),
    ("盖", 1),
    ("朴", 1),
    ("尉迟", 1),
    ("欧阳", 2),
];

const MALE_CHARS: &[&str] = &[
    "伟", "磊", "强", "军", "杰", "涛", "明", "超", "勇", "鹏", "浩", "宇", "轩", "博", "晨", "阳",
    "鑫", "俊", "凯", "帅", "斌", "峰", "辉", "昊", "然", "睿", "泽", "航", "子", "文", "志", "天",
    "建", "东", "晓", "嘉",
];
const FEMALE_CHARS: &[&str] = &[
    "敏", "静", "丽", "娟", "芳", "婷", "雪", "琳", "颖", "欣", "悦", "怡", "佳", "梦", "雨", "思",
    "涵", "萱", "璐", "瑶", "晶", "倩", "洁", "慧", "玲", "燕", "蕾", "菲", "薇", "妍", "晓", "嘉",
    "文", "子", "一", "诗",
];

fn surname(rng: &mut Rng) -> &'static str {
    let total: u64 = SURNAMES.iter().map(|(_, w)| w).sum();
    let mut x = rng.below(total);
    for (s, w) in SURNAMES {
        if x < *w {
            return s;
        }
        x -= w;
    }
    "王"
}

fn given(rng: &mut Rng, g: Gender) -> String {
    let chars = if g == Gender::Male {
        MALE_CHARS
    } else {
        FEMALE_CHARS
    };
    if rng.chance(300) {
        rng.pick(chars).to_string()
    } else {
        format!("{}{}", rng.pick(chars), rng.pick(chars))
    }
}

fn mobile(rng: &mut Rng) -> String {
    let prefix = rng.pick(&["13", "15", "17", "18", "19"]);
    format!("{prefix}{:09}", rng.below(1_000_000_000))
}

fn id_number(rng: &mut Rng, birth: NaiveDate, g: Gender) -> String {
    let region = rng.pick(&[
        "410102", "410305", "320102", "320581", "370102", "420106", "510107", "130104", "340104",
        "440304",
    ]);
    let seq = rng.below(100) * 10
        + if g == Gender::Male {
            1 + 2 * rng.below(5)
        } else {
            2 * rng.below(5)
        };
    let body = format!("{region}{}{seq:03}", birth.format("%Y%m%d"));
    let check = idcard::check_char(&body).unwrap_or('0');
    format!("{body}{check}")
}

const COLLEGES: &[(&str, &[(&str, &str)])] = &[
    (
        "信息工程学院",
        &[
            ("计算机科学与技术", "计科"),
            ("软件工程", "软工"),
            ("网络工程", "网工"),
            ("数据科学与大数据技术", "数据"),
            ("人工智能", "智能"),
        ],
    ),
    (
        "经济管理学院",
        &[
            ("会计学", "会计"),
            ("市场营销", "营销"),
            ("财务管理", "财管"),
        ],
    ),
    (
        "机械工程学院",
        &[("机械设计制造及其自动化", "机制"), ("车辆工程", "车辆")],
    ),
    ("外国语学院", &[("英语", "英语"), ("日语", "日语")]),
    (
        "土木工程学院",
        &[("土木工程", "土木"), ("工程管理", "工管")],
    ),
    (
        "化学化工学院",
        &[("化学工程与工艺", "化工"), ("应用化学", "应化")],
    ),
];

/// The fixed staff every demo has (login, name, roles, college index).
const CORE_STAFF: &[(&str, &str, &[Role], Option<usize>)] = &[
    ("admin", "王建国", &[Role::Admin], None),
    ("chenjing", "陈静", &[Role::Leader], None),
    ("liuyang", "刘洋", &[Role::Leader], Some(0)),
    ("zhouhui", "周慧", &[Role::PsychSpecialist], Some(0)),
    ("wuqiang", "吴强", &[Role::AidSpecialist], Some(0)),
    ("sunpeng", "孙鹏", &[Role::DutyOfficer], None),
    ("mali", "马丽", &[Role::DutyOfficer], None),
    (
        "lina",
        "李娜",
        &[Role::Counsellor, Role::DutyOfficer],
        Some(0),
    ),
    (
        "zhangwei",
        "张伟",
        &[Role::Counsellor, Role::DutyOfficer],
        Some(0),
    ),
];

/// Students that every demo has, in the first class (李娜's): they show the
/// search (`zs`, `zengm`, `shanl`, `xiexd`, `qiuf`).
const SHOWCASE: &[(&str, Gender)] = &[
    ("张三", Gender::Male),
    ("曾敏", Gender::Female),
    ("单磊", Gender::Male),
    ("解晓东", Gender::Male),
    ("仇芳", Gender::Female),
];

const RELATIONS_M: &[&str] = &["父亲", "父亲", "父亲", "爷爷"];
const RELATIONS_F: &[&str] = &["母亲", "母亲", "母亲", "奶奶"];

const KEY_CONCERN_REASONS: &[&str] = &[
    "心理普查预警，近期情绪低落",
    "家庭变故，需持续关注",
    "长期旷课，作息紊乱",
    "人际关系紧张，与室友冲突",
    "网络借贷纠纷",
    "失恋后情绪波动",
];

/// How big a demo to make.
pub struct DemoSpec {
    pub seed: u64,
    pub students: usize,
}

pub struct DemoSummary {
    pub colleges: usize,
    pub classes: usize,
    pub students: usize,
    pub staff: usize,
    pub rooms: usize,
    pub flagged: usize,
    pub patrols: usize,
}

/// Creates the demo college at `path` (a new file, or an empty database),
/// dated `now` (flag dates and records are set relative to it).
pub fn create(
    path: &std::path::Path,
    now: chrono::DateTime<chrono::Utc>,
    spec: &DemoSpec,
) -> Result<DemoSummary> {
    let mut store = Store::open(path)?;
    let offset = crate::config::Assets::builtin(crate::config::Lang::ZhCn)
        .calendar
        .utc_offset_hours;
    let today = crate::domain::clock::local_date(now, offset);
    fill(&mut store, today, now, spec)
}

/// Fills an empty database.
pub(crate) fn fill(
    store: &mut Store,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
    spec: &DemoSpec,
) -> Result<DemoSummary> {
    if !crate::app::session::is_empty(store)? {
        return Err(Error::Refused(crate::msg!(
            "err.denied.demo_not_empty",
            path = store.path().display()
        )));
    }
    let at = to_db(now);
    let mut rng = Rng::new(spec.seed);
    store.write("demo", now, |tx| {
        meta::set(tx, "schema_version", &migrations::SCHEMA_VERSION.to_string())?;
        meta::set(tx, "created_at", &at)?;
        meta::set(tx, "demo", "1")?;
        meta::set(tx, "demo_seed", &spec.seed.to_string())?;
        let per_class = 60usize;
        let per_college = 20 * per_class;
        let n_colleges = spec.students.div_ceil(per_college).max(1);
        let mut college_ids = Vec::new();
        for c in 0..n_colleges {
            let (name, _) = COLLEGES[c % COLLEGES.len()];
            let name = if c < COLLEGES.len() { name.to_string() } else { format!("{name}{}", c / COLLEGES.len() + 1) };
            college_ids.push(org::college_get_or_create(tx, &name, &at)?.0);
        }
        // staff
        let mut staff_n = 0;
        let mut counsellors_by_college: Vec<Vec<i64>> = vec![Vec::new(); n_colleges];
        for (login, name, roles, college) in CORE_STAFF {
            let cid = college.map(|c| college_ids[c]);
            let id = org::staff_insert(
                tx,
                &StaffData { login: login.to_string(), name: name.to_string(), roles: roles.to_vec(), college_id: cid, phone: Some(mobile(&mut rng)) },
                &at,
            )?;
            staff_n += 1;
            if roles.contains(&Role::Counsellor) {
                counsellors_by_college[college.unwrap_or(0)].push(id);
            }
        }
        let mut logins: std::collections::HashSet<String> = CORE_STAFF.iter().map(|s| s.0.to_string()).collect();
        let mut new_staff = |tx: &rusqlite::Connection, rng: &mut Rng, roles: Vec<Role>, cid: Option<i64>| -> Result<i64> {
            let sn = rng.pick(&["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"]);
            let g = if rng.chance(500) { Gender::Male } else { Gender::Female };
            let name = format!("{sn}{}", given(rng, g));
            let base = crate::domain::search::name_keys(&name).into_iter().next().unwrap_or_else(|| "staff".into());
            let mut login = base.clone();
            let mut k = 2;
            while !logins.insert(login.clone()) {
                login = format!("{base}{k}");
                k += 1;
            }
            staff_n += 1;
            org::staff_insert(tx, &StaffData { login, name, roles, college_id: cid, phone: Some(mobile(rng)) }, &at)
        };
        // classes and their counsellors: one counsellor for every 2-3 classes
        let mut classes: Vec<(i64, i64, String, usize, i32)> = Vec::new(); // (class id, college id, major, students, grade)
        let mut remaining = spec.students;
        for (ci, &cid) in college_ids.iter().enumerate() {
            let here = remaining.min(per_college);
            remaining -= here;
            let n_classes = here.div_ceil(per_class);
            let majors = COLLEGES[ci % COLLEGES.len()].1;
            let wanted = n_classes.div_ceil(3).max(1);
            while counsellors_by_college[ci].len() < wanted {
                let roles = if rng.chance(500) { vec![Role::Counsellor, Role::DutyOfficer] } else { vec![Role::Counsellor] };
                let id = new_staff(tx, &mut rng, roles, Some(cid))?;
                counsellors_by_college[ci].push(id);
            }
            if ci > 0 && ci < 3 {
                new_staff(tx, &mut rng, vec![Role::PsychSpecialist], Some(cid))?;
                new_staff(tx, &mut rng, vec![Role::AidSpecialist], Some(cid))?;
                new_staff(tx, &mut rng, vec![Role::Leader], Some(cid))?;
            }
            for k in 0..n_classes {
                let (major, short) = majors[k % majors.len()];
                let grade = 2023 + (k / majors.len()) % 4;
                let seq = k / (majors.len() * 4) + 1;
                let name = format!("{short}{}{seq:02}", grade % 100);
                let counsellor = counsellors_by_college[ci][k * counsellors_by_college[ci].len() / n_classes];
                let size = if k + 1 == n_classes { here - k * per_class } else { per_class };
                let id = org::class_create(tx, cid, &name, Some(counsellor), &at)?;
                classes.push((id, cid, major.to_string(), size, grade as i32));
            }
        }
        // residences: 6 floors x 20 rooms; male and female buildings
        let mut building_no = 0;
        let mut rooms_made = 0;
        let mut next_bed: [Vec<(i64, Vec<i64>)>; 2] = [Vec::new(), Vec::new()];
        let mut add_building = |tx: &rusqlite::Connection, rng: &mut Rng, g: Gender| -> Result<Vec<(i64, Vec<i64>)>> {
            building_no += 1;
            let name = format!("{building_no}号楼");
            let (bid, _) = dorm::building_get_or_create(tx, &name, Some(g), &at)?;
            let beds_per_room = if rng.chance(500) { 4 } else { 6 };
            let mut rooms = Vec::new();
            for floor in 1..=6 {
                for r in 1..=20 {
                    let number = format!("{floor}{r:02}");
                    let rid = dorm::room_insert(tx, bid, &number, floor_of(&number), Some(beds_per_room), Some(g))?;
                    rooms_made += 1;
                    let mut beds = Vec::new();
                    for b in 1..=beds_per_room {
                        beds.push(dorm::bed_insert(tx, rid, &b.to_string())?);
                    }
                    rooms.push((rid, beds));
                }
            }
            rooms.reverse(); // pop from the end = first floor first
            Ok(rooms)
        };
        // students
        let mut flagged = 0;
        let mut student_n = 0;
        let mut showcase = SHOWCASE.iter();
        for (class_idx, (class_id, cid, major, size, grade_year)) in classes.iter().enumerate() {
            let grade_year = *grade_year;
            let mut members: [Vec<(i64, Gender)>; 2] = [Vec::new(), Vec::new()];
            for seat in 0..*size {
                let (name, g) = match (class_idx, showcase.next()) {
                    (0, Some((n, g))) => (n.to_string(), *g),
                    _ => {
                        let g = if rng.chance(520) { Gender::Male } else { Gender::Female };
                        (format!("{}{}", surname(&mut rng), given(&mut rng, g)), g)
                    }
                };
                let no = format!("{}{:02}{:03}{:02}", grade_year, cid % 100, class_idx % 1000, seat + 1);
                let birth = NaiveDate::from_ymd_opt(grade_year - 18, 1, 1).unwrap_or(today) + Duration::days(rng.below(700) as i64 - 200);
                let sid = students::insert(
                    tx,
                    &StudentData {
                        student_no: no,
                        name: name.clone(),
                        gender: Some(g),
                        college_id: *cid,
                        major: Some(major.clone()),
                        class_id: Some(*class_id),
                        phone: Some(mobile(&mut rng)),
                        id_number: Some(id_number(&mut rng, birth, g)),
                    },
                    &at,
                )?;
                student_n += 1;
                let family = name.chars().next().map(String::from).unwrap_or_default();
                let father_g = given(&mut rng, Gender::Male);
                let mother = format!("{}{}", surname(&mut rng), given(&mut rng, Gender::Female));
                let mut gs = vec![Guardian {
                    name: Some(format!("{family}{father_g}")),
                    relation: Some(rng.pick(RELATIONS_M).to_string()),
                    phone: Some(mobile(&mut rng)),
                }];
                if rng.chance(700) {
                    gs.push(Guardian { name: Some(mother), relation: Some(rng.pick(RELATIONS_F).to_string()), phone: Some(mobile(&mut rng)) });
                }
                students::replace_guardians(tx, sid, &gs)?;
                members[(g == Gender::Female) as usize].push((sid, g));
                // flags, dated relative to today so the demo has things due now
                let set = |kind: FlagKind, level: Option<&str>, days_ago: i64, note: Option<&str>| -> Result<()> {
                    let f = Flag { kind, level: level.map(String::from), since: Some(today - Duration::days(days_ago)), note: note.map(String::from) };
                    students::set_flag(tx, sid, &f, 1, &at)
                };
                let mut any = false;
                if rng.chance(30) || (class_idx == 0 && seat == 1) {
                    set(FlagKind::AcademicWarning, Some(*rng.pick(FlagKind::AcademicWarning.levels())), (rng.below(60) as i64).max(1), None)?;
                    any = true;
                }
                if rng.chance(8) {
                    set(FlagKind::AcademicAction, None, rng.below(200) as i64 + 10, Some("留级试读"))?;
                    any = true;
                }
                if rng.chance(12) {
                    set(FlagKind::Discipline, Some(*rng.pick(FlagKind::Discipline.levels())), rng.below(300) as i64 + 5, None)?;
                    any = true;
                }
                if rng.chance(12) || (class_idx == 0 && seat == 2) {
                    let reason = *rng.pick(KEY_CONCERN_REASONS);
                    set(FlagKind::KeyConcern, Some(*rng.pick(FlagKind::KeyConcern.levels())), rng.below(90) as i64, Some(reason))?;
                    any = true;
                }
                if rng.chance(40) {
                    let grp = *rng.pick(&SpecialGroup::ALL);
                    students::set_flag(tx, sid, &Flag { kind: FlagKind::Special(grp), level: None, since: None, note: None }, 1, &at)?;
                    any = true;
                }
                if rng.chance(150) {
                    let level = *rng.pick(FlagKind::FinancialDifficulty.levels());
                    students::set_flag(tx, sid, &Flag { kind: FlagKind::FinancialDifficulty, level: Some(level.into()), since: None, note: None }, 1, &at)?;
                    any = true;
                }
                if any {
                    flagged += 1;
                }
            }
            // classmates share rooms; a few students live off campus
            for (gi, group) in members.iter().enumerate() {
                let g = if gi == 0 { Gender::Male } else { Gender::Female };
                let mut beds: Vec<i64> = Vec::new();
                for (sid, _) in group {
                    if rng.chance(15) {
                        continue;
                    }
                    if beds.is_empty() {
                        if next_bed[gi].is_empty() {
                            next_bed[gi] = add_building(tx, &mut rng, g)?;
                        }
                        let (_, room_beds) = next_bed[gi].pop().unwrap_or((0, Vec::new()));
                        beds = room_beds;
                        beds.reverse();
                    }
                    if let Some(b) = beds.pop() {
                        dorm::assign(tx, b, *sid, &at)?;
                    }
                }
                // leave the rest of a half-filled room empty, and now and then an empty room
                if rng.chance(100) && !next_bed[gi].is_empty() {
                    next_bed[gi].pop();
                }
            }
        }
        let patrols_made = patrols::demo_patrols(tx, &mut rng, now)?;
        shifts::demo_shifts(tx, &mut rng, now)?;
        records::demo_records(tx, &mut rng, now)?;
        crisis::demo_crises(tx, now)?;
        let cal = crate::config::assets::embedded("calendar.toml")
            .and_then(|t| crate::domain::calendar::Calendar::parse(t).ok());
        if let Some(cal) = cal {
            aid::demo_aid(tx, &cal, now)?;
        }
        let summary = DemoSummary {
            colleges: n_colleges,
            classes: classes.len(),
            students: student_n,
            staff: staff_n,
            rooms: rooms_made,
            flagged,
            patrols: patrols_made,
        };
        let entry = AuditEntry::new(
            "demo.fill",
            "database",
            None,
            json!({"seed": spec.seed, "students": student_n, "staff": staff_n, "classes": classes.len(), "year": today.year()}),
        );
        Ok((summary, vec![entry]))
    })
}
