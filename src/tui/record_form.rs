//! The talk, family-contact and class-ledger forms: written in two minutes,
//! prefilled from a 待办 line, kept as a draft while typed.
//!
//! Fields are one-line inputs, a multi-line text (Enter is a new line
//! there; Ctrl-S saves anywhere), choices (←/→), a student (searched as on
//! the students screen: ↑↓ pick, Enter takes it) and a toggle (Ctrl-T).

use ratatui_textarea::TextArea;
use serde::{Deserialize, Serialize};

use super::duty_entry::Picked;
use zhiban::app::records::{ContactInput, LedgerInput, TalkInput, parse_when};
use zhiban::config::Assets;
use zhiban::domain::compliance::LedgerKind;
use zhiban::domain::records::ContactChannel;
use zhiban::domain::student::parse_date;
use zhiban::error::{Error, Msg, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordWhat {
    Talk,
    Contact,
    Ledger,
    /// 1+1+1 mentors and the 一生一策 plan of a special-group student.
    Support,
    /// A new crisis case: kind, student, where, what is known.
    Crisis,
    /// A college's sweep of the six special groups (information or psychological).
    Sweep,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Line,
    Text,
    /// (code, label) pairs.
    Choice(Vec<(String, String)>),
    Student,
    Toggle,
}

pub struct Field {
    /// The field's name: its label is `form.<key>` in the catalogue.
    pub key: &'static str,
    pub kind: FieldKind,
    pub input: TextArea<'static>,
    pub choice: usize,
    pub on: bool,
}

pub struct RecordForm {
    pub what: RecordWhat,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub student: Option<Picked>,
    /// A crisis case may concern several students: those taken after the first.
    pub more: Vec<Picked>,
    pub matches: Vec<Picked>,
    pub pick: usize,
    /// Something was typed (a draft is worth keeping).
    pub dirty: bool,
}

fn input() -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_cursor_line_style(ratatui::style::Style::default());
    t
}

fn field(key: &'static str, kind: FieldKind) -> Field {
    Field {
        key,
        kind,
        input: input(),
        choice: 0,
        on: false,
    }
}

fn choice(pairs: impl IntoIterator<Item = (String, String)>) -> FieldKind {
    FieldKind::Choice(pairs.into_iter().collect())
}

/// A draft: the form's kind and each field's value by key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FormDraft {
    pub what: RecordWhat,
    pub student: Option<Picked>,
    pub values: Vec<(String, String)>,
}

impl RecordForm {
    pub fn new(what: RecordWhat, a: &Assets, my_classes: &[String]) -> RecordForm {
        let k = &a.kinds;
        let fields = match what {
            RecordWhat::Talk => vec![
                field("student", FieldKind::Student),
                field(
                    "kind",
                    choice(
                        k.talk_kinds
                            .iter()
                            .map(|c| (c.code.clone(), c.name.clone())),
                    ),
                ),
                field("when", FieldKind::Line),
                field("place", FieldKind::Line),
                field("summary", FieldKind::Text),
                field("follow_up", FieldKind::Line),
                field("follow_up_due", FieldKind::Line),
                field("next_talk", FieldKind::Line),
                field("sensitive", FieldKind::Toggle),
            ],
            RecordWhat::Contact => vec![
                field("student", FieldKind::Student),
                field(
                    "channel",
                    choice(
                        ContactChannel::ALL
                            .iter()
                            .map(|c| (c.code().to_string(), c.zh().to_string())),
                    ),
                ),
                field(
                    "reason",
                    choice(
                        k.contact_reasons
                            .iter()
                            .map(|c| (c.code.clone(), c.name.clone())),
                    ),
                ),
                field("when", FieldKind::Line),
                field("person", FieldKind::Line),
                field("content", FieldKind::Text),
            ],
            RecordWhat::Ledger => vec![
                field(
                    "ledger_kind",
                    choice(
                        LedgerKind::ALL
                            .iter()
                            .map(|c| (c.code().to_string(), c.zh().to_string())),
                    ),
                ),
                field(
                    "class",
                    choice(
                        std::iter::once((String::new(), "—".to_string()))
                            .chain(my_classes.iter().map(|c| (c.clone(), c.clone()))),
                    ),
                ),
                field("when", FieldKind::Line),
                field("topic", FieldKind::Line),
                field("attendance", FieldKind::Line),
                field("absentees", FieldKind::Line),
                field("note", FieldKind::Text),
            ],
            RecordWhat::Crisis => vec![
                field(
                    "crisis_kind",
                    choice(a.sops.iter().map(|(t, _)| (t.kind.clone(), t.name.clone()))),
                ),
                field("student", FieldKind::Student),
                field("where", FieldKind::Line),
                field("known", FieldKind::Text),
            ],
            RecordWhat::Sweep => vec![
                field(
                    "sweep_kind",
                    choice([
                        ("info".to_string(), a.text.t("form.sweep_info").to_string()),
                        (
                            "psych".to_string(),
                            a.text.t("form.sweep_psych").to_string(),
                        ),
                    ]),
                ),
                field("when", FieldKind::Line),
                field("note", FieldKind::Text),
            ],
            RecordWhat::Support => vec![
                field("student", FieldKind::Student),
                field("academic_mentor", FieldKind::Line),
                field("affairs_teacher", FieldKind::Line),
                field("peer_student", FieldKind::Line),
                field("plan", FieldKind::Text),
            ],
        };
        let mut f = RecordForm {
            what,
            fields,
            focus: 0,
            student: None,
            more: Vec::new(),
            matches: Vec::new(),
            pick: 0,
            dirty: false,
        };
        // the class defaults to the first of one's own
        if what == RecordWhat::Ledger && !my_classes.is_empty() {
            f.set_choice("class", &my_classes[0]);
        }
        f
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    fn field_mut(&mut self, key: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.key == key)
    }

