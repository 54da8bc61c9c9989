//! One form engine for every form (a talk, a duty entry, a crisis note, a
//! flag …): fields, focus, the one student picker, validation that names
//! the field and says what to write, and the form's draft. The same keys in
//! every form: Tab / Shift-Tab move, Ctrl-S saves, Esc leaves (asking when
//! something was typed), a choice never swallows typed text.

mod check;
pub mod draw;
pub mod flow;
pub mod keys;
pub mod picker;
mod update;

use ratatui::style::{Modifier, Style};
use ratatui_textarea::{TextArea, WrapMode};
use serde::{Deserialize, Serialize};

use super::directory::Picked;
use super::keys::Binding;
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
    /// It holds what was not typed here and is not saved (a draft that came
    /// back, a case prefilled from a duty entry): unsaved even unchanged.
    pub held: bool,
    /// What it held before the first key (built and prefilled): typing
    /// that comes back to it leaves nothing to ask about.
    baseline: Option<String>,
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
    /// What was typed into the choice in focus so far (`wang`, `王`):
    /// the option it starts is chosen; moving on forgets it.
    pub(super) ahead: String,
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
            held: false,
            baseline: None,
            problem: None,
            extra: keys::NONE,
            enter_saves: false,
            about: serde_json::Value::Null,
            width: 76,
            ahead: String::new(),
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
        self.ahead.clear();
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

    // ---------- drafts

    /// Something typed or chosen differs from what the form was opened
    /// with (or it holds a draft or a seed): leaving asks, quitting asks,
    /// and it is a draft.
    pub fn is_changed(&self) -> bool {
        self.changed
            && (self.held
                || self
                    .baseline
                    .as_ref()
                    .is_none_or(|b| *b != self.contents_json()))
    }

    /// Before the first key: what the form was opened with.
    pub(super) fn note_baseline(&mut self) {
        if self.baseline.is_none() {
            self.baseline = Some(self.contents_json());
        }
    }

    fn contents_json(&self) -> String {
        let (values, students) = self.contents();
        serde_json::to_string(&(values, students)).unwrap_or_default()
    }

    /// The form as a draft, once something was typed.
    pub fn draft(&self) -> Option<FormDraft> {
        if !self.is_changed() {
            return None;
        }
        let (values, students) = self.contents();
        Some(FormDraft {
            kind: self.kind.to_string(),
            about: self.about.clone(),
            values,
            students,
        })
    }

    /// Each field's value, and the students chosen.
    #[allow(clippy::type_complexity)]
    fn contents(&self) -> (Vec<(String, String)>, Vec<(String, Vec<Picked>)>) {
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
        (values, students)
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
        self.held = true;
    }

    /// What the form holds, in words, for the offer on start: its title,
    /// then the students by name, what was written, and the choices by
    /// their labels (never codes); 40 characters at most.
    pub fn summary(&self) -> String {
        let (mut who, mut typed, mut chosen) = (Vec::new(), Vec::new(), Vec::new());
        for f in &self.fields {
            match &f.kind {
                FieldKind::Students(p) => {
                    who.extend(p.chosen.iter().map(|s| s.name.clone()));
                    if !p.text().trim().is_empty() {
                        typed.push(p.text().trim().to_string());
                    }
                }
                FieldKind::Line(_) | FieldKind::Text { .. } => {
                    let v = self.value(f.key).replace('\n', " ");
                    if !v.is_empty() {
                        typed.push(v);
                    }
                }
                FieldKind::Choice { options, at } => {
                    chosen.extend(options.get(*at).map(|o| o.1.clone()));
                }
                FieldKind::Toggle(_) => {}
            }
        }
        let text = [who, typed, chosen].concat().join(" / ");
        let mut short: String = text.chars().take(40).collect();
        if text.chars().count() > 40 {
            short.push('…');
        }
        format!("{}：{short}", self.title)
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
