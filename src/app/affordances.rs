//! What the actor may do at all, so that the front ends offer only what
//! applies (the hint bar, the keys of a screen). Each answer is the same
//! policy question the use case asks before it acts; the use case still
//! decides for the record at hand.

use super::App;
use super::policy::{Action, Kind, Relation, allows};

fn any_of(app: &App, kind: Kind, action: Action) -> bool {
    [Relation::Own, Relation::InScope, Relation::Outside]
        .into_iter()
        .any(|rel| allows(&app.actor, kind, action, rel))
}

/// Open and keep a duty shift (the duty officer's log).
pub fn keeps_duty(app: &App) -> bool {
    allows(&app.actor, Kind::Duty, Action::Edit, Relation::Outside)
}

/// Read the duty log at all (tonight's desk, past shifts, the roster).
pub fn reads_duty(app: &App) -> bool {
    any_of(app, Kind::Duty, Action::View)
}

/// Write talk records about some student.
pub fn writes_talks(app: &App) -> bool {
    any_of(app, Kind::Talk, Action::Edit)
}

/// Write family contacts about some student.
pub fn writes_contacts(app: &App) -> bool {
    any_of(app, Kind::ParentContact, Action::Edit)
}

/// Keep a class ledger.
pub fn writes_ledger(app: &App) -> bool {
    any_of(app, Kind::ClassLedger, Action::Edit)
}

/// Record the college's sweeps of the special groups, and 1+1+1 mentors.
pub fn writes_special_support(app: &App) -> bool {
    any_of(app, Kind::SpecialSupport, Action::Edit)
}

/// Record home visits (家访) of some student.
pub fn writes_home_visits(app: &App) -> bool {
    any_of(app, Kind::HomeVisit, Action::Edit)
}

/// Write growth-file entries (成长档案) of some student.
pub fn writes_growth_file(app: &App) -> bool {
    any_of(app, Kind::GrowthFile, Action::Edit)
}

/// Open a crisis case.
pub fn opens_cases(app: &App) -> bool {
    allows(&app.actor, Kind::Crisis, Action::Edit, Relation::Own)
}

/// Walk a patrol.
pub fn patrols(app: &App) -> bool {
    any_of(app, Kind::Patrol, Action::Edit)
}
