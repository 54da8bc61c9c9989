-- Each counsellor's compliance facts kept beside her 待办 numbers (issue
-- 16): the facts change only with writes (the V16 triggers drop the row
-- with them), not with the day, so the first view of a new day evaluates
-- the rules again on the facts kept the day before instead of reading the
-- whole school. Derived data, rebuilt when missing: the rows made before
-- have none and go.
DELETE FROM compliance_cache;
ALTER TABLE compliance_cache ADD COLUMN facts BLOB;
