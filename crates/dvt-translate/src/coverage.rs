//! What to expect of a translation, function by function: for every catalog entry, the
//! dialects that spell it (are read) and, for each target dialect, whether it is rendered
//! exactly, rendered with a warning (best effort, DVT003/DVT004), or refused (DVT301, with a
//! hint) — straight from the catalog's rows, so it cannot drift from what the translator does.
//! `dvt translate --coverage` prints [`markdown`]; the repository keeps it as
//! `docs/translation-coverage.md` (a test checks it is current).
//!
//! ```
//! use dvt_translate::coverage::{Support, entries};
//! use dvt_translate::DbKind;
//!
//! let iff = entries().into_iter().find(|e| e.name == "iff").unwrap();
//! assert!(iff.read_from.contains(&DbKind::Snowflake));
//! let pg = iff.targets.iter().find(|(d, _)| *d == DbKind::Postgres).unwrap();
//! assert_eq!(pg.1, Support::Exact);
//! ```

use crate::catalog::{self, FunctionDef, Kind, Render};
use crate::dialect::{DbKind, dialects};

/// How a target renders a catalog entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// Rendered with the same meaning.
    Exact,
    /// Rendered as a best effort that may differ in edge cases; the translation warns.
    Warned,
    /// Not expressible in the target: the translation fails naming it, with a hint.
    Refused,
}

impl Support {
    /// The word the report uses.
    pub fn word(self) -> &'static str {
        match self {
            Support::Exact => "yes",
            Support::Warned => "warn",
            Support::Refused => "no",
        }
    }
}

/// One catalog entry's coverage.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Canonical name.
    pub name: &'static str,
    /// Scalar or aggregate.
    pub aggregate: bool,
    /// Its semantic note.
    pub note: &'static str,
    /// The spellings read, by dialect (`None` dialect list: every dialect).
    pub spellings: Vec<String>,
    /// The dialects whose SQL is read with this entry.
    pub read_from: Vec<DbKind>,
    /// How each target dialect renders it.
    pub targets: Vec<(DbKind, Support)>,
}

/// Every catalog entry's coverage, in catalog order.
pub fn entries() -> Vec<Entry> {
    catalog::functions().map(entry).collect()
}

fn entry(f: &'static FunctionDef) -> Entry {
    let all: Vec<DbKind> = dialects().collect();
    let read_from = all
        .iter()
        .copied()
        .filter(|d| {
            f.inputs
                .iter()
                .any(|i| i.from.is_empty() || i.from.contains(d))
        })
        .collect();
    let mut spellings: Vec<String> = Vec::new();
    for i in f.inputs {
        let s = i.name.to_ascii_uppercase();
        if !spellings.contains(&s) {
            spellings.push(s);
        }
    }
    let targets = all.iter().map(|&d| (d, support(f, d))).collect();
    Entry {
        name: f.name,
        aggregate: f.kind == Kind::Aggregate,
        note: f.note,
        spellings,
        read_from,
        targets,
    }
}

/// The first output row for `to` decides (the translator's own rule).
fn support(f: &FunctionDef, to: DbKind) -> Support {
    match f
        .outputs
        .iter()
        .find(|o| o.to.is_empty() || o.to.contains(&to))
    {
        None => Support::Refused,
        Some(o) => match o.render {
            Render::Unsupported(_) => Support::Refused,
            _ if o.warn.is_some() => Support::Warned,
            _ => Support::Exact,
        },
    }
}

/// The report as Markdown: a summary per target, then one row per entry.
pub fn markdown() -> String {
    let es = entries();
    let ds: Vec<DbKind> = dialects().collect();
    let mut out = String::from(
        "# Translation coverage\n\n\
         Generated from the function catalog of `dvt-translate` (`dvt translate --coverage`); do \
         not edit. For each catalog entry: the spellings read, then per target dialect whether a \
         call is rendered with the same meaning (`yes`), as a best effort that warns (`warn`, \
         DVT003/DVT004: the difference is named in the warning), or refused (`no`, DVT301 with a \
         hint). Functions every dialect spells and means alike (`SUM`, `UPPER`, …) are passed \
         through and not listed; a function in no row is passed through with DVT006.\n\n",
    );
    out.push_str(&format!("{} entries.\n\n| target |", es.len()));
    out.push_str(" yes | warn | no |\n|---|---:|---:|---:|\n");
    for d in &ds {
        let count = |s: Support| {
            es.iter()
                .filter(|e| e.targets.iter().any(|(t, x)| t == d && *x == s))
                .count()
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            d.name(),
            count(Support::Exact),
            count(Support::Warned),
            count(Support::Refused)
        ));
    }
    out.push_str("\n| function | spellings |");
    for d in &ds {
        out.push_str(&format!(" {} |", d.name()));
    }
    out.push_str("\n|---|---|");
    out.push_str(&"---|".repeat(ds.len()));
    out.push('\n');
    for e in &es {
        let kind = if e.aggregate { " (aggregate)" } else { "" };
        out.push_str(&format!(
            "| `{}`{kind} | {} |",
            e.name,
            e.spellings.join(", ")
        ));
        for (_, s) in &e.targets {
            out.push_str(&format!(" {} |", s.word()));
        }
        out.push('\n');
    }
    out
}
