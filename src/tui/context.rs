//! The contexts a key can arrive in, each with its key tables, and which
//! context the interface is in.

use super::keys::{self, Binding};
use super::model::{Model, Overlay, ScreenId};

/// The contexts a key can arrive in; each has its key tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    Tiny,
    Help,
    Confirm,
    FlagList,
    FlagLevel,
    FlagText,
    Searching,
    Detail,
    List,
    Plain,
    PatrolStart,
    PatrolFloors,
    PatrolRoom,
    PatrolHazards,
    PatrolSkip,
    PatrolText,
    PatrolSummary,
    PatrolTodo,
    PatrolTodoText,
    PatrolOutcome,
    PatrolHistory,
    DutyMain,
    DutyChoice,
    DutyText,
    DutyEntry,
    DutyEntryWho,
    DutyShifts,
    DutyResults,
    DutyRoster,
    DutyQuery,
    DutyRead,
    Todo,
    RecordLine,
    RecordText,
    RecordChoice,
    RecordStudent,
    CrisisList,
    CrisisStep,
    CrisisText,
    CrisisChoice,
    CrisisScreen,
}

impl Ctx {
    pub fn tables(self) -> Vec<&'static [Binding]> {
        use keys::*;
        match self {
            Ctx::Tiny => vec![TINY],
            Ctx::Help => vec![HELP],
            Ctx::Confirm => vec![CONFIRM],
            Ctx::FlagList => vec![FLAG_LIST],
            Ctx::FlagLevel => vec![FLAG_LEVEL, FLAG_FORM],
            Ctx::FlagText => vec![FLAG_FORM],
            Ctx::Searching => vec![SEARCHING],
            Ctx::Detail => vec![DETAIL, GLOBAL],
            Ctx::List => vec![LIST, GLOBAL],
            Ctx::Plain => vec![GLOBAL],
            Ctx::PatrolStart => vec![PATROL_START, GLOBAL],
            Ctx::PatrolFloors => vec![PATROL_FLOORS],
            Ctx::PatrolRoom => vec![PATROL_ROOM],
            Ctx::PatrolHazards => vec![PATROL_HAZARDS],
            Ctx::PatrolSkip => vec![PATROL_SKIP],
            Ctx::PatrolText => vec![PATROL_TEXT],
            Ctx::PatrolSummary => vec![PATROL_SUMMARY, GLOBAL],
            Ctx::PatrolTodo => vec![PATROL_TODO, GLOBAL],
            Ctx::PatrolTodoText => vec![PATROL_TODO_FORM],
            Ctx::PatrolOutcome => vec![PATROL_OUTCOME, PATROL_TODO_FORM],
            Ctx::PatrolHistory => vec![PATROL_HISTORY, GLOBAL],
            Ctx::DutyMain => vec![DUTY_MAIN, GLOBAL],
            Ctx::DutyChoice => vec![CHOICE],
            Ctx::DutyText => vec![DUTY_TEXT],
            Ctx::DutyEntry => vec![DUTY_ENTRY],
            Ctx::DutyEntryWho => vec![DUTY_ENTRY_WHO, DUTY_ENTRY],
            Ctx::DutyShifts => vec![DUTY_MOVE, DUTY_SHIFTS, GLOBAL],
            Ctx::DutyResults => vec![DUTY_MOVE, DUTY_RESULTS, GLOBAL],
            Ctx::DutyRoster => vec![DUTY_MOVE, DUTY_ROSTER, GLOBAL],
            Ctx::DutyQuery => vec![DUTY_QUERY],
            Ctx::DutyRead => vec![DUTY_READ, GLOBAL],
            Ctx::Todo => vec![TODO_MAIN, GLOBAL],
            Ctx::RecordLine => vec![RECORD_LINE, RECORD_FORM],
            Ctx::RecordText => vec![RECORD_FORM],
            Ctx::RecordChoice => vec![RECORD_CHOICE, RECORD_FORM],
            Ctx::RecordStudent => vec![RECORD_STUDENT, RECORD_FORM],
            Ctx::CrisisList => vec![CRISIS_LIST, GLOBAL],
            Ctx::CrisisStep => vec![CRISIS_STEP],
            Ctx::CrisisText => vec![CRISIS_TEXT],
            Ctx::CrisisChoice => vec![CHOICE],
            Ctx::CrisisScreen => vec![CRISIS_SCREEN],
        }
    }
    /// Keys not in the tables are typed into a text field.
    pub fn typing(self) -> bool {
        matches!(
            self,
            Ctx::Searching
                | Ctx::FlagText
                | Ctx::PatrolFloors
                | Ctx::PatrolText
                | Ctx::PatrolTodoText
                | Ctx::DutyText
                | Ctx::DutyEntry
                | Ctx::DutyEntryWho
                | Ctx::DutyQuery
                | Ctx::RecordLine
                | Ctx::RecordText
                | Ctx::RecordStudent
                | Ctx::CrisisText
        )
    }
    pub fn crisis(self) -> bool {
        matches!(
            self,
            Ctx::CrisisList
                | Ctx::CrisisStep
                | Ctx::CrisisText
                | Ctx::CrisisChoice
                | Ctx::CrisisScreen
        )
    }
    pub fn todo(self) -> bool {
        matches!(
            self,
            Ctx::Todo | Ctx::RecordLine | Ctx::RecordText | Ctx::RecordChoice | Ctx::RecordStudent
        )
    }
    pub fn duty(self) -> bool {
        matches!(
            self,
            Ctx::DutyMain
                | Ctx::DutyChoice
                | Ctx::DutyText
                | Ctx::DutyEntry
                | Ctx::DutyEntryWho
                | Ctx::DutyShifts
                | Ctx::DutyResults
                | Ctx::DutyRoster
                | Ctx::DutyQuery
                | Ctx::DutyRead
        )
    }
    pub fn patrol(self) -> bool {
        matches!(
            self,
            Ctx::PatrolStart
                | Ctx::PatrolFloors
                | Ctx::PatrolRoom
                | Ctx::PatrolHazards
                | Ctx::PatrolSkip
                | Ctx::PatrolText
                | Ctx::PatrolSummary
                | Ctx::PatrolTodo
                | Ctx::PatrolTodoText
                | Ctx::PatrolOutcome
                | Ctx::PatrolHistory
        )
    }
}

