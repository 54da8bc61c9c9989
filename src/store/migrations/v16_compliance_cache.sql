-- Each counsellor's 待办 numbers of the day (issue 16), so that a leader's
-- list of every counsellor re-serves them instead of re-evaluating the
-- school: derived data (not a record, no audit row), keyed by counsellor
-- and local day, with the fingerprint of the rules and calendar that
-- produced it (a row made under other rules is a miss).
-- WITHOUT ROWID: the trail's update hook never sees it.
CREATE TABLE compliance_cache (
    counsellor_id INTEGER NOT NULL,
    day           TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    results       TEXT NOT NULL,
    PRIMARY KEY (counsellor_id, day)
) STRICT, WITHOUT ROWID;

-- Invalidation: every write to a table the compliance facts read drops the
-- cached rows of the counsellor(s) it concerns, inside the writer's own
-- transaction (a write and its invalidation commit together, whichever
-- path, import included). The facts read: students (class), classes
-- (counsellor), student_marks (last talk / contact / home visit / growth
-- entry), student_flags, special_support, class_ledger, bed_assignments,
-- beds, rooms, buildings, room_checks. Structural dorm changes (beds,
-- rooms, buildings) are rare and drop everything.

-- a student's counsellor: her class's
CREATE TRIGGER cc_students_ins AFTER INSERT ON students BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id =
        (SELECT counsellor_id FROM classes WHERE id = NEW.class_id);
END;
CREATE TRIGGER cc_students_upd AFTER UPDATE ON students BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN
        ((SELECT counsellor_id FROM classes WHERE id = OLD.class_id),
         (SELECT counsellor_id FROM classes WHERE id = NEW.class_id));
END;
CREATE TRIGGER cc_students_del AFTER DELETE ON students BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id =
        (SELECT counsellor_id FROM classes WHERE id = OLD.class_id);
END;

CREATE TRIGGER cc_classes_ins AFTER INSERT ON classes BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id = NEW.counsellor_id;
END;
CREATE TRIGGER cc_classes_upd AFTER UPDATE ON classes BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN (OLD.counsellor_id, NEW.counsellor_id);
END;
CREATE TRIGGER cc_classes_del AFTER DELETE ON classes BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id = OLD.counsellor_id;
END;

-- rows of one student: student_marks, student_flags, special_support,
-- bed_assignments
CREATE TRIGGER cc_marks_ins AFTER INSERT ON student_marks BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id = (SELECT c.counsellor_id
        FROM students s JOIN classes c ON c.id = s.class_id WHERE s.id = NEW.student_id);
END;
CREATE TRIGGER cc_marks_upd AFTER UPDATE ON student_marks BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN (SELECT c.counsellor_id
        FROM students s JOIN classes c ON c.id = s.class_id
        WHERE s.id IN (OLD.student_id, NEW.student_id));
END;
CREATE TRIGGER cc_marks_del AFTER DELETE ON student_marks BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id = (SELECT c.counsellor_id
        FROM students s JOIN classes c ON c.id = s.class_id WHERE s.id = OLD.student_id);
END;

CREATE TRIGGER cc_flags_ins AFTER INSERT ON student_flags BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id = (SELECT c.counsellor_id
        FROM students s JOIN classes c ON c.id = s.class_id WHERE s.id = NEW.student_id);
END;
CREATE TRIGGER cc_flags_upd AFTER UPDATE ON student_flags BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN (SELECT c.counsellor_id
        FROM students s JOIN classes c ON c.id = s.class_id
        WHERE s.id IN (OLD.student_id, NEW.student_id));
END;
CREATE TRIGGER cc_flags_del AFTER DELETE ON student_flags BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id = (SELECT c.counsellor_id
        FROM students s JOIN classes c ON c.id = s.class_id WHERE s.id = OLD.student_id);
END;

CREATE TRIGGER cc_support_ins AFTER INSERT ON special_support BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id = (SELECT c.counsellor_id
        FROM students s JOIN classes c ON c.id = s.class_id WHERE s.id = NEW.student_id);
END;
CREATE TRIGGER cc_support_upd AFTER UPDATE ON special_support BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN (SELECT c.counsellor_id
        FROM students s JOIN classes c ON c.id = s.class_id
        WHERE s.id IN (OLD.student_id, NEW.student_id));
END;
CREATE TRIGGER cc_support_del AFTER DELETE ON special_support BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id = (SELECT c.counsellor_id
        FROM students s JOIN classes c ON c.id = s.class_id WHERE s.id = OLD.student_id);
END;

CREATE TRIGGER cc_beds_assigned_ins AFTER INSERT ON bed_assignments BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id = (SELECT c.counsellor_id
        FROM students s JOIN classes c ON c.id = s.class_id WHERE s.id = NEW.student_id);
END;
CREATE TRIGGER cc_beds_assigned_upd AFTER UPDATE ON bed_assignments BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN (SELECT c.counsellor_id
        FROM students s JOIN classes c ON c.id = s.class_id
        WHERE s.id IN (OLD.student_id, NEW.student_id));
END;
CREATE TRIGGER cc_beds_assigned_del AFTER DELETE ON bed_assignments BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id = (SELECT c.counsellor_id
        FROM students s JOIN classes c ON c.id = s.class_id WHERE s.id = OLD.student_id);
END;

-- the class ledger: the class's counsellor, and the author (a lecture
-- visit counts for whoever sat in)
CREATE TRIGGER cc_ledger_ins AFTER INSERT ON class_ledger BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN
        (NEW.author_id, (SELECT counsellor_id FROM classes WHERE id = NEW.class_id));
