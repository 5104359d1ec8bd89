//! Differential tests of the Planner: plan a model over relations spread across fake servers,
//! run every extract on its server's (in-memory DataFusion) database, run the transform over the
//! extracts in a fresh engine, and compare with the unsplit query over the full data.
//!
//! Every relation's dialect is DataFusion, so extract SQL runs as written. The data is full of
//! NULLs so that a wrongly pushed filter (into the NULL-supplying side of an outer join), a
//! wrongly pushed limit or a dropped scan changes the result.

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use datafusion::common::ScalarValue;
use datafusion::datasource::MemTable;
use datafusion::prelude::SessionContext;
use dvt_core::profiles::ServerKey;
use dvt_planner::plan::{PlanInput, Relation, RelationKind, WatermarkValue};
use dvt_planner::{DataFusionPlanner, DbKind, FederationPlan, Planner};
use dvt_types::DvtType;

fn server(name: &str) -> ServerKey {
    ServerKey {
        family: "postgres".into(),
        host: name.into(),
        port: 1,
        location: "db".into(),
    }
}

/// A column of a fixture table: integers or strings, `None` is NULL.
enum Col {
    Int(Vec<Option<i64>>),
    Str(Vec<Option<String>>),
}

struct Table {
    planning: &'static str,
    identifier: &'static str,
    /// Server (and connection) name.
    server: &'static str,
    columns: Vec<(&'static str, Col)>,
}

impl Table {
    fn batch(&self) -> RecordBatch {
        let mut fields = Vec::new();
        let mut arrays: Vec<ArrayRef> = Vec::new();
        for (n, c) in &self.columns {
            match c {
                Col::Int(v) => {
                    fields.push(Field::new(*n, DataType::Int64, true));
                    arrays.push(Arc::new(Int64Array::from(v.clone())));
                }
                Col::Str(v) => {
                    fields.push(Field::new(*n, DataType::Utf8, true));
                    arrays.push(Arc::new(StringArray::from(v.clone())));
                }
            }
        }
        RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).unwrap()
    }

    fn relation(&self) -> Relation {
        Relation {
            name: self.planning.to_string(),
            unique_id: format!("source.p.{}", self.planning),
            display: self.planning.to_string(),
            connection: self.server.to_string(),
            server: server(self.server),
            dialect: DbKind::DataFusion,
            schema: None,
            identifier: self.identifier.to_string(),
            columns: self
                .columns
                .iter()
                .map(|(n, c)| {
                    let t = match c {
                        Col::Int(_) => DvtType::Int64,
                        Col::Str(_) => DvtType::Varchar { length: None },
                    };
                    (n.to_string(), t)
                })
                .collect(),
            kind: RelationKind::Source,
            stats: Default::default(),
        }
    }
}

fn ints(n: i64, f: impl Fn(i64) -> Option<i64>) -> Col {
    Col::Int((1..=n).map(f).collect())
}

fn strs(n: i64, f: impl Fn(i64) -> Option<String>) -> Col {
    Col::Str((1..=n).map(f).collect())
}

fn pick(i: i64, options: &[Option<&str>]) -> Option<String> {
    options[(i as usize) % options.len()].map(str::to_string)
}

const CUSTOMERS: &str = "src__crm__customers";
const REGIONS: &str = "src__crm__regions";
const ORDERS: &str = "src__shop__orders";
const PAYMENTS: &str = "src__pay__payments";
/// `{{ this }}` of an incremental model, on the target's server t.
const THIS: &str = dvt_planner::plan::THIS;

/// customers and regions on server a, orders on b, payments on c, an incremental model's own
/// table on the target's server t.
fn tables() -> Vec<Table> {
    vec![
        Table {
            planning: CUSTOMERS,
            identifier: "customers",
            server: "a",
            columns: vec![
                ("id", ints(30, |i| (i % 7 != 0).then_some(i))),
                ("name", strs(30, |i| (i % 5 != 0).then(|| format!("c{i}")))),
                (
                    "region",
                    strs(30, |i| {
                        pick(i, &[Some("north"), Some("south"), Some("east"), None])
                    }),
                ),
                ("x", ints(30, |i| (i % 4 != 0).then_some(i % 6))),
            ],
        },
        Table {
            planning: REGIONS,
            identifier: "regions",
            server: "a",
            columns: vec![
                (
                    "region",
                    strs(4, |i| {
                        pick(i, &[Some("north"), Some("south"), Some("west"), None])
                    }),
                ),
                ("label", strs(4, |i| (i != 2).then(|| format!("R{i}")))),
            ],
        },
        Table {
            planning: ORDERS,
            identifier: "orders",
            server: "b",
            columns: vec![
                ("id", ints(60, |i| (i % 13 != 0).then_some(i))),
                (
                    "customer_id",
                    ints(60, |i| (i % 6 != 0).then_some((i * 7) % 37)),
                ),
                (
                    "amount",
                    ints(60, |i| (i % 9 != 0).then_some((i * 37) % 250)),
                ),
                ("x", ints(60, |i| (i % 5 != 0).then_some(i % 8))),
                (
                    "status",
                    strs(60, |i| pick(i, &[Some("open"), Some("closed"), None])),
                ),
            ],
        },
        Table {
            planning: PAYMENTS,
            identifier: "payments",
            server: "c",
            columns: vec![
                ("id", ints(40, Some)),
                (
                    "order_id",
                    ints(40, |i| (i % 7 != 0).then_some((i * 11) % 70)),
                ),
                (
                    "amount",
                    ints(40, |i| (i % 8 != 0).then_some((i * 13) % 150)),
                ),
                ("x", ints(40, |i| (i % 3 != 0).then_some(i % 5))),
            ],
        },
        Table {
            planning: THIS,
            identifier: "m_table",
            server: "t",
            columns: vec![
                ("id", ints(40, |i| (i % 4 != 0).then_some(i))),
                ("status", strs(40, |i| pick(i, &[Some("closed"), None]))),
            ],
        },
    ]
}

fn plan_input(sql: &str, target: &str) -> PlanInput {
    plan_input_on(sql, target, |_| DbKind::DataFusion)
}

/// The plan input with each server's relations in the given dialect (the extract SQL must
/// still run in DataFusion).
fn plan_input_on(sql: &str, target: &str, dialect: impl Fn(&str) -> DbKind) -> PlanInput {
    let tables = tables();
    let mut whole_sql = sql.to_string();
    for t in &tables {
        whole_sql = whole_sql.replace(t.planning, &format!("\"{}\"", t.identifier));
    }
    PlanInput {
        model: "model.p.m".into(),
        sql: sql.to_string(),
        whole_sql,
        model_dialect: DbKind::DataFusion,
        target: target.to_string(),
        target_server: server(target),
        relations: tables
            .iter()
            .map(|t| {
                let mut r = t.relation();
                r.dialect = dialect(t.server);
                r
            })
            .collect(),
        warnings: vec![],
        watermarks: vec![],
        strategy: Default::default(),
    }
}

