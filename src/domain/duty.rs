//! Night duty (值班): entry types, escalation channels, and the time rules
//! of a duty log.
//!
//! Seed 002 七(一): 「辅导员根据学生工作部安排，按时参加值班……不得私自调班」;
//! 七(二): 「值班期间要认真做好各学生公寓巡查工作……认真做好值班记录，遇特殊
//! 情况必须及时向有关领导汇报。」 RULES.md `duty.record`, `duty.escalate`,
//! `duty.swap`.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};

use super::clock::{from_db, school_tz};
use crate::error::{Error, Msg, Result};

/// What a log entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryType {
    /// 巡查
    Round,
    /// 来电
    Call,
    /// 来访
    Visitor,
    /// 学生求助
    StudentRequest,
    /// 突发事件
    Incident,
    /// 设施报修
    Facility,
    /// 其他
    Other,
}

impl EntryType {
    pub const ALL: [EntryType; 7] = [
        EntryType::Round,
        EntryType::Call,
        EntryType::Visitor,
        EntryType::StudentRequest,
        EntryType::Incident,
        EntryType::Facility,
        EntryType::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            EntryType::Round => "round",
            EntryType::Call => "call",
            EntryType::Visitor => "visitor",
            EntryType::StudentRequest => "student_request",
            EntryType::Incident => "incident",
            EntryType::Facility => "facility",
            EntryType::Other => "other",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            EntryType::Round => "巡查",
            EntryType::Call => "来电",
            EntryType::Visitor => "来访",
            EntryType::StudentRequest => "学生求助",
            EntryType::Incident => "突发事件",
            EntryType::Facility => "设施报修",
            EntryType::Other => "其他",
        }
    }
    /// Key of the type's name in the UI catalogue.
    pub fn i18n_key(self) -> &'static str {
        match self {
            EntryType::Round => "entrytype.round",
            EntryType::Call => "entrytype.call",
            EntryType::Visitor => "entrytype.visitor",
            EntryType::StudentRequest => "entrytype.student_request",
            EntryType::Incident => "entrytype.incident",
            EntryType::Facility => "entrytype.facility",
            EntryType::Other => "entrytype.other",
        }
    }
    pub fn from_code(s: &str) -> Option<EntryType> {
        EntryType::ALL.into_iter().find(|t| t.code() == s)
    }
    /// Reads a type as written on a command line: the code or the Chinese.
    pub fn parse(s: &str) -> Option<EntryType> {
        let t = s.trim();
        EntryType::ALL
            .into_iter()
            .find(|e| e.code() == t || e.zh() == t)
    }
    /// The catalogue key of a type as stored or written (code or Chinese
    /// name); 其他 for one not known.
    pub fn key_of(s: &str) -> &'static str {
        EntryType::parse(s).map_or("entrytype.other", |e| e.i18n_key())
    }
}

/// How a special situation was reported to the leader on call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Phone,
    InPerson,
    WeChat,
    Sms,
}

impl Channel {
    pub const ALL: [Channel; 4] = [
        Channel::Phone,
        Channel::InPerson,
        Channel::WeChat,
        Channel::Sms,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::InPerson => "in_person",
            Channel::WeChat => "wechat",
            Channel::Sms => "sms",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Channel::Phone => "电话",
            Channel::InPerson => "当面",
            Channel::WeChat => "微信",
            Channel::Sms => "短信",
        }
    }
    /// Key of the channel's name in the UI catalogue.
    pub fn i18n_key(self) -> &'static str {
        match self {
            Channel::Phone => "channel.phone",
            Channel::InPerson => "channel.in_person",
            Channel::WeChat => "channel.wechat",
            Channel::Sms => "channel.sms",
        }
    }
    pub fn parse(s: &str) -> Option<Channel> {
        let t = s.trim().to_ascii_lowercase();
        Channel::ALL
            .into_iter()
            .find(|c| c.code() == t || c.zh() == s.trim())
    }
}

/// How long a written-late entry may be backdated: an entry cannot be
/// about a moment before its shift opened (minus this grace, for a shift
/// opened a little late), nor in the future (plus this, for clock skew).
pub const GRACE: i64 = 10;

/// What is wrong with the time an entry gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeProblem {
    Future,
    BeforeShift,
}

impl TimeProblem {
    /// A stable code (the TUI's catalogue has `duty.time_<code>`).
    pub fn code(self) -> &'static str {
        match self {
            TimeProblem::Future => "future",
            TimeProblem::BeforeShift => "before_shift",
        }
    }

    /// What to tell the officer.
    pub fn msg(self) -> Msg {
        match self {
            TimeProblem::Future => Msg::new("err.duty.time_future"),
            TimeProblem::BeforeShift => Msg::new("err.duty.time_before_shift"),
        }
    }
}

