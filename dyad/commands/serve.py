"""`dyad serve`: the REST API and dashboard over a store, on http://HOST:PORT/."""

from __future__ import annotations

import argparse
from pathlib import Path

from dyad.ingest.errors import printable
from dyad.store.connection import default_db_path, inspect_store

HIGHEST_PORT = 65535


def port_number(value: str) -> int:
    try:
        port = int(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from error
    if not 1 <= port <= HIGHEST_PORT:
        raise argparse.ArgumentTypeError(f"a port is between 1 and {HIGHEST_PORT}, not {port}")
    return port


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, help="store file (default $DYAD_DB or ./dyad.duckdb)")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=port_number, default=8000, help="port (default 8000)")
    parser.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    import uvicorn

    from dyad.api import create_app

    db = args.db or default_db_path()
    if not inspect_store(db):
        print(printable(f"dyad serve: no store at {db}: run `dyad ingest --db {db} SOURCES...` first"))
        return 2
    print(printable(f"Dyad dashboard on http://{args.host}:{args.port}/ (API docs at /api/docs), store {db}"))
    uvicorn.run(create_app(db), host=args.host, port=args.port, log_level="warning")
    return 0
