//! Batch work on files: roster and ledger imports, exports, reports.

pub mod crisis_report;
pub mod export;
pub mod import;
