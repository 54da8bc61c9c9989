//! `zhiban report …`: a crisis case's report, and the periodic reports as
//! Markdown, CSV or an Excel workbook, to standard output or (`-o`) a file
//! only its writer reads.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::{Cli, session};
use zhiban::config::Catalog;
use zhiban::error::{Error, Msg, Result};
use zhiban::io::crisis_report;
use zhiban::io::reports::{self, ReportKind};
use zhiban::msg;

use crate::out;

#[derive(Subcommand, Debug)]
pub enum ReportCmd {
    /// The case report (Markdown) a leader asks for the next morning
    Case {
        case: i64,
        #[arg(long, value_enum, default_value_t = MdOnly::Md)]
        format: MdOnly,
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
    /// A semester: its name in the calendar, or 2026-秋 / 2027-春
    #[arg(long)]
    pub semester: Option<String>,
    /// The college [default: yours; a school-wide leader: every college]
    #[arg(long)]
    pub college: Option<String>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,
    /// Write to this file instead of standard output
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MdOnly {
    Md,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// Markdown ready to paste or print
    Md,
    /// CSV (UTF-8 with BOM), one block per section
    Csv,
    /// An Excel workbook, one sheet per section; needs -o unless standard
    /// output is a file or a pipe
    Xlsx,
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

/// Writes `bytes` to `output` (only its writer reads it), else to
/// standard output.
fn write(t: &Catalog, output: Option<&PathBuf>, bytes: &[u8]) -> Result<()> {
    match output {
        Some(p) => {
            zhiban::io::write_private(p, bytes)?;
            out::err_line(&t.msg(&msg!("cli.report.wrote", path = p.display())));
            Ok(())
        }
        None => Ok(out::bytes(bytes)?),
    }
}

pub fn run(cli: &Cli, t: &Catalog, cmd: &ReportCmd) -> Result<()> {
    if let ReportCmd::Aid(a) = cmd {
        return super::aid::report_cmd(&session(cli)?, a);
    }
    let Some((kind, a)) = cmd.periodic() else {
        let ReportCmd::Case { case, output, .. } = cmd else {
            return Ok(());
        };
        let mut app = session(cli)?;
        let v = zhiban::app::crisis::view(&mut app, *case)?;
        let md = crisis_report::report_md(&app, &v);
        return match output {
            Some(_) => write(t, output.as_ref(), md.as_bytes()),
            None => {
                out::text(&md);
                Ok(())
            }
        };
    };
    if a.format == ReportFormat::Xlsx && a.output.is_none() && std::io::stdout().is_terminal() {
        return Err(Error::Usage(Msg::new("err.cli.xlsx_terminal")));
    }
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
    match a.format {
        ReportFormat::Xlsx => write(t, a.output.as_ref(), &book.to_xlsx()?),
        ReportFormat::Csv => write(t, a.output.as_ref(), book.to_csv().as_bytes()),
        ReportFormat::Md => match &a.output {
            Some(_) => write(t, a.output.as_ref(), book.to_md().as_bytes()),
            None => {
                out::text(&book.to_md());
                Ok(())
            }
        },
    }
}
