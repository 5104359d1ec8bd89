"""Shared settings of the TPC-H side-by-side benchmark: servers, table placement, schemas and
the text of the 22 queries. Python stdlib only (DuckDB is imported where it is used)."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUERY_DIR = ROOT / "crates" / "dvt-tpch" / "queries"
QUERIES = [f"q{i:02d}" for i in range(1, 23)]

SRC_SCHEMA = "bench_tpch"  # the MariaDB database, and the PostgreSQL schema (one dbt source)
PG_SRC_DB = "bench_src"  # the PostgreSQL database of the sources
WH_DB = "bench_wh"  # the PostgreSQL target database
WH_SCHEMA = "tpch"  # dvt's models (embedded) and DuckDB's qNN_duck
SPARK_SCHEMA = "tpch_spark"  # dvt's models run on Spark (profile output wh_spark)
LITE_FILE = "lite.db"  # the SQLite source, in the work directory

# Columns and their types (portable names, mapped per database by column_type).
TABLES = {
    "nation": [("n_nationkey", "int"), ("n_name", "char(25)"), ("n_regionkey", "int"),
               ("n_comment", "varchar(152)")],
    "region": [("r_regionkey", "int"), ("r_name", "char(25)"), ("r_comment", "varchar(152)")],
    "part": [("p_partkey", "int"), ("p_name", "varchar(55)"), ("p_mfgr", "char(25)"),
             ("p_brand", "char(10)"), ("p_type", "varchar(25)"), ("p_size", "int"),
             ("p_container", "char(10)"), ("p_retailprice", "dec"), ("p_comment", "varchar(23)")],
    "supplier": [("s_suppkey", "int"), ("s_name", "char(25)"), ("s_address", "varchar(40)"),
                 ("s_nationkey", "int"), ("s_phone", "char(15)"), ("s_acctbal", "dec"),
                 ("s_comment", "varchar(101)")],
    "partsupp": [("ps_partkey", "int"), ("ps_suppkey", "int"), ("ps_availqty", "int"),
                 ("ps_supplycost", "dec"), ("ps_comment", "varchar(199)")],
    "customer": [("c_custkey", "int"), ("c_name", "varchar(25)"), ("c_address", "varchar(40)"),
                 ("c_nationkey", "int"), ("c_phone", "char(15)"), ("c_acctbal", "dec"),
                 ("c_mktsegment", "char(10)"), ("c_comment", "varchar(117)")],
    "orders": [("o_orderkey", "int"), ("o_custkey", "int"), ("o_orderstatus", "char(1)"),
               ("o_totalprice", "dec"), ("o_orderdate", "date"), ("o_orderpriority", "char(15)"),
               ("o_clerk", "char(15)"), ("o_shippriority", "int"), ("o_comment", "varchar(79)")],
    "lineitem": [("l_orderkey", "int"), ("l_partkey", "int"), ("l_suppkey", "int"),
                 ("l_linenumber", "int"), ("l_quantity", "dec"), ("l_extendedprice", "dec"),
                 ("l_discount", "dec"), ("l_tax", "dec"), ("l_returnflag", "char(1)"),
                 ("l_linestatus", "char(1)"), ("l_shipdate", "date"), ("l_commitdate", "date"),
                 ("l_receiptdate", "date"), ("l_shipinstruct", "char(25)"),
                 ("l_shipmode", "char(10)"), ("l_comment", "varchar(44)")],
}

PRIMARY_KEYS = {
    "nation": ["n_nationkey"], "region": ["r_regionkey"], "part": ["p_partkey"],
    "supplier": ["s_suppkey"], "partsupp": ["ps_partkey", "ps_suppkey"],
    "customer": ["c_custkey"], "orders": ["o_orderkey"],
    "lineitem": ["l_orderkey", "l_linenumber"],
}

# Where each table lives: pg (PostgreSQL), maria (MariaDB) or lite (SQLite).
SPLITS = {
    # The split.
    "a": {"lineitem": "pg", "orders": "pg", "customer": "maria", "nation": "maria",
          "region": "maria", "part": "lite", "partsupp": "lite", "supplier": "lite"},
    # The big tables moved: lineitem on MariaDB, orders in SQLite, the rest on PostgreSQL.
    "b": {"lineitem": "maria", "orders": "lite", "customer": "pg", "nation": "pg",
          "region": "pg", "part": "pg", "partsupp": "pg", "supplier": "pg"},
    # The cost model's split (scripts/bench_tpch.sh --strategies): customer and nation in
    # SQLite, orders and lineitem on PostgreSQL, the rest on MariaDB.
    "s": {"lineitem": "pg", "orders": "pg", "customer": "lite", "nation": "lite",
          "region": "maria", "part": "maria", "partsupp": "maria", "supplier": "maria"},
}


class BenchError(Exception):
    """A step of the benchmark failed; the message says which and why."""


def die(msg):
    """Print `msg` as the benchmark's error and exit 1."""
    print(f"bench_tpch: error: {msg}", file=sys.stderr)
    sys.exit(1)


def log(msg):
    """One progress line on stderr (stdout is kept for the result table)."""
    print(f"bench_tpch: {msg}", file=sys.stderr, flush=True)


