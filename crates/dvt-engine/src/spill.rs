//! Extracts the transform reads several times, held within a memory budget.
//!
//! An extract read by several plan nodes (a self join, q21's three reads of `lineitem`, a CTE
//! used twice) is read from its source once and shared. Its batches are kept in memory while
//! every such extract of the execution together stays within [`CollectBudget`]; past it the
//! extract is *spilled*: its batches (those already held too) go to an Arrow IPC file in the
//! temporary directory, and each read of the table streams the file back. So memory stays
//! flat whatever the extract's size, and a spilled file is deleted when the execution ends.
//!
//! Spilling is written here rather than taken from DataFusion: DataFusion spills its own
//! operators (sorts, aggregates) through its memory pool, but a table read several times
//! (`MemTable`) is held whole; an IPC file read back per scan is the smallest way to share one
//! read of a source between several scans.

use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::ipc::reader::FileReader;
use datafusion::arrow::ipc::writer::FileWriter;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::catalog::streaming::StreamingTable;
use datafusion::datasource::{MemTable, TableProvider};
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_plan::stream::RecordBatchReceiverStream;
use datafusion::physical_plan::streaming::PartitionStream;
use futures::TryStreamExt;

/// The default memory budget of shared extracts: 256 MiB of batches held in memory per
/// execution ([`crate::EmbeddedExecutor::collect_memory`]).
pub const DEFAULT_COLLECT_MEMORY: usize = 256 << 20;

/// Bytes of collected batches one execution may hold in memory, shared by all its collected
/// extracts.
#[derive(Debug, Clone)]
pub(crate) struct CollectBudget {
    limit: usize,
    used: Arc<AtomicUsize>,
}

impl CollectBudget {
    /// A budget of `limit` bytes.
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            limit,
            used: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// Reserves `bytes`, or says no (and reserves nothing) when they do not fit.
    pub(crate) fn reserve(&self, bytes: usize) -> bool {
        self.used
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |u| {
                (u + bytes <= self.limit).then_some(u + bytes)
            })
            .is_ok()
    }

    /// Gives back `bytes` reserved before.
    pub(crate) fn release(&self, bytes: usize) {
        self.used.fetch_sub(bytes, Ordering::SeqCst);
    }
}

/// The rows of one collected extract: in memory, or in a spill file.
pub(crate) enum Collected {
    /// Held in memory (within the budget).
    Memory(Vec<RecordBatch>),
    /// Written to an Arrow IPC file.
    Spilled(Arc<SpillFile>),
}

impl Collected {
    /// Whether the rows went to disk.
    pub(crate) fn spilled(&self) -> bool {
        matches!(self, Collected::Spilled(_))
    }

    /// A table over the rows that can be scanned any number of times.
    pub(crate) fn table(self, schema: SchemaRef) -> Result<Arc<dyn TableProvider>> {
        Ok(match self {
            Collected::Memory(batches) => Arc::new(MemTable::try_new(schema, vec![batches])?),
            Collected::Spilled(file) => Arc::new(StreamingTable::try_new(
                schema.clone(),
                vec![Arc::new(SpilledPartition { schema, file }) as Arc<dyn PartitionStream>],
            )?),
        })
    }
}

/// An Arrow IPC file of batches, deleted when dropped.
pub(crate) struct SpillFile {
    file: tempfile::NamedTempFile,
}

/// Reads `streams` to the end (all at once), keeping the batches in memory while `budget`
/// allows and spilling them all to a file from the first batch that does not fit.
pub(crate) async fn collect(
    streams: Vec<SendableRecordBatchStream>,
    schema: SchemaRef,
    budget: &CollectBudget,
) -> Result<Collected> {
    let mut held: Vec<RecordBatch> = Vec::new();
    let mut held_bytes = 0;
    let mut writer: Option<(tempfile::NamedTempFile, FileWriter<BufWriter<File>>)> = None;
    // The partitions of a partitioned extract are read at once, each over its connection.
    let mut all = futures::stream::select_all(streams);
    while let Some(batch) = all.try_next().await? {
        if let Some((_, w)) = writer.as_mut() {
            w.write(&batch)?;
            continue;
        }
        let bytes = batch.get_array_memory_size();
        if budget.reserve(bytes) {
            held_bytes += bytes;
            held.push(batch);
            continue;
        }
        let mut w = spill_writer(&schema)?;
        for b in held.drain(..).chain(std::iter::once(batch)) {
            w.1.write(&b)?;
        }
        budget.release(std::mem::take(&mut held_bytes));
        writer = Some(w);
    }
    match writer {
        None => Ok(Collected::Memory(held)),
        Some((file, mut w)) => {
            w.finish()?;
            drop(w);
            Ok(Collected::Spilled(Arc::new(SpillFile { file })))
        }
    }
}

