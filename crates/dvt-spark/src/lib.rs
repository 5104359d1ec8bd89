//! `dvt-spark`: the Spark Connect executor — runs a [`dvt_planner::FederationPlan`] on a Spark
//! Connect server (`type: spark` with `remote: sc://host:port` in computes.yml, or
//! `dvt run --compute <name>`), through Apache's pure-Rust client (`apache-spark-connect`).
//!
//! ## What happens
//! 1. **Connect** (once per compute and run): a TCP check of the remote (refused, reset or
//!    timed-out connects are retried twice, half a second apart; anything else fails at once),
//!    then the server's version is asked, bounded — an unreachable remote is DVT510 naming it
//!    and saying to run `dvt sync --start`. Every plan then gets its **own server-side
//!    session** (so models running side by side cannot see each other's temp views), with
//!    `spark.sql.session.timeZone=UTC` and the compute's `config:` set on it.
//! 2. **Extracts** (at most `max_parallel_extracts` at once): each `plan.extracts[i]` becomes a
//!    Spark JDBC read of its pushed query, already in the source's dialect, as
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
//! 3. **Transform**: `plan.transform.spark_sql` runs on the session; the result is collected as
//!    Arrow 58 batches, moved zero-copy into the workspace's Arrow 59 through the Arrow C data
//!    interface ([`bridge`]) and cast (checked) to the plan's output schema.
//! 4. **Load** (not here): `dvt run` writes the returned stream into the target with the same
//!    atomic native-connector load as for the embedded engine (staging table, then swap). Spark
//!    does not write into the target itself yet (a JDBC write into the staging table is a later
//!    step).
//!
//! ## Types (planned type → Spark SQL type of the extract's column)
//! | planned | Spark | notes |
//! |---|---|---|
//! | boolean, tinyint/smallint/integer/bigint | BOOLEAN, TINYINT/SMALLINT/INT/BIGINT | unsigned types widen (uint64 → DECIMAL(20,0)) |
//! | real / double | FLOAT / DOUBLE | |
//! | decimal(p,s), p ≤ 38 | DECIMAL(p,s) | read as DECIMAL(p,s) by the JDBC reader itself (`customSchema`): Spark's own mapping of a driver's DECIMAL(q > 38, s) drops fraction digits; p > 38 is DVT514 |
//! | varchar, text, json, uuid, unknown native types | STRING | |
//! | char(n) | STRING without trailing blanks | padding, as in the embedded engine (PAD SPACE) |
//! | binary | BINARY | |
//! | date | DATE | |
//! | timestamp(p) | TIMESTAMP_NTZ | µs: Spark's only precision |
//! | timestamptz(p) | TIMESTAMP (UTC session) | |
//! | time, interval, arrays, decimal(p > 38) | — | DVT514: cast them in the model or use `--compute embedded` |
//!
//! ## Not supported (yet)
//! - `master:` without `remote:` (dvt does not start Spark itself; `dvt sync --start` or
//!   `scripts/services.sh start` start a local Connect server);
//! - partitioned reads (`partition_column` of a source) and join-key pushdown: Spark reads each
//!   extract over one JDBC connection;
//! - streaming the result: it is collected on the client before the load (size the Spark
//!   driver for it);
//! - per-extract row counts in `run_results.json` (Spark reads the extracts inside its job);
//! - sources whose JDBC driver the server lacks (DVT511 names the jar and its Debian package).
//!
//! ## Errors
//! [`SparkExecError`], codes DVT510–DVT516; see [`error`]. They convert into
//! [`dvt_engine::ExecError`] (an extract's stays an `ExecError::Extract` naming its output).

// Errors carry Spark's full message; they are the cold path.
#![allow(clippy::result_large_err)]

pub mod bridge;
pub mod error;
pub mod executor;
pub mod remote;
pub mod types;

pub use error::SparkExecError;
pub use executor::{DEFAULT_FETCHSIZE, SparkConnectExecutor, SparkExecutorFactory};
