//! TPC-H written in eight dialects, as their users write it (`crates/dvt-translate/tests/tpch/
//! <dialect>/qNN.sql`: date arithmetic, `YEAR()`, `IFF`, `TOP`, `COUNT_BIG`, `::` casts …),
//! translated to an engine's SQL and compared with the canonical query's answer on the same
//! engine and data. Shared by dvt-engine's `tpch_dialects` (DataFusion) and dvt-spark's
//! `tpch_dialects_spark` (Spark SQL).

use std::path::PathBuf;
use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, RecordBatch, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::Schema;
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use datafusion::datasource::MemTable;
use datafusion::prelude::SessionContext;
use dvt_planner::translate::{DbKind, DialectTranslator, Translator};

use super::{Rows, Table};

/// The dialects (directory, dialect) the queries are written in.
pub const DIALECTS: [(&str, DbKind); 8] = [
    ("snowflake", DbKind::Snowflake),
    ("bigquery", DbKind::BigQuery),
    ("databricks", DbKind::Databricks),
    ("tsql", DbKind::SqlServer),
    ("mysql", DbKind::MySql),
    ("redshift", DbKind::Redshift),
    ("trino", DbKind::Trino),
    ("duckdb", DbKind::DuckDb),
];

/// Query `n` (1…22) as written in dialect directory `dir`.
pub fn query(dir: &str, n: usize) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../dvt-translate/tests/tpch")
        .join(dir)
        .join(format!("q{n:02}.sql"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `sql` translated from `from` to `to`, its one statement without a trailing `;`.
pub fn translate(sql: &str, from: DbKind, to: DbKind) -> Result<String, String> {
    let t = Translator
        .translate(sql, from, to)
        .map_err(|e| format!("translation failed: {e}"))?;
    Ok(t.sql.trim().trim_end_matches(';').to_string())
}

/// One record batch of a table's rows (text cast to the TPC-H column types).
pub fn batch(t: &Table) -> RecordBatch {
    let types: Vec<(&str, dvt_types::DvtType)> = dvt_tpch::tables()
        .into_iter()
        .find(|(name, _)| *name == t.name)
        .map(|(_, cols)| cols)
        .unwrap_or_else(|| panic!("no TPC-H table {}", t.name));
    let fields: Vec<_> = types
        .iter()
        .map(|(name, ty)| ty.to_arrow_field(name, true))
        .collect();
    let columns: Vec<ArrayRef> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let text = StringArray::from_iter(t.rows.iter().map(|r| r[i].as_deref()));
            cast(&text, f.data_type()).unwrap_or_else(|e| panic!("{}.{}: {e}", t.name, f.name()))
        })
        .collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap()
}

/// A DataFusion context holding the tables.
pub fn datafusion_with(data: &[Table]) -> SessionContext {
    let ctx = SessionContext::new();
    for t in data {
        let b = batch(t);
        let mem = MemTable::try_new(b.schema(), vec![vec![b]]).unwrap();
        ctx.register_table(t.name.as_str(), Arc::new(mem)).unwrap();
    }
    ctx
}

/// The rows of `sql` on DataFusion, each value as text (`None` for NULL).
pub async fn datafusion_rows(ctx: &SessionContext, sql: &str) -> Result<Rows, String> {
    let df = ctx.sql(sql).await.map_err(|e| e.to_string())?;
    let batches = df.collect().await.map_err(|e| e.to_string())?;
    Ok(text_rows(&batches))
}

/// Record batches as rows of text (`None` for NULL).
pub fn text_rows(batches: &[RecordBatch]) -> Rows {
    let opts = FormatOptions::default();
    let mut out = Vec::new();
    for b in batches {
        let fmts: Vec<_> = b
            .columns()
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &opts).unwrap())
            .collect();
        for r in 0..b.num_rows() {
            out.push(
                b.columns()
                    .iter()
                    .zip(&fmts)
                    .map(|(c, f)| (!c.is_null(r)).then(|| f.value(r).to_string()))
                    .collect(),
            );
        }
    }
    out
}
