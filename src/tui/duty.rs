//! The 值班 screen's state and keys: open a shift, acknowledge what was
//! handed over, log entries (one key picks the type), escalate, respond,
//! amend, close with a handover.

use ratatui_textarea::TextArea;

use super::duty_entry::{EntryDraft, EntryForm, FIELDS, WHO};
use super::duty_views::{DutyView, Reading};
use super::keys::Act;
use super::model::{Ctx, Flash, Model};
use zhiban::app::duty;
use zhiban::app::duty_log::EntryOut;
use zhiban::domain::clock::from_db;
use zhiban::domain::duty::{Channel, EntryType, TimeProblem, check_entry_time};
use zhiban::domain::duty::{DutyShift, Escalation, HandoverItem};

pub enum DutyPopup {
    /// Opening: location, leader on call.
    Open {
        fields: [TextArea<'static>; 2],
        field: usize,
    },
    /// A new entry: its type, by one key.
    PickType,
    Entry(Box<EntryForm>),
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
    pub shift: Option<DutyShift>,
    pub last: Option<DutyShift>,
    pub pending: Vec<HandoverItem>,
    pub entries: Vec<EntryOut>,
    pub escalations: Vec<Escalation>,
    /// Over the pending items while there are any, else over the entries.
    pub cursor: usize,
    /// Patrols walked and follow-ups raised during the shift.
    pub linked: duty::Linked,
    pub popup: Option<DutyPopup>,
    /// Tonight, past shifts, search, roster.
    pub view: DutyView,
    /// One shift open for reading, over the view.
    pub reading: Option<Reading>,
}

impl DutyUi {
    /// Escalations still waiting for the leader's response.
    pub fn open_escalations(&self) -> Vec<&Escalation> {
        self.escalations
            .iter()
            .filter(|x| x.responded_at.is_none())
            .collect()
    }

    pub fn context(&self) -> Ctx {
        if self.reading.is_some() {
            return Ctx::DutyRead;
        }
        match &self.view {
            DutyView::Tonight => {}
            DutyView::Search(v) if v.typing => return Ctx::DutyQuery,
            DutyView::Search(_) => return Ctx::DutyResults,
            DutyView::Shifts(_) => return Ctx::DutyShifts,
            DutyView::Roster(_) => return Ctx::DutyRoster,
        }
        match &self.popup {
            None => Ctx::DutyMain,
            Some(DutyPopup::Channel | DutyPopup::PickType) => Ctx::DutyChoice,
            Some(DutyPopup::Entry(f)) if f.field == WHO => Ctx::DutyEntryWho,
            Some(DutyPopup::Entry(_)) => Ctx::DutyEntry,
            Some(_) => Ctx::DutyText,
        }
    }

    pub fn entry_form(&self) -> Option<&EntryForm> {
        match &self.popup {
            Some(DutyPopup::Entry(f)) => Some(f),
            _ => None,
        }
    }

