//! zhiban (值班台): dorm patrols, duty logs, talk records and crisis SOPs for
//! the staff who keep a university's students safe.

pub mod domain;
