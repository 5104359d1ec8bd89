//! `dvt-spark`: the Spark Connect executor — runs a [`dvt_planner::FederationPlan`] on a Spark
//! Connect server (`type: spark` with `remote: sc://host:port` in computes.yml, or
//! `dvt run --compute <name>`), through Apache's pure-Rust client (`apache-spark-connect`).
//!
//! In the pipeline it is one executor of the execute stage: [`SparkExecutorFactory`] serves the
//! computes of `type: spark`, registered with
//! [`dvt_engine::ProjectRunner::with_executor_factory`] (the `dvt` crate's runner and `dvt run`
//! do so), and makes one [`SparkConnectExecutor`] per compute and run. The planner has already
//! written each extract in its source's dialect and the transform in Spark SQL. The sources are
//! read either by dvt, which stages each extract as Parquet files Spark reads (`extracts:
//! staged`, and `auto` when the server can read the staging directory; see [`staging`]), or by
//! the Spark server itself over JDBC ([`dvt_jdbc`]; `extracts: jdbc`).
//!
//! Making an executor connects to nothing (the first plan does), so the choices it makes can
//! be seen without a server:
//!
//! ```
//! use dvt_core::computes::Compute;
//! use dvt_core::env::MapEnv;
//! use dvt_engine::{ExecutorFactory, PartitionPolicy};
//! use dvt_spark::SparkExecutorFactory;
//! use dvt_spark::types::{column_expr, spark_type};
//! use dvt_types::DvtType;
//!
//! // computes.yml: `spark: {type: spark, remote: sc://spark.internal:15002}`
//! let spark = |remote: Option<&str>, master: Option<&str>| Compute::Spark {
//!     remote: remote.map(Into::into),
//!     master: master.map(Into::into),
//!     config: Default::default(),
//!     jdbc_jars_dir: None,
//!     max_parallel_extracts: None,
//!     extracts: Default::default(),
//!     staging_dir: None,
//! };
//! let (env, partitioning) = (MapEnv::default(), PartitionPolicy::default());
//! assert_eq!(SparkExecutorFactory.kind(), "spark");
//! let executor = SparkExecutorFactory
//!     .create("spark", &spark(Some("sc://spark.internal:15002"), None), &env, &partitioning)
//!     .unwrap();
//! assert_eq!(executor.kind(), "spark");
//! // Rows that come back for dvt's native load pass through dvt's process: DVT008.
//! assert!(executor.computes_elsewhere());
//! // dvt does not start Spark: `master:` without `remote:` is DVT515.
//! let err = SparkExecutorFactory
//!     .create("local", &spark(None, Some("local[*]")), &env, &partitioning)
//!     .unwrap_err();
//! assert_eq!(err.code(), "DVT515");
//!
//! // An extract's column as Spark reads it (the types table below); an interval is DVT514.
//! let amount: DvtType = "decimal(15,2)".parse().unwrap();
//! assert_eq!(column_expr("amount", &amount).unwrap(), "CAST(`amount` AS DECIMAL(15,2)) AS `amount`");
//! assert_eq!(spark_type(&DvtType::Interval), None);
//! ```
//!
//! ## What happens
//! 1. **Connect** (once per compute and run): a TCP check of the remote (refused, reset or
//!    timed-out connects are retried twice, half a second apart; anything else fails at once),
//!    then the server's version is asked, bounded — an unreachable remote is DVT510 naming it
//!    and saying to run `dvt sync --start`. Every plan then gets its **own server-side
//!    session** (so models running side by side cannot see each other's temp views), with
//!    `spark.sql.session.timeZone=UTC` and the compute's `config:` set on it.
//! 2. **Extracts**, staged: every extract is read by dvt's native connectors as on the embedded
//!    engine and written as Parquet files into a fresh directory under `staging_dir`; each is
//!    registered as a temp view of its files, renamed and cast to the planned types as below;
//!    the directory is deleted after the job. Or, over JDBC (at most `max_parallel_extracts`
//!    at once): each `plan.extracts[i]` becomes a Spark JDBC read of its pushed query, already in the source's dialect, as
//!    `dbtable = (<sql>) dvt_extract` (the derived-table form every driver accepts, SQLite's
//!    and Oracle's included), with the URL, driver class and properties of [`dvt_jdbc`] — the
//!    user and password travel as Spark options only, and every message Spark returns about a
//!    read is redacted with them — and `fetchsize` ([`DEFAULT_FETCHSIZE`]); PostgreSQL, MySQL
//!    and MariaDB sessions are set to UTC, as the native connectors' are (a pushed
//!    `CURRENT_DATE` is the UTC day). Its columns are renamed by position to the planned names
//!    and cast to the planned types (table below), and it is registered as a temp view named as
//!    the transform reads it. Registering makes Spark resolve the query's schema on the source,
//!    so a wrong query, an unreachable database or a missing driver fails here, naming the
//!    extract.
//! 3. **Transform**: `plan.transform.spark_sql` runs on the session.
//! 4. **Load**, by target:
//!    - **PostgreSQL, MySQL, MariaDB** ([`dvt_jdbc::SPARK_WRITES`]): dvt creates the staging
//!      table `dvt_stg_<model>_<run id>` on the target with the TypeMapper's DDL (as for the
//!      embedded engine: same types, same DVT002 warnings), Spark appends the result into it
//!      with its JDBC writer (`mode=append`, `batchsize` 10,000; the result is renamed by
//!      position and cast to the planned types first), and dvt swaps it into place in one
//!      atomic step ([`dvt_io::load::OpenStaging`]). The rows never pass through dvt.
//!    - **SQLite, Snowflake** and every other target: the result is collected as Arrow 58
//!      batches, moved zero-copy into the workspace's Arrow 59 through the Arrow C data
//!      interface (`dvt_io::arrow58`), cast (checked) to the plan's output schema and loaded by dvt's
//!      native connector (same staging table and swap). The run warns **DVT008**: the whole
//!      result passes through dvt's process (size it for that). SQLite because its file is
//!      local to dvt and its JDBC driver stores dates as epoch milliseconds; Snowflake because
//!      no Snowflake JDBC driver can be installed from the package registries.
//!
//! A failure anywhere leaves the target table as it was: a failed write (DVT518) or a server
//! that goes away mid-run (DVT517) drops the staging table.
//!
//! ## A server that goes away
//! The client retries an unavailable server for many minutes, so every call dvt makes is
//! watched: the server's port is checked every second, and three refused checks in a row (or
//! a call that fails while the port is refused) end the model with DVT517, naming the remote.
//! The abandoned call may keep retrying in a background thread; `dvt run` does not wait for it.
//!
//! ## Partitioned reads
//! An extract the run's [`dvt_engine::PartitionPolicy`] splits — a source configured with
//! `meta: {partition_column, partitions}`, or a table the catalog estimates at ≥ 1,000,000
//! rows with a one-column integer primary key (the same rule as the embedded engine; the
//! estimate is skipped when this process cannot reach the source) — is read by Spark with
//! `partitionColumn`, `lowerBound`/`upperBound` (the key's MIN/MAX, read by the native
//! connector) and `numPartitions`. Spark's reader puts NULL keys and keys below the first
//! stride into the first partition and keys above the last into the last, so every row is
//! read once. Unlike the embedded engine on PostgreSQL, the partitions are separate
//! transactions (no shared snapshot): a source written to during the read can be read
//! inconsistently.
//!
//! ## Types (planned type → Spark SQL type of the extract's column)
//! | planned | Spark | notes |
//! |---|---|---|
//! | boolean, tinyint/smallint/integer/bigint | BOOLEAN, TINYINT/SMALLINT/INT/BIGINT | unsigned types widen (uint64 → DECIMAL(20,0)) |
//! | real / double | FLOAT / DOUBLE | |
//! | decimal(p,s), p ≤ 38 | DECIMAL(p,s) | read as DECIMAL(p,s) by the JDBC reader itself (`customSchema`): Spark's own mapping of a driver's DECIMAL(q > 38, s) drops fraction digits; p > 38 is DVT514 |
//! | varchar, text, json, json_text, uuid, unknown native types | STRING | |
//! | char(n) | STRING without trailing blanks | padding, as in the embedded engine (PAD SPACE) |
//! | binary | BINARY | |
//! | date | DATE | |
//! | timestamp(p) | TIMESTAMP_NTZ | µs: Spark's only precision |
//! | timestamptz(p) | TIMESTAMP (UTC session) | |
//! | time, interval, arrays, decimal(p > 38) | — | DVT514: cast them in the model or use `--compute embedded` |
//!
//! Join keys are pushed as on the embedded engine: staged extracts are read by the embedded
//! engine's own dataflow ([`dvt_engine::extract_streams`]); for JDBC reads
//! (`dvt_engine::key_pushed_sql`) the small side of a cross-source join is read natively first
//! and Spark's JDBC read of the other side gets `key IN (…)`.
//!
//! Staged files are written into a fresh directory under `staging_dir` that only the user dvt
//! runs as can read (mode 0700): the server must run as that user (the probe of `extracts:
//! auto` finds out, and falls back to JDBC reads when it cannot read them).
//!
//! ## Not supported (yet)
//! - `master:` without `remote:` (dvt does not start Spark itself; `dvt sync --start` or
//!   `scripts/services.sh start` start a local Connect server);
//! - per-extract row counts of JDBC reads in `run_results.json` (Spark reads them inside its
//!   job; the extract steps list their partitions only; staged extracts are counted);
//! - sources whose JDBC driver the server lacks (DVT511 names the jar and its Debian package).
//!
//! ## Errors
//! [`SparkExecError`], codes DVT510–DVT518; see [`error`]. They convert into
//! [`dvt_engine::ExecError`] (an extract's stays an `ExecError::Extract` naming its output).

// Errors carry Spark's full message; they are the cold path.
#![allow(clippy::result_large_err)]

pub mod error;
pub mod executor;
pub mod remote;
pub mod staging;
pub mod types;

pub use error::SparkExecError;
pub use executor::{DEFAULT_FETCHSIZE, SparkConnectExecutor, SparkExecutorFactory};
