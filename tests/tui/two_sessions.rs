//! Two sessions of one login (a phone and a desk) never lose each other's
//! drafts: each writes under names of its own; a session starting offers
//! the drafts of sessions that are gone, every one of them, and leaves
//! alone those of a session still running.

use std::process::{Child, Command};
use std::sync::{Arc, Mutex};

use zhiban::app::draft_sessions::SessionTag;
use zhiban::config::Lang;

use super::{T, session, shows};
use crate::tui::shell::Shell;
use crate::tui::shell::drafts::Drafts;
use crate::tui::terminal::Snapshot;
use crate::tui::writer::Writer;

/// A process standing for another session's: its tag is that session's,
/// running while the process runs.
struct Other(Child);

impl Other {
    fn start() -> Other {
        Other(Command::new("sleep").arg("60").spawn().unwrap())
    }

    fn tag(&self) -> SessionTag {
        SessionTag::of_process(self.0.id()).unwrap()
    }

    /// The session's process is gone (killed: its SSH link dropped).
    fn end(mut self) {
        self.0.kill().unwrap();
        self.0.wait().unwrap();
    }
}

/// The interface as session `me` of `login`, with a draft writer of its
/// own and the snapshot the signal thread would save.
fn as_session(db: &std::path::Path, login: &str, me: SessionTag) -> (T, Snapshot) {
    let app = session(db, login, Lang::ZhCn);
    let views = zhiban::app::students::list(&app).unwrap();
    let index = zhiban::app::students::search_index(&views);
    let writer = Writer::spawn(app.another().unwrap(), |e| panic!("draft not written: {e}"));
    let snapshot: Snapshot = Arc::new(Mutex::new(Default::default()));
    let mut s = Shell::new(
        app,
        true,
        (80, 24),
        Drafts::of_session(Some(writer), snapshot.clone(), me),
    );
    s.loaded(Ok((views, index)));
    let t = T {
        _dir: None,
        db: db.to_path_buf(),
        s,
    };
    (t, snapshot)
}

/// A talk form open on screen 4 with `text` typed into it (about 曾敏 when
/// `student` is given).
fn talk(t: &mut T, student: Option<&str>, text: &str) {
    t.ch('4');
    t.ch('n');
    shows(&t.screen(), &["谈话记录"]);
    match student {
        Some(s) => {
            t.typed(s);
            t.enter();
            t.tab(3);
        }
        None => t.tab(4),
    }
    t.typed(text);
    shows(&t.screen(), &[text]);
}

fn stored(db: &std::path::Path) -> Vec<(String, String)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut q = c
        .prepare("SELECT form, payload FROM drafts ORDER BY form")
        .unwrap();
    q.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

/// What the offers on start say, one after another (each left for later).
fn offered(t: &mut T) -> Vec<String> {
    let mut seen = Vec::new();
    for _ in 0..6 {
        let s = t.screen();
        if !s.contains("上次没写完的内容") {
            break;
        }
        seen.push(s);
        t.esc(); // later
    }
    seen
}

#[test]
fn two_sessions_writing_the_same_form_both_keep_their_drafts_and_both_are_offered() {
    let dir = tempfile::tempdir().unwrap();
    let db = super::demo_db(dir.path());
    let (phone, desk) = (Other::start(), Other::start());
    let (mut a, snap_a) = as_session(&db, "lina", phone.tag());
    let (mut b, snap_b) = as_session(&db, "lina", desk.tag());
    talk(&mut a, Some("zengm"), "会话A");
    talk(&mut b, None, "会话B");
    a.s.flush();
    b.s.flush();
    let kept = stored(&db);
    assert_eq!(kept.len(), 2, "one draft each: {kept:?}");
    for (tag, text) in [(phone.tag(), "会话A"), (desk.tag(), "会话B")] {
        let name = tag.live_name("todo.form");
        assert!(
            kept.iter().any(|(f, p)| *f == name && p.contains(text)),
            "{text} under {name}: {kept:?}"
        );
    }
    // what the signal thread would save on SIGHUP: each under its own name
    let a_snap: Vec<String> = snap_a.lock().unwrap().keys().cloned().collect();
    let b_snap: Vec<String> = snap_b.lock().unwrap().keys().cloned().collect();
    assert_eq!(a_snap, vec![phone.tag().live_name("todo.form")]);
    assert_eq!(b_snap, vec![desk.tag().live_name("todo.form")]);
    // both links drop
    drop((a, b));
    phone.end();
    desk.end();
    // the next start offers both, one at a time, and each continues
    let (mut n, _) = as_session(&db, "lina", SessionTag::this());
    n.s.offer_drafts();
    let first = n.screen();
    shows(&first, &["上次没写完的内容"]);
    let one = if first.contains("会话A") {
        "会话A"
    } else {
        "会话B"
    };
    let other = if one == "会话A" {
        "会话B"
    } else {
        "会话A"
    };
    assert!(first.contains(one) && !first.contains(other), "{first}");
    n.enter();
    let s = n.screen();
    assert!(s.contains("谈话记录") && s.contains(one), "continued: {s}");
    n.esc();
    shows(&n.screen(), &["留作草稿"]);
    n.ch('k');
    let s = n.screen();
    assert!(
        s.contains("上次没写完的内容") && s.contains(other),
        "the other offered next: {s}"
    );
    n.enter();
    shows(&n.screen(), &["谈话记录", other]);
    n.s.flush();
    let kept = stored(&db);
    for text in ["会话A", "会话B"] {
        assert!(
            kept.iter().any(|(_, p)| p.contains(text)),
            "{text} still kept: {kept:?}"
        );
    }
    assert!(
        kept.iter()
            .all(|(f, _)| SessionTag::of_name(f) == Some(SessionTag::this())),
        "all taken over by the new session: {kept:?}"
    );
}

