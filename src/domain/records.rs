//! Talk records (谈话记录), family contacts (家长联系) and the class ledger
//! (班级工作台账): their kinds and the rules a record must keep.
//!
//! Seed 002 一(一) asks for talks, 二(五) for family contacts, 一(二)/四(1)/
//! 三 for class meetings, committee meetings, attendance checks and lecture
//! visits; they are what the compliance engine counts.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde::Deserialize;

use super::clock::school_tz;
use crate::error::{Error, Msg, Problem};

/// A kind of talk or a contact reason, as the school configures it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub code: String,
    /// The name shown, in the interface's language ([`RecordKinds::in_lang`]).
    pub name: String,
    /// The name in English (`--lang en`); the Chinese one if absent.
    #[serde(default)]
    pub name_en: Option<String>,
    /// A psychology-related talk: the psych specialist may read it when sensitive.
    #[serde(default)]
    pub psych: bool,
    /// The file's (Chinese) name, still accepted when English is shown.
    #[serde(skip)]
    pub name_zh: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RecordKinds {
    pub talk_kinds: Vec<Choice>,
    pub contact_reasons: Vec<Choice>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    talk_kind: Vec<Choice>,
    #[serde(default)]
    contact_reason: Vec<Choice>,
}

fn find<'a>(list: &'a [Choice], s: &str) -> Option<&'a Choice> {
    let t = s.trim();
    list.iter()
        .find(|c| c.code == t || c.name == t || c.name_zh == t || c.name_en.as_deref() == Some(t))
}

fn choose(list: &[Choice], s: &str, default: &str, what: &str) -> Result<String, Msg> {
    if s.trim().is_empty() {
        return Ok(default.to_string());
    }
    find(list, s).map(|c| c.code.clone()).ok_or_else(|| {
        let names: Vec<&str> = list.iter().map(|c| c.name.as_str()).collect();
        Msg::new("err.records.bad_kind")
            .with("text", s.trim())
            .label("what", what)
            .with("choices", names.join("、"))
    })
}

impl RecordKinds {
    pub fn parse(text: &str) -> Result<RecordKinds, Problem> {
        let raw: Raw = toml::from_str(text).map_err(|e| Problem::toml(text, &e))?;
        for (what, list) in [
            ("talk_kind", &raw.talk_kind),
            ("contact_reason", &raw.contact_reason),
        ] {
            if list.is_empty() {
                return Err(Problem::at(
                    0,
                    crate::msg!("err.config.none_defined", what = what),
                ));
            }
            let mut seen = std::collections::HashSet::new();
            for c in list {
                if !seen.insert(c.code.as_str()) {
                    return Err(Problem::at(
                        0,
                        crate::msg!("err.config.defined_twice", what = what, code = &c.code),
                    ));
                }
            }
        }
        let keep_zh = |mut list: Vec<Choice>| {
            for c in &mut list {
                c.name_zh = c.name.clone();
            }
            list
        };
        Ok(RecordKinds {
            talk_kinds: keep_zh(raw.talk_kind),
            contact_reasons: keep_zh(raw.contact_reason),
        })
    }

    /// The names shown in English when `english` (where the file gives
    /// them; the Chinese ones otherwise). Codes do not change.
    pub fn in_lang(mut self, english: bool) -> RecordKinds {
        for c in self
            .talk_kinds
            .iter_mut()
            .chain(self.contact_reasons.iter_mut())
        {
            c.name = match &c.name_en {
                Some(e) if english && !e.trim().is_empty() => e.clone(),
                _ => c.name_zh.clone(),
            };
        }
        self
    }
    /// A talk kind by code or name (学业预警谈话).
    pub fn talk_kind(&self, s: &str) -> Option<&Choice> {
        find(&self.talk_kinds, s)
    }
    pub fn contact_reason(&self, s: &str) -> Option<&Choice> {
        find(&self.contact_reasons, s)
    }
    /// The code of a talk kind given by code or name; `other` when empty;
    /// else what to write instead.
    pub fn talk_code(&self, s: &str) -> Result<String, Msg> {
        choose(&self.talk_kinds, s, "other", "err.records.what_talk")
    }
    /// The code of a contact reason; `routine` when empty.
    pub fn reason_code(&self, s: &str) -> Result<String, Msg> {
        choose(
            &self.contact_reasons,
            s,
            "routine",
            "err.records.what_reason",
        )
    }
    /// The name shown for a stored code (the code itself if unknown).
    pub fn talk_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.talk_kind(code).map_or(code, |c| c.name.as_str())
    }
    pub fn reason_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.contact_reason(code).map_or(code, |c| c.name.as_str())
    }
}

