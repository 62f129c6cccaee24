"""Event dates: the time expression of the event's own clause, resolved against the publication date
with the tense of the clause it sits in (an intended event's "mardi" lies ahead); else the date of
the story the article tells (the latest recent day it names before the event); else the date of
its dateline; else the publication date.

An event the article itself dates more than a year before publication is background
(docs/coding-rules.md) and is not coded: the dater drops it. A reminder the text marks as such with no date of its
own borrows one: a pluperfect happened by the last day named before it (only the publication's
month where none is named), an archive caption gets no date at all. A deadline ("d'ici la fin de l'année") dates nothing; a relative day ("le
lendemain") counts from the day the text named before it."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dyad.geo.dateline import find_dateline
from dyad.nlp.attachment import OTHER_CLAUSES, attached, in_other_clause
from dyad.nlp.views import views
from dyad.records import Article, Event, Evidence
from dyad.when.expressions import TimeExpression, find_expressions
from dyad.when.resolve import PUBLICATION_SLACK_DAYS, Tense, TimeValue, resolve
from dyad.when.tense import clause_tense, is_pluperfect
from dyad.when.vocab import TimeVocabulary, vocabulary

# Expressions that date a period of history rather than an event ("les années 60").
NOT_EVENT_DATES = {"decade", "century", "season", "short_year"}
# A dateline opens one of the story's first short lines ("BAMAKO, 7 février (AFP) -",
# "Publié le mardi 7 février 2023" under the headline), not its first paragraph; a wire dateline
# (dyad/geo/dateline.py) gives its date within a few characters after its place.
DATELINE_LINES = 2
DATELINE_MAX_LINE = 150
DATELINE_MAX_LEAD = 40
DATELINE_DATE_REACH = 40
DAY_KINDS = ("day_month", "month_day")
# A date whose period ended more than this before publication is background.
BACKGROUND_DAYS = 366
DIRECT_STEPS = 2
# The story's own days: those the text names within this many days before publication. An event
# with no date of its own happened on the latest of them before it (a report of Monday's meeting
# says "lundi" once, then tells the rest of the meeting).
STORY_DAYS = 7
STORY_KINDS = ("day_month", "month_day", "weekday")
# A dated mention: the noun within this many words before "du"/"of" and its date.
MENTION_KINDS = ("day_month", "month_day", "month", "year")
MENTION_REACH = 4
# Dates the event's own words give, as against those borrowed from the story or the publication.
OWN_REASONS = ("explicit", "relative", "mention")
# How many characters of an ISO date each record precision fixes.
PRECISION_LENGTH = {"day": 10, "month": 7, "year": 4}
UNDATED = {"date": None, "date_raw": None, "date_precision": None, "date_reason": None}


@dataclass(frozen=True)
class NamedDay:
    offset: int
    value: TimeValue
    text: str


EXPRESSION_CACHE = 512  # texts (sentences, whole articles) whose time expressions are kept


class EventDater:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.vocab: TimeVocabulary = vocabulary(lang)
        self._expression_cache: dict[tuple[str, int], list[TimeExpression]] = {}

    def date_events(self, events: list[Event], doc: Doc, article: Article) -> list[Event]:
        """The events with their dates; background events are left out."""
        if not events:
            return events
        dateline = self.dateline_date(article)
        anchor = article.date or (dateline[0].start if dateline else None)
        # The dateline's own day is the dateline's, not a day the story names.
        days = [day for day in self.named_days(doc, anchor) if dateline is None or day.offset >= dateline[2]]
        mentions = self.dated_mentions(doc, anchor)
        dated = []
        for event in events:
            if len(event.evidence) > 1:
                dated += self._date_occurrences(event, doc, article, dateline, days, mentions)
                continue
            fields = self.date_fields(event, doc, article, dateline, days, mentions)
            if fields is not None:
                dated.append(event.model_copy(update=fields))
        return dated

    def _date_occurrences(self, event: Event, doc: Doc, article: Article,
                          dateline: tuple[TimeValue, str, int] | None, days: list[NamedDay],
                          mentions: dict[str, NamedDay]) -> list[Event]:
        """A record reported in several sentences, dated by each: the same act on different days
        the text names is one record per day (two attacks on different days are two ASSAULTs);
        otherwise one record, with the most precise date its own words give ("la rencontre de
        mardi" after an undated lead; "le 26 juillet" after "fin juillet"), else the first
        sentence's."""
        occurrences: list[tuple[dict, list[Evidence]]] = []
        first: dict | None = None
        for index, evidence in enumerate(event.evidence):
            fields = self.date_fields(event.model_copy(update={"evidence": [evidence]}), doc, article, dateline,
                                      days, mentions)
            if index == 0:
                first = fields
            if fields is None or fields["date_reason"] not in OWN_REASONS:
                continue
            # A coarser date that holds a finer one ("fin juillet", "le 26 juillet") is one act.
            same = next((k for k, (known, _) in enumerate(occurrences) if _compatible(known, fields)), None)
            if same is None:
                occurrences.append((fields, [evidence]))
                continue
            known, evidences = occurrences[same]
            finer = PRECISION_LENGTH[fields["date_precision"]] > PRECISION_LENGTH[known["date_precision"]]
            occurrences[same] = (fields if finer else known, [*evidences, evidence])
        if len(occurrences) < 2:
            fields = occurrences[0][0] if occurrences else first
            return [event.model_copy(update=fields)] if fields is not None else []
        dated_evidence = {id(evidence) for _, evidences in occurrences for evidence in evidences}
        undated = [evidence for evidence in event.evidence if id(evidence) not in dated_evidence]
        records = []
        for number, (fields, evidences) in enumerate(occurrences):
            # Sentences that give no date of their own stay with the first occurrence.
            kept = sorted(evidences + (undated if number == 0 else []), key=lambda e: e.trigger_start)
            records.append(event.model_copy(update=fields | {"evidence": kept}))
        return records

    def date_fields(self, event: Event, doc: Doc, article: Article, dateline: tuple[TimeValue, str, int] | None,
                    days: list[NamedDay] | None = None, mentions: dict[str, NamedDay] | None = None) -> dict | None:
        """The date fields of one event; None where the event is background."""
        anchor = article.date or (dateline[0].start if dateline else None)
        days = days or []
        trigger = _trigger_token(event, doc)
        if trigger is not None:
            mention = (mentions or {}).get(self.noun_key(trigger)) if trigger.pos_ == "NOUN" else None
            own = self.own_date(event, trigger, anchor, days, mention)
            if own is not None:
                return own or None
            story = _latest_before(_recent(days, anchor), event.evidence[0].trigger_start, story=True)
            if self.is_archive(trigger):
                return UNDATED | {"date_reason": "reminder"}  # an archive picture's caption: when, the text does not say
            if is_pluperfect(trigger, self.vocab):
                # What the text recalls happened by the last day it named before (the story's day
                # where it named none); with no day named at all, only the publication's month.
                past = [day for day in days if anchor is None or day.value.start <= anchor]
                earlier = _latest_before(past, event.evidence[0].trigger_start) or story
                if earlier is not None:
                    return _fields(earlier.value, earlier.text, "reminder")
                return _fields(TimeValue(anchor.replace(day=1), "month"), None, "reminder") if anchor else dict(UNDATED)
            if story is not None:
                return _fields(story.value, story.text, "story")
        if dateline is not None:
            return _fields(dateline[0], dateline[1], "dateline")
        if article.date is not None:
            return _fields(TimeValue(article.date, article.date_precision or "day"), None, "publication")
        return dict(UNDATED)

    def own_date(self, event: Event, trigger: Token, anchor: dt.date | None, days: list[NamedDay],
                 mention: NamedDay | None = None) -> dict | None:
        """The date fields from the event's own clause, or for an event noun from its dated mention
        elsewhere in the text ("le coup d'État" after "le coup d'État du 26 juillet") where no
        expression hangs from it; {} where that date makes it background; None where neither
        gives a date."""
        done = event.status != "intended"
        text = views(trigger.doc).text
        for expression, span, is_attached in self.expressions_for(trigger):
            if mention is not None and not is_attached:
                break
            before = text[max(0, expression.start - 40):expression.start]
            if self.vocab.ends_with_cue(before, self.vocab.deadline_cues):
                continue
            since = self.vocab.ends_with_cue(before, self.vocab.since_cues)
            if self.vocab.ends_with_cue(before, self.vocab.habitual_cues):
                continue
            if expression.kind == "after" and not _in_complement(span, trigger):
                continue  # "un mois après le coup d'État, la junte a...": it dates the coup, not the junta's act
            if expression.kind == "anaphoric" and trigger in span.root.subtree:
                continue  # "au lendemain de sa décision": the decision is the antecedent, not what follows it
            tense = self.event_tense(event, trigger) if is_attached else clause_tense(span.root, self.vocab)
            if done and tense in (None, "present", "future"):
                tense = "past"
            previous = _latest_before(days, expression.start)
            value = resolve(expression, self.vocab, anchor, tense, previous.value.start if previous else None,
                            done=done)
            ahead = self.vocab.direction(expression.groups.get("pre")) > 0 or self.vocab.direction(expression.groups.get("mod")) > 0
            # What has happened lies before publication, unless the text says "prochain"; a day and
            # month the text names may lie just after the article's date (dyad.when.resolve).
            named_day = bool(expression.groups.get("month")) and bool(expression.groups.get("day"))
            latest = anchor + dt.timedelta(days=PUBLICATION_SLACK_DAYS) if anchor and named_day else anchor
            if value is None or (done and not ahead and latest is not None and value.start > latest):
                continue
            if _background(value, anchor):
                if is_attached and not since:
                    return {}
                continue  # a lasting state's old start ("depuis 2018") does not make the event old
            reason = "explicit" if expression.groups.get("year") else "relative"
            return _fields(value, expression.text, reason)
        if mention is not None:
            return {} if _background(mention.value, anchor) else _fields(mention.value, mention.text, "mention")
        return None

    def noun_key(self, token: Token) -> str:
        """An event noun's lemma, or the first of its synonyms' ("putsch" is a "coup")."""
        lemma = token.lemma_.lower()
        return self.vocab.noun_synonyms.get(lemma, lemma)

    def dated_mentions(self, doc: Doc, anchor: dt.date | None) -> dict[str, NamedDay]:
        """Event nouns the text dates where it names them ("le coup d'État du 26 juillet", "the
        attack of 7 October"), by noun key: the first dated mention of each."""
        found: dict[str, NamedDay] = {}
        for expression in self._expressions_of(views(doc).text, 0):
            if expression.kind not in MENTION_KINDS:
                continue
            span = doc.char_span(expression.start, expression.end, alignment_mode="expand")
            if span is None or not len(span) or span.start == 0 or doc[span.start - 1].lower_ not in self.vocab.date_linkers:
                continue
            value = resolve(expression, self.vocab, anchor, "past", done=True)
            if value is None:
                continue
            for token in reversed(doc[max(0, span.start - 1 - MENTION_REACH):span.start - 1]):
                if token.is_sent_end:
                    break
                if token.pos_ == "NOUN":
                    found.setdefault(self.noun_key(token), NamedDay(expression.start, value, expression.text))
        return found

    def event_tense(self, event: Event, trigger: Token) -> Tense:
        """What is intended lies ahead; otherwise the tense of the trigger's clause."""
        if event.status == "intended":
            return "future"
        tense = clause_tense(trigger, self.vocab)
        return "past" if tense == "future" and event.status == "occurred" else tense

    def is_archive(self, trigger: Token) -> bool:
        """Whether the trigger's sentence is the caption of an archive picture."""
        text, _ = views(trigger.doc).sentence_text(trigger.i)
        return any(mark in text for mark in self.vocab.archive_marks)

    def _expressions_of(self, text: str, offset: int) -> list[TimeExpression]:
        """The time expressions of a sentence (or of a whole article, at offset 0), read once however
        many of its events and readers ask."""
        key = (text, offset)
        if key not in self._expression_cache:
            if len(self._expression_cache) > EXPRESSION_CACHE:
                self._expression_cache.clear()
            self._expression_cache[key] = find_expressions(text, self.vocab, offset=offset)
        return self._expression_cache[key]

    def expressions_for(self, trigger: Token) -> list[tuple[TimeExpression, Span, bool]]:
        """Time expressions of the trigger's sentence, each with its span and whether it hangs from the
        trigger: those first, then by distance; none from a clause that describes some noun."""
        text, start_char = views(trigger.doc).sentence_text(trigger.i)
        ranked = []
        for expression in self._expressions_of(text, start_char):
            span = trigger.doc.char_span(expression.start, expression.end, alignment_mode="expand")
            if expression.kind in NOT_EVENT_DATES or span is None or not len(span):
                continue
            if in_other_clause(span.root, trigger) and not _describes(span.root, trigger):
                continue
            distance = min(abs(expression.start - trigger.idx), abs(expression.end - trigger.idx))
            ranked.append((not _direct(span, trigger), distance, expression, span))
        ranked.sort(key=lambda r: r[:2])
        return [(expression, span, not unattached) for unattached, _, expression, span in ranked]

    def named_days(self, doc: Doc, anchor: dt.date | None) -> list[NamedDay]:
        """The days the text names, in text order, each read in the tense of its own clause: the
        antecedents of "le lendemain", and (the recent ones) the days of the story."""
        if anchor is None:
            return []
        found = []
        text = views(doc).text
        for expression in self._expressions_of(text, 0):
            before = text[max(0, expression.start - 40):expression.start]
            if self.vocab.ends_with_cue(before, self.vocab.habitual_cues):
                continue
            if expression.kind not in STORY_KINDS and not (
                    expression.kind == "days" and self.vocab.lookup(self.vocab.days, expression.groups["rel"]) < 0):
                continue
            span = doc.char_span(expression.start, expression.end, alignment_mode="expand")
            tense = clause_tense(span.root, self.vocab) if span is not None and len(span) else None
            value = resolve(expression, self.vocab, anchor, tense or "past", done=tense != "future")
            if value is not None and value.precision == "day":
                found.append(NamedDay(expression.start, value, expression.text))
        return found

    def dateline_date(self, article: Article) -> tuple[TimeValue, str, int] | None:
        """The date of a wire dateline ("NIAMEY, Aug 25, 2023 (Reuters) -", "BAMAKO, 7 fév (AFP) -"),
        else a full date at the head of one of the story's first short lines: its value, its text
        and the offset where it ends."""
        dateline = find_dateline(article.text)
        if dateline is not None:
            head = article.text[dateline.end:dateline.end + DATELINE_DATE_REACH]
            for expression in find_expressions(head, self.vocab, offset=dateline.end):
                if expression.kind in DAY_KINDS and (value := resolve(expression, self.vocab, article.date, "past", done=True)):
                    return value, expression.text, expression.end
        start, seen = 0, 0
        for line in article.text.split("\n"):
            if line.strip():
                seen += 1
                lead = start + len(line) - len(line.lstrip())
                for expression in find_expressions(line, self.vocab, offset=start) if len(line) <= DATELINE_MAX_LINE else ():
                    if expression.kind in DAY_KINDS and expression.start - lead <= DATELINE_MAX_LEAD and (
                            value := resolve(expression, self.vocab, article.date, "past", done=True)):
                        return value, expression.text, expression.end
                if seen >= DATELINE_LINES:
                    break
            start += len(line) + 1
        return None


def _fields(value: TimeValue, raw: str | None, reason: str) -> dict:
    precision = value.record_precision if value.precision in ("day", "week", "weekend", "month", "season", "year") else "year"
    return {"date": value.start, "date_raw": raw, "date_precision": precision, "date_reason": reason}


def _compatible(one: dict, other: dict) -> bool:
    """Whether two dates may be one day: the same, or one a month or year that holds the other."""
    length = min(PRECISION_LENGTH[one["date_precision"]], PRECISION_LENGTH[other["date_precision"]])
    return one["date"].isoformat()[:length] == other["date"].isoformat()[:length]


def _latest_before(days: list[NamedDay], offset: int, *, story: bool = False) -> NamedDay | None:
    """The last named day before `offset`; for the story's day, its first one where none comes before."""
    index = bisect_left([day.offset for day in days], offset)
    if index:
        return days[index - 1]
    return days[0] if story and days else None


def _recent(days: list[NamedDay], anchor: dt.date | None) -> list[NamedDay]:
    return [day for day in days if anchor is not None and 0 <= (anchor - day.value.start).days <= STORY_DAYS]


def _describes(node: Token, trigger: Token) -> bool:
    """Whether the clause holding `node` describes the trigger noun itself ("le forum, qui se
    tiendra les 7 et 8 février"): its date is the trigger's."""
    while node.head != node:
        if node.dep_ in OTHER_CLAUSES:
            return node.head == trigger
        node = node.head
    return False


def _in_complement(span: Span, trigger: Token) -> bool:
    """Whether the trigger names what "trois jours après" counts from: the noun "après" introduces,
    or a word of that noun's phrase."""
    noun = span[-1].head
    return noun.pos_ in ("NOUN", "PROPN") and noun.i > span[-1].i and (trigger == noun or trigger in noun.subtree)


def _direct(span: Span, trigger: Token) -> bool:
    """The expression hangs from the trigger, with no other verb between them in the text (a
    parser may hang "conclu à Paris le 24 avril 1961" from the main verb)."""
    if not attached(span.root, trigger, max_steps=DIRECT_STEPS):
        return False
    low, high = sorted((span.start, trigger.i))
    return not any(t.pos_ == "VERB" and t != trigger for t in trigger.doc[low:high + 1] if t not in span)


def _background(value: TimeValue, anchor: dt.date | None) -> bool:
    """The period the value names ended more than a year before the anchor ("en 2021", "mars 2022")."""
    return anchor is not None and (anchor - value.end).days > BACKGROUND_DAYS


def _trigger_token(event: Event, doc: Doc) -> Token | None:
    if not event.evidence:
        return None
    evidence = event.evidence[0]
    span = doc.char_span(evidence.trigger_start, evidence.trigger_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None
