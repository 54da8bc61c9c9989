
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
