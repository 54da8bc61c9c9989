
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