/// How a family was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContactChannel {
    Phone,
    WeChat,
    Meeting,
    /// 家访 in person.
    HomeVisit,
    /// 家访 online (video).
    HomeVisitOnline,
}

impl ContactChannel {
    pub const ALL: [ContactChannel; 5] = [
        ContactChannel::Phone,
        ContactChannel::WeChat,
        ContactChannel::Meeting,
        ContactChannel::HomeVisit,
        ContactChannel::HomeVisitOnline,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ContactChannel::Phone => "phone",
            ContactChannel::WeChat => "wechat",
            ContactChannel::Meeting => "meeting",
            ContactChannel::HomeVisit => "home_visit",
            ContactChannel::HomeVisitOnline => "home_visit_online",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            ContactChannel::Phone => "电话",
            ContactChannel::WeChat => "微信",
            ContactChannel::Meeting => "面谈",
            ContactChannel::HomeVisit => "家访（线下）",
            ContactChannel::HomeVisitOnline => "家访（线上）",
        }
    }
    /// Key of the channel's name in the UI catalogue.
    pub fn i18n_key(self) -> &'static str {
        match self {
            ContactChannel::Phone => "contact_channel.phone",
            ContactChannel::WeChat => "contact_channel.wechat",
            ContactChannel::Meeting => "contact_channel.meeting",
            ContactChannel::HomeVisit => "contact_channel.home_visit",
            ContactChannel::HomeVisitOnline => "contact_channel.home_visit_online",
        }
    }
    /// Counts for `aid.home-visit`.
    pub fn is_home_visit(self) -> bool {
        matches!(
            self,
            ContactChannel::HomeVisit | ContactChannel::HomeVisitOnline
        )
    }
    pub fn parse(s: &str) -> Option<ContactChannel> {
        let t = s.trim();
        let by_name = match t {
            "电话" | "手机" => Some(ContactChannel::Phone),
            "微信" | "微信语音" | "微信视频" => Some(ContactChannel::WeChat),
            "面谈" | "见面" | "来校" => Some(ContactChannel::Meeting),
            "家访" | "线下家访" | "家访（线下）" | "家访(线下)" | "实地家访" => {
                Some(ContactChannel::HomeVisit)
            }
            "线上家访" | "云家访" | "家访（线上）" | "家访(线上)" | "视频家访" => {
                Some(ContactChannel::HomeVisitOnline)
            }
            _ => None,
        };
        by_name.or_else(|| {
            ContactChannel::ALL
                .into_iter()
                .find(|c| c.code() == t.to_ascii_lowercase())
        })
    }
}

/// What is wrong with a record as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordProblem {
    EmptyText,
    InFuture,
    FollowUpBeforeTalk,
    NextTalkBeforeTalk,
}

impl RecordProblem {
    /// A stable code (the catalogue has `record.<code>`).
    pub fn code(self) -> &'static str {
        match self {
            RecordProblem::EmptyText => "empty_text",
            RecordProblem::InFuture => "in_future",
            RecordProblem::FollowUpBeforeTalk => "follow_up_before",
            RecordProblem::NextTalkBeforeTalk => "next_talk_before",
        }
    }

    /// What to tell the writer.
    pub fn msg(self) -> Msg {
        Msg::new(match self {
            RecordProblem::EmptyText => "err.records.empty_text",
            RecordProblem::InFuture => "err.records.in_future",
            RecordProblem::FollowUpBeforeTalk => "err.records.follow_up_before",
            RecordProblem::NextTalkBeforeTalk => "err.records.next_talk_before",
        })
    }
}

