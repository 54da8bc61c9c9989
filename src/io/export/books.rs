//! Every export as a [`Book`] for `--format xlsx` (and Markdown where no
//! paper form exists): Chinese headers as offices write them, times in
//! school time as date cells, codes as their Chinese names. The rows are
//! the ones the JSON and CSV exports hold — the same use case read them,
//! masked as the role requires — only laid out for a spreadsheet.

use chrono::NaiveDate;

use super::records::{ContactOut, LedgerOut, TalkOut};
use super::{PatrolOut, StudentOut};
use crate::app::duty_log::ShiftOut;
use crate::domain::clock::{from_db, school_tz};
use crate::domain::duty::EntryType;
use crate::domain::patrol::{PatrolKind, Presence};
use crate::io::book::{Book, Cell, Sheet};
use crate::io::crisis_report::CaseOut;

/// A stored time (RFC 3339, UTC) as a school-time cell; text that is not
/// a time stays text, and nothing stays empty.
fn when(t: &str, offset: i32) -> Cell {
    match from_db(t) {
        Some(x) => Cell::Time(x.with_timezone(&school_tz(offset)).naive_local()),
        None if t.is_empty() => Cell::Empty,
        None => Cell::Text(t.to_string()),
    }
}

fn when_opt(t: &Option<String>, offset: i32) -> Cell {
    t.as_deref().map_or(Cell::Empty, |t| when(t, offset))
}

/// A stored date (`YYYY-MM-DD`) as a date cell.
fn day(t: &Option<String>) -> Cell {
    match t.as_deref() {
        None | Some("") => Cell::Empty,
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_or_else(|_| Cell::Text(d.to_string()), Cell::Date),
    }
}

fn yes(b: bool) -> Cell {
    Cell::from(if b { "是" } else { "否" })
}

fn one(title: &str, sheet: Sheet) -> Book {
    let mut b = Book::new(title);
    b.sheets.push(sheet);
    b
}

/// The student roster, one sheet: the CSV and the xlsx export both.
pub fn students(rows: &[StudentOut]) -> Book {
    let mut s = Sheet::new(
        "学生",
        &[
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
            "家长关系",
            "家长电话",
            "标记",
        ],
    );
    for r in rows {
        let g = r.guardians.first();
        let flags: Vec<String> = r
            .flags
            .iter()
            .map(|f| {
                // as the importer reads it back: 重点关注(二级)@2026-09-01
                let mut t = f.label.clone();
                if let Some(l) = &f.level {
                    t.push_str(&format!("({l})"));
                }
                if let Some(d) = &f.since {
                    t.push_str(&format!("@{d}"));
                }
                t
            })
            .collect();
        s.row(vec![
            (&r.student_id).into(),
            (&r.name).into(),
            r.gender.map_or(Cell::Empty, |g| {
                Cell::from(if g == "M" { "男" } else { "女" })
            }),
            (&r.college).into(),
            (&r.major).into(),
            (&r.class).into(),
            (&r.counsellor).into(),
            (&r.building).into(),
            (&r.room).into(),
            (&r.bed).into(),
            (&r.phone).into(),
            (&r.id_number).into(),
            g.map_or(Cell::Empty, |g| (&g.name).into()),
            g.map_or(Cell::Empty, |g| (&g.relation).into()),
            g.map_or(Cell::Empty, |g| (&g.phone).into()),
            flags.join("、").into(),
        ]);
    }
    one("学生名册", s)
}

pub fn patrols(rows: &[PatrolOut], offset: i32) -> Book {
    let mut s = Sheet::new(
        "查寝",
        &[
            "查寝编号",
            "类型",
            "宿舍楼",
            "开始",
            "结束",
            "查寝人",
            "房间",
            "查看时间",
            "卫生",
            "隐患",
            "未查原因",
            "备注",
            "学号",
            "在寝情况",
        ],
    );
    for p in rows {
        let kind = PatrolKind::from_code(p.kind).map_or(p.kind, |k| match k {
            PatrolKind::Routine => "日常查寝",
            PatrolKind::Centralised => "集中查寝",
            PatrolKind::DutyRound => "值班巡查",
        });
        for r in &p.rooms {
            let base = vec![
                Cell::Int(p.patrol_id),
                kind.into(),
                (&p.building).into(),
                when(&p.started_at, offset),
                when_opt(&p.finished_at, offset),
                (&p.staff).into(),
                (&r.room).into(),
                when(&r.checked_at, offset),
                (&r.hygiene).into(),
                r.hazards.join("、").into(),
                (&r.skipped_reason).into(),
                (&r.note).into(),
            ];
            if r.presence.is_empty() {
                let mut row = base.clone();
                row.extend([Cell::Empty, Cell::Empty]);
                s.row(row);
            }
            for m in &r.presence {
                let mut row = base.clone();
                row.push((&m.student_id).into());
                row.push(
                    Presence::from_code(m.status)
                        .map_or(m.status, Presence::zh)
                        .into(),
                );
                s.row(row);
            }
        }
    }
    one("查寝记录", s)
}

