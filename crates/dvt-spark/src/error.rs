//! The errors of the Spark Connect executor, codes DVT510–DVT520.
//!
//! | code | meaning |
//! |---|---|
//! | DVT510 | the Spark Connect server cannot be reached (or does not answer as one) |
//! | DVT511 | the Spark server has no JDBC driver for a source's database |
//! | DVT512 | Spark could not read an extract from its source over JDBC |
//! | DVT513 | Spark failed to run the transform |
//! | DVT514 | a planned column type has no Spark SQL equivalent |
//! | DVT515 | the compute's settings cannot be used (no `remote:`, a bad address, a setting Spark refuses) |
//! | DVT516 | Spark's result does not fit the planned output types |
//! | DVT517 | the Spark Connect server went away while a model ran (nothing was loaded) |
//! | DVT518 | Spark could not write the result into the target's staging table over JDBC (nothing was loaded) |
//! | DVT519 | the model's transform would not mean the same in Spark SQL (nothing was run) |
//! | DVT520 | dvt could not stage an extract as Parquet files for Spark, or Spark cannot read the staging directory (`extracts: staged`) |
//!
//! Every message is a sentence that names the compute, model, output or remote at fault and
//! says what to do. Messages never hold a password or token: JDBC credentials travel only as
//! Spark options, and every message Spark returns about a read is redacted with the source's
//! secrets ([`dvt_core::secret::redact_all`]).

use dvt_engine::ExecError;

/// An error of the Spark Connect executor.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SparkExecError {
    /// No Spark Connect server answers at the remote.
    #[error(
        "{code}: cannot reach the Spark Connect server at {remote} (compute '{compute}'): {reason}; start one with `dvt sync --start` (or `scripts/services.sh start` in a dvt checkout), or point `remote:` of compute '{compute}' in computes.yml at a running server", code = self.code()
    )]
    Unreachable {
        /// The compute's name.
        compute: String,
        /// The `sc://host:port` address.
        remote: String,
        /// What failed (refused, timed out, not a Spark Connect server, …).
        reason: String,
    },
    /// The server lacks the JDBC driver class of a source.
    #[error(
        "{code}: model {model}: the Spark Connect server at {remote} has no JDBC driver for output '{output}' ({adapter}): class {driver_class} is not on its class path. Start the server with the driver jar ({patterns}) in --jars; {hint}", code = self.code()
    )]
    DriverMissing {
        /// The model.
        model: String,
        /// The extract's sources.
        what: String,
        /// The remote.
        remote: String,
        /// The output (connection).
        output: String,
        /// Its adapter.
        adapter: String,
        /// The JDBC driver class Spark could not load.
        driver_class: String,
        /// The jar file names that hold it.
        patterns: String,
        /// Where to get the jar (the Debian package to install, or the download).
        hint: String,
    },
    /// Spark could not read one extract.
    #[error(
        "{code}: model {model}: Spark could not read {what} from output '{connection}' over JDBC: {message}", code = self.code()
    )]
    Extract {
        /// The model.
        model: String,
        /// The extract's sources.
        what: String,
        /// The output.
        connection: String,
        /// Spark's message, redacted.
        message: String,
    },
    /// The transform failed on Spark.
    #[error("{code}: model {model}: Spark failed to run the transform: {message}", code = self.code())]
    Transform {
        /// The model.
        model: String,
        /// Spark's message.
        message: String,
    },
    /// The plan says Spark SQL would not mean what the model means.
    #[error(
        "{code}: model {model}: its transform cannot run on Spark with the model's meaning: {reason}; run it on the embedded engine (a compute of `type: embedded`, e.g. `--compute local`)", code = self.code()
    )]
    Refused {
        /// The model.
        model: String,
        /// Why (the plan's `spark_refusal`).
        reason: String,
    },
    /// A planned type Spark SQL cannot hold.
    #[error(
        "{code}: model {model}: column '{column}' of {what} has type {ty}, which the Spark executor does not support; cast it in the model (e.g. to varchar) or run the model with --compute embedded", code = self.code()
    )]
    UnsupportedType {
        /// The model.
        model: String,
        /// The extract's sources.
        what: String,
        /// The column.
        column: String,
        /// Its canonical type.
        ty: String,
    },
    /// The compute's settings are unusable.
    #[error("{code}: compute '{compute}': {message}", code = self.code())]
    Config {
        /// The compute's name.
        compute: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// The result does not fit the planned output.
    #[error(
        "{code}: model {model}: Spark's result does not fit the planned output types: {message}", code = self.code()
    )]
    Result {
        /// The model.
        model: String,
        /// What did not fit.
        message: String,
    },
    /// The server stopped answering while a model ran.
    #[error(
        "{code}: model {model}: the Spark Connect server at {remote} (compute '{compute}') stopped answering while the model ran ({reason}); nothing was loaded into the target, which is as it was. Restart the server (`dvt sync --start`) and run the model again", code = self.code()
    )]
    Lost {
        /// The model.
        model: String,
        /// The compute's name.
        compute: String,
        /// The remote.
        remote: String,
        /// The last failed check.
        reason: String,
    },
    /// Spark's JDBC write into the staging table failed.
    #[error(
        "{code}: model {model}: Spark could not write the result into {table} of output '{output}' over JDBC: {message}; nothing was loaded into the target, which is as it was", code = self.code()
    )]
    Write {
        /// The model.
        model: String,
        /// The target output.
        output: String,
        /// The staging table.
        table: String,
        /// Spark's message (secrets redacted).
        message: String,
    },
    /// Staging an extract for Spark failed (or the server cannot read the staging directory).
    #[error(
        "{code}: compute '{compute}': {message}; free space there, set `staging_dir:` of compute '{compute}' in computes.yml to a directory both dvt and the Spark server read at the same path, or set `extracts: jdbc`", code = self.code()
    )]
    Staging {
        /// The compute's name.
        compute: String,
        /// What failed, naming the model, the extract and the path.
        message: String,
    },
}

