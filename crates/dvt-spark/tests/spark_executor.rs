//! The Spark Connect executor against a real Spark Connect server and real PostgreSQL, MariaDB
//! and SQLite sources (`scripts/services.sh start` starts them): federated models built on Spark
//! hold exactly the rows the embedded executor builds, and an unreachable remote is DVT510.
//! The SQLite table is read partitioned (`meta: {partition_column: id}`): Spark splits a JDBC
//! read on a numeric column, while SQLite's columns are read as text and cast.
//!
//! Skipped (with a note) without the test services.

use std::path::Path;
use std::sync::Arc;

use crate::common::{Outputs, write, write_project_files};

use dvt_engine::ProjectRunner;
use dvt_spark::SparkExecutorFactory;
use dvt_testkit::{MariaService, PgService, SparkService, TempDatabase};

/// The models: a three-server join, an aggregate, filters and expressions over every type.
const MODELS: &[(&str, &str)] = &[
    (
        "m_join",
        "select o.id, o.amount, o.placed, o.ts, o.note, o.flag, c.name, c.credit, r.rname, r.opened
         from {{ source('p', 'orders') }} o
         join {{ source('m', 'customers') }} c on o.cust = c.id
         left join {{ source('l', 'regions') }} r on c.region = r.id",
    ),
    (
        "m_agg",
        "select c.name, count(*) as n, sum(o.amount) as total, max(o.ts) as last_ts,
                min(o.placed) as first_day
         from {{ source('p', 'orders') }} o
         left join {{ source('m', 'customers') }} c on o.cust = c.id
         group by c.name",
    ),
    (
        "m_expr",
        "select o.id, upper(o.note) as un, coalesce(c.name, 'none') as nm, o.amount * 2 as dbl,
                o.flag
         from {{ source('p', 'orders') }} o
         join {{ source('m', 'customers') }} c on c.id = o.cust
         where o.flag = 'ab' or o.amount is null or c.credit < 0",
    ),
    (
        // The query's clock: `current_date` pushed to PostgreSQL and MariaDB (UTC sessions),
        // kept in the transform for SQLite; evaluated when the plan runs on either executor.
        "m_clock",
        "select o.id, o.placed, c.name, r.rname, o.placed < current_date as past,
                extract(year from current_date) - extract(year from o.placed) as years
         from {{ source('p', 'orders') }} o
         join {{ source('m', 'customers') }} c on o.cust = c.id
         left join {{ source('l', 'regions') }} r on c.region = r.id
           and r.opened < current_date
         where o.placed < current_date
           and c.id < 100 + extract(day from current_date)",
    ),
    (
        // `date - date`: whole days in DataFusion, an interval in Spark SQL's own text.
        "m_days",
        "select o.id, o.placed - r.opened as days, o.placed - o.placed as zero
         from {{ source('p', 'orders') }} o
         join {{ source('m', 'customers') }} c on o.cust = c.id
         join {{ source('l', 'regions') }} r on c.region = r.id",
    ),
];

struct Sources<'a> {
    pg_db: &'a str,
    maria_db: &'a str,
}

/// A project reading orders (PostgreSQL), customers (MariaDB) and regions (SQLite), writing into
/// the PostgreSQL database `target_db`, with a `spark` compute at `remote`.
fn project(
    root: &Path,
    pg: &PgService,
    maria: &MariaService,
    src: &Sources<'_>,
    target_db: &str,
    remote: &str,
) {
    write_project_files(
        root,
        "sp",
        (pg, maria),
        &Outputs {
            target_db,
            target_schema: "public",
            pg_db: src.pg_db,
            pg_schema: "public",
            maria_schema: src.maria_db,
        },
    );
    write(
        root,
        "computes.yml",
        &format!(
            "default:\n  target: local\n  computes:\n    local: {{type: embedded}}\n    spark: {{type: spark, remote: '{remote}', config: {{spark.sql.shuffle.partitions: '4'}}}}\n"
        ),
    );
    write(
        root,
        "models/sources.yml",
        &format!(
            "version: 2
sources:
  - name: p
    schema: public
    tables:
      - name: orders
        connection: pg
        columns:
          - {{name: id, data_type: integer}}
          - {{name: cust, data_type: integer}}
          - {{name: amount, data_type: 'numeric(12,2)'}}
          - {{name: placed, data_type: date}}
          - {{name: ts, data_type: timestamp}}
          - {{name: note, data_type: text}}
          - {{name: flag, data_type: 'char(3)'}}
  - name: m
    schema: {}
    tables:
      - name: customers
        connection: maria
        columns:
          - {{name: id, data_type: int}}
          - {{name: name, data_type: 'varchar(50)'}}
          - {{name: region, data_type: int}}
          - {{name: credit, data_type: 'decimal(10,3)'}}
  - name: l
    tables:
      - name: regions
        connection: lite
        meta: {{partition_column: id, partitions: 2}}
        columns:
          - {{name: id, data_type: integer}}
          - {{name: rname, data_type: 'varchar(20)'}}
          - {{name: opened, data_type: date}}
",
            src.maria_db
        ),
    );
    for (name, sql) in MODELS {
        write(root, &format!("models/{name}.sql"), sql);
    }
}

