//! The 待办 / 逾期 screen (tab 4): what is overdue and due, each line with
//! the rule, the student or class, the deadline and why; Enter on a line
//! opens the talk, contact or ledger form prefilled for it; `n`, `c`, `l`
//! open them empty. A leader sees the college per counsellor and opens one.

use super::keys::Act;
use super::model::{Ctx, Flash, Model};
use super::record_form::{FieldKind, FormDraft, RecordForm, RecordWhat};
use zhiban::app::compliance::{self, CollegeSummary, FindingOut};
use zhiban::domain::compliance::RuleResult;
use zhiban::domain::staff::Role;

pub struct TodoUi {
    /// Whose 待办 is shown (login), and their name.
    pub who: Option<(String, String)>,
    pub rules: Vec<RuleResult>,
    pub lines: Vec<FindingOut>,
    pub cursor: usize,
    /// A leader's college summary (the list before a counsellor is chosen).
    pub college: Option<CollegeSummary>,
    pub form: Option<Box<RecordForm>>,
    /// Why there is nothing to show (not a counsellor, refused).
    pub note: Option<String>,
}

/// The keys of a record form, by the field in focus.
pub fn form_context(f: &RecordForm) -> Ctx {
    match f.focused().map(|x| &x.kind) {
        Some(FieldKind::Text) => Ctx::RecordText,
        Some(FieldKind::Choice(_)) | Some(FieldKind::Toggle) => Ctx::RecordChoice,
        Some(FieldKind::Student) => Ctx::RecordStudent,
        _ => Ctx::RecordLine,
    }
}

impl TodoUi {
    pub fn context(&self) -> Ctx {
        self.form.as_deref().map_or(Ctx::Todo, form_context)
    }
}

