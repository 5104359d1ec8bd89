//! The seed's scenario: PostgreSQL → Snowflake.
//!
//! PostgreSQL holds `users` (with a JSONB `metadata` column) and `orders`; the model
//! `examples/projects/postgres_to_snowflake/models/user_orders.sql` is written in Snowflake SQL
//! (`PARSE_JSON(metadata):name::VARCHAR`, `DATEDIFF('day', …)`, `created_at::DATE`) and its
//! target is Snowflake. The planner pushes the join and the status filter down to PostgreSQL
//! (one extract), the compute runs the rest, and the rows are loaded atomically into Snowflake.
//! It prints the plan, the warnings — DVT002 for `country` (`char(2)` has no padded Snowflake
//! type) and the raw jsonb `metadata` (VARIANT rounds numbers beyond 38 digits), DVT008 on Spark
//! (the result passes through this process into Snowflake) — the timed steps and row counts.
//!
//! ```sh
//! scripts/services.sh start && source .dvt-services/env   # PostgreSQL, Snowflake emulator, Spark
//! cargo run --example postgres_to_snowflake                 # on Spark Connect (computes.yml default)
//! cargo run --example postgres_to_snowflake -- --compute embedded
//! ```
//!
//! Connections come from `DVT_PG_*` / `DVT_SF_*` / `DVT_SPARK_REMOTE` (see the project's
//! profiles.yml and computes.yml), falling back to the test services' `DVT_TEST_*` variables.
//! The source database `dvt_example_app` is created (replaced) on the PostgreSQL server.

use std::collections::BTreeMap;
use std::time::Instant;

use dvt::core::profiles::{Connection, DbKind};
use dvt::prelude::*;
use futures::TryStreamExt;

const APP_DB: &str = "dvt_example_app";

const SOURCE: &str = "
CREATE TABLE users (id bigint PRIMARY KEY, email varchar(320), country char(2), metadata jsonb,
                    created_at timestamp);
INSERT INTO users
SELECT g, 'user' || g || '@example.com', (ARRAY['DE', 'FR', 'US', 'JP'])[1 + g % 4],
       jsonb_build_object('name', 'User ' || g, 'plan', CASE WHEN g % 3 = 0 THEN 'pro' ELSE 'free' END),
       timestamp '2025-01-01' + g * interval '37 minutes'
FROM generate_series(1, 1000) g;
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, amount numeric(12,2),
                     status varchar(16), created_at timestamp);
INSERT INTO orders
SELECT g, 1 + (g * 7919) % 1000, round(((g * 37) % 10000) / 100.0, 2),
       CASE WHEN g % 5 = 0 THEN 'refunded' ELSE 'paid' END,
       timestamp '2026-01-01' + g * interval '11 minutes'
FROM generate_series(1, 5000) g;
ANALYZE users; ANALYZE orders;
";

