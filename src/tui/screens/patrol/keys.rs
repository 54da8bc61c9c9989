//! The 查寝 screen's keys, by view.

use ratatui::crossterm::event::KeyCode::*;

use crate::tui::keys::{Act, Binding, K, b};

/// Choosing a building, the scope and the kind.
pub static START: &[Binding] = &[
    b(&[K::Code(Enter)], "key.start_patrol", Act::Open, true),
    b(&[K::Ch('s')], "key.scope", Act::CycleScope, true),
    b(&[K::Ch('t')], "key.kind", Act::CycleKind, true),
    b(&[K::Ch('f')], "key.floors", Act::EditFloors, false),
    b(&[K::Ch('r')], "key.resume", Act::Resume, true),
    b(&[K::Code(Tab)], "key.todo", Act::NextField, true),
    b(&[K::Ch('h')], "key.history", Act::History, false),
];

/// The to-do list of the start view (follow-ups, hazards).
pub static TODO: &[Binding] = &[
    b(&[K::Code(Enter)], "key.handle", Act::Open, true),
    b(&[K::Code(Tab)], "key.buildings", Act::NextField, true),
    b(&[K::Code(Esc)], "key.buildings", Act::Back, false),
];

/// Past patrols.
pub static HISTORY: &[Binding] = &[
    b(&[K::Code(Enter)], "key.open", Act::Open, true),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
];

/// One room: letters mark presence and hygiene (digits switch screens
/// here as everywhere: a row's number is never taken for a status).
pub static ROOM: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.move", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.move", Act::Down, false),
    b(&[K::Code(Home)], "key.top_bottom", Act::Top, false),
    b(&[K::Code(End)], "key.top_bottom", Act::Bottom, false),
    b(&[K::Ch('p')], "presence.present", Act::Toggle(1), false),
    b(&[K::Ch('v')], "presence.leave", Act::Toggle(2), false),
    b(&[K::Ch('w')], "presence.late", Act::Toggle(3), false),
    b(
        &[K::Ch('o')],
        "presence.out_overnight",
        Act::Toggle(4),
        false,
    ),
    b(&[K::Ch('u')], "presence.unknown", Act::Toggle(5), false),
    b(&[K::Ch('c')], "presence.off_campus", Act::Toggle(6), false),
    b(
        &[K::Code(Enter), K::Code(Right), K::Ch('l')],
        "key.next_room",
        Act::NextRoom,
        true,
    ),
    b(&[K::Ch('a')], "key.all_present", Act::AllPresent, true),
    b(&[K::Ch('e')], "key.grade_1", Act::Grade(1), false),
    b(&[K::Ch('r')], "key.grade_2", Act::Grade(2), false),
    b(&[K::Ch('t')], "key.grade_3", Act::Grade(3), false),
    b(&[K::Ch('y')], "key.grade_4", Act::Grade(4), false),
    b(&[K::Ch('h')], "key.hygiene_next", Act::Hygiene, false),
    b(&[K::Ch('m')], "key.rooms", Act::Overview, true),
    b(&[K::Ch('F')], "key.finish", Act::Finish, true),
    b(&[K::Ch('x')], "key.hazards", Act::Hazards, false),
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
    b(&[K::Code(Esc)], "key.pause", Act::Back, false),
];

/// The rooms of the walk, floor by floor: Enter goes to one.
pub static OVERVIEW: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.move", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.move", Act::Down, false),
    b(&[K::Code(PageUp)], "key.page", Act::PageUp, false),
    b(&[K::Code(PageDown)], "key.page", Act::PageDown, false),
    b(&[K::Code(Home)], "key.top_bottom", Act::Top, false),
    b(&[K::Code(End)], "key.top_bottom", Act::Bottom, false),
    b(&[K::Code(Enter)], "key.go_room", Act::Open, true),
    b(&[K::Code(Esc), K::Ch('m')], "key.back", Act::Back, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

/// The hazards of a room: digits tick them.
pub static HAZARDS: &[Binding] = &[
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

/// Why a room is skipped.
pub static SKIP: &[Binding] = &[
    b(&[K::Code(Up), K::Ch('k')], "key.move", Act::Up, false),
    b(&[K::Code(Down), K::Ch('j')], "key.move", Act::Down, true),
    b(&[K::Ch('1')], "key.choose", Act::Toggle(1), false),
    b(&[K::Ch('2')], "key.choose", Act::Toggle(2), false),
    b(&[K::Ch('3')], "key.choose", Act::Toggle(3), false),
    b(&[K::Ch('4')], "key.choose", Act::Toggle(4), false),
    b(&[K::Ch('5')], "key.choose", Act::Toggle(5), false),
    b(&[K::Ch('6')], "key.choose", Act::Toggle(6), false),
    b(&[K::Ch('7')], "key.choose", Act::Toggle(7), false),
    b(&[K::Ch('8')], "key.choose", Act::Toggle(8), false),
    b(&[K::Ch('9')], "key.choose", Act::Toggle(9), false),
    b(&[K::Code(Enter)], "key.skip", Act::Open, true),
    b(&[K::Code(Esc)], "key.back", Act::Back, true),
    b(&[K::Ctrl('c')], "key.quit", Act::Quit, false),
];

pub static SUMMARY: &[Binding] = &[b(&[K::Code(Enter)], "key.close", Act::Open, true)];
