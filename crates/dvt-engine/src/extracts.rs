//! Reading one execution's extracts. Each extract is opened with its final SQL — its own, or
//! filtered to the join keys other extracts send it ([`crate::keys`]) — as soon as those keys
//! are known, and then collected (read several times by the transform: within the memory
//! budget, spilled past it), read for its keys (a sender: until they are known, then held, or
//! streamed on when they are too many) — at most `parallel` of these at once — or streamed
//! (opened once those are read, and read by the transform). An extract with staged inputs
//! (the `move` strategy's data movement) first opens each of them on its own server and hands
//! their rows to its connector, which loads them into its session's temporary tables before
//! it runs the extract's query there.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::catalog::streaming::StreamingTable;
use datafusion::error::DataFusionError;
use datafusion::execution::TaskContext;
use datafusion::physical_plan::SendableRecordBatchStream;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::streaming::PartitionStream;
use dvt_core::{CoreError, FederationWarning, WarningCode};
use dvt_planner::FederationPlan;
use futures::{StreamExt, TryStreamExt};
use tokio::sync::{Semaphore, watch};

use crate::error::ExecError;
use crate::executor::{Connectors, ExtractStats, conformed, exec_error, planned_stream, what_of};
use crate::keys::{self, KeyPush, KeySet};
use crate::partition::PartitionPolicy;
use crate::spill::{self, CollectBudget, Collected};
use dvt_io::connector::Staged;

/// The error of model `model`'s extract `x` failing with `e` on its source.
fn extract_failed(model: &str, x: &dvt_planner::plan::Extract, e: CoreError) -> ExecError {
    ExecError::Extract {
        model: model.to_string(),
        what: what_of(x),
        connection: x.connection.clone(),
        code: e.code(),
        message: e.to_string(),
    }
}

/// The staged inputs of extract `x` of model `model` (the `move` strategy): each opened on its
/// own server, its rows counted into `stats[slots[j]].staged_rows` as they are loaded.
pub(crate) async fn open_staged(
    connectors: &Connectors,
    model: &str,
    x: &dvt_planner::plan::Extract,
    stats: &Arc<Mutex<Vec<ExtractStats>>>,
    slots: &[usize],
) -> Result<Vec<Staged>, ExecError> {
    let mut out = Vec::new();
    for (s, &slot) in x.staged.iter().zip(slots) {
        let x = &s.extract;
        let fail = |e: CoreError| extract_failed(model, x, e);
        let c = connectors.get(&x.connection).await.map_err(fail)?;
        let data = c.extract(&x.sql).await.map_err(|e| fail(e.into()))?;
        out.push(Staged {
            table: s.table.clone(),
            data: conformed(x, data, stats.clone(), slot),
        });
    }
    Ok(out)
}

/// A partition that hands out its stream once.
struct OncePartition {
    schema: SchemaRef,
    stream: Mutex<Option<SendableRecordBatchStream>>,
}

impl std::fmt::Debug for OncePartition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OncePartition")
            .field("schema", &self.schema)
            .finish_non_exhaustive()
    }
}

impl PartitionStream for OncePartition {
    fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    fn execute(&self, _ctx: Arc<TaskContext>) -> SendableRecordBatchStream {
        match self.stream.lock().ok().and_then(|mut s| s.take()) {
            Some(s) => s,
            None => {
                let e = DataFusionError::Internal(
                    "a streamed extract was read twice (dvt counts the reads of every extract; this is a bug)"
                        .into(),
                );
                Box::pin(RecordBatchStreamAdapter::new(
                    self.schema.clone(),
                    futures::stream::once(async move { Err(e) }),
                ))
            }
        }
    }
}

/// The extracts of one execution: how each is opened, collected or streamed, counted in
/// `stats`.
pub(crate) struct Extracts<'a> {
    pub plan: &'a FederationPlan,
    pub connectors: &'a Connectors,
    /// Each extract's planned schema.
    pub schemas: &'a [SchemaRef],
    pub stats: Arc<Mutex<Vec<ExtractStats>>>,
    pub partitioning: &'a PartitionPolicy,
}

/// The most rows a sender of join keys that is not collected anyway is read before its keys
/// are given up: a side that large is not the small side of its join, and its receiver should
/// not wait for it.
const PROBE_ROWS: usize = 100_000;

/// How [`Extracts::read_all`] reads.
pub(crate) struct How<'a> {
    /// The extracts to collect: those the transform reads several times. (A sender of keys
    /// not among them is read until its keys are known — collected when it ends within the
    /// memory budget, else streamed on from where it is.)
    pub collect: BTreeSet<usize>,
    /// Whether the other extracts are opened as streaming tables (else only their SQL is
    /// given).
    pub open_streamed: bool,
    /// At most this many extracts are collected at once.
    pub parallel: usize,
    pub budget: &'a CollectBudget,
}

