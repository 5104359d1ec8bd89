//! An executor of your own, registered for a computes.yml `type:` of your own: `logged` logs
//! each plan it is given (extracts and transform) and hands it to the embedded engine.
//!
//! ```sh
//! cargo run --example custom_executor
//! ```
//!
//! It makes the quickstart's data and a copy of its project in a temporary folder, whose
//! computes.yml says `default: {target: audit}` with `audit: {type: logged}`, and runs it.

use std::sync::Arc;

use async_trait::async_trait;
use dvt::connectors::sqlite::SqliteConnector;
use dvt::core::computes::Compute;
use dvt::core::env::Environment;
use dvt::engine::{
    Connectors, EmbeddedExecutor, ExecError, Execution, Executor, ExecutorFactory, PartitionPolicy,
};
use dvt::io::connector::Connector;
use dvt::prelude::*;

/// Logs the plan, then runs it on the embedded engine.
#[derive(Debug)]
struct Logged {
    compute: String,
    inner: EmbeddedExecutor,
}

#[async_trait]
impl Executor for Logged {
    fn kind(&self) -> &'static str {
        "logged"
    }

    async fn execute(
        &self,
        plan: &FederationPlan,
        connectors: &Connectors,
    ) -> Result<Execution, ExecError> {
        println!("[{}] model {}", self.compute, plan.model);
        for x in &plan.extracts {
            println!(
                "[{}]   extract on {}: {}",
                self.compute, x.connection, x.sql
            );
        }
        println!(
            "[{}]   transform: {}",
            self.compute, plan.transform.datafusion_sql
        );
        self.inner.execute(plan, connectors).await
    }
}

/// Makes a [`Logged`] for every compute of `type: logged`.
#[derive(Debug)]
struct LoggedFactory;

impl ExecutorFactory for LoggedFactory {
    fn kind(&self) -> &'static str {
        "logged"
    }

    fn create(
        &self,
        name: &str,
        _compute: &Compute,
        _env: &dyn Environment,
        partitioning: &PartitionPolicy,
    ) -> Result<Arc<dyn Executor>, ExecError> {
        Ok(Arc::new(Logged {
            compute: name.to_string(),
            inner: EmbeddedExecutor {
                partitioning: partitioning.clone(),
                ..EmbeddedExecutor::default()
            },
        }))
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("dvt-custom-executor-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let project = dir.join("project");
    let quickstart =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/projects/quickstart");
    for rel in [
        "dbt_project.yml",
        "profiles.yml",
        "models/sources.yml",
        "models/customer_revenue.sql",
        "models/top_countries.sql",
    ] {
        std::fs::create_dir_all(project.join(rel).parent().unwrap_or(&project))?;
        std::fs::copy(quickstart.join(rel), project.join(rel))?;
    }
    std::fs::write(
        project.join("computes.yml"),
        "default:\n  target: audit\n  computes:\n    audit: {type: logged}\n",
    )?;
    SqliteConnector::at("crm", dir.join("crm.db"))
        .execute("CREATE TABLE customers (id INTEGER, name TEXT, country TEXT); INSERT INTO customers VALUES (1, 'Ada', 'GB')")
        .await?;
    SqliteConnector::at("shop", dir.join("shop.db"))
        .execute("CREATE TABLE orders (id INTEGER, customer_id INTEGER, amount NUMERIC(10,2), status TEXT, ordered_at TIMESTAMP); INSERT INTO orders VALUES (1, 1, 9.50, 'paid', '2026-01-01 00:00:00')")
        .await?;

    let session = Session::open(
        OpenOptions::new(&project)
            .env_vars([("DVT_QUICKSTART_DATA", dir.display().to_string())])
            .executor(Arc::new(LoggedFactory)),
    )?;
    let results = session.run(RunOptions::default()).await?;
    for r in &results.results {
        println!("{} {:?} via {}", r.unique_id, r.status, r.path);
    }
    anyhow::ensure!(!results.failed(), "the run failed");
    anyhow::ensure!(
        results
            .results
            .iter()
            .any(|r| r.path.contains("federated (audit)")),
        "the federated model ran on the custom compute"
    );
    Ok(())
}
