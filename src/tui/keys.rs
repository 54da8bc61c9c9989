//! Keys as data: each context has one table; the same table resolves a key
//! to an action and builds the hint bar and the `?` help, so keys and their
//! help never drift apart.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key as a table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum K {
    Ch(char),
    Code(KeyCode),
    Ctrl(char),
    BackTab,
}

impl K {
    pub fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        match self {
            K::Ch(c) => !ctrl && !alt && ev.code == KeyCode::Char(c),
            K::Ctrl(c) => ctrl && ev.code == KeyCode::Char(c),
            K::Code(code) => !ctrl && ev.code == code,
            K::BackTab => ev.code == KeyCode::BackTab,
        }
    }

    /// How the key is written in the hint bar and the help.
    pub fn label(self) -> String {
        match self {
            K::Ch(' ') => "Space".into(),
            K::Ch(c) => c.to_string(),
            K::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            K::BackTab => "Shift-Tab".into(),
            K::Code(code) => match code {
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Up => "↑".into(),
                KeyCode::Down => "↓".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::Delete => "Del".into(),
                KeyCode::Backspace => "Bksp".into(),
                other => format!("{other:?}"),
            },
        }
    }
}

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Screen(u8),
    Help,
    Search,
    Back,
    Quit,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    ClearSearch,
    RevealPhone,
    RevealId,
    RevealGuardian,
    EditFlags,
    FlagEdit,
    FlagClear,
    Save,
    NextField,
    PrevField,
    LevelPrev,
    LevelNext,
    Yes,
    No,
    // 查寝
    CycleScope,
    CycleKind,
    EditFloors,
    Resume,
    /// A numbered choice: a presence status, a hazard, a skip reason.
    Toggle(u8),
    AllPresent,
    Hygiene,
    Hazards,
    Note,
    Skip,
    Jump,
    NextRoom,
    PrevRoom,
    Finish,
    History,
    AddStudent,
    // 值班
    OpenShift,
    NewEntry,
    Escalate,
    Respond,
    Amend,
    TakeOver,
    CloseItem,
    CloseShift,
    PastShifts,
    SearchLog,
    Roster,
    Mine,
    Earlier,
    Later,
    Sensitive,
    OpenItem,
    // 待办
    Contact,
    Ledger,
    Sweep,
    // 危机
    NewCase,
    CaseFromEntry,
    NotApplicable,
    Level,
    Cssrs,
    ClosePhase,
    CloseCase,
}

/// One row of a key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [K],
    /// i18n key of the label.
    pub label: &'static str,
    pub act: Act,
    /// Shown in the hint bar (all rows are shown in the help).
    pub hint: bool,
}

const fn b(keys: &'static [K], label: &'static str, act: Act, hint: bool) -> Binding {
    Binding {
        keys,
        label,
        act,
        hint,
    }
}

use KeyCode::*;

pub static GLOBAL: &[Binding] = &[
    b(&[K::Ch('1')], "screen.dashboard", Act::Screen(1), false),
    b(&[K::Ch('2')], "screen.patrol", Act::Screen(2), false),
    b(&[K::Ch('3')], "screen.duty", Act::Screen(3), false),
    b(&[K::Ch('4')], "screen.talks", Act::Screen(4), false),
    b(&[K::Ch('5')], "screen.crisis", Act::Screen(5), false),
    b(&[K::Ch('6')], "screen.students", Act::Screen(6), false),
    b(&[K::Ch('/')], "key.search", Act::Search, true),
    b(&[K::Ch('!')], "key.new_case", Act::NewCase, false),
    b(&[K::Ch('?')], "key.help", Act::Help, true),
    b(&[K::Code(Esc)], "key.back", Act::Back, false),
    b(&[K::Ch('q'), K::Ctrl('c')], "key.quit", Act::Quit, true),
];

pub static LIST: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.move", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.move", Act::Down, true),
    b(&[K::Code(PageUp)], "key.page", Act::PageUp, false),
    b(
        &[K::Code(PageDown), K::Ch(' ')],
        "key.page",
        Act::PageDown,
        false,
    ),
    b(
        &[K::Code(Home), K::Ch('g')],
        "key.top_bottom",
        Act::Top,
        false,
    ),
    b(
        &[K::Code(End), K::Ch('G')],
        "key.top_bottom",
        Act::Bottom,
        false,
    ),
    b(&[K::Code(Enter)], "key.open", Act::Open, true),
];

