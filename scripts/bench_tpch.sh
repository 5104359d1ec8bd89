#!/usr/bin/env bash
# TPC-H side by side: dvt on its embedded engine, DuckDB with its scanner extensions and dvt on
# Spark Connect, over the same federated sources and into the same PostgreSQL target.
#
#   scripts/bench_tpch.sh [--sf 1] [--split a|b] [--runs 3] [--skip-spark] [--skip-duckdb] [--dvt PATH]
#   scripts/bench_tpch.sh --strategies [--sf 1] [--runs 3] [--dvt PATH]
#
# (--strategies: the cost model against extracting both sides instead, on split s — customer
# and nation in SQLite, orders and lineitem on PostgreSQL: the queries joining customer with
# lineitem run with `federation: {strategy: extract}` and with `auto`, side by side, their
# results compared; scripts/bench_tpch/strategies.py says more.)
#
# 1. uses the throwaway services of scripts/services.sh (starts them when they are not up, and
#    then stops them at the end);
# 2. installs duckdb 1.5.5 and its tpch/postgres/mysql/sqlite extensions from PyPI once, into
#    .dvt-services/cache/bench-venv;
# 3. generates TPC-H at scale --sf with DuckDB's dbgen and loads it fresh over PostgreSQL
#    (bench_src.bench_tpch), MariaDB (bench_tpch) and a SQLite file as --split places it, with
#    primary keys and ANALYZE (load time per table printed);
# 4. writes a dbt project (target/bench_tpch/project: 22 models q01…q22, PostgreSQL target
#    bench_wh);
# 5. runs the 22 models as a user runs the project, in one process: `dvt run --threads 1
#    --select q01 … q22 --compute embedded` under /usr/bin/time -v (each model's time from
#    run_results.json), as DuckDB runs its 22 `CREATE TABLE wh.tpch.qNN_duck AS …` in one
#    process, and `dvt run … --compute spark --target wh_spark` (schema tpch_spark) — each
#    --runs times (default 3; sub-second queries vary by tens of percent from one run to the
#    next), each query's median run reported, for every engine alike;
# 6. compares the results (multisets, numbers within 1e-9 relative) and prints the table, also
#    written to target/bench_tpch.json and target/bench_tpch.md.
# Exit 0 when every query ran everywhere and the results agree; 1 otherwise (or when a step
# fails: the message names it); 2 on bad arguments.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SVC="$ROOT/.dvt-services"
ENV_FILE="$SVC/env"
VENV="$SVC/cache/bench-venv"
PIP_SPECS=(duckdb==1.5.5 duckdb-extension-tpch==1.5.5 duckdb-extension-postgres-scanner==1.5.5
           duckdb-extension-mysql-scanner==1.5.5 duckdb-extension-sqlite-scanner==1.5.5)
HELPERS="$ROOT/scripts/bench_tpch"
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in scripts/
WORK="$ROOT/target/bench_tpch"
OUT="$ROOT/target"

SF=1
SPLIT=a
SKIP_SPARK=0
SKIP_DUCKDB=0
RUNS=3
DVT=""
STARTED_SERVICES=0
STRATEGIES=0

err() { printf 'bench_tpch: %s\n' "$*" >&2; }
die() { err "error: $*"; exit 1; }
usage() {
  echo "usage: scripts/bench_tpch.sh [--sf 1] [--split a|b] [--runs 3] [--skip-spark] [--skip-duckdb] [--dvt PATH]" >&2
  echo "       scripts/bench_tpch.sh --strategies [--sf 1] [--runs 3] [--dvt PATH]" >&2
  exit 2
}

