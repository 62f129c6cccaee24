"""API abuse: every parameter of every route (read from the app's own OpenAPI schema, plus the pages
that twin the JSON routes) gets SQL-injection, path-traversal, script, malformed and oversized
values. No answer is a server error; refusals are 4xx with a message naming the parameter; nothing
in the store changes, no file is read or written, and no payload comes back unescaped in a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from api_store import build_store
from fastapi.testclient import TestClient
from store_kit import snapshot

from dyad.api import create_app

pytestmark = pytest.mark.slow

BENIGN = {"actor": "RUS", "recipient": "MLI", "merged_id": "m-1", "event_id": "a:0", "article_id": "a"}
OVERSIZED = "x" * 10_000
SCRIPT = "<script>alert('dyad')</script>"


def _payloads(tmp) -> list[str]:
    """Every kind of hostile value; CORE of them go to every parameter, all of them to /api/events."""
    return [
        "RUS'; DROP TABLE events; --", "%' OR '%'='", f"x'); COPY events TO '{tmp}/leak.csv'; --",
        "../../../../etc/passwd", "..%2F..%2F..%2Fetc%2Fpasswd", SCRIPT, "99999999999999999999999",
        "\u202e\u0000🇲🇱",
        "' OR 1=1 --", "1; DELETE FROM articles", '" OR ""="', "1 UNION SELECT id, text FROM articles --",
        f"'); ATTACH '{tmp}/evil.duckdb' AS evil; --", "$actor", "?", "/etc/passwd", "....//....//etc/passwd",
        "..\\..\\win.ini", "file:///etc/passwd", "-1", "1e309", "NaN", "0x10", OVERSIZED,
    ]


CORE = 8
FULL_ROUTE = "/api/events"


@pytest.fixture(scope="module")
def app_and_db(tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp("abuse") / "store.duckdb")
    return create_app(db), db


@dataclass(frozen=True)
class Route:
    path: str
    in_path: tuple[str, ...]
    in_query: tuple[str, ...]
    required_query: tuple[str, ...]

    def url(self, name: str, value: str) -> str:
        """The route with `name` set to `value`, every other required parameter benign."""
        filled = self.path
        for param in self.in_path:
            filled = filled.replace("{" + param + "}", quote(value if param == name else BENIGN[param], safe=""))
        query = {param: BENIGN[param] for param in self.required_query if param != name}
        if name in self.in_query:
            query[name] = value
        return filled + ("?" + urlencode(query) if query else "")


def _routes(app) -> list[Route]:
    """Every GET route of the OpenAPI schema, and the page twin of those that have one."""
    routes = []
    for path, operations in app.openapi()["paths"].items():
        if "get" not in operations:
            continue
        params = operations["get"].get("parameters", [])
        route = Route(path, tuple(p["name"] for p in params if p["in"] == "path"),
                      tuple(p["name"] for p in params if p["in"] == "query"),
                      tuple(p["name"] for p in params if p["in"] == "query" and p.get("required")))
        routes.append(route)
        page = {"/api/overview": "/", "/api/map": "/map"}.get(path)
        if page is None and re.match(r"^/api/(dyads|events|articles)/\{", path):
            page = path.removeprefix("/api")
        if page:
            routes.append(Route(page, route.in_path, route.in_query, route.required_query))
    return routes


def _check(response, path: str, name: str, value: str) -> None:
    where = f"{path} {name}={value[:40]!r}"
    assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:300]}"
    assert "root:x:0:0" not in response.text, where
    is_json = path.startswith("/api/")
    if 400 <= response.status_code < 500 and is_json:
        detail = response.json().get("detail")
        assert isinstance(detail, str) and detail, where
    if not is_json:
        assert SCRIPT not in response.text, f"{where}: payload echoed unescaped"


def test_every_parameter_resists_every_payload(app_and_db, tmp_path):
    app, db = app_and_db
    before = snapshot(db)
    payloads = _payloads(tmp_path)
    requests = 0
    with TestClient(app, raise_server_exceptions=False) as client:
        for route in _routes(app):
            for name in route.in_path + route.in_query:
                for value in payloads if route.path == FULL_ROUTE else payloads[:CORE]:
                    _check(client.get(route.url(name, value)), route.path, name, value)
                    requests += 1
    assert requests > 1000, requests
    assert snapshot(db) == before, "the store changed"
    assert not list(tmp_path.iterdir()), "a payload wrote a file"


def test_oversized_values_are_4xx_naming_the_parameter(app_and_db):
    app, _ = app_and_db
    with TestClient(app, raise_server_exceptions=False) as client:
        for route in _routes(app):
            if not route.path.startswith("/api/"):
                continue
            for name in route.in_path + route.in_query:
                response = client.get(route.url(name, OVERSIZED))
                assert response.status_code == 422, f"{route.path} {name}: {response.status_code}"
                assert response.json()["detail"].startswith(f"{name}:"), response.json()["detail"][:200]


@pytest.mark.parametrize("query", ["limit=%ff%fe", "q=%zz%", "since=%00", "limit=1&limit=abc", "quad=%F0%9F%87%B2",
                                   "actor=" + "%C0%AF" * 10, "&&&=&=", "limit=" + "9" * 5000])
def test_malformed_query_strings_are_4xx_or_harmless(app_and_db, query):
    app, _ = app_and_db
    with TestClient(app, raise_server_exceptions=False) as client:
        for path in ("/api/events", "/api/merged", "/"):
            response = client.get(f"{path}?{query}")
            assert response.status_code in (200, 422), f"{path}?{query[:60]}: {response.status_code}"
            if response.status_code == 422 and path.startswith("/api/"):
                assert response.json()["detail"]


@pytest.mark.parametrize("path", ["/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                                  "/static/..%2f..%2f..%2fetc%2fpasswd", "/static//etc/passwd",
                                  "/static/%2e%2e%5c%2e%2e%5capp.py", "/api/articles/..%2f..%2f..%2fetc%2fpasswd",
                                  "/articles/%2e%2e/%2e%2e/etc/passwd", "/static/dyad.css%00.py"])
def test_path_traversal_reads_no_file(app_and_db, path):
    app, _ = app_and_db
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get(path)
    assert response.status_code in (404, 400, 422), f"{path}: {response.status_code}"
    assert "root:x:0:0" not in response.text and "create_app" not in response.text
