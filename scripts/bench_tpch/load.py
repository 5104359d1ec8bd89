"""Generate TPC-H with DuckDB's dbgen and load it fresh into PostgreSQL (COPY FROM STDIN),
MariaDB (LOAD DATA LOCAL INFILE) and SQLite (executemany in one transaction), with the usual
primary keys and fresh statistics."""

import csv
import sqlite3
import time
from pathlib import Path

import duck
from common import (BenchError, PG_SRC_DB, PRIMARY_KEYS, SPLITS, SRC_SCHEMA, TABLES, WH_DB, LITE_FILE,
                    column_type, log, mariadb, psql, timed, write_json)

MARIA_BUFFER_POOL = 1 << 30  # bytes; the services' MariaDB starts with 64 MiB (a test setting)


def generate_csv(sf, csv_dir):
    """Run `CALL dbgen(sf=…)` in DuckDB and write each table as a '|'-separated CSV file into
    `csv_dir`; returns {"dbgen": seconds, "rows": {table: rows}, "export": {table: seconds}}."""
    con = duck.connect("tpch")
    log(f"dbgen sf={sf} ...")
    dbgen_s, _ = timed(con.execute, f"CALL dbgen(sf={sf})")
    log(f"dbgen sf={sf}: {dbgen_s:.1f} s")
    rows, export = {}, {}
    for table, cols in TABLES.items():
        names = ", ".join(c for c, _ in cols)
        path = Path(csv_dir) / f"{table}.csv"
        export[table], _ = timed(con.execute, f"COPY (SELECT {names} FROM {table}) TO '{path}' "
                                              "(HEADER false, DELIMITER '|')")
        rows[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    con.close()
    return {"dbgen": dbgen_s, "rows": rows, "export": export}


def ddl(table, db):
    """CREATE TABLE for `table` on `db`; MariaDB and SQLite get their primary key here,
    PostgreSQL after the load (see load_pg)."""
    cols = [f"{c} {column_type(t, db)} NOT NULL" for c, t in TABLES[table]]
    key = PRIMARY_KEYS[table]
    if db == "pg":
        return f"CREATE TABLE {SRC_SCHEMA}.{table} ({', '.join(cols)})"
    if db == "lite" and len(key) == 1:  # INTEGER PRIMARY KEY: the rowid itself
        cols = [f"{c} INTEGER PRIMARY KEY" if c == key[0] else d
                for (c, _), d in zip(TABLES[table], cols)]
        return f"CREATE TABLE {table} ({', '.join(cols)})"
    cols.append(f"PRIMARY KEY ({', '.join(key)})")
    engine = " ENGINE=InnoDB" if db == "maria" else ""
    return f"CREATE TABLE {table} ({', '.join(cols)}){engine}"


def reset_databases(lite_path):
    """Drop and create the source databases (PostgreSQL bench_src with schema bench_tpch,
    MariaDB bench_tpch), the target database bench_wh and the SQLite file."""
    psql("postgres", f"DROP DATABASE IF EXISTS {PG_SRC_DB} WITH (FORCE)", "drop bench_src")
    psql("postgres", f"DROP DATABASE IF EXISTS {WH_DB} WITH (FORCE)", "drop bench_wh")
    psql("postgres", f"CREATE DATABASE {PG_SRC_DB}", "create bench_src")
    psql("postgres", f"CREATE DATABASE {WH_DB}", "create bench_wh")
    psql(PG_SRC_DB, f"CREATE SCHEMA {SRC_SCHEMA}", "create schema bench_tpch")
    mariadb(f"DROP DATABASE IF EXISTS {SRC_SCHEMA}; CREATE DATABASE {SRC_SCHEMA}",
            "reset MariaDB database bench_tpch")
    Path(lite_path).unlink(missing_ok=True)


def tune_mariadb():
    """Allow LOAD DATA LOCAL and give InnoDB a 1 GiB buffer pool when it has less; returns
    the buffer pool size in bytes before and after."""
    mariadb("SET GLOBAL local_infile = 1", "MariaDB: SET GLOBAL local_infile")
    before = int(mariadb("SELECT @@innodb_buffer_pool_size", "MariaDB: buffer pool size"))
    if before < MARIA_BUFFER_POOL:
        mariadb(f"SET GLOBAL innodb_buffer_pool_size = {MARIA_BUFFER_POOL}",
                "MariaDB: resize the buffer pool")
        for _ in range(300):  # the resize runs in the background
            status = mariadb("SHOW STATUS LIKE 'Innodb_buffer_pool_resize_status'",
                             "MariaDB: resize status")
            if "ompleted" in status or not status.split("\t")[-1].strip():
                break
            time.sleep(0.1)
    after = int(mariadb("SELECT @@innodb_buffer_pool_size", "MariaDB: buffer pool size"))
    return before, after


def load_pg(table, path):
    """COPY `path` into PostgreSQL, then add the primary key and ANALYZE; returns the seconds
    of each phase."""
    psql(PG_SRC_DB, ddl(table, "pg"), f"PostgreSQL: create {table}")
    with open(path, "rb") as f:
        copy_s, _ = timed(psql, PG_SRC_DB, f"COPY {SRC_SCHEMA}.{table} FROM STDIN "
                          "(FORMAT csv, DELIMITER '|')", f"PostgreSQL: COPY {table}", stdin=f)
    key_s, _ = timed(psql, PG_SRC_DB, f"ALTER TABLE {SRC_SCHEMA}.{table} ADD PRIMARY KEY "
                     f"({', '.join(PRIMARY_KEYS[table])})", f"PostgreSQL: primary key of {table}")
    analyze_s, _ = timed(psql, PG_SRC_DB, f"ANALYZE {SRC_SCHEMA}.{table}",
                         f"PostgreSQL: ANALYZE {table}")
    return {"load": copy_s, "keys": key_s, "analyze": analyze_s}


def load_maria(table, path):
    """LOAD DATA LOCAL INFILE `path` into MariaDB (primary key declared up front, rows in key
    order), then ANALYZE TABLE; returns the seconds of each phase."""
    mariadb(ddl(table, "maria"), f"MariaDB: create {table}", database=SRC_SCHEMA)
    sql = (f"SET unique_checks = 0; LOAD DATA LOCAL INFILE '{path}' INTO TABLE {table} "
           "CHARACTER SET utf8mb4 FIELDS TERMINATED BY '|' OPTIONALLY ENCLOSED BY '\"' "
           "LINES TERMINATED BY '\\n'; SHOW WARNINGS")
    load_s, warnings = timed(mariadb, sql, f"MariaDB: LOAD DATA {table}", database=SRC_SCHEMA)
    if warnings.strip():
        raise BenchError(f"MariaDB: LOAD DATA {table} warned: {warnings.strip()[:500]}")
    analyze_s, _ = timed(mariadb, f"ANALYZE TABLE {table}", f"MariaDB: ANALYZE {table}",
                         database=SRC_SCHEMA)
    return {"load": load_s, "keys": 0.0, "analyze": analyze_s}


def load_lite(table, path, lite_path):
    """Insert `path`'s rows into the SQLite file in one transaction (primary key declared up
    front), then ANALYZE; returns the seconds of each phase."""
    con = sqlite3.connect(lite_path)
    con.execute(ddl(table, "lite"))
    width = len(TABLES[table])

    def insert():
        """All rows of the CSV file in one transaction."""
        with open(path, newline="") as f, con:
            con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * width)})",
                            csv.reader(f, delimiter="|"))

    load_s, _ = timed(insert)
    analyze_s, _ = timed(con.execute, f"ANALYZE {table}")
    con.commit()
    con.close()
    return {"load": load_s, "keys": 0.0, "analyze": analyze_s}


