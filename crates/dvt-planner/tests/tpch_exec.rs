//! The 22 TPC-H queries planned over three in-memory DataFusion "servers" (the split of
//! `dvt_tpch`, every relation in DataFusion's dialect so every extract runs as
//! written), executed — extracts on their servers, their rows cast to the declared extract
//! columns as an executor does, the transform in a fresh engine — and compared with the unsplit
//! query over the same data.

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::Schema;
use datafusion::prelude::SessionContext;
use dvt_planner::plan::{Extract, PlanInput};
use dvt_planner::{DataFusionPlanner, DbKind, DialectTranslator, Planner, Translator};
use dvt_types::DvtType;

use crate::common::{batch, mem, rows, run, tpch_context, tpch_rows};

/// Rows cast to the extract's declared columns (names and types), as an executor does.
pub fn conform(e: &Extract, batches: &[RecordBatch]) -> Vec<RecordBatch> {
    let fields: Vec<_> = e
        .columns
        .iter()
        .map(|c| {
            let t: DvtType = c.ty.parse().unwrap();
            t.to_arrow_field(&c.name, true)
        })
        .collect();
    let schema = Arc::new(Schema::new(fields));
    batches
        .iter()
        .map(|b| {
            assert_eq!(b.num_columns(), e.columns.len(), "{}: {}", e.name, e.sql);
            let cols = b
                .columns()
                .iter()
                .zip(schema.fields())
                .map(|(a, f)| {
                    cast(a, f.data_type())
                        .unwrap_or_else(|x| panic!("{}: {} as {}: {x}", e.name, f.name(), f))
                })
                .collect();
            RecordBatch::try_new(schema.clone(), cols).unwrap()
        })
        .collect()
}

fn input(n: usize) -> PlanInput {
    let mut input = dvt_tpch::plan_input(n);
    for r in &mut input.relations {
        r.dialect = DbKind::DataFusion;
        r.schema = None;
    }
    input
}

#[tokio::test]
async fn tpch_split_plans_give_the_unsplit_results() {
    let reference = tpch_context();
    let data = tpch_rows();
    let mut nonempty = 0;
    let mut pushed = 0;
    for n in 1..=22 {
        let input = input(n);
        let plan = futures::executor::block_on(DataFusionPlanner.plan(&input))
            .unwrap_or_else(|e| panic!("Q{n}: {e}"));
        // Servers: each connection's tables under their identifiers.
        let mut servers: BTreeMap<String, SessionContext> = BTreeMap::new();
        for r in &input.relations {
            let ctx = servers
                .entry(r.connection.clone())
                .or_insert_with(crate::common::engine);
            let rows = &data.iter().find(|(t, _)| *t == r.identifier).unwrap().1;
            let b = batch(&r.columns, rows);
            let s = b.schema();
            ctx.register_table(r.identifier.as_str(), mem(vec![b], s))
                .unwrap();
        }
        let engine = crate::common::engine();
        for e in &plan.extracts {
            let (b, _) = run(&servers[&e.connection], &e.sql).await;
            let b = conform(e, &b);
            let schema = Arc::new(Schema::new(
                e.columns
                    .iter()
                    .map(|c| {
                        c.ty.parse::<DvtType>()
                            .unwrap()
                            .to_arrow_field(&c.name, true)
                    })
                    .collect::<Vec<_>>(),
            ));
            engine
                .register_table(e.name.as_str(), mem(b, schema))
                .unwrap();
            if e.pushed.joins > 0 || e.pushed.aggregate {
                pushed += 1;
            }
        }
        let (got, _) = run(&engine, &plan.transform.datafusion_sql).await;
        let sql = Translator
            .translate(&input.sql, DbKind::Postgres, DbKind::DataFusion)
            .unwrap()
            .sql;
        let (want, _) = run(&reference, &sql).await;
        let (mut got, mut want) = (rows(&got), rows(&want));
        got.sort();
        want.sort();
        assert_eq!(
            got,
            want,
            "Q{n}: the split plan differs\n{}",
            dvt_planner::plan::explain_text(&plan)
        );
        if !want.is_empty() {
            nonempty += 1;
        }
    }
    assert!(nonempty >= 15, "only {nonempty} queries return rows");
    assert!(pushed >= 5, "only {pushed} pushed subtrees");
}