fn mem(batches: Vec<RecordBatch>, schema: SchemaRef) -> Arc<MemTable> {
    let schema = batches.first().map(|b| b.schema()).unwrap_or(schema);
    Arc::new(MemTable::try_new(schema, vec![batches]).unwrap())
}

/// A DataFusion session that computes as the engine does (decimal division and AVG rounded).
fn engine() -> SessionContext {
    SessionContext::new_with_state(dvt_planner::plan::decimal::with_decimal_precision(
        SessionContext::new().state(),
    ))
}

async fn run(ctx: &SessionContext, sql: &str) -> Vec<RecordBatch> {
    let df = ctx.sql(sql).await.unwrap_or_else(|e| panic!("{sql}\n{e}"));
    df.collect().await.unwrap_or_else(|e| panic!("{sql}\n{e}"))
}

async fn run_with_schema(ctx: &SessionContext, sql: &str) -> (Vec<RecordBatch>, SchemaRef) {
    let df = ctx.sql(sql).await.unwrap_or_else(|e| panic!("{sql}\n{e}"));
    let schema: SchemaRef = Arc::new(df.schema().as_arrow().clone());
    let b = df.collect().await.unwrap_or_else(|e| panic!("{sql}\n{e}"));
    (b, schema)
}

fn rows(batches: &[RecordBatch]) -> Vec<String> {
    let opts = FormatOptions::default().with_null("NULL");
    let mut out = Vec::new();
    for b in batches {
        let fmts: Vec<_> = b
            .columns()
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &opts).unwrap())
            .collect();
        for i in 0..b.num_rows() {
            out.push(
                fmts.iter()
                    .map(|f| f.value(i).to_string())
                    .collect::<Vec<_>>()
                    .join(" | "),
            );
        }
    }
    out
}

/// The unsplit query over the full data.
async fn reference(sql: &str) -> Vec<String> {
    let ctx = engine();
    for t in tables() {
        let b = t.batch();
        let s = b.schema();
        ctx.register_table(t.planning, mem(vec![b], s)).unwrap();
    }
    rows(&run(&ctx, sql).await)
}

/// The plan, executed: extracts on their servers, the transform in a fresh engine.
/// Each server's database, holding its tables by their identifiers.
fn servers() -> BTreeMap<&'static str, SessionContext> {
    let mut servers: BTreeMap<&str, SessionContext> = BTreeMap::new();
    for t in tables() {
        let ctx = servers.entry(t.server).or_insert_with(engine);
        let b = t.batch();
        let s = b.schema();
        ctx.register_table(t.identifier, mem(vec![b], s)).unwrap();
    }
    servers
}

async fn execute(plan: &FederationPlan) -> Vec<String> {
    let servers = servers();
    let engine = engine();
    for e in &plan.extracts {
        let ctx = &servers[e.connection.as_str()];
        let (batches, schema) = run_with_schema(ctx, &e.sql).await;
        engine
            .register_table(e.name.as_str(), mem(batches, schema))
            .unwrap();
    }
    rows(&run(&engine, &plan.transform.datafusion_sql).await)
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Compare as sorted multisets.
    Unordered,
    /// Compare in order (the query's ORDER BY is total).
    Ordered,
}

/// Plan `sql` (target on its own server), execute, compare with the unsplit query.
async fn check_mode(sql: &str, mode: Mode, allow_empty: bool) -> FederationPlan {
    check_input(sql, plan_input(sql, "t"), mode, allow_empty).await
}

async fn check_input(sql: &str, input: PlanInput, mode: Mode, allow_empty: bool) -> FederationPlan {
    let plan = futures::executor::block_on(DataFusionPlanner.plan(&input))
        .unwrap_or_else(|e| panic!("{sql}\n{e}"));
    let mut want = reference(sql).await;
    let mut got = execute(&plan).await;
    if mode == Mode::Unordered {
        want.sort();
        got.sort();
    }
    assert!(
        allow_empty || !want.is_empty(),
        "the reference result is empty, the case checks nothing: {sql}"
    );
    assert_eq!(
        got, want,
        "split result differs from the unsplit query\nsql: {sql}\nplan: {plan:#?}"
    );
    plan
}

async fn check(sql: &str) -> FederationPlan {
    check_mode(sql, Mode::Unordered, false).await
}

fn extract<'a>(plan: &'a FederationPlan, name: &str) -> &'a dvt_planner::plan::Extract {
    plan.extracts
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no extract {name} in {plan:#?}"))
}

/// The one pushed-subtree extract on a server.
fn pushed_on<'a>(plan: &'a FederationPlan, server: &str) -> &'a dvt_planner::plan::Extract {
    let v: Vec<_> = plan
        .extracts
        .iter()
        .filter(|e| e.connection == server && e.name.starts_with("__dvt_push_"))
        .collect();
    assert_eq!(
        v.len(),
        1,
        "expected one pushed subtree on {server}: {plan:#?}"
    );
    v[0]
}

fn dvt007(plan: &FederationPlan) -> Vec<&str> {
    plan.warnings
        .iter()
        .filter(|w| w.code == dvt_core::WarningCode::Dvt007)
        .map(|w| w.message.as_str())
        .collect()
}

fn split(plan: &FederationPlan) {
    assert!(
        plan.extracts.iter().all(|e| !e.pushed.whole_query),
        "expected a split plan: {plan:#?}"
    );
}

fn no_limits(plan: &FederationPlan) {
    for e in &plan.extracts {
        assert_eq!(
            e.pushed.limit, None,
            "limit pushed into {}: {plan:#?}",
            e.name
        );
    }
}

fn no_is_null_pushed(plan: &FederationPlan, name: &str) {
    let e = extract(plan, name);
    assert!(
        e.pushed_predicates.iter().all(|p| !p.contains("IS NULL")),
        "IS NULL pushed into the NULL-supplying side {name}: {:?}",
        e.pushed_predicates
    );
    assert!(!e.sql.contains("IS NULL"), "{}", e.sql);
}

// ---- outer joins -----------------------------------------------------------------------------

#[tokio::test]
async fn left_anti_join_is_null_not_pushed() {
    let p = check(
        "SELECT c.id, c.name FROM src__crm__customers c \
         LEFT JOIN src__shop__orders o ON o.customer_id = c.id WHERE o.id IS NULL",
    )
    .await;
    split(&p);
    no_is_null_pushed(&p, ORDERS);
}

