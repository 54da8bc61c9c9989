//! The state of the interface and how actions change it. Rendering (in
//! `view`) reads this and nothing else.

use std::sync::{Arc, Mutex};

use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

pub use super::context::Ctx;
use super::flags::{DraftPayload, FlagEditor};
use super::keys::{Act, resolve};
use zhiban::app::App;
use zhiban::app::policy::Relation;
use zhiban::app::students::{self, Field, Shown, StudentDetail, StudentView};
use zhiban::domain::search::SearchIndex;
use zhiban::domain::student::FlagKind;
use zhiban::error::Error;

/// Smallest terminal the full interface is drawn in.
pub const MIN_W: u16 = 40;
pub const MIN_H: u16 = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenId {
    Dashboard,
    Patrol,
    Duty,
    Talks,
    Crisis,
    Students,
}

impl ScreenId {
    pub const ALL: [ScreenId; 6] = [
        ScreenId::Dashboard,
        ScreenId::Patrol,
        ScreenId::Duty,
        ScreenId::Talks,
        ScreenId::Crisis,
        ScreenId::Students,
    ];
    pub fn from_number(n: u8) -> Option<ScreenId> {
        ScreenId::ALL.get((n as usize).checked_sub(1)?).copied()
    }
    pub fn i18n(self) -> &'static str {
        match self {
            ScreenId::Dashboard => "screen.dashboard",
            ScreenId::Patrol => "screen.patrol",
            ScreenId::Duty => "screen.duty",
            ScreenId::Talks => "screen.talks",
            ScreenId::Crisis => "screen.crisis",
            ScreenId::Students => "screen.students",
        }
    }
}

/// A one-line message under the body, cleared by the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub error: bool,
}

pub struct DetailState {
    pub detail: StudentDetail,
    pub revealed: Vec<(Field, String)>,
    /// Lines scrolled off the top (clamped when drawn).
    pub scroll: u16,
}

pub struct StudentsState {
    pub loaded: bool,
    pub all: Vec<StudentView>,
    pub index: SearchIndex,
    pub results: Vec<u32>,
    pub selected: usize,
    pub offset: usize,
    pub search: TextArea<'static>,
    pub searching: bool,
    pub detail: Option<DetailState>,
}

pub enum Confirm {
    Quit,
    ClearFlag { student_id: i64, kind: FlagKind },
    ResumeDraft(DraftPayload),
}

pub enum Overlay {
    Help,
    Confirm(Confirm),
    Flags(Box<FlagEditor>),
}

pub const FLAG_DRAFT: &str = "flag";
/// The marks of the room being checked on a patrol.
pub const ROOM_DRAFT: &str = "patrol";
/// A duty log entry being written.
pub const DUTY_DRAFT: &str = "duty";
/// A talk, family contact or ledger record being written.
pub const RECORD_DRAFT: &str = "record";
/// The crisis case on screen: reopened on its current step after a drop.
pub const CRISIS_DRAFT: &str = "crisis";

/// Shared with the signal thread: what each draft form should hold (a JSON
/// payload, or `None` for no draft), saved if the session ends.
pub type DraftSink = Arc<Mutex<Vec<(&'static str, Option<String>)>>>;

/// Numbers for the dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub visible: usize,
    pub my_students: usize,
    pub my_classes: usize,
    pub flags: Vec<(FlagKind, usize)>,
    pub caution: usize,
    /// `dorm.biweekly`: rooms of the actor's students not checked in time.
    pub rooms_due: usize,
    /// `dorm.absence-followup`: (open, overdue) follow-ups for the actor.
    pub follow_ups: (usize, usize),
    /// A counsellor's 待办: (overdue, all) lines.
    pub todo: Option<(usize, usize)>,
    /// Crisis cases the actor may see: open ones, and reviews due with the
    /// earliest deadline (school-local date).
    pub crises_open: usize,
    pub reviews_due: Vec<chrono::NaiveDate>,
}

pub struct Model {
    pub app: App,
    pub screen: ScreenId,
    pub history: Vec<ScreenId>,
    pub students: StudentsState,
    pub overlays: Vec<Overlay>,
    pub flash: Option<Flash>,
    pub quit: bool,
    pub size: (u16, u16),
    pub demo: bool,
    pub stats: Option<Stats>,
    /// The 查寝 screen, once opened.
    pub patrol: Option<super::patrol::PatrolUi>,
    /// The 值班 screen, once opened.
    pub duty: Option<super::duty::DutyUi>,
    pub todo: Option<super::todo::TodoUi>,
    pub crisis: Option<super::crisis::CrisisUi>,
    /// The duty-log entry a new case is being opened from.
    pub crisis_entry: Option<i64>,
    pub draft: DraftSink,
    /// The draft changed since it was last written to the database.
    pub draft_pending: bool,
}