fn spill_writer(
    schema: &SchemaRef,
) -> Result<(tempfile::NamedTempFile, FileWriter<BufWriter<File>>)> {
    let file = tempfile::Builder::new()
        .prefix("dvt_spill_")
        .suffix(".arrow")
        .tempfile()
        .map_err(DataFusionError::IoError)?;
    let out = BufWriter::new(file.reopen().map_err(DataFusionError::IoError)?);
    let writer = FileWriter::try_new(out, schema)?;
    Ok((file, writer))
}

/// One read of a spill file (each scan of the table reads it again).
#[derive(Debug)]
struct SpilledPartition {
    schema: SchemaRef,
    file: Arc<SpillFile>,
}

impl std::fmt::Debug for SpillFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SpillFile({})", self.file.path().display())
    }
}

impl PartitionStream for SpilledPartition {
    fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    fn execute(&self, _ctx: Arc<TaskContext>) -> SendableRecordBatchStream {
        let mut builder = RecordBatchReceiverStream::builder(self.schema.clone(), 2);
        let tx = builder.tx();
        let file = self.file.clone();
        // The IPC reader is blocking: it runs on the blocking pool and hands batches over.
        builder.spawn_blocking(move || {
            let reader = File::open(file.file.path())
                .map_err(DataFusionError::IoError)
                .and_then(|f| Ok(FileReader::try_new(BufReader::new(f), None)?));
            let reader = match reader {
                Ok(r) => r,
                Err(e) => {
                    let _ = tx.blocking_send(Err(e));
                    return Ok(());
                }
            };
            for batch in reader {
                if tx.blocking_send(batch.map_err(Into::into)).is_err() {
                    break;
                }
            }
            Ok(())
        });
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::Int64Array;
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
    use datafusion::prelude::SessionContext;

    fn batches(schema: &SchemaRef, n: i64) -> Vec<RecordBatch> {
        (0..n)
            .map(|i| {
                let col = Int64Array::from_iter_values(i * 1000..(i + 1) * 1000);
                RecordBatch::try_new(schema.clone(), vec![Arc::new(col)]).unwrap()
            })
            .collect()
    }

    fn stream(schema: &SchemaRef, b: Vec<RecordBatch>) -> SendableRecordBatchStream {
        let s = futures::stream::iter(b.into_iter().map(Ok));
        Box::pin(RecordBatchStreamAdapter::new(schema.clone(), s))
    }

    async fn sum_twice(c: Collected, schema: &SchemaRef) -> (i64, i64) {
        let ctx = SessionContext::new();
        ctx.register_table("t", c.table(schema.clone()).unwrap())
            .unwrap();
        let sql = "SELECT (SELECT SUM(k) FROM t), (SELECT COUNT(*) FROM t a JOIN t b USING (k))";
        let out = ctx.sql(sql).await.unwrap().collect().await.unwrap();
        let col = |i: usize| {
            out[0]
                .column(i)
                .as_any()
                .downcast_ref::<Int64Array>()
                .unwrap()
                .value(0)
        };
        (col(0), col(1))
    }

    #[tokio::test]
    async fn past_the_budget_an_extract_spills_and_reads_back_the_same_rows_every_scan() {
        let schema: SchemaRef =
            Arc::new(Schema::new(vec![Field::new("k", DataType::Int64, false)]));
        let all = batches(&schema, 10);
        let one = all[0].get_array_memory_size();
        let expected = (0..10_000i64).sum::<i64>();

        let roomy = CollectBudget::new(usize::MAX);
        let kept = collect(vec![stream(&schema, all.clone())], schema.clone(), &roomy)
            .await
            .unwrap();
        assert!(!kept.spilled());
        assert_eq!(sum_twice(kept, &schema).await, (expected, 10_000));

        // Room for three batches: the fourth sends all of them to a file, and the budget
        // is given back.
        let tight = CollectBudget::new(3 * one + one / 2);
        let (a, b) = all.split_at(5);
        let streams = vec![stream(&schema, a.to_vec()), stream(&schema, b.to_vec())];
        let spilled = collect(streams, schema.clone(), &tight).await.unwrap();
        assert!(spilled.spilled());
        assert_eq!(tight.used.load(Ordering::SeqCst), 0);
        let Collected::Spilled(file) = &spilled else {
            unreachable!()
        };
        let path = file.file.path().to_path_buf();
        assert!(path.exists());
        assert_eq!(sum_twice(spilled, &schema).await, (expected, 10_000));
        assert!(!path.exists(), "the spill file is deleted with its table");
    }
}
