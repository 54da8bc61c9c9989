//! The lean backend: what reaches a terminal (a vt100 emulator here) is
//! the frame ratatui drew, cell for cell, in fewer bytes.

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;

use ratatui::Terminal;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Lean, move_bytes};

/// Everything the backend wrote, shared with the test.
#[derive(Clone, Default)]
struct Tap(Rc<RefCell<Vec<u8>>>);

impl Write for Tap {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Tap {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

struct Screen {
    term: Terminal<Lean<Tap>>,
    tap: Tap,
    vt: vt100::Parser,
}

impl Screen {
    fn new(w: u16, h: u16) -> Screen {
        let tap = Tap::default();
        let term = Terminal::new(Lean::sized(tap.clone(), w, h)).unwrap();
        Screen {
            term,
            tap,
            vt: vt100::Parser::new(h.try_into().unwrap(), w.try_into().unwrap(), 0),
        }
    }

    /// Draws `lines` (and the text cursor at `cursor`); returns the bytes
    /// the frame wrote, after checking the emulator shows what was drawn.
    fn frame(&mut self, lines: Vec<Line<'static>>, cursor: Option<(u16, u16)>) -> Vec<u8> {
        let done = self
            .term
            .draw(|f| {
                f.render_widget(Paragraph::new(lines), f.area());
                if let Some((x, y)) = cursor {
                    f.set_cursor_position(Position { x, y });
                }
            })
            .unwrap();
        let drawn = done.buffer.clone();
        let bytes = self.tap.take();
        self.vt.process(&bytes);
        same(&drawn, self.vt.screen());
        let at = self.vt.screen().cursor_position();
        match cursor {
            Some((x, y)) => {
                assert_eq!(at, (y, x), "the real cursor is at the text cursor");
                assert!(!self.vt.screen().hide_cursor());
            }
            None => assert!(self.vt.screen().hide_cursor()),
        }
        bytes
    }
}

/// The emulator's screen holds the buffer: every cell's text, and the
/// bold, reverse and underline of every cell that is not blank.
fn same(b: &Buffer, s: &vt100::Screen) {
    let Rect { width, height, .. } = b.area;
    for y in 0..height {
        for x in 0..width {
            let want = &b[(x, y)];
            let got = s.cell(y, x).expect("a cell");
            if got.is_wide_continuation() {
                continue;
            }
            let text = if got.contents().is_empty() {
                " ".to_string()
            } else {
                got.contents().to_string()
            };
            assert_eq!(text, want.symbol(), "cell ({x},{y})");
            if text == " " {
                // the blank half of a wide character overwritten takes the
                // pen of the write (ratatui does not redraw it: it is blank)
                continue;
            }
            let m = want.modifier;
            assert_eq!(got.bold(), m.contains(Modifier::BOLD), "bold at ({x},{y})");
            assert_eq!(
                got.inverse(),
                m.contains(Modifier::REVERSED),
                "reverse at ({x},{y})"
            );
            assert_eq!(
                got.underline(),
                m.contains(Modifier::UNDERLINED),
                "underline at ({x},{y})"
            );
        }
    }
}

fn field(label: &str, text: &str) -> Line<'static> {
    Line::from(vec![
        Span::raw(label.to_string()),
        Span::styled(
            text.to_string(),
            Style::default().add_modifier(Modifier::UNDERLINED),
        ),
        Span::styled(" ", Style::default().add_modifier(Modifier::REVERSED)),
    ])
}

fn list(sel: usize) -> Vec<Line<'static>> {
    [
        "待确认交接事项 0",
        "未回复的上报 3",
        "本周谈话 12",
        "mixed 中文 and ascii ·…",
    ]
    .iter()
    .enumerate()
    .map(|(i, t)| {
        if i == sel {
            Line::from(Span::styled(
                format!("> {t}"),
                Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            ))
        } else {
            Line::from(format!("  {t}"))
        }
    })
    .collect()
}

/// Typing in a field: the character goes where the cursor stands, with no
/// move before it, and the frame is a few bytes (issue 16: ≤ 40 a key).
#[test]
fn a_typed_character_costs_a_few_bytes() {
    let mut s = Screen::new(80, 24);
    let label = "谈话内容：";
    let x0 = 10u16;
    s.frame(vec![Line::from("表单"), field(label, "")], Some((x0, 1)));
    let mut text = String::new();
    for c in "abc学生说".chars() {
        text.push(c);
        let x = x0 + unicode_width::UnicodeWidthStr::width(text.as_str()) as u16;
        let bytes = s.frame(vec![Line::from("表单"), field(label, &text)], Some((x, 1)));
        assert!(
            bytes.len() <= 30,
            "{c:?}: {} bytes: {:?}",
            bytes.len(),
            String::from_utf8_lossy(&bytes)
        );
        // nothing moves the cursor but the frame's last word (its place)
        let moves = String::from_utf8_lossy(&bytes).matches('H').count();
        assert_eq!(moves, 1, "{:?}", String::from_utf8_lossy(&bytes));
    }
}

