//! Reading an incremental model's watermarks on its target, so that the model is planned again
//! with their values pushed into its source extracts (`dvt_planner::plan::Watermark`).

use datafusion::common::ScalarValue;
use dvt_core::CoreError;
use dvt_planner::FederationPlan;
use dvt_planner::plan::WatermarkValue;
use futures::TryStreamExt;

use crate::error::ExecError;
use crate::executor::Connectors;

/// The values of the plan's watermarks not read yet: each query's one value (NULL when it
/// returns no row). A query returning several rows binds nothing (the engine's scalar subquery
/// then fails as the model's SQL would).
pub(crate) async fn read(
    plan: &FederationPlan,
    connectors: &Connectors,
) -> Result<Vec<WatermarkValue>, ExecError> {
    let mut out = Vec::new();
    for w in plan.watermarks.iter().filter(|w| w.value.is_none()) {
        let fail = |e: CoreError| ExecError::Extract {
            model: plan.model.clone(),
            what: format!("the watermark `{} (…)` from {{{{ this }}}}", w.bounds),
            connection: w.connection.clone(),
            code: e.code(),
            message: e.to_string(),
        };
        let target = connectors.get(&w.connection).await.map_err(fail)?;
        let read = target.extract(&w.sql).await.map_err(|e| fail(e.into()))?;
        let batches: Vec<_> = read
            .stream
            .try_collect()
            .await
            .map_err(|e| fail(e.into()))?;
        let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
        let value = match batches.iter().find(|b| b.num_rows() > 0) {
            _ if rows > 1 => continue,
            Some(b) => {
                ScalarValue::try_from_array(b.column(0), 0).map_err(|source| ExecError::Engine {
                    model: plan.model.clone(),
                    source,
                })?
            }
            None => ScalarValue::Null,
        };
        out.push(WatermarkValue {
            sql: w.sql.clone(),
            value,
        });
    }
    Ok(out)
}
