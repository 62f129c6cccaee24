"""types.yaml is read strictly: a misspelt key or event type would switch a rule off in silence."""

from __future__ import annotations

import pytest

from dyad.events.rules import check_type_rules, type_rules


def test_the_shipped_type_rules_read():
    assert {"AGREE", "COOPERATE"} <= type_rules().mutual


@pytest.mark.parametrize("raw, message", [
    ({"mutaul": ["AGREE"]}, "unknown keys \\['mutaul'\\]"),
    ({"mutual": ["AGRE"]}, "unknown event types \\['AGRE'\\]"),
    ({"announced": {"RETREAT": "CONCEED"}}, "unknown event types \\['CONCEED'\\]"),
])
def test_a_misspelt_key_or_type_is_refused_with_the_valid_choices(raw, message):
    with pytest.raises(ValueError, match=message):
        check_type_rules(raw)


def test_modes_and_codes_are_no_types():
    check_type_rules({"announced_modes": ["withdraw"], "organisation_codes": ["IGO"], "joint_limit": 4})
