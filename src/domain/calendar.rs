//! The school calendar: semesters, teaching weeks (教学周), working days,
//! quarters and academic years. Configured in `assets/calendar.toml`.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Deserialize;

use crate::error::{Msg, Problem};
use crate::msg;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Semester {
    pub name: String,
    /// First day of teaching; week 1 is the Monday-to-Sunday week holding it.
    pub start: NaiveDate,
    /// Last day of the semester (exams included).
    pub end: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Hours east of UTC in which the school keeps its days (China: 8).
    pub utc_offset_hours: i32,
    /// Month (1-12) in which the academic year starts; 9 by default.
    pub academic_year_start_month: u32,
    pub semesters: Vec<Semester>,
    /// Public holidays that fall on weekdays.
    pub holidays: Vec<NaiveDate>,
    /// Weekend days worked to make up for a holiday (调休).
    pub workdays: Vec<NaiveDate>,
}

/// The file as written: dates may be TOML dates or quoted strings.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    #[serde(default = "default_offset")]
    utc_offset_hours: i32,
    #[serde(default = "default_year_start")]
    academic_year_start_month: u32,
    #[serde(default)]
    semester: Vec<RawSemester>,
    #[serde(default)]
    holidays: Vec<toml::Value>,
    #[serde(default)]
    workdays: Vec<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSemester {
    name: String,
    start: toml::Value,
    end: toml::Value,
}