#[tokio::test]
async fn left_join_null_rejecting_filter_pushed() {
    let p = check(
        "SELECT c.id, c.name, o.id AS oid FROM src__crm__customers c \
         LEFT JOIN src__shop__orders o ON o.customer_id = c.id WHERE o.x = 5",
    )
    .await;
    split(&p);
    let o = extract(&p, ORDERS);
    assert!(
        o.pushed_predicates
            .iter()
            .any(|x| x.contains("\"x\"") && x.contains('5')),
        "o.x = 5 not pushed: {:?}",
        o.pushed_predicates
    );
    assert!(extract(&p, CUSTOMERS).pushed_predicates.is_empty());
}

#[tokio::test]
async fn left_join_non_null_rejecting_filters_not_pushed() {
    for sql in [
        "SELECT c.id, o.id AS oid, o.x FROM src__crm__customers c \
         LEFT JOIN src__shop__orders o ON o.customer_id = c.id WHERE COALESCE(o.x, 5) = 5",
        "SELECT c.id, o.id AS oid FROM src__crm__customers c \
         LEFT JOIN src__shop__orders o ON o.customer_id = c.id \
         WHERE CASE WHEN o.x IS NULL THEN 1 ELSE 0 END = 1",
        "SELECT c.id, o.id AS oid FROM src__crm__customers c \
         LEFT JOIN src__shop__orders o ON o.customer_id = c.id AND o.amount > 100 \
         WHERE o.status IS NULL OR o.status = 'open'",
    ] {
        let p = check(sql).await;
        split(&p);
        no_is_null_pushed(&p, ORDERS);
    }
}

#[tokio::test]
async fn right_join_is_null_not_pushed() {
    let p = check(
        "SELECT o.id, o.amount, c.name FROM src__crm__customers c \
         RIGHT JOIN src__shop__orders o ON c.id = o.customer_id WHERE c.id IS NULL",
    )
    .await;
    split(&p);
    no_is_null_pushed(&p, CUSTOMERS);
    let p = check(
        "SELECT o.id, c.name FROM src__crm__customers c \
         RIGHT JOIN src__shop__orders o ON c.id = o.customer_id \
         WHERE COALESCE(c.x, o.x) = 3",
    )
    .await;
    split(&p);
    assert!(extract(&p, CUSTOMERS).pushed_predicates.is_empty());
}

#[tokio::test]
async fn full_join_is_null_and_coalesce() {
    let p = check(
        "SELECT c.id AS cid, o.id AS oid FROM src__crm__customers c \
         FULL JOIN src__shop__orders o ON c.id = o.customer_id \
         WHERE c.id IS NULL OR o.id IS NULL",
    )
    .await;
    split(&p);
    no_is_null_pushed(&p, CUSTOMERS);
    no_is_null_pushed(&p, ORDERS);
    let p = check(
        "SELECT COALESCE(c.x, o.x) AS x, c.id AS cid, o.id AS oid FROM src__crm__customers c \
         FULL JOIN src__shop__orders o ON c.id = o.customer_id WHERE COALESCE(c.x, o.x) = 3",
    )
    .await;
    split(&p);
    for e in &p.extracts {
        assert!(e.pushed_predicates.is_empty(), "{:?}", e.pushed_predicates);
    }
    let p = check(
        "SELECT c.id AS cid, o.id AS oid FROM src__crm__customers c \
         FULL JOIN src__shop__orders o ON c.id = o.customer_id WHERE c.x IS NULL",
    )
    .await;
    no_is_null_pushed(&p, CUSTOMERS);
    // Null-rejecting on one side: the join becomes a LEFT join, which may push it there.
    check(
        "SELECT c.id AS cid, o.id AS oid FROM src__crm__customers c \
         FULL JOIN src__shop__orders o ON c.id = o.customer_id WHERE c.x = 2",
    )
    .await;
}

#[tokio::test]
async fn three_servers() {
    let p = check(
        "SELECT c.name, o.id AS oid, p.amount FROM src__crm__customers c \
         JOIN src__shop__orders o ON o.customer_id = c.id \
         LEFT JOIN src__pay__payments p ON p.order_id = o.id \
         WHERE p.id IS NULL OR p.x > 1",
    )
    .await;
    assert_eq!(p.extracts.len(), 3);
    no_is_null_pushed(&p, PAYMENTS);
}

// ---- limits ----------------------------------------------------------------------------------

#[tokio::test]
async fn group_by_limit() {
    let p = check(
        "SELECT c.region, COUNT(*) AS n, SUM(o.amount) AS s FROM src__crm__customers c \
         JOIN src__shop__orders o ON o.customer_id = c.id GROUP BY c.region LIMIT 10",
    )
    .await;
    split(&p);
    no_limits(&p);
    let p = check(
        "SELECT s.status, s.n, k.cnt FROM \
         (SELECT status, COUNT(*) AS n FROM src__shop__orders GROUP BY status LIMIT 10) s \
         CROSS JOIN (SELECT COUNT(*) AS cnt FROM src__crm__customers) k",
    )
    .await;
    split(&p);
    // The limit goes down only with the whole GROUP BY below it.
    let g = pushed_on(&p, "b");
    assert!(g.pushed.aggregate, "{g:#?}");
    assert_eq!(g.pushed.limit, Some(10));
    assert!(
        g.sql.contains("GROUP BY") && g.sql.ends_with("LIMIT 10"),
        "{}",
        g.sql
    );
    for e in p
        .extracts
        .iter()
        .filter(|e| !e.name.starts_with("__dvt_push_"))
    {
        assert_eq!(e.pushed.limit, None, "{e:#?}");
    }
}

#[tokio::test]
async fn order_by_desc_limit() {
    let p = check_mode(
        "SELECT o.id, o.amount, c.name FROM src__shop__orders o \
         JOIN src__crm__customers c ON c.id = o.customer_id \
         ORDER BY o.amount DESC NULLS LAST, o.id LIMIT 5",
        Mode::Ordered,
        false,
    )
    .await;
    split(&p);
    no_limits(&p);
    let p = check_mode(
        "SELECT id, amount FROM (SELECT id, amount FROM src__shop__orders \
         UNION ALL SELECT id, amount FROM src__pay__payments) u \
         ORDER BY amount DESC, id DESC LIMIT 5",
        Mode::Ordered,
        false,
    )
    .await;
    split(&p);
    no_limits(&p);
}

#[tokio::test]
async fn plain_limit_single_server_is_whole_query() {
    let p = check("SELECT id, name FROM src__crm__customers LIMIT 3").await;
    assert_eq!(p.extracts.len(), 1);
    assert!(p.extracts[0].pushed.whole_query);
}