/// While the search box has the keyboard: other keys type.
pub static SEARCHING: &[Binding] = &[
    b(&[K::Code(Up)], "key.move", Act::Up, false),
    b(&[K::Code(Down)], "key.move", Act::Down, true),
    b(&[K::Code(PageUp)], "key.page", Act::PageUp, false),
    b(&[K::Code(PageDown)], "key.page", Act::PageDown, false),
    b(&[K::Code(Enter)], "key.open", Act::Open, true),
    b(&[K::Code(Esc)], "key.stop_search", Act::Back, true),
    b(&[K::Ctrl('u')], "key.clear_search", Act::ClearSearch, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

pub static DETAIL: &[Binding] = &[
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
    b(&[K::Code(Up), K::Ch('k')], "key.scroll", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.scroll", Act::Down, false),
    b(&[K::Code(PageUp)], "key.scroll", Act::PageUp, false),
    b(
        &[K::Code(PageDown), K::Ch(' ')],
        "key.scroll",
        Act::PageDown,
        false,
    ),
    b(&[K::Ch('p')], "key.reveal_phone", Act::RevealPhone, true),
    b(&[K::Ch('i')], "key.reveal_id", Act::RevealId, true),
    b(
        &[K::Ch('h')],
        "key.reveal_guardian",
        Act::RevealGuardian,
        false,
    ),
    b(&[K::Ch('f')], "key.edit_flags", Act::EditFlags, true),
];

pub static FLAG_LIST: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.move", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.move", Act::Down, true),
    b(&[K::Code(Enter)], "key.edit", Act::FlagEdit, true),
    b(
        &[K::Ch('x'), K::Code(Delete)],
        "key.clear_flag",
        Act::FlagClear,
        true,
    ),
    b(&[K::Code(Esc)], "key.close", Act::Back, true),
    b(&[K::Ch('?')], "key.help", Act::Help, false),
];

/// In the flag form: text fields take the other keys.
pub static FLAG_FORM: &[Binding] = &[
    b(
        &[K::Code(Tab), K::Code(Down)],
        "key.next_field",
        Act::NextField,
        true,
    ),
    b(
        &[K::BackTab, K::Code(Up)],
        "key.prev_field",
        Act::PrevField,
        false,
    ),
    b(&[K::Code(Enter), K::Ctrl('s')], "key.save", Act::Save, true),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

/// Extra keys of the form's level field (not a text field).
pub static FLAG_LEVEL: &[Binding] = &[
    b(&[K::Code(Left)], "key.level", Act::LevelPrev, false),
    b(
        &[K::Code(Right), K::Ch(' ')],
        "key.level",
        Act::LevelNext,
        true,
    ),
];

pub static CONFIRM: &[Binding] = &[
    b(&[K::Ch('y'), K::Ch('Y')], "key.yes", Act::Yes, true),
    b(
        &[K::Ch('n'), K::Ch('N'), K::Code(Esc)],
        "key.no",
        Act::No,
        true,
    ),
];

pub static HELP: &[Binding] = &[b(
    &[K::Code(Esc), K::Ch('?'), K::Ch('q')],
    "key.close",
    Act::Back,
    true,
)];

pub static PICKER: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.move", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.move", Act::Down, true),
    b(&[K::Code(Enter)], "key.pick", Act::Open, true),
    b(
        &[K::Ch('q'), K::Ctrl('c'), K::Code(Esc)],
        "key.quit",
        Act::Quit,
        true,
    ),
];

pub static PATROL_START: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.move", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.move", Act::Down, true),
    b(&[K::Code(Enter)], "key.start_patrol", Act::Open, true),
    b(&[K::Ch('s')], "key.scope", Act::CycleScope, true),
    b(&[K::Ch('t')], "key.kind", Act::CycleKind, true),
    b(&[K::Ch('f')], "key.floors", Act::EditFloors, false),
    b(&[K::Ch('r')], "key.resume", Act::Resume, true),
    b(&[K::Code(Tab)], "key.todo", Act::NextField, true),
    b(&[K::Ch('h')], "key.history", Act::History, false),
];

/// Past patrols.
pub static PATROL_HISTORY: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.move", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.move", Act::Down, true),
    b(&[K::Code(Enter)], "key.open", Act::Open, true),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
];

