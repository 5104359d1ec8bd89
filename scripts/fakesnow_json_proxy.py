#!/usr/bin/env python3
"""A small HTTP proxy in front of the fakesnow Snowflake emulator that re-encodes query results
from Arrow to Snowflake's JSON rowset format. Test tooling only (started by scripts/services.sh).

Why it exists: the Rust crate snowflake-connector-rs (dvt's Snowflake client) decodes only JSON
rowsets (`queryResultFormat: "json"`) and fails on anything else with "unsupported result
format: arrow". fakesnow (`fakesnow -s`) always answers SELECT and DDL statements in Arrow
(`rowsetBase64`), ignoring the session's result-format parameter. Real Snowflake answers in JSON
when the client asks for it, so this proxy makes the emulator answer the way Snowflake answers
snowflake-connector-rs.

What it changes, and nothing else:
  * `POST /queries/v1/query-request` responses with `queryResultFormat: "arrow"`: the Arrow IPC
    stream is decoded (pyarrow) and written as `rowset` — one list of strings (or null) per row,
    in the text forms Snowflake's JSON result format uses: FIXED as the decimal number, REAL as
    the float, BOOLEAN as "1"/"0", DATE as days since 1970-01-01, TIME as seconds since midnight
    with 9 fraction digits, TIMESTAMP_NTZ/LTZ as seconds since the epoch with 9 fraction digits,
    TIMESTAMP_TZ as that plus " <offset minutes + 1440>", BINARY as hex, TEXT/VARIANT as text.
  * Workaround, on purpose and only this one: fakesnow encodes a NULL timestamp as a valid struct
    whose `epoch` child is null (its bug; the Python connector then reads 1970-01-01). Such a
    cell is sent as null, which is what Snowflake sends for a NULL timestamp.
  * Error responses: fakesnow's lack `data.queryId`, which Snowflake sends with every error and
    snowflake-connector-rs needs to read an error at all (without it the client reports only
    "missing required field ... data.queryId" and the server's message is lost). The proxy adds
    a made-up `queryId` to such responses; the code and message are untouched.
  * `--password PW` (optional): fakesnow accepts any password; with this option a login whose
    password differs is refused the way Snowflake refuses it (HTTP 200, success=false, code
    390100 "Incorrect username or password was specified."), so clients' login-failure paths can
    be tested. Without it logins pass through untouched.
Every other request and response is forwarded byte for byte.

Usage: fakesnow_json_proxy.py --listen-port P --upstream-port Q [--host 127.0.0.1] [--password PW]
Only the standard library and pyarrow (installed with snowflake-connector-python).
"""

from __future__ import annotations

import argparse
import base64
import datetime
import decimal
import gzip
import http.client
import json
import sys
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyarrow as pa

EPOCH_DATE = datetime.date(1970, 1, 1)
HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "host"}


def fraction9(nanos: int) -> str:
    """Signed nanoseconds as decimal seconds with 9 fraction digits (-1500000000 -> -1.500000000)."""
    sign = "-" if nanos < 0 else ""
    whole, frac = divmod(abs(nanos), 1_000_000_000)
    return f"{sign}{whole}.{frac:09d}"


def fixed_text(value, scale: int, is_int: bool) -> str:
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if is_int and scale > 0:
        # Snowflake's own Arrow results carry scaled integers: 12345 with scale 2 is 123.45.
        return format(decimal.Decimal(value).scaleb(-scale), "f")
    return str(value)


