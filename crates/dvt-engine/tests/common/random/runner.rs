//! The random differential's run: the world (the six tables loaded on the three servers and
//! on the oracle, their columns discovered as for a dbt source listed by name only), the
//! planning of each query, its execution by the [`Suite`]'s executor, and the comparison with
//! the oracle.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use dvt_core::profiles::{Connection, DbKind, Profile};
use dvt_engine::{Connectors, Executor};
use dvt_io::connector::TableName;
use dvt_planner::plan::{PlanInput, Relation, RelationKind, Strategy, merge_columns};
use dvt_planner::{DataFusionPlanner, FederationPlan, Planner};
use dvt_types::DvtType;
use futures::StreamExt;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};

use super::super::{
    Db, Table, diff_multisets, load_duck, load_maria, load_pg, load_sqlite, rows_of,
};
use super::data::{TABLES, placement, tables};
use super::query::{Limit, Query};
use super::strategy::query;

/// Relative tolerance of numeric comparisons (absolute below 1): decimal quotients and
/// averages must keep PostgreSQL's significant digits.
pub const TOLERANCE: f64 = 1e-12;

/// Minimal queries every suite runs before its own: plans whose transform was once the
/// model's own SQL (which Spark SQL read with other semantics) and is now written from the
/// optimized plan: `IN` / `EXISTS` under `OR` (a mark join) over `date - date`, decimal
/// division and AVG, an `IN` tested for NULL, and a filter the optimizer proves false.
pub const WRITTEN_FROM_THE_PLAN: &[&str] = &[
    "SELECT x0.k AS c0 FROM {a} x0 WHERE x0.v = 1 OR x0.k IN (SELECT y.k FROM {c} y WHERE y.d - DATE '2000-01-01' > 3)",
    "SELECT AVG(x0.n) AS c0, SUM(x0.n / 7) AS c1 FROM {a} x0 WHERE x0.v > 0 OR EXISTS (SELECT 1 FROM {b} y WHERE y.k = x0.k)",
    "SELECT x0.k AS c0 FROM {a} x0 WHERE (x0.k IN (SELECT y.k FROM {e} y)) IS NULL",
    "SELECT x0.k AS c0 FROM {d} x0 WHERE (x0.v NOT IN (SELECT y.v FROM {f} y)) IS NOT NULL OR x0.k = 2",
    "SELECT x0.k AS c0, x1.s AS c1 FROM {a} x0 JOIN {b} x1 ON x0.k = x1.k WHERE 1 = 0",
];

/// A known bug: (name, does this query, its plan and the problem show it).
/// The plan is `None` when the query did not plan (the problem is then the planner's error).
pub type Known = (
    &'static str,
    fn(&Query, Option<&FederationPlan>, &str) -> bool,
);

/// A known bug of DataFusion 55 that both suites meet while planning.
pub const SAME_NAMED_SUBQUERY_AGGREGATES: Known = (
    "two aggregates over different CASEs of an `IN (subquery)` or `EXISTS` in one SELECT: DataFusion 55 names every such subquery `IN` / `EXISTS` in an expression's schema name, so both aggregates get one name and the model is refused with DVT313 (`Schema contains duplicate unqualified field name`)",
    |_, plan, p| plan.is_none() && p.contains("duplicate unqualified field name"),
);

/// One executor's run of the random differential.
pub struct Suite {
    /// The executor in messages (`embedded`, `spark`).
    pub name: &'static str,
    /// The executor under test.
    pub executor: Arc<dyn Executor>,
    /// The environment variable that sets the number of cases.
    pub cases_var: &'static str,
    /// Cases when it is unset.
    pub cases: u32,
    /// Minimal queries (tables as `{a}` … `{f}`) run before the random ones; any failure
    /// fails the test.
    pub regressions: &'static [&'static str],
    /// The known bugs of this executor.
    pub known: KnownBugs,
    /// Whether table `f` lives in a DuckDB file instead of SQLite (an executor that reads
    /// DuckDB; the `duckdb` connector feature, see `require_duckdb`).
    pub duckdb: bool,
}

