//! `zhiban duty …`: night duty from a shell (open, log, acknowledge, amend,
//! escalate, respond, search, roster, swap, close).

use clap::Subcommand;

use super::output::{Sink, To};
use super::{Cli, parse_day, say, session};
use zhiban::config::Catalog;
use zhiban::error::{Error, Msg, Result};
use zhiban::msg;

#[derive(Subcommand, Debug)]
pub enum DutyCmd {
    /// Open your shift (shows the last handover and the items to acknowledge)
    Open {
        #[arg(long)]
        location: Option<String>,
        /// The leader on call: name, pinyin or login [default: the roster's]
        #[arg(long)]
        leader: Option<String>,
        /// Someone's shift is still open at this desk: close it with this
        /// note and take the desk over
        #[arg(long = "take-over", value_name = "NOTE")]
        take_over: Option<String>,
    },
    /// Name the leader on call of your open shift (name, pinyin or login)
    Leader { name: String },
    /// Who is on duty now; shifts open past their end and roster nights
    /// never opened (leaders and officers)
    Status {
        #[command(flatten)]
        to_file: To,
    },
    /// Append an entry to your open shift
    Log {
        text: String,
        /// 巡查 来电 来访 学生求助 突发事件 设施报修 其他 (or round, call, …)
        #[arg(long = "type", default_value = "其他")]
        kind: String,
        /// 学号 of a student it concerns (repeatable)
        #[arg(long = "student")]
        students: Vec<String>,
        /// When it happened: 23:10, "2026-11-22 23:10" or RFC 3339 [default: now]
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        location: Option<String>,
        /// Visible only to its writer, the students' counsellors and their college's leaders
        #[arg(long)]
        sensitive: bool,
        /// Leave it open: handed over until someone closes it
        #[arg(long)]
        open: bool,
    },
    /// Acknowledge a handed-over item: taken over, or closed with a note
    Ack {
        item: i64,
        #[arg(long, value_name = "NOTE")]
        close: Option<String>,
    },
    /// Correct an entry (a new entry amends it; the original stays)
    Amend { entry: i64, text: String },
    /// Record that an entry was reported to the leader on call
    Escalate {
        entry: i64,
        #[arg(long)]
        leader: Option<String>,
        /// 电话 当面 微信 短信
        #[arg(long, default_value = "电话")]
        channel: String,
        #[arg(long)]
        at: Option<String>,
    },
    /// Record the leader's response to an escalation
    Respond { escalation: i64, response: String },
    /// Search entries across shifts (newest first)
    Search {
        /// Words the entry contains
        text: Option<String>,
        #[arg(long = "type")]
        kind: Option<String>,
        /// 学号
        #[arg(long)]
        student: Option<String>,
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        from: Option<chrono::NaiveDate>,
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        to: Option<chrono::NaiveDate>,
        #[command(flatten)]
        to_file: To,
    },
    /// Show the duty roster (值班表) [default: this week]
    Roster {
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        from: Option<chrono::NaiveDate>,
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        to: Option<chrono::NaiveDate>,
        #[command(flatten)]
        to_file: To,
    },
    /// Record a shift swap (who, with whom, approved by whom); never private
    Swap {
        #[arg(long, value_parser = parse_day)]
        date: chrono::NaiveDate,
        #[arg(long, default_value = "夜班")]
        shift: String,
        /// The login of the officer on the roster
        #[arg(long)]
        from: String,
        /// The login of the officer taking the shift
        #[arg(long)]
        to: String,
        #[arg(long)]
        approved_by: String,
    },
    /// Close your shift with a handover note
    Close {
        #[arg(long)]
        handover: String,
        /// The next officer: name, pinyin or login
        #[arg(long = "to")]
        to: Option<String>,
    },
}

