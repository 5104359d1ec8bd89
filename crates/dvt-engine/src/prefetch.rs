//! A model's rows computed while its target is prepared ([`prefetch`]).

use dvt_io::Error;
use dvt_io::connector::SchemaStream;
use futures::StreamExt;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// `data` pulled from now on by a task of its own into a buffer of `depth` batches, so the
/// extracts and the engine work while the load prepares the target (drops a crashed run's
/// residue, creates the staging table, reads its column types: 50–80 ms on a PostgreSQL
/// target, as long as a small model's whole transform). The returned stream yields the same
/// batches in the same order, memory stays bounded by the buffer, and dropping the stream
/// stops the task. A task that panics ends the stream with an error naming `output`, never
/// with a silent end.
pub fn prefetch(data: SchemaStream, depth: usize, output: &str) -> SchemaStream {
    let (tx, rx) = mpsc::channel(depth.max(1));
    let mut stream = data.stream;
    let task = tokio::spawn(async move {
        while let Some(item) = stream.next().await {
            let stop = item.is_err();
            if tx.send(item).await.is_err() || stop {
                return;
            }
        }
    });
    let state = Prefetched {
        rx,
        task: Some(task),
        output: output.to_string(),
    };
    let out = futures::stream::unfold(state, |mut st| async move {
        if let Some(item) = st.rx.recv().await {
            return Some((item, st));
        }
        let task = st.task.take()?;
        match task.await {
            Ok(()) => None,
            Err(e) => {
                let message = format!("the task computing the model's rows stopped: {e}");
                let err = Error::Unsupported {
                    output: st.output.clone(),
                    message,
                };
                Some((Err(err), st))
            }
        }
    });
    // Fused: a loader that polls once more after the end gets the end again.
    SchemaStream {
        schema: data.schema,
        stream: Box::pin(out.fuse()),
    }
}

/// The receiving end of [`prefetch`]; dropping it aborts the task.
struct Prefetched {
    rx: mpsc::Receiver<dvt_io::Result<datafusion::arrow::record_batch::RecordBatch>>,
    task: Option<JoinHandle<()>>,
    output: String,
}

impl Drop for Prefetched {
    fn drop(&mut self) {
        if let Some(t) = &self.task {
            t.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use datafusion::arrow::array::Int64Array;
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::arrow::record_batch::RecordBatch;
    use futures::TryStreamExt;

    use super::*;

    fn batch(schema: &Arc<Schema>, v: i64) -> RecordBatch {
        RecordBatch::try_new(schema.clone(), vec![Arc::new(Int64Array::from(vec![v]))]).unwrap()
    }

    fn source(items: Vec<dvt_io::Result<RecordBatch>>, pulled: Arc<AtomicUsize>) -> SchemaStream {
        let schema = Arc::new(Schema::new(vec![Field::new("x", DataType::Int64, true)]));
        let stream = futures::stream::iter(items).inspect(move |_| {
            pulled.fetch_add(1, Ordering::SeqCst);
        });
        SchemaStream {
            schema,
            stream: Box::pin(stream),
        }
    }

    #[tokio::test]
    async fn batches_arrive_in_order_and_work_starts_before_the_first_poll() {
        let schema = Arc::new(Schema::new(vec![Field::new("x", DataType::Int64, true)]));
        let items = (0..10).map(|v| Ok(batch(&schema, v))).collect();
        let pulled = Arc::new(AtomicUsize::new(0));
        let s = prefetch(source(items, pulled.clone()), 2, "wh");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        // Pulled ahead, but no further than the buffer (2) plus the one waiting to be sent.
        let ahead = pulled.load(Ordering::SeqCst);
        assert!((1..=3).contains(&ahead), "pulled {ahead}");
        let mut stream = s.stream;
        let got: Vec<RecordBatch> = (&mut stream).try_collect().await.unwrap();
        // Polled again after its end, it ends again (no panic).
        assert!(stream.next().await.is_none());
        let values: Vec<i64> = got
            .iter()
            .map(|b| {
                b.column(0)
                    .as_any()
                    .downcast_ref::<Int64Array>()
                    .unwrap()
                    .value(0)
            })
            .collect();
        assert_eq!(values, (0..10).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn an_error_ends_the_stream_and_a_panic_is_an_error() {
        let schema = Arc::new(Schema::new(vec![Field::new("x", DataType::Int64, true)]));
        let fail = Error::Unsupported {
            output: "src".into(),
            message: "boom".into(),
        };
        let items = vec![Ok(batch(&schema, 1)), Err(fail), Ok(batch(&schema, 2))];
        let s = prefetch(source(items, Arc::new(AtomicUsize::new(0))), 2, "wh");
        let all: Vec<_> = s.stream.collect().await;
        assert_eq!(all.len(), 2);
        assert!(all[1].as_ref().unwrap_err().to_string().contains("boom"));

        let panicking = SchemaStream {
            schema: schema.clone(),
            stream: Box::pin(futures::stream::once(async { panic!("engine bug") })),
        };
        let all: Vec<_> = prefetch(panicking, 2, "wh").stream.collect().await;
        assert_eq!(all.len(), 1);
        let e = all[0].as_ref().unwrap_err().to_string();
        assert!(e.contains("output 'wh'") && e.contains("stopped"), "{e}");
    }
}
