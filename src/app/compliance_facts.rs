//! The facts the compliance engine evaluates, read from the store: for one
//! counsellor, a college or the whole school, each counsellor's students
//! with their marks, flags and support, her classes with the year's
//! ledger, the rooms her students live in with their latest check, her
//! lecture visits. What the facts kept in the 待办 cache were read by (its
//! facts fingerprint: [`super::cache`]).

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::app::App;
use crate::domain::clock::{from_db, local_date};
use crate::domain::compliance::{ClassFacts, Facts, LedgerKind, RoomFacts, StudentFacts};
use crate::domain::student::{FlagKind, parse_date};
use crate::error::Result;
use crate::store::{compliance_facts as cf, records as rec};

fn day(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(parse_date)
}

/// The facts of every counsellor in scope (one counsellor, a college, or
/// all), keyed by counsellor id.
pub fn facts_by_counsellor(
    app: &App,
    counsellor: Option<i64>,
    college: Option<i64>,
) -> Result<HashMap<i64, Facts>> {
    facts_of(app, counsellor, college, true)
}

/// [`facts_by_counsellor`]; the students without their names and 学号
/// unless `named` (a summary that only counts the findings never words
/// them, and a school's 40,000 names are most of what it would read).
/// The ledger of the last year is enough for every window evaluated: read
/// from this day on.
fn ledger_from(today: NaiveDate) -> NaiveDate {
    today - chrono::Duration::days(400)
}

/// Facts read on an earlier day as a read `today` gives them (nothing
/// written since): the ledger and lecture visits that fell out of the
/// year read go.
pub(super) fn facts_for_today(mut f: Facts, today: NaiveDate) -> Facts {
    let from = ledger_from(today);
    for c in &mut f.classes {
        c.ledger.retain(|(_, d)| *d >= from);
    }
    f.lecture_visits.retain(|d| *d >= from);
    f
}

pub(super) fn facts_of(
    app: &App,
    counsellor: Option<i64>,
    college: Option<i64>,
    named: bool,
) -> Result<HashMap<i64, Facts>> {
    let conn = app.store.conn();
    let offset = app.assets.calendar.utc_offset_hours;
    let today = local_date(app.now(), offset);
    let mut out: HashMap<i64, Facts> = HashMap::new();
    let mut flags: HashMap<i64, Vec<(FlagKind, Option<NaiveDate>)>> = HashMap::new();
    for (sid, kind, since) in rec::standing_flags(conn, counsellor, college)? {
        if let Some(k) = FlagKind::from_code(&kind) {
            flags.entry(sid).or_default().push((k, day(&since)));
        }
    }
    let support = rec::all_support(conn, counsellor, college)?;
    let class_counsellor = cf::class_counsellors(conn)?;
    let mut counsellor_of: HashMap<i64, i64> = HashMap::new();
    for m in cf::marks(conn, counsellor, college, named)? {
        let Some(&c) = m.class_id.and_then(|k| class_counsellor.get(&k)) else {
            continue;
        };
        counsellor_of.insert(m.id, c);
        let sup = support.get(&m.id);
        let has = |x: Option<&Option<String>>| {
            x.is_some_and(|v| v.as_deref().is_some_and(|t| !t.trim().is_empty()))
        };
        out.entry(c).or_default().students.push(StudentFacts {
            id: m.id,
            student_no: m.student_no,
            name: m.name,
            class_id: m.class_id,
            flags: flags.remove(&m.id).unwrap_or_default(),
            last_talk: m.last_talk,
            last_contact: m.last_contact,
            last_home_visit: m.last_home_visit,
            last_growth: m.last_growth,
            mentors: [
                has(sup.map(|s| &s.academic_mentor)),
                has(sup.map(|s| &s.affairs_teacher)),
                has(sup.map(|s| &s.peer_student)),
            ],
            plan: has(sup.map(|s| &s.plan)),
        });
    }
    let from = ledger_from(today).to_string();
    let mut by_class: HashMap<i64, Vec<(LedgerKind, NaiveDate)>> = HashMap::new();
    let mut lectures: HashMap<i64, Vec<NaiveDate>> = HashMap::new();
    for (class, author, kind, on) in rec::ledger_marks(conn, &from, counsellor, college)? {
        let (Some(kind), Some(on)) = (LedgerKind::parse(&kind), parse_date(&on)) else {
            continue;
        };
        if kind == LedgerKind::Lecture {
            // a visit noted against a class counts for that class's own
            // counsellor only, whatever the scope read (her own read never
            // sees the others' classes)
            if class.is_some_and(|k| class_counsellor.get(&k) != Some(&author)) {
                continue;
            }
            lectures.entry(author).or_default().push(on);
        } else if let Some(c) = class {
            by_class.entry(c).or_default().push((kind, on));
        }
    }
    for (id, name, c) in rec::classes(conn, counsellor, college)? {
        let Some(c) = c else { continue };
        out.entry(c).or_default().classes.push(ClassFacts {
            id,
            name,
            ledger: by_class.remove(&id).unwrap_or_default(),
        });
    }
    // rooms: whose students live where (integers), then each room's label
    // and latest check once, in building and number order
    let mut housing: HashMap<i64, Vec<i64>> = HashMap::new();
    for (sid, room) in cf::student_rooms(conn, counsellor, college)? {
        let Some(&c) = counsellor_of.get(&sid) else {
            continue;
        };
        let of = housing.entry(room).or_default();
        if !of.contains(&c) {
            of.push(c);
        }
    }
    for (room, label, last) in cf::rooms_last_checked(conn, counsellor, college)? {
        let Some(of) = housing.get(&room) else {
            continue;
        };
        let last_checked = last
            .as_deref()
            .and_then(from_db)
            .map(|t| local_date(t, offset));
        for c in of {
            out.entry(*c).or_default().rooms.push(RoomFacts {
                label: label.clone(),
                last_checked,
            });
        }
    }
    for (c, f) in out.iter_mut() {
        f.lecture_visits = lectures.remove(c).unwrap_or_default();
    }
    if let Some(c) = counsellor {
        out.entry(c).or_default();
    }
    Ok(out)
}
