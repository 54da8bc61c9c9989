//! Dorm patrols (查寝): kinds, presence statuses, the checklist, and the
//! rules computed from patrols.
//!
//! Seed 002 二(六)2: 「辅导员每两周至少到所带班级学生的寝室进行检查一次，查寝时
//! 必须对学生寝室的内务卫生、学生在位情况要记录在册……对班级学生中存在的安全
//! 隐患……必须及时向学生工作部和系领导汇报」. Seed 002 七(二): duty officers
//! patrol the residences. RULES.md `dorm.biweekly`, `dorm.absence-followup`,
//! `dorm.hazard-report`.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use serde::Deserialize;

use super::clock::school_tz;
use crate::error::{Msg, Problem};

/// Why a patrol is walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatrolKind {
    /// 日常检查 — a counsellor's routine check (the biweekly rule).
    Routine,
    /// 集中查寝 — a centralised check organised by the office or college.
    Centralised,
    /// 值班巡查 — a duty officer's round.
    DutyRound,
}

impl PatrolKind {
    pub const ALL: [PatrolKind; 3] = [
        PatrolKind::Routine,
        PatrolKind::Centralised,
        PatrolKind::DutyRound,
    ];
    pub fn code(self) -> &'static str {
        match self {
            PatrolKind::Routine => "routine",
            PatrolKind::Centralised => "centralised",
            PatrolKind::DutyRound => "duty_round",
        }
    }
    pub fn from_code(s: &str) -> Option<PatrolKind> {
        PatrolKind::ALL.into_iter().find(|k| k.code() == s)
    }
    pub fn i18n_key(self) -> &'static str {
        match self {
            PatrolKind::Routine => "patrolkind.routine",
            PatrolKind::Centralised => "patrolkind.centralised",
            PatrolKind::DutyRound => "patrolkind.duty_round",
        }
    }
}

/// Where a student was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Presence {
    /// 在寝
    Present,
    /// 请假
    Leave,
    /// 晚归
    Late,
    /// 夜不归宿
    OutOvernight,
    /// 未归待核实 — not back, whereabouts unknown
    Unknown,
    /// 外宿备案 — registered to live off campus
    OffCampus,
}

impl Presence {
    pub const ALL: [Presence; 6] = [
        Presence::Present,
        Presence::Leave,
        Presence::Late,
        Presence::OutOvernight,
        Presence::Unknown,
        Presence::OffCampus,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Presence::Present => "present",
            Presence::Leave => "leave",
            Presence::Late => "late",
            Presence::OutOvernight => "out_overnight",
            Presence::Unknown => "unknown",
            Presence::OffCampus => "off_campus",
        }
    }
    pub fn from_code(s: &str) -> Option<Presence> {
        Presence::ALL.into_iter().find(|p| p.code() == s)
    }
    pub fn zh(self) -> &'static str {
        match self {
            Presence::Present => "在寝",
            Presence::Leave => "请假",
            Presence::Late => "晚归",
            Presence::OutOvernight => "夜不归宿",
            Presence::Unknown => "未归待核实",
            Presence::OffCampus => "外宿备案",
        }
    }
    pub fn i18n_key(self) -> String {
        format!("presence.{}", self.code())
    }
    /// Absent overnight or unaccounted for: the counsellor must reach the
    /// student the same night, and escalate if not (`dorm.absence-followup`).
    pub fn needs_follow_up(self) -> bool {
        matches!(self, Presence::OutOvernight | Presence::Unknown)
    }
}

/// A hazard the checklist names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HazardKind {
    pub id: String,
    pub label: String,
    /// The label in English (`--lang en`); the Chinese one if absent.
    #[serde(default)]
    pub label_en: Option<String>,
}

/// `assets/checklists/patrol.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// A room checked faster than this is reported as an exception.
    pub min_seconds_per_room: i64,
    /// The grades offered, in the interface's language ([`Checklist::in_lang`]).
    pub hygiene: Vec<String>,
    /// The skip reasons offered, in the interface's language.
    pub skip_reasons: Vec<String>,
    /// Grades in English, one for each of `hygiene` (optional).
    #[serde(default)]
    pub hygiene_en: Vec<String>,
    /// Skip reasons in English, one for each of `skip_reasons` (optional).
    #[serde(default)]
    pub skip_reasons_en: Vec<String>,
    /// The grades as stored (the file's `hygiene`, whatever the language shown).
    #[serde(skip)]
    pub stored_hygiene: Vec<String>,
    /// The skip reasons as stored (the file's `skip_reasons`).
    #[serde(skip)]
    pub stored_skip_reasons: Vec<String>,
    #[serde(rename = "hazard")]
    pub hazards: Vec<HazardKind>,
    /// The local time by which a night's follow-ups must be closed.
    #[serde(default = "default_night_ends")]
    pub night_ends: String,
    /// Days within which every room must be checked (`dorm.biweekly`).
    #[serde(default = "default_days")]
    pub biweekly_days: i64,
}

