"""DuckDB from the benchmark's virtualenv: a connection that loads the scanner extensions from
their PyPI packages (DuckDB's own INSTALL needs the internet) and ATTACHes the servers."""

import glob
import os

import duckdb

from common import BenchError, env

EXTENSIONS = {"tpch": "tpch", "postgres": "postgres_scanner", "mysql": "mysql_scanner",
              "sqlite": "sqlite_scanner"}


def extension_file(name):
    """The .duckdb_extension file of extension `name` (tpch, postgres, mysql, sqlite) shipped
    by its PyPI package duckdb-extension-<...>."""
    package = EXTENSIONS[name]
    site = os.path.dirname(os.path.dirname(duckdb.__file__))
    pattern = os.path.join(site, f"duckdb_extension_{package}", "extensions", "*",
                           f"{package}.duckdb_extension")
    found = sorted(glob.glob(pattern))
    if not found:
        raise BenchError(f"no {pattern}: pip install duckdb-extension-{package.replace('_', '-')}")
    return found[-1]


def connect(*extensions):
    """An in-memory DuckDB connection with `extensions` loaded from their files (no network)."""
    con = duckdb.connect(config={"autoinstall_known_extensions": False,
                                 "autoload_known_extensions": False})
    for name in extensions:
        con.execute(f"LOAD '{extension_file(name)}'")
    return con


def pg_dsn(dbname):
    """A libpq connection string for database `dbname` of the PostgreSQL service."""
    return (f"host={env('DVT_TEST_PG_HOST')} port={env('DVT_TEST_PG_PORT')} "
            f"user={env('DVT_TEST_PG_USER')} dbname={dbname}")


def maria_dsn(database):
    """A DuckDB mysql connection string for `database` of the MariaDB service."""
    return (f"host={env('DVT_TEST_MARIA_HOST')} port={env('DVT_TEST_MARIA_PORT')} "
            f"user={env('DVT_TEST_MARIA_USER')} database={database}")


def attach_pg(con, dbname, alias, read_only=True):
    """ATTACH PostgreSQL database `dbname` as `alias`."""
    mode = ", READ_ONLY" if read_only else ""
    con.execute(f"ATTACH '{pg_dsn(dbname)}' AS {alias} (TYPE postgres{mode})")


def attach_maria(con, database, alias):
    """ATTACH MariaDB database `database` as `alias` (read only)."""
    con.execute(f"ATTACH '{maria_dsn(database)}' AS {alias} (TYPE mysql, READ_ONLY)")


def attach_sqlite(con, path, alias):
    """ATTACH the SQLite file `path` as `alias` (read only)."""
    con.execute(f"ATTACH '{path}' AS {alias} (TYPE sqlite, READ_ONLY)")
