//! The duty-log entry form: the type (one key), then the text, when it
//! happened (empty = now), where, and the students it names (searched as on
//! the students screen); Ctrl-T marks it sensitive, Ctrl-O keeps it open
//! for the next shift. Kept as a draft while it is typed.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

use super::model::Model;
use zhiban::app::duty::{Entry, parse_time};
use zhiban::domain::duty::EntryType;
use zhiban::error::Result;

pub const TEXT: usize = 0;
pub const TIME: usize = 1;
pub const PLACE: usize = 2;
pub const WHO: usize = 3;
pub const FIELDS: usize = 4;

/// A student named in an entry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Picked {
    pub no: String,
    pub name: String,
}

pub struct EntryForm {
    pub kind: EntryType,
    pub field: usize,
    /// The text, the time, the place, the student query.
    pub inputs: [TextArea<'static>; FIELDS],
    pub students: Vec<Picked>,
    /// Students matching the query, best first (at most a handful).
    pub matches: Vec<Picked>,
    pub pick: usize,
    pub sensitive: bool,
    pub open: bool,
}

fn input(placeholder: &str) -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_cursor_line_style(ratatui::style::Style::default());
    t.set_placeholder_text(placeholder.to_string());
    t
}

fn text_of(t: &TextArea<'_>) -> String {
    t.lines().join("\n").trim().to_string()
}

/// What a draft of the form holds.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct EntryDraft {
    pub kind: String,
    pub text: String,
    #[serde(default)]
    pub time: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub students: Vec<Picked>,
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default)]
    pub open: bool,
}

/// How many matches the students field offers.
const MATCHES: usize = 5;

impl EntryForm {
    /// A new entry of `kind`; the place starts as the shift's.
    pub fn new(kind: EntryType, location: Option<&str>, now_hint: &str) -> EntryForm {
        let mut place = input("");
        if let Some(l) = location {
            place.insert_str(l);
        }
        EntryForm {
            kind,
            field: TEXT,
            inputs: [input(""), input(now_hint), place, input("")],
            students: Vec::new(),
            matches: Vec::new(),
            pick: 0,
            sensitive: false,
            open: false,
        }
    }

    pub fn from_draft(d: &EntryDraft, now_hint: &str) -> Option<EntryForm> {
        let kind = EntryType::from_code(&d.kind)?;
        let mut f = EntryForm::new(kind, None, now_hint);
        f.inputs[TEXT].insert_str(&d.text);
        f.inputs[TIME].insert_str(&d.time);
        f.inputs[PLACE].insert_str(&d.location);
        f.students = d.students.clone();
        f.sensitive = d.sensitive;
        f.open = d.open;
        Some(f)
    }

    pub fn draft(&self) -> Option<EntryDraft> {
        let text = self.inputs[TEXT].lines().join("\n");
        if text.trim().is_empty() && self.students.is_empty() {
            return None;
        }
        Some(EntryDraft {
            kind: self.kind.code().into(),
            text,
            time: text_of(&self.inputs[TIME]),
            location: text_of(&self.inputs[PLACE]),
            students: self.students.clone(),
            sensitive: self.sensitive,
            open: self.open,
        })
    }

    /// Nothing written yet.
    pub fn is_empty(&self) -> bool {
        text_of(&self.inputs[TEXT]).is_empty()
    }

    pub fn query(&self) -> String {
        text_of(&self.inputs[WHO])
    }

    /// Adds the highlighted match; `false` if there was none.
    pub fn add_pick(&mut self) -> bool {
        let Some(p) = self.matches.get(self.pick).cloned() else {
            return false;
        };
        if !self.students.iter().any(|s| s.no == p.no) {
            self.students.push(p);
        }
        self.inputs[WHO] = input("");
        self.matches.clear();
        self.pick = 0;
        true
    }

    /// The entry to log, or what to fix.
    pub fn entry(&self, now: chrono::DateTime<chrono::Utc>, offset: i32) -> Result<Entry> {
        let time = text_of(&self.inputs[TIME]);
        let place = text_of(&self.inputs[PLACE]);
        Ok(Entry {
            kind: Some(self.kind),
            text: text_of(&self.inputs[TEXT]),
            at: if time.is_empty() {
                None
            } else {
                Some(parse_time(&time, now, offset)?)
            },
            location: (!place.is_empty()).then_some(place),
            students: self.students.iter().map(|s| s.no.clone()).collect(),
            sensitive: self.sensitive,
            open: self.open,
        })
    }

    /// A key typed into the focused field; Backspace in an empty students
    /// field takes the last student off. `true` if the query changed.
    pub fn type_key(&mut self, ev: KeyEvent) -> bool {
        if self.field == WHO && ev.code == KeyCode::Backspace && self.query().is_empty() {
            self.students.pop();
            return false;
        }
        // the one-line fields never take a newline
        if self.field != TEXT && matches!(ev.code, KeyCode::Enter) {
            return false;
        }
        self.inputs[self.field].input(ev) && self.field == WHO
    }

    pub fn paste(&mut self, text: &str) -> bool {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if self.field == TEXT {
            self.inputs[TEXT].insert_str(text);
            false
        } else {
            self.inputs[self.field].insert_str(text.replace('\n', " "));
            self.field == WHO
        }
    }
}

impl Model {
    /// Students matching `q` as on the students screen (name, pinyin,
    /// initials, 学号, room), best first, a handful.
    pub(crate) fn student_matches(&mut self, q: &str) -> Vec<Picked> {
        if q.is_empty() {
            return Vec::new();
        }
        self.students
            .index
            .query(q)
            .into_iter()
            .take(MATCHES)
            .filter_map(|i| self.students.all.get(i as usize))
            .map(|v| Picked {
                no: v.student_no.clone(),
                name: v.name.clone(),
            })
            .collect()
    }

    /// Finds the students matching the entry form's query.
    pub(crate) fn entry_rematch(&mut self) {
        let q = match self.duty.as_ref().and_then(|d| d.entry_form()) {
            Some(f) => f.query(),
            None => return,
        };
        let matches = self.student_matches(&q);
        if let Some(f) = self.duty.as_mut().and_then(|d| d.entry_form_mut()) {
            f.matches = matches;
            f.pick = 0;
        }
    }
}
