//! Loading off the key path: the board read on start arrives from the
//! loader thread; until it has, keys for the screen still loading wait
//! here and are applied, in the order typed, once it has.

use ratatui::crossterm::event::KeyEvent;
use zhiban::app::dashboard::Board;
use zhiban::error::{Error, Result};

use super::{Flash, Shell};
use crate::tui::directory::Load;
use crate::tui::keys::{Act, resolve};
use crate::tui::screen::{Event, ScreenId};

/// A key or a paste held back.
pub(super) enum Held {
    Key(KeyEvent),
    Paste(String),
}

impl Shell {
    /// Is this input (`None`: a paste) held back? Once one is, every later
    /// one is too, so that they apply in the order typed. While the screen
    /// shown is loading, only the keys that leave it (a digit, help, quit,
    /// search, a new case) act at once: they need none of its data.
    pub(super) fn holds(&self, ev: Option<&KeyEvent>) -> bool {
        if !self.held.is_empty() {
            return true;
        }
        if self.too_small() || !self.overlays.is_empty() || !self.screen(self.current).loading() {
            return false;
        }
        let Some(ev) = ev else { return true };
        let keys = self.screen(self.current).keys(&self.app);
        !matches!(
            resolve(&keys.tables, ev),
            Some(Act::Screen(_) | Act::Help | Act::Quit | Act::Search | Act::NewCase)
        )
    }

    /// The input held back, applied now that the data has arrived (what
    /// meets a screen still loading is held again, in order).
    pub(super) fn release(&mut self) {
        let held = std::mem::take(&mut self.held);
        for h in held {
            match h {
                Held::Key(k) => self.on_key(k),
                Held::Paste(p) => self.on_paste(&p),
            }
            if self.quit {
                return;
            }
        }
    }

    /// Keys held back while loading (for the tests).
    #[cfg(test)]
    pub fn held(&self) -> usize {
        self.held.len()
    }

    /// The board read on start has arrived (or could not be read).
    pub fn board_loaded(&mut self, r: Result<Board>) {
        let r = r.map_err(|e| {
            let text = self.word(&e);
            self.flash = Some(Flash {
                text: text.clone(),
                error: true,
            });
            text
        });
        self.event(ScreenId::Dashboard, Event::Board(Box::new(r)));
        self.release();
    }

    /// The worker could not open its session: neither the board nor the
    /// students will come.
    pub fn load_failed(&mut self, e: Error) {
        let text = self.word(&e);
        self.flash = Some(Flash {
            text: text.clone(),
            error: true,
        });
        self.dir.load = Load::Failed(text.clone());
        self.event(ScreenId::Dashboard, Event::Board(Box::new(Err(text))));
        for id in ScreenId::ALL {
            let fx = self.with_env(id, |s, env| s.on_event(Event::StudentsLoaded, env));
            self.apply(id, fx);
        }
        self.release();
    }
}
