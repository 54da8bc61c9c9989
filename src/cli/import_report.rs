//! What an import did (or, in a dry run, would do), worded for the
//! terminal.

use zhiban::config::Catalog;
use zhiban::domain::text::safe_line;
use zhiban::error::Msg;
use zhiban::io::import::ImportReport;
use zhiban::msg;

use super::say;

/// Prints an import's report: rows read, added, changed, what was made.
pub(super) fn print(t: &Catalog, r: &ImportReport, what: &str) {
    let what = match what {
        "students" => "cli.import.students",
        "staff" => "cli.import.staff",
        "rooms" => "cli.import.rooms",
        "talks" => "cli.import.talks",
        "parent-contacts" => "cli.import.parent_contacts",
        "class-ledger" => "cli.import.class_ledger",
        _ => "cli.import.duty_roster",
    };
    let head = if r.dry_run {
        "cli.import.head_dry"
    } else {
        "cli.import.head"
    };
    say(
        t,
        Msg::new(head)
            .with("file", &r.file)
            .with("rows", r.rows)
            .with("encoding", r.encoding)
            .label("what", what),
    );
    say(
        t,
        msg!(
            "cli.import.counts",
            added = r.added,
            updated = r.updated,
            unchanged = r.unchanged
        ),
    );
    if r.flag_changes > 0 {
        say(t, msg!("cli.import.flags", n = r.flag_changes));
    }
    for (kind, names) in &r.created {
        let shown: Vec<String> = names
            .iter()
            .take(8)
            .map(|n| safe_line(n).into_owned())
            .collect();
        let more = if names.len() > 8 {
            t.msg(&msg!("cli.import.more", n = names.len() - 8))
        } else {
            String::new()
        };
        let kind = match *kind {
            "学院" => "cli.import.new_colleges",
            "班级" => "cli.import.new_classes",
            "宿舍楼" => "cli.import.new_buildings",
            "房间" => "cli.import.new_rooms",
            _ => "cli.import.new_beds",
        };
        say(
            t,
            msg!(
                "cli.import.created",
                n = names.len(),
                names = format!("{}{more}", shown.join(", "))
            )
            .label("kind", kind),
        );
    }
    if !r.ignored_columns.is_empty() {
        let cols: Vec<String> = r
            .ignored_columns
            .iter()
            .map(|c| safe_line(c).into_owned())
            .collect();
        say(t, msg!("cli.import.ignored", cols = cols.join(", ")));
    }
    for n in &r.notes {
        say(t, msg!("cli.import.note", note = t.msg(n)));
    }
    if r.dry_run {
        say(t, Msg::new("cli.import.dry_run"));
    }
}
