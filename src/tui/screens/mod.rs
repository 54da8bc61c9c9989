//! One module per screen.

pub mod dashboard;
pub mod placeholder;
pub mod students;
