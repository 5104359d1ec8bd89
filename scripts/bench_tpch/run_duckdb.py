"""The same 22 queries in DuckDB with its scanner extensions: the three sources and the
target ATTACHed, `CREATE TABLE wh.tpch.qNN_duck AS <query over the attached tables>` timed
per query, `runs` times (DROP beforehand, not timed; the median run is reported)."""

import os
import time
from pathlib import Path

import duck
from common import (LITE_FILE, PG_SRC_DB, QUERIES, SPLITS, SRC_SCHEMA, WH_DB, WH_SCHEMA, log,
                    median_of, read_query, replace_tables, write_json)

ALIASES = {"pg": f"src_pg.{SRC_SCHEMA}", "maria": f"src_my.{SRC_SCHEMA}", "lite": "src_lite.main"}


def duck_sql(query, split):
    """Query `query` over the attached tables of split `split`."""
    return replace_tables(read_query(query), lambda t: f"{ALIASES[SPLITS[split][t]]}.{t}")


def attach_all(con, work):
    """ATTACH the PostgreSQL source (src_pg), MariaDB (src_my), SQLite (src_lite) and the
    target bench_wh (wh)."""
    duck.attach_pg(con, PG_SRC_DB, "src_pg")
    duck.attach_maria(con, SRC_SCHEMA, "src_my")
    duck.attach_sqlite(con, str(Path(work) / LITE_FILE), "src_lite")
    duck.attach_pg(con, WH_DB, "wh", read_only=False)
    con.execute(f"CREATE SCHEMA IF NOT EXISTS wh.{WH_SCHEMA}")


def run_one(con, q, split):
    """`CREATE TABLE wh.tpch.qNN_duck AS …` once (the table dropped first, untimed): its
    record (status, seconds, rows, message)."""
    table = f"wh.{WH_SCHEMA}.{q}_duck"
    con.execute(f"DROP TABLE IF EXISTS {table}")
    sql = f"CREATE TABLE {table} AS {duck_sql(q, split)}"
    t0 = time.perf_counter()
    try:
        con.execute(sql)
        rec = {"query": q, "status": "success", "seconds": time.perf_counter() - t0}
        rec["rows"] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except Exception as e:  # a failing query is a result, not the end of the run
        rec = {"query": q, "status": "error", "seconds": time.perf_counter() - t0,
               "message": f"{type(e).__name__}: {e}"}
    return rec


def run_all(work, split, runs=1):
    """Run the 22 queries, one CREATE TABLE … AS each (`runs` times, the median reported), and
    write work/duckdb.json."""
    con = duck.connect("postgres", "mysql", "sqlite")
    attach_all(con, work)
    loadavg = os.getloadavg()  # other work on a shared machine shows here
    records = []
    for q in QUERIES:
        rec = median_of([run_one(con, q, split) for _ in range(runs)])
        if rec["status"] == "success":
            log(f"duckdb {q}: {rec['seconds']:7.2f} s ({rec['rows']} rows)")
        else:
            log(f"duckdb {q}: FAILED: {rec['message'][:300]}")
        records.append(rec)
    con.close()
    write_json(Path(work) / "duckdb.json", records)
    write_json(Path(work) / "loadavg_duckdb.json", loadavg)
    return records
