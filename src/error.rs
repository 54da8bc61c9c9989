//! One error type for the program, with the exit code each kind earns:
//! 1 for data errors and refusals, 2 for usage.

use std::fmt;

#[derive(Debug)]
pub enum Error {
    /// The caller may not do this (access policy, unknown login).
    Refused(String),
    /// Bad data: an import row, a broken audit chain, a missing record.
    Data(String),
    /// The command was called wrongly (missing database, bad option).
    Usage(String),
    /// The database stayed locked past the busy timeout.
    Busy,
    Db(rusqlite::Error),
    Io(std::io::Error),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Refused(m) | Error::Data(m) | Error::Usage(m) => f.write_str(m),
            Error::Busy => f.write_str(
                "the database stayed busy (other sessions are writing); nothing was written — try again",
            ),
            Error::Db(e) => write!(f, "database error: {e}"),
            Error::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) {
                return Error::Busy;
            }
        }
        Error::Db(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

impl From<rusqlite_migration::Error> for Error {
    fn from(e: rusqlite_migration::Error) -> Self {
        match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => err.into(),
            other => Error::Data(format!("database schema: {other}")),
        }
    }
}

impl From<std::convert::Infallible> for Error {
    fn from(e: std::convert::Infallible) -> Self {
        match e {}
    }
}
