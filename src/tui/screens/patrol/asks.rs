//! The questions a walk asks before doing what cannot be taken back:
//! finishing with rooms not reached (naming how many), and adding a
//! student found here who is of the other gender or lives elsewhere.

use zhiban::app::patrols::Reached;
use zhiban::app::students::StudentView;

use super::*;
use crate::tui::screen::{Ask, AskKind};

/// Finish although rooms are not reached?
pub(super) const FINISH: u32 = 0x9a7_0001;
/// Add the student found here although something is odd about it?
pub(super) const ADD: u32 = 0x9a7_0002;

/// Room numbers named in a question at most.
const NAMED: usize = 5;

impl Patrol {
    /// `F`: finishes at once when every room is reached (the room in hand
    /// counts when it is marked: leaving saves it); else asks, naming how
    /// many are not.
    pub(super) fn ask_finish(&mut self, env: &mut Env<'_>) -> Fx {
        let PatrolView::Room(r) = &self.view else {
            return Vec::new();
        };
        let (pid, here, touched) = (r.screen.patrol.id, r.screen.seq, r.touched());
        let walk = match patrols::walk(env.app, pid) {
            Ok(w) => w,
            Err(e) => return vec![Effect::Error(e)],
        };
        let left: Vec<String> = walk
            .iter()
            .filter(|w| w.reached == Reached::Pending && !(touched && w.seq == here))
            .map(|w| w.number.clone())
            .collect();
        if left.is_empty() {
            return self.finish(pid, env);
        }
        let mut rooms = left
            .iter()
            .take(NAMED)
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        if left.len() > NAMED {
            rooms.push_str(" …");
        }
        let text = env.app.assets().text.f(
            "patrol.ask_finish",
            &[("n", &left.len().to_string()), ("rooms", &rooms)],
        );
        vec![Effect::Ask(Ask {
            tag: FINISH,
            text,
            kind: AskKind::YesNo,
        })]
    }

    /// A student picked in `+`: added at once, or asked about first when
    /// of the other gender than the room or living in another building.
    pub(super) fn add_found(&mut self, v: &StudentView, env: &mut Env<'_>) -> Fx {
        let PatrolView::Room(r) = &mut self.view else {
            return Vec::new();
        };
        let who = (v.id, format!("{} {}", v.name, v.student_no));
        let odd = patrols::found_elsewhere(&r.screen.room, v);
        if odd.is_empty() {
            return self.add_now(who);
        }
        let tx = &env.app.assets().text;
        let why: Vec<String> = odd.iter().map(|m| tx.msg(m)).collect();
        let sep = tx.t("patrol.warn_sep").to_string();
        let text = tx.f(
            "patrol.ask_add",
            &[("why", &why.join(&sep)), ("name", &v.name)],
        );
        r.adding = Some(who);
        vec![Effect::Ask(Ask {
            tag: ADD,
            text,
            kind: AskKind::YesNo,
        })]
    }

    /// Adds a student found here (the form closes; the cursor on them).
    fn add_now(&mut self, who: (i64, String)) -> Fx {
        let PatrolView::Room(r) = &mut self.view else {
            return Vec::new();
        };
        if !r.students().contains(&who.0) {
            r.extra.push(who.clone());
        }
        if let Some(i) = r.students().iter().position(|s| *s == who.0) {
            r.cursor = i;
        }
        r.popup = None;
        r.adding = None;
        vec![Effect::DraftsChanged]
    }

    /// The answer to one of the questions above; `None` if the tag is not theirs.
    pub(super) fn answered(&mut self, tag: u32, act: Act, env: &mut Env<'_>) -> Option<Fx> {
        let PatrolView::Room(r) = &mut self.view else {
            return None;
        };
        match tag {
            FINISH if act == Act::Yes => {
                let pid = r.screen.patrol.id;
                Some(self.finish(pid, env))
            }
            // no: the walk goes on, nothing saved
            FINISH => Some(Vec::new()),
            ADD => match (act, r.adding.take()) {
                (Act::Yes, Some(who)) => Some(self.add_now(who)),
                // no: back to the search, the form still open
                _ => Some(Vec::new()),
            },
            _ => None,
        }
    }
}
