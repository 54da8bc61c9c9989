//! The period a report covers: an ISO week (`2026-W47`), a month
//! (`2026-11`) or a semester of the school calendar (its name, or
//! `2026-秋` / `2027-春`). Each is a run of school-local days, both ends
//! included.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::calendar::Calendar;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Period {
    Week {
        year: i32,
        week: u32,
    },
    Month {
        year: i32,
        month: u32,
    },
    Semester {
        name: String,
        start: NaiveDate,
        end: NaiveDate,
    },
}

impl Period {
    /// `2026-W47`, `2026W47` or `2026-w47`.
    pub fn parse_week(s: &str) -> Option<Period> {
        let s = s.trim().to_ascii_uppercase();
        let (y, w) = s.split_once('W')?;
        let year: i32 = y.trim_end_matches('-').parse().ok()?;
        let week: u32 = w.parse().ok()?;
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
        Some(Period::Week { year, week })
    }

    /// `2026-11` (or `2026-11-05`: the month holding it).
    pub fn parse_month(s: &str) -> Option<Period> {
        let s = s.trim();
        let mut parts = s.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        NaiveDate::from_ymd_opt(year, month, 1)?;
        if let Some(d) = parts.next() {
            NaiveDate::from_ymd_opt(year, month, d.parse().ok()?)?;
        }
        if parts.next().is_some() {
            return None;
        }
        Some(Period::Month { year, month })
    }

    /// A semester of the calendar, the one way every command reads
    /// `--semester`: by its name as the calendar writes it
    /// (`2026-2027学年第一学期`), `YEAR-秋` / `YEAR-autumn` (the semester
    /// starting from August to October of YEAR), `YEAR-春` / `YEAR-spring`
    /// (starting from January to April of YEAR), or a date in it
    /// (`2026-11-22`).
    pub fn parse_semester(cal: &Calendar, s: &str) -> Option<Period> {
        let s = s.trim();
        let by_date = || {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .and_then(|d| cal.semester_at(d))
        };
        let found = cal
            .semesters
            .iter()
            .find(|x| x.name == s)
            .or_else(by_date)
            .or_else(|| {
                let (y, part) = s.split_once('-')?;
                let year: i32 = y.parse().ok()?;
                let months: &[u32] = match part.to_lowercase().as_str() {
                    "秋" | "秋季" | "autumn" | "fall" | "1" => &[8, 9, 10],
                    "春" | "春季" | "spring" | "2" => &[1, 2, 3, 4],
                    _ => return None,
                };
                cal.semesters
                    .iter()
                    .find(|x| x.start.year() == year && months.contains(&x.start.month()))
            })?;
        Some(Period::Semester {
            name: found.name.clone(),
            start: found.start,
            end: found.end,
        })
    }

    pub fn week_of(d: NaiveDate) -> Period {
        let w = d.iso_week();
        Period::Week {
            year: w.year(),
            week: w.week(),
        }
    }

    pub fn month_of(d: NaiveDate) -> Period {
        Period::Month {
            year: d.year(),
            month: d.month(),
        }
    }

    /// The semester holding `d`, else the last one begun before it.
    pub fn semester_of(cal: &Calendar, d: NaiveDate) -> Option<Period> {
        cal.semesters
            .iter()
            .filter(|s| s.start <= d)
            .max_by_key(|s| s.start)
            .or_else(|| cal.semesters.iter().min_by_key(|s| s.start))
            .map(|s| Period::Semester {
                name: s.name.clone(),
                start: s.start,
                end: s.end,
            })
    }

