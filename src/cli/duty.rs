//! `zhiban duty …`: night duty from a shell (open, log, acknowledge, amend,
//! escalate, respond, search, roster, swap, close).

use clap::Subcommand;

use super::{Cli, parse_day, session};
use zhiban::domain::text::safe_line;
use zhiban::error::{Error, Msg, Result};

#[derive(Subcommand, Debug)]
pub enum DutyCmd {
    /// Open your shift (shows the last handover and the items to acknowledge)
    Open {
        #[arg(long)]
        location: Option<String>,
        /// The leader on call
        #[arg(long)]
        leader: Option<String>,
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
        /// Visible only to leaders and the students' counsellors
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
    },
    /// Show the duty roster (值班表) [default: this week]
    Roster {
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        from: Option<chrono::NaiveDate>,
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        to: Option<chrono::NaiveDate>,
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
        /// The next officer's login
        #[arg(long = "to")]
        to: Option<String>,
    },
}

pub fn run(cli: &Cli, cmd: &DutyCmd) -> Result<()> {
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
        DutyCmd::Open { location, leader } => {
            let o = duty::open(&mut app, location.as_deref(), leader.as_deref())?;
            println!("opened shift {}", o.shift_id);
            if let Some(last) = &o.last {
                println!(
                    "last handover ({}): {}",
                    safe_line(&last.officer),
                    safe_line(last.handover_note.as_deref().unwrap_or(""))
                );
            }
            for i in &o.pending {
                println!("  to acknowledge #{}: {}", i.id, safe_line(&i.text));
            }
            if !o.pending.is_empty() {
                println!(
                    "acknowledge each with `zhiban duty ack ITEM` (taken over) or `--close NOTE` before the first entry"
                );
            }
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
            let kind = EntryType::parse(kind).ok_or_else(|| {
                Error::Usage(Msg::raw(format!(
                    "--type {kind}: use 巡查, 来电, 来访, 学生求助, 突发事件, 设施报修 or 其他"
                )))
            })?;
            let e = duty::Entry {
                kind: Some(kind),
                text: text.clone(),
                at: time(at)?,
                location: location.clone(),
                students: students.clone(),
                sensitive: *sensitive,
                open: *open,
            };
            let id = duty::log(&mut app, &e)?;
            println!("logged entry {id}");
        }
        DutyCmd::Ack { item, close } => {
            duty::acknowledge(&mut app, *item, close.as_deref())?;
            println!(
                "item {item} {}",
                if close.is_some() {
                    "closed"
                } else {
                    "taken over"
                }
            );
        }
        DutyCmd::Amend { entry, text } => {
            let id = duty::amend(&mut app, *entry, text)?;
            println!("entry {id} amends {entry}");
        }
        DutyCmd::Escalate {
            entry,
            leader,
            channel,
            at,
        } => {
            let ch = Channel::parse(channel).ok_or_else(|| {
                Error::Usage(Msg::raw(format!(
                    "--channel {channel}: use 电话, 当面, 微信 or 短信"
                )))
            })?;
            let id = duty::escalate(&mut app, *entry, leader.as_deref(), ch, time(at)?)?;
            println!("escalation {id} recorded");
        }
        DutyCmd::Respond {
            escalation,
            response,
        } => {
            duty::respond(&mut app, *escalation, response)?;
            println!("response recorded");
        }
        DutyCmd::Search {
            text,
            kind,
            student,
            from,
            to,
        } => {
            let kind = match kind {
                Some(k) => Some(EntryType::parse(k).ok_or_else(|| {
                    Error::Usage(Msg::raw(format!(
                        "--type {k}: use 巡查, 来电, 来访, 学生求助, 突发事件, 设施报修 or 其他"
                    )))
                })?),
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
            for f in &found {
                let when = zhiban::domain::clock::from_db(&f.happened_at)
                    .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default();
                let text = f
                    .text
                    .as_deref()
                    .map(|t| safe_line(t).into_owned())
                    .unwrap_or_else(|| "（敏感记录）".into());
                println!(
                    "{when} [{}] {text}  ({}, #{})",
                    f.kind.zh(),
                    safe_line(&f.officer),
                    f.entry_id
                );
            }
            if found.is_empty() {
                println!("nothing found");
            }
        }
        DutyCmd::Roster { from, to } => {
            let today = zhiban::domain::clock::local_date(now, offset);
            let monday = today
                - chrono::Duration::days(
                    chrono::Datelike::weekday(&today).num_days_from_monday() as i64
                );
            let from = from.unwrap_or(monday);
            let to = to.unwrap_or(from + chrono::Duration::days(6));
            for r in duty::roster(&app, from, to)? {
                let swapped = r
                    .swapped_from
                    .as_deref()
                    .map(|s| format!("  [调班：原 {}]", safe_line(s)))
                    .unwrap_or_default();
                println!(
                    "{} {} {} 值班领导 {} {}{swapped}",
                    r.date,
                    safe_line(&r.shift),
                    safe_line(&r.officer),
                    safe_line(r.leader.as_deref().unwrap_or("—")),
                    safe_line(r.location.as_deref().unwrap_or(""))
                );
            }
        }
        DutyCmd::Swap {
            date,
            shift,
            from,
            to,
            approved_by,
        } => {
            duty::swap(&mut app, *date, shift, from, to, approved_by)?;
            println!("recorded: {date} {shift} {from} -> {to}, approved by {approved_by}");
        }
        DutyCmd::Close { handover, to } => {
            let s = duty::close(&mut app, handover, to.as_deref())?;
            let counts: Vec<String> = s.by_type.iter().map(|(k, n)| format!("{k} {n}")).collect();
            println!(
                "closed the shift: {}; escalations {} ({} unanswered)",
                counts.join(", "),
                s.escalations,
                s.unanswered
            );
            for h in &s.handed_over {
                println!("  handed over: {}", safe_line(h));
            }
        }
    }
    Ok(())
}