/// In English, from the built-in catalogue (logs and tests).
impl std::fmt::Display for TimeProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.msg().fmt(f)
    }
}

/// Checks when an entry says it happened.
pub fn check_entry_time(
    happened: DateTime<Utc>,
    shift_opened: DateTime<Utc>,
    now: DateTime<Utc>,
) -> std::result::Result<(), TimeProblem> {
    if happened > now + Duration::minutes(GRACE.min(2)) {
        return Err(TimeProblem::Future);
    }
    if happened < shift_opened - Duration::minutes(GRACE) {
        return Err(TimeProblem::BeforeShift);
    }
    Ok(())
}

/// Checks a time as the officer typed it: a bare clock time (`23:40`) is
/// read as the latest such moment not in the future, so one a little ahead
/// of now lands on yesterday — before the shift. Said as it is: the time
/// has not come yet (not "before the shift opened").
pub fn check_typed_time(
    typed: &str,
    happened: DateTime<Utc>,
    shift_opened: DateTime<Utc>,
    now: DateTime<Utc>,
) -> std::result::Result<(), TimeProblem> {
    let t = typed.trim();
    let clock_only =
        t.contains(':') && t.len() <= 5 && t.chars().all(|c| c.is_ascii_digit() || c == ':');
    match check_entry_time(happened, shift_opened, now) {
        // the same clock time today is a little ahead (under 12 hours):
        // that is what was meant
        Err(TimeProblem::BeforeShift)
            if clock_only
                && happened + Duration::days(1) > now
                && happened + Duration::days(1) - now <= Duration::hours(12) =>
        {
            Err(TimeProblem::Future)
        }
        other => other,
    }
}

/// Reads a time as officers type it: `23:10` (the latest such moment not in
/// the future, so after midnight it means last evening), `2026-11-22 23:10`,
/// or RFC 3339.
pub fn parse_time(s: &str, now: DateTime<Utc>, offset_hours: i32) -> Result<DateTime<Utc>> {
    let t = s.trim();
    if let Some(x) = from_db(t) {
        return Ok(x);
    }
    let tz = school_tz(offset_hours);
    if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M") {
        if let Some(x) = tz.from_local_datetime(&dt).single() {
            return Ok(x.with_timezone(&Utc));
        }
    }
    if let Ok(hm) = NaiveTime::parse_from_str(t, "%H:%M") {
        let today = now.with_timezone(&tz).date_naive();
        for day in [today, today.pred_opt().unwrap_or(today)] {
            if let Some(x) = tz.from_local_datetime(&day.and_time(hm)).single() {
                let x = x.with_timezone(&Utc);
                if x <= now {
                    return Ok(x);
                }
            }
        }
    }
    Err(Error::Usage(
        Msg::new("err.duty.bad_time")
            .label("field", "duty.time")
            .with("text", t),
    ))
}

/// The night a moment belongs to: before 08:00 school time it is the
/// previous day's duty.
pub fn duty_date(t: DateTime<Utc>, offset_hours: i32) -> NaiveDate {
    let local = t.with_timezone(&school_tz(offset_hours));
    let d = local.date_naive();
    if local.time() < NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default() {
        d.pred_opt().unwrap_or(d)
    } else {
        d
    }
}

/// What a search of the duty log asks for; `None` leaves a field open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DutyQuery {
    pub text: Option<String>,
    pub kind: Option<EntryType>,
    /// A 学号.
    pub student: Option<String>,
    /// Local dates, inclusive.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// A date as a search box takes it: `2026-11-20`, `11-20`, `11/20` or
