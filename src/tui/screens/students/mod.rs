//! 学生 (tab 6): the students one may see, filtered as one types (学号,
//! name, pinyin, initials, room, and the filter words of
//! [`zhiban::app::work_list`]: a flag, a class, a building, a counsellor),
//! the filtered list exported to xlsx (`e`); a student's detail with masked numbers
//! revealed on request (audit-logged), the timeline, and the flags editor.

mod draw;
mod export;
mod flags;
mod keys;
mod timeline;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;
use zhiban::app::App;
use zhiban::app::students::{self, Field, Shown, StudentDetail};
use zhiban::app::work_list::{ListFilter, Vocab};
use zhiban::domain::student::FlagKind;

use crate::tui::form::{FormDraft, flow};
use crate::tui::keys::{self as k, Act, is_move, moved};
use crate::tui::screen::{
    Ask, AskKind, Draft, Effect, Env, Event, Fx, Keys, Screen, ScreenId, View, live_slot, say, warn,
};
use crate::tui::ui::{one_line, text_of, type_key};
use flags::{FlagEditor, SLOT};

/// The question before a flag is cleared.
const CLEAR: u32 = 1;

pub struct Detail {
    pub detail: StudentDetail,
    pub revealed: Vec<(Field, String)>,
    /// Lines scrolled off the top (clamped when drawn).
    pub scroll: u16,
    /// Opened from another screen (a number's drill-down): Esc goes back
    /// there, not to this screen's list.
    pub from_elsewhere: bool,
}

pub struct Students {
    /// Positions in the directory of the students matching the search.
    results: Vec<u32>,
    selected: usize,
    search: TextArea<'static>,
    searching: bool,
    detail: Option<Detail>,
    flags: Option<FlagEditor>,
    /// The filter words understood from the search line.
    filter: ListFilter,
    /// What a filter word may name, from the students loaded.
    vocab: Option<Vocab>,
    /// The form asking where to export the list.
    export: Option<crate::tui::form::Form>,
}

impl Students {
    pub fn new(app: &App) -> Students {
        Students {
            results: Vec::new(),
            selected: 0,
            search: one_line("", app.assets().text.t("students.search_hint")),
            searching: false,
            detail: None,
            flags: None,
            filter: ListFilter::default(),
            vocab: None,
            export: None,
        }
    }

    fn refilter(&mut self, env: &Env<'_>, keep: bool) {
        if self.vocab.is_none() && !env.dir.all.is_empty() {
            self.vocab = Some(Vocab::of(env.dir.all.briefs()));
        }
        let vocab = self.vocab.clone().unwrap_or_default();
        self.filter = ListFilter::parse(&text_of(&self.search), &vocab);
        let mut results = env.dir.query(self.filter.rest.trim());
        if self.filter.filters() {
            results.retain(|i| {
                env.dir
                    .all
                    .brief(*i as usize)
                    .is_some_and(|v| self.filter.matches(v))
            });
        }
        self.results = results;
        self.selected = if keep {
            self.selected.min(self.results.len().saturating_sub(1))
        } else {
            0
        };
    }

    /// Rows of the list that fit (status, tabs, search line, header, flash
    /// and hint bar take six).
    fn page(env: &Env<'_>) -> usize {
        env.size.1.saturating_sub(6).max(1) as usize
    }

    fn open_detail(&mut self, id: i64, env: &mut Env<'_>) -> Fx {
        match students::detail(env.app, id) {
            Ok(detail) => {
                self.searching = false;
                self.detail = Some(Detail {
                    detail,
                    revealed: Vec::new(),
                    scroll: 0,
                    from_elsewhere: false,
                });
                Vec::new()
            }
            Err(e) => vec![Effect::Error(e)],
        }
    }

    fn reveal(&mut self, field: Field, env: &mut Env<'_>) -> Fx {
        let Some(d) = &self.detail else {
            return Vec::new();
        };
        if d.revealed.iter().any(|(f, _)| *f == field) {
            return Vec::new();
        }
        let v = &d.detail.view;
        let shown = match field {
            Field::Phone => Some(&v.phone),
            Field::IdNumber => Some(&v.id_number),
            Field::GuardianPhone(i) => v.guardians.get(i).map(|g| &g.phone),
        };
        match shown {
            Some(Shown::Plain(_)) | Some(Shown::Absent) | None => return Vec::new(),
            Some(Shown::Hidden)
            | Some(Shown::Masked {
                revealable: false, ..
            }) => return vec![warn("msg.no_reveal", env.app)],
            Some(Shown::Masked {
                revealable: true, ..
            }) => {}
        }
        let id = v.id;
        match students::reveal(env.app, id, field) {
            Ok(value) => {
                if let Some(d) = self.detail.as_mut() {
                    d.revealed.push((field, value));
                }
                vec![say("msg.revealed", env.app)]
            }
            Err(e) => vec![Effect::Error(e)],
        }
    }

