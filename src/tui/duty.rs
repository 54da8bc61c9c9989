//! The 值班 screen's state and keys: open a shift, acknowledge what was
//! handed over, log entries (one key picks the type), escalate, respond,
//! amend, close with a handover.

use ratatui_textarea::TextArea;

use super::keys::Act;
use super::model::{Flash, Model};
use crate::app::duty;
use crate::domain::duty::{Channel, EntryType};
use crate::store::duty::{EntryRow, EscalationRow, HandoverItem, ShiftRow};

pub enum DutyPopup {
    /// Opening: location, leader on call.
    Open {
        fields: [TextArea<'static>; 2],
        field: usize,
    },
    /// A new entry: the type (one key), then the text.
    Entry {
        kind: Option<EntryType>,
        text: TextArea<'static>,
    },
    /// Which channel the escalation went by.
    Channel,
    Respond(TextArea<'static>),
    Amend(TextArea<'static>),
    CloseItem(TextArea<'static>),
    /// Closing: handover note, next officer's login.
    Close {
        fields: [TextArea<'static>; 2],
        field: usize,
    },
}

pub struct DutyUi {
    pub shift: Option<ShiftRow>,
    pub last: Option<ShiftRow>,
    pub pending: Vec<HandoverItem>,
    pub entries: Vec<EntryRow>,
    pub escalations: Vec<EscalationRow>,
    /// Over the pending items while there are any, else over the entries.
    pub cursor: usize,
    /// Patrols walked and follow-ups raised during the shift.
    pub linked: duty::Linked,
    pub popup: Option<DutyPopup>,
}

impl DutyUi {
    /// Escalations still waiting for the leader's response.
    pub fn open_escalations(&self) -> Vec<&EscalationRow> {
        self.escalations
            .iter()
            .filter(|x| x.responded_at.is_none())
            .collect()
    }
}

fn field() -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_cursor_line_style(ratatui::style::Style::default());
    t
}

fn text_of(t: &TextArea<'_>) -> String {
    t.lines().join("\n").trim().to_string()
}

/// A duty entry being written, kept as a draft.
#[derive(serde::Serialize, serde::Deserialize)]
struct EntryDraft {
    kind: String,
    text: String,
}

impl Model {
    /// The entry being written, as a draft payload.
    pub(crate) fn duty_draft(&self) -> Option<String> {
        match self.duty.as_ref()?.popup.as_ref()? {
            DutyPopup::Entry {
                kind: Some(k),
                text,
            } if !text_of(text).is_empty() => serde_json::to_string(&EntryDraft {
                kind: k.code().into(),
                text: text.lines().join("\n"),
            })
            .ok(),
            _ => None,
        }
    }

    /// At start-up: an entry left mid-way goes back on screen.
    pub fn resume_duty_draft(&mut self) {
        let conn = self.app.store.conn();
        let Ok(Some((payload, _))) =
            crate::store::drafts::load(conn, self.app.actor.id, super::model::DUTY_DRAFT)
        else {
            return;
        };
        let Ok(d) = serde_json::from_str::<EntryDraft>(&payload) else {
            return;
        };
        if crate::store::duty::open_shift_of(conn, self.app.actor.id)
            .ok()
            .flatten()
            .is_none()
        {
            return;
        }
        self.screen = super::model::ScreenId::Duty;
        self.duty_refresh();
        let mut text = field();
        text.insert_str(&d.text);
        if let Some(ui) = self.duty.as_mut() {
            ui.popup = Some(DutyPopup::Entry {
                kind: EntryType::from_code(&d.kind),
                text,
            });
        }
        self.say("duty.draft_back", false);
    }

    /// Loads the 值班 screen from the database.
    pub fn duty_refresh(&mut self) {
        let conn = self.app.store.conn();
        let shift = crate::store::duty::open_shift_of(conn, self.app.actor.id)
            .ok()
            .flatten();
        let (entries, escalations) = match &shift {
            Some(s) => (
                crate::store::duty::entries(conn, s.id).unwrap_or_default(),
                crate::store::duty::escalations(conn, s.id).unwrap_or_default(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        let cursor = self.duty.as_ref().map_or(0, |d| d.cursor);
        let linked = shift
            .as_ref()
            .and_then(|s| duty::linked(&self.app, s).ok())
            .unwrap_or_default();
        let n = entries.len();
        self.duty = Some(DutyUi {
            last: crate::store::duty::last_closed(conn).ok().flatten(),
            pending: if shift.is_some() {
                crate::store::duty::pending_items(conn).unwrap_or_default()
            } else {
                Vec::new()
            },
            shift,
            entries,
            escalations,
            cursor: cursor.min(n.saturating_sub(1)),
            linked,
            popup: None,
        });
    }

    fn say(&mut self, key: &str, error: bool) {
        let text = self.t(key).to_string();
        self.flash = Some(Flash { text, error });
    }

    pub(crate) fn duty_act(&mut self, act: Act) {
        enum Then {
            Nothing,
            Say(&'static str, bool),
            Open(Option<String>, Option<String>),
            Log(EntryType, String),
            Escalate(i64, Channel),
            Respond(i64, String),
            Amend(i64, String),
            Take(i64),
            CloseItem(i64, String),
            CloseShift(String, Option<String>),
        }
        let opt = |s: String| if s.is_empty() { None } else { Some(s) };
        let Some(d) = self.duty.as_mut() else { return };
        let entry_here = if d.pending.is_empty() {
            d.entries.get(d.cursor).map(|e| e.id)
        } else {
            None
        };
        let item_here = d.pending.get(d.cursor).map(|i| i.id);
        let then = if let Some(p) = &mut d.popup {
            match (p, act) {
                (_, Act::Back) => {
                    d.popup = None;
                    Then::Nothing
                }
                (
                    DutyPopup::Entry {
                        kind: kind @ None, ..
                    },
                    Act::Toggle(n),
                ) => {
                    *kind = EntryType::ALL.get((n as usize).wrapping_sub(1)).copied();
                    Then::Nothing
                }
                (DutyPopup::Channel, Act::Toggle(n)) => {
                    match (Channel::ALL.get((n as usize).wrapping_sub(1)), entry_here) {
                        (Some(ch), Some(id)) => Then::Escalate(id, *ch),
                        _ => Then::Nothing,
                    }
                }
                (
                    DutyPopup::Open { field, .. } | DutyPopup::Close { field, .. },
                    Act::NextField | Act::PrevField,
                ) => {
                    *field = 1 - *field;
                    Then::Nothing
                }
                (DutyPopup::Open { fields, .. }, Act::Save) => {
                    Then::Open(opt(text_of(&fields[0])), opt(text_of(&fields[1])))
                }
                (
                    DutyPopup::Entry {
                        kind: Some(k),
                        text,
                    },
                    Act::Save,
                ) => Then::Log(*k, text_of(text)),
                (DutyPopup::Respond(t), Act::Save) => {
                    match d.escalations.iter().find(|x| x.responded_at.is_none()) {
                        Some(x) => Then::Respond(x.id, text_of(t)),
                        None => Then::Nothing,
                    }
                }
                (DutyPopup::Amend(t), Act::Save) => match entry_here {
                    Some(id) => Then::Amend(id, text_of(t)),
                    None => Then::Nothing,
                },
                (DutyPopup::CloseItem(t), Act::Save) => match item_here {
                    Some(id) => Then::CloseItem(id, text_of(t)),
                    None => Then::Nothing,
                },
                (DutyPopup::Close { fields, .. }, Act::Save) => {
                    Then::CloseShift(text_of(&fields[0]), opt(text_of(&fields[1])))
                }
                _ => Then::Nothing,
            }
        } else {
            let items = d.pending.len();
            let rows = if items > 0 { items } else { d.entries.len() };
            match act {
                Act::Up => {
                    d.cursor = d.cursor.saturating_sub(1);
                    Then::Nothing
                }
                Act::Down => {
                    d.cursor = (d.cursor + 1).min(rows.saturating_sub(1));
                    Then::Nothing
                }
                Act::OpenShift if d.shift.is_none() => {
                    d.popup = Some(DutyPopup::Open {
                        fields: [field(), field()],
                        field: 0,
                    });
                    Then::Nothing
                }
                Act::OpenShift => Then::Say("duty.already_open", true),
                _ if d.shift.is_none() => Then::Say("duty.no_shift", true),
                Act::TakeOver if items > 0 => item_here.map_or(Then::Nothing, Then::Take),
                Act::CloseItem if items > 0 => {
                    d.popup = Some(DutyPopup::CloseItem(field()));
                    Then::Nothing
                }
                _ if items > 0 => Then::Say("duty.ack_first", true),
                Act::NewEntry => {
                    d.popup = Some(DutyPopup::Entry {
                        kind: None,
                        text: field(),
                    });
                    Then::Nothing
                }
                Act::Escalate if entry_here.is_some() => {
                    d.popup = Some(DutyPopup::Channel);
                    Then::Nothing
                }
                Act::Respond if !d.open_escalations().is_empty() => {
                    d.popup = Some(DutyPopup::Respond(field()));
                    Then::Nothing
                }
                Act::Amend if entry_here.is_some() => {
                    d.popup = Some(DutyPopup::Amend(field()));
                    Then::Nothing
                }
                Act::CloseShift => {
                    d.popup = Some(DutyPopup::Close {
                        fields: [field(), field()],
                        field: 0,
                    });
                    Then::Nothing
                }
                _ => Then::Nothing,
            }
        };
        match then {
            Then::Nothing => {}
            Then::Say(k, e) => self.say(k, e),
            Then::Open(loc, leader) => {
                let r = duty::open(&mut self.app, loc.as_deref(), leader.as_deref());
                self.after(r.map(|_| ()), "duty.opened");
            }
            Then::Log(k, text) => {
                let r = duty::log(
                    &mut self.app,
                    &duty::Entry {
                        kind: Some(k),
                        text,
                        ..Default::default()
                    },
                );
                self.after(r.map(|_| ()), "duty.logged");
                if let Some(d) = self.duty.as_mut() {
                    d.cursor = d.entries.len().saturating_sub(1);
                }
            }
            Then::Escalate(id, ch) => {
                let r = duty::escalate(&mut self.app, id, None, ch, None);
                self.after(r.map(|_| ()), "duty.escalated");
            }
            Then::Respond(id, text) => {
                let r = duty::respond(&mut self.app, id, &text);
                self.after(r, "duty.responded");
            }
            Then::Amend(id, text) => {
                let r = duty::amend(&mut self.app, id, &text);
                self.after(r.map(|_| ()), "duty.amended");
            }
            Then::Take(id) => {
                let r = duty::acknowledge(&mut self.app, id, None);
                self.after(r, "duty.taken");
            }
            Then::CloseItem(id, text) => {
                let r = duty::acknowledge(&mut self.app, id, Some(&text));
                self.after(r, "duty.item_closed");
            }
            Then::CloseShift(note, to) => match duty::close(&mut self.app, &note, to.as_deref()) {
                Ok(sum) => {
                    self.duty_refresh();
                    let counts: Vec<String> = sum
                        .by_type
                        .iter()
                        .map(|(k, n)| format!("{k} {n}"))
                        .collect();
                    let text = self.app.assets.text.f(
                        "duty.closed_summary",
                        &[
                            ("counts", &counts.join("、")),
                            ("esc", &sum.escalations.to_string()),
                            ("unanswered", &sum.unanswered.to_string()),
                            ("handed", &sum.handed_over.len().to_string()),
                        ],
                    );
                    self.flash = Some(Flash { text, error: false });
                }
                Err(e) => self.flash_err(&e),
            },
        }
        // the draft follows the screen: a saved or abandoned entry clears it
        self.draft_changed();
    }

    /// After a write: reload, or show the error and keep the popup.
    fn after(&mut self, r: crate::error::Result<()>, ok: &str) {
        match r {
            Ok(()) => {
                self.duty_refresh();
                self.say(ok, false);
            }
            Err(e) => self.flash_err(&e),
        }
    }

    /// Text typed into a duty popup; a new entry is a draft as it is typed.
    pub(crate) fn duty_type(&mut self, ev: ratatui::crossterm::event::KeyEvent) {
        self.duty_type_inner(ev);
        self.draft_changed();
    }

    pub(crate) fn duty_paste(&mut self, text: &str) {
        self.duty_paste_inner(text);
        self.draft_changed();
    }

    fn duty_type_inner(&mut self, ev: ratatui::crossterm::event::KeyEvent) {
        let Some(DutyUi { popup: Some(p), .. }) = self.duty.as_mut() else {
            return;
        };
        match p {
            DutyPopup::Open { fields, field } | DutyPopup::Close { fields, field } => {
                fields[*field].input(ev);
            }
            DutyPopup::Entry {
                kind: Some(_),
                text: t,
            }
            | DutyPopup::Respond(t)
            | DutyPopup::Amend(t)
            | DutyPopup::CloseItem(t) => {
                t.input(ev);
            }
            _ => {}
        }
    }

    fn duty_paste_inner(&mut self, text: &str) {
        let Some(DutyUi { popup: Some(p), .. }) = self.duty.as_mut() else {
            return;
        };
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        match p {
            DutyPopup::Open { fields, field } | DutyPopup::Close { fields, field } => {
                fields[*field].insert_str(text.replace('\n', " "));
            }
            DutyPopup::Entry {
                kind: Some(_),
                text: t,
            }
            | DutyPopup::Respond(t)
            | DutyPopup::Amend(t)
            | DutyPopup::CloseItem(t) => {
                t.insert_str(text);
            }
            _ => {}
        }
    }
}
