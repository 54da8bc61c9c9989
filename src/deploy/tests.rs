//! The server setup's checks: what it refuses, what it writes.

use super::*;

fn setup(dir: &Path) -> Setup {
    Setup {
        group: "zhiban".into(),
        data: dir.join("data"),
        config: dir.join("etc/config.toml"),
        sshd_config: dir.join("sshd.conf"),
        bin: std::env::current_exe().unwrap(),
    }
}

#[test]
fn the_sshd_block_forces_zhiban_and_forwards_nothing() {
    let d = tempfile::tempdir().unwrap();
    let b = setup(d.path()).sshd_block();
    for line in [
        "Match Group zhiban",
        "ForceCommand ",
        "ssh-session --config ",
        "DisableForwarding yes",
        "PermitTunnel no",
        "PermitUserRC no",
        "Match all",
    ] {
        assert!(b.contains(line), "{line}\n{b}");
    }
    assert!(!b.contains("AcceptEnv"), "{b}");
}

#[test]
fn running_setup_again_keeps_checkpoints_left_to_litestream() {
    let d = tempfile::tempdir().unwrap();
    let s = setup(d.path());
    assert_eq!(
        s.site().checkpoints,
        crate::config::site::Checkpoints::Sqlite
    );
    let mut site = s.site();
    site.checkpoints = crate::config::site::Checkpoints::Litestream;
    std::fs::create_dir_all(d.path().join("etc")).unwrap();
    std::fs::write(&s.config, site.to_toml()).unwrap();
    assert_eq!(s.site(), site);
    assert!(s.plan_text().contains("checkpoints = \"litestream\""));
}

#[test]
fn a_wrong_group_or_a_missing_directory_changes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let mut s = setup(d.path());
    s.group = "Bad Group".into();
    assert!(s.check().is_err());
    s.group = "sudo".into();
    assert!(s.check().unwrap_err().to_string().contains("sudo"));
    s.group = "zhiban".into();
    s.data = d.path().join("no/such/data");
    let e = s.check().unwrap_err().to_string();
    assert!(e.contains("no/such"), "{e}");
    assert!(!d.path().join("no").exists());
    s.data = "relative/data".into();
    assert!(s.check().is_err());
}

#[test]
fn what_sshd_runs_and_reads_must_be_roots_alone() {
    if !nix::unistd::geteuid().is_root() {
        eprintln!("*** skipped: changing owners needs root ***");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let mut s = setup(d.path());
    let open = d.path().join("open dir");
    std::fs::create_dir(&open).unwrap();
    let bin = open.join("zhiban");
    std::fs::copy(std::env::current_exe().unwrap(), &bin).unwrap();
    s.bin = bin.clone();
    assert!(s.check().is_ok(), "root's own folder is fine");
    // a path with a space stays one word for the shell sshd runs
    assert!(
        s.sshd_block()
            .contains(&format!("ForceCommand '{}'", bin.display()))
    );
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
    let e = s.check().unwrap_err().to_string();
    assert!(
        e.contains("open dir"),
        "a world-writable folder above the binary: {e}"
    );
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o755)).unwrap();
    nix::unistd::chown(&bin, Some(Uid::from_raw(65534)), None).unwrap();
    assert!(s.check().is_err(), "a binary someone else owns");
    nix::unistd::chown(&bin, Some(Uid::from_raw(0)), None).unwrap();
    s.config = open.join("etc/config.toml");
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
    assert!(s.check().is_err(), "a configuration others could replace");
}

#[test]
fn an_sshd_file_of_the_administrators_own_is_never_overwritten() {
    let d = tempfile::tempdir().unwrap();
    let s = setup(d.path());
    std::fs::write(
        &s.sshd_config,
        "Match User backup\n    ForceCommand rsync\n",
    )
    .unwrap();
    let m = s
        .sshd_problem()
        .expect("another's file would be overwritten");
    assert_eq!(m.key, "err.setup.sshd_theirs");
    // one of ours (an older version) is replaced
    std::fs::write(&s.sshd_config, format!("{HEADER}\nMatch Group old\n")).unwrap();
    assert!(s.sshd_problem().is_none());
}

#[test]
fn a_database_of_another_group_is_named_and_left_alone() {
    if !nix::unistd::geteuid().is_root() {
        eprintln!("*** skipped: changing a file's group needs root ***");
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let s = setup(d.path());
    std::fs::create_dir(&s.data).unwrap();
    std::fs::write(s.database(), "").unwrap();
    // `daemon` (gid 1): neither root's, the owner's, nor the staff group
    nix::unistd::chown(&s.database(), None, Some(Gid::from_raw(1))).unwrap();
    let e = s.check().unwrap_err().to_string();
    assert!(e.contains("chgrp zhiban"), "{e}");
    assert_eq!(std::fs::metadata(s.database()).unwrap().gid(), 1);
}
