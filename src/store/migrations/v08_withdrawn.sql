
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