pub fn shifts(rows: &[ShiftOut], offset: i32) -> Book {
    let mut sh = Sheet::new(
        "值班",
        &[
            "班次",
            "值班人",
            "地点",
            "值班领导",
            "开班",
            "交班",
            "交接说明",
            "记录数",
        ],
    );
    let mut en = Sheet::new(
        "值班记录",
        &[
            "班次",
            "记录编号",
            "类型",
            "发生时间",
            "记录时间",
            "地点",
            "内容",
            "涉及学生",
            "待跟进",
            "上报领导",
            "上报方式",
            "上报时间",
            "领导答复",
            "更正",
        ],
    );
    for x in rows {
        sh.row(vec![
            Cell::Int(x.shift_id),
            (&x.officer).into(),
            (&x.location).into(),
            (&x.leader).into(),
            when(&x.opened_at, offset),
            when_opt(&x.closed_at, offset),
            (&x.handover_note).into(),
            x.entries.len().into(),
        ]);
        for e in &x.entries {
            let up = e.escalations.first();
            let students = if e.student_names.len() == e.students.len() {
                e.students
                    .iter()
                    .zip(&e.student_names)
                    .map(|(no, name)| format!("{name} {no}"))
                    .collect::<Vec<_>>()
            } else {
                e.students.clone()
            };
            en.row(vec![
                Cell::Int(x.shift_id),
                Cell::Int(e.entry_id),
                EntryType::from_code(e.kind)
                    .map_or(e.kind, EntryType::zh)
                    .into(),
                when(&e.happened_at, offset),
                when(&e.written_at, offset),
                (&e.location).into(),
                e.text.as_deref().unwrap_or("（敏感）").into(),
                students.join("、").into(),
                yes(e.open),
                up.map_or(Cell::Empty, |u| (&u.leader).into()),
                up.map_or(Cell::Empty, |u| (&u.channel).into()),
                up.map_or(Cell::Empty, |u| when(&u.reported_at, offset)),
                up.map_or(Cell::Empty, |u| (&u.response).into()),
                e.amends.into(),
            ]);
        }
    }
    let mut b = Book::new("值班记录");
    b.sheets.push(sh);
    b.sheets.push(en);
    b
}

pub fn talks(rows: &[TalkOut], offset: i32) -> Book {
    let mut s = Sheet::new(
        "谈话记录",
        &[
            "谈话编号",
            "学号",
            "姓名",
            "谈话人",
            "谈话时间",
            "谈话地点",
            "谈话类型",
            "谈话内容",
            "后续跟进",
            "跟进期限",
            "下次谈话",
            "敏感",
            "更正",
        ],
    );
    for t in rows {
        s.row(vec![
            Cell::Int(t.talk_id),
            (&t.student_no).into(),
            (&t.student).into(),
            (&t.author).into(),
            when(&t.held_at, offset),
            (&t.place).into(),
            (&t.kind_name).into(),
            t.summary.as_deref().unwrap_or("（敏感记录）").into(),
            (&t.follow_up).into(),
            day(&t.follow_up_due),
            day(&t.next_talk),
            yes(t.sensitive),
            t.amends.into(),
        ]);
    }
    one("谈话记录", s)
}

pub fn contacts(rows: &[ContactOut], offset: i32) -> Book {
    let mut s = Sheet::new(
        "家长联系",
        &[
            "联系编号",
            "学号",
            "姓名",
            "联系人",
            "联系时间",
            "方式",
            "联系对象",
            "事由",
            "内容",
            "更正",
        ],
    );
    for c in rows {
        s.row(vec![
            Cell::Int(c.contact_id),
            (&c.student_no).into(),
            (&c.student).into(),
            (&c.author).into(),
            when(&c.contacted_at, offset),
            (&c.channel_name).into(),
            (&c.person).into(),
            (&c.reason_name).into(),
            (&c.content).into(),
            c.amends.into(),
        ]);
    }
    one("家长联系记录", s)
}

pub fn ledger(rows: &[LedgerOut], offset: i32) -> Book {
    let mut s = Sheet::new(
        "班级工作台账",
        &[
            "台账编号",
            "班级",
            "记录人",
            "类型",
            "时间",
            "主题",
            "出勤",
            "缺勤",
            "备注",
            "更正",
        ],
    );
    for l in rows {
        s.row(vec![
            Cell::Int(l.ledger_id),
            (&l.class).into(),
            (&l.author).into(),
            (&l.kind_name).into(),
            when(&l.held_at, offset),
            (&l.topic).into(),
            l.attendance.into(),
            (&l.absentees).into(),
            (&l.note).into(),
            l.amends.into(),
        ]);
    }
    one("班级工作台账", s)
}

pub fn crises(rows: &[CaseOut], offset: i32) -> Book {
    let mut cases = Sheet::new(
        "个案",
        &[
            "个案编号",
            "类型",
            "开案时间",
            "开案人",
            "涉及学生",
            "地点",
            "风险等级",
            "已结案",
            "预案版本",
        ],
    );
    let mut steps = Sheet::new(
        "步骤",
        &[
            "个案编号",
            "阶段",
            "步骤",
            "必做",
            "状态",
            "完成时间",
            "时限",
        ],
    );
    for c in rows {
        cases.row(vec![
            Cell::Int(c.case_id),
            (&c.kind).into(),
            when(&c.opened_at, offset),
            (&c.opened_by).into(),
            c.students.join("、").into(),
            (&c.location).into(),
            (&c.level).into(),
            yes(c.closed),
            (&c.template_version).into(),
        ]);
        for st in &c.steps {
            steps.row(vec![
                Cell::Int(c.case_id),
                (&st.phase).into(),
                (&st.title).into(),
                yes(st.required),
                match st.state {
                    "open" => "未完成",
                    "done" => "已完成",
                    "skipped" => "跳过",
                    "na" => "不适用",
                    other => other,
                }
                .into(),
                when_opt(&st.settled_at, offset),
                when_opt(&st.due, offset),
            ]);
        }
    }
    let mut b = Book::new("危机个案");
    b.sheets.push(cases);
    b.sheets.push(steps);
    b
}
