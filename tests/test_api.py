"""The REST API and the pages, driven through the real app over a real DuckDB store built from the
hand-written example events of tests/api_store.py."""

from __future__ import annotations

import csv
import io
import re
from importlib import resources

import api_store
import pytest
from api_store import XSS_TITLE, build_store
from fastapi.testclient import TestClient

from dyad.api import create_app
from dyad.api.middleware import CONTENT_SECURITY_POLICY
from dyad.pipeline import Coded
from dyad.store.writer import StoreWriter


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp("api") / "dyad.duckdb")
    with TestClient(create_app(db)) as test_client:
        yield test_client


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.text
    return response.json()


def merged_id_of(client, **filters):
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    events = get_json(client, f"/api/merged?{query}")["events"]
    assert len(events) == 1, events
    return events[0]["merged_id"]


# --- the JSON API ---------------------------------------------------------------------------------------------

def test_events_filtered_like_the_cli(client):
    body = get_json(client, "/api/events?actor=RUS&recipient=MLI&order=date")
    got = [(e["event_type"], e["status"], e["recipient_sector"], str(e["day"])) for e in body["events"]]
    assert got == [
        ("AID", "occurred", "MIL", "2022-03-31"),
        ("AID", "intended", "GOV", "2022-11-08"),
        ("AGREE", "occurred", "GOV", "2022-11-08"),
        ("CONSULT", "occurred", "GOV", "2023-02-07"),
        ("CONSULT", "occurred", "GOV", "2023-02-07"),
        ("AID", "occurred", "GOV", "2023-03-15"),
        ("SUPPORT", "occurred", "GOV", "2023-06-16"),
    ]
    assert body["total"] == 7


@pytest.mark.parametrize(("query", "expected"), [
    ("type=ASSAULT", {"ex-menaka:0", "ex-gao:0"}),
    ("status=intended", {"ex-wheat-promise:0"}),
    ("quad=4&country=MLI", {"ex-ambassador:0", "ex-protest:0", "ex-menaka:0", "ex-gao:0"}),
    ("place=ména", {"ex-menaka:0"}),
    ("actor=IGO:ECOWAS", {"ex-sanctions:0", "ex-xss:1"}),
    ("actor=lavrov", {"ex-lavrov-a:0", "ex-lavrov-b:0"}),
    ("since=2023-03&until=2023-06", {"ex-wheat-delivered:0", "ex-wheat-delivered:1", "ex-un:0", "ex-un:1"}),
    ("q=engrais", {"ex-wheat-promise:0"}),
])
def test_each_filter(client, query, expected):
    assert {e["event_id"] for e in get_json(client, f"/api/events?{query}")["events"]} == expected


def test_paging(client):
    first = get_json(client, "/api/events?limit=5&order=date")
    second = get_json(client, "/api/events?limit=5&offset=5&order=date")
    assert first["total"] == second["total"] == 22
    assert len(first["events"]) == len(second["events"]) == 5
    assert not {e["event_id"] for e in first["events"]} & {e["event_id"] for e in second["events"]}


def test_merged_event_counts_two_reports_once(client):
    merged = get_json(client, "/api/merged?type=CONSULT")
    assert merged["total"] == 1
    detail = get_json(client, f"/api/merged/{merged['events'][0]['merged_id']}")
    assert (detail["num_articles"], detail["num_sources"]) == (2, 2)
    assert sorted(m["article_id"] for m in detail["mentions"]) == ["ex-lavrov-a", "ex-lavrov-b"]


def test_timeline_both_directions(client):
    periods = get_json(client, "/api/timeline?actor=RUS&recipient=MLI&by=year")["periods"]
    got = {(p["period"], p["direction"]): (p["q1"], p["q2"], p["q3"], p["q4"]) for p in periods}
    assert got == {
        ("2022-01-01", "MLI->RUS"): (3, 0, 0, 0),
        ("2022-01-01", "RUS->MLI"): (1, 2, 0, 0),
        ("2023-01-01", "MLI->RUS"): (1, 0, 0, 0),
        ("2023-01-01", "RUS->MLI"): (2, 1, 0, 0),
    }


def test_actors_dyads_articles_pledges_summary(client):
    assert get_json(client, "/api/actors?limit=1")["actors"][0]["key"] == "MLI"
    top = get_json(client, "/api/dyads?limit=2")["dyads"]
    assert [(d["actor_key"], d["recipient_key"], d["total"]) for d in top] == [("RUS", "MLI", 6), ("MLI", "RUS", 4)]
    assert [a["id"] for a in get_json(client, "/api/articles?q=blé")["articles"]] == ["ex-wheat-delivered",
                                                                                       "ex-wheat-promise"]
    (pledge,) = get_json(client, "/api/pledges")["pledges"]
    assert (pledge["state"], pledge["delay_days"]) == ("fulfilled", 127)
    assert get_json(client, "/api/summary")["articles"] == 12


