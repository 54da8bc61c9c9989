//! The follow-up dialog's other half (issue 14): the numbers to reach the
//! student by (the student's and guardians', shown above the form; the
//! showing of unmasked numbers is logged by the use case), and the duty
//! entries about the same student that night, offered to be closed with
//! the follow-up (y/n, never silently).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use zhiban::app::duty_owned;
use zhiban::app::follow_up_contacts::{self, FollowUpContacts};
use zhiban::app::patrols::Outcome;
use zhiban::domain::text::safe_line;

use super::Patrol;
use super::start::Todo;
use crate::tui::keys::Act;
use crate::tui::screen::{Ask, AskKind, Effect, Env, Fx, View, say};
use crate::tui::ui::{popup, wrap_lines};

/// The answer to "close the duty entries too?".
pub const LINK: u32 = 0x0f07;

/// Duty entries offered to be closed with a follow-up just closed.
pub struct Link {
    pub entries: Vec<i64>,
    pub note: String,
}

/// The numbers for a follow-up (its id with them), read as the form opens.
pub fn contacts_for(env: &mut Env<'_>, item: &Todo) -> (Option<(i64, FollowUpContacts)>, Fx) {
    let Todo::FollowUp { id, .. } = item else {
        return (None, Vec::new());
    };
    match follow_up_contacts::contacts(env.app, *id) {
        Ok(c) => (Some((*id, c)), Vec::new()),
        Err(e) => (None, vec![Effect::Error(e)]),
    }
}

/// What a follow-up's outcome says, as the note of the entries closed with it.
pub fn note_of(o: &Outcome) -> String {
    match o {
        Outcome::Reached { reason } => reason.trim().to_string(),
        Outcome::Escalated { to, note, .. } if note.trim().is_empty() => to.trim().to_string(),
        Outcome::Escalated { to, note, .. } => format!("{}：{}", to.trim(), note.trim()),
    }
}

/// Draws the numbers at the top of `area`; the rest is for the form.
pub fn draw_contacts(f: &mut Frame<'_>, m: &View<'_>, c: &FollowUpContacts, area: Rect) -> Rect {
    let tx = &m.app.assets().text;
    let mut lines = Vec::new();
    for n in &c.numbers {
        let who = if n.who.is_empty() {
            tx.t("patrol.student_phone").to_string()
        } else {
            safe_line(&n.who).into_owned()
        };
        let phone = n.phone.as_deref().map_or_else(
            || tx.t("patrol.no_phone").to_string(),
            |p| safe_line(p).into_owned(),
        );
        lines.push(Line::from(format!("{who}  {phone}")));
    }
    let w = area.width.min(60);
    let lines = wrap_lines(lines, w.saturating_sub(2));
    let h = (lines.len() as u16 + 2).min(area.height / 2);
    if h < 3 {
        return area;
    }
    let top = Rect { height: h, ..area };
    let title = tx.f(
        "patrol.contacts_title",
        &[(
            "who",
            &format!("{} {}", safe_line(&c.student), safe_line(&c.no)),
        )],
    );
    let inner = popup(f, top, w, h, title);
    f.render_widget(Paragraph::new(lines), inner);
    Rect {
        y: area.y + h,
        height: area.height - h,
        ..area
    }
}

impl Patrol {
    /// After a follow-up is closed: the open duty entries about the same
    /// student that night, offered to be closed with its note.
    pub(super) fn offer_entries(
        &mut self,
        id: i64,
        who: &str,
        note: String,
        env: &mut Env<'_>,
    ) -> Fx {
        let entries = match duty_owned::entries_of_follow_up(env.app, id) {
            Ok(v) => v,
            Err(e) => return vec![Effect::Error(e)],
        };
        let Some((_, first)) = entries.first() else {
            return Vec::new();
        };
        let cat = &env.app.assets().text;
        let text = cat.f(
            "patrol.also_close_entries",
            &[
                ("n", &entries.len().to_string()),
                ("who", &safe_line(who)),
                ("text", &safe_line(first)),
            ],
        );
        self.link = Some(Link {
            entries: entries.iter().map(|(e, _)| *e).collect(),
            note,
        });
        vec![Effect::Ask(Ask {
            tag: LINK,
            text,
            kind: AskKind::YesNo,
        })]
    }

    /// y: the entries are closed with the follow-up's note; else left open.
    pub(super) fn answer_link(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        let Some(link) = self.link.take() else {
            return Vec::new();
        };
        if act != Act::Yes {
            return vec![say("patrol.entries_left_open", env.app)];
        }
        for e in link.entries {
            if let Err(err) = duty_owned::close_entry(env.app, e, &link.note) {
                return vec![Effect::Error(err)];
            }
        }
        vec![say("patrol.entries_closed_too", env.app)]
    }
}
