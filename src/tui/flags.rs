//! The flag editor over a student's detail: the flags the actor may set,
//! the form for one flag (level, since, note), saving it through the app,
//! and the form as a draft that survives a dropped session.

use ratatui_textarea::TextArea;
use serde::{Deserialize, Serialize};

use super::model::{FLAG_DRAFT, Flash, Model, Overlay, ScreenId, one_line_textarea, text_of};
use zhiban::app::students;
use zhiban::domain::student::{Flag, FlagKind, parse_date};

/// A flag being edited: the form's fields.
pub struct FlagForm {
    pub kind: FlagKind,
    pub level: Option<usize>,
    pub since: TextArea<'static>,
    pub note: TextArea<'static>,
    /// 0 level, 1 date, 2 note
    pub focus: usize,
    pub error: Option<String>,
    pub dirty: bool,
}

impl FlagForm {
    pub fn has_levels(&self) -> bool {
        !self.kind.levels().is_empty()
    }
    pub(super) fn first_field(&self) -> usize {
        if self.has_levels() { 0 } else { 1 }
    }
}

pub struct FlagEditor {
    pub student_id: i64,
    pub name: String,
    pub rows: Vec<(FlagKind, Option<Flag>)>,
    pub cursor: usize,
    pub form: Option<FlagForm>,
}

/// A flag form saved as typed; kept in the `drafts` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftPayload {
    pub student_id: i64,
    pub student_name: String,
    pub kind: String,
    pub level: Option<String>,
    pub since: String,
    pub note: String,
    #[serde(default)]
    pub saved_at: String,
}

impl Model {
    pub(super) fn form_mut(&mut self) -> Option<&mut FlagForm> {
        match self.overlays.last_mut() {
            Some(Overlay::Flags(ed)) => ed.form.as_mut(),
            _ => None,
        }
    }

    pub(super) fn editor_mut(&mut self) -> Option<&mut FlagEditor> {
        match self.overlays.last_mut() {
            Some(Overlay::Flags(ed)) => Some(ed),
            _ => None,
        }
    }

    pub(super) fn open_flags(&mut self) {
        let Some(d) = &self.students.detail else {
            return;
        };
        let v = &d.detail.view;
        let kinds = students::editable_flags(&self.app, v.relation);
        if kinds.is_empty() {
            let t = self.t("flag.none_editable").to_string();
            self.flash = Some(Flash {
                text: t,
                error: true,
            });
            return;
        }
        let rows = kinds
            .into_iter()
            .map(|k| (k, v.flags.iter().find(|f| f.kind == k).cloned()))
            .collect();
        self.overlays.push(Overlay::Flags(Box::new(FlagEditor {
            student_id: v.id,
            name: v.name.clone(),
            rows,
            cursor: 0,
            form: None,
        })));
    }

    /// Opens the form for the row under the cursor, or from a draft.
    pub(super) fn open_form(&mut self, from: Option<&DraftPayload>) {
        let today = self.app.today().to_string();
        let date_hint = self.t("flag.bad_date").to_string();
        let Some(ed) = self.editor_mut() else { return };
        let (kind, current) = match ed.rows.get(ed.cursor) {
            Some((k, c)) => (*k, c.clone()),
            None => return,
        };
        let levels = kind.levels();
        let (level, since, note) = match from {
            Some(d) => (d.level.clone(), d.since.clone(), d.note.clone()),
            None => (
                current.as_ref().and_then(|f| f.level.clone()),
                current
                    .as_ref()
                    .and_then(|f| f.since)
                    .map_or(today, |d| d.to_string()),
                current
                    .as_ref()
                    .and_then(|f| f.note.clone())
                    .unwrap_or_default(),
            ),
        };
        let mut since_ta = one_line_textarea(&date_hint);
        since_ta.insert_str(&since);
        let mut note_ta = TextArea::default();
        note_ta.set_cursor_line_style(ratatui::style::Style::default());
        note_ta.insert_str(&note);
        let mut form = FlagForm {
            kind,
            level: level.and_then(|l| levels.iter().position(|x| *x == l)),
            since: since_ta,
            note: note_ta,
            focus: 0,
            error: None,
            dirty: from.is_some(),
        };
        form.focus = form.first_field();
        ed.form = Some(form);
        if from.is_some() {
            self.draft_changed();
        }
    }