def env(name):
    """The value of the services' environment variable `name` (.dvt-services/env)."""
    value = os.environ.get(name)
    if not value:
        raise BenchError(f"${name} is not set (source .dvt-services/env)")
    return value


def column_type(portable, db):
    """The native column type of a portable type name on `db` (pg, maria or lite)."""
    if portable == "int":
        return {"pg": "bigint", "maria": "BIGINT", "lite": "INTEGER"}[db]
    if portable == "dec":
        return {"pg": "numeric(15,2)", "maria": "DECIMAL(15,2)", "lite": "DECIMAL(15,2)"}[db]
    if portable == "date":
        return {"pg": "date", "maria": "DATE", "lite": "DATE"}[db]
    return portable if db == "pg" else portable.upper()


def read_query(name):
    """The text of TPC-H query `name` (q01…q22) without its final semicolon."""
    return (QUERY_DIR / f"{name}.sql").read_text().strip().rstrip(";").strip()


def _tokens(sql):
    """Split `sql` into (kind, text) tokens: word, string, space or punct (one character)."""
    out, i = [], 0
    while i < len(sql):
        c = sql[i]
        if c == "'":
            j = sql.index("'", i + 1) + 1
            while j < len(sql) and sql[j] == "'":  # '' inside a literal
                j = sql.index("'", j + 1) + 1
            out.append(("string", sql[i:j]))
        elif c.isalnum() or c == "_":
            j = i
            while j < len(sql) and (sql[j].isalnum() or sql[j] == "_"):
                j += 1
            out.append(("word", sql[i:j]))
        elif c.isspace():
            j = i
            while j < len(sql) and sql[j].isspace():
                j += 1
            out.append(("space", sql[i:j]))
        else:
            j = i + 1
            out.append(("punct", c))
        i = j
    return out


_CLAUSES = {"select", "from", "join", "where", "group", "order", "having", "limit", "on",
            "union", "with", "as", "by"}


def replace_tables(sql, render):
    """`sql` with every TPC-H table named in a FROM list or after JOIN replaced by
    `render(table)`; column aliases that share a table's name (`n_name AS nation` in Q8 and
    Q9) are left alone. Tracks the clause per parenthesis depth."""
    clause = [None]  # the last clause keyword at each parenthesis depth
    prev = None  # the previous significant token (lowercased)
    out = []
    for kind, text in _tokens(sql):
        low = text.lower()
        if kind == "word" and low in TABLES and clause[-1] in ("from", "join") \
                and prev in ("from", "join", ","):
            out.append(render(low))
        else:
            out.append(text)
        if kind == "punct" and text == "(":
            clause.append(None)
        elif kind == "punct" and text == ")":
            clause.pop()
        elif kind == "word" and low in _CLAUSES and low not in ("as", "by", "on"):
            clause[-1] = low
        elif kind == "word" and low == "on":
            clause[-1] = "on"
        if kind != "space":
            prev = low
    return "".join(out)


def run(cmd, what, stdin=None, env_extra=None):
    """Run `cmd` (a list); raise BenchError naming `what` with its stderr when it fails.
    Returns its stdout as text."""
    full_env = dict(os.environ, **(env_extra or {}))
    proc = subprocess.run(cmd, stdin=stdin, capture_output=True, text=True, env=full_env)
    if proc.returncode != 0:
        raise BenchError(f"{what} failed (exit {proc.returncode}): {proc.stderr.strip()[-2000:]}")
    return proc.stdout


def psql(db, sql, what, stdin=None):
    """Run `sql` with psql on database `db` of the PostgreSQL service (stops at the first
    error); returns its unaligned, tuples-only output."""
    cmd = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", env("DVT_TEST_PG_HOST"),
           "-p", env("DVT_TEST_PG_PORT"), "-U", env("DVT_TEST_PG_USER"), "-d", db, "-c", sql]
    return run(cmd, what, stdin=stdin)


def mariadb(sql, what, database=None):
    """Run `sql` with the mariadb client on the MariaDB service (LOCAL INFILE allowed);
    returns its tab-separated output without column names."""
    cmd = ["mariadb", "--no-defaults", "--local-infile=1", "--protocol=tcp", "-N", "-B",
           "-h", env("DVT_TEST_MARIA_HOST"), "-P", env("DVT_TEST_MARIA_PORT"),
           "-u", env("DVT_TEST_MARIA_USER")]
    if database:
        cmd.append(database)
    return run(cmd + ["-e", sql], what)


def timed(fn, *args, **kwargs):
    """(seconds, result) of calling fn(*args, **kwargs)."""
    t0 = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - t0, result


def write_json(path, data):
    """Write `data` as indented JSON to `path` (folders created)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")


def read_json(path):
    """The JSON value stored at `path`."""
    return json.loads(Path(path).read_text())


def median_of(records):
    """One record for a query run several times: the first failed run when one failed, else
    the run of median seconds (the lower middle one for an even count), with every run's
    seconds in `runs_seconds`."""
    failed = [r for r in records if r.get("status") != "success"]
    if failed:
        return failed[0]
    ranked = sorted(records, key=lambda r: r["seconds"])
    rec = dict(ranked[(len(ranked) - 1) // 2])
    rec["runs_seconds"] = [r["seconds"] for r in records]
    return rec
