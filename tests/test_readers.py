"""Readers: every source kind on our own small inputs."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys

from dyad.ingest.errors import Skipped
from dyad.ingest.readers import DUPLICATE_REASON, read_sources, unique_ids
from dyad.records import Article

FRENCH = "Le ministre malien a reçu son homologue sénégalais à Bamako pour parler de sécurité."


def _read(*sources, **options):
    return list(read_sources([str(s) for s in sources], **options))


def test_jsonl_fields_and_only_text_required(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"id": "a1", "lang": "fr", "title": "Titre", "date": "2023-02-07", "source": "S",
                    "url": "http://x", "text": FRENCH}) + "\n" + json.dumps({"text": FRENCH + " Encore."}) + "\n",
        encoding="utf-8")
    first, second = _read(path)
    assert first == Article(id="a1", text=FRENCH, lang="fr", title="Titre", date=dt.date(2023, 2, 7),
                            date_precision="day", source="S", url="http://x")
    assert isinstance(second, Article) and second.id.startswith("sha1-") and second.lang is None


def test_jsonl_bad_lines_are_named_by_file_and_line(tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_text("{broken\n" + json.dumps({"id": "x"}) + "\n" + json.dumps({"id": "y", "text": 5}) + "\n"
                    + json.dumps({"id": "ok", "text": FRENCH}) + "\n", encoding="utf-8")
    items = _read(path)
    assert [type(i).__name__ for i in items] == ["Skipped", "Skipped", "Skipped", "Article"]
    assert items[0].where == f"{path}:1" and "malformed JSON" in items[0].reason
    assert items[1] == Skipped("x", "no `text` field")
    assert "must be a string" in items[2].reason


def test_impossible_date_is_dropped_and_article_kept(tmp_path, caplog):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "d", "date": "2023-02-30", "text": FRENCH}) + "\n", encoding="utf-8")
    (article,) = _read(path)
    assert article.date is None
    assert "impossible date" in caplog.text


def test_txt_date_from_option_then_published_line_then_unknown(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Un titre\nPublié le mardi 7 février 2023\n\n" + FRENCH, encoding="utf-8")
    (article,) = _read(path)
    assert (article.id, article.title, article.date) == ("note", "Un titre", dt.date(2023, 2, 7))
    (forced,) = _read(path, date=dt.date(2024, 1, 1), lang="fr")
    assert (forced.date, forced.lang) == (dt.date(2024, 1, 1), "fr")
    bare = tmp_path / "bare.txt"
    bare.write_text(FRENCH, encoding="utf-8")
    assert _read(bare)[0].date is None


def test_txt_dateline(tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text("NIAMEY, 3 mars 2022 (Agence) - " + FRENCH, encoding="utf-8")
    assert _read(path)[0].date == dt.date(2022, 3, 3)


def test_latin1_and_cp1252_text_are_decoded(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Le président a reçu l’envoyé spécial à Niamey hier.".encode("cp1252"))
    assert "reçu l’envoyé" in _read(path)[0].text


def test_html_page_gives_title_date_and_main_text(tmp_path):
    body = " ".join([FRENCH] * 3)
    page = f"""<html><head><title>Visite à Bamako</title>
    <meta property="article:published_time" content="2023-02-07"></head>
    <body><nav>Accueil | Politique</nav><article><h1>Visite à Bamako</h1><p>{body}</p>
    <p>Les deux délégations se sont ensuite retrouvées pour une séance de travail élargie.</p></article>
    <script>var tracker = 1;</script></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    (article,) = _read(path)
    assert article.title == "Visite à Bamako"
    assert article.date == dt.date(2023, 2, 7)
    assert "homologue sénégalais" in article.text and "tracker" not in article.text


def test_rss_feed_entries(tmp_path):
    feed = """<?xml version="1.0"?><rss version="2.0"><channel><title>Le Fil</title>
    <item><title>Sommet à Accra</title><link>http://ex/1</link><guid>ex-1</guid>
    <pubDate>Mon, 10 Jan 2022 08:00:00 GMT</pubDate>
    <description>&lt;p&gt;Les chefs d'Etat ont imposé des sanctions au Mali.&lt;/p&gt;</description></item>
    <item><title>Sans date</title><link>http://ex/2</link>
    <description>La junte a rejeté les mesures annoncées par l'organisation.</description></item>
    </channel></rss>"""
    path = tmp_path / "fil.rss"
    path.write_text(feed, encoding="utf-8")
    first, second = _read(path)
    assert (first.id, first.source, first.date, first.url) == ("ex-1", "Le Fil", dt.date(2022, 1, 10), "http://ex/1")
    assert first.text == "Sommet à Accra\nLes chefs d'Etat ont imposé des sanctions au Mali."
    assert second.id == "http://ex/2" and second.date is None


