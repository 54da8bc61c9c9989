//! The reports offices ask for, each a [`Book`] (the format — xlsx, CSV,
//! Markdown, the 报表 screen's preview — is only a writer):
//!
//! - the psych weekly and monthly reports of a college ([`psych`]);
//! - the monthly crisis statistics (`psych.crisis-stats`);
//! - 待办 / 逾期 per counsellor of a college (the compliance engine);
//! - the class ledger of a period.
//!
//! Each asks the access policy for its scope first and is audit-logged
//! (`report.KIND`, with the period, the college and the rows written),
//! like an export.

mod office;
pub mod psych;

use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::json;

use crate::app::App;
use crate::app::policy::{Action, Kind, Relation, allows, relation_to};
use crate::config::{Assets, Lang};
use crate::domain::calendar::Calendar;
use crate::domain::period::Period;
use crate::domain::staff::Staff;
use crate::error::{Error, Result};
use crate::io::book::Book;
use crate::msg;
use crate::store::{AuditEntry, org};

/// The reports there are. Adding one: a variant here, its code, its
/// period, who may run it, and its builder in [`build`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportKind {
    Weekly,
    Monthly,
    CrisisStats,
    Compliance,
    Ledger,
}

/// What period a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    Week,
    Month,
    /// None: the report is "as of today" (待办 / 逾期).
    Today,
}

impl ReportKind {
    pub const ALL: [ReportKind; 5] = [
        ReportKind::Weekly,
        ReportKind::Monthly,
        ReportKind::CrisisStats,
        ReportKind::Compliance,
        ReportKind::Ledger,
    ];

    /// As on the command line (`zhiban report CODE`) and in the audit log.
    pub fn code(self) -> &'static str {
        match self {
            ReportKind::Weekly => "weekly",
            ReportKind::Monthly => "monthly",
            ReportKind::CrisisStats => "crisis-stats",
            ReportKind::Compliance => "compliance",
            ReportKind::Ledger => "ledger",
        }
    }

    /// The catalogue key of its name.
    pub fn name_key(self) -> &'static str {
        match self {
            ReportKind::Weekly => "reports.weekly",
            ReportKind::Monthly => "reports.monthly",
            ReportKind::CrisisStats => "reports.crisis_stats",
            ReportKind::Compliance => "reports.compliance",
            ReportKind::Ledger => "reports.ledger",
        }
    }

    /// The period it covers by default.
    pub fn period_kind(self) -> PeriodKind {
        match self {
            ReportKind::Weekly => PeriodKind::Week,
            ReportKind::Compliance => PeriodKind::Today,
            _ => PeriodKind::Month,
        }
    }

    /// The period holding `today`.
    pub fn default_period(self, today: NaiveDate) -> Period {
        match self.period_kind() {
            PeriodKind::Week => Period::week_of(today),
            _ => Period::month_of(today),
        }
    }

    /// May `actor` run this report for their own college (or, school-wide,
    /// for any)? The list the 报表 screen offers.
    pub fn may_run(self, actor: &Staff) -> bool {
        let any =
            |k: Kind, rels: &[Relation]| rels.iter().any(|&r| allows(actor, k, Action::View, r));
        match self {
            ReportKind::Weekly | ReportKind::Monthly => {
                any(Kind::PsychReport, &[Relation::InScope])
            }
            ReportKind::CrisisStats => {
                // the college's (a duty officer's or counsellor's own cases
                // are no statistics)
                any(Kind::PsychReport, &[Relation::InScope])
                    || any(Kind::Crisis, &[Relation::InScope])
            }
            ReportKind::Compliance => any(Kind::Compliance, &[Relation::Own, Relation::InScope]),
            ReportKind::Ledger => any(Kind::ClassLedger, &[Relation::Own, Relation::InScope]),
        }
    }
}

/// The reports `actor` may run, in the order the 报表 screen lists them.
pub fn available(actor: &Staff) -> Vec<ReportKind> {
    ReportKind::ALL
        .into_iter()
        .filter(|k| k.may_run(actor))
        .collect()
}

/// The college a report covers: the one named (which must be in the
/// actor's scope), else the actor's own; `None` for every college (a
/// school-wide actor naming none). With its name for the title.
pub(crate) struct Scope {
    pub college: Option<i64>,
    pub name: String,
}

