//! The crisis statistics of a month, 待办 / 逾期 per counsellor, and the
//! class ledger of a period, as books.

use std::collections::BTreeMap;

use super::Scope;
use super::psych::{NONE, ZERO};
use crate::app::App;
use crate::app::compliance;
use crate::domain::period::Period;
use crate::domain::staff::Role;
use crate::error::{Error, Result};
use crate::io::book::{Book, Cell, Sheet};
use crate::io::crisis_report::stats_in;
use crate::io::export::books;
use crate::io::export::records::ledger_rows;

fn noted(mut s: Sheet) -> Sheet {
    if s.rows.is_empty() && s.note.is_none() {
        s.note = Some(NONE.to_string());
    }
    s
}

/// `psych.crisis-stats` (seed 000 附件1 三.2: "每月对心理危机干预工作情况进行
/// 数据统计分析"): cases by kind, level and outcome, and the median time
/// from opening to each step; the zero report when there was none.
pub(crate) fn crisis_stats(app: &mut App, period: &Period, sc: &Scope) -> Result<Book> {
    let Period::Month { .. } = period else {
        return Err(Error::Usage(crate::msg!(
            "err.report.month_only",
            value = period.code()
        )));
    };
    let (first, _) = period.bounds();
    let s = stats_in(app, first, sc.college)?;
    let mut book = Book::new(format!("{}心理危机干预月统计 {}", sc.name, s.month));
    let mut sum = Sheet::new("概况", &["项目", "数量"]);
    sum.row(vec!["危机个案".into(), s.cases.into()]);
    if s.cases == 0 {
        sum.note = Some(ZERO.to_string());
    }
    book.sheets.push(sum);
    for (name, head, map) in [
        ("按类型", "类型", &s.by_kind),
        ("按等级", "等级", &s.by_level),
        ("按结果", "结果", &s.by_outcome),
    ] {
        let mut sh = Sheet::new(name, &[head, "例数"]);
        for (k, n) in map {
            sh.row(vec![k.into(), (*n).into()]);
        }
        book.sheets.push(noted(sh));
    }
    let mut steps = Sheet::new(
        "开案至各步骤用时",
        &["步骤", "完成例数", "中位用时（分钟）", "中位用时"],
    );
    for (k, (n, m)) in &s.minutes_to_step {
        steps.row(vec![
            k.into(),
            (*n).into(),
            Cell::Int(*m),
            app.assets.text.duration(*m).into(),
        ]);
    }
    book.sheets.push(noted(steps));
    Ok(book)
}

