//! 看板 (issue 15): one board per role, each number with the records
//! behind it, so that a number and its drill-down are computed together
//! and always agree. A number that could not be read says so, with the
//! reason, never as a zero.

mod counsellor;
mod duty;
mod leader;
mod report_tiles;
mod specialists;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::App;
use super::student_list::StudentList;
use crate::domain::clock::{from_db, school_tz};
use crate::domain::staff::Role;
use crate::error::Result;

/// Where Enter on a record leads: the screen that owns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Student(i64),
    Case(i64),
    /// The duty screen (the officer's own shift and log).
    Duty,
    /// The patrol screen.
    Patrol,
    /// The patrol start, with this building chosen.
    Building(String),
    /// Screen 4 (待办), where a leader reads a counsellor's list.
    Todo,
    None,
}

/// One record behind a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub text: String,
    pub target: Target,
    /// Overdue or unanswered: shown with `!` and in bold.
    pub urgent: bool,
}

impl Row {
    pub fn new(text: String, target: Target) -> Row {
        Row {
            text,
            target,
            urgent: false,
        }
    }

    pub fn urgent(mut self, yes: bool) -> Row {
        self.urgent = yes;
        self
    }
}

/// One number (or state) on the board, with its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tile {
    pub label: String,
    /// What the board shows: the count of `rows`, or a state in words.
    pub value: String,
    /// `value` is the count of `rows` (a test holds every board to it).
    pub counted: bool,
    pub rows: Vec<Row>,
    /// Something in it needs attention now.
    pub alert: bool,
}

impl Tile {
    /// A number that is the count of its records.
    pub fn count(label: String, rows: Vec<Row>) -> Tile {
        Tile {
            label,
            value: rows.len().to_string(),
            counted: true,
            alert: rows.iter().any(|r| r.urgent),
            rows,
        }
    }

    /// A state in words, with the records that explain it.
    pub fn state(label: String, value: String, rows: Vec<Row>) -> Tile {
        Tile {
            label,
            value,
            counted: false,
            alert: false,
            rows,
        }
    }

    /// A read that failed: `?`, and the reason as its only line.
    pub fn failed(app: &App, label: String, e: &crate::error::Error) -> Tile {
        let tx = &app.assets.text;
        Tile {
            label,
            value: "?".into(),
            counted: false,
            alert: true,
            rows: vec![Row::new(
                tx.f("dash.not_read", &[("reason", &tx.error(e))]),
                Target::None,
            )],
        }
    }

    /// The tile from a read: counted, or failed.
    pub fn read(app: &App, label: String, r: Result<Vec<Row>>) -> Tile {
        match r {
            Ok(rows) => Tile::count(label, rows),
            Err(e) => Tile::failed(app, label, &e),
        }
    }
}

/// Bars with their labels (a week, a night, a counsellor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    pub title: String,
    pub bars: Vec<(String, u64)>,
    /// Bars in time order: where not all fit, the latest are kept (else
    /// the first, which come sorted by what matters most).
    pub series: bool,
}

/// One role's part of the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub role: Role,
    pub title: String,
    pub tiles: Vec<Tile>,
    pub charts: Vec<Chart>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Board {
    pub sections: Vec<Section>,
}

/// The order a person with several roles sees their sections in: the
/// night's work first, then what a leader watches, then the term's work.
pub const ORDER: [Role; 5] = [
    Role::DutyOfficer,
    Role::Leader,
    Role::PsychSpecialist,
    Role::Counsellor,
    Role::AidSpecialist,
];

/// Does the actor's board list the students they may see (the psych and
/// aid specialists' sections)? Only then is it read again when they load.
pub fn uses_students(actor: &crate::domain::staff::Staff) -> bool {
    actor.has(Role::PsychSpecialist) || actor.has(Role::AidSpecialist)
}

/// The board of the actor: one section per role they hold. `students` are
/// the students the actor may see (the directory), when loaded.
pub fn board(app: &App, students: Option<&StudentList>) -> Board {
    let mut sections = Vec::new();
    for role in ORDER {
        if !app.actor.has(role) {
            continue;
        }
        let tx = &app.assets.text;
        let title = tx.t(role.i18n_key()).to_string();
        let (tiles, charts) = match role {
            Role::DutyOfficer => duty::tiles(app),
            Role::Leader => leader::tiles(app),
            Role::Counsellor => counsellor::tiles(app),
            Role::PsychSpecialist => specialists::psych(app, students),
            Role::AidSpecialist => specialists::aid(app, students),
            _ => continue,
        };
        sections.push(Section {
            role,
            title,
            tiles,
            charts,
        });
    }
    Board { sections }
}

// ---------- shared helpers

/// A stored time as school-local `MM-DD HH:MM` (the raw text if unreadable).
pub(crate) fn when(app: &App, t: &str) -> String {
    let tz = school_tz(app.assets.calendar.utc_offset_hours);
    from_db(t).map_or_else(
        || t.to_string(),
        |d| d.with_timezone(&tz).format("%m-%d %H:%M").to_string(),
    )
}

/// A school-local date and time as UTC.
pub(crate) fn at_local(app: &App, d: NaiveDate, h: u32) -> DateTime<Utc> {
    let tz = school_tz(app.assets.calendar.utc_offset_hours);
    let t = d.and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default());
    t.and_local_timezone(tz)
        .single()
        .map_or_else(|| t.and_utc(), |x| x.with_timezone(&Utc))
}

/// The duty night a stored time belongs to (before 08:00: the day before).
pub(crate) fn night_of(app: &App, t: &str) -> Option<NaiveDate> {
    from_db(t).map(|d| crate::domain::duty::duty_date(d, app.assets.calendar.utc_offset_hours))
}

/// Talks per teaching week of this semester (`W1` …), for a chart.
pub(crate) fn talks_chart(app: &App, author: Option<i64>, college: Option<i64>) -> Option<Chart> {
    let today = app.today();
    let sem = app.assets.calendar.semester_at(today)?;
    let monday = |d: NaiveDate| {
        use chrono::Datelike;
        d - chrono::Duration::days(d.weekday().num_days_from_monday() as i64)
    };
    let first = monday(sem.start);
    let weeks = ((monday(today) - first).num_days() / 7 + 1).clamp(1, 30) as usize;
    let mut bars: Vec<(String, u64)> = (1..=weeks).map(|w| (format!("W{w}"), 0)).collect();
    let per_day = crate::store::dashboard::talks_per_day(
        app.store.conn(),
        &first.to_string(),
        author,
        college,
    )
    .ok()?;
    for (day, n) in per_day {
        let Some(d) = crate::domain::student::parse_date(&day) else {
            continue;
        };
        let w = ((d - first).num_days() / 7) as usize;
        if let Some(b) = bars.get_mut(w) {
            b.1 += n as u64;
        }
    }
    Some(Chart {
        title: app.assets.text.t("dash.chart_talks").to_string(),
        bars,
        series: true,
    })
}
