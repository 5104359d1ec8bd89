//! A command-line tool of your own on the dvt crates: `plan` prints a model's plan as one JSON
//! line per extract, `run` builds a selection and prints a CSV summary — a different shape than
//! `dvt`'s, in about a hundred lines.
//!
//! ```sh
//! cargo run --example quickstart                                # makes the data, prints its folder
//! DVT_QUICKSTART_DATA=/tmp/dvt-quickstart-NNNN \
//!   cargo run --example custom_cli -- --project-dir examples/projects/quickstart plan customer_revenue
//! DVT_QUICKSTART_DATA=/tmp/dvt-quickstart-NNNN \
//!   cargo run --example custom_cli -- --project-dir examples/projects/quickstart run --select +top_countries
//! ```
//!
//! Without `DVT_QUICKSTART_DATA` and with `--demo`, it makes the quickstart's data itself in a
//! temporary folder first (what CI runs).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use dvt::connectors::sqlite::SqliteConnector;
use dvt::io::connector::Connector;
use dvt::prelude::*;

#[derive(Parser)]
#[command(name = "mytool", about = "A custom CLI built on the dvt crates")]
struct Cli {
    /// The dbt project.
    #[arg(long, default_value = ".")]
    project_dir: PathBuf,
    /// Make the quickstart's two SQLite "servers" in a temporary folder and use them.
    #[arg(long)]
    demo: bool,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// One JSON line per extract of a model's plan: where it runs and what it sends.
    Plan {
        /// The model.
        model: String,
    },
    /// Build models; one CSV line each: model,status,rows,seconds,code.
    Run {
        /// dbt-style selection terms.
        #[arg(long, num_args = 1..)]
        select: Vec<String>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("mytool: {} ({})", e, e.code());
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<ExitCode, Error> {
    let mut options = OpenOptions::new(&cli.project_dir);
    if cli.demo {
        let data = demo_data().await;
        options = options.env_vars([("DVT_QUICKSTART_DATA", data.display().to_string())]);
    }
    let session = Session::open(options)?;
    match cli.command {
        Cmd::Plan { model } => {
            let plan = session.plan(&model).await?;
            for x in &plan.extracts {
                let line = serde_json::json!({
                    "extract": x.name, "on": x.connection, "dialect": x.dialect, "sql": x.sql,
                });
                println!("{line}");
            }
            println!(
                "{}",
                serde_json::json!({"transform": plan.transform.datafusion_sql, "direct": plan.direct})
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Run { select } => {
            let results = session
                .run(RunOptions {
                    select,
                    ..RunOptions::default()
                })
                .await?;
            println!("model,status,rows,seconds,code");
            for r in &results.results {
                println!(
                    "{},{:?},{},{:.3},{}",
                    r.unique_id,
                    r.status,
                    r.rows,
                    r.execution_time,
                    r.code.as_deref().unwrap_or("")
                );
            }
            Ok(if results.failed() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

/// The quickstart's `crm.db` and `shop.db` in a fresh temporary folder.
async fn demo_data() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mytool-demo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let crm = "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, country TEXT);
               INSERT INTO customers VALUES (1, 'Ada', 'GB'), (2, 'Grace', 'US');";
    let shop = "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER,
                  amount NUMERIC(10,2), status TEXT, ordered_at TIMESTAMP);
                INSERT INTO orders VALUES (10, 1, 120.50, 'paid', '2026-11-02 09:15:00');";
    for (file, sql) in [("crm.db", crm), ("shop.db", shop)] {
        SqliteConnector::at(file, dir.join(file))
            .execute(sql)
            .await
            .expect("demo data");
    }
    dir
}
