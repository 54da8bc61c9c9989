//! Reading roster files: students, staff and the dorm map. This module
//! reads and checks; `app::import` writes, all or nothing.

pub mod columns;
pub mod read;
pub mod rows;

pub use columns::{Problem, Problems};
