//! Importing the roster: students, staff and the dorm map. All or nothing:
//! every problem in the file is reported as `FILE:ROW: COLUMN: what is
//! wrong` and nothing is written unless the whole file is good.

mod aliases;
pub mod columns;
mod dorm_map;
pub mod read;
pub mod records;
pub mod rows;
mod student_import;
mod student_rows;
pub mod xlsx;

pub use columns::Problem;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::json;

use crate::app::App;
use crate::app::policy::{Action, Kind, Relation, allows};
use crate::domain::clock::to_db;
use crate::domain::staff::{Role, Staff};
use crate::error::{Error, Msg, Result};
use crate::msg;
use crate::store::compliance_cache::{BULK_ROWS, Suspended};
use crate::store::org::StaffData;
use crate::store::{AuditEntry, dorm, org};
use columns::{Col, Layout, layout};
use read::Sheet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Students,
    Staff,
    Rooms,
    DutyRoster,
}

impl ImportKind {
    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Students => "students",
            ImportKind::Staff => "staff",
            ImportKind::Rooms => "rooms",
            ImportKind::DutyRoster => "duty-roster",
        }
    }
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub file: String,
    pub encoding: &'static str,
    pub rows: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// What was created along the way, by kind (学院, 班级, 宿舍楼, 房间, 床位).
    pub created: BTreeMap<&'static str, Vec<String>>,
    pub flag_changes: usize,
    pub ignored_columns: Vec<String>,
    pub notes: Vec<Msg>,
    pub dry_run: bool,
}

impl ImportReport {
    pub(crate) fn create(&mut self, what: &'static str, name: String) {
        self.created.entry(what).or_default().push(name);
    }
}

pub(crate) fn problems_error(file: &str, mut list: Vec<Problem>) -> Error {
    list.sort_by_key(|p| p.line);
    Error::Problems {
        file: file.to_string(),
        list,
    }
}

/// The rows, if the file had no problem on its own.
fn checked<R>(file: &str, (rows, problems): (Vec<R>, Vec<Problem>)) -> Result<Vec<R>> {
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems_error(file, problems))
    }
}

/// Reads a file for an import: its rows cleaned, where its columns are, and
/// the report begun; a file with a header but no rows is refused.
pub(crate) fn open_sheet(
    path: &Path,
    cols: &[Col],
    required: &[Col],
    dry_run: bool,
) -> Result<(Sheet, Layout, ImportReport)> {
    let file = path.display().to_string();
    let mut sheet = read::read(path)?;
    read::clean(&mut sheet);
    let l = layout(&sheet, cols, required).map_err(|p| problems_error(&file, p))?;
    let report = ImportReport {
        file: file.clone(),
        encoding: sheet.encoding,
        rows: sheet.rows.len() - l.first_data,
        ignored_columns: l.ignored.clone(),
        dry_run,
        ..ImportReport::default()
    };
    if report.rows == 0 {
        return Err(Error::in_file(
            file,
            Problem::at(l.header_row, Msg::new("err.import.no_rows")),
        ));
    }
    Ok((sheet, l, report))
}

/// Reads, checks and (unless `dry_run`) writes a roster file.
pub fn import_file(
    app: &mut App,
    kind: ImportKind,
    path: &Path,
    dry_run: bool,
) -> Result<ImportReport> {
    if !allows(&app.actor, Kind::Roster, Action::Edit, Relation::Outside) {
        return Err(Error::Refused(msg!(
            "err.denied.import",
            login = &app.actor.login
        )));
    }
    let (cols, required) = match kind {
        ImportKind::Students => (rows::STUDENT_COLS, rows::STUDENT_REQUIRED),
        ImportKind::Staff => (rows::STAFF_COLS, rows::STAFF_REQUIRED),
        ImportKind::Rooms => (rows::ROOM_COLS, rows::ROOM_REQUIRED),
        ImportKind::DutyRoster => (rows::ROSTER_COLS, rows::ROSTER_REQUIRED),
    };
    let (sheet, l, report) = open_sheet(path, cols, required, dry_run)?;
    let was = app.store.large_cache()?;
    let done = match kind {
        ImportKind::Students => student_import::import(app, &sheet, &l, report, dry_run),
        ImportKind::Staff => import_staff(app, &sheet, &l, report, dry_run),
        ImportKind::Rooms => import_rooms(app, &sheet, &l, report, dry_run),
        ImportKind::DutyRoster => import_roster(app, &sheet, &l, report, dry_run),
    };
    app.store.usual_cache(was)?;
    if let Ok(r) = &done {
        warm_after(app, r);
    }
    done
}