fn load_sources(
    root: &Path,
    pg_db: &TempDatabase<'_, PgService>,
    maria_db: &TempDatabase<'_, MariaService>,
) {
    pg_db.execute_batch(
        "CREATE TABLE orders (id int, cust int, amount numeric(12,2), placed date, ts timestamp, note text, flag char(3));
         INSERT INTO orders VALUES
           (1, 10, 12.50, '2024-01-31', '2024-01-31 23:59:59.123456', 'first', 'ab'),
           (2, 20, NULL, NULL, NULL, NULL, NULL),
           (3, 10, -0.01, '1999-12-31', '2000-02-29 00:00:00', 'ünïcode ''q''', 'xyz'),
           (4, 30, 9999999999.99, '2024-02-29', '1970-01-01 00:00:01', '', 'z'),
           (5, 99, 1, '2024-03-01', '2024-03-01 12:00:00', 'no customer', 'ab');",
    );
    maria_db.execute_batch(
        "CREATE TABLE customers (id int, name varchar(50), region int, credit decimal(10,3));
         INSERT INTO customers VALUES (10, 'alice', 1, 1.5), (20, NULL, 2, NULL), (30, 'carol', NULL, -3.125);",
    );
    rusqlite::Connection::open(root.join("lite.db"))
        .unwrap()
        .execute_batch(
            "CREATE TABLE regions (id integer, rname varchar(20), opened date);
             INSERT INTO regions VALUES (1, 'north', '2020-01-01'), (2, 'south', NULL);",
        )
        .unwrap();
}

/// Sets `extracts: <mode>` on the project's spark compute (`staged`: dvt reads the sources and
/// hands Spark Parquet files; `jdbc`: Spark reads them itself).
fn use_extracts(root: &Path, mode: &str) {
    let computes = std::fs::read_to_string(root.join("computes.yml")).unwrap();
    let edited = computes.replace("type: spark,", &format!("type: spark, extracts: {mode},"));
    assert_ne!(edited, computes, "the spark compute is in computes.yml");
    write(root, "computes.yml", &edited);
}

fn runner(root: &Path, compute: &str) -> ProjectRunner {
    let (lp, res) = crate::common::load_project(root);
    ProjectRunner::new(lp, res, Some(compute.to_string()))
        .with_executor_factory(Arc::new(SparkExecutorFactory))
}

