//! The schema, one numbered migration at a time. Never edit a migration that
//! has shipped: add the next one.

use rusqlite_migration::{HookError, HookResult, M, Migrations};

const V1: &str = include_str!("migrations/v01_init.sql");

/// Dorm patrols (issue 3): a patrol walks rooms in order; each room check is
/// saved when the room is left; re-visiting a room adds a new version and
/// marks the old one superseded. Absences become follow-ups.
const V2: &str = include_str!("migrations/v02_patrols.sql");

/// Night duty (issue 4): shifts and their log. Entries are never changed: a
/// correction is a new entry that amends the old one. Unanswered
/// escalations and open entries are handed over as items the next shift
/// acknowledges.
const V3: &str = include_str!("migrations/v03_duty.sql");

/// The duty roster (值班表) and swaps: a swap changes who is on the roster
/// row and is kept as a record of who, with whom, approved by whom, when.
const V4: &str = include_str!("migrations/v04_roster.sql");

/// Talks, family contacts, the class ledger, special-group support and
/// sweeps (issue 5), and a per-student rollup the compliance engine reads.
const V5: &str = include_str!("migrations/v05_records.sql");

/// Crisis cases (issue 6): the case with the template it was opened under,
/// its students, and its events, appended in the order they happened.
const V6: &str = include_str!("migrations/v06_crisis.sql");

/// Records against the trail (issue 12): each entry carries the hash of
/// every record its write touched (`store::trail`). A database made before
/// gets one entry, written by the upgrade itself, that records every record
/// as it then stood, so that it checks clean from here on.
const V7: &str = include_str!("migrations/v07_trail.sql");

/// A step's settling can be withdrawn by its author for a few minutes
/// (issue 13): a `withdrawn` event. SQLite cannot change a CHECK, so the
/// events table is rebuilt with the same columns, rows and ids (their
/// record hashes do not change) and its append-only guards put back.
const V8: &str = include_str!("migrations/v08_withdrawn.sql");

/// Crisis cases pass from shift to shift (issue 13): a case opened by an
/// officer keeping a shift names that shift (it is the desk's while open),
/// and a handover item may stand for an open case (the case it names,
/// beside or instead of a duty-log entry). Old rows have neither (a NULL
/// field leaves their hash as it was).
const V9: &str = include_str!("migrations/v09_case_shifts.sql");

/// What an officer owns stays theirs until closed (issue 14): an open
/// duty-log entry is closed with a note by the officer who wrote it or took
/// it over — a row of its own (the entry itself is never changed). One
/// closure per entry (the first of its versions).
const V10: &str = include_str!("migrations/v10_closures.sql");

/// The aid specialist's own records (issue 15 item 4). A home visit (家访)
/// of its own — 001 五 发展型资助 二: 「家庭经济困难学生家访全覆盖，高校学生
/// 必访（可线上线下相结合），家访过程突出隐私保护、尊严维护」 — with the staff
/// who went; and growth-file entries (成长档案) — 001 六(一)2: 「记录学生的资助
/// 历史、家庭走访、学生特点、成长奖励等情况」. Both amended, never
/// overwritten (`amends`); `student_marks` keeps the last growth-file entry
/// beside the last home visit.
const V11: &str = include_str!("migrations/v11_aid.sql");

/// 督办: a leader's reminder to a counsellor about one 待办 item (the
/// rule and its subject), closed when the item is met or by the
/// counsellor; the row is written once and closed once, never rewritten.
const V12: &str = include_str!("migrations/v12_reminders.sql");

/// The psych weekly and monthly reports handed in: one row each time a
/// report of a period was exported to a file or marked handed in (never
/// rewritten; the latest says when it was done).
const V13: &str = include_str!("migrations/v13_report_filings.sql");

/// Indexes for the views at university scale (issue 16): a room's latest
/// standing check, talks by the day they were held (and a student's with
/// whether each is a correction, so a chart counts from the index alone),
/// a case's closing, absences by when they were raised. Indexes only: no
/// row changes.
const V14: &str = include_str!("migrations/v14_view_indexes.sql");

/// The standing flags with their dates from one index (issue 16): the
/// school-wide 待办 reads every standing flag on each summary.
const V15: &str = include_str!("migrations/v15_flag_dates.sql");

/// Each counsellor's 待办 numbers of the day, kept as derived data and
/// dropped by triggers on every table the compliance facts read (issue 16:
/// the school-wide list re-serves them instead of re-evaluating).
const V16: &str = include_str!("migrations/v16_compliance_cache.sql");

/// The compliance facts kept beside the numbers: a new day's numbers are
/// the rules evaluated on them (issue 16).
const V17: &str = include_str!("migrations/v17_cache_facts.sql");

/// The kept facts' own fingerprint, the code that read them: new rules or
/// evaluation carry them (issue 16).
const V18: &str = include_str!("migrations/v18_facts_fingerprint.sql");

/// Each room's latest standing check, kept by triggers on the checks: the
/// school-wide 待办 reads it from one table (issue 16).
const V19: &str = include_str!("migrations/v19_room_marks.sql");

/// The upgrade's own entry: every record as it stood when records began
/// to be hashed.
fn baseline(tx: &rusqlite::Transaction<'_>) -> HookResult {
    let fail = |e: crate::error::Error| HookError::Hook(e.to_string());
    let recs = super::trail::everything(tx).map_err(fail)?;
    if recs.is_empty() {
        return Ok(());
    }
    let entry = super::AuditEntry::new(
        "records.baseline",
        "database",
        None,
        serde_json::json!({ "schema": 7, "records": recs.len() }),
    );
    let at = crate::domain::clock::to_db(chrono::Utc::now());
    super::audit::append(tx, &at, "zhiban", &[entry], &recs).map_err(fail)?;
    Ok(())
}

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1),
        M::up(V2),
        M::up(V3),
        M::up(V4),
        M::up(V5),
        M::up(V6),
        M::up_with_hook(V7, baseline),
        M::up(V8),
        M::up(V9),
        M::up(V10),
        M::up(V11),
        M::up(V12),
        M::up(V13),
        M::up(V14),
        M::up(V15),
        M::up(V16),
        M::up(V17),
        M::up(V18),
        M::up(V19),
    ])
}

/// The schema version this build writes.
pub(crate) const SCHEMA_VERSION: usize = 19;

#[cfg(test)]
#[path = "migrations_tests.rs"]
mod tests;
