//! Keys as data: each context of a screen has key tables; the same tables
//! resolve a key to an action, build the hint bar and the `?` help, so keys
//! and their help never drift apart. The tables every screen shares are
//! here; each screen keeps its own in its folder.

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

/// What a key does. One vocabulary for every screen: a screen gives an
/// action its meaning there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Screen(u8),
    Help,
    Search,
    Back,
    Quit,
    NewCase,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Save,
    NextField,
    PrevField,
    /// ← / → on a choice, or stepping through something.
    Earlier,
    Later,
    /// A numbered choice: a presence status, a hazard, a skip reason, an
    /// entry type, a channel, a level, a do-confirm item.
    Toggle(u8),
    Yes,
    No,
    /// Keep what was typed as a draft (in the question after Esc).
    Keep,
    /// Discard what was typed (in the question after Esc).
    Discard,
    ClearSearch,
    RevealPhone,
    RevealId,
    RevealGuardian,
    EditFlags,
    FlagClear,
    Sensitive,
    OpenItem,
    // 查寝
    CycleScope,
    CycleKind,
    EditFloors,
    Resume,
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
    /// A hygiene grade of the checklist, by its place (1 the best).
    Grade(u8),
    // 值班
    OpenShift,
    NewEntry,
    Escalate,
    Respond,
    Amend,
    TakeOver,
    CloseItem,
    CloseShift,
    SetLeader,
    PastShifts,
    SearchLog,
    Roster,
    Mine,
    // 待办
    Contact,
    Ledger,
    Sweep,
    /// A growth-file entry (成长档案) for the student under the cursor.
    Growth,
    /// 督办: a leader presses a counsellor about an item.
    Press,
    /// Export what is shown (the students' list, a report: xlsx).
    Export,
    // 危机
    CaseFromEntry,
    NotApplicable,
    Level,
    Cssrs,
    ClosePhase,
    CloseCase,
    /// Tick or untick the item under the cursor (Space).
    Tick,
    /// Take back what one just recorded on a step.
    Withdraw,
    /// The whole case on one page.
    Overview,
}

/// One row of a key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [K],
    /// Catalogue key of the label.
    pub label: &'static str,
    pub act: Act,
    /// Shown in the hint bar (all rows are shown in the help).
    pub hint: bool,
}

pub const fn b(keys: &'static [K], label: &'static str, act: Act, hint: bool) -> Binding {
    Binding {
        keys,
        label,
        act,
        hint,
    }
}

use KeyCode::*;

/// Keys that mean the same on every screen that is not taking typed text.
pub static GLOBAL: &[Binding] = &[
    b(&[K::Ch('1')], "screen.dashboard", Act::Screen(1), false),
    b(&[K::Ch('2')], "screen.patrol", Act::Screen(2), false),
    b(&[K::Ch('3')], "screen.duty", Act::Screen(3), false),
    b(&[K::Ch('4')], "screen.talks", Act::Screen(4), false),
    b(&[K::Ch('5')], "screen.crisis", Act::Screen(5), false),
    b(&[K::Ch('6')], "screen.students", Act::Screen(6), false),
    b(&[K::Ch('7')], "screen.reports", Act::Screen(7), false),
    b(&[K::Ch('/')], "key.search", Act::Search, true),
    b(&[K::Ch('!')], "key.new_case", Act::NewCase, false),
    b(&[K::Ch('?')], "key.help", Act::Help, true),
    b(&[K::Code(Esc)], "key.back", Act::Back, false),
    b(&[K::Ch('q'), K::Ctrl('c')], "key.quit", Act::Quit, true),
];

/// Moving in a list: every list takes Home/End and pages too.
pub static LIST: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.move", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.move", Act::Down, false),
    b(&[K::Code(PageUp)], "key.page", Act::PageUp, false),
    b(&[K::Code(PageDown)], "key.page", Act::PageDown, false),
    b(&[K::Code(Home)], "key.top_bottom", Act::Top, false),
    b(&[K::Code(End)], "key.top_bottom", Act::Bottom, false),
];

/// A yes-or-no question.
pub static CONFIRM: &[Binding] = &[
    b(&[K::Ch('y'), K::Ch('Y')], "key.yes", Act::Yes, true),
    b(
        &[K::Ch('n'), K::Ch('N'), K::Code(Esc)],
        "key.no",
        Act::No,
        true,
    ),
];

/// After Esc on a form with changes: keep as draft, discard, or go on.
pub static LEAVE_FORM: &[Binding] = &[
    b(&[K::Ch('k'), K::Ch('K')], "key.keep_draft", Act::Keep, true),
    b(&[K::Ch('d'), K::Ch('D')], "key.discard", Act::Discard, true),
    b(
        &[K::Code(Esc), K::Code(Enter), K::Ch('g')],
        "key.go_on",
        Act::No,
        true,
    ),
];