    pub(super) fn form_flag(&self, f: &FlagForm) -> Result<Flag, String> {
        let tx = &self.app.assets().text;
        let since_text = text_of(&f.since);
        let since = if since_text.trim().is_empty() {
            None
        } else {
            Some(
                parse_date(&since_text)
                    .ok_or_else(|| format!("'{since_text}': {}", tx.t("flag.bad_date")))?,
            )
        };
        if f.kind.needs_date() && since.is_none() {
            return Err(tx.t("flag.needs_date").to_string());
        }
        let note = text_of(&f.note);
        let flag = Flag {
            kind: f.kind,
            level: f
                .level
                .and_then(|i| f.kind.levels().get(i))
                .map(|s| s.to_string()),
            since,
            note: if note.trim().is_empty() {
                None
            } else {
                Some(note.trim().to_string())
            },
        };
        students::validate_flag(&flag).map_err(|m| tx.msg(&m))?;
        Ok(flag)
    }

    pub(super) fn save_form(&mut self) {
        let Some(Overlay::Flags(ed)) = self.overlays.last() else {
            return;
        };
        let Some(f) = &ed.form else { return };
        let student_id = ed.student_id;
        let flag = match self.form_flag(f) {
            Ok(fl) => fl,
            Err(msg) => {
                if let Some(f) = self.form_mut() {
                    f.error = Some(msg);
                }
                return;
            }
        };
        let kind = flag.kind;
        match students::change_flag(&mut self.app, student_id, kind, Some(flag)) {
            Ok(()) => {
                self.discard_draft(FLAG_DRAFT);
                self.after_flag_change(student_id);
                let name = self.app.assets().text.s(&kind.i18n_key());
                let msg = self.app.assets().text.f("flag.saved", &[("kind", &name)]);
                self.flash_ok(msg);
            }
            Err(e) => {
                let text = e.to_string();
                if let Some(f) = self.form_mut() {
                    f.error = Some(text);
                }
            }
        }
    }

    /// Reloads the student everywhere it is shown, and closes the form.
    pub(super) fn after_flag_change(&mut self, student_id: i64) {
        {
            if let Ok(Some(v)) = students::visible(&self.app, student_id) {
                if let Some(slot) = self.students.all.iter_mut().find(|s| s.id == student_id) {
                    let mut listed = v.clone();
                    listed.guardians.clear();
                    *slot = listed;
                }
                if let Some(d) = self.students.detail.as_mut() {
                    if d.detail.view.id == student_id {
                        d.detail.view = v.clone();
                    }
                }
                for o in self.overlays.iter_mut() {
                    if let Overlay::Flags(ed) = o {
                        if ed.student_id == student_id {
                            for (k, cur) in ed.rows.iter_mut() {
                                *cur = v.flags.iter().find(|f| f.kind == *k).cloned();
                            }
                            ed.form = None;
                        }
                    }
                }
            }
        }
    }

    /// The flag form as a draft, if one is open.
    pub(super) fn flag_draft(&self) -> Option<DraftPayload> {
        self.overlays.iter().rev().find_map(|o| match o {
            Overlay::Flags(ed) => ed.form.as_ref().map(|f| DraftPayload {
                student_id: ed.student_id,
                student_name: ed.name.clone(),
                kind: f.kind.code(),
                level: f
                    .level
                    .and_then(|i| f.kind.levels().get(i))
                    .map(|s| s.to_string()),
                since: text_of(&f.since),
                note: text_of(&f.note),
                saved_at: zhiban::domain::clock::to_db(self.app.now()),
            }),
            _ => None,
        })
    }

    pub(super) fn resume(&mut self, d: DraftPayload) {
        let Some(kind) = FlagKind::from_code(&d.kind) else {
            return self.discard_draft(FLAG_DRAFT);
        };
        self.go(ScreenId::Students);
        self.open_detail(d.student_id);
        if self.students.detail.is_none() {
            return;
        }
        self.open_flags();
        if let Some(ed) = self.editor_mut() {
            match ed.rows.iter().position(|(k, _)| *k == kind) {
                Some(i) => ed.cursor = i,
                None => return,
            }
        }
        self.open_form(Some(&d));
    }
}
