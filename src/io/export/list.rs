//! A work list (the students screen, filtered) as an xlsx file: the
//! students the filter line found, phone numbers masked for every role
//! (a file travels), only for a role that may export students, audit-
//! logged like every export.

use std::collections::HashSet;
use std::path::Path;

use serde_json::json;

use super::{audit_export, masked};
use crate::app::App;
use crate::app::policy::{Action, Decision, Kind, Relation, decide, relation};
use crate::app::students::view_of;
use crate::domain::phone;
use crate::error::{Error, Result};
use crate::io::book::{Book, Cell, Sheet};
use crate::store::students;

/// The headers of the sheet.
pub const HEADERS: [&str; 9] = [
    "学号",
    "姓名",
    "性别",
    "班级",
    "辅导员",
    "宿舍",
    "手机号",
    "标记",
    "级别",
];

/// May the actor export a list at all?
pub fn may_export(app: &App) -> bool {
    [Relation::Own, Relation::InScope]
        .into_iter()
        .any(|r| decide(&app.actor, Kind::StudentExport, Action::View, r) != Decision::Deny)
}

/// Writes the students `ids` (in that order) to `path` as xlsx; `filter`
/// (the filter line as understood) is the sheet's note and goes to the
/// audit log. Returns how many were written.
pub fn students_xlsx(app: &mut App, ids: &[i64], filter: &str, path: &Path) -> Result<usize> {
    if !may_export(app) {
        return Err(Error::Refused(crate::msg!(
            "err.denied.export_students",
            login = &app.actor.login
        )));
    }
    let wanted: HashSet<i64> = ids.iter().copied().collect();
    let all = students::all(app.store.conn(), false)?;
    let by_id: std::collections::HashMap<i64, &crate::domain::student::StudentRecord> = all
        .iter()
        .filter(|r| wanted.contains(&r.id))
        .map(|r| (r.id, r))
        .collect();
    let mut sheet = Sheet::new("学生名单", &HEADERS);
    if !filter.is_empty() {
        sheet.note = Some(filter.to_string());
    }
    let actor = app.actor.clone();
    for id in ids {
        let Some(r) = by_id.get(id) else { continue };
        let rel = relation(&actor, r);
        if decide(&actor, Kind::StudentExport, Action::View, rel) == Decision::Deny {
            continue;
        }
        let Some(v) = view_of(&actor, r) else {
            continue;
        };
        let flags: Vec<&str> = v.flags.iter().map(|f| f.kind.zh()).collect();
        let levels: Vec<String> = v
            .flags
            .iter()
            .filter_map(|f| f.level.as_ref().map(|l| format!("{}:{l}", f.kind.zh())))
            .collect();
        let text = |s: Option<String>| s.map_or(Cell::Empty, Cell::Text);
        sheet.row(vec![
            Cell::Text(v.student_no.clone()),
            Cell::Text(v.name.clone()),
            text(v.gender.map(|g| g.zh().to_string())),
            text(v.class.clone()),
            text(v.counsellor.clone()),
            text(v.dorm.as_ref().map(|d| d.room_key())),
            text(masked(&v.phone, phone::mask)),
            Cell::Text(flags.join("、")),
            Cell::Text(levels.join("、")),
        ]);
    }
    let n = sheet.rows.len();
    let mut book = Book::new("学生名单");
    book.sheets.push(sheet);
    let bytes = book.to_xlsx()?;
    crate::io::write_private(path, &bytes)?;
    audit_export(
        app,
        "export.student_list",
        json!({"count": n, "filter": filter, "format": "xlsx"}),
    )?;
    Ok(n)
}
