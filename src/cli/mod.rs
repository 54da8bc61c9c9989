//! The command line: argument parsing and the headless commands.

pub mod admin;
pub mod aid;
pub mod audit;
pub mod crisis;
pub mod duty;
mod duty_status;
pub mod export;
mod import_report;
pub mod output;
pub mod records;
pub mod report;
pub mod ssh;
pub mod usage;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

use zhiban::app::{self, App, Database};
use zhiban::config::paths::db_path;
use zhiban::config::{self, Assets, Catalog, Lang};
use zhiban::domain::text::{pad_cells, safe_line};
use zhiban::error::{Error, Msg, Result};
use zhiban::io::export::json_text;
use zhiban::io::{self, import::ImportKind};
use zhiban::msg;

use crate::out;
pub use output::Format;

#[derive(Parser, Debug)]
#[command(
    name = "zhiban",
    version,
    about = "值班台 — dorm patrols, duty logs, talk records and crisis SOPs for student-safety staff",
    long_about = "值班台 (zhiban): a keyboard-driven terminal tool for counsellors, duty officers, psych and aid \
specialists and their leaders. Without a command it opens the full-screen interface."
)]
pub struct Cli {
    /// Database file [default: $ZHIBAN_DB, else $XDG_DATA_HOME/zhiban/zhiban.db]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Act as this staff login (demo databases only)
    #[arg(long = "as", global = true, value_name = "LOGIN")]
    pub as_login: Option<String>,
    /// Interface language: zh-CN (default) or en [default: from the locale]
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,
    /// Open the interface on ./zhiban-demo.db, creating and filling it on first use
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a database with its first administrator
    Init {
        /// Login account of the administrator
        #[arg(long, value_name = "LOGIN")]
        admin: String,
        /// The administrator's name
        #[arg(long)]
        name: String,
    },
    /// Import a roster file (.csv in UTF-8 or GBK, or .xlsx); all or nothing
    Import {
        #[arg(value_enum)]
        what: ImportWhat,
        file: PathBuf,
        /// Check the file and report what would change; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Fill an empty database with a believable demo college
    Demo {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Number of students
        #[arg(long, default_value_t = 1440)]
        students: usize,
    },
    /// Show who you are in this database, and your roles
    Whoami,
    /// List registered staff and their roles (administrators and leaders)
    Staff {
        #[command(flatten)]
        to: output::To,
    },
    /// Verify the database (integrity check) and the audit chain
    Check,
    /// Copy the database (online backup, safe while others write; verified)
    Backup { file: PathBuf },
    /// Who saw or changed what: the audit log (admins; leaders for their college)
    Audit {
        /// 学号: what was seen or done about this student
        #[arg(long)]
        student: Option<String>,
        /// A staff login: what they saw or did
        #[arg(long)]
        staff: Option<String>,
        /// Actions beginning so (crisis., student.view, talk …)
        #[arg(long)]
        action: Option<String>,
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        from: Option<chrono::NaiveDate>,
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        to: Option<chrono::NaiveDate>,
        #[command(flatten)]
        out: output::ListArgs,
    },
    /// Restore a backup into a new database file (verified before and after)
    Restore {
        backup: PathBuf,
        /// The new database file (must not exist)
        #[arg(long, value_name = "NEW.db")]
        to: PathBuf,
    },
    /// Export records
    Export {
        #[arg(value_enum)]
        what: ExportWhat,
        #[arg(long, default_value = "json", value_parser = output::formats(output::EXPORT))]
        format: Format,
        /// Write to this file instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Do not mask ID and phone numbers (administrators; audit-logged)
        #[arg(long)]
        unmasked: bool,
        /// First day (school-local date, e.g. 2026-11-01), for patrols
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        from: Option<chrono::NaiveDate>,
        /// Last day, included, for patrols
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        to: Option<chrono::NaiveDate>,
    },
    /// Night duty: open a shift, log entries, escalate, close with a handover
    Duty {
        #[command(subcommand)]
        cmd: duty::DutyCmd,
    },
    /// Record approved leave or registered off-campus living (shown on patrols)
    Absence {
        /// 学号
        student: String,
        /// leave (请假) or off_campus (外宿备案)
        #[arg(long, default_value = "leave")]
        kind: String,
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        from: chrono::NaiveDate,
        /// Last day, included (none: until cancelled)
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        to: Option<chrono::NaiveDate>,
        #[arg(long)]
        note: Option<String>,
    },
    #[command(flatten)]
    Records(records::RecordCommand),
    /// Home visits (家访): record, correct, list a student's
    HomeVisit {
        #[command(subcommand)]
        cmd: aid::VisitCmd,
    },
    /// Growth files (成长档案) of financially-difficult students
    Growth {
        #[command(subcommand)]
        cmd: aid::GrowthCmd,
    },
    /// The aid specialist's list: financially-difficult students and their coverage
    Aid {
        #[command(subcommand)]
        cmd: aid::AidCmd,
    },
    /// Crisis cases (危机处置): open, step through, close
    Crisis {
        #[command(subcommand)]
        cmd: crisis::CrisisCmd,
    },
    /// Reports: a crisis case; the psych weekly and monthly reports, crisis
    /// statistics, 待办 per counsellor and the class ledger (md, csv, xlsx)
    Report {
        #[command(subcommand)]
        cmd: report::ReportCmd,
    },
    /// The crisis SOP templates: list them, check a school's edited one
    Sop {
        #[command(subcommand)]
        cmd: crisis::SopCmd,
    },
    /// Server administration: set up the college server for SSH logins, and
    /// a continuous off-server copy of its database
    Admin {
        #[command(subcommand)]
        cmd: admin::AdminCmd,
    },
    /// What sshd's ForceCommand runs for staff (the interface, or one allowed
    /// command from SSH_ORIGINAL_COMMAND)
    #[command(hide = true)]
    SshSession {
        /// The system configuration
        #[arg(long, default_value = zhiban::config::site::SYSTEM_CONFIG)]
        config: PathBuf,
    },
    /// Measure the interface, the views, saves and an import on a generated
    /// university (40,000 students, five years of records, times --scale)
    Bench {
        /// The size, as a multiple of the university; several, comma-separated,
        /// to see how each figure grows (0.25,0.5,1,2)
        #[arg(long, default_value = "1")]
        scale: String,
        /// The figures as JSON
        #[arg(long)]
        json: bool,
        /// Work in DIR and keep it (the university stays in DIR/university.db)
        #[arg(long, value_name = "DIR")]
        keep: Option<PathBuf>,
        /// Measure a copy of a university kept before (skips building one)
        #[arg(long, value_name = "DB")]
        reuse: Option<PathBuf>,
        /// Only these parts: screens, views, shell, saves, import, check
        #[arg(long, value_name = "PARTS")]
        only: Option<String>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum ImportWhat {
    Students,
    Staff,
    Rooms,
    DutyRoster,
    /// 谈话记录 (学号, 谈话时间, 谈话地点, 谈话类型, 谈话内容 …)
    Talks,
    /// 家长联系 (学号, 联系时间, 联系方式, 联系人, 事由, 内容 …)
    ParentContacts,
    /// 班级工作台账 (班级, 类型, 时间, 主题, 出勤人数 …)
    ClassLedger,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum ExportWhat {
    Students,
    Patrols,
    Shifts,
    Talks,
    ParentContacts,
    ClassLedger,
    Crises,
}

fn parse_day(s: &str) -> std::result::Result<chrono::NaiveDate, String> {
    zhiban::domain::student::parse_date(s).ok_or_else(|| {
        // clap reads the arguments before `--lang` is known: look for it
        let args: Vec<String> = std::env::args().collect();
        catalog(usage::lang_in(&args).as_deref()).msg(&msg!("err.cli.bad_day", value = s))
    })
}

/// Opens an existing database and resolves who is acting.
fn session(cli: &Cli) -> Result<App> {
    let lang = Lang::choose(cli.lang.as_deref())?;
    let db = Database::open(&db_path(cli.db.as_deref())?)?;
    let clock = config::clock(db.is_demo()?)?;
    db.sign_in(
        cli.as_login.as_deref(),
        clock,
        Arc::new(Assets::load(lang)?),
    )
}

/// The catalogue of the language chosen: `--lang`, else the locale; the
/// built-in one if the configured catalogue cannot be read (a bad `--lang`
/// is reported by the command itself).
pub fn catalog(lang: Option<&str>) -> Catalog {
    let lang = Lang::choose(lang)
        .or_else(|_| Lang::choose(None))
        .unwrap_or(Lang::ZhCn);
    Catalog::load(lang).unwrap_or_else(|_| Catalog::builtin(lang))
}

/// Prints one line worded from the catalogue (made safe on the way out).
pub(crate) fn say(t: &Catalog, m: Msg) {
    out::line(&t.msg(&m));
}

/// Runs a headless command.
pub fn run(cli: &Cli, cmd: &Command) -> Result<()> {
    let t = &catalog(cli.lang.as_deref());
    match cmd {
        Command::Init { admin, name } => {
            let path = db_path(cli.db.as_deref())?;
            let mut db = Database::create(&path)?;
            db.init(config::clock(false)?.as_ref(), admin, name)?;
            say(
                t,
                msg!(
                    "cli.created",
                    path = path.display(),
                    name = name,
                    login = admin
                ),
            );
            Ok(())
        }
        Command::Import {
            what,
            file,
            dry_run,
        } => {
            let mut app = session(cli)?;
            use zhiban::io::import::records::{LedgerImport, import_ledger};
            let ledger = match what {
                ImportWhat::Talks => Some((LedgerImport::Talks, "talks")),
                ImportWhat::ParentContacts => {
                    Some((LedgerImport::ParentContacts, "parent-contacts"))
                }
                ImportWhat::ClassLedger => Some((LedgerImport::ClassLedger, "class-ledger")),
                _ => None,
            };
            if let Some((l, code)) = ledger {
                let r = import_ledger(&mut app, l, file, *dry_run)?;
                import_report::print(t, &r, code);
                return Ok(());
            }
            let kind = match what {
                ImportWhat::Students => ImportKind::Students,
                ImportWhat::Staff => ImportKind::Staff,
                ImportWhat::Rooms => ImportKind::Rooms,
                _ => ImportKind::DutyRoster,
            };
            let r = io::import::import_file(&mut app, kind, file, *dry_run)?;
            import_report::print(t, &r, kind.code());
            Ok(())
        }
        Command::Demo { seed, students } => {
            let path = db_path(cli.db.as_deref())?;
            let s = make_demo(&path, *seed, *students)?;
            say(
                t,
                msg!(
                    "cli.demo_filled",
                    path = path.display(),
                    colleges = s.colleges,
                    classes = s.classes,
                    students = s.students,
                    flagged = s.flagged,
                    staff = s.staff,
                    rooms = s.rooms,
                    patrols = s.patrols,
                    seed = seed
                ),
            );
            say(t, msg!("cli.demo_try", path = path.display()));
            Ok(())
        }
        Command::Whoami => {
            let app = session(cli)?;
            let a = &app.actor();
            let roles: Vec<&str> = a.roles.iter().map(|r| t.t(r.i18n_key())).collect();
            let database = if app.is_demo()? {
                "cli.database_demo"
            } else {
                "cli.database"
            };
            say(t, msg!("cli.whoami", name = &a.name, login = &a.login));
            say(t, msg!("cli.roles", roles = roles.join("、")));
            if let Some(c) = &a.college {
                say(t, msg!("cli.college", college = c));
            }
            say(t, Msg::new(database).with("path", app.db_path().display()));
            Ok(())
        }
        Command::Check => {
            let report = Database::open(&db_path(cli.db.as_deref())?)?.check()?;
            if !report.problems.is_empty() {
                return Err(Error::Data(msg!(
                    "err.cli.integrity",
                    problems = report.problems.join("; ")
                )));
            }
            say(t, Msg::new("cli.integrity_ok"));
            if report.chain_intact {
                say(
                    t,
                    msg!(
                        "cli.audit_ok",
                        n = report.audit_entries,
                        head = report.audit_head.get(..16).unwrap_or(&report.audit_head)
                    ),
                );
            }
            for f in &report.findings {
                crate::out::err_line(&t.msg(f));
            }
            if !report.findings.is_empty() {
                return Err(Error::Data(msg!(
                    "err.cli.check_findings",
                    n = report.findings.len()
                )));
            }
            Ok(())
        }
        Command::Staff { to } => {
            let app = session(cli)?;
            let mut sink = output::Sink::new(t, to.output.as_deref());
            let staff = app::admin::staff(&app)?;
            sink.records(staff.len());
            for s in staff {
                let roles: Vec<&str> = s.roles.iter().map(|r| t.t(r.i18n_key())).collect();
                let college = s
                    .college
                    .as_deref()
                    .map(|c| safe_line(c).into_owned())
                    .unwrap_or_default();
                sink.line(&format!(
                    "{:<16} {} {} {college}",
                    safe_line(&s.login),
                    pad_cells(&safe_line(&s.name), 8),
                    pad_cells(&roles.join("、"), 24)
                ));
            }
            sink.finish()
        }
        Command::Backup { file } => {
            let mut app = session(cli)?;
            app::admin::backup(&mut app, file)?;
            say(
                t,
                msg!(
                    "cli.backed_up",
                    from = app.db_path().display(),
                    to = file.display()
                ),
            );
            Ok(())
        }
        Command::Audit {
            student,
            staff,
            action,
            from,
            to,
            out,
        } => audit::run(
            cli,
            t,
            app::audit::AuditQuery {
                student: student.clone(),
                staff: staff.clone(),
                action: action.clone(),
                from: *from,
                to: *to,
                limit: None,
            },
            out.format,
            out.output.as_deref(),
        ),
        Command::Restore { backup, to } => {
            let login = app::identity::os_login().unwrap_or_else(|| "?".into());
            let report = Database::restore(backup, to, config::clock(false)?.as_ref(), &login)?;
            say(
                t,
                msg!(
                    "cli.restored",
                    from = backup.display(),
                    to = to.display(),
                    n = report.audit_entries
                ),
            );
            Ok(())
        }
        Command::Export {
            what,
            format,
            output,
            unmasked,
            from,
            to,
        } => export::run(
            cli,
            t,
            *what,
            *format,
            output.as_deref(),
            *unmasked,
            (*from, *to),
        ),
        Command::Duty { cmd } => duty::run(cli, t, cmd),
        Command::Records(cmd) => records::run(cli, t, cmd),
        Command::Crisis { cmd } => crisis::run(cli, t, cmd),
        Command::HomeVisit { cmd } => aid::visit(cli, t, cmd),
        Command::Growth { cmd } => aid::growth(cli, t, cmd),
        Command::Aid { cmd } => aid::aid(cli, t, cmd),
        Command::Report { cmd } => report::run(cli, t, cmd),
        Command::Sop { cmd } => {
            // on the server, the templates in force are the site's
            db_path(cli.db.as_deref())?;
            crisis::sop(t, cmd)
        }
        Command::Absence {
            student,
            kind,
            from,
            to,
            note,
        } => {
            let mut app = session(cli)?;
            let kind = kind.replace('-', "_");
            app::patrols::record_absence(&mut app, student, &kind, *from, *to, note.as_deref())?;
            let label = if kind == "leave" {
                "cli.absence_leave"
            } else {
                "cli.absence_off_campus"
            };
            let m = match to {
                Some(to) => msg!("cli.absence_to", no = student, from = from, to = to),
                None => msg!("cli.absence", no = student, from = from),
            };
            say(t, m.label("kind", label));
            Ok(())
        }
        Command::Admin { cmd } => admin::run(cli.db.as_deref(), t, cmd),
        // `zhiban bench` and `ssh-session` are run by main.rs (they may
        // open the interface)
        Command::Bench { .. } | Command::SshSession { .. } => Ok(()),
    }
}

/// Creates and fills a demo database at `path` (which must be new or empty).
pub fn make_demo(path: &Path, seed: u64, students: usize) -> Result<zhiban::demo::DemoSummary> {
    let now = zhiban::config::clock(true)?.now();
    zhiban::demo::create(path, now, &zhiban::demo::DemoSpec { seed, students })
}
