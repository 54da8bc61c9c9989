-- The facts kept in the 待办 cache say which code read them (issue 16):
-- new rules, or a build that changes how they are evaluated but not how
-- they are read, evaluate the facts kept again instead of reading the
-- whole school. Derived data: the rows made before do not say, and go.
DELETE FROM compliance_cache;
ALTER TABLE compliance_cache ADD COLUMN facts_fingerprint TEXT;
