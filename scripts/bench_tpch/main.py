"""Steps of scripts/bench_tpch.sh, one subcommand each (run inside the benchmark's venv with
.dvt-services/env sourced):

  load    --sf SF --split a|b --work DIR     dbgen, CSV, load the three sources (load.json)
  project --split a|b --work DIR             write the dbt project (DIR/project)
  dvt     --dvt PATH --compute C --target T --work DIR [--runs N]
          run the 22 models, each N times, the median reported (dvt_<C>.json)
  duckdb  --split a|b --work DIR [--runs N]  the 22 queries in DuckDB (duckdb.json)
  strategies --dvt PATH --work DIR [--runs N]
          the cost model's choice against extracting both sides (split s; strategies.json)
  report  --dvt PATH --work DIR --out DIR [--skip-duckdb] [--skip-spark] [--duckdb-time F]
          compare, print the table, write OUT/bench_tpch.{json,md}; exit 1 when a query failed
          or the results disagree
"""

import argparse
import sys
from pathlib import Path

from common import BenchError, SPLITS, die, log, write_json


def cmd_load(a):
    """dbgen and load."""
    import load
    load.load_all(a.sf, a.split, a.work)


def cmd_project(a):
    """Write the dbt project."""
    import project
    log(f"project written to {project.write_project(a.work, a.split)}")


def cmd_dvt(a):
    """Run the models with dvt."""
    import run_dvt
    run_dvt.run_all(a.dvt, a.work, a.compute, a.target, a.runs)


def cmd_duckdb(a):
    """Run the queries in DuckDB."""
    import run_duckdb
    run_duckdb.run_all(a.work, a.split, a.runs)


def cmd_strategies(a):
    """The cost model's strategies side by side; exit 1 when a query failed or differs."""
    import strategies
    bad = strategies.run_all(a.dvt, a.work, a.runs)
    if bad:
        die(f"{len(bad)} queries failed or differ between the strategies: {', '.join(bad)}")


def cmd_report(a):
    """Compare, print and write the result table; exit 1 on a failure or a disagreement."""
    import report
    import run_dvt
    from common import read_json
    work = Path(a.work)
    load_rec = read_json(work / "load.json")
    rows = report.build_rows(work, not a.skip_duckdb, not a.skip_spark)
    tot = report.totals(rows, work)
    meta = {"sf": load_rec["sf"], "split": load_rec["split"],
            "placement": SPLITS[load_rec["split"]], "load": load_rec,
            "machine": report.machine(), "load_averages": report.load_averages(work),
            "versions": report.versions(a.dvt, not a.skip_spark)}
    if a.duckdb_time and Path(a.duckdb_time).exists():
        kib = run_dvt.parse_time_v(Path(a.duckdb_time).read_text())
        meta["duckdb_peak_rss_mib"] = round(kib / 1024, 1) if kib else None
    md = report.markdown(rows, tot, meta)
    out = Path(a.out)
    write_json(out / "bench_tpch.json", {"meta": meta, "queries": rows, "totals": tot})
    (out / "bench_tpch.md").write_text(md)
    print(md)
    log(f"written {out / 'bench_tpch.json'} and {out / 'bench_tpch.md'}")
    bad = [r["query"] for r in rows if r["agree"] not in report.OK]
    if bad:
        die(f"{len(bad)} of 22 queries failed or disagree: {', '.join(bad)} (table above)")


def parser():
    """The command-line parser."""
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("load")
    s.add_argument("--sf", type=float, required=True)
    s.set_defaults(fn=cmd_load)
    s = sub.add_parser("project")
    s.set_defaults(fn=cmd_project)
    s = sub.add_parser("dvt")
    s.add_argument("--dvt", required=True)
    s.add_argument("--compute", required=True)
    s.add_argument("--target", required=True)
    s.set_defaults(fn=cmd_dvt)
    s = sub.add_parser("duckdb")
    s.set_defaults(fn=cmd_duckdb)
    s = sub.add_parser("strategies")
    s.add_argument("--dvt", required=True)
    s.set_defaults(fn=cmd_strategies)
    s = sub.add_parser("report")
    s.add_argument("--dvt", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--skip-duckdb", action="store_true")
    s.add_argument("--skip-spark", action="store_true")
    s.add_argument("--duckdb-time")
    s.set_defaults(fn=cmd_report)
    for s in sub.choices.values():
        s.add_argument("--work", required=True)
        if s.prog.split()[-1] in ("dvt", "duckdb", "strategies"):
            s.add_argument("--runs", type=int, default=1)
        if s.prog.split()[-1] in ("load", "project", "duckdb"):
            s.add_argument("--split", choices=sorted(SPLITS), required=True)
    return p


def main():
    """Parse the arguments and run the step; a BenchError ends it with its message."""
    a = parser().parse_args()
    try:
        a.fn(a)
    except BenchError as e:
        die(str(e))


if __name__ == "__main__":
    sys.exit(main())
