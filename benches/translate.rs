//! Translation throughput: statements per second through the DialectTranslator, for the
//! model shapes dvt sees most (a Snowflake model to each engine, and the SQL-generation path of
//! other sources), plus parse-and-print with no rewriting as the baseline the ratio is read
//! against (`cargo bench --bench translate`).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use dvt::planner::{DbKind, DialectTranslator, Translator};

const SNOWFLAKE_MODEL: &str = "WITH recent AS (
  SELECT o.id, o.user_id, o.amount, o.created_at::DATE AS d,
         PARSE_JSON(u.metadata):name::VARCHAR AS name,
         DATEDIFF('day', o.created_at, CURRENT_DATE) AS age_days,
         IFF(o.amount > 100, 'big', 'small') AS size,
         NVL(u.email, 'unknown') AS email
  FROM orders o JOIN users u ON u.id = o.user_id
  WHERE o.status ILIKE 'paid%' AND o.created_at >= DATEADD(month, -3, CURRENT_DATE)
)
SELECT name, email, size, COUNT(*) AS n, SUM(amount) AS total,
       LISTAGG(DISTINCT size, ',') WITHIN GROUP (ORDER BY size) AS sizes
FROM recent
GROUP BY name, email, size
QUALIFY ROW_NUMBER() OVER (PARTITION BY email ORDER BY total DESC) = 1
ORDER BY total DESC NULLS LAST
LIMIT 100";

const MYSQL_QUERY: &str =
    "SELECT `u`.`id`, IFNULL(u.name, 'x'), GROUP_CONCAT(o.id ORDER BY o.id SEPARATOR ';'),
  DATEDIFF(NOW(), u.created_at), JSON_UNQUOTE(JSON_EXTRACT(u.meta, '$.a.b')), 7 DIV 2
FROM users u LEFT JOIN orders o ON o.user_id = u.id
WHERE u.name LIKE 'a%' GROUP BY u.id, u.name, u.created_at, u.meta ORDER BY u.id LIMIT 10, 20";

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("translate");
    g.throughput(Throughput::Elements(1));
    g.bench_function("baseline_parse_print_snowflake", |b| {
        b.iter(|| {
            let stmts = Translator::parse(SNOWFLAKE_MODEL, DbKind::Snowflake).unwrap();
            stmts.iter().map(|s| s.to_string().len()).sum::<usize>()
        })
    });
    for to in [
        DbKind::Postgres,
        DbKind::Spark,
        DbKind::DataFusion,
        DbKind::DuckDb,
        DbKind::MySql,
        DbKind::Sqlite,
    ] {
        g.bench_with_input(BenchmarkId::new("snowflake_model", to), &to, |b, &to| {
            b.iter(|| {
                Translator
                    .translate(SNOWFLAKE_MODEL, DbKind::Snowflake, to)
                    .unwrap()
                    .sql
                    .len()
            })
        });
    }
    g.bench_function("mysql_to_postgres", |b| {
        b.iter(|| {
            Translator
                .translate(MYSQL_QUERY, DbKind::MySql, DbKind::Postgres)
                .unwrap()
                .sql
                .len()
        })
    });
    g.bench_function("expr_snowflake_to_postgres", |b| {
        b.iter(|| {
            Translator
                .translate_expr(
                    "DATEDIFF('month', a, b) + NVL(c, 0)",
                    DbKind::Snowflake,
                    DbKind::Postgres,
                )
                .unwrap()
                .sql
                .len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
