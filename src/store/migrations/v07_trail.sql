
CREATE TABLE audit_records (
    seq    INTEGER NOT NULL REFERENCES audit_log(seq),
    kind   TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    -- 16 bytes of SHA-256, then a 2-byte fingerprint per field; NULL: removed
    hash   BLOB,
    PRIMARY KEY (seq, kind, row_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX audit_records_row ON audit_records(kind, row_id, seq);
CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
BEGIN SELECT RAISE(ABORT, 'audit_records is append-only'); END;
CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
BEGIN SELECT RAISE(ABORT, 'audit_records is append-only'); END;