pub(super) fn one_line_textarea(placeholder: &str) -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_cursor_line_style(ratatui::style::Style::default());
    t.set_placeholder_text(placeholder.to_string());
    t
}

pub(super) fn text_of(t: &TextArea<'_>) -> String {
    t.lines().join("\n")
}

impl Model {
    pub fn new(app: App, demo: bool, size: (u16, u16), draft: DraftSink) -> Model {
        let search = one_line_textarea(app.assets().text.t("students.search_hint"));
        Model {
            app,
            screen: ScreenId::Dashboard,
            history: Vec::new(),
            students: StudentsState {
                loaded: false,
                all: Vec::new(),
                index: SearchIndex::new(),
                results: Vec::new(),
                selected: 0,
                offset: 0,
                search,
                searching: false,
                detail: None,
            },
            overlays: Vec::new(),
            flash: None,
            quit: false,
            size,
            demo,
            stats: None,
            patrol: None,
            duty: None,
            todo: None,
            crisis: None,
            crisis_entry: None,
            draft,
            draft_pending: false,
        }
    }

    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.app.assets().text.t(key)
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_W || self.size.1 < MIN_H
    }

    /// Does this action do anything here, for this role? (The hint bar
    /// offers only what applies; `?` lists every key.)
    pub fn applies(&self, act: Act) -> bool {
        if act == Act::Resume {
            return matches!(&self.patrol, Some(super::patrol::PatrolUi::Start(s)) if s.unfinished.is_some());
        }
        if self.screen != ScreenId::Students {
            return true;
        }
        let Some(d) = &self.students.detail else {
            return true;
        };
        let v = &d.detail.view;
        let revealable = |s: &Shown| {
            matches!(
                s,
                Shown::Masked {
                    revealable: true,
                    ..
                }
            )
        };
        match act {
            Act::RevealPhone => revealable(&v.phone),
            Act::RevealId => revealable(&v.id_number),
            Act::RevealGuardian => v.guardians.iter().any(|g| revealable(&g.phone)),
            Act::EditFlags => !students::editable_flags(&self.app, v.relation).is_empty(),
            _ => true,
        }
    }

    /// Is there anything typed that is not saved?
    pub fn unsaved(&self) -> bool {
        self.overlays
            .iter()
            .any(|o| matches!(o, Overlay::Flags(ed) if ed.form.as_ref().is_some_and(|f| f.dirty)))
    }

    // ---------- loading

    pub fn loaded(&mut self, views: Vec<StudentView>, index: SearchIndex) {
        let mut stats = Stats {
            visible: views.len(),
            ..Stats::default()
        };
        let mut classes = std::collections::HashSet::new();
        let mut counts: std::collections::BTreeMap<FlagKind, usize> = Default::default();
        for v in &views {
            if v.relation == Relation::Own {
                stats.my_students += 1;
                if let Some(c) = &v.class {
                    classes.insert(c.clone());
                }
            }
            for f in &v.flags {
                *counts.entry(f.kind).or_default() += 1;
            }
            if v.caution {
                stats.caution += 1;
            }
        }
        stats.my_classes = classes.len();
        stats.rooms_due = zhiban::app::patrols::biweekly(&self.app)
            .map(|v| {
                v.iter()
                    .filter(|(_, d)| matches!(d, zhiban::domain::patrol::RoomDue::Overdue { .. }))
                    .count()
            })
            .unwrap_or(0);
        let fu = zhiban::app::patrols::open_follow_ups(&self.app).unwrap_or_default();
        stats.follow_ups = (fu.len(), fu.iter().filter(|(_, o)| *o).count());
        if self
            .app
            .actor()
            .has(zhiban::domain::staff::Role::Counsellor)
            && let Ok((_, rules)) = zhiban::app::compliance::for_counsellor(&self.app, None)
        {
            let overdue = rules
                .iter()
                .flat_map(|r| &r.findings)
                .filter(|f| f.state == zhiban::domain::compliance::State::Overdue)
                .count();
            let all = rules.iter().map(|r| r.findings.len()).sum();
            stats.todo = Some((overdue, all));
        }
        let offset = self.app.assets().calendar.utc_offset_hours;
        let cases = zhiban::app::crisis::list(&self.app).unwrap_or_default();
        stats.crises_open = cases.len();
        let mut due: Vec<chrono::NaiveDate> = zhiban::app::crisis::reviews_due_in(&self.app, cases)
            .into_iter()
            .map(|r| zhiban::domain::clock::local_date(r.3, offset))
            .collect();
        due.sort();
        stats.reviews_due = due;
        stats.flags = counts.into_iter().collect();
        self.stats = Some(stats);
        self.students.all = views;
        self.students.index = index;
        self.students.loaded = true;
        self.refilter();
    }

    fn query(&self) -> String {
        text_of(&self.students.search)
    }

    pub fn refilter(&mut self) {
        let q = self.query();
        self.students.results = self.students.index.query(&q);
        self.students.selected = 0;
        self.students.offset = 0;
    }

    /// Rows of the student list that fit, given the terminal size (status,
    /// tabs, search line, table header, flash and hint bar take 6).
    pub fn list_rows(&self) -> usize {
        self.size.1.saturating_sub(6).max(1) as usize
    }

    pub fn selected_view(&self) -> Option<&StudentView> {
        let i = *self.students.results.get(self.students.selected)?;
        self.students.all.get(i as usize)
    }

    fn move_selection(&mut self, delta: isize) {
        let n = self.students.results.len();
        if n == 0 {
            return;
        }
        let s = (self.students.selected as isize + delta).clamp(0, n as isize - 1) as usize;
        self.students.selected = s;
        let rows = self.list_rows();
        if s < self.students.offset {
            self.students.offset = s;
        } else if s >= self.students.offset + rows {
            self.students.offset = s + 1 - rows;
        }
    }

    pub(super) fn flash_ok(&mut self, text: String) {
        self.flash = Some(Flash { text, error: false });
    }

    pub(crate) fn flash_err(&mut self, e: &Error) {
        let key = if matches!(e, Error::Refused(_)) {
            "msg.refused"
        } else {
            "msg.error"
        };
        let text = self.app.assets().text.f(key, &[("reason", &e.to_string())]);
        self.flash = Some(Flash { text, error: true });
    }

    // ---------- input

    pub fn on_key(&mut self, ev: KeyEvent) {
        self.flash = None;
        let ctx = self.context();
        match resolve(&ctx.tables(), &ev) {
            Some(act) => self.act(ctx, act),
            None if ctx.typing() => self.type_key(ctx, ev),
            None => {}
        }
    }

    pub fn on_paste(&mut self, text: &str) {
        let ctx = self.context();
        let one_line: String = text.replace("\r\n", " ").replace(['\r', '\n'], " ");
        match ctx {
            Ctx::Searching => {
                self.students.search.insert_str(&one_line);
                self.refilter();
            }
            Ctx::PatrolText => self.patrol_paste(text),
            Ctx::DutyText | Ctx::DutyEntry | Ctx::DutyEntryWho | Ctx::DutyQuery => {
                self.duty_paste(text)
            }
            Ctx::RecordLine | Ctx::RecordText | Ctx::RecordStudent => self.todo_paste(text),
            Ctx::CrisisText => self.crisis_paste(text),
            Ctx::FlagText => {
                if let Some(f) = self.form_mut() {
                    if f.focus == 1 {
                        f.since.insert_str(&one_line);
                    } else {
                        f.note
                            .insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
                    }
                    f.dirty = true;
                }
                self.draft_changed();
            }
            _ => {}
        }
    }

    pub fn on_resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
        let rows = self.list_rows();
        if self.students.selected >= self.students.offset + rows {
            self.students.offset = self.students.selected + 1 - rows;
        }
    }

    fn type_key(&mut self, ctx: Ctx, ev: KeyEvent) {
        match ctx {
            Ctx::Searching => {
                if self.students.search.input(ev) {
                    self.refilter();
                }
            }
            Ctx::PatrolFloors | Ctx::PatrolText | Ctx::PatrolTodoText => self.patrol_type(ev),
            Ctx::DutyText | Ctx::DutyEntry | Ctx::DutyEntryWho | Ctx::DutyQuery => {
                self.duty_type(ev)
            }
            Ctx::RecordLine | Ctx::RecordText | Ctx::RecordStudent => self.todo_type(ev),
            Ctx::CrisisText => self.crisis_type(ev),
            Ctx::FlagText => {
                let changed = match self.form_mut() {
                    Some(f) => {
                        let ta = if f.focus == 1 {
                            &mut f.since
                        } else {
                            &mut f.note
                        };
                        let c = ta.input(ev);
                        if c {
                            f.dirty = true;
                            f.error = None;
                        }
                        c
                    }
                    None => false,
                };
                if changed {
                    self.draft_changed();
                }
            }
            _ => {}
        }
    }

    pub(crate) fn go(&mut self, s: ScreenId) {
        if s != self.screen {
            self.history.push(self.screen);
            self.screen = s;
        }
        if s == ScreenId::Patrol {
            self.patrol_enter();
        }
        if s == ScreenId::Duty {
            self.duty_refresh();
        }
        if s == ScreenId::Talks {
            self.todo_refresh();
        }
        if s == ScreenId::Crisis {
            self.crisis_refresh();
        }
    }

    fn act(&mut self, ctx: Ctx, act: Act) {
        if ctx.patrol() && !matches!(act, Act::Screen(_) | Act::Help | Act::Search | Act::Quit) {
            return self.patrol_act(act);
        }
        if ctx.duty() && !matches!(act, Act::Screen(_) | Act::Help | Act::Search | Act::Quit) {
            return self.duty_act(act);
        }
        if act == Act::NewCase {
            return self.new_case(None);
        }
        if (ctx.crisis() || (ctx.todo() && self.screen == ScreenId::Crisis))
            && !matches!(act, Act::Screen(_) | Act::Help | Act::Search | Act::Quit)
        {
            return self.crisis_act(act);
        }
        if ctx.todo() && !matches!(act, Act::Screen(_) | Act::Help | Act::Search | Act::Quit) {
            return self.todo_act(act);
        }
        match act {
            Act::Screen(n) => {
                if let Some(s) = ScreenId::from_number(n) {
                    self.go(s);
                }
            }
            Act::Help => self.overlays.push(Overlay::Help),
            Act::Search => {
                self.go(ScreenId::Students);
                self.students.detail = None;
                self.students.searching = true;
            }
            Act::Quit => {
                if self.unsaved() {
                    self.overlays.push(Overlay::Confirm(Confirm::Quit));
                } else {
                    self.quit = true;
                }
            }
            Act::Back => self.back(ctx),
            Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                self.motion(ctx, act)
            }
            Act::Open => self.open_selected(),
            Act::ClearSearch => {
                self.students.search = one_line_textarea(self.t("students.search_hint"));
                self.refilter();
            }
            Act::RevealPhone => self.reveal(Field::Phone),
            Act::RevealId => self.reveal(Field::IdNumber),
            Act::RevealGuardian => {
                let n = self
                    .students
                    .detail
                    .as_ref()
                    .map_or(0, |d| d.detail.view.guardians.len());
                for i in 0..n {
                    self.reveal(Field::GuardianPhone(i));
                }
            }
            Act::EditFlags => self.open_flags(),
            Act::FlagEdit => self.open_form(None),
            Act::FlagClear => {
                if let Some(ed) = self.editor_mut() {
                    if let Some((kind, Some(_))) = ed.rows.get(ed.cursor) {
                        let c = Confirm::ClearFlag {
                            student_id: ed.student_id,
                            kind: *kind,
                        };
                        self.overlays.push(Overlay::Confirm(c));
                    }
                }
            }
            Act::Save => self.save_form(),
            Act::NextField | Act::PrevField => {
                if let Some(f) = self.form_mut() {
                    let first = f.first_field();
                    f.focus = if act == Act::NextField {
                        if f.focus >= 2 { first } else { f.focus + 1 }
                    } else if f.focus <= first {
                        2
                    } else {
                        f.focus - 1
                    };
                }
            }
            Act::LevelPrev | Act::LevelNext => {
                if let Some(f) = self.form_mut() {
                    let n = f.kind.levels().len();
                    if n > 0 {
                        // cycle through None, 0..n
                        let cur = f.level.map_or(0, |i| i + 1);
                        let next = if act == Act::LevelNext {
                            (cur + 1) % (n + 1)
                        } else {
                            (cur + n) % (n + 1)
                        };
                        f.level = next.checked_sub(1);
                        f.dirty = true;
                    }
                }
                self.draft_changed();
            }
            Act::Yes | Act::No => self.answer(act == Act::Yes),
            // the 查寝 screen's own keys arrive only in its contexts
            _ => {}
        }
    }

    pub(crate) fn back(&mut self, ctx: Ctx) {
        match ctx {
            Ctx::Help | Ctx::FlagList => {
                self.overlays.pop();
            }
            Ctx::FlagLevel | Ctx::FlagText => {
                if let Some(ed) = self.editor_mut() {
                    ed.form = None;
                }
                self.discard_draft(FLAG_DRAFT);
            }
            Ctx::Confirm => self.answer(false),
            Ctx::Searching => self.students.searching = false,
            Ctx::Detail => self.students.detail = None,
            _ => {
                if let Some(prev) = self.history.pop() {
                    self.screen = prev;
                }
            }
        }
    }

    fn motion(&mut self, ctx: Ctx, act: Act) {
        if ctx == Ctx::Detail {
            let page = self.list_rows() as i32;
            if let Some(d) = self.students.detail.as_mut() {
                let delta = match act {
                    Act::Up => -1,
                    Act::Down => 1,
                    Act::PageUp => -page,
                    _ => page,
                };
                d.scroll = (d.scroll as i32 + delta).clamp(0, 500) as u16;
            }
            return;
        }
        if ctx == Ctx::FlagList {
            if let Some(ed) = self.editor_mut() {
                let n = ed.rows.len();
                if n > 0 {
                    ed.cursor = match act {
                        Act::Up => ed.cursor.saturating_sub(1),
                        Act::Down => (ed.cursor + 1).min(n - 1),
                        _ => ed.cursor,
                    };
                }
            }
            return;
        }
        let page = self.list_rows() as isize;
        let n = self.students.results.len() as isize;
        let d = match act {
            Act::Up => -1,
            Act::Down => 1,
            Act::PageUp => -page,
            Act::PageDown => page,
            Act::Top => -n,
            _ => n,
        };
        self.move_selection(d);
    }

    fn open_selected(&mut self) {
        let Some(id) = self.selected_view().map(|v| v.id) else {
            return;
        };
        self.open_detail(id);
    }

    pub fn open_detail(&mut self, id: i64) {
        match students::detail(&mut self.app, id) {
            Ok(detail) => {
                self.students.searching = false;
                self.students.detail = Some(DetailState {
                    detail,
                    revealed: Vec::new(),
                    scroll: 0,
                });
            }
            Err(e) => self.flash_err(&e),
        }
    }

    fn reveal(&mut self, field: Field) {
        let Some(d) = &self.students.detail else {
            return;
        };
        let id = d.detail.view.id;
        if d.revealed.iter().any(|(f, _)| *f == field) {
            return;
        }
        let v = &d.detail.view;
        let shown = match field {
            Field::Phone => Some(&v.phone),
            Field::IdNumber => Some(&v.id_number),
            Field::GuardianPhone(i) => v.guardians.get(i).map(|g| &g.phone),
        };
        match shown {
            Some(Shown::Plain(_)) | Some(Shown::Absent) | None => return,
            Some(Shown::Hidden)
            | Some(Shown::Masked {
                revealable: false, ..
            }) => {
                let text = self.t("msg.no_reveal").to_string();
                self.flash = Some(Flash { text, error: true });
                return;
            }
            Some(Shown::Masked {
                revealable: true, ..
            }) => {}
        }
        match students::reveal(&mut self.app, id, field) {
            Ok(v) => {
                if let Some(d) = self.students.detail.as_mut() {
                    d.revealed.push((field, v));
                }
                self.flash_ok(self.t("msg.revealed").to_string());
            }
            Err(e) => self.flash_err(&e),
        }
    }

    fn answer(&mut self, yes: bool) {
        let Some(Overlay::Confirm(c)) = self.overlays.pop() else {
            return;
        };
        match (c, yes) {
            (Confirm::Quit, true) => self.quit = true,
            (Confirm::ClearFlag { student_id, kind }, true) => {
                match students::change_flag(&mut self.app, student_id, kind, None) {
                    Ok(()) => {
                        self.after_flag_change(student_id);
                        let msg = self.app.assets().text.f(
                            "flag.cleared",
                            &[("kind", &self.app.assets().text.s(&kind.i18n_key()))],
                        );
                        self.flash_ok(msg);
                    }
                    Err(e) => self.flash_err(&e),
                }
            }
            (Confirm::ResumeDraft(d), true) => self.resume(d),
            (Confirm::ResumeDraft(_), false) => self.discard_draft(FLAG_DRAFT),
            _ => {}
        }
    }
}
