"""Counts on ASSAULT, COERCE and PROTEST records: dead, injured, arrested, size.

Read from the record's own evidence sentences, with the words of dyad/lang/<lang>/counts.yaml:
a number ("12", "douze", "2,5 millions", "des centaines", "tens of thousands") after which, within
a few words and before any other number, comes a word that says what it counts ("12 morts", "deux
soldats ont été tués", "thousands marched"); or a number right after such a verb ("tuant 12",
"killed at least 12 soldiers"); or one person from a singular passive ("il a été arrêté", "a man
was killed") or, in French, a singular participle with its agent ("le passant, abattu par un
tireur"). A qualifier before the number sets its precision ("au moins" at_least, "près de"
approx); a vague amount is always approximate. Of several counts of one kind in the evidence, the
first sentence's wins (an article reports the event first, later sentences recall others), and in
it the one nearest the trigger: a sentence that sums up several attacks names each count next to
its own verb.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache

from dyad.lang import read_yaml
from dyad.records import Count, CountKey, CountPrecision, Event, Evidence

# What each counted type counts: the dead and injured of an attack, the arrested of a coercion,
# the people of a protest.
KEYS_OF_TYPE: dict[str, tuple[CountKey, ...]] = {
    "ASSAULT": ("dead", "injured"), "COERCE": ("arrested",), "PROTEST": ("size",)}
# Most words between a number and the word that says what it counts ("deux militaires de
# l'ambassade à Bamako ont été arrêtés"): further apart, the word is about something else.
MAX_GAP = 16
# Most words between a counting verb and its number, its qualifier aside ("tuant les 12").
MAX_LEAD = 2
TOKEN = re.compile(r"\d+(?:[ \u00a0\u202f.,]\d{3})+(?![\d])|\d+(?:[.,]\d+)?|[^\W\d_]+['’]?|[^\s\w]")
DIGITS = re.compile(r"\d")
# Punctuation a count never reaches across: another clause or sentence.
STOPS = frozenset(";:.!?[]")
YEAR = re.compile(r"(19|20)\d\d")
WORDLIKE = re.compile(r"\w")


@dataclass(frozen=True)
class Token:
    text: str
    start: int


@dataclass(frozen=True)
class Number:
    """A number phrase: its value, precision and the tokens it spans [first, end)."""

    n: int
    precision: CountPrecision
    first: int
    end: int
    year_like: bool = False
    part: bool = False  # "dont 13": a part of the count before it


@dataclass(frozen=True)
class Found:
    key: CountKey
    count: Count
    offset: int  # where the number starts in the sentence


def tokenize(text: str) -> list[Token]:
    return [Token(m.group().lower().replace("’", "'"), m.start()) for m in TOKEN.finditer(text)]


class Phrases:
    """Phrases as token tuples, looked up by their first token (a sentence is read token by token,
    so matching every phrase at every token cost most of the reading), longest first so that
    "plus d'une" wins over "plus d'"."""

    def __init__(self, items: Iterable[str] = ()) -> None:
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted({tuple(t.text for t in tokenize(item)) for item in items}, key=len, reverse=True):
            if phrase:
                self.by_first.setdefault(phrase[0], []).append(phrase)

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        for phrases in self.by_first.values():
            yield from phrases

    def match(self, tokens: Sequence[Token], i: int) -> int:
        """Length of the longest phrase that starts at token i, 0 if none does."""
        if i >= len(tokens):
            return 0
        for phrase in self.by_first.get(tokens[i].text, ()):
            if len(phrase) <= len(tokens) - i and all(tokens[i + k].text == word for k, word in enumerate(phrase)):
                return len(phrase)
        return 0


NO_PHRASES = Phrases()


class CountReader:
    """The counts of one language's records, built once per process and language."""

    def __init__(self, lang: str) -> None:
        data = read_yaml(lang, "counts.yaml")
        self.qualifiers = {precision: Phrases(words) for precision, words in data["qualifiers"].items()}
        self.numbers: dict[str, int] = data["numbers"]
        self.ones = frozenset(data["ones"])
        self.multipliers: dict[str, int] = data["multipliers"]
        self.vague: dict[str, int] = data["vague"]
        self.vague_determiners = Phrases(data["vague_determiners"])
        self.of = frozenset(data["of"])
        self.units = frozenset(t.text for unit in data["units"] for t in tokenize(str(unit))[:1])
        self.lead = frozenset(data["lead"])
        self.agents = frozenset(data["agents"])
        self.crowd = Phrases(data["crowd"])
        self.part_of = Phrases(data["part_of"])
        self.after = {key: Phrases(cues["after"]) for key, cues in data["counted"].items()}
        self.before = {key: Phrases(cues["before"]) for key, cues in data["counted"].items()}
        singular = data["singular"]
        self.after_one = {key: Phrases(words) for key, words in singular["after_one"].items()}
        self.one_phrases = {key: Phrases(words) for key, words in singular["phrases"].items()}
        self.auxiliaries = Phrases(singular["auxiliaries"])
        self.adverbs = frozenset(singular["adverbs"])
        self.participles = {key: Phrases(words) for key, words in singular["participles"].items()}
        self.singular_with_agent = bool(singular.get("participle_with_agent"))

    # --- numbers ----------------------------------------------------------------------------------

    def number_at(self, tokens: Sequence[Token], i: int) -> Number | None:
        """The number phrase that starts at token i (its qualifier included), if one does."""
        precision: CountPrecision = "exact"
        start = i
        for name, phrases in self.qualifiers.items():
            length = phrases.match(tokens, i)
            if length:
                precision, i = name, i + length  # type: ignore[assignment]
                break
        core = self._vague(tokens, i) or self._digits(tokens, i) or self._words(tokens, i)
        if core is None:
            return None
        n, vague, end = core
        if self._unit_follows(tokens, end):
            return None
        if vague and precision == "exact":
            precision = "approx"
        return Number(n, precision, start, end, year_like=bool(YEAR.fullmatch(tokens[i].text)))

    def _unit_follows(self, tokens: Sequence[Token], end: int) -> bool:
        """Does a unit follow the number ("17 ans", "33-year-old", "une douzaine de balles", "10:20")?"""
        if end < len(tokens) and tokens[end].text in ("-", *self.of):
            end += 1
        if end >= len(tokens):
            return False
        if tokens[end].text == ":" and end + 1 < len(tokens) and tokens[end + 1].text.isdigit():
            return True
        return tokens[end].text in self.units

    def _digits(self, tokens: Sequence[Token], i: int) -> tuple[int, bool, int] | None:
        if i >= len(tokens) or not DIGITS.match(tokens[i].text):
            return None
        text = tokens[i].text
        multiplier = self.multipliers.get(tokens[i + 1].text) if i + 1 < len(tokens) else None
        if multiplier:
            # "2,5 millions": the separator is a decimal point.
            return round(float(text.replace(",", ".").replace(" ", "")) * multiplier), False, i + 2
        grouped = re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+", text)
        if grouped:
            return int(re.sub(r"\D", "", text)), False, i + 1
        if not text.isdigit():
            return None  # a decimal counts no people
        return int(text), False, i + 1

    def _words(self, tokens: Sequence[Token], i: int) -> tuple[int, bool, int] | None:
        """Number words, joined by '-' or 'et'/'and': vingt-cinq, deux cents, two hundred and ten."""
        if i + 1 < len(tokens) and tokens[i].text in self.ones and tokens[i + 1].text in self.multipliers:
            return self.multipliers[tokens[i + 1].text], False, i + 2  # un million, a thousand
        total, current, end, j = 0, 0, None, i
        while j < len(tokens):
            word = tokens[j].text
            value = self.numbers.get(word)
            if value is None and word in self.ones and end is not None:
                value = 1  # vingt et un
            if value is None:
                break
            if value == 100:
                current = max(current, 1) * 100
            elif value >= 1000:
                total += max(current, 1) * value
                current = 0
            elif value == 20 and current == 4:
                current = 80  # quatre-vingt
            else:
                current += value
            end = j + 1
            j += 1
            if j + 1 < len(tokens) and tokens[j].text in ("-", "et", "and") and (
                    tokens[j + 1].text in self.numbers or tokens[j + 1].text in self.ones):
                j += 1
        if end is None:
            return None
        n = total + current
        multiplier = self.multipliers.get(tokens[end].text) if end < len(tokens) else None
        if multiplier and multiplier > n:
            return n * multiplier, False, end + 1
        return n, False, end

    def _vague(self, tokens: Sequence[Token], i: int) -> tuple[int, bool, int] | None:
        """"des centaines", "une dizaine", "des dizaines de milliers", "tens of thousands"."""
        j = i + self.vague_determiners.match(tokens, i)
        if j >= len(tokens) or tokens[j].text not in self.vague:
            return None
        n = self.vague[tokens[j].text]
        end = j + 1
        if (end + 1 < len(tokens) and tokens[end].text in self.of
                and self.vague.get(tokens[end + 1].text, 0) > n):
            n *= self.vague[tokens[end + 1].text]
            end += 2
        return n, True, end

    # --- counts -----------------------------------------------------------------------------------

    def read(self, sentence: str, keys: Sequence[CountKey]) -> list[Found]:
        """Every count of these kinds in one sentence, in the order found."""
        tokens = tokenize(sentence)
        numbers = self._numbers(tokens)
        led = self._before(tokens)
        counted = led + self._after(tokens, numbers, {f.offset for f in led})
        found = [f for f in counted if f.key in keys]
        if "size" in keys and not any(f.key == "size" for f in found):
            found += self._crowd(tokens, numbers, {f.offset for f in counted})
        for key in keys:
            if not any(f.key == key for f in found):
                found += self._singular(tokens, key)
        return found

    def _crowd(self, tokens: Sequence[Token], numbers: list[Number], counted: set[int]) -> list[Found]:
        """In a protest's own sentence, a number of people that counts nothing else is its size
        ("des milliers de partisans du régime, ..., se sont rassemblés")."""
        found = []
        for number in numbers:
            at = number.end + (1 if number.end < len(tokens) and tokens[number.end].text in self.of else 0)
            if (not number.part and tokens[number.first].start not in counted
                    and self.crowd.match(tokens, at)):
                found.append(Found("size", Count(n=number.n, precision=number.precision), tokens[number.first].start))
        return found

    def _numbers(self, tokens: Sequence[Token]) -> list[Number]:
        numbers, i, part = [], 0, False
        while i < len(tokens):
            length = self.part_of.match(tokens, i)
            if length:
                part, i = True, i + length
                continue
            number = self.number_at(tokens, i)
            if number is None:
                part = part and tokens[i].text not in STOPS and tokens[i].text != ","
                i += 1
                continue
            numbers.append(replace(number, part=part))
            part = False
            i = number.end
        return numbers

    def _counted_word(self, tokens: Sequence[Token], j: int) -> CountKey | None:
        """The kind of count whose word starts at token j, if one does."""
        return next((key for key, phrases in self.after.items() if phrases.match(tokens, j)), None)

    def _after(self, tokens: Sequence[Token], numbers: list[Number], claimed: set[int]) -> list[Found]:
        """A number followed, within MAX_GAP words and before the next number, by a counted word: the
        first such word says what it counts ("12 soldiers and wounded dozens": not the wounded)."""
        found = []
        for k, number in enumerate(numbers):
            if number.part or tokens[number.first].start in claimed:
                continue
            following = next((n.first for n in numbers[k + 1:] if not n.part), len(tokens))
            # A year ("depuis 2012, les attaques ont tué") counts only right before its word.
            end = number.end + 1 if number.year_like else following
            words = 0
            for j in range(number.end, min(end, len(tokens))):
                if tokens[j].text in STOPS or tokens[j].text in self.agents:
                    break
                # Only words count towards the gap: "(ouest)" or a comma is no distance.
                words += bool(WORDLIKE.match(tokens[j].text))
                if words > MAX_GAP:
                    break
                key = self._counted_word(tokens, j)
                if key is not None:
                    found.append(Found(key, Count(n=number.n, precision=number.precision), tokens[number.first].start))
                    break
        # "un mort", "a dead": an article right before some counted words is one.
        for j in range(len(tokens) - 1):
            if tokens[j].text in self.ones:
                found += [Found(key, Count(n=1, precision="exact"), tokens[j].start)
                          for key, phrases in self.after_one.items() if phrases.match(tokens, j + 1)]
        return found

    def _before(self, tokens: Sequence[Token]) -> list[Found]:
        """A counting verb or noun followed, within MAX_LEAD words, by a number ("tuant 12", "arrested a man")."""
        found = []
        for j in range(len(tokens)):
            key, length = next(((key, n) for key, phrases in self.before.items() if (n := phrases.match(tokens, j))),
                               (None, 0))
            # A passive takes no object: in "a été tué par une douzaine de balles" no number is the dead.
            if key is None or self._passive_before(tokens, j):
                continue
            for k in range(j + length, min(j + length + MAX_LEAD + 1, len(tokens))):
                number = self.number_at(tokens, k)
                if number is None and tokens[k].text in self.ones and k == j + length:
                    number = Number(1, "exact", k, k + 1)
                if number is not None and not number.year_like:
                    found.append(Found(key, Count(n=number.n, precision=number.precision), tokens[k].start))
                if number is not None or tokens[k].text not in self.lead:
                    break
        return found

    def _passive_before(self, tokens: Sequence[Token], j: int) -> bool:
        return any(tuple(t.text for t in tokens[j - len(aux):j]) == aux for aux in self.auxiliaries if j >= len(aux))

    def _singular(self, tokens: Sequence[Token], key: CountKey) -> list[Found]:
        """One person from a singular passive ("a été tué", "was arrested") or a phrase about one
        ("a trouvé la mort", "la mort du jeune")."""
        found = []
        # An adverb may sit anywhere in the verb ("a finalement été arrêté", "was later arrested").
        plain = [t for t in tokens if t.text not in self.adverbs]
        for j in range(len(plain)):
            length = self.auxiliaries.match(plain, j)
            if ((length and self.participles.get(key, NO_PHRASES).match(plain, j + length))
                    or self.one_phrases.get(key, NO_PHRASES).match(plain, j)
                    or (self.singular_with_agent and self._participle_with_agent(plain, j, key))):
                found.append(Found(key, Count(n=1, precision="exact"), plain[j].start))
        return found

    def _participle_with_agent(self, tokens: Sequence[Token], j: int, key: CountKey) -> bool:
        """A singular participle with its agent, where the language marks number on participles:
        "le passant, abattu par un tireur" is one dead, as "tués par" would be several."""
        length = self.participles.get(key, NO_PHRASES).match(tokens, j)
        return bool(length) and j + length < len(tokens) and tokens[j + length].text in self.agents

    # --- records ----------------------------------------------------------------------------------

    def counts_of(self, event: Event) -> dict[CountKey, Count]:
        """The counts of one record, from its evidence: for each kind, the count of the first sentence
        that gives one (the article's first report of the event), nearest that sentence's trigger."""
        keys = KEYS_OF_TYPE.get(event.event_type, ())
        best: dict[CountKey, tuple[tuple[int, int], Count]] = {}
        for n, evidence in enumerate(event.evidence):
            for found in self.read(evidence.sentence, keys):
                distance = (n, abs(evidence.sentence_start + found.offset - _trigger_middle(evidence)))
                if found.key not in best or distance < best[found.key][0]:
                    best[found.key] = (distance, found.count)
        return {key: best[key][1] for key in keys if key in best}

    def count_events(self, events: list[Event]) -> list[Event]:
        """The records with their counts (records of other types come back as they were)."""
        result = []
        for event in events:
            counts = self.counts_of(event) if event.event_type in KEYS_OF_TYPE else {}
            result.append(event.model_copy(update={"counts": counts}) if counts else event)
        return result


def _trigger_middle(evidence: Evidence) -> int:
    return (evidence.trigger_start + evidence.trigger_end) // 2


@cache
def reader(lang: str) -> CountReader:
    return CountReader(lang)