/// Reads when something took place: `2026-11-20 15:30`, `15:30` (the
/// latest such moment not in the future), RFC 3339, school formats
/// (`2026/11/20 15:30`, `2026年11月20日 15:30`, with or without seconds),
/// or a date alone (taken as noon school time: ledgers in Excel keep dates).
/// Typed by a person, a day may leave out its year (`11-20 15:30`, `11-20`):
/// the latest such day up to today.
pub fn parse_when(s: &str, now: DateTime<Utc>, offset: i32) -> crate::error::Result<DateTime<Utc>> {
    parse_when_in(s, now, offset, true)
}

/// [`parse_when`] for a file: a day must give its year (an old ledger's
/// `11-20` could be any year).
pub fn parse_when_in_file(
    s: &str,
    now: DateTime<Utc>,
    offset: i32,
) -> crate::error::Result<DateTime<Utc>> {
    parse_when_in(s, now, offset, false)
}

fn parse_when_in(
    s: &str,
    now: DateTime<Utc>,
    offset: i32,
    yearless: bool,
) -> crate::error::Result<DateTime<Utc>> {
    if let Ok(t) = super::duty::parse_time(s, now, offset) {
        return Ok(t);
    }
    let t = s.trim();
    let bad = || {
        Error::Usage(
            Msg::new("err.records.bad_when")
                .label("field", "form.when")
                .with("text", t),
        )
    };
    let unified: String = t
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            '日' | 'T' => ' ',
            c => c,
        })
        .collect();
    let unified = unified.split_whitespace().collect::<Vec<_>>().join(" ");
    let tz = school_tz(offset);
    let today = now.with_timezone(&tz).date_naive();
    // a day without a year (`11-20 15:30`, `11-20`) is the latest such day
    // up to today, as everywhere a past day is written
    let day = |d: &str| {
        if yearless {
            super::day::parse_day(d, today, super::day::Lean::Past)
        } else {
            super::student::parse_date(d)
        }
    };
    let clock = |c: &str| {
        ["%H:%M:%S", "%H:%M"]
            .iter()
            .find_map(|f| chrono::NaiveTime::parse_from_str(c, f).ok())
    };
    let local = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(&unified, f).ok())
        .or_else(|| {
            let (d, c) = unified.split_once(' ')?;
            Some(day(d)?.and_time(clock(c)?))
        })
        .or_else(|| day(&unified).and_then(|d| d.and_hms_opt(12, 0, 0)))
        .ok_or_else(bad)?;
    tz.from_local_datetime(&local)
        .single()
        .map(|x| x.with_timezone(&Utc))
        .ok_or_else(bad)
}

/// In English, from the built-in catalogue (logs and tests).
impl std::fmt::Display for RecordProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.msg().fmt(f)
    }
}