fn sorted(mut rows: dvt_testkit::Rows) -> dvt_testkit::Rows {
    rows.sort();
    rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn federated_models_on_spark_with_staged_extracts_equal_the_embedded_engine() {
    spark_equals_embedded("staged").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn federated_models_on_spark_with_jdbc_reads_equal_the_embedded_engine() {
    spark_equals_embedded("jdbc").await;
}

/// Every model of [`MODELS`] on Spark (extracts read as `mode` says) against the embedded
/// engine: the same rows, column types and pushed join keys.
async fn spark_equals_embedded(mode: &str) {
    let spark: SparkService = dvt_testkit::require_spark!();
    let pg = dvt_testkit::require_postgres!();
    let maria = dvt_testkit::require_mariadb!();
    let pg_src = pg.temp_database("spark_src");
    let maria_src = maria.temp_database("spark_src");
    let wh_embedded = pg.temp_database("spark_wh_emb");
    let wh_spark = pg.temp_database("spark_wh_spark");
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let src = Sources {
        pg_db: pg_src.name(),
        maria_db: maria_src.name(),
    };
    load_sources(dirs[0].path(), &pg_src, &maria_src);
    std::fs::copy(
        dirs[0].path().join("lite.db"),
        dirs[1].path().join("lite.db"),
    )
    .unwrap();
    for (dir, wh) in dirs.iter().zip([&wh_embedded, &wh_spark]) {
        project(dir.path(), &pg, &maria, &src, wh.name(), &spark.remote);
    }
    use_extracts(dirs[1].path(), mode);
    // Staged files go to a directory of the test's own, to see that they are deleted.
    let staging = tempfile::tempdir().unwrap();
    let computes = std::fs::read_to_string(dirs[1].path().join("computes.yml")).unwrap();
    write(
        dirs[1].path(),
        "computes.yml",
        &computes.replace(
            "type: spark,",
            &format!("type: spark, staging_dir: '{}',", staging.path().display()),
        ),
    );
    let embedded = runner(dirs[0].path(), "local");
    let on_spark = runner(dirs[1].path(), "spark");
    // The join keys a run pushed into its extracts: "extract name: n".
    let pushed = |run: &dvt_engine::ModelRun| -> Vec<String> {
        let steps = &run.outcome.steps;
        steps
            .iter()
            .filter_map(|s| {
                let (head, _) = s.name.split_once(" join keys pushed")?;
                let extract = s.name.split_whitespace().nth(1)?;
                Some(format!("{extract}: {}", head.rsplit(' ').next()?))
            })
            .collect()
    };
    let mut pushes = 0;
    for (name, _) in MODELS {
        let id = format!("model.sp.{name}");
        let e = embedded.run_one(&id).await.unwrap();
        let s = match on_spark.run_one(&id).await {
            Ok(s) => s,
            Err(err) => panic!("{name} on Spark: {err}"),
        };
        // Spark's reads get the same join keys as the embedded engine's extracts.
        assert_eq!(pushed(&s), pushed(&e), "{name}: join keys pushed");
        // Staged extracts are read (and counted) by dvt; JDBC reads inside Spark's job.
        let extract_steps: Vec<_> = s
            .outcome
            .steps
            .iter()
            .filter(|st| st.name.starts_with("extract "))
            .collect();
        assert!(!extract_steps.is_empty(), "{name}: {:?}", s.outcome.steps);
        for st in extract_steps {
            let in_job = st.name.contains("read inside the compute's job");
            assert_eq!(in_job, mode == "jdbc", "{name}: {}", st.name);
            assert_eq!(st.rows.is_some(), mode == "staged", "{name}: {}", st.name);
        }
        pushes += pushed(&s).len();
        assert!(!s.plan.direct, "{name} is federated");
        assert!(
            s.outcome.path.contains("federated (spark)"),
            "{}",
            s.outcome.path
        );
        assert_eq!(e.outcome.rows_affected, s.outcome.rows_affected, "{name}");
        if *name == "m_clock" {
            for x in &s.plan.extracts {
                let clock = x.sql.to_ascii_uppercase().contains("CURRENT_DATE");
                assert_eq!(clock, x.connection != "lite", "{name}: {}", x.sql);
            }
        }
        let q = format!("SELECT * FROM public.{name}");
        let want = sorted(wh_embedded.query_strings(&q));
        let got = sorted(wh_spark.query_strings(&q));
        assert!(!want.is_empty(), "{name} has rows");
        assert_eq!(
            got, want,
            "{name}: Spark's rows differ from the embedded engine's"
        );
        // The column types the load created are the same too.
        let types = format!(
            "SELECT column_name, data_type, numeric_precision, numeric_scale FROM information_schema.columns WHERE table_name = '{name}' ORDER BY ordinal_position"
        );
        assert_eq!(
            wh_spark.query_strings(&types),
            wh_embedded.query_strings(&types),
            "{name}: column types"
        );
    }
    assert!(pushes > 0, "no model pushed join keys into a Spark read");
    let left: Vec<_> = std::fs::read_dir(staging.path()).unwrap().collect();
    assert!(left.is_empty(), "staged files left behind: {left:?}");
    let days = sorted(wh_spark.query_strings("SELECT id, days, zero FROM public.m_days"));
    let s = |v: &str| Some(v.to_string());
    assert_eq!(
        days,
        vec![
            vec![s("1"), s("1491"), s("0")],
            vec![s("2"), None, None],
            vec![s("3"), s("-7306"), s("0")],
        ],
        "days between dates"
    );
    // Spot checks against literal values (not only against the other engine).
    let got = sorted(wh_spark.query_strings(
        "SELECT id::text, amount::text, placed::text, ts::text, note, flag::text, name, credit::text, rname, opened::text FROM public.m_join",
    ));
    assert_eq!(
        got,
        vec![
            vec![
                s("1"),
                s("12.50"),
                s("2024-01-31"),
                s("2024-01-31 23:59:59.123456"),
                s("first"),
                s("ab"),
                s("alice"),
                s("1.500"),
                s("north"),
                s("2020-01-01")
            ],
            vec![
                s("2"),
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                s("south"),
                None
            ],
            vec![
                s("3"),
                s("-0.01"),
                s("1999-12-31"),
                s("2000-02-29 00:00:00"),
                s("ünïcode 'q'"),
                s("xyz"),
                s("alice"),
                s("1.500"),
                s("north"),
                s("2020-01-01")
            ],
            vec![
                s("4"),
                s("9999999999.99"),
                s("2024-02-29"),
                s("1970-01-01 00:00:01"),
                s(""),
                s("z"),
                s("carol"),
                s("-3.125"),
                None,
                None
            ],
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_remote_is_dvt510_naming_it() {
    let pg = dvt_testkit::require_postgres!();
    let maria = dvt_testkit::require_mariadb!();
    let pg_src = pg.temp_database("spark_unr");
    let maria_src = maria.temp_database("spark_unr");
    let wh = pg.temp_database("spark_unr_wh");
    let dir = tempfile::tempdir().unwrap();
    load_sources(dir.path(), &pg_src, &maria_src);
    // A port nothing listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let remote = format!("sc://127.0.0.1:{port}");
    let src = Sources {
        pg_db: pg_src.name(),
        maria_db: maria_src.name(),
    };
    project(dir.path(), &pg, &maria, &src, wh.name(), &remote);
    let r = runner(dir.path(), "spark");
    let t = std::time::Instant::now();
    let e = r.run_one("model.sp.m_join").await.unwrap_err();
    assert_eq!(e.code(), "DVT510", "{e}");
    let text = e.to_string();
    assert!(text.contains(&remote), "{text}");
    assert!(text.contains("dvt sync --start"), "{text}");
    assert!(text.contains("compute 'spark'"), "{text}");
    assert!(t.elapsed().as_secs() < 30, "fails fast: {:?}", t.elapsed());
    // Nothing was written.
    assert!(
        wh.query_strings(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        )
        .is_empty()
    );
}

/// A staging directory dvt cannot create: `extracts: staged` fails with DVT520 before anything
/// is read or written; `auto` reads over JDBC instead and builds the model.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_staging_dir_that_cannot_be_used_is_dvt520_when_staged_and_jdbc_reads_when_auto() {
    let spark = dvt_testkit::require_spark!();
    let pg = dvt_testkit::require_postgres!();
    let maria = dvt_testkit::require_mariadb!();
    let pg_src = pg.temp_database("spark_stagedir");
    let maria_src = maria.temp_database("spark_stagedir");
    let wh = pg.temp_database("spark_stagedir_wh");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    load_sources(root, &pg_src, &maria_src);
    let src = Sources {
        pg_db: pg_src.name(),
        maria_db: maria_src.name(),
    };
    project(root, &pg, &maria, &src, wh.name(), &spark.remote);
    // A directory below a file cannot be made.
    let file = root.join("not_a_dir");
    std::fs::write(&file, "x").unwrap();
    let bad = file.join("staging");
    let base = std::fs::read_to_string(root.join("computes.yml")).unwrap();
    for mode in ["staged", "auto"] {
        write(
            root,
            "computes.yml",
            &base.replace(
                "type: spark,",
                &format!(
                    "type: spark, extracts: {mode}, staging_dir: '{}',",
                    bad.display()
                ),
            ),
        );
        let run = runner(root, "spark").run_one("model.sp.m_join").await;
        let tables = wh.query_strings(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
        );
        if mode == "staged" {
            let e = run.unwrap_err();
            assert_eq!(e.code(), "DVT520", "{e}");
            let text = e.to_string();
            assert!(text.contains(&bad.display().to_string()), "{text}");
            assert!(text.contains("extracts: jdbc"), "{text}");
            assert!(tables.is_empty(), "nothing written: {tables:?}");
        } else {
            let run = run.unwrap();
            assert!(
                run.outcome
                    .steps
                    .iter()
                    .any(|s| s.name.contains("read inside the compute's job")),
                "{:?}",
                run.outcome.steps
            );
            assert_eq!(tables, vec![vec![Some("m_join".to_string())]]);
        }
    }
}

/// A project whose MariaDB output `maria` is edited by `edit_profile`, whose spark compute gets
/// `jdbc_jars_dir: jars` (when given), and the error of building `m_join` on Spark.
async fn failing_join(
    label: &str,
    edit_profile: impl Fn(&str) -> String,
    jars: Option<&Path>,
) -> dvt_engine::ExecError {
    let spark = dvt_testkit::spark().expect("checked by the caller");
    let pg = dvt_testkit::postgres().expect("checked by the caller");
    let maria = dvt_testkit::mariadb().expect("checked by the caller");
    let pg_src = pg.temp_database(label);
    let maria_src = maria.temp_database(label);
    let wh = pg.temp_database(&format!("{label}_wh"));
    let dir = tempfile::tempdir().unwrap();
    load_sources(dir.path(), &pg_src, &maria_src);
    let src = Sources {
        pg_db: pg_src.name(),
        maria_db: maria_src.name(),
    };
    project(dir.path(), &pg, &maria, &src, wh.name(), &spark.remote);
    let profiles = std::fs::read_to_string(dir.path().join("profiles.yml")).unwrap();
    let edited = edit_profile(&profiles);
    assert_ne!(edited, profiles, "the edit applies");
    write(dir.path(), "profiles.yml", &edited);
    // The failures of Spark's own JDBC reads.
    use_extracts(dir.path(), "jdbc");
    if let Some(j) = jars {
        let computes = std::fs::read_to_string(dir.path().join("computes.yml")).unwrap();
        let computes = computes.replace(
            "type: spark,",
            &format!("type: spark, jdbc_jars_dir: '{}',", j.display()),
        );
        write(dir.path(), "computes.yml", &computes);
    }
    let e = runner(dir.path(), "spark")
        .run_one("model.sp.m_join")
        .await
        .unwrap_err();
    // Nothing was written.
    assert!(
        wh.query_strings(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        )
        .is_empty()
    );
    e
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_driver_the_server_lacks_is_dvt511_and_passwords_never_show() {
    let _spark = dvt_testkit::require_spark!();
    let _pg = dvt_testkit::require_postgres!();
    let maria = dvt_testkit::require_mariadb!();

    // A `mysql` output whose MySQL Connector/J jar is found here (so its URL and driver class
    // are Connector/J's) but is not on the server's class path.
    let jars = tempfile::tempdir().unwrap();
    std::fs::write(jars.path().join("mysql-connector-j-9.1.0.jar"), b"").unwrap();
    let e = failing_join(
        "spark_nodrv",
        |p| p.replace("type: mariadb", "type: mysql"),
        Some(jars.path()),
    )
    .await;
    assert_eq!(e.code(), "DVT511", "{e}");
    let text = e.to_string();
    for needle in [
        "output 'maria'",
        "com.mysql.cj.jdbc.Driver",
        "mysql-connector-j*.jar",
        "Maven Central",
    ] {
        assert!(text.contains(needle), "{needle} in {text}");
    }

    // Wrong credentials: dvt's own catalog read of the source (schema discovery, before Spark
    // reads anything) fails to log in (DVT120), and the password is nowhere. (Spark's own
    // login failure, DVT512, is left for a source that Spark reaches and dvt does not.)
    let secret = "SparkSecret-4711";
    let e = failing_join(
        "spark_badpw",
        |p| {
            p.replace(
                &format!("user: {}, password: ''", maria.user),
                &format!("user: nobody, password: '{secret}'"),
            )
        },
        None,
    )
    .await;
    assert_eq!(e.code(), "DVT120", "{e}");
    let text = e.to_string();
    assert!(text.contains("output 'maria'"), "{text}");
    assert!(text.contains("Access denied"), "{text}");
    assert!(!text.contains(secret), "{text}");
    assert!(!format!("{e:?}").contains(secret), "{e:?}");
}

/// The typed source of the write tests (PostgreSQL), with a NULL in every column.
const TYPED_PG: &str = "CREATE TABLE items (id int, big bigint, amount numeric(12,2), label varchar(10), body text, doc jsonb, uid uuid, raw bytea, at timestamptz, local_at timestamp, day date, ok boolean, ratio double precision);
     INSERT INTO items VALUES
       (10, 9007199254740993, 12.34, 'short', 'ünïcode ''q''', '{\"name\": \"ann\", \"n\": [1, 2]}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\x00ff10', '2024-02-29 23:59:59.123456+00', '2024-02-29 23:59:59.654321', '2024-02-29', true, 0.1),
       (20, -1, -0.01, '', '', '[]', '00000000-0000-0000-0000-000000000000', '\\x', '1970-01-01 00:00:00+00', '1999-12-31 00:00:00', '1999-12-31', false, -1e300),
       (30, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
       (NULL, 5, NULL, 'no key', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);";

/// Spark writes the result into the target's staging table itself over JDBC (PostgreSQL and
/// MariaDB targets), and the table holds the rows and types the embedded engine's native load
/// writes; a SQLite target is loaded by dvt, with DVT008.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spark_writes_postgres_and_mariadb_targets_over_jdbc_like_the_native_load() {
    spark_writes_like_the_native_load("jdbc").await;
}

/// The same typed values through staged extracts (Parquet files Spark reads).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staged_extracts_carry_every_type_into_spark_writes_like_the_native_load() {
    spark_writes_like_the_native_load("staged").await;
}

async fn spark_writes_like_the_native_load(mode: &str) {
    let spark: SparkService = dvt_testkit::require_spark!();
    let pg = dvt_testkit::require_postgres!();
    let maria = dvt_testkit::require_mariadb!();
    let pg_src = pg.temp_database("spw_src");
    let maria_src = maria.temp_database("spw_src");
    pg_src.execute_batch(TYPED_PG);
    maria_src.execute_batch(
        "CREATE TABLE tags (id int, tag varchar(20)); INSERT INTO tags VALUES (10, 'x'), (20, NULL), (40, 'orphan');",
    );
    let whs = [
        pg.temp_database("spw_wh_emb"),
        pg.temp_database("spw_wh_spark"),
    ];
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let model = "select i.id, i.big, i.amount, i.label, i.body, i.doc, i.uid, i.raw, i.at, i.local_at, i.day, i.ok, i.ratio, t.tag,
                i.day - date '2000-01-01' as since_2000
         from {{ source('p', 'items') }} i left join {{ source('m', 'tags') }} t on t.id = i.id";
    for (dir, wh) in dirs.iter().zip(&whs) {
        let root = dir.path();
        write_project_files(
            root,
            "sp",
            (&pg, &maria),
            &Outputs {
                target_db: wh.name(),
                target_schema: "public",
                pg_db: pg_src.name(),
                pg_schema: "public",
                maria_schema: maria_src.name(),
            },
        );
        write(
            root,
            "computes.yml",
            &format!(
                "default:\n  target: local\n  computes:\n    local: {{type: embedded}}\n    spark: {{type: spark, extracts: {mode}, remote: '{}'}}\n",
                spark.remote
            ),
        );
        write(
            root,
            "models/sources.yml",
            &format!(
                "version: 2\nsources:\n  - name: p\n    schema: public\n    tables:\n      - name: items\n        connection: pg\n        meta: {{partition_column: id, partitions: 3}}\n        columns:\n{}\n  - name: m\n    schema: {}\n    tables:\n      - name: tags\n        connection: maria\n        columns:\n          - {{name: id, data_type: int}}\n          - {{name: tag, data_type: 'varchar(20)'}}\n",
                [
                    ("id", "int"),
                    ("big", "bigint"),
                    ("amount", "'numeric(12,2)'"),
                    ("label", "'varchar(10)'"),
                    ("body", "text"),
                    ("doc", "jsonb"),
                    ("uid", "uuid"),
                    ("raw", "bytea"),
                    ("at", "timestamptz"),
                    ("local_at", "timestamp"),
                    ("day", "date"),
                    ("ok", "boolean"),
                    ("ratio", "'double precision'"),
                ]
                .iter()
                .map(|(n, t)| format!("          - {{name: {n}, data_type: {t}}}"))
                .collect::<Vec<_>>()
                .join("\n"),
                maria_src.name()
            ),
        );
        write(root, "models/w_pg.sql", model);
        write(
            root,
            "models/w_maria.sql",
            &format!("{{{{ config(target='maria') }}}}\n{model}"),
        );
        write(
            root,
            "models/w_lite.sql",
            &format!("{{{{ config(target='lite') }}}}\n{model}"),
        );
    }
    let embedded = runner(dirs[0].path(), "local");
    let on_spark = runner(dirs[1].path(), "spark");
    let wrote_over_jdbc = |run: &dvt_engine::ModelRun| {
        run.outcome
            .steps
            .iter()
            .any(|s| s.name.contains("spark over JDBC"))
    };
    let dvt008 = |run: &dvt_engine::ModelRun| {
        run.outcome
            .warnings
            .iter()
            .any(|w| w.code == dvt_core::WarningCode::Dvt008)
    };

    // PostgreSQL target: the rows, as text, and the column types.
    let e = embedded.run_one("model.sp.w_pg").await.unwrap();
    let s = on_spark.run_one("model.sp.w_pg").await.unwrap();
    assert!(wrote_over_jdbc(&s), "{:?}", s.outcome.steps);
    assert!(!dvt008(&s), "{:?}", s.outcome.warnings);
    assert!(!wrote_over_jdbc(&e) && !dvt008(&e));
    assert_eq!(s.outcome.rows_affected, 4);
    // Both engines read `items` as 3 key ranges: the embedded engine (and dvt's staged read)
    // reads NULL keys as a 4th, Spark's JDBC reader in its first range; Spark does not count
    // its JDBC extracts' rows.
    let spark_read = match mode {
        "jdbc" => ("3 partitions", None),
        _ => ("4 partitions", Some(4)),
    };
    for (run, parts, rows) in [
        (&e, "4 partitions", Some(4)),
        (&s, spark_read.0, spark_read.1),
    ] {
        assert!(
            run.outcome
                .steps
                .iter()
                .any(|st| st.name.contains("items") && st.name.contains(parts) && st.rows == rows),
            "{:?}",
            run.outcome.steps
        );
    }
    let q = "SELECT id, big::text, amount::text, label, body, doc::text, uid::text, raw::text, at::text, local_at::text, day::text, ok::text, ratio::text, tag FROM public.w_pg ORDER BY id";
    let want = whs[0].query_strings(q);
    assert_eq!(want.len(), 4);
    assert_eq!(
        want[3][3].as_deref(),
        Some("no key"),
        "the NULL key's row: {want:?}"
    );
    assert_eq!(
        whs[1].query_strings(q),
        want,
        "PostgreSQL target: Spark's JDBC write differs from the native load"
    );
    let sv = |v: &str| Some(v.to_string());
    assert_eq!(
        want[0],
        vec![
            sv("10"),
            sv("9007199254740993"),
            sv("12.34"),
            sv("short"),
            sv("ünïcode 'q'"),
            sv("{\"n\": [1, 2], \"name\": \"ann\"}"),
            sv("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
            sv("\\x00ff10"),
            sv("2024-02-29 23:59:59.123456+00"),
            sv("2024-02-29 23:59:59.654321"),
            sv("2024-02-29"),
            sv("true"),
            sv("0.1"),
            sv("x"),
        ]
    );
    let types = "SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale FROM information_schema.columns WHERE table_name = 'w_pg' ORDER BY ordinal_position";
    assert_eq!(whs[1].query_strings(types), whs[0].query_strings(types));
    // No staging table is left.
    let stg = "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'dvt_stg%'";
    assert!(whs[1].query_strings(stg).is_empty());

    // MariaDB target (the same database for both runs: the Spark run replaces the table).
    let q = "SELECT id, big, amount, label, body, doc, uid, hex(raw), at, local_at, day, ok, ratio, tag FROM w_maria ORDER BY id";
    embedded.run_one("model.sp.w_maria").await.unwrap();
    let want = maria_src.query_strings(q);
    assert_eq!(want.len(), 4);
    let s = on_spark.run_one("model.sp.w_maria").await.unwrap();
    assert!(wrote_over_jdbc(&s), "{:?}", s.outcome.steps);
    assert_eq!(
        maria_src.query_strings(q),
        want,
        "MariaDB target: Spark's JDBC write differs from the native load"
    );
    assert!(
        maria_src
            .query_strings(
                "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'dvt_stg%'"
            )
            .is_empty()
    );

    // SQLite target: Spark hands the rows back; DVT008 says so. Same rows as the embedded
    // engine's (each run writes its own lite.db).
    embedded.run_one("model.sp.w_lite").await.unwrap();
    let s = on_spark.run_one("model.sp.w_lite").await.unwrap();
    assert!(!wrote_over_jdbc(&s), "{:?}", s.outcome.steps);
    assert!(dvt008(&s), "{:?}", s.outcome.warnings);
    assert_eq!(s.outcome.rows_affected, 4);
    let lite_rows = |dir: &Path| {
        let c = rusqlite::Connection::open(dir.join("lite.db")).unwrap();
        let mut st = c
            .prepare("SELECT id, label, day, since_2000, quote(raw), at FROM w_lite ORDER BY id")
            .unwrap();
        st.query_map([], |r| {
            (0..6)
                .map(|i| r.get_ref(i).map(|v| format!("{v:?}")))
                .collect::<Result<Vec<_>, _>>()
        })
        .unwrap()
        .map(Result::unwrap)
        .collect::<Vec<_>>()
    };
    let want = lite_rows(dirs[0].path());
    assert_eq!(lite_rows(dirs[1].path()), want, "SQLite target");
    assert!(
        want.iter().any(|r| r[3] == "Integer(8825)"),
        "2024-02-29 is 8825 days after 2000-01-01: {want:?}"
    );
}

/// A source whose rows fail to read only when Spark's job reads them (a PostgreSQL view that
/// divides by zero for one row: its schema resolves, its read fails inside the job): the
/// failure is the read's DVT512 naming the source and its output, whether Spark writes the
/// result itself (PostgreSQL target) or hands it back (SQLite target) — not a failed write
/// (DVT518) or transform (DVT513).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_that_fails_inside_the_job_names_its_source() {
    let spark = dvt_testkit::require_spark!();
    let pg = dvt_testkit::require_postgres!();
    let maria = dvt_testkit::require_mariadb!();
    let pg_src = pg.temp_database("spark_badread");
    let maria_src = maria.temp_database("spark_badread");
    let wh = pg.temp_database("spark_badread_wh");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    load_sources(root, &pg_src, &maria_src);
    pg_src.execute_batch(
        "CREATE VIEW bad_orders AS SELECT id, cust, 100 / (id - 2) AS ratio FROM orders",
    );
    let src = Sources {
        pg_db: pg_src.name(),
        maria_db: maria_src.name(),
    };
    project(root, &pg, &maria, &src, wh.name(), &spark.remote);
    let yml = std::fs::read_to_string(root.join("models/sources.yml")).unwrap();
    write(
        root,
        "models/sources.yml",
        &format!(
            "{yml}  - name: pv\n    schema: public\n    connection: pg\n    tables:\n      - name: bad_orders\n"
        ),
    );
    // The view is the join's big side: dvt reads the customers natively for their join keys,
    // and the view is read (with those keys) inside Spark's job.
    let sql = "select o.id, o.ratio, c.name from {{ source('m', 'customers') }} c left join {{ source('pv', 'bad_orders') }} o on o.cust = c.id";
    write(root, "models/m_bad.sql", sql);
    write(
        root,
        "models/m_bad_lite.sql",
        &format!("{{{{ config(target='lite') }}}}\n{sql}"),
    );
    // Read by Spark over JDBC: DVT512 naming the source; read by dvt for staging: the
    // source's own error (DVT121), as on the embedded engine. Nothing is written either way.
    for (mode, code) in [("jdbc", "DVT512"), ("staged", "DVT121")] {
        let computes = std::fs::read_to_string(root.join("computes.yml")).unwrap();
        let computes = computes
            .replace("extracts: jdbc,", "")
            .replace("extracts: staged,", "");
        write(root, "computes.yml", &computes);
        use_extracts(root, mode);
        for model in ["model.sp.m_bad", "model.sp.m_bad_lite"] {
            let e = runner(root, "spark").run_one(model).await.unwrap_err();
            assert_eq!(e.code(), code, "{mode} {model}: {e}");
            let text = e.to_string();
            assert!(text.contains("output 'pg'"), "{mode} {model}: {text}");
            assert!(text.contains("bad_orders"), "{mode} {model}: {text}");
            assert!(text.contains("division by zero"), "{mode} {model}: {text}");
        }
        assert!(
            wh.query_strings(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
            .is_empty(),
            "{mode}: nothing written"
        );
    }
}
