//! The errors of `dvt-io` (codes DVT114, DVT120–DVT123, DVT125).
//!
//! Each names the output (or file) at fault and says what to do; the code is written once, in
//! [`Error::code`]. `dvt-core`'s `CoreError` wraps them unchanged (`CoreError::Db`).

use std::path::PathBuf;

/// Result alias for `dvt-io`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error of a database connection, a load or the load journal.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A database connection failed.
    #[error(
        "{code}: cannot connect to output '{output}' ({what}): {message}; check host, port, user, password and database of this output in profiles.yml, and that the server is running", code = self.code()
    )]
    Connect {
        /// The output (connection) name.
        output: String,
        /// What was connected to (adapter and address, no secrets).
        what: String,
        /// The driver's message (secrets redacted).
        message: String,
    },

    /// A statement failed on a database.
    #[error("{code}: output '{output}' rejected a statement: {message} (statement: {sql})", code = self.code())]
    Query {
        /// The output.
        output: String,
        /// The statement (shortened).
        sql: String,
        /// The server's message.
        message: String,
    },

    /// Writing rows into a table failed.
    #[error(
        "{code}: cannot write into {table} on output '{output}': {message}; the target table was left as it was", code = self.code()
    )]
    Load {
        /// The output.
        output: String,
        /// The table written.
        table: String,
        /// What went wrong.
        message: String,
    },

    /// A type or feature a connector cannot handle.
    #[error("{code}: output '{output}': {message}", code = self.code())]
    Unsupported {
        /// The output.
        output: String,
        /// What is not supported and what to do.
        message: String,
    },

    /// Another run is loading the same target table.
    #[error(
        "{code}: another run is loading model '{model}' into {table} (it holds {lock}); wait for it to finish, then run again", code = self.code()
    )]
    Busy {
        /// The model.
        model: String,
        /// The target table and its output.
        table: String,
        /// The lock file.
        lock: String,
    },

    /// The load journal or a load lock file could not be read or written.
    #[error("{code}: cannot read or write {path}: {source}; check that the project's target directory is writable", code = self.code())]
    File {
        /// The file or directory.
        path: PathBuf,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// The stable code of this error, e.g. `DVT121`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::File { .. } => "DVT114",
            Self::Connect { .. } => "DVT120",
            Self::Query { .. } => "DVT121",
            Self::Load { .. } => "DVT122",
            Self::Unsupported { .. } => "DVT123",
            Self::Busy { .. } => "DVT125",
        }
    }

    /// A file that could not be read or written, with its path and the system's error.
    pub fn file(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::File {
            path: path.into(),
            source,
        }
    }
}