/// The record a 待办 line asks for, prefilled: (form, [(field, value)]).
fn prefill(line: &FindingOut) -> Option<(RecordWhat, Vec<(&'static str, String)>)> {
    let r = line.rule.as_str();
    let kind = match r {
        "talk.warning-3d" | "talk.warned" => Some("academic_warning"),
        "talk.key-concern" => Some("psych"),
        "talk.coverage" => Some("daily"),
        _ => None,
    };
    if let Some(k) = kind {
        line.student_no.as_ref()?;
        let mut v = vec![("kind", k.to_string())];
        if r == "talk.key-concern" {
            v.push(("sensitive", "1".into()));
        }
        return Some((RecordWhat::Talk, v));
    }
    match r {
        "parent.yearly" | "parent.warned-1w" | "parent.warned-follow" | "aid.home-visit" => {
            line.student_no.as_ref()?;
            let (reason, channel) = match r {
                "parent.yearly" => ("routine", "phone"),
                "aid.home-visit" => ("aid_visit", "home_visit"),
                _ => ("academic_warning", "phone"),
            };
            Some((
                RecordWhat::Contact,
                vec![("reason", reason.into()), ("channel", channel.into())],
            ))
        }
        "special.mentors" => {
            line.student_no.as_ref()?;
            Some((RecordWhat::Support, Vec::new()))
        }
        "class.meeting" | "class.committee" | "class.attendance-check" | "class.lecture-visit" => {
            let kind = match r {
                "class.meeting" => "meeting",
                "class.committee" => "committee",
                "class.attendance-check" => "attendance",
                _ => "lecture",
            };
            let mut v = vec![("ledger_kind", kind.to_string())];
            if let Some(c) = &line.class {
                v.push(("class", c.clone()));
            }
            Some((RecordWhat::Ledger, v))
        }
        _ => None,
    }
}

impl Model {
    fn my_class_names(&self) -> Vec<String> {
        zhiban::app::records::my_classes(&self.app).unwrap_or_default()
    }

    /// Loads the 待办 of the actor (or of the counsellor a leader chose).
    pub fn todo_refresh(&mut self) {
        let chosen = self.todo.as_ref().and_then(|t| t.who.clone()).map(|w| w.0);
        let form = self.todo.as_mut().and_then(|t| t.form.take());
        let cursor = self.todo.as_ref().map_or(0, |t| t.cursor);
        let mut ui = TodoUi {
            who: None,
            rules: Vec::new(),
            lines: Vec::new(),
            cursor: 0,
            college: None,
            form,
            note: None,
        };
        let is_counsellor = self.app.actor().has(Role::Counsellor);
        if chosen.is_none() && !is_counsellor {
            match compliance::college(&self.app, None) {
                Ok(c) => ui.college = Some(c),
                Err(e) => ui.note = Some(e.to_string()),
            }
        } else {
            match compliance::for_counsellor(&self.app, chosen.as_deref()) {
                Ok((who, rules)) => {
                    ui.lines = compliance::finding_lines(&self.app, &rules);
                    // crisis reviews due (seed 004: within a month of the acute phase)
                    if chosen.is_none() {
                        let offset = self.app.assets().calendar.utc_offset_hours;
                        let today = zhiban::domain::clock::local_date(self.app.now(), offset);
                        for (id, kind, students, due) in
                            zhiban::app::crisis::reviews_due(&self.app).unwrap_or_default()
                        {
                            let due = zhiban::domain::clock::local_date(due, offset);
                            ui.lines.insert(
                                0,
                                FindingOut {
                                    rule: "crisis.review".into(),
                                    title: String::new(),
                                    state: if due < today { "overdue" } else { "due" },
                                    subject: format!("#{id} {kind} {students}"),
                                    student_no: None,
                                    class: None,
                                    due: Some(due.to_string()),
                                    detail: self
                                        .app
                                        .assets()
                                        .text
                                        .t("todo.crisis_review")
                                        .to_string(),
                                },
                            );
                        }
                    }
                    ui.rules = rules;
                    ui.who = Some((who.login, who.name));
                    ui.cursor = cursor.min(ui.lines.len().saturating_sub(1));
                }
                Err(e) => ui.note = Some(e.to_string()),
            }
        }
        self.todo = Some(ui);
    }

    fn open_record(
        &mut self,
        what: RecordWhat,
        values: Vec<(&'static str, String)>,
        student: Option<(String, String)>,
    ) {
        let classes = self.my_class_names();
        let mut f = RecordForm::new(what, self.app.assets(), &classes);
        for (k, v) in values {
            f.set_text(k, &v);
        }
        if let Some((no, name)) = student {
            if what == RecordWhat::Support
                && let Ok(Some(s)) = zhiban::app::records::support_of(&self.app, &no)
            {
                for (k, v) in [
                    ("academic_mentor", s.academic_mentor),
                    ("affairs_teacher", s.affairs_teacher),
                    ("peer_student", s.peer_student),
                    ("plan", s.plan),
                ] {
                    f.set_text(k, v.as_deref().unwrap_or(""));
                }
            }
            f.student = Some(super::duty_entry::Picked { no, name });
        }
        f.focus_first_empty();
        if let Some(t) = self.todo.as_mut() {
            t.form = Some(Box::new(f));
        }
    }

    /// The record form on screen: 待办's, or the crisis screen's new case.
    pub(crate) fn record_form(&self) -> Option<&RecordForm> {
        match self.screen {
            super::model::ScreenId::Talks => self.todo.as_ref()?.form.as_deref(),
            super::model::ScreenId::Crisis => self.crisis.as_ref()?.form.as_deref(),
            _ => None,
        }
    }

    pub(crate) fn record_form_mut(&mut self) -> Option<&mut RecordForm> {
        match self.screen {
            super::model::ScreenId::Talks => self.todo.as_mut()?.form.as_deref_mut(),
            super::model::ScreenId::Crisis => self.crisis.as_mut()?.form.as_deref_mut(),
            _ => None,
        }
    }

    /// Moves within the form on screen; `Save` and `Back` are the caller's.
    pub(crate) fn form_nav(&mut self, act: Act) {
        let Some(f) = self.record_form_mut() else {
            return;
        };
        let on_student = matches!(f.focused().map(|x| &x.kind), Some(FieldKind::Student));
        let mut no_match = false;
        match act {
            Act::NextField => f.next(false),
            Act::PrevField => f.next(true),
            Act::Earlier => f.cycle(true),
            Act::Later => f.cycle(false),
            Act::Sensitive => f.toggle(),
            Act::Up if on_student => f.pick = f.pick.saturating_sub(1),
            Act::Down if on_student => f.pick = (f.pick + 1).min(f.matches.len().saturating_sub(1)),
            Act::Open if on_student && !f.query().is_empty() => {
                if f.take_pick() {
                    f.next(false);
                } else {
                    no_match = true;
                }
            }
            Act::Open => f.next(false),
            _ => {}
        }
        if no_match {
            self.say_key("todo.no_match", true);
        }
        self.draft_changed();
    }

    pub(crate) fn todo_act(&mut self, act: Act) {
        let (now, offset) = (self.app.now(), self.app.assets().calendar.utc_offset_hours);
        let Some(t) = self.todo.as_mut() else { return };
        if t.form.is_some() {
            match act {
                Act::Back => {
                    t.form = None;
                    self.draft_changed();
                }
                Act::Save => self.todo_save(now, offset),
                _ => self.form_nav(act),
            }
            return;
        }
        let n = if t.who.is_some() {
            t.lines.len()
        } else {
            t.college.as_ref().map_or(0, |c| c.counsellors.len())
        };
        match act {
            Act::Up => t.cursor = t.cursor.saturating_sub(1),
            Act::Down => t.cursor = (t.cursor + 1).min(n.saturating_sub(1)),
            Act::PageUp => t.cursor = t.cursor.saturating_sub(10),
            Act::PageDown => t.cursor = (t.cursor + 10).min(n.saturating_sub(1)),
            Act::Back if t.who.is_some() && !self.app.actor().has(Role::Counsellor) => {
                t.who = None;
                t.cursor = 0;
                self.todo_refresh();
            }
            Act::Open if t.who.is_none() => {
                let pick = t
                    .college
                    .as_ref()
                    .and_then(|c| c.counsellors.get(t.cursor))
                    .map(|c| (c.login.clone(), c.name.clone()));
                if let Some(p) = pick {
                    t.who = Some(p);
                    t.cursor = 0;
                    self.todo_refresh();
                }
            }
            Act::Open => {
                let Some(line) = t.lines.get(t.cursor).cloned() else {
                    return;
                };
                match prefill(&line) {
                    Some((what, values)) => {
                        let student = line.student_no.clone().map(|no| {
                            let name = line.subject.split(' ').next().unwrap_or("").to_string();
                            (no, name)
                        });
                        self.open_record(what, values, student);
                    }
                    None if line.rule == "dorm.biweekly" => self.go(super::model::ScreenId::Patrol),
                    None if line.rule == "crisis.review" => {
                        let id = line
                            .subject
                            .trim_start_matches('#')
                            .split(' ')
                            .next()
                            .and_then(|n| n.parse::<i64>().ok());
                        if let Some(id) = id {
                            self.history.push(self.screen);
                            self.show_case(id);
                        }
                    }
                    None => self.say_key("todo.no_form", false),
                }
            }
            Act::Back => self.back(Ctx::Todo),
            Act::NewEntry => self.open_record(RecordWhat::Talk, vec![], None),
            Act::Contact => self.open_record(RecordWhat::Contact, vec![], None),
            Act::Ledger => self.open_record(RecordWhat::Ledger, vec![], None),
            Act::Sweep => self.open_record(RecordWhat::Sweep, vec![], None),
            _ => {}
        }
    }

    pub(crate) fn say_key(&mut self, key: &str, error: bool) {
        let text = self.t(key).to_string();
        self.flash = Some(Flash { text, error });
    }

    /// The form's own problems, worded in the reader's language (the use
    /// case checks the same again).
    fn form_problem(
        &self,
        now: chrono::DateTime<chrono::Utc>,
        offset: i32,
    ) -> Option<&'static str> {
        use zhiban::domain::records::{RecordProblem, check_record};
        let f = self.todo.as_ref()?.form.as_ref()?;
        if f.student.is_none()
            && matches!(
                f.what,
                RecordWhat::Talk | RecordWhat::Contact | RecordWhat::Support
            )
        {
            return Some("record.no_student");
        }
        let (text, fu, next, at) = match f.what {
            RecordWhat::Talk => match f.talk(now, offset) {
                Ok(t) => (t.summary, t.follow_up_due, t.next_talk, t.at),
                Err(_) => return Some("record.bad_date"),
            },
            RecordWhat::Contact => match f.contact(now, offset) {
                Ok(c) => (c.content, None, None, c.at),
                Err(_) => return Some("record.bad_date"),
            },
            RecordWhat::Ledger => return f.ledger(now, offset).err().map(|_| "record.bad_date"),
            RecordWhat::Support | RecordWhat::Crisis => return None,
            RecordWhat::Sweep => return None,
        };
        let at = at.unwrap_or(now);
        let on = zhiban::domain::clock::local_date(at, offset);
        check_record(at, on, now, &text, fu, next)
            .err()
            .map(|p| match p {
                RecordProblem::EmptyText => "record.empty_text",
                RecordProblem::InFuture => "record.in_future",
                RecordProblem::FollowUpBeforeTalk => "record.follow_up_before",
                RecordProblem::NextTalkBeforeTalk => "record.next_talk_before",
            })
    }

    fn todo_save(&mut self, now: chrono::DateTime<chrono::Utc>, offset: i32) {
        if let Some(key) = self.form_problem(now, offset) {
            return self.say_key(key, true);
        }
        let Some(f) = self.todo.as_ref().and_then(|t| t.form.as_ref()) else {
            return;
        };
        let r = match f.what {
            RecordWhat::Talk => f
                .talk(now, offset)
                .and_then(|x| zhiban::app::records::record_talk(&mut self.app, &x)),
            RecordWhat::Contact => f
                .contact(now, offset)
                .and_then(|x| zhiban::app::records::record_contact(&mut self.app, &x)),
            RecordWhat::Ledger => f
                .ledger(now, offset)
                .and_then(|x| zhiban::app::records::record_ledger(&mut self.app, &x)),
            RecordWhat::Support => f
                .support()
                .and_then(|(no, s)| zhiban::app::records::set_support(&mut self.app, &no, &s))
                .map(|_| 0),
            RecordWhat::Crisis => Ok(0),
            RecordWhat::Sweep => {
                let today = zhiban::domain::clock::local_date(now, offset);
                f.sweep(today).and_then(|(psych, on, note)| {
                    zhiban::app::records::record_sweep(&mut self.app, psych, on, note.as_deref())
                        .map(|_| 0)
                })
            }
        };
        match r {
            Ok(_) => {
                if let Some(t) = self.todo.as_mut() {
                    t.form = None;
                }
                self.todo_refresh();
                self.say_key("todo.saved", false);
            }
            Err(e) => self.flash_err(&e),
        }
        self.draft_changed();
    }

    /// Text typed into the form's focused field.
    pub(crate) fn todo_type(&mut self, ev: ratatui::crossterm::event::KeyEvent) {
        let Some(f) = self.record_form_mut() else {
            return;
        };
        let Some(field) = f.fields.get_mut(f.focus) else {
            return;
        };
        let student = field.kind == FieldKind::Student;
        if matches!(field.kind, FieldKind::Choice(_) | FieldKind::Toggle) {
            return;
        }
        if field.input.input(ev) {
            f.dirty = true;
        }
        if student {
            self.form_rematch();
        }
        self.draft_changed();
    }

    pub(crate) fn todo_paste(&mut self, text: &str) {
        let Some(f) = self.record_form_mut() else {
            return;
        };
        let Some(field) = f.fields.get_mut(f.focus) else {
            return;
        };
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let student = field.kind == FieldKind::Student;
        match field.kind {
            FieldKind::Text => field.input.insert_str(text),
            FieldKind::Line | FieldKind::Student => field.input.insert_str(text.replace('\n', " ")),
            _ => return,
        };
        f.dirty = true;
        if student {
            self.form_rematch();
        }
        self.draft_changed();
    }

    fn form_rematch(&mut self) {
        let q = match self.record_form() {
            Some(f) => f.query(),
            None => return,
        };
        let matches = self.student_matches(&q);
        if let Some(f) = self.record_form_mut() {
            f.matches = matches;
            f.pick = 0;
        }
    }

    /// The form being written, as a draft payload.
    pub(crate) fn record_draft(&self) -> Option<String> {
        let d = self.todo.as_ref()?.form.as_ref()?.draft()?;
        serde_json::to_string(&d).ok()
    }

    /// At start-up: a form left mid-way goes back on screen.
    pub fn resume_record_draft(&mut self) {
        let Ok(Some(payload)) = zhiban::app::drafts::load(&self.app, super::model::RECORD_DRAFT)
        else {
            return;
        };
        let Ok(d) = serde_json::from_str::<FormDraft>(&payload) else {
            return;
        };
        self.screen = super::model::ScreenId::Talks;
        self.todo_refresh();
        let classes = self.my_class_names();
        let f = RecordForm::from_draft(&d, self.app.assets(), &classes);
        if let Some(t) = self.todo.as_mut() {
            t.form = Some(Box::new(f));
        }
        self.say_key("todo.draft_back", false);
    }
}
