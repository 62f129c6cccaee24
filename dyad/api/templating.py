"""The Jinja environment of the pages: autoescape on for every template, whatever its name."""

from __future__ import annotations

from importlib import resources
from urllib.parse import quote

import jinja2
from fastapi.templating import Jinja2Templates

from dyad.api.views import QUAD_NAMES
from dyad.records import EventType
from dyad.store.dates import shown_date

TEMPLATES = resources.files("dyad.api") / "templates"


def path_segment(value: object) -> str:
    """Quote a value for use as one URL path segment (a '/' in an id must not start a new segment)."""
    return quote(str(value), safe="")


def build_environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["seg"] = path_segment
    env.filters["day"] = shown_date
    env.globals["quad_names"] = QUAD_NAMES
    env.globals["event_types"] = list(EventType.__args__)
    return env


templates = Jinja2Templates(env=build_environment())
