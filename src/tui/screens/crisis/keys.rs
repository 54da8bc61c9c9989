//! The 危机 screen's keys.

use ratatui::crossterm::event::KeyCode::*;

use crate::tui::keys::{Act, Binding, K, b};

/// The cases one may see.
pub static LIST: &[Binding] = &[
    b(&[K::Code(Enter)], "key.open", Act::Open, true),
    b(&[K::Ch('n')], "key.new_case", Act::NewEntry, true),
];

/// One step of a case (digits tick its do-confirm items here).
pub static STEP: &[Binding] = &[
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
    b(&[K::Code(Home)], "key.top_bottom", Act::Top, false),
    b(&[K::Code(End)], "key.top_bottom", Act::Bottom, false),
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
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
];

/// The C-SSRS screener: yes or no.
pub static SCREEN: &[Binding] = &[
    b(&[K::Ch('y')], "key.yes", Act::Yes, true),
    b(&[K::Ch('n')], "key.no", Act::No, true),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];
