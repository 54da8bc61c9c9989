//! The aid specialist's work from a shell: `home-visit`, `growth`, `aid
//! list`, and `report aid`.

use std::path::PathBuf;

use clap::Subcommand;

use super::output::{self, Format, ListArgs, Sink, refuse_xlsx_on_terminal};
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
        #[command(flatten)]
        out: ListArgs,
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
        #[command(flatten)]
        out: ListArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum AidCmd {
    /// The financially-difficult students you may see, with this academic year's home visit and growth file
    List {
        #[command(flatten)]
        out: ListArgs,
    },
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
        VisitCmd::List { student, out } => {
            let (visits, shown) = app::aid::visits(&app, student)?;
            let mut sink = Sink::new(t, out.output.as_deref());
            sink.records(visits.len());
            if out.format == Format::Json {
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
                sink.bytes(json_text(&rows)?.as_bytes())?;
                return sink.finish();
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
                sink.line(&line);
            }
            if !shown && !visits.is_empty() {
                sink.say(Msg::new("cli.aid.family_hidden"));
            }
            sink.finish()?;
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
        GrowthCmd::List { student, out } => {
            let entries = app::aid::growth_file(&app, student)?;
            let mut sink = Sink::new(t, out.output.as_deref());
            sink.records(entries.len());
            if out.format == Format::Json {
                let rows: Vec<serde_json::Value> = entries
                    .iter()
                    .map(|e| {
                        serde_json::json!({
                            "id": e.id, "amends": e.amends, "on": e.noted_on.to_string(),
                            "kind": e.kind.code(), "text": e.text, "author": e.author,
                        })
                    })
                    .collect();
                sink.bytes(json_text(&rows)?.as_bytes())?;
                return sink.finish();
            }
            for e in &entries {
                sink.line(&format!(
                    "#{} {} {} {} ({})",
                    e.id,
                    e.noted_on,
                    t.t(e.kind.i18n_key()),
                    safe_line(&e.text),
                    safe_line(&e.author)
                ));
            }
            sink.finish()?;
        }
    }
    Ok(())
}

pub fn aid(cli: &Cli, t: &Catalog, cmd: &AidCmd) -> Result<()> {
    let app = session(cli)?;
    match cmd {
        AidCmd::List { out } => {
            let lines = app::aid::roster(&app)?;
            let mut sink = Sink::new(t, out.output.as_deref());
            sink.records(lines.len());
            if out.format == Format::Json {
                sink.bytes(json_text(&lines)?.as_bytes())?;
                return sink.finish();
            }
            let mark = |b: bool| t.t(if b { "aid.done" } else { "aid.not_done" }).to_string();
            for l in &lines {
                sink.line(&format!(
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
            sink.say(msg!(
                "cli.aid.roster_total",
                n = lines.len(),
                visited = lines.iter().filter(|l| l.visited).count(),
                grown = lines.iter().filter(|l| l.grown).count()
            ));
            sink.finish()?;
        }
    }
    Ok(())
}

/// The arguments of `report aid` (kept here so the report command grows by
/// one variant).
#[derive(clap::Args, Debug)]
pub struct AidReportArgs {
    /// The semester: its name (2026-2027学年第一学期), 2026-秋 / 2027-春,
    /// 2026-autumn / 2027-spring, or a date in it [default: now]
    #[arg(long, conflicts_with = "year")]
    pub semester: Option<String>,
    /// The academic year starting in this year (2026: 2026-09 to 2027-08)
    #[arg(long)]
    pub year: Option<i32>,
    /// A college by name [default: yours]
    #[arg(long)]
    pub college: Option<String>,
    #[arg(long, default_value = "md", value_parser = output::formats(output::BOOK))]
    pub format: Format,
    /// Write to this file instead of standard output
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// `report aid`: the coverage book, as Markdown, CSV or xlsx, to standard
/// output or `-o FILE`.
pub fn report_cmd(app: &App, t: &Catalog, a: &AidReportArgs) -> Result<()> {
    refuse_xlsx_on_terminal(a.format, a.output.as_deref())?;
    let period = match a.year {
        Some(y) => Period::Year(y),
        None => Period::Semester(a.semester.clone()),
    };
    let book = zhiban::io::aid_report::aid_book(app, &period, a.college.as_deref())?;
    let mut sink = Sink::new(t, a.output.as_deref());
    sink.records(book.sheets.iter().map(|s| s.rows.len()).sum::<usize>());
    sink.book(&book, a.format)?;
    sink.finish()
}
