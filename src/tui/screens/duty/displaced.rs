//! Told plainly on the duty screen: the officer's last shift was closed by
//! someone else (a take-over) — by whom, when, with what note — until they
//! press Enter (seen, logged) or open a shift again.

use ratatui::crossterm::event::KeyCode::Enter;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use zhiban::app::duty_displaced::{self, Displaced};
use zhiban::domain::text::safe_line;

use super::Duty;
use crate::tui::keys::{Act, Binding, K, b};
use crate::tui::screen::{Env, Fx, View};
use crate::tui::ui::local_time;

/// While the notice is shown: Enter says it was seen.
pub static KEYS: &[Binding] = &[b(&[K::Code(Enter)], "key.seen", Act::Open, true)];

/// The notice's lines (bold, reversed: seen without colour).
pub fn lines(m: &View<'_>, d: &Displaced) -> Vec<Line<'static>> {
    let tx = &m.app.assets().text;
    let strong = Style::default()
        .add_modifier(Modifier::BOLD)
        .add_modifier(Modifier::REVERSED);
    let when = |t: &str| local_time(m.app, t, "%m-%d %H:%M");
    let mut out = vec![Line::from(Span::styled(
        format!(
            "!! {}",
            tx.f(
                "duty.displaced",
                &[
                    ("by", &safe_line(&d.by)),
                    ("at", &when(&d.at)),
                    ("location", &safe_line(d.location.as_deref().unwrap_or("—"))),
                    ("opened", &when(&d.opened_at)),
                ],
            )
        ),
        strong,
    ))];
    out.push(Line::from(Span::styled(
        tx.f("duty.displaced_note", &[("note", &safe_line(&d.note))]),
        Style::default().add_modifier(Modifier::BOLD),
    )));
    out.push(Line::from(tx.t("duty.displaced_how").to_string()));
    out
}

impl Duty {
    /// Enter over the notice: seen (logged), and gone.
    pub(super) fn displaced_seen(&mut self, env: &mut Env<'_>) -> Fx {
        let Some(d) = self.desk.displaced.as_ref() else {
            return Vec::new();
        };
        let r = duty_displaced::seen(env.app, d.shift_id);
        self.after(r, "duty.displaced_seen", env.app)
    }
}
