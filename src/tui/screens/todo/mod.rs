//! 待办 / 逾期 (tab 4): what is overdue and due, each line with the rule,
//! the student or class, the deadline and why; Enter on a line opens the
//! record that settles it, prefilled; `n`, `c`, `l` open a talk, a family
//! contact, a ledger record. A leader sees the college per counsellor; a
//! specialist their own list (the aid specialist's: Enter a home visit,
//! `g` a growth-file entry).
//! A talk or contact form shows the student's context above it; `h` turns
//! to the past talks and contacts, where one's own are corrected.

mod acts;
mod aid_forms;
mod aid_list;
mod context;
mod draw;
mod forms;
mod load;
mod past;
mod press;
mod roster;

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode::*;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use zhiban::app::compliance::{CollegeSummary, Counts, FindingOut};
use zhiban::app::record_context::FormContext;
use zhiban::app::reminders::Reminder;
use zhiban::app::{App, affordances, aid, records};
use zhiban::domain::staff::Role;

use crate::tui::directory::Picked;
use crate::tui::form::{Form, FormDraft, flow};
use crate::tui::keys::{self as k, Act, Binding, K, b, is_move, moved};
use crate::tui::screen::{
    Draft, Effect, Env, Event, Fx, Keys, Screen, ScreenId, View, live_slot, say,
};
use forms::What;

const SLOT: &str = "todo.form";

/// The filter `f` cycles: everything, then one kind of line
/// ([`compliance::kind_of`]).
const FILTERS: [&str; 5] = ["all", "talk", "parent", "class", "room"];

/// The 待办 list.
static MAIN: &[Binding] = &[
    b(&[K::Code(Enter)], "key.do_it", Act::Open, true),
    b(&[K::Ch('d')], "key.press", Act::Press, true),
    b(&[K::Ch('x')], "key.press_done", Act::CloseItem, true),
    // the aid specialist's, before the talk and contact keys they share
    b(&[K::Ch('g')], "key.growth", Act::Growth, true),
    b(&[K::Ch('n')], "key.new_talk", Act::NewEntry, true),
    b(&[K::Ch('c')], "key.new_contact", Act::Contact, true),
    b(&[K::Ch('l')], "key.new_ledger", Act::Ledger, true),
    b(&[K::Ch('f')], "key.todo_filter", Act::CycleKind, true),
    b(&[K::Ch('p')], "key.sweep", Act::Sweep, false),
    b(&[K::Ch('h')], "key.past_records", Act::History, true),
];

/// The past talks and contacts.
static PAST: &[Binding] = &[
    b(&[K::Code(Enter), K::Ch('a')], "key.amend", Act::Amend, true),
    b(&[K::Ch('f')], "key.todo_filter", Act::CycleKind, true),
    b(&[K::Ch('h')], "key.todo_list", Act::History, true),
];

pub struct Todo {
    /// Whose 待办 is shown (login, name): one's own, or the counsellor a
    /// leader chose.
    who: Option<(String, String)>,
    /// Every line; `lines` is what the filter lets through.
    all: Vec<FindingOut>,
    lines: Vec<FindingOut>,
    /// Index into [`FILTERS`].
    filter: usize,
    cursor: usize,
    /// A leader's college (the list before a counsellor is chosen).
    college: Option<CollegeSummary>,
    form: Option<Form>,
    /// The context of the talk or contact form open: (学号, form kind, it).
    context: Option<(String, &'static str, FormContext)>,
    /// The past talks and contacts, when that view is shown.
    past: Option<past::Past>,
    /// Why there is nothing to show (refused, or the read failed).
    failed: Option<String>,
    /// The counts of the counsellor's 待办 as the engine lists it (the
    /// leader's list counts the same lines).
    counts: Counts,
    /// The open 督办 to the counsellor shown.
    pressed: Vec<Reminder>,
    /// A specialist's own list.
    roster: Option<roster::List>,
    /// A role with no list here: the catalogue key saying where its work is.
    elsewhere: Option<&'static str>,
}

/// The record a 待办 line asks for, prefilled: (form, [(field, value)]).
fn prefill(line: &FindingOut) -> Option<(What, Vec<(&'static str, String)>)> {
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
        return Some((What::Talk, v));
    }
    match r {
        "aid.home-visit" | "aid.growth-file" => {
            line.student_no.as_ref()?;
            let what = if r == "aid.home-visit" {
                What::Visit
            } else {
                What::Growth
            };
            Some((what, Vec::new()))
        }
        "parent.yearly" | "parent.warned-1w" | "parent.warned-follow" => {
            line.student_no.as_ref()?;
            let (reason, channel) = match r {
                "parent.yearly" => ("routine", "phone"),
                _ => ("academic_warning", "phone"),
            };
            Some((
                What::Contact,
                vec![("reason", reason.into()), ("channel", channel.into())],
            ))
        }
        "special.mentors" => {
            line.student_no.as_ref()?;
            Some((What::Support, Vec::new()))
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
            Some((What::Ledger, v))
        }
        _ => None,
    }
}

impl Todo {
    pub fn new() -> Todo {
        Todo {
            who: None,
            all: Vec::new(),
            lines: Vec::new(),
            filter: 0,
            cursor: 0,
            college: None,
            form: None,
            context: None,
            past: None,
            failed: None,
            counts: Counts::default(),
            pressed: Vec::new(),
            roster: None,
            elsewhere: None,
        }
    }

