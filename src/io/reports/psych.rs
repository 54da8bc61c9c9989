//! The psych specialist's weekly and monthly reports of a college.
//!
//! Seed 000 附件1 二.2: "督促辅导员、班主任按时完成周报、月报(周报每周五上报,
//! 月报每月 25-28 日上报)" (RULES.md `psych.weekly-report`,
//! `psych.monthly-report`); seed 003 三(三)1: "常态化开展谈心谈话工作，实施
//! 重点关注学生周报制度，进行一对一重点跟踪干预" — so the weekly report lists
//! every key-concern student with their last talk. Both hold: talks by kind
//! and by who talked, key-concern (重点关注) changes (added, removed, level
//! changed), crisis cases opened in the period with the timeliness of their
//! steps, and the sweeps of the special groups (`special.sweep`). A month
//! with no crisis case says so in words (the 零报告), never by an empty
//! file; every empty section says "none".

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::Scope;
use crate::app::App;
use crate::app::policy::{Action, Kind, allows, relation_to};
use crate::domain::clock::{day_bounds, from_db, local_date, school_tz};
use crate::domain::crisis::EventKind;
use crate::domain::period::Period;
use crate::domain::sop::StepState;
use crate::domain::student::{FlagKind, parse_date};
use crate::error::Result;
use crate::io::book::{Book, Cell, Sheet};
use crate::store::reports as q;

/// "None in this period", the note of an empty section.
pub const NONE: &str = "本期无。";
/// The monthly zero report's words.
pub const ZERO: &str = "零报告：本月本学院无心理危机个案。";

fn time(app: &App, t: DateTime<Utc>) -> Cell {
    let tz = school_tz(app.assets.calendar.utc_offset_hours);
    Cell::Time(t.with_timezone(&tz).naive_local())
}

fn stored_time(app: &App, t: &str) -> Cell {
    from_db(t).map_or_else(|| Cell::Text(t.to_string()), |t| time(app, t))
}

fn date(t: &Option<String>) -> Cell {
    t.as_deref()
        .and_then(parse_date)
        .map_or(Cell::Empty, Cell::Date)
}

fn with_note(mut s: Sheet) -> Sheet {
    if s.rows.is_empty() && s.note.is_none() {
        s.note = Some(NONE.to_string());
    }
    s
}

/// A key-concern change: what happened, the level before and after.
fn change_kind(before: &Option<String>, after: &Option<String>) -> &'static str {
    match (before.is_some(), after.is_some()) {
        (false, _) => "新增关注",
        (true, false) => "解除关注",
        _ => "等级变化",
    }
}