/// After a large import was written (which emptied the 待办 cache:
/// [`Bulk`]), the school's numbers are computed again before the import
/// returns. The import stands whatever happens here: a failure only
/// leaves the cache to the next view.
pub(crate) fn warm_after(app: &App, r: &ImportReport) {
    if !r.dry_run && r.rows >= BULK_ROWS {
        let _ = crate::app::compliance::warm_cache(app);
    }
}

/// Staff as an import's cells name them: by login, or by a name only one
/// person has.
pub(crate) struct StaffIndex<'a> {
    by_login: HashMap<&'a str, &'a Staff>,
    by_name: HashMap<&'a str, Vec<&'a Staff>>,
}

impl<'a> StaffIndex<'a> {
    pub(crate) fn new(staff: &'a [Staff]) -> Self {
        let by_login = staff.iter().map(|s| (s.login.as_str(), s)).collect();
        let mut by_name: HashMap<&str, Vec<&Staff>> = HashMap::new();
        for s in staff {
            by_name.entry(s.name.as_str()).or_default().push(s);
        }
        StaffIndex { by_login, by_name }
    }

    /// The staff member `cell` names, who must hold `role`.
    pub(crate) fn find(&self, cell: &str, role: Role) -> std::result::Result<&'a Staff, Msg> {
        let s = self
            .by_login
            .get(cell)
            .copied()
            .or_else(|| match self.by_name.get(cell) {
                Some(v) if v.len() == 1 => Some(v[0]),
                _ => None,
            });
        match s {
            Some(s) if s.has(role) => Ok(s),
            Some(s) => Err(
                msg!("err.import.staff_role", name = &s.name, login = &s.login)
                    .label("role", role.i18n_key()),
            ),
            None => match self.by_name.get(cell) {
                Some(v) if v.len() > 1 => Err(msg!(
                    "err.import.staff_ambiguous",
                    value = cell,
                    n = v.len(),
                    logins = v
                        .iter()
                        .map(|s| s.login.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                _ => Err(msg!("err.import.staff_unknown", value = cell)),
            },
        }
    }
}

/// A large import's writes: the 待办 cache's invalidation triggers set
/// aside for them, in their transaction ([`Suspended`]); a small one keeps
/// them (and the numbers of counsellors it does not touch).
pub(crate) struct Bulk(Option<Suspended>);

impl Bulk {
    pub(crate) fn begin(tx: &rusqlite::Transaction<'_>, rows: usize) -> Result<Bulk> {
        Ok(Bulk(if rows >= BULK_ROWS {
            Some(Suspended::begin(tx)?)
        } else {
            None
        }))
    }

    /// Before the commit. (A write that fails before this rolls back, and
    /// the triggers with it.)
    pub(crate) fn end(self, tx: &rusqlite::Transaction<'_>) -> Result<()> {
        match self.0 {
            Some(s) => s.restore(tx),
            None => Ok(()),
        }
    }
}

pub(crate) fn summary_entry(kind: &str, r: &ImportReport) -> AuditEntry {
    let created: BTreeMap<&str, usize> = r.created.iter().map(|(k, v)| (*k, v.len())).collect();
    AuditEntry::new(
        &format!("import.{kind}"),
        "import",
        None,
        json!({"file": r.file, "rows": r.rows, "added": r.added, "updated": r.updated, "unchanged": r.unchanged,
               "flag_changes": r.flag_changes, "created": created}),
    )
}

fn import_staff(
    app: &mut App,
    sheet: &Sheet,
    l: &Layout,
    mut report: ImportReport,
    dry_run: bool,
) -> Result<ImportReport> {
    let file = report.file.clone();
    let rows = checked(&file, rows::staff(sheet, l))?;
    let (login, now) = (app.actor.login.clone(), app.now());
    let at = to_db(now);
    let actor_login = app.actor.login.clone();
    app.store.write_or_rollback(&login, now, !dry_run, |tx| {
        let existing: HashMap<String, Staff> = org::all_staff(tx)?
            .into_iter()
            .map(|s| (s.login.clone(), s))
            .collect();
        let mut problems = Vec::new();
        for r in &rows {
            if r.login == actor_login
                && !r.roles.contains(&Role::Admin)
                && existing.get(&r.login).is_some_and(|s| s.has(Role::Admin))
            {
                problems.push(Problem::new(
                    r.row,
                    "角色",
                    Msg::new("err.import.admin_self"),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems_error(&file, problems));
        }
        let mut entries = Vec::new();
        for r in &rows {
            let prev = existing.get(&r.login);
            let college_id = match &r.college {
                None => prev.and_then(|p| p.college_id),
                Some(None) => None,
                Some(Some(name)) => {
                    let (id, created) = org::college_get_or_create(tx, name, &at)?;
                    if created {
                        report.create("学院", name.clone());
                    }
                    Some(id)
                }
            };
            let data = StaffData {
                login: r.login.clone(),
                name: r.name.clone(),
                roles: r.roles.clone(),
                college_id,
                phone: match &r.phone {
                    Some(p) => p.clone(),
                    None => prev.and_then(|p| p.phone.clone()),
                },
            };
            match prev {
                None => {
                    org::staff_insert(tx, &data, &at)?;
                    report.added += 1;
                    let roles: Vec<&str> = r.roles.iter().map(|r| r.code()).collect();
                    entries.push(AuditEntry::new(
                        "staff.add",
                        "staff",
                        Some(r.login.clone()),
                        json!({"roles": roles}),
                    ));
                }
                Some(p) => {
                    let old = StaffData {
                        login: p.login.clone(),
                        name: p.name.clone(),
                        roles: p.roles.clone(),
                        college_id: p.college_id,
                        phone: p.phone.clone(),
                    };
                    if old == data {
                        report.unchanged += 1;
                    } else {
                        org::staff_update(tx, p.id, &data, &at)?;
                        report.updated += 1;
                        let from: Vec<&str> = p.roles.iter().map(|r| r.code()).collect();
                        let to: Vec<&str> = r.roles.iter().map(|r| r.code()).collect();
                        entries.push(AuditEntry::new(
                            "staff.update",
                            "staff",
                            Some(r.login.clone()),
                            json!({"roles_from": from, "roles_to": to}),
                        ));
                    }
                }
            }
        }
        entries.push(summary_entry("staff", &report));
        Ok((report, entries))
    })
}

fn import_rooms(
    app: &mut App,
    sheet: &Sheet,
    l: &Layout,
    mut report: ImportReport,
    dry_run: bool,
) -> Result<ImportReport> {
    let file = report.file.clone();
    let rows = checked(&file, rows::rooms(sheet, l))?;
    let (login, now) = (app.actor.login.clone(), app.now());
    let at = to_db(now);
    app.store.write_or_rollback(&login, now, !dry_run, |tx| {
        let mut buildings: HashMap<String, i64> = dorm::buildings(tx)?
            .into_iter()
            .map(|(id, n, _)| (n, id))
            .collect();
        let rooms: HashMap<(String, String), dorm::DormRoom> = dorm::rooms(tx)?
            .into_iter()
            .map(|r| ((r.building.clone(), r.number.clone()), r))
            .collect();
        let mut beds_of: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
        for (id, room, label) in dorm::beds(tx)? {
            beds_of.entry(room).or_default().push((id, label));
        }
        let occupied: std::collections::HashSet<i64> =
            dorm::assignments(tx)?.into_iter().map(|(b, _)| b).collect();
        // beds that a smaller capacity would remove must be empty
        let mut problems = Vec::new();
        for r in &rows {
            if let Some(old) = rooms.get(&(r.building.clone(), r.room.clone())) {
                let beds = beds_of.get(&old.id).map(Vec::as_slice).unwrap_or(&[]);
                let taken = beds.iter().filter(|(id, _)| occupied.contains(id)).count() as i64;
                if taken > r.capacity {
                    problems.push(Problem::new(
                        r.row,
                        "床位数",
                        msg!(
                            "err.import.capacity_taken",
                            n = r.capacity,
                            taken = taken,
                            room = format!("{}-{}", r.building, r.room)
                        ),
                    ));
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems_error(&file, problems));
        }
        let bulk = Bulk::begin(tx, rows.len())?;
        let mut entries = Vec::new();
        for r in &rows {
            let bid = match buildings.get(&r.building) {
                Some(id) => *id,
                None => {
                    let (id, _) = dorm::building_get_or_create(tx, &r.building, None, &at)?;
                    buildings.insert(r.building.clone(), id);
                    report.create("宿舍楼", r.building.clone());
                    id
                }
            };
            let rid = match rooms.get(&(r.building.clone(), r.room.clone())) {
                None => {
                    report.added += 1;
                    dorm::room_insert(tx, bid, &r.room, r.floor, Some(r.capacity), r.gender)?
                }
                Some(old) => {
                    if (old.floor, old.capacity, old.gender)
                        == (r.floor, Some(r.capacity), r.gender)
                    {
                        report.unchanged += 1;
                    } else {
                        dorm::room_update(tx, old.id, r.floor, Some(r.capacity), r.gender)?;
                        report.updated += 1;
                        entries.push(AuditEntry::new(
                            "room.update",
                            "room",
                            Some(format!("{}-{}", r.building, r.room)),
                            json!({"capacity_from": old.capacity, "capacity_to": r.capacity}),
                        ));
                    }
                    old.id
                }
            };
            let existing = beds_of.remove(&rid).unwrap_or_default();
            let labels: Vec<String> = (1..=r.capacity).map(|n| n.to_string()).collect();
            for label in &labels {
                if !existing.iter().any(|(_, l)| l == label) {
                    dorm::bed_insert(tx, rid, label)?;
                    report.create("床位", format!("{}-{}-{label}", r.building, r.room));
                }
            }
            // beds beyond the capacity, and empty, go
            for (id, label) in existing.iter().filter(|(_, l)| !labels.contains(l)) {
                if occupied.contains(id) {
                    report.notes.push(msg!(
                        "import.note.bed_kept",
                        room = format!("{}-{}", r.building, r.room),
                        bed = label,
                        n = r.capacity
                    ));
                } else {
                    dorm::bed_delete(tx, *id)?;
                }
            }
        }
        bulk.end(tx)?;
        entries.push(summary_entry("rooms", &report));
        Ok((report, entries))
    })
}

fn import_roster(
    app: &mut App,
    sheet: &Sheet,
    l: &Layout,
    mut report: ImportReport,
    dry_run: bool,
) -> Result<ImportReport> {
    let file = report.file.clone();
    let rows = checked(&file, rows::roster(sheet, l))?;
    let (login, now) = (app.actor.login.clone(), app.now());
    app.store.write_or_rollback(&login, now, !dry_run, |tx| {
        let staff = org::all_staff(tx)?;
        let index = StaffIndex::new(&staff);
        let mut problems = Vec::new();
        let mut resolved = Vec::new();
        for r in &rows {
            match index.find(&r.officer, Role::DutyOfficer) {
                Ok(s) => resolved.push((r, s.id)),
                Err(msg) => problems.push(Problem::new(r.row, "值班人", msg)),
            }
        }
        if !problems.is_empty() {
            return Err(problems_error(&file, problems));
        }
        for (r, officer) in resolved {
            use crate::store::duty::Upsert;
            match crate::store::duty::upsert_roster(
                tx,
                &r.date.to_string(),
                &r.shift,
                officer,
                r.leader.as_deref(),
                r.location.as_deref(),
            )? {
                Upsert::Added => report.added += 1,
                Upsert::Updated => report.updated += 1,
                Upsert::Unchanged => report.unchanged += 1,
            }
        }
        let e = summary_entry("duty-roster", &report);
        Ok((report, vec![e]))
    })
}