#[tokio::test]
async fn limit_inside_subquery() {
    let p = check(
        "SELECT s.id, p.amount FROM (SELECT id FROM src__shop__orders LIMIT 7) s \
         LEFT JOIN src__pay__payments p ON p.order_id = s.id",
    )
    .await;
    split(&p);
    assert_eq!(extract(&p, ORDERS).pushed.limit, Some(7));
    assert_eq!(extract(&p, PAYMENTS).pushed.limit, None);
    // With OFFSET: the source must return offset + limit rows.
    check(
        "SELECT s.id, p.amount FROM (SELECT id FROM src__shop__orders LIMIT 5 OFFSET 3) s \
         LEFT JOIN src__pay__payments p ON p.order_id = s.id",
    )
    .await;
    // With a filter below the limit: the source must filter before limiting.
    check(
        "SELECT s.id, p.amount FROM \
         (SELECT id FROM src__shop__orders WHERE amount > 120 LIMIT 4) s \
         LEFT JOIN src__pay__payments p ON p.order_id = s.id",
    )
    .await;
    // The left side of a LEFT JOIN under a LIMIT (ordered, so deterministic).
    check_mode(
        "SELECT s.id, s.amount, p.id AS pid FROM (SELECT id, amount FROM src__shop__orders \
         ORDER BY id NULLS LAST LIMIT 6) s LEFT JOIN src__pay__payments p ON p.order_id = s.id \
         ORDER BY s.id, pid",
        Mode::Ordered,
        false,
    )
    .await;
}

// ---- one source read twice -------------------------------------------------------------------

#[tokio::test]
async fn self_join_different_filters() {
    let p = check(
        "SELECT a.id, b.id AS bid, c.name FROM src__shop__orders a \
         JOIN src__shop__orders b ON a.customer_id = b.customer_id AND a.id < b.id \
         JOIN src__crm__customers c ON c.id = a.customer_id \
         WHERE a.amount > 100 AND b.amount < 150",
    )
    .await;
    split(&p);
    // The self-join of orders (both filters) goes to server b as one extract.
    assert_eq!(p.extracts.iter().filter(|e| e.name == ORDERS).count(), 0);
    let j = pushed_on(&p, "b");
    assert_eq!(j.pushed.joins, 1, "{j:#?}");
    assert_eq!(j.sources, vec![format!("source.p.{ORDERS}")]);
    assert!(
        j.sql.contains("> 100") && j.sql.contains("< 150"),
        "{}",
        j.sql
    );
}

#[tokio::test]
async fn union_of_one_source_different_filters() {
    check(
        "SELECT id, 'big' AS k FROM src__shop__orders WHERE amount > 200 \
         UNION ALL SELECT id, 'x1' FROM src__shop__orders WHERE x = 1 \
         UNION ALL SELECT id, 'c' FROM src__crm__customers WHERE x = 2",
    )
    .await;
    // One read filtered, one not: the extract must not filter.
    let p = check(
        "SELECT id FROM src__shop__orders WHERE amount > 200 \
         UNION SELECT customer_id FROM src__shop__orders \
         UNION SELECT id FROM src__crm__customers",
    )
    .await;
    assert!(extract(&p, ORDERS).pushed_predicates.is_empty());
    // One read limited, one filtered.
    check(
        "SELECT id FROM (SELECT id FROM src__shop__orders LIMIT 4) l \
         UNION ALL SELECT id FROM src__shop__orders WHERE x = 3 \
         UNION ALL SELECT id FROM src__crm__customers WHERE x = 2",
    )
    .await;
}

// ---- subqueries, CTEs, windows ---------------------------------------------------------------

#[tokio::test]
async fn correlated_subqueries() {
    check(
        "SELECT c.id, c.name FROM src__crm__customers c WHERE EXISTS \
         (SELECT 1 FROM src__shop__orders o WHERE o.customer_id = c.id AND o.amount > 100)",
    )
    .await;
    check(
        "SELECT c.id, c.name FROM src__crm__customers c WHERE NOT EXISTS \
         (SELECT 1 FROM src__shop__orders o WHERE o.customer_id = c.id AND o.x = 1)",
    )
    .await;
    check(
        "SELECT c.id, (SELECT SUM(o.amount) FROM src__shop__orders o \
         WHERE o.customer_id = c.id) AS total FROM src__crm__customers c",
    )
    .await;
    check(
        "SELECT c.id, (SELECT COUNT(*) FROM src__shop__orders o \
         WHERE o.customer_id = c.id AND o.status IS NULL) AS n FROM src__crm__customers c",
    )
    .await;
}

#[tokio::test]
async fn uncorrelated_subqueries() {
    check(
        "SELECT id, name FROM src__crm__customers WHERE id IN \
         (SELECT customer_id FROM src__shop__orders WHERE status = 'open')",
    )
    .await;
    // NOT IN over a subquery with NULLs yields nothing; without NULLs it yields rows.
    check_mode(
        "SELECT id FROM src__crm__customers WHERE id NOT IN \
         (SELECT customer_id FROM src__shop__orders)",
        Mode::Unordered,
        true,
    )
    .await;
    check(
        "SELECT id FROM src__crm__customers WHERE id NOT IN \
         (SELECT customer_id FROM src__shop__orders WHERE customer_id IS NOT NULL)",
    )
    .await;
    check(
        "SELECT id, amount FROM src__shop__orders \
         WHERE amount > (SELECT AVG(amount) FROM src__pay__payments)",
    )
    .await;
}

#[tokio::test]
async fn ctes() {
    check(
        "WITH big AS (SELECT id, customer_id, amount FROM src__shop__orders WHERE amount > 100), \
         pc AS (SELECT order_id, SUM(amount) AS s FROM src__pay__payments GROUP BY order_id) \
         SELECT c.name, big.amount, pc.s FROM src__crm__customers c \
         JOIN big ON big.customer_id = c.id LEFT JOIN pc ON pc.order_id = big.id",
    )
    .await;
}

#[tokio::test]
async fn window_functions() {
    check(
        "SELECT o.id, c.region, \
         ROW_NUMBER() OVER (PARTITION BY c.region ORDER BY o.id NULLS LAST, o.amount) AS rn, \
         SUM(o.amount) OVER (PARTITION BY c.region) AS s \
         FROM src__shop__orders o JOIN src__crm__customers c ON c.id = o.customer_id",
    )
    .await;
    // A filter on a window's result must stay above the window.
    check(
        "SELECT t.id, t.r, c.name FROM (SELECT o.id, o.customer_id, RANK() OVER \
         (PARTITION BY o.customer_id ORDER BY o.amount DESC NULLS LAST, o.id) AS r \
         FROM src__shop__orders o) t JOIN src__crm__customers c ON c.id = t.customer_id \
         WHERE t.r = 1 AND c.x = 2",
    )
    .await;
}

// ---- joins and names -------------------------------------------------------------------------

