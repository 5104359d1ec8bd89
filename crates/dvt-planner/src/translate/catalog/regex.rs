//! Regular expressions.
//!
//! `regexp_like` matches anywhere in the string (PostgreSQL `~`, MySQL `REGEXP`, Spark `RLIKE`);
//! `regexp_full` must match the whole string (Snowflake `REGEXP_LIKE` / `RLIKE`). Pattern
//! syntax itself (POSIX ARE, ICU, Java, RE2) is passed through: the common subset means the same.

use dvt_core::WarningCode::Dvt003;

use super::super::dialect::SqlDialect::{self, *};
use super::{Call, Ctx, FunctionDef, Input, Kind, Output, Render, Src};
use crate::translate::error::TranslateError;

const ALL: &[SqlDialect] = &[];

const fn i(from: &'static [SqlDialect], name: &'static str) -> Input {
    Input {
        from,
        name,
        arity: None,
        args: &[],
        warn: None,
    }
}
const fn o(to: &'static [SqlDialect], t: &'static str) -> Output {
    Output {
        to,
        render: Render::Template(t),
        warn: None,
    }
}

/// Wrap a pattern (SQL text) so that it must match the whole string.
fn anchored(p: &str, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let t = p.trim();
    if t.len() >= 2 && t.starts_with('\'') && t.ends_with('\'') {
        return Ok(format!("'^(?:{})$'", &t[1..t.len() - 1]));
    }
    let c = Call {
        written: "||".into(),
        args: vec!["'^(?:'".into(), p.to_string(), "')$'".into()],
        ..Default::default()
    };
    super::core::concat_null(&c, ctx)
}

fn regexp_like(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, p) = (&c.args[0], &c.args[1]);
    Ok(match ctx.to {
        Postgres | Redshift => format!("({s} ~ {p})"),
        Mysql | Mariadb => format!("({s} REGEXP {p})"),
        Spark | Databricks => format!("({s} RLIKE {p})"),
        Duckdb => format!("REGEXP_MATCHES({s}, {p})"),
        Datafusion | Trino => format!("REGEXP_LIKE({s}, {p})"),
        Bigquery => format!("REGEXP_CONTAINS({s}, {p})"),
        Snowflake => format!("(REGEXP_INSTR({s}, {p}) > 0)"),
        Sqlite | Tsql => {
            return Err(ctx.unsupported(
                "regular expression matching",
                "use LIKE, or run this part in the engine",
            ));
        }
    })
}

fn regexp_full(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    if ctx.to.caps().regexp_like_anchored {
        return Ok(format!("REGEXP_LIKE({}, {})", c.args[0], c.args[1]));
    }
    let p = anchored(&c.args[1], ctx)?;
    let c2 = Call {
        args: vec![c.args[0].clone(), p],
        ..c.clone()
    };
    regexp_like(&c2, ctx)
}

fn warn_backrefs(c: &Call, ctx: &mut Ctx<'_>) {
    if c.args
        .get(2)
        .is_some_and(|r| r.contains('\\') || r.contains('$'))
        && ctx.from != ctx.to
    {
        ctx.warn(Dvt003, "REGEXP_REPLACE: back-references in the replacement are written differently (\\1 or $1) between dialects");
    }
}

fn regexp_replace(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    warn_backrefs(c, ctx);
    let (s, p, r) = (&c.args[0], &c.args[1], &c.args[2]);
    Ok(match ctx.to {
        Postgres | Duckdb | Datafusion => format!("REGEXP_REPLACE({s}, {p}, {r}, 'g')"),
        Sqlite | Tsql => {
            return Err(ctx.unsupported("REGEXP_REPLACE", "use REPLACE for fixed strings"));
        }
        _ => format!("REGEXP_REPLACE({s}, {p}, {r})"),
    })
}

fn regexp_replace_first(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    warn_backrefs(c, ctx);
    let (s, p, r) = (&c.args[0], &c.args[1], &c.args[2]);
    Ok(match ctx.to {
        Postgres | Duckdb | Datafusion | Redshift => format!("REGEXP_REPLACE({s}, {p}, {r})"),
        Snowflake | Mysql => format!("REGEXP_REPLACE({s}, {p}, {r}, 1, 1)"),
        _ => {
            return Err(ctx.unsupported(
                "REGEXP_REPLACE of the first match only",
                "replace all matches, or anchor the pattern",
            ));
        }
    })
}

