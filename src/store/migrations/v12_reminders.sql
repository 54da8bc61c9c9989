
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
