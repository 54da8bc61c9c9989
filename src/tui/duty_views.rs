//! The duty log beyond tonight: past shifts (`h`), search across entries
//! (`s`: text, type, 学号 and dates in one box), the 值班表 (`w`: a week,
//! everyone's or mine), and one shift read in full.

use chrono::{Datelike, Duration, NaiveDate};
use ratatui_textarea::TextArea;

use super::keys::Act;
use super::model::Model;
use zhiban::app::duty_log::{self, Found, ShiftOut};
use zhiban::domain::duty::RosterDay;
use zhiban::domain::duty::parse_query;

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

impl Model {
    fn today(&self) -> NaiveDate {
        zhiban::domain::clock::local_date(
            self.app.now(),
            self.app.assets().calendar.utc_offset_hours,
        )
    }

    /// Opens a view from tonight's screen.
    pub(crate) fn duty_view(&mut self, act: Act) {
        let today = self.today();
        let view = match act {
            Act::PastShifts => DutyView::Shifts(ShiftsView {
                until: today,
                rows: Vec::new(),
                cursor: 0,
            }),
            Act::SearchLog => {
                let mut query = TextArea::default();
                query.set_cursor_line_style(ratatui::style::Style::default());
                query.set_placeholder_text(self.t("duty.search_hint").to_string());
                DutyView::Search(Box::new(SearchView {
                    query,
                    typing: true,
                    found: Vec::new(),
                    cursor: 0,
                    ran: false,
                }))
            }
            _ => DutyView::Roster(RosterView {
                monday: monday_of(zhiban::app::duty::duty_date(
                    self.app.now(),
                    self.app.assets().calendar.utc_offset_hours,
                )),
                mine: false,
                rows: Vec::new(),
                cursor: 0,
            }),
        };
        if let Some(d) = self.duty.as_mut() {
            d.view = view;
        }
        self.view_load();
    }

    /// (Re)loads the rows of the view on screen.
    fn view_load(&mut self) {
        let Some(d) = self.duty.as_ref() else { return };
        let r: zhiban::error::Result<()> = match &d.view {
            DutyView::Tonight => Ok(()),
            DutyView::Shifts(v) => {
                let from = v.until - Duration::days(PAST_DAYS - 1);
                duty_log::shifts(&self.app, Some(from), Some(v.until)).map(|mut rows| {
                    rows.reverse();
                    if let Some(DutyView::Shifts(v)) = self.duty.as_mut().map(|d| &mut d.view) {
                        v.cursor = v.cursor.min(rows.len().saturating_sub(1));
                        v.rows = rows;
                    }
                })
            }
            DutyView::Search(v) => {
                let q = parse_query(&v.query.lines().join(" "), self.today());
                if q == Default::default() {
                    Ok(())
                } else {
                    duty_log::search(&self.app, &q).map(|found| {
                        if let Some(DutyView::Search(v)) = self.duty.as_mut().map(|d| &mut d.view) {
                            v.found = found;
                            v.cursor = 0;
                            v.ran = true;
                            v.typing = v.found.is_empty();
                        }
                    })
                }
            }
            DutyView::Roster(v) => {
                zhiban::app::duty::roster(&self.app, v.monday, v.monday + Duration::days(6)).map(
                    |rows| {
                        if let Some(DutyView::Roster(v)) = self.duty.as_mut().map(|d| &mut d.view) {
                            v.rows = rows;
                            v.cursor = 0;
                        }
                    },
                )
            }
        };
        if let Err(e) = r {
            self.flash_err(&e);
        }
    }

    /// Keys over a view (not tonight's log).
    pub(crate) fn view_act(&mut self, act: Act) {
        let me = self.app.actor().id;
        let Some(d) = self.duty.as_mut() else { return };
        if let Some(r) = &mut d.reading {
            match act {
                Act::Back => d.reading = None,
                Act::Up => r.scroll = r.scroll.saturating_sub(1),
                Act::Down => r.scroll = r.scroll.saturating_add(1),
                Act::PageUp => r.scroll = r.scroll.saturating_sub(10),
                Act::PageDown => r.scroll = r.scroll.saturating_add(10),
                _ => {}
            }
            return;
        }
        let mut open: Option<i64> = None;
        let mut reload = false;
        match (&mut d.view, act) {
            (DutyView::Tonight, _) => {}
            (DutyView::Search(v), Act::Back) if v.typing && v.ran => v.typing = false,
            (_, Act::Back) => d.view = DutyView::Tonight,
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
            (view, Act::Up | Act::Down) => {
                let (cursor, n) = match view {
                    DutyView::Shifts(v) => (&mut v.cursor, v.rows.len()),
                    DutyView::Search(v) => (&mut v.cursor, v.found.len()),
                    DutyView::Roster(v) => {
                        let n = v.shown(me).len();
                        (&mut v.cursor, n)
                    }
                    DutyView::Tonight => return,
                };
                *cursor = if act == Act::Up {
                    cursor.saturating_sub(1)
                } else {
                    (*cursor + 1).min(n.saturating_sub(1))
                };
            }
            _ => {}
        }
        if reload {
            self.view_load();
        }
        if let Some(id) = open {
            self.read_shift(id);
        }
    }

    /// Opens one shift for reading (audit-logged when it shows sensitive
    /// text written by someone else).
    fn read_shift(&mut self, id: i64) {
        match duty_log::open_shift(&mut self.app, id) {
            Ok(s) => {
                if let Some(d) = self.duty.as_mut() {
                    d.reading = Some(Reading {
                        shift: Box::new(s),
                        scroll: 0,
                    });
                }
            }
            Err(e) => self.flash_err(&e),
        }
    }

    /// Text typed into the search box.
    pub(crate) fn view_type(&mut self, ev: ratatui::crossterm::event::KeyEvent) {
        if let Some(DutyView::Search(v)) = self.duty.as_mut().map(|d| &mut d.view) {
            v.query.input(ev);
        }
    }

    pub(crate) fn view_paste(&mut self, text: &str) {
        if let Some(DutyView::Search(v)) = self.duty.as_mut().map(|d| &mut d.view) {
            v.query.insert_str(text.replace(['\r', '\n'], " "));
        }
    }
}