def real_text(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def column_texts(col: pa.Array, field: pa.Field, info: dict) -> list:
    logical = (info.get("type") or field.metadata.get(b"logicalType", b"").decode()).lower()
    scale = int(info.get("scale") or 0)
    out: list = []
    if pa.types.is_struct(col.type):
        # Timestamps: struct {epoch: seconds, fraction: nanoseconds[, timezone: minutes + 1440]}.
        epoch = col.field("epoch").to_pylist()
        fraction = col.field("fraction").to_pylist()
        tz = col.field("timezone").to_pylist() if col.type.get_field_index("timezone") >= 0 else None
        valid = col.is_valid().to_pylist()
        for i in range(len(col)):
            if not valid[i] or epoch[i] is None:
                out.append(None)  # see the module doc: fakesnow's NULL timestamps
                continue
            text = fraction9(epoch[i] * 1_000_000_000 + (fraction[i] or 0))
            if tz is not None:
                text = f"{text} {tz[i]}"
            out.append(text)
        return out
    values = col.to_pylist()
    is_int = pa.types.is_integer(col.type)
    for v in values:
        if v is None:
            out.append(None)
        elif logical == "boolean":
            out.append("1" if v else "0")
        elif logical == "fixed":
            out.append(fixed_text(v, scale, is_int))
        elif logical == "real":
            out.append(real_text(float(v)))
        elif logical == "date":
            # pyarrow gives datetime.date for date32
            out.append(str((v - EPOCH_DATE).days))
        elif logical == "time":
            # fakesnow sends TIME as int64 nanoseconds since midnight
            out.append(fraction9(int(v)))
        elif logical == "binary":
            out.append(bytes(v).hex().upper())
        elif isinstance(v, (bytes, bytearray)):
            out.append(bytes(v).decode("utf-8", "replace"))
        else:
            out.append(str(v))
    return out


def arrow_to_rowset(b64: str, rowtype: list) -> list:
    if not b64:
        return []
    table = pa.ipc.open_stream(base64.b64decode(b64)).read_all().combine_chunks()
    if table.num_columns == 0:
        return []
    columns = []
    for i in range(table.num_columns):
        info = rowtype[i] if i < len(rowtype) else {}
        col = table.column(i)
        arr = col.chunk(0) if col.num_chunks == 1 else pa.concat_arrays(col.chunks)
        columns.append(column_texts(arr, table.schema.field(i), info))
    return [list(row) for row in zip(*columns)]


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream: tuple[str, int] = ("127.0.0.1", 0)
    password: str | None = None

    def log_message(self, format, *args):  # noqa: A002 - quiet by default
        pass

    def _body(self) -> bytes:
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _reply(self, status: int, headers: list, body: bytes) -> None:
        self.send_response(status)
        for k, v in headers:
            if k.lower() not in HOP_HEADERS:
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _login_refused(self, body: bytes) -> bool:
        if self.password is None or not self.path.startswith("/session/v1/login-request"):
            return False
        raw = gzip.decompress(body) if self.headers.get("Content-Encoding") == "gzip" else body
        try:
            given = json.loads(raw)["data"].get("PASSWORD")
        except (ValueError, KeyError, TypeError, AttributeError):
            given = None
        return given != self.password

    def _forward(self) -> None:
        body = self._body()
        if self._login_refused(body):
            refusal = {
                "data": None,
                "code": "390100",
                "message": "Incorrect username or password was specified.",
                "success": False,
            }
            self._reply(200, [("Content-Type", "application/json")], json.dumps(refusal).encode())
            return
        conn = http.client.HTTPConnection(*self.upstream, timeout=600)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "accept-encoding")}
        conn.request(self.command, self.path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        resp_headers = resp.getheaders()
        conn.close()
        if resp.getheader("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        if self.path.startswith("/queries/v1/query-request"):
            data = self._reencode(data)
        self._reply(resp.status, resp_headers, data)

    def _reencode(self, data: bytes) -> bytes:
        try:
            doc = json.loads(data)
        except ValueError:
            return data
        d = doc.get("data") if isinstance(doc, dict) else None
        if isinstance(doc, dict) and doc.get("success") is False and isinstance(d, dict) and "queryId" not in d:
            d["queryId"] = f"fakesnow-proxy-error-{uuid.uuid4()}"  # see the module doc
            return json.dumps(doc).encode()
        if not isinstance(d, dict) or d.get("queryResultFormat") != "arrow":
            return data
        try:
            d["rowset"] = arrow_to_rowset(d.pop("rowsetBase64", "") or "", d.get("rowtype") or [])
        except Exception as e:  # report, never guess
            print(f"fakesnow_json_proxy: cannot re-encode a result: {e!r}", file=sys.stderr, flush=True)
            return json.dumps(
                {"data": None, "code": "000001", "message": f"fakesnow_json_proxy: {e!r}", "success": False}
            ).encode()
        d["queryResultFormat"] = "json"
        d["returned"] = len(d["rowset"])
        return json.dumps(doc).encode()

    do_POST = _forward
    do_GET = _forward
    do_PUT = _forward
    do_DELETE = _forward


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--listen-port", type=int, required=True)
    ap.add_argument("--upstream-port", type=int, required=True)
    ap.add_argument("--password", default=None)
    a = ap.parse_args()
    Proxy.upstream = (a.host, a.upstream_port)
    Proxy.password = a.password
    server = ThreadingHTTPServer((a.host, a.listen_port), Proxy)
    server.daemon_threads = True
    print(f"fakesnow_json_proxy on {a.host}:{a.listen_port} -> {a.host}:{a.upstream_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
