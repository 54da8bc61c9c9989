//! Crisis cases, their reports and the SOP templates from a shell.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use super::{Cli, parse_day, say, session};
use zhiban::app::crisis::{self, OpenInput};
use zhiban::config::Catalog;
use zhiban::domain::crisis::EventKind;
use zhiban::domain::text::safe_line;
use zhiban::error::{Error, Msg, Result};
use zhiban::io::crisis_report;
use zhiban::msg;

use crate::out;

#[derive(Subcommand, Debug)]
pub enum CrisisCmd {
    /// Open a case: the clock starts now
    Open {
        /// 心理危机 学生失联 意外伤害/急病 网络舆情 (or psych, missing, injury, online)
        #[arg(long)]
        kind: String,
        /// 学号 (repeatable)
        #[arg(long)]
        student: Vec<String>,
        /// Where
        #[arg(long = "where")]
        location: Option<String>,
        /// What is known
        #[arg(long)]
        known: Option<String>,
        /// The duty-log entry it comes from
        #[arg(long)]
        entry: Option<i64>,
    },
    /// The cases you may see
    List,
    /// One case: every step with its state, the current step, the timeline
    Show { case: i64 },
    /// Mark a step done
    Done {
        case: i64,
        step: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Withdraw what you recorded on a step (done, skip or n.a.) within the
    /// window crisis.toml sets (`withdraw_minutes`, 10 by default); the
    /// withdrawal is recorded, nothing is deleted
    Withdraw { case: i64, step: String },
    /// Skip a step (a reason is required)
    Skip {
        case: i64,
        step: String,
        #[arg(long)]
        reason: String,
    },
    /// Mark a step not applicable (a reason is required)
    Na {
        case: i64,
        step: String,
        #[arg(long)]
        reason: String,
    },
    /// Add a note to the case (or to a step)
    Note {
        case: i64,
        text: String,
        #[arg(long)]
        step: Option<String>,
    },
    /// Set or change the risk level, with the reason
    Level {
        case: i64,
        level: String,
        #[arg(long)]
        reason: String,
    },
    /// Close a phase (acute: aftercare starts and the review is due in a month)
    ClosePhase {
        case: i64,
        #[arg(default_value = "acute")]
        phase: String,
    },
    /// Close the case (every required step settled)
    Close {
        case: i64,
        #[arg(long)]
        outcome: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ReportCmd {
    /// The case report (Markdown) a leader asks for the next morning
    Case {
        case: i64,
        #[arg(long, value_enum, default_value_t = MdOnly::Md)]
        format: MdOnly,
    },
    /// Crisis interventions in a month (psych.crisis-stats)
    CrisisStats {
        /// The month, e.g. 2026-11
        #[arg(long)]
        month: String,
        #[arg(long, value_enum, default_value_t = MdCsv::Md)]
        format: MdCsv,
    },
}

#[derive(Subcommand, Debug)]
pub enum SopCmd {
    /// The templates in force and where each comes from
    List,
    /// Check a school's edited template; every problem with its line
    Check { file: PathBuf },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MdOnly {
    Md,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MdCsv {
    Md,
    Csv,
}

pub fn run(cli: &Cli, t: &Catalog, cmd: &CrisisCmd) -> Result<()> {
    let mut app = session(cli)?;
    match cmd {
        CrisisCmd::Open {
            kind,
            student,
            location,
            known,
            entry,
        } => {
            let id = crisis::open_case(
                &mut app,
                &OpenInput {
                    kind: kind.clone(),
                    students: student.clone(),
                    location: location.clone(),
                    known: known.clone(),
                    entry_id: *entry,
                },
            )?;
            say(t, msg!("cli.crisis.opened", id = id));
            let v = crisis::view(&mut app, id)?;
            if let Some(cur) = v
                .now
                .steps
                .iter()
                .find(|s| Some(&s.step.key) == v.now.current.as_ref())
            {
                say(
                    t,
                    msg!(
                        "cli.crisis.first_step",
                        title = &cur.step.title,
                        step = &cur.step.key
                    ),
                );
            }
        }
        CrisisCmd::List => {
            for c in crisis::list(&app)? {
                let students: Vec<String> = c
                    .students
                    .iter()
                    .map(|s| safe_line(&s.2).into_owned())
                    .collect();
                say(
                    t,
                    msg!(
                        "cli.crisis.case_line",
                        id = c.id,
                        at = &c.opened_at,
                        kind = &c.kind,
                        students = students.join("、"),
                        opener = &c.opener
                    ),
                );
            }
        }
        CrisisCmd::Show { case } => {
            let v = crisis::view(&mut app, *case)?;
            let now = app.now();
            say(
                t,
                msg!(
                    "cli.crisis.show_head",
                    id = case,
                    name = &v.template.name,
                    phase = &v.now.phase
                ),
            );
            for s in &v.now.steps {
                let mark = if Some(&s.step.key) == v.now.current.as_ref() {
                    ">"
                } else {
                    " "
                };
                let late = if s.overdue {
                    t.s("cli.crisis.overdue")
                } else {
                    String::new()
                };
                let due = s
                    .due
                    .map(|d| {
                        t.msg(&msg!(
                            "cli.crisis.due",
                            at = zhiban::domain::clock::to_db(d),
                            min = (d - now).num_minutes()
                        ))
                    })
                    .unwrap_or_default();
                out::line(&format!(
                    "{mark} {:<14} {}{}{late} {}",
                    safe_line(&s.step.key),
                    zhiban::domain::text::pad_cells(
                        t.t(&format!("crisis.state_{}", s.state.code())),
                        8
                    ),
                    due,
                    safe_line(&s.step.title)
                ));
            }
        }
        CrisisCmd::Done { case, step, note } => {
            crisis::act(
                &mut app,
                *case,
                EventKind::Done,
                Some(step),
                note.as_deref(),
            )?;
            say(t, msg!("cli.crisis.done", step = step));
        }
        CrisisCmd::Withdraw { case, step } => {
            crisis::withdraw(&mut app, *case, step)?;
            say(t, msg!("cli.crisis.withdrawn", step = step));
        }
        CrisisCmd::Skip { case, step, reason } => {
            crisis::act(
                &mut app,
                *case,
                EventKind::Skipped,
                Some(step),
                Some(reason),
            )?;
            say(t, msg!("cli.crisis.skipped", step = step));
        }
        CrisisCmd::Na { case, step, reason } => {
            crisis::act(
                &mut app,
                *case,
                EventKind::NotApplicable,
                Some(step),
                Some(reason),
            )?;
            say(t, msg!("cli.crisis.na", step = step));
        }
        CrisisCmd::Note { case, text, step } => {
            crisis::act(
                &mut app,
                *case,
                EventKind::Note,
                step.as_deref(),
                Some(text),
            )?;
            say(t, Msg::new("cli.crisis.note"));
        }
        CrisisCmd::Level {
            case,
            level,
            reason,
        } => {
            crisis::set_level(&mut app, *case, level, reason)?;
            say(t, Msg::new("cli.crisis.level"));
        }
        CrisisCmd::ClosePhase { case, phase } => {
            crisis::close_phase(&mut app, *case, phase)?;
            let v = crisis::view(&mut app, *case)?;
            say(t, msg!("cli.crisis.phase_closed", phase = phase));
            for s in v
                .now
                .steps
                .iter()
                .filter(|s| s.state == zhiban::domain::sop::StepState::Open)
            {
                if let Some(d) = s.due {
                    say(
                        t,
                        msg!(
                            "cli.crisis.step_due",
                            title = &s.step.title,
                            at = zhiban::domain::clock::to_db(d)
                        ),
                    );
                }
            }
        }
        CrisisCmd::Close { case, outcome } => {
            crisis::close_case(&mut app, *case, outcome)?;
            say(t, msg!("cli.crisis.closed", id = case));
        }
    }
    Ok(())
}

pub fn report(cli: &Cli, cmd: &ReportCmd) -> Result<()> {
    let mut app = session(cli)?;
    match cmd {
        ReportCmd::Case { case, .. } => {
            let v = crisis::view(&mut app, *case)?;
            out::text(&crisis_report::report_md(&app, &v));
        }
        ReportCmd::CrisisStats { month, format } => {
            let m = parse_day(&format!("{month}-01"))
                .map_err(|_| Error::Usage(msg!("err.cli.month", value = month)))?;
            let s = crisis_report::stats(&mut app, m)?;
            match format {
                MdCsv::Md => out::text(&crisis_report::stats_md(&app, &s)),
                MdCsv::Csv => out::data(&crisis_report::stats_csv(&s))?,
            }
        }
    }
    Ok(())
}

pub fn sop(t: &Catalog, cmd: &SopCmd) -> Result<()> {
    match cmd {
        SopCmd::List => {
            for (tpl, origin) in zhiban::config::assets::load_sops(false)? {
                say(
                    t,
                    msg!(
                        "cli.sop.line",
                        kind = format!("{:<8}", tpl.kind),
                        name = &tpl.name,
                        version = &tpl.version,
                        n = tpl.steps.len(),
                        origin = origin
                    ),
                );
            }
        }
        SopCmd::Check { file } => {
            let text = std::fs::read_to_string(file).map_err(|e| {
                Error::Usage(msg!("err.config.read", path = file.display(), detail = e))
            })?;
            match zhiban::domain::sop::parse(&text) {
                Ok(tpl) => say(
                    t,
                    msg!(
                        "cli.sop.ok",
                        file = file.display(),
                        name = &tpl.name,
                        version = &tpl.version,
                        phases = tpl.phases.len(),
                        steps = tpl.steps.len()
                    ),
                ),
                Err(list) => {
                    return Err(Error::Problems {
                        file: file.display().to_string(),
                        list,
                    });
                }
            }
        }
    }
    Ok(())
}
