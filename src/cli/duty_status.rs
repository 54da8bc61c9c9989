//! `zhiban duty status`: who is on duty now, shifts still open past their
//! end, and roster nights no shift was opened for.

use zhiban::app::App;
use zhiban::app::duty_shift::{self, LOOK_BACK_DAYS};
use zhiban::domain::clock::from_db;
use zhiban::error::{Msg, Result};
use zhiban::msg;

use super::output::Sink;

pub fn run(app: &App, sink: &mut Sink) -> Result<()> {
    let a = duty_shift::alerts(app)?;
    let open = duty_shift::open_now(app)?;
    for s in open.iter().filter(|s| !duty_shift::is_stale(app, s)) {
        sink.say(msg!(
            "cli.duty.open_line",
            officer = &s.officer,
            location = s.location.as_deref().unwrap_or("—"),
            opened = duty_shift::local_when(app, &s.opened_at),
            leader = s.leader.as_deref().unwrap_or("—")
        ));
    }
    if open.is_empty() {
        sink.say(Msg::new("cli.duty.none_open"));
    }
    for s in &a.stale {
        let end = from_db(&s.opened_at)
            .map(|o| {
                duty_shift::local_when(
                    app,
                    &zhiban::domain::clock::to_db(duty_shift::rostered_end(app, o)),
                )
            })
            .unwrap_or_default();
        sink.say(msg!(
            "cli.duty.stale_line",
            officer = &s.officer,
            location = s.location.as_deref().unwrap_or("—"),
            opened = duty_shift::local_when(app, &s.opened_at),
            end = end
        ));
    }
    for r in &a.unopened {
        sink.say(msg!(
            "cli.duty.unopened_line",
            date = &r.date,
            shift = &r.shift,
            officer = &r.officer
        ));
    }
    if a.is_empty() {
        sink.say(msg!("cli.duty.all_well", n = LOOK_BACK_DAYS));
    }
    Ok(())
}
