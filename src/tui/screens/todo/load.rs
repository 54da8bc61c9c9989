//! Reading what screen 4 shows, by role: a counsellor's 待办 (with the
//! leaders' 督办 at the top), the counsellor a leader chose (督办 marked),
//! a leader's college per counsellor, a specialist's roster, or, for a
//! role with no list here, where their work is.

use zhiban::app::compliance::{self, Counts, FindingOut};
use zhiban::app::policy::{Action, Kind, Relation, allows};
use zhiban::app::rosters::{self, Roster};
use zhiban::app::{App, aid, reminders};
use zhiban::domain::staff::Role;

use super::roster::List;
use super::{FILTERS, Todo};
use crate::tui::screen::{Effect, Fx};

impl Todo {
    /// Reads the 待办 of the actor (or of the counsellor a leader chose),
    /// the college, or the role's roster.
    pub(super) fn refresh(&mut self, app: &mut App) -> Fx {
        let chosen = self.who.as_ref().map(|w| w.0.clone());
        self.failed = None;
        self.college = None;
        self.roster = None;
        self.elsewhere = None;
        let is_counsellor = app.actor().has(Role::Counsellor);
        if chosen.is_none() && !is_counsellor {
            self.who = None;
            self.all.clear();
            self.lines.clear();
            self.pressed.clear();
            let may_college = allows(
                app.actor(),
                Kind::Compliance,
                Action::View,
                Relation::InScope,
            );
            if !may_college {
                return self.role_list(app);
            }
            return match compliance::college(app, None) {
                Ok(c) => {
                    self.cursor = self.cursor.min(c.counsellors.len().saturating_sub(1));
                    self.college = Some(c);
                    Vec::new()
                }
                Err(e) => self.fail(e, app),
            };
        }
        match compliance::for_counsellor(app, chosen.as_deref()) {
            Ok((who, rules)) => {
                let mut lines = compliance::todo_lines(app, &rules);
                self.counts = Counts::of(&lines);
                // the 督办 still open (those met are closed here)
                self.pressed = match reminders::sync(app, chosen.as_deref(), &lines) {
                    Ok(p) => p,
                    Err(e) => return self.fail(e, app),
                };
                if chosen.is_none() {
                    // crisis reviews due (seed 004: within a month of the acute phase)
                    match zhiban::app::crisis::reviews_due(app) {
                        Ok(due) => {
                            let offset = app.assets().calendar.utc_offset_hours;
                            let today = app.today();
                            for (id, kind, students, due) in due {
                                let due = zhiban::domain::clock::local_date(due, offset);
                                lines.insert(
                                    0,
                                    FindingOut {
                                        rule: "crisis.review".into(),
                                        title: String::new(),
                                        state: if due < today { "overdue" } else { "due" },
                                        subject: format!("#{id} {kind} {students}"),
                                        student_no: None,
                                        class: None,
                                        due: Some(due.to_string()),
                                        detail: app
                                            .assets()
                                            .text
                                            .t("todo.crisis_review")
                                            .to_string(),
                                        building: None,
                                    },
                                );
                            }
                        }
                        Err(e) => return self.fail(e, app),
                    }
                    // the leaders' 督办 first: what they asked for
                    let tx = &app.assets().text;
                    for r in self.pressed.iter().rev() {
                        let mut l = r.as_line();
                        l.detail = tx.f(
                            "todo.pressed_by",
                            &[
                                ("by", &r.by),
                                ("at", &r.at),
                                (
                                    "note",
                                    &r.note
                                        .as_deref()
                                        .map(|n| format!("：{n}"))
                                        .unwrap_or_default(),
                                ),
                            ],
                        );
                        lines.insert(0, l);
                    }
                }
                self.all = lines;
                self.apply_filter();
                self.who = Some((who.login, who.name));
                Vec::new()
            }
            Err(e) => self.fail(e, app),
        }
    }

    /// A role without a college view: its own roster, or where its work is.
    fn role_list(&mut self, app: &App) -> Fx {
        let list = match Roster::of_actor(app) {
            Some(Roster::KeyConcern) => {
                rosters::roster(app, Roster::KeyConcern).map(List::KeyConcern)
            }
            // the aid specialist's, with this year's visits and growth file
            Some(Roster::Financial) => aid::roster(app).map(|mut rows| {
                super::aid_list::order(&mut rows);
                List::Aid(rows)
            }),
            None => {
                self.elsewhere = Some(if app.actor().has(Role::DutyOfficer) {
                    "todo.elsewhere_duty"
                } else {
                    "todo.elsewhere"
                });
                return Vec::new();
            }
        };
        match list {
            Ok(list) => {
                self.cursor = self.cursor.min(list.len().saturating_sub(1));
                self.roster = Some(list);
                Vec::new()
            }
            Err(e) => self.fail(e, app),
        }
    }

    /// The lines of the kind chosen with `f`, the cursor kept in range.
    pub(super) fn apply_filter(&mut self) {
        let kind = FILTERS[self.filter % FILTERS.len()];
        self.lines = self
            .all
            .iter()
            .filter(|l| kind == "all" || compliance::kind_of(&l.rule) == kind)
            .cloned()
            .collect();
        self.cursor = self.cursor.min(self.lines.len().saturating_sub(1));
    }

    pub(super) fn fail(&mut self, e: zhiban::error::Error, app: &App) -> Fx {
        self.all.clear();
        self.lines.clear();
        self.failed = Some(app.assets().text.error(&e));
        vec![Effect::Error(e)]
    }
}