/// A draft from an earlier session: continue it, discard it, or later.
pub static OFFER: &[Binding] = &[
    b(
        &[K::Code(Enter), K::Ch('y'), K::Ch('c')],
        "key.continue",
        Act::Yes,
        true,
    ),
    b(&[K::Ch('d'), K::Ch('D')], "key.discard", Act::Discard, true),
    b(&[K::Code(Esc), K::Ch('l')], "key.not_now", Act::No, true),
    // a digit means what it means everywhere: the offer waits, the screen
    // changes (nothing is continued by a key meant for something else)
    b(&[K::Ch('1')], "screen.dashboard", Act::Screen(1), false),
    b(&[K::Ch('2')], "screen.patrol", Act::Screen(2), false),
    b(&[K::Ch('3')], "screen.duty", Act::Screen(3), false),
    b(&[K::Ch('4')], "screen.talks", Act::Screen(4), false),
    b(&[K::Ch('5')], "screen.crisis", Act::Screen(5), false),
    b(&[K::Ch('6')], "screen.students", Act::Screen(6), false),
];

/// The help: closed, or scrolled when it does not fit.
pub static HELP: &[Binding] = &[
    b(
        &[K::Code(Esc), K::Ch('?'), K::Ch('q')],
        "key.close",
        Act::Back,
        true,
    ),
    b(&[K::Code(Up), K::Ch('k')], "key.scroll", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.scroll", Act::Down, false),
    b(&[K::Code(PageUp)], "key.page", Act::PageUp, false),
    b(&[K::Code(PageDown)], "key.page", Act::PageDown, false),
    b(&[K::Code(Home)], "key.top_bottom", Act::Top, false),
    b(&[K::Code(End)], "key.top_bottom", Act::Bottom, false),
];

/// Whom to act as, on the demo database.
pub static SIGN_IN: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.move", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.move", Act::Down, true),
    b(&[K::Code(Home)], "key.top_bottom", Act::Top, false),
    b(&[K::Code(End)], "key.top_bottom", Act::Bottom, false),
    b(&[K::Code(Enter)], "key.pick", Act::Open, true),
    b(
        &[K::Ch('q'), K::Ctrl('c'), K::Code(Esc)],
        "key.quit",
        Act::Quit,
        true,
    ),
];

/// A numbered choice in a popup: a duty entry's type or channel, a level.
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

pub static TINY: &[Binding] = &[b(&[K::Ch('q'), K::Ctrl('c')], "key.quit", Act::Quit, true)];

/// The first binding of `tables` (in order) that `ev` matches.
pub fn resolve(tables: &[&'static [Binding]], ev: &KeyEvent) -> Option<Act> {
    tables
        .iter()
        .flat_map(|t| t.iter())
        .find(|bd| bd.keys.iter().any(|k| k.matches(ev)))
        .map(|bd| bd.act)
}

/// A list's cursor moved by `act` over `len` rows, `page` rows a page.
pub fn moved(cursor: usize, len: usize, act: Act, page: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let last = len - 1;
    let page = page.max(1);
    match act {
        Act::Up => cursor.saturating_sub(1),
        Act::Down => (cursor + 1).min(last),
        Act::PageUp => cursor.saturating_sub(page),
        Act::PageDown => (cursor + page).min(last),
        Act::Top => 0,
        Act::Bottom => last,
        _ => cursor.min(last),
    }
}

/// Is this a move in a list?
pub fn is_move(act: Act) -> bool {
    matches!(
        act,
        Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
            resolve(&[CHOICE, GLOBAL], &key(Char('6'))),
            Some(Act::Toggle(6))
        );
        assert_eq!(
            resolve(&[GLOBAL], &KeyEvent::new(Char('q'), KeyModifiers::CONTROL)),
            None,
            "Ctrl-Q is not q"
        );
        assert_eq!(
            resolve(&[GLOBAL], &KeyEvent::new(Char('c'), KeyModifiers::CONTROL)),
            Some(Act::Quit)
        );
    }

    #[test]
    fn lists_move_by_row_page_and_end() {
        assert_eq!(moved(0, 10, Act::Up, 5), 0);
        assert_eq!(moved(0, 10, Act::Down, 5), 1);
        assert_eq!(moved(2, 10, Act::PageDown, 5), 7);
        assert_eq!(moved(8, 10, Act::PageDown, 5), 9);
        assert_eq!(moved(3, 10, Act::PageUp, 5), 0);
        assert_eq!(moved(3, 10, Act::Bottom, 5), 9);
        assert_eq!(moved(3, 10, Act::Top, 5), 0);
        assert_eq!(moved(3, 0, Act::Down, 5), 0);
    }
}
