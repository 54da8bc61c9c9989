//! The aid specialist's two forms on screen 4, on the one form engine: a
//! home visit (家访: the day, in person or online, who went, the address,
//! the family's situation, the needs found, the next step) and a growth-
//! file entry (成长档案: the day, what kind of note, the note). Each field
//! is checked here so that what to fix names the field; the use cases
//! (`app::aid::record_visit`, `record_growth`) check again.

use serde_json::json;
use zhiban::app::App;
use zhiban::app::aid::{GrowthInput, VisitInput, resolve_staff};
use zhiban::domain::aid::{GrowthKind, VisitMode};
use zhiban::domain::day::Lean;

use super::What;
use crate::tui::form::{Form, Invalid};

/// The empty form of a visit or a growth-file entry (the caller prefills
/// the student).
pub fn form(app: &App, what: What) -> Form {
    let tx = &app.assets().text;
    let l = |key: &str| tx.s(&format!("form.{key}"));
    let f = Form::new(
        what.kind(),
        tx.s(if what == What::Visit {
            "form.visit_title"
        } else {
            "form.growth_title"
        }),
    )
    .students("student", l("student"), false, tx.t("form.student_hint"));
    let f = if what == What::Visit {
        f.line("on", l("visit_on"), "", tx.t("form.aid_day_hint"))
            .choice(
                "mode",
                l("visit_mode"),
                VisitMode::ALL
                    .iter()
                    .map(|m| (m.code().to_string(), tx.s(m.i18n_key())))
                    .collect(),
            )
            .line("went", l("visit_went"), "", tx.t("form.visit_went_hint"))
            .line("address", l("visit_address"), "", "")
            .text("family", l("visit_family"), "", 3)
            .text("needs", l("visit_needs"), "", 2)
            .line("next_step", l("visit_next"), "", "")
    } else {
        f.line("on", l("growth_on"), "", tx.t("form.aid_day_hint"))
            .choice(
                "growth_kind",
                l("growth_kind"),
                GrowthKind::ALL
                    .iter()
                    .map(|k| (k.code().to_string(), tx.s(k.i18n_key())))
                    .collect(),
            )
            .text("text", l("growth_text"), "", 4)
    };
    f.about(json!({}))
}

/// The day of the record: empty is today; never after today.
fn day(app: &App, f: &Form) -> Result<Option<chrono::NaiveDate>, Invalid> {
    let cat = &app.assets().text;
    let today = app.today();
    let on = f.day("on", today, Lean::Past, cat)?;
    if on.is_some_and(|d| d > today) {
        return Err(f.problem_with("on", "form.aid_future", cat));
    }
    Ok(on)
}

/// A home visit as the use case takes it, or the field to fix.
pub fn visit(app: &App, f: &Form) -> Result<VisitInput, Invalid> {
    let cat = &app.assets().text;
    let student = f.student("student", cat)?;
    let on = day(app, f)?;
    let went = f.value("went");
    if let Err(e) = resolve_staff(app, &went) {
        return Err(f.problem_said("went", &cat.error(&e), cat));
    }
    let family = f.required("family", cat)?;
    Ok(VisitInput {
        student_no: student.no,
        on,
        mode: VisitMode::parse(&f.value("mode")).unwrap_or(VisitMode::InPerson),
        address: f.opt("address"),
        family,
        needs: f.opt("needs"),
        next_step: f.opt("next_step"),
        went,
    })
}

/// A growth-file entry as the use case takes it, or the field to fix.
pub fn growth(app: &App, f: &Form) -> Result<GrowthInput, Invalid> {
    let cat = &app.assets().text;
    let student = f.student("student", cat)?;
    let on = day(app, f)?;
    let text = f.required("text", cat)?;
    Ok(GrowthInput {
        student_no: student.no,
        on,
        kind: GrowthKind::parse(&f.value("growth_kind")).unwrap_or(GrowthKind::Support),
        text,
    })
}
