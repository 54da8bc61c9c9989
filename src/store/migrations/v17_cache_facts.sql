-- Each counsellor's compliance facts kept beside her 待办 numbers (issue
-- 16): the facts change only with writes (the V16 triggers drop the row
-- with them), not with the day, so the first view of a new day evaluates
-- the rules again on the facts kept the day before instead of reading the
-- whole school. Derived data, rebuilt when missing: the rows made before
-- have none and go.
DELETE FROM compliance_cache;
ALTER TABLE compliance_cache ADD COLUMN facts BLOB;

-- A room check's update drops the room's counsellors' rows only when it
-- changes what the 14-day rule reads (the room, when saved, skipped, and
-- whether it stands): a re-visit's old version moving its pointer from
-- itself to its successor no longer fires it (a patrol's re-save fired it
-- twice, the insert once more).
DROP TRIGGER cc_checks_upd;
CREATE TRIGGER cc_checks_upd AFTER UPDATE ON room_checks
    WHEN OLD.room_id IS NOT NEW.room_id OR OLD.saved_at IS NOT NEW.saved_at
      OR OLD.skipped_reason IS NOT NEW.skipped_reason
      OR (OLD.superseded_by IS NULL) IS NOT (NEW.superseded_by IS NULL) BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN (SELECT c.counsellor_id
        FROM beds be JOIN bed_assignments a ON a.bed_id = be.id
        JOIN students s ON s.id = a.student_id JOIN classes c ON c.id = s.class_id
        WHERE be.room_id IN (OLD.room_id, NEW.room_id));
END;

-- The dorms' structure drops only the rows of the counsellors housed where
-- it changed (it dropped every row: the next leader's view read the whole
-- school). What the facts read of it: which room each occupied bed is in,
-- and the label (building name, room number) of the rooms students live
-- in. A new bed, room or building houses nobody yet (the assignment that
-- fills it has its own trigger); an occupied one cannot be deleted while
-- foreign keys are on (these also cover a file written without them).
DROP TRIGGER cc_beds_ins;
DROP TRIGGER cc_beds_upd;
DROP TRIGGER cc_beds_del;
DROP TRIGGER cc_rooms_ins;
DROP TRIGGER cc_rooms_upd;
DROP TRIGGER cc_rooms_del;
DROP TRIGGER cc_buildings_ins;
DROP TRIGGER cc_buildings_upd;
DROP TRIGGER cc_buildings_del;

CREATE TRIGGER cc_beds_upd AFTER UPDATE ON beds
    WHEN OLD.id IS NOT NEW.id OR OLD.room_id IS NOT NEW.room_id BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN (SELECT c.counsellor_id
        FROM bed_assignments a JOIN students s ON s.id = a.student_id
        JOIN classes c ON c.id = s.class_id WHERE a.bed_id IN (OLD.id, NEW.id));
END;
CREATE TRIGGER cc_beds_del AFTER DELETE ON beds BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN (SELECT c.counsellor_id
        FROM bed_assignments a JOIN students s ON s.id = a.student_id
        JOIN classes c ON c.id = s.class_id WHERE a.bed_id = OLD.id);
END;

CREATE TRIGGER cc_rooms_upd AFTER UPDATE ON rooms
    WHEN OLD.id IS NOT NEW.id OR OLD.number IS NOT NEW.number
      OR OLD.building_id IS NOT NEW.building_id BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN (SELECT c.counsellor_id
        FROM beds be JOIN bed_assignments a ON a.bed_id = be.id
        JOIN students s ON s.id = a.student_id JOIN classes c ON c.id = s.class_id
        WHERE be.room_id IN (OLD.id, NEW.id));
END;
CREATE TRIGGER cc_rooms_del AFTER DELETE ON rooms BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN (SELECT c.counsellor_id
        FROM beds be JOIN bed_assignments a ON a.bed_id = be.id
        JOIN students s ON s.id = a.student_id JOIN classes c ON c.id = s.class_id
        WHERE be.room_id = OLD.id);
END;

CREATE TRIGGER cc_buildings_upd AFTER UPDATE ON buildings
    WHEN OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN (SELECT c.counsellor_id
        FROM rooms r JOIN beds be ON be.room_id = r.id
        JOIN bed_assignments a ON a.bed_id = be.id
        JOIN students s ON s.id = a.student_id JOIN classes c ON c.id = s.class_id
        WHERE r.building_id IN (OLD.id, NEW.id));
END;
CREATE TRIGGER cc_buildings_del AFTER DELETE ON buildings BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN (SELECT c.counsellor_id
        FROM rooms r JOIN beds be ON be.room_id = r.id
        JOIN bed_assignments a ON a.bed_id = be.id
        JOIN students s ON s.id = a.student_id JOIN classes c ON c.id = s.class_id
        WHERE r.building_id = OLD.id);
END;
