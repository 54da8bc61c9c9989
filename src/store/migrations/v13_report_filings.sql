
CREATE TABLE report_filings (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('weekly', 'monthly')),
    period      TEXT NOT NULL,
    college_id  INTEGER REFERENCES colleges(id),
    filed_by    INTEGER NOT NULL REFERENCES staff(id),
    filed_at    TEXT NOT NULL,
    how         TEXT NOT NULL CHECK (how IN ('export', 'marked'))
) STRICT;
CREATE INDEX report_filings_period ON report_filings(kind, period, college_id);
