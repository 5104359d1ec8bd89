"""Run the 22 models with `dvt run`: the whole project in one process (`runs` times: each
query's median run is reported), under /usr/bin/time -v for the process's peak RSS; each
model's own time, status and the rows of each extract step come from
target/run_results.json."""

import json
import os
import subprocess
import time
from pathlib import Path

from common import QUERIES, log, median_of, write_json


def parse_time_v(text):
    """Peak RSS (KiB) from GNU time's -v report, or None."""
    for line in text.splitlines():
        if "Maximum resident set size" in line:
            return int(line.rsplit(":", 1)[1])
    return None


def extracts(result):
    """The `extract …` steps of one run_results entry as (name, rows) pairs (rows None when
    the executor did not count them, as on Spark)."""
    return [(s["name"], s.get("rows")) for s in result.get("steps", [])
            if s["name"].startswith("extract")]


def run_once(dvt, project, compute, target, logs, rep, queries=QUERIES):
    """One `dvt run --threads 1 --select q01 … q22` (or `queries`) on `compute` into output
    `target` — the whole project in one process, as a user runs it (and as DuckDB runs the 22
    queries in one process): a record per query with its status, model seconds, rows written
    and extracted; the process's seconds and peak RSS are the run's."""
    results = project / "target" / "run_results.json"
    results.unlink(missing_ok=True)
    tag = f"run{rep}.{compute}.{target}"
    time_file = logs / f"{tag}.time"
    cmd = ["/usr/bin/time", "-v", "-o", str(time_file), dvt, "run", "--threads", "1",
           "--project-dir", str(project), "--profiles-dir", str(project),
           "--select", *queries, "--compute", compute, "--target", target]
    run_env = {k: v for k, v in os.environ.items() if k != "DBT_PROFILES_DIR"}
    t0 = time.perf_counter()
    with open(logs / f"{tag}.log", "w") as out:
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, env=run_env)
    wall = time.perf_counter() - t0
    run = {"exit": proc.returncode, "process_seconds": wall,
           "peak_rss_kib": parse_time_v(time_file.read_text()) if time_file.exists() else None}
    if not results.exists():
        tail = (logs / f"{tag}.log").read_text().strip().splitlines()[-5:]
        message = f"no run_results.json; exit {proc.returncode}: " + " | ".join(tail)
        return run, {q: {"query": q, "status": "error", "message": message} for q in queries}
    entries = {e["unique_id"].rsplit(".", 1)[-1]: e
               for e in json.loads(results.read_text())["results"]}
    return run, {q: record(q, compute, entries.get(q)) for q in queries}


def record(query, compute, entry):
    """A query's record from its run_results entry (an error when the run has none)."""
    rec = {"query": query, "compute": compute}
    if entry is None:
        return {**rec, "status": "error", "message": "not in run_results.json"}
    ex = extracts(entry)
    rec.update(status=entry["status"], seconds=entry["execution_time"],
               message=entry.get("message", ""), path=entry.get("path"),
               rows=entry.get("rows"), extracts=ex,
               rows_extracted=(sum(r for _, r in ex if r is not None)
                               if any(r is not None for _, r in ex) else None),
               warnings=[w.get("code") for w in entry.get("warnings", [])])
    return rec


def run_all(dvt, work, compute, target, runs=1):
    """Run the 22 models on `compute` into `target` in one process, `runs` times (each query's
    median run reported) and write work/dvt_<compute>.json and work/dvt_<compute>_runs.json
    (each run's process seconds and peak RSS)."""
    project = Path(work) / "project"
    logs = Path(work) / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    loadavg = os.getloadavg()  # other work on a shared machine shows here
    processes, per_query = [], {q: [] for q in QUERIES}
    for rep in range(runs):
        run, recs = run_once(dvt, project, compute, target, logs, rep)
        processes.append(run)
        log(f"dvt {compute:<8} run {rep + 1} of {runs}: {run['process_seconds']:.2f} s, "
            f"peak RSS {(run['peak_rss_kib'] or 0) >> 10} MiB, exit {run['exit']}")
        for q, rec in recs.items():
            per_query[q].append(rec)
    records = [median_of(per_query[q]) for q in QUERIES]
    for rec in records:
        if rec["status"] == "success":
            log(f"dvt {compute:<8} {rec['query']}: {rec['seconds']:7.2f} s ({rec['rows']} rows "
                f"written, {'uncounted' if rec['rows_extracted'] is None else rec['rows_extracted']} "
                f"rows extracted in {len(rec['extracts'])} extracts)")
        else:
            log(f"dvt {compute:<8} {rec['query']}: FAILED: {rec['message'][:300]}")
    write_json(Path(work) / f"dvt_{compute}.json", records)
    write_json(Path(work) / f"dvt_{compute}_runs.json", processes)
    write_json(Path(work) / f"loadavg_dvt_{compute}.json", loadavg)
    return records
