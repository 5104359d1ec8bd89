//! Identifier case on the federated path, as a user with quoted mixed-case names writes it:
//! a PostgreSQL source whose columns are `"Id"`, `"MiXeD"` and `"Mixed Case"`, joined with a
//! SQLite source, loaded into PostgreSQL. The model's quoted names keep their case in every
//! SQL the plan holds and in the target table, as when the model runs on one database.

use std::path::Path;

mod common;
use common::{EMBEDDED_COMPUTES, PgFixture, dvt, pg_fixture, pg_output, spark_computes, write};
use dvt_testkit::{PgService, TempDatabase};

/// `app.people` on PostgreSQL (mixed-case quoted columns) and `crm.segs` in SQLite, whose
/// columns are written in mixed case too: SQLite compares names case-insensitively, but the
/// models are PostgreSQL SQL, which quotes a mixed-case name (`s."SegName"`).
fn source_data(app: &TempDatabase<'_, PgService>, lite: &Path) {
    app.execute_batch(
        r#"CREATE TABLE people ("Id" integer, "MiXeD" text, "Mixed Case" integer, plain integer);
           INSERT INTO people VALUES (1, 'one', 10, 100), (2, 'two', 20, 200), (3, 'x', 30, 300);"#,
    );
    let c = rusqlite::Connection::open(lite).unwrap();
    c.execute_batch(
        "CREATE TABLE segs (Id INTEGER, SegName TEXT);
         INSERT INTO segs VALUES (1, 'gold'), (2, 'tin'), (3, 'lead');",
    )
    .unwrap();
}

const SOURCES: &str = "version: 2
sources:
  - name: app
    schema: public
    connection: app
    tables:
      - name: people
        columns:
          - {name: MiXeD, quote: true, description: a quoted mixed-case column}
  - name: crm
    connection: crm
    tables:
      - name: segs
";

/// Federated (PostgreSQL ⋈ SQLite): every quoted name keeps its case.
const PEOPLE_SEGS: &str = r#"select p."Id", p."MiXeD", p."Mixed Case", p.plain as "CamelId",
  s."SegName", sum(p."Mixed Case") over () as "Total"
from {{ source('app', 'people') }} p
join {{ source('crm', 'segs') }} s on s."Id" = p."Id"
where p."MiXeD" <> 'x'"#;

/// Federated again, over the model above (now a table of the target with mixed-case columns)
/// and an aggregate over a pushed subtree: the grouped key and the alias keep their case.
const BY_SEGMENT: &str = r#"select s."SegName" as "Segment", count(*) as "N", max(r."CamelId") as "MaxCamel"
from {{ ref('people_segs') }} r
join {{ source('crm', 'segs') }} s on s."Id" = r."Id"
group by s."SegName""#;

fn project(root: &Path, pg: &PgService, app: &str, wh: &str) {
    write(
        root,
        "dbt_project.yml",
        "name: cased\nprofile: cased\nmodels:\n  cased:\n    +materialized: table\n",
    );
    write(
        root,
        "profiles.yml",
        &format!(
            "cased:\n  target: wh\n  outputs:\n    wh: {}\n    app: {}\n    crm: {{type: sqlite, path: '{}'}}\n",
            pg_output(pg, wh, "analytics"),
            pg_output(pg, app, "public"),
            root.join("crm.db").display()
        ),
    );
    write(root, "computes.yml", EMBEDDED_COMPUTES);
    write(root, "models/sources.yml", SOURCES);
    write(root, "models/people_segs.sql", PEOPLE_SEGS);
    write(root, "models/by_segment.sql", BY_SEGMENT);
}

/// Fresh databases (`<label>`, `<label>_wh`) with the source data, and the project on them.
fn fixture<'a>(pg: &'a PgService, label: &str) -> PgFixture<'a> {
    pg_fixture(pg, label, |root, app, wh| {
        source_data(app, &root.join("crm.db"));
        project(root, pg, app.name(), wh.name());
    })
}

/// A target table's column names, in order.
fn columns(wh: &TempDatabase<'_, PgService>, table: &str) -> Vec<String> {
    wh.query_strings(&format!(
        "SELECT column_name FROM information_schema.columns
         WHERE table_schema = 'analytics' AND table_name = '{table}' ORDER BY ordinal_position"
    ))
    .into_iter()
    .map(|r| r[0].clone().unwrap_or_default())
    .collect()
}