/// Known bugs the generator still produces: a case that shows one is counted and printed, not
/// failed. The test fails when a common one (not in `rare`) no longer shows up at all in a run
/// of at least `min_cases` cases (then remove it).
pub struct KnownBugs {
    /// The bugs.
    pub list: &'static [Known],
    /// Known bugs (by the start of their name) that a run hits only a few times or not at all.
    pub rare: &'static [&'static str],
    /// Below this many cases a known bug may simply not have been generated.
    pub min_cases: u32,
}

impl Suite {
    /// Run it (on a thread of its own: building proptest's value trees for these nested
    /// strategies recurses deeper than a test thread's 2 MiB stack in debug builds). Skipped,
    /// with a note, without the test services.
    pub fn run(self) {
        std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || random_queries(&self))
            .unwrap()
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
    }

    /// The number of cases: `cases_var`, else the default.
    fn case_count(&self) -> u32 {
        std::env::var(self.cases_var)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(self.cases)
    }
}

/// The six tables on their servers, the profile's outputs and connectors, and each table's
/// discovered columns.
struct World {
    /// Connection of each output (`pg`, `maria`, `lite`, `wh`).
    outputs: BTreeMap<String, Connection>,
    connectors: Connectors,
    executor: Arc<dyn Executor>,
    /// Schema of each table's relation (None on SQLite).
    schema: BTreeMap<Db, Option<String>>,
    /// Each table's columns as discovered from its database's catalog (no declared types, as
    /// a dbt project lists sources by name).
    columns: BTreeMap<String, Vec<(String, DvtType)>>,
    /// Executions in which some extract was filtered to another's join keys.
    keys_pushed: std::sync::atomic::AtomicU32,
    /// Whether table `f` lives in the DuckDB file (see [`Suite::duckdb`]).
    duck: bool,
}

/// Every other query (by its text, so a shrunk case keeps its strategy) forces data movement
/// (`move`: its other servers' tables staged on PostgreSQL where it reads a PostgreSQL table),
/// the others let the cost model choose: both are compared with the oracle.
fn strategy_of(template: &str) -> Strategy {
    let h = template
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    match h % 2 {
        0 => Strategy::Auto,
        _ => Strategy::Move,
    }
}

impl World {
    fn relation(&self, t: &str) -> Relation {
        let db = placement(t, self.duck);
        let c = &self.outputs[db.output()];
        Relation {
            name: format!("src__r__{t}"),
            unique_id: format!("source.p.r.{t}"),
            display: format!("source('r', '{t}')"),
            connection: db.output().to_string(),
            server: c.server_key(),
            dialect: match db {
                Db::Pg => DbKind::Postgres,
                Db::Maria => DbKind::MariaDb,
                Db::Lite => DbKind::Sqlite,
                Db::Duck => DbKind::DuckDb,
            },
            schema: self.schema[&db].clone(),
            identifier: t.to_string(),
            columns: self.columns[t].clone(),
            kind: RelationKind::Source,
            stats: Default::default(),
        }
    }

    fn plan_input(&self, template: &str) -> PlanInput {
        let used: Vec<&str> = TABLES
            .iter()
            .copied()
            .filter(|t| template.contains(&format!("{{{t}}}")))
            .collect();
        let relations: Vec<Relation> = used.iter().map(|t| self.relation(t)).collect();
        let mut sql = template.to_string();
        let mut whole = template.to_string();
        for r in &relations {
            let slot = format!("{{{}}}", r.identifier);
            sql = sql.replace(&slot, &r.name);
            let real = match &r.schema {
                Some(s) => format!("\"{s}\".\"{}\"", r.identifier),
                None => format!("\"{}\"", r.identifier),
            };
            whole = whole.replace(&slot, &real);
        }
        let wh = &self.outputs["wh"];
        PlanInput {
            model: "model.p.m".into(),
            sql,
            whole_sql: whole,
            model_dialect: DbKind::Postgres,
            target: "wh".into(),
            target_server: wh.server_key(),
            relations,
            warnings: vec![],
            watermarks: vec![],
            strategy: strategy_of(template),
        }
    }