    /// The first and the last day, both included.
    pub fn bounds(&self) -> (NaiveDate, NaiveDate) {
        match self {
            Period::Week { year, week } => {
                let mon = NaiveDate::from_isoywd_opt(*year, *week, Weekday::Mon)
                    .unwrap_or(NaiveDate::MIN);
                (mon, mon + Duration::days(6))
            }
            Period::Month { year, month } => {
                let first = NaiveDate::from_ymd_opt(*year, *month, 1).unwrap_or(NaiveDate::MIN);
                let next = if *month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(*year, month + 1, 1)
                };
                (first, next.map_or(first, |n| n - Duration::days(1)))
            }
            Period::Semester { start, end, .. } => (*start, *end),
        }
    }

    /// As typed on the command line: `2026-W47`, `2026-11`, or the
    /// semester's name.
    pub fn code(&self) -> String {
        match self {
            Period::Week { year, week } => format!("{year}-W{week:02}"),
            Period::Month { year, month } => format!("{year}-{month:02}"),
            Period::Semester { name, .. } => name.clone(),
        }
    }

    /// The code with its days: `2026-W47 (2026-11-16 – 2026-11-22)`.
    pub fn label(&self) -> String {
        let (a, b) = self.bounds();
        format!("{} ({a} – {b})", self.code())
    }

    /// The period before (`-1`) or after (`+1`) this one, of the same kind.
    pub fn step(&self, cal: &Calendar, by: i32) -> Period {
        let (a, b) = self.bounds();
        match self {
            Period::Week { .. } => Period::week_of(a + Duration::days(7 * by as i64)),
            Period::Month { year, month } => {
                let n = year * 12 + *month as i32 - 1 + by;
                Period::Month {
                    year: n.div_euclid(12),
                    month: n.rem_euclid(12) as u32 + 1,
                }
            }
            Period::Semester { .. } => {
                let mut sems: Vec<_> = cal.semesters.iter().collect();
                sems.sort_by_key(|s| s.start);
                let i = sems.iter().position(|s| s.start == a && s.end == b);
                let j = i.and_then(|i| i.checked_add_signed(by as isize));
                match j.and_then(|j| sems.get(j)) {
                    Some(s) => Period::Semester {
                        name: s.name.clone(),
                        start: s.start,
                        end: s.end,
                    },
                    None => self.clone(),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cal() -> Calendar {
        Calendar::parse(
            "[[semester]]\nname = \"2026-2027学年第一学期\"\nstart = 2026-09-07\nend = 2027-01-24\n\
             [[semester]]\nname = \"2026-2027学年第二学期\"\nstart = 2027-03-01\nend = 2027-07-11\n",
        )
        .unwrap()
    }

    #[test]
    fn a_week_is_monday_to_sunday() {
        let w = Period::parse_week("2026-W47").unwrap();
        assert_eq!(w.bounds(), (d("2026-11-16"), d("2026-11-22")));
        assert_eq!(w.code(), "2026-W47");
        assert_eq!(Period::week_of(d("2026-11-22")), w);
        assert_eq!(w.step(&cal(), 1).code(), "2026-W48");
        assert_eq!(Period::parse_week("2026w47"), Some(w));
        assert_eq!(Period::parse_week("2026-W54"), None);
        assert_eq!(Period::parse_week("2026-11"), None);
    }

    #[test]
    fn a_month_runs_to_its_last_day() {
        let m = Period::parse_month("2026-11").unwrap();
        assert_eq!(m.bounds(), (d("2026-11-01"), d("2026-11-30")));
        let dec = Period::parse_month("2026-12").unwrap();
        assert_eq!(dec.bounds().1, d("2026-12-31"));
        assert_eq!(dec.step(&cal(), 1).code(), "2027-01");
        assert_eq!(m.step(&cal(), -11).code(), "2025-12");
        assert_eq!(Period::parse_month("2026-13"), None);
        assert_eq!(Period::parse_month("nov"), None);
    }

    #[test]
    fn a_semester_by_name_or_season() {
        let c = cal();
        let by_name = Period::parse_semester(&c, "2026-2027学年第一学期").unwrap();
        assert_eq!(Period::parse_semester(&c, "2026-秋"), Some(by_name.clone()));
        assert_eq!(by_name.bounds(), (d("2026-09-07"), d("2027-01-24")));
        let spring = Period::parse_semester(&c, "2027-春").unwrap();
        assert_eq!(by_name.step(&c, 1), spring);
        assert_eq!(spring.step(&c, 1), spring, "no semester after: stays");
        assert_eq!(Period::parse_semester(&c, "2030-秋"), None);
        assert_eq!(Period::semester_of(&c, d("2026-11-22")), Some(by_name));
    }

    #[test]
    fn every_spelling_of_a_semester_names_the_same_one() {
        let c = cal();
        let first = Period::parse_semester(&c, "2026-2027学年第一学期").unwrap();
        for s in [
            "2026-秋",
            "2026-秋季",
            "2026-autumn",
            "2026-Autumn",
            " 2026-fall ",
        ] {
            assert_eq!(Period::parse_semester(&c, s), Some(first.clone()), "{s}");
        }
        let second = Period::parse_semester(&c, "2026-2027学年第二学期").unwrap();
        for s in ["2027-春", "2027-春季", "2027-spring", "2027-SPRING"] {
            assert_eq!(Period::parse_semester(&c, s), Some(second.clone()), "{s}");
        }
        // the spring semester is named by the year it starts in
        assert_eq!(Period::parse_semester(&c, "2026-春"), None);
        assert_eq!(Period::parse_semester(&c, "2027-秋"), None);
        for bad in [
            "",
            "秋",
            "2026",
            "2026-winter",
            "2026-2027学年",
            "2026-13-01",
        ] {
            assert_eq!(Period::parse_semester(&c, bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_date_names_its_semester_to_the_last_day_and_none_between() {
        let c = cal();
        let first = Period::parse_semester(&c, "2026-秋").unwrap();
        let second = Period::parse_semester(&c, "2027-春").unwrap();
        assert_eq!(
            Period::parse_semester(&c, "2026-09-07"),
            Some(first.clone())
        );
        assert_eq!(Period::parse_semester(&c, "2027-01-24"), Some(first));
        // the winter vacation is in no semester
        assert_eq!(Period::parse_semester(&c, "2027-01-25"), None);
        assert_eq!(Period::parse_semester(&c, "2027-02-28"), None);
        assert_eq!(Period::parse_semester(&c, "2026-09-06"), None);
        assert_eq!(
            Period::parse_semester(&c, "2027-03-01"),
            Some(second.clone())
        );
        assert_eq!(Period::parse_semester(&c, "2027-07-11"), Some(second));
        assert_eq!(Period::parse_semester(&c, "2027-07-12"), None);
    }
}
