"""Language detection with lingua, restricted to the languages Dyad codes plus a catch-all set,
so that an article in Spanish or Arabic is recognised as such and skipped, never coded as French."""

from __future__ import annotations

from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from dyad.lang import SUPPORTED

CATCH_ALL = (
    Language.SPANISH, Language.PORTUGUESE, Language.ITALIAN, Language.GERMAN, Language.DUTCH,
    Language.ARABIC, Language.RUSSIAN, Language.UKRAINIAN, Language.CHINESE, Language.TURKISH,
    Language.SWAHILI,
    Language.YORUBA, Language.PERSIAN, Language.POLISH, Language.ROMANIAN,
)
SAMPLE_CHARS = 2000


@cache
def _detector() -> LanguageDetector:
    languages = {Language.FRENCH, Language.ENGLISH, *CATCH_ALL}
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language (any detected language, supported or not), or None."""
    sample = text[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None
    language = _detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language else None


def is_supported(lang: str | None) -> bool:
    return lang in SUPPORTED
