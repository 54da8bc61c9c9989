//! One form engine for every form (a talk, a duty entry, a crisis note, a
//! flag …): fields, focus, the one student picker, validation that names
//! the field and says what to write, and the form's draft. The same keys in
//! every form: Tab / Shift-Tab move, Ctrl-S saves, Esc leaves (asking when
//! something was typed), a choice never swallows typed text.

pub mod draw;
pub mod flow;
pub mod keys;
pub mod picker;

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{TextArea, WrapMode};
use serde::{Deserialize, Serialize};
use zhiban::config::Catalog;
use zhiban::domain::day::{Lean, parse_day};

use super::directory::{Directory, Picked};
use super::keys::{Act, Binding};
use super::ui::text_area;
pub use picker::StudentPicker;

/// What a field holds.
pub enum FieldKind {
    Line(TextArea<'static>),
    /// Several lines (Enter is a new line unless the form saves on Enter).
    Text {
        input: TextArea<'static>,
        rows: u16,
    },
    /// One of some options: (code, label).
    Choice {
        options: Vec<(String, String)>,
        at: usize,
    },
    /// A mark, on or off.
    Toggle(bool),
    Students(StudentPicker),
}

pub struct Field {
    /// The field's name (its value's key in a draft).
    pub key: &'static str,
    /// Its label, worded.
    pub label: String,
    pub kind: FieldKind,
}

/// What a form's keys came to, for the screen that owns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing for the screen to do.
    None,
    /// What the form holds changed (its draft with it).
    Changed,
    /// Save it (the screen checks it and calls the use case).
    Submit,
    /// Esc with nothing typed: close it.
    Leave,
    /// Esc after something was typed: ask first.
    AskLeave,
    /// Tell the user (worded): a choice typed into, no such student.
    Say(String),
}

/// A field that is not right, worded to say which and what to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: usize,
    pub text: String,
}

/// A form's draft: which form, what it is about, and each field's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormDraft {
    pub kind: String,
    #[serde(default)]
    pub about: serde_json::Value,
    #[serde(default)]
    pub values: Vec<(String, String)>,
    #[serde(default)]
    pub students: Vec<(String, Vec<Picked>)>,
}

pub struct Form {
    /// Which form (`todo.talk`), kept with its draft.
    pub kind: &'static str,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Something was typed or chosen (or it came back from a draft).
    pub changed: bool,
    /// What to fix, shown at the foot of the form.
    pub problem: Option<String>,
    /// Keys of this form beyond every form's (Ctrl-T, Ctrl-O).
    pub extra: &'static [Binding],
    /// Enter saves (short forms, the duty entry) instead of moving on.
    pub enter_saves: bool,
    /// What the form is about (an entry, a case and its step), for its draft.
    pub about: serde_json::Value,
    /// The width it asks for.
    pub width: u16,
}

fn focus_style(on: bool) -> Style {
    if on {
        Style::default().add_modifier(Modifier::UNDERLINED)
    } else {
        Style::default()
    }
}

impl Form {
    pub fn new(kind: &'static str, title: String) -> Form {
        Form {
            kind,
            title,
            fields: Vec::new(),
            focus: 0,
            changed: false,
            problem: None,
            extra: keys::NONE,
            enter_saves: false,
            about: serde_json::Value::Null,
            width: 76,
        }
    }

    // ---------- building

    fn push(mut self, key: &'static str, label: String, kind: FieldKind) -> Form {
        self.fields.push(Field { key, label, kind });
        self.restyle();
        self
    }

    pub fn line(self, key: &'static str, label: String, value: &str, hint: &str) -> Form {
        let mut t = text_area();
        if !hint.is_empty() {
            t.set_placeholder_text(hint.to_string());
        }
        t.insert_str(value);
        self.push(key, label, FieldKind::Line(t))
    }

    pub fn text(self, key: &'static str, label: String, value: &str, rows: u16) -> Form {
        let mut t = text_area();
        t.set_wrap_mode(WrapMode::WordOrGlyph);
        t.insert_str(value);
        self.push(key, label, FieldKind::Text { input: t, rows })
    }

    pub fn choice(self, key: &'static str, label: String, options: Vec<(String, String)>) -> Form {
        self.push(key, label, FieldKind::Choice { options, at: 0 })
    }

    pub fn toggle(self, key: &'static str, label: String, on: bool) -> Form {
        self.push(key, label, FieldKind::Toggle(on))
    }

    pub fn students(self, key: &'static str, label: String, multi: bool, hint: &str) -> Form {
        self.push(
            key,
            label,
            FieldKind::Students(StudentPicker::new(multi, hint)),
        )
    }

    pub fn keys(mut self, extra: &'static [Binding]) -> Form {
        self.extra = extra;
        self
    }

    pub fn enter_saves(mut self) -> Form {
        self.enter_saves = true;
        self
    }

    pub fn about(mut self, about: serde_json::Value) -> Form {
        self.about = about;
        self
    }

    pub fn width(mut self, w: u16) -> Form {
        self.width = w;
        self
    }

