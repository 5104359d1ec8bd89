#!/usr/bin/env bash
# Throwaway database servers for the test suite, on 127.0.0.1 only:
#   scripts/services.sh start   install what is missing, start PostgreSQL and MariaDB on free ports,
#                               create the database `dvt_test` on both, start a second PostgreSQL
#                               and a second MariaDB with TLS (certificates of a throwaway CA made
#                               with openssl on each start), start the Snowflake emulator
#                               (fakesnow + its JSON proxy), write .dvt-services/env
#   scripts/services.sh stop    stop them all and remove their data (never fails if nothing runs)
#   scripts/services.sh status  print what runs
#   scripts/services.sh env     print .dvt-services/env (use: source .dvt-services/env)
# Everything lives under <repo>/.dvt-services (git-ignored). Works from any cwd. Its cache/
# folder (installed tools, e.g. the fakesnow virtualenv) survives `stop`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SVC="$ROOT/.dvt-services"
ENV_FILE="$SVC/env"
DB=dvt_test
WAIT_SECS=${DVT_SERVICES_WAIT_SECS:-30}

PG_PW_USER=dvt_pw           # a PostgreSQL role with a password (see pg_start)
PG_PW_PASSWORD=dvt-test-pw  # a throwaway cluster's test password, not a secret
PG_STATE="$SVC/pg"          # port, datadir, logs (the data dir may live under /tmp: pg_choose_datadir)
MARIA_DIR="$SVC/maria"      # data/, mariadbd.pid, error.log, port, socket
TLS_DIR="$SVC/tls"          # ca.crt, wrong-ca.crt, server.{crt,key}, client.{crt,key}
PG_TLS=0                    # 1: pg_start turns TLS on (the TLS server runs with PG_STATE=$SVC/pgtls)
MARIA_TLS=0                 # 1: maria_start turns TLS on (MARIA_DIR=$SVC/mariatls)

# Wait (bounded) until the stopped servers are fully gone: a stopped daemon lingers as a zombie
# until init reaps it (~1.5 s here), so both are stopped first and then waited for together.
GONE_PIDS=()
wait_gone() { # waits (bounded, 5 s) for every pid in GONE_PIDS
  local i p alive
  for i in $(seq 1 50); do
    alive=0
    for p in "${GONE_PIDS[@]}"; do
      if kill -0 "$p" 2>/dev/null; then alive=1; fi
    done
    [ "$alive" -eq 1 ] || return 0
    sleep 0.1
  done
}

err() { printf 'services.sh: %s\n' "$*" >&2; }
die() { err "$@"; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# A free TCP port on 127.0.0.1, chosen by the kernel (bind port 0).
free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
  else
    local p
    for _ in $(seq 1 50); do
      p=$(( (RANDOM % 20000) + 30000 ))
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    die "no free port found"
  fi
}

log_tail() { # file
  if [ -f "$1" ]; then
    err "last lines of $1:"
    tail -n 25 "$1" >&2 || true
  fi
}

# --- installation ------------------------------------------------------------------------
pg_bindir() {
  local b
  for b in /usr/lib/postgresql/*/bin; do
    if [ -x "$b/initdb" ] && [ -x "$b/pg_ctl" ]; then echo "$b"; fi
  done | sort -V | tail -n 1
}

maria_bins_present() {
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || return 1
  command -v mariadb-install-db >/dev/null 2>&1 || return 1
  command -v mariadb >/dev/null 2>&1 || return 1
}

install_missing() {
  local pkgs=()
  [ -n "$(pg_bindir)" ] || pkgs+=(postgresql)
  maria_bins_present || pkgs+=(mariadb-server mariadb-client)
  command -v openssl >/dev/null 2>&1 || pkgs+=(openssl)  # the TLS test servers' certificates
  [ ${#pkgs[@]} -eq 0 ] && return 0
  is_root || die "missing ${pkgs[*]}: run as root (or install them with apt-get) first"
  err "installing ${pkgs[*]} (apt-get)"
  # Keep Debian's maintainer scripts from starting system-wide services.
  local policy_added=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    policy_added=1
  fi
  local rc=0
  {
    DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
  } >"$SVC/apt.log" 2>&1 || rc=$?
  [ "$policy_added" -eq 1 ] && rm -f /usr/sbin/policy-rc.d
  if [ "$rc" -ne 0 ]; then log_tail "$SVC/apt.log"; die "apt-get install ${pkgs[*]} failed"; fi
  [ -n "$(pg_bindir)" ] || die "postgresql installed but no /usr/lib/postgresql/*/bin/initdb"
  maria_bins_present || die "mariadb-server installed but mariadbd/mariadb-install-db not found"
}

