//! Plan snapshots of the 22 TPC-H queries with the tables spread over three servers
//! (PostgreSQL, MySQL, SQLite; see `dvt_tpch`). A change in any extract, pushed
//! predicate, transform or warning shows up as a snapshot diff to review.

use dvt_planner::plan::{DataFusionPlanner, Planner, explain_text};

#[test]
fn tpch_plans() {
    for n in 1..=22 {
        let plan = futures::executor::block_on(DataFusionPlanner.plan(&dvt_tpch::plan_input(n)))
            .unwrap_or_else(|e| panic!("Q{n}: {e}"));
        insta::assert_snapshot!(format!("q{n:02}"), explain_text(&plan));
    }
}

#[test]
fn tpch_plans_are_sound() {
    for n in 1..=22 {
        let plan =
            futures::executor::block_on(DataFusionPlanner.plan(&dvt_tpch::plan_input(n))).unwrap();
        // Every extract reads exactly one place and says what it reads.
        for e in &plan.extracts {
            assert!(!e.sources.is_empty(), "Q{n}: {}", e.sql);
            assert!(!e.columns.is_empty(), "Q{n}: {}", e.sql);
        }
        // Queries over tables on more than one server are never "direct".
        let mixed = plan
            .extracts
            .iter()
            .map(|e| &e.connection)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            > 1;
        assert!(!(mixed && plan.direct), "Q{n}");
        // The plan serializes.
        let json = serde_json::to_value(&plan).unwrap();
        assert!(json["transform"]["spark_sql"].is_string());
    }
}