    /// A field's value: the text, a choice's code, or "1" for a toggle on.
    pub fn value(&self, key: &str) -> String {
        match self.field(key) {
            Some(f) => match &f.kind {
                FieldKind::Choice(opts) => {
                    opts.get(f.choice).map(|o| o.0.clone()).unwrap_or_default()
                }
                FieldKind::Toggle => {
                    if f.on {
                        "1".into()
                    } else {
                        String::new()
                    }
                }
                FieldKind::Student => self
                    .student
                    .as_ref()
                    .map(|s| s.no.clone())
                    .unwrap_or_default(),
                _ => f.input.lines().join("\n").trim().to_string(),
            },
            None => String::new(),
        }
    }

    /// Sets a choice by code; `false` if there is no such option.
    pub fn set_choice(&mut self, key: &str, code: &str) -> bool {
        if let Some(f) = self.field_mut(key)
            && let FieldKind::Choice(opts) = &f.kind
            && let Some(i) = opts.iter().position(|o| o.0 == code)
        {
            f.choice = i;
            return true;
        }
        false
    }

    pub fn set_text(&mut self, key: &str, text: &str) {
        if let Some(f) = self.field_mut(key) {
            match f.kind {
                FieldKind::Toggle => f.on = text == "1",
                FieldKind::Choice(_) => {
                    let t = text.to_string();
                    self.set_choice(key, &t);
                }
                _ => {
                    f.input = input();
                    f.input.insert_str(text);
                }
            }
        }
    }

