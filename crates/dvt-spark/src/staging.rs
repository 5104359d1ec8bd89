//! Staged extracts (computes.yml `extracts: staged`, or `auto` when the server can read the
//! staging directory): dvt reads every extract of a plan through its native connectors, as
//! the embedded engine does ([`dvt_engine::extract_streams`]: join keys pushed, partitioned
//! reads, `char(n)` padding removed, values cast to the planned types), writes each extract's
//! partitions as Parquet files into a fresh directory under `staging_dir`, and Spark reads
//! those files. The directory is deleted when the model's job is over, whatever its outcome.
//!
//! Why files: Spark's JDBC reader converts rows one by one on the server (TPC-H SF1's
//! `lineitem`, 6 M rows, took 18 s through it against 3 s for dvt's whole query), while the
//! Spark Connect client can hand the server local data only as one in-memory relation the
//! driver holds whole. A Parquet file on a disk both processes see is read by Spark's
//! vectorized reader, split across its cores.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use datafusion::error::DataFusionError;
use datafusion::physical_plan::SendableRecordBatchStream;
use dvt_engine::{
    Connectors, ExecError, ExtractStats, ExtractStreams, PartitionPolicy, extract_streams,
};
use dvt_planner::FederationPlan;
use futures::StreamExt;
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;

use crate::error::SparkExecError;

/// Rows per Parquet row group: a writer holds one row group in memory, and Spark splits a
/// file's reading by row groups.
const ROW_GROUP_ROWS: usize = 128 * 1024;

/// One plan's staged extracts: the directory (deleted on drop) and each extract's files.
pub(crate) struct Staged {
    dir: tempfile::TempDir,
    /// Per extract (plan order): rows, bytes, partitions.
    pub stats: Vec<ExtractStats>,
    /// DVT005 for each join-key pushdown that could not be made.
    pub warnings: Vec<dvt_core::FederationWarning>,
}

impl Staged {
    /// The URI Spark reads extract `i` from (a directory of Parquet files).
    pub fn uri(&self, i: usize) -> String {
        file_uri(&extract_dir(self.dir.path(), i))
    }
}

fn extract_dir(root: &Path, i: usize) -> PathBuf {
    root.join(format!("x{i}"))
}

/// `path` as a `file:` URI (an absolute path; Spark's default file system may be another).
pub(crate) fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// What failed while writing one partition's file.
enum WriteError {
    /// The extract's read (the error carries the source's code).
    Read(DataFusionError),
    /// The file.
    File(PathBuf, String),
}

/// Every extract of `plan` read natively and written as Parquet under a fresh directory in
/// `root` (one file per partition, all written at once).
pub(crate) async fn stage(
    plan: &FederationPlan,
    connectors: &Connectors,
    root: &Path,
    compute: &str,
    parallel: usize,
    partitioning: &PartitionPolicy,
) -> Result<Staged, ExecError> {
    let staging_err = |message: String| SparkExecError::Staging {
        compute: compute.to_string(),
        message: format!("model {}: {message}", plan.model),
    };
    let dir = tempfile::Builder::new()
        .prefix("dvt-stage-")
        .tempdir_in(root)
        .map_err(|e| {
            staging_err(format!(
                "cannot create a directory in {}: {e}",
                root.display()
            ))
        })?;
    let streams = extract_streams(plan, connectors, parallel, partitioning).await?;
    let mut writes = tokio::task::JoinSet::new();
    for (i, parts) in streams.streams.into_iter().enumerate() {
        let xdir = extract_dir(dir.path(), i);
        std::fs::create_dir(&xdir)
            .map_err(|e| staging_err(format!("cannot create {}: {e}", xdir.display())))?;
        for (n, part) in parts.into_iter().enumerate() {
            writes.spawn(write_file(xdir.join(format!("part-{n}.parquet")), part));
        }
    }
    while let Some(done) = writes.join_next().await {
        let failed = match done {
            Ok(Ok(())) => continue,
            Ok(Err(e)) => e,
            Err(e) => WriteError::File(dir.path().to_path_buf(), e.to_string()),
        };
        writes.abort_all();
        return Err(match failed {
            WriteError::Read(e) => ExtractStreams::error(plan, e),
            WriteError::File(path, e) => {
                staging_err(format!("cannot write {}: {e}", path.display())).into()
            }
        });
    }
    let stats = streams.stats.lock().map(|s| s.clone()).unwrap_or_default();
    Ok(Staged {
        dir,
        stats,
        warnings: streams.warnings,
    })
}