impl SparkExecError {
    /// The stable code, e.g. `DVT510`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unreachable { .. } => "DVT510",
            Self::DriverMissing { .. } => "DVT511",
            Self::Extract { .. } => "DVT512",
            Self::Transform { .. } => "DVT513",
            Self::UnsupportedType { .. } => "DVT514",
            Self::Config { .. } => "DVT515",
            Self::Result { .. } => "DVT516",
            Self::Lost { .. } => "DVT517",
            Self::Write { .. } => "DVT518",
            Self::Refused { .. } => "DVT519",
            Self::Staging { .. } => "DVT520",
        }
    }
}

impl From<SparkExecError> for ExecError {
    /// An extract failure stays an [`ExecError::Extract`] (naming its output, as the embedded
    /// executor's do); everything else is an [`ExecError::Executor`] with this crate's code.
    fn from(e: SparkExecError) -> Self {
        let code = e.code();
        let message = e.to_string();
        match e {
            SparkExecError::Extract {
                model,
                what,
                connection,
                ..
            }
            | SparkExecError::DriverMissing {
                model,
                what,
                output: connection,
                ..
            } => ExecError::Extract {
                model,
                what,
                connection,
                code,
                message,
            },
            _ => ExecError::Executor { code, message },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_start_with_their_code_and_convert_to_exec_errors() {
        let errors = [
            SparkExecError::Unreachable {
                compute: "spark".into(),
                remote: "sc://127.0.0.1:1".into(),
                reason: "connection refused".into(),
            },
            SparkExecError::DriverMissing {
                model: "m".into(),
                what: "source.p.s.t".into(),
                remote: "sc://h:1".into(),
                output: "pg".into(),
                adapter: "postgres".into(),
                driver_class: "org.postgresql.Driver".into(),
                patterns: "postgresql*.jar".into(),
                hint: "install the Debian package libpostgresql-jdbc-java".into(),
            },
            SparkExecError::Extract {
                model: "m".into(),
                what: "source.p.s.t".into(),
                connection: "pg".into(),
                message: "boom".into(),
            },
            SparkExecError::Transform {
                model: "m".into(),
                message: "boom".into(),
            },
            SparkExecError::UnsupportedType {
                model: "m".into(),
                what: "x".into(),
                column: "c".into(),
                ty: "interval".into(),
            },
            SparkExecError::Config {
                compute: "c".into(),
                message: "no remote".into(),
            },
            SparkExecError::Result {
                model: "m".into(),
                message: "x".into(),
            },
            SparkExecError::Lost {
                model: "m".into(),
                compute: "c".into(),
                remote: "sc://h:1".into(),
                reason: "connection refused".into(),
            },
            SparkExecError::Write {
                model: "m".into(),
                output: "pg".into(),
                table: "\"public\".\"dvt_stg_m_r1\"".into(),
                message: "boom".into(),
            },
            SparkExecError::Staging {
                compute: "c".into(),
                message: "model m: cannot write /tmp/x: no space".into(),
            },
        ];
        let codes: Vec<_> = errors.iter().map(SparkExecError::code).collect();
        assert_eq!(
            codes,
            [
                "DVT510", "DVT511", "DVT512", "DVT513", "DVT514", "DVT515", "DVT516", "DVT517",
                "DVT518", "DVT520"
            ]
        );
        for e in errors {
            let text = e.to_string();
            assert!(text.starts_with(e.code()), "{text}");
            let x: ExecError = e.clone().into();
            assert_eq!(x.code(), e.code());
            assert!(x.to_string().contains(&text), "{x}");
        }
    }
}
