//! A span of time as a person says it: "35 分钟", "2 小时 5 分", "7 天",
//! "1 天 3 小时" — never "10080 分钟" and never a minus sign. Whether a
//! deadline is still ahead or already past is said in words by the caller
//! ("还有 …" / "已逾期 …", see `Catalog::time_left`).

use crate::error::Msg;
use crate::msg;

const HOUR: i64 = 60;
const DAY: i64 = 24 * HOUR;

/// The length of `minutes` (its sign ignored) in the largest units that
/// say it: under an hour in minutes; under a day in hours and minutes
/// ("2 小时", "2 小时 5 分"); else in days and hours ("7 天", "1 天 3 小时"
/// — the minutes are dropped: nobody counts them after a day).
pub fn spoken(minutes: i64) -> Msg {
    let m = minutes.saturating_abs();
    if m < HOUR {
        msg!("duration.minutes", m = m)
    } else if m < DAY {
        match m % HOUR {
            0 => msg!("duration.hours", h = m / HOUR),
            r => msg!("duration.hours_minutes", h = m / HOUR, m = r),
        }
    } else {
        match (m % DAY) / HOUR {
            0 => msg!("duration.days", d = m / DAY),
            h => msg!("duration.days_hours", d = m / DAY, h = h),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(minutes: i64) -> (String, Vec<String>) {
        let m = spoken(minutes);
        (
            m.key.to_string(),
            ["d", "h", "m"]
                .iter()
                .filter_map(|n| m.text(n).map(|v| format!("{n}={v}")))
                .collect(),
        )
    }

    #[test]
    fn minutes_up_to_an_hour() {
        assert_eq!(said(0), ("duration.minutes".into(), vec!["m=0".into()]));
        assert_eq!(said(35), ("duration.minutes".into(), vec!["m=35".into()]));
        assert_eq!(said(59), ("duration.minutes".into(), vec!["m=59".into()]));
    }

    #[test]
    fn hours_and_minutes_up_to_a_day() {
        assert_eq!(said(60), ("duration.hours".into(), vec!["h=1".into()]));
        assert_eq!(
            said(61),
            (
                "duration.hours_minutes".into(),
                vec!["h=1".into(), "m=1".into()]
            )
        );
        assert_eq!(
            said(125),
            (
                "duration.hours_minutes".into(),
                vec!["h=2".into(), "m=5".into()]
            )
        );
        assert_eq!(
            said(1439),
            (
                "duration.hours_minutes".into(),
                vec!["h=23".into(), "m=59".into()]
            )
        );
    }

    #[test]
    fn days_and_hours_from_a_day() {
        assert_eq!(said(1440), ("duration.days".into(), vec!["d=1".into()]));
        assert_eq!(said(1499), ("duration.days".into(), vec!["d=1".into()]));
        assert_eq!(
            said(1500),
            (
                "duration.days_hours".into(),
                vec!["d=1".into(), "h=1".into()]
            )
        );
        assert_eq!(said(10080), ("duration.days".into(), vec!["d=7".into()]));
    }

    #[test]
    fn the_sign_is_not_spoken() {
        assert_eq!(said(-28975), said(28975));
        assert_eq!(said(-28975).0, "duration.days_hours");
        assert_eq!(said(i64::MIN).0, "duration.days_hours");
    }
}
