
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
