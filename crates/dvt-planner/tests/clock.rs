//! The query's clock (`current_date`, `now()` / `current_timestamp`) in a plan: kept as a
//! function call — never the planning day's literal — in the transform (DataFusion and Spark
//! SQL) and in what is pushed; `current_date` pushed only to PostgreSQL and MySQL (UTC
//! sessions), `now()` never (the TPC-H placement of `dvt_tpch`: lineitem and orders
//! on PostgreSQL, customer on MySQL, part on SQLite).

use datafusion::arrow::array::Array;
use datafusion::arrow::util::display::array_value_to_string;
use datafusion::prelude::SessionContext;
use dvt_planner::plan::{DataFusionPlanner, FederationPlan, Planner, explain_text};

const MODEL: &str = "select l_orderkey, x.m, current_date as today, now() as at
from lineitem
join (select o_orderkey, max(o_orderdate) as m from orders
      where o_orderdate > current_date - interval '1 year' group by o_orderkey) x
  on x.o_orderkey = l_orderkey
join part on p_partkey = l_partkey
join customer on c_custkey = l_suppkey
where p_size < extract(day from current_date)
  and c_custkey < extract(month from current_date)
  and l_shipdate < now()";

/// Today's date (UTC), `YYYY-MM-DD`, as DataFusion sees it.
fn today() -> String {
    let ctx = SessionContext::new();
    let batches = futures::executor::block_on(async {
        ctx.sql("SELECT CAST(current_date() AS VARCHAR)")
            .await
            .unwrap()
            .collect()
            .await
            .unwrap()
    });
    let col = batches[0].column(0);
    assert_eq!(col.len(), 1);
    array_value_to_string(col, 0).unwrap()
}

fn plan(sql: &str) -> FederationPlan {
    let mut input = dvt_tpch::plan_input(1);
    input.model = "model.tpch.clock".into();
    input.sql = sql.into();
    input.whole_sql = sql.into();
    futures::executor::block_on(DataFusionPlanner.plan(&input)).unwrap()
}

#[test]
fn the_clock_is_a_function_in_every_sql_of_the_plan() {
    let before = today();
    let p = plan(MODEL);
    let after = today();
    let json = serde_json::to_string(&p).unwrap();
    for day in [&before, &after] {
        assert!(
            !json.contains(day.as_str()),
            "the planning day {day} in {json}"
        );
    }
    assert!(!p.direct);
    // The transform calls the functions.
    let df = &p.transform.datafusion_sql;
    assert!(
        df.contains("current_date()") && df.contains("now()"),
        "{df}"
    );
    let spark = &p.transform.spark_sql;
    assert!(
        spark.contains("CURRENT_DATE") && spark.contains("CURRENT_TIMESTAMP"),
        "{spark}"
    );
    // `current_date` on PostgreSQL and MySQL, nothing of the clock on SQLite, `now()` nowhere.
    let on = |conn: &str| {
        p.extracts
            .iter()
            .filter(|x| x.connection == conn)
            .map(|x| x.sql.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (pg, mysql, sqlite) = (on("warehouse"), on("crm"), on("catalog"));
    assert!(pg.contains("CURRENT_DATE"), "{pg}");
    assert!(mysql.contains("CURRENT_DATE"), "{mysql}");
    for sql in [&pg, &mysql, &sqlite] {
        let upper = sql.to_ascii_uppercase();
        assert!(
            !upper.contains("CURRENT_TIMESTAMP") && !upper.contains("NOW("),
            "{sql}"
        );
    }
    let upper = sqlite.to_ascii_uppercase();
    assert!(
        !upper.contains("CURRENT_DATE") && !upper.contains("'NOW'"),
        "{sqlite}"
    );
    insta::assert_snapshot!("clock_split", explain_text(&p));
}

#[test]
fn a_model_sent_whole_keeps_the_clock_as_written() {
    let p = plan("select o_orderkey from orders where o_orderdate > current_date - 30");
    let json = serde_json::to_string(&p).unwrap();
    assert!(!json.contains(&today()), "{json}");
    assert!(p.direct, "{}", explain_text(&p));
}
