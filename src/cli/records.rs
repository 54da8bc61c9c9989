//! Talks, family contacts, the class ledger, special-group support and the
//! 待办 / 逾期 report from a shell.

use clap::{Subcommand, ValueEnum};

use super::output::{Format, ListArgs, Sink};

use super::{Cli, parse_day, say, session};
use zhiban::app::records::{ContactInput, LedgerInput, TalkInput, parse_when};
use zhiban::app::{self, App};
use zhiban::config::Catalog;
use zhiban::domain::compliance::{LedgerKind, State};
use zhiban::domain::records::ContactChannel;
use zhiban::domain::records::Support;
use zhiban::domain::text::safe_line;
use zhiban::error::{Error, Msg, Result};
use zhiban::io::export::json_text;
use zhiban::msg;

#[derive(Subcommand, Debug)]
pub enum RecordCommand {
    /// Record a talk with a student (谈话记录)
    Talk {
        /// 学号
        student: String,
        /// What was said (the summary)
        summary: String,
        /// 日常谈心 学业预警谈话 违纪谈话 心理关注约谈 资助谈话 就业指导 家长要求 其他
        #[arg(long, default_value = "")]
        kind: String,
        /// When: "2026-11-20 15:30", 15:30 or 2026-11-20 [default: now]
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        place: Option<String>,
        /// The follow-up agreed
        #[arg(long)]
        follow_up: Option<String>,
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        follow_up_due: Option<chrono::NaiveDate>,
        /// Date of the next talk
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        next: Option<chrono::NaiveDate>,
        /// Readable only by you, the counsellor, leaders (and the psych specialist for psych talks)
        #[arg(long)]
        sensitive: bool,
    },
    /// Correct a talk's summary (a new record amends it; the original stays)
    TalkAmend { talk: i64, summary: String },
    /// Correct a family contact's content (the original stays)
    ContactAmend { contact: i64, content: String },
    /// Record a contact with a student's family (家长联系); a home visit counts for aid.home-visit
    Contact {
        /// 学号
        student: String,
        /// What was said
        content: String,
        /// 电话 微信 面谈 家访 线上家访
        #[arg(long)]
        channel: String,
        /// 日常 学籍预警通报 处分通报 危机 资助家访 其他
        #[arg(long, default_value = "")]
        reason: String,
        /// Who was reached (父亲, 母亲 …)
        #[arg(long)]
        person: Option<String>,
        #[arg(long)]
        at: Option<String>,
    },
    /// Record a class meeting, committee meeting, attendance check or lecture visit (班级工作台账)
    Ledger {
        /// 班会 班委会议 查课 听课
        kind: String,
        /// The topic (班会主题), or what was seen
        #[arg(default_value = "")]
        topic: String,
        /// The class's name (a lecture visit may name none)
        #[arg(long)]
        class: Option<String>,
        #[arg(long)]
        at: Option<String>,
        /// How many attended
        #[arg(long)]
        attendance: Option<i64>,
        /// Who was absent
        #[arg(long)]
        absentees: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Correct a ledger record's topic or note (the original stays)
    LedgerAmend {
        record: i64,
        #[arg(long)]
        topic: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Name the 1+1+1 mentors and the 一生一策 plan of a special-group student
    Support {
        /// 学号
        student: String,
        /// 学业导师
        #[arg(long)]
        mentor: Option<String>,
        /// 学工教师
        #[arg(long)]
        teacher: Option<String>,
        /// 优秀学生
        #[arg(long)]
        peer: Option<String>,
        /// 一生一策
        #[arg(long)]
        plan: Option<String>,
    },
    /// Record a sweep of the six special groups in your college (信息摸排 or 心理排查)
    Sweep {
        #[arg(value_enum)]
        kind: SweepKind,
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        on: Option<chrono::NaiveDate>,
        #[arg(long)]
        note: Option<String>,
    },
    /// What is due and overdue (待办 / 逾期): yours, a counsellor's, or a college's
    Compliance {
        /// A counsellor's login (leaders) [default: you]
        #[arg(long)]
        staff: Option<String>,
        /// A college's summary per counsellor (leaders)
        #[arg(long)]
        college: Option<String>,
        #[command(flatten)]
        out: ListArgs,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SweepKind {
    /// 信息摸排
    Info,
    /// 心理排查
    Psych,
}

fn when(app: &App, at: &Option<String>) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    at.as_deref()
        .map(|s| parse_when(s, app.now(), app.assets().calendar.utc_offset_hours))
        .transpose()
}

pub fn run(cli: &Cli, t: &Catalog, cmd: &RecordCommand) -> Result<()> {
    let mut app = session(cli)?;
    match cmd {
        RecordCommand::Talk {
            student,
            summary,
            kind,
            at,
            place,
            follow_up,
            follow_up_due,
            next,
            sensitive,
        } => {
            let input = TalkInput {
                student_no: student.clone(),
                at: when(&app, at)?,
                place: place.clone(),
                kind: kind.clone(),
                summary: summary.clone(),
                follow_up: follow_up.clone(),
                follow_up_due: *follow_up_due,
                next_talk: *next,
                sensitive: *sensitive,
            };
            let id = app::records::record_talk(&mut app, &input)?;
            say(t, msg!("cli.records.talk", id = id));
        }
        RecordCommand::TalkAmend { talk, summary } => {
            let id = app::records::amend_talk(&mut app, *talk, summary)?;
            say(t, msg!("cli.records.talk_amend", id = id, old = talk));
        }
        RecordCommand::ContactAmend { contact, content } => {
            let id = app::records::amend_contact(&mut app, *contact, content)?;
            say(t, msg!("cli.records.contact_amend", id = id, old = contact));
        }
        RecordCommand::Contact {
            student,
            content,
            channel,
            reason,
            person,
            at,
        } => {
            let ch = ContactChannel::parse(channel)
                .ok_or_else(|| Error::Usage(msg!("err.cli.contact_channel", value = channel)))?;
            let input = ContactInput {
                student_no: student.clone(),
                at: when(&app, at)?,
                channel: ch,
                person: person.clone(),
                reason: reason.clone(),
                content: content.clone(),
            };
            let id = app::records::record_contact(&mut app, &input)?;
            say(t, msg!("cli.records.contact", id = id));
        }
        RecordCommand::Ledger {
            kind,
            topic,
            class,
            at,
            attendance,
            absentees,
            note,
        } => {
            let k = LedgerKind::parse(kind)
                .ok_or_else(|| Error::Usage(msg!("err.cli.ledger_kind", value = kind)))?;
            let input = LedgerInput {
                class: class.clone(),
                kind: k,
                at: when(&app, at)?,
                topic: Some(topic.clone()),
                attendance: *attendance,
                absentees: absentees.clone(),
                note: note.clone(),
            };
            let id = app::records::record_ledger(&mut app, &input)?;
            say(
                t,
                msg!("cli.records.ledger", id = id).label("kind", format!("ledger.{}", k.code())),
            );
        }
        RecordCommand::LedgerAmend {
            record,
            topic,
            note,
        } => {
            let id =
                app::records::amend_ledger(&mut app, *record, topic.as_deref(), note.as_deref())?;
            say(t, msg!("cli.records.ledger_amend", id = id, old = record));
        }
        RecordCommand::Support {
            student,
            mentor,
            teacher,
            peer,
            plan,
        } => {
            let s = Support {
                academic_mentor: mentor.clone(),
                affairs_teacher: teacher.clone(),
                peer_student: peer.clone(),
                plan: plan.clone(),
            };
            app::records::set_support(&mut app, student, &s)?;
            say(t, msg!("cli.records.support", no = student));
        }
        RecordCommand::Sweep { kind, on, note } => {
            let today = zhiban::domain::clock::local_date(
                app.now(),
                app.assets().calendar.utc_offset_hours,
            );
            app::records::record_sweep(
                &mut app,
                *kind == SweepKind::Psych,
                on.unwrap_or(today),
                note.as_deref(),
            )?;
            say(t, Msg::new("cli.records.sweep"));
        }
        RecordCommand::Compliance {
            staff,
            college,
            out: ListArgs { format, output },
        } => {
            // a leader without a counsellor to look at: their college (or,
            // school-wide, every college)
            let leader =
                staff.is_none() && !app.actor().has(zhiban::domain::staff::Role::Counsellor);
            let text = match college {
                Some(c) => college_report(&app, t, Some(c), *format)?,
                None if leader => college_report(&app, t, None, *format)?,
                None => counsellor_report(&app, t, staff.as_deref(), *format)?,
            };
            let mut sink = Sink::new(t, output.as_deref());
            match format {
                Format::Json => sink.bytes(text.as_bytes())?,
                _ => sink.text(&text),
            }
            sink.finish()?;
        }
    }
    Ok(())
}

fn counsellor_report(
    app: &App,
    t: &Catalog,
    login: Option<&str>,
    format: Format,
) -> Result<String> {
    let (who, results) = app::compliance::for_counsellor(app, login)?;
    let lines = app::compliance::finding_lines(app, &results);
    if format == Format::Json {
        #[derive(serde::Serialize)]
        struct RuleOut<'a> {
            rule: &'a str,
            state: &'static str,
            met: usize,
            total: usize,
        }
        #[derive(serde::Serialize)]
        struct Out<'a> {
            staff: &'a str,
            rules: Vec<RuleOut<'a>>,
            findings: &'a [app::compliance::FindingOut],
        }
        return json_text(&Out {
            staff: &who.login,
            rules: results
                .iter()
                .map(|r| RuleOut {
                    rule: &r.rule,
                    state: r.state.code(),
                    met: r.met,
                    total: r.total,
                })
                .collect(),
            findings: &lines,
        });
    }
    let mut out = t.msg(&msg!(
        "cli.compliance.title",
        name = &who.name,
        login = &who.login
    ));
    out.push('\n');
    for r in &results {
        let title = app
            .assets()
            .rules
            .get(&r.rule)
            .map(|x| x.title.as_str())
            .unwrap_or("");
        out.push_str(&format!(
            "{} {:<24} {}/{}  {}\n",
            zhiban::domain::text::pad_cells(t.t(state_key(r.state.code())), 8),
            r.rule,
            r.met,
            r.total,
            safe_line(title)
        ));
    }
    for l in lines.iter().filter(|l| l.state != State::Met.code()) {
        out.push_str(&format!(
            "  [{}] {} {}{}: {}\n",
            t.t(state_key(l.state)),
            l.rule,
            safe_line(&l.subject),
            l.due
                .as_deref()
                .map(|d| t.msg(&msg!("cli.compliance.by", date = d)))
                .unwrap_or_default(),
            safe_line(&l.detail)
        ));
    }
    Ok(out)
}

/// The catalogue key of a rule state's name.
fn state_key(code: &str) -> &'static str {
    match code {
        "met" => "state.met",
        "due" => "state.due",
        "overdue" => "state.overdue",
        _ => "state.unknown",
    }
}

