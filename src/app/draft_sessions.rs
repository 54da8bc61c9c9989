//! Which session a draft belongs to, and whether that session still runs.
//!
//! One login may run several sessions at once (a phone and a desk). Each
//! writes its drafts under names of its own: the live slot plus this
//! session's tag, `todo.form~<tag>` (and a draft kept apart,
//! `todo.form~<tag>#<stamp>-<n>`), so no session overwrites another's. On
//! start a session offers the drafts of sessions that are gone, and leaves
//! alone those of a session still running.
//!
//! How a starting session knows another is alive: the tag names the
//! process — host, boot, pid and the process's start time (ticks since
//! boot, from `/proc/<pid>/stat`) — and on the same host and boot the
//! process is looked up. That needs no table, no migration and no write
//! while the session idles (a heartbeat would write every minute, and
//! after a kill would hide the drafts until it went stale, just when the
//! person reconnects to finish them). A pid taken again by another process
//! has another start time; a zombie counts as gone; after a reboot the boot
//! differs and every earlier session is gone. A session killed without
//! cleaning up (SIGKILL, power) is gone the moment its process is, so its
//! drafts are never hidden. Only when the tag names another host (a
//! database shared between machines, or a system without `/proc`) can the
//! process not be looked up: its drafts are left to it while they are
//! younger than [`OTHER_HOST_STALE`], then offered.
//!
//! A draft named without a tag (written by an earlier version: `todo.form`,
//! `todo.form#<stamp>-<pid>-<n>`) belongs to no session and is offered.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

/// How long the drafts of a session on another host (whose process cannot
/// be looked up) are left to it.
pub const OTHER_HOST_STALE: Duration = Duration::hours(12);

/// The session a draft belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SessionTag {
    pid: u32,
    /// The process's start, in clock ticks since boot.
    start: u64,
    /// The first characters of the boot id (`x` when unknown).
    boot: String,
    /// The host name, letters, digits and `-` only (`x` when unknown).
    host: String,
}

impl SessionTag {
    /// This process.
    pub fn this() -> SessionTag {
        static THIS: std::sync::OnceLock<SessionTag> = std::sync::OnceLock::new();
        THIS.get_or_init(|| {
            let pid = std::process::id();
            SessionTag {
                pid,
                start: start_of(pid).map_or(0, |(s, _)| s),
                boot: boot_id(),
                host: host_name(),
            }
        })
        .clone()
    }

    /// Process `pid` of this host now (`None` if there is none).
    pub fn of_process(pid: u32) -> Option<SessionTag> {
        let (start, _) = start_of(pid)?;
        Some(SessionTag {
            pid,
            start,
            boot: boot_id(),
            host: host_name(),
        })
    }

    /// The tag in a draft's name, if it has one.
    pub fn of_name(name: &str) -> Option<SessionTag> {
        let (_, rest) = name.split_once('~')?;
        let tag = rest.split('#').next()?;
        let (proc, host) = tag.split_once('@')?;
        let mut parts = proc.split('-');
        let pid = parts.next()?.parse().ok()?;
        let start = parts.next()?.parse().ok()?;
        let boot = parts.next()?.to_string();
        if parts.next().is_some() || boot.is_empty() || host.is_empty() {
            return None;
        }
        Some(SessionTag {
            pid,
            start,
            boot,
            host: host.to_string(),
        })
    }

    /// The name of this session's live draft of `slot`.
    pub fn live_name(&self, slot: &str) -> String {
        format!("{slot}~{self}")
    }

    /// Is the session still running? `newest` is when its newest draft was
    /// saved (what decides for a session on another host).
    pub fn running(&self, newest: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
        let here = SessionTag::this();
        if self.host != here.host || here.host == "x" || here.boot == "x" {
            return newest.is_some_and(|t| now - t < OTHER_HOST_STALE);
        }
        if self.boot != here.boot {
            return false;
        }
        matches!(start_of(self.pid), Some((start, live)) if start == self.start && live)
    }
}

