//! `zhiban report aid` as a [`Book`]: home-visit and growth-file coverage
//! of the financially-difficult students (001 五 发展型资助 二, 001 六(一)2)
//! by grade and by class, then the students still short of one — named
//! only where the reader may know them as financially difficult
//! (`privacy.aid`). Chinese headers, as offices write them.

use crate::app::App;
use crate::app::aid_report::{Count, Coverage, Period, coverage};
use crate::error::Result;
use crate::io::book::{Book, Cell, Sheet};

fn pct(n: usize, of: usize) -> Cell {
    if of == 0 {
        Cell::Empty
    } else {
        Cell::Pct(n as f64 / of as f64)
    }
}

fn counts(c: &Count) -> Vec<Cell> {
    vec![
        Cell::Int(c.students as i64),
        Cell::Int(c.visited as i64),
        pct(c.visited, c.students),
        Cell::Int(c.grown as i64),
        pct(c.grown, c.students),
    ]
}

fn grade(g: Option<i32>) -> Cell {
    g.map_or(Cell::from("—"), |g| Cell::Text(format!("{g}级")))
}

const COUNTS: [&str; 5] = [
    "困难学生",
    "已家访",
    "家访覆盖率",
    "有成长档案记录",
    "成长档案覆盖率",
];

/// The report for a period (and a college by name, else the reader's).
pub fn aid_book(app: &App, period: &Period, college: Option<&str>) -> Result<Book> {
    Ok(book(&coverage(app, period, college)?))
}

/// The book of a computed coverage.
pub fn book(c: &Coverage) -> Book {
    let title = format!(
        "家庭经济困难学生家访与成长档案覆盖（{}{}）",
        c.college
            .as_deref()
            .map(|n| format!("{n} "))
            .unwrap_or_default(),
        c.period
    );
    let mut b = Book::new(title);
    let window = format!(
        "统计区间 {} 至 {}：家访含线上、线下家访记录及以家访方式的家长联系（电话不计）；成长档案按期间内新增记录计。",
        c.from, c.to
    );
    let mut s = Sheet::new("按年级", &[&["年级"][..], &COUNTS].concat());
    s.note = Some(window);
    for (g, n) in &c.grades {
        s.row([vec![grade(*g)], counts(n)].concat());
    }
    s.row([vec![Cell::from("合计")], counts(&c.total)].concat());
    b.sheets.push(s);
    let mut s = Sheet::new(
        "按班级",
        &[&["班级", "年级", "辅导员"][..], &COUNTS].concat(),
    );
    for (class, g, k, n) in &c.classes {
        s.row(
            [
                vec![
                    Cell::from(class.as_str()),
                    grade(*g),
                    Cell::from(k.clone().unwrap_or_default()),
                ],
                counts(n),
            ]
            .concat(),
        );
    }
    b.sheets.push(s);
    let mut s = Sheet::new(
        "未覆盖学生",
        &[
            "学号",
            "姓名",
            "班级",
            "困难等级",
            "家访次数",
            "成长档案记录数",
        ],
    );
    let mut note = Vec::new();
    if c.missing.is_empty() && c.unnamed == 0 {
        note.push("本期所有家庭经济困难学生均已家访并有成长档案记录。".to_string());
    }
    if c.unnamed > 0 {
        note.push(format!(
            "另有 {} 名学生未覆盖，按隐私要求不列姓名（仅资助专员与本班辅导员可见）。",
            c.unnamed
        ));
    }
    s.note = (!note.is_empty()).then(|| note.join(""));
    for m in &c.missing {
        s.row(vec![
            Cell::from(m.student_no.as_str()),
            Cell::from(m.name.as_str()),
            Cell::from(m.class.clone().unwrap_or_default()),
            Cell::from(m.level.clone().unwrap_or_default()),
            Cell::Int(m.visits as i64),
            Cell::Int(m.entries as i64),
        ]);
    }
    b.sheets.push(s);
    b
}