pub fn run(cli: &Cli, t: &Catalog, cmd: &DutyCmd) -> Result<()> {
    use zhiban::app::duty;
    use zhiban::domain::duty::{Channel, EntryType};
    let mut app = session(cli)?;
    let offset = app.assets().calendar.utc_offset_hours;
    let now = app.now();
    let time = |s: &Option<String>| {
        s.as_deref()
            .map(|t| duty::parse_time(t, now, offset))
            .transpose()
    };
    match cmd {
        DutyCmd::Open {
            location,
            leader,
            take_over,
        } => {
            let o = zhiban::app::duty_shift::open(
                &mut app,
                location.as_deref(),
                leader.as_deref(),
                take_over
                    .as_deref()
                    .map(|note| zhiban::app::duty_shift::TakeOver {
                        note,
                        of_shift: None,
                    }),
            )?;
            say(t, msg!("cli.duty.opened", id = o.shift_id));
            if let Some(officer) = &o.took_over {
                say(t, msg!("cli.duty.took_over", officer = officer));
            }
            if let Some(last) = &o.last {
                say(
                    t,
                    msg!(
                        "cli.duty.last_handover",
                        officer = &last.officer,
                        note = last.handover_note.as_deref().unwrap_or("")
                    ),
                );
            }
            for i in &o.pending {
                say(t, msg!("cli.duty.to_ack", id = i.id, text = &i.text));
            }
            if !o.pending.is_empty() {
                say(t, Msg::new("cli.duty.ack_hint"));
            }
        }
        DutyCmd::Leader { name } => {
            let name = zhiban::app::duty_shift::set_leader(&mut app, name)?;
            say(t, msg!("cli.duty.leader_set", name = name));
        }
        DutyCmd::Status { to_file } => {
            let mut sink = Sink::new(t, to_file.output.as_deref());
            super::duty_status::run(&app, &mut sink)?;
            sink.finish()?;
        }
        DutyCmd::Log {
            text,
            kind,
            students,
            at,
            location,
            sensitive,
            open,
        } => {
            let kind = EntryType::parse(kind)
                .ok_or_else(|| Error::Usage(msg!("err.cli.entry_type", value = kind)))?;
            let when = time(at)?;
            if let (Some(typed), Some(w)) = (at, when) {
                zhiban::app::duty_shift::check_typed(&app, typed, w)?;
            }
            let e = duty::Entry {
                kind: Some(kind),
                text: text.clone(),
                at: when,
                location: location.clone(),
                students: students.clone(),
                sensitive: *sensitive,
                open: *open,
            };
            let id = duty::log(&mut app, &e)?;
            say(t, msg!("cli.duty.logged", id = id));
        }
        DutyCmd::Ack { item, close } => {
            duty::acknowledge(&mut app, *item, close.as_deref())?;
            if close.is_some() {
                say(t, msg!("cli.duty.item_closed", item = item));
            } else {
                say(t, msg!("cli.duty.item_taken", item = item));
            }
        }
        DutyCmd::Amend { entry, text } => {
            let id = duty::amend(&mut app, *entry, text, None)?;
            say(t, msg!("cli.duty.amended", id = id, entry = entry));
        }
        DutyCmd::Escalate {
            entry,
            leader,
            channel,
            at,
        } => {
            let ch = Channel::parse(channel)
                .ok_or_else(|| Error::Usage(msg!("err.cli.duty_channel", value = channel)))?;
            let when = time(at)?;
            if let (Some(typed), Some(w)) = (at, when) {
                zhiban::app::duty_shift::check_typed(&app, typed, w)?;
            }
            let id = duty::escalate(&mut app, *entry, leader.as_deref(), ch, when)?;
            say(t, msg!("cli.duty.escalated", id = id));
        }
        DutyCmd::Respond {
            escalation,
            response,
        } => {
            duty::respond(&mut app, *escalation, response)?;
            say(t, Msg::new("cli.duty.responded"));
        }
        DutyCmd::Search {
            text,
            kind,
            student,
            from,
            to,
            to_file,
        } => {
            let kind = match kind {
                Some(k) => Some(
                    EntryType::parse(k)
                        .ok_or_else(|| Error::Usage(msg!("err.cli.entry_type", value = k)))?,
                ),
                None => None,
            };
            let found = zhiban::app::duty_log::search(
                &app,
                &zhiban::domain::duty::DutyQuery {
                    text: text.clone(),
                    kind,
                    student: student.clone(),
                    from: *from,
                    to: *to,
                },
            )?;
            let tz = zhiban::domain::clock::school_tz(offset);
            let mut sink = Sink::new(t, to_file.output.as_deref());
            sink.records(found.len());
            for f in &found {
                let when = zhiban::domain::clock::from_db(&f.happened_at)
                    .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default();
                let text = f.text.clone().unwrap_or_else(|| t.s("cli.duty.withheld"));
                sink.say(
                    msg!(
                        "cli.duty.found",
                        when = when,
                        text = text,
                        officer = &f.officer,
                        id = f.entry_id
                    )
                    .label("kind", f.kind.i18n_key()),
                );
            }
            if found.is_empty() && !sink.to_file() {
                say(t, Msg::new("cli.duty.nothing"));
            }
            sink.finish()?;
        }
        DutyCmd::Roster { from, to, to_file } => {
            let today = zhiban::domain::clock::local_date(now, offset);
            let monday = today
                - chrono::Duration::days(
                    chrono::Datelike::weekday(&today).num_days_from_monday() as i64
                );
            let from = from.unwrap_or(monday);
            let to = to.unwrap_or(from + chrono::Duration::days(6));
            let rows = duty::roster(&app, from, to)?;
            let mut sink = Sink::new(t, to_file.output.as_deref());
            sink.records(rows.len());
            for r in rows {
                let swapped = r
                    .swapped_from
                    .as_deref()
                    .map(|s| {
                        t.msg(&msg!(
                            "cli.duty.swapped",
                            from = s,
                            approver = r.swap_approved_by.as_deref().unwrap_or("—")
                        ))
                    })
                    .unwrap_or_default();
                let line = t.msg(&msg!(
                    "cli.duty.roster_line",
                    date = &r.date,
                    shift = &r.shift,
                    officer = with_phone(&app, Some(&r.officer)),
                    leader = with_phone(&app, r.leader.as_deref()),
                    location = r.location.as_deref().unwrap_or("")
                ));
                sink.line(&format!("{line}{swapped}"));
            }
            sink.finish()?;
        }
        DutyCmd::Swap {
            date,
            shift,
            from,
            to,
            approved_by,
        } => {
            duty::swap(&mut app, *date, shift, from, to, approved_by)?;
            say(
                t,
                msg!(
                    "cli.duty.swap_done",
                    date = date,
                    shift = shift,
                    from = from,
                    to = to,
                    approver = approved_by
                ),
            );
        }
        DutyCmd::Close { handover, to } => {
            let s = duty::close(&mut app, handover, to.as_deref())?;
            let counts: Vec<String> = s
                .by_type
                .iter()
                .map(|(k, n)| {
                    let kind = EntryType::key_of(k);
                    t.msg(&msg!("cli.duty.count", n = n).label("kind", kind))
                })
                .collect();
            say(
                t,
                msg!(
                    "cli.duty.closed",
                    counts = counts.join(", "),
                    esc = s.escalations,
                    unanswered = s.unanswered
                ),
            );
            for h in &s.handed_over {
                say(t, msg!("cli.duty.handed_over", text = h));
            }
        }
    }
    Ok(())
}

/// A name on the roster with the phone the reader may see: `刘洋 138…`.
fn with_phone(app: &zhiban::app::App, name: Option<&str>) -> String {
    match name {
        None => "—".into(),
        Some(n) => match zhiban::app::duty_shift::phone_of(app, n) {
            Ok(Some(p)) => format!("{n} {p}"),
            _ => n.to_string(),
        },
    }
}