/// The to-do list of the 查寝 start view.
pub static PATROL_TODO: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.move", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.move", Act::Down, true),
    b(&[K::Code(Enter)], "key.handle", Act::Open, true),
    b(&[K::Code(Tab)], "key.buildings", Act::NextField, true),
    b(&[K::Code(Esc)], "key.buildings", Act::Back, false),
];

/// Closing a follow-up or reporting a hazard; text fields take other keys.
pub static PATROL_TODO_FORM: &[Binding] = &[
    b(
        &[K::Code(Tab), K::Code(Down)],
        "key.next_field",
        Act::NextField,
        true,
    ),
    b(
        &[K::BackTab, K::Code(Up)],
        "key.prev_field",
        Act::PrevField,
        false,
    ),
    b(&[K::Code(Enter), K::Ctrl('s')], "key.save", Act::Save, true),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

/// The outcome field of that form (not a text field).
pub static PATROL_OUTCOME: &[Binding] = &[b(
    &[K::Code(Left), K::Code(Right), K::Ch(' ')],
    "key.outcome",
    Act::LevelNext,
    true,
)];

/// Typing the floors of a patrol.
pub static PATROL_FLOORS: &[Binding] = &[
    b(&[K::Code(Enter), K::Code(Esc)], "key.done", Act::Open, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

/// One room: digits mark presence here (not screens).
pub static PATROL_ROOM: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.move", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.move", Act::Down, false),
    b(&[K::Ch('1')], "presence.present", Act::Toggle(1), false),
    b(&[K::Ch('2')], "presence.leave", Act::Toggle(2), false),
    b(&[K::Ch('3')], "presence.late", Act::Toggle(3), false),
    b(
        &[K::Ch('4')],
        "presence.out_overnight",
        Act::Toggle(4),
        false,
    ),
    b(&[K::Ch('5')], "presence.unknown", Act::Toggle(5), false),
    b(&[K::Ch('6')], "presence.off_campus", Act::Toggle(6), false),
    b(
        &[K::Code(Enter), K::Code(Right), K::Ch('l')],
        "key.next_room",
        Act::NextRoom,
        true,
    ),
    b(&[K::Ch('a')], "key.all_present", Act::AllPresent, true),
    b(&[K::Ch('h')], "key.hygiene", Act::Hygiene, true),
    b(&[K::Ch('x')], "key.hazards", Act::Hazards, true),
    b(&[K::Ch('n')], "key.note", Act::Note, false),
    b(
        &[K::Code(Left), K::Ch('b')],
        "key.prev_room",
        Act::PrevRoom,
        false,
    ),
    b(&[K::Ch('g')], "key.jump", Act::Jump, false),
    b(&[K::Ch('+')], "key.add_student", Act::AddStudent, false),
    b(&[K::Ch('s')], "key.skip", Act::Skip, true),
    b(&[K::Ch('F')], "key.finish", Act::Finish, true),
    b(&[K::Code(Esc)], "key.pause", Act::Back, false),
    b(&[K::Ch('?')], "key.help", Act::Help, true),
    b(&[K::Ch('q'), K::Ctrl('c')], "key.quit", Act::Quit, false),
];

pub static PATROL_HAZARDS: &[Binding] = &[
    b(&[K::Ch('1')], "key.toggle", Act::Toggle(1), false),
    b(&[K::Ch('2')], "key.toggle", Act::Toggle(2), false),
    b(&[K::Ch('3')], "key.toggle", Act::Toggle(3), false),
    b(&[K::Ch('4')], "key.toggle", Act::Toggle(4), false),
    b(&[K::Ch('5')], "key.toggle", Act::Toggle(5), false),
    b(&[K::Ch('6')], "key.toggle", Act::Toggle(6), false),
    b(&[K::Ch('7')], "key.toggle", Act::Toggle(7), false),
    b(&[K::Ch('8')], "key.toggle", Act::Toggle(8), false),
    b(&[K::Ch('9')], "key.toggle", Act::Toggle(9), false),
    b(
        &[K::Code(Enter), K::Code(Esc), K::Ch('x')],
        "key.close",
        Act::Back,
        true,
    ),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

pub static PATROL_SKIP: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.move", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.move", Act::Down, true),
    b(&[K::Ch('1')], "key.choose", Act::Toggle(1), false),
    b(&[K::Ch('2')], "key.choose", Act::Toggle(2), false),
    b(&[K::Ch('3')], "key.choose", Act::Toggle(3), false),
    b(&[K::Ch('4')], "key.choose", Act::Toggle(4), false),
    b(&[K::Ch('5')], "key.choose", Act::Toggle(5), false),
    b(&[K::Ch('6')], "key.choose", Act::Toggle(6), false),
    b(&[K::Code(Enter)], "key.skip", Act::Open, true),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

/// Typing a note or a room number.
pub static PATROL_TEXT: &[Binding] = &[
    b(&[K::Code(Enter)], "key.save", Act::Open, true),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

pub static PATROL_SUMMARY: &[Binding] = &[b(&[K::Code(Enter)], "key.close", Act::Open, true)];

pub static DUTY_MAIN: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.move", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.move", Act::Down, false),
    b(&[K::Ch('o')], "key.open_shift", Act::OpenShift, true),
    b(&[K::Ch('n')], "key.new_entry", Act::NewEntry, true),
    b(&[K::Ch('e')], "key.escalate", Act::Escalate, true),
    b(&[K::Ch('r')], "key.respond", Act::Respond, true),
    b(&[K::Ch('a')], "key.amend", Act::Amend, false),
    b(&[K::Ch('t')], "key.take_over", Act::TakeOver, true),
    b(&[K::Ch('c')], "key.close_item", Act::CloseItem, true),
    b(&[K::Ch('C')], "key.close_shift", Act::CloseShift, true),
    b(&[K::Ch('h')], "key.past_shifts", Act::PastShifts, true),
    b(&[K::Ch('s')], "key.search_log", Act::SearchLog, true),
    b(&[K::Ch('w')], "key.roster", Act::Roster, true),
    b(
        &[K::Ch('K')],
        "key.case_from_entry",
        Act::CaseFromEntry,
        false,
    ),
];

