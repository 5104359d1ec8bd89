"""Run the 22 models with `dvt run`, one process per query (each timed alone, `runs` times:
the median run is reported), under /usr/bin/time -v for the process's peak RSS (the largest
of the runs); the model's own time, status and the rows of each extract step come from
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


def run_one(dvt, project, query, compute, target, logs):
    """`dvt run --select query` on `compute` into output `target`; returns its record:
    status, model seconds, process seconds, peak RSS, rows written and extracted, message."""
    results = project / "target" / "run_results.json"
    results.unlink(missing_ok=True)
    time_file = logs / f"{query}.{compute}.time"
    cmd = ["/usr/bin/time", "-v", "-o", str(time_file), dvt, "run", "--threads", "1",
           "--project-dir", str(project), "--profiles-dir", str(project), "--select", query,
           "--compute", compute, "--target", target]
    run_env = {k: v for k, v in os.environ.items() if k != "DBT_PROFILES_DIR"}
    t0 = time.perf_counter()
    with open(logs / f"{query}.{compute}.log", "w") as out:
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, env=run_env)
    wall = time.perf_counter() - t0
    rec = {"query": query, "compute": compute, "exit": proc.returncode, "process_seconds": wall,
           "peak_rss_kib": parse_time_v(time_file.read_text()) if time_file.exists() else None}
    if not results.exists():
        tail = (logs / f"{query}.{compute}.log").read_text().strip().splitlines()[-5:]
        rec.update(status="error", message=f"no run_results.json; exit {proc.returncode}: "
                   + " | ".join(tail))
        return rec
    entry = json.loads(results.read_text())["results"][0]
    ex = extracts(entry)
    rec.update(status=entry["status"], seconds=entry["execution_time"],
               message=entry.get("message", ""), path=entry.get("path"),
               rows=entry.get("rows"), extracts=ex,
               rows_extracted=(sum(r for _, r in ex if r is not None)
                               if any(r is not None for _, r in ex) else None),
               warnings=[w.get("code") for w in entry.get("warnings", [])])
    if rec["status"] == "success" and proc.returncode != 0:
        rec.update(status="error", message=f"exit {proc.returncode} after success")
    return rec


def run_query(dvt, project, query, compute, target, logs, runs):
    """`run_one` `runs` times: the median run's record, its peak RSS the largest of them."""
    records = [run_one(dvt, project, query, compute, target, logs) for _ in range(runs)]
    rec = median_of(records)
    rss = [r["peak_rss_kib"] for r in records if r.get("peak_rss_kib") is not None]
    rec["peak_rss_kib"] = max(rss) if rss else None
    return rec


def run_all(dvt, work, compute, target, runs=1):
    """Run every query on `compute` into `target` (`runs` times each, the median reported) and
    write work/dvt_<compute>.json."""
    project = Path(work) / "project"
    logs = Path(work) / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    loadavg = os.getloadavg()  # other work on a shared machine shows here
    records = []
    for q in QUERIES:
        rec = run_query(dvt, project, q, compute, target, logs, runs)
        records.append(rec)
        if rec["status"] == "success":
            log(f"dvt {compute:<8} {q}: {rec['seconds']:7.2f} s (process "
                f"{rec['process_seconds']:.2f} s, peak RSS {(rec['peak_rss_kib'] or 0) >> 10} "
                f"MiB, {rec['rows']} rows written, "
                f"{'uncounted' if rec['rows_extracted'] is None else rec['rows_extracted']} "
                f"rows extracted in {len(rec['extracts'])} extracts)")
        else:
            log(f"dvt {compute:<8} {q}: FAILED: {rec['message'][:300]}")
    write_json(Path(work) / f"dvt_{compute}.json", records)
    write_json(Path(work) / f"loadavg_dvt_{compute}.json", loadavg)
    return records
