-- Indexes for the views at university scale (issue 16): each reads only
-- the rows it shows, never every record of five years.

-- a room's latest standing check (the 14-day rule): one index search per
-- room, not a pass over every check ever saved
CREATE INDEX room_checks_last ON room_checks(room_id, saved_at)
    WHERE superseded_by IS NULL AND skipped_reason IS NULL;

-- talks (first versions) by the day they were held: the talks chart of a
-- school-wide reader and the periodic reports read a run of days
CREATE INDEX talks_held ON talks(held_on) WHERE amends IS NULL;

-- absences raised since a day (the leader's board)
CREATE INDEX follow_ups_raised ON follow_ups(raised_at);