    fn open(
        &mut self,
        what: What,
        values: Vec<(&'static str, String)>,
        student: Option<Picked>,
        app: &App,
    ) -> Fx {
        let classes = match records::my_classes(app) {
            Ok(c) => c,
            Err(e) => return vec![Effect::Error(e)],
        };
        let mut f = forms::form(app, what, &classes);
        for (k, v) in values {
            f.set(k, &v);
        }
        if let Some(p) = student {
            if what == What::Support {
                match records::support_of(app, &p.no) {
                    Ok(Some(s)) => {
                        for (k, v) in [
                            ("academic_mentor", s.academic_mentor),
                            ("affairs_teacher", s.affairs_teacher),
                            ("peer_student", s.peer_student),
                            ("plan", s.plan),
                        ] {
                            f.set(k, v.as_deref().unwrap_or(""));
                        }
                    }
                    Ok(None) => {}
                    Err(e) => return vec![Effect::Error(e)],
                }
            }
            f.set_students("student", vec![p]);
        }
        forms::focus_first(&mut f, what);
        self.form = Some(f);
        Vec::new()
    }

    fn save(&mut self, env: &mut Env<'_>) -> Fx {
        let Some(form) = self.form.as_mut() else {
            return Vec::new();
        };
        let Some(what) = What::of_kind(form.kind) else {
            return Vec::new();
        };
        if what == What::Press {
            return self.save_press(env);
        }
        let app = &mut *env.app;
        let r = match what {
            What::Talk => forms::talk(app, form).map(|x| records::record_talk(app, &x).map(|_| ())),
            What::Contact => {
                forms::contact(app, form).map(|x| records::record_contact(app, &x).map(|_| ()))
            }
            What::Ledger => {
                forms::ledger(app, form).map(|x| records::record_ledger(app, &x).map(|_| ()))
            }
            What::Support => {
                forms::support(app, form).map(|(no, s)| records::set_support(app, &no, &s))
            }
            What::Sweep => forms::sweep(app, form)
                .map(|(psych, on, note)| records::record_sweep(app, psych, on, note.as_deref())),
            What::AmendTalk => forms::amend(app, form)
                .map(|(id, text)| records::amend_talk(app, id, &text).map(|_| ())),
            What::AmendContact => forms::amend(app, form)
                .map(|(id, text)| records::amend_contact(app, id, &text).map(|_| ())),
            What::Visit => {
                aid_forms::visit(app, form).map(|x| aid::record_visit(app, &x).map(|_| ()))
            }
            What::Growth => {
                aid_forms::growth(app, form).map(|x| aid::record_growth(app, &x).map(|_| ()))
            }
            What::Press => return Vec::new(),
        };
        match r {
            Err(inv) => {
                form.fail(inv);
                Vec::new()
            }
            Ok(Err(e)) => {
                form.say(app.assets().text.error(&e));
                vec![Effect::Error(e)]
            }
            Ok(Ok(())) => {
                self.form = None;
                let mut fx = self.refresh(app);
                if let Some(p) = self.past.as_mut()
                    && let Err(e) = p.reload(app)
                {
                    fx.push(Effect::Error(e));
                }
                let amended = matches!(what, What::AmendTalk | What::AmendContact);
                fx.push(say(
                    if amended {
                        "todo.amended"
                    } else {
                        "todo.saved"
                    },
                    app,
                ));
                fx.push(Effect::DraftsChanged);
                fx
            }
        }
    }

    fn list_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        let n = if self.who.is_some() {
            self.lines.len()
        } else if let Some(list) = &self.roster {
            list.len()
        } else {
            self.college.as_ref().map_or(0, |c| c.counsellors.len())
        };
        let leader_drill = self.leader_drill(env.app);
        match act {
            a if is_move(a) => {
                self.cursor = moved(self.cursor, n, a, 10);
                Vec::new()
            }
            Act::Back if self.who.is_some() && !env.app.actor().has(Role::Counsellor) => {
                self.who = None;
                self.cursor = 0;
                self.refresh(env.app)
            }
            Act::Back => vec![Effect::Back],
            Act::Press if leader_drill => self.open_press(env),
            Act::Open if leader_drill => self.open_press(env),
            Act::CloseItem => self.press_done(env),
            Act::Open if self.roster.is_some() => self.open_roster_row(&*env.app),
            Act::Open if self.who.is_none() => {
                let pick = self
                    .college
                    .as_ref()
                    .and_then(|c| c.counsellors.get(self.cursor))
                    .map(|c| (c.login.clone(), c.name.clone()));
                match pick {
                    Some(p) => {
                        self.who = Some(p);
                        self.cursor = 0;
                        self.refresh(env.app)
                    }
                    None => Vec::new(),
                }
            }
            Act::Open => {
                let app = &*env.app;
                let Some(line) = self.lines.get(self.cursor).cloned() else {
                    return Vec::new();
                };
                match prefill(&line) {
                    Some((what, values)) => {
                        let student = line.student_no.clone().map(|no| Picked {
                            name: line.subject.split(' ').next().unwrap_or("").to_string(),
                            no,
                        });
                        self.open(what, values, student, app)
                    }
                    // the patrol start, with the line's building chosen
                    None if line.rule == "dorm.biweekly" => match line.building {
                        Some(b) => vec![Effect::To(ScreenId::Patrol, Event::Building(b))],
                        None => vec![Effect::Go(ScreenId::Patrol)],
                    },
                    None if line.rule == "crisis.review" => {
                        let id = line
                            .subject
                            .trim_start_matches('#')
                            .split(' ')
                            .next()
                            .and_then(|n| n.parse::<i64>().ok());
                        match id {
                            Some(id) => vec![Effect::To(ScreenId::Crisis, Event::OpenCase(id))],
                            None => Vec::new(),
                        }
                    }
                    None => vec![say("todo.no_form", app)],
                }
            }
            Act::NewEntry => self.open(What::Talk, Vec::new(), None, env.app),
            Act::Contact => self.open(What::Contact, Vec::new(), None, env.app),
            Act::Ledger => self.open(What::Ledger, Vec::new(), None, env.app),
            Act::Sweep => self.open(What::Sweep, Vec::new(), None, env.app),
            Act::Growth => self.open_growth(env.app),
            Act::History => match past::Past::load(env.app) {
                Ok(p) => {
                    self.past = Some(p);
                    Vec::new()
                }
                Err(e) => vec![Effect::Error(e)],
            },
            Act::CycleKind if self.who.is_some() => {
                self.filter = (self.filter + 1) % FILTERS.len();
                self.cursor = 0;
                self.apply_filter();
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}

impl Todo {
    fn draw_list(&self, f: &mut Frame<'_>, area: Rect, v: &View<'_>) {
        draw::draw(
            f,
            v,
            &draw::State {
                who: self.who.as_ref(),
                lines: &self.lines,
                filter: FILTERS[self.filter % FILTERS.len()],
                cursor: self.cursor,
                college: self.college.as_ref(),
                failed: self.failed.as_deref(),
                counts: self.counts,
                pressed: &self.pressed,
                leader: self.leader_drill(v.app),
            },
            area,
        );
    }
}

impl Screen for Todo {
    fn id(&self) -> ScreenId {
        ScreenId::Talks
    }

    fn keys(&self, _app: &App) -> Keys {
        match &self.form {
            Some(f) => Keys::typing(f.tables()),
            None if self.past.is_some() => Keys::new(vec![k::LIST, PAST, k::GLOBAL]),
            None => Keys::new(vec![k::LIST, MAIN, k::GLOBAL]),
        }
    }

    fn applies(&self, act: Act, app: &App) -> bool {
        if let Some(p) = &self.past {
            return match act {
                Act::Amend | Act::Open => p.here().is_some_and(|r| r.mine),
                _ => true,
            };
        }
        match act {
            Act::History => {
                affordances::writes_talks(app)
                    || affordances::writes_contacts(app)
                    || app.actor().has(Role::Leader)
            }
            Act::NewEntry => affordances::writes_talks(app),
            Act::Contact => affordances::writes_contacts(app),
            Act::Ledger => affordances::writes_ledger(app),
            Act::Sweep => affordances::writes_special_support(app) && app.actor().has(Role::Leader),
            Act::CycleKind => self.who.is_some(),
            Act::Press => self.leader_drill(app) && self.pressable().is_some(),
            Act::CloseItem => app.actor().has(Role::Counsellor) && self.own_pressed().is_some(),
            Act::Open if self.leader_drill(app) => self.pressable().is_some(),
            Act::Open if self.roster.is_some() => match &self.roster {
                Some(l) if l.is_aid() => !l.is_empty() && affordances::writes_home_visits(app),
                Some(l) => !l.is_empty() && affordances::writes_talks(app),
                None => false,
            },
            Act::Growth => {
                self.roster
                    .as_ref()
                    .is_some_and(|l| l.is_aid() && !l.is_empty())
                    && affordances::writes_growth_file(app)
            }
            Act::Open if self.elsewhere.is_some() => false,
            Act::Open => {
                if self.who.is_some() {
                    !self.lines.is_empty()
                } else {
                    self.college
                        .as_ref()
                        .is_some_and(|c| !c.counsellors.is_empty())
                }
            }
            _ => true,
        }
    }

    fn on_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        let fx = self.act(act, env);
        self.sync_context(env.app);
        fx
    }

    fn on_text(&mut self, ev: KeyEvent, env: &mut Env<'_>) -> Fx {
        let fx = flow::type_into(self.form.as_mut(), ev, env);
        self.sync_context(env.app);
        fx
    }

    fn on_paste(&mut self, text: &str, env: &mut Env<'_>) -> Fx {
        let fx = flow::paste_into(self.form.as_mut(), text, env);
        self.sync_context(env.app);
        fx
    }

    fn on_event(&mut self, ev: Event, env: &mut Env<'_>) -> Fx {
        let fx = self.event(ev, env);
        self.sync_context(env.app);
        fx
    }
    fn draw(&self, f: &mut Frame<'_>, area: Rect, v: &View<'_>) {
        if let Some(p) = &self.past {
            past::draw(f, v, p, area);
        } else if let Some(list) = &self.roster {
            roster::draw(f, v, list, self.cursor, area);
        } else if let Some(key) = self.elsewhere {
            roster::elsewhere(f, v, key, area);
        } else {
            self.draw_list(f, area, v);
        }
        if let Some(form) = &self.form {
            // the context of the talk or contact open, above the form
            let area = match &self.context {
                Some((_, kind, c)) if *kind == form.kind => {
                    let rows = crate::tui::form::draw::wanted_height(form);
                    context::draw(f, v, c, *kind == What::Contact.kind(), rows, area)
                }
                _ => area,
            };
            crate::tui::form::draw::draw_form(f, area, form, &v.app.assets().text, v.focused);
        }
    }

    fn unsaved(&self, _app: &App) -> Vec<String> {
        self.form
            .as_ref()
            .and_then(flow::unsaved)
            .into_iter()
            .collect()
    }

    fn drafts(&self, _app: &App) -> Vec<Draft> {
        self.form
            .as_ref()
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
        let what = What::of_kind(&d.kind)?;
        let mut f = forms::form(app, what, &[]);
        f.restore(&d);
        Some(f.summary())
    }
}
