//! Checking what a form holds: each problem names its field and says what
//! to write there (`跟进期限：写 2026-11-27 或 11-27`), and puts the keyboard
//! on it.

use chrono::NaiveDate;
use zhiban::config::Catalog;
use zhiban::domain::day::{Lean, parse_day};

use super::{Form, Invalid};
use crate::tui::directory::Picked;

impl Form {
    pub(super) fn invalid(&self, key: &str, what: &str, cat: &Catalog) -> Invalid {
        let i = self.index(key);
        let label = self.fields.get(i).map(|f| f.label.as_str()).unwrap_or("");
        Invalid {
            field: i,
            text: cat.f("form.problem", &[("field", label), ("what", cat.t(what))]),
        }
    }

    /// The text of a field that must not be empty.
    pub fn required(&self, key: &str, cat: &Catalog) -> Result<String, Invalid> {
        self.opt(key)
            .ok_or_else(|| self.invalid(key, "form.need_text", cat))
    }

    /// The student of a field that must name one.
    pub fn student(&self, key: &str, cat: &Catalog) -> Result<Picked, Invalid> {
        self.chosen(key)
            .into_iter()
            .next()
            .ok_or_else(|| self.invalid(key, "form.need_student", cat))
    }

    /// A day as staff write it (`2026-11-27`, `11-27`); empty is `None`.
    pub fn day(
        &self,
        key: &str,
        today: NaiveDate,
        lean: Lean,
        cat: &Catalog,
    ) -> Result<Option<NaiveDate>, Invalid> {
        match self.opt(key) {
            None => Ok(None),
            Some(v) => parse_day(&v, today, lean)
                .map(Some)
                .ok_or_else(|| self.invalid(key, "form.bad_day", cat)),
        }
    }

    /// A whole number; empty is `None`.
    pub fn number(&self, key: &str, cat: &Catalog) -> Result<Option<i64>, Invalid> {
        match self.opt(key) {
            None => Ok(None),
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .map(Some)
                .ok_or_else(|| self.invalid(key, "form.bad_number", cat)),
        }
    }

    /// A problem with field `key`, worded by the caller (`what` is a
    /// catalogue key).
    pub fn problem_with(&self, key: &str, what: &str, cat: &Catalog) -> Invalid {
        self.invalid(key, what, cat)
    }

    /// A problem with field `key` already worded (a use case's message,
    /// `“王五”不是在册教职工…`): the field's name before it.
    pub fn problem_said(&self, key: &str, text: &str, cat: &Catalog) -> Invalid {
        let i = self.index(key);
        let label = self.fields.get(i).map(|f| f.label.as_str()).unwrap_or("");
        Invalid {
            field: i,
            text: cat.f("form.problem", &[("field", label), ("what", text)]),
        }
    }

    /// Shows what to fix, with the keyboard on that field.
    pub fn fail(&mut self, inv: Invalid) {
        self.focus = inv.field.min(self.fields.len().saturating_sub(1));
        self.problem = Some(inv.text);
        self.restyle();
    }

    /// Shows a problem that is not one field's (a use case refused).
    pub fn say(&mut self, text: String) {
        self.problem = Some(text);
    }
}
