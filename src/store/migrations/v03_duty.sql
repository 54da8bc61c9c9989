
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
