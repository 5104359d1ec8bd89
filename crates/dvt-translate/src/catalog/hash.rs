//! Engine-specific hashes and hash spellings: what one engine computes with its own algorithm is
//! refused elsewhere (a different number would silently break keys and joins), what a portable
//! digest can compute is written with it.
//!
//! Facts behind the rows (each dialect's function reference, and results executed on
//! PostgreSQL 15, MariaDB 10.11, SQLite, DataFusion and Spark in `tests/exec/*.math.yaml`):
//! - Spark's `HASH` is Murmur3 (32-bit, seed 42) and `XXHASH64` xxHash64 (seed 42), over the
//!   binary form of every argument; Snowflake's `HASH` and `HASH_AGG`, DuckDB's `HASH`, BigQuery's
//!   `FARM_FINGERPRINT` and SQL Server's `CHECKSUM` are each their engine's own algorithm. None
//!   has an equivalent elsewhere.
//! - Snowflake's `MD5_NUMBER_LOWER64` / `MD5_NUMBER_UPPER64` are the low / high 64 bits of the
//!   MD5 digest as an unsigned number (up to 2^64 - 1): `CONV` of 16 hex digits in MySQL,
//!   MariaDB and Spark; a `BIT(64)` cast plus 2^64 for a negative `BIGINT` in PostgreSQL.
//! - SQL Server's `HASHBYTES(algorithm, x)` is MD5, SHA-1 or SHA-2 of the bytes of `x`: the
//!   `md5_binary`, `sha1_binary` and `sha2_binary` rows, chosen by the algorithm literal.

use super::super::dialect::DbKind::*;
use super::groups::{MYSQL, SPARK};
use super::{Call, Ctx, FunctionDef, Kind, Output, Render};
use super::{input as i, out as o};
use super::{refuse_rest as no, special as sp};
use crate::error::TranslateError;

const ENGINE_HASH: &str = "this hash is the source engine's own algorithm and gives other numbers elsewhere; \
     hash with MD5 or SHA2 (portable digests), or compute it in the source database";

/// HASHBYTES(algorithm, x): the digest row of a literal algorithm.
fn hashbytes(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let alg = c.args[0].trim().trim_matches('\'').to_ascii_uppercase();
    let x = c.args[1].clone();
    let (name, args) = match alg.as_str() {
        "MD5" => ("md5_binary", vec![x]),
        "SHA" | "SHA1" => ("sha1_binary", vec![x]),
        "SHA2_256" => ("sha2_binary", vec![x, "256".into()]),
        "SHA2_512" => ("sha2_binary", vec![x, "512".into()]),
        _ => {
            return Err(ctx.unsupported(
                &format!("HASHBYTES({})", c.args[0]),
                "the algorithm must be a literal 'MD5', 'SHA1', 'SHA2_256' or 'SHA2_512'",
            ));
        }
    };
    let def = super::function(name).expect("catalog function exists");
    let call = Call {
        written: c.written.clone(),
        args,
        ..Default::default()
    };
    super::render_call(def, &call, ctx)
}

/// PostgreSQL: 16 hex digits of the MD5 (from `start`) as an unsigned 64-bit number.
fn md5_number_pg(c: &Call, start: usize) -> String {
    let hex = format!("MD5(CAST({} AS TEXT))", c.args[0]);
    format!(
        "(CAST(CAST(CAST('x' || SUBSTR({hex}, {start}, 16) AS BIT(64)) AS BIGINT) AS NUMERIC) \
         + CASE WHEN POSITION(SUBSTR({hex}, {start}, 1) IN '89abcdef') > 0 THEN 18446744073709551616 ELSE 0 END)"
    )
}

fn md5_lower64_pg(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(md5_number_pg(c, 17))
}

fn md5_upper64_pg(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(md5_number_pg(c, 1))
}

/// Only PostgreSQL, MySQL/MariaDB and Spark turn 16 hex digits into an unsigned number.
const NO_MD5_NUMBER: &str = "the target cannot turn 16 hex digits into an unsigned 64-bit number; compare MD5 hex strings instead";

