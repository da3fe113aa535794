"""Normalising names for accent-insensitive search, shared by every app. Plain Python.

Stored search keys and typed queries go through the same function, so the search behaves the
same on SQLite and PostgreSQL (no dependency on PostgreSQL's ``unaccent``).
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s'’\-]+")


def search_key(text: str | None) -> str:
    """Lower-case, accents removed, ligatures split, apostrophes/hyphens/spaces folded to one space.

    >>> search_key("Saint-Laurent-de-la-Salanque")
    'saint laurent de la salanque'
    >>> search_key("  Éus ")
    'eus'
    >>> search_key("Œuvre d’Élne")
    'oeuvre d elne'
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    folded = stripped.casefold().replace("œ", "oe").replace("æ", "ae")
    return _SEPARATORS.sub(" ", folded).strip()