/// Checks a record's time and text: not in the future (a minute of clock
/// skew allowed), something written, dates after it that come after it.
pub fn check_record(
    held: DateTime<Utc>,
    held_on: NaiveDate,
    now: DateTime<Utc>,
    text: &str,
    follow_up_due: Option<NaiveDate>,
    next_talk: Option<NaiveDate>,
) -> Result<(), RecordProblem> {
    if text.trim().is_empty() {
        return Err(RecordProblem::EmptyText);
    }
    if held > now + chrono::Duration::minutes(1) {
        return Err(RecordProblem::InFuture);
    }
    if follow_up_due.is_some_and(|d| d < held_on) {
        return Err(RecordProblem::FollowUpBeforeTalk);
    }
    if next_talk.is_some_and(|d| d < held_on) {
        return Err(RecordProblem::NextTalkBeforeTalk);
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalkRecord {
    pub id: i64,
    pub student_id: i64,
    pub author_id: i64,
    pub author: String,
    pub held_at: String,
    pub held_on: String,
    pub place: Option<String>,
    pub kind: String,
    pub summary: String,
    pub follow_up: Option<String>,
    pub follow_up_due: Option<String>,
    pub next_talk: Option<String>,
    pub sensitive: bool,
    pub amends: Option<i64>,
    pub written_at: String,
}

/// The 1+1+1 mentors and plan standing for a student.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Support {
    pub academic_mentor: Option<String>,
    pub affairs_teacher: Option<String>,
    pub peer_student: Option<String>,
    pub plan: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::clock::from_db;

    /// The talk form's hint promises `15:30` and `11-20 15:30`: a day
    /// without a year is the latest such day up to today (a talk held on
    /// 11-20 written on 11-28 is this year's; written on 01-05 it is last
    /// year's); a file must give the year.
    #[test]
    fn a_day_without_a_year_is_the_latest_such_day() {
        let at =
            |s: &str, now: &str| parse_when(s, from_db(now).unwrap(), 8).map(|t| t.to_rfc3339());
        assert_eq!(
            at("11-25 10:00", "2026-11-28T02:00:00Z").unwrap(),
            "2026-11-25T02:00:00+00:00"
        );
        assert_eq!(
            at("11月25日 10:00", "2026-11-28T02:00:00Z").unwrap(),
            "2026-11-25T02:00:00+00:00"
        );
        assert_eq!(
            at("12-30 20:00", "2027-01-05T02:00:00Z").unwrap(),
            "2026-12-30T12:00:00+00:00"
        );
        assert_eq!(
            at("11-25", "2026-11-28T02:00:00Z").unwrap(),
            "2026-11-25T04:00:00+00:00"
        );
        assert!(at("11-25 25:00", "2026-11-28T02:00:00Z").is_err());
        assert!(at("13-25 10:00", "2026-11-28T02:00:00Z").is_err());
        let now = from_db("2026-11-28T02:00:00Z").unwrap();
        assert!(parse_when_in_file("11-25 10:00", now, 8).is_err());
        assert!(parse_when_in_file("2026-11-25 10:00", now, 8).is_ok());
    }

    #[test]
    fn shipped_kinds_parse_and_read_by_code_or_name() {
        let k = RecordKinds::parse(include_str!("../../assets/records.toml")).unwrap();
        assert_eq!(k.talk_kinds.len(), 8);
        assert_eq!(k.talk_kind("心理关注约谈").map(|c| c.psych), Some(true));
        assert_eq!(
            k.talk_kind("daily").map(|c| c.name.as_str()),
            Some("日常谈心")
        );
        assert_eq!(k.reason_name("aid_visit"), "资助家访");
        assert!(RecordKinds::parse("[[talk_kind]]\ncode='a'\nname='b'\ncolour='red'\n").is_err());
        assert_eq!(
            ContactChannel::parse("云家访"),
            Some(ContactChannel::HomeVisitOnline)
        );
        assert_eq!(
            ContactChannel::parse("WECHAT"),
            Some(ContactChannel::WeChat)
        );
        assert!(ContactChannel::parse("家访").unwrap().is_home_visit());
        assert_eq!(ContactChannel::parse("信鸽"), None);
    }

    #[test]
    fn a_record_in_the_future_or_with_earlier_follow_ups_is_refused() {
        let now = from_db("2026-11-22T06:00:00Z").unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let ok = check_record(now, day, now, "谈了学业", Some(day), None);
        assert_eq!(ok, Ok(()));
        let later = from_db("2026-11-22T07:00:00Z").unwrap();
        assert_eq!(
            check_record(later, day, now, "x", None, None),
            Err(RecordProblem::InFuture)
        );
        assert_eq!(
            check_record(now, day, now, "  \n", None, None),
            Err(RecordProblem::EmptyText)
        );
        assert_eq!(
            check_record(now, day, now, "x", day.pred_opt(), None),
            Err(RecordProblem::FollowUpBeforeTalk)
        );
        assert_eq!(
            check_record(now, day, now, "x", None, day.pred_opt()),
            Err(RecordProblem::NextTalkBeforeTalk)
        );
    }
}
