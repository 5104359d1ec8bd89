//! TPC-H q15 on the split path, on Spark and on the embedded engine: `revenue` (an aggregate of
//! lineitem) is read twice — pushed once to lineitem's server as an aggregate, one extract the
//! transform reads again for `(SELECT max(total_revenue) FROM revenue)` (on SQLite, which gets
//! no decimal aggregate, computed in the transform from lineitem's rows) — and supplier lives
//! on another server, so the query cannot run whole anywhere. The equality `total_revenue =
//! max(total_revenue)` compares decimals that must carry the same value, or the answer is
//! empty.
//!
//! Each layout puts lineitem and supplier on two different servers; Spark's rows must be the
//! embedded engine's, and neither may be empty.
//!
//! Skipped (with a note) without the test services.

use std::path::Path;
use std::sync::Arc;

use crate::common::tpch::{SF, TOLERANCE, generate, model_sql, sources_yml};
use crate::common::{
    Db, Outputs, Table, diff_multisets, load_maria, load_pg, load_sqlite, rows_of, write,
    write_project_files,
};
use dvt_engine::ProjectRunner;
use dvt_spark::SparkExecutorFactory;
use dvt_tpch::QUERIES;

/// (lineitem's server, supplier's server) of each layout.
const LAYOUTS: &[(Db, Db)] = &[(Db::Maria, Db::Pg), (Db::Pg, Db::Maria), (Db::Lite, Db::Pg)];

/// The project of one layout: outputs `wh` (target), `pg`, `maria`, `lite`; the two sources;
/// the model `q15`; computes `local` (embedded) and `spark`.
fn project(root: &Path, tables: &[&Table], place: &dyn Fn(&str) -> Db, outputs: &Outputs<'_>) {
    let spark = dvt_testkit::spark().expect("checked by the caller");
    let pg = dvt_testkit::postgres().expect("checked by the caller");
    let maria = dvt_testkit::mariadb().expect("checked by the caller");
    write_project_files(root, "tpch", (&pg, &maria), outputs);
    write(
        root,
        "computes.yml",
        &format!(
            "default:\n  target: local\n  computes:\n    local: {{type: embedded}}\n    spark: {{type: spark, remote: '{}', config: {{spark.sql.shuffle.partitions: '4'}}}}\n",
            spark.remote
        ),
    );
    write(
        root,
        "models/sources.yml",
        &sources_yml(outputs.maria_schema, tables, place, true),
    );
    let sql = model_sql(QUERIES[14], tables);
    write(root, "models/q15.sql", &sql);
}

fn runner(root: &Path, compute: &str) -> ProjectRunner {
    let (lp, res) = crate::common::load_project(root);
    ProjectRunner::new(lp, res, Some(compute.to_string()))
        .with_executor_factory(Arc::new(SparkExecutorFactory))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn q15_split_across_servers_on_spark_equals_the_embedded_engine() {
    let _spark = dvt_testkit::require_spark!();
    let pg = dvt_testkit::require_postgres!();
    let maria = dvt_testkit::require_mariadb!();
    let data = generate(SF);
    let tables: Vec<&Table> = data
        .iter()
        .filter(|t| t.name == "lineitem" || t.name == "supplier")
        .collect();
    let mut problems = Vec::new();
    for (i, &(li, su)) in LAYOUTS.iter().enumerate() {
        let label = format!("q15s{i}");
        let place = move |t: &str| if t == "lineitem" { li } else { su };
        let pg_db = pg.temp_database(&label);
        let maria_db = maria.temp_database(&label);
        let schema = maria_db.name().to_string();
        let wh = [
            pg.temp_database(&format!("{label}_emb")),
            pg.temp_database(&format!("{label}_spk")),
        ];
        let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
        let on = |db: Db| -> Vec<&Table> {
            tables
                .iter()
                .copied()
                .filter(|t| place(&t.name) == db)
                .collect()
        };
        load_pg(&pg, pg_db.name(), &schema, &on(Db::Pg));
        load_maria(&maria, maria_db.name(), &on(Db::Maria));
        for (dir, w) in dirs.iter().zip(&wh) {
            load_sqlite(&dir.path().join("lite.db"), &on(Db::Lite));
            project(
                dir.path(),
                &tables,
                &place,
                &Outputs {
                    target_db: w.name(),
                    target_schema: "public",
                    pg_db: pg_db.name(),
                    pg_schema: &schema,
                    maria_schema: &schema,
                },
            );
        }
        let what = format!("q15 with lineitem on {li:?}, supplier on {su:?}");
        let e = runner(dirs[0].path(), "local")
            .run_one("model.tpch.q15")
            .await
            .unwrap_or_else(|e| panic!("{what} on the embedded engine: {e}"));
        let s = runner(dirs[1].path(), "spark")
            .run_one("model.tpch.q15")
            .await
            .unwrap_or_else(|e| panic!("{what} on Spark: {e}"));
        assert!(!s.plan.direct, "{what} is federated");
        // The same plan, but for the sources' statistics: the two runs read databases of
        // their own, whose estimates (PostgreSQL's sampled ANALYZE) may differ.
        let planned = |p: &dvt_planner::FederationPlan| {
            let mut p = p.clone();
            p.statistics.clear();
            p.extracts.iter_mut().for_each(|x| x.estimated_rows = None);
            serde_json::to_value(p).unwrap()
        };
        assert_eq!(
            planned(&s.plan),
            planned(&e.plan),
            "{what}: one plan for both executors"
        );
        assert!(
            s.outcome.path.contains("federated (spark)"),
            "{what}: {}",
            s.outcome.path
        );
        // The shape under test: revenue pushed to lineitem's server as an aggregate, one
        // extract the subquery's `max` reads again in the transform (SQLite gets no decimal
        // aggregate: one read of lineitem).
        let on_lineitem: Vec<&str> = s
            .plan
            .extracts
            .iter()
            .filter(|x| x.sources.iter().any(|t| t.ends_with(".lineitem")))
            .map(|x| x.sql.as_str())
            .collect();
        assert!(
            li == Db::Lite || (on_lineitem.len() == 1 && on_lineitem[0].contains("sum(")),
            "{what}: lineitem is read once, as a pushed aggregate: {on_lineitem:#?}"
        );
        let q = "SELECT * FROM public.q15";
        let want = wh[0].query_strings(q);
        let got = wh[1].query_strings(q);
        assert!(!want.is_empty(), "{what}: the embedded engine finds rows");
        if let Some(d) = diff_multisets(&rows_of(&got), &rows_of(&want), TOLERANCE) {
            problems.push(format!(
                "{what}: Spark's rows differ from the embedded engine's: {d}\n  extracts:\n{}\n  transform (Spark SQL): {}",
                s.plan
                    .extracts
                    .iter()
                    .map(|x| format!("    {} on {}: {}", x.name, x.connection, x.sql))
                    .collect::<Vec<_>>()
                    .join("\n"),
                s.plan.transform.spark_sql
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
