//! The front door (`dvt::Session`) on the quickstart project, no servers: plan, explain, run a
//! held plan, query a model without loading it, run a selection, one coded error type, every
//! warning in one place.

use dvt::connectors::sqlite::SqliteConnector;
use dvt::io::connector::Connector;
use dvt::prelude::*;
use futures::TryStreamExt;

/// The quickstart's two SQLite "servers" in a fresh folder, and the project opened on them.
async fn quickstart() -> (tempfile::TempDir, Session) {
    let data = tempfile::tempdir().unwrap();
    SqliteConnector::at("crm", data.path().join("crm.db"))
        .execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, country TEXT); INSERT INTO customers VALUES (1, 'Ada', 'GB'), (2, 'Bo', 'US')")
        .await
        .unwrap();
    SqliteConnector::at("shop", data.path().join("shop.db"))
        .execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, amount NUMERIC(10,2), status TEXT, ordered_at TIMESTAMP); INSERT INTO orders VALUES (1, 1, 2.50, 'paid', '2026-01-01 00:00:00'), (2, 2, 1.00, 'open', '2026-01-02 00:00:00')")
        .await
        .unwrap();
    // A copy of the project, so its target/ artifacts land in the temp folder.
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/projects/quickstart");
    let dir = data.path().join("project");
    for rel in [
        "dbt_project.yml",
        "profiles.yml",
        "computes.yml",
        "models/sources.yml",
        "models/customer_revenue.sql",
        "models/top_countries.sql",
    ] {
        let to = dir.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(src.join(rel), to).unwrap();
    }
    let data_dir = data.path().display().to_string();
    let session =
        Session::open(OpenOptions::new(&dir).env_vars([("DVT_QUICKSTART_DATA", data_dir)]))
            .unwrap();
    (data, session)
}

#[tokio::test]
async fn plan_explain_run_a_held_plan_and_query() {
    let (data, session) = quickstart().await;
    assert_eq!(session.models(), ["customer_revenue", "top_countries"]);
    let plan = session.plan("customer_revenue").await.unwrap();
    assert!(!plan.direct);
    assert!(
        session
            .explain("customer_revenue")
            .await
            .unwrap()
            .contains("extract")
    );
    // The rows without loading them anywhere.
    let stream = session.query("customer_revenue").await.unwrap();
    let batches: Vec<_> = stream.stream.try_collect().await.unwrap();
    assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 2);
    let wh = data.path().join("warehouse.db");
    if wh.exists() {
        let tables = SqliteConnector::at("wh", &wh).catalog(None).await.unwrap();
        assert!(tables.is_empty(), "a query loads nothing: {tables:?}");
    }
    // The plan held above is run as it is.
    let run = session.run_plan(plan).await.unwrap();
    assert_eq!(run.outcome.rows_affected, 2);
    // Warnings of planning (DVT009 from the declared override, DVT007) are all here.
    let codes: Vec<WarningCode> = session.warnings().iter().map(|w| w.code).collect();
    assert!(codes.contains(&WarningCode::Dvt009), "{codes:?}");
    assert!(codes.contains(&WarningCode::Dvt007), "{codes:?}");
}

#[tokio::test]
async fn run_a_selection_and_errors_carry_their_code() {
    let (_data, session) = quickstart().await;
    let results = session
        .run(RunOptions {
            select: vec!["+top_countries".into()],
            threads: 1,
            ..RunOptions::default()
        })
        .await
        .unwrap();
    assert!(!results.failed());
    assert_eq!(results.results.len(), 2);
    assert!(results.results.iter().all(|r| r.status == Status::Success));
    let e = session.plan("nope").await.unwrap_err();
    assert_eq!(e.code(), "DVT115", "{e}");
    let e = session
        .run(RunOptions {
            select: vec!["nope".into()],
            ..RunOptions::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), "DVT115");
}

/// A planner of a library user's own: it counts the models it plans and delegates.
#[derive(Debug, Default)]
struct Counting(std::sync::atomic::AtomicUsize);

#[async_trait::async_trait]
impl dvt::planner::Planner for Counting {
    async fn plan(
        &self,
        input: &dvt::planner::plan::PlanInput,
    ) -> Result<FederationPlan, dvt::planner::PlanError> {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        dvt::planner::DataFusionPlanner.plan(input).await
    }
}

#[tokio::test]
async fn the_runner_plans_with_the_planner_it_is_given() {
    let (data, _) = quickstart().await;
    let counting = std::sync::Arc::new(Counting::default());
    let session = Session::open(
        OpenOptions::new(data.path().join("project"))
            .env_vars([("DVT_QUICKSTART_DATA", data.path().display().to_string())])
            .planner(counting.clone()),
    )
    .unwrap();
    session.plan("customer_revenue").await.unwrap();
    assert_eq!(counting.0.load(std::sync::atomic::Ordering::SeqCst), 1);
    // top_countries refs customer_revenue, whose columns are not declared: planned first.
    session.plan("top_countries").await.unwrap();
    assert_eq!(counting.0.load(std::sync::atomic::Ordering::SeqCst), 3);
}
