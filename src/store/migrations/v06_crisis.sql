
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
