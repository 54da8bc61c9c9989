//! 看板 (tab 1): who you are, where the term is, and what needs attention.
//! A number that could not be read is shown as not read, with the reason,
//! never as a zero.

mod draw;

use std::collections::{BTreeMap, HashSet};

use ratatui::Frame;
use ratatui::layout::Rect;
use zhiban::app::crisis_desk::CaseLine;
use zhiban::app::policy::Relation;
use zhiban::app::{self, App};
use zhiban::domain::compliance::State;
use zhiban::domain::patrol::RoomDue;
use zhiban::domain::staff::Role;
use zhiban::domain::student::FlagKind;

use crate::tui::directory::Load;
use crate::tui::keys::{self as k, Act};
use crate::tui::screen::{Effect, Env, Event, Fx, Keys, Screen, ScreenId, View};

/// What the students the actor may see come to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StudentCounts {
    pub visible: usize,
    pub my_students: usize,
    pub my_classes: usize,
    pub flags: Vec<(FlagKind, usize)>,
    pub caution: usize,
}

/// What is due, read from the records; `None` where the read failed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Due {
    /// `dorm.biweekly`: rooms of the actor's students not checked in time.
    pub rooms_due: Option<usize>,
    /// `dorm.absence-followup`: (open, overdue) follow-ups.
    pub follow_ups: Option<(usize, usize)>,
    /// A counsellor's 待办: (overdue, all) lines.
    pub todo: Option<(usize, usize)>,
    /// Crisis cases the actor may see that are open, and the reviews due
    /// (school-local dates, earliest first).
    pub crises: Option<(usize, Vec<chrono::NaiveDate>)>,
    /// The open crisis cases the actor may see, most urgent first.
    pub open_cases: Option<Vec<CaseLine>>,
    /// For leaders: shifts open past their end and roster nights never
    /// opened, worded.
    pub desk: Vec<String>,
    /// Why something could not be read.
    pub errors: Vec<String>,
}

#[derive(Default)]
pub struct Dashboard {
    students: Option<StudentCounts>,
    due: Option<Due>,
}

impl Dashboard {
    pub fn new() -> Dashboard {
        Dashboard::default()
    }

    fn count_students(&mut self, env: &Env<'_>) {
        if env.dir.load != Load::Ready {
            self.students = None;
            return;
        }
        let mut c = StudentCounts {
            visible: env.dir.all.len(),
            ..Default::default()
        };
        let mut classes = HashSet::new();
        let mut flags: BTreeMap<FlagKind, usize> = BTreeMap::new();
        for v in &env.dir.all {
            if v.relation == Relation::Own {
                c.my_students += 1;
                if let Some(cl) = &v.class {
                    classes.insert(cl.clone());
                }
            }
            for f in &v.flags {
                *flags.entry(f.kind).or_default() += 1;
            }
            if v.caution {
                c.caution += 1;
            }
        }
        c.my_classes = classes.len();
        c.flags = flags.into_iter().collect();
        self.students = Some(c);
    }

    fn read_due(&mut self, env: &Env<'_>) {
        let app: &App = env.app;
        let mut d = Due::default();
        let fail = |e: zhiban::error::Error, d: &mut Due| {
            d.errors.push(app.assets().text.error(&e));
        };
        match app::patrols::biweekly(app) {
            Ok(v) => {
                d.rooms_due = Some(
                    v.iter()
                        .filter(|(_, due)| matches!(due, RoomDue::Overdue { .. }))
                        .count(),
                )
            }
            Err(e) => fail(e, &mut d),
        }
        match app::patrols::open_follow_ups(app) {
            Ok(fu) => d.follow_ups = Some((fu.len(), fu.iter().filter(|(_, o)| *o).count())),
            Err(e) => fail(e, &mut d),
        }
        if app.actor().has(Role::Counsellor) {
            match app::compliance::for_counsellor(app, None) {
                Ok((_, rules)) => {
                    let overdue = rules
                        .iter()
                        .flat_map(|r| &r.findings)
                        .filter(|f| f.state == State::Overdue)
                        .count();
                    let all = rules.iter().map(|r| r.findings.len()).sum();
                    d.todo = Some((overdue, all));
                }
                Err(e) => fail(e, &mut d),
            }
        }
        if app.actor().has(Role::Leader) {
            match desk_alerts(app) {
                Ok(v) => d.desk = v,
                Err(e) => fail(e, &mut d),
            }
        }
        match app::crisis_desk::open_cases(app) {
            Ok(v) => d.open_cases = Some(v),
            Err(e) => fail(e, &mut d),
        }
        match app::crisis::list(app) {
            Ok(cases) => {
                let offset = app.assets().calendar.utc_offset_hours;
                let open = cases.len();
                let mut due: Vec<chrono::NaiveDate> = app::crisis::reviews_due_in(app, cases)
                    .into_iter()
                    .map(|r| zhiban::domain::clock::local_date(r.3, offset))
                    .collect();
                due.sort();
                d.crises = Some((open, due));
            }
            Err(e) => fail(e, &mut d),
        }
        self.due = Some(d);
    }
}

impl Screen for Dashboard {
    fn id(&self) -> ScreenId {
        ScreenId::Dashboard
    }

    fn keys(&self, _app: &App) -> Keys {
        Keys::new(vec![k::GLOBAL])
    }

    fn on_act(&mut self, act: Act, _env: &mut Env<'_>) -> Fx {
        match act {
            Act::Back => vec![Effect::Back],
            _ => Vec::new(),
        }
    }

    fn on_event(&mut self, ev: Event, env: &mut Env<'_>) -> Fx {
        match ev {
            Event::Show => {
                if self.students.is_some() {
                    self.read_due(env);
                }
            }
            Event::StudentsLoaded => {
                self.count_students(env);
                self.read_due(env);
            }
            _ => {}
        }
        Vec::new()
    }

    fn draw(&self, f: &mut Frame<'_>, area: Rect, v: &View<'_>) {
        draw::draw(f, v, self.students.as_ref(), self.due.as_ref(), area);
    }
}

/// What a leader is told about the duty desk, worded: each shift open past
/// its end (officer, desk, when it opened, when it should have ended) and
/// each roster night of the last week no one opened.
fn desk_alerts(app: &App) -> zhiban::error::Result<Vec<String>> {
    use zhiban::app::duty_shift as ds;
    let tx = &app.assets().text;
    let a = ds::alerts(app)?;
    let mut out = Vec::new();
    for s in &a.stale {
        let end = zhiban::domain::clock::from_db(&s.opened_at)
            .map(|o| ds::local_when(app, &zhiban::domain::clock::to_db(ds::rostered_end(app, o))))
            .unwrap_or_default();
        out.push(tx.msg(&zhiban::msg!(
            "cli.duty.stale_line",
            officer = &s.officer,
            location = s.location.as_deref().unwrap_or("—"),
            opened = ds::local_when(app, &s.opened_at),
            end = end
        )));
    }
    for r in &a.unopened {
        out.push(tx.msg(&zhiban::msg!(
            "cli.duty.unopened_line",
            date = &r.date,
            shift = &r.shift,
            officer = &r.officer
        )));
    }
    Ok(out)
}
