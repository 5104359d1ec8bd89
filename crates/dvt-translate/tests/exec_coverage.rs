//! Every catalog entry is executed on every engine models run on: for each entry and each of the
//! exec suite's engines (PostgreSQL, MariaDB, SQLite, DataFusion, Spark) that the entry renders
//! for, some case in `tests/exec/*.yaml` uses the entry and runs there — translated to it, or
//! written in that engine's own dialect — and is not skipped there. A case expected to be refused
//! there (`errors: {engine: DVT301}`) counts for the entries it reads: the refusal is what was
//! checked. Which entries a case uses is what its translation reports (`Translation::functions`).
//! An entry the catalog refuses for an engine needs no case there.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

use crate::exec_common::{Case, DEFAULT_TARGETS, load};
use dvt_translate::catalog::lookup;
use dvt_translate::coverage::{Support, entries};
use dvt_translate::{DbKind, DialectTranslator, Translator, dialects};
use sqlparser::ast::{Expr, FunctionArguments, visit_expressions};

/// The catalog entries `c`'s SQL reads: those its translations into the other dialects render,
/// and the functions it calls that the catalog reads from `from` (an entry that only `from`
/// renders is refused by every translation).
fn read_entries(from: DbKind, c: &Case) -> BTreeSet<&'static str> {
    let mut read: BTreeSet<&'static str> = dialects()
        .filter(|&d| d != from)
        .filter_map(|d| Translator.translate(&c.sql, from, d).ok())
        .flat_map(|t| t.functions)
        .collect();
    read.extend(called_entries(from, &c.sql));
    read
}

/// The catalog entries of the functions `sql` calls, as `from` spells them.
pub fn called_entries(from: DbKind, sql: &str) -> BTreeSet<&'static str> {
    let mut read = BTreeSet::new();
    let Ok(stmts) = Translator::parse(sql, from) else {
        return read;
    };
    let _ = visit_expressions(&stmts, |e| {
        if let Expr::Function(f) = e {
            let n = match &f.args {
                FunctionArguments::List(l) => l.args.len(),
                _ => 0,
            };
            if let Some((def, _)) = lookup(from, &f.name.to_string(), n) {
                read.insert(def.name);
            }
        }
        ControlFlow::<()>::Continue(())
    });
    read
}

/// Entry → the engines some case runs it on.
fn executed() -> BTreeMap<&'static str, BTreeSet<DbKind>> {
    let mut ran: BTreeMap<&'static str, BTreeSet<DbKind>> = BTreeMap::new();
    for (from, c) in load() {
        let read = read_entries(from, &c);
        for to in c.targets() {
            if c.skip_reason(to).is_some() {
                continue;
            }
            let used = if to == from || c.errors.contains_key(to.name()) {
                read.clone()
            } else {
                match Translator.translate(&c.sql, from, to) {
                    Ok(t) => t.functions.into_iter().collect(),
                    Err(_) => BTreeSet::new(),
                }
            };
            for f in used {
                ran.entry(f).or_default().insert(to);
            }
        }
    }
    ran
}

#[test]
fn every_entry_is_executed_on_every_engine_that_renders_it() {
    let ran = executed();
    let mut missing = Vec::new();
    for e in entries() {
        let engines: Vec<&str> = DEFAULT_TARGETS
            .iter()
            .filter(|t| {
                let renders = e
                    .targets
                    .iter()
                    .any(|(d, s)| d == *t && *s != Support::Refused);
                renders && !ran.get(e.name).is_some_and(|r| r.contains(t))
            })
            .map(|t| t.name())
            .collect();
        if !engines.is_empty() {
            missing.push(format!("{} ({})", e.name, engines.join(", ")));
        }
    }
    assert!(
        missing.is_empty(),
        "{} catalog entries have no executed case on an engine that renders them:\n  {}",
        missing.len(),
        missing.join("\n  ")
    );
}