def test_openapi_names_the_cli_filters(client):
    schema = get_json(client, "/api/openapi.json")
    names = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "recipient", "type", "status", "quad", "country", "place", "since", "until", "q"} <= names
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "/api/timeline" in docs.text


# --- JSON twins of the pages --------------------------------------------------------------------------------

def test_overview_twin(client):
    body = get_json(client, "/api/overview?by=year")
    assert body["stats"]["events"] == 21 and body["stats"]["records"] == 22
    assert [(v["period"], v["total"]) for v in body["volume"]] == [("2022", 14), ("2023", 7)]
    assert (body["dyads"][0]["actor"]["key"], body["dyads"][0]["recipient"]["key"]) == ("RUS", "MLI")
    assert body["events"][0]["date"] == "2023-07-27"


def test_dyad_twin(client):
    body = get_json(client, "/api/dyads/RUS/MLI")
    assert [(d["label"], d["events"]) for d in body["directions"]] == [("Russia → Mali", 6), ("Mali → Russia", 4)]
    forward = body["timeline"]["forward"]["periods"]
    assert forward[0]["period"] == "2022-03" and len(forward) == len(body["timeline"]["backward"]["periods"]) == 16
    assert [p["state"] for p in body["pledges"]] == ["fulfilled"]
    assert len(body["events"]) == body["total"] == 10


def test_dyad_of_an_actor_without_events_is_404_and_of_an_unknown_one_422(client):
    assert "NZL" in get_json(client, "/api/dyads/NZL/MLI", 404)["detail"]
    assert "XYZ" in get_json(client, "/api/dyads/XYZ/MLI", 422)["detail"]


def test_dyad_page_takes_names(client):
    body = get_json(client, "/api/dyads/Russie/Mali")
    assert (body["actor"], body["recipient"], body["total"]) == ("RUS", "MLI", 10)


def test_event_twin_marks_trigger_actor_recipient(client):
    body = get_json(client, f"/api/events/{merged_id_of(client, type='CONSULT')}")
    second = next(m for m in body["mentions"] if m["article_id"] == "ex-lavrov-b")
    marked = [(s["kind"], s["text"]) for s in second["segments"] if s["kind"]]
    assert marked == [("actor", "Sergueï Lavrov"), ("trigger", "a rencontré"), ("recipient", "Abdoulaye Diop")]
    record = get_json(client, "/api/events/ex-lavrov-b:0")
    assert record["kind"] == "record" and record["merged_id"] == body["id"] and record["num_articles"] == 2


def test_article_twin_cuts_text_at_triggers(client):
    body = get_json(client, "/api/articles/ex-wheat-promise")
    assert "".join(s["text"] for s in body["segments"]) == body["text"]
    marked = {s["text"]: sorted(e["id"] for e in s["events"]) for s in body["segments"] if s["events"]}
    assert marked == {"promis de livrer": ["ex-wheat-promise:0"],
                      "ont convenu": ["ex-wheat-promise:1", "ex-wheat-promise:2"]}


def test_map_twin(client):
    body = get_json(client, "/api/map")
    assert (body["matching"], body["located"], body["places"]) == (21, 20, 7)
    bamako = body["locations"][0]
    assert (bamako["name"], bamako["events"], bamako["dominant_quad"]) == ("Bamako", 11, 1)
    assert get_json(client, "/api/map?type=ASSAULT")["located"] == 2


# --- pages ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "twin", "text"), [
    ("/", "/api/overview", "Most active dyads"),
    ("/dyads/RUS/MLI", "/api/dyads/RUS/MLI", "Russia ⇄ Mali"),
    ("/events/ex-lavrov-a:0", "/api/events/ex-lavrov-a%3A0", "a rencontré"),
    ("/articles/ex-wheat-promise", "/api/articles/ex-wheat-promise", "Moscou promet du blé au Mali"),
    ("/map?type=ASSAULT", "/api/map?type=ASSAULT", "Where events happened"),
])
def test_pages_render_with_json_twin_and_csp(client, path, twin, text):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert f'href="{twin}"' in response.text.replace("&amp;", "&")
    assert text in response.text
    assert client.get(twin).status_code == 200


