"""Write the benchmark's dbt project: dbt_project.yml, profiles.yml (the three sources and the
PostgreSQL target bench_wh), computes.yml (embedded and Spark), models/sources.yml (each
table's connection, no column types) and models/q01.sql … q22.sql."""

import os
from pathlib import Path

from common import (LITE_FILE, PG_SRC_DB, QUERIES, SPARK_SCHEMA, SPLITS, SRC_SCHEMA, TABLES,
                    WH_DB, WH_SCHEMA, env, read_query, replace_tables)

PROJECT = "tpch_bench"


def pg_output(dbname, schema):
    """A profiles.yml output (flow mapping) for `dbname`/`schema` on the PostgreSQL service."""
    return (f"{{type: postgres, host: '{env('DVT_TEST_PG_HOST')}', port: {env('DVT_TEST_PG_PORT')}, "
            f"user: {env('DVT_TEST_PG_USER')}, password: '', dbname: {dbname}, schema: {schema}}}")


def profiles_yml(work):
    """profiles.yml: target `wh` (bench_wh.tpch), `wh_spark` (bench_wh.tpch_spark, for the
    Spark run) and the sources `pg`, `maria` and `lite`."""
    maria = (f"{{type: mariadb, host: '{env('DVT_TEST_MARIA_HOST')}', "
             f"port: {env('DVT_TEST_MARIA_PORT')}, user: {env('DVT_TEST_MARIA_USER')}, "
             f"password: '', schema: {SRC_SCHEMA}}}")
    return (f"{PROJECT}:\n  target: wh\n  outputs:\n"
            f"    wh: {pg_output(WH_DB, WH_SCHEMA)}\n"
            f"    wh_spark: {pg_output(WH_DB, SPARK_SCHEMA)}\n"
            f"    pg: {pg_output(PG_SRC_DB, SRC_SCHEMA)}\n"
            f"    maria: {maria}\n"
            f"    lite: {{type: sqlite, path: '{Path(work) / LITE_FILE}'}}\n")


def computes_yml(spark_remote):
    """computes.yml: `embedded` (the default) and, when a remote is known, `spark`; Spark gets
    4 shuffle partitions, as the project's Spark tests do (200 is a cluster's default)."""
    text = "default:\n  target: embedded\n  computes:\n    embedded: {type: embedded}\n"
    if spark_remote:
        text += (f"    spark: {{type: spark, remote: '{spark_remote}', "
                 "config: {spark.sql.shuffle.partitions: '4'}}\n")
    return text


def sources_yml(split):
    """models/sources.yml: source `tpch` (schema bench_tpch) with each table's connection."""
    lines = ["version: 2", "sources:", "  - name: tpch", f"    schema: {SRC_SCHEMA}",
             "    tables:"]
    for table in TABLES:
        lines += [f"      - name: {table}", f"        connection: {SPLITS[split][table]}"]
    return "\n".join(lines) + "\n"


def model_sql(query):
    """TPC-H query `query` as a model: each table becomes {{ source('tpch', '<table>') }}."""
    return replace_tables(read_query(query), lambda t: f"{{{{ source('tpch', '{t}') }}}}") + "\n"


def write_project(work, split):
    """Write the project into work/project; returns its path."""
    root = Path(work) / "project"
    (root / "models").mkdir(parents=True, exist_ok=True)
    files = {
        "dbt_project.yml": (f"name: {PROJECT}\nprofile: {PROJECT}\nmodels:\n  {PROJECT}:\n"
                            "    +materialized: table\n"),
        "profiles.yml": profiles_yml(work),
        "computes.yml": computes_yml(os.environ.get("DVT_TEST_SPARK_REMOTE", "")),
        "models/sources.yml": sources_yml(split),
    }
    for q in QUERIES:
        files[f"models/{q}.sql"] = model_sql(q)
    for rel, text in files.items():
        (root / rel).write_text(text)
    return root