#[test]
fn quoted_mixed_case_names_keep_their_case_when_federated() {
    let pg = dvt_testkit::require_postgres!();
    runs_keep_the_case(&pg, "case", &[]);
}

#[test]
fn quoted_mixed_case_names_keep_their_case_on_spark() {
    let spark = dvt_testkit::require_spark!();
    let pg = dvt_testkit::require_postgres!();
    let computes = spark_computes(&spark.remote);
    runs_keep_the_case(&pg, "case_sc", &[("computes.yml", &computes)]);
}

/// Two runs of the project (`files` replacing some of its files) leave the target tables with
/// the model's names, in their case, and the right rows.
fn runs_keep_the_case(pg: &PgService, label: &str, files: &[(&str, &str)]) {
    let f = fixture(pg, label);
    let (root, wh) = (f.dir.path(), &f.wh);
    for (rel, text) in files {
        write(root, rel, text);
    }

    for round in 1..=2 {
        let (out, stderr) = dvt(root, &["run"]);
        assert!(out.status.success(), "run {round}: {stderr}");
        assert_eq!(
            columns(wh, "people_segs"),
            ["Id", "MiXeD", "Mixed Case", "CamelId", "SegName", "Total"],
            "run {round}"
        );
        assert_eq!(
            wh.query_strings(
                r#"SELECT "Id", "MiXeD", "Mixed Case", "CamelId", "SegName", "Total"
                   FROM analytics.people_segs ORDER BY "Id""#
            ),
            vec![
                ["1", "one", "10", "100", "gold", "30"].map(|s| Some(s.to_string())),
                ["2", "two", "20", "200", "tin", "30"].map(|s| Some(s.to_string())),
            ],
            "run {round}"
        );
        assert_eq!(
            columns(wh, "by_segment"),
            ["Segment", "N", "MaxCamel"],
            "run {round}"
        );
        assert_eq!(
            wh.query_strings(
                r#"SELECT "Segment", "N", "MaxCamel" FROM analytics.by_segment ORDER BY 1"#
            ),
            vec![
                ["gold", "1", "100"].map(|s| Some(s.to_string())),
                ["tin", "1", "200"].map(|s| Some(s.to_string())),
            ],
            "run {round}"
        );
    }
}

#[test]
fn an_unquoted_reference_to_a_mixed_case_column_is_the_model_dialects_error() {
    let pg = dvt_testkit::require_postgres!();
    let f = fixture(&pg, "case_err");
    let root = f.dir.path();
    // PostgreSQL folds `p.Id` to `p.id`, which the table does not have: so does the engine.
    write(
        root,
        "models/people_segs.sql",
        "select p.Id from {{ source('app', 'people') }} p join {{ source('crm', 'segs') }} s on s.\"Id\" = p.plain",
    );
    let (out, stderr) = dvt(root, &["run", "--select", "people_segs"]);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("DVT313"), "{stderr}");
    assert!(
        stderr.contains(r#"No field named p.id. Did you mean 'p."Id"'?"#),
        "{stderr}"
    );
    assert!(!stderr.contains("datafusion.sql_parser"), "{stderr}");
}

#[test]
fn a_quoted_declared_column_matches_only_its_exact_spelling() {
    let pg = dvt_testkit::require_postgres!();
    let f = fixture(&pg, "case_decl");
    let root = f.dir.path();
    let declare = |decl: &str| {
        write(
            root,
            "models/sources.yml",
            &SOURCES.replace(
                "{name: MiXeD, quote: true, description: a quoted mixed-case column}",
                decl,
            ),
        )
    };
    // Unquoted, `mixed` is the catalog's `MiXeD` (dbt leaves the case to the database).
    declare("{name: mixed, data_type: text}");
    let (out, stderr) = dvt(root, &["run", "--select", "people_segs"]);
    assert!(out.status.success(), "{stderr}");
    // Quoted, it is a column of its own, which the table lacks.
    declare("{name: mixed, quote: true}");
    let (out, stderr) = dvt(root, &["run", "--select", "people_segs"]);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("DVT117"), "{stderr}");
    assert!(stderr.contains("mixed"), "{stderr}");
}
