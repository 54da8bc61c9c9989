//! The keys of the 查寝 start view: a building, the scope and kind, the
//! to-do list, and the forms that close a follow-up or report a hazard.

use super::*;

impl Patrol {
    pub(super) fn start_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        let PatrolView::Start(s) = &mut self.view else {
            return Vec::new();
        };
        let cat = &env.app.assets().text;
        if let Some(form) = s.form.as_mut() {
            let (step, fx) = flow::route(form.on_act(act, env.dir, cat), cat);
            return match step {
                flow::Step::Stay => fx,
                flow::Step::Close => {
                    s.form = None;
                    fx
                }
                flow::Step::Save => self.save_start_form(env),
            };
        }
        let walker = affordances::patrols(env.app);
        if !s.on_todo
            && !walker
            && matches!(
                act,
                Act::Open | Act::CycleScope | Act::CycleKind | Act::EditFloors | Act::Resume
            )
        {
            return vec![warn("patrol.not_for_role", env.app)];
        }
        if s.on_todo {
            return match act {
                a if is_move(a) => {
                    s.todo_cursor = moved(s.todo_cursor, s.todo.len(), a, 10);
                    Vec::new()
                }
                Act::NextField | Act::Back => {
                    s.on_todo = false;
                    Vec::new()
                }
                Act::Open => {
                    let Some(item) = s.todo.get(s.todo_cursor).cloned() else {
                        return Vec::new();
                    };
                    s.form = Some(start::todo_form(env.app, &item));
                    // the numbers to reach the student by (issue 14)
                    let (contacts, fx) = super::follow_up::contacts_for(env, &item);
                    s.contacts = contacts;
                    fx
                }
                _ => Vec::new(),
            };
        }
        match act {
            a if is_move(a) => {
                s.cursor = moved(s.cursor, s.buildings.len(), a, 10);
                Vec::new()
            }
            Act::History => match patrols::history(env.app, 30) {
                Ok(rows) => {
                    self.view = PatrolView::History(Box::new(HistoryState { rows, cursor: 0 }));
                    Vec::new()
                }
                Err(e) => vec![Effect::Error(e)],
            },
            Act::NextField => {
                s.on_todo = !s.todo.is_empty();
                Vec::new()
            }
            Act::CycleScope => {
                s.scope = (s.scope + 1) % start::SCOPES.len();
                if s.scope == 1 {
                    s.form = Some(start::floors_form(env.app, &s.floors));
                }
                Vec::new()
            }
            Act::EditFloors => {
                s.scope = 1;
                s.form = Some(start::floors_form(env.app, &s.floors));
                Vec::new()
            }
            Act::CycleKind => {
                s.kind = (s.kind + 1) % PatrolKind::ALL.len();
                Vec::new()
            }
            Act::Resume => match s.unfinished.clone() {
                Some(p) => self.open_room(p.id, p.position as usize, None, env),
                None => Vec::new(),
            },
            Act::Open => {
                let Some(bid) = s.buildings.get(s.cursor).map(|b| b.0) else {
                    return vec![warn("patrol.no_buildings", env.app)];
                };
                let scope = match s.scope {
                    0 => Scope::Building,
                    1 => {
                        let floors = s.floor_numbers();
                        if floors.is_empty() {
                            s.form = Some(start::floors_form(env.app, &s.floors));
                            return vec![warn("patrol.floors_hint", env.app)];
                        }
                        Scope::Floors(floors)
                    }
                    _ => Scope::MyStudents,
                };
                let kind = s.kind();
                match patrols::start(env.app, bid, scope, kind) {
                    Ok(pid) => self.open_room(pid, 0, None, env),
                    Err(e) => vec![Effect::Error(e)],
                }
            }
            Act::Back => vec![Effect::Back],
            _ => Vec::new(),
        }
    }

    pub(super) fn save_start_form(&mut self, env: &mut Env<'_>) -> Fx {
        let PatrolView::Start(s) = &mut self.view else {
            return Vec::new();
        };
        let Some(form) = s.form.as_mut() else {
            return Vec::new();
        };
        if form.kind == "patrol.floors" {
            s.floors = form.value("floors");
            s.form = None;
            return vec![Effect::DraftsChanged];
        }
        let Some(close) = start::todo_outcome(env.app, form) else {
            return Vec::new();
        };
        // a follow-up closed: (its id, who, its note) for the entries linked
        let mut linked = None;
        let (r, key) = match close {
            Close::FollowUp(id, o) => {
                let who = form
                    .about
                    .get("who")
                    .and_then(|w| w.as_str())
                    .unwrap_or("")
                    .to_string();
                linked = Some((id, who, super::follow_up::note_of(&o)));
                (patrols::close_follow_up(env.app, id, o), "patrol.closed")
            }
            Close::Hazard(id, to) => (patrols::report_hazard(env.app, id, &to), "patrol.reported"),
        };
        match r {
            Ok(()) => {
                let mut fx = self.start_view(env);
                if let PatrolView::Start(s) = &mut self.view {
                    s.on_todo = !s.todo.is_empty();
                }
                fx.push(say(key, env.app));
                fx.push(Effect::DraftsChanged);
                if let Some((id, who, note)) = linked {
                    fx.extend(self.offer_entries(id, &who, note, env));
                }
                fx
            }
            Err(e) => {
                let text = env.app.assets().text.error(&e);
                if let Some(f) = s.form.as_mut() {
                    f.say(text);
                }
                vec![Effect::Error(e)]
            }
        }
    }
}
