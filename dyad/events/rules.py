"""Type-level behaviour of the coder (dyad/events/types.yaml): which types need a recipient, which
go both ways, which govern content rather than report it."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources

import yaml

from dyad.vocabulary import EVENT_TYPES


@dataclass(frozen=True)
class TypeRules:
    optional_recipient: frozenset[str]
    mutual: frozenset[str]
    joint_subject: frozenset[str]
    content: dict[str, str]
    content_objects: frozenset[str]
    inherit_actor: frozenset[str]
    target_is_agent: frozenset[str]
    sentence_recipient: frozenset[str]
    addressee_in_content: frozenset[str]
    external: frozenset[str]
    siding: str
    in_progress_intended: frozenset[str] = frozenset()
    focus_recipient: frozenset[str] = frozenset()
    leaving_organisation: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    organisation_codes: frozenset[str] = frozenset()
    joint_limit: int = 4
    against_is_opponent: frozenset[str] = frozenset()
    place_recipient: frozenset[str] = frozenset()
    site_recipient: frozenset[str] = frozenset()
    not_with_sectors: dict[str, frozenset[str]] = field(default_factory=dict, hash=False, compare=False)
    not_by_sectors: dict[str, frozenset[str]] = field(default_factory=dict, hash=False, compare=False)
    home_recipient: dict[str, frozenset[str]] = field(default_factory=dict, hash=False, compare=False)
    announced: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    announced_modes: frozenset[str] = frozenset()
    content_agreements: frozenset[str] = frozenset()
    expulsion: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


@cache
def type_rules() -> TypeRules:
    raw = yaml.safe_load(resources.files("dyad.events").joinpath("types.yaml").read_text(encoding="utf-8"))
    check_type_rules(raw)
    return TypeRules(
        optional_recipient=frozenset(raw["optional_recipient"]), mutual=frozenset(raw["mutual"]),
        joint_subject=frozenset(raw["joint_subject"]), content=dict(raw["content"]),
        content_objects=frozenset(raw["content_objects"]), inherit_actor=frozenset(raw["inherit_actor"]),
        target_is_agent=frozenset(raw["target_is_agent"]),
        sentence_recipient=frozenset(raw["sentence_recipient"]),
        addressee_in_content=frozenset(raw["addressee_in_content"]),
        external=frozenset(raw["external"]), siding=raw["siding"],
        in_progress_intended=frozenset(raw.get("in_progress_intended", ())),
        focus_recipient=frozenset(raw.get("focus_recipient", ())),
        leaving_organisation=dict(raw.get("leaving_organisation") or {}),
        organisation_codes=frozenset(raw.get("organisation_codes", ())),
        joint_limit=int(raw.get("joint_limit", 4)),
        against_is_opponent=frozenset(raw.get("against_is_opponent", ())),
        place_recipient=frozenset(raw.get("place_recipient", ())),
        site_recipient=frozenset(raw.get("site_recipient", ())),
        not_with_sectors={k: frozenset(v) for k, v in (raw.get("not_with_sectors") or {}).items()},
        not_by_sectors={k: frozenset(v) for k, v in (raw.get("not_by_sectors") or {}).items()},
        home_recipient={k: frozenset(v) for k, v in (raw.get("home_recipient") or {}).items()},
        announced=dict(raw.get("announced") or {}),
        announced_modes=frozenset(raw.get("announced_modes", ())),
        content_agreements=frozenset(raw.get("content_agreements", ())),
        expulsion=dict(raw.get("expulsion") or {}),
    )


def check_type_rules(raw: dict) -> None:
    """A misspelt key or type in types.yaml would silently switch a rule off: refuse it, naming what
    the file may hold."""
    known = {f.name for f in fields(TypeRules)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ValueError(f"types.yaml: unknown keys {unknown}; the keys are {sorted(known)}")
    named: set[str] = set()
    for key, value in raw.items():
        if key in NOT_TYPES:
            continue
        if isinstance(value, str):
            named.add(value)
        elif isinstance(value, list):
            named.update(value)
        elif isinstance(value, dict):
            named.update(value)
            named.update(v for v in value.values() if key in TYPE_VALUED and isinstance(v, str))
    wrong = sorted(named - set(EVENT_TYPES))
    if wrong:
        raise ValueError(f"types.yaml: unknown event types {wrong}; the types are {list(EVENT_TYPES)}")


# Keys of types.yaml that hold no event types (modes, codes, a count), and those whose mappings
# lead from one type to another.
NOT_TYPES = {"announced_modes", "organisation_codes", "joint_limit"}
TYPE_VALUED = {"announced", "leaving_organisation", "expulsion"}