fn scope(app: &App, college: Option<&str>) -> Result<Scope> {
    let colleges = org::colleges(app.store.conn())?;
    let id = match college {
        Some(n) => Some(
            colleges
                .iter()
                .find(|(_, name)| name == n.trim())
                .map(|(id, _)| *id)
                .ok_or_else(|| Error::Data(msg!("err.not_found.college", name = n)))?,
        ),
        None => app.actor.college_id,
    };
    let name = match id {
        Some(i) => colleges
            .iter()
            .find(|(c, _)| *c == i)
            .map(|(_, n)| n.clone())
            .unwrap_or_default(),
        None => app.assets.text.t("reports.school").to_string(),
    };
    Ok(Scope { college: id, name })
}

/// Parses the period given for `kind` (`--week`, `--month` or
/// `--semester`; at most one), else the one holding today.
pub fn period_of(
    cal: &Calendar,
    kind: ReportKind,
    today: NaiveDate,
    week: Option<&str>,
    month: Option<&str>,
    semester: Option<&str>,
) -> Result<Period> {
    match (week, month, semester) {
        (None, None, None) => Ok(kind.default_period(today)),
        (Some(w), None, None) => {
            Period::parse_week(w).ok_or_else(|| Error::Usage(msg!("err.report.week", value = w)))
        }
        (None, Some(m), None) => {
            Period::parse_month(m).ok_or_else(|| Error::Usage(msg!("err.report.month", value = m)))
        }
        (None, None, Some(s)) => Period::parse_semester(cal, s)
            .ok_or_else(|| Error::Usage(msg!("err.report.semester", value = s))),
        _ => Err(Error::Usage(crate::error::Msg::new(
            "err.report.one_period",
        ))),
    }
}

/// Builds a report for `period` and `college` (see [`scope`]), refused
/// outside the actor's scope, and logs that it was made.
///
/// A report is a filing on the school's own forms (their sheets and
/// headings are Chinese): its talk kinds, crisis steps and levels are worded
/// in Chinese too, whatever the interface's language, not half and half.
pub fn build(
    app: &mut App,
    kind: ReportKind,
    period: &Period,
    college: Option<&str>,
) -> Result<Book> {
    if app.assets.lang == Lang::ZhCn {
        return build_in(app, kind, period, college);
    }
    let own = std::mem::replace(&mut app.assets, chinese_assets()?);
    let book = build_in(app, kind, period, college);
    app.assets = own;
    book
}

/// The Chinese assets reports are worded in under another interface
/// language: loaded once a process, as the session's own are (a preview
/// rebuilt on each key read the files and parsed the catalogue each time).
fn chinese_assets() -> Result<Arc<Assets>> {
    static ZH: std::sync::OnceLock<Arc<Assets>> = std::sync::OnceLock::new();
    if let Some(a) = ZH.get() {
        return Ok(a.clone());
    }
    let loaded = Arc::new(Assets::load(Lang::ZhCn)?);
    Ok(ZH.get_or_init(|| loaded).clone())
}

fn build_in(
    app: &mut App,
    kind: ReportKind,
    period: &Period,
    college: Option<&str>,
) -> Result<Book> {
    let sc = scope(app, college)?;
    let rel = relation_to(
        &app.actor,
        false,
        &sc.college.into_iter().collect::<Vec<_>>(),
    );
    let refused = || {
        Error::Refused(msg!(
            "err.denied.report",
            login = &app.actor.login,
            college = &sc.name
        ))
    };
    let book = match kind {
        ReportKind::Weekly | ReportKind::Monthly => {
            // a school-wide actor without a college: every college
            if !allows(&app.actor, Kind::PsychReport, Action::View, rel) {
                return Err(refused());
            }
            psych::report(app, kind == ReportKind::Monthly, period, &sc)?
        }
        ReportKind::CrisisStats => {
            if !kind.may_run(&app.actor) {
                return Err(refused());
            }
            office::crisis_stats(app, period, &sc)?
        }
        ReportKind::Compliance => {
            if !kind.may_run(&app.actor) {
                return Err(refused());
            }
            office::compliance(app, college, &sc)?
        }
        ReportKind::Ledger => {
            if !kind.may_run(&app.actor) {
                return Err(refused());
            }
            office::ledger(app, period, &sc)?
        }
    };
    let rows: usize = book.sheets.iter().map(|s| s.rows.len()).sum();
    let (login, now) = (app.actor.login.clone(), app.now());
    app.store.write(&login, now, |_| {
        Ok((
            (),
            vec![AuditEntry::new(
                &format!("report.{}", kind.code().replace('-', "_")),
                "report",
                None,
                json!({"period": period.code(), "college": sc.name, "rows": rows}),
            )],
        ))
    })?;
    Ok(book)
}
