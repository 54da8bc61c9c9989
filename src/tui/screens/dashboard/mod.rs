//! 看板 (tab 1): one board per role (issue 15). Each number is a line
//! with a cursor; Enter opens the records behind it (the same records the
//! number counts: one use case computes both), and Enter on a record asks
//! the screen that owns it to show it. Esc goes back. Read again on
//! showing and on the shell's minute tick; never an idle redraw.

mod draw;
mod fresh;

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode::*;
use ratatui::layout::Rect;
use zhiban::app::App;
use zhiban::app::dashboard::{self, Board, Target, Tile};

use crate::tui::directory::Load;
use crate::tui::keys::{self as k, Act, Binding, K, b, is_move, moved};
use crate::tui::screen::{Effect, Env, Event, Fx, Keys, Screen, ScreenId, View};

static MAIN: &[Binding] = &[b(&[K::Code(Enter)], "key.open", Act::Open, true)];

/// The records behind one number, with a cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Drill {
    /// The tile's index in [`Dashboard::tiles`] order.
    pub tile: usize,
    pub cursor: usize,
}

#[derive(Default)]
pub struct Dashboard {
    board: Option<Board>,
    /// The current tile (over every section's tiles, in order).
    cursor: usize,
    drill: Option<Drill>,
    /// The board is being read by the start-up worker.
    awaiting: bool,
    /// The start-up read failed: why, in the reader's language.
    failed: Option<String>,
    /// Reads the board again off the key path (once there is a board).
    fresh: Option<fresh::Fresh>,
    /// The thread could not be started: read at once.
    inline: bool,
}

impl Dashboard {
    pub fn new() -> Dashboard {
        Dashboard::default()
    }

    /// Reads the board: at once the first time (there is nothing to show
    /// before it), then by the thread, the board shown staying meanwhile.
    fn read(&mut self, env: &Env<'_>) {
        let students = (env.dir.load == Load::Ready).then_some(&env.dir.all);
        if self.board.is_some() && !self.inline {
            if self.fresh.is_none() {
                self.fresh = fresh::Fresh::start(env.app);
                self.inline = self.fresh.is_none();
            }
            if let Some(f) = &self.fresh {
                // only the specialists' boards read the students
                let reads = dashboard::uses_students(env.app.actor());
                f.ask(students.filter(|_| reads).cloned());
                return;
            }
        }
        self.show(dashboard::board(env.app, students));
    }

    /// A board read (now, by the start-up worker or by the thread): shown,
    /// the cursors kept within it.
    fn show(&mut self, board: Board) {
        self.failed = None;
        let n = tiles(&board).len();
        self.cursor = self.cursor.min(n.saturating_sub(1));
        if let Some(d) = self.drill.as_mut() {
            match tiles(&board).get(d.tile) {
                Some(t) => d.cursor = d.cursor.min(t.rows.len().saturating_sub(1)),
                None => self.drill = None,
            }
        }
        self.board = Some(board);
    }

    fn tile(&self, i: usize) -> Option<&Tile> {
        self.board.as_ref().and_then(|b| tiles(b).get(i).copied())
    }

    fn open(&mut self) -> Fx {
        match self.drill {
            None => {
                if self.tile(self.cursor).is_some() {
                    self.drill = Some(Drill {
                        tile: self.cursor,
                        cursor: 0,
                    });
                }
                Vec::new()
            }
            Some(d) => {
                let target = self
                    .tile(d.tile)
                    .and_then(|t| t.rows.get(d.cursor))
                    .map(|r| r.target.clone());
                match target {
                    Some(t) => go(t),
                    None => Vec::new(),
                }
            }
        }
    }
}

/// Every tile of the board, in the order drawn.
pub(crate) fn tiles(b: &Board) -> Vec<&Tile> {
    b.sections.iter().flat_map(|s| s.tiles.iter()).collect()
}

/// The screen that owns a record, asked to show it.
fn go(t: Target) -> Fx {
    match t {
        Target::Student(id) => vec![Effect::To(ScreenId::Students, Event::OpenStudent(id))],
        Target::Case(id) => vec![Effect::To(ScreenId::Crisis, Event::OpenCase(id))],
        Target::Duty => vec![Effect::Go(ScreenId::Duty)],
        Target::Patrol => vec![Effect::Go(ScreenId::Patrol)],
        Target::Building(name) => vec![Effect::To(ScreenId::Patrol, Event::Building(name))],
        Target::Todo => vec![Effect::Go(ScreenId::Talks)],
        Target::None => Vec::new(),
    }
}

impl Screen for Dashboard {
    fn id(&self) -> ScreenId {
        ScreenId::Dashboard
    }

    fn keys(&self, _app: &App) -> Keys {
        Keys::new(vec![MAIN, k::LIST, k::GLOBAL])
    }

    fn applies(&self, act: Act, _app: &App) -> bool {
        match act {
            Act::Open => match self.drill {
                None => self.tile(self.cursor).is_some(),
                Some(d) => self
                    .tile(d.tile)
                    .and_then(|t| t.rows.get(d.cursor))
                    .is_some_and(|r| r.target != Target::None),
            },
            Act::Back => self.drill.is_some(),
            _ => true,
        }
    }

    fn on_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        let page = (env.size.1 as usize).saturating_sub(8).max(1);
        match act {
            Act::Back if self.drill.is_some() => {
                self.drill = None;
                Vec::new()
            }
            Act::Back => vec![Effect::Back],
            Act::Open => self.open(),
            a if is_move(a) => {
                match self.drill.as_mut() {
                    Some(d) => {
                        let n = self
                            .board
                            .as_ref()
                            .and_then(|b| tiles(b).get(d.tile).map(|t| t.rows.len()))
                            .unwrap_or(0);
                        d.cursor = moved(d.cursor, n, a, page);
                    }
                    None => {
                        let n = self.board.as_ref().map_or(0, |b| tiles(b).len());
                        self.cursor = moved(self.cursor, n, a, page);
                    }
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn on_event(&mut self, ev: Event, env: &mut Env<'_>) -> Fx {
        match ev {
            // the worker's board is on its way: not read twice
            Event::Show if self.awaiting => {}
            Event::Show => self.read(env),
            // only the specialists' boards list students
            Event::StudentsLoaded
                if !self.awaiting && dashboard::uses_students(env.app.actor()) =>
            {
                self.read(env)
            }
            Event::Awaiting => self.awaiting = true,
            Event::Board(r) => {
                self.awaiting = false;
                match *r {
                    Ok(b) => self.show(b),
                    Err(why) => self.failed = Some(why),
                }
            }
            Event::Ready => {
                if let Some(b) = self.fresh.as_ref().and_then(|f| f.take()) {
                    self.show(b);
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn loading(&self) -> bool {
        self.awaiting
    }

    fn draw(&self, f: &mut Frame<'_>, area: Rect, v: &View<'_>) {
        draw::draw(
            f,
            v,
            self.board.as_ref(),
            self.failed.as_deref(),
            self.cursor,
            self.drill,
            area,
        );
    }
}
