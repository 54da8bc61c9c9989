-- Each room's latest standing check (not superseded, not skipped), kept
-- in step with the checks by the triggers below: the school-wide 待办
-- reads 10,000 rooms' from this one table, where a search of the checks
-- per room took a fifth of its time (issue 16). Derived data, like
-- student_marks: not a record (no hash in the trail); the checks are.
CREATE TABLE room_marks (
    room_id         INTEGER PRIMARY KEY REFERENCES rooms(id),
    last_checked_at TEXT NOT NULL
) STRICT;

INSERT INTO room_marks(room_id, last_checked_at)
SELECT room_id, max(saved_at) FROM room_checks
WHERE superseded_by IS NULL AND skipped_reason IS NULL
GROUP BY room_id;

-- a standing check only ever raises its room's latest
CREATE TRIGGER rm_checks_ins AFTER INSERT ON room_checks
    WHEN NEW.superseded_by IS NULL AND NEW.skipped_reason IS NULL BEGIN
    INSERT INTO room_marks(room_id, last_checked_at) VALUES (NEW.room_id, NEW.saved_at)
        ON CONFLICT(room_id) DO UPDATE SET last_checked_at = excluded.last_checked_at
        WHERE excluded.last_checked_at > last_checked_at;
END;

-- a check retired (a re-visit), skipped, moved or re-timed, or gone: its
-- rooms' latest read again from the checks (one index search each)
CREATE TRIGGER rm_checks_upd AFTER UPDATE ON room_checks
    WHEN OLD.room_id IS NOT NEW.room_id OR OLD.saved_at IS NOT NEW.saved_at
      OR OLD.skipped_reason IS NOT NEW.skipped_reason
      OR (OLD.superseded_by IS NULL) IS NOT (NEW.superseded_by IS NULL) BEGIN
    DELETE FROM room_marks WHERE room_id IN (OLD.room_id, NEW.room_id);
    INSERT INTO room_marks(room_id, last_checked_at)
        SELECT room_id, saved_at FROM room_checks
        WHERE room_id = OLD.room_id AND superseded_by IS NULL AND skipped_reason IS NULL
        ORDER BY saved_at DESC LIMIT 1;
    INSERT INTO room_marks(room_id, last_checked_at)
        SELECT room_id, saved_at FROM room_checks
        WHERE room_id = NEW.room_id AND NEW.room_id IS NOT OLD.room_id
          AND superseded_by IS NULL AND skipped_reason IS NULL
        ORDER BY saved_at DESC LIMIT 1;
END;

CREATE TRIGGER rm_checks_del AFTER DELETE ON room_checks BEGIN
    DELETE FROM room_marks WHERE room_id = OLD.room_id;
    INSERT INTO room_marks(room_id, last_checked_at)
        SELECT room_id, saved_at FROM room_checks
        WHERE room_id = OLD.room_id AND superseded_by IS NULL AND skipped_reason IS NULL
        ORDER BY saved_at DESC LIMIT 1;
END;
