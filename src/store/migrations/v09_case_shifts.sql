
ALTER TABLE crisis_cases ADD COLUMN shift_id INTEGER REFERENCES shifts(id);
ALTER TABLE handover_items ADD COLUMN case_id INTEGER REFERENCES crisis_cases(id);
