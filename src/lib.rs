//! zhiban (值班台): dorm patrols, duty logs, talk records and crisis SOPs for
//! the staff who keep a university's students safe.

#![allow(clippy::collapsible_if, clippy::collapsible_match)]

pub mod app;
pub mod assets;
pub mod cli;
pub mod domain;
pub mod error;
pub mod import;
pub mod store;
pub mod tui;
