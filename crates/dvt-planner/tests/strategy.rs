//! The cost model's choice per model (`federation: {strategy: …}`): TPC-H Q3 with customer on
//! MySQL and orders and lineitem on the PostgreSQL warehouse (`dvt_tpch`'s placement), with and
//! without the sources' statistics, chosen and forced.

use dvt_planner::plan::{
    ColumnStats, DataFusionPlanner, PlanInput, Planner, Strategy, TableStats, explain_text,
};

/// Q3 with the row counts of TPC-H SF1 and the distinct counts its filters and keys need.
fn q03_with_statistics() -> PlanInput {
    let mut input = dvt_tpch::plan_input(3);
    let stat = |name: &str, distinct: u64| ColumnStats {
        name: name.into(),
        distinct: Some(distinct),
        nulls: Some(0),
    };
    for r in &mut input.relations {
        r.stats = match r.name.as_str() {
            "customer" => TableStats {
                rows: Some(150_000),
                columns: vec![stat("c_custkey", 150_000), stat("c_mktsegment", 5)],
            },
            "orders" => TableStats {
                rows: Some(1_500_000),
                columns: vec![stat("o_orderkey", 1_500_000), stat("o_custkey", 100_000)],
            },
            "lineitem" => TableStats {
                rows: Some(6_000_000),
                columns: vec![stat("l_orderkey", 1_500_000)],
            },
            _ => TableStats::default(),
        };
    }
    input
}

fn plan(input: &PlanInput) -> dvt_planner::FederationPlan {
    futures::executor::block_on(DataFusionPlanner.plan(input)).unwrap()
}

#[test]
fn auto_stages_the_small_filtered_side_on_the_big_sides_server() {
    let p = plan(&q03_with_statistics());
    let choice = p.strategy.as_ref().expect("a cross-server join");
    assert_eq!(choice.strategy, Strategy::Move, "{}", explain_text(&p));
    assert_eq!(choice.to.as_deref(), Some("warehouse"));
    assert!(!choice.forced);
    // Extracting both sides moves ~2.5M rows; staging customer's ~30k (twice) and reading
    // Q3's 10 result rows moves ~60k.
    let extract = choice
        .costs
        .iter()
        .find(|c| c.strategy == Strategy::Extract);
    let moved = choice.costs.iter().find(|c| c.strategy == Strategy::Move);
    let (extract, moved) = (extract.unwrap().rows.unwrap(), moved.unwrap().rows.unwrap());
    assert!(
        extract > 2_000_000 && moved < 100_000,
        "{extract} vs {moved}"
    );
    // One query on the warehouse, customer's filtered rows staged into it first; the warehouse
    // is the model's target too, so that query builds the model there (the direct path).
    assert_eq!(p.extracts.len(), 1, "{}", explain_text(&p));
    assert!(p.direct, "{}", explain_text(&p));
    assert!(
        choice
            .note
            .as_deref()
            .is_some_and(|n| n.contains("builds the model there")),
        "{:?}",
        choice.note
    );
    let x = &p.extracts[0];
    assert_eq!(x.connection, "warehouse");
    assert!(x.sql.contains("\"pg_temp\".\"dvt_stage_1\""), "{}", x.sql);
    assert_eq!(x.staged.len(), 1);
    let staged = &x.staged[0];
    assert_eq!(staged.table, "dvt_stage_1");
    assert_eq!(staged.extract.connection, "crm");
    assert!(
        staged.extract.sql.contains("'BUILDING'"),
        "{}",
        staged.extract.sql
    );
    assert_eq!(staged.extract.estimated_rows, Some(30_000));
    let text = explain_text(&p);
    assert!(
        text.contains("cross-server joins: move to warehouse"),
        "{text}"
    );
    assert!(
        text.contains("staged first: source.tpch.tpch.customer from crm"),
        "{text}"
    );
    // The plan (staged inputs included) serializes and reads back.
    let json = serde_json::to_string(&p).unwrap();
    let back: dvt_planner::FederationPlan = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
}

#[test]
fn a_move_to_a_server_that_is_not_the_target_is_one_extract_of_the_whole_query() {
    let mut input = q03_with_statistics();
    input.target = "mart".into();
    input.target_server.host = "mart.example".into();
    let p = plan(&input);
    let choice = p.strategy.as_ref().unwrap();
    assert_eq!(choice.strategy, Strategy::Move, "{}", explain_text(&p));
    assert!(!p.direct);
    assert_eq!(p.extracts.len(), 1, "{}", explain_text(&p));
    let x = &p.extracts[0];
    assert!(x.pushed.whole_query, "{}", explain_text(&p));
    assert_eq!(x.staged.len(), 1);
    // Q3's ORDER BY … LIMIT 10 runs there too: 10 rows come back, not every group.
    assert!(x.sql.contains("LIMIT 10"), "{}", x.sql);
    assert!(x.sql.contains("\"pg_temp\".\"dvt_stage_1\""), "{}", x.sql);
    // Its rows do pass through dvt here, and count.
    let moved = choice.costs.iter().find(|c| c.strategy == Strategy::Move);
    assert!(moved.unwrap().rows.unwrap() >= 60_000);
}

#[test]
fn without_statistics_auto_keeps_the_semi_join() {
    let p = plan(&dvt_tpch::plan_input(3));
    let choice = p.strategy.as_ref().unwrap();
    assert_eq!(choice.strategy, Strategy::SemiJoin);
    assert!(p.extracts.iter().all(|x| x.staged.is_empty()));
    assert_eq!(choice.costs.len(), 1, "no move costed without estimates");
    assert_eq!(choice.costs[0].rows, None);
}

#[test]
fn a_model_config_forces_its_strategy() {
    let mut input = q03_with_statistics();
    input.strategy = Strategy::Extract;
    let p = plan(&input);
    let choice = p.strategy.as_ref().unwrap();
    assert_eq!((choice.strategy, choice.forced), (Strategy::Extract, true));
    assert!(p.extracts.iter().all(|x| x.staged.is_empty()));
    assert!(explain_text(&p).contains("forced by the model's config"));

    // Forced to move without estimates: it moves all the same.
    let mut input = dvt_tpch::plan_input(3);
    input.strategy = Strategy::Move;
    let p = plan(&input);
    assert_eq!(p.strategy.as_ref().unwrap().strategy, Strategy::Move);
    assert_eq!(p.extracts.len(), 1);
}

#[test]
fn a_forced_move_without_a_receiving_server_falls_back_and_says_why() {
    // Q2 reads no PostgreSQL table here (part, partsupp, supplier, nation, region).
    let mut input = dvt_tpch::plan_input(2);
    input.strategy = Strategy::Move;
    let p = plan(&input);
    let choice = p.strategy.as_ref().unwrap();
    assert_eq!(choice.strategy, Strategy::SemiJoin);
    assert!(choice.note.as_deref().unwrap().contains("only PostgreSQL"));
    assert!(p.extracts.iter().all(|x| x.staged.is_empty()));
}

#[test]
fn strategy_names_parse_and_others_are_refused() {
    assert_eq!(Strategy::parse("MOVE"), Ok(Strategy::Move));
    assert_eq!(Strategy::parse(" semi_join"), Ok(Strategy::SemiJoin));
    let e = Strategy::parse("teleport").unwrap_err();
    assert!(e.contains("auto, extract, semi_join, move"), "{e}");
}
