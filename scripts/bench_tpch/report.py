"""The benchmark's result table: per query the three engines' seconds, their ratios, the rows
dvt extracted and whether the results agree; totals, peak RSS, the machine and the versions.
Printed, and written as target/bench_tpch.json and target/bench_tpch.md."""

import os
import platform
import re
import subprocess
from pathlib import Path

import compare
import duck
import duckdb
from common import (PG_SRC_DB, QUERIES, ROOT, SPARK_SCHEMA, WH_DB, WH_SCHEMA, mariadb, psql,
                    read_json)


OK = ("yes", "dvt only")  # the agreement values of a query that ran everywhere it should


def machine():
    """nproc, CPU model and RAM of this machine."""
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return {"nproc": len(os.sched_getaffinity(0)), "cpu": cpu,
            "ram_gib": round(mem_kib / 2**20, 1), "kernel": platform.release()}


def spark_version():
    """The Spark Connect server's version from its log (services.sh's state), or None."""
    for log in sorted((ROOT / ".dvt-services" / "spark").glob("*.out")):
        m = re.search(r"Running Spark version (\S+)", log.read_text(errors="replace"))
        if m:
            return m.group(1)
    return None


def versions(dvt, with_spark):
    """The dvt commit and binary version, DuckDB's, PostgreSQL's, MariaDB's and Spark's."""
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run(git + ["rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(git + ["status", "--porcelain", "--", "crates", "Cargo.lock"],
                           capture_output=True, text=True).stdout.strip()
    code = subprocess.run(git + ["log", "-1", "--format=%h", "--", "crates", "Cargo.toml",
                                 "Cargo.lock"], capture_output=True, text=True).stdout.strip()
    dvt_v = subprocess.run([dvt, "--version"], capture_output=True,
                           text=True).stdout.strip().split("\n")[0]
    return {"dvt_commit": commit + ("-dirty" if dirty else ""), "dvt_code_commit": code,
            "dvt": dvt_v,
            "duckdb": duckdb.__version__,
            "postgresql": psql("postgres", "SHOW server_version", "PostgreSQL version").strip(),
            "mariadb": mariadb("SELECT VERSION()", "MariaDB version").strip(),
            "spark": spark_version() if with_spark else None}


def load_averages(work):
    """{phase: 1-minute load average when it started} of the phases that ran."""
    out = {}
    for name in ("dvt_embedded", "duckdb", "dvt_spark"):
        path = Path(work) / f"loadavg_{name}.json"
        if path.exists():
            out[name] = round(read_json(path)[0], 2)
    return out


def by_query(records):
    """{query: record} of a run's records (empty when the run was skipped)."""
    return {r["query"]: r for r in records or []}


def agreement(con, q, have_duck, have_spark):
    """'yes' when every run result of query `q` equals dvt's, else the first difference
    ('dvt only' when DuckDB and Spark were both skipped)."""
    dvt_rows = compare.fetch(con, f"wh.{WH_SCHEMA}.{q}")
    if dvt_rows is None:
        return "no dvt result"
    others = []
    if have_duck:
        others.append(("duckdb", f"wh.{WH_SCHEMA}.{q}_duck"))
    if have_spark:
        others.append(("spark", f"wh.{SPARK_SCHEMA}.{q}"))
    if not others:
        return "dvt only"
    for name, table in others:
        rows = compare.fetch(con, table)
        if rows is None:
            return f"no {name} result"
        diff = compare.first_difference(dvt_rows, rows, "dvt", name)
        if diff:
            return f"{name}: {diff}"
    return "yes"


def short_failure(message):
    """A failure message for the table: its last DVT code and the end of the message."""
    codes = re.findall(r"DVT\d{3}", message)
    tail = message if len(message) <= 140 else "…" + message[-140:]
    return f"{codes[-1]} {tail}" if codes and not tail.startswith(codes[-1]) else tail


def ratio(a, b):
    """a / b, or None when either is missing or b is zero."""
    return a / b if a is not None and b else None


def seconds(rec):
    """The seconds of a successful record, else None."""
    return rec["seconds"] if rec and rec.get("status") == "success" else None


def build_rows(work, have_duck, have_spark):
    """The per-query rows of the table from the stored run records and a comparison of the
    result tables."""
    emb = by_query(read_json(work / "dvt_embedded.json"))
    dk = by_query(read_json(work / "duckdb.json")) if have_duck else {}
    sp = by_query(read_json(work / "dvt_spark.json")) if have_spark else {}
    con = duck.connect("postgres")
    duck.attach_pg(con, WH_DB, "wh")
    rows = []
    for q in QUERIES:
        d, k, s = seconds(emb.get(q)), seconds(dk.get(q)), seconds(sp.get(q))
        fails = [f"{n} failed: {short_failure(r.get('message', ''))}" for n, r in
                 (("dvt", emb.get(q)), ("duckdb", dk.get(q)), ("spark", sp.get(q)))
                 if r and r.get("status") != "success"]
        agree = agreement(con, q, k is not None, s is not None) if d is not None else None
        if fails:  # the engines that ran are still compared
            ran = {"yes": "the others agree", "dvt only": None}.get(agree, agree)
            agree = "; ".join(fails + ([ran] if ran else []))
        rows.append({"query": q, "dvt_s": d, "duckdb_s": k, "spark_s": s,
                     "dvt_per_duckdb": ratio(d, k), "spark_per_dvt": ratio(s, d),
                     "rows_extracted": (emb.get(q) or {}).get("rows_extracted"),
                     "rows": (emb.get(q) or {}).get("rows"),
                     "runs_s": {n: r.get("runs_seconds") for n, r in
                                (("dvt", emb.get(q)), ("duckdb", dk.get(q)), ("spark", sp.get(q)))
                                if r},
                     "agree": agree})
    con.close()
    return rows


def totals(rows, work):
    """Sums of each engine's seconds (None when any query of it failed) and their ratios; the
    whole `dvt run` processes' median seconds and dvt's peak RSS over its runs."""
    def total(col):
        """The sum of column `col`, None when a query has no value there."""
        vals = [r[col] for r in rows]
        return None if any(v is None for v in vals) else sum(vals)
    t = {c: total(c) for c in ("dvt_s", "duckdb_s", "spark_s")}
    t["dvt_per_duckdb"] = ratio(t["dvt_s"], t["duckdb_s"])
    t["spark_per_dvt"] = ratio(t["spark_s"], t["dvt_s"])
    t["rows_extracted"] = sum(r["rows_extracted"] or 0 for r in rows)
    for compute in ("embedded", "spark"):
        path = Path(work) / f"dvt_{compute}_runs.json"
        runs = read_json(path) if path.exists() else []
        secs = sorted(r["process_seconds"] for r in runs)
        t[f"{compute}_process_s"] = secs[(len(secs) - 1) // 2] if secs else None
        rss = [r["peak_rss_kib"] for r in runs if r.get("peak_rss_kib")]
        t[f"{compute}_peak_rss_mib"] = round(max(rss) / 1024, 1) if rss else None
    return t


def fmt(v, digits=2, suffix=""):
    """A number for the table ('–' when missing)."""
    return "–" if v is None else f"{v:.{digits}f}{suffix}"


def markdown(rows, tot, meta):
    """The table and its notes as Markdown."""
    out = [f"TPC-H SF{meta['sf']:g}, split {meta['split']} "
           f"({', '.join(f'{t}: {d}' for t, d in meta['placement'].items())})", "",
           "| query | dvt s | duckdb s | spark s | dvt/duckdb | spark/dvt | rows extracted by dvt | results agree |",
           "|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        out.append(f"| {r['query']} | {fmt(r['dvt_s'])} | {fmt(r['duckdb_s'])} | "
                   f"{fmt(r['spark_s'])} | {fmt(r['dvt_per_duckdb'], 2, '×')} | "
                   f"{fmt(r['spark_per_dvt'], 2, '×')} | "
                   f"{'–' if r['rows_extracted'] is None else format(r['rows_extracted'], ',')} | "
                   f"{r['agree'].replace('|', '/')} |")
    out.append(f"| **total** | {fmt(tot['dvt_s'], 1)} | {fmt(tot['duckdb_s'], 1)} | "
               f"{fmt(tot['spark_s'], 1)} | {fmt(tot['dvt_per_duckdb'], 2, '×')} | "
               f"{fmt(tot['spark_per_dvt'], 2, '×')} | {tot['rows_extracted']:,} | "
               f"{sum(r['agree'] in OK for r in rows)}/22 {'ran' if rows[0]['agree'] == 'dvt only' else 'agree'} |")
    m, v = meta["machine"], meta["versions"]
    runs = max((len(x or [0]) for r in rows for x in r["runs_s"].values()), default=1)
    out += ["",
            f"dvt s / spark s: the model's `execution_time` in run_results.json of one `dvt run "
            f"--threads 1 --select q01 … q22` process (the whole project in one run, as DuckDB "
            f"runs the 22 queries in one process; the whole process: dvt "
            f"{fmt(tot['embedded_process_s'], 1)} s, spark {fmt(tot['spark_process_s'], 1)} s); "
            f"duckdb s: its `CREATE TABLE … AS` statement. Each the median of {runs} runs "
            f"(every run's seconds: bench_tpch.json).",
            f"dvt peak RSS (embedded, the 22 models in one process): "
            f"{fmt(tot['embedded_peak_rss_mib'], 0)} MiB; "
            f"DuckDB process peak RSS (all 22 queries in one process): "
            f"{fmt(meta.get('duckdb_peak_rss_mib'), 0)} MiB.",
            f"Load: dbgen {meta['load']['dbgen_seconds']:.1f} s, tables "
            + ", ".join(f"{t} {x['total']:.1f} s" for t, x in meta['load']['tables'].items())
            + f" (total {sum(x['total'] for x in meta['load']['tables'].values()):.1f} s).",
            f"Machine: {m['nproc']} cores ({m['cpu']}), {m['ram_gib']} GiB RAM, Linux {m['kernel']}; "
            "1-minute load average as each phase started: "
            + ", ".join(f"{k} {v}" for k, v in meta.get("load_averages", {}).items()) + ".",
            f"Versions: dvt {v['dvt_commit']} (last change to its code {v['dvt_code_commit']}; "
            f"{v['dvt']}), DuckDB {v['duckdb']}, "
            f"PostgreSQL {v['postgresql']}, MariaDB {v['mariadb']}, Spark {v['spark'] or '–'}."]
    return "\n".join(out) + "\n"
