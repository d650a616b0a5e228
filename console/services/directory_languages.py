"""HSDS language rows as the console's language codes.

HSDS allows an ISO 639-1 or 639-3 ``code`` and a free ``name``; imports carry
"en", "eng", "en-US", "ENG", "Spanish", "Español", "Farsi", "Mandarin". The
search row keeps codes of ``console.vocabulary.LANGUAGES`` (what the filter
offers) where one fits: the code first, else the name. A language the
console has no code for keeps its own two- or three-letter code (it is
searchable by text, not offered as a filter); a row with neither is skipped.
"""

from __future__ import annotations

import re
from functools import cache

from console.vocabulary import LANGUAGE_NAMES

# ISO 639-2/3 (and the macrolanguage members people write) for the console's codes.
_THREE_LETTER = {
    "eng": "en", "spa": "es", "zho": "zh", "chi": "zh", "cmn": "zh", "yue": "zh", "vie": "vi", "tgl": "tl",
    "fil": "tl", "kor": "ko", "rus": "ru", "ara": "ar", "arb": "ar", "fra": "fr", "fre": "fr", "hat": "ht",
    "por": "pt", "hin": "hi", "pol": "pl", "jpn": "ja", "deu": "de", "ger": "de", "ita": "it", "fas": "fa",
    "per": "fa", "pes": "fa", "urd": "ur", "ben": "bn", "pan": "pa", "som": "so", "amh": "am", "ukr": "uk",
    "ron": "ro", "rum": "ro", "tha": "th", "khm": "km", "hmn": "hmn", "mww": "hmn",
}  # fmt: skip
_OTHER_NAMES = {
    "espanol": "es", "español": "es", "castellano": "es", "mandarin": "zh", "cantonese": "zh",
    "chinese (mandarin)": "zh", "chinese (cantonese)": "zh", "farsi": "fa", "persian": "fa", "dari": "fa",
    "haitian": "ht", "creole": "ht", "kreyol": "ht", "kreyòl": "ht", "filipino": "tl", "cambodian": "km",
    "panjabi": "pa", "american english": "en",
}  # fmt: skip
_CODE = re.compile(r"^[a-z]{2,3}$")


def language_code(code: str | None, name: str | None) -> str | None:
    """The console's code for an HSDS language row, else its own ISO code, else None."""
    return _from_code(code) or _from_name(name) or _own_code(code)


@cache
def _from_code(code: str | None) -> str | None:
    cleaned = (code or "").strip().lower().replace("_", "-").split("-")[0]
    if cleaned in LANGUAGE_NAMES:
        return cleaned
    return _THREE_LETTER.get(cleaned)


@cache
def _from_name(name: str | None) -> str | None:
    cleaned = " ".join((name or "").split()).casefold()
    if not cleaned:
        return None
    for code, english in LANGUAGE_NAMES.items():
        if cleaned in (english.casefold(), english.split(" (")[0].casefold()):
            return code
    return _OTHER_NAMES.get(cleaned)


def _own_code(code: str | None) -> str | None:
    cleaned = (code or "").strip().lower().replace("_", "-").split("-")[0]
    return cleaned if _CODE.match(cleaned) else None
