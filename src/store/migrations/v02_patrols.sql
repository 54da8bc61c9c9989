
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
