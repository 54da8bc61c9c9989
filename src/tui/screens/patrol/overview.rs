//! The rooms of a walk at a glance, floor by floor: done, skipped, still to
//! go; Enter goes to one (leaving the room in hand saves it, as any move
//! does). Marks are letters too, so it reads without colour.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use zhiban::app::patrols::{Reached, WalkRoom};
use zhiban::domain::text::{pad_cells, safe_line};

use super::*;
use crate::tui::screen::View;
use crate::tui::ui::{bold, selected};

pub struct Overview {
    pub rooms: Vec<WalkRoom>,
    /// The room under the cursor (an index of `rooms`).
    pub cursor: usize,
    /// The room in hand.
    pub here: usize,
}

/// A line of the overview: a floor's heading, or a room (its index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Floor(Option<i32>),
    Room(usize),
}

impl Overview {
    /// Headings before each floor's rooms (rooms keep walking order).
    fn rows(&self) -> Vec<Row> {
        let mut out = Vec::new();
        let mut floor = None;
        for (i, r) in self.rooms.iter().enumerate() {
            if i == 0 || floor != Some(r.floor) {
                out.push(Row::Floor(r.floor));
                floor = Some(r.floor);
            }
            out.push(Row::Room(i));
        }
        out
    }

    fn count(&self, reached: Reached) -> usize {
        self.rooms.iter().filter(|r| r.reached == reached).count()
    }
}

fn mark(r: Reached) -> (&'static str, &'static str) {
    match r {
        Reached::Done => ("x", "patrol.reached_done"),
        Reached::Skipped => ("-", "patrol.reached_skipped"),
        Reached::Pending => (" ", "patrol.reached_pending"),
    }
}

pub fn draw(f: &mut Frame<'_>, m: &View<'_>, o: &Overview, area: Rect) {
    let tx = &m.app.assets().text;
    let head = tx.f(
        "patrol.overview",
        &[
            ("done", &o.count(Reached::Done).to_string()),
            ("skipped", &o.count(Reached::Skipped).to_string()),
            ("pending", &o.count(Reached::Pending).to_string()),
        ],
    );
    let rows = o.rows();
    let fit = (area.height as usize).saturating_sub(1).max(1);
    let at = rows
        .iter()
        .position(|r| *r == Row::Room(o.cursor))
        .unwrap_or(0);
    // scrolled just enough to keep the cursor in sight
    let top = (at + 1).saturating_sub(fit);
    let mut lines = vec![Line::from(Span::styled(head, bold()))];
    for row in rows.iter().skip(top).take(fit) {
        match *row {
            Row::Floor(fl) => {
                let name = match fl {
                    Some(n) => tx.f("patrol.floor", &[("floor", &n.to_string())]),
                    None => tx.s("patrol.floor_none"),
                };
                let of: Vec<&WalkRoom> = o.rooms.iter().filter(|r| r.floor == fl).collect();
                let done = of.iter().filter(|r| r.reached != Reached::Pending).count();
                lines.push(Line::from(Span::styled(
                    format!("{name}  {done}/{}", of.len()),
                    bold(),
                )));
            }
            Row::Room(i) => {
                let r = &o.rooms[i];
                let (sign, word) = mark(r.reached);
                let cursor = i == o.cursor;
                let mut text = format!(
                    "{}[{sign}] {} {}",
                    if cursor { "> " } else { "  " },
                    pad_cells(&safe_line(&r.number), 8),
                    tx.t(word)
                );
                if i == o.here {
                    text.push_str(&format!("  ({})", tx.t("patrol.here")));
                }
                let style = if cursor { selected() } else { Style::default() };
                lines.push(Line::from(Span::styled(text, style)));
            }
        }
    }
    f.render_widget(ratatui::widgets::Clear, area);
    f.render_widget(Paragraph::new(lines), area);
}

impl Patrol {
    /// Opens the overview over the room in hand, the cursor on it.
    pub(super) fn open_overview(&mut self, env: &mut Env<'_>) -> Fx {
        let PatrolView::Room(r) = &mut self.view else {
            return Vec::new();
        };
        match patrols::walk(env.app, r.screen.patrol.id) {
            Ok(rooms) => {
                let here = r.screen.seq.min(rooms.len().saturating_sub(1));
                r.popup = Some(RoomPopup::Overview(Overview {
                    rooms,
                    cursor: here,
                    here,
                }));
                Vec::new()
            }
            Err(e) => vec![Effect::Error(e)],
        }
    }

    pub(super) fn overview_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        let PatrolView::Room(r) = &mut self.view else {
            return Vec::new();
        };
        let Some(RoomPopup::Overview(o)) = &mut r.popup else {
            return Vec::new();
        };
        let page = (env.size.1 as usize).saturating_sub(6).max(1);
        match act {
            a if is_move(a) => {
                o.cursor = moved(o.cursor, o.rooms.len(), a, page);
                Vec::new()
            }
            Act::Open => {
                let (to, here) = (o.rooms.get(o.cursor).map(|w| w.seq), o.here);
                let pid = r.screen.patrol.id;
                r.popup = None;
                match to {
                    Some(to) if to != here => self.go_room(pid, to, None, env),
                    _ => Vec::new(),
                }
            }
            Act::Back => {
                r.popup = None;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room(seq: usize, floor: Option<i32>) -> WalkRoom {
        WalkRoom {
            seq,
            number: format!("{}0{seq}", floor.unwrap_or(0)),
            floor,
            reached: Reached::Pending,
        }
    }

    #[test]
    fn each_floor_gets_a_heading_before_its_rooms() {
        let o = Overview {
            rooms: vec![room(0, Some(1)), room(1, Some(1)), room(2, Some(2))],
            cursor: 0,
            here: 0,
        };
        assert_eq!(
            o.rows(),
            vec![
                Row::Floor(Some(1)),
                Row::Room(0),
                Row::Room(1),
                Row::Floor(Some(2)),
                Row::Room(2)
            ]
        );
    }
}