    /// Sets a field's value: text, a choice by code, "1" for a toggle on.
    pub fn set(&mut self, key: &str, value: &str) {
        let Some(f) = self.fields.iter_mut().find(|f| f.key == key) else {
            return;
        };
        match &mut f.kind {
            FieldKind::Line(t) | FieldKind::Text { input: t, .. } => {
                let placeholder = t.placeholder_text().to_string();
                let wrap = t.wrap_mode();
                *t = text_area();
                t.set_placeholder_text(placeholder);
                t.set_wrap_mode(wrap);
                t.insert_str(value);
            }
            FieldKind::Choice { options, at } => {
                if let Some(i) = options.iter().position(|o| o.0 == value) {
                    *at = i;
                }
            }
            FieldKind::Toggle(on) => *on = value == "1",
            FieldKind::Students(p) => {
                if value.is_empty() {
                    p.set(Vec::new());
                }
            }
        }
        self.restyle();
    }

    pub fn set_students(&mut self, key: &str, chosen: Vec<Picked>) {
        if let Some(FieldKind::Students(p)) = self.kind_mut(key) {
            p.set(chosen);
        }
    }

    /// Focus on field `key`.
    pub fn focus_on(&mut self, key: &str) {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            self.focus = i;
            self.restyle();
        }
    }

    /// Focus on the first students field with nobody chosen, else on `key`.
    pub fn focus_first_needed(&mut self, key: &str) {
        let empty_students = self
            .fields
            .iter()
            .position(|f| matches!(&f.kind, FieldKind::Students(p) if p.chosen.is_empty()));
        match empty_students {
            Some(i) => {
                self.focus = i;
                self.restyle();
            }
            None => self.focus_on(key),
        }
    }

    fn kind_mut(&mut self, key: &str) -> Option<&mut FieldKind> {
        self.fields
            .iter_mut()
            .find(|f| f.key == key)
            .map(|f| &mut f.kind)
    }

    /// The focused input is underlined; the others are not.
    fn restyle(&mut self) {
        for (i, f) in self.fields.iter_mut().enumerate() {
            let on = i == self.focus;
            match &mut f.kind {
                FieldKind::Line(t) | FieldKind::Text { input: t, .. } => {
                    t.set_style(focus_style(on))
                }
                FieldKind::Students(p) => p.query.set_style(focus_style(on)),
                _ => {}
            }
        }
    }

    // ---------- reading

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    fn index(&self, key: &str) -> usize {
        self.fields.iter().position(|f| f.key == key).unwrap_or(0)
    }

    /// A field's value: its text trimmed, a choice's code, "1" for a mark
    /// that is on, the first chosen student's 学号.
    pub fn value(&self, key: &str) -> String {
        match self.field(key).map(|f| &f.kind) {
            Some(FieldKind::Line(t)) | Some(FieldKind::Text { input: t, .. }) => {
                t.lines().join("\n").trim().to_string()
            }
            Some(FieldKind::Choice { options, at }) => {
                options.get(*at).map(|o| o.0.clone()).unwrap_or_default()
            }
            Some(FieldKind::Toggle(on)) => if *on { "1" } else { "" }.to_string(),
            Some(FieldKind::Students(p)) => {
                p.chosen.first().map(|s| s.no.clone()).unwrap_or_default()
            }
            None => String::new(),
        }
    }

    /// The value, or `None` when it is empty.
    pub fn opt(&self, key: &str) -> Option<String> {
        Some(self.value(key)).filter(|v| !v.is_empty())
    }

    pub fn on(&self, key: &str) -> bool {
        self.value(key) == "1"
    }

    pub fn chosen(&self, key: &str) -> Vec<Picked> {
        match self.field(key).map(|f| &f.kind) {
            Some(FieldKind::Students(p)) => p.chosen.clone(),
            _ => Vec::new(),
        }
    }

    fn invalid(&self, key: &str, what: &str, cat: &Catalog) -> Invalid {
        let i = self.index(key);
        let label = self.fields.get(i).map(|f| f.label.as_str()).unwrap_or("");
        Invalid {
            field: i,
            text: cat.f("form.problem", &[("field", label), ("what", cat.t(what))]),
        }
    }

    /// The text of a field that must not be empty.
    pub fn required(&self, key: &str, cat: &Catalog) -> Result<String, Invalid> {
        self.opt(key)
            .ok_or_else(|| self.invalid(key, "form.need_text", cat))
    }

    /// The student of a field that must name one.
    pub fn student(&self, key: &str, cat: &Catalog) -> Result<Picked, Invalid> {
        self.chosen(key)
            .into_iter()
            .next()
            .ok_or_else(|| self.invalid(key, "form.need_student", cat))
    }

    /// A day as staff write it (`2026-11-27`, `11-27`); empty is `None`.
    pub fn day(
        &self,
        key: &str,
        today: NaiveDate,
        lean: Lean,
        cat: &Catalog,
    ) -> Result<Option<NaiveDate>, Invalid> {
        match self.opt(key) {
            None => Ok(None),
            Some(v) => parse_day(&v, today, lean)
                .map(Some)
                .ok_or_else(|| self.invalid(key, "form.bad_day", cat)),
        }
    }

    /// A whole number; empty is `None`.
    pub fn number(&self, key: &str, cat: &Catalog) -> Result<Option<i64>, Invalid> {
        match self.opt(key) {
            None => Ok(None),
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .map(Some)
                .ok_or_else(|| self.invalid(key, "form.bad_number", cat)),
        }
    }

    /// A problem with field `key`, worded by the caller (`what` is a
    /// catalogue key).
    pub fn problem_with(&self, key: &str, what: &str, cat: &Catalog) -> Invalid {
        self.invalid(key, what, cat)
    }

    /// Shows what to fix, with the keyboard on that field.
    pub fn fail(&mut self, inv: Invalid) {
        self.focus = inv.field.min(self.fields.len().saturating_sub(1));
        self.problem = Some(inv.text);
        self.restyle();
    }

    /// Shows a problem that is not one field's (a use case refused).
    pub fn say(&mut self, text: String) {
        self.problem = Some(text);
    }

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

    fn next(&mut self, back: bool) {
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
        let enter_saves = self.enter_saves;
        let Some(field) = self.fields.get_mut(self.focus) else {
            return Outcome::None;
        };
        let out = match (&mut field.kind, act) {
            (_, Act::Save) => return Outcome::Submit,
            (_, Act::Back) => {
                return if self.changed {
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

    fn flip(&mut self, key: &str) -> Outcome {
        if let Some(FieldKind::Toggle(on)) = self.kind_mut(key) {
            *on = !*on;
            self.changed = true;
            return Outcome::Changed;
        }
        Outcome::None
    }

    /// A key typed into the focused field. A choice is never typed into:
    /// a letter that starts an option chooses it, anything else says how
    /// to choose.
    pub fn on_text(&mut self, ev: KeyEvent, dir: &Directory, cat: &Catalog) -> Outcome {
        let enter_saves = self.enter_saves;
        let Some(field) = self.fields.get_mut(self.focus) else {
            return Outcome::None;
        };
        let changed = match &mut field.kind {
            FieldKind::Line(t) => {
                if ev.code == KeyCode::Enter {
                    return Outcome::None;
                }
                t.input(ev)
            }
            FieldKind::Text { input, .. } => {
                if ev.code == KeyCode::Enter && enter_saves {
                    return Outcome::None;
                }
                input.input(ev)
            }
            FieldKind::Students(p) => p.type_key(ev, dir),
            FieldKind::Choice { options, at } => {
                let KeyCode::Char(c) = ev.code else {
                    return Outcome::None;
                };
                let typed = c.to_lowercase().to_string();
                match options.iter().position(|(code, label)| {
                    label.to_lowercase().starts_with(&typed) || code.starts_with(&typed)
                }) {
                    Some(i) => {
                        *at = i;
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

    // ---------- drafts

    /// The form as a draft, once something was typed.
    pub fn draft(&self) -> Option<FormDraft> {
        if !self.changed {
            return None;
        }
        let mut values = Vec::new();
        let mut students = Vec::new();
        for f in &self.fields {
            match &f.kind {
                FieldKind::Students(p) => {
                    students.push((f.key.to_string(), p.chosen.clone()));
                    if !p.text().is_empty() {
                        values.push((f.key.to_string(), p.text()));
                    }
                }
                FieldKind::Line(t) | FieldKind::Text { input: t, .. } => {
                    values.push((f.key.to_string(), t.lines().join("\n")))
                }
                _ => values.push((f.key.to_string(), self.value(f.key))),
            }
        }
        Some(FormDraft {
            kind: self.kind.to_string(),
            about: self.about.clone(),
            values,
            students,
        })
    }

    pub fn draft_json(&self) -> Option<String> {
        self.draft().and_then(|d| serde_json::to_string(&d).ok())
    }

    /// Puts a draft's values back (the form was built for the same kind).
    pub fn restore(&mut self, d: &FormDraft) {
        for (k, v) in &d.values {
            let is_students = self
                .fields
                .iter()
                .any(|f| f.key == k && matches!(f.kind, FieldKind::Students(_)));
            if is_students {
                if let Some(FieldKind::Students(p)) = self.kind_mut(k) {
                    p.query.insert_str(v);
                }
            } else {
                self.set(k, v);
            }
        }
        for (k, chosen) in &d.students {
            if let Some(FieldKind::Students(p)) = self.kind_mut(k) {
                p.chosen = chosen.clone();
            }
        }
        self.about = d.about.clone();
        self.changed = true;
    }

    /// Every value in words, for a draft that cannot be reopened: nothing
    /// typed is lost, at worst it is shown to be copied.
    pub fn plain(d: &FormDraft) -> String {
        let mut parts: Vec<String> = d
            .values
            .iter()
            .filter(|(_, v)| !v.trim().is_empty() && v != "1")
            .map(|(_, v)| v.trim().to_string())
            .collect();
        for (_, s) in &d.students {
            parts.extend(s.iter().map(|p| format!("{} {}", p.name, p.no)));
        }
        parts.join(" / ")
    }
}