# --- PostgreSQL --------------------------------------------------------------------------
# PostgreSQL refuses to run as root: as root it runs as the `postgres` system user.
as_pg() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_datadir() { cat "$PG_STATE/datadir" 2>/dev/null || true; }
pg_port() { cat "$PG_STATE/port" 2>/dev/null || true; }

pg_running() {
  local dir bin
  dir=$(pg_datadir); bin=$(pg_bindir)
  [ -n "$dir" ] && [ -n "$bin" ] && [ -f "$dir/postmaster.pid" ] || return 1
  as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1
}

# Where the server user can write: <repo>/.dvt-services/pg/data when every parent is traversable
# by `postgres`, otherwise a private directory under /tmp (recorded in .dvt-services/pg/datadir).
pg_choose_datadir() {
  mkdir -p "$PG_STATE"
  if is_root; then
    chown postgres: "$PG_STATE"
    if runuser -u postgres -- test -w "$PG_STATE" 2>/dev/null; then
      echo "$PG_STATE/data"; return
    fi
    local tmp
    tmp=$(mktemp -d /tmp/dvt-pg.XXXXXX)
    chown postgres: "$tmp"
    echo "$tmp/data"
  else
    echo "$PG_STATE/data"
  fi
}

pg_start() {
  local bin dir port ver
  bin=$(pg_bindir)
  ver=$(basename "$(dirname "$bin")")
  if pg_running; then
    echo "postgres $ver on 127.0.0.1:$(pg_port) (already running)"
    return
  fi
  pg_stop quiet
  if is_root && ! id postgres >/dev/null 2>&1; then
    useradd -r -M -d /var/lib/postgresql -s /bin/bash postgres
  fi
  dir=$(pg_choose_datadir)
  port=$(free_port)
  echo "$dir" >"$PG_STATE/datadir"
  echo "$port" >"$PG_STATE/port"
  local logf
  logf="$(dirname "$dir")/server.log"   # beside the data dir: writable by the server user
  if ! as_pg "$bin/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
       >"$PG_STATE/initdb.log" 2>&1; then
    log_tail "$PG_STATE/initdb.log"; die "postgres initdb failed"
  fi
  local tls_opts=""
  if [ "$PG_TLS" = 1 ]; then
    # The server reads its key only when the server user owns it and nobody else may read it.
    cp "$TLS_DIR/server.crt" "$TLS_DIR/server.key" "$TLS_DIR/ca.crt" "$dir/"
    chown --reference="$dir/PG_VERSION" "$dir/server.crt" "$dir/server.key" "$dir/ca.crt"
    chmod 600 "$dir/server.key"
    tls_opts="-c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key -c ssl_ca_file=ca.crt"
  fi
  # No unix socket (its path could exceed 107 bytes); clients use TCP on 127.0.0.1.
  if ! as_pg "$bin/pg_ctl" -D "$dir" -l "$logf" -w -t "$WAIT_SECS" -o \
       "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 $tls_opts" \
       start >/dev/null 2>&1; then
    log_tail "$logf"; die "postgres failed to start on 127.0.0.1:$port (limit ${WAIT_SECS}s; log above)"
  fi
  local i ok=0
  for i in $(seq 1 $((WAIT_SECS * 10))); do
    if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres 2>/dev/null; then ok=1; break; fi
    sleep 0.1
  done
  [ "$ok" -eq 1 ] || { log_tail "$logf"; die "postgres does not accept connections on 127.0.0.1:$port"; }
  if ! "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
       -c "CREATE DATABASE $DB" >/dev/null 2>"$PG_STATE/psql.err"; then
    cat "$PG_STATE/psql.err" >&2; die "postgres: could not create database $DB"
  fi
  # A role that must log in with a password (the cluster trusts everyone else), so tests can
  # show what a wrong password does: scram-sha-256 for it, ahead of the trust lines.
  if ! "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
       -c "CREATE ROLE $PG_PW_USER LOGIN SUPERUSER PASSWORD '$PG_PW_PASSWORD'" >/dev/null 2>"$PG_STATE/psql.err"; then
    cat "$PG_STATE/psql.err" >&2; die "postgres: could not create role $PG_PW_USER"
  fi
  { echo "host all $PG_PW_USER 127.0.0.1/32 scram-sha-256"; cat "$dir/pg_hba.conf"; } >"$dir/pg_hba.conf.new"
  chown --reference="$dir/pg_hba.conf" "$dir/pg_hba.conf.new" 2>/dev/null || true
  mv "$dir/pg_hba.conf.new" "$dir/pg_hba.conf"
  as_pg "$bin/pg_ctl" -D "$dir" reload >/dev/null 2>&1 || die "postgres: reload after pg_hba.conf failed"
  echo "postgres $ver${tls_opts:+ (TLS)} on 127.0.0.1:$port"
}

