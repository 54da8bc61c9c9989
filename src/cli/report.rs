//! `zhiban report …`: a crisis case's report, and the periodic reports as
//! Markdown, CSV or an Excel workbook, to standard output or (`-o`) a file
//! only its writer reads.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{self, Format, Sink, refuse_xlsx_on_terminal};
use super::{Cli, session};
use zhiban::app::report_filings;
use zhiban::config::Catalog;
use zhiban::error::Result;
use zhiban::io::crisis_report;
use zhiban::io::reports::{self, ReportKind};

#[derive(Subcommand, Debug)]
pub enum ReportCmd {
    /// The case report (Markdown) a leader asks for the next morning
    Case {
        case: i64,
        #[arg(long, default_value = "md", value_parser = output::formats(output::MD))]
        format: Format,
        /// Write to this file instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// The psych weekly report of a college (psych.weekly-report, every Friday)
    Weekly(#[command(flatten)] ReportArgs),
    /// The psych monthly report of a college (psych.monthly-report, 25th–28th)
    Monthly(#[command(flatten)] ReportArgs),
    /// Crisis interventions in a month (psych.crisis-stats)
    CrisisStats(#[command(flatten)] ReportArgs),
    /// 待办 / 逾期 per counsellor of a college (yours, for a counsellor)
    Compliance(#[command(flatten)] ReportArgs),
    /// The class ledger (班会, 班委会议, 查课, 听课) of a period
    Ledger(#[command(flatten)] ReportArgs),
    /// Home-visit and growth-file coverage of financially-difficult students (aid.home-visit, aid.growth-file)
    Aid(super::aid::AidReportArgs),
}

/// What every periodic report takes.
#[derive(Args, Debug, Clone)]
pub struct ReportArgs {
    /// An ISO week, e.g. 2026-W47 [default: this week, for the weekly report]
    #[arg(long, value_name = "YYYY-Www")]
    pub week: Option<String>,
    /// A month, e.g. 2026-11 [default: this month]
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// A semester: its name in the calendar (2026-2027学年第一学期),
    /// 2026-秋 / 2027-春, 2026-autumn / 2027-spring, or a date in it
    #[arg(long)]
    pub semester: Option<String>,
    /// The college [default: yours; a school-wide leader: every college]
    #[arg(long)]
    pub college: Option<String>,
    #[arg(long, default_value = "md", value_parser = output::formats(output::BOOK))]
    pub format: Format,
    /// Write to this file instead of standard output
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

impl ReportCmd {
    /// The periodic report asked for, with its options.
    fn periodic(&self) -> Option<(ReportKind, &ReportArgs)> {
        Some(match self {
            ReportCmd::Case { .. } | ReportCmd::Aid(_) => return None,
            ReportCmd::Weekly(a) => (ReportKind::Weekly, a),
            ReportCmd::Monthly(a) => (ReportKind::Monthly, a),
            ReportCmd::CrisisStats(a) => (ReportKind::CrisisStats, a),
            ReportCmd::Compliance(a) => (ReportKind::Compliance, a),
            ReportCmd::Ledger(a) => (ReportKind::Ledger, a),
        })
    }
}

pub fn run(cli: &Cli, t: &Catalog, cmd: &ReportCmd) -> Result<()> {
    if let ReportCmd::Aid(a) = cmd {
        return super::aid::report_cmd(&session(cli)?, t, a);
    }
    let Some((kind, a)) = cmd.periodic() else {
        let ReportCmd::Case { case, output, .. } = cmd else {
            return Ok(());
        };
        let mut app = session(cli)?;
        let v = zhiban::app::crisis::view(&mut app, *case)?;
        let mut sink = Sink::new(t, output.as_deref());
        sink.text(&crisis_report::report_md(&app, &v));
        return sink.finish();
    };
    refuse_xlsx_on_terminal(a.format, a.output.as_deref())?;
    let mut app = session(cli)?;
    let period = reports::period_of(
        &app.assets().calendar,
        kind,
        app.today(),
        a.week.as_deref(),
        a.month.as_deref(),
        a.semester.as_deref(),
    )?;
    let book = reports::build(&mut app, kind, &period, a.college.as_deref())?;
    let mut sink = Sink::new(t, a.output.as_deref());
    sink.book(&book, a.format)?;
    sink.finish()?;
    // the psych specialist's report written to a file is handed in
    let weekly = match kind {
        ReportKind::Weekly => true,
        ReportKind::Monthly => false,
        _ => return Ok(()),
    };
    if a.output.is_some() {
        report_filings::record(&mut app, weekly, &period, report_filings::How::Export)?;
    }
    Ok(())
}
