//! The facts the compliance engine evaluates, read from the store: for one
//! counsellor, a college or the whole school, each counsellor's students
//! with their marks, flags and support, her classes with the year's
//! ledger, the rooms her students live in with their latest check, her
//! lecture visits. What the facts kept in the 待办 cache were read by (its
//! facts fingerprint: [`super::cache`]).

use std::collections::HashMap;

use chrono::NaiveDate;
use foldhash::{HashMap as FastMap, HashMapExt};

use crate::app::App;
use crate::domain::clock::{from_db, local_date};
use crate::domain::compliance::{ClassFacts, Facts, LedgerKind, RoomFacts, StudentFacts};
use crate::domain::student::{FlagKind, parse_date};
use crate::error::Result;
use crate::store::{Store, compliance_facts as cf, records as rec};
use rusqlite::Connection;

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
    let today = app.today();
    let people = people(conn, counsellor, college, named)?;
    let places = places(conn, today, counsellor, college)?;
    Ok(assemble(app, counsellor, people, places))
}

/// The whole school's facts, unnamed, as [`facts_of`] reads them, its
/// classes, ledger and rooms read at the same time on a connection of
/// their own on another thread (the whole school's first read, ~30 ms of
/// database work at scale 1, takes the time of its larger half where two
/// cores are free). The caller's snapshot must have begun (its first
/// read done) and be its own: the other connection's begins after it,
/// so the two are one unless something was committed in between, which
/// the caller's own write of what it computed then finds
/// ([`crate::store::compliance_cache::Snapshot::keep`] stores nothing on
/// a snapshot gone stale). Read on the caller's connection alone if the
/// other connection or thread cannot be had.
pub(super) fn school_facts_beside(app: &App) -> Result<HashMap<i64, Facts>> {
    let conn = app.store.conn();
    let today = app.today();
    let path = app.store.path().to_path_buf();
    let (people, beside) = std::thread::scope(|s| {
        let other = std::thread::Builder::new().spawn_scoped(s, move || -> Result<Places> {
            let reader = Store::reader(&path)?;
            reader.begin()?;
            places(reader.conn(), today, None, None)
        });
        let people = people(conn, None, None, false);
        let beside = match other {
            Ok(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            // no thread to be had (a limit on a busy server)
            Err(e) => Err(e.into()),
        };
        (people, beside)
    });
    let places = match beside {
        Ok(p) => p,
        Err(_) => places(conn, today, None, None)?,
    };
    Ok(assemble(app, None, people?, places))
}

/// Each counsellor's students with their marks, flags and support, and
/// whose each student is.
struct People {
    out: FastMap<i64, Facts>,
    class_counsellor: FastMap<i64, i64>,
    counsellor_of: FastMap<i64, i64>,
}

/// The scope's ledger since [`ledger_from`], its classes, its students'
/// rooms and those rooms' labels and latest checks, as read.
struct Places {
    ledger: Vec<rec::LedgerMark>,
    classes: Vec<(i64, String, Option<i64>)>,
    homes: Vec<(i64, i64)>,
    rooms: Vec<cf::RoomLast>,
}

// keyed by ids read by the ten thousand: a fast hasher (ids are not
// chosen by whoever could flood a map), made a std map at the end
fn people(
    conn: &Connection,
    counsellor: Option<i64>,
    college: Option<i64>,
    named: bool,
) -> Result<People> {
    let mut out: FastMap<i64, Facts> = FastMap::new();
    let mut flags: FastMap<i64, Vec<(FlagKind, Option<NaiveDate>)>> = FastMap::new();
    for (sid, kind, since) in rec::standing_flags(conn, counsellor, college)? {
        if let Some(k) = FlagKind::from_code(&kind) {
            flags.entry(sid).or_default().push((k, day(&since)));
        }
    }
    let support = rec::all_support(conn, counsellor, college)?;
    let class_counsellor = cf::class_counsellors(conn)?;
    let mut counsellor_of: FastMap<i64, i64> = FastMap::new();
    cf::each_marks(conn, counsellor, college, named, |m| {
        let Some(&c) = m.class_id.and_then(|k| class_counsellor.get(&k)) else {
            return;
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
    })?;
    Ok(People {
        out,
        class_counsellor,
        counsellor_of,
    })
}

fn places(
    conn: &Connection,
    today: NaiveDate,
    counsellor: Option<i64>,
    college: Option<i64>,
) -> Result<Places> {
    let from = ledger_from(today).to_string();
    Ok(Places {
        ledger: rec::ledger_marks(conn, &from, counsellor, college)?,
        classes: rec::classes(conn, counsellor, college)?,
        homes: cf::student_rooms(conn, counsellor, college)?,
        rooms: cf::rooms_last_checked(conn, counsellor, college)?,
    })
}

/// The facts of each counsellor from what was read.
fn assemble(
    app: &App,
    counsellor: Option<i64>,
    people: People,
    places: Places,
) -> HashMap<i64, Facts> {
    let offset = app.assets.calendar.utc_offset_hours;
    let People {
        mut out,
        class_counsellor,
        counsellor_of,
    } = people;
    let mut by_class: FastMap<i64, Vec<(LedgerKind, NaiveDate)>> = FastMap::new();
    let mut lectures: FastMap<i64, Vec<NaiveDate>> = FastMap::new();
    for (class, author, kind, on) in places.ledger {
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
    for (id, name, c) in places.classes {
        let Some(c) = c else { continue };
        out.entry(c).or_default().classes.push(ClassFacts {
            id,
            name,
            ledger: by_class.remove(&id).unwrap_or_default(),
        });
    }
    // rooms: whose students live where (integers), then each room's label
    // and latest check once, in building and number order
    let mut housing: FastMap<i64, Vec<i64>> = FastMap::new();
    for (sid, room) in places.homes {
        let Some(&c) = counsellor_of.get(&sid) else {
            continue;
        };
        let of = housing.entry(room).or_default();
        if !of.contains(&c) {
            of.push(c);
        }
    }
    for (room, label, last) in places.rooms {
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
    out.into_iter().collect()
}
