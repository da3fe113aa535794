"""The shared search key folds accents, case, ligatures and separators."""

import pytest

from endavant.core.text import search_key


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Saint-Laurent-de-la-Salanque", "saint laurent de la salanque"),
        ("  Éus ", "eus"),
        ("Œuvre d’Élne", "oeuvre d elne"),
        ("L'Albère", "l albere"),
        (None, ""),
    ],
)
def test_search_key(typed, stored):
    """What a person types and what is stored meet on the same key."""
    assert search_key(typed) == stored
