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
    if let Some(c) = &p.strategy {
        s.push_str(&format!("cross-server joins: {}\n", c.describe()));
    }
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
        if let Some(n) = e.estimated_rows {
            s.push_str(&format!(
                "  estimated rows: {} (the source's statistics)\n",
                approx(n)
            ));
        }
        for st in &e.staged {
            let x = &st.extract;
            s.push_str(&format!(
                "  staged first: {} from {} ({}) into temporary table {}{}\n    {}\n",
                x.sources.join(", "),
                x.connection,
                x.dialect,
                st.table,
                x.estimated_rows
                    .map(|n| format!(", {} rows", approx(n)))
                    .unwrap_or_default(),
                x.sql
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
    s.push_str(&statistics_text(p));
    s.push_str(&watermarks_text(p));
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

/// The sources' statistics, one line per relation that has any.
fn statistics_text(p: &FederationPlan) -> String {
    if p.statistics.is_empty() {
        return String::new();
    }
    let mut s = String::from("\nstatistics (the sources' own estimates):\n");
    for r in &p.statistics {
        let line = format!(
            "{} on {}: {}",
            r.relation,
            r.connection,
            stats_text(&r.stats)
        );
        s.push_str(&format!("  {line}\n"));
    }
    s
}

/// Each incremental watermark with its value and the query that read it.
fn watermarks_text(p: &FederationPlan) -> String {
    let mut s = String::new();
    for w in &p.watermarks {
        let value = match &w.value {
            Some(v) if v == "NULL" => "NULL (an empty table: every row is read)",
            Some(v) => v,
            None => "not read",
        };
        let head = format!(
            "watermark {} (…) read on {}: {value}",
            w.bounds, w.connection
        );
        s.push_str(&format!("\n{head}\n  {}\n", w.sql));
    }
    s
}

/// `≈1,500,000 rows; o_custkey ≈99,996 distinct; o_comment ≈12 NULL`.
fn stats_text(t: &super::TableStats) -> String {
    let n = approx;
    let mut parts = vec![match t.rows {
        Some(r) => format!("{} rows", n(r)),
        None => "rows unknown".to_string(),
    }];
    for c in &t.columns {
        let mut what = Vec::new();
        if let Some(d) = c.distinct {
            what.push(format!("{} distinct", n(d)));
        }
        if let Some(x) = c.nulls.filter(|x| *x > 0) {
            what.push(format!("{} NULL", n(x)));
        }
        if !what.is_empty() {
            parts.push(format!("{} {}", c.name, what.join(", ")));
        }
    }
    parts.join("; ")
}

/// `≈1,500,000`.
pub(crate) fn approx(v: u64) -> String {
    let d = v.to_string();
    let mut out = String::from("≈");
    for (i, c) in d.chars().enumerate() {
        if i > 0 && (d.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
