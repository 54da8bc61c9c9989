//! The narrow reads an action on a case decides by.
use super::*;

fn case_with_events() -> (tempfile::TempDir, crate::store::Store, i64) {
    let (d, mut s) = crate::store::tests::temp_store();
    let now = crate::domain::clock::from_db("2026-11-22T01:00:00Z").unwrap();
    let id = s
        .write("t", now, |tx| {
            tx.execute(
                "INSERT INTO staff(login, name, created_at, updated_at) VALUES ('a', '甲', 'x', 'x')",
                [],
            )?;
            let me = tx.last_insert_rowid();
            let id = insert_case(
                tx,
                &NewCase {
                    kind: "psych",
                    template_version: "1",
                    template: "{}",
                    opened_at: "2026-11-22T01:00:00Z",
                    opened_by: me,
                    location: None,
                    known: None,
                    entry_id: None,
                    college_id: None,
                    shift_id: None,
                    students: &[],
                },
            )?;
            let at = "2026-11-22T01:00:00Z";
            insert_event(tx, id, at, me, "open", None, None)?;
            insert_event(tx, id, at, me, "done", Some("scene"), None)?;
            insert_event(tx, id, at, me, "note", Some("verify"), Some("x"))?;
            insert_event(tx, id, at, me, "withdrawn", Some("scene"), Some("done"))?;
            insert_event(tx, id, at, me, "note", None, Some("y"))?;
            Ok((id, vec![]))
        })
        .unwrap();
    (d, s, id)
}

#[test]
fn a_steps_events_are_its_own_in_order_and_a_close_is_seen() {
    let (_d, mut s, id) = case_with_events();
    let kinds = |s: &crate::store::Store, step: &str| -> Vec<String> {
        step_events(s.conn(), id, step)
            .unwrap()
            .into_iter()
            .map(|e| e.4)
            .collect()
    };
    assert_eq!(kinds(&s, "scene"), ["done", "withdrawn"]);
    assert_eq!(kinds(&s, "verify"), ["note"]);
    assert!(kinds(&s, "nowhere").is_empty());
    assert!(!is_closed(s.conn(), id).unwrap());
    let head = case_head(s.conn(), id).unwrap().unwrap();
    assert_eq!((head.id, head.opener.as_str()), (id, "甲"));
    assert!(case_head(s.conn(), id + 1).unwrap().is_none());
    let now = crate::domain::clock::from_db("2026-11-22T02:00:00Z").unwrap();
    s.write("t", now, |tx| {
        insert_event(
            tx,
            id,
            "2026-11-22T02:00:00Z",
            head.opened_by,
            "close",
            None,
            Some("z"),
        )?;
        Ok(((), vec![]))
    })
    .unwrap();
    assert!(is_closed(s.conn(), id).unwrap());
    assert!(!is_closed(s.conn(), id + 1).unwrap());
}