#[tokio::test]
async fn select_star_across_join() {
    let p = check(
        "SELECT * FROM src__crm__customers c JOIN src__shop__orders o ON c.id = o.customer_id",
    )
    .await;
    split(&p);
    assert_eq!(extract(&p, CUSTOMERS).columns.len(), 4);
    assert_eq!(extract(&p, ORDERS).columns.len(), 5);
}

#[tokio::test]
async fn using_joins() {
    check(
        "SELECT id, x, name, amount FROM src__crm__customers \
         JOIN src__shop__orders USING (id, x) WHERE amount > 20",
    )
    .await;
    check(
        "SELECT id, name, amount FROM src__crm__customers \
         FULL JOIN src__shop__orders USING (id) WHERE amount IS NULL",
    )
    .await;
}

#[tokio::test]
async fn unqualified_columns_resolved_by_schema() {
    let p = check(
        "SELECT name, amount, status FROM src__crm__customers c \
         JOIN src__shop__orders o ON c.id = o.customer_id \
         WHERE region = 'north' AND amount > 100",
    )
    .await;
    let c = extract(&p, CUSTOMERS);
    let o = extract(&p, ORDERS);
    assert!(c.sql.contains("'north'"), "{}", c.sql);
    assert!(!c.sql.contains("100"), "{}", c.sql);
    assert!(o.sql.contains("\"amount\" > 100"), "{}", o.sql);
    assert!(!o.sql.contains("north"), "{}", o.sql);
}

#[tokio::test]
async fn pushed_filter_in_the_right_extract() {
    let p = check(
        "SELECT o.id, o.amount, p.amount AS paid FROM src__shop__orders o \
         JOIN src__pay__payments p ON p.order_id = o.id WHERE o.amount > 100 AND p.x > 1",
    )
    .await;
    split(&p);
    let o = extract(&p, ORDERS);
    let pay = extract(&p, PAYMENTS);
    assert!(o.sql.contains("\"amount\" > 100"), "{}", o.sql);
    assert!(!pay.sql.contains("100"), "{}", pay.sql);
    assert!(pay.sql.contains("\"x\" > 1"), "{}", pay.sql);
    assert!(!o.sql.contains("\"x\""), "{}", o.sql);
    assert!(o.pushed_predicates.iter().any(|x| x.contains("100")));
}

#[tokio::test]
async fn count_star_reads_rows() {
    let p = check(
        "SELECT k.n, COUNT(*) AS m FROM src__shop__orders \
         CROSS JOIN (SELECT COUNT(*) AS n FROM src__pay__payments) k GROUP BY k.n",
    )
    .await;
    split(&p);
}

// ---- whole-query path ------------------------------------------------------------------------

#[tokio::test]
async fn whole_query_on_one_server() {
    let sql = "SELECT c.region, r.label, COUNT(*) AS n FROM src__crm__customers c \
               LEFT JOIN src__crm__regions r ON r.region = c.region \
               WHERE r.label IS NULL OR c.x > 1 GROUP BY c.region, r.label";
    let p = check(sql).await;
    assert_eq!(p.extracts.len(), 1);
    assert!(p.extracts[0].pushed.whole_query);
    assert!(!p.direct);
    let direct =
        futures::executor::block_on(DataFusionPlanner.plan(&plan_input(sql, "a"))).unwrap();
    assert!(direct.direct);
}

/// A relation the optimizer removes is still in the query sent to the one server.
#[tokio::test]
async fn whole_query_with_an_eliminated_branch() {
    let p = check(
        "SELECT id FROM src__crm__customers \
         UNION ALL SELECT id FROM src__shop__orders WHERE 1 = 0",
    )
    .await;
    let _ = p;
}

/// The same in a split query: the eliminated relation still gets an (empty) extract.
#[tokio::test]
async fn split_query_with_an_eliminated_branch() {
    let p = check(
        "SELECT c.id, o.amount FROM src__crm__customers c \
         JOIN src__shop__orders o ON o.customer_id = c.id \
         UNION ALL SELECT id, amount FROM src__pay__payments WHERE 1 = 0",
    )
    .await;
    assert_eq!(extract(&p, PAYMENTS).pushed.limit, Some(0));
}

// ---- same-server subtrees pushed whole -------------------------------------------------------

#[tokio::test]
async fn same_server_inner_join_pushed_with_filters_and_pruning() {
    let p = check(
        "SELECT c.name, r.label, o.amount FROM src__crm__customers c \
         JOIN src__crm__regions r ON r.region = c.region \
         JOIN src__shop__orders o ON o.customer_id = c.id \
         WHERE c.x > 1 AND r.label <> 'R3' AND o.amount > 50",
    )
    .await;
    split(&p);
    let j = pushed_on(&p, "a");
    assert_eq!(j.pushed.joins, 1);
    assert_eq!(
        j.sources,
        vec![
            format!("source.p.{CUSTOMERS}"),
            format!("source.p.{REGIONS}")
        ]
    );
    assert!(j.sql.contains(" JOIN \"regions\""), "{}", j.sql);
    assert!(j.sql.contains("> 1") && j.sql.contains("'R3'"), "{}", j.sql);
    assert!(!j.sql.contains("amount"), "{}", j.sql);
    // Only the columns needed above: x is filtered on, not returned.
    let cols: Vec<&str> = j.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(cols, vec!["id", "name", "label"], "{}", j.sql);
    assert!(
        p.extracts
            .iter()
            .all(|e| e.name != CUSTOMERS && e.name != REGIONS)
    );
    assert!(extract(&p, ORDERS).sql.contains("\"amount\" > 50"));
    // The cross-server join is reported, the pushed one is not.
    let w = dvt007(&p);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains(ORDERS), "{w:?}");
    // The transform reads the pushed extract instead of the two tables.
    let t = &p.transform.datafusion_sql;
    assert!(
        t.contains(&j.name) && !t.contains(CUSTOMERS) && !t.contains(REGIONS),
        "{t}"
    );
}

