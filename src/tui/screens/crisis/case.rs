//! The case on screen: its view, the step shown, the items ticked and not
//! yet recorded, and the stepper's draft.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use zhiban::app::crisis::CaseView;
use zhiban::domain::sop::StepState;

use super::Popup;

pub struct CaseScreen {
    pub view: Box<CaseView>,
    /// The item under the cursor on the step shown (ticked with Space).
    pub item: usize,
    /// The overview page instead of the step, scrolled this far.
    pub overview: Option<u16>,
    /// The step on screen (index into the case's steps).
    pub shown: usize,
    /// Do-confirm items ticked and not yet recorded, by step key (kept
    /// while moving between steps and after a note, until the step is
    /// settled).
    pub ticks: BTreeMap<String, Vec<bool>>,
    pub popup: Option<Popup>,
    /// Tonight's leader on call (from the duty roster), with a phone if known.
    pub leader: Option<String>,
    /// Every number of the case (`None`: one who may not act on it).
    pub contacts: Option<zhiban::app::crisis_contacts::CaseContacts>,
}

impl CaseScreen {
    /// The key of the step on screen.
    pub(super) fn shown_key(&self) -> Option<&str> {
        self.view
            .now
            .steps
            .get(self.shown)
            .map(|s| s.step.key.as_str())
    }

    /// The items ticked on the step on screen, one per do-confirm item.
    pub fn ticked(&self) -> Vec<bool> {
        let n = self
            .view
            .now
            .steps
            .get(self.shown)
            .map_or(0, |s| s.step.confirm.len());
        let mut v = self
            .shown_key()
            .and_then(|k| self.ticks.get(k))
            .cloned()
            .unwrap_or_default();
        v.resize(n, false);
        v
    }

    /// The title of step `key` (none when there is no such step).
    fn step_title(&self, key: Option<&str>) -> Option<&str> {
        key.and_then(|k| self.view.now.steps.iter().find(|s| s.step.key == k))
            .map(|s| s.step.title.as_str())
    }

    /// The case and step as a form's title names them: `#4 张三 · 部门联动`.
    pub(super) fn label(&self, step: Option<&str>) -> String {
        let students: Vec<&str> = self
            .view
            .case
            .students
            .iter()
            .map(|s| s.2.as_str())
            .collect();
        let mut out = format!("#{} {}", self.view.case.id, students.join("、"));
        if let Some(t) = self.step_title(step) {
            out.push_str(" · ");
            out.push_str(t);
        }
        zhiban::domain::text::safe_line(&out).into_owned()
    }

    /// The case and step without the students (`#4 · 部门联动`), for a
    /// narrow popup's title.
    pub(super) fn short_label(&self, step: Option<&str>) -> String {
        let title = self.step_title(step).unwrap_or("");
        zhiban::domain::text::safe_line(&format!("#{} · {title}", self.view.case.id)).into_owned()
    }

    /// The items of the step on screen, ticked and not.
    pub(super) fn split_items(&self, ticked: &[bool]) -> (Vec<String>, Vec<String>) {
        let mut done = Vec::new();
        let mut missing = Vec::new();
        if let Some(s) = self.view.now.steps.get(self.shown) {
            for (i, item) in s.step.confirm.iter().enumerate() {
                if ticked.get(i).copied().unwrap_or(false) {
                    done.push(item.clone());
                } else {
                    missing.push(item.clone());
                }
            }
        }
        (done, missing)
    }

    /// How many items the step on screen has to tick.
    pub(super) fn items(&self) -> usize {
        self.view
            .now
            .steps
            .get(self.shown)
            .map_or(0, |s| s.step.confirm.len())
    }

    /// Flips item `i` (0-based) of the step on screen; false if there is
    /// no such item.
    pub(super) fn toggle(&mut self, i: usize) -> bool {
        let mut v = self.ticked();
        let Some(t) = v.get_mut(i) else {
            return false;
        };
        *t = !*t;
        if let Some(k) = self.shown_key().map(str::to_string) {
            self.ticks.insert(k, v);
        }
        true
    }

    /// The step on screen is open (not settled, the case not closed).
    pub(super) fn shown_open(&self) -> bool {
        !self.view.now.closed
            && self
                .view
                .now
                .steps
                .get(self.shown)
                .is_some_and(|s| s.state == StepState::Open)
    }

    /// Something ticked that is not recorded.
    pub(super) fn any_ticked(&self) -> bool {
        self.ticks.values().any(|v| v.iter().any(|t| *t))
    }

    /// Ticks kept only for steps still open, and only where one is set.
    pub(super) fn prune(&mut self) {
        let open: Vec<&str> = self
            .view
            .now
            .steps
            .iter()
            .filter(|s| s.state == StepState::Open)
            .map(|s| s.step.key.as_str())
            .collect();
        self.ticks
            .retain(|k, v| open.contains(&k.as_str()) && v.iter().any(|t| *t));
    }
}

/// The stepper as a draft: which case, which step is on screen, and the
/// items ticked and not yet recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct CaseDraft {
    pub(super) case: i64,
    pub(super) step: String,
    /// Ticked on `step`.
    pub(super) ticked: Vec<bool>,
    /// Ticked on other open steps.
    #[serde(default)]
    pub(super) other: BTreeMap<String, Vec<bool>>,
    /// For the offer on start.
    #[serde(default)]
    pub(super) title: String,
}

impl CaseDraft {
    /// Every step's ticks the draft holds.
    pub(super) fn ticks(&self) -> BTreeMap<String, Vec<bool>> {
        let mut t = self.other.clone();
        t.insert(self.step.clone(), self.ticked.clone());
        t
    }
}

/// The case on screen as a draft, when something on it is ticked and not
/// recorded (a case merely looked at leaves no draft).
pub(super) fn case_draft(cs: &CaseScreen) -> Option<String> {
    if !cs.any_ticked() {
        return None;
    }
    let step = cs.view.now.steps.get(cs.shown);
    let key = step.map(|s| s.step.key.clone()).unwrap_or_default();
    let mut other = cs.ticks.clone();
    other.remove(&key);
    let d = CaseDraft {
        case: cs.view.case.id,
        step: key,
        ticked: cs.ticked(),
        other,
        title: format!(
            "#{} {} {}",
            cs.view.case.id,
            cs.view.template.name,
            step.map(|s| s.step.title.as_str()).unwrap_or("")
        ),
    };
    serde_json::to_string(&d).ok()
}
