//! One folder per screen: its state, its keys, its update and its drawing.

pub(crate) mod crisis;
mod dashboard;
mod duty;
mod patrol;
mod reports;
mod students;
mod todo;

use zhiban::app::App;

use super::screen::Screen;

/// Every screen, in tab order.
pub fn all(app: &App) -> Vec<Box<dyn Screen>> {
    vec![
        Box::new(dashboard::Dashboard::new()),
        Box::new(patrol::Patrol::new()),
        Box::new(duty::Duty::new()),
        Box::new(todo::Todo::new()),
        Box::new(crisis::Crisis::new()),
        Box::new(students::Students::new(app)),
        Box::new(reports::Reports::new(app)),
    ]
}
