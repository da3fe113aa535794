"""Normalising names for accent-insensitive search. Plain Python."""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s'’\-]+")


def search_key(text: str) -> str:
    """Lower-case, accents removed, apostrophes/hyphens/spaces folded to one space.

    >>> search_key("Saint-Laurent-de-la-Salanque")
    'saint laurent de la salanque'
    >>> search_key("  Éus ")
    'eus'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SEPARATORS.sub(" ", stripped.casefold()).strip()