/// `11月20日`; without a year, the latest such day not after `today`.
/// Reads one search box: a type name (来电, 突发事件, or `type:call`), one
/// or two dates (a day, or a range), a 学号 (six or more digits); the rest
/// is text to find.
pub fn parse_query(q: &str, today: NaiveDate) -> DutyQuery {
    let mut out = DutyQuery::default();
    let mut words = Vec::new();
    let mut days = Vec::new();
    for w in q.split_whitespace() {
        let typed = w.strip_prefix("type:").unwrap_or(w);
        if out.kind.is_none()
            && let Some(k) = EntryType::ALL
                .into_iter()
                .find(|k| k.zh() == typed || (typed != w && k.code() == typed))
        {
            out.kind = Some(k);
        } else if let Some(d) = super::day::parse_day(w, today, super::day::Lean::Past) {
            days.push(d);
        } else if out.student.is_none() && w.len() >= 6 && w.chars().all(|c| c.is_ascii_digit()) {
            out.student = Some(w.to_string());
        } else {
            words.push(w);
        }
    }
    days.sort();
    out.from = days.first().copied();
    out.to = days.last().copied();
    if !words.is_empty() {
        out.text = Some(words.join(" "));
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyShift {
    pub id: i64,
    pub officer_id: i64,
    pub officer: String,
    pub location: Option<String>,
    pub leader: Option<String>,
    pub opened_at: String,
    pub closed_at: Option<String>,
    pub handover_note: Option<String>,
    pub next_officer_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    pub id: i64,
    pub entry_id: i64,
    pub leader: String,
    pub channel: String,
    pub reported_at: String,
    pub response: Option<String>,
    pub responded_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverItem {
    pub id: i64,
    pub from_shift: i64,
    pub entry_id: Option<i64>,
    pub text: String,
    /// The open crisis case it hands over, if it is one.
    pub case_id: Option<i64>,
}

/// A roster row: (id, date, shift, officer id, officer name, leader, location).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterDay {
    pub id: i64,
    pub date: String,
    pub shift: String,
    pub officer_id: i64,
    pub officer: String,
    pub leader: Option<String>,
    pub location: Option<String>,
    /// The officer it was swapped from, when a swap moved it.
    pub swapped_from: Option<String>,
    /// Who approved that swap.
    pub swap_approved_by: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::clock::from_db;

    #[test]
    fn types_and_channels_read_in_both_languages() {
        for t in EntryType::ALL {
            assert_eq!(EntryType::from_code(t.code()), Some(t));
            assert_eq!(EntryType::parse(t.zh()), Some(t));
        }
        assert_eq!(EntryType::parse("来电"), Some(EntryType::Call));
        assert_eq!(EntryType::parse("party"), None);
        assert_eq!(Channel::parse("微信"), Some(Channel::WeChat));
        assert_eq!(Channel::parse("PHONE"), Some(Channel::Phone));
    }

    #[test]
    fn entry_times_must_fall_in_the_shift() {
        let opened = from_db("2026-11-22T08:30:00Z").unwrap(); // 16:30 Beijing
        let now = from_db("2026-11-22T16:10:00Z").unwrap(); // 00:10 next day
        assert!(
            check_entry_time(from_db("2026-11-22T15:55:00Z").unwrap(), opened, now).is_ok(),
            "23:55, past midnight now"
        );
        assert!(check_entry_time(now, opened, now).is_ok());
        // 23:40 typed at 23:00: read as last night's 23:40, before the
        // shift — said as "not yet", which is what is wrong
        let yesterday = now + Duration::minutes(40) - Duration::days(1);
        assert_eq!(
            check_typed_time("23:40", yesterday, opened, now),
            Err(TimeProblem::Future)
        );
        assert_eq!(
            check_typed_time("2026-11-21 23:40", yesterday, opened, now),
            Err(TimeProblem::BeforeShift)
        );
        // a clock time truly before the shift (16:00 at 00:10, the shift
        // from 16:30) is said to be so
        let before = from_db("2026-11-22T08:00:00Z").unwrap();
        assert_eq!(
            check_typed_time("16:00", before, opened, now),
            Err(TimeProblem::BeforeShift)
        );
        assert!(
            check_entry_time(from_db("2026-11-22T08:25:00Z").unwrap(), opened, now).is_ok(),
            "grace"
        );
        assert!(
            check_entry_time(from_db("2026-11-22T08:00:00Z").unwrap(), opened, now)
                .unwrap_err()
                .to_string()
                .contains("earlier than the shift opened")
        );
        assert!(
            check_entry_time(from_db("2026-11-22T16:30:00Z").unwrap(), opened, now)
                .unwrap_err()
                .to_string()
                .contains("later than now")
        );
    }

    #[test]
    fn one_search_box_reads_type_dates_student_and_text() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let q = parse_query("来电 11-20 2023010101 宿舍 漏水", today);
        assert_eq!(q.kind, Some(EntryType::Call));
        assert_eq!(q.from, NaiveDate::from_ymd_opt(2026, 11, 20));
        assert_eq!(q.to, q.from);
        assert_eq!(q.student.as_deref(), Some("2023010101"));
        assert_eq!(q.text.as_deref(), Some("宿舍 漏水"));
        // a range, given either way round; a month-day after today is last year's
        let q = parse_query("12月30日 2026-01-05 type:incident", today);
        assert_eq!(q.from, NaiveDate::from_ymd_opt(2025, 12, 30));
        assert_eq!(q.to, NaiveDate::from_ymd_opt(2026, 1, 5));
        assert_eq!(q.kind, Some(EntryType::Incident));
        assert_eq!(q.text, None);
        // a bare English code is text (it may be a word in the log), and
        // short numbers are text too (a room, a phone extension)
        let q = parse_query("call 302", today);
        assert_eq!((q.kind, q.student.clone()), (None, None));
        assert_eq!(q.text.as_deref(), Some("call 302"));
        assert_eq!(parse_query("", today), DutyQuery::default());
        assert_eq!(parse_query("2-30", today).text.as_deref(), Some("2-30"));
    }
}