def test_filters_stay_in_the_url(client):
    page = client.get("/?actor=RUS&type=AID").text
    assert 'name="actor" value="RUS"' in page
    assert '<option value="AID" selected>' in page
    assert 'href="/api/overview?actor=RUS&amp;type=AID"' in page


def test_untrusted_text_is_escaped_everywhere(client):
    for path in ("/", "/articles/ex-xss", "/events/ex-xss:0"):
        page = client.get(path).text
        assert "<script>window" not in page and "<img src=x" not in page and "<b onmouseover" not in page
    article = client.get("/articles/ex-xss").text
    assert "Coup &lt;script&gt;window.__dyad_xss" in article
    assert get_json(client, "/api/articles/ex-xss")["title"] == XSS_TITLE


def test_every_script_tag_is_ours(client):
    for path in ("/", "/dyads/RUS/MLI", "/articles/ex-xss", "/map", "/api/docs"):
        tags = re.findall(r"<script[^>]*>", client.get(path).text)
        assert tags == ['<script src="/static/dyad.js" defer>'], path


def test_assets_are_local():
    """Everything a page loads is served by Dyad: no template or asset names another host."""
    allowed = {"http://www.w3.org/2000/svg"}
    root = resources.files("dyad.api")
    for folder in ("templates", "static"):
        for item in (root / folder).iterdir():
            urls = set(re.findall(r"https?://[^\s\"'<>)]+", item.read_text(encoding="utf-8")))
            assert urls <= allowed, (item.name, urls - allowed)


def test_static_assets_served(client):
    for name, kind in (("dyad.js", "javascript"), ("dyad.css", "text/css"), ("basemap.json", "json")):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200 and kind in response.headers["content-type"]
    assert len(client.get("/static/basemap.json").json()["countries"]) > 150


# --- bad input ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "parameter"), [
    ("quad=9", "quad"),
    ("quad=abc", "quad"),
    ("type=FOO", "type"),
    ("status=maybe", "status"),
    ("since=2023-13", "since"),
    ("since=yesterday", "since"),
    ("country=FRANCE", "country"),
    ("actor=RUS';DROP TABLE events;--", "actor"),
    ("q=" + "x" * 201, "q"),
    ("limit=0", "limit"),
    ("limit=100000", "limit"),
    ("offset=-1", "offset"),
])
def test_invalid_parameters_get_a_clear_422(client, query, parameter):
    body = get_json(client, f"/api/events?{query}", 422)
    assert body["detail"].startswith(f"{parameter}:")
    assert body["errors"][0]["parameter"] == parameter


def test_impossible_dates_and_reversed_windows(client):
    assert "2023-02-30" in get_json(client, "/api/events?since=2023-02-30", 422)["detail"]
    assert "before since" in get_json(client, "/api/events?since=2023-06&until=2023-01", 422)["detail"]


def test_invalid_parameters_on_a_page_get_an_html_error(client):
    response = client.get("/?quad=9&q=<script>")
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
    assert "quad" in response.text and "<script>" not in response.text


def test_empty_parameters_are_no_filter(client):
    assert get_json(client, "/api/events?type=&status=&quad=&actor=RUS&recipient=MLI")["total"] == 7


def test_injection_payloads_match_nothing_and_change_nothing(client):
    before = get_json(client, "/api/summary")
    for payload in ("' OR 1=1 --", "'); DELETE FROM events; --", "%' OR '%'='"):
        assert client.get("/api/events", params={"q": payload}).json()["total"] == 0
        assert client.get("/api/events", params={"place": payload}).json()["total"] == 0
    assert get_json(client, "/api/summary") == before


def test_unknown_ids_and_traversal_are_404(client):
    for path in ("/api/events/nope", "/api/articles/nope", "/api/merged/m-0", "/api/articles/..%2F..%2Fetc%2Fpasswd",
                 "/static/..%2Fapp.py", "/api/nowhere"):
        assert client.get(path).status_code == 404, path
    page = client.get("/events/nope")
    assert page.status_code == 404 and "no event" in page.text


def test_missing_store_is_503(tmp_path):
    with TestClient(create_app(tmp_path / "absent.duckdb")) as absent:
        assert "dyad ingest" in get_json(absent, "/api/summary", 503)["detail"]


# --- checked input, downloads, filters on every panel ----------------------------------------------------------

@pytest.mark.parametrize("url", ["/api/events?actr=RUS", "/api/timeline?actor=RUS&recipient=MLI&per=month",
                                 "/api/summary?x=1", "/api/overview?sinse=2021"])
def test_an_unknown_parameter_is_422_naming_what_is_taken(client, url):
    body = get_json(client, url, 422)
    assert body["errors"][0]["parameter"] in url and "unknown parameter" in body["detail"]


