#!/usr/bin/env bash
# Fetch the prebuilt DuckDB library the `duckdb` cargo feature links to, and print its directory.
#
#   export DUCKDB_LIB_DIR=$(scripts/libduckdb.sh) LD_LIBRARY_PATH=$DUCKDB_LIB_DIR
#   cargo build --features duckdb
#
# DuckDB's own release downloads are on GitHub, which the build machines cannot reach; the same
# libduckdb.so ships in the npm registry's @duckdb/node-bindings-linux-x64 package (DuckDB's
# Node.js bindings). The version matches the `duckdb` crate pinned in Cargo.toml
# (1.10506.0 = DuckDB 1.5.6). Cached in ${DVT_CACHE_DIR:-~/.cache/dvt}; checked by SHA-1.
set -euo pipefail

VERSION=1.5.6
PACKAGE=node-bindings-linux-x64-${VERSION}-r.1.tgz
URL=https://registry.npmjs.org/@duckdb/node-bindings-linux-x64/-/${PACKAGE}
SHA1=92c5328e91079769bfbe79d3c4a7785a6cbb1039

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "scripts/libduckdb.sh fetches DuckDB for Linux x86_64 only; elsewhere build with --features duckdb-bundled" >&2
  exit 1
fi
dir=${DVT_CACHE_DIR:-$HOME/.cache/dvt}/libduckdb-${VERSION}
if [ -f "$dir/libduckdb.so" ]; then
  echo "$dir"
  exit 0
fi
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if command -v curl >/dev/null 2>&1; then
  curl -fsSL --retry 3 -o "$tmp/$PACKAGE" "$URL"
else
  python3 -c 'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' "$URL" "$tmp/$PACKAGE"
fi
got=$(sha1sum "$tmp/$PACKAGE" | cut -d' ' -f1)
if [ "$got" != "$SHA1" ]; then
  echo "libduckdb: $URL has SHA-1 $got, expected $SHA1" >&2
  exit 1
fi
tar -xzf "$tmp/$PACKAGE" -C "$tmp" package/libduckdb.so
mv "$tmp/package/libduckdb.so" "$dir/libduckdb.so"
echo "$dir"
