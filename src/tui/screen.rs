//! What the shell knows of a screen: one trait, the context a screen's
//! update runs in, and the effects it returns. A screen owns its state, its
//! keys and its drawing; it never reaches into another screen — it asks the
//! shell, by an effect, to show one or to hand it an event.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use zhiban::app::App;
use zhiban::app::dashboard::Board;
use zhiban::app::duty_log::CaseSeed;
use zhiban::error::Error;

use super::directory::Directory;
use super::keys::{Act, Binding};

/// The screens, in tab order (digits 1–6 switch to them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScreenId {
    Dashboard,
    Patrol,
    Duty,
    Talks,
    Crisis,
    Students,
    Reports,
}

impl ScreenId {
    pub const ALL: [ScreenId; 7] = [
        ScreenId::Dashboard,
        ScreenId::Patrol,
        ScreenId::Duty,
        ScreenId::Talks,
        ScreenId::Crisis,
        ScreenId::Students,
        ScreenId::Reports,
    ];

    pub fn from_number(n: u8) -> Option<ScreenId> {
        ScreenId::ALL.get((n as usize).checked_sub(1)?).copied()
    }

    pub fn index(self) -> usize {
        ScreenId::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The tab's name in the catalogue.
    pub fn i18n(self) -> &'static str {
        match self {
            ScreenId::Dashboard => "screen.dashboard",
            ScreenId::Patrol => "screen.patrol",
            ScreenId::Duty => "screen.duty",
            ScreenId::Talks => "screen.talks",
            ScreenId::Crisis => "screen.crisis",
            ScreenId::Students => "screen.students",
            ScreenId::Reports => "screen.reports",
        }
    }

    /// The screen a draft slot belongs to (`duty.form`, a session's
    /// `duty.form~tag`, a kept `duty.form~tag#…` or `duty.form#…`).
    pub fn of_slot(slot: &str) -> Option<ScreenId> {
        let head = slot.split(['.', '~', '#']).next()?;
        ScreenId::ALL.into_iter().find(|s| s.slot_prefix() == head)
    }

    pub fn slot_prefix(self) -> &'static str {
        match self {
            ScreenId::Dashboard => "dashboard",
            ScreenId::Patrol => "patrol",
            ScreenId::Duty => "duty",
            ScreenId::Talks => "todo",
            ScreenId::Crisis => "crisis",
            ScreenId::Students => "students",
            ScreenId::Reports => "reports",
        }
    }
}

/// The keys of a screen as it is now.
pub struct Keys {
    /// First match wins.
    pub tables: Vec<&'static [Binding]>,
    /// Keys no table takes are typed into a field.
    pub typing: bool,
    /// Digits that choose among numbered things, as one hint: (`1-6`, label).
    pub numbers: Option<(&'static str, &'static str)>,
    /// More keys offered as one hint each, after the tables' own: (`e/r/t/y`, label).
    pub groups: Vec<(&'static str, &'static str)>,
}

impl Keys {
    pub fn new(tables: Vec<&'static [Binding]>) -> Keys {
        Keys {
            tables,
            typing: false,
            numbers: None,
            groups: Vec::new(),
        }
    }

    pub fn typing(tables: Vec<&'static [Binding]>) -> Keys {
        Keys {
            tables,
            typing: true,
            numbers: None,
            groups: Vec::new(),
        }
    }

    pub fn numbers(mut self, range: &'static str, label: &'static str) -> Keys {
        self.numbers = Some((range, label));
        self
    }

    /// Keys `keys` (as written in the hint) do `label`, as one hint.
    pub fn group(mut self, keys: &'static str, label: &'static str) -> Keys {
        self.groups.push((keys, label));
        self
    }

    /// Digits 1 to `n` do `label` (none offered when `n` is 0).
    pub fn digits(self, n: usize, label: &'static str) -> Keys {
        const RANGES: [&str; 9] = ["1", "1-2", "1-3", "1-4", "1-5", "1-6", "1-7", "1-8", "1-9"];
        match n.checked_sub(1).and_then(|i| RANGES.get(i)) {
            Some(r) => self.numbers(r, label),
            None => self,
        }
    }
}

/// What a screen's update may use: the session (use cases), the students
/// it may see (loaded in the background), and the terminal's size.
pub struct Env<'a> {
    pub app: &'a mut App,
    pub dir: &'a Directory,
    pub size: (u16, u16),
}

/// What drawing may read: the session (not to query it: rendering reads
/// state only), the students, and whether the screen has the keyboard (the
/// real cursor goes to its field only then).
pub struct View<'a> {
    pub app: &'a App,
    pub dir: &'a Directory,
    pub focused: bool,
}

impl<'a> View<'a> {
    pub fn t<'k>(&'k self, key: &'k str) -> &'k str {
        self.app.assets().text.t(key)
    }
}