/// The stored value for `shown`: itself if stored so, else the value at the
/// same place of a list of labels as long as the stored one.
fn stored_of<'a>(stored: &'a [String], labels: [&[String]; 2], shown: &str) -> Option<&'a str> {
    if let Some(s) = stored.iter().find(|s| *s == shown) {
        return Some(s);
    }
    labels
        .into_iter()
        .filter(|l| l.len() == stored.len())
        .find_map(|l| l.iter().position(|s| s == shown))
        .map(|i| stored[i].as_str())
}

fn default_night_ends() -> String {
    "08:00".into()
}
fn default_days() -> i64 {
    14
}

impl Checklist {
    pub fn parse(text: &str) -> Result<Checklist, Problem> {
        let mut c: Checklist = toml::from_str(text).map_err(|e| Problem::toml(text, &e))?;
        c.stored_hygiene = c.hygiene.clone();
        c.stored_skip_reasons = c.skip_reasons.clone();
        let whole = |m: Msg| Problem::at(0, m);
        if c.hygiene.is_empty() {
            return Err(whole(Msg::new("err.config.no_hygiene")));
        }
        if c.hazards.is_empty() {
            return Err(whole(Msg::new("err.config.no_hazard")));
        }
        let mut ids: Vec<&str> = c.hazards.iter().map(|h| h.id.as_str()).collect();
        ids.sort();
        if ids.windows(2).any(|w| w[0] == w[1]) {
            return Err(whole(Msg::new("err.config.hazard_twice")));
        }
        c.night_end()
            .ok_or_else(|| whole(crate::msg!("err.config.night_ends", text = &c.night_ends)))?;
        if c.min_seconds_per_room < 0 || c.biweekly_days < 1 {
            return Err(whole(Msg::new("err.config.positive")));
        }
        Ok(c)
    }

    pub fn night_end(&self) -> Option<NaiveTime> {
        NaiveTime::parse_from_str(&self.night_ends, "%H:%M").ok()
    }

    pub fn hazard(&self, id: &str) -> Option<&HazardKind> {
        self.hazards.iter().find(|h| h.id == id)
    }

    /// The labels shown in English when `english` (hazards, grades, skip
    /// reasons that the file gives in English; the Chinese ones otherwise).
    /// Codes and stored values do not change: see [`Checklist::stored_grade`].
    pub fn in_lang(mut self, english: bool) -> Checklist {
        self.hygiene = self.stored_hygiene.clone();
        self.skip_reasons = self.stored_skip_reasons.clone();
        if english {
            for h in &mut self.hazards {
                if let Some(e) = h.label_en.as_ref().filter(|e| !e.trim().is_empty()) {
                    h.label = e.clone();
                }
            }
            if self.hygiene_en.len() == self.hygiene.len() {
                self.hygiene = self.hygiene_en.clone();
            }
            if self.skip_reasons_en.len() == self.skip_reasons.len() {
                self.skip_reasons = self.skip_reasons_en.clone();
            }
        }
        self
    }

    /// The grade to store for one shown in either language; `None` if it
    /// is no grade of the checklist.
    pub fn stored_grade(&self, shown: &str) -> Option<&str> {
        stored_of(
            &self.stored_hygiene,
            [&self.hygiene, &self.hygiene_en],
            shown,
        )
    }

    /// Is a stored grade below the second of the list (良 of 优良中差)? An
    /// unknown grade is not.
    pub fn below_good(&self, stored: &str) -> bool {
        self.stored_hygiene
            .iter()
            .position(|s| s == stored)
            .is_some_and(|i| i >= 2)
    }

    /// The grade shown for a stored one (itself if unknown).
    pub fn shown_grade<'a>(&'a self, stored: &'a str) -> &'a str {
        self.stored_hygiene
            .iter()
            .position(|s| s == stored)
            .and_then(|i| self.hygiene.get(i))
            .map_or(stored, String::as_str)
    }

    /// The skip reason to store: a reason of the list shown in English is
    /// stored as the file's own; anything else as written.
    pub fn stored_skip_reason(&self, shown: &str) -> String {
        stored_of(
            &self.stored_skip_reasons,
            [&self.skip_reasons, &self.skip_reasons_en],
            shown,
        )
        .unwrap_or(shown)
        .to_string()
    }

    /// The skip reason shown for a stored one (itself if unknown).
    pub fn shown_skip_reason<'a>(&'a self, stored: &'a str) -> &'a str {
        self.stored_skip_reasons
            .iter()
            .position(|s| s == stored)
            .and_then(|i| self.skip_reasons.get(i))
            .map_or(stored, String::as_str)
    }
}

