"""PLOVER's vocabulary as Dyad writes it, in one place and with no imports: the event types, the
statuses, the precisions of a date, and the actor codes that are no state. dyad.records types its
fields with these; the store's filters check values against them without loading pydantic (which
`dyad events` would wait for)."""

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE",
    "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN",
    "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
STATUSES = ("occurred", "intended", "negated")
PRECISIONS = ("day", "month", "year")
# How precisely a Location places its event, after ACLED's geo_precision: in the named town or village
# (exact), near it (town), somewhere in a region (cercle, province, first-level region), or only
# in a country.
PLACE_PRECISIONS = ("exact", "town", "region", "country")
# What a count counts (PLOVER's dead, injured and size, and the arrested of COERCE) and how exactly
# the text gives it: "12", "au moins 12", "une dizaine".
COUNT_KEYS = ("dead", "injured", "arrested", "size")
COUNT_PRECISIONS = ("exact", "at_least", "approx")
# The types whose records carry counts.
COUNTED_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST"})

NO_ACTOR_CODE = "-"
# PLOVER's codes for actors that are no state; every other code is ISO 3166 alpha-3.
NON_STATE_CODES = frozenset({"UNO", "EUR", "IGO", "NGO", "MNC", "ISM"})
# Of those, the private bodies: charities and companies.
PRIVATE_CODES = frozenset({"NGO", "MNC"})
# The codes that stand for many bodies, told apart by Actor.name in an actor's key (IGO:ECOWAS);
# UNO and EUR are one family each.
KEYED_CODES = NON_STATE_CODES - {"UNO", "EUR"}
