"""Event dates: the time expression attached to the event in its sentence, resolved against the
publication date with the event's tense (an intended event's "mardi" lies ahead); else the date
of the story's dateline; else the publication date."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dyad.nlp.attachment import attached, in_other_clause
from dyad.nlp.views import views
from dyad.records import Article, Event
from dyad.when.expressions import TimeExpression, find_expressions
from dyad.when.resolve import Tense, TimeValue, resolve
from dyad.when.tense import clause_tense
from dyad.when.vocab import TimeVocabulary, vocabulary

# Expressions that date a period of history rather than an event ("les années 60").
NOT_EVENT_DATES = {"decade", "century", "season", "short_year"}
# A dateline opens one of the story's first short lines ("BAMAKO, 7 février (AFP) -",
# "Publié le mardi 7 février 2023" under the headline), not its first paragraph.
DATELINE_LINES = 2
DATELINE_MAX_LINE = 150
DATELINE_MAX_LEAD = 40
# A date more than this before publication is background unless the trigger governs it directly.
BACKGROUND_DAYS = 366
DIRECT_STEPS = 2


class EventDater:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.vocab: TimeVocabulary = vocabulary(lang)

    def date_events(self, events: list[Event], doc: Doc, article: Article) -> list[Event]:
        if not events:
            return events
        dateline = self.dateline_date(article)
        return [e.model_copy(update=self.date_fields(e, doc, article, dateline)) for e in events]

    def date_fields(self, event: Event, doc: Doc, article: Article, dateline: tuple[TimeValue, str] | None) -> dict:
        anchor = article.date or (dateline[0].start if dateline else None)
        trigger = _trigger_token(event, doc)
        if trigger is not None:
            tense = self.event_tense(event, trigger)
            for expression, is_attached in self.expressions_for(trigger):
                value = resolve(expression, self.vocab, anchor, tense)
                if value is not None and (is_attached or not _background(value, anchor)):
                    reason = "explicit" if expression.groups.get("year") else "relative"
                    return _fields(value, expression.text, reason)
        if dateline is not None:
            return _fields(dateline[0], dateline[1], "dateline")
        if article.date is not None:
            return _fields(TimeValue(article.date, article.date_precision or "day"), None, "publication")
        return {"date": None, "date_raw": None, "date_precision": None, "date_reason": None}

    def event_tense(self, event: Event, trigger: Token) -> Tense:
        """What is intended lies ahead; otherwise the tense of the trigger's clause."""
        if event.status == "intended":
            return "future"
        tense = clause_tense(trigger, self.vocab)
        return "past" if tense == "future" and event.status == "occurred" else tense

    def expressions_for(self, trigger: Token) -> list[tuple[TimeExpression, bool]]:
        """Time expressions of the trigger's sentence, each with whether it hangs from the trigger:
        those first, then by distance; none from a clause that describes some noun."""
        sent = views(trigger.doc).sentence(trigger.i)
        ranked = []
        for expression in find_expressions(sent.text, self.vocab, offset=sent.start_char):
            span = trigger.doc.char_span(expression.start, expression.end, alignment_mode="expand")
            if expression.kind in NOT_EVENT_DATES or span is None or not len(span) or in_other_clause(span.root, trigger):
                continue
            distance = min(abs(expression.start - trigger.idx), abs(expression.end - trigger.idx))
            ranked.append((not _direct(span, trigger), distance, expression))
        return [(expression, not unattached) for unattached, _, expression in sorted(ranked, key=lambda r: r[:2])]

    def dateline_date(self, article: Article) -> tuple[TimeValue, str] | None:
        """A full date at the head of one of the story's first short lines."""
        lines = [line for line in article.text.lstrip().split("\n") if line.strip()][:DATELINE_LINES]
        for line in (line for line in lines if len(line) <= DATELINE_MAX_LINE):
            for expression in find_expressions(line, self.vocab):
                if expression.kind in ("day_month", "month_day") and expression.start <= DATELINE_MAX_LEAD:
                    value = resolve(expression, self.vocab, article.date, "past")
                    if value is not None:
                        return value, expression.text
        return None


def _fields(value: TimeValue, raw: str | None, reason: str) -> dict:
    precision = value.record_precision if value.precision in ("day", "week", "weekend", "month", "season", "year") else "year"
    return {"date": value.start, "date_raw": raw, "date_precision": precision, "date_reason": reason}


def _direct(span: Span, trigger: Token) -> bool:
    """The expression hangs from the trigger, with no other verb between them in the text (a
    parser may hang "conclu à Paris le 24 avril 1961" from the main verb)."""
    if not attached(span.root, trigger, max_steps=DIRECT_STEPS):
        return False
    low, high = sorted((span.start, trigger.i))
    return not any(t.pos_ == "VERB" and t != trigger for t in trigger.doc[low:high + 1] if t not in span)


def _background(value: TimeValue, anchor) -> bool:
    return anchor is not None and (anchor - value.start).days > BACKGROUND_DAYS


def _trigger_token(event: Event, doc: Doc) -> Token | None:
    if not event.evidence:
        return None
    evidence = event.evidence[0]
    span = doc.char_span(evidence.trigger_start, evidence.trigger_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