parse_args() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --sf) [ $# -ge 2 ] || usage; SF=$2; shift 2 ;;
      --split) [ $# -ge 2 ] || usage; SPLIT=$2; shift 2 ;;
      --runs) [ $# -ge 2 ] || usage; RUNS=$2; shift 2 ;;
      --skip-spark) SKIP_SPARK=1; shift ;;
      --skip-duckdb) SKIP_DUCKDB=1; shift ;;
      --strategies) STRATEGIES=1; SPLIT=s; SKIP_SPARK=1; SKIP_DUCKDB=1; shift ;;
      --dvt) [ $# -ge 2 ] || usage; DVT=$2; shift 2 ;;
      -h|--help) usage ;;
      *) err "unknown argument: $1"; usage ;;
    esac
  done
  [[ "$SF" =~ ^[0-9]+([.][0-9]+)?$ ]] || { err "--sf must be a number, not '$SF'"; usage; }
  case "$SPLIT" in a|b|s) ;; *) err "--split must be a or b, not '$SPLIT'"; usage ;; esac
  [[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { err "--runs must be a positive integer, not '$RUNS'"; usage; }
}

# The dvt binary: --dvt, else the release build of $CARGO_TARGET_DIR or target/.
find_dvt() {
  if [ -z "$DVT" ]; then
    DVT="${CARGO_TARGET_DIR:-$ROOT/target}/release/dvt"
  fi
  [ -x "$DVT" ] || die "no dvt binary at $DVT: build it with 'cargo build --release -p dvt-cli' or pass --dvt PATH"
  DVT="$(cd "$(dirname "$DVT")" && pwd)/$(basename "$DVT")"
}

need_tools() {
  local t
  for t in python3 psql mariadb; do
    command -v "$t" >/dev/null 2>&1 || die "$t is not installed (scripts/services.sh start installs the database clients)"
  done
  [ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time): it measures dvt's peak RSS"
}

# Whether PostgreSQL and MariaDB of .dvt-services/env answer (the file is sourced).
# shellcheck disable=SC2153  # the DVT_TEST_* variables come from the sourced env file
dbs_up() {
  [ -f "$ENV_FILE" ] || return 1
  # shellcheck disable=SC1090
  source "$ENV_FILE"
  [ -n "${DVT_TEST_PG_PORT:-}" ] && [ -n "${DVT_TEST_MARIA_PORT:-}" ] || return 1
  psql -X -q -h "$DVT_TEST_PG_HOST" -p "$DVT_TEST_PG_PORT" -U "$DVT_TEST_PG_USER" -d postgres \
    -c 'SELECT 1' >/dev/null 2>&1 || return 1
  mariadb --no-defaults --protocol=tcp -h "$DVT_TEST_MARIA_HOST" -P "$DVT_TEST_MARIA_PORT" \
    -u "$DVT_TEST_MARIA_USER" -e 'SELECT 1' >/dev/null 2>&1 || return 1
}

# Whether the Spark Connect server of .dvt-services/env listens (true with --skip-spark).
spark_up() {
  [ "$SKIP_SPARK" -eq 1 ] && return 0
  [ -n "${DVT_TEST_SPARK_REMOTE:-}" ] || return 1
  local hostport=${DVT_TEST_SPARK_REMOTE#sc://}
  (exec 3<>"/dev/tcp/${hostport%%:*}/${hostport##*:}") 2>/dev/null
}

stop_services() {
  if [ "$STARTED_SERVICES" -eq 1 ]; then
    err "stopping the services this run started"
    "$ROOT/scripts/services.sh" stop >/dev/null || err "scripts/services.sh stop failed"
  fi
}

# Use the running services, or start them (and stop them at the end). When PostgreSQL and
# MariaDB run but Spark does not, services.sh starts Spark beside them and everything is left
# running (services.sh stops all or nothing).
ensure_services() {
  local dbs_were_up=0
  if dbs_up; then
    dbs_were_up=1
    if spark_up; then
      err "using the running services (.dvt-services/env)"
      return
    fi
  fi
  err "starting the services (scripts/services.sh start)"
  [ "$dbs_were_up" -eq 1 ] || STARTED_SERVICES=1
  local spark=1
  [ "$SKIP_SPARK" -eq 0 ] || spark=0
  # One retry: the two MariaDB servers it installs side by side can trip over each other's
  # temporary files in /tmp (mariadb-install-db: "Unknown table 'mysql.tmp_user_sys'"); a
  # second start installs only what is not running yet.
  if ! DVT_SERVICES_SPARK=$spark "$ROOT/scripts/services.sh" start >&2; then
    err "scripts/services.sh start failed; trying once more"
    DVT_SERVICES_SPARK=$spark "$ROOT/scripts/services.sh" start >&2 \
      || die "scripts/services.sh start failed twice (output above)"
  fi
  if ! { dbs_up && spark_up; }; then
    die "the services do not answer after scripts/services.sh start (see scripts/services.sh status)"
  fi
  if [ "$dbs_were_up" -eq 1 ]; then
    err "PostgreSQL and MariaDB were running already: the services stay up after the run (scripts/services.sh stop)"
  fi
}

# The venv with DuckDB and its extensions, installed once (the marker holds the pip specs).
ensure_venv() {
  if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.dvt-installed" 2>/dev/null)" = "${PIP_SPECS[*]}" ]; then
    return
  fi
  err "installing ${PIP_SPECS[*]} (pip, into $VENV)"
  mkdir -p "$SVC/cache"
  rm -rf "$VENV"
  if ! { python3 -m venv "$VENV" &&
         "$VENV/bin/pip" install -q --disable-pip-version-check "${PIP_SPECS[@]}"; } \
       >"$SVC/cache/bench-pip.log" 2>&1; then
    tail -n 25 "$SVC/cache/bench-pip.log" >&2 || true
    rm -rf "$VENV"
    die "pip install ${PIP_SPECS[*]} failed (log above)"
  fi
  echo "${PIP_SPECS[*]}" >"$VENV/.dvt-installed"
}

# step "what" cmd...: run one step; a failure ends the run naming it.
step() {
  local what=$1; shift
  local t0=$SECONDS
  err "== $what"
  "$@" || die "step failed: $what (exit $?)"
  err "== $what: done in $((SECONDS - t0)) s"
}

helper() { # subcommand args...: the Python helper in the venv
  "$VENV/bin/python" "$HELPERS/main.py" "$@"
}

main() {
  parse_args "$@"
  need_tools
  find_dvt
  trap stop_services EXIT
  ensure_services
  ensure_venv
  rm -rf "$WORK"
  mkdir -p "$WORK"
  err "dvt $DVT; SF $SF, split $SPLIT; work directory $WORK"

  step "generate TPC-H SF$SF and load split $SPLIT" helper load --sf "$SF" --split "$SPLIT" --work "$WORK"
  step "write the dbt project" helper project --split "$SPLIT" --work "$WORK"
  if [ "$STRATEGIES" -eq 1 ]; then
    # Its own exit code: 1 when a query failed or the strategies' results differ.
    helper strategies --dvt "$DVT" --work "$WORK" --runs "$RUNS"
    return
  fi
  step "dvt on the embedded engine (22 queries × $RUNS)" \
    helper dvt --dvt "$DVT" --compute embedded --target wh --work "$WORK" --runs "$RUNS"
  local report_args=()
  if [ "$SKIP_DUCKDB" -eq 0 ]; then
    step "DuckDB with its scanners (22 queries × $RUNS)" \
      /usr/bin/time -v -o "$WORK/duckdb.time" "$VENV/bin/python" "$HELPERS/main.py" duckdb \
        --split "$SPLIT" --work "$WORK" --runs "$RUNS"
    report_args+=(--duckdb-time "$WORK/duckdb.time")
  else
    report_args+=(--skip-duckdb)
  fi
  if [ "$SKIP_SPARK" -eq 0 ]; then
    step "dvt on Spark Connect (22 queries × $RUNS)" \
      helper dvt --dvt "$DVT" --compute spark --target wh_spark --work "$WORK" --runs "$RUNS"
  else
    report_args+=(--skip-spark)
  fi
  # The report's own exit code: 1 when a query failed or the results disagree.
  helper report --dvt "$DVT" --work "$WORK" --out "$OUT" "${report_args[@]}"
}

main "$@"
