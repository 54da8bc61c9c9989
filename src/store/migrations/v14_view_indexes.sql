-- Indexes for the views at university scale (issue 16): each reads only
-- the rows it shows, never every record of five years.

-- a room's latest standing check (the 14-day rule): one index search per
-- room, not a pass over every check ever saved
CREATE INDEX room_checks_last ON room_checks(room_id, saved_at)
    WHERE superseded_by IS NULL AND skipped_reason IS NULL;

-- talks by the day they were held, and a student's by day, each with
-- whether it is a correction: the talks chart (of everyone, of a college)
-- is counted from the index alone; the periodic reports read a run of days
CREATE INDEX talks_held ON talks(held_on, amends);
DROP INDEX talks_student;
CREATE INDEX talks_student ON talks(student_id, held_on, amends);

-- is a case closed? one search per case (the open cases on every board)
CREATE INDEX crisis_events_close ON crisis_events(case_id) WHERE kind = 'close';

-- absences raised since a day (the leader's board)
CREATE INDEX follow_ups_raised ON follow_ups(raised_at);