/// The 待办 / 逾期 list.
pub static TODO_MAIN: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.move", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.move", Act::Down, false),
    b(&[K::Code(PageUp)], "key.page", Act::PageUp, false),
    b(
        &[K::Code(PageDown), K::Ch(' ')],
        "key.page",
        Act::PageDown,
        false,
    ),
    b(&[K::Code(Enter)], "key.do_it", Act::Open, true),
    b(&[K::Ch('n')], "key.new_talk", Act::NewEntry, true),
    b(&[K::Ch('c')], "key.new_contact", Act::Contact, true),
    b(&[K::Ch('l')], "key.new_ledger", Act::Ledger, true),
    b(&[K::Ch('p')], "key.sweep", Act::Sweep, false),
];

/// Any field of a talk, contact or ledger form.
pub static RECORD_FORM: &[Binding] = &[
    b(&[K::Ctrl('s')], "key.save", Act::Save, true),
    b(&[K::Code(Tab)], "key.next_field", Act::NextField, true),
    b(&[K::BackTab], "key.prev_field", Act::PrevField, false),
    b(&[K::Ctrl('t')], "key.sensitive", Act::Sensitive, false),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

/// A one-line field: Enter goes on to the next.
pub static RECORD_LINE: &[Binding] = &[b(&[K::Code(Enter)], "key.next_field", Act::Open, false)];

/// A choice: ←/→ change it.
pub static RECORD_CHOICE: &[Binding] = &[
    b(&[K::Code(Left)], "key.change", Act::Earlier, true),
    b(
        &[K::Code(Right), K::Ch(' ')],
        "key.change",
        Act::Later,
        false,
    ),
    b(&[K::Code(Enter)], "key.next_field", Act::Open, false),
];

/// The student: ↑↓ pick a match, Enter takes it.
pub static RECORD_STUDENT: &[Binding] = &[
    b(&[K::Code(Up)], "key.pick", Act::Up, true),
    b(&[K::Code(Down)], "key.pick", Act::Down, false),
    b(&[K::Code(Enter)], "key.take", Act::Open, true),
];

/// The crisis cases one may see.
pub static CRISIS_LIST: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.move", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.move", Act::Down, false),
    b(&[K::Code(Enter)], "key.open", Act::Open, true),
    b(&[K::Ch('n')], "key.new_case", Act::NewEntry, true),
];

