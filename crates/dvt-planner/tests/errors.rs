//! A model the engine cannot plan is DVT313, naming the model in DataFusion's words (without
//! its advice on one of its own settings), and keeps DataFusion's error as its source.

use datafusion::error::DataFusionError;
use dvt_planner::plan::{DataFusionPlanner, PlanError, Planner};

#[test]
fn an_unknown_column_is_dvt313_with_datafusions_error_as_its_source() {
    let mut input = dvt_tpch::plan_input(1);
    input.model = "model.tpch.typo".into();
    input.sql =
        "select o_orderkey, o_totalprize from orders join customer on c_custkey = o_custkey".into();
    input.whole_sql = input.sql.clone();
    let e = futures::executor::block_on(DataFusionPlanner.plan(&input)).unwrap_err();
    assert!(matches!(e, PlanError::Engine { .. }), "{e:?}");
    let text = e.to_string();
    assert!(
        text.starts_with("DVT313: model model.tpch.typo cannot be planned: ")
            && text.contains("o_totalprize")
            && !text.contains("enable_ident_normalization"),
        "{text}"
    );
    let source = std::error::Error::source(&e).expect("a source");
    assert!(
        source.downcast_ref::<DataFusionError>().is_some(),
        "{source:?}"
    );
}
