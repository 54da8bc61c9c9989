//! The 危机 screen's keys.

use ratatui::crossterm::event::KeyCode::*;

use crate::tui::keys::{Act, Binding, K, b};

/// The cases one may see.
pub static LIST: &[Binding] = &[
    b(&[K::Code(Enter)], "key.open", Act::Open, true),
    b(&[K::Ch('n')], "key.new_case", Act::NewEntry, true),
];

/// One step of a case. Digits switch screens here as everywhere (the
/// shared table comes after this one); a step's items are chosen with ↑ ↓
/// and ticked with Space, keys that mean nothing else.
pub static STEP: &[Binding] = &[
    b(&[K::Code(Enter)], "key.step_done", Act::Open, true),
    b(&[K::Ch(' ')], "key.tick", Act::Tick, true),
    b(&[K::Code(Up), K::Ch('k')], "key.item", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.item", Act::Down, false),
    b(&[K::Ch('s')], "key.skip", Act::Skip, true),
    b(
        &[K::Ch('x')],
        "key.not_applicable",
        Act::NotApplicable,
        true,
    ),
    b(&[K::Ch('t')], "key.note", Act::Note, true),
    b(&[K::Ch('u')], "key.withdraw", Act::Withdraw, true),
    b(&[K::Ch('o')], "key.overview", Act::Overview, true),
    b(&[K::Code(Left)], "key.prev_step", Act::Earlier, true),
    b(&[K::Code(Right)], "key.next_step", Act::Later, false),
    b(&[K::Code(Home)], "key.top_bottom", Act::Top, false),
    b(&[K::Code(End)], "key.top_bottom", Act::Bottom, false),
    b(&[K::Ch('l')], "key.risk_level", Act::Level, true),
    b(&[K::Ch('c')], "key.cssrs", Act::Cssrs, false),
    b(&[K::Ch('P')], "key.close_phase", Act::ClosePhase, false),
    b(&[K::Ch('C')], "key.close_case", Act::CloseCase, false),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
];

/// The case's overview page: scrolled like a list; `o` or Esc back to the
/// step.
pub static OVERVIEW: &[Binding] = &[
    b(
        &[K::Ch('o'), K::Code(Esc)],
        "key.to_step",
        Act::Overview,
        true,
    ),
    b(&[K::Code(Up), K::Ch('k')], "key.scroll", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.scroll", Act::Down, true),
    b(&[K::Code(PageUp)], "key.page", Act::PageUp, false),
    b(&[K::Code(PageDown)], "key.page", Act::PageDown, false),
    b(&[K::Code(Home)], "key.top_bottom", Act::Top, false),
    b(&[K::Code(End)], "key.top_bottom", Act::Bottom, false),
    b(&[K::Ch('t')], "key.note", Act::Note, true),
];

/// The C-SSRS screener: yes or no.
pub static SCREEN: &[Binding] = &[
    b(&[K::Ch('y')], "key.yes", Act::Yes, true),
    b(&[K::Ch('n')], "key.no", Act::No, true),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];