def count_rows(table, db, lite_path):
    """The rows of `table` on `db` as its server counts them (checks the load)."""
    if db == "pg":
        return int(psql(PG_SRC_DB, f"SELECT count(*) FROM {SRC_SCHEMA}.{table}", "count"))
    if db == "maria":
        return int(mariadb(f"SELECT count(*) FROM {table}", "count", database=SRC_SCHEMA))
    con = sqlite3.connect(lite_path)
    n = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    con.close()
    return n


def load_all(sf, split, work):
    """Generate SF `sf`, reset the databases and load every table where split `split` puts
    it; prints a line per table and writes work/load.json. Returns that record."""
    work = Path(work)
    csv_dir = work / "csv"
    csv_dir.mkdir(parents=True, exist_ok=True)
    lite_path = work / LITE_FILE
    gen = generate_csv(sf, csv_dir)
    reset_databases(lite_path)
    pool_before, pool_after = tune_mariadb()
    if pool_before != pool_after:
        log(f"MariaDB innodb_buffer_pool_size {pool_before >> 20} MiB -> {pool_after >> 20} MiB")
    loaders = {"pg": load_pg, "maria": load_maria,
               "lite": lambda t, p: load_lite(t, p, lite_path)}
    tables = {}
    for table in TABLES:
        db = SPLITS[split][table]
        path = csv_dir / f"{table}.csv"
        phases = loaders[db](table, path)
        loaded = count_rows(table, db, lite_path)
        if loaded != gen["rows"][table]:
            raise BenchError(f"{table} on {db}: {loaded} rows loaded, dbgen made "
                               f"{gen['rows'][table]}")
        total = sum(phases.values())
        tables[table] = dict(db=db, rows=loaded, csv_export=gen["export"][table], **phases,
                             total=total)
        log(f"loaded {table:<8} on {db:<5} {loaded:>9} rows in {total:6.1f} s "
            f"(load {phases['load']:.1f} s, keys {phases['keys']:.1f} s, "
            f"analyze {phases['analyze']:.1f} s; csv export {gen['export'][table]:.1f} s)")
        path.unlink()
    record = {"sf": sf, "split": split, "dbgen_seconds": gen["dbgen"], "tables": tables,
              "maria_buffer_pool_mib": [pool_before >> 20, pool_after >> 20]}
    write_json(work / "load.json", record)
    return record
