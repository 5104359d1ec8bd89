//! The errors of `dvt-core`.
//!
//! Every variant is a user-facing sentence that names the file, model, source or output at fault
//! and says what to do, and carries a stable code (see [`CoreError::code`]). Each error enum of
//! the workspace writes a code once, in its `code()`; the `DVTnnn:` that starts its message is
//! derived from it (`#[error("{code}: …", code = self.code())]`). Codes:
//!
//! | code | meaning |
//! |---|---|
//! | DVT100 | project file missing |
//! | DVT101 | YAML / JSON that cannot be read |
//! | DVT102 | Jinja that cannot be rendered |
//! | DVT103 | `env_var()` without a value or default |
//! | DVT104 | `profiles.yml` not found |
//! | DVT105 | profile or target not defined |
//! | DVT106 | an output's configuration is invalid (missing key, bad value, unknown type) |
//! | DVT107 | `ref()` to a model that does not exist |
//! | DVT108 | `source()` that is not declared |
//! | DVT109 | a cycle between models |
//! | DVT110 | a connection name that is not an output of the profile |
//! | DVT111 | `computes.yml` invalid or compute not defined |
//! | DVT112 | `manifest.json` invalid |
//! | DVT113 | two models with the same name |
//! | DVT114 | file system error |
//! | DVT115 | a `--select` that matches nothing or cannot be parsed |
//! | DVT116 | a source table that its database does not have |
//! | DVT117 | a declared source column that its table does not have |
//! | DVT118 | `--vars` that is not a YAML mapping |
//! | DVT120 | a database connection failed (wrong host, port, password, …) |
//! | DVT121 | a statement failed on a database |
//! | DVT122 | writing rows into a table failed (a value the column cannot hold, …) |
//! | DVT123 | a type or feature a connector cannot handle |
//! | DVT124 | a target schema that could not be created |
//! | DVT125 | another run is loading the same model's table |

use std::path::PathBuf;

