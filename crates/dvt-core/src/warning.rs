//! The warnings of a run: every stage records its [`FederationWarning`]s (codes DVT001–DVT009,
//! defined with the types in `dvt_types::warning`, the bottom of the pipeline, so the
//! translator reports them without this crate) in one [`WarningCollector`].
//!
//! A warning never stops a run; it tells the user that dvt did something other than the obvious
//! (coerced a materialization, lost type information, kept a predicate in the engine, …). Each
//! warning is emitted as a `tracing` event when it is recorded and is also returned to the caller,
//! so embedding tools can show or assert on them.

use std::sync::{Arc, Mutex};

pub use dvt_types::warning::{FederationWarning, WarningCode};

/// Collects warnings from every stage of a run; cheap to clone and share between threads.
///
/// Each recorded warning is also emitted as a `tracing` WARN event with the fields `code`,
/// `model` and `source`.
#[derive(Debug, Clone, Default)]
pub struct WarningCollector {
    inner: Arc<Mutex<Vec<FederationWarning>>>,
}

impl WarningCollector {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Record a warning (and emit it as a tracing event).
    pub fn push(&self, warning: FederationWarning) {
        tracing::warn!(
            code = warning.code.as_str(),
            model = warning.model.as_deref().unwrap_or(""),
            source = warning.source.as_deref().unwrap_or(""),
            "{}",
            warning.message
        );
        self.lock().push(warning);
    }

    /// Record several warnings.
    pub fn extend(&self, warnings: impl IntoIterator<Item = FederationWarning>) {
        for w in warnings {
            self.push(w);
        }
    }

    /// A copy of everything recorded so far, in order.
    pub fn snapshot(&self) -> Vec<FederationWarning> {
        self.lock().clone()
    }

    /// Take everything recorded so far, leaving the collector empty.
    pub fn take(&self) -> Vec<FederationWarning> {
        std::mem::take(&mut *self.lock())
    }

    /// Number of warnings recorded.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<FederationWarning>> {
        // A panic while holding the lock leaves a valid Vec; keep collecting.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collector_is_shared_between_clones_and_display_starts_with_code() {
        let c = WarningCollector::new();
        let c2 = c.clone();
        c2.push(
            FederationWarning::new(WarningCode::Dvt007, "join of a and b runs in the engine")
                .with_model("model.p.m")
                .with_source("pg"),
        );
        assert_eq!(c.len(), 1);
        let w = &c.snapshot()[0];
        assert_eq!(
            w.to_string(),
            "DVT007 [model.p.m] (pg): join of a and b runs in the engine"
        );
        assert_eq!(c.take().len(), 1);
        assert!(c2.is_empty());
    }
}
