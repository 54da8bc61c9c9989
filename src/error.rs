//! One error type for the program. What went wrong is a [`Msg`]: a key of
//! the UI catalogue (`assets/i18n/`) and its parameters, worded by the
//! front end in the reader's language ([`crate::config::Catalog::error`]).
//! Each kind earns an exit code: 1 for data errors and refusals, 2 for usage.

use std::fmt;

/// A parameter of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text as it is (from data, a file or an argument: made safe when shown).
    Text(String),
    /// Another catalogue key (a field's label, a role's name), worded in
    /// the same language as the message.
    Key(String),
}

/// What to say: a catalogue key and its parameters (`{name}` in the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    pub fn new(key: &'static str) -> Msg {
        Msg {
            key,
            args: Vec::new(),
        }
    }

    /// A parameter as text.
    pub fn with(mut self, name: &'static str, value: impl fmt::Display) -> Msg {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }

    /// A parameter that is itself a catalogue key.
    pub fn label(mut self, name: &'static str, key: impl Into<String>) -> Msg {
        self.args.push((name, Arg::Key(key.into())));
        self
    }

    /// The text parameter `name`, if there is one.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.args.iter().find_map(|(n, a)| match a {
            Arg::Text(t) if *n == name => Some(t.as_str()),
            _ => None,
        })
    }
}

/// `msg!("err.x", name = value, …)`: a [`Msg`] with text parameters.
#[macro_export]
macro_rules! msg {
    ($key:literal $(,)?) => {
        $crate::error::Msg::new($key)
    };
    ($key:literal, $($name:ident = $val:expr),+ $(,)?) => {
        $crate::error::Msg::new($key)$(.with(stringify!($name), $val))+
    };
}

/// One problem in a file: the line (1-based; 0 for the file as a whole),
/// the column named by its header (if any), and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: Option<String>,
    pub msg: Msg,
}

impl Problem {
    /// A problem in the cell of `column` on `line`.
    pub fn new(line: usize, column: impl Into<String>, msg: Msg) -> Problem {
        Problem {
            line,
            column: Some(column.into()),
            msg,
        }
    }

    /// A problem on `line` (0: the file as a whole), no column.
    pub fn at(line: usize, msg: Msg) -> Problem {
        Problem {
            line,
            column: None,
            msg,
        }
    }

    /// A file that is not valid TOML: the line of the error and what the
    /// reader says (`err.config.toml`).
    pub fn toml(text: &str, e: &toml::de::Error) -> Problem {
        let line = e.span().map_or(0, |s| {
            text[..s.start.min(text.len())].matches('\n').count() + 1
        });
        Problem::at(
            line,
            crate::msg!("err.config.toml", detail = e.message().trim()),
        )
    }
}

/// The message in English, from the built-in catalogue (logs and tests).
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::config::Catalog::english().msg(&self.msg))
    }
}

/// In English, from the built-in catalogue (logs and tests).
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::config::Catalog::english().msg(self))
    }
}

#[derive(Debug)]
pub enum Error {
    /// The caller may not do this (access policy, unknown login).
    Refused(Msg),
    /// Bad data: a record that does not exist, a broken audit chain.
    Data(Msg),
    /// The command or form was filled wrongly (missing database, bad option).
    Usage(Msg),
    /// Every problem found in a file (an import, a template), by line.
    Problems {
        file: String,
        list: Vec<Problem>,
    },
    /// The database stayed locked past the busy timeout.
    Busy,
    Db(rusqlite::Error),
    Io(std::io::Error),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// One problem of a file.
    pub fn in_file(file: impl Into<String>, p: Problem) -> Error {
        Error::Problems {
            file: file.into(),
            list: vec![p],
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }

    /// The message of this error (the problems of a file are listed by
    /// [`crate::config::Catalog::error`]).
    pub fn msg(&self) -> Msg {
        match self {
            Error::Refused(m) | Error::Data(m) | Error::Usage(m) => m.clone(),
            Error::Problems { file, list } => crate::msg!(
                "err.problems",
                file = crate::domain::text::safe_line(file),
                n = list.len()
            ),
            Error::Busy => Msg::new("err.busy"),
            Error::Db(e) => crate::msg!("err.db", detail = e),
            Error::Io(e) => crate::msg!("err.io", detail = e),
        }
    }
}

/// In English, from the built-in catalogue: for logs and tests. The front
/// ends word errors in the reader's language.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::config::Catalog::english().error(self))
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
            // the file's group or mode keeps this session from writing:
            // a deployment problem for the administrator, said so
            if matches!(
                f.code,
                rusqlite::ErrorCode::ReadOnly
                    | rusqlite::ErrorCode::CannotOpen
                    | rusqlite::ErrorCode::PermissionDenied
            ) {
                return Error::Refused(crate::msg!("err.store.readonly", detail = e));
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
            other => Error::Data(crate::msg!("err.schema", detail = other)),
        }
    }
}

impl From<std::convert::Infallible> for Error {
    fn from(e: std::convert::Infallible) -> Self {
        match e {}
    }
}
