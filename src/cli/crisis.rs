//! Crisis cases, their reports and the SOP templates from a shell.

use std::path::PathBuf;

use clap::Subcommand;

use super::output::{Sink, To};
use super::{Cli, say, session};
use zhiban::app::crisis::{self, OpenInput};
use zhiban::config::Catalog;
use zhiban::domain::crisis::{CrisisConfig, EventKind};
use zhiban::domain::text::safe_line;
use zhiban::error::{Error, Msg, Result};
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
        /// A student not in the roster (a visitor, a new student), by name
        /// (repeatable): noted on the case for matching later
        #[arg(long)]
        unlisted: Vec<String>,
    },
    /// The cases you may see
    List {
        #[command(flatten)]
        to: To,
    },
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
pub enum SopCmd {
    /// The templates in force and where each comes from
    List,
    /// Check a school's edited template; every problem with its line
    Check { file: PathBuf },
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
            unlisted,
        } => {
            let id = crisis::open_case(
                &mut app,
                &OpenInput {
                    kind: kind.clone(),
                    students: student.clone(),
                    location: location.clone(),
                    known: known.clone(),
                    entry_id: *entry,
                    unlisted: unlisted.clone(),
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
        CrisisCmd::List { to } => {
            let cases = crisis::list(&app)?;
            let mut sink = Sink::new(t, to.output.as_deref());
            sink.records(cases.len());
            for c in cases {
                let students: Vec<String> = c
                    .students
                    .iter()
                    .map(|s| safe_line(&s.2).into_owned())
                    .chain(
                        c.unlisted
                            .iter()
                            .map(|n| t.f("crisis.unlisted_mark", &[("name", n)])),
                    )
                    .collect();
                sink.say(msg!(
                    "cli.crisis.case_line",
                    id = c.id,
                    at = local(&app, &c.opened_at),
                    kind = &c.kind,
                    students = students.join("、"),
                    opener = &c.opener
                ));
            }
            sink.finish()?;
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
                // an open step's deadline with the time left (or past);
                // a settled one's only
                let due = s
                    .due
                    .map(|d| {
                        let at = local(&app, &zhiban::domain::clock::to_db(d));
                        match s.state {
                            zhiban::domain::sop::StepState::Open => t.msg(&msg!(
                                "cli.crisis.due",
                                at = at,
                                left = t.time_left((d - now).num_minutes())
                            )),
                            _ => t.msg(&msg!("cli.crisis.due_settled", at = at)),
                        }
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
            // the numbers (shown, as the view's audit entry records) to
            // those who may act on the case
            if let Ok(c) = zhiban::app::crisis_contacts::contacts(&app, *case) {
                say(t, Msg::new("cli.crisis.numbers"));
                for (l, _) in zhiban::io::contacts_text::all_lines(t, &c, &[]) {
                    out::line(&format!("  {l}"));
                }
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
                            at = local(&app, &zhiban::domain::clock::to_db(d))
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
            let tpl = zhiban::domain::sop::parse(&text).map_err(|list| Error::Problems {
                file: file.display().to_string(),
                list,
            })?;
            // the contacts it names, against the crisis.toml in force
            let (cfg, _) = crisis_config()?;
            let unknown = unknown_contacts(&text, &tpl, &cfg);
            let named: Vec<&str> = tpl
                .steps
                .iter()
                .flat_map(|s| s.contacts.iter().map(String::as_str))
                .collect();
            if unknown.is_empty() {
                say(
                    t,
                    msg!(
                        "cli.sop.ok",
                        file = file.display(),
                        name = &tpl.name,
                        version = &tpl.version,
                        phases = tpl.phases.len(),
                        steps = tpl.steps.len()
                    ),
                );
            }
            say_unconfigured(t, &cfg, |k| named.contains(&k));
            if !unknown.is_empty() {
                return Err(Error::Problems {
                    file: file.display().to_string(),
                    list: unknown,
                });
            }
        }
    }
    Ok(())
}

/// The `crisis.toml` in force and where it comes from.
pub(super) fn crisis_config() -> Result<(CrisisConfig, String)> {
    let (text, origin) = zhiban::config::assets::load_text("crisis.toml")?;
    let cfg = CrisisConfig::parse(&text).map_err(|p| Error::in_file(&origin, p))?;
    Ok((cfg, origin))
}

/// The contacts `tpl` (read from `text`) names that neither `cfg` defines
/// nor are built in.
pub(super) fn unknown_contacts(
    text: &str,
    tpl: &zhiban::domain::sop::Template,
    cfg: &CrisisConfig,
) -> Vec<zhiban::domain::sop::TemplateProblem> {
    zhiban::domain::sop::unknown_contacts(text, tpl, &cfg.contact_keys())
}

/// Prints each of the school's numbers not configured (those `which`
/// keeps), with the file to set it in; how many there were.
pub(super) fn say_unconfigured(
    t: &Catalog,
    cfg: &CrisisConfig,
    which: impl Fn(&str) -> bool,
) -> usize {
    let file = zhiban::app::crisis_contacts::config_file();
    let missing: Vec<_> = cfg
        .unconfigured()
        .into_iter()
        .filter(|c| which(&c.key))
        .collect();
    for c in &missing {
        say(
            t,
            msg!(
                "cli.sop.unconfigured",
                file = &file,
                name = &c.name,
                key = &c.key
            ),
        );
    }
    missing.len()
}

/// A stored time in school-local time (the calendar's offset).
fn local(app: &zhiban::app::App, t: &str) -> String {
    let tz = zhiban::domain::clock::school_tz(app.assets().calendar.utc_offset_hours);
    zhiban::domain::clock::from_db(t)
        .map(|x| x.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| t.to_string())
}
