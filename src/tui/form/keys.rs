//! The keys of a form: the same in every form, by the kind of field in focus.

use ratatui::crossterm::event::KeyCode::*;

use crate::tui::keys::{Act, Binding, K, b};

/// Any field.
pub static FORM: &[Binding] = &[
    b(&[K::Ctrl('s')], "key.save", Act::Save, true),
    b(&[K::Code(Tab)], "key.next_field", Act::NextField, true),
    b(&[K::BackTab], "key.prev_field", Act::PrevField, false),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

/// A one-line field: Enter goes on to the next field.
pub static LINE: &[Binding] = &[b(
    &[K::Code(Enter)],
    "key.next_field",
    Act::NextField,
    false,
)];

/// A field where Enter saves the form (short forms, the duty entry).
pub static ENTER_SAVES: &[Binding] = &[b(&[K::Code(Enter)], "key.save", Act::Save, true)];

/// A choice: ←/→ or a digit change it.
pub static CHOICE: &[Binding] = &[
    b(&[K::Code(Left)], "key.change", Act::Earlier, true),
    b(
        &[K::Code(Right), K::Ch(' ')],
        "key.change",
        Act::Later,
        false,
    ),
    b(&[K::Ch('1')], "key.choose", Act::Toggle(1), false),
    b(&[K::Ch('2')], "key.choose", Act::Toggle(2), false),
    b(&[K::Ch('3')], "key.choose", Act::Toggle(3), false),
    b(&[K::Ch('4')], "key.choose", Act::Toggle(4), false),
    b(&[K::Ch('5')], "key.choose", Act::Toggle(5), false),
    b(&[K::Ch('6')], "key.choose", Act::Toggle(6), false),
    b(&[K::Ch('7')], "key.choose", Act::Toggle(7), false),
    b(&[K::Ch('8')], "key.choose", Act::Toggle(8), false),
    b(&[K::Ch('9')], "key.choose", Act::Toggle(9), false),
];

/// A yes/no mark: Space (or ←/→) flips it.
pub static TOGGLE: &[Binding] = &[b(
    &[K::Ch(' '), K::Code(Left), K::Code(Right)],
    "key.flip",
    Act::Later,
    true,
)];

/// The students: ↑↓ pick a match, Enter takes it.
pub static STUDENTS: &[Binding] = &[
    b(&[K::Code(Up)], "key.pick", Act::Up, true),
    b(&[K::Code(Down)], "key.pick", Act::Down, false),
    b(&[K::Code(Enter)], "key.take", Act::Open, true),
];

/// Ctrl-T marks a record sensitive.
pub static SENSITIVE: &[Binding] = &[b(&[K::Ctrl('t')], "key.sensitive", Act::Sensitive, true)];

/// Ctrl-T sensitive, Ctrl-O kept open for the next shift (a duty entry).
pub static SENSITIVE_OPEN: &[Binding] = &[
    b(&[K::Ctrl('t')], "key.sensitive", Act::Sensitive, true),
    b(&[K::Ctrl('o')], "key.open_item", Act::OpenItem, true),
];

/// No keys of its own.
pub static NONE: &[Binding] = &[];
