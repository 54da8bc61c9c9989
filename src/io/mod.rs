//! Batch work on files: roster and ledger imports, exports, reports.

pub mod aid_report;
pub mod book;
pub mod contacts_text;
pub mod crisis_report;
pub mod export;
pub mod import;
pub mod reports;

/// Writes an export or report to `path` so that only its owner can read
/// it (`0600`), whatever the umask and even over an existing file: it may
/// hold names, talks and numbers. Only a regular file is written: a
/// symbolic link is not followed and a device or pipe is left as it is
/// (with an error naming what it is), so `-o /dev/null` or a planted link
/// never changes another file.
pub fn write_private(path: &std::path::Path, bytes: &[u8]) -> crate::error::Result<()> {
    use crate::error::Error;
    use std::io::Write;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let failed = |e: std::io::Error| {
        Error::Usage(crate::msg!(
            "err.cli.write",
            path = path.display(),
            detail = e
        ))
    };
    let special = || Error::Usage(crate::msg!("err.cli.write_special", path = path.display()));
    // asked before opening (opening a pipe nobody reads fails, and a
    // device may act on being opened), and again of what was opened
    if let Ok(m) = std::fs::symlink_metadata(path)
        && !m.is_file()
        && !m.file_type().is_symlink()
    {
        return Err(special());
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .mode(0o600)
        .custom_flags(nix::libc::O_NOFOLLOW | nix::libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| {
            if e.raw_os_error() == Some(nix::libc::ELOOP) {
                Error::Usage(crate::msg!("err.cli.write_link", path = path.display()))
            } else {
                failed(e)
            }
        })?;
    if !f.metadata().map_err(failed)?.is_file() {
        return Err(special());
    }
    f.set_len(0).map_err(failed)?;
    f.set_permissions(std::fs::Permissions::from_mode(0o600))
        .map_err(failed)?;
    f.write_all(bytes).map_err(failed)?;
    f.sync_all().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::write_private;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn an_export_never_follows_a_link_or_changes_a_device_or_pipe() {
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("theirs.txt");
        std::fs::write(&target, "keep").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
        let link = d.path().join("out.csv");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = write_private(&link, b"x").unwrap_err().to_string();
        assert!(e.contains("symbolic link"), "{e}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&target), 0o644);
        let fifo = d.path().join("pipe");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o666)).unwrap();
        std::fs::set_permissions(&fifo, std::fs::Permissions::from_mode(0o666)).unwrap();
        let e = write_private(&fifo, b"x").unwrap_err().to_string();
        assert!(e.contains("not a regular file"), "{e}");
        assert_eq!(mode(&fifo), 0o666, "left as it was");
        // an ordinary file, even one readable by others, becomes its owner's
        let f = d.path().join("a.csv");
        std::fs::write(&f, "old, longer text").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_private(&f, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "new");
        assert_eq!(mode(&f), 0o600);
    }
}