    pub fn entry_form_mut(&mut self) -> Option<&mut EntryForm> {
        match &mut self.popup {
            Some(DutyPopup::Entry(f)) => Some(f),
            _ => None,
        }
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

impl Model {
    /// The entry being written, as a draft payload.
    pub(crate) fn duty_draft(&self) -> Option<String> {
        let d = self.duty.as_ref()?.entry_form()?.draft()?;
        serde_json::to_string(&d).ok()
    }

    /// At start-up: an entry left mid-way goes back on screen.
    pub fn resume_duty_draft(&mut self) {
        let Ok(Some(payload)) = zhiban::app::drafts::load(&self.app, super::model::DUTY_DRAFT)
        else {
            return;
        };
        let Ok(d) = serde_json::from_str::<EntryDraft>(&payload) else {
            return;
        };
        if duty::my_shift(&self.app).is_err() {
            return;
        }
        let Some(form) = EntryForm::from_draft(&d, self.t("duty.now")) else {
            return;
        };
        self.screen = super::model::ScreenId::Duty;
        self.duty_refresh();
        if let Some(ui) = self.duty.as_mut() {
            ui.popup = Some(DutyPopup::Entry(Box::new(form)));
        }
        self.say("duty.draft_back", false);
    }

    /// Loads tonight's desk from the database (the view stays as it was).
    pub fn duty_refresh(&mut self) {
        let t = match zhiban::app::duty_log::tonight(&self.app) {
            Ok(t) => t,
            Err(e) => {
                self.flash_err(&e);
                Default::default()
            }
        };
        let old = self.duty.take();
        let cursor = old.as_ref().map_or(0, |d| d.cursor);
        let (view, reading) = old.map_or((DutyView::Tonight, None), |d| (d.view, d.reading));
        let n = t.entries.len();
        self.duty = Some(DutyUi {
            last: t.last,
            pending: t.pending,
            shift: t.shift,
            entries: t.entries,
            escalations: t.escalations,
            cursor: cursor.min(n.saturating_sub(1)),
            linked: t.linked,
            popup: None,
            view,
            reading,
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
            Log(Box<duty::Entry>),
            Escalate(i64, Channel),
            Respond(i64, String),
            Amend(i64, String),
            Take(i64),
            CloseItem(i64, String),
            CloseShift(String, Option<String>),
        }
        let opt = |s: String| if s.is_empty() { None } else { Some(s) };
        if self
            .duty
            .as_ref()
            .is_some_and(|d| d.reading.is_some() || !matches!(d.view, DutyView::Tonight))
        {
            return self.view_act(act);
        }
        if act == Act::CaseFromEntry {
            let entry = self.duty.as_ref().and_then(|d| {
                if d.pending.is_empty() {
                    d.entries.get(d.cursor).map(|e| e.entry_id)
                } else {
                    None
                }
            });
            match entry.map(|id| zhiban::app::duty_log::case_seed(&self.app, id)) {
                Some(Ok(Some(seed))) => return self.new_case(Some(seed)),
                Some(Ok(None)) => return self.say("duty.no_case_from_entry", true),
                Some(Err(e)) => return self.flash_err(&e),
                None => return,
            }
        }
        if matches!(act, Act::PastShifts | Act::SearchLog | Act::Roster)
            && self.duty.as_ref().is_some_and(|d| d.popup.is_none())
        {
            return self.duty_view(act);
        }
        let (now, offset) = (self.app.now(), self.app.assets().calendar.utc_offset_hours);
        let now_hint = self.t("duty.now").to_string();
        let Some(d) = self.duty.as_mut() else { return };
        let location = d.shift.as_ref().and_then(|s| s.location.clone());
        let entry_here = if d.pending.is_empty() {
            d.entries.get(d.cursor).map(|e| e.entry_id)
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
                (DutyPopup::PickType, Act::Toggle(n)) => {
                    if let Some(k) = EntryType::ALL.get((n as usize).wrapping_sub(1)) {
                        d.popup = Some(DutyPopup::Entry(Box::new(EntryForm::new(
                            *k,
                            location.as_deref(),
                            &now_hint,
                        ))));
                    }
                    Then::Nothing
                }
                (DutyPopup::Entry(f), Act::NextField) => {
                    f.field = (f.field + 1) % FIELDS;
                    Then::Nothing
                }
                (DutyPopup::Entry(f), Act::PrevField) => {
                    f.field = (f.field + FIELDS - 1) % FIELDS;
                    Then::Nothing
                }
                (DutyPopup::Entry(f), Act::Sensitive) => {
                    f.sensitive = !f.sensitive;
                    Then::Nothing
                }
                (DutyPopup::Entry(f), Act::OpenItem) => {
                    f.open = !f.open;
                    Then::Nothing
                }
                (DutyPopup::Entry(f), Act::Up) => {
                    f.pick = f.pick.saturating_sub(1);
                    Then::Nothing
                }
                (DutyPopup::Entry(f), Act::Down) => {
                    f.pick = (f.pick + 1).min(f.matches.len().saturating_sub(1));
                    Then::Nothing
                }
                (DutyPopup::Entry(f), Act::Save) if f.field == WHO && !f.query().is_empty() => {
                    if f.add_pick() {
                        Then::Nothing
                    } else {
                        Then::Say("duty.no_match", true)
                    }
                }
                (DutyPopup::Entry(f), Act::Save) => match f.entry(now, offset) {
                    _ if f.is_empty() => Then::Say("duty.need_text", true),
                    Err(_) => Then::Say("duty.bad_time", true),
                    Ok(e) => match (e.at, d.shift.as_ref().and_then(|s| from_db(&s.opened_at))) {
                        (Some(at), Some(opened)) => match check_entry_time(at, opened, now) {
                            Err(TimeProblem::Future) => Then::Say("duty.time_future", true),
                            Err(TimeProblem::BeforeShift) => {
                                Then::Say("duty.time_before_shift", true)
                            }
                            Ok(()) => Then::Log(Box::new(e)),
                        },
                        _ => Then::Log(Box::new(e)),
                    },
                },
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
                    d.popup = Some(DutyPopup::PickType);
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
            Then::Log(e) => {
                let r = duty::log(&mut self.app, &e);
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
                    let text = self.app.assets().text.f(
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
    fn after(&mut self, r: zhiban::error::Result<()>, ok: &str) {
        match r {
            Ok(()) => {
                self.duty_refresh();
                self.say(ok, false);
            }
            Err(e) => self.flash_err(&e),
        }
    }

    /// Text typed into a duty popup or the search box; a new entry is a
    /// draft as it is typed.
    pub(crate) fn duty_type(&mut self, ev: ratatui::crossterm::event::KeyEvent) {
        if self.context() == Ctx::DutyQuery {
            return self.view_type(ev);
        }
        let Some(DutyUi { popup: Some(p), .. }) = self.duty.as_mut() else {
            return;
        };
        let rematch = match p {
            DutyPopup::Open { fields, field } | DutyPopup::Close { fields, field } => {
                fields[*field].input(ev);
                false
            }
            DutyPopup::Entry(f) => f.type_key(ev),
            DutyPopup::Respond(t) | DutyPopup::Amend(t) | DutyPopup::CloseItem(t) => {
                t.input(ev);
                false
            }
            DutyPopup::PickType | DutyPopup::Channel => false,
        };
        if rematch {
            self.entry_rematch();
        }
        self.draft_changed();
    }

    pub(crate) fn duty_paste(&mut self, text: &str) {
        if self.context() == Ctx::DutyQuery {
            return self.view_paste(text);
        }
        let Some(DutyUi { popup: Some(p), .. }) = self.duty.as_mut() else {
            return;
        };
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let rematch = match p {
            DutyPopup::Open { fields, field } | DutyPopup::Close { fields, field } => {
                fields[*field].insert_str(text.replace('\n', " "));
                false
            }
            DutyPopup::Entry(f) => f.paste(&text),
            DutyPopup::Respond(t) | DutyPopup::Amend(t) | DutyPopup::CloseItem(t) => {
                t.insert_str(text);
                false
            }
            DutyPopup::PickType | DutyPopup::Channel => false,
        };
        if rematch {
            self.entry_rematch();
        }
        self.draft_changed();
    }
}