/// The schema a stream's batches are written with: Spark reads timestamps to the microsecond
/// (its only precision) and not Parquet's nanosecond timestamps.
fn staged_schema(schema: &SchemaRef) -> SchemaRef {
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Timestamp(TimeUnit::Nanosecond, tz) => f
                .as_ref()
                .clone()
                .with_data_type(DataType::Timestamp(TimeUnit::Microsecond, tz.clone())),
            _ => f.as_ref().clone(),
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// `batch` with the columns of `schema`'s types (timestamps to the microsecond).
fn to_staged(batch: &RecordBatch, schema: &SchemaRef) -> Result<RecordBatch, String> {
    if batch.schema().fields() == schema.fields() {
        return Ok(batch.clone());
    }
    let columns = batch
        .columns()
        .iter()
        .zip(schema.fields())
        .map(|(c, f)| cast(c, f.data_type()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    RecordBatch::try_new(schema.clone(), columns).map_err(|e| e.to_string())
}

/// One partition's batches into one Parquet file (a valid file with no rows when the
/// partition has none, so that Spark always finds the schema).
async fn write_file(path: PathBuf, mut part: SendableRecordBatchStream) -> Result<(), WriteError> {
    let file_err = |e: &dyn std::fmt::Display| WriteError::File(path.clone(), e.to_string());
    let schema = staged_schema(&part.schema());
    let file = std::fs::File::create(&path).map_err(|e| file_err(&e))?;
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        .build();
    let mut w =
        ArrowWriter::try_new(file, schema.clone(), Some(props)).map_err(|e| file_err(&e))?;
    while let Some(batch) = part.next().await {
        let batch = batch.map_err(WriteError::Read)?;
        let batch = to_staged(&batch, &schema).map_err(|e| file_err(&e))?;
        w.write(&batch).map_err(|e| file_err(&e))?;
    }
    w.close().map_err(|e| file_err(&e))?;
    Ok(())
}

/// A probe file in `root` holding one row whose value is the file's own random name: Spark
/// can use `root` when it reads that value back from that path. Returns the file (deleted on
/// drop) and the value.
pub(crate) fn probe_file(root: &Path) -> Result<(tempfile::NamedTempFile, String), String> {
    use datafusion::arrow::array::StringArray;
    std::fs::create_dir_all(root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    let file = tempfile::Builder::new()
        .prefix("dvt-probe-")
        .suffix(".parquet")
        .tempfile_in(root)
        .map_err(|e| format!("cannot write in {}: {e}", root.display()))?;
    let token = file
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let schema = Arc::new(Schema::new(vec![Field::new(
        "token",
        DataType::Utf8,
        false,
    )]));
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![Arc::new(StringArray::from(vec![token.clone()]))],
    )
    .map_err(|e| e.to_string())?;
    let handle = file.reopen().map_err(|e| e.to_string())?;
    let mut w = ArrowWriter::try_new(handle, schema, None).map_err(|e| e.to_string())?;
    w.write(&batch).map_err(|e| e.to_string())?;
    w.close().map_err(|e| e.to_string())?;
    Ok((file, token))
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Array, AsArray, Int64Array, TimestampNanosecondArray};
    use datafusion::arrow::datatypes::TimestampMicrosecondType;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    fn read_back(path: &Path) -> Vec<RecordBatch> {
        let f = std::fs::File::open(path).unwrap();
        ParquetRecordBatchReaderBuilder::try_new(f)
            .unwrap()
            .build()
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
    }

    fn stream(schema: SchemaRef, batches: Vec<RecordBatch>) -> SendableRecordBatchStream {
        Box::pin(
            datafusion::physical_plan::stream::RecordBatchStreamAdapter::new(
                schema,
                futures::stream::iter(batches.into_iter().map(Ok)),
            ),
        )
    }

    #[tokio::test]
    async fn a_partition_is_written_with_microsecond_timestamps_and_an_empty_one_keeps_its_schema()
    {
        let tmp = tempfile::tempdir().unwrap();
        let schema = Arc::new(Schema::new(vec![
            Field::new("k", DataType::Int64, true),
            Field::new(
                "t",
                DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())),
                true,
            ),
        ]));
        let b = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(Int64Array::from(vec![Some(1), None])),
                Arc::new(
                    TimestampNanosecondArray::from(vec![Some(1_500_000_123_456_789), None])
                        .with_timezone("UTC"),
                ),
            ],
        )
        .unwrap();
        let full = tmp.path().join("a.parquet");
        write_file(full.clone(), stream(schema.clone(), vec![b]))
            .await
            .ok()
            .unwrap();
        let back = read_back(&full);
        assert_eq!(back.iter().map(RecordBatch::num_rows).sum::<usize>(), 2);
        let t = back[0].column(1).as_primitive::<TimestampMicrosecondType>();
        assert_eq!((t.value(0), t.is_null(1)), (1_500_000_123_456, true));
        assert!(back[0].column(0).is_null(1));
        let empty = tmp.path().join("b.parquet");
        write_file(empty.clone(), stream(schema.clone(), vec![]))
            .await
            .ok()
            .unwrap();
        let f = std::fs::File::open(&empty).unwrap();
        let b = ParquetRecordBatchReaderBuilder::try_new(f).unwrap();
        assert_eq!(b.metadata().file_metadata().num_rows(), 0);
        assert_eq!(b.schema().field(0).name(), "k");
    }

    #[tokio::test]
    async fn a_failed_read_is_the_reads_error_not_the_files() {
        let tmp = tempfile::tempdir().unwrap();
        let schema = Arc::new(Schema::new(vec![Field::new("k", DataType::Int64, true)]));
        let s: SendableRecordBatchStream = Box::pin(
            datafusion::physical_plan::stream::RecordBatchStreamAdapter::new(
                schema,
                futures::stream::once(async {
                    Err(DataFusionError::Execution("source went away".into()))
                }),
            ),
        );
        match write_file(tmp.path().join("c.parquet"), s).await {
            Err(WriteError::Read(e)) => assert!(e.to_string().contains("source went away")),
            _ => panic!("expected the read's error"),
        }
    }

    #[test]
    fn the_probe_file_holds_its_own_name() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("new");
        let (file, token) = probe_file(&root).unwrap();
        let back = read_back(file.path());
        assert_eq!(back[0].column(0).as_string::<i32>().value(0), token);
        assert!(file.path().starts_with(&root));
        assert!(file_uri(file.path()).starts_with("file:///"));
    }
}
