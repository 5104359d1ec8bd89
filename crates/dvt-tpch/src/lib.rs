//! Test fixtures, not part of dvt's API: TPC-H over three servers — the eight tables' schemas
//! and the 22 queries — for the planner's snapshot tests, the differential suites and the
//! benchmarks (`cargo bench --bench plan`).
//!
//! The split: `lineitem` and `orders` on a PostgreSQL server (the target), `customer`, `nation`
//! and `region` on a MySQL server, `part`, `partsupp` and `supplier` in a SQLite file. The query
//! texts are the standard TPC-H queries with their validation parameters.
//!
//! ```
//! use dvt_planner::{DataFusionPlanner, Planner};
//!
//! let q3 = dvt_tpch::plan_input(3);
//! assert_eq!(q3.relations.len(), 8);
//! let plan = futures::executor::block_on(DataFusionPlanner.plan(&q3)).unwrap();
//! assert!(!plan.direct, "lineitem ⋈ customer spans PostgreSQL and MySQL");
//! ```

use dvt_core::profiles::ServerKey;
use dvt_types::DvtType;

use dvt_planner::DbKind;
use dvt_planner::plan::{PlanInput, Relation, RelationKind};

/// The 22 queries, in order (`QUERIES[0]` is Q1).
pub const QUERIES: [&str; 22] = [
    include_str!("../queries/q01.sql"),
    include_str!("../queries/q02.sql"),
    include_str!("../queries/q03.sql"),
    include_str!("../queries/q04.sql"),
    include_str!("../queries/q05.sql"),
    include_str!("../queries/q06.sql"),
    include_str!("../queries/q07.sql"),
    include_str!("../queries/q08.sql"),
    include_str!("../queries/q09.sql"),
    include_str!("../queries/q10.sql"),
    include_str!("../queries/q11.sql"),
    include_str!("../queries/q12.sql"),
    include_str!("../queries/q13.sql"),
    include_str!("../queries/q14.sql"),
    include_str!("../queries/q15.sql"),
    include_str!("../queries/q16.sql"),
    include_str!("../queries/q17.sql"),
    include_str!("../queries/q18.sql"),
    include_str!("../queries/q19.sql"),
    include_str!("../queries/q20.sql"),
    include_str!("../queries/q21.sql"),
    include_str!("../queries/q22.sql"),
];

fn server(family: &str, host: &str, port: u16, location: &str) -> ServerKey {
    ServerKey {
        family: family.into(),
        host: host.into(),
        port,
        location: location.into(),
    }
}

/// (connection, server, dialect) of each of the three places.
fn place(table: &str) -> (&'static str, ServerKey, DbKind) {
    match table {
        "lineitem" | "orders" => (
            "warehouse",
            server("postgres", "127.0.0.1", 5432, "tpch"),
            DbKind::Postgres,
        ),
        "customer" | "nation" | "region" => {
            ("crm", server("mysql", "127.0.0.1", 3306, ""), DbKind::MySql)
        }
        _ => (
            "catalog",
            server("sqlite", "", 0, "/data/catalog.db"),
            DbKind::Sqlite,
        ),
    }
}

/// The TPC-H tables and their columns.
pub fn tables() -> Vec<(&'static str, Vec<(&'static str, DvtType)>)> {
    let int = || DvtType::Int64;
    let dec = || DvtType::Decimal {
        precision: 15,
        scale: 2,
    };
    let s = |n: u32| DvtType::Varchar { length: Some(n) };
    let c = |n: u32| DvtType::Char { length: n };
    let date = || DvtType::Date;
    vec![
        (
            "nation",
            vec![
                ("n_nationkey", int()),
                ("n_name", c(25)),
                ("n_regionkey", int()),
                ("n_comment", s(152)),
            ],
        ),
        (
            "region",
            vec![
                ("r_regionkey", int()),
                ("r_name", c(25)),
                ("r_comment", s(152)),
            ],
        ),
        (
            "part",
            vec![
                ("p_partkey", int()),
                ("p_name", s(55)),
                ("p_mfgr", c(25)),
                ("p_brand", c(10)),
                ("p_type", s(25)),
                ("p_size", int()),
                ("p_container", c(10)),
                ("p_retailprice", dec()),
                ("p_comment", s(23)),
            ],
        ),
        (
            "supplier",
            vec![
                ("s_suppkey", int()),
                ("s_name", c(25)),
                ("s_address", s(40)),
                ("s_nationkey", int()),
                ("s_phone", c(15)),
                ("s_acctbal", dec()),
                ("s_comment", s(101)),
            ],
        ),
        (
            "partsupp",
            vec![
                ("ps_partkey", int()),
                ("ps_suppkey", int()),
                ("ps_availqty", int()),
                ("ps_supplycost", dec()),
                ("ps_comment", s(199)),
            ],
        ),
        (
            "customer",
            vec![
                ("c_custkey", int()),
                ("c_name", s(25)),
                ("c_address", s(40)),
                ("c_nationkey", int()),
                ("c_phone", c(15)),
                ("c_acctbal", dec()),
                ("c_mktsegment", c(10)),
                ("c_comment", s(117)),
            ],
        ),
        (
            "orders",
            vec![
                ("o_orderkey", int()),
                ("o_custkey", int()),
                ("o_orderstatus", c(1)),
                ("o_totalprice", dec()),
                ("o_orderdate", date()),
                ("o_orderpriority", c(15)),
                ("o_clerk", c(15)),
                ("o_shippriority", int()),
                ("o_comment", s(79)),
            ],
        ),
        (
            "lineitem",
            vec![
                ("l_orderkey", int()),
                ("l_partkey", int()),
                ("l_suppkey", int()),
                ("l_linenumber", int()),
                ("l_quantity", dec()),
                ("l_extendedprice", dec()),
                ("l_discount", dec()),
                ("l_tax", dec()),
                ("l_returnflag", c(1)),
                ("l_linestatus", c(1)),
                ("l_shipdate", date()),
                ("l_commitdate", date()),
                ("l_receiptdate", date()),
                ("l_shipinstruct", c(25)),
                ("l_shipmode", c(10)),
                ("l_comment", s(44)),
            ],
        ),
    ]
}

/// The plan input of query `n` (1-based) as a model on the PostgreSQL warehouse.
pub fn plan_input(n: usize) -> PlanInput {
    let sql = QUERIES[n - 1].trim().trim_end_matches(';').to_string();
    let relations = tables()
        .into_iter()
        .map(|(t, cols)| {
            let (connection, server, dialect) = place(t);
            Relation {
                name: t.to_string(),
                unique_id: format!("source.tpch.tpch.{t}"),
                display: format!("source('tpch', '{t}')"),
                connection: connection.to_string(),
                server,
                dialect,
                schema: (dialect != DbKind::Sqlite).then(|| "tpch".to_string()),
                identifier: t.to_string(),
                columns: cols
                    .into_iter()
                    .map(|(c, ty)| (c.to_string(), ty))
                    .collect(),
                kind: RelationKind::Source,
                stats: Default::default(),
            }
        })
        .collect();
    let (target, target_server, _) = place("lineitem");
    PlanInput {
        model: format!("model.tpch.q{n:02}"),
        whole_sql: sql.clone(),
        sql,
        model_dialect: DbKind::Postgres,
        target: target.to_string(),
        target_server,
        relations,
        warnings: vec![],
        watermarks: vec![],
        strategy: Default::default(),
    }
}
