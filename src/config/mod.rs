//! What the program is configured by: the assets a school edits (text
//! catalogues, calendar, rules, checklists, SOPs), paths, and the clock.

pub mod assets;
pub mod catalog;
pub mod paths;

use std::sync::Arc;

pub use assets::Assets;
pub use catalog::{Catalog, Lang};

use crate::domain::clock::{Clock, FixedClock, SystemClock, from_db};
use crate::error::{Error, Result};

/// The clock the program runs on: `ZHIBAN_NOW` pins it (tests, demos).
pub fn clock_from_env() -> Result<Arc<dyn Clock>> {
    match std::env::var("ZHIBAN_NOW") {
        Ok(v) if !v.is_empty() => from_db(&v)
            .map(|t| Arc::new(FixedClock(t)) as Arc<dyn Clock>)
            .ok_or_else(|| Error::Usage(crate::msg!("err.config.now", value = &v))),
        _ => Ok(Arc::new(SystemClock)),
    }
}
