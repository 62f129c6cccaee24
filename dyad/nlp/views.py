"""Views of a parsed Doc that several stages read, built once per Doc.

spaCy builds them anew on every call: `doc.ents` makes a Span per entity, `doc.sents` scans the
tokens, and a loop over the doc makes a Token object per token. The actor, place and date stages
ask for them hundreds of times per article, which cost more than all their own work. A Doc is not
changed after the parse, so the views of the last few Docs are kept: the stages take one Doc at a
time, and a view holds its Doc (a Span does), so more would keep old Docs alive.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from threading import Lock

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span

RECENT_DOCS = 4


class DocViews:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._entities: tuple[Span, ...] | None = None
        self._sentence_starts: list[int] | None = None
        self._capitalised: list[int] | None = None
        self._texts: list[str] | None = None
        self._text: str | None = None
        self._sentence_texts: dict[int, tuple[str, int]] = {}

    @property
    def text(self) -> str:
        """The doc's text: Doc.text joins every token anew at each call."""
        if self._text is None:
            self._text = self.doc.text
        return self._text

    @property
    def entities(self) -> tuple[Span, ...]:
        if self._entities is None:
            self._entities = self.doc.ents
        return self._entities

    @property
    def sentence_starts(self) -> list[int]:
        if self._sentence_starts is None:
            self._sentence_starts = [s.start for s in self.doc.sents]
        return self._sentence_starts

    @property
    def capitalised(self) -> list[int]:
        """Indices of the tokens whose first character is a capital letter."""
        if self._capitalised is None:
            self._capitalised = [i for i, text in enumerate(self.texts) if text[:1].isupper()]
        return self._capitalised

    @property
    def texts(self) -> list[str]:
        """Every token's text."""
        if self._texts is None:
            strings = self.doc.vocab.strings
            self._texts = [strings[orth] for orth in self.doc.to_array(ORTH).tolist()]
        return self._texts

    def sentence_start(self, i: int) -> int:
        """The index of the first token of token i's sentence."""
        starts = self.sentence_starts
        return starts[bisect_right(starts, i) - 1]

    def sentence_bounds(self, i: int) -> tuple[int, int]:
        """(first token, one past the last token) of token i's sentence: Token.sent builds a Span by
        walking the doc from the token, which costs as much as twenty Token objects."""
        starts = self.sentence_starts
        k = bisect_right(starts, i)
        return starts[k - 1], starts[k] if k < len(starts) else len(self.doc)

    def sentence_text(self, i: int) -> tuple[str, int]:
        """(text, first character's offset) of token i's sentence: Span.text joins its tokens anew
        at each call, and every event of a sentence asks for it."""
        start, end = self.sentence_bounds(i)
        if start not in self._sentence_texts:
            last = self.doc[end - 1]
            first_char = self.doc[start].idx
            self._sentence_texts[start] = (self.text[first_char:last.idx + len(last)], first_char)
        return self._sentence_texts[start]

    def sentence(self, i: int) -> Span:
        start, end = self.sentence_bounds(i)
        return self.doc[start:end]


_recent: OrderedDict[int, DocViews] = OrderedDict()
_lock = Lock()


def views(doc: Doc) -> DocViews:
    with _lock:
        found = _recent.get(id(doc))
        if found is None or found.doc is not doc:
            found = _recent[id(doc)] = DocViews(doc)
            while len(_recent) > RECENT_DOCS:
                _recent.popitem(last=False)
        return found