/// How one extract was read.
pub(crate) enum Read {
    Collected(Collected),
    Streamed(StreamingTable),
    /// Not opened ([`How::open_streamed`] off).
    Sql,
}

/// What [`Extracts::read_all`] gives, per extract: its final SQL and how it was read; and the
/// DVT005 notes of keys that could not be pushed.
pub(crate) struct ReadAll {
    pub sql: Vec<String>,
    pub read: Vec<Read>,
    pub warnings: Vec<FederationWarning>,
}

/// A sending extract's keys by column: set once they are all read, or as soon as none of them
/// can be pushed.
type Resolved = Option<Arc<BTreeMap<String, KeySet>>>;

/// Gathers a sending extract's keys from its batches as they are collected.
struct KeySender {
    columns: Vec<(String, usize, KeySet)>,
    tx: Option<watch::Sender<Resolved>>,
}

impl KeySender {
    fn new(i: usize, pushes: &[KeyPush], schema: &SchemaRef, tx: watch::Sender<Resolved>) -> Self {
        let mut columns: Vec<(String, usize, KeySet)> = Vec::new();
        for p in pushes.iter().filter(|p| p.small == i) {
            if let Ok(at) = schema.index_of(&p.small_col)
                && !columns.iter().any(|(c, ..)| c == &p.small_col)
            {
                columns.push((p.small_col.clone(), at, KeySet::default()));
            }
        }
        Self {
            columns,
            tx: Some(tx),
        }
    }

    fn add(&mut self, batch: &RecordBatch) {
        for (_, at, set) in &mut self.columns {
            set.add(batch.column(*at));
        }
        if self.columns.iter().all(|(.., set)| set.refused()) {
            self.send();
        }
    }

    /// Gives up pushing any of the keys, for `reason`, and tells the receivers.
    fn give_up(&mut self, reason: &str) {
        for (.., set) in &mut self.columns {
            set.refuse(reason);
        }
        self.send();
    }

    /// Whether the receivers have been told.
    fn sent(&self) -> bool {
        self.tx.is_none()
    }

    /// Hands the keys to the receivers (once).
    fn send(&mut self) {
        if let Some(tx) = self.tx.take() {
            let keys = self
                .columns
                .iter()
                .map(|(c, _, set)| (c.clone(), set.clone()))
                .collect();
            let _ = tx.send(Some(Arc::new(keys)));
        }
    }
}

