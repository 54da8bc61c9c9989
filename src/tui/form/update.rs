//! A form's keys: the tables of the field in focus, moving between fields,
//! changing a choice or a mark, the student picker, typed and pasted text.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use zhiban::config::Catalog;

use super::{FieldKind, Form, Outcome, keys};
use crate::tui::directory::Directory;
use crate::tui::keys::{Act, Binding};
use crate::tui::ui::type_key;

impl Form {
    // ---------- keys

    /// The key tables of the form as it is now: the focused field's, the
    /// form's own, every form's.
    pub fn tables(&self) -> Vec<&'static [Binding]> {
        let enter = if self.enter_saves {
            keys::ENTER_SAVES
        } else {
            keys::LINE
        };
        let (field, enter): (&'static [Binding], &'static [Binding]) =
            match self.focused().map(|f| &f.kind) {
                Some(FieldKind::Choice { .. }) => (keys::CHOICE, enter),
                Some(FieldKind::Toggle(_)) => (keys::TOGGLE, enter),
                // Enter takes the student picked (or goes on, or saves)
                Some(FieldKind::Students(_)) => (keys::STUDENTS, keys::NONE),
                // Enter is a new line in a text, unless the form saves on it
                Some(FieldKind::Text { .. }) if !self.enter_saves => (keys::NONE, keys::NONE),
                _ => (keys::NONE, enter),
            };
        vec![field, enter, self.extra, keys::FORM]
    }

    pub(super) fn next(&mut self, back: bool) {
        let n = self.fields.len().max(1);
        self.focus = if back {
            (self.focus + n - 1) % n
        } else {
            (self.focus + 1) % n
        };
        self.restyle();
    }

    /// An action of the form's keys.
    pub fn on_act(&mut self, act: Act, _dir: &Directory, cat: &Catalog) -> Outcome {
        self.note_baseline();
        self.ahead.clear();
        let enter_saves = self.enter_saves;
        let Some(field) = self.fields.get_mut(self.focus) else {
            return Outcome::None;
        };
        let out = match (&mut field.kind, act) {
            (_, Act::Save) => return Outcome::Submit,
            (_, Act::Back) => {
                return if self.is_changed() {
                    Outcome::AskLeave
                } else {
                    Outcome::Leave
                };
            }
            (_, Act::NextField) => {
                self.next(false);
                return Outcome::None;
            }
            (_, Act::PrevField) => {
                self.next(true);
                return Outcome::None;
            }
            (FieldKind::Choice { options, at }, Act::Earlier | Act::Later) => {
                let n = options.len().max(1);
                *at = if act == Act::Earlier {
                    (*at + n - 1) % n
                } else {
                    (*at + 1) % n
                };
                Outcome::Changed
            }
            (FieldKind::Choice { options, at }, Act::Toggle(k)) => {
                match (k as usize).checked_sub(1).filter(|i| *i < options.len()) {
                    Some(i) => {
                        *at = i;
                        Outcome::Changed
                    }
                    None => Outcome::Say(cat.f(
                        "form.choose_how",
                        &[("field", &field.label), ("n", &options.len().to_string())],
                    )),
                }
            }
            (FieldKind::Toggle(on), Act::Later | Act::Earlier) => {
                *on = !*on;
                Outcome::Changed
            }
            (FieldKind::Students(p), Act::Up) => {
                p.up();
                Outcome::None
            }
            (FieldKind::Students(p), Act::Down) => {
                p.down();
                Outcome::None
            }
            (FieldKind::Students(p), Act::Open) if !p.text().is_empty() => {
                if p.take() {
                    // the same everywhere: a student taken, on to the next
                    // field (a form of only this field is then done)
                    self.changed = true;
                    self.problem = None;
                    if self.fields.len() == 1 && enter_saves {
                        return Outcome::Submit;
                    }
                    self.next(false);
                    return Outcome::Changed;
                }
                Outcome::Say(cat.f("form.no_match", &[("q", &p.text())]))
            }
            (FieldKind::Students(_), Act::Open) if enter_saves => return Outcome::Submit,
            (FieldKind::Students(_), Act::Open) => {
                self.next(false);
                return Outcome::None;
            }
            // a key of the form's own: the mark it flips
            (_, Act::Sensitive) => return self.flip("sensitive"),
            (_, Act::OpenItem) => return self.flip("open"),
            _ => Outcome::None,
        };
        if out == Outcome::Changed {
            self.changed = true;
            self.problem = None;
        }
        out
    }

    pub(super) fn flip(&mut self, key: &str) -> Outcome {
        if let Some(FieldKind::Toggle(on)) = self.kind_mut(key) {
            *on = !*on;
            self.changed = true;
            return Outcome::Changed;
        }
        Outcome::None
    }

    /// A key typed into the focused field. A choice is never typed into:
    /// what is typed chooses the option it starts (by name, a word of it,
    /// or its pinyin; see [`choice_match`]); anything else says how to
    /// choose.
    pub fn on_text(&mut self, ev: KeyEvent, dir: &Directory, cat: &Catalog) -> Outcome {
        self.note_baseline();
        let enter_saves = self.enter_saves;
        let Some(field) = self.fields.get_mut(self.focus) else {
            return Outcome::None;
        };
        let changed = match &mut field.kind {
            FieldKind::Line(t) => {
                if ev.code == KeyCode::Enter {
                    return Outcome::None;
                }
                type_key(t, ev)
            }
            FieldKind::Text { input, .. } => {
                if ev.code == KeyCode::Enter && enter_saves {
                    return Outcome::None;
                }
                type_key(input, ev)
            }
            FieldKind::Students(p) => p.type_key(ev, dir),
            FieldKind::Choice { options, at } => {
                // typed ahead: what was typed so far and this key, else
                // this key alone; Backspace takes the last one back and
                // Ctrl-U clears it (the option chosen stays); no other
                // Ctrl key is typing
                let ctrl = ev
                    .modifiers
                    .contains(ratatui::crossterm::event::KeyModifiers::CONTROL);
                let tries: Vec<String> = match ev.code {
                    KeyCode::Char('u') if ctrl => {
                        self.ahead.clear();
                        return Outcome::None;
                    }
                    KeyCode::Char(_) if ctrl => return Outcome::None,
                    KeyCode::Char(c) => {
                        let c = c.to_lowercase().to_string();
                        vec![format!("{}{c}", self.ahead), c]
                    }
                    KeyCode::Backspace if !self.ahead.is_empty() => {
                        let mut t = self.ahead.clone();
                        t.pop();
                        vec![t]
                    }
                    _ => return Outcome::None,
                };
                let found = tries.into_iter().find_map(|t| {
                    if t.is_empty() {
                        return Some((*at, t));
                    }
                    choice_match(options, &t).map(|i| (i, t))
                });
                match found {
                    Some((i, t)) => {
                        self.ahead = t;
                        let moved = *at != i;
                        *at = i;
                        if !moved {
                            return Outcome::None;
                        }
                        true
                    }
                    None => {
                        return Outcome::Say(cat.f(
                            "form.choose_how",
                            &[("field", &field.label), ("n", &options.len().to_string())],
                        ));
                    }
                }
            }
            FieldKind::Toggle(_) => {
                if matches!(ev.code, KeyCode::Char(_)) {
                    return Outcome::Say(cat.f("form.toggle_how", &[("field", &field.label)]));
                }
                false
            }
        };
        if changed {
            self.changed = true;
            self.problem = None;
            Outcome::Changed
        } else {
            Outcome::None
        }
    }

    /// Pasted text into the focused field: newlines kept in a text field,
    /// spaces elsewhere. A choice takes no paste: it says how to choose.
    pub fn on_paste(&mut self, text: &str, dir: &Directory, cat: &Catalog) -> Outcome {
        self.note_baseline();
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let Some(field) = self.fields.get_mut(self.focus) else {
            return Outcome::None;
        };
        match &mut field.kind {
            FieldKind::Text { input, .. } => {
                input.insert_str(text);
            }
            FieldKind::Line(t) => {
                t.insert_str(text.replace('\n', " "));
            }
            FieldKind::Students(p) => p.paste(&text, dir),
            FieldKind::Choice { options, .. } => {
                return Outcome::Say(cat.f(
                    "form.choose_how",
                    &[("field", &field.label), ("n", &options.len().to_string())],
                ));
            }
            FieldKind::Toggle(_) => {
                return Outcome::Say(cat.f("form.toggle_how", &[("field", &field.label)]));
            }
        }
        self.changed = true;
        self.problem = None;
        Outcome::Changed
    }
}

/// The first option `typed` (lower case) picks: by its code, by its label
/// or a word of it, or by the pinyin of the label's first word, in full
/// or as initials, any reading (`wang`, `wg`, `王`, `zengm` for 曾敏).
/// An option with no code ("please choose") is never typed to.
pub(super) fn choice_match(options: &[(String, String)], typed: &str) -> Option<usize> {
    let plain = |o: &(String, String)| {
        if o.0.is_empty() {
            return false;
        }
        let label = o.1.to_lowercase();
        o.0.to_lowercase().starts_with(typed)
            || label.starts_with(typed)
            || label.split_whitespace().any(|w| w.starts_with(typed))
    };
    options.iter().position(plain).or_else(|| {
        options.iter().position(|o| {
            if o.0.is_empty() {
                return false;
            }
            let first = o.1.split_whitespace().next().unwrap_or("");
            zhiban::domain::search::name_keys(first)
                .iter()
                .any(|k| k.starts_with(typed))
        })
    })
}