fn college_report(app: &App, t: &Catalog, college: Option<&str>, format: Format) -> Result<String> {
    let sum = app::compliance::college(app, college)?;
    let school = t.s("cli.compliance.school");
    // JSON keeps the data as it was ("全校" for the whole school)
    let json_college = college.unwrap_or("全校");
    let college = college.unwrap_or(&school);
    let pct = |met: usize, total: usize| {
        if total == 0 {
            "—".to_string()
        } else {
            format!("{:.0}%", met as f64 * 100.0 / total as f64)
        }
    };
    if format == Format::Json {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            college: &'a str,
            counsellors: &'a [app::compliance::CounsellorSummary],
            totals: Vec<(String, usize, usize)>,
            college_rules: Vec<app::compliance::FindingOut>,
        }
        return json_text(&Out {
            college: json_college,
            counsellors: &sum.counsellors,
            totals: sum.totals.clone(),
            college_rules: app::compliance::finding_lines(app, &sum.college_rules),
        });
    }
    let mut out = t.msg(&msg!("cli.compliance.college_title", college = college));
    out.push('\n');
    for (rule, met, total) in &sum.totals {
        out.push_str(&format!(
            "{:<24} {:>6}  ({met}/{total})\n",
            rule,
            pct(*met, *total)
        ));
    }
    for l in app::compliance::finding_lines(app, &sum.college_rules) {
        out.push_str(&format!(
            "  [{}] {}: {}\n",
            t.t(state_key(l.state)),
            l.rule,
            safe_line(&l.detail)
        ));
    }
    out.push('\n');
    for c in &sum.counsellors {
        out.push_str(&t.msg(&msg!(
            "cli.compliance.counsellor",
            name = &c.name,
            login = &c.login,
            students = c.students,
            overdue = c.overdue,
            due = c.due
        )));
        out.push('\n');
    }
    Ok(out)
}
