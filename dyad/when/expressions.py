"""Time expressions in a stretch of text: every pattern of the language's vocabulary, the longest
match kept where they overlap."""

from __future__ import annotations

from dataclasses import dataclass

from dyad.when.vocab import TimeVocabulary, _plain

# Kinds that only make sense as a whole annotated span (a bare "98" is a year only when nothing
# else is there), and kinds that need a cue before them in running text ("en 2023").
WHOLE_SPAN_ONLY = {"short_year"}
NEEDS_CUE = {"year"}


@dataclass(frozen=True)
class TimeExpression:
    kind: str
    start: int
    end: int
    text: str
    groups: dict[str, str | None]


def find_expressions(text: str, vocab: TimeVocabulary, *, offset: int = 0, cued_years_only: bool = True) -> list[TimeExpression]:
    """Non-overlapping time expressions of `text`, in order; offsets are shifted by `offset`."""
    found: list[TimeExpression] = []
    for kind, pattern in vocab.patterns:
        for match in pattern.finditer(text):
            if match.end() == match.start():
                continue
            expression = TimeExpression(kind, match.start() + offset, match.end() + offset, match.group(0),
                                        match.groupdict())
            if _acceptable(expression, text[: match.start()], vocab, cued_years_only):
                found.append(expression)
    chosen: list[TimeExpression] = []
    for expression in sorted(found, key=lambda e: (-(e.end - e.start), e.start)):
        if all(expression.end <= c.start or c.end <= expression.start for c in chosen):
            chosen.append(expression)
    return sorted(chosen, key=lambda e: e.start)


def _has_article(text: str) -> bool:
    return _plain(text).split(" ")[0].startswith(("l'", "le", "la", "the"))


def _acceptable(expression: TimeExpression, before: str, vocab: TimeVocabulary, cued_years_only: bool) -> bool:
    groups = expression.groups
    if expression.kind == "period" and not (groups.get("pre") or groups.get("mod") or groups.get("part")):
        return False
    if expression.kind == "season" and not (groups.get("pre") or groups.get("year") or _has_article(expression.text)
                                            or _plain(before[-4:]).split()[-1:] in (["en"], ["in"])):
        return False  # "été" is also the participle of "être"
    if expression.kind in NEEDS_CUE and cued_years_only:
        words = _plain(before[-20:]).replace("'", "' ").split()
        return bool(words) and words[-1] in {_plain(c).replace("'", "' ").strip() for c in vocab.year_cues}
    if expression.kind == "month" and vocab.lang == "en" and not expression.groups["month"][:1].isupper():
        return False  # "may", "march" are verbs in English unless capitalised
    if expression.kind == "month" and vocab.lang == "en" and expression.groups["month"] == "May":
        return bool(groups.get("year") or groups.get("pre") or groups.get("part")) or before.rstrip().endswith(("in", "In"))
    return True
