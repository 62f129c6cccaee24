"""Names the actor tables lack: a misspelt country name or demonym ("Kazahks"), and a place the
tables do not hold ("Puerto Peñasco", "Oxford University", "the Madras High Court"), resolved
through the project's gazetteer to the country it lies in.

Both run only on capitalised words no table form covers, so they never override the tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import resources

from spacy.tokens import Doc, Span, Token

from dyad.actors.forms import strip_accents
from dyad.actors.tables import PLACE_SECTORS, PRIORITY, Entry
from dyad.geo.gazetteer import Gazetteer, Place
from dyad.geo.names import name_key
from dyad.geo.shared import shared_gazetteer
from dyad.nlp.views import views

# A misspelling is corrected only in words this long, where one slip leaves the word recognisable.
MIN_FUZZY_LENGTH = 7
# Table kinds whose forms a misspelling may stand for.
FUZZY_KINDS = {"country", "demonym", "capital"}
# Entity labels under which a capitalised word may be a place; the others name people, groups of
# people (NORP), dates and amounts.
PLACE_LABELS = {"GPE", "LOC", "FAC", "ORG", "MISC"}
# A place found only under another of its names ("Madras" for Chennai, "Dehli" for Delhi) must be
# a city of note: small namesakes under alternate spellings are mostly noise ("Bank", "He").
ALTERNATE_NAME_POPULATION = 100_000
# Out of the countries the article names, a one-word place must be a town of note: capitalised
# words in organisations' names and headings match many hamlets ("Mission", "Force", "Mardi").
NOTABLE_POPULATION = 20_000
MAX_RUN = 4
# Parts of speech a place name may carry: a capitalised article or pronoun opening a sentence ("Les",
# "La") is no place.
NAME_TAGS = {"PROPN", "NOUN", "ADJ", "X"}
# Entity labels of names of bodies, events and works, whose head word is no place.
BODY_LABELS = {"ORG", "MISC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"}


class FuzzyForms:
    """One-edit matching (insertion, deletion, substitution or transposition) of single-word
    country names, capitals and demonyms, through an index of each form with one letter deleted."""

    def __init__(self, forms: dict[str, list[Entry]]) -> None:
        self.entries: dict[str, Entry] = {}
        self.deletes: dict[str, set[str]] = {}
        codes: dict[str, set[str]] = {}
        for form, entries in forms.items():
            word = _fold(form)
            if len(word) < MIN_FUZZY_LENGTH or not word.isalpha():
                continue
            for entry in entries:
                if entry.kind in FUZZY_KINDS and entry.code:
                    codes.setdefault(word, set()).add(entry.code)
                    self.entries.setdefault(word, entry)
        for word, found in codes.items():
            if len(found) > 1:
                del self.entries[word]
                continue
            for variant in {word, *_deletions(word)}:
                self.deletes.setdefault(variant, set()).add(word)

    def match(self, text: str) -> Entry | None:
        """The one table entry within one edit of `text`, if exactly one country answers."""
        word = _fold(text)
        if len(word) < MIN_FUZZY_LENGTH or not word.isalpha():
            return None
        candidates = {form for variant in {word, *_deletions(word)} for form in self.deletes.get(variant, ())}
        codes = {self.entries[f].code for f in candidates if _one_edit(word, f)}
        if len(codes) != 1:
            return None
        form = next(f for f in candidates if _one_edit(word, f))
        entry = self.entries[form]
        return Entry(entry.kind, entry.code, entry.sector, priority=entry.priority - 1)


def _fold(text: str) -> str:
    return strip_accents(text).lower()


def _deletions(word: str) -> Iterator[str]:
    return (word[:i] + word[i + 1:] for i in range(len(word)))


def _one_edit(a: str, b: str) -> bool:
    """Optimal string alignment distance exactly one."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