END;
CREATE TRIGGER cc_ledger_upd AFTER UPDATE ON class_ledger BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN
        (OLD.author_id, NEW.author_id,
         (SELECT counsellor_id FROM classes WHERE id = OLD.class_id),
         (SELECT counsellor_id FROM classes WHERE id = NEW.class_id));
END;
CREATE TRIGGER cc_ledger_del AFTER DELETE ON class_ledger BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN
        (OLD.author_id, (SELECT counsellor_id FROM classes WHERE id = OLD.class_id));
END;

-- a room's checks: the counsellors of the students housed in it
CREATE TRIGGER cc_checks_ins AFTER INSERT ON room_checks BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN (SELECT c.counsellor_id
        FROM beds be JOIN bed_assignments a ON a.bed_id = be.id
        JOIN students s ON s.id = a.student_id JOIN classes c ON c.id = s.class_id
        WHERE be.room_id = NEW.room_id);
END;
CREATE TRIGGER cc_checks_upd AFTER UPDATE ON room_checks BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN (SELECT c.counsellor_id
        FROM beds be JOIN bed_assignments a ON a.bed_id = be.id
        JOIN students s ON s.id = a.student_id JOIN classes c ON c.id = s.class_id
        WHERE be.room_id IN (OLD.room_id, NEW.room_id));
END;
CREATE TRIGGER cc_checks_del AFTER DELETE ON room_checks BEGIN
    DELETE FROM compliance_cache WHERE counsellor_id IN (SELECT c.counsellor_id
        FROM beds be JOIN bed_assignments a ON a.bed_id = be.id
        JOIN students s ON s.id = a.student_id JOIN classes c ON c.id = s.class_id
        WHERE be.room_id = OLD.room_id);
END;

-- the dorms' structure (labels, which bed is in which room): everything
CREATE TRIGGER cc_beds_ins AFTER INSERT ON beds BEGIN DELETE FROM compliance_cache; END;
CREATE TRIGGER cc_beds_upd AFTER UPDATE ON beds BEGIN DELETE FROM compliance_cache; END;
CREATE TRIGGER cc_beds_del AFTER DELETE ON beds BEGIN DELETE FROM compliance_cache; END;
CREATE TRIGGER cc_rooms_ins AFTER INSERT ON rooms BEGIN DELETE FROM compliance_cache; END;
CREATE TRIGGER cc_rooms_upd AFTER UPDATE ON rooms BEGIN DELETE FROM compliance_cache; END;
CREATE TRIGGER cc_rooms_del AFTER DELETE ON rooms BEGIN DELETE FROM compliance_cache; END;
CREATE TRIGGER cc_buildings_ins AFTER INSERT ON buildings BEGIN DELETE FROM compliance_cache; END;
CREATE TRIGGER cc_buildings_upd AFTER UPDATE ON buildings BEGIN DELETE FROM compliance_cache; END;
CREATE TRIGGER cc_buildings_del AFTER DELETE ON buildings BEGIN DELETE FROM compliance_cache; END;

-- Talks per day and college (issue 16): the leaders' chart of talks per
-- week of the semester counted ~130,000 talks at scale 1 on every view.
-- Derived data kept by triggers in the writer's transaction: a talk that
-- is not an amendment counts on its day for its student's (current)
-- college; a student changing college takes her talks' counts along.
CREATE TABLE talk_days (
    held_on    TEXT NOT NULL,
    college_id INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (held_on, college_id)
) STRICT, WITHOUT ROWID;
INSERT INTO talk_days(held_on, college_id, n)
    SELECT t.held_on, s.college_id, count(*) FROM talks t JOIN students s ON s.id = t.student_id
    WHERE t.amends IS NULL GROUP BY t.held_on, s.college_id;

CREATE TRIGGER td_talks_ins AFTER INSERT ON talks WHEN NEW.amends IS NULL BEGIN
    INSERT INTO talk_days(held_on, college_id, n)
        SELECT NEW.held_on, college_id, 1 FROM students WHERE id = NEW.student_id
        ON CONFLICT(held_on, college_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER td_talks_upd AFTER UPDATE ON talks BEGIN
    UPDATE talk_days SET n = n - 1
        WHERE OLD.amends IS NULL AND held_on = OLD.held_on
          AND college_id = (SELECT college_id FROM students WHERE id = OLD.student_id);
    INSERT INTO talk_days(held_on, college_id, n)
        SELECT NEW.held_on, college_id, 1 FROM students
        WHERE id = NEW.student_id AND NEW.amends IS NULL
        ON CONFLICT(held_on, college_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER td_talks_del AFTER DELETE ON talks WHEN OLD.amends IS NULL BEGIN
    UPDATE talk_days SET n = n - 1
        WHERE held_on = OLD.held_on
          AND college_id = (SELECT college_id FROM students WHERE id = OLD.student_id);
END;
CREATE TRIGGER td_students_college AFTER UPDATE OF college_id ON students
    WHEN OLD.college_id IS NOT NEW.college_id BEGIN
    UPDATE talk_days SET n = n - (SELECT count(*) FROM talks t
            WHERE t.student_id = NEW.id AND t.amends IS NULL AND t.held_on = talk_days.held_on)
        WHERE college_id = OLD.college_id
          AND held_on IN (SELECT held_on FROM talks WHERE student_id = NEW.id AND amends IS NULL);
    INSERT INTO talk_days(held_on, college_id, n)
        SELECT held_on, NEW.college_id, count(*) FROM talks
        WHERE student_id = NEW.id AND amends IS NULL GROUP BY held_on
        ON CONFLICT(held_on, college_id) DO UPDATE SET n = n + excluded.n;
END;