/// The moment a follow-up raised at `raised` is due: the end of that night
/// (the next `night_end` in school time after it was raised).
pub fn follow_up_due(
    raised: DateTime<Utc>,
    night_end: NaiveTime,
    utc_offset_hours: i32,
) -> DateTime<Utc> {
    let tz = school_tz(utc_offset_hours);
    let local = raised.with_timezone(&tz);
    let mut day = local.date_naive();
    if local.time() >= night_end {
        day += Duration::days(1);
    }
    tz.from_local_datetime(&day.and_time(night_end))
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(raised)
}

/// How a room stands against the biweekly rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomDue {
    /// Checked within the window: the days left before it is due.
    Checked { days_left: i64 },
    /// Not checked within the window (or never): days since the last check.
    Overdue { days_since: Option<i64> },
}

/// `dorm.biweekly`: a room must have a check (hygiene and presence recorded,
/// not skipped) within the last `days` days. Counted in school-local days:
/// checked on the 1st, due again by the end of the 15th for 14 days.
pub fn room_due(
    last_checked: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    days: i64,
    utc_offset_hours: i32,
) -> RoomDue {
    let tz = school_tz(utc_offset_hours);
    let today = now.with_timezone(&tz).date_naive();
    match last_checked {
        None => RoomDue::Overdue { days_since: None },
        Some(t) => {
            let since = (today - t.with_timezone(&tz).date_naive()).num_days();
            if since <= days {
                RoomDue::Checked {
                    days_left: days - since,
                }
            } else {
                RoomDue::Overdue {
                    days_since: Some(since),
                }
            }
        }
    }
}

/// A room checked implausibly fast.
pub fn too_fast(seconds_in_room: i64, checklist: &Checklist) -> bool {
    seconds_in_room < checklist.min_seconds_per_room
}

