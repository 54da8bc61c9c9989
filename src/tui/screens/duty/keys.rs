//! The 值班 screen's keys, by view.

use ratatui::crossterm::event::KeyCode::*;

use crate::tui::keys::{Act, Binding, K, b};

/// Tonight's desk.
pub static MAIN: &[Binding] = &[
    b(&[K::Ch('o')], "key.open_shift", Act::OpenShift, true),
    b(&[K::Ch('n')], "key.new_entry", Act::NewEntry, true),
    b(&[K::Ch('e')], "key.escalate", Act::Escalate, true),
    b(&[K::Ch('r')], "key.respond", Act::Respond, true),
    b(&[K::Ch('a')], "key.amend", Act::Amend, false),
    b(&[K::Ch('t')], "key.take_over", Act::TakeOver, true),
    b(&[K::Ch('c')], "key.close_item", Act::CloseItem, true),
    b(&[K::Ch('C')], "key.close_shift", Act::CloseShift, true),
    b(&[K::Ch('L')], "key.set_leader", Act::SetLeader, false),
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

/// Back from a view over the log.
pub static VIEW_BACK: &[Binding] = &[b(&[K::Code(Esc)], "key.back", Act::Back, true)];

pub static SHIFTS: &[Binding] = &[
    b(&[K::Code(Enter)], "key.open", Act::Open, true),
    b(&[K::Code(Left)], "key.earlier", Act::Earlier, true),
    b(&[K::Code(Right)], "key.later", Act::Later, true),
];

pub static RESULTS: &[Binding] = &[
    b(&[K::Code(Enter)], "key.open", Act::Open, true),
    b(&[K::Ch('s')], "key.search_log", Act::SearchLog, true),
];

pub static ROSTER: &[Binding] = &[
    b(&[K::Code(Left)], "key.earlier", Act::Earlier, true),
    b(&[K::Code(Right)], "key.later", Act::Later, true),
    b(&[K::Ch('m')], "key.mine", Act::Mine, true),
];

/// Typing what to find in the duty log.
pub static QUERY: &[Binding] = &[
    b(&[K::Code(Enter)], "key.find", Act::Open, true),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

/// Reading one shift.
pub static READ: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.scroll", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.scroll", Act::Down, true),
    b(&[K::Code(PageUp)], "key.page", Act::PageUp, false),
    b(
        &[K::Code(PageDown), K::Ch(' ')],
        "key.page",
        Act::PageDown,
        false,
    ),
    b(&[K::Code(Home)], "key.top_bottom", Act::Top, false),
    b(&[K::Code(End)], "key.top_bottom", Act::Bottom, false),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
];
