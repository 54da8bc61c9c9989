//! Walking a patrol: a room opened (with its draft), left (saved when
//! marked), the keys of a room and of what opens over it, the finish.

use super::*;

impl Patrol {
    /// Opens room `seq` (restoring a draft of it: the one given, else the
    /// latest an earlier session left of this room, which is then taken up
    /// and no longer offered).
    pub(super) fn open_room(
        &mut self,
        pid: i64,
        seq: usize,
        draft: Option<RoomDraft>,
        env: &mut Env<'_>,
    ) -> Fx {
        let mut fx = Vec::new();
        let kept = match draft {
            Some(d) => Some(d),
            None => {
                // drafts of a room are kept under `patrol.room~…` or, set
                // aside on start, `patrol.room~…#…`; the latest of this
                // room not held by another session of this login
                let me = zhiban::app::draft_sessions::SessionTag::this();
                let found = zhiban::app::drafts::left(env.app, &me)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|d| live_slot(&d.form) == ROOM_SLOT)
                    .filter_map(|d| {
                        let r = serde_json::from_str::<RoomDraft>(&d.payload).ok()?;
                        (r.patrol_id == pid && r.seq == seq).then_some((d.form, d.payload, r))
                    })
                    .next_back();
                found.map(|(slot, payload, r)| {
                    fx.push(Effect::TakenUp { slot, payload });
                    r
                })
            }
        };
        match RoomState::open(env.app, pid, seq, kept.as_ref()) {
            Ok(mut st) => {
                if let Some(t) = kept
                    .as_ref()
                    .filter(|d| d.patrol_id == pid && d.seq == seq)
                    .and_then(|d| d.typing.clone())
                {
                    let mut f = match t.kind.as_str() {
                        "patrol.jump" => room::jump_form(env.app),
                        "patrol.add" => room::add_form(env.app),
                        _ => room::note_form(env.app, "", room::about(&st)),
                    };
                    f.restore(&t);
                    st.popup = Some(RoomPopup::Form(f));
                }
                self.view = PatrolView::Room(Box::new(st));
                fx.push(Effect::DraftsChanged);
                fx
            }
            Err(e) => vec![Effect::Error(e)],
        }
    }

    /// Leaves the room in hand: saved when something was marked (or it is
    /// skipped); an untouched room leaves no record. `Err` if saving failed
    /// (the marks stay on screen and in the draft).
    pub(super) fn leave_room(
        &mut self,
        skipped: Option<String>,
        env: &mut Env<'_>,
    ) -> Result<(), Fx> {
        let PatrolView::Room(r) = &self.view else {
            return Ok(());
        };
        if skipped.is_none() && !r.touched() {
            return Ok(());
        }
        r.save(env.app, skipped)
            .map(|_| ())
            .map_err(|e| vec![Effect::Error(e)])
    }

    pub(super) fn go_room(
        &mut self,
        pid: i64,
        to: usize,
        skipped: Option<String>,
        env: &mut Env<'_>,
    ) -> Fx {
        match self.leave_room(skipped, env) {
            Ok(()) => self.open_room(pid, to, None, env),
            Err(fx) => fx,
        }
    }

    pub(super) fn finish(&mut self, pid: i64, env: &mut Env<'_>) -> Fx {
        if let Err(fx) = self.leave_room(None, env) {
            return fx;
        }
        let done = patrols::finish(env.app, pid).and_then(|s| {
            let names = names_of(env.app, &s)?;
            Ok((s, patrols::get(env.app, pid)?, names))
        });
        match done {
            Ok((summary, patrol, names)) => {
                self.view =
                    PatrolView::Summary(Box::new(SummaryState::new(patrol, summary, names)));
                // no room in hand any more: its draft goes
                vec![Effect::DraftsChanged]
            }
            Err(e) => vec![Effect::Error(e)],
        }
    }

    pub(super) fn show_summary(&mut self, pid: i64, env: &mut Env<'_>) -> Fx {
        let read = patrols::summary(env.app, pid).and_then(|s| {
            let names = names_of(env.app, &s)?;
            Ok((s, patrols::get(env.app, pid)?, names))
        });
        match read {
            Ok((summary, patrol, names)) => {
                self.view =
                    PatrolView::Summary(Box::new(SummaryState::new(patrol, summary, names)));
                Vec::new()
            }
            Err(e) => vec![Effect::Error(e)],
        }
    }

    pub(super) fn room_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        let PatrolView::Room(r) = &mut self.view else {
            return Vec::new();
        };
        if matches!(r.popup, Some(RoomPopup::Overview(_))) {
            return self.overview_act(act, env);
        }
        let cl = &env.app.assets().checklist;
        let (pid, seq, total) = (
            r.screen.patrol.id,
            r.screen.seq,
            r.screen.patrol.rooms.len(),
        );
        if let Some(popup) = &mut r.popup {
            match popup {
                RoomPopup::Hazards => {
                    match act {
                        Act::Toggle(n) => {
                            if let Some(h) = cl.hazards.get((n as usize).wrapping_sub(1)) {
                                if !r.hazards.remove(&h.id) {
                                    r.hazards.insert(h.id.clone());
                                }
                                return vec![Effect::DraftsChanged];
                            }
                        }
                        Act::Back | Act::Open => r.popup = None,
                        _ => {}
                    }
                    return Vec::new();
                }
                RoomPopup::Skip(c) => {
                    let n = cl.skip_reasons.len();
                    match act {
                        a if is_move(a) => *c = moved(*c, n, a, n),
                        Act::Toggle(k) => {
                            if (1..=n).contains(&(k as usize)) {
                                *c = k as usize - 1;
                            }
                        }
                        Act::Open => {
                            let reason = cl.skip_reasons.get(*c).cloned().unwrap_or_default();
                            r.popup = None;
                            // skipped: on to the next room (or stay, at the last)
                            return self.go_room(pid, (seq + 1).min(total - 1), Some(reason), env);
                        }
                        Act::Back => r.popup = None,
                        _ => {}
                    }
                    return Vec::new();
                }
                RoomPopup::Overview(_) => return Vec::new(),
                RoomPopup::Form(form) => {
                    let cat = &env.app.assets().text;
                    let (step, fx) = flow::route(form.on_act(act, env.dir, cat), cat);
                    return match step {
                        flow::Step::Stay => fx,
                        flow::Step::Close => {
                            r.popup = None;
                            fx
                        }
                        flow::Step::Save => self.save_room_form(env),
                    };
                }
            }
        }
        let students = r.students();
        match act {
            a if is_move(a) => {
                r.cursor = moved(r.cursor, students.len(), a, 10);
                Vec::new()
            }
            Act::Toggle(n) => match (
                students.get(r.cursor),
                Presence::ALL.get((n as usize).wrapping_sub(1)),
            ) {
                (Some(sid), Some(p)) => {
                    r.marks.insert(*sid, *p);
                    r.cursor = (r.cursor + 1).min(students.len().saturating_sub(1));
                    vec![Effect::DraftsChanged]
                }
                _ => Vec::new(),
            },
            Act::AllPresent => {
                for s in &students {
                    r.marks.entry(*s).or_insert(Presence::Present);
                }
                vec![Effect::DraftsChanged]
            }
            Act::Hygiene => {
                let grades = &cl.hygiene;
                let i = r
                    .hygiene
                    .as_ref()
                    .and_then(|h| grades.iter().position(|x| x == h));
                r.hygiene = match i {
                    None => grades.first().cloned(),
                    Some(i) if i + 1 < grades.len() => Some(grades[i + 1].clone()),
                    Some(_) => None,
                };
                vec![Effect::DraftsChanged]
            }
            // one key a grade: again on the same grade takes it off
            Act::Grade(n) => match cl.hygiene.get((n as usize).wrapping_sub(1)) {
                Some(g) => {
                    r.hygiene = (r.hygiene.as_ref() != Some(g)).then(|| g.clone());
                    vec![Effect::DraftsChanged]
                }
                None => Vec::new(),
            },
            Act::Overview => self.open_overview(env),
            Act::Hazards => {
                r.popup = Some(RoomPopup::Hazards);
                Vec::new()
            }
            Act::Note => {
                r.popup = Some(RoomPopup::Form(room::note_form(
                    env.app,
                    &r.note.clone(),
                    room::about(r),
                )));
                Vec::new()
            }
            Act::Skip => {
                r.popup = Some(RoomPopup::Skip(0));
                Vec::new()
            }
            Act::Jump => {
                r.popup = Some(RoomPopup::Form(room::jump_form(env.app)));
                Vec::new()
            }
            Act::AddStudent => {
                r.popup = Some(RoomPopup::Form(room::add_form(env.app)));
                Vec::new()
            }
            Act::NextRoom if seq + 1 < total => self.go_room(pid, seq + 1, None, env),
            Act::NextRoom => vec![say("patrol.last_room", env.app)],
            Act::PrevRoom if seq > 0 => self.go_room(pid, seq - 1, None, env),
            Act::Finish => self.ask_finish(env),
            Act::Back => match self.leave_room(None, env) {
                // paused: the start view offers to resume
                Ok(()) => {
                    let mut fx = self.start_view(env);
                    fx.push(Effect::DraftsChanged);
                    fx
                }
                Err(fx) => fx,
            },
            _ => Vec::new(),
        }
    }

    pub(super) fn save_room_form(&mut self, env: &mut Env<'_>) -> Fx {
        let PatrolView::Room(r) = &mut self.view else {
            return Vec::new();
        };
        let Some(RoomPopup::Form(form)) = &mut r.popup else {
            return Vec::new();
        };
        let pid = r.screen.patrol.id;
        match form.kind {
            "patrol.jump" => {
                let want = form.value("room");
                match patrols::position_of_room(env.app, pid, &want) {
                    Ok(Some(i)) => {
                        r.popup = None;
                        self.go_room(pid, i, None, env)
                    }
                    Ok(None) => {
                        // a room number not in this walk: say so and stay
                        let text = env
                            .app
                            .assets()
                            .text
                            .f("patrol.no_room", &[("room", &want)]);
                        form.say(text.clone());
                        vec![Effect::Flash { text, error: true }]
                    }
                    Err(e) => vec![Effect::Error(e)],
                }
            }
            "patrol.add" => {
                let cat = &env.app.assets().text;
                let picked = match form.student("student", cat) {
                    Ok(p) => p,
                    Err(inv) => {
                        form.fail(inv);
                        return Vec::new();
                    }
                };
                let Some(v) = env.dir.by_no(&picked.no) else {
                    let text = cat.f("patrol.no_student", &[("no", &picked.no)]);
                    return vec![Effect::Flash { text, error: true }];
                };
                self.add_found(&v, env)
            }
            _ => {
                r.note = form.value("note");
                r.popup = None;
                vec![Effect::DraftsChanged]
            }
        }
    }
}

/// "name 学号" of each student a summary names (absent, back late).
fn names_of(app: &App, s: &Summary) -> zhiban::error::Result<HashMap<i64, String>> {
    s.absent
        .iter()
        .map(|(sid, _, _)| *sid)
        .chain(s.late.iter().map(|(sid, _)| *sid))
        .map(|sid| Ok((sid, zhiban::app::students::name_line(app, sid)?)))
        .collect()
}
