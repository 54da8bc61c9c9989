//! The command line: argument parsing and the headless commands.

pub mod crisis;
pub mod duty;
pub mod records;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

use zhiban::app::{self, App, Database};
use zhiban::config::paths::db_path;
use zhiban::config::{self, Assets, Lang};
use zhiban::domain::text::safe_line;
use zhiban::error::{Error, Msg, Result};
use zhiban::io::{
    self,
    import::{ImportKind, ImportReport},
};

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
    Staff,
    /// Verify the database (integrity check) and the audit chain
    Check,
    /// Copy the database (online backup, safe while others write)
    Backup { file: PathBuf },
    /// Export records
    Export {
        #[arg(value_enum)]
        what: ExportWhat,
        #[arg(long, value_enum, default_value_t = Format::Json)]
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
    /// Crisis cases (危机处置): open, step through, close
    Crisis {
        #[command(subcommand)]
        cmd: crisis::CrisisCmd,
    },
    /// Reports: a crisis case, monthly crisis statistics
    Report {
        #[command(subcommand)]
        cmd: crisis::ReportCmd,
    },
    /// The crisis SOP templates: list them, check a school's edited one
    Sop {
        #[command(subcommand)]
        cmd: crisis::SopCmd,
    },
    /// Measure start-up, search and import speed on a generated database
    Bench {
        #[arg(long, default_value_t = 40_000)]
        students: usize,
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
    zhiban::domain::student::parse_date(s)
        .ok_or_else(|| format!("'{s}' is not a date; write 2026-11-01"))
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    /// Markdown laid out like the paper form (shifts)
    Md,
}

/// Opens an existing database and resolves who is acting.
fn session(cli: &Cli) -> Result<App> {
    let lang = Lang::choose(cli.lang.as_deref())?;
    Database::open(&db_path(cli.db.as_deref())?)?.sign_in(
        cli.as_login.as_deref(),
        config::clock_from_env()?,
        Arc::new(Assets::load(lang)?),
    )
}

fn print_report(r: &ImportReport, what: &str) {
    let verb = if r.dry_run {
        "would import"
    } else {
        "imported"
    };
    println!(
        "{}: {verb} {} {what} rows ({})",
        safe_line(&r.file),
        r.rows,
        r.encoding
    );
    println!(
        "  added {}, updated {}, unchanged {}",
        r.added, r.updated, r.unchanged
    );
    if r.flag_changes > 0 {
        println!("  flag changes: {}", r.flag_changes);
    }
    for (kind, names) in &r.created {
        let shown: Vec<String> = names
            .iter()
            .take(8)
            .map(|n| safe_line(n).into_owned())
            .collect();
        let more = if names.len() > 8 {
            format!(" … (+{})", names.len() - 8)
        } else {
            String::new()
        };
        println!("  new {kind}: {} — {}{more}", names.len(), shown.join(", "));
    }
    if !r.ignored_columns.is_empty() {
        let cols: Vec<String> = r
            .ignored_columns
            .iter()
            .map(|c| safe_line(c).into_owned())
            .collect();
        println!("  ignored columns: {}", cols.join(", "));
    }
    for n in &r.notes {
        println!("  note: {}", safe_line(n));
    }
    if r.dry_run {
        println!("  (dry run: nothing was written)");
    }
}

/// Runs a headless command.
pub fn run(cli: &Cli, cmd: &Command) -> Result<()> {
    match cmd {
        Command::Init { admin, name } => {
            let path = db_path(cli.db.as_deref())?;
            let mut db = Database::create(&path)?;
            db.init(config::clock_from_env()?.as_ref(), admin, name)?;
            println!(
                "created {} with administrator {} ({})",
                path.display(),
                safe_line(name),
                admin
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
                print_report(&r, code);
                return Ok(());
            }
            let kind = match what {
                ImportWhat::Students => ImportKind::Students,
                ImportWhat::Staff => ImportKind::Staff,
                ImportWhat::Rooms => ImportKind::Rooms,
                _ => ImportKind::DutyRoster,
            };
            let r = io::import::import_file(&mut app, kind, file, *dry_run)?;
            print_report(&r, kind.code());
            Ok(())
        }
        Command::Demo { seed, students } => {
            let path = db_path(cli.db.as_deref())?;
            let s = make_demo(&path, *seed, *students)?;
            println!(
                "filled {}: {} colleges, {} classes, {} students ({} flagged), {} staff, {} rooms, {} patrols (seed {seed})",
                path.display(),
                s.colleges,
                s.classes,
                s.students,
                s.flagged,
                s.staff,
                s.rooms,
                s.patrols
            );
            println!("try: zhiban --db {} --as lina", path.display());
            Ok(())
        }
        Command::Whoami => {
            let app = session(cli)?;
            let a = &app.actor();
            let roles: Vec<&str> = a
                .roles
                .iter()
                .map(|r| app.assets().text.t(r.i18n_key()))
                .collect();
            let demo = if app.is_demo()? { " (demo)" } else { "" };
            println!("{} ({})", safe_line(&a.name), a.login);
            println!("roles: {}", roles.join(", "));
            if let Some(c) = &a.college {
                println!("college: {}", safe_line(c));
            }
            println!("database: {}{demo}", app.db_path().display());
            Ok(())
        }
        Command::Check => {
            let report = Database::open(&db_path(cli.db.as_deref())?)?.check()?;
            if !report.problems.is_empty() {
                return Err(Error::Data(Msg::raw(format!(
                    "integrity check failed: {}",
                    report.problems.join("; ")
                ))));
            }
            println!("integrity: ok");
            println!(
                "audit log: {} entries, chain intact (head {})",
                report.audit_entries,
                report.audit_head.get(..16).unwrap_or(&report.audit_head)
            );
            Ok(())
        }
        Command::Staff => {
            let app = session(cli)?;
            for s in app::admin::staff(&app)? {
                let roles: Vec<&str> = s
                    .roles
                    .iter()
                    .map(|r| app.assets().text.t(r.i18n_key()))
                    .collect();
                let college = s
                    .college
                    .as_deref()
                    .map(|c| safe_line(c).into_owned())
                    .unwrap_or_default();
                println!(
                    "{:<16} {:<8} {:<24} {college}",
                    s.login,
                    safe_line(&s.name),
                    roles.join("、")
                );
            }
            Ok(())
        }
        Command::Backup { file } => {
            let mut app = session(cli)?;
            app::admin::backup(&mut app, file)?;
            println!(
                "backed up {} to {}",
                app.db_path().display(),
                file.display()
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
        } => {
            let mut app = session(cli)?;
            let (text, n) = match what {
                ExportWhat::Students => {
                    let rows = io::export::students(&mut app, *unmasked)?;
                    let text = match format {
                        Format::Json => {
                            serde_json::to_string_pretty(&rows)
                                .map_err(|e| Error::Data(Msg::raw(e.to_string())))?
                                + "\n"
                        }
                        Format::Csv => io::export::to_csv(&rows),
                        Format::Md => {
                            return Err(Error::Usage(Msg::raw("--format md applies to shifts")));
                        }
                    };
                    (text, rows.len())
                }
                ExportWhat::Patrols => {
                    if *unmasked {
                        return Err(Error::Usage(Msg::raw(
                            "--unmasked applies to students only",
                        )));
                    }
                    let rows = io::export::patrols(&mut app, *from, *to)?;
                    let text = match format {
                        Format::Json => {
                            serde_json::to_string_pretty(&rows)
                                .map_err(|e| Error::Data(Msg::raw(e.to_string())))?
                                + "\n"
                        }
                        Format::Csv => io::export::patrols_csv(&rows),
                        Format::Md => {
                            return Err(Error::Usage(Msg::raw("--format md applies to shifts")));
                        }
                    };
                    (text, rows.len())
                }
                ExportWhat::Shifts => {
                    if *unmasked {
                        return Err(Error::Usage(Msg::raw(
                            "--unmasked applies to students only",
                        )));
                    }
                    let rows = io::export::shifts(&mut app, *from, *to)?;
                    let text = match format {
                        Format::Json => {
                            serde_json::to_string_pretty(&rows)
                                .map_err(|e| Error::Data(Msg::raw(e.to_string())))?
                                + "\n"
                        }
                        Format::Csv => io::export::shifts_csv(&rows),
                        Format::Md => {
                            io::export::shifts_md(&rows, app.assets().calendar.utc_offset_hours)
                        }
                    };
                    (text, rows.len())
                }
                ExportWhat::Crises => {
                    if *format != Format::Json {
                        return Err(Error::Usage(Msg::raw("crises export as --format json")));
                    }
                    let rows = io::crisis_report::export(&mut app)?;
                    let text = serde_json::to_string_pretty(&rows)
                        .map_err(|e| Error::Data(Msg::raw(e.to_string())))?
                        + "\n";
                    (text, rows.len())
                }
                ExportWhat::Talks | ExportWhat::ParentContacts | ExportWhat::ClassLedger => {
                    if *unmasked {
                        return Err(Error::Usage(Msg::raw(
                            "--unmasked applies to students only",
                        )));
                    }
                    records_export(&mut app, *what, *format, *from, *to)?
                }
            };
            match output {
                Some(p) => {
                    std::fs::write(p, text)
                        .map_err(|e| Error::Usage(Msg::raw(format!("{}: {e}", p.display()))))?;
                    eprintln!("wrote {n} records to {}", p.display());
                }
                None => {
                    let mut out = std::io::stdout().lock();
                    out.write_all(text.as_bytes())?;
                }
            }
            Ok(())
        }
        Command::Duty { cmd } => duty::run(cli, cmd),
        Command::Records(cmd) => records::run(cli, cmd),
        Command::Crisis { cmd } => crisis::run(cli, cmd),
        Command::Report { cmd } => crisis::report(cli, cmd),
        Command::Sop { cmd } => crisis::sop(cmd),
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
            println!(
                "recorded {kind} for {student} from {from}{}",
                to.map(|t| format!(" to {t}")).unwrap_or_default()
            );
            Ok(())
        }
        // `zhiban bench` is run by main.rs (it drives the interface)
        Command::Bench { .. } => Ok(()),
    }
}

/// Creates and fills a demo database at `path` (which must be new or empty).
pub fn make_demo(path: &Path, seed: u64, students: usize) -> Result<zhiban::demo::DemoSummary> {
    let now = zhiban::config::clock_from_env()?.now();
    zhiban::demo::create(path, now, &zhiban::demo::DemoSpec { seed, students })
}

/// Talks, family contacts or the class ledger as JSON or CSV: (text, rows).
fn records_export(
    app: &mut App,
    what: ExportWhat,
    format: Format,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> Result<(String, usize)> {
    use zhiban::io::export::records as x;
    fn json(v: &impl serde::Serialize) -> Result<String> {
        Ok(
            serde_json::to_string_pretty(v).map_err(|e| Error::Data(Msg::raw(e.to_string())))?
                + "\n",
        )
    }
    if format == Format::Md {
        return Err(Error::Usage(Msg::raw("--format md applies to shifts")));
    }
    let csv = format == Format::Csv;
    Ok(match what {
        ExportWhat::Talks => {
            let rows = x::talks(app, from, to)?;
            let t = if csv {
                x::talks_csv(&rows)
            } else {
                json(&rows)?
            };
            (t, rows.len())
        }
        ExportWhat::ParentContacts => {
            let rows = x::contacts(app, from, to)?;
            let t = if csv {
                x::contacts_csv(&rows)
            } else {
                json(&rows)?
            };
            (t, rows.len())
        }
        _ => {
            let rows = x::ledger(app, from, to)?;
            let t = if csv {
                x::ledger_csv(&rows)
            } else {
                json(&rows)?
            };
            (t, rows.len())
        }
    })
}
