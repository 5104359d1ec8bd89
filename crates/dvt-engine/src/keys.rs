//! Join-key pushdown: when one side of a cross-source join turns out small once its extract
//! has been read, the other side's extract is filtered to that side's join keys
//! (`key IN (…)`) so the large source sends only rows that can join.
//!
//! It is applied only where it cannot change the result: an equi-join on plain columns whose
//! NULLs never match (the `IN` list leaves NULL keys out), into the side whose unmatched rows
//! the join drops anyway — either side of an INNER join (the more filtered extract is read
//! first), the right side of a LEFT join, the left side of a RIGHT join — and only into an
//! extract the transform reads once. The transform still evaluates the join itself. When the
//! small side has more than [`MAX_KEYS`] distinct keys, or keys of a type dvt does not write as
//! literals, nothing is pushed and a DVT005 warning says why.

use std::collections::{BTreeMap, BTreeSet};

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::common::NullEquality;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::logical_expr::{Expr, JoinType, LogicalPlan, TableScan};
use dvt_planner::plan::Extract;
use dvt_planner::translate::sql_string;
use dvt_types::DbKind;

/// The most keys pushed into one extract.
pub const MAX_KEYS: usize = 10_000;

/// One possible pushdown: the keys of `small`'s column filter `big`'s column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeyPush {
    pub small: usize,
    pub small_col: String,
    pub big: usize,
    pub big_col: String,
}

fn scan_of(p: &LogicalPlan) -> Option<&TableScan> {
    match p {
        LogicalPlan::TableScan(s) => Some(s),
        LogicalPlan::Filter(f) => scan_of(&f.input),
        LogicalPlan::SubqueryAlias(a) => scan_of(&a.input),
        _ => None,
    }
}

/// The pushdowns the optimized transform allows (at most one into each extract).
pub(crate) fn candidates(
    plan: &LogicalPlan,
    extracts: &[Extract],
    reads: &BTreeMap<String, usize>,
) -> Vec<KeyPush> {
    let index = |s: &TableScan| extracts.iter().position(|x| x.name == s.table_name.table());
    let column = |x: &Extract, name: &str| {
        x.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
            .map(|c| c.name.clone())
    };
    let mut out: Vec<KeyPush> = Vec::new();
    let _ = plan.apply_with_subqueries(|n| {
        let LogicalPlan::Join(j) = n else {
            return Ok(TreeNodeRecursion::Continue);
        };
        if j.null_equality == NullEquality::NullEqualsNull {
            return Ok(TreeNodeRecursion::Continue);
        }
        let (Some(ls), Some(rs)) = (scan_of(&j.left), scan_of(&j.right)) else {
            return Ok(TreeNodeRecursion::Continue);
        };
        let (Some(li), Some(ri)) = (index(ls), index(rs)) else {
            return Ok(TreeNodeRecursion::Continue);
        };
        let Some((Expr::Column(lc), Expr::Column(rc))) = j.on.first() else {
            return Ok(TreeNodeRecursion::Continue);
        };
        let (lx, rx) = (&extracts[li], &extracts[ri]);
        let (Some(lcol), Some(rcol)) = (column(lx, &lc.name), column(rx, &rc.name)) else {
            return Ok(TreeNodeRecursion::Continue);
        };
        let left_small = lx.pushed_predicates.len() >= rx.pushed_predicates.len();
        let (small, small_col, big, big_col) = match j.join_type {
            JoinType::Inner if left_small => (li, lcol, ri, rcol),
            JoinType::Inner => (ri, rcol, li, lcol),
            JoinType::Left => (li, lcol, ri, rcol),
            JoinType::Right => (ri, rcol, li, lcol),
            _ => return Ok(TreeNodeRecursion::Continue),
        };
        let once = reads.get(&extracts[big].name).copied() == Some(1);
        let taken = out
            .iter()
            .any(|p| p.big == big || p.big == small || p.small == big);
        if li != ri && once && !taken {
            out.push(KeyPush {
                small,
                small_col,
                big,
                big_col,
            });
        }
        Ok(TreeNodeRecursion::Continue)
    });
    out
}

