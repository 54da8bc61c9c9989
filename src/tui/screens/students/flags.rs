//! The flag editor over a student's detail: the flags the actor may set,
//! and the form for one (level, since when, note), kept as a draft while it
//! is typed.

use serde_json::json;
use zhiban::app::App;
use zhiban::app::students::{self, StudentView};
use zhiban::domain::day::Lean;
use zhiban::domain::student::{Flag, FlagKind};

use crate::tui::form::{Form, FormDraft, keys as form_keys};

pub const SLOT: &str = "students.flag";

pub struct FlagEditor {
    pub student_id: i64,
    pub name: String,
    pub rows: Vec<(FlagKind, Option<Flag>)>,
    pub cursor: usize,
    pub form: Option<Form>,
    /// The flag asked about before clearing it.
    pub clearing: Option<FlagKind>,
}

impl FlagEditor {
    /// The editor for `v`, or `None` when the actor may set none of its flags.
    pub fn open(app: &App, v: &StudentView) -> Option<FlagEditor> {
        let kinds = students::editable_flags(app, v.relation);
        if kinds.is_empty() {
            return None;
        }
        let rows = kinds
            .into_iter()
            .map(|k| (k, v.flags.iter().find(|f| f.kind == k).cloned()))
            .collect();
        Some(FlagEditor {
            student_id: v.id,
            name: v.name.clone(),
            rows,
            cursor: 0,
            form: None,
            clearing: None,
        })
    }

    /// The flags as they are now.
    pub fn refresh(&mut self, v: &StudentView) {
        for (k, cur) in self.rows.iter_mut() {
            *cur = v.flags.iter().find(|f| f.kind == *k).cloned();
        }
    }

    /// The form for the row under the cursor: the flag as it is, or today.
    pub fn open_form(&mut self, app: &App) {
        let Some((kind, current)) = self.rows.get(self.cursor).cloned() else {
            return;
        };
        self.form = Some(flag_form(
            app,
            self.student_id,
            &self.name,
            kind,
            current.as_ref(),
        ));
    }

    /// The form of a draft (`kind` must be one of the rows).
    pub fn resume(&mut self, app: &App, d: &FormDraft) -> bool {
        let Some(kind) = d
            .about
            .get("kind")
            .and_then(|k| k.as_str())
            .and_then(FlagKind::from_code)
        else {
            return false;
        };
        let Some(i) = self.rows.iter().position(|(k, _)| *k == kind) else {
            return false;
        };
        self.cursor = i;
        let mut f = flag_form(app, self.student_id, &self.name, kind, None);
        f.restore(d);
        self.form = Some(f);
        true
    }

    /// The flag the form describes, or what to fix.
    pub fn checked(&mut self, app: &App) -> Option<Flag> {
        let cat = &app.assets().text;
        let kind = self.rows.get(self.cursor).map(|r| r.0)?;
        let form = self.form.as_mut()?;
        let since = match form.day("since", app.today(), Lean::Past, cat) {
            Ok(d) => d,
            Err(inv) => {
                form.fail(inv);
                return None;
            }
        };
        if kind.needs_date() && since.is_none() {
            let inv = form.problem_with("since", "flag.needs_date", cat);
            form.fail(inv);
            return None;
        }
        let level = Some(form.value("level")).filter(|l| !l.is_empty());
        Some(Flag {
            kind,
            level,
            since,
            note: form.opt("note"),
        })
    }
}

fn flag_form(
    app: &App,
    student_id: i64,
    name: &str,
    kind: FlagKind,
    current: Option<&Flag>,
) -> Form {
    let tx = &app.assets().text;
    let title = tx.f(
        "flag.form_title",
        &[("kind", &tx.s(&kind.i18n_key())), ("name", name)],
    );
    let mut f = Form::new("students.flag", title)
        .keys(form_keys::NONE)
        .enter_saves()
        .width(62)
        .about(json!({"student_id": student_id, "student_name": name, "kind": kind.code()}));
    let levels = kind.levels();
    if !levels.is_empty() {
        let mut options = vec![(String::new(), tx.t("flag.no_level").to_string())];
        options.extend(levels.iter().map(|l| (l.to_string(), l.to_string())));
        f = f.choice("level", tx.s("flag.level"), options);
    }
    let since = current
        .and_then(|c| c.since)
        .map_or_else(|| app.today().to_string(), |d| d.to_string());
    f = f
        .line("since", tx.s("flag.since"), &since, tx.t("flag.bad_date"))
        .text(
            "note",
            tx.s("flag.note"),
            current.and_then(|c| c.note.as_deref()).unwrap_or(""),
            2,
        );
    if let Some(l) = current.and_then(|c| c.level.as_deref()) {
        f.set("level", l);
    }
    f
}