fn date_of(v: &toml::Value, what: &str) -> Result<NaiveDate, Problem> {
    let text = match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Datetime(d) => d.to_string(),
        other => other.to_string(),
    };
    crate::domain::student::parse_date(&text)
        .ok_or_else(|| Problem::at(0, msg!("err.config.bad_date", r#where = what, text = &text)))
}

fn default_offset() -> i32 {
    8
}
fn default_year_start() -> u32 {
    9
}

/// Where a date falls in the teaching calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term<'a> {
    /// Inside a semester: the semester and the teaching week (1-based).
    Teaching { semester: &'a Semester, week: u32 },
    /// Between semesters (vacation).
    Break,
    /// The calendar holds no semester near this date.
    Unknown,
}

fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

impl Calendar {
    pub fn parse(text: &str) -> Result<Calendar, Problem> {
        let raw: RawCalendar = toml::from_str(text).map_err(|e| Problem::toml(text, &e))?;
        if !(1..=12).contains(&raw.academic_year_start_month) {
            return Err(Problem::at(0, Msg::new("err.config.start_month")));
        }
        let mut semesters = Vec::new();
        for s in &raw.semester {
            semesters.push(Semester {
                name: s.name.clone(),
                start: date_of(&s.start, &format!("semester {} start", s.name))?,
                end: date_of(&s.end, &format!("semester {} end", s.name))?,
            });
        }
        let holidays = raw
            .holidays
            .iter()
            .map(|v| date_of(v, "holidays"))
            .collect::<Result<_, _>>()?;
        let workdays = raw
            .workdays
            .iter()
            .map(|v| date_of(v, "workdays"))
            .collect::<Result<_, _>>()?;
        let cal = Calendar {
            utc_offset_hours: raw.utc_offset_hours,
            academic_year_start_month: raw.academic_year_start_month,
            semesters,
            holidays,
            workdays,
        };
        for s in &cal.semesters {
            if s.end < s.start {
                return Err(Problem::at(
                    0,
                    msg!("err.config.semester_order", name = &s.name),
                ));
            }
        }
        for w in cal.semesters.windows(2) {
            if w[1].start <= w[0].end {
                return Err(Problem::at(
                    0,
                    msg!(
                        "err.config.semester_overlap",
                        a = &w[0].name,
                        b = &w[1].name
                    ),
                ));
            }
        }
        Ok(cal)
    }

    pub fn semester_at(&self, d: NaiveDate) -> Option<&Semester> {
        self.semesters.iter().find(|s| s.start <= d && d <= s.end)
    }

    pub fn term_at(&self, d: NaiveDate) -> Term<'_> {
        if let Some(s) = self.semester_at(d) {
            let week = ((d - monday_of(s.start)).num_days() / 7 + 1) as u32;
            return Term::Teaching { semester: s, week };
        }
        let first = self.semesters.first().map(|s| s.start);
        let last = self.semesters.last().map(|s| s.end);
        match (first, last) {
            (Some(f), Some(l)) if f <= d && d <= l => Term::Break,
            _ => Term::Unknown,
        }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.workdays.contains(&d) {
            return true;
        }
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&d)
    }

    /// The date `n` working days after `d` (`d` itself not counted).
    pub fn add_working_days(&self, d: NaiveDate, n: u32) -> NaiveDate {
        let mut day = d;
        let mut left = n;
        while left > 0 {
            day += Duration::days(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// First and last day of the academic year (学年) holding `d`.
    pub fn academic_year(&self, d: NaiveDate) -> (NaiveDate, NaiveDate) {
        let m = self.academic_year_start_month.clamp(1, 12);
        let y = if d.month() >= m {
            d.year()
        } else {
            d.year() - 1
        };
        let start = NaiveDate::from_ymd_opt(y, m, 1).expect("valid month");
        let end = NaiveDate::from_ymd_opt(y + 1, m, 1).expect("valid month") - Duration::days(1);
        (start, end)
    }

    /// First and last day of the calendar quarter holding `d`.
    pub fn quarter(d: NaiveDate) -> (NaiveDate, NaiveDate) {
        let q0 = (d.month0() / 3) * 3 + 1;
        let start = NaiveDate::from_ymd_opt(d.year(), q0, 1).expect("valid");
        let end = if q0 == 10 {
            NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(d.year(), q0 + 3, 1)
        }
        .expect("valid")
            - Duration::days(1);
        (start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal() -> Calendar {
        Calendar::parse(
            r#"
            holidays = [2026-10-01, 2026-10-02, 2026-10-05]
            workdays = [2026-10-10]
            [[semester]]
            name = "2026秋"
            start = 2026-09-09
            end = 2027-01-17
            [[semester]]
            name = "2027春"
            start = "2027-02-22"
            end = 2027-07-04
            "#,
        )
        .unwrap()
    }

    #[test]
    fn teaching_week_at_semester_edges() {
        let c = cal();
        // semester starts on a Wednesday: week 1 runs from Monday 09-07
        match c.term_at(d(2026, 9, 9)) {
            Term::Teaching { week, .. } => assert_eq!(week, 1),
            t => panic!("{t:?}"),
        }
        assert_eq!(
            c.term_at(d(2026, 9, 8)),
            Term::Unknown,
            "before the first configured semester"
        );
        match c.term_at(d(2026, 9, 14)) {
            Term::Teaching { week, .. } => assert_eq!(week, 2),
            t => panic!("{t:?}"),
        }
        match c.term_at(d(2026, 11, 22)) {
            Term::Teaching { week, semester } => {
                assert_eq!(week, 11);
                assert_eq!(semester.name, "2026秋")
            }
            t => panic!("{t:?}"),
        }
        match c.term_at(d(2027, 1, 17)) {
            Term::Teaching { week, .. } => assert_eq!(week, 19),
            t => panic!("{t:?}"),
        }
        assert_eq!(c.term_at(d(2027, 1, 18)), Term::Break);
        assert_eq!(c.term_at(d(2027, 7, 5)), Term::Unknown);
        assert_eq!(c.term_at(d(2025, 12, 31)), Term::Unknown);
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let c = cal();
        // Wednesday 2026-09-30 + 3 working days: 10-01, 10-02 holidays, 10-03/04 weekend,
        // 10-05 holiday -> 10-06, 10-07, 10-08
        assert_eq!(c.add_working_days(d(2026, 9, 30), 3), d(2026, 10, 8));
        // Friday + 1 -> Monday
        assert_eq!(c.add_working_days(d(2026, 11, 20), 1), d(2026, 11, 23));
        assert!(c.is_working_day(d(2026, 10, 10)), "make-up Saturday");
        assert!(!c.is_working_day(d(2026, 10, 11)));
    }

    #[test]
    fn academic_year_and_quarter_at_month_edges() {
        let c = cal();
        assert_eq!(
            c.academic_year(d(2026, 9, 1)),
            (d(2026, 9, 1), d(2027, 8, 31))
        );
        assert_eq!(
            c.academic_year(d(2026, 8, 31)),
            (d(2025, 9, 1), d(2026, 8, 31))
        );
        assert_eq!(
            Calendar::quarter(d(2026, 12, 31)),
            (d(2026, 10, 1), d(2026, 12, 31))
        );
        assert_eq!(
            Calendar::quarter(d(2027, 1, 1)),
            (d(2027, 1, 1), d(2027, 3, 31))
        );
        assert_eq!(
            Calendar::quarter(d(2028, 2, 29)),
            (d(2028, 1, 1), d(2028, 3, 31))
        );
    }

    #[test]
    fn overlapping_semesters_are_refused() {
        let e = Calendar::parse(
            "[[semester]]\nname='a'\nstart=2026-09-01\nend=2027-01-31\n[[semester]]\nname='b'\nstart=2027-01-10\nend=2027-06-30\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("overlap"));
    }
}