/// Result alias for `dvt-core`.
pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// An error of the project model, profiles, resolver or orchestration.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CoreError {
    /// No `dbt_project.yml` in the project directory.
    #[error(
        "{code}: no dbt_project.yml in {dir}: pass --project-dir pointing at a dbt project (the folder that holds dbt_project.yml)", code = self.code()
    )]
    ProjectNotFound {
        /// The directory searched.
        dir: PathBuf,
    },

    /// A YAML or JSON file that cannot be parsed or has the wrong shape.
    #[error("{code}: cannot read {file}: {message}; fix the file's syntax or shape", code = self.code())]
    Parse {
        /// The file.
        file: PathBuf,
        /// What is wrong.
        message: String,
    },

    /// A Jinja template that cannot be rendered.
    #[error("{code}: cannot render the Jinja in {what}: {message}", code = self.code())]
    Render {
        /// The file or model.
        what: String,
        /// The renderer's message.
        message: String,
    },

    /// `env_var('X')` with no value and no default.
    #[error(
        "{code}: environment variable '{name}' is required by {what} but not set: export it or give env_var() a default, e.g. env_var('{name}', 'value')", code = self.code()
    )]
    EnvVarMissing {
        /// The variable.
        name: String,
        /// The file or model that asked for it.
        what: String,
    },

    /// No `profiles.yml` in any place dbt looks.
    #[error(
        "{code}: profiles.yml not found; looked in: {searched}. Pass --profiles-dir, set DBT_PROFILES_DIR, or put profiles.yml in the project directory or ~/.dbt/", code = self.code()
    )]
    ProfilesNotFound {
        /// The places searched, comma separated.
        searched: String,
    },

    /// The project's profile, or the requested target, is not in profiles.yml.
    #[error("{code}: {what} is not defined in {file}; defined: {available}", code = self.code())]
    ProfileMissing {
        /// e.g. "profile 'shop'" or "target 'prod' of profile 'shop'".
        what: String,
        /// The profiles file.
        file: PathBuf,
        /// What is defined instead.
        available: String,
    },

    /// An output's configuration is invalid.
    #[error("{code}: output '{output}' in {file}: {message}", code = self.code())]
    InvalidOutput {
        /// The output (connection) name.
        output: String,
        /// The profiles file.
        file: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },

    /// `ref()` to a model that is not in the project.
    #[error(
        "{code}: model '{model}' refers to ref('{target}'), which is not a model of this project; check the name or add models/{target}.sql", code = self.code()
    )]
    UnknownRef {
        /// The referring model.
        model: String,
        /// The missing model's name.
        target: String,
    },

    /// `source()` that is not declared in any yml file.
    #[error(
        "{code}: model '{model}' refers to source('{source_name}', '{table}'), which is not declared; add it under `sources:` in a models/*.yml file", code = self.code()
    )]
    UnknownSource {
        /// The referring model.
        model: String,
        /// The source name.
        source_name: String,
        /// The table name.
        table: String,
    },

    /// A cycle between models.
    #[error("{code}: models ref each other in a cycle: {} (each refs the next); break it by removing one of these ref() calls", cycle.join(" -> "), code = self.code())]
    Cycle {
        /// The models on the cycle, the first repeated at the end.
        cycle: Vec<String>,
    },

    /// A source, model or CLI flag names a connection that the profile does not define.
    #[error(
        "{code}: {what} uses connection '{connection}', which is not an output of profile '{profile}'; defined outputs: {available}", code = self.code()
    )]
    UnknownConnection {
        /// The thing that names the connection.
        what: String,
        /// The missing connection.
        connection: String,
        /// The profile.
        profile: String,
        /// The outputs that exist.
        available: String,
    },

    /// `computes.yml` invalid or a compute not defined.
    #[error("{code}: {message}", code = self.code())]
    Compute {
        /// What is wrong and what to do.
        message: String,
    },

    /// `manifest.json` invalid.
    #[error("{code}: cannot import the dbt manifest {file}: {message}", code = self.code())]
    Manifest {
        /// The manifest file.
        file: PathBuf,
        /// What is wrong.
        message: String,
    },

    /// Two models share a name.
    #[error(
        "{code}: two models are named '{name}': {first} and {second}; model names must be unique", code = self.code()
    )]
    DuplicateModel {
        /// The name.
        name: String,
        /// The first file.
        first: PathBuf,
        /// The second file.
        second: PathBuf,
    },

    /// A file system error.
    #[error("{code}: cannot read {path}: {source}", code = self.code())]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },

    /// A selector that matches nothing or cannot be parsed.
    #[error("{code}: {message}", code = self.code())]
    Select {
        /// What is wrong.
        message: String,
    },

    /// `--vars` that is not a YAML mapping.
    #[error(
        "{code}: --vars must be a YAML mapping of names to values, e.g. '{{days: 7}}': {message}", code = self.code()
    )]
    Vars {
        /// What is wrong with it.
        message: String,
    },

    /// A source table its database does not have.
    #[error(
        "{code}: {source_display} is not a table or view in schema '{schema}' of output '{output}'; {closest}. Fix `name:`/`identifier:` or `schema:` of the source in its yml, or create the table", code = self.code()
    )]
    SourceTableMissing {
        /// `source('x', 'y')`.
        source_display: String,
        /// The output searched.
        output: String,
        /// The schema searched.
        schema: String,
        /// The closest names found there, as a sentence.
        closest: String,
    },

    /// A column declared in a source's yml that its table does not have.
    #[error(
        "{code}: column '{column}' is declared for {source_display} but {table} has no such column (it has: {available}); remove it from `columns:` or fix its name", code = self.code()
    )]
    DeclaredColumnMissing {
        /// The declared column.
        column: String,
        /// `source('x', 'y')`.
        source_display: String,
        /// The table read and its output (`table s.t on output 'pg'`).
        table: String,
        /// The table's columns.
        available: String,
    },

    /// A database connection, statement or load failed, or the load journal could not be
    /// written (`dvt-io`'s errors, DVT114, DVT120–DVT123, DVT125, unchanged).
    #[error(transparent)]
    Db(#[from] dvt_io::Error),

    /// A target schema that does not exist could not be created.
    #[error(
        "{code}: schema '{schema}' does not exist on output '{output}' and could not be created for {model}: {message}", code = self.code()
    )]
    CreateSchema {
        /// The output.
        output: String,
        /// The schema.
        schema: String,
        /// The model that lands there (`model 'name'`).
        model: String,
        /// The server's message and the privilege creating the schema needs.
        message: String,
    },
}

impl CoreError {
    /// The stable code of this error, e.g. `DVT106`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::ProjectNotFound { .. } => "DVT100",
            Self::Parse { .. } => "DVT101",
            Self::Render { .. } => "DVT102",
            Self::EnvVarMissing { .. } => "DVT103",
            Self::ProfilesNotFound { .. } => "DVT104",
            Self::ProfileMissing { .. } => "DVT105",
            Self::InvalidOutput { .. } => "DVT106",
            Self::UnknownRef { .. } => "DVT107",
            Self::UnknownSource { .. } => "DVT108",
            Self::Cycle { .. } => "DVT109",
            Self::UnknownConnection { .. } => "DVT110",
            Self::Compute { .. } => "DVT111",
            Self::Manifest { .. } => "DVT112",
            Self::DuplicateModel { .. } => "DVT113",
            Self::Io { .. } => "DVT114",
            Self::Select { .. } => "DVT115",
            Self::SourceTableMissing { .. } => "DVT116",
            Self::DeclaredColumnMissing { .. } => "DVT117",
            Self::Vars { .. } => "DVT118",
            Self::CreateSchema { .. } => "DVT124",
            Self::Db(e) => e.code(),
        }
    }

    /// A file that could not be read or written, with its path and the system's error.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_starts_with_code() {
        let e = CoreError::Cycle {
            cycle: vec!["a".into(), "b".into(), "a".into()],
        };
        assert!(e.to_string().starts_with(e.code()));
        assert!(e.to_string().contains("a -> b -> a"));
    }
}