impl Extracts<'_> {
    /// Every extract read as `how` says, the pushed keys of `pushes` (acyclic) flowing from
    /// each sender into its receivers.
    pub(crate) async fn read_all(
        &self,
        pushes: &[KeyPush],
        how: &How<'_>,
    ) -> Result<ReadAll, ExecError> {
        let mut senders = BTreeMap::new();
        let mut receivers = BTreeMap::new();
        for p in pushes {
            if let std::collections::btree_map::Entry::Vacant(e) = senders.entry(p.small) {
                let (tx, rx) = watch::channel(None);
                e.insert(tx);
                receivers.insert(p.small, rx);
            }
        }
        let permits = Semaphore::new(how.parallel.max(1));
        // First the extracts read to the end or for their keys, then the streamed ones: a
        // stream holds its connection until the transform reads it, and a source's pool
        // (MySQL's `pool_max`) must not run dry while a collection still needs one.
        let first = |i: &usize| how.collect.contains(i) || senders.contains_key(i);
        let (early, late): (Vec<usize>, Vec<usize>) =
            (0..self.plan.extracts.len()).partition(first);
        let mut done = Vec::new();
        for phase in [early, late] {
            let reads = phase.into_iter().map(|i| {
                let tx = senders.remove(&i);
                let read = self.read_one(i, pushes, &receivers, tx, how, &permits);
                async move { read.await.map(|r| (i, r)) }
            });
            done.extend(futures::future::try_join_all(reads).await?);
        }
        done.sort_by_key(|(i, _)| *i);
        let mut out = ReadAll {
            sql: Vec::new(),
            read: Vec::new(),
            warnings: Vec::new(),
        };
        for (_, (sql, read, warnings)) in done {
            out.sql.push(sql);
            out.read.push(read);
            out.warnings.extend(warnings);
        }
        Ok(out)
    }

    async fn read_one(
        &self,
        i: usize,
        pushes: &[KeyPush],
        receivers: &BTreeMap<usize, watch::Receiver<Resolved>>,
        tx: Option<watch::Sender<Resolved>>,
        how: &How<'_>,
        permits: &Semaphore,
    ) -> Result<(String, Read, Vec<FederationWarning>), ExecError> {
        let (sql, warnings) = self.final_sql(i, pushes, receivers).await;
        let sender = tx.map(|tx| KeySender::new(i, pushes, &self.schemas[i], tx));
        let read = if how.collect.contains(&i) {
            let _permit = permits.acquire().await.ok();
            Read::Collected(self.collect(i, &sql, sender, how.budget).await?)
        } else if let Some(sender) = sender {
            let _permit = permits.acquire().await.ok();
            self.probe(i, &sql, sender, how).await?
        } else if how.open_streamed {
            Read::Streamed(self.streamed(i, sql.clone()).await?)
        } else {
            Read::Sql
        };
        Ok((sql, read, warnings))
    }

    /// Extract `i`'s SQL filtered to the keys each of its senders resolves to (waiting for
    /// them); a DVT005 for each sender whose keys are not pushed.
    async fn final_sql(
        &self,
        i: usize,
        pushes: &[KeyPush],
        receivers: &BTreeMap<usize, watch::Receiver<Resolved>>,
    ) -> (String, Vec<FederationWarning>) {
        let plan = self.plan;
        let big = &plan.extracts[i];
        let mut sql = big.sql.clone();
        let mut warnings = Vec::new();
        let incoming: Vec<&KeyPush> = pushes.iter().filter(|p| p.big == i).collect();
        if incoming.is_empty() {
            return (sql, warnings);
        }
        let Ok(conn) = self.connectors.get(&big.connection).await else {
            return (sql, warnings);
        };
        let mut pushed = None;
        for p in incoming {
            let Some(mut rx) = receivers.get(&p.small).cloned() else {
                continue;
            };
            // A sender that failed drops its channel: nothing is pushed (its error is reported).
            let resolved: Resolved = match rx.wait_for(Option::is_some).await {
                Ok(r) => (*r).clone(),
                Err(_) => continue,
            };
            let Some(set) = resolved.as_ref().and_then(|r| r.get(&p.small_col)) else {
                continue;
            };
            match set.literals(conn.dialect()) {
                Ok(k) => {
                    sql = keys::filtered_sql(&sql, &p.big_col, conn.quote(), &k);
                    *pushed.get_or_insert(0) += k.len();
                }
                Err(reason) => warnings.push(
                    FederationWarning::new(
                        WarningCode::Dvt005,
                        format!(
                            "the join keys of {} are not pushed into {}: {reason}",
                            what_of(&plan.extracts[p.small]),
                            what_of(big)
                        ),
                    )
                    .with_model(plan.model.clone())
                    .with_source(big.connection.clone()),
                ),
            }
        }
        if let Ok(mut s) = self.stats.lock()
            && let Some(s) = s.get_mut(i)
        {
            s.pushed_keys = pushed;
        }
        (sql, warnings)
    }

    /// Sender `i` read as `sql` while its keys may still be pushed: to the end when they
    /// can (held in memory), else — past [`MAX_KEYS`](keys::MAX_KEYS) distinct keys,
    /// [`PROBE_ROWS`] rows or the memory budget — streamed on from there (the batches read so
    /// far first), so a sender that turns out big costs no more than streaming it.
    async fn probe(
        &self,
        i: usize,
        sql: &str,
        mut sender: KeySender,
        how: &How<'_>,
    ) -> Result<Read, ExecError> {
        let mut all = futures::stream::select_all(self.open(i, sql).await?);
        let mut held = Vec::new();
        let mut held_bytes = 0;
        let mut rows = 0;
        while let Some(b) = all.try_next().await.map_err(|e| exec_error(self.plan, e))? {
            sender.add(&b);
            let bytes = b.get_array_memory_size();
            let fits = how.budget.reserve(bytes);
            held_bytes += if fits { bytes } else { 0 };
            rows += b.num_rows();
            held.push(b);
            if !fits {
                sender.give_up("the other side is larger than the memory for collected extracts");
            } else if rows > PROBE_ROWS {
                sender.give_up(&format!("the other side has more than {PROBE_ROWS} rows"));
            }
            if sender.sent() {
                how.budget.release(held_bytes);
                if !how.open_streamed {
                    return Ok(Read::Sql);
                }
                let rest = futures::stream::iter(held.into_iter().map(Ok)).chain(all);
                let rest = RecordBatchStreamAdapter::new(self.schemas[i].clone(), rest);
                return Ok(Read::Streamed(self.table(vec![Box::pin(rest)])?));
            }
        }
        sender.send();
        Ok(Read::Collected(Collected::Memory(held)))
    }

    /// Extract `i` read to the end as `sql`, held in memory within `budget` and spilled past
    /// it; its join keys handed to `sender`'s receivers as they are known.
    async fn collect(
        &self,
        i: usize,
        sql: &str,
        sender: Option<KeySender>,
        budget: &CollectBudget,
    ) -> Result<Collected, ExecError> {
        let mut streams = self.open(i, sql).await?;
        let sender = sender.map(|s| Arc::new(Mutex::new(s)));
        if let Some(s) = &sender {
            streams = streams
                .into_iter()
                .map(|st| {
                    let s = s.clone();
                    let schema = st.schema();
                    let st = st.inspect_ok(move |b| {
                        if let Ok(mut s) = s.lock() {
                            s.add(b);
                        }
                    });
                    Box::pin(RecordBatchStreamAdapter::new(schema, st)) as SendableRecordBatchStream
                })
                .collect();
        }
        let rows = spill::collect(streams, self.schemas[i].clone(), budget)
            .await
            .map_err(|e| exec_error(self.plan, e))?;
        if let Some(s) = sender
            && let Ok(mut s) = s.lock()
        {
            s.send();
        }
        if let Ok(mut s) = self.stats.lock()
            && let Some(s) = s.get_mut(i)
        {
            s.spilled = rows.spilled();
        }
        Ok(rows)
    }

    /// The error of extract `x` failing with `e` on its source.
    fn failed(&self, x: &dvt_planner::plan::Extract, e: CoreError) -> ExecError {
        extract_failed(&self.plan.model, x, e)
    }

    /// Extract `i` run as `sql` on its source: one stream per partition, counted.
    async fn open(&self, i: usize, sql: &str) -> Result<Vec<SendableRecordBatchStream>, ExecError> {
        let x = &self.plan.extracts[i];
        let fail = |e: CoreError| self.failed(x, e);
        let c = self.connectors.get(&x.connection).await.map_err(fail)?;
        if !x.staged.is_empty() {
            let staged = self.staged(i).await?;
            let data = c.extract_staged(staged, sql).await;
            let data = data.map_err(|e| fail(e.into()))?;
            let schema = self.schemas[i].clone();
            return Ok(vec![planned_stream(x, data, schema, self.stats.clone(), i)]);
        }
        let parts = match self.partitioning.choose(x, sql, c.as_ref()).await {
            Some(p) => c
                .extract_partitioned(sql, &p)
                .await
                .map_err(|e| fail(e.into()))?,
            None => vec![c.extract(sql).await.map_err(|e| fail(e.into()))?],
        };
        if let Ok(mut s) = self.stats.lock()
            && let Some(s) = s.get_mut(i)
        {
            s.partitions = parts.len();
        }
        let schema = &self.schemas[i];
        Ok(parts
            .into_iter()
            .map(|data| planned_stream(x, data, schema.clone(), self.stats.clone(), i))
            .collect())
    }

    /// The staged inputs of extract `i`, counted into its `staged_rows`.
    async fn staged(&self, i: usize) -> Result<Vec<Staged>, ExecError> {
        let x = &self.plan.extracts[i];
        let slots = vec![i; x.staged.len()];
        open_staged(self.connectors, &self.plan.model, x, &self.stats, &slots).await
    }

    /// Extract `i`, read once: a table of its streams, one partition each.
    async fn streamed(&self, i: usize, sql: String) -> Result<StreamingTable, ExecError> {
        self.table(self.open(i, &sql).await?)
    }

    /// A table of `streams` (of extract `i`'s schema), one partition each, each read once.
    fn table(&self, streams: Vec<SendableRecordBatchStream>) -> Result<StreamingTable, ExecError> {
        let Some(schema) = streams.first().map(|s| s.schema()) else {
            return Err(ExecError::Engine {
                model: self.plan.model.clone(),
                source: DataFusionError::Internal("an extract without streams".into()),
            });
        };
        let parts: Vec<Arc<dyn PartitionStream>> = streams
            .into_iter()
            .map(|s| {
                Arc::new(OncePartition {
                    schema: schema.clone(),
                    stream: Mutex::new(Some(s)),
                }) as Arc<dyn PartitionStream>
            })
            .collect();
        StreamingTable::try_new(schema, parts).map_err(|source| ExecError::Engine {
            model: self.plan.model.clone(),
            source,
        })
    }
}