/// The rows of this family.
#[rustfmt::skip]
pub static FUNCTIONS: &[FunctionDef] = &[
    FunctionDef {
        name: "hash_murmur3", arity: (1, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "Spark HASH(a, …): Murmur3, 32 bits, seed 42, engine-specific",
        inputs: &[i(SPARK, "HASH")],
        outputs: &[o(SPARK, "HASH({*})"), no(ENGINE_HASH)],
    },
    FunctionDef {
        name: "xxhash64", arity: (1, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "Spark XXHASH64(a, …): xxHash64, seed 42, engine-specific",
        inputs: &[i(SPARK, "XXHASH64")],
        outputs: &[o(SPARK, "XXHASH64({*})"), no(ENGINE_HASH)],
    },
    FunctionDef {
        name: "farm_fingerprint", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "BigQuery FARM_FINGERPRINT(x): FarmHash Fingerprint64, engine-specific",
        inputs: &[i(&[BigQuery], "FARM_FINGERPRINT")],
        outputs: &[o(&[BigQuery], "FARM_FINGERPRINT({0})"), no(ENGINE_HASH)],
    },
    FunctionDef {
        name: "hash_snowflake", arity: (1, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "Snowflake HASH(a, …): a signed 64-bit hash, engine-specific",
        inputs: &[i(&[Snowflake], "HASH")],
        outputs: &[o(&[Snowflake], "HASH({*})"), no(ENGINE_HASH)],
    },
    FunctionDef {
        name: "hash_agg", arity: (1, usize::MAX), unit_arg: false, kind: Kind::Aggregate,
        note: "Snowflake HASH_AGG(a, …): an order-independent 64-bit hash of a group's rows, engine-specific",
        inputs: &[i(&[Snowflake], "HASH_AGG")],
        outputs: &[o(&[Snowflake], "HASH_AGG({distinct}{*})"), no(ENGINE_HASH)],
    },
    FunctionDef {
        name: "hash_duckdb", arity: (1, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "DuckDB HASH(a, …): an unsigned 64-bit hash, engine-specific",
        inputs: &[i(&[DuckDb], "HASH")],
        outputs: &[o(&[DuckDb], "HASH({*})"), no(ENGINE_HASH)],
    },
    FunctionDef {
        name: "checksum", arity: (1, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "SQL Server CHECKSUM(a, …): a 32-bit hash, engine-specific",
        inputs: &[i(&[SqlServer], "CHECKSUM")],
        outputs: &[o(&[SqlServer], "CHECKSUM({*})"), no(ENGINE_HASH)],
    },
    FunctionDef {
        name: "md5_number_lower64", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the low 64 bits of the MD5 digest of a string as an unsigned number (Snowflake MD5_NUMBER_LOWER64)",
        inputs: &[i(&[Snowflake], "MD5_NUMBER_LOWER64")],
        outputs: &[o(&[Snowflake], "MD5_NUMBER_LOWER64({0})"),
                   o(MYSQL, "CAST(CONV(SUBSTR(MD5({0}), 17, 16), 16, 10) AS DECIMAL(20, 0))"),
                   o(SPARK, "CAST(CONV(SUBSTR(MD5(CAST({0} AS STRING)), 17, 16), 16, 10) AS DECIMAL(20, 0))"),
                   Output { to: &[Postgres], render: Render::Special(md5_lower64_pg), warn: None },
                   no(NO_MD5_NUMBER)],
    },
    FunctionDef {
        name: "md5_number_upper64", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the high 64 bits of the MD5 digest of a string as an unsigned number (Snowflake MD5_NUMBER_UPPER64)",
        inputs: &[i(&[Snowflake], "MD5_NUMBER_UPPER64")],
        outputs: &[o(&[Snowflake], "MD5_NUMBER_UPPER64({0})"),
                   o(MYSQL, "CAST(CONV(SUBSTR(MD5({0}), 1, 16), 16, 10) AS DECIMAL(20, 0))"),
                   o(SPARK, "CAST(CONV(SUBSTR(MD5(CAST({0} AS STRING)), 1, 16), 16, 10) AS DECIMAL(20, 0))"),
                   Output { to: &[Postgres], render: Render::Special(md5_upper64_pg), warn: None },
                   no(NO_MD5_NUMBER)],
    },
    FunctionDef {
        name: "hashbytes", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "SQL Server HASHBYTES(algorithm, x): the MD5, SHA-1 or SHA-2 digest of x as bytes",
        inputs: &[i(&[SqlServer], "HASHBYTES")],
        outputs: &[sp(hashbytes)],
    },
];
