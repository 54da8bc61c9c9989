//! Batch work on files: roster and ledger imports, exports, reports.

pub mod crisis_report;
pub mod export;
pub mod import;

/// Writes an export or report to `path` so that only its owner can read
/// it (`0600`), whatever the umask and even over an existing file: it may
/// hold names, talks and numbers.
pub fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    f.write_all(bytes)?;
    f.sync_all()
}