/// 待办 / 逾期 per counsellor of a college, furthest behind first (the
/// same use case as the 待办 screen, so the counts agree); a counsellor
/// gets their own.
pub(crate) fn compliance(app: &mut App, college: Option<&str>, sc: &Scope) -> Result<Book> {
    let today = app.today();
    let rule_title = |app: &App, id: &str| {
        app.assets
            .rules
            .get(id)
            .map(|r| r.title.clone())
            .unwrap_or_default()
    };
    let state = |s: &str| match s {
        "met" => "已完成",
        "due" => "待办",
        "overdue" => "逾期",
        _ => "无法判断",
    };
    let pct = |met: usize, total: usize| {
        if total == 0 {
            Cell::Empty
        } else {
            Cell::Pct(met as f64 / total as f64)
        }
    };
    let leader = college.is_some() || !app.actor.has(Role::Counsellor);
    if !leader {
        let (who, results) = compliance::for_counsellor(app, None)?;
        let mut book = Book::new(format!(
            "{}（{}）待办与逾期 截至 {today}",
            who.name, who.login
        ));
        let mut rules = Sheet::new(
            "规则",
            &["名称", "状态", "已完成", "应完成", "完成率", "规则编号"],
        );
        for r in &results {
            rules.row(vec![
                rule_title(app, &r.rule).into(),
                state(r.state.code()).into(),
                r.met.into(),
                r.total.into(),
                pct(r.met, r.total),
                (&r.rule).into(),
            ]);
        }
        let mut items = Sheet::new("待办明细", &["状态", "规则", "对象", "期限", "说明"]);
        for l in compliance::finding_lines(app, &results)
            .into_iter()
            .filter(|l| l.state != "met")
        {
            items.row(vec![
                state(l.state).into(),
                l.title.into(),
                l.subject.into(),
                l.due
                    .and_then(|d| crate::domain::student::parse_date(&d))
                    .map_or(Cell::Empty, Cell::Date),
                l.detail.into(),
            ]);
        }
        book.sheets.push(noted(rules));
        book.sheets.push(noted(items));
        return Ok(book);
    }
    let sum = compliance::college(app, college)?;
    let mut book = Book::new(format!("{}辅导员待办与逾期 截至 {today}", sc.name));
    let mut people: Vec<&compliance::CounsellorSummary> = sum.counsellors.iter().collect();
    people.sort_by(|a, b| {
        (b.overdue, b.due)
            .cmp(&(a.overdue, a.due))
            .then(a.login.cmp(&b.login))
    });
    let mut list = Sheet::new(
        "辅导员",
        &["辅导员", "账号", "学生数", "逾期", "待办", "完成率"],
    );
    let mut detail = Sheet::new(
        "规则明细",
        &[
            "辅导员",
            "名称",
            "状态",
            "已完成",
            "应完成",
            "完成率",
            "规则编号",
        ],
    );
    for c in &people {
        let (met, total) = c.rules.iter().fold((0, 0), |(m, t), r| (m + r.2, t + r.3));
        list.row(vec![
            (&c.name).into(),
            (&c.login).into(),
            c.students.into(),
            c.overdue.into(),
            c.due.into(),
            pct(met, total),
        ]);
        for (rule, st, met, total) in &c.rules {
            detail.row(vec![
                (&c.name).into(),
                rule_title(app, rule).into(),
                state(st).into(),
                (*met).into(),
                (*total).into(),
                pct(*met, *total),
                rule.into(),
            ]);
        }
    }
    let mut totals = Sheet::new(
        "全院合计",
        &["名称", "已完成", "应完成", "完成率", "规则编号"],
    );
    for (rule, met, total) in &sum.totals {
        totals.row(vec![
            rule_title(app, rule).into(),
            (*met).into(),
            (*total).into(),
            pct(*met, *total),
            rule.into(),
        ]);
    }
    let mut own = Sheet::new("学院规则", &["名称", "状态", "说明", "规则编号"]);
    for l in compliance::finding_lines(app, &sum.college_rules) {
        own.row(vec![
            l.title.into(),
            state(l.state).into(),
            l.detail.into(),
            l.rule.into(),
        ]);
    }
    for s in [list, totals, detail, own] {
        book.sheets.push(noted(s));
    }
    Ok(book)
}

/// The class ledger of a period: per class, how many of each kind; then
/// every record.
pub(crate) fn ledger(app: &mut App, period: &Period, sc: &Scope) -> Result<Book> {
    let (from, to) = period.bounds();
    let rows = ledger_rows(app, Some(from), Some(to))?;
    let mut by_class: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    for r in &rows {
        let i = match r.kind.as_str() {
            "meeting" => 0,
            "committee" => 1,
            "attendance" => 2,
            _ => 3,
        };
        let class = r.class.clone().unwrap_or_else(|| "（未指定班级）".into());
        by_class.entry(class).or_default()[i] += 1;
    }
    let mut sum = Sheet::new(
        "按班级",
        &["班级", "班会", "班委会议", "查课", "听课", "合计"],
    );
    for (c, n) in &by_class {
        let mut cells: Vec<Cell> = vec![c.into()];
        cells.extend(n.iter().map(|&x| Cell::from(x)));
        cells.push(n.iter().sum::<usize>().into());
        sum.row(cells);
    }
    let mut book = Book::new(format!("{}班级工作台账 {}", sc.name, period.label()));
    book.sheets.push(noted(sum));
    let offset = app.assets.calendar.utc_offset_hours;
    for mut s in books::ledger(&rows, offset).sheets {
        s.name = "明细".into();
        book.sheets.push(noted(s));
    }
    Ok(book)
}