/// `name` from the environment, else the test services' `fallback`, else `default`.
fn var(name: &str, fallback: &str, default: &str) -> String {
    std::env::var(name)
        .or_else(|_| std::env::var(fallback))
        .unwrap_or_else(|_| default.to_string())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut compute = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--compute" => compute = args.next(),
            other => anyhow::bail!("unknown argument {other} (use --compute NAME)"),
        }
    }

    // 1. The connections (the project's profiles.yml reads these variables).
    let mut env: BTreeMap<&str, String> = BTreeMap::new();
    env.insert(
        "DVT_PG_HOST",
        var("DVT_PG_HOST", "DVT_TEST_PG_HOST", "127.0.0.1"),
    );
    env.insert(
        "DVT_PG_PORT",
        var("DVT_PG_PORT", "DVT_TEST_PG_PORT", "5432"),
    );
    env.insert(
        "DVT_PG_USER",
        var("DVT_PG_USER", "DVT_TEST_PG_USER", "postgres"),
    );
    env.insert("DVT_PG_PASSWORD", var("DVT_PG_PASSWORD", "-", ""));
    env.insert("DVT_PG_DB", APP_DB.to_string());
    for (k, fallback, default) in [
        ("DVT_SF_ACCOUNT", "DVT_TEST_SNOW_ACCOUNT", "dvt_example"),
        ("DVT_SF_USER", "DVT_TEST_SNOW_USER", "dvt"),
        ("DVT_SF_PASSWORD", "DVT_TEST_SNOW_PASSWORD", ""),
        ("DVT_SF_DATABASE", "DVT_TEST_SNOW_DB", "ANALYTICS"),
        ("DVT_SF_SCHEMA", "-", "PUBLIC"),
    ] {
        env.insert(k, var(k, fallback, default));
    }
    if let Ok(host) = std::env::var("DVT_SF_HOST").or_else(|_| std::env::var("DVT_TEST_SNOW_HOST"))
    {
        env.insert("DVT_SF_HOST", host);
        env.insert(
            "DVT_SF_PORT",
            var("DVT_SF_PORT", "DVT_TEST_SNOW_PORT", "443"),
        );
        let protocol = if std::env::var("DVT_TEST_SNOW_URL").is_ok_and(|u| u.starts_with("http:")) {
            "http"
        } else {
            "https"
        };
        env.insert("DVT_SF_PROTOCOL", var("DVT_SF_PROTOCOL", "-", protocol));
    }
    if let Ok(remote) =
        std::env::var("DVT_SPARK_REMOTE").or_else(|_| std::env::var("DVT_TEST_SPARK_REMOTE"))
    {
        env.insert("DVT_SPARK_REMOTE", remote);
    }

    // 2. The source data on PostgreSQL.
    let t0 = Instant::now();
    let mut admin = Connection::new("admin", DbKind::Postgres);
    admin.host = Some(env["DVT_PG_HOST"].clone());
    admin.port = Some(env["DVT_PG_PORT"].parse()?);
    admin.user = Some(env["DVT_PG_USER"].clone());
    admin.database = Some(var("DVT_TEST_PG_DB", "-", "postgres"));
    let pg = dvt::connectors::open(&admin).await?;
    pg.execute(&format!("DROP DATABASE IF EXISTS {APP_DB} WITH (FORCE)"))
        .await?;
    pg.execute(&format!("CREATE DATABASE {APP_DB}")).await?;
    admin.database = Some(APP_DB.to_string());
    let app = dvt::connectors::open(&admin).await?;
    app.execute(SOURCE).await?;
    println!(
        "source data: 1,000 users and 5,000 orders in PostgreSQL database {APP_DB} ({:.1}s)\n",
        t0.elapsed().as_secs_f64()
    );

    // 3. The project (its sources' columns and types come from PostgreSQL's catalog as it
    //    plans), and the model's plan.
    let project_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/projects/postgres_to_snowflake");
    let mut options = OpenOptions::new(&project_dir).env_vars(env.clone());
    if let Some(c) = &compute {
        options = options.compute(c);
    }
    let session = Session::open(options)?;
    for name in session.models() {
        println!("{}", session.explain(&name).await?);
    }

    // 4. Run it: extract from PostgreSQL, transform on the compute, load into Snowflake.
    let results = session
        .run(RunOptions {
            threads: 1,
            ..RunOptions::default()
        })
        .await?;
    for r in &results.results {
        println!(
            "{:?} {} via {} in {:.3}s: {}",
            r.status, r.unique_id, r.path, r.execution_time, r.message
        );
        for s in &r.steps {
            let rows = s.rows.map(|n| format!(", {n} rows")).unwrap_or_default();
            println!("  step {}: {:.3}s{rows}", s.name, s.seconds);
        }
        for w in &r.warnings {
            println!("  {w}");
        }
    }
    if results.results.iter().any(|r| r.status != Status::Success) {
        anyhow::bail!("the model failed (see above)");
    }

    // 5. What landed in Snowflake.
    let target = session.runner().connectors().get("snowflake").await?;
    let s = target
        .extract("SELECT COUNT(*) AS \"rows\", SUM(\"orders\") AS \"orders\", SUM(\"revenue\") AS \"revenue\", MIN(\"user_name\") AS \"first_user\" FROM \"user_orders\"")
        .await?;
    let batches: Vec<_> = s.stream.try_collect().await?;
    println!(
        "\nuser_orders in Snowflake:\n{}",
        arrow_cast::pretty::pretty_format_batches(&batches)?
    );
    Ok(())
}
