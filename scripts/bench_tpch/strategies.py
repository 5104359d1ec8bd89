"""The cost model side by side (scripts/bench_tpch.sh --strategies, split s): the TPC-H
queries that join customer — SQLite, small once filtered — with lineitem on PostgreSQL (and
two more of a dashboard's kind, EXTRA), run
once with every model forced to `federation: {strategy: extract}` (both sides extracted
whole and joined in the engine: dvt before its cost model, with join-key pushdown off) and
once with the cost model choosing (`auto`: it stages the small side in a temporary table of
the PostgreSQL session and runs the join there, or pushes join keys, or extracts). Each
`runs` times in one `dvt run` process (each query's median reported); the two results of
each query must be equal. Prints the table and writes work/strategies.json."""

import re
from pathlib import Path

import compare
import duck
from common import (SPARK_SCHEMA, WH_DB, WH_SCHEMA, log, median_of, replace_tables,
                    write_json)
from run_dvt import run_once

# Two queries of a dashboard's kind beside TPC-H's: one nation's customers of one segment (a
# few hundred or thousand SQLite rows) joined with their orders and lineitem.
EXTRA = {
    "s01": """SELECT o_orderdate, sum(l_extendedprice * (1 - l_discount)) AS revenue
FROM customer, nation, orders, lineitem
WHERE c_nationkey = n_nationkey AND n_name = 'GERMANY' AND c_mktsegment = 'AUTOMOBILE'
  AND o_custkey = c_custkey AND l_orderkey = o_orderkey
GROUP BY o_orderdate""",
    "s02": """SELECT c_custkey, c_name, sum(l_extendedprice * (1 - l_discount)) AS revenue
FROM customer, orders, lineitem, nation
WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND c_nationkey = n_nationkey
  AND n_name = 'JAPAN' AND o_orderdate >= date '1994-01-01' AND o_orderdate < date '1995-01-01'
GROUP BY c_custkey, c_name
ORDER BY revenue DESC, c_custkey
LIMIT 20""",
}
QUERIES = ["q03", "q05", "q07", "q08", "q10", "q18", *EXTRA]
# (strategy, profile output, its schema on the target)
RUNS = [("extract", "wh", WH_SCHEMA), ("auto", "wh_spark", SPARK_SCHEMA)]


def write_extra(project):
    """The EXTRA models, their tables as sources."""
    for name, sql in EXTRA.items():
        text = replace_tables(sql, lambda t: f"{{{{ source('tpch', '{t}') }}}}") + "\n"
        (Path(project) / "models" / f"{name}.sql").write_text(text)


def set_strategy(project, strategy):
    """Every model of the project configured with `federation: {strategy: …}`."""
    path = Path(project) / "dbt_project.yml"
    text = re.sub(r"\n    \+federation: .*", "", path.read_text())
    path.write_text(text.rstrip("\n") + f"\n    +federation: {{strategy: {strategy}}}\n")


def chosen(path):
    """The strategy a model ran with, from its run_results path."""
    m = re.search(r"cross-server joins: (\w+)( to \w+)?", path or "")
    return (m.group(1) + (m.group(2) or "")) if m else "-"


def run_strategy(dvt, project, logs, strategy, target, runs):
    """Each query's median record over `runs` runs with every model on `strategy`."""
    set_strategy(project, strategy)
    per_query = {q: [] for q in QUERIES}
    for rep in range(runs):
        run, recs = run_once(dvt, project, "embedded", target, logs, rep, QUERIES)
        log(f"strategy {strategy:<8} run {rep + 1} of {runs}: {run['process_seconds']:.2f} s, "
            f"exit {run['exit']}")
        for q, rec in recs.items():
            per_query[q].append(rec)
    return {q: median_of(recs) for q, recs in per_query.items()}


def agree(con, q):
    """'yes' when both strategies wrote the same rows for `q`, else the first difference."""
    a = compare.fetch(con, f"wh.{WH_SCHEMA}.{q}")
    b = compare.fetch(con, f"wh.{SPARK_SCHEMA}.{q}")
    if a is None or b is None:
        return "a result is missing"
    return compare.first_difference(a, b, "extract", "auto") or "yes"


def table(rows):
    """The result table as markdown."""
    out = ["| query | extract s | auto s | extract / auto | auto chose | rows extracted "
           "(extract → auto) | equal |", "|---|---:|---:|---:|---|---|---|"]
    for r in rows:
        out.append(f"| {r['query']} | {r['extract_s']:.2f} | {r['auto_s']:.2f} | "
                   f"{r['speedup']:.1f}× | {r['chose']} | {r['rows_extract']} → "
                   f"{r['rows_auto']} | {r['equal']} |")
    return "\n".join(out)


def run_all(dvt, work, runs):
    """Run both strategies, compare, print; returns the queries that failed or differ."""
    project = Path(work) / "project"
    logs = Path(work) / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    write_extra(project)
    recs = {s: run_strategy(dvt, project, logs, s, target, runs) for s, target, _ in RUNS}
    con = duck.connect("postgres")
    duck.attach_pg(con, WH_DB, "wh")
    rows, bad = [], []
    for q in QUERIES:
        e, a = recs["extract"][q], recs["auto"][q]
        if e["status"] != "success" or a["status"] != "success":
            bad.append(q)
            log(f"{q}: failed: {(e if e['status'] != 'success' else a)['message'][:300]}")
            continue
        equal = agree(con, q)
        if equal != "yes":
            bad.append(q)
        rows.append({"query": q, "extract_s": e["seconds"], "auto_s": a["seconds"],
                     "speedup": e["seconds"] / max(a["seconds"], 1e-9),
                     "chose": chosen(a.get("path")), "rows_extract": e["rows_extracted"],
                     "rows_auto": a["rows_extracted"], "equal": equal,
                     "path_auto": a.get("path")})
    write_json(Path(work) / "strategies.json", rows)
    print(table(rows))
    return bad
