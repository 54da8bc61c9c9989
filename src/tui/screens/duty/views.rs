//! The duty log beyond tonight: past shifts (`h`), search across entries
//! (`s`: text, type, 学号 and dates in one box), the 值班表 (`w`: a week,
//! everyone's or mine), and one shift read in full.

use chrono::{Datelike, Duration, NaiveDate};
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;
use zhiban::app::App;
use zhiban::app::duty_log::{self, Found, ShiftOut};
use zhiban::domain::duty::{RosterDay, parse_query};
use zhiban::error::Result;

use crate::tui::keys::{Act, is_move, moved};
use crate::tui::screen::{Effect, Fx};
use crate::tui::ui::{one_line, type_key};

/// How many days the past-shifts list covers at a time.
pub const PAST_DAYS: i64 = 30;

pub enum DutyView {
    Tonight,
    Shifts(ShiftsView),
    Search(Box<SearchView>),
    Roster(RosterView),
}

pub struct ShiftsView {
    /// The last day of the window shown.
    pub until: NaiveDate,
    /// Newest first.
    pub rows: Vec<ShiftOut>,
    pub cursor: usize,
}

pub struct SearchView {
    pub query: TextArea<'static>,
    pub typing: bool,
    pub found: Vec<Found>,
    pub cursor: usize,
    /// A search was run (an empty list then means nothing matched).
    pub ran: bool,
}

pub struct RosterView {
    pub monday: NaiveDate,
    pub mine: bool,
    pub rows: Vec<RosterDay>,
    /// Each name on the rows with its phone, as the reader may see it
    /// (read with the rows: drawing reads nothing).
    pub phones: std::collections::HashMap<String, String>,
    pub cursor: usize,
}

impl RosterView {
    pub fn shown(&self, me: i64) -> Vec<&RosterDay> {
        self.rows
            .iter()
            .filter(|r| !self.mine || r.officer_id == me)
            .collect()
    }
}

/// One shift open for reading, scrolled.
pub struct Reading {
    pub shift: Box<ShiftOut>,
    pub scroll: u16,
}

fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

fn today(app: &App) -> NaiveDate {
    zhiban::domain::clock::local_date(app.now(), app.assets().calendar.utc_offset_hours)
}

impl DutyView {
    /// A view opened from tonight's desk.
    pub fn open(act: Act, app: &App) -> DutyView {
        match act {
            Act::PastShifts => DutyView::Shifts(ShiftsView {
                until: today(app),
                rows: Vec::new(),
                cursor: 0,
            }),
            Act::SearchLog => DutyView::Search(Box::new(SearchView {
                query: one_line("", app.assets().text.t("duty.search_hint")),
                typing: true,
                found: Vec::new(),
                cursor: 0,
                ran: false,
            })),
            _ => DutyView::Roster(RosterView {
                monday: monday_of(zhiban::app::duty::duty_date(
                    app.now(),
                    app.assets().calendar.utc_offset_hours,
                )),
                mine: false,
                rows: Vec::new(),
                phones: Default::default(),
                cursor: 0,
            }),
        }
    }

    /// (Re)loads the rows of the view.
    pub fn load(&mut self, app: &App) -> Result<()> {
        match self {
            DutyView::Tonight => Ok(()),
            DutyView::Shifts(v) => {
                let from = v.until - Duration::days(PAST_DAYS - 1);
                let mut rows = duty_log::shifts(app, Some(from), Some(v.until))?;
                rows.reverse();
                v.cursor = v.cursor.min(rows.len().saturating_sub(1));
                v.rows = rows;
                Ok(())
            }
            DutyView::Search(v) => {
                let q = parse_query(&v.query.lines().join(" "), today(app));
                if q != Default::default() {
                    v.found = duty_log::search(app, &q)?;
                    v.cursor = 0;
                    v.ran = true;
                    v.typing = v.found.is_empty();
                }
                Ok(())
            }
            DutyView::Roster(v) => {
                v.rows = zhiban::app::duty::roster(app, v.monday, v.monday + Duration::days(6))?;
                v.phones.clear();
                for r in &v.rows {
                    for name in std::iter::once(&r.officer).chain(r.leader.as_ref()) {
                        if !v.phones.contains_key(name)
                            && let Some(p) = zhiban::app::duty_shift::phone_of(app, name)?
                        {
                            v.phones.insert(name.clone(), p);
                        }
                    }
                }
                v.cursor = 0;
                Ok(())
            }
        }
    }

    /// A key over the view. `Ok(Some(id))`: open shift `id` for reading;
    /// `Err(())`: back to tonight.
    pub fn act(&mut self, act: Act, app: &App) -> (Option<i64>, bool, Fx) {
        let me = app.actor().id;
        let mut open = None;
        let mut reload = false;
        let mut back = false;
        match (&mut *self, act) {
            (DutyView::Tonight, _) => {}
            (DutyView::Search(v), Act::Back) if v.typing && v.ran => v.typing = false,
            (_, Act::Back) => back = true,
            (DutyView::Search(v), Act::Open) if v.typing => reload = true,
            (DutyView::Search(v), Act::SearchLog) => v.typing = true,
            (DutyView::Search(v), Act::Open) => open = v.found.get(v.cursor).map(|f| f.shift_id),
            (DutyView::Shifts(v), Act::Open) => open = v.rows.get(v.cursor).map(|s| s.shift_id),
            (DutyView::Shifts(v), Act::Earlier | Act::Later) => {
                let step = Duration::days(PAST_DAYS);
                v.until = if act == Act::Earlier {
                    v.until - step
                } else {
                    v.until + step
                };
                v.cursor = 0;
                reload = true;
            }
            (DutyView::Roster(v), Act::Earlier | Act::Later) => {
                let step = Duration::days(7);
                v.monday = if act == Act::Earlier {
                    v.monday - step
                } else {
                    v.monday + step
                };
                reload = true;
            }
            (DutyView::Roster(v), Act::Mine) => {
                v.mine = !v.mine;
                v.cursor = 0;
            }
            (view, a) if is_move(a) => {
                let (cursor, n) = match view {
                    DutyView::Shifts(v) => (&mut v.cursor, v.rows.len()),
                    DutyView::Search(v) => (&mut v.cursor, v.found.len()),
                    DutyView::Roster(v) => {
                        let n = v.shown(me).len();
                        (&mut v.cursor, n)
                    }
                    DutyView::Tonight => return (None, false, Vec::new()),
                };
                *cursor = moved(*cursor, n, a, 10);
            }
            _ => {}
        }
        let mut fx = Vec::new();
        if reload {
            if let Err(e) = self.load(app) {
                fx.push(Effect::Error(e));
            }
        }
        (open, back, fx)
    }

    pub fn typing(&self) -> bool {
        matches!(self, DutyView::Search(v) if v.typing)
    }

    pub fn type_key(&mut self, ev: KeyEvent) {
        if let DutyView::Search(v) = self {
            type_key(&mut v.query, ev);
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let DutyView::Search(v) = self {
            v.query.insert_str(text.replace(['\r', '\n'], " "));
        }
    }
}

impl Reading {
    pub fn act(&mut self, act: Act) -> bool {
        match act {
            Act::Back => return false,
            Act::Up => self.scroll = self.scroll.saturating_sub(1),
            Act::Down => self.scroll = self.scroll.saturating_add(1),
            Act::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Act::PageDown => self.scroll = self.scroll.saturating_add(10),
            Act::Top => self.scroll = 0,
            Act::Bottom => self.scroll = u16::MAX / 2,
            _ => {}
        }
        true
    }
}
