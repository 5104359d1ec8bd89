//! The transform is written from DataFusion's optimized plan for the plans that once fell back
//! to the model's own SQL (which Spark SQL reads with other semantics: an `IN` that is never
//! NULL, `date - date` as an interval, 6 fractional digits of a decimal quotient): an `IN` /
//! `EXISTS` subquery under `OR` (a *mark join*, written as an `EXISTS` column) and a filter the
//! optimizer proved false (an empty relation, written as typed NULLs `WHERE FALSE`). The
//! TPC-H placement of `dvt_tpch`: orders on PostgreSQL, customer on MySQL, part on
//! SQLite. The random differential suites run such queries against the databases.

use dvt_planner::plan::{DataFusionPlanner, FederationPlan, Planner, explain_text};

fn plan(name: &str, sql: &str) -> FederationPlan {
    let mut input = dvt_tpch::plan_input(1);
    input.model = format!("model.tpch.{name}");
    input.sql = sql.into();
    input.whole_sql = sql.into();
    futures::executor::block_on(DataFusionPlanner.plan(&input)).unwrap()
}

/// The model's own SQL would have been kept: its subquery, unchanged.
fn written_from_the_plan(p: &FederationPlan) {
    let df = &p.transform.datafusion_sql;
    assert!(!df.contains("IN (SELECT"), "{df}");
    assert!(p.transform.spark_refusal.is_none());
}

#[test]
fn an_in_subquery_under_or_is_an_exists_column() {
    let p = plan(
        "mark",
        "select o_orderkey, o_orderdate - date '1995-01-01' as days from orders \
         where o_totalprice > 500000 \
            or o_custkey in (select c_custkey from customer where c_acctbal / 7 < 0)",
    );
    written_from_the_plan(&p);
    assert!(p.transform.datafusion_sql.contains("EXISTS (SELECT"));
    assert!(p.transform.spark_sql.contains("EXISTS (SELECT"));
    // The days between dates are a number in Spark SQL too.
    assert!(
        p.transform.spark_sql.contains("AS BIGINT)"),
        "{}",
        p.transform.spark_sql
    );
    insta::assert_snapshot!(explain_text(&p));
}

#[test]
fn a_filter_proved_false_is_an_empty_select() {
    let p = plan(
        "empty",
        "select p_partkey, p_name, c_acctbal from part join customer on c_custkey = p_partkey \
         where 1 = 0",
    );
    written_from_the_plan(&p);
    assert!(
        p.transform.datafusion_sql.contains("WHERE (FALSE)"),
        "{}",
        p.transform.datafusion_sql
    );
    insta::assert_snapshot!(explain_text(&p));
}
