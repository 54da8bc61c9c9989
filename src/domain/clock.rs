//! Time is injected: the program asks a [`Clock`], and tests pin it.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The machine's clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that always says the same time (tests, demos, `ZHIBAN_NOW`).
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// The school's local time zone (China Standard Time has no DST).
pub fn school_tz(offset_hours: i32) -> FixedOffset {
    FixedOffset::east_opt(offset_hours.clamp(-23, 23) * 3600).expect("offset in range")
}

/// The school's local date at instant `t`.
pub fn local_date(t: DateTime<Utc>, offset_hours: i32) -> NaiveDate {
    t.with_timezone(&school_tz(offset_hours)).date_naive()
}

/// Formats an instant for storage: RFC 3339 in UTC with seconds.
pub fn to_db(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub fn from_db(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_date_crosses_midnight_in_school_time() {
        let t = from_db("2026-11-21T16:30:00Z").unwrap();
        assert_eq!(local_date(t, 8).to_string(), "2026-11-22");
        assert_eq!(local_date(t, 0).to_string(), "2026-11-21");
        assert_eq!(to_db(t), "2026-11-21T16:30:00Z");
    }
}
