//! EXPLAIN output.

use super::FederationPlan;

/// A plan as text for people: every extract verbatim with its source, the pushed predicates, the
/// transform in both renderings, the output types and the warnings.
pub fn explain_text(p: &FederationPlan) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "model {} -> {} ({}){}\n",
        p.model,
        p.target,
        p.target_dialect,
        if p.direct {
            " [direct: the whole query runs on the target]"
        } else {
            ""
        }
    ));
    for (n, e) in p.extracts.iter().enumerate() {
        s.push_str(&format!(
            "\nextract {} `{}` on {} ({}) reads {}\n",
            n + 1,
            e.name,
            e.connection,
            e.dialect,
            e.sources.join(", ")
        ));
        s.push_str(&format!("  {}\n", e.sql));
        if !e.pushed_predicates.is_empty() {
            s.push_str(&format!(
                "  pushed predicates: {}\n",
                e.pushed_predicates.join(" AND ")
            ));
        }
        if let Some(l) = e.pushed.limit {
            s.push_str(&format!("  pushed limit: {l}\n"));
        }
        if e.pushed.whole_query {
            s.push_str("  pushed: the whole query\n");
        } else {
            let mut what = Vec::new();
            match e.pushed.joins {
                0 => {}
                1 => what.push("1 join".to_string()),
                n => what.push(format!("{n} joins")),
            }
            if e.pushed.aggregate {
                what.push("aggregate".into());
            }
            if e.pushed.window {
                what.push("window functions".into());
            }
            if e.pushed.order_by {
                what.push("order by".into());
            }
            if !what.is_empty() {
                s.push_str(&format!("  pushed: {}\n", what.join(", ")));
            }
        }
    }
    for w in &p.watermarks {
        s.push_str(&format!(
            "\nwatermark {} (…) read on {}: {}\n  {}\n",
            w.bounds,
            w.connection,
            match &w.value {
                Some(v) if v == "NULL" => "NULL (an empty table: every row is read)",
                Some(v) => v,
                None => "not read",
            },
            w.sql
        ));
    }
    s.push_str(&format!(
        "\ntransform (embedded engine):\n  {}\n",
        p.transform.datafusion_sql
    ));
    s.push_str(&format!(
        "transform (Spark SQL):\n  {}\n",
        p.transform.spark_sql
    ));
    s.push_str("\noutput columns:\n");
    for c in &p.output_columns {
        s.push_str(&format!(
            "  {} {}{}\n",
            c.name,
            c.ty,
            if c.nullable { "" } else { " NOT NULL" }
        ));
    }
    if !p.warnings.is_empty() {
        s.push_str("\nwarnings:\n");
        for w in &p.warnings {
            s.push_str(&format!("  {w}\n"));
        }
    }
    s
}