    /// The plan's rows, as Arrow's text.
    async fn run(&self, plan: &FederationPlan) -> Result<dvt_testkit::Rows, String> {
        let exec = self
            .executor
            .execute(plan, &self.connectors)
            .await
            .map_err(|e| e.to_string())?;
        if let Ok(stats) = exec.stats.lock()
            && stats.iter().any(|s| s.pushed_keys.is_some())
        {
            self.keys_pushed
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        let mut stream = exec.stream.stream;
        let mut rows = Vec::new();
        let opts = FormatOptions::default();
        while let Some(b) = stream.next().await {
            let b = b.map_err(|e| {
                exec.failure
                    .lock()
                    .ok()
                    .and_then(|f| f.as_ref().map(|f| f.to_string()))
                    .unwrap_or_else(|| e.to_string())
            })?;
            let fmts: Vec<ArrayFormatter<'_>> = b
                .columns()
                .iter()
                .map(|a| ArrayFormatter::try_new(a.as_ref(), &opts).unwrap())
                .collect();
            for r in 0..b.num_rows() {
                rows.push(
                    b.columns()
                        .iter()
                        .zip(&fmts)
                        .map(|(a, f)| (!a.is_null(r)).then(|| f.value(r).to_string()))
                        .collect(),
                );
            }
        }
        Ok(rows)
    }

    /// The problem with `template`'s plan and result, if any (`unordered`: a LIMIT without
    /// ORDER BY, then only the row count is compared).
    fn check(
        &self,
        rt: &tokio::runtime::Runtime,
        plan: &FederationPlan,
        want: &dvt_testkit::Rows,
        unordered: bool,
    ) -> Option<String> {
        match rt.block_on(self.run(plan)) {
            Err(e) => Some(format!("fails: {e}")),
            Ok(got) if unordered => (got.len() != want.len()).then(|| {
                format!(
                    "differs from the oracle (LIMIT without ORDER BY): got {} rows, want {}",
                    got.len(),
                    want.len()
                )
            }),
            Ok(got) => diff_multisets(&rows_of(&got), &rows_of(want), TOLERANCE)
                .map(|d| format!("differs from the oracle: {d}")),
        }
    }
}

/// The plan's extracts and transform, for messages.
pub fn show_plan(plan: &FederationPlan) -> String {
    let mut s = String::new();
    for x in &plan.extracts {
        let _ = write!(s, "\n    extract {} on {}: {}", x.name, x.connection, x.sql);
    }
    let _ = write!(s, "\n    transform: {}", plan.transform.datafusion_sql);
    let _ = write!(s, "\n    spark transform: {}", plan.transform.spark_sql);
    s
}

/// Each table's columns from its database's catalog, merged as the planner merges a source
/// listed by name only.
async fn discover(
    connectors: &Connectors,
    outputs: &BTreeMap<String, Connection>,
    schema: &BTreeMap<Db, Option<String>>,
) -> BTreeMap<String, Vec<(String, DvtType)>> {
    let mut out = BTreeMap::new();
    for t in TABLES {
        let db = placement(t, schema.contains_key(&Db::Duck));
        let c = connectors.get(db.output()).await.unwrap();
        let name = TableName::new(schema[&db].as_deref(), t);
        let table = c.table(&name).await.unwrap().expect("the table exists");
        let adapter = outputs[db.output()].adapter;
        let display = format!("source('r', '{t}')");
        let (cols, _) = merge_columns(&display, db.output(), adapter, &[], &table).unwrap();
        out.insert(t.to_string(), cols);
    }
    out
}

/// A proptest runner over `cases` cases: a fixed seed, so CI runs the same cases every time (a
/// red run is a regression, not luck), unless `DVT_RANDOM_SEED=random`, which explores new
/// ones.
fn runner(cases: u32) -> TestRunner {
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    if std::env::var("DVT_RANDOM_SEED").is_ok_and(|v| v == "random") {
        TestRunner::new(config)
    } else {
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
    }
}

fn random_queries(suite: &Suite) {
    let pg = dvt_testkit::require_postgres!();
    let maria = dvt_testkit::require_mariadb!();
    let t0 = Instant::now();
    let data = tables();
    let all: Vec<&Table> = data.iter().collect();
    let duck = suite.duckdb && super::super::require_duckdb();
    let on = |db: Db| -> Vec<&Table> {
        data.iter()
            .filter(|t| placement(&t.name, duck) == db)
            .collect()
    };
    let oracle = pg.temp_database("rand_oracle");
    load_pg(&pg, oracle.name(), "public", &all);
    let pg_db = pg.temp_database("rand_src");
    load_pg(&pg, pg_db.name(), "public", &on(Db::Pg));
    let maria_db = maria.temp_database("rand_src");
    load_maria(&maria, maria_db.name(), &on(Db::Maria));
    let wh = pg.temp_database("rand_wh");
    let dir = tempfile::tempdir().unwrap();
    let lite_path = dir.path().join("lite.db");
    load_sqlite(&lite_path, &on(Db::Lite));

    let mut outputs = BTreeMap::new();
    for (name, db) in [("pg", pg_db.name()), ("wh", wh.name())] {
        let mut c = Connection::new(name, DbKind::Postgres);
        c.host = Some(pg.host.clone());
        c.port = Some(pg.port);
        c.user = Some(pg.user.clone());
        c.database = Some(db.to_string());
        c.schema = Some("public".into());
        outputs.insert(name.to_string(), c);
    }
    let mut c = Connection::new("maria", DbKind::MariaDb);
    c.host = Some(maria.host.clone());
    c.port = Some(maria.port);
    c.user = Some(maria.user.clone());
    c.database = Some(maria_db.name().to_string());
    c.schema = Some(maria_db.name().to_string());
    outputs.insert("maria".into(), c);
    let mut c = Connection::new("lite", DbKind::Sqlite);
    c.path = Some(lite_path.clone());
    outputs.insert("lite".into(), c);
    let duck_path = dir.path().join("duck.duckdb");
    if duck {
        let mut c = Connection::new("duck", DbKind::DuckDb);
        c.path = Some(duck_path.clone());
        outputs.insert("duck".into(), c);
    }

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // A profile (not a fixed map of connectors): the Spark executor reads its sources over
    // JDBC with the outputs' settings.
    let connectors = Connectors::new(Profile {
        name: "rand".into(),
        target: "wh".into(),
        outputs: outputs
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        file: PathBuf::from("profiles.yml"),
    });
    let mut schema = BTreeMap::from([
        (Db::Pg, Some("public".to_string())),
        (Db::Maria, Some(maria_db.name().to_string())),
        (Db::Lite, None),
    ]);
    if duck {
        rt.block_on(load_duck(&duck_path, "main", &on(Db::Duck)));
        schema.insert(Db::Duck, Some("main".to_string()));
    }
    let columns = rt.block_on(discover(&connectors, &outputs, &schema));
    let world = World {
        outputs,
        connectors,
        executor: suite.executor.clone(),
        schema,
        columns,
        keys_pushed: Default::default(),
        duck,
    };
    eprintln!("loaded in {:.1}s", t0.elapsed().as_secs_f64());

    let t1 = Instant::now();
    // The minimal queries first: each was wrong (or failed) with its tables spread over the
    // three servers.
    let mut regressions = Vec::new();
    for template in WRITTEN_FROM_THE_PLAN.iter().chain(suite.regressions) {
        let oracle_sql = template.replace(['{', '}'], "");
        let want = oracle
            .try_query_strings(&oracle_sql)
            .unwrap_or_else(|e| panic!("the oracle rejects {oracle_sql}: {e}"));
        let plan = match futures::executor::block_on(
            DataFusionPlanner.plan(&world.plan_input(template)),
        ) {
            Ok(p) => p,
            Err(e) => {
                regressions.push(format!("{oracle_sql}\n  does not plan: {e}"));
                continue;
            }
        };
        if let Some(p) = world.check(&rt, &plan, &want, false) {
            regressions.push(format!("{oracle_sql}\n  {p}\n  plan:{}", show_plan(&plan)));
        }
    }
    assert!(
        regressions.is_empty(),
        "{}: {} of {} regression queries fail:\n{}",
        suite.name,
        regressions.len(),
        WRITTEN_FROM_THE_PLAN.len() + suite.regressions.len(),
        regressions.join("\n")
    );

    let cases = suite.case_count();
    let shapes: RefCell<BTreeMap<&'static str, u32>> = RefCell::default();
    let known: RefCell<BTreeMap<&'static str, (u32, String)>> = RefCell::default();
    let result = runner(cases).run(&query(), |q| {
        let template = q.template();
        let oracle_sql = template.replace(['{', '}'], "");
        let want = oracle
            .try_query_strings(&oracle_sql)
            .map_err(|e| TestCaseError::fail(format!("the oracle rejects {oracle_sql}: {e}")))?;
        // A problem that shows a known bug is counted; any other fails the case.
        let triage = |plan: Option<&FederationPlan>, problem: String| {
            let shows = |(_, shows): &&Known| shows(&q, plan, &problem);
            if let Some((name, _)) = suite.known.list.iter().find(shows) {
                let mut k = known.borrow_mut();
                k.entry(name).or_insert((0, oracle_sql.clone())).0 += 1;
                return Ok(());
            }
            let shown = plan.map(show_plan).unwrap_or_default();
            Err(TestCaseError::fail(format!(
                "{oracle_sql}\n  {problem}\n  plan:{shown}"
            )))
        };
        let plan =
            match futures::executor::block_on(DataFusionPlanner.plan(&world.plan_input(&template)))
            {
                Ok(p) => p,
                Err(e) => return triage(None, format!("does not plan: {e}")),
            };
        let moved = plan.extracts.iter().any(|x| !x.staged.is_empty());
        let kind = if moved {
            "federated, other servers' rows staged on PostgreSQL"
        } else if plan.extracts.len() == 1 && plan.extracts[0].pushed.whole_query {
            "whole query on one server"
        } else {
            "federated"
        };
        *shapes.borrow_mut().entry(kind).or_insert(0) += 1;
        let unordered = matches!(q.limit, Some(Limit::Unordered(_)));
        match world.check(&rt, &plan, &want, unordered) {
            None => Ok(()),
            Some(problem) => triage(Some(&plan), problem),
        }
    });
    let elapsed = t1.elapsed().as_secs_f64();
    let keys_pushed = world.keys_pushed.into_inner();
    eprintln!(
        "random differential ({}): {} regressions and {cases} cases in {elapsed:.1}s ({:.1} ms each); plans (shrinking included): {:?}; executions with join keys pushed: {keys_pushed}",
        suite.name,
        WRITTEN_FROM_THE_PLAN.len() + suite.regressions.len(),
        elapsed * 1000.0 / f64::from(cases.max(1)),
        shapes.borrow()
    );
    // Data movement is part of what is compared: it must have happened.
    let moved = shapes.borrow().keys().any(|k| k.contains("staged"));
    assert!(
        cases < 200 || moved,
        "no plan of {cases} cases staged rows on another server: the generator no longer exercises data movement"
    );
    // The join-key pushdown is part of what is compared: it must have happened.
    assert!(
        cases < 200 || keys_pushed > 0,
        "no execution of {cases} cases pushed join keys: the generator no longer exercises it"
    );
    let known = known.into_inner();
    for (name, (n, example)) in &known {
        eprintln!("KNOWN FAILURE ({n} cases): {name}\n    e.g. {example}");
    }
    match result {
        Ok(()) => {
            if cases >= suite.known.min_cases {
                let gone: Vec<&str> = suite
                    .known
                    .list
                    .iter()
                    .map(|(name, _)| *name)
                    .filter(|name| {
                        !known.contains_key(name)
                            && !suite.known.rare.iter().any(|r| name.starts_with(r))
                    })
                    .collect();
                assert!(
                    gone.is_empty(),
                    "known failures that no longer show up in {cases} cases (remove them from KNOWN): {gone:#?}"
                );
            }
        }
        Err(TestError::Fail(why, q)) => panic!("minimal failing case {q:?}:\n{why}"),
        Err(e) => panic!("{e}"),
    }
}
