//! One module per screen.

pub mod crisis;
pub mod dashboard;
pub mod duty;
pub mod duty_views;
pub mod patrol;
pub mod students;
pub mod todo;
