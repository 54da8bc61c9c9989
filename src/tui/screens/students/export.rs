//! The filtered list to an xlsx file: `e` asks for the file (a small form,
//! a name offered), asks before overwriting, writes it masked and
//! audit-logged ([`zhiban::io::export::list`]).

use std::path::PathBuf;

use zhiban::io::export::list;

use super::Students;
use crate::tui::form::{Form, flow};
use crate::tui::keys::Act;
use crate::tui::screen::{Ask, AskKind, Effect, Env, Fx, warn};

/// The question before an existing file is overwritten.
pub const OVERWRITE: u32 = 2;
pub const KIND: &str = "export_list";

/// `~/x` as the home directory's `x`.
fn expand(p: &str) -> PathBuf {
    match (p.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(p),
    }
}

impl Students {
    pub(super) fn open_export(&mut self, env: &Env<'_>) -> Fx {
        if self.results.is_empty() {
            return vec![warn("students.export_none", env.app)];
        }
        let tx = &env.app.assets().text;
        let name = format!("学生名单-{}.xlsx", env.app.today().format("%Y%m%d"));
        self.export = Some(
            Form::new(KIND, tx.s("students.export_title"))
                .line(
                    "path",
                    tx.s("students.export_path"),
                    &name,
                    tx.t("students.export_hint"),
                )
                .enter_saves()
                .width(60),
        );
        Vec::new()
    }

    pub(super) fn export_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        let Some(form) = self.export.as_mut() else {
            return Vec::new();
        };
        // a file name is not work to keep: Esc closes
        if act == Act::Back {
            self.export = None;
            return Vec::new();
        }
        let cat = env.app.assets_arc();
        let (step, fx) = flow::route(form.on_act(act, env.dir, &cat.text), &cat.text);
        match step {
            flow::Step::Save => self.export_check(env),
            flow::Step::Close => {
                self.export = None;
                fx
            }
            flow::Step::Stay => fx,
        }
    }

    /// Asks before overwriting; else writes.
    fn export_check(&mut self, env: &mut Env<'_>) -> Fx {
        let Some(form) = self.export.as_mut() else {
            return Vec::new();
        };
        let path = form.value("path").trim().to_string();
        if path.is_empty() || !path.to_lowercase().ends_with(".xlsx") {
            form.say(
                env.app
                    .assets()
                    .text
                    .t("students.export_need_path")
                    .to_string(),
            );
            return Vec::new();
        }
        if expand(&path).exists() {
            let text = env
                .app
                .assets()
                .text
                .f("students.export_overwrite", &[("path", &path)]);
            return vec![Effect::Ask(Ask {
                tag: OVERWRITE,
                text,
                kind: AskKind::YesNo,
            })];
        }
        self.export_write(env)
    }

    pub(super) fn export_write(&mut self, env: &mut Env<'_>) -> Fx {
        let Some(form) = self.export.as_mut() else {
            return Vec::new();
        };
        let path = form.value("path").trim().to_string();
        let ids: Vec<i64> = self
            .results
            .iter()
            .filter_map(|i| env.dir.all.brief(*i as usize))
            .map(|v| v.id)
            .collect();
        let filter = self.filter.summary();
        match list::students_xlsx(env.app, &ids, &filter, &expand(&path)) {
            Ok(n) => {
                self.export = None;
                let text = env.app.assets().text.f(
                    "students.exported",
                    &[("count", &n.to_string()), ("path", &path)],
                );
                vec![Effect::Flash { text, error: false }]
            }
            Err(e) => {
                form.say(env.app.assets().text.error(&e));
                vec![Effect::Error(e)]
            }
        }
    }
}
