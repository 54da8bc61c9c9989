//! The one student picker: type a name, its pinyin or initials, or a 学号;
//! ↑↓ pick among the matches; Enter takes one. A field may take one student
//! or several; Backspace in an empty query takes the last one off.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

use crate::tui::directory::{Directory, Picked};
use crate::tui::ui::{text_area, type_key};

/// How many matches are offered.
pub const MATCHES: usize = 5;

pub struct StudentPicker {
    pub query: TextArea<'static>,
    pub chosen: Vec<Picked>,
    pub matches: Vec<Picked>,
    pub pick: usize,
    /// Takes several students (a duty entry, a crisis case).
    pub multi: bool,
}

impl StudentPicker {
    pub fn new(multi: bool, placeholder: &str) -> StudentPicker {
        let mut query = text_area();
        query.set_placeholder_text(placeholder.to_string());
        StudentPicker {
            query,
            chosen: Vec::new(),
            matches: Vec::new(),
            pick: 0,
            multi,
        }
    }

    pub fn text(&self) -> String {
        self.query.lines().join("").trim().to_string()
    }

    pub fn rematch(&mut self, dir: &Directory) {
        self.matches = dir.find(&self.text(), MATCHES);
        self.pick = 0;
    }

    pub fn up(&mut self) {
        self.pick = self.pick.saturating_sub(1);
    }

    pub fn down(&mut self) {
        self.pick = (self.pick + 1).min(self.matches.len().saturating_sub(1));
    }

    /// Takes the highlighted match; `false` if there is none.
    pub fn take(&mut self) -> bool {
        let Some(p) = self.matches.get(self.pick).cloned() else {
            return false;
        };
        if self.multi {
            if !self.chosen.iter().any(|c| c.no == p.no) {
                self.chosen.push(p);
            }
        } else {
            self.chosen = vec![p];
        }
        self.clear_query();
        true
    }

    pub fn set(&mut self, chosen: Vec<Picked>) {
        self.chosen = chosen;
        self.clear_query();
    }

    fn clear_query(&mut self) {
        let placeholder = self.query.placeholder_text().to_string();
        self.query = text_area();
        self.query.set_placeholder_text(placeholder);
        self.matches.clear();
        self.pick = 0;
    }

    /// A key typed into the query. `true` if anything changed.
    pub fn type_key(&mut self, ev: KeyEvent, dir: &Directory) -> bool {
        if ev.code == KeyCode::Backspace && self.text().is_empty() && self.query.is_empty() {
            return self.chosen.pop().is_some();
        }
        if matches!(ev.code, KeyCode::Enter) {
            return false;
        }
        let changed = type_key(&mut self.query, ev);
        if changed {
            self.rematch(dir);
        }
        changed
    }

    pub fn paste(&mut self, text: &str, dir: &Directory) {
        self.query.insert_str(text.replace(['\r', '\n'], " "));
        self.rematch(dir);
    }
}