impl Model {
    pub fn context(&self) -> Ctx {
        self.context_with(&self.overlays)
    }

    /// The context under a help overlay: the keys the help describes.
    pub fn context_below_help(&self) -> Ctx {
        match self.overlays.last() {
            Some(Overlay::Help) => self.context_with(&self.overlays[..self.overlays.len() - 1]),
            _ => self.context(),
        }
    }

    fn context_with(&self, overlays: &[Overlay]) -> Ctx {
        if self.too_small() {
            return Ctx::Tiny;
        }
        match overlays.last() {
            Some(Overlay::Help) => return Ctx::Help,
            Some(Overlay::Confirm(_)) => return Ctx::Confirm,
            Some(Overlay::Flags(ed)) => {
                return match &ed.form {
                    None => Ctx::FlagList,
                    Some(f) if f.focus == 0 => Ctx::FlagLevel,
                    Some(_) => Ctx::FlagText,
                };
            }
            None => {}
        }
        if self.screen == ScreenId::Duty {
            return self.duty.as_ref().map_or(Ctx::DutyMain, |d| d.context());
        }
        if self.screen == ScreenId::Talks {
            return self.todo.as_ref().map_or(Ctx::Todo, |t| t.context());
        }
        if self.screen == ScreenId::Crisis {
            return self
                .crisis
                .as_ref()
                .map_or(Ctx::CrisisList, |c| c.context());
        }
        if self.screen == ScreenId::Patrol {
            use super::patrol::{PatrolUi, RoomPopup};
            return match &self.patrol {
                Some(PatrolUi::Start(s)) if s.form.as_ref().is_some_and(|f| f.field == 0) => {
                    Ctx::PatrolOutcome
                }
                Some(PatrolUi::Start(s)) if s.form.is_some() => Ctx::PatrolTodoText,
                Some(PatrolUi::Start(s)) if s.on_todo => Ctx::PatrolTodo,
                Some(PatrolUi::Start(s)) if s.editing_floors => Ctx::PatrolFloors,
                Some(PatrolUi::Start(_)) | None => Ctx::PatrolStart,
                Some(PatrolUi::Room(r)) => match &r.popup {
                    None => Ctx::PatrolRoom,
                    Some(RoomPopup::Hazards) => Ctx::PatrolHazards,
                    Some(RoomPopup::Skip(_)) => Ctx::PatrolSkip,
                    Some(RoomPopup::Note(_))
                    | Some(RoomPopup::Jump(_))
                    | Some(RoomPopup::Add(_)) => Ctx::PatrolText,
                },
                Some(PatrolUi::Summary(_)) => Ctx::PatrolSummary,
                Some(PatrolUi::History(_)) => Ctx::PatrolHistory,
            };
        }
        if self.screen == ScreenId::Students {
            if self.students.detail.is_some() {
                return Ctx::Detail;
            }
            if self.students.searching {
                return Ctx::Searching;
            }
            return Ctx::List;
        }
        Ctx::Plain
    }
}
