//! The schema, one numbered migration at a time. Never edit a migration that
//! has shipped: add the next one.

use rusqlite_migration::{HookError, HookResult, M, Migrations};

const V1: &str = r#"
CREATE TABLE app_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE colleges (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    login      TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    college_id INTEGER REFERENCES colleges(id),
    phone      TEXT,
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE staff_roles (
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    role     TEXT NOT NULL CHECK (role IN ('counsellor','duty_officer','psych_specialist',
                                           'aid_specialist','leader','admin')),
    PRIMARY KEY (staff_id, role)
) STRICT;

CREATE TABLE classes (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    college_id    INTEGER NOT NULL REFERENCES colleges(id),
    counsellor_id INTEGER REFERENCES staff(id),
    created_at    TEXT NOT NULL,
    UNIQUE (college_id, name)
) STRICT;
CREATE INDEX classes_counsellor ON classes(counsellor_id);

CREATE TABLE students (
    id         INTEGER PRIMARY KEY,
    student_no TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    gender     TEXT CHECK (gender IN ('M','F')),
    college_id INTEGER NOT NULL REFERENCES colleges(id),
    major      TEXT,
    class_id   INTEGER REFERENCES classes(id),
    phone      TEXT,
    id_number  TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX students_class ON students(class_id);
CREATE INDEX students_college ON students(college_id);

CREATE TABLE guardians (
    id         INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    position   INTEGER NOT NULL,
    name       TEXT,
    relation   TEXT,
    phone      TEXT,
    UNIQUE (student_id, position)
) STRICT;

-- A flag is never overwritten: a change clears the standing row and adds a
-- new one, so the history of every flag stays in the table.
CREATE TABLE student_flags (
    id         INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    kind       TEXT NOT NULL,
    level      TEXT,
    since      TEXT,
    note       TEXT,
    set_at     TEXT NOT NULL,
    set_by     INTEGER REFERENCES staff(id),
    cleared_at TEXT,
    cleared_by INTEGER REFERENCES staff(id)
) STRICT;
CREATE UNIQUE INDEX student_flags_standing ON student_flags(student_id, kind) WHERE cleared_at IS NULL;

CREATE TABLE buildings (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    gender     TEXT CHECK (gender IN ('M','F')),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE rooms (
    id          INTEGER PRIMARY KEY,
    building_id INTEGER NOT NULL REFERENCES buildings(id),
    number      TEXT NOT NULL,
    floor       INTEGER,
    capacity    INTEGER,
    gender      TEXT CHECK (gender IN ('M','F')),
    UNIQUE (building_id, number)
) STRICT;

CREATE TABLE beds (
    id      INTEGER PRIMARY KEY,
    room_id INTEGER NOT NULL REFERENCES rooms(id),
    label   TEXT NOT NULL,
    UNIQUE (room_id, label)
) STRICT;

CREATE TABLE bed_assignments (
    bed_id     INTEGER PRIMARY KEY REFERENCES beds(id),
    student_id INTEGER NOT NULL UNIQUE REFERENCES students(id),
    since      TEXT NOT NULL
) STRICT;

-- Forms being filled, saved as typed so that a dropped connection loses nothing.
CREATE TABLE drafts (
    staff_id   INTEGER NOT NULL REFERENCES staff(id),
    form       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (staff_id, form)
) STRICT;

-- Append-only and hash-chained: hash = sha256(prev_hash, seq, at, actor,
-- action, entity, entity_id, detail). `zhiban check` verifies the chain.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
"#;

/// Dorm patrols (issue 3): a patrol walks rooms in order; each room check is
/// saved when the room is left; re-visiting a room adds a new version and
/// marks the old one superseded. Absences become follow-ups.
const V2: &str = r#"
CREATE TABLE patrols (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('routine','centralised','duty_round')),
    building_id INTEGER NOT NULL REFERENCES buildings(id),
    scope       TEXT NOT NULL,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    -- where in the walk the patrol stands, for resuming
    position    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX patrols_staff ON patrols(staff_id, finished_at);

CREATE TABLE patrol_rooms (
    patrol_id INTEGER NOT NULL REFERENCES patrols(id),
    seq       INTEGER NOT NULL,
    room_id   INTEGER NOT NULL REFERENCES rooms(id),
    PRIMARY KEY (patrol_id, seq)
) STRICT;

CREATE TABLE room_checks (
    id             INTEGER PRIMARY KEY,
    patrol_id      INTEGER NOT NULL REFERENCES patrols(id),
    room_id        INTEGER NOT NULL REFERENCES rooms(id),
    staff_id       INTEGER NOT NULL REFERENCES staff(id),
    entered_at     TEXT NOT NULL,
    saved_at       TEXT NOT NULL,
    hygiene        TEXT,
    note           TEXT,
    skipped_reason TEXT,
    superseded_by  INTEGER REFERENCES room_checks(id)
) STRICT;
CREATE INDEX room_checks_room ON room_checks(room_id, saved_at);
CREATE UNIQUE INDEX room_checks_current ON room_checks(patrol_id, room_id) WHERE superseded_by IS NULL;

CREATE TABLE presence (
    check_id   INTEGER NOT NULL REFERENCES room_checks(id),
    student_id INTEGER NOT NULL REFERENCES students(id),
    status     TEXT NOT NULL CHECK (status IN ('present','leave','late','out_overnight','unknown','off_campus')),
    note       TEXT,
    -- 0: found in the room without a bed there (moved in unannounced)
    in_roster  INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (check_id, student_id)
) STRICT;
CREATE INDEX presence_student ON presence(student_id);

CREATE TABLE room_hazards (
    id          INTEGER PRIMARY KEY,
    check_id    INTEGER NOT NULL REFERENCES room_checks(id),
    hazard      TEXT NOT NULL,
    note        TEXT,
    reported_to TEXT,
    reported_at TEXT
) STRICT;
CREATE INDEX room_hazards_check ON room_hazards(check_id);

CREATE TABLE follow_ups (
    id            INTEGER PRIMARY KEY,
    check_id      INTEGER NOT NULL REFERENCES room_checks(id),
    student_id    INTEGER NOT NULL REFERENCES students(id),
    status        TEXT NOT NULL CHECK (status IN ('out_overnight','unknown')),
    counsellor_id INTEGER REFERENCES staff(id),
    raised_by     INTEGER NOT NULL REFERENCES staff(id),
    raised_at     TEXT NOT NULL,
    due_at        TEXT NOT NULL,
    outcome       TEXT CHECK (outcome IN ('reached','escalated')),
    reason        TEXT,
    escalated_to  TEXT,
    escalated_at  TEXT,
    closed_by     INTEGER REFERENCES staff(id),
    closed_at     TEXT,
    UNIQUE (check_id, student_id)
) STRICT;
CREATE INDEX follow_ups_open ON follow_ups(closed_at, counsellor_id);

-- Approved leave and registered off-campus living, shown before a check.
CREATE TABLE student_absences (
    id           INTEGER PRIMARY KEY,
    student_id   INTEGER NOT NULL REFERENCES students(id),
    kind         TEXT NOT NULL CHECK (kind IN ('leave','off_campus')),
    from_date    TEXT NOT NULL,
    to_date      TEXT,
    note         TEXT,
    recorded_by  INTEGER REFERENCES staff(id),
    recorded_at  TEXT NOT NULL,
    cancelled_at TEXT
) STRICT;
CREATE INDEX student_absences_student ON student_absences(student_id);
"#;

/// Night duty (issue 4): shifts and their log. Entries are never changed: a
/// correction is a new entry that amends the old one. Unanswered
/// escalations and open entries are handed over as items the next shift
/// acknowledges.
const V3: &str = r#"
CREATE TABLE shifts (
    id              INTEGER PRIMARY KEY,
    officer_id      INTEGER NOT NULL REFERENCES staff(id),
    location        TEXT,
    leader          TEXT,
    opened_at       TEXT NOT NULL,
    closed_at       TEXT,
    handover_note   TEXT,
    next_officer_id INTEGER REFERENCES staff(id)
) STRICT;
CREATE UNIQUE INDEX shifts_one_open ON shifts(officer_id) WHERE closed_at IS NULL;
CREATE INDEX shifts_opened ON shifts(opened_at);

CREATE TABLE duty_entries (
    id          INTEGER PRIMARY KEY,
    shift_id    INTEGER NOT NULL REFERENCES shifts(id),
    type        TEXT NOT NULL CHECK (type IN ('round','call','visitor','student_request','incident','facility','other')),
    location    TEXT,
    text        TEXT NOT NULL,
    happened_at TEXT NOT NULL,
    written_at  TEXT NOT NULL,
    written_by  INTEGER NOT NULL REFERENCES staff(id),
    sensitive   INTEGER NOT NULL DEFAULT 0,
    -- 1: left open, to be handed over until someone closes it
    open        INTEGER NOT NULL DEFAULT 0,
    amends      INTEGER REFERENCES duty_entries(id)
) STRICT;
CREATE INDEX duty_entries_shift ON duty_entries(shift_id, happened_at);

CREATE TABLE duty_entry_students (
    entry_id   INTEGER NOT NULL REFERENCES duty_entries(id),
    student_id INTEGER NOT NULL REFERENCES students(id),
    PRIMARY KEY (entry_id, student_id)
) STRICT;
CREATE INDEX duty_entry_students_student ON duty_entry_students(student_id);

CREATE TABLE escalations (
    id           INTEGER PRIMARY KEY,
    entry_id     INTEGER NOT NULL REFERENCES duty_entries(id),
    leader       TEXT NOT NULL,
    channel      TEXT NOT NULL CHECK (channel IN ('phone','in_person','wechat','sms')),
    reported_at  TEXT NOT NULL,
    response     TEXT,
    responded_at TEXT,
    recorded_by  INTEGER NOT NULL REFERENCES staff(id)
) STRICT;
CREATE INDEX escalations_entry ON escalations(entry_id);

CREATE TABLE handover_items (
    id         INTEGER PRIMARY KEY,
    from_shift INTEGER NOT NULL REFERENCES shifts(id),
    entry_id   INTEGER REFERENCES duty_entries(id),
    text       TEXT NOT NULL,
    ack_shift  INTEGER REFERENCES shifts(id),
    ack_action TEXT CHECK (ack_action IN ('taken','closed')),
    ack_note   TEXT,
    ack_at     TEXT,
    ack_by     INTEGER REFERENCES staff(id)
) STRICT;
CREATE INDEX handover_items_open ON handover_items(ack_at);
"#;

/// The duty roster (值班表) and swaps: a swap changes who is on the roster
/// row and is kept as a record of who, with whom, approved by whom, when.
const V4: &str = r#"
CREATE TABLE duty_roster (
    id          INTEGER PRIMARY KEY,
    duty_date   TEXT NOT NULL,
    shift       TEXT NOT NULL,
    officer_id  INTEGER NOT NULL REFERENCES staff(id),
    leader      TEXT,
    location    TEXT,
    UNIQUE (duty_date, shift, officer_id)
) STRICT;
CREATE INDEX duty_roster_date ON duty_roster(duty_date);

CREATE TABLE duty_swaps (
    id          INTEGER PRIMARY KEY,
    roster_id   INTEGER NOT NULL REFERENCES duty_roster(id),
    from_id     INTEGER NOT NULL REFERENCES staff(id),
    to_id       INTEGER NOT NULL REFERENCES staff(id),
    approved_by TEXT NOT NULL,
    approved_at TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES staff(id),
    recorded_at TEXT NOT NULL
) STRICT;
"#;

/// Talks, family contacts, the class ledger, special-group support and
/// sweeps (issue 5), and a per-student rollup the compliance engine reads.
const V5: &str = r#"
-- 谈话记录. A correction is a new row that `amends` the original; the
-- original stays. held_on is the school-local date.
CREATE TABLE talks (
    id            INTEGER PRIMARY KEY,
    student_id    INTEGER NOT NULL REFERENCES students(id),
    author_id     INTEGER NOT NULL REFERENCES staff(id),
    held_at       TEXT NOT NULL,
    held_on       TEXT NOT NULL,
    place         TEXT,
    kind          TEXT NOT NULL,
    summary       TEXT NOT NULL,
    follow_up     TEXT,
    follow_up_due TEXT,
    next_talk     TEXT,
    sensitive     INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
    amends        INTEGER REFERENCES talks(id),
    written_at    TEXT NOT NULL,
    written_by    INTEGER NOT NULL REFERENCES staff(id),
    imported_from TEXT
) STRICT;
CREATE INDEX talks_student ON talks(student_id, held_on);
CREATE INDEX talks_author ON talks(author_id, held_on);

-- 家长联系.
CREATE TABLE parent_contacts (
    id            INTEGER PRIMARY KEY,
    student_id    INTEGER NOT NULL REFERENCES students(id),
    author_id     INTEGER NOT NULL REFERENCES staff(id),
    contacted_at  TEXT NOT NULL,
    contacted_on  TEXT NOT NULL,
    channel       TEXT NOT NULL CHECK (channel IN ('phone','wechat','meeting','home_visit','home_visit_online')),
    person        TEXT,
    reason        TEXT NOT NULL,
    content       TEXT NOT NULL,
    amends        INTEGER REFERENCES parent_contacts(id),
    written_at    TEXT NOT NULL,
    written_by    INTEGER NOT NULL REFERENCES staff(id),
    imported_from TEXT
) STRICT;
CREATE INDEX parent_contacts_student ON parent_contacts(student_id, contacted_on);
CREATE INDEX parent_contacts_author ON parent_contacts(author_id, contacted_on);

-- 班级工作台账: 班会, 班委会议, 查课, 听课 (a lecture visit may name no class).
CREATE TABLE class_ledger (
    id            INTEGER PRIMARY KEY,
    class_id      INTEGER REFERENCES classes(id),
    author_id     INTEGER NOT NULL REFERENCES staff(id),
    kind          TEXT NOT NULL CHECK (kind IN ('meeting','committee','attendance','lecture')),
    held_at       TEXT NOT NULL,
    held_on       TEXT NOT NULL,
    topic         TEXT,
    attendance    INTEGER,
    absentees     TEXT,
    note          TEXT,
    amends        INTEGER REFERENCES class_ledger(id),
    written_at    TEXT NOT NULL,
    written_by    INTEGER NOT NULL REFERENCES staff(id),
    imported_from TEXT,
    CHECK (class_id IS NOT NULL OR kind = 'lecture')
) STRICT;
CREATE INDEX class_ledger_class ON class_ledger(class_id, held_on);
CREATE INDEX class_ledger_author ON class_ledger(author_id, held_on);

-- The last talk, family contact and home visit of each student: kept in
-- step with every write (the compliance engine reads 40,000 of them at once).
CREATE TABLE student_marks (
    student_id         INTEGER PRIMARY KEY REFERENCES students(id),
    last_talk_on       TEXT,
    last_contact_on    TEXT,
    last_home_visit_on TEXT
) STRICT;

-- 1+1+1 mentors and the 一生一策 plan of a special-group student; a change
-- supersedes the standing row.
CREATE TABLE special_support (
    id              INTEGER PRIMARY KEY,
    student_id      INTEGER NOT NULL REFERENCES students(id),
    academic_mentor TEXT,
    affairs_teacher TEXT,
    peer_student    TEXT,
    plan            TEXT,
    set_at          TEXT NOT NULL,
    set_by          INTEGER NOT NULL REFERENCES staff(id),
    superseded_at   TEXT
) STRICT;
CREATE UNIQUE INDEX special_support_standing ON special_support(student_id) WHERE superseded_at IS NULL;

-- A college's sweep of the six special groups (information, or psychological).
CREATE TABLE special_sweeps (
    id          INTEGER PRIMARY KEY,
    college_id  INTEGER NOT NULL REFERENCES colleges(id),
    psych       INTEGER NOT NULL CHECK (psych IN (0, 1)),
    held_on     TEXT NOT NULL,
    note        TEXT,
    recorded_by INTEGER NOT NULL REFERENCES staff(id),
    recorded_at TEXT NOT NULL
) STRICT;
"#;

/// Crisis cases (issue 6): the case with the template it was opened under,
/// its students, and its events, appended in the order they happened.
const V6: &str = r#"
CREATE TABLE crisis_cases (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,
    template_version TEXT NOT NULL,
    template         TEXT NOT NULL,
    opened_at        TEXT NOT NULL,
    opened_by        INTEGER NOT NULL REFERENCES staff(id),
    location         TEXT,
    known            TEXT,
    entry_id         INTEGER REFERENCES duty_entries(id),
    college_id       INTEGER REFERENCES colleges(id)
) STRICT;
CREATE INDEX crisis_cases_opened ON crisis_cases(opened_at);

CREATE TABLE crisis_students (
    case_id    INTEGER NOT NULL REFERENCES crisis_cases(id),
    student_id INTEGER NOT NULL REFERENCES students(id),
    PRIMARY KEY (case_id, student_id)
) STRICT;
CREATE INDEX crisis_students_student ON crisis_students(student_id);

CREATE TABLE crisis_events (
    id      INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES crisis_cases(id),
    at      TEXT NOT NULL,
    by_id   INTEGER NOT NULL REFERENCES staff(id),
    kind    TEXT NOT NULL CHECK (kind IN ('open','done','skipped','na','note','level','screen','phase','close')),
    step    TEXT,
    text    TEXT
) STRICT;
CREATE INDEX crisis_events_case ON crisis_events(case_id, id);

-- a case's record stands: events are never changed or removed
CREATE TRIGGER crisis_events_no_update BEFORE UPDATE ON crisis_events
BEGIN SELECT RAISE(ABORT, 'crisis events are append-only'); END;
CREATE TRIGGER crisis_events_no_delete BEFORE DELETE ON crisis_events
BEGIN SELECT RAISE(ABORT, 'crisis events are append-only'); END;
"#;

/// Records against the trail (issue 12): each entry carries the hash of
/// every record its write touched (`store::trail`). A database made before
/// gets one entry, written by the upgrade itself, that records every record
/// as it then stood, so that it checks clean from here on.
const V7: &str = r#"
CREATE TABLE audit_records (
    seq    INTEGER NOT NULL REFERENCES audit_log(seq),
    kind   TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    -- 16 bytes of SHA-256, then a 2-byte fingerprint per field; NULL: removed
    hash   BLOB,
    PRIMARY KEY (seq, kind, row_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX audit_records_row ON audit_records(kind, row_id, seq);
CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
BEGIN SELECT RAISE(ABORT, 'audit_records is append-only'); END;
CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
BEGIN SELECT RAISE(ABORT, 'audit_records is append-only'); END;
"#;

/// A step's settling can be withdrawn by its author for a few minutes
/// (issue 13): a `withdrawn` event. SQLite cannot change a CHECK, so the
/// events table is rebuilt with the same columns, rows and ids (their
/// record hashes do not change) and its append-only guards put back.
const V8: &str = r#"
CREATE TABLE crisis_events_v8 (
    id      INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES crisis_cases(id),
    at      TEXT NOT NULL,
    by_id   INTEGER NOT NULL REFERENCES staff(id),
    kind    TEXT NOT NULL CHECK (kind IN ('open','done','skipped','na','note','level','screen','phase','close','withdrawn')),
    step    TEXT,
    text    TEXT
) STRICT;
INSERT INTO crisis_events_v8 (id, case_id, at, by_id, kind, step, text)
    SELECT id, case_id, at, by_id, kind, step, text FROM crisis_events;
DROP TABLE crisis_events;
ALTER TABLE crisis_events_v8 RENAME TO crisis_events;
CREATE INDEX crisis_events_case ON crisis_events(case_id, id);
CREATE TRIGGER crisis_events_no_update BEFORE UPDATE ON crisis_events
BEGIN SELECT RAISE(ABORT, 'crisis events are append-only'); END;
CREATE TRIGGER crisis_events_no_delete BEFORE DELETE ON crisis_events
BEGIN SELECT RAISE(ABORT, 'crisis events are append-only'); END;
"#;

/// Crisis cases pass from shift to shift (issue 13): a case opened by an
/// officer keeping a shift names that shift (it is the desk's while open),
/// and a handover item may stand for an open case (the case it names,
/// beside or instead of a duty-log entry). Old rows have neither (a NULL
/// field leaves their hash as it was).
const V9: &str = r#"
ALTER TABLE crisis_cases ADD COLUMN shift_id INTEGER REFERENCES shifts(id);
ALTER TABLE handover_items ADD COLUMN case_id INTEGER REFERENCES crisis_cases(id);
"#;

/// What an officer owns stays theirs until closed (issue 14): an open
/// duty-log entry is closed with a note by the officer who wrote it or took
/// it over — a row of its own (the entry itself is never changed). One
/// closure per entry (the first of its versions).
const V10: &str = r#"
CREATE TABLE duty_entry_closures (
    id        INTEGER PRIMARY KEY,
    entry_id  INTEGER NOT NULL UNIQUE REFERENCES duty_entries(id),
    note      TEXT NOT NULL,
    shift_id  INTEGER REFERENCES shifts(id),
    closed_by INTEGER NOT NULL REFERENCES staff(id),
    closed_at TEXT NOT NULL
) STRICT;
"#;

/// The aid specialist's own records (issue 15 item 4). A home visit (家访)
/// of its own — 001 五 发展型资助 二: 「家庭经济困难学生家访全覆盖，高校学生
/// 必访（可线上线下相结合），家访过程突出隐私保护、尊严维护」 — with the staff
/// who went; and growth-file entries (成长档案) — 001 六(一)2: 「记录学生的资助
/// 历史、家庭走访、学生特点、成长奖励等情况」. Both amended, never
/// overwritten (`amends`); `student_marks` keeps the last growth-file entry
/// beside the last home visit.
const V11: &str = r#"
CREATE TABLE home_visits (
    id          INTEGER PRIMARY KEY,
    student_id  INTEGER NOT NULL REFERENCES students(id),
    author_id   INTEGER NOT NULL REFERENCES staff(id),
    visited_on  TEXT NOT NULL,
    mode        TEXT NOT NULL CHECK (mode IN ('in_person','online')),
    address     TEXT,
    family      TEXT NOT NULL,
    needs       TEXT,
    next_step   TEXT,
    amends      INTEGER REFERENCES home_visits(id),
    written_at  TEXT NOT NULL,
    written_by  INTEGER NOT NULL REFERENCES staff(id)
) STRICT;
CREATE INDEX home_visits_student ON home_visits(student_id, visited_on);

-- who went (the author is one of them)
CREATE TABLE home_visit_staff (
    visit_id INTEGER NOT NULL REFERENCES home_visits(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    PRIMARY KEY (visit_id, staff_id)
) STRICT;

CREATE TABLE growth_entries (
    id          INTEGER PRIMARY KEY,
    student_id  INTEGER NOT NULL REFERENCES students(id),
    author_id   INTEGER NOT NULL REFERENCES staff(id),
    noted_on    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('support','reward','achievement','trait','change')),
    text        TEXT NOT NULL,
    amends      INTEGER REFERENCES growth_entries(id),
    written_at  TEXT NOT NULL,
    written_by  INTEGER NOT NULL REFERENCES staff(id)
) STRICT;
CREATE INDEX growth_entries_student ON growth_entries(student_id, noted_on);

ALTER TABLE student_marks ADD COLUMN last_growth_on TEXT;
"#;

/// 督办: a leader's reminder to a counsellor about one 待办 item (the
/// rule and its subject), closed when the item is met or by the
/// counsellor; the row is written once and closed once, never rewritten.
const V12: &str = r#"
CREATE TABLE reminders (
    id            INTEGER PRIMARY KEY,
    counsellor_id INTEGER NOT NULL REFERENCES staff(id),
    pressed_by    INTEGER NOT NULL REFERENCES staff(id),
    pressed_at    TEXT NOT NULL,
    rule          TEXT NOT NULL,
    subject       TEXT NOT NULL,
    student_no    TEXT,
    class         TEXT,
    building      TEXT,
    note          TEXT,
    closed_at     TEXT,
    closed_by     INTEGER REFERENCES staff(id),
    close_reason  TEXT CHECK (close_reason IN ('met', 'done'))
) STRICT;
CREATE INDEX reminders_open ON reminders(counsellor_id) WHERE closed_at IS NULL;
"#;

/// The psych weekly and monthly reports handed in: one row each time a
/// report of a period was exported to a file or marked handed in (never
/// rewritten; the latest says when it was done).
const V13: &str = r#"
CREATE TABLE report_filings (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('weekly', 'monthly')),
    period      TEXT NOT NULL,
    college_id  INTEGER REFERENCES colleges(id),
    filed_by    INTEGER NOT NULL REFERENCES staff(id),
    filed_at    TEXT NOT NULL,
    how         TEXT NOT NULL CHECK (how IN ('export', 'marked'))
) STRICT;
CREATE INDEX report_filings_period ON report_filings(kind, period, college_id);
"#;

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
    ])
}

/// The schema version this build writes.
pub(crate) const SCHEMA_VERSION: usize = 13;

#[cfg(test)]
#[path = "migrations_tests.rs"]
mod tests;
