//! A day as staff type it: with a year (2026-11-27, 2026/11/27, 20261127,
//! 2026年11月27日) or without one (11-27, 11/27, 11.27, 11月27日). A day
//! without a year is the one nearest in the direction the field looks:
//! a deadline looks ahead, a day something happened looks back.

use chrono::{Datelike, NaiveDate};

use super::student::parse_date;

/// Which way a day without a year points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lean {
    /// The day something happened: the latest such day up to today.
    Past,
    /// A deadline or a next appointment: the first such day from today on.
    Future,
}

/// Reads a day; `None` when `s` is not one (or not a real date).
pub fn parse_day(s: &str, today: NaiveDate, lean: Lean) -> Option<NaiveDate> {
    if let Some(d) = parse_date(s) {
        return Some(d);
    }
    let t = s.trim().trim_end_matches('日');
    let t = t.replace(['月', '/', '.'], "-");
    let (m, d) = t.split_once('-')?;
    let (m, d): (u32, u32) = (m.trim().parse().ok()?, d.trim().parse().ok()?);
    let in_year = |y: i32| NaiveDate::from_ymd_opt(y, m, d);
    match lean {
        Lean::Past => match in_year(today.year()) {
            Some(x) if x <= today => Some(x),
            _ => in_year(today.year() - 1),
        },
        Lean::Future => match in_year(today.year()) {
            Some(x) if x >= today => Some(x),
            _ => in_year(today.year() + 1),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn with_a_year_it_is_that_day() {
        let today = day(2026, 11, 28);
        for s in ["2026-11-27", "2026/11/27", "20261127", "2026年11月27日"] {
            assert_eq!(
                parse_day(s, today, Lean::Future),
                Some(day(2026, 11, 27)),
                "{s}"
            );
        }
    }

    #[test]
    fn without_a_year_it_leans_the_way_the_field_looks() {
        let today = day(2026, 11, 28);
        for s in ["11-27", "11/27", "11.27", "11月27日"] {
            assert_eq!(
                parse_day(s, today, Lean::Past),
                Some(day(2026, 11, 27)),
                "{s}"
            );
            assert_eq!(
                parse_day(s, today, Lean::Future),
                Some(day(2027, 11, 27)),
                "{s}"
            );
        }
        // across the new year: a deadline of 01-05 written in December
        assert_eq!(
            parse_day("1-5", day(2026, 12, 30), Lean::Future),
            Some(day(2027, 1, 5))
        );
        // a talk on 12-30 written on 01-02
        assert_eq!(
            parse_day("12-30", day(2027, 1, 2), Lean::Past),
            Some(day(2026, 12, 30))
        );
        // today is today, either way
        assert_eq!(parse_day("11-28", today, Lean::Past), Some(today));
        assert_eq!(parse_day("11-28", today, Lean::Future), Some(today));
    }

    #[test]
    fn not_a_day() {
        let today = day(2026, 11, 28);
        for s in ["", "明天", "13-01", "02-30", "11", "a-b"] {
            assert_eq!(parse_day(s, today, Lean::Past), None, "{s}");
        }
        // 02-29 exists only in leap years: the nearest one
        assert_eq!(
            parse_day("02-29", today, Lean::Future),
            None,
            "2027 is not a leap year and 2026's has passed"
        );
    }
}
