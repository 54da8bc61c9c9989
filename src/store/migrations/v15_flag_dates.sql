-- The standing flags with the day each took effect, read from the index
-- alone (issue 16): the school-wide 待办 reads every standing flag of the
-- school on each summary, and `student_flags_standing` (student, kind)
-- sent each of them to the table for its date.
CREATE INDEX student_flags_since ON student_flags(student_id, kind, since, cleared_at)
    WHERE cleared_at IS NULL;