/// One step of a case (digits tick the do-confirm items, so no GLOBAL).
pub static CRISIS_STEP: &[Binding] = &[
    b(&[K::Code(Enter)], "key.step_done", Act::Open, true),
    b(&[K::Ch('s')], "key.skip", Act::Skip, true),
    b(
        &[K::Ch('x')],
        "key.not_applicable",
        Act::NotApplicable,
        true,
    ),
    b(&[K::Ch('t')], "key.note", Act::Note, true),
    b(&[K::Code(Left)], "key.prev_step", Act::Earlier, true),
    b(&[K::Code(Right)], "key.next_step", Act::Later, false),
    b(&[K::Ch('1')], "key.tick", Act::Toggle(1), false),
    b(&[K::Ch('2')], "key.tick", Act::Toggle(2), false),
    b(&[K::Ch('3')], "key.tick", Act::Toggle(3), false),
    b(&[K::Ch('4')], "key.tick", Act::Toggle(4), false),
    b(&[K::Ch('5')], "key.tick", Act::Toggle(5), false),
    b(&[K::Ch('6')], "key.tick", Act::Toggle(6), false),
    b(&[K::Ch('l')], "key.risk_level", Act::Level, true),
    b(&[K::Ch('c')], "key.cssrs", Act::Cssrs, false),
    b(&[K::Ch('P')], "key.close_phase", Act::ClosePhase, false),
    b(&[K::Ch('C')], "key.close_case", Act::CloseCase, false),
    b(&[K::Ch('?')], "key.help", Act::Help, true),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

/// A reason, a note, the outcome.
pub static CRISIS_TEXT: &[Binding] = &[
    b(&[K::Code(Enter), K::Ctrl('s')], "key.save", Act::Save, true),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

/// The C-SSRS screener: yes or no.
pub static CRISIS_SCREEN: &[Binding] = &[
    b(&[K::Ch('y')], "key.yes", Act::Yes, true),
    b(&[K::Ch('n')], "key.no", Act::No, true),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

/// Moving in a list over the duty log (past shifts, results, roster).
pub static DUTY_MOVE: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.move", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.move", Act::Down, false),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
];

pub static DUTY_SHIFTS: &[Binding] = &[
    b(&[K::Code(Enter)], "key.open", Act::Open, true),
    b(&[K::Code(Left)], "key.earlier", Act::Earlier, true),
    b(&[K::Code(Right)], "key.later", Act::Later, true),
];

pub static DUTY_RESULTS: &[Binding] = &[
    b(&[K::Code(Enter)], "key.open", Act::Open, true),
    b(&[K::Ch('s')], "key.search_log", Act::SearchLog, true),
];

pub static DUTY_ROSTER: &[Binding] = &[
    b(&[K::Code(Left)], "key.earlier", Act::Earlier, true),
    b(&[K::Code(Right)], "key.later", Act::Later, true),
    b(&[K::Ch('m')], "key.mine", Act::Mine, true),
];

/// Typing what to find in the duty log.
pub static DUTY_QUERY: &[Binding] = &[
    b(&[K::Code(Enter)], "key.find", Act::Open, true),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

/// Reading one shift.
pub static DUTY_READ: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.scroll", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.scroll", Act::Down, true),
    b(&[K::Code(PageUp)], "key.page", Act::PageUp, false),
    b(
        &[K::Code(PageDown), K::Ch(' ')],
        "key.page",
        Act::PageDown,
        false,
    ),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
];