#[test]
fn a_draft_of_a_session_still_running_is_neither_offered_nor_taken() {
    let dir = tempfile::tempdir().unwrap();
    let db = super::demo_db(dir.path());
    let phone = Other::start();
    let (mut a, _) = as_session(&db, "lina", phone.tag());
    talk(&mut a, None, "还在写");
    a.s.flush();
    let before = stored(&db);
    assert_eq!(before.len(), 1, "{before:?}");
    // the same login starts at the desk while the phone is still on
    let (mut n, _) = as_session(&db, "lina", SessionTag::this());
    n.s.offer_drafts();
    assert!(
        !n.screen().contains("上次没写完的内容"),
        "nothing offered: {}",
        n.screen()
    );
    talk(&mut n, None, "桌面上写的");
    n.s.flush();
    let now = stored(&db);
    assert!(now.contains(&before[0]), "left as it was: {now:?}");
    assert_eq!(now.len(), 2, "{now:?}");
    // the phone keeps typing under its own name
    a.typed("，接着写");
    a.s.flush();
    assert!(
        stored(&db)
            .iter()
            .any(|(f, p)| *f == before[0].0 && p.contains("还在写，接着写")),
        "{:?}",
        stored(&db)
    );
    // once the phone's session is gone, the next start offers its draft
    drop((a, n));
    phone.end();
    let (mut m, _) = as_session(&db, "lina", SessionTag::this());
    m.s.offer_drafts();
    let seen = offered(&mut m);
    assert_eq!(seen.len(), 2, "both offered: {seen:?}");
    assert!(
        seen.iter().any(|s| s.contains("还在写，接着写")),
        "{seen:?}"
    );
    assert!(seen.iter().any(|s| s.contains("桌面上写的")), "{seen:?}");
}

/// A draft written by an earlier version, under the plain slot name, is
/// offered and continues as before.
#[test]
fn a_draft_under_the_plain_name_of_an_earlier_version_is_offered() {
    let dir = tempfile::tempdir().unwrap();
    let db = super::demo_db(dir.path());
    let phone = Other::start();
    let payload = {
        let (mut a, _) = as_session(&db, "lina", phone.tag());
        talk(&mut a, None, "旧版本的草稿");
        a.s.flush();
        a.drafts().into_iter().next().unwrap().1
    };
    phone.end();
    // only what the earlier version wrote is left
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("DELETE FROM drafts", [])
        .unwrap();
    let mut w = session(&db, "lina", Lang::ZhCn);
    zhiban::app::drafts::store(
        &mut w,
        &[
            ("todo.form".to_string(), Some(payload.clone())),
            (
                "todo.form#1700000000-42-1".to_string(),
                Some(payload.replace("旧版本的草稿", "旧版本留作的草稿")),
            ),
        ],
    )
    .unwrap();
    let (mut n, _) = as_session(&db, "lina", SessionTag::this());
    n.s.offer_drafts();
    let seen = offered(&mut n);
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(seen.iter().any(|s| s.contains("旧版本的草稿")), "{seen:?}");
    assert!(
        seen.iter().any(|s| s.contains("旧版本留作的草稿")),
        "{seen:?}"
    );
}