class PlaceNames:
    """Capitalised words no table covers, looked up in the gazetteer: the most populous place of
    that name gives the country (a city its people, CVL, as a table city does)."""

    def __init__(self, labels: set[str] = PLACE_LABELS) -> None:
        self.labels = labels
        self.abbreviations = _abbreviations()
        self._gazetteer: Gazetteer | None = None

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = shared_gazetteer()
        return self._gazetteer

    def atoms(self, doc: Doc, covered: set[int], roles: set[int],
              context: set[str]) -> Iterator[tuple[Span, Entry]]:
        """(span, entry) for each longest run of candidate words that names a place; a place in a
        country the article names (`context`) wins over a more populous namesake elsewhere."""
        candidates = [i for i in views(doc).capitalised if i not in covered and self._candidate(doc[i], roles)]
        for run in _runs(doc, candidates):
            for span, entry in self._longest_places(doc, run, context):
                if not _names_body(span):
                    yield span, entry

    def _candidate(self, token: Token, roles: set[int]) -> bool:
        if not token.text[:1].isupper() or token.is_stop or token.pos_ not in NAME_TAGS or token.is_upper:
            return False
        if token.ent_type_ and token.ent_type_ not in self.labels:
            return False
        # A capitalised common noun is a place only where it names one ("Dehli police").
        return token.pos_ == "PROPN" or bool(token.ent_type_) or token.head.i in roles

    def _longest_places(self, doc: Doc, run: list[int], context: set[str]) -> Iterator[tuple[Span, Entry]]:
        start, end = run[0], run[-1] + 1
        while start < end:
            for stop in range(min(end, start + MAX_RUN), start, -1):
                place = self.best(doc[start:stop].text, context, one_word=stop - start == 1)
                if place is not None:
                    yield doc[start:stop], Entry("city", place.country, PLACE_SECTORS["city"],
                                                 priority=PRIORITY["city"] - 1)
                    start = stop
                    break
            else:
                start += 1

    def known(self, name: str) -> bool:
        """Whether some place bears exactly this name (then it is no misspelling)."""
        key = name_key(name)
        return any(name_key(p.name) == key for p in self.gazetteer.lookup(name))

    def best(self, name: str, context: Iterable[str] = (), one_word: bool = False) -> Place | None:
        literal, spelt = name_key(name), self._spelt_out(name)
        places = self._named(literal, (literal, spelt)) or self._named(spelt, (spelt,))
        places = [p for p in places if p.country in context or not one_word or p.population >= NOTABLE_POPULATION]
        return max(places, key=lambda p: (p.country in context, p.population), default=None)

    def _named(self, key: str, names: tuple[str, ...]) -> list[Place]:
        """Places found under `key` whose own name is one of `names`, or that are large enough for
        another of their names to be trusted."""
        # Countries are the tables' (and the one-edit match's) business.
        return [p for p in self.gazetteer.lookup(key) if p.country and not p.generic and p.kind in ("city", "region")
                and (name_key(p.name) in names or p.population >= ALTERNATE_NAME_POPULATION)]


    def _spelt_out(self, name: str) -> str:
        return " ".join(self.abbreviations.get(word, word) for word in name_key(name).split())


def _abbreviations() -> dict[str, str]:
    text = resources.files("dyad.actors.data").joinpath("place_abbreviations.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {short.strip(): full.strip() for short, full in rows[1:]}


def _names_body(span: Span) -> bool:
    """A place word that heads part of an organisation's name names the body, not the place
    ("the Bank of Mexico"); one that is the whole name is the place the tagger mistook
    ("Puerto Peñasco" tagged ORG)."""
    ent = next((e for e in views(span.doc).entities if e.start <= span.start and span.end <= e.end), None)
    if ent is None or ent.label_ not in BODY_LABELS or (ent.start, ent.end) == (span.start, span.end):
        return False
    return span.start <= ent.root.i < span.end


def _runs(doc: Doc, kept: list[int]) -> Iterable[list[int]]:
    """Maximal runs of consecutive kept tokens (indices in order), within one sentence."""
    run: list[int] = []
    for i in kept:
        if run and i == run[-1] + 1 and not doc[i].is_sent_start:
            run.append(i)
            continue
        if run:
            yield run
        run = [i]
    if run:
        yield run