#[tokio::test]
async fn same_server_left_join_is_null_not_pushed_into_the_null_supplying_side() {
    let p = check(
        "SELECT c.id, c.name, o.amount FROM src__crm__customers c \
         LEFT JOIN src__crm__regions r ON r.region = c.region \
         JOIN src__shop__orders o ON o.customer_id = c.id \
         WHERE r.label IS NULL",
    )
    .await;
    split(&p);
    let j = pushed_on(&p, "a");
    assert_eq!(j.pushed.joins, 1);
    let sql = &j.sql;
    let (lj, isnull) = (sql.find("LEFT JOIN"), sql.find("IS NULL"));
    assert!(lj.is_some() && isnull.is_some(), "{sql}");
    // Applied on top of the join, the regions side read unfiltered.
    assert!(isnull > lj, "{sql}");
    assert!(sql.contains("LEFT JOIN \"regions\" AS"), "{sql}");
    // NOT NULL-rejecting filters on the NULL-supplying side of a same-server LEFT JOIN.
    for sql in [
        "SELECT c.id, r.label, o.amount FROM src__crm__customers c \
         LEFT JOIN src__crm__regions r ON r.region = c.region \
         JOIN src__shop__orders o ON o.customer_id = c.id WHERE COALESCE(r.label, 'none') = 'none'",
        "SELECT c.id, r.label, o.id AS oid FROM src__crm__customers c \
         LEFT JOIN src__crm__regions r ON r.region = c.region AND r.label = 'R1' \
         JOIN src__shop__orders o ON o.customer_id = c.id",
    ] {
        let p = check(sql).await;
        let j = pushed_on(&p, "a");
        assert!(j.sql.contains("LEFT JOIN"), "{}", j.sql);
    }
    // Null-rejecting: DataFusion makes it an inner join, and the filter goes down.
    let p = check(
        "SELECT c.id, r.label, o.amount FROM src__crm__customers c \
         LEFT JOIN src__crm__regions r ON r.region = c.region \
         JOIN src__shop__orders o ON o.customer_id = c.id WHERE r.label = 'R1'",
    )
    .await;
    let j = pushed_on(&p, "a");
    assert!(
        !j.sql.contains("LEFT JOIN") && j.sql.contains("'R1'"),
        "{}",
        j.sql
    );
}

#[tokio::test]
async fn same_server_group_by_pushed_then_joined_across_servers() {
    let p = check(
        "SELECT c.name, t.n, t.total FROM (SELECT customer_id, COUNT(*) AS n, \
         SUM(amount) AS total FROM src__shop__orders WHERE status = 'open' \
         GROUP BY customer_id HAVING SUM(amount) > 100) t \
         JOIN src__crm__customers c ON c.id = t.customer_id",
    )
    .await;
    split(&p);
    let g = pushed_on(&p, "b");
    assert!(g.pushed.aggregate, "{g:#?}");
    assert!(
        g.sql.contains("GROUP BY") && g.sql.contains("HAVING"),
        "{}",
        g.sql
    );
    assert!(g.sql.contains("'open'"), "{}", g.sql);
    assert!(g.pushed_predicates.iter().any(|x| x.contains("'open'")));
    assert_eq!(dvt007(&p).len(), 1);
    // A GROUP BY over a same-server join, joined with a third server.
    let p = check(
        "SELECT t.region, t.n, p.amount FROM (SELECT c.region, COUNT(*) AS n, MAX(c.id) AS m \
         FROM src__crm__customers c JOIN src__crm__regions r ON r.region = c.region \
         GROUP BY c.region) t JOIN src__pay__payments p ON p.order_id = t.m",
    )
    .await;
    let g = pushed_on(&p, "a");
    assert!(g.pushed.aggregate && g.pushed.joins == 1, "{g:#?}");
}

#[tokio::test]
async fn same_server_order_by_limit_inside_a_subquery() {
    let p = check(
        "SELECT s.id, s.amount, c.name FROM (SELECT o.id, o.amount, o.customer_id \
         FROM src__shop__orders o ORDER BY o.amount DESC NULLS LAST, o.id NULLS LAST LIMIT 5) s \
         JOIN src__crm__customers c ON c.id = s.customer_id",
    )
    .await;
    let e = pushed_on(&p, "b");
    assert!(e.pushed.order_by, "{e:#?}");
    assert_eq!(e.pushed.limit, Some(5));
    assert!(
        e.sql.contains("ORDER BY") && e.sql.ends_with("LIMIT 5"),
        "{}",
        e.sql
    );
    // Over a same-server join.
    let p = check(
        "SELECT t.name, t.label, o.amount FROM (SELECT c.id, c.name, r.label \
         FROM src__crm__customers c JOIN src__crm__regions r ON r.region = c.region \
         ORDER BY c.id NULLS LAST LIMIT 4) t JOIN src__shop__orders o ON o.customer_id = t.id",
    )
    .await;
    let e = pushed_on(&p, "a");
    assert!(e.pushed.order_by && e.pushed.joins == 1, "{e:#?}");
    assert_eq!(e.pushed.limit, Some(4));
    assert!(
        e.sql.contains("JOIN") && e.sql.ends_with("LIMIT 4"),
        "{}",
        e.sql
    );
    // A LIMIT above a same-server join goes down with the join, never alone below it.
    let p = check(
        "SELECT t.name, o.amount FROM (SELECT c.id, c.name FROM src__crm__customers c \
         JOIN src__crm__regions r ON r.region = c.region LIMIT 3) t \
         LEFT JOIN src__shop__orders o ON o.customer_id = t.id",
    )
    .await;
    let e = pushed_on(&p, "a");
    assert!(
        e.sql.contains("JOIN") && e.sql.ends_with("LIMIT 3"),
        "{}",
        e.sql
    );
    assert!(
        p.extracts
            .iter()
            .all(|x| x.name != CUSTOMERS && x.name != REGIONS)
    );
}

#[tokio::test]
async fn same_server_window_pushed() {
    let p = check(
        "SELECT t.id, t.r, c.name FROM (SELECT o.id, o.customer_id, RANK() OVER \
         (PARTITION BY o.customer_id ORDER BY o.amount DESC NULLS LAST, o.id) AS r \
         FROM src__shop__orders o) t JOIN src__crm__customers c ON c.id = t.customer_id \
         WHERE t.r = 1 AND c.x = 2",
    )
    .await;
    let e = pushed_on(&p, "b");
    assert!(e.pushed.window, "{e:#?}");
    assert!(e.sql.contains("OVER"), "{}", e.sql);
}

/// A function the source dialect cannot express keeps its node in the engine: a smaller
/// subtree (or per-table extracts) goes down instead.
#[tokio::test]
async fn subtree_with_an_unexpressible_function_falls_back() {
    let on_pg = |s: &str| {
        if s == "a" {
            DbKind::Postgres
        } else {
            DbKind::DataFusion
        }
    };
    // In the select list above the join: the join goes down, the function stays above.
    let sql = "SELECT t.id, t.d, o.amount FROM (SELECT c.id, levenshtein(c.name, r.label) AS d \
               FROM src__crm__customers c JOIN src__crm__regions r ON r.region = c.region) t \
               JOIN src__shop__orders o ON o.customer_id = t.id";
    let p = check_input(sql, plan_input_on(sql, "t", on_pg), Mode::Unordered, false).await;
    let e = pushed_on(&p, "a");
    assert_eq!(e.dialect, DbKind::Postgres);
    assert!(
        e.sql.contains("JOIN") && !e.sql.contains("levenshtein"),
        "{}",
        e.sql
    );
    assert!(p.transform.datafusion_sql.contains("levenshtein"));
    // In the join condition: no same-server subtree can go, one extract per table.
    let sql = "SELECT c.id, r.label, o.amount FROM src__crm__customers c \
               JOIN src__crm__regions r ON levenshtein(c.region, r.region) < 1 \
               JOIN src__shop__orders o ON o.customer_id = c.id";
    let p = check_input(sql, plan_input_on(sql, "t", on_pg), Mode::Unordered, false).await;
    split(&p);
    assert!(
        p.extracts
            .iter()
            .all(|e| !e.name.starts_with("__dvt_push_")),
        "{p:#?}"
    );
    assert!(extract(&p, CUSTOMERS).sql.starts_with("SELECT"));
    assert!(extract(&p, REGIONS).sql.starts_with("SELECT"));
    // Division is evaluated differently by sources: kept in the engine.
    let p = check(
        "SELECT t.id, t.q, o.amount FROM (SELECT c.id, c.x / 2 AS q FROM src__crm__customers c \
         JOIN src__crm__regions r ON r.region = c.region) t \
         JOIN src__shop__orders o ON o.customer_id = t.id",
    )
    .await;
    let e = pushed_on(&p, "a");
    assert!(!e.sql.contains(" / "), "{}", e.sql);
}