    /// The student changed (flags): the detail and the editor follow.
    fn reload_student(&mut self, id: i64, env: &Env<'_>) {
        if let Ok(Some(v)) = students::visible(env.app, id) {
            if let Some(d) = self.detail.as_mut() {
                if d.detail.view.id == id {
                    d.detail.view = v.clone();
                }
            }
            if let Some(ed) = self.flags.as_mut() {
                if ed.student_id == id {
                    ed.refresh(&v);
                }
            }
        }
    }

    fn save_flag(&mut self, env: &mut Env<'_>) -> Fx {
        let Some(ed) = self.flags.as_mut() else {
            return Vec::new();
        };
        let Some(flag) = ed.checked(env.app) else {
            return Vec::new();
        };
        let (id, kind) = (ed.student_id, flag.kind);
        match students::change_flag(env.app, id, kind, Some(flag)) {
            Ok(()) => {
                ed.form = None;
                self.reload_student(id, env);
                let tx = &env.app.assets().text;
                let text = tx.f("flag.saved", &[("kind", &tx.s(&kind.i18n_key()))]);
                vec![
                    Effect::Flash { text, error: false },
                    Effect::StudentChanged(id),
                    Effect::DraftsChanged,
                ]
            }
            Err(e) => {
                let text = env.app.assets().text.error(&e);
                if let Some(f) = ed.form.as_mut() {
                    f.say(text);
                }
                vec![Effect::Error(e)]
            }
        }
    }

    fn clear_flag(&mut self, kind: FlagKind, env: &mut Env<'_>) -> Fx {
        let Some(id) = self.flags.as_ref().map(|e| e.student_id) else {
            return Vec::new();
        };
        match students::change_flag(env.app, id, kind, None) {
            Ok(()) => {
                self.reload_student(id, env);
                let tx = &env.app.assets().text;
                let text = tx.f("flag.cleared", &[("kind", &tx.s(&kind.i18n_key()))]);
                vec![
                    Effect::Flash { text, error: false },
                    Effect::StudentChanged(id),
                ]
            }
            Err(e) => vec![Effect::Error(e)],
        }
    }

