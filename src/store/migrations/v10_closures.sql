
CREATE TABLE duty_entry_closures (
    id        INTEGER PRIMARY KEY,
    entry_id  INTEGER NOT NULL UNIQUE REFERENCES duty_entries(id),
    note      TEXT NOT NULL,
    shift_id  INTEGER REFERENCES shifts(id),
    closed_by INTEGER NOT NULL REFERENCES staff(id),
    closed_at TEXT NOT NULL
) STRICT;