/// A filter the source must not evaluate (MySQL compares strings case-insensitively) is lifted
/// above the same-server join and applied by the engine to a hidden column of the extract; the
/// source still gets it where it stands, as the wider filter its collation makes it.
#[tokio::test]
async fn case_insensitive_source_filter_is_lifted_above_the_pushed_join() {
    let on_mysql = |s: &str| {
        if s == "b" {
            DbKind::MySql
        } else {
            DbKind::DataFusion
        }
    };
    let sql = "SELECT a.id, b.id AS bid, c.name FROM src__shop__orders a \
               JOIN src__shop__orders b ON a.customer_id = b.customer_id AND a.id < b.id \
               JOIN src__crm__customers c ON c.id = a.customer_id \
               WHERE a.status = 'open' AND b.amount > 100";
    let p = check_input(
        sql,
        plan_input_on(sql, "t", on_mysql),
        Mode::Unordered,
        false,
    )
    .await;
    let e = pushed_on(&p, "b");
    assert_eq!(e.pushed.joins, 1, "{e:#?}");
    assert!(
        e.sql.contains("`status` = 'open'") && e.sql.contains("> 100"),
        "{}",
        e.sql
    );
    assert!(
        e.columns.iter().any(|c| c.name.starts_with("__dvt_x")),
        "{e:#?}"
    );
    assert!(p.transform.datafusion_sql.contains("'open'"));
    assert!(
        p.warnings
            .iter()
            .any(|w| w.code == dvt_core::WarningCode::Dvt005 && w.message.contains("status")),
        "{:?}",
        p.warnings
    );
    // A string join key would make the join itself case-insensitive: not pushed.
    let sql = "SELECT a.id, b.id AS bid, c.name FROM src__shop__orders a \
               JOIN src__shop__orders b ON a.status = b.status AND a.id < b.id \
               JOIN src__crm__customers c ON c.id = a.customer_id";
    let p = check_input(
        sql,
        plan_input_on(sql, "t", on_mysql),
        Mode::Unordered,
        false,
    )
    .await;
    assert!(p.extracts.iter().all(|e| e.pushed.joins == 0), "{p:#?}");
}

#[tokio::test]
async fn derived_tables_keep_the_columns_the_model_names_but_does_not_use() {
    // The optimizer prunes `o.amount` and the removed join's key, but the transform re-plans
    // the model's SQL, which still names them.
    check(
        "SELECT x.customer_id FROM (SELECT o.customer_id, o.amount FROM src__shop__orders o) x \
         JOIN src__crm__customers c ON c.id = x.customer_id",
    )
    .await;
    check(
        "SELECT DISTINCT o.amount FROM src__crm__customers c \
         RIGHT JOIN src__shop__orders o ON o.customer_id = c.id",
    )
    .await;
}

#[tokio::test]
async fn one_alias_reused_for_two_tables_keeps_both_tables_columns() {
    check(
        "SELECT x0.customer_id FROM (SELECT z.customer_id, z.amount FROM src__shop__orders z) x0 \
         JOIN (SELECT z.id, z.name FROM src__crm__customers z) x1 ON x1.id = x0.customer_id",
    )
    .await;
}

#[tokio::test]
async fn a_query_without_rows_still_runs_where_its_table_lives() {
    // The optimizer removes the scan of `LIMIT 0`; the query must not move to the target.
    let home = tables()
        .into_iter()
        .find(|t| t.planning == ORDERS)
        .unwrap()
        .server;
    let target = ["a", "b", "c"].into_iter().find(|s| *s != home).unwrap();
    let p = futures::executor::block_on(DataFusionPlanner.plan(&plan_input(
        &format!("SELECT id FROM {ORDERS} LIMIT 0"),
        target,
    )))
    .unwrap();
    assert!(!p.direct, "{p:#?}");
    assert_eq!(p.extracts.len(), 1);
    assert_eq!(p.extracts[0].connection, home, "{p:#?}");
}

/// An aggregate a scalar subquery reads again (a CTE used twice) is pushed once: both copies
/// read one extract, and the subquery's `max` runs in the engine over it.
#[tokio::test]
async fn a_pushed_subtree_used_twice_is_one_extract() {
    let p = check(
        "WITH t AS (SELECT customer_id, sum(amount) AS total FROM src__shop__orders \
         GROUP BY customer_id) \
         SELECT c.id, t.total FROM src__crm__customers c JOIN t ON t.customer_id = c.id \
         WHERE t.total <= (SELECT max(total) FROM t)",
    )
    .await;
    let pushed: Vec<_> = p
        .extracts
        .iter()
        .filter(|e| e.name.starts_with("__dvt_push_"))
        .collect();
    assert_eq!(pushed.len(), 1, "{p:#?}");
    assert!(pushed[0].pushed.aggregate && !pushed[0].sql.contains("max("));
    let reads = p
        .transform
        .datafusion_sql
        .matches(&format!("\"{}\"", pushed[0].name))
        .count();
    assert_eq!(reads, 2, "{}", p.transform.datafusion_sql);
}

/// An incremental model's watermark as the runner reads it: its query's one value on the
/// target's server.
async fn read_watermark(w: &dvt_planner::plan::Watermark) -> WatermarkValue {
    let batches = run(&servers()[w.connection.as_str()], &w.sql).await;
    let b = batches.iter().find(|b| b.num_rows() > 0).unwrap();
    WatermarkValue {
        sql: w.sql.clone(),
        value: ScalarValue::try_from_array(b.column(0), 0).unwrap(),
    }
}