def test_atom_feed(tmp_path):
    feed = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
    <title>Wire</title><entry><id>urn:a</id><title>Talks</title><updated>2023-05-02T10:00:00Z</updated>
    <summary>Ministers met in Dakar to discuss the border.</summary></entry></feed>"""
    path = tmp_path / "wire.atom"
    path.write_text(feed, encoding="utf-8")
    (entry,) = _read(path)
    assert (entry.id, entry.date, entry.source) == ("urn:a", dt.date(2023, 5, 2), "Wire")


def test_folder_reads_every_kind_in_name_order_and_skips_others(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "sub" / "a.jsonl").write_text(json.dumps({"id": "j", "text": FRENCH}) + "\n", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    ids = [item.id for item in _read(tmp_path)]
    assert ids == ["b", "j"]


def test_missing_file_empty_and_binary_are_skipped_with_reasons(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    items = _read(tmp_path / "missing.txt", tmp_path / "empty.txt", tmp_path / "blob.txt")
    assert [i.reason for i in items] == ["no such file or folder", "empty text", "binary content, not text"]


def test_oversized_text_is_skipped(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"id": "big", "text": "mot " * 1000}) + "\n", encoding="utf-8")
    (item,) = _read(path, max_bytes=1000)
    assert item.where == "big" and "over the size limit" in item.reason


def test_stdin_plain_text_and_jsonl(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(FRENCH.encode())))
    (article,) = _read("-")
    assert article.text == FRENCH
    line = json.dumps({"id": "s1", "text": FRENCH})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(line.encode())))
    assert _read("-")[0].id == "s1"


def test_language_codes_are_normalised(tmp_path):
    path = tmp_path / "langs.jsonl"
    path.write_text("".join(json.dumps({"id": f"l{n}", "lang": lang, "text": FRENCH}) + "\n"
                            for n, lang in enumerate(["FR", "fr-FR", "en_GB", " ", 5])), encoding="utf-8")
    assert [a.lang for a in _read(path)] == ["fr", "fr", "en", None, None]


def test_a_pipe_in_a_folder_is_skipped_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "stream.txt")
    (tmp_path / "z.txt").write_text(FRENCH, encoding="utf-8")
    items = _read(tmp_path)
    assert items[0] == Skipped(str(tmp_path / "stream.txt"), "not a regular file")
    assert items[1].id == "z"


def test_an_overlong_jsonl_line_is_skipped_and_the_next_read(tmp_path):
    path = tmp_path / "long.jsonl"
    reader_limit = 10 * 6 + 65_536
    path.write_text(json.dumps({"id": "long", "text": "mot " * reader_limit}) + "\n"
                    + json.dumps({"id": "next", "text": FRENCH}) + "\n", encoding="utf-8")
    first, second = _read(path, max_bytes=10_000)
    assert first.where == f"{path}:1" and "over the size limit" in first.reason
    assert second.id == "next"


def test_ids_and_texts_lose_controls_and_lone_surrogates(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "a\\u001b[2J\\nb", "title": "T\\u0007", "text": "Le Mali\\u0000 a \\ud800 parl\\u00e9."}\n',
                    encoding="utf-8")
    (article,) = _read(path)
    assert (article.id, article.title, article.text) == ("a [2J b", "T", "Le Mali  a \ufffd parlé.")


def test_html_entities_a_scraper_left_are_decoded_and_nothing_else(tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps({"id": "e", "text": "La d&eacute;fense &agrave; Bamako &#233;t&#xE9; &laquo;oui&raquo;. "
                                                   "AT&T, R&D, &copy 2023 et &inconnu; restent."}) + "\n",
                    encoding="utf-8")
    (article,) = _read(path)
    assert article.text == "La défense à Bamako été «oui». AT&T, R&D, &copy 2023 et &inconnu; restent."
    plain = tmp_path / "e.txt"
    plain.write_text("La d&eacute;fense &agrave; Bamako.", encoding="utf-8")
    assert _read(plain)[0].text == "La défense à Bamako."


def test_unique_ids_keep_the_first_and_name_the_conflict():
    first = Article(id="a", text=FRENCH)
    items = list(unique_ids([first, Article(id="a", text=FRENCH), Article(id="a", text=FRENCH + " Autre.")]))
    assert items == [first, Skipped("a", DUPLICATE_REASON)]


def test_stdin_text_over_the_limit(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"mot " * 1000)))
    (item,) = _read("-", max_bytes=100)
    assert item.where == "<stdin>" and "over the size limit" in item.reason


def test_a_year_or_month_alone_is_a_date_of_that_precision(tmp_path):
    path = tmp_path / "partial.jsonl"
    path.write_text('{"id": "y", "text": "Le Mali a signé un accord.", "date": "2022"}\n'
                    '{"id": "m", "text": "Le Mali a signé un accord.", "date": "2022-05"}\n', encoding="utf-8")
    articles = {item.id: item for item in _read(path) if isinstance(item, Article)}
    assert (str(articles["y"].date), articles["y"].date_precision) == ("2022-01-01", "year")
    assert (str(articles["m"].date), articles["m"].date_precision) == ("2022-05-01", "month")