pg_stop() { # [quiet]
  local dir bin pid
  dir=$(pg_datadir); bin=$(pg_bindir)
  if [ -n "$dir" ] && [ -f "$dir/postmaster.pid" ]; then
    pid=$(head -n 1 "$dir/postmaster.pid" 2>/dev/null || true)
    if [ -n "$bin" ]; then
      as_pg "$bin/pg_ctl" -D "$dir" -m fast -w -t 15 stop >/dev/null 2>&1 || true
    fi
    if [ -n "$pid" ] && [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" != Z ] \
       && kill -0 "$pid" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null || true
    fi
    if [ -n "$pid" ]; then GONE_PIDS+=("$pid"); fi
    [ "${1:-}" = quiet ] || echo "postgres stopped"
  fi
  if [ -n "$dir" ]; then
    rm -rf "$dir"
    case "$dir" in /tmp/dvt-pg.*/data) rm -rf "$(dirname "$dir")" ;; esac
  fi
  rm -rf "$PG_STATE"
}

# --- MariaDB -----------------------------------------------------------------------------
maria_port() { cat "$MARIA_DIR/port" 2>/dev/null || true; }
maria_socket() { cat "$MARIA_DIR/socket" 2>/dev/null || true; }
maria_pid() { cat "$MARIA_DIR/mariadbd.pid" 2>/dev/null || true; }

