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
/// hold names, talks and numbers. The file appears whole or not at all: the
/// bytes go to a new file beside it (`.NAME.PID.tmp`, created `0600`),
/// which is synced and then renamed over `path`, so a reader (or a crash,
/// or a full disk) never sees half a report, and an earlier file at `path`
/// stays as it was until the new one is complete. Only a regular file is
/// written: a symbolic link at `path` is refused (and the file it names is
/// left as it is) and a device or pipe is left as it is (with an error
/// naming what it is), so `-o /dev/null` or a planted link never changes
/// another file.
pub fn write_private(path: &std::path::Path, bytes: &[u8]) -> crate::error::Result<()> {
    use crate::error::Error;
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let failed = |e: std::io::Error| {
        Error::Usage(crate::msg!(
            "err.cli.write",
            path = path.display(),
            detail = e
        ))
    };
    if let Ok(m) = std::fs::symlink_metadata(path) {
        if m.file_type().is_symlink() {
            return Err(Error::Usage(crate::msg!(
                "err.cli.write_link",
                path = path.display()
            )));
        }
        if !m.is_file() {
            return Err(Error::Usage(crate::msg!(
                "err.cli.write_special",
                path = path.display()
            )));
        }
    }
    let name = path
        .file_name()
        .ok_or_else(|| failed(std::io::Error::from(std::io::ErrorKind::InvalidInput)))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    // a leftover of this process's own earlier attempt only
    let _ = std::fs::remove_file(&tmp);
    let written = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(nix::libc::O_NOFOLLOW)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        // the rename itself survives a crash once the folder is synced
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    written.map_err(|e: std::io::Error| {
        let _ = std::fs::remove_file(&tmp);
        failed(e)
    })
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
        let left: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "no temporary file left: {left:?}");
    }

    #[test]
    fn a_failed_write_leaves_the_earlier_file_whole() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("report.md");
        std::fs::write(&f, "the earlier report").unwrap();
        // the new file cannot be made beside it (a folder stands in its
        // place): the write fails before anything reaches report.md
        let blocker = d
            .path()
            .join(format!(".report.md.{}.tmp", std::process::id()));
        std::fs::create_dir(&blocker).unwrap();
        std::fs::write(blocker.join("x"), "").unwrap();
        assert!(write_private(&f, b"half").is_err());
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "the earlier report");
    }
}
