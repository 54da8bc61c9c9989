//! 督办 on screen 4: a leader in a counsellor's drill-down presses them
//! about the line under the cursor (`d` or Enter: one key, nothing to
//! type); the counsellor marks a 督办 done with `x` once it is dealt with
//! (it also closes by itself when the item is met).

use zhiban::app::compliance::FindingOut;
use zhiban::app::reminders;
use zhiban::domain::staff::Role;

use super::Todo;
use crate::tui::screen::{Effect, Env, Fx};

impl Todo {
    /// Is this the drill-down of a leader (a counsellor chosen, not self)?
    pub(super) fn leader_drill(&self, app: &zhiban::app::App) -> bool {
        self.who
            .as_ref()
            .is_some_and(|(login, _)| *login != app.actor().login)
            && reminders::may_press(app)
    }

    /// The line under the cursor, if it may be pressed (not yet pressed).
    pub(super) fn pressable(&self) -> Option<&FindingOut> {
        self.lines.get(self.cursor).filter(|l| {
            matches!(l.state, "overdue" | "due" | "unknown")
                && l.rule != "crisis.review"
                && !self.pressed.iter().any(|r| r.is_about(l))
        })
    }

    /// The 督办 under the cursor of a counsellor's own list.
    pub(super) fn own_pressed(&self) -> Option<i64> {
        let line = self.lines.get(self.cursor)?;
        if line.state != "pressed" {
            return None;
        }
        self.pressed.iter().find(|r| r.is_about(line)).map(|r| r.id)
    }

    pub(super) fn press(&mut self, env: &mut Env<'_>) -> Fx {
        let Some((login, name)) = self.who.clone() else {
            return Vec::new();
        };
        let Some(line) = self.pressable().cloned() else {
            return vec![crate::tui::screen::warn("todo.press_nothing", env.app)];
        };
        match reminders::press(env.app, &login, &line, None) {
            Ok(_) => {
                let cursor = self.cursor;
                let mut fx = self.refresh(env.app);
                self.cursor = cursor.min(self.lines.len().saturating_sub(1));
                let tx = &env.app.assets().text;
                fx.push(Effect::Flash {
                    text: tx.f(
                        "todo.pressed",
                        &[
                            ("name", &zhiban::domain::text::safe_line(&name)),
                            ("subject", &zhiban::domain::text::safe_line(&line.subject)),
                        ],
                    ),
                    error: false,
                });
                fx
            }
            Err(e) => vec![Effect::Error(e)],
        }
    }

    pub(super) fn press_done(&mut self, env: &mut Env<'_>) -> Fx {
        if !env.app.actor().has(Role::Counsellor) {
            return Vec::new();
        }
        let Some(id) = self.own_pressed() else {
            return Vec::new();
        };
        match reminders::done(env.app, id) {
            Ok(()) => {
                let mut fx = self.refresh(env.app);
                fx.push(crate::tui::screen::say("todo.press_closed", env.app));
                fx
            }
            Err(e) => vec![Effect::Error(e)],
        }
    }
}