def test_an_unknown_parameter_on_a_page_is_an_html_422(client):
    response = client.get("/?actr=RUS")
    assert response.status_code == 422 and "unknown parameter" in response.text and "actor" in response.text


@pytest.mark.parametrize("query, expected", [("actor=Mali", "MLI"), ("actor=CEDEAO", "IGO:ECOWAS"),
                                             ("recipient=Russie", "RUS")])
def test_names_are_resolved_like_the_cli(client, query, expected):
    side = query.split("=")[0]
    events = get_json(client, f"/api/events?{query}")["events"]
    assert events and {e[f"{side}_key"] for e in events} == {expected}


def test_an_unknown_actor_is_422_with_the_nearest_names(client):
    detail = get_json(client, "/api/events?actor=Mallí", 422)["detail"]
    assert "no actor is known as 'Mallí'" in detail and "Mali" in detail


def test_csv_downloads_hold_what_the_filters_keep_in_the_cli_columns(client):
    response = client.get("/api/events.csv?actor=RUS&type=AID")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    listed = get_json(client, "/api/events?actor=RUS&type=AID&limit=500")["events"]
    assert sorted(r["event_id"] for r in rows) == sorted(e["event_id"] for e in listed)
    assert list(rows[0]) == list(listed[0]) and rows[0]["article_url"].startswith("https://example.org/")
    merged = list(csv.DictReader(io.StringIO(client.get("/api/merged.csv?since=2023").text)))
    assert len(merged) == get_json(client, "/api/merged?since=2023")["total"]
    assert client.get("/api/events.csv?type=HUG").status_code == 422


def test_the_overview_links_its_downloads_with_its_filters(client):
    page = client.get("/?recipient=MLI&since=2022-06&by=year").text
    assert 'href="/api/merged.csv?since=2022-06&amp;recipient=MLI"' in page
    assert 'href="/api/events.csv?since=2022-06&amp;recipient=MLI"' in page


def test_every_panel_of_the_overview_honours_every_filter(client):
    body = get_json(client, "/api/overview?recipient=RUS&type=SUPPORT")
    assert {(d["actor"]["key"], d["recipient"]["key"]) for d in body["dyads"]} == {("MLI", "RUS")}
    assert sum(v["total"] for v in body["volume"]) == body["stats"]["matching"] == len(body["events"])
    assert {e["event_type"] for e in body["events"]} == {"SUPPORT"}


def test_date_filters_keep_a_year_or_a_month(client):
    page = client.get("/?since=2021&until=2022-06").text
    assert 'name="since" value="2021"' in page and 'name="until" value="2022-06"' in page
    assert 'type="date"' not in page


def test_the_article_url_is_a_link_that_keeps_the_referrer_to_itself(client):
    page = client.get("/articles/ex-wheat-promise").text
    assert '<a class="code source" href="https://example.org/ex-wheat-promise" rel="noopener noreferrer">' in page


def test_a_url_that_is_not_http_is_shown_never_linked(tmp_path):
    (promise,) = [s for s in api_store.stories() if s.article.id == "ex-wheat-promise"]
    promise.article = promise.article.model_copy(update={"url": "javascript:alert(document.domain)"})
    db = tmp_path / "js.duckdb"
    StoreWriter(db).write([(Coded(article=promise.article, events=promise.events), "one article, one version")])
    with TestClient(create_app(db)) as js_client:
        page = js_client.get("/articles/ex-wheat-promise").text
        assert "javascript:alert(document.domain)" in page and 'href="javascript:' not in page
        assert get_json(js_client, "/api/articles/ex-wheat-promise")["link"] is None


def test_dates_show_as_precisely_as_they_are_known(tmp_path):
    (attack,) = [s for s in api_store.stories() if s.article.id == "ex-menaka"]
    attack.events = [e.model_copy(update={"date_precision": "month", "date_reason": "explicit"}) for e in attack.events]
    attack.article = attack.article.model_copy(update={"date_precision": "year"})
    db = tmp_path / "month.duckdb"
    StoreWriter(db).write([(Coded(article=attack.article, events=attack.events), "one article, one version")])
    with TestClient(create_app(db)) as month_client:
        assert '<td class="code">2022-06</td>' in month_client.get("/").text
        assert 'occurred</span> · 2022-06</p>' in month_client.get("/events/ex-menaka:0").text
        assert "· 2022 ·" in month_client.get("/articles/ex-menaka").text.replace("\n", " ")
        assert get_json(month_client, "/api/overview")["events"][0]["date_precision"] == "month"
