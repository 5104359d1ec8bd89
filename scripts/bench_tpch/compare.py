"""Compare each query's result tables in bench_wh as multisets of rows: text compared after
removing trailing blanks (CHAR(n) pads), dates as ISO text, numbers as floats within a
relative tolerance of 1e-9 (absolute below 1) — SQLite REAL columns and float sums differ in
their last digits — and NULL only equal to NULL."""

import datetime
import decimal
from collections import defaultdict

TOLERANCE = 1e-9


def normalize(value):
    """A comparable form of one value: float for numbers, stripped text, ISO dates."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, decimal.Decimal)):
        return float(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return value.rstrip(" ")
    return str(value)


def close(a, b):
    """Whether two normalized numbers agree within the tolerance."""
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def split_row(row):
    """(key, numbers): the row's non-numeric values (numbers replaced by a marker) and its
    numbers in column order."""
    key, nums = [], []
    for v in row:
        if isinstance(v, float):
            key.append("<n>")
            nums.append(v)
        else:
            key.append(v)
    return tuple(key), tuple(nums)


def group(rows):
    """Rows grouped by their non-numeric values, each group's number tuples sorted."""
    groups = defaultdict(list)
    for row in rows:
        key, nums = split_row(tuple(normalize(v) for v in row))
        groups[key].append(nums)
    return {k: sorted(v) for k, v in groups.items()}


def show(key, nums):
    """A row (key with its numbers put back) as short text."""
    it = iter(nums)
    vals = [next(it) if k == "<n>" else k for k in key]
    text = repr(tuple(vals))
    return text if len(text) <= 160 else text[:157] + "..."


def first_difference(a_rows, b_rows, a_name, b_name):
    """None when the two row lists are equal as multisets within the tolerance, else a short
    description of the first difference found."""
    if a_rows and b_rows and len(a_rows[0]) != len(b_rows[0]):
        return f"{len(a_rows[0])} columns in {a_name}, {len(b_rows[0])} in {b_name}"
    if len(a_rows) != len(b_rows):
        return f"{len(a_rows)} rows in {a_name}, {len(b_rows)} in {b_name}"
    a, b = group(a_rows), group(b_rows)
    for key in sorted(set(a) | set(b), key=repr):
        xs, ys = a.get(key, []), b.get(key, [])
        if len(xs) != len(ys):
            row = (xs or ys)[0]
            return f"{show(key, row)}: {len(xs)}x in {a_name}, {len(ys)}x in {b_name}"
        for x, y in zip(xs, ys):
            if len(x) != len(y) or not all(close(p, q) for p, q in zip(x, y)):
                return f"{show(key, x)} in {a_name} vs {show(key, y)} in {b_name}"
    return None


def fetch(con, table):
    """All rows of `table` through the DuckDB connection (None when it does not exist)."""
    try:
        return con.execute(f"SELECT * FROM {table}").fetchall()
    except Exception as e:  # a failed run leaves no table
        if "does not exist" in str(e) or "not found" in str(e).lower():
            return None
        raise
