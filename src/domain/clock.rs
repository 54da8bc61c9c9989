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

/// The stored-time bounds `[lo, hi)` of the local days `from..=to`: `lo` is
/// local midnight starting `from`, `hi` local midnight after `to`, both in
/// the storage format. A missing end is open ("0000" / "9999" sort before
/// and after every stored instant).
pub fn day_bounds(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    offset_hours: i32,
) -> (String, String) {
    use chrono::TimeZone;
    let tz = school_tz(offset_hours);
    let bound = |d: NaiveDate| {
        tz.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
            .single()
            .map(|t| to_db(t.with_timezone(&Utc)))
            .unwrap_or_default()
    };
    let lo = from.map(bound).unwrap_or_else(|| "0000".into());
    let hi = to
        .and_then(|d| d.succ_opt())
        .map(bound)
        .unwrap_or_else(|| "9999".into());
    (lo, hi)
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

    #[test]
    fn day_bounds_are_local_midnights_across_a_month_end() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // 10-31 .. 11-30 in China time: from 10-30 16:00Z to 11-30 16:00Z.
        let (lo, hi) = day_bounds(Some(d("2026-10-31")), Some(d("2026-11-30")), 8);
        assert_eq!(lo, "2026-10-30T16:00:00Z");
        assert_eq!(hi, "2026-11-30T16:00:00Z");
        // one day ending on the last day of the year
        let (lo, hi) = day_bounds(Some(d("2026-12-31")), Some(d("2026-12-31")), 8);
        assert_eq!(
            (lo.as_str(), hi.as_str()),
            ("2026-12-30T16:00:00Z", "2026-12-31T16:00:00Z")
        );
        // open ends sort before and after every stored instant
        let (lo, hi) = day_bounds(None, None, 8);
        assert!(lo.as_str() < "2000-01-01T00:00:00Z" && hi.as_str() > "2999-01-01T00:00:00Z");
    }
}