maria_running() {
  local pid
  pid=$(maria_pid)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # a zombie is not running
  [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" != Z ]
}

maria_sql() { # sql... over the unix socket as root
  mariadb --no-defaults -uroot --socket="$(maria_socket)" -N -B -e "$*"
}

maria_start() {
  local mariadbd port sock data logf pidf
  if maria_running; then
    echo "mariadb on 127.0.0.1:$(maria_port) (already running)"
    return
  fi
  maria_stop quiet
  mariadbd=$(command -v mariadbd || echo /usr/sbin/mariadbd)
  mkdir -p "$MARIA_DIR"
  data="$MARIA_DIR/data"
  logf="$MARIA_DIR/error.log"
  pidf="$MARIA_DIR/mariadbd.pid"
  port=$(free_port)
  sock="$MARIA_DIR/s.sock"
  if [ ${#sock} -gt 100 ]; then sock="$(mktemp -u /tmp/dvt-maria.XXXXXX).sock"; fi
  echo "$port" >"$MARIA_DIR/port"
  echo "$sock" >"$MARIA_DIR/socket"
  local userarg=() tls_args=()
  is_root && userarg=(--user=root)
  if [ "$MARIA_TLS" = 1 ]; then
    tls_args=(--ssl-ca="$TLS_DIR/ca.crt" --ssl-cert="$TLS_DIR/server.crt" --ssl-key="$TLS_DIR/server.key")
  fi
  # Throwaway data: no durability, small redo log (faster install and start).
  local fast=(--innodb-log-file-size=8M --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0
              --innodb-buffer-pool-size=64M)
  if ! mariadb-install-db --no-defaults "${userarg[@]}" --datadir="$data" \
       --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve "${fast[@]}" \
       >"$MARIA_DIR/install-db.log" 2>&1; then
    log_tail "$MARIA_DIR/install-db.log"; die "mariadb-install-db failed"
  fi
  setsid "$mariadbd" --no-defaults "${userarg[@]}" --datadir="$data" --bind-address=127.0.0.1 \
    --port="$port" --socket="$sock" --pid-file="$pidf" --log-error="$logf" --skip-log-bin \
    --skip-name-resolve "${fast[@]}" --max-connections=200 --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_general_ci "${tls_args[@]}" </dev/null >/dev/null 2>&1 &
  local launched=$!
  local i ok=0
  for i in $(seq 1 $((WAIT_SECS * 10))); do
    if [ -S "$sock" ] && mariadb-admin --no-defaults -uroot --socket="$sock" ping >/dev/null 2>&1; then
      ok=1; break
    fi
    kill -0 "$launched" 2>/dev/null || break
    sleep 0.1
  done
  if [ "$ok" -ne 1 ]; then
    log_tail "$logf"
    if kill -0 "$launched" 2>/dev/null; then
      kill "$launched" 2>/dev/null || true
      die "mariadb did not accept connections within ${WAIT_SECS}s on 127.0.0.1:$port (log above)"
    fi
    die "mariadb exited while starting on 127.0.0.1:$port (log above)"
  fi
  [ -f "$pidf" ] || echo "$launched" >"$pidf"
  # root without a password over TCP from 127.0.0.1 (with skip-name-resolve the client host is
  # 127.0.0.1, not localhost).
  if ! maria_sql "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
                  ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '';
                  GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
                  CREATE DATABASE IF NOT EXISTS $DB; FLUSH PRIVILEGES;" 2>"$MARIA_DIR/sql.err"; then
    cat "$MARIA_DIR/sql.err" >&2; die "mariadb: could not set up root@127.0.0.1 / database $DB"
  fi
  if ! mariadb --no-defaults -h 127.0.0.1 -P "$port" --protocol=tcp -uroot -N -B \
       -e "SELECT 1" "$DB" >/dev/null 2>"$MARIA_DIR/sql.err"; then
    cat "$MARIA_DIR/sql.err" >&2; die "mariadb: TCP login as root without password fails"
  fi
  # Named time zones for CONVERT_TZ, as a user's server has them (mariadb-tzinfo-to-sql).
  if [ "$MARIA_TLS" = 0 ] && [ -d /usr/share/zoneinfo ]; then
    mariadb-tzinfo-to-sql /usr/share/zoneinfo 2>/dev/null \
      | mariadb --no-defaults -uroot --socket="$sock" mysql 2>"$MARIA_DIR/tz.err" \
      || echo "services.sh: mariadb: time zone tables not loaded ($(head -c 200 "$MARIA_DIR/tz.err"))" >&2
  fi
  local ver
  ver=$(maria_sql "SELECT VERSION()" 2>/dev/null | sed 's/-.*//' || true)
  if [ "$MARIA_TLS" = 1 ] && ! maria_sql "SHOW GLOBAL VARIABLES LIKE 'have_ssl'" 2>/dev/null | grep -qw YES; then
    log_tail "$logf"; die "mariadb on 127.0.0.1:$port started without TLS (have_ssl is not YES)"
  fi
  echo "mariadb ${ver:+$ver }${tls_args[*]:+(TLS) }on 127.0.0.1:$port"
}

maria_stop() { # [quiet]
  local pid sock i
  pid=$(maria_pid); sock=$(maria_socket)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    # SIGTERM is a clean shutdown (mariadb-admin shutdown polls at 1 s granularity).
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do
      maria_running || break
      sleep 0.1
    done
    if maria_running; then kill -9 "$pid" 2>/dev/null || true; fi
    GONE_PIDS+=("$pid")
    [ "${1:-}" = quiet ] || echo "mariadb stopped"
  fi
  case "$sock" in /tmp/dvt-maria.*) rm -f "$sock" ;; esac
  rm -rf "$MARIA_DIR"
}

# --- TLS servers ---------------------------------------------------------------------------
# A throwaway CA (made anew on each start), a server certificate for 127.0.0.1 and localhost, a
# client certificate (CN dvt_client) and a second, unrelated CA that signed nothing here (tests
# use it as "the wrong CA"). The TLS servers are a second PostgreSQL and a second MariaDB (the
# same functions, with their own state directories), accepting TLS and plaintext alike.
tls_certs() {
  command -v openssl >/dev/null 2>&1 || die "TLS test servers need openssl"
  rm -rf "$TLS_DIR"; mkdir -p "$TLS_DIR"
  local d="$TLS_DIR" days=30
  {
    openssl req -x509 -newkey rsa:2048 -nodes -days "$days" -subj "/CN=dvt test CA" \
      -keyout "$d/ca.key" -out "$d/ca.crt" &&
    openssl req -x509 -newkey rsa:2048 -nodes -days "$days" -subj "/CN=dvt wrong CA" \
      -keyout "$d/wrong-ca.key" -out "$d/wrong-ca.crt" &&
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
      -keyout "$d/server.key" -out "$d/server.csr" &&
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' >"$d/server.ext" &&
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
      -days "$days" -extfile "$d/server.ext" -out "$d/server.crt" &&
    openssl req -newkey rsa:2048 -nodes -subj "/CN=dvt_client" \
      -keyout "$d/client.key" -out "$d/client.csr" &&
    printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n' >"$d/client.ext" &&
    openssl x509 -req -in "$d/client.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
      -days "$days" -extfile "$d/client.ext" -out "$d/client.crt"
  } >"$d/openssl.log" 2>&1 || { log_tail "$d/openssl.log"; die "openssl: making the test certificates failed"; }
  chmod 644 "$d"/*.crt; chmod 600 "$d"/*.key
}

pgtls_start() { PG_STATE="$SVC/pgtls" PG_TLS=1 pg_start; }
pgtls_stop() { PG_STATE="$SVC/pgtls" pg_stop "$@"; }
pgtls_port() { PG_STATE="$SVC/pgtls" pg_port; }
mariatls_start() { MARIA_DIR="$SVC/mariatls" MARIA_TLS=1 maria_start; }
mariatls_stop() { MARIA_DIR="$SVC/mariatls" maria_stop "$@"; }
mariatls_port() { MARIA_DIR="$SVC/mariatls" maria_port; }

tls_env() {
  cat <<EOF
export DVT_TEST_PG_TLS_HOST=127.0.0.1
export DVT_TEST_PG_TLS_PORT=$(pgtls_port)
export DVT_TEST_MARIA_TLS_HOST=127.0.0.1
export DVT_TEST_MARIA_TLS_PORT=$(mariatls_port)
export DVT_TEST_TLS_CA=$TLS_DIR/ca.crt
export DVT_TEST_TLS_WRONG_CA=$TLS_DIR/wrong-ca.crt
export DVT_TEST_TLS_CLIENT_CERT=$TLS_DIR/client.crt
export DVT_TEST_TLS_CLIENT_KEY=$TLS_DIR/client.key
EOF
}

# --- Snowflake emulator (fakesnow + JSON proxy) ---------------------------------------------
# fakesnow (PyPI, DuckDB-backed Snowflake REST server over plain http) in a virtualenv under
# .dvt-services/cache, installed only when missing; in front of it scripts/fakesnow_json_proxy.py
# re-encodes its Arrow results as JSON rowsets (snowflake-connector-rs reads only those) and
# refuses logins whose password is not $SNOW_PASSWORD (fakesnow accepts any). Clients connect to
# the proxy: http://127.0.0.1:<DVT_TEST_SNOW_PORT>.
SNOW_DIR="$SVC/snow"                    # pids, ports, logs
SNOW_VENV="$SVC/cache/fakesnow-venv"
SNOW_PIP_SPECS=("fakesnow[server]==0.12.1" "snowflake-connector-python<5")  # 5.x breaks fakesnow's import
SNOW_USER=dvt
SNOW_PASSWORD=dvt-test-password
SNOW_ACCOUNT=fakesnow
SNOW_DB=DVT_TEST

snow_port() { cat "$SNOW_DIR/port" 2>/dev/null || true; }
snow_pid_alive() { # pidfile
  local pid
  pid=$(cat "$1" 2>/dev/null || true)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" != Z ]
}
snow_running() { snow_pid_alive "$SNOW_DIR/fakesnow.pid" && snow_pid_alive "$SNOW_DIR/proxy.pid"; }

# The marker holds the pip specs of a finished install (cheaper than importing fakesnow, ~1.5 s);
# other specs (an edited SNOW_PIP_SPECS) reinstall.
snow_install() {
  if [ -x "$SNOW_VENV/bin/fakesnow" ] && [ "$(cat "$SNOW_VENV/.dvt-installed" 2>/dev/null)" = "${SNOW_PIP_SPECS[*]}" ]; then
    return 0
  fi
  command -v python3 >/dev/null 2>&1 || die "fakesnow needs python3"
  mkdir -p "$SVC/cache"
  err "installing ${SNOW_PIP_SPECS[*]} (pip, into $SNOW_VENV)"
  rm -rf "$SNOW_VENV"
  if ! { python3 -m venv "$SNOW_VENV" &&
         "$SNOW_VENV/bin/pip" install -q --disable-pip-version-check "${SNOW_PIP_SPECS[@]}"; } \
       >"$SVC/cache/fakesnow-pip.log" 2>&1; then
    log_tail "$SVC/cache/fakesnow-pip.log"; rm -rf "$SNOW_VENV"; die "pip install ${SNOW_PIP_SPECS[*]} failed"
  fi
  echo "${SNOW_PIP_SPECS[*]}" >"$SNOW_VENV/.dvt-installed"
}

snow_wait_port() { # port pidfile -> 0 when the port accepts connections
  local i
  for i in $(seq 1 $((WAIT_SECS * 10))); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    snow_pid_alive "$2" || return 1
    sleep 0.1
  done
  return 1
}

snow_start() {
  if snow_running; then
    echo "fakesnow (json proxy) on 127.0.0.1:$(snow_port) (already running)"
    return
  fi
  snow_stop quiet
  snow_install
  mkdir -p "$SNOW_DIR"
  local fs_port port
  fs_port=$(free_port)
  port=$(free_port)
  setsid "$SNOW_VENV/bin/fakesnow" -s -p "$fs_port" --host 127.0.0.1 \
    </dev/null >"$SNOW_DIR/fakesnow.log" 2>&1 &
  echo $! >"$SNOW_DIR/fakesnow.pid"
  setsid "$SNOW_VENV/bin/python" "$ROOT/scripts/fakesnow_json_proxy.py" --host 127.0.0.1 \
    --listen-port "$port" --upstream-port "$fs_port" --password "$SNOW_PASSWORD" \
    </dev/null >"$SNOW_DIR/proxy.log" 2>&1 &
  echo $! >"$SNOW_DIR/proxy.pid"
  echo "$port" >"$SNOW_DIR/port"
  if ! snow_wait_port "$fs_port" "$SNOW_DIR/fakesnow.pid"; then
    log_tail "$SNOW_DIR/fakesnow.log"; die "fakesnow did not listen on 127.0.0.1:$fs_port"
  fi
  if ! snow_wait_port "$port" "$SNOW_DIR/proxy.pid"; then
    log_tail "$SNOW_DIR/proxy.log"; die "fakesnow_json_proxy did not listen on 127.0.0.1:$port"
  fi
  echo "fakesnow (${SNOW_PIP_SPECS[0]}, json proxy) on 127.0.0.1:$port"
}

snow_stop() { # [quiet]
  local f pid any=0
  for f in "$SNOW_DIR/proxy.pid" "$SNOW_DIR/fakesnow.pid"; do
    pid=$(cat "$f" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      GONE_PIDS+=("$pid")
      any=1
    fi
  done
  [ "$any" -eq 0 ] || [ "${1:-}" = quiet ] || echo "fakesnow stopped"
  rm -rf "$SNOW_DIR"
}

snow_status() {
  if snow_running; then
    echo "fakesnow (json proxy) on 127.0.0.1:$(snow_port) (pids $(cat "$SNOW_DIR/fakesnow.pid") $(cat "$SNOW_DIR/proxy.pid"), venv $SNOW_VENV)"
  else
    echo "fakesnow: not running"
  fi
}

snow_env() {
  cat <<EOF
export DVT_TEST_SNOW_HOST=127.0.0.1
export DVT_TEST_SNOW_PORT=$(snow_port)
export DVT_TEST_SNOW_URL=http://127.0.0.1:$(snow_port)
export DVT_TEST_SNOW_ACCOUNT=$SNOW_ACCOUNT
export DVT_TEST_SNOW_USER=$SNOW_USER
export DVT_TEST_SNOW_PASSWORD=$SNOW_PASSWORD
export DVT_TEST_SNOW_DB=$SNOW_DB
EOF
}
# --- end of the Snowflake emulator section ---------------------------------------------------
# --- Spark Connect (begin) ---------------------------------------------------------------
# A local Spark Connect server, offline: the PyPI *sdist* of pyspark >= 4.0 bundles every Spark
# jar (the Connect server included); Java 17 runs it; the JDBC drivers come from Debian.
# The venv is cached per machine (outside the worktree) so warm runs do not reinstall it.
# Set DVT_SERVICES_SPARK=0 to skip Spark (PostgreSQL and MariaDB still start).
SPARK_VERSION=${DVT_SPARK_VERSION:-4.2.1}
SPARK_CACHE=${DVT_SPARK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dvt/spark}
SPARK_VENV="$SPARK_CACHE/pyspark-$SPARK_VERSION"
SPARK_STATE="$SVC/spark"    # port, logs and pid file of spark-daemon.sh
SPARK_CLASS=org.apache.spark.sql.connect.service.SparkConnectServer
SPARK_WAIT_SECS=${DVT_SPARK_WAIT_SECS:-120}
SPARK_JDBC_DEBS=(libpostgresql-jdbc-java libmariadb-java libxerial-sqlite-jdbc-java)
SPARK_JDBC_JARS=(postgresql.jar mariadb-java-client.jar sqlite-jdbc.jar)

spark_enabled() { [ "${DVT_SERVICES_SPARK:-1}" != 0 ]; }
spark_home() { echo "$SPARK_VENV/spark_home"; }   # a link to the installed pyspark package
spark_port() { cat "$SPARK_STATE/port" 2>/dev/null || true; }

spark_install() {
  local home
  home=$(spark_home)
  if [ ! -x "$home/sbin/spark-daemon.sh" ] || [ ! -f "$SPARK_VENV/.complete" ]; then
    command -v python3 >/dev/null 2>&1 || die "spark: python3 is needed to install pyspark"
    err "installing pyspark $SPARK_VERSION (sdist, ~430 MB) into $SPARK_VENV"
    rm -rf "$SPARK_VENV"
    mkdir -p "$SPARK_CACHE"
    if ! { python3 -m venv "$SPARK_VENV" &&
           "$SPARK_VENV/bin/pip" install -q --no-binary pyspark "pyspark==$SPARK_VERSION"; } \
         >"$SPARK_CACHE/install.log" 2>&1; then
      log_tail "$SPARK_CACHE/install.log"; rm -rf "$SPARK_VENV"
      die "spark: pip install pyspark==$SPARK_VERSION failed (log above)"
    fi
    local pkg
    pkg=$("$SPARK_VENV/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
    ln -sfn "$pkg" "$home"
    ls "$home"/jars/spark-connect_*.jar >/dev/null 2>&1 \
      || die "spark: pyspark $SPARK_VERSION has no jars/spark-connect_*.jar (use a pyspark >= 4.0 sdist)"
    touch "$SPARK_VENV/.complete"
  fi
  command -v java >/dev/null 2>&1 || die "spark: no java on PATH (install openjdk-17-jre-headless)"
  local missing=() i
  for i in "${!SPARK_JDBC_JARS[@]}"; do
    [ -f "/usr/share/java/${SPARK_JDBC_JARS[$i]}" ] || missing+=("${SPARK_JDBC_DEBS[$i]}")
  done
  # protoc and the well-known .proto files: the Spark Connect client crate
  # (apache-spark-connect-proto) compiles its protos when it is built.
  command -v protoc >/dev/null 2>&1 || missing+=(protobuf-compiler)
  [ -f /usr/include/google/protobuf/any.proto ] || missing+=(libprotobuf-dev)
  [ ${#missing[@]} -eq 0 ] && return 0
  is_root || die "spark: missing ${missing[*]}: run as root (or apt-get install them) first"
  err "installing ${missing[*]} (apt-get)"
  mkdir -p "$SPARK_CACHE"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
         DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
       >"$SPARK_CACHE/apt.log" 2>&1; then
    log_tail "$SPARK_CACHE/apt.log"; die "spark: apt-get install ${missing[*]} failed"
  fi
}

spark_daemon() { # stop|status|submit ...: spark-daemon.sh with this worktree's pid and log dirs
  SPARK_HOME="$(spark_home)" SPARK_PID_DIR="$SPARK_STATE" SPARK_LOG_DIR="$SPARK_STATE" \
    SPARK_IDENT_STRING=dvt "$(spark_home)/sbin/spark-daemon.sh" "$@"
}

spark_running() {
  [ -f "$SPARK_STATE/port" ] && [ -x "$(spark_home)/sbin/spark-daemon.sh" ] || return 1
  spark_daemon status "$SPARK_CLASS" 1 >/dev/null 2>&1
}

spark_listening() { # port
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

spark_start() {
  if ! spark_enabled; then # an empty remote: the Spark tests skip (with a note) instead of failing
    echo "export DVT_TEST_SPARK_REMOTE=" >>"$ENV_FILE"
    return 0
  fi
  if spark_running; then
    echo "spark connect on 127.0.0.1:$(spark_port) (already running)"
  else
    spark_install
    spark_stop quiet
    mkdir -p "$SPARK_STATE"
    local port jars
    port=$(free_port)
    echo "$port" >"$SPARK_STATE/port"
    jars=$(printf '/usr/share/java/%s,' "${SPARK_JDBC_JARS[@]}"); jars=${jars%,}
    if ! spark_daemon submit "$SPARK_CLASS" 1 --name "Spark Connect server" --master 'local[*]' \
         --driver-memory "${DVT_SPARK_DRIVER_MEMORY:-2g}" --jars "$jars" \
         --conf spark.ui.enabled=false --conf spark.connect.grpc.binding.address=127.0.0.1 \
         --conf spark.connect.grpc.binding.port="$port" \
         --conf spark.sql.session.timeZone=UTC --driver-java-options -Duser.timezone=UTC \
         >"$SPARK_STATE/submit.log" 2>&1; then
      log_tail "$SPARK_STATE/submit.log"; die "spark: spark-daemon.sh submit failed"
    fi
    local i ok=0 logf
    for i in $(seq 1 $((SPARK_WAIT_SECS * 5))); do
      if spark_listening "$port"; then ok=1; break; fi
      spark_running || break
      sleep 0.2
    done
    if [ "$ok" -ne 1 ]; then
      for logf in "$SPARK_STATE"/*.out; do log_tail "$logf"; done
      spark_stop quiet
      die "spark connect did not listen on 127.0.0.1:$port within ${SPARK_WAIT_SECS}s (log above)"
    fi
    echo "spark connect $SPARK_VERSION on 127.0.0.1:$port"
  fi
  echo "export DVT_TEST_SPARK_REMOTE=sc://127.0.0.1:$(spark_port)" >>"$ENV_FILE"
}

spark_stop() { # [quiet]
  if spark_running; then
    local pid
    pid=$(cat "$SPARK_STATE"/*.pid 2>/dev/null | head -n 1 || true)
    spark_daemon stop "$SPARK_CLASS" 1 >/dev/null 2>&1 || true
    if [ -n "$pid" ]; then GONE_PIDS+=("$pid"); fi
    [ "${1:-}" = quiet ] || echo "spark connect stopped"
  fi
  rm -rf "$SPARK_STATE"
}

spark_status() {
  spark_enabled || return 0
  if spark_running; then
    echo "spark connect $SPARK_VERSION on 127.0.0.1:$(spark_port) (logs $SPARK_STATE)"
  else
    echo "spark connect: not running"
  fi
}
# --- Spark Connect (end) -----------------------------------------------------------------

# --- env file ----------------------------------------------------------------------------
write_env() {
  cat >"$ENV_FILE.tmp" <<EOF
export DVT_TEST_PG_HOST=127.0.0.1
export DVT_TEST_PG_PORT=$(pg_port)
export DVT_TEST_PG_USER=postgres
export DVT_TEST_PG_DB=$DB
export DVT_TEST_PG_PW_USER=$PG_PW_USER
export DVT_TEST_PG_PW_PASSWORD=$PG_PW_PASSWORD
export DVT_TEST_MARIA_HOST=127.0.0.1
export DVT_TEST_MARIA_PORT=$(maria_port)
export DVT_TEST_MARIA_USER=root
export DVT_TEST_MARIA_DB=$DB
export DVT_TEST_SERVICES=1
EOF
  mv "$ENV_FILE.tmp" "$ENV_FILE"
}

status() {
  local any=0
  if pg_running; then
    echo "postgres $(basename "$(dirname "$(pg_bindir)")") on 127.0.0.1:$(pg_port) (data $(pg_datadir))"
    any=1
  else
    echo "postgres: not running"
  fi
  if maria_running; then
    echo "mariadb on 127.0.0.1:$(maria_port) (pid $(maria_pid), data $MARIA_DIR/data)"
    any=1
  else
    echo "mariadb: not running"
  fi
  local tp
  tp=$(pgtls_port)
  if [ -n "$tp" ] && PG_STATE="$SVC/pgtls" pg_running; then echo "postgres (TLS) on 127.0.0.1:$tp"; else echo "postgres (TLS): not running"; fi
  tp=$(mariatls_port)
  if [ -n "$tp" ] && MARIA_DIR="$SVC/mariatls" maria_running; then echo "mariadb (TLS) on 127.0.0.1:$tp"; else echo "mariadb (TLS): not running"; fi
  snow_status
  spark_status
  [ "$any" -eq 1 ] || true
}

case "${1:-}" in
  start)
    mkdir -p "$SVC"
    chmod 755 "$SVC"
    install_missing
    # The TLS servers' certificates, new on each start (running TLS servers keep theirs).
    if ! { PG_STATE="$SVC/pgtls" pg_running && MARIA_DIR="$SVC/mariatls" maria_running && [ -f "$TLS_DIR/ca.crt" ]; }; then
      pgtls_stop quiet; mariatls_stop quiet
      tls_certs
    fi
    # The servers start in parallel; each prints one line (or its error on stderr).
    pg_start >"$SVC/pg.out" &
    pg_job=$!
    maria_start >"$SVC/maria.out" &
    maria_job=$!
    pgtls_start >"$SVC/pgtls.out" &
    pgtls_job=$!
    mariatls_start >"$SVC/mariatls.out" &
    mariatls_job=$!
    snow_start >"$SVC/snow.out" &
    snow_job=$!
    pg_rc=0; wait "$pg_job" || pg_rc=$?
    maria_rc=0; wait "$maria_job" || maria_rc=$?
    pgtls_rc=0; wait "$pgtls_job" || pgtls_rc=$?
    mariatls_rc=0; wait "$mariatls_job" || mariatls_rc=$?
    snow_rc=0; wait "$snow_job" || snow_rc=$?
    cat "$SVC/pg.out" "$SVC/maria.out" "$SVC/pgtls.out" "$SVC/mariatls.out" "$SVC/snow.out"
    rm -f "$SVC/pg.out" "$SVC/maria.out" "$SVC/pgtls.out" "$SVC/mariatls.out" "$SVC/snow.out"
    [ "$pg_rc" -eq 0 ] && [ "$maria_rc" -eq 0 ] && [ "$pgtls_rc" -eq 0 ] && [ "$mariatls_rc" -eq 0 ] \
      && [ "$snow_rc" -eq 0 ] || die "start failed (scripts/services.sh stop cleans up)"
    write_env
    tls_env >>"$ENV_FILE"
    snow_env >>"$ENV_FILE"
    spark_start
    ;;
  stop)
    pg_stop
    maria_stop
    pgtls_stop
    mariatls_stop
    rm -rf "$TLS_DIR"
    snow_stop
    spark_stop
    # Everything but cache/ (installed tools) goes.
    if [ -d "$SVC" ]; then
      find "$SVC" -mindepth 1 -maxdepth 1 ! -name cache -exec rm -rf {} +
    fi
    wait_gone
    ;;
  status) status ;;
  env)
    [ -f "$ENV_FILE" ] || die "no $ENV_FILE: run scripts/services.sh start"
    cat "$ENV_FILE"
    ;;
  *)
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
    ;;
esac
