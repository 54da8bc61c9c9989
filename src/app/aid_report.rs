//! `report aid`: how far home visits (家访) and growth files (成长档案) cover
//! the financially-difficult students of a college in a semester or an
//! academic year, by grade and by class — with students named only to a
//! reader who may know they are financially difficult (RULES.md
//! `privacy.aid`; 000 附件2 八.5).
//!
//! The window: an academic year is counted whole; a semester is counted
//! from the start of its academic year to the semester's end, since
//! `aid.home-visit` asks for one visit per academic year (001 五 发展型资助
//! 二: 「家庭经济困难学生家访全覆盖」; 「对困难新生做到先家访后认定」 — many
//! visits fall in the summer before the first semester). A home visit is a
//! home-visit record or a family contact made as a home visit (in person
//! or online); a phone call is not.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::App;
use super::aid::may_see_as_difficult;
use super::policy::{Action, Kind, allows, relation_to};
use crate::domain::aid::grade_of;
use crate::domain::clock::local_date;
use crate::domain::staff::Role;
use crate::error::{Error, Result};
use crate::msg;
use crate::store::{aid as store, org};

/// Which period a report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Period {
    /// A semester: its name in the calendar, or any date in it; `None`:
    /// the one today is in.
    Semester(Option<String>),
    /// The academic year starting in this calendar year (2026: 2026-09 to
    /// 2027-08).
    Year(i32),
}

/// Counts of one group (a grade, a class, the whole).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Count {
    pub students: usize,
    pub visited: usize,
    pub grown: usize,
}

impl Count {
    fn add(&mut self, visited: bool, grown: bool) {
        self.students += 1;
        self.visited += usize::from(visited);
        self.grown += usize::from(grown);
    }
}

/// One student short of something, as the reader may see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub student_no: String,
    pub name: String,
    pub class: Option<String>,
    pub level: Option<String>,
    pub visits: usize,
    pub entries: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// The period's name (a semester's, or 2026-2027学年).
    pub period: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub college: Option<String>,
    pub total: Count,
    /// By grade (year of entry; `None`: unknown).
    pub grades: Vec<(Option<i32>, Count)>,
    /// By class: (class, grade, counsellor, counts).
    pub classes: Vec<(String, Option<i32>, Option<String>, Count)>,
    /// Students without a visit or an entry in the period, named where the
    /// reader may see them.
    pub missing: Vec<Missing>,
    /// How many students short of something are not named to this reader.
    pub unnamed: usize,
}

/// The dates a period covers and its name.
fn window(app: &App, p: &Period) -> Result<(String, NaiveDate, NaiveDate)> {
    let cal = &app.assets.calendar;
    match p {
        Period::Year(y) => {
            let start = NaiveDate::from_ymd_opt(*y, cal.academic_year_start_month, 1)
                .ok_or_else(|| Error::Usage(msg!("err.aid.year", value = y)))?;
            let (s, e) = cal.academic_year(start);
            Ok((format!("{}-{}学年", s.year(), s.year() + 1), s, e))
        }
        Period::Semester(which) => {
            use crate::domain::period::Period as Span;
            let today = local_date(app.now(), cal.utc_offset_hours);
            let sem = match which.as_deref().map(str::trim) {
                None | Some("") => cal.semester_at(today).map(|s| Span::Semester {
                    name: s.name.clone(),
                    start: s.start,
                    end: s.end,
                }),
                Some(w) => Span::parse_semester(cal, w),
            };
            let Some(Span::Semester { name, start, end }) = sem else {
                return Err(Error::Usage(msg!(
                    "err.report.semester",
                    value = which.clone().unwrap_or_else(|| today.to_string())
                )));
            };
            let (year_start, _) = cal.academic_year(start);
            Ok((name, year_start, end))
        }
    }
}

/// The coverage of a college (`college` by name; default the actor's) in
/// a period. Students counted: those whose home visits the actor may see
/// (a counsellor: their own; the aid and psych specialists and leaders:
/// the college). Refused for a reader who may see none.
pub fn coverage(app: &App, period: &Period, college: Option<&str>) -> Result<Coverage> {
    let conn = app.store.conn();
    let (name, from, to) = window(app, period)?;
    let colleges = org::colleges(conn)?;
    let college_id = match college {
        Some(n) => Some(
            colleges
                .iter()
                .find(|(_, name)| name == n)
                .map(|(id, _)| *id)
                .ok_or_else(|| Error::Data(msg!("err.not_found.college", name = n)))?,
        ),
        None => app.actor.college_id,
    };
    let actor = &app.actor;
    let may_any = [true, false].iter().any(|own| {
        allows(
            actor,
            Kind::HomeVisit,
            Action::View,
            relation_to(actor, *own, &college_id.into_iter().collect::<Vec<_>>()),
        )
    });
    if !may_any || college_id.is_some_and(|c| actor.college_id.is_some_and(|a| a != c)) {
        return Err(Error::Refused(msg!(
            "err.denied.aid_report",
            login = &actor.login
        )));
    }
    let done = store::activity_between(conn, &from.to_string(), &to.to_string())?;
    let mut total = Count::default();
    let mut grades: BTreeMap<Option<i32>, Count> = BTreeMap::new();
    let mut classes: BTreeMap<String, (Option<i32>, Option<String>, Count)> = BTreeMap::new();
    let (mut missing, mut unnamed) = (Vec::new(), 0);
    for r in store::aid_students(conn, college_id)? {
        let own = actor.has(Role::Counsellor) && r.counsellor_id == Some(actor.id);
        let rel = relation_to(actor, own, &[r.college_id]);
        if !allows(actor, Kind::HomeVisit, Action::View, rel) {
            continue;
        }
        let (visits, entries) = done.get(&r.id).copied().unwrap_or_default();
        let (visited, grown) = (visits > 0, entries > 0);
        let grade = grade_of(&r.student_no, r.class.as_deref());
        total.add(visited, grown);
        grades.entry(grade).or_default().add(visited, grown);
        let class = r.class.clone().unwrap_or_else(|| "—".into());
        classes
            .entry(class)
            .or_insert_with(|| (grade, r.counsellor.clone(), Count::default()))
            .2
            .add(visited, grown);
        if visited && grown {
            continue;
        }
        if may_see_as_difficult(actor, r.counsellor_id, r.college_id) {
            missing.push(Missing {
                student_no: r.student_no,
                name: r.name,
                class: r.class,
                level: r.level,
                visits,
                entries,
            });
        } else {
            unnamed += 1;
        }
    }
    Ok(Coverage {
        period: name,
        from,
        to,
        college: college_id.and_then(|c| colleges.iter().find(|x| x.0 == c).map(|x| x.1.clone())),
        total,
        grades: grades.into_iter().collect(),
        classes: classes
            .into_iter()
            .map(|(c, (g, k, n))| (c, g, k, n))
            .collect(),
        missing,
        unnamed,
    })
}