fn regexp_substr(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, p) = (&c.args[0], &c.args[1]);
    Ok(match ctx.to {
        Snowflake | Mysql | Mariadb | Redshift | Postgres => format!("REGEXP_SUBSTR({s}, {p})"),
        Spark | Databricks => format!("REGEXP_EXTRACT({s}, {p}, 0)"),
        Duckdb | Trino => format!("REGEXP_EXTRACT({s}, {p})"),
        Bigquery => {
            ctx.warn(Dvt003, "REGEXP_EXTRACT in BigQuery returns the first capture group when the pattern has one");
            format!("REGEXP_EXTRACT({s}, {p})")
        }
        Datafusion => {
            let t = p.trim();
            let grouped = if t.len() >= 2 && t.starts_with('\'') && t.ends_with('\'') {
                format!("'({})'", &t[1..t.len() - 1])
            } else {
                format!("('(' || {p} || ')')")
            };
            format!("REGEXP_MATCH({s}, {grouped})[1]")
        }
        Sqlite | Tsql => {
            return Err(ctx.unsupported("REGEXP_SUBSTR", "use SUBSTR with INSTR for fixed strings"));
        }
    })
}

const fn sp(f: super::SpecialFn) -> Output {
    Output {
        to: ALL,
        render: Render::Special(f),
        warn: None,
    }
}

/// The function rows of this group.
#[rustfmt::skip]
pub static FUNCTIONS: &[FunctionDef] = &[
    FunctionDef {
        name: "regexp_like", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "whether the pattern matches anywhere in the string",
        inputs: &[i(&[Mysql, Trino, Datafusion, Databricks, Spark], "REGEXP_LIKE"), i(&[Duckdb], "REGEXP_MATCHES"),
                  i(&[Bigquery], "REGEXP_CONTAINS"), i(&[Spark, Databricks, Mysql, Mariadb], "RLIKE")],
        outputs: &[sp(regexp_like)],
    },
    FunctionDef {
        name: "regexp_full", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "whether the pattern matches the whole string (Snowflake REGEXP_LIKE / RLIKE)",
        inputs: &[i(&[Snowflake], "REGEXP_LIKE"), i(&[Snowflake], "RLIKE")],
        outputs: &[o(&[Snowflake], "REGEXP_LIKE({0}, {1})"), sp(regexp_full)],
    },
    FunctionDef {
        name: "regexp_replace", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "every match replaced",
        inputs: &[Input { from: &[Snowflake, Mysql, Mariadb, Spark, Databricks, Bigquery, Trino, Redshift], name: "REGEXP_REPLACE", arity: Some(3), args: &[], warn: None },
                  Input { from: &[Postgres, Duckdb, Datafusion], name: "REGEXP_REPLACE", arity: Some(4), args: &[Src::A(0), Src::A(1), Src::A(2)],
                          warn: Some((Dvt003, "REGEXP_REPLACE flags other than 'g' are not translated")) }],
        outputs: &[sp(regexp_replace)],
    },
    FunctionDef {
        name: "regexp_replace_first", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "the first match replaced (PostgreSQL REGEXP_REPLACE without 'g')",
        inputs: &[Input { from: &[Postgres, Duckdb, Datafusion], name: "REGEXP_REPLACE", arity: Some(3), args: &[], warn: None }],
        outputs: &[sp(regexp_replace_first)],
    },
    FunctionDef {
        name: "regexp_substr", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "the first match",
        inputs: &[i(&[Snowflake, Mysql, Mariadb, Redshift, Postgres], "REGEXP_SUBSTR"),
                  Input { from: &[Spark, Databricks], name: "REGEXP_EXTRACT", arity: Some(3), args: &[Src::A(0), Src::A(1)], warn: None },
                  Input { from: &[Duckdb, Trino], name: "REGEXP_EXTRACT", arity: Some(2), args: &[], warn: None }],
        outputs: &[sp(regexp_substr)],
    },
];
