//! The college server, for real: a throwaway OpenSSH server on 127.0.0.1
//! with its own host key and the configuration `zhiban admin ssh-setup
//! --apply` writes, a test user in the staff group registered as a duty
//! officer, and an `ssh -tt` client in a pseudo-terminal.
//!
//! Needs root (to add the group and user) and sshd. Where either is
//! missing the test says so loudly and passes: `.ci/run` installs
//! openssh-server and runs as root, so CI always runs it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::pty::Pty;
use common::*;
use portable_pty::CommandBuilder;

const GROUP: &str = "zhibantest";
const USER: &str = "zhibantest1";
const NAME: &str = "测试值班员";

fn sh(cmd: &mut Command) -> Output {
    let o = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        o.status.success(),
        "{cmd:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn sshd() -> Option<PathBuf> {
    ["/usr/sbin/sshd", "/usr/local/sbin/sshd"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn db_value(db: &Path, sql: &str) -> Option<String> {
    rusqlite::Connection::open(db)
        .ok()?
        .query_row(sql, [], |r| r.get::<_, rusqlite::types::Value>(0))
        .ok()
        .map(|v| match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
}

/// The server: sshd's own config including the block ssh-setup wrote.
struct Server {
    dir: tempfile::TempDir,
    port: u16,
    sshd: std::process::Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.sshd.kill();
        let _ = self.sshd.wait();
        // the head log may be append-only: undo it so the folder can go
        let _ = Command::new("chattr")
            .arg("-a")
            .arg(self.dir.path().join("data.heads"))
            .output();
    }
}

impl Server {
    fn db(&self) -> PathBuf {
        self.dir.path().join("data/zhiban.db")
    }

    /// `ssh` to the test user, with the words given.
    fn ssh(&self, tty: bool, remote: &[&str]) -> Command {
        let mut c = Command::new("ssh");
        c.args(self.ssh_args(tty)).args(remote);
        c
    }

    fn ssh_args(&self, tty: bool) -> Vec<String> {
        let d = self.dir.path();
        let mut a = vec![
            if tty { "-tt" } else { "-T" }.to_string(),
            "-i".into(),
            d.join("client").display().to_string(),
            "-p".into(),
            self.port.to_string(),
        ];
        for o in [
            "StrictHostKeyChecking=no",
            "UserKnownHostsFile=/dev/null",
            "IdentitiesOnly=yes",
            "BatchMode=yes",
            "LogLevel=ERROR",
            "SendEnv=ZHIBAN_*",
        ] {
            a.push("-o".into());
            a.push(o.into());
        }
        a.push(format!("{USER}@127.0.0.1"));
        a
    }
}

/// Group, user, binary, setup, database, keys and sshd.
fn server() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    sh(Command::new("chmod").arg("0755").arg(d));
    // the binary where the test user can run it
    std::fs::create_dir(d.join("bin")).unwrap();
    let bin_path = d.join("bin/zhiban");
    std::fs::copy(bin(), &bin_path).unwrap();
    if nix::unistd::Group::from_name(GROUP).unwrap().is_none() {
        sh(Command::new("groupadd").args(["--system", GROUP]));
    }
    if nix::unistd::User::from_name(USER).unwrap().is_none() {
        sh(Command::new("useradd").args(["-m", "-s", "/bin/sh", "-G", GROUP, USER]));
    }
    // a new account is locked ('!'): sshd refuses even a key for it
    sh(Command::new("usermod").args(["-p", "*", USER]));
    // setup, twice: the second run changes nothing
    let setup = |_: ()| {
        let mut c = Command::new(&bin_path);
        c.args([
            "--lang",
            "en",
            "admin",
            "ssh-setup",
            "--apply",
            "--group",
            GROUP,
        ])
        .arg("--data")
        .arg(d.join("data"))
        .arg("--config")
        .arg(d.join("etc/config.toml"))
        .arg("--sshd-config")
        .arg(d.join("sshd_zhiban.conf"))
        .arg("--bin")
        .arg(&bin_path);
        text(&sh(&mut c))
    };
    let first = setup(());
    assert!(
        first.contains("data directory") && first.contains("done"),
        "{first}"
    );
    let second = setup(());
    // (the database is made after: its step says so)
    assert_eq!(second.matches("already in place").count(), 5, "{second}");
    assert!(second.contains("none yet"), "{second}");
    let db = d.join("data/zhiban.db");
    let z = |args: &[&str]| {
        let mut c = Command::new(&bin_path);
        c.arg("--db").arg(&db).args(["--lang", "en"]).args(args);
        sh(&mut c)
    };
    z(&["init", "--admin", "root", "--name", "管理员"]);
    std::fs::write(
        d.join("staff.csv"),
        // a shift needs a leader on call: one is registered
        format!("登录名,姓名,角色\n{USER},{NAME},值班员\nleader1,王领导,领导\n"),
    )
    .unwrap();
    z(&["import", "staff", d.join("staff.csv").to_str().unwrap()]);
    // init made the database as setup would: a third run changes nothing
    let third = setup(());
    assert_eq!(third.matches("already in place").count(), 6, "{third}");
    // keys
    for (key, _) in [("hostkey", ()), ("client", ())] {
        sh(Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(d.join(key)));
    }
    std::fs::create_dir(d.join("keys")).unwrap();
    std::fs::copy(d.join("client.pub"), d.join("keys").join(USER)).unwrap();
    let port = free_port();
    std::fs::write(
        d.join("sshd_config"),
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {hk}\nPidFile {pid}\n\
             AuthorizedKeysFile {keys}/%u\nStrictModes no\nUsePAM no\n\
             PasswordAuthentication no\nKbdInteractiveAuthentication no\n\
             AcceptEnv LANG LC_*\nInclude {block}\n",
            hk = d.join("hostkey").display(),
            pid = d.join("sshd.pid").display(),
            keys = d.join("keys").display(),
            block = d.join("sshd_zhiban.conf").display(),
        ),
    )
    .unwrap();
    std::fs::create_dir_all("/run/sshd").unwrap();
    let sshd = Command::new(sshd().unwrap())
        .args(["-D", "-e", "-f"])
        .arg(d.join("sshd_config"))
        .stderr(std::fs::File::create(d.join("sshd.log")).unwrap())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "sshd did not start: {}",
            std::fs::read_to_string(d.join("sshd.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Server { dir, port, sshd }
}

/// The test user's zhiban processes still running.
fn sessions_left() -> usize {
    let o = Command::new("pgrep")
        .args(["-u", USER, "-f", "zhiban"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).lines().count()
}

#[test]
fn staff_log_in_over_ssh_to_zhiban_and_nothing_else() {
    if !nix::unistd::geteuid().is_root() || sshd().is_none() {
        eprintln!(
            "\n\n*** SKIPPED: the SSH test needs root and sshd (openssh-server); \
             `.ci/run` installs it. Nothing about SSH was tested here. ***\n"
        );
        return;
    }
    let s = server();
    let db = s.db();

    // requested commands: allowed ones run as the login, parsed as words
    let o = s.ssh(false, &["whoami"]).output().unwrap();
    assert!(text(&o).contains(NAME), "{}", text(&o));
    let o = s
        .ssh(
            false,
            &["duty open --location 'Dorm 1 desk' --leader 王领导 --lang en"],
        )
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let o = s
        .ssh(
            false,
            &["zhiban duty log \"室友未归; cat /etc/passwd\" --type 来电"],
        )
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        db_value(
            &db,
            "SELECT text FROM duty_entries ORDER BY id DESC LIMIT 1"
        )
        .as_deref(),
        Some("室友未归; cat /etc/passwd")
    );
    assert_eq!(
        db_value(
            &db,
            "SELECT s.login FROM shifts d JOIN staff s ON s.id = d.officer_id"
        )
        .as_deref(),
        Some(USER)
    );
    // each commit's chain head reached the head log beside the data
    // directory, which the session could append to and nothing more
    let heads = std::fs::read_to_string(s.dir.path().join("data.heads")).unwrap();
    let head = db_value(
        &db,
        "SELECT seq || ' ' || hash FROM audit_log ORDER BY seq DESC LIMIT 1",
    )
    .unwrap();
    assert_eq!(heads.lines().last(), Some(head.as_str()), "{heads}");
    // anything else is refused, and no shell ever sees it
    for bad in [
        "cat /etc/passwd",
        "sh",
        "zhiban export students",
        "zhiban --db /tmp/x.db whoami",
    ] {
        let o = s.ssh(false, &[bad]).output().unwrap();
        assert!(!o.status.success(), "{bad}: {}", text(&o));
        assert!(!text(&o).contains("root:x:0:0"), "{bad}: {}", text(&o));
        assert!(text(&o).contains("whoami"), "{bad}: {}", text(&o));
    }
    // a client's ZHIBAN_NOW does not reach the session (no AcceptEnv)
    let o = s
        .ssh(false, &["whoami"])
        .env("ZHIBAN_NOW", "2020-01-01T00:00:00Z")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));

    // the interface, through ssh -tt in a pseudo-terminal
    let mut cmd = CommandBuilder::new("ssh");
    cmd.args(s.ssh_args(true));
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "zh_CN.UTF-8");
    let mut t = Pty::spawn_cmd(cmd);
    t.wait_for(NAME);
    t.send("3");
    t.wait_for("Dorm 1 desk");
    t.send("n");
    t.send("2");
    t.send("走廊里有学生在哭");
    t.wait_for("走廊里有学生在哭");
    // the draft is at most a second behind
    std::thread::sleep(Duration::from_millis(1600));
    // the client dies mid-form (a dropped phone connection)
    t.child.kill().unwrap();
    let start = Instant::now();
    while sessions_left() > 0 {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the server-side zhiban did not exit"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let drafts = db_value(&db, "SELECT group_concat(payload, ' ') FROM drafts").unwrap_or_default();
    assert!(drafts.contains("走廊里有学生在哭"), "drafts: {drafts}");
}