    fn flags_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        let cat = &env.app.assets().text;
        let Some(ed) = self.flags.as_mut() else {
            return Vec::new();
        };
        if let Some(form) = ed.form.as_mut() {
            let (step, fx) = flow::route(form.on_act(act, env.dir, cat), cat);
            return match step {
                flow::Step::Save => self.save_flag(env),
                flow::Step::Close => {
                    ed.form = None;
                    fx
                }
                flow::Step::Stay => fx,
            };
        }
        match act {
            a if is_move(a) => {
                ed.cursor = moved(ed.cursor, ed.rows.len(), a, 10);
                Vec::new()
            }
            Act::Open => {
                ed.open_form(env.app);
                Vec::new()
            }
            Act::FlagClear => match ed.rows.get(ed.cursor) {
                Some((kind, Some(_))) => {
                    ed.clearing = Some(*kind);
                    let text = cat.f(
                        "flag.confirm_clear",
                        &[("name", &ed.name), ("kind", &cat.s(&kind.i18n_key()))],
                    );
                    vec![Effect::Ask(Ask {
                        tag: CLEAR,
                        text,
                        kind: AskKind::YesNo,
                    })]
                }
                _ => Vec::new(),
            },
            Act::Back => {
                self.flags = None;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn open_flags(&mut self, env: &Env<'_>) -> Fx {
        let Some(d) = &self.detail else {
            return Vec::new();
        };
        match FlagEditor::open(env.app, &d.detail.view) {
            Some(ed) => {
                self.flags = Some(ed);
                Vec::new()
            }
            None => vec![warn("flag.none_editable", env.app)],
        }
    }

    fn resume(&mut self, payload: &str, env: &mut Env<'_>) -> Fx {
        let Ok(d) = serde_json::from_str::<FormDraft>(payload) else {
            return vec![warn("offer.cannot_resume", env.app)];
        };
        let Some(id) = d.about.get("student_id").and_then(|x| x.as_i64()) else {
            return vec![warn("offer.cannot_resume", env.app)];
        };
        let mut fx = self.open_detail(id, env);
        if self.detail.is_none() {
            return fx;
        }
        fx.extend(self.open_flags(env));
        let resumed = self.flags.as_mut().is_some_and(|ed| ed.resume(env.app, &d));
        if resumed {
            fx.push(say("offer.resumed", env.app));
            fx.push(Effect::DraftsChanged);
        } else {
            fx.push(warn("offer.cannot_resume", env.app));
        }
        fx
    }
}

impl Screen for Students {
    fn id(&self) -> ScreenId {
        ScreenId::Students
    }

    fn keys(&self, _app: &App) -> Keys {
        if let Some(f) = &self.export {
            return Keys::typing(f.tables());
        }
        if let Some(ed) = &self.flags {
            return match &ed.form {
                Some(f) => Keys::typing(f.tables()),
                None => Keys::new(vec![keys::FLAG_LIST]),
            };
        }
        if self.detail.is_some() {
            return Keys::new(vec![keys::DETAIL, k::GLOBAL]);
        }
        if self.searching {
            return Keys::typing(vec![keys::SEARCHING]);
        }
        Keys::new(vec![k::LIST, keys::LIST_KEYS, k::GLOBAL])
    }

    fn applies(&self, act: Act, app: &App) -> bool {
        let Some(d) = &self.detail else {
            return match act {
                Act::Export => {
                    !self.results.is_empty() && zhiban::io::export::list::may_export(app)
                }
                _ => true,
            };
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
            Act::EditFlags => !students::editable_flags(app, v.relation).is_empty(),
            _ => true,
        }
    }

    fn on_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        if self.export.is_some() {
            return self.export_act(act, env);
        }
        if self.flags.is_some() {
            return self.flags_act(act, env);
        }
        if let Some(d) = self.detail.as_mut() {
            let page = Self::page(env) as u16;
            return match act {
                Act::Back => {
                    let back = d.from_elsewhere;
                    self.detail = None;
                    if back { vec![Effect::Back] } else { Vec::new() }
                }
                Act::Up => {
                    d.scroll = d.scroll.saturating_sub(1);
                    Vec::new()
                }
                Act::Down => {
                    d.scroll = d.scroll.saturating_add(1).min(500);
                    Vec::new()
                }
                Act::PageUp => {
                    d.scroll = d.scroll.saturating_sub(page);
                    Vec::new()
                }
                Act::PageDown => {
                    d.scroll = d.scroll.saturating_add(page).min(500);
                    Vec::new()
                }
                Act::Top => {
                    d.scroll = 0;
                    Vec::new()
                }
                Act::Bottom => {
                    d.scroll = 500;
                    Vec::new()
                }
                Act::RevealPhone => self.reveal(Field::Phone, env),
                Act::RevealId => self.reveal(Field::IdNumber, env),
                Act::RevealGuardian => {
                    let n = d.detail.view.guardians.len();
                    let mut fx = Vec::new();
                    for i in 0..n {
                        fx.extend(self.reveal(Field::GuardianPhone(i), env));
                    }
                    fx
                }
                Act::EditFlags => self.open_flags(env),
                _ => Vec::new(),
            };
        }
        match act {
            a if is_move(a) => {
                self.selected = moved(self.selected, self.results.len(), a, Self::page(env));
                Vec::new()
            }
            Act::Open => {
                let id = self
                    .results
                    .get(self.selected)
                    .and_then(|i| env.dir.all.brief(*i as usize))
                    .map(|v| v.id);
                match id {
                    Some(id) => self.open_detail(id, env),
                    None => Vec::new(),
                }
            }
            Act::ClearSearch => {
                self.search = one_line("", env.app.assets().text.t("students.search_hint"));
                self.refilter(env, false);
                Vec::new()
            }
            Act::Back if self.searching => {
                self.searching = false;
                Vec::new()
            }
            Act::Back => vec![Effect::Back],
            Act::Export if zhiban::io::export::list::may_export(env.app) => self.open_export(env),
            _ => Vec::new(),
        }
    }

    fn on_text(&mut self, ev: KeyEvent, env: &mut Env<'_>) -> Fx {
        if let Some(f) = self.export.as_mut() {
            return flow::type_into(Some(f), ev, env);
        }
        if let Some(f) = self.flags.as_mut().and_then(|e| e.form.as_mut()) {
            return flow::type_into(Some(f), ev, env);
        }
        if self.searching && type_key(&mut self.search, ev) {
            self.refilter(env, false);
        }
        Vec::new()
    }

    fn on_paste(&mut self, text: &str, env: &mut Env<'_>) -> Fx {
        if let Some(f) = self.export.as_mut() {
            return flow::paste_into(Some(f), text, env);
        }
        if let Some(f) = self.flags.as_mut().and_then(|e| e.form.as_mut()) {
            return flow::paste_into(Some(f), text, env);
        }
        if self.searching {
            self.search
                .insert_str(text.replace("\r\n", " ").replace(['\r', '\n'], " "));
            self.refilter(env, false);
        }
        Vec::new()
    }

    fn on_event(&mut self, ev: Event, env: &mut Env<'_>) -> Fx {
        match ev {
            Event::StudentsLoaded => {
                self.vocab = None;
                self.refilter(env, true);
                Vec::new()
            }
            Event::OpenStudent(id) => {
                self.flags = None;
                let fx = self.open_detail(id, env);
                if let Some(d) = self.detail.as_mut() {
                    d.from_elsewhere = true;
                }
                fx
            }
            Event::Search => {
                self.flags = None;
                self.detail = None;
                self.searching = true;
                Vec::new()
            }
            Event::Answer {
                tag: export::OVERWRITE,
                act,
            } => match act {
                Act::Yes => self.export_write(env),
                _ => Vec::new(),
            },
            Event::Answer { tag: CLEAR, act } => {
                let kind = self.flags.as_mut().and_then(|e| e.clearing.take());
                match (act, kind) {
                    (Act::Yes, Some(kind)) => self.clear_flag(kind, env),
                    _ => Vec::new(),
                }
            }
            Event::Answer {
                tag: flow::LEAVE,
                act,
            } => {
                let Some(ed) = self.flags.as_mut() else {
                    return Vec::new();
                };
                let Some(form) = ed.form.as_ref() else {
                    return Vec::new();
                };
                let (step, fx) = flow::answer_leave(act, form, SLOT);
                if step == flow::Step::Close {
                    ed.form = None;
                }
                fx
            }
            Event::Resume { payload, .. } => self.resume(&payload, env),
            _ => Vec::new(),
        }
    }

    fn draw(&self, f: &mut Frame<'_>, area: Rect, v: &View<'_>) {
        match &self.detail {
            Some(d) => draw::detail(f, v, d, area),
            None => draw::list(
                f,
                v,
                &draw::ListState {
                    results: &self.results,
                    selected: self.selected,
                    search: &self.search,
                    searching: self.searching,
                    filter: &self.filter.summary(),
                },
                area,
            ),
        }
        if let Some(ed) = &self.flags {
            draw::flags(f, v, ed, area);
        }
        if let Some(form) = &self.export {
            crate::tui::form::draw::draw_form(f, area, form, &v.app.assets().text, v.focused);
        }
    }

    fn unsaved(&self, _app: &App) -> Vec<String> {
        self.flags
            .as_ref()
            .and_then(|e| e.form.as_ref())
            .and_then(flow::unsaved)
            .into_iter()
            .collect()
    }

    fn drafts(&self, _app: &App) -> Vec<Draft> {
        self.flags
            .as_ref()
            .and_then(|e| e.form.as_ref())
            .and_then(|f| f.draft_json())
            .map(|payload| Draft {
                slot: SLOT,
                payload,
            })
            .into_iter()
            .collect()
    }

    fn describe(&self, slot: &str, payload: &str, app: &App) -> Option<String> {
        if live_slot(slot) != SLOT {
            return None;
        }
        let d: FormDraft = serde_json::from_str(payload).ok()?;
        let kind = d
            .about
            .get("kind")
            .and_then(|k| k.as_str())
            .and_then(FlagKind::from_code)?;
        let name = d
            .about
            .get("student_name")
            .and_then(|n| n.as_str())
            .unwrap_or("");
        let tx = &app.assets().text;
        Some(tx.f(
            "offer.flag",
            &[("kind", &tx.s(&kind.i18n_key())), ("name", name)],
        ))
    }
}
