
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