/// Writing a log entry: the text, when, where, who.
pub static DUTY_ENTRY: &[Binding] = &[
    b(&[K::Code(Enter), K::Ctrl('s')], "key.save", Act::Save, true),
    b(&[K::Code(Tab)], "key.next_field", Act::NextField, true),
    b(&[K::BackTab], "key.prev_field", Act::PrevField, false),
    b(&[K::Ctrl('t')], "key.sensitive", Act::Sensitive, true),
    b(&[K::Ctrl('o')], "key.open_item", Act::OpenItem, true),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

/// The students field of an entry: ↑↓ pick a match, Enter adds it.
pub static DUTY_ENTRY_WHO: &[Binding] = &[
    b(&[K::Code(Up)], "key.pick", Act::Up, true),
    b(&[K::Code(Down)], "key.pick", Act::Down, false),
];

/// A numbered choice in a popup: a duty entry's type or channel, a risk level.
pub static CHOICE: &[Binding] = &[
    b(&[K::Ch('1')], "key.choose", Act::Toggle(1), false),
    b(&[K::Ch('2')], "key.choose", Act::Toggle(2), false),
    b(&[K::Ch('3')], "key.choose", Act::Toggle(3), false),
    b(&[K::Ch('4')], "key.choose", Act::Toggle(4), false),
    b(&[K::Ch('5')], "key.choose", Act::Toggle(5), false),
    b(&[K::Ch('6')], "key.choose", Act::Toggle(6), false),
    b(&[K::Ch('7')], "key.choose", Act::Toggle(7), false),
    b(&[K::Ch('8')], "key.choose", Act::Toggle(8), false),
    b(&[K::Ch('9')], "key.choose", Act::Toggle(9), false),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

/// Typing in a duty popup.
pub static DUTY_TEXT: &[Binding] = &[
    b(&[K::Code(Enter), K::Ctrl('s')], "key.save", Act::Save, true),
    b(&[K::Code(Tab)], "key.next_field", Act::NextField, false),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

pub static TINY: &[Binding] = &[b(&[K::Ch('q'), K::Ctrl('c')], "key.quit", Act::Quit, true)];

/// The first binding of `tables` (in order) that `ev` matches.
pub fn resolve(tables: &[&[Binding]], ev: &KeyEvent) -> Option<Act> {
    tables
        .iter()
        .flat_map(|t| t.iter())
        .find(|bd| bd.keys.iter().any(|k| k.matches(ev)))
        .map(|bd| bd.act)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEvent;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn resolution_follows_table_order() {
        assert_eq!(resolve(&[LIST, GLOBAL], &key(Char('j'))), Some(Act::Down));
        assert_eq!(
            resolve(&[LIST, GLOBAL], &key(Char('6'))),
            Some(Act::Screen(6))
        );
        assert_eq!(
            resolve(&[SEARCHING], &key(Char('6'))),
            None,
            "digits type while searching"
        );
        assert_eq!(
            resolve(
                &[SEARCHING],
                &KeyEvent::new(Char('c'), KeyModifiers::CONTROL)
            ),
            Some(Act::Quit)
        );
        assert_eq!(
            resolve(&[GLOBAL], &KeyEvent::new(Char('q'), KeyModifiers::CONTROL)),
            None,
            "Ctrl-Q is not q"
        );
        assert_eq!(
            resolve(&[FLAG_FORM], &KeyEvent::new(BackTab, KeyModifiers::SHIFT)),
            Some(Act::PrevField)
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for tables in [
            &[LIST, GLOBAL][..],
            &[SEARCHING],
            &[DETAIL, GLOBAL],
            &[FLAG_LIST],
            &[FLAG_LEVEL, FLAG_FORM],
            &[CONFIRM],
            &[PICKER],
            &[PATROL_START, GLOBAL],
            &[PATROL_ROOM],
            &[PATROL_HAZARDS],
            &[PATROL_SKIP],
            &[PATROL_TEXT],
            &[PATROL_SUMMARY, GLOBAL],
            &[PATROL_TODO, GLOBAL],
            &[PATROL_HISTORY, GLOBAL],
            &[DUTY_MAIN, GLOBAL],
            &[CHOICE],
            &[DUTY_TEXT],
            &[DUTY_MOVE, DUTY_SHIFTS, GLOBAL],
            &[DUTY_MOVE, DUTY_RESULTS, GLOBAL],
            &[DUTY_MOVE, DUTY_ROSTER, GLOBAL],
            &[DUTY_QUERY],
            &[DUTY_READ, GLOBAL],
            &[DUTY_ENTRY],
            &[TODO_MAIN, GLOBAL],
            &[CRISIS_LIST, GLOBAL],
            &[CRISIS_STEP],
            &[CRISIS_TEXT],
            &[CRISIS_SCREEN],
            &[RECORD_LINE, RECORD_FORM],
            &[RECORD_FORM],
            &[RECORD_CHOICE, RECORD_FORM],
            &[RECORD_STUDENT, RECORD_FORM],
            &[DUTY_ENTRY_WHO, DUTY_ENTRY],
            &[PATROL_TODO_FORM],
            &[PATROL_OUTCOME, PATROL_TODO_FORM],
        ] {
            let mut seen = Vec::new();
            for bd in tables.iter().flat_map(|t| t.iter()) {
                for k in bd.keys {
                    // Esc appears in DETAIL and GLOBAL with the same meaning
                    if seen
                        .iter()
                        .any(|(s, a): &(K, Act)| *s == *k && *a != bd.act)
                    {
                        panic!("{k:?} bound twice");
                    }
                    seen.push((*k, bd.act));
                }
            }
        }
    }
}