/// A question the shell asks on a screen's behalf; the answer comes back
/// to the screen as [`Event::Answer`] with the same tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub tag: u32,
    pub text: String,
    pub kind: AskKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskKind {
    /// y / n.
    YesNo,
    /// Esc on a form with changes: keep as draft / discard / go on.
    LeaveForm,
}

/// Something the shell hands to a screen.
pub enum Event {
    /// The screen comes on (switched to): reload what it shows.
    Show,
    /// What the screen shows first is being read by a worker (on start):
    /// it says so, and its keys wait (see [`Screen::loading`]).
    Awaiting,
    /// The board the worker read on start, or why it could not (worded).
    Board(Box<std::result::Result<Board, String>>),
    /// The students the actor may see have loaded (or a student changed).
    StudentsLoaded,
    /// The answer to a question the screen asked.
    Answer { tag: u32, act: Act },
    /// Show crisis case `id`.
    OpenCase(i64),
    /// Open the new-case form, prefilled from a duty entry when there is one.
    NewCase(Option<CaseSeed>),
    /// Show student `id`'s detail (a record reached from the dashboard).
    OpenStudent(i64),
    /// Put the keyboard in the student search.
    Search,
    /// The patrol start with this building chosen (a 待办 line of its rooms).
    Building(String),
    /// Continue a draft kept by an earlier session (slot, payload).
    Resume { slot: String, payload: String },
    /// Work the screen started in the background may be done: take it.
    Ready,
}

/// What an update asks of the shell.
pub enum Effect {
    /// A one-line message under the body, worded already.
    Flash {
        text: String,
        error: bool,
    },
    /// An error from a use case, worded by the shell in the reader's language.
    Error(Error),
    /// Show another screen (the one shown now goes on the history).
    Go(ScreenId),
    /// Back to the screen shown before.
    Back,
    /// Hand an event to a screen and show it.
    To(ScreenId, Event),
    Ask(Ask),
    /// A form or a room in hand changed: the shell collects the drafts.
    DraftsChanged,
    /// Keep this as a draft offered on the next start (Esc, keep as draft).
    KeepDraft {
        slot: String,
        payload: String,
    },
    /// A draft an earlier session left is taken up by the screen (its
    /// content is now live): the old one goes, and is not offered.
    TakenUp {
        slot: String,
        payload: String,
    },
    /// A student's record changed (flags): reload it where it is shown.
    StudentChanged(i64),
}

pub type Fx = Vec<Effect>;

pub fn say(key: &str, app: &App) -> Effect {
    Effect::Flash {
        text: app.assets().text.t(key).to_string(),
        error: false,
    }
}

pub fn warn(key: &str, app: &App) -> Effect {
    Effect::Flash {
        text: app.assets().text.t(key).to_string(),
        error: true,
    }
}

/// A draft a screen holds now: its slot (`screen.form`) and payload.
pub struct Draft {
    pub slot: &'static str,
    pub payload: String,
}

/// One screen of the interface.
pub trait Screen {
    fn id(&self) -> ScreenId;

    /// The key tables of the screen as it is now.
    fn keys(&self, app: &App) -> Keys;

    /// Does `act` do anything now, for this role? The hint bar offers only
    /// what applies (the help lists every key).
    fn applies(&self, _act: Act, _app: &App) -> bool {
        true
    }

    fn on_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx;

    /// A key the tables do not take, while the screen is typing.
    fn on_text(&mut self, _ev: KeyEvent, _env: &mut Env<'_>) -> Fx {
        Vec::new()
    }

    fn on_paste(&mut self, _text: &str, _env: &mut Env<'_>) -> Fx {
        Vec::new()
    }

    fn on_event(&mut self, _ev: Event, _env: &mut Env<'_>) -> Fx {
        Vec::new()
    }

    fn draw(&self, f: &mut Frame<'_>, area: Rect, v: &View<'_>);

    /// Is what the screen shows still being read by a worker? Keys for it
    /// wait in the shell until it has arrived, then are applied in order.
    fn loading(&self) -> bool {
        false
    }

    /// What would be lost now (forms with changes, a room with marks),
    /// each named for the question before quitting.
    fn unsaved(&self, _app: &App) -> Vec<String> {
        Vec::new()
    }

    /// The drafts the screen holds now.
    fn drafts(&self, _app: &App) -> Vec<Draft> {
        Vec::new()
    }

    /// A draft of this screen in words, for the offer on start; `None` if
    /// the screen cannot continue it.
    fn describe(&self, _slot: &str, _payload: &str, _app: &App) -> Option<String> {
        None
    }
}

/// The live slot a draft's name stands for: a session writes its live
/// draft as `slot~tag` and one kept or set aside as `slot~tag#stamp-n`
/// (see [`zhiban::app::draft_sessions`]); earlier versions wrote `slot`
/// and `slot#stamp-pid-n`.
pub fn live_slot(name: &str) -> &str {
    name.split(['~', '#']).next().unwrap_or(name)
}