    /// Starts on the student if none is chosen, else on what must be written.
    pub fn focus_first_empty(&mut self) {
        let primary = match self.what {
            RecordWhat::Talk => "summary",
            RecordWhat::Contact => "content",
            RecordWhat::Ledger => "topic",
            RecordWhat::Support => "academic_mentor",
            RecordWhat::Crisis => "known",
            RecordWhat::Sweep => "sweep_kind",
        };
        let i = self.fields.iter().position(|f| match f.kind {
            FieldKind::Student => self.student.is_none(),
            _ => f.key == primary,
        });
        self.focus = i.unwrap_or(0);
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    pub fn next(&mut self, back: bool) {
        let n = self.fields.len().max(1);
        self.focus = if back {
            (self.focus + n - 1) % n
        } else {
            (self.focus + 1) % n
        };
    }

    /// ←/→ (or Space) on a choice moves it; on a toggle, flips it.
    pub fn cycle(&mut self, back: bool) {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        match &f.kind {
            FieldKind::Choice(opts) => {
                let n = opts.len().max(1);
                f.choice = if back {
                    (f.choice + n - 1) % n
                } else {
                    (f.choice + 1) % n
                };
            }
            FieldKind::Toggle => f.on = !f.on,
            _ => return,
        }
        self.dirty = true;
    }

    pub fn toggle(&mut self) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.kind == FieldKind::Toggle) {
            f.on = !f.on;
            self.dirty = true;
        }
    }

    pub fn query(&self) -> String {
        self.fields
            .iter()
            .find(|f| f.kind == FieldKind::Student)
            .map(|f| f.input.lines().join("").trim().to_string())
            .unwrap_or_default()
    }

    /// Takes the highlighted match as the student; `false` if none.
    pub fn take_pick(&mut self) -> bool {
        let Some(p) = self.matches.get(self.pick).cloned() else {
            return false;
        };
        match &self.student {
            Some(first) if self.what == RecordWhat::Crisis => {
                if first.no != p.no && !self.more.iter().any(|m| m.no == p.no) {
                    self.more.push(p);
                }
            }
            _ => self.student = Some(p),
        }
        if let Some(f) = self
            .fields
            .iter_mut()
            .find(|f| f.kind == FieldKind::Student)
        {
            f.input = input();
        }
        self.matches.clear();
        self.pick = 0;
        self.dirty = true;
        true
    }

    pub fn draft(&self) -> Option<FormDraft> {
        if !self.dirty {
            return None;
        }
        Some(FormDraft {
            what: self.what,
            student: self.student.clone(),
            values: self
                .fields
                .iter()
                .filter(|f| f.kind != FieldKind::Student)
                .map(|f| (f.key.to_string(), self.value(f.key)))
                .collect(),
        })
    }

    pub fn from_draft(d: &FormDraft, a: &Assets, my_classes: &[String]) -> RecordForm {
        let mut f = RecordForm::new(d.what, a, my_classes);
        f.student = d.student.clone();
        for (k, v) in &d.values {
            f.set_text(k, v);
        }
        f.dirty = true;
        f.focus_first_empty();
        f
    }

    fn date(&self, key: &str) -> Result<Option<chrono::NaiveDate>> {
        let v = self.value(key);
        if v.is_empty() {
            return Ok(None);
        }
        parse_date(&v)
            .map(Some)
            .ok_or_else(|| Error::Usage(Msg::raw(format!("'{v}' is not a date; write 2026-11-30"))))
    }

    fn when(
        &self,
        now: chrono::DateTime<chrono::Utc>,
        offset: i32,
    ) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
        let v = self.value("when");
        if v.is_empty() {
            return Ok(None);
        }
        parse_when(&v, now, offset).map(Some)
    }

    fn opt(&self, key: &str) -> Option<String> {
        Some(self.value(key)).filter(|v| !v.is_empty())
    }

    fn student_no(&self) -> Result<String> {
        self.student.as_ref().map(|s| s.no.clone()).ok_or_else(|| {
            Error::Usage(Msg::raw(
                "choose the student first (type a name, pinyin or 学号)",
            ))
        })
    }

    pub fn talk(&self, now: chrono::DateTime<chrono::Utc>, offset: i32) -> Result<TalkInput> {
        Ok(TalkInput {
            student_no: self.student_no()?,
            at: self.when(now, offset)?,
            place: self.opt("place"),
            kind: self.value("kind"),
            summary: self.value("summary"),
            follow_up: self.opt("follow_up"),
            follow_up_due: self.date("follow_up_due")?,
            next_talk: self.date("next_talk")?,
            sensitive: self.value("sensitive") == "1",
        })
    }

    pub fn contact(&self, now: chrono::DateTime<chrono::Utc>, offset: i32) -> Result<ContactInput> {
        Ok(ContactInput {
            student_no: self.student_no()?,
            at: self.when(now, offset)?,
            channel: ContactChannel::parse(&self.value("channel")).unwrap_or(ContactChannel::Phone),
            person: self.opt("person"),
            reason: self.value("reason"),
            content: self.value("content"),
        })
    }

    /// What a new case starts with.
    pub fn crisis(&self) -> zhiban::app::crisis::OpenInput {
        zhiban::app::crisis::OpenInput {
            kind: self.value("crisis_kind"),
            students: self
                .student
                .iter()
                .chain(&self.more)
                .map(|s| s.no.clone())
                .collect(),
            location: self.opt("where"),
            known: self.opt("known"),
            entry_id: None,
        }
    }

    /// A sweep: (psychological?, the day, the note); the day defaults to today.
    pub fn sweep(
        &self,
        today: chrono::NaiveDate,
    ) -> Result<(bool, chrono::NaiveDate, Option<String>)> {
        Ok((
            self.value("sweep_kind") == "psych",
            self.date("when")?.unwrap_or(today),
            self.opt("note"),
        ))
    }

    pub fn support(&self) -> Result<(String, zhiban::domain::records::Support)> {
        Ok((
            self.student_no()?,
            zhiban::domain::records::Support {
                academic_mentor: self.opt("academic_mentor"),
                affairs_teacher: self.opt("affairs_teacher"),
                peer_student: self.opt("peer_student"),
                plan: self.opt("plan"),
            },
        ))
    }

    pub fn ledger(&self, now: chrono::DateTime<chrono::Utc>, offset: i32) -> Result<LedgerInput> {
        let attendance = match self.opt("attendance") {
            Some(v) => Some(v.parse::<i64>().map_err(|_| {
                Error::Usage(Msg::raw(format!("attendance '{v}' is not a number")))
            })?),
            None => None,
        };
        Ok(LedgerInput {
            class: self.opt("class"),
            kind: LedgerKind::parse(&self.value("ledger_kind")).unwrap_or(LedgerKind::Meeting),
            at: self.when(now, offset)?,
            topic: self.opt("topic"),
            attendance,
            absentees: self.opt("absentees"),
            note: self.opt("note"),
        })
    }
}
