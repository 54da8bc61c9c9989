//! The students screen's keys, by what has the keyboard.

use ratatui::crossterm::event::KeyCode::*;

use crate::tui::keys::{Act, Binding, K, b};

/// The list (with [`crate::tui::keys::LIST`] and the global keys).
pub static LIST_KEYS: &[Binding] = &[
    b(&[K::Ch('g')], "key.top_bottom", Act::Top, false),
    b(&[K::Ch('G')], "key.top_bottom", Act::Bottom, false),
    b(&[K::Code(Enter)], "key.open", Act::Open, true),
    b(&[K::Ch('e')], "key.export", Act::Export, true),
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

/// A student's detail.
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
    b(&[K::Code(Home)], "key.top_bottom", Act::Top, false),
    b(&[K::Code(End)], "key.top_bottom", Act::Bottom, false),
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

/// The flags one may set on the student.
pub static FLAG_LIST: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.move", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.move", Act::Down, true),
    b(&[K::Code(Home)], "key.top_bottom", Act::Top, false),
    b(&[K::Code(End)], "key.top_bottom", Act::Bottom, false),
    b(&[K::Code(Enter)], "key.edit", Act::Open, true),
    b(
        &[K::Ch('x'), K::Code(Delete)],
        "key.clear_flag",
        Act::FlagClear,
        true,
    ),
    b(&[K::Code(Esc)], "key.close", Act::Back, true),
    b(&[K::Ch('?')], "key.help", Act::Help, false),
    b(&[K::Ch('q'), K::Ctrl('c')], "key.quit", Act::Quit, false),
];
