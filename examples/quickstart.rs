//! Quickstart: a federated model on the embedded engine, no servers needed.
//!
//! Two SQLite files stand for two database servers — `crm.db` (customers) and `shop.db`
//! (orders) — and a third, `warehouse.db`, is the target. The project in
//! `examples/projects/quickstart` joins customers with their paid orders (federated: two
//! servers) and then aggregates that result by country (direct: it reads only the warehouse).
//!
//! ```sh
//! cargo run --example quickstart
//! ```

use dvt::connectors::sqlite::SqliteConnector;
use dvt::io::connector::Connector;
use dvt::prelude::*;
use futures::TryStreamExt;

const CRM: &str = "
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, country TEXT);
INSERT INTO customers VALUES
  (1, 'Ada', 'GB'), (2, 'Grace', 'US'), (3, 'Linus', 'FI'), (4, 'QA bot', 'test'), (5, 'Ken', 'US');
";

const SHOP: &str = "
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, amount NUMERIC(10,2),
                     status TEXT, ordered_at TIMESTAMP);
INSERT INTO orders VALUES
  (10, 1, 120.50, 'paid', '2026-11-02 09:15:00'),
  (11, 1, 30.00, 'refunded', '2026-11-03 10:00:00'),
  (12, 2, 99.99, 'paid', '2026-11-05 17:45:00'),
  (13, 2, 15.01, 'paid', '2026-11-20 08:30:00'),
  (14, 3, 42.00, 'paid', '2026-11-21 12:00:00'),
  (15, 4, 1.00, 'paid', '2026-11-22 12:00:00'),
  (16, NULL, 5.00, 'paid', '2026-11-23 12:00:00');
";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // 1. Two "servers" with data, and an empty warehouse.
    let data = std::env::temp_dir().join(format!("dvt-quickstart-{}", std::process::id()));
    std::fs::create_dir_all(&data)?;
    for (file, sql) in [("crm.db", CRM), ("shop.db", SHOP)] {
        let path = data.join(file);
        let _ = std::fs::remove_file(&path);
        SqliteConnector::at(file, &path).execute(sql).await?;
    }
    let _ = std::fs::remove_file(data.join("warehouse.db"));
    println!("data in {}\n", data.display());

    // 2. Open the project (its profile reads the data folder from DVT_QUICKSTART_DATA), EXPLAIN
    //    every model, then run the DAG: customer_revenue federated on the embedded engine,
    //    top_countries directly on the warehouse.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/projects/quickstart");
    let data_dir = data.display().to_string();
    let session =
        Session::open(OpenOptions::new(dir).env_vars([("DVT_QUICKSTART_DATA", data_dir)]))?;
    for model in session.models() {
        println!("{}", session.explain(&model).await?);
    }
    let results = session.run(RunOptions::default()).await?;
    for r in &results.results {
        println!(
            "{:?} {} via {} in {:.3}s: {}",
            r.status, r.unique_id, r.path, r.execution_time, r.message
        );
    }
    for w in session.warnings() {
        println!("  {w}");
    }
    anyhow::ensure!(!results.failed(), "the quickstart failed");

    // 3. The result, read back from the warehouse.
    let warehouse = SqliteConnector::at("warehouse", data.join("warehouse.db"));
    for table in ["customer_revenue", "top_countries"] {
        let s = warehouse
            .extract(&format!("SELECT * FROM {table} ORDER BY 1"))
            .await?;
        let batches: Vec<_> = s.stream.try_collect().await?;
        println!(
            "\n{table}:\n{}",
            arrow_cast::pretty::pretty_format_batches(&batches)?
        );
    }
    Ok(())
}
