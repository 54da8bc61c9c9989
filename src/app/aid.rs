//! The aid specialist's own work (资助专员, issue 15 item 4): home visits
//! (家访) with the family's situation, growth-file entries (成长档案), and
//! the financially-difficult students with how far each is covered.
//!
//! Seed 001 五 发展型资助 二: 「家庭经济困难学生家访全覆盖，高校学生必访（可线
//! 上线下相结合），家访过程突出隐私保护、尊严维护」. Seed 001 六(一)2: 「建立学
//! 生发展型资助成长档案（全体家庭经济困难学生），记录学生的资助历史、家庭走访、
//! 学生特点、成长奖励等情况」. Privacy (RULES.md `privacy.aid`; 000 附件2 八.5
//! 「不得泄露学生家庭经济状况、身份证号等隐私信息」): what a family said of its
//! finances is [`Kind::FamilyFinance`], read only by the college's aid
//! specialist and the student's own counsellor.
//!
//! Each write is one transaction with its audit row; a correction is a new
//! row amending the original, which stays (and counts once).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::json;

use super::App;
use super::policy::{Action, Kind, allows, relation};
use super::records::write_amendment;
use crate::domain::aid::{
    GrowthEntry, GrowthKind, HomeVisit, VisitMode, check_growth, check_visit, grade_of,
};
use crate::domain::clock::{local_date, to_db};
use crate::domain::staff::Staff;
use crate::domain::student::{FlagClass, StudentRecord, parse_date};
use crate::error::{Error, Msg, Result};
use crate::msg;
use crate::store::aid::{self as store, NewGrowth, NewVisit};
use crate::store::{AuditEntry, students};

/// The student with 学号 `no`, if the actor may `action` each of `kinds`.
fn student_for(app: &App, no: &str, kinds: &[Kind], action: Action) -> Result<StudentRecord> {
    let conn = app.store.conn();
    let no = no.trim();
    let s = students::id_by_number(conn, no)?
        .and_then(|id| students::by_id(conn, id).transpose())
        .transpose()?
        .ok_or_else(|| Error::Data(msg!("err.not_found.student", no = no)))?;
    let rel = relation(&app.actor, &s);
    if !kinds.iter().all(|k| allows(&app.actor, *k, action, rel)) {
        let m = if action == Action::View {
            msg!(
                "err.denied.aid_read",
                login = &app.actor.login,
                name = &s.name,
                no = &s.student_no
            )
        } else {
            msg!(
                "err.denied.aid_write",
                login = &app.actor.login,
                name = &s.name,
                no = &s.student_no
            )
        };
        return Err(Error::Refused(m));
    }
    Ok(s)
}