/// A selection move rewrites two lines, Chinese ones with no move between
/// the characters.
#[test]
fn a_selection_move_rewrites_two_lines_briefly() {
    let mut s = Screen::new(50, 20);
    s.frame(list(0), None);
    for sel in [1, 2, 3, 2, 1, 0] {
        let bytes = s.frame(list(sel), None);
        assert!(
            bytes.len() <= 140,
            "{} bytes: {:?}",
            bytes.len(),
            String::from_utf8_lossy(&bytes)
        );
    }
}

/// Frames of every kind (wide characters meeting narrow ones, styles on
/// and off, text cut at the right edge, a cursor shown and hidden) reach
/// the emulator as drawn: checked cell by cell in [`Screen::frame`].
/// A frame's lines and its text cursor.
type Frame = (Vec<Line<'static>>, Option<(u16, u16)>);

#[test]
fn every_frame_reaches_the_terminal_as_drawn() {
    let mut s = Screen::new(40, 8);
    let edge = "一二三四五六七八九十一二三四五六七八九十";
    let frames: Vec<Frame> = vec![
        (list(0), None),
        (
            vec![Line::from(edge), Line::from("ab一c二d三")],
            Some((3, 1)),
        ),
        (vec![Line::from("x".repeat(40)), Line::from(edge)], None),
        (list(2), Some((0, 7))),
        (
            vec![Line::from(Span::styled(
                "粗体 bold",
                Style::default().add_modifier(Modifier::BOLD),
            ))],
            None,
        ),
        (vec![field("名：", "李四"), Line::from(edge)], Some((6, 0))),
        (list(3), None),
    ];
    for (lines, cursor) in frames {
        s.frame(lines, cursor);
    }
}

#[test]
fn moves_are_said_briefly() {
    let m = |from, to| {
        let mut v = Vec::new();
        move_bytes(from, to, &mut v);
        String::from_utf8(v).unwrap()
    };
    assert_eq!(m(Some((3, 4)), (3, 4)), "");
    assert_eq!(m(Some((3, 4)), (4, 4)), "\x1b[C");
    assert_eq!(m(Some((3, 4)), (20, 4)), "\x1b[17C");
    assert_eq!(m(Some((30, 4)), (28, 4)), "\x1b[2D");
    assert_eq!(m(None, (0, 4)), "\x1b[5H");
    assert_eq!(m(Some((30, 3)), (12, 4)), "\x1b[5;13H");
}

/// A pane of text replaced by a shorter one: the rows' blank ends are
/// erased at once, not written a space at a time, and the terminal still
/// shows the frame as drawn (wide characters at the erase's edge too).
#[test]
fn a_row_emptied_is_erased_in_one_sequence() {
    let mut s = Screen::new(60, 12);
    let full: Vec<Line<'static>> = (0..12)
        .map(|i| {
            Line::from(format!(
                "{i:02} 学生说考试没考好最近睡得少室友说她常一个人哭已约好周五再谈"
            ))
        })
        .collect();
    s.frame(full.clone(), None);
    let short: Vec<Line<'static>> = vec![Line::from("计算中…")];
    let bytes = s.frame(short.clone(), None);
    assert!(
        bytes.len() <= 12 * 12,
        "{} bytes: {:?}",
        bytes.len(),
        String::from_utf8_lossy(&bytes)
    );
    assert!(String::from_utf8_lossy(&bytes).contains("\x1b[K"));
    // and back, and cut after a wide character, a styled blank kept
    s.frame(full, None);
    s.frame(
        vec![
            Line::from("一二三"),
            Line::from(Span::styled(
                "  ",
                Style::default().add_modifier(Modifier::REVERSED),
            )),
            Line::from("ab一"),
        ],
        Some((2, 2)),
    );
    s.frame(list(1), None);
}

/// The size is asked of the terminal once; a resize is told.
#[test]
fn a_size_told_is_the_next_frames() {
    let mut s = Screen::new(40, 8);
    s.frame(list(0), None);
    s.term.backend_mut().resized(30, 6);
    assert_eq!(s.term.size().unwrap(), ratatui::layout::Size::new(30, 6));
    s.vt.screen_mut().set_size(
        std::num::NonZero::new(6).unwrap(),
        std::num::NonZero::new(30).unwrap(),
    );
    s.frame(list(2), None);
}
