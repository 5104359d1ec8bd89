#!/usr/bin/env bash
# The one command that runs the whole test suite on a fresh machine:
#   installs what is missing, starts the throwaway services the tests need on 127.0.0.1,
#   runs formatting and lint checks and every test, and stops the services again.
# .ci/run calls exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n==> %s\n' "$*"; }

# A cold debug build of the workspace with its tests takes ~8 GB of target/ (each test binary links
# DataFusion; there is one per crate for that reason). Incremental caches would add ~1.5 GB that a
# one-off CI build never reuses.
export CARGO_INCREMENTAL=0
disk() { df -h . | awk 'NR == 2 { print "disk: " $4 " free of " $2 }'; }

# --- toolchain ---------------------------------------------------------------------------
if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is required (rustup toolchain); install Rust first" >&2
  exit 1
fi
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt clippy || true

# --- DuckDB ------------------------------------------------------------------------------
# The `duckdb` connector feature links to a prebuilt DuckDB library (scripts/libduckdb.sh fetches
# it from the npm registry into ~/.cache/dvt); every cargo command below enables the feature, so
# the DuckDB tests run (DVT_TEST_DUCKDB makes a build without it fail them instead of skipping).
DUCKDB_LIB_DIR=$(scripts/libduckdb.sh)
export DUCKDB_LIB_DIR LD_LIBRARY_PATH="$DUCKDB_LIB_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export DVT_TEST_DUCKDB=1
FEATURES=(--features dvt-connectors/duckdb)

# --- services ----------------------------------------------------------------------------
# Throwaway PostgreSQL, MariaDB and the fakesnow Snowflake emulator on 127.0.0.1
# (scripts/services.sh); always stopped on exit.
cleanup() { trap "" INT TERM; scripts/services.sh stop || true; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
disk
log "services"
scripts/services.sh start
# shellcheck source=/dev/null
source .dvt-services/env

# --- checks ------------------------------------------------------------------------------
log "cargo fmt --check"
cargo fmt --all -- --check

log "cargo clippy (deny warnings)"
cargo clippy --workspace --all-targets --locked "${FEATURES[@]}" -- -D warnings

log "cargo doc (deny warnings)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked "${FEATURES[@]}"

log "dvt-translate builds without Arrow or DataFusion"
if cargo tree -p dvt-translate -e normal --locked | grep -Ei 'arrow|datafusion'; then
  echo "dvt-translate depends on Arrow or DataFusion (above)" >&2
  exit 1
fi

log "cargo test"
cargo test --workspace --all-targets --locked "${FEATURES[@]}"
cargo test --workspace --doc --locked "${FEATURES[@]}"

disk
log "examples (as the README runs them)"
cargo run --locked "${FEATURES[@]}" --example quickstart >/dev/null
cargo run --locked "${FEATURES[@]}" --example custom_cli -- --project-dir examples/projects/quickstart --demo run >/dev/null
cargo run --locked "${FEATURES[@]}" --example custom_executor >/dev/null
cargo run --locked "${FEATURES[@]}" --example postgres_to_snowflake            # on Spark Connect (the default)
cargo run --locked "${FEATURES[@]}" --example postgres_to_snowflake -- --compute embedded >/dev/null
disk
