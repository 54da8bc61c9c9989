//! One room of a patrol: who is in (one key per student), hygiene, hazards,
//! a note, students found here without a bed; leaving the room saves it in
//! one commit. The marks of the room in hand are a draft at most a second
//! behind, so a dropped connection comes back to this room with its marks.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use zhiban::app::App;
use zhiban::app::patrols::{self, RoomMarks, RoomScreen};
use zhiban::domain::clock::{from_db, to_db};
use zhiban::domain::patrol::{HazardMark, Presence, PresenceMark};
use zhiban::error::Result;

use crate::tui::form::{Form, FormDraft};

pub enum RoomPopup {
    Hazards,
    Skip(usize),
    /// The rooms of the walk, floor by floor.
    Overview(super::overview::Overview),
    /// The note, a room number to go to, or a student to add.
    Form(Form),
}

pub struct RoomState {
    pub screen: RoomScreen,
    pub cursor: usize,
    pub marks: HashMap<i64, Presence>,
    pub hygiene: Option<String>,
    pub hazards: BTreeSet<String>,
    pub note: String,
    pub entered_at: DateTime<Utc>,
    pub popup: Option<RoomPopup>,
    /// Students found here who have no bed in this room: (id, "name 学号").
    pub extra: Vec<(i64, String)>,
    /// A student picked in `+`, waiting for the answer to "add anyway?".
    pub adding: Option<(i64, String)>,
}

/// The room in hand, as a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomDraft {
    pub patrol_id: i64,
    pub seq: usize,
    pub entered_at: String,
    pub marks: Vec<(i64, String)>,
    pub hygiene: Option<String>,
    pub hazards: Vec<String>,
    pub note: String,
    #[serde(default)]
    pub extra: Vec<(i64, String)>,
    /// A form open over the room (the note being written).
    #[serde(default)]
    pub typing: Option<FormDraft>,
    /// "building room", for the offer on start.
    #[serde(default)]
    pub room: String,
    #[serde(default)]
    pub total: usize,
}

impl RoomState {
    /// Room `seq` of a patrol: as saved before (a re-visit), or as a draft
    /// left it (a resume).
    pub fn open(
        app: &App,
        patrol_id: i64,
        seq: usize,
        draft: Option<&RoomDraft>,
    ) -> Result<RoomState> {
        let screen = patrols::room(app, patrol_id, seq)?;
        let mut st = RoomState {
            cursor: 0,
            marks: HashMap::new(),
            hygiene: None,
            hazards: BTreeSet::new(),
            note: String::new(),
            entered_at: app.now(),
            popup: None,
            extra: Vec::new(),
            adding: None,
            screen,
        };
        if let Some(c) = &st.screen.current {
            st.marks = c
                .presence
                .iter()
                .map(|m| (m.student_id, m.status))
                .collect();
            for m in c.presence.iter().filter(|m| !m.in_roster) {
                let who = zhiban::app::students::name_line(app, m.student_id)?;
                st.extra.push((m.student_id, who));
            }
            st.hygiene = c.hygiene.clone();
            st.hazards = c.hazards.iter().map(|h| h.mark.hazard.clone()).collect();
            st.note = c.note.clone().unwrap_or_default();
        }
        if let Some(d) = draft.filter(|d| d.patrol_id == patrol_id && d.seq == seq) {
            st.marks = d
                .marks
                .iter()
                .filter_map(|(s, c)| Presence::from_code(c).map(|p| (*s, p)))
                .collect();
            st.hygiene = d.hygiene.clone();
            st.hazards = d.hazards.iter().cloned().collect();
            st.note = d.note.clone();
            st.extra = d.extra.clone();
            st.entered_at = from_db(&d.entered_at).unwrap_or(st.entered_at);
        }
        Ok(st)
    }

    /// Students of the room in bed order, then those found here without a bed.
    pub fn students(&self) -> Vec<i64> {
        let mut v: Vec<i64> = self
            .screen
            .beds
            .iter()
            .filter_map(|b| b.student.as_ref().map(|s| s.id))
            .collect();
        v.extend(self.extra.iter().map(|(id, _)| *id));
        v
    }

    /// Has anything been marked?
    pub fn touched(&self) -> bool {
        !self.marks.is_empty()
            || self.hygiene.is_some()
            || !self.hazards.is_empty()
            || !self.note.is_empty()
    }

    pub fn name(&self) -> String {
        format!(
            "{} {}",
            self.screen.patrol.building, self.screen.room.number
        )
    }

    pub fn draft(&self) -> RoomDraft {
        let mut marks: Vec<(i64, String)> = self
            .marks
            .iter()
            .map(|(s, p)| (*s, p.code().to_string()))
            .collect();
        marks.sort();
        RoomDraft {
            patrol_id: self.screen.patrol.id,
            seq: self.screen.seq,
            entered_at: to_db(self.entered_at),
            marks,
            hygiene: self.hygiene.clone(),
            hazards: self.hazards.iter().cloned().collect(),
            note: self.note.clone(),
            extra: self.extra.clone(),
            typing: match &self.popup {
                Some(RoomPopup::Form(f)) => f.draft(),
                _ => None,
            },
            room: self.name(),
            total: self.screen.patrol.rooms.len(),
        }
    }

    /// Saves the room (skipped with a reason, or as marked).
    pub fn save(&self, app: &mut App, skipped: Option<String>) -> Result<i64> {
        let skip = skipped.is_some();
        let marks = RoomMarks {
            entered_at: Some(self.entered_at),
            hygiene: if skip { None } else { self.hygiene.clone() },
            note: Some(self.note.clone()),
            presence: if skip {
                Vec::new()
            } else {
                self.students()
                    .into_iter()
                    .filter_map(|s| {
                        // found here without a bed in this room
                        let in_roster = !self.extra.iter().any(|(id, _)| *id == s);
                        self.marks.get(&s).map(|p| PresenceMark {
                            student_id: s,
                            status: *p,
                            note: None,
                            in_roster,
                        })
                    })
                    .collect()
            },
            hazards: if skip {
                Vec::new()
            } else {
                self.hazards
                    .iter()
                    .map(|h| HazardMark {
                        hazard: h.clone(),
                        note: None,
                    })
                    .collect()
            },
            skipped_reason: skipped,
        };
        patrols::save_room(app, self.screen.patrol.id, self.screen.seq, &marks)
    }
}

/// The forms over a room.
pub fn note_form(app: &App, note: &str, about: serde_json::Value) -> Form {
    let tx = &app.assets().text;
    Form::new("patrol.note", tx.s("patrol.note"))
        .text("note", tx.s("patrol.note"), note, 3)
        .enter_saves()
        .width(50)
        .about(about)
}

pub fn jump_form(app: &App) -> Form {
    let tx = &app.assets().text;
    Form::new("patrol.jump", tx.s("patrol.jump"))
        .line("room", tx.s("patrol.room_no"), "", "")
        .enter_saves()
        .width(50)
}

pub fn add_form(app: &App) -> Form {
    let tx = &app.assets().text;
    Form::new("patrol.add", tx.s("patrol.add_student"))
        .students(
            "student",
            tx.s("form.student"),
            false,
            tx.t("form.student_hint"),
        )
        .enter_saves()
        .width(56)
}

/// What a room's draft is about, for the forms over it.
pub fn about(st: &RoomState) -> serde_json::Value {
    json!({"patrol": st.screen.patrol.id, "seq": st.screen.seq})
}
