//! The aid specialist's work from a shell: `home-visit`, `growth`, `aid
//! list`, and `report aid`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};

use super::{Cli, parse_day, say, session};
use zhiban::app::aid::{GrowthInput, VisitAmend, VisitInput};
use zhiban::app::aid_report::Period;
use zhiban::app::{self, App};
use zhiban::config::Catalog;
use zhiban::domain::aid::{GrowthKind, VisitMode};
use zhiban::domain::text::safe_line;
use zhiban::error::{Error, Msg, Result};
use zhiban::io::export::json_text;
use zhiban::msg;

use crate::out;

#[derive(Subcommand, Debug)]
pub enum VisitCmd {
    /// Record a home visit (家访), in person or online; counts for aid.home-visit
    Add {
        /// 学号
        student: String,
        /// The family's situation (家庭情况) — seen only by the aid specialist and the student's counsellor
        #[arg(long)]
        family: String,
        /// 线下 (in person) or 线上 (online)
        #[arg(long, default_value = "in_person")]
        mode: String,
        /// The day of the visit [default: today]
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        on: Option<chrono::NaiveDate>,
        #[arg(long)]
        address: Option<String>,
        /// Needs found (发现的需求)
        #[arg(long)]
        needs: Option<String>,
        /// The next step (下一步)
        #[arg(long)]
        next: Option<String>,
        /// Who else went: logins or names, comma-separated (you are one of them)
        #[arg(long = "with", default_value = "")]
        with: String,
    },
    /// Correct a home visit (a new version amends it; the original stays)
    Amend {
        visit: i64,
        #[arg(long)]
        family: Option<String>,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        needs: Option<String>,
        #[arg(long)]
        next: Option<String>,
    },
    /// A student's home visits (the family's situation only where you may see it)
    List {
        student: String,
        #[arg(long, value_enum, default_value_t = TextJson::Text)]
        format: TextJson,
    },
}

#[derive(Subcommand, Debug)]
pub enum GrowthCmd {
    /// Add a growth-file entry (成长档案): support given, a reward, an achievement, a trait or a change
    Add {
        /// 学号
        student: String,
        text: String,
        /// 资助帮扶 成长奖励 成绩进步 学生特点 变化
        #[arg(long)]
        kind: String,
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        on: Option<chrono::NaiveDate>,
    },
    /// Correct an entry's text (the original stays)
    Amend { entry: i64, text: String },
    /// A student's growth file
    List {
        student: String,
        #[arg(long, value_enum, default_value_t = TextJson::Text)]
        format: TextJson,
    },
}

