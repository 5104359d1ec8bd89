//! The errors of `dvt-jdbc`.
//!
//! Every variant is a user-facing sentence that starts with its code, names the output or adapter
//! at fault and says what to do. No variant ever carries a password or token: messages hold key
//! names, adapter names, file names and directories only. Codes:
//!
//! | code | meaning |
//! |---|---|
//! | DVT400 | an output lacks a key the JDBC connection needs (user, database, account, token, …) |
//! | DVT401 | an output's value cannot be put into a JDBC URL (relative file path, bad host, …) |
//! | DVT402 | the JDBC driver jar of an adapter is in none of the searched directories |
//! | DVT403 | a driver-jar directory exists but cannot be read |
//!
//! DVT404–DVT409 are reserved for this crate.

use std::path::PathBuf;

use dvt_core::profiles::DbKind;

/// Result alias for `dvt-jdbc`.
pub type Result<T, E = JdbcError> = std::result::Result<T, E>;

/// An error while building a JDBC target or finding a driver jar.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JdbcError {
    /// An output lacks a key that its JDBC URL or connection properties need.
    #[error(
        "{code}: output '{output}' ({adapter}) has no '{key}', which the JDBC connection needs; add `{key}: {example}` to the output in profiles.yml", code = self.code()
    )]
    MissingKey {
        /// The output (connection) name.
        output: String,
        /// Its adapter.
        adapter: DbKind,
        /// The profiles.yml key to add.
        key: &'static str,
        /// An example value.
        example: &'static str,
    },

    /// An output's value cannot be placed in a JDBC URL.
    #[error(
        "{code}: output '{output}' ({adapter}): '{key}' cannot be used in a JDBC URL: {message}; fix it in profiles.yml", code = self.code()
    )]
    InvalidValue {
        /// The output (connection) name.
        output: String,
        /// Its adapter.
        adapter: DbKind,
        /// The profiles.yml key.
        key: &'static str,
        /// What is wrong (never contains a secret).
        message: String,
    },

    /// No driver jar of the adapter in any searched directory.
    #[error(
        "{code}: JDBC driver for {adapter} is missing: no {patterns} in {searched}. {hint}, or put the jar into ~/.dvt/jdbc_jars, or set jdbc_jars_dir in computes.yml (or the DVT_JDBC_JARS environment variable) to the directory that holds it", code = self.code()
    )]
    DriverMissing {
        /// The adapter.
        adapter: DbKind,
        /// The jar file-name patterns looked for, e.g. `postgresql*.jar`.
        patterns: String,
        /// The directories searched, in order, comma separated.
        searched: String,
        /// How to get the driver: the Debian package to install or where to download it.
        hint: String,
    },

    /// A driver-jar directory that exists but cannot be listed.
    #[error(
        "{code}: cannot read the JDBC driver directory {dir}: {source}; fix its permissions or remove it from jdbc_jars_dir / DVT_JDBC_JARS", code = self.code()
    )]
    JarDirUnreadable {
        /// The directory.
        dir: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl JdbcError {
    /// The stable code of this error, e.g. `DVT400`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingKey { .. } => "DVT400",
            Self::InvalidValue { .. } => "DVT401",
            Self::DriverMissing { .. } => "DVT402",
            Self::JarDirUnreadable { .. } => "DVT403",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_start_with_their_code() {
        let errors = [
            JdbcError::MissingKey {
                output: "pg".into(),
                adapter: DbKind::Postgres,
                key: "user",
                example: "analyst",
            },
            JdbcError::InvalidValue {
                output: "lite".into(),
                adapter: DbKind::Sqlite,
                key: "path",
                message: "must be absolute".into(),
            },
            JdbcError::DriverMissing {
                adapter: DbKind::Postgres,
                patterns: "postgresql*.jar".into(),
                searched: "/a".into(),
                hint: "Install it".into(),
            },
            JdbcError::JarDirUnreadable {
                dir: "/x".into(),
                source: std::io::Error::other("denied"),
            },
        ];
        let codes: Vec<_> = errors.iter().map(JdbcError::code).collect();
        assert_eq!(codes, ["DVT400", "DVT401", "DVT402", "DVT403"]);
        for e in &errors {
            assert!(e.to_string().starts_with(e.code()), "{e}");
        }
        assert_eq!(
            errors[0].to_string(),
            "DVT400: output 'pg' (postgres) has no 'user', which the JDBC connection needs; add `user: analyst` to the output in profiles.yml"
        );
    }
}