#[tokio::test]
async fn an_incremental_watermark_is_read_on_the_target_and_pushed_into_the_source() {
    // `where o.id > (select max(id) from {{ this }})`: orders on b, the model's table on t.
    let sql = format!(
        "SELECT o.id, o.amount FROM {ORDERS} o WHERE o.id > (SELECT max(id) - 10 FROM {THIS})"
    );
    let input = plan_input(&sql, "t");
    let first = check_input(&sql, input.clone(), Mode::Unordered, false).await;
    let [w] = first.watermarks.as_slice() else {
        panic!("one watermark: {first:#?}")
    };
    assert_eq!((w.connection.as_str(), w.value.as_deref()), ("t", None));
    assert!(w.bounds.ends_with("id >"), "{}", w.bounds);
    let orders = extract(&first, ORDERS);
    assert!(orders.pushed_predicates.is_empty(), "{orders:#?}");

    // The value read (max 39 - 10 = 29) is pushed: orders reads only ids above it.
    let read = read_watermark(w).await;
    assert_eq!(read.value, ScalarValue::Int64(Some(29)));
    let bound = PlanInput {
        watermarks: vec![read],
        ..input.clone()
    };
    let plan = check_input(&sql, bound, Mode::Unordered, false).await;
    let orders = extract(&plan, ORDERS);
    assert_eq!(
        orders.pushed_predicates,
        vec!["(\"id\" > 29)"],
        "{orders:#?}"
    );
    assert_eq!(plan.watermarks[0].value.as_deref(), Some("29"));
    let text = dvt_planner::plan::explain_text(&plan);
    assert!(
        text.contains("watermark o.id > (…) read on t: 29"),
        "{text}"
    );

    // A NULL watermark (an empty table) pushes nothing: every row is read.
    let null = PlanInput {
        watermarks: vec![WatermarkValue {
            sql: w.sql.clone(),
            value: ScalarValue::Int64(None),
        }],
        ..input
    };
    let plan = check_input(&sql, null, Mode::Unordered, true).await;
    assert!(extract(&plan, ORDERS).pushed_predicates.is_empty());
    assert_eq!(plan.watermarks[0].value.as_deref(), Some("NULL"));
}

#[tokio::test]
async fn only_uncorrelated_subqueries_over_this_alone_are_watermarks() {
    for sql in [
        // Reads a source besides {{ this }}.
        format!(
            "SELECT o.id FROM {ORDERS} o WHERE o.id > (SELECT max(t.id) FROM {THIS} t JOIN {PAYMENTS} p ON p.id = t.id)"
        ),
        // Correlated with the outer row.
        format!(
            "SELECT o.id FROM {ORDERS} o WHERE o.id > (SELECT max(t.id) FROM {THIS} t WHERE t.id < o.customer_id)"
        ),
        // Not a comparison with a column.
        format!("SELECT o.id FROM {ORDERS} o WHERE o.id + 1 > (SELECT max(id) FROM {THIS})"),
    ] {
        let plan = DataFusionPlanner
            .plan(&plan_input(&sql, "t"))
            .await
            .unwrap();
        assert!(plan.watermarks.is_empty(), "{sql}: {:#?}", plan.watermarks);
    }
    // Mirrored and in a CTE, it is one.
    let sql = format!(
        "WITH recent AS (SELECT * FROM {ORDERS} o WHERE (SELECT max(id) FROM {THIS}) <= o.id) SELECT id FROM recent"
    );
    let plan = check_input(&sql, plan_input(&sql, "t"), Mode::Unordered, false).await;
    assert_eq!(plan.watermarks.len(), 1, "{plan:#?}");
    assert!(
        plan.watermarks[0].bounds.ends_with("id >="),
        "{:?}",
        plan.watermarks
    );
}

#[tokio::test]
async fn a_string_watermark_on_a_case_insensitive_source_is_only_a_wider_filter() {
    // orders on MariaDB, where '=' ignores case: `status = 'closed'` is sent as a wider filter
    // and applied again by the engine, so the result stays the engine's.
    let sql = format!(
        "SELECT o.id, o.status FROM {ORDERS} o WHERE o.status = (SELECT max(status) FROM {THIS})"
    );
    let on = |s: &str| match s {
        "b" => DbKind::MariaDb,
        _ => DbKind::DataFusion,
    };
    let input = plan_input_on(&sql, "t", on);
    let first = DataFusionPlanner.plan(&input).await.unwrap();
    let read = read_watermark(&first.watermarks[0]).await;
    let plan = DataFusionPlanner
        .plan(&PlanInput {
            watermarks: vec![read],
            ..input
        })
        .await
        .unwrap();
    let orders = extract(&plan, ORDERS);
    assert_eq!(
        orders.pushed_predicates,
        vec!["(`status` = 'closed')"],
        "{orders:#?}"
    );
    assert!(
        plan.transform.datafusion_sql.contains("= (SELECT"),
        "the engine still compares with the subquery: {}",
        plan.transform.datafusion_sql
    );
}

#[tokio::test]
async fn the_sources_statistics_are_in_the_plan_and_its_explain() {
    use dvt_io::connector::{CatalogColumn, CatalogTable, TableName};
    use dvt_planner::plan::{TableStats, explain_text};
    let column = |name: &str, distinct, nulls| CatalogColumn {
        name: name.into(),
        native_type: "bigint".into(),
        ty: DvtType::Int64,
        nullable: true,
        distinct,
        nulls,
    };
    // As a catalog read gives them: a one-column primary key has as many values as rows.
    let table = CatalogTable {
        name: TableName::new(None, "orders"),
        columns: vec![
            column("id", None, Some(0)),
            column("customer_id", Some(99_996), Some(12)),
            column("amount", None, None),
        ],
        row_estimate: Some(1_500_000),
        primary_key: vec!["id".into()],
    };
    let sql = format!("SELECT o.id FROM {ORDERS} o JOIN {PAYMENTS} p ON p.order_id = o.id");
    let mut input = plan_input(&sql, "t");
    let orders = input.relations.iter_mut().find(|r| r.name == ORDERS);
    orders.unwrap().stats = TableStats::of(&table);
    let plan = DataFusionPlanner.plan(&input).await.unwrap();
    let [s] = plan.statistics.as_slice() else {
        panic!("the one relation with statistics: {:#?}", plan.statistics)
    };
    assert_eq!(s.stats.columns.len(), 2, "amount has no estimate");
    let text = explain_text(&plan);
    assert!(
        text.contains(
            "src__shop__orders on b: ≈1,500,000 rows; id ≈1,500,000 distinct; \
             customer_id ≈99,996 distinct, ≈12 NULL"
        ),
        "{text}"
    );
    // Serialized with the plan, and read back.
    let json = serde_json::to_string(&plan).unwrap();
    let back: FederationPlan = serde_json::from_str(&json).unwrap();
    assert_eq!(back.statistics, plan.statistics);
}