impl std::fmt::Display for SessionTag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}-{}@{}", self.pid, self.start, self.boot, self.host)
    }
}

/// Which of `names` (with when each was saved) belong to another session
/// that still runs: those are not this session's to offer or take.
pub fn held_elsewhere(
    names: &[(String, Option<DateTime<Utc>>)],
    me: &SessionTag,
    now: DateTime<Utc>,
) -> Vec<bool> {
    let mut newest: BTreeMap<SessionTag, Option<DateTime<Utc>>> = BTreeMap::new();
    for (name, at) in names {
        if let Some(tag) = SessionTag::of_name(name) {
            let e = newest.entry(tag).or_insert(*at);
            if *at > *e {
                *e = *at;
            }
        }
    }
    let running: BTreeMap<SessionTag, bool> = newest
        .into_iter()
        .map(|(tag, at)| {
            let r = tag != *me && tag.running(at, now);
            (tag, r)
        })
        .collect();
    names
        .iter()
        .map(|(name, _)| {
            SessionTag::of_name(name).is_some_and(|t| running.get(&t).copied().unwrap_or(false))
        })
        .collect()
}

/// Process `pid`'s start time (ticks since boot) and whether it still
/// runs (not a zombie), from `/proc`.
fn start_of(pid: u32) -> Option<(u64, bool)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // the command name is in parentheses and may hold anything
    let (_, rest) = stat.rsplit_once(')')?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // fields[0] is the state (field 3 of stat), the start time field 22
    let state = fields.first()?;
    let start = fields.get(19)?.parse().ok()?;
    Some((start, !matches!(*state, "Z" | "X" | "x")))
}

fn boot_id() -> String {
    std::fs::read_to_string("/proc/sys/kernel/random/boot_id")
        .ok()
        .map(|s| {
            s.chars()
                .filter(char::is_ascii_hexdigit)
                .take(8)
                .collect::<String>()
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "x".to_string())
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|s| {
            s.trim()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .take(40)
                .collect::<String>()
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "x".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap()
    }

    #[test]
    fn a_tag_is_read_back_from_a_live_and_a_kept_name() {
        let me = SessionTag::this();
        assert!(me.start > 0, "the start time is read from /proc");
        let live = me.live_name("todo.form");
        assert_eq!(SessionTag::of_name(&live), Some(me.clone()));
        assert_eq!(
            SessionTag::of_name(&format!("{live}#1700000000-3")),
            Some(me)
        );
        for old in ["todo.form", "todo.form#1700000000-42-1", "x~", "x~1-2@h"] {
            assert_eq!(SessionTag::of_name(old), None, "{old}");
        }
    }

    #[test]
    fn a_running_process_is_running_and_a_finished_one_is_not() {
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let tag = SessionTag::of_process(child.id()).unwrap();
        let name = tag.live_name("todo.form");
        let me = SessionTag::this();
        let old = "todo.form".to_string();
        let names = vec![(name.clone(), Some(now())), (old, Some(now()))];
        assert_eq!(held_elsewhere(&names, &me, now()), vec![true, false]);
        // this session's own drafts are its own
        assert_eq!(held_elsewhere(&names, &tag, now()), vec![false, false]);
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(held_elsewhere(&names, &me, now()), vec![false, false]);
    }

    #[test]
    fn a_pid_taken_again_by_another_process_is_not_the_session() {
        let me = SessionTag::this();
        let mut other = me.clone();
        other.start += 1;
        assert!(me.running(Some(now()), now()));
        assert!(!other.running(Some(now()), now()));
        let mut reboot = me.clone();
        reboot.boot = "00000000".into();
        assert!(!reboot.running(Some(now()), now()));
    }

    #[test]
    fn a_session_on_another_host_keeps_its_drafts_until_they_are_old() {
        let mut far = SessionTag::this();
        far.host = "elsewhere".into();
        assert!(far.running(Some(now()), now()));
        assert!(!far.running(Some(now() - OTHER_HOST_STALE), now()));
        assert!(!far.running(None, now()));
    }
}
