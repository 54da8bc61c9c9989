//! zhiban (值班台): dorm patrols, duty logs, talk records and crisis SOPs for
//! the staff who keep a university's students safe.
//!
//! The library: `domain` (pure rules and types) ← `store` (private: the only
//! SQL) ← `app` (use cases and the one access policy), `io` (imports,
//! exports, reports) and `demo`; `config` holds assets, paths and the clock.
//! The front ends (`tui`, `cli`) live in the binary and use this public API
//! only, so a front end calling the store does not compile.

#![allow(clippy::collapsible_if, clippy::collapsible_match)]

pub mod app;
pub mod config;
pub mod demo;
pub mod deploy;
pub mod domain;
pub mod error;
pub mod io;
mod store;