/// Rooms in walking order: floor, then room number (numbers numerically:
/// 102 before 1010; letters after digits).
pub fn walk_order(a: (&Option<i32>, &str), b: (&Option<i32>, &str)) -> std::cmp::Ordering {
    let num = |s: &str| -> (u64, String) {
        let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
        (digits.parse().unwrap_or(u64::MAX), s.to_string())
    };
    (a.0.unwrap_or(i32::MAX), num(a.1)).cmp(&(b.0.unwrap_or(i32::MAX), num(b.1)))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatrolRecord {
    pub id: i64,
    pub kind: PatrolKind,
    pub building_id: i64,
    pub building: String,
    pub scope: String,
    pub staff_id: i64,
    pub staff: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub position: i64,
    /// Room ids in walking order.
    pub rooms: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceMark {
    pub student_id: i64,
    pub status: Presence,
    pub note: Option<String>,
    /// false: found in the room without a bed there
    pub in_roster: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HazardMark {
    pub hazard: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomCheck {
    pub id: i64,
    pub patrol_id: i64,
    pub room_id: i64,
    pub staff_id: i64,
    pub staff: String,
    pub entered_at: String,
    pub saved_at: String,
    pub hygiene: Option<String>,
    pub note: Option<String>,
    pub skipped_reason: Option<String>,
    pub presence: Vec<PresenceMark>,
    pub hazards: Vec<HazardFound>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HazardFound {
    pub id: i64,
    pub mark: HazardMark,
    pub reported_to: Option<String>,
    pub reported_at: Option<String>,
}

/// One line of a student's presence history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceLine {
    pub saved_at: String,
    pub building: String,
    pub room: String,
    pub status: Presence,
    pub staff: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRecord {
    pub id: i64,
    pub check_id: i64,
    pub student_id: i64,
    pub status: Presence,
    pub counsellor_id: Option<i64>,
    pub raised_by: i64,
    pub raised_at: String,
    pub due_at: String,
    pub outcome: Option<String>,
    pub reason: Option<String>,
    pub escalated_to: Option<String>,
    pub escalated_at: Option<String>,
    pub closed_at: Option<String>,
}

/// A hazard found and not yet reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenHazard {
    pub id: i64,
    pub building: String,
    pub room: String,
    pub hazard: String,
    pub found_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::clock::from_db;

    fn checklist() -> Checklist {
        Checklist::parse(include_str!("../../assets/checklists/patrol.toml")).unwrap()
    }

    #[test]
    fn the_shipped_checklist_parses() {
        let c = checklist();
        assert_eq!(c.hygiene, vec!["优", "良", "中", "差"]);
        assert!(c.hazard("appliance").is_some());
        assert_eq!(c.night_end(), NaiveTime::from_hms_opt(8, 0, 0));
        assert_eq!(c.biweekly_days, 14);
        // below 良: 中 and 差 (as stored); an unknown grade is not
        let below: Vec<bool> = ["优", "良", "中", "差", "?"]
            .map(|g| c.below_good(g))
            .to_vec();
        assert_eq!(below, vec![false, false, true, true, false]);
    }

    #[test]
    fn bad_checklists_are_refused() {
        assert!(Checklist::parse("min_seconds_per_room = 20\nhygiene = []\nskip_reasons = []\n[[hazard]]\nid='a'\nlabel='A'\n").is_err());
        let dup = "min_seconds_per_room = 20\nhygiene = ['优']\nskip_reasons = []\n[[hazard]]\nid='a'\nlabel='A'\n[[hazard]]\nid='a'\nlabel='B'\n";
        assert!(
            Checklist::parse(dup)
                .unwrap_err()
                .to_string()
                .contains("share an id")
        );
        let t = "min_seconds_per_room = 20\nnight_ends = '25:00'\nhygiene = ['优']\nskip_reasons = []\n[[hazard]]\nid='a'\nlabel='A'\n";
        assert!(
            Checklist::parse(t)
                .unwrap_err()
                .to_string()
                .contains("night_ends")
        );
    }

    #[test]
    fn statuses_and_follow_ups() {
        for p in Presence::ALL {
            assert_eq!(Presence::from_code(p.code()), Some(p));
        }
        let needing: Vec<Presence> = Presence::ALL
            .into_iter()
            .filter(|p| p.needs_follow_up())
            .collect();
        assert_eq!(needing, vec![Presence::OutOvernight, Presence::Unknown]);
        for k in PatrolKind::ALL {
            assert_eq!(PatrolKind::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn a_follow_up_is_due_at_the_end_of_its_night() {
        let end = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
        // 23:30 Beijing on the 22nd -> 08:00 on the 23rd
        let raised = from_db("2026-11-22T15:30:00Z").unwrap();
        assert_eq!(
            follow_up_due(raised, end, 8),
            from_db("2026-11-23T00:00:00Z").unwrap()
        );
        // 01:10 Beijing on the 23rd (after midnight) -> still 08:00 on the 23rd
        let raised = from_db("2026-11-22T17:10:00Z").unwrap();
        assert_eq!(
            follow_up_due(raised, end, 8),
            from_db("2026-11-23T00:00:00Z").unwrap()
        );
        // 08:00 exactly belongs to the next night; month edge 30 Nov -> 1 Dec
        let raised = from_db("2026-11-30T00:00:00Z").unwrap();
        assert_eq!(
            follow_up_due(raised, end, 8),
            from_db("2026-12-01T00:00:00Z").unwrap()
        );
    }

    #[test]
    fn the_fourteen_day_rule_at_its_edges() {
        let now = from_db("2026-11-22T04:00:00Z").unwrap(); // 12:00 on the 22nd
        let on = |s: &str| from_db(s).unwrap();
        // checked on the 8th (14 days before, late in the evening): still within
        assert_eq!(
            room_due(Some(on("2026-11-08T14:00:00Z")), now, 14, 8),
            RoomDue::Checked { days_left: 0 }
        );
        // checked on the 7th: 15 days, overdue
        assert_eq!(
            room_due(Some(on("2026-11-07T02:00:00Z")), now, 14, 8),
            RoomDue::Overdue {
                days_since: Some(15)
            }
        );
        // 23:30 UTC on the 7th is 07:30 on the 8th in Beijing: within
        assert_eq!(
            room_due(Some(on("2026-11-07T23:30:00Z")), now, 14, 8),
            RoomDue::Checked { days_left: 0 }
        );
        assert_eq!(
            room_due(None, now, 14, 8),
            RoomDue::Overdue { days_since: None }
        );
        // across a month edge
        let now = from_db("2026-12-01T04:00:00Z").unwrap();
        assert_eq!(
            room_due(Some(on("2026-11-17T04:00:00Z")), now, 14, 8),
            RoomDue::Checked { days_left: 0 }
        );
        assert_eq!(
            room_due(Some(on("2026-11-16T04:00:00Z")), now, 14, 8),
            RoomDue::Overdue {
                days_since: Some(15)
            }
        );
    }

    #[test]
    fn rooms_walk_floor_then_number() {
        let mut rooms = [
            (Some(10), "1001"),
            (Some(1), "110"),
            (Some(1), "102"),
            (Some(2), "201"),
            (None, "A1"),
            (Some(1), "102A"),
        ];
        rooms.sort_by(|a, b| walk_order((&a.0, a.1), (&b.0, b.1)));
        let order: Vec<&str> = rooms.iter().map(|r| r.1).collect();
        assert_eq!(order, vec!["102", "102A", "110", "201", "1001", "A1"]);
    }

    #[test]
    fn too_fast_uses_the_checklist_threshold() {
        let c = checklist();
        assert!(too_fast(5, &c));
        assert!(!too_fast(c.min_seconds_per_room, &c));
    }
}
