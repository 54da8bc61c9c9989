//! What the program is configured by: the assets a school edits (text
//! catalogues, calendar, rules, checklists, SOPs), paths, and the clock.

pub mod assets;
pub mod catalog;
pub mod paths;
pub mod site;
mod spoken;

use std::sync::Arc;

pub use assets::Assets;
pub use catalog::{Catalog, Lang};

use crate::domain::clock::{Clock, FixedClock, SystemClock, from_db};
use crate::error::{Error, Result};

/// The clock the program runs on: the system's, or — on a demo database
/// only (`demo`) — the time `ZHIBAN_NOW` pins (tests, demos). On any other
/// database `ZHIBAN_NOW` is refused: records and audit entries must not be
/// back-dated by whoever can set an environment variable.
pub fn clock(demo: bool) -> Result<Arc<dyn Clock>> {
    match std::env::var("ZHIBAN_NOW") {
        Ok(v) if !v.is_empty() => {
            if !demo {
                return Err(Error::Refused(crate::msg!(
                    "err.denied.now_demo",
                    value = &v
                )));
            }
            from_db(&v)
                .map(|t| Arc::new(FixedClock(t)) as Arc<dyn Clock>)
                .ok_or_else(|| Error::Usage(crate::msg!("err.config.now", value = &v)))
        }
        _ => Ok(Arc::new(SystemClock)),
    }
}
