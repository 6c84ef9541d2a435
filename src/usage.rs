//! The usage error: a command line that asks for what a command does not do.
//! It lives at the bottom of the data path so that any layer that checks a
//! user's words (column names in `query`, options in `config`) can raise it.

use std::fmt;

/// A command line that asks for what the command does not do: exit status 2,
/// reported before anything is read or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}
