//! `dvt translate --from D --to D [--expr]`: SQL on stdin, translated SQL on stdout;
//! `dvt translate --coverage`: the catalog's coverage report (Markdown) on stdout.

use std::io::Read;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use dvt_planner::{DbKind, DialectTranslator, Translator};

use super::print_warnings;

pub fn run(from: Option<&str>, to: Option<&str>, expr: bool, coverage: bool) -> Result<ExitCode> {
    if coverage {
        print!("{}", dvt_planner::translate::coverage::markdown());
        return Ok(ExitCode::SUCCESS);
    }
    let (Some(from), Some(to)) = (from, to) else {
        return Err(anyhow!("--from and --to are required (or --coverage)"));
    };
    let from: DbKind = from.parse().map_err(|e| anyhow!("--from: {e}"))?;
    let to: DbKind = to.parse().map_err(|e| anyhow!("--to: {e}"))?;
    let mut sql = String::new();
    std::io::stdin()
        .read_to_string(&mut sql)
        .context("cannot read SQL from stdin")?;
    let t = if expr {
        Translator.translate_expr(sql.trim(), from, to)?
    } else {
        Translator.translate(&sql, from, to)?
    };
    println!("{}", t.sql);
    print_warnings(&t.warnings);
    Ok(ExitCode::SUCCESS)
}