#[derive(Subcommand, Debug)]
pub enum AidCmd {
    /// The financially-difficult students you may see, with this academic year's home visit and growth file
    List {
        #[arg(long, value_enum, default_value_t = TextJson::Text)]
        format: TextJson,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextJson {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookFormat {
    Md,
    Xlsx,
    Csv,
}

pub fn visit(cli: &Cli, t: &Catalog, cmd: &VisitCmd) -> Result<()> {
    let mut app = session(cli)?;
    match cmd {
        VisitCmd::Add {
            student,
            family,
            mode,
            on,
            address,
            needs,
            next,
            with,
        } => {
            let mode = VisitMode::parse(mode)
                .ok_or_else(|| Error::Usage(msg!("err.cli.visit_mode", value = mode)))?;
            let input = VisitInput {
                student_no: student.clone(),
                on: *on,
                mode,
                address: address.clone(),
                family: family.clone(),
                needs: needs.clone(),
                next_step: next.clone(),
                went: with.clone(),
            };
            let id = app::aid::record_visit(&mut app, &input)?;
            say(t, msg!("cli.aid.visit", id = id));
        }
        VisitCmd::Amend {
            visit,
            family,
            address,
            needs,
            next,
        } => {
            let a = VisitAmend {
                address: address.clone(),
                family: family.clone(),
                needs: needs.clone(),
                next_step: next.clone(),
            };
            let id = app::aid::amend_visit(&mut app, *visit, &a)?;
            say(t, msg!("cli.aid.visit_amend", id = id, old = visit));
        }
        VisitCmd::List { student, format } => {
            let (visits, shown) = app::aid::visits(&app, student)?;
            if *format == TextJson::Json {
                let rows: Vec<serde_json::Value> = visits
                    .iter()
                    .map(|v| {
                        serde_json::json!({
                            "id": v.id, "amends": v.amends, "on": v.visited_on.to_string(),
                            "mode": v.mode.code(), "went": v.went, "address": v.address,
                            "family": v.family, "needs": v.needs, "next_step": v.next_step,
                        })
                    })
                    .collect();
                out::data(&json_text(&rows)?)?;
                return Ok(());
            }
            for v in &visits {
                let mut line = format!(
                    "#{} {} {} {}",
                    v.id,
                    v.visited_on,
                    t.t(v.mode.i18n_key()),
                    v.went.join("、")
                );
                for x in [&v.address, &v.family, &v.needs, &v.next_step]
                    .into_iter()
                    .flatten()
                {
                    line.push_str(" | ");
                    line.push_str(&safe_line(x));
                }
                out::line(&line);
            }
            if !shown && !visits.is_empty() {
                say(t, Msg::new("cli.aid.family_hidden"));
            }
        }
    }
    Ok(())
}

pub fn growth(cli: &Cli, t: &Catalog, cmd: &GrowthCmd) -> Result<()> {
    let mut app = session(cli)?;
    match cmd {
        GrowthCmd::Add {
            student,
            text,
            kind,
            on,
        } => {
            let kind = GrowthKind::parse(kind)
                .ok_or_else(|| Error::Usage(msg!("err.cli.growth_kind", value = kind)))?;
            let input = GrowthInput {
                student_no: student.clone(),
                on: *on,
                kind,
                text: text.clone(),
            };
            let id = app::aid::record_growth(&mut app, &input)?;
            say(t, msg!("cli.aid.growth", id = id));
        }
        GrowthCmd::Amend { entry, text } => {
            let id = app::aid::amend_growth(&mut app, *entry, text)?;
            say(t, msg!("cli.aid.growth_amend", id = id, old = entry));
        }
        GrowthCmd::List { student, format } => {
            let entries = app::aid::growth_file(&app, student)?;
            if *format == TextJson::Json {
                let rows: Vec<serde_json::Value> = entries
                    .iter()
                    .map(|e| {
                        serde_json::json!({
                            "id": e.id, "amends": e.amends, "on": e.noted_on.to_string(),
                            "kind": e.kind.code(), "text": e.text, "author": e.author,
                        })
                    })
                    .collect();
                out::data(&json_text(&rows)?)?;
                return Ok(());
            }
            for e in &entries {
                out::line(&format!(
                    "#{} {} {} {} ({})",
                    e.id,
                    e.noted_on,
                    t.t(e.kind.i18n_key()),
                    safe_line(&e.text),
                    safe_line(&e.author)
                ));
            }
        }
    }
    Ok(())
}

pub fn aid(cli: &Cli, t: &Catalog, cmd: &AidCmd) -> Result<()> {
    let app = session(cli)?;
    match cmd {
        AidCmd::List { format } => {
            let lines = app::aid::roster(&app)?;
            if *format == TextJson::Json {
                out::data(&json_text(&lines)?)?;
                return Ok(());
            }
            let mark = |b: bool| t.t(if b { "aid.done" } else { "aid.not_done" }).to_string();
            for l in &lines {
                out::line(&format!(
                    "{} {} {} {} {}{} {}{}",
                    l.student_no,
                    safe_line(&l.name),
                    l.class.as_deref().unwrap_or("—"),
                    l.level.as_deref().unwrap_or(""),
                    t.t("aid.visit_short"),
                    mark(l.visited),
                    t.t("aid.growth_short"),
                    mark(l.grown)
                ));
            }
            say(
                t,
                msg!(
                    "cli.aid.roster_total",
                    n = lines.len(),
                    visited = lines.iter().filter(|l| l.visited).count(),
                    grown = lines.iter().filter(|l| l.grown).count()
                ),
            );
        }
    }
    Ok(())
}

/// `report aid`: the coverage book, as Markdown, CSV or xlsx, to standard
/// output or `-o FILE`.
pub fn report(
    app: &App,
    t: &Catalog,
    (semester, year, college): (Option<&str>, Option<i32>, Option<&str>),
    format: BookFormat,
    output: Option<&Path>,
) -> Result<()> {
    if format == BookFormat::Xlsx && output.is_none() && std::io::stdout().is_terminal() {
        return Err(Error::Usage(Msg::new("err.cli.xlsx_terminal")));
    }
    let period = match year {
        Some(y) => Period::Year(y),
        None => Period::Semester(semester.map(String::from)),
    };
    let book = zhiban::io::aid_report::aid_book(app, &period, college)?;
    let bytes = match format {
        BookFormat::Xlsx => book.to_xlsx()?,
        BookFormat::Md => book.to_md().into_bytes(),
        BookFormat::Csv => book.to_csv().into_bytes(),
    };
    match output {
        Some(p) => {
            zhiban::io::write_private(p, &bytes)?;
            let n = book.sheets.iter().map(|s| s.rows.len()).sum::<usize>();
            out::err_line(&t.msg(&msg!("cli.wrote", n = n, path = p.display())));
        }
        None => out::bytes(&bytes)?,
    }
    Ok(())
}

/// The arguments of `report aid` (kept here so the report command grows by
/// one variant).
#[derive(clap::Args, Debug)]
pub struct AidReportArgs {
    /// The semester: its name (2026-2027学年第一学期) or a date in it [default: now]
    #[arg(long, conflicts_with = "year")]
    pub semester: Option<String>,
    /// The academic year starting in this year (2026: 2026-09 to 2027-08)
    #[arg(long)]
    pub year: Option<i32>,
    /// A college by name [default: yours]
    #[arg(long)]
    pub college: Option<String>,
    #[arg(long, value_enum, default_value_t = BookFormat::Md)]
    pub format: BookFormat,
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn report_cmd(app: &App, a: &AidReportArgs) -> Result<()> {
    let t = app.assets().text.clone();
    report(
        app,
        &t,
        (a.semester.as_deref(), a.year, a.college.as_deref()),
        a.format,
        a.output.as_deref(),
    )
}
