//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// dvt: run dbt-style SQL models across databases.
#[derive(Debug, Parser)]
#[command(name = "dvt", version, about, long_about = None)]
pub struct Cli {
    /// Log level for stderr (error, warn, info, debug, trace); `RUST_LOG` overrides it.
    #[arg(long, global = true)]
    pub log_level: Option<String>,

    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the project's models: where each lands and whether it needs federation.
    Ls {
        /// Project flags.
        #[command(flatten)]
        project: ProjectArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Output::Text)]
        output: Output,
    },
    /// Translate SQL read on stdin from one dialect to another (warnings on stderr), or print
    /// what the translator does with each function of its catalog (`--coverage`).
    Translate {
        /// The dialect the SQL is written in (snowflake, postgres, spark, databricks, duckdb,
        /// datafusion, mysql, mariadb, sqlite, bigquery, redshift, tsql, trino).
        #[arg(long, required_unless_present = "coverage")]
        from: Option<String>,
        /// The dialect to write.
        #[arg(long, required_unless_present = "coverage")]
        to: Option<String>,
        /// Read one expression instead of statements.
        #[arg(long)]
        expr: bool,
        /// Print the coverage report (Markdown): for every catalog function and target
        /// dialect, translated, warned or refused.
        #[arg(long, conflicts_with_all = ["from", "to", "expr"])]
        coverage: bool,
    },
    /// Show how a model runs: every extract query with its source, the pushed predicates, the
    /// transform (embedded and Spark SQL), the output types and the warnings.
    Explain {
        /// Project flags.
        #[command(flatten)]
        project: ProjectArgs,
        /// The model (name or unique_id).
        #[arg(long, short = 's')]
        select: String,
        /// Output format (json: the serialized FederationPlan).
        #[arg(long, value_enum, default_value_t = Output::Text)]
        output: Output,
    },
    /// Build the selected models (all by default) in DAG order: same-server models directly on
    /// their target, federated ones through the compute; writes target/run_results.json.
    Run {
        /// Project flags.
        #[command(flatten)]
        project: ProjectArgs,
        /// Models to build: names, `+model` (with ancestors), `model+` (with descendants),
        /// `tag:x`; several are a union.
        #[arg(long, short = 's', num_args = 1..)]
        select: Vec<String>,
        /// The compute that runs federated models (a name from computes.yml, e.g. `embedded`).
        #[arg(long)]
        compute: Option<String>,
        /// Models built at once (at least 1).
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..))]
        threads: u16,
    },
    /// Make a local Spark Connect server available: check Java 17, install pyspark (its PyPI
    /// sdist bundles the server) into a managed venv and the Debian JDBC drivers, write
    /// computes.yml if absent; `--start` / `--stop` / `--status` manage the server on the port
    /// of computes.yml's Spark `remote` (default sc://127.0.0.1:15002).
    Sync {
        /// Project flags (computes.yml is read from and written to the project directory).
        #[command(flatten)]
        project: ProjectArgs,
        /// Also start the server.
        #[arg(long, conflicts_with_all = ["stop", "status"])]
        start: bool,
        /// Stop the server.
        #[arg(long, conflicts_with = "status")]
        stop: bool,
        /// Report what is installed and whether the server answers (exit 1 if not).
        #[arg(long)]
        status: bool,
    },
    /// Check the profile's outputs and the computes configuration, and connect to every
    /// output.
    Debug {
        /// Project flags.
        #[command(flatten)]
        project: ProjectArgs,
        /// Only check the configuration; do not connect.
        #[arg(long)]
        offline: bool,
    },
}

/// Flags every project command takes.
#[derive(Debug, Clone, Args)]
pub struct ProjectArgs {
    /// The dbt project directory (holds dbt_project.yml).
    #[arg(long, default_value = ".")]
    pub project_dir: PathBuf,
    /// Where profiles.yml is (default: $DBT_PROFILES_DIR, the project directory, ~/.dbt/).
    #[arg(long)]
    pub profiles_dir: Option<PathBuf>,
    /// The output every model is written to (overrides model configs and the profile's target).
    #[arg(long)]
    pub target: Option<String>,
    /// Project vars as a YAML mapping, e.g. '{days: 7}'.
    #[arg(long)]
    pub vars: Option<String>,
    /// Read the project from dbt's manifest.json instead of its files.
    #[arg(long)]
    pub manifest: Option<PathBuf>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// For people.
    Text,
    /// For programs.
    Json,
}
