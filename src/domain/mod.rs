//! Plain types and pure rules: no I/O, no SQL, no terminal.

pub mod aid;
pub mod calendar;
pub mod clock;
pub mod compliance;
pub mod crisis;
pub mod cssrs;
pub mod day;
pub mod dorm;
pub mod duration;
pub mod duty;
pub mod facts_codec;
pub mod idcard;
pub mod patrol;
pub mod period;
pub mod phone;
pub mod records;
pub mod rules;
pub mod search;
#[doc(hidden)]
pub mod search_reference;
pub mod sop;
pub mod staff;
pub mod student;
pub mod text;