/// The distinct non-NULL values of column `col` of `batches` as SQL literals of `dialect`, or
/// why they cannot be pushed.
pub(crate) fn literals(
    batches: &[RecordBatch],
    col: usize,
    dialect: DbKind,
) -> Result<Vec<String>, String> {
    let mut keys: BTreeSet<String> = BTreeSet::new();
    for b in batches {
        let a = b.column(col);
        let push = |keys: &mut BTreeSet<String>, v: String| -> Result<(), String> {
            keys.insert(v);
            if keys.len() > MAX_KEYS {
                Err(format!(
                    "the other side has more than {MAX_KEYS} distinct keys"
                ))
            } else {
                Ok(())
            }
        };
        match a.data_type() {
            t if t.is_integer() => {
                let s = datafusion::arrow::compute::cast(a, &DataType::Utf8)
                    .map_err(|e| e.to_string())?;
                let s = s.as_string::<i32>();
                for i in 0..s.len() {
                    if !s.is_null(i) {
                        push(&mut keys, s.value(i).to_string())?;
                    }
                }
            }
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
                let s = datafusion::arrow::compute::cast(a, &DataType::Utf8)
                    .map_err(|e| e.to_string())?;
                let s = s.as_string::<i32>();
                for i in 0..s.len() {
                    if !s.is_null(i) {
                        push(&mut keys, sql_string(s.value(i), dialect))?;
                    }
                }
            }
            other => return Err(format!("join keys of type {other} are not pushed")),
        }
    }
    Ok(keys.into_iter().collect())
}

/// `sql` filtered to rows whose `col` is one of `keys` (none: no rows).
pub(crate) fn filtered_sql(sql: &str, col: &str, quote: char, keys: &[String]) -> String {
    let c = dvt_io::connector::TableName::new(None, col).quoted(quote);
    let pred = if keys.is_empty() {
        "1 = 0".to_string()
    } else {
        format!("{c} IN ({})", keys.join(", "))
    };
    // A newline before the closing parenthesis: a trailing `--` comment cannot swallow it.
    format!("SELECT * FROM ({sql}\n) dvt_keys WHERE {pred}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_many_or_unsupported_keys_are_refused() {
        use datafusion::arrow::array::{Float64Array, Int64Array};
        use datafusion::arrow::datatypes::{Field, Schema};
        use std::sync::Arc;
        let ints = |n: i64| {
            let s = Arc::new(Schema::new(vec![Field::new("k", DataType::Int64, true)]));
            RecordBatch::try_new(
                s,
                vec![Arc::new(Int64Array::from_iter(
                    (0..n).map(Some).chain([None]),
                ))],
            )
            .unwrap()
        };
        let ok = literals(&[ints(3), ints(2)], 0, DbKind::Postgres).unwrap();
        assert_eq!(ok, vec!["0", "1", "2"], "distinct, NULL left out");
        let e = literals(&[ints(MAX_KEYS as i64 + 1)], 0, DbKind::Postgres).unwrap_err();
        assert!(e.contains("more than"), "{e}");
        let s = Arc::new(Schema::new(vec![Field::new("f", DataType::Float64, true)]));
        let b = RecordBatch::try_new(s, vec![Arc::new(Float64Array::from(vec![1.5]))]).unwrap();
        assert!(literals(&[b], 0, DbKind::Postgres).is_err());
    }

    #[test]
    fn strings_are_escaped_per_dialect() {
        assert_eq!(sql_string("a'b\\c", DbKind::Postgres), "'a''b\\c'");
        assert_eq!(sql_string("a'b\\c", DbKind::MariaDb), "'a\\'b\\\\c'");
        assert_eq!(
            filtered_sql("SELECT 1 -- x", "k", '"', &[]),
            "SELECT * FROM (SELECT 1 -- x\n) dvt_keys WHERE 1 = 0"
        );
    }
}