fn opt(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn today(app: &App) -> NaiveDate {
    local_date(app.now(), app.assets.calendar.utc_offset_hours)
}

/// A home visit as its author writes it.
#[derive(Debug, Clone)]
pub struct VisitInput {
    pub student_no: String,
    /// The day of the visit [default: today].
    pub on: Option<NaiveDate>,
    pub mode: VisitMode,
    pub address: Option<String>,
    /// 家庭情况: what the family's situation is (required).
    pub family: String,
    /// 发现的需求
    pub needs: Option<String>,
    /// 下一步
    pub next_step: Option<String>,
    /// Who else went: logins or names, separated by commas, 、 or spaces.
    pub went: String,
}

/// The staff named in a "who went" field: each word a login, a name or
/// the name's pinyin (full or initials) of an active staff member; a name
/// two people share must be given as a login. Errors name the word to fix.
pub fn resolve_staff(app: &App, words: &str) -> Result<Vec<i64>> {
    let all = store::staff_names(app.store.conn())?;
    let mut out = Vec::new();
    for w in words
        .split([',', '，', '、', ';', '；', ' ', '\u{3000}'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        let by_login: Vec<i64> = all
            .iter()
            .filter(|s| s.1.eq_ignore_ascii_case(w))
            .map(|s| s.0)
            .collect();
        let by_name: Vec<i64> = all.iter().filter(|s| s.2 == w).map(|s| s.0).collect();
        // else the name's pinyin in full or its initials (zhangli, zl)
        let low = w.to_lowercase();
        let hits = if !by_login.is_empty() {
            by_login
        } else if !by_name.is_empty() {
            by_name
        } else {
            all.iter()
                .filter(|s| crate::domain::search::name_keys(&s.2).contains(&low))
                .map(|s| s.0)
                .collect()
        };
        match hits.as_slice() {
            [id] => {
                if !out.contains(id) {
                    out.push(*id)
                }
            }
            [] => return Err(Error::Data(msg!("err.aid.unknown_staff", who = w))),
            _ => return Err(Error::Data(msg!("err.aid.ambiguous_staff", who = w))),
        }
    }
    Ok(out)
}

/// Records a home visit (counts for `aid.home-visit` on its day).
pub fn record_visit(app: &mut App, v: &VisitInput) -> Result<i64> {
    let s = student_for(
        app,
        &v.student_no,
        &[Kind::HomeVisit, Kind::FamilyFinance],
        Action::Edit,
    )?;
    let on = v.on.unwrap_or_else(|| today(app));
    check_visit(on, today(app), &v.family).map_err(Error::Data)?;
    let went = resolve_staff(app, &v.went)?;
    let (login, me, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let (on_s, now_s) = (on.to_string(), to_db(now));
    app.store.write(&login, now, |tx| {
        let id = store::insert_visit(
            tx,
            &NewVisit {
                student_id: s.id,
                author_id: me,
                visited_on: &on_s,
                mode: v.mode.code(),
                address: opt(&v.address),
                family: v.family.trim(),
                needs: opt(&v.needs),
                next_step: opt(&v.next_step),
                went: &went,
                amends: None,
                written_at: &now_s,
                written_by: me,
            },
        )?;
        // the audit row names the student and the visit, never the family's words
        Ok((
            id,
            vec![AuditEntry::new(
                "home_visit.record",
                "home_visit",
                Some(id.to_string()),
                json!({"student": s.student_no, "on": on_s, "mode": v.mode.code(), "went": went}),
            )],
        ))
    })
}

/// A correction of a home visit: the fields given replace the old ones in
/// a new version; the others are kept.
#[derive(Debug, Clone, Default)]
pub struct VisitAmend {
    pub address: Option<String>,
    pub family: Option<String>,
    pub needs: Option<String>,
    pub next_step: Option<String>,
}

/// Corrects a home visit: only its author does; a new row amends the
/// original (never another amendment), which stays and counts once.
pub fn amend_visit(app: &mut App, visit_id: i64, a: &VisitAmend) -> Result<i64> {
    let old = store::visit(app.store.conn(), visit_id)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.home_visit", id = visit_id)))?;
    let pick = |new: &Option<String>, old: Option<&str>| -> Option<String> {
        match new {
            Some(n) => Some(n.trim().to_string()).filter(|t| !t.is_empty()),
            None => old.map(String::from),
        }
    };
    let family = pick(&a.family, Some(&old.family)).unwrap_or_default();
    let address = pick(&a.address, old.address.as_deref());
    let needs = pick(&a.needs, old.needs.as_deref());
    let next = pick(&a.next_step, old.next_step.as_deref());
    let went: Vec<i64> = old.went.iter().map(|w| w.0).collect();
    if family.is_empty() && old.author_id == app.actor.id {
        return Err(Error::Data(Msg::new("err.aid.need_family")));
    }
    write_amendment(
        app,
        ("home_visit.amend", "home_visit", "err.what.home_visit"),
        (old.id, old.author_id, old.amends),
        |tx, original, now_s, me| {
            store::insert_visit(
                tx,
                &NewVisit {
                    student_id: old.student_id,
                    author_id: old.author_id,
                    visited_on: &old.visited_on,
                    mode: &old.mode,
                    address: address.as_deref(),
                    family: &family,
                    needs: needs.as_deref(),
                    next_step: next.as_deref(),
                    went: &went,
                    amends: Some(original),
                    written_at: now_s,
                    written_by: me,
                },
            )
        },
    )
}

/// The newest version of each original (rows are oldest first).
fn newest<T: Clone>(rows: &[T], key: impl Fn(&T) -> (i64, Option<i64>)) -> Vec<T> {
    let mut at: HashMap<i64, usize> = HashMap::new();
    let mut out: Vec<T> = Vec::new();
    for r in rows {
        let (id, amends) = key(r);
        let original = amends.unwrap_or(id);
        match at.get(&original) {
            Some(&i) => out[i] = r.clone(),
            None => {
                at.insert(original, out.len());
                out.push(r.clone());
            }
        }
    }
    out
}

/// A student's home visits as the actor may read them (newest version of
/// each, oldest visit first); the family's address, situation and needs
/// only for a reader who may see them (`family_shown`).
pub fn visits(app: &App, student_no: &str) -> Result<(Vec<HomeVisit>, bool)> {
    let s = student_for(app, student_no, &[Kind::HomeVisit], Action::View)?;
    let shown = allows(
        &app.actor,
        Kind::FamilyFinance,
        Action::View,
        relation(&app.actor, &s),
    );
    let rows = store::visits_of_student(app.store.conn(), s.id)?;
    let out = newest(&rows, |r| (r.id, r.amends))
        .into_iter()
        .map(|r| HomeVisit {
            id: r.id,
            amends: r.amends,
            student_id: r.student_id,
            author_id: r.author_id,
            author: r.author,
            visited_on: parse_date(&r.visited_on).unwrap_or_default(),
            mode: VisitMode::parse(&r.mode).unwrap_or(VisitMode::InPerson),
            went: r.went.into_iter().map(|w| w.1).collect(),
            address: if shown { r.address } else { None },
            family: shown.then_some(r.family),
            needs: if shown { r.needs } else { None },
            next_step: r.next_step,
        })
        .collect();
    Ok((out, shown))
}

/// A growth-file entry as its author writes it.
#[derive(Debug, Clone)]
pub struct GrowthInput {
    pub student_no: String,
    pub on: Option<NaiveDate>,
    pub kind: GrowthKind,
    pub text: String,
}

/// Records a growth-file entry (counts for `aid.growth-file`).
pub fn record_growth(app: &mut App, g: &GrowthInput) -> Result<i64> {
    let s = student_for(app, &g.student_no, &[Kind::GrowthFile], Action::Edit)?;
    let on = g.on.unwrap_or_else(|| today(app));
    check_growth(on, today(app), &g.text).map_err(Error::Data)?;
    let (login, me, now) = (app.actor.login.clone(), app.actor.id, app.now());
    let (on_s, now_s) = (on.to_string(), to_db(now));
    app.store.write(&login, now, |tx| {
        let id = store::insert_growth(
            tx,
            &NewGrowth {
                student_id: s.id,
                author_id: me,
                noted_on: &on_s,
                kind: g.kind.code(),
                text: g.text.trim(),
                amends: None,
                written_at: &now_s,
                written_by: me,
            },
        )?;
        Ok((
            id,
            vec![AuditEntry::new(
                "growth.record",
                "growth_entry",
                Some(id.to_string()),
                json!({"student": s.student_no, "on": on_s, "kind": g.kind.code()}),
            )],
        ))
    })
}

/// Corrects a growth-file entry's text (its author only; the original stays).
pub fn amend_growth(app: &mut App, entry_id: i64, text: &str) -> Result<i64> {
    let old = store::growth(app.store.conn(), entry_id)?
        .ok_or_else(|| Error::Data(msg!("err.not_found.growth", id = entry_id)))?;
    let text = text.trim();
    if text.is_empty() && old.author_id == app.actor.id {
        return Err(Error::Data(Msg::new("err.aid.need_growth_text")));
    }
    write_amendment(
        app,
        ("growth.amend", "growth_entry", "err.what.growth"),
        (old.id, old.author_id, old.amends),
        |tx, original, now_s, me| {
            store::insert_growth(
                tx,
                &NewGrowth {
                    student_id: old.student_id,
                    author_id: old.author_id,
                    noted_on: &old.noted_on,
                    kind: &old.kind,
                    text,
                    amends: Some(original),
                    written_at: now_s,
                    written_by: me,
                },
            )
        },
    )
}

/// A student's growth file (newest version of each entry, oldest first),
/// for a reader who may see it. The student timeline can show these beside
/// talks and contacts.
pub fn growth_file(app: &App, student_no: &str) -> Result<Vec<GrowthEntry>> {
    let s = student_for(app, student_no, &[Kind::GrowthFile], Action::View)?;
    let rows = store::growth_of_student(app.store.conn(), s.id)?;
    Ok(newest(&rows, |r| (r.id, r.amends))
        .into_iter()
        .map(|r| GrowthEntry {
            id: r.id,
            amends: r.amends,
            student_id: r.student_id,
            author: r.author,
            noted_on: parse_date(&r.noted_on).unwrap_or_default(),
            kind: GrowthKind::parse(&r.kind).unwrap_or(GrowthKind::Change),
            text: r.text,
        })
        .collect())
}

/// One financially-difficult student on the aid roster.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AidLine {
    pub student_no: String,
    pub name: String,
    pub grade: Option<i32>,
    pub class: Option<String>,
    pub counsellor: Option<String>,
    /// 困难等级 (特别困难, 困难, 一般困难)
    pub level: Option<String>,
    pub last_visit: Option<NaiveDate>,
    pub last_growth: Option<NaiveDate>,
    /// A visit / a growth-file entry this academic year.
    pub visited: bool,
    pub grown: bool,
    /// How many growth-file entries this academic year.
    pub growth_entries: usize,
}

/// The financially-difficult students the actor may see as such (the aid
/// specialist and leaders: their college; a counsellor: their own), with
/// this academic year's home-visit and growth-file status; those missing
/// something first.
pub fn roster(app: &App) -> Result<Vec<AidLine>> {
    let conn = app.store.conn();
    let (start, _) = app.assets.calendar.academic_year(today(app));
    let entries = store::growth_counts_since(conn, app.actor.college_id, &start.to_string())?;
    let mut out: Vec<AidLine> = store::aid_students(conn, app.actor.college_id)?
        .into_iter()
        .filter(|r| may_see_as_difficult(&app.actor, r.counsellor_id, r.college_id))
        .map(|r| {
            let last_visit = r.last_home_visit_on.as_deref().and_then(parse_date);
            let last_growth = r.last_growth_on.as_deref().and_then(parse_date);
            AidLine {
                grade: grade_of(&r.student_no, r.class.as_deref()),
                student_no: r.student_no,
                name: r.name,
                class: r.class,
                counsellor: r.counsellor,
                level: r.level,
                visited: last_visit.is_some_and(|d| d >= start),
                grown: last_growth.is_some_and(|d| d >= start),
                growth_entries: entries.get(&r.id).copied().unwrap_or(0),
                last_visit,
                last_growth,
            }
        })
        .collect();
    out.sort_by_key(|l| (l.visited && l.grown, l.class.clone(), l.student_no.clone()));
    Ok(out)
}

/// May the actor know that this student is financially difficult (RULES
/// `privacy.aid`): the policy's answer for the financial flag.
pub fn may_see_as_difficult(actor: &Staff, counsellor: Option<i64>, college: i64) -> bool {
    let own = actor.has(crate::domain::staff::Role::Counsellor) && counsellor == Some(actor.id);
    let rel = super::policy::relation_to(actor, own, &[college]);
    allows(actor, Kind::Flag(FlagClass::Financial), Action::View, rel)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_newest_version_stands_in_the_place_of_its_original() {
        // (id, amends): 1, 2, then 3 amends 1 and 4 amends 1 again
        let rows = [(1, None), (2, None), (3, Some(1)), (4, Some(1))];
        let got = super::newest(&rows, |r| *r);
        assert_eq!(got, vec![(4, Some(1)), (2, None)]);
    }
}