/// The report. `monthly` adds the zero report when no case was opened.
pub(crate) fn report(app: &mut App, monthly: bool, period: &Period, sc: &Scope) -> Result<Book> {
    let offset = app.assets.calendar.utc_offset_hours;
    let (from, to) = period.bounds();
    let (lo, hi) = day_bounds(Some(from), Some(to), offset);
    let (from_s, to_s) = (from.to_string(), to.to_string());
    let conn = app.store.conn();
    let title = format!(
        "{}心理健康{} {}",
        sc.name,
        if monthly { "月报" } else { "周报" },
        period.label()
    );
    let mut book = Book::new(title);

    // talks
    let talks = q::talks_in(conn, &from_s, &to_s, sc.college)?;
    let mut by_kind: BTreeMap<String, (usize, HashSet<i64>)> = BTreeMap::new();
    let mut by_author: BTreeMap<String, (usize, HashSet<i64>)> = BTreeMap::new();
    let mut per_student: HashMap<i64, usize> = HashMap::new();
    for (kind, _, author, student) in &talks {
        let name = app.assets.kinds.talk_name(kind).to_string();
        let e = by_kind.entry(name).or_default();
        e.0 += 1;
        e.1.insert(*student);
        let e = by_author.entry(author.clone()).or_default();
        e.0 += 1;
        e.1.insert(*student);
        *per_student.entry(*student).or_default() += 1;
    }
    let mut kinds = Sheet::new("谈话按类型", &["谈话类型", "次数", "学生数"]);
    for (k, (n, s)) in &by_kind {
        kinds.row(vec![k.into(), (*n).into(), s.len().into()]);
    }
    let mut authors = Sheet::new("谈话按谈话人", &["谈话人", "次数", "学生数"]);
    for (k, (n, s)) in &by_author {
        authors.row(vec![k.into(), (*n).into(), s.len().into()]);
    }

    // key-concern students standing at the end, and the changes
    let rel = relation_to(
        &app.actor,
        false,
        &sc.college.into_iter().collect::<Vec<_>>(),
    );
    let reason_shown = allows(
        &app.actor,
        Kind::Flag(FlagKind::KeyConcern.class()),
        Action::View,
        rel,
    );
    let standing = q::concerns_standing(conn, &hi, sc.college)?;
    let mut levels: BTreeMap<String, usize> = BTreeMap::new();
    let mut roster = Sheet::new(
        "重点关注学生",
        &[
            "学号",
            "姓名",
            "班级",
            "辅导员",
            "等级",
            "关注起始",
            "原因",
            "最近谈话",
            "本期谈话",
        ],
    );
    for r in &standing {
        *levels
            .entry(r.level.clone().unwrap_or_else(|| "未分级".into()))
            .or_default() += 1;
        roster.row(vec![
            (&r.student_no).into(),
            (&r.name).into(),
            (&r.class).into(),
            (&r.counsellor).into(),
            (&r.level).into(),
            date(&r.since),
            if reason_shown {
                (&r.note).into()
            } else {
                Cell::Empty
            },
            date(&r.last_talk_on),
            per_student.get(&r.student_id).copied().unwrap_or(0).into(),
        ]);
    }
    let rows = q::concern_changes(conn, &lo, &hi, sc.college)?;
    let mut changes = Sheet::new(
        "关注变化",
        &[
            "学号",
            "姓名",
            "班级",
            "变化",
            "原等级",
            "现等级",
            "时间",
            "原因",
        ],
    );
    let (mut added, mut removed, mut relevelled) = (0usize, 0usize, 0usize);
    let in_period = |t: &str| t >= lo.as_str() && t < hi.as_str();
    for (i, r) in rows.iter().enumerate() {
        let prev = i
            .checked_sub(1)
            .and_then(|j| rows.get(j))
            .filter(|p| p.student_id == r.student_id && p.cleared_at.as_deref() == Some(&r.set_at));
        let next = rows
            .get(i + 1)
            .filter(|n| n.student_id == r.student_id && r.cleared_at.as_deref() == Some(&n.set_at));
        // set in the period: added, or a new level (the row before cleared
        // at the same instant)
        if in_period(&r.set_at) {
            let before = prev.map(|p| p.level.clone().unwrap_or_else(|| "未分级".into()));
            let what = change_kind(&before, &Some(String::new()));
            match what {
                "新增关注" => added += 1,
                _ => relevelled += 1,
            }
            changes.row(vec![
                (&r.student_no).into(),
                (&r.name).into(),
                (&r.class).into(),
                what.into(),
                before.into(),
                (&r.level).into(),
                stored_time(app, &r.set_at),
                if reason_shown {
                    (&r.note).into()
                } else {
                    Cell::Empty
                },
            ]);
        }
        // cleared in the period with nothing set in its place: removed
        if let Some(c) = r.cleared_at.as_deref().filter(|c| in_period(c))
            && next.is_none()
        {
            removed += 1;
            changes.row(vec![
                (&r.student_no).into(),
                (&r.name).into(),
                (&r.class).into(),
                "解除关注".into(),
                (&r.level).into(),
                Cell::Empty,
                stored_time(app, c),
                Cell::Empty,
            ]);
        }
    }

    // crisis cases opened in the period, with their steps' timeliness
    let cases: Vec<i64> = crate::app::crisis::list(app)?
        .into_iter()
        .filter(|c| {
            let opened = from_db(&c.opened_at).map(|t| local_date(t, offset));
            opened.is_some_and(|d| d >= from && d <= to)
                && sc
                    .college
                    .is_none_or(|id| c.college_id == Some(id) || c.student_colleges.contains(&id))
        })
        .map(|c| c.id)
        .collect();
    let mut case_sheet = Sheet::new(
        "危机个案",
        &[
            "编号",
            "类型",
            "开案时间",
            "等级",
            "学生",
            "状态",
            "按时完成",
            "超时完成",
            "逾期未完成",
        ],
    );
    let mut steps = Sheet::new("步骤时效", &["个案", "步骤", "时限", "完成时间", "时效"]);
    let (mut late_total, mut overdue_total) = (0usize, 0usize);
    let now = app.now();
    let mut ids = cases;
    ids.sort_unstable();
    for id in ids {
        let v = crate::app::crisis::reread(app, id)?;
        let tx = &app.assets.text;
        let (mut on_time, mut late, mut overdue) = (0usize, 0usize, 0usize);
        for s in &v.now.steps {
            let Some(due) = s.due else { continue };
            let (state, word) = match (s.state, s.settled_at) {
                (StepState::Done, Some(at)) if at <= due => (0, "按时".to_string()),
                (StepState::Done, Some(at)) => {
                    (1, format!("超时 {}", tx.duration((at - due).num_minutes())))
                }
                (StepState::Open, _) if s.overdue => (
                    2,
                    format!("逾期 {}", tx.duration((now - due).num_minutes())),
                ),
                (StepState::Open, _) => (3, "未到期".to_string()),
                _ => continue,
            };
            match state {
                0 => on_time += 1,
                1 => late += 1,
                2 => overdue += 1,
                _ => {}
            }
            steps.row(vec![
                id.into(),
                (&s.step.title).into(),
                time(app, due),
                s.settled_at.map_or(Cell::Empty, |t| time(app, t)),
                word.into(),
            ]);
        }
        late_total += late;
        overdue_total += overdue;
        let level = v.now.level.as_deref().map(|k| {
            app.assets
                .crisis
                .level(k)
                .map_or(k.to_string(), |l| l.name.clone())
        });
        let students: Vec<String> = v
            .case
            .students
            .iter()
            .map(|s| s.2.clone())
            .chain(v.case.unlisted.iter().cloned())
            .collect();
        let closed = v.events.iter().any(|e| e.kind == EventKind::Close);
        case_sheet.row(vec![
            id.into(),
            (&v.template.name).into(),
            time(app, v.opened),
            level.into(),
            students.join("、").into(),
            if closed { "已结案" } else { "处置中" }.into(),
            on_time.into(),
            late.into(),
            overdue.into(),
        ]);
    }
    let n_cases = case_sheet.rows.len();
    if n_cases == 0 {
        case_sheet.note = Some(if monthly { ZERO } else { NONE }.to_string());
    }

    // sweeps of the special groups
    let mut sweeps = Sheet::new("专项排查", &["日期", "类型", "学院", "备注"]);
    for (college, psych, on, note) in q::sweeps_in(conn_of(app), &from_s, &to_s, sc.college)? {
        sweeps.row(vec![
            date(&Some(on)),
            if psych {
                "心理排查"
            } else {
                "信息摸排"
            }
            .into(),
            college.into(),
            note.into(),
        ]);
    }

    // the summary first
    let mut sum = Sheet::new("概况", &["项目", "数量"]);
    sum.note = Some(format!(
        "学院：{}；周期：{}；制表：{} {}",
        sc.name,
        period.label(),
        app.actor.name,
        local_date(now, offset)
    ));
    let students_talked: HashSet<i64> = talks.iter().map(|t| t.3).collect();
    let mut line = |k: &str, n: usize| sum.row(vec![k.into(), n.into()]);
    line("谈话次数", talks.len());
    line("谈话学生数", students_talked.len());
    line("重点关注学生（期末）", standing.len());
    // 一级, 二级, 三级 in that order, then anything else
    let order = FlagKind::KeyConcern.levels();
    let mut levels: Vec<(String, usize)> = levels.into_iter().collect();
    levels.sort_by_key(|(lv, _)| order.iter().position(|o| o == lv).unwrap_or(order.len()));
    for (lv, n) in &levels {
        line(&format!("　其中{lv}"), *n);
    }
    line("新增关注", added);
    line("解除关注", removed);
    line("等级变化", relevelled);
    line("危机个案（本期开案）", n_cases);
    line("步骤超时完成", late_total);
    line("步骤逾期未完成", overdue_total);
    line("专项排查", sweeps.rows.len());
    if monthly && n_cases == 0 {
        sum.note = sum.note.map(|n| format!("{n}\n{ZERO}"));
    }
    book.sheets.push(sum);
    // the weekly report is the key-concern students' (003 三(三)1): they
    // come first
    let sections = if monthly {
        [kinds, authors, changes, roster, case_sheet, steps, sweeps]
    } else {
        [roster, kinds, authors, changes, case_sheet, steps, sweeps]
    };
    book.sheets.extend(sections.into_iter().map(with_note));
    Ok(book)
}

fn conn_of(app: &App) -> &rusqlite::Connection {
    app.store.conn()
}
