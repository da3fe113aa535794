"""The terms the platform explains and counts as jargon: the glossary shipped with the app
(``data/glossary_fr.json``), the glossary as the team edited it, and the technical terms the
team added. Works without a database too (the ``documents analyse`` command)."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from django.db import DatabaseError

from endavant.mediation.lexicon import Term, TermMatcher

DATA = Path(__file__).resolve().parent / "data"


@functools.cache
def shipped_glossary() -> tuple[dict[str, Any], ...]:
    """The default glossary: ``slug``, ``term``, ``short``, ``definition``, ``variants``,
    ``expansion``."""
    with (DATA / "glossary_fr.json").open(encoding="utf-8") as handle:
        return tuple(json.load(handle))


@functools.cache
def shipped_faq() -> tuple[dict[str, Any], ...]:
    """The default questions for residents: ``slug``, ``question``, ``answer``."""
    with (DATA / "faq_fr.json").open(encoding="utf-8") as handle:
        return tuple(json.load(handle))


def term_from_entry(entry: dict[str, Any]) -> Term:
    variants = tuple(entry.get("variants") or ()) or (entry["term"],)
    return Term(entry["slug"], entry["term"], variants, entry.get("expansion", ""))


def shipped_terms() -> list[Term]:
    return [term_from_entry(entry) for entry in shipped_glossary()]


def _rows() -> tuple[tuple[Any, ...], ...]:
    """The glossary (the database's, else the shipped one) and the team's technical terms."""
    from endavant.mediation.models import GlossaryTerm, JargonTerm

    glossary = tuple(
        (slug, term, tuple(variants or ()), expansion)
        for slug, term, variants, expansion in GlossaryTerm.objects.order_by("pk").values_list(
            "slug", "term", "variants", "expansion"
        )
    ) or tuple(
        (e["slug"], e["term"], tuple(e["variants"]), e.get("expansion", ""))
        for e in shipped_glossary()
    )
    extra = tuple(JargonTerm.objects.order_by("pk").values_list("pk", "term"))
    return glossary + tuple(("", term, (term,), f"jargon-{pk}") for pk, term in extra)


def current_terms() -> list[Term]:
    """The glossary and the team's technical terms from the database; the shipped glossary
    when the database has none (or cannot be read)."""
    return current_matcher().terms


@functools.lru_cache(maxsize=4)
def _matcher(rows: tuple[tuple[Any, ...], ...]) -> TermMatcher:
    terms = []
    for slug, term, variants, extra in rows:
        if slug:
            terms.append(Term(slug, term, tuple(variants or ()) or (term,), extra))
        else:  # a technical term of the team: no glossary entry to link to
            terms.append(Term(extra, term, (term,), "", explained_on_site=False))
    return TermMatcher(terms)


def current_matcher() -> TermMatcher:
    """A matcher of :func:`current_terms` (compiled once per state of the tables)."""
    try:
        return _matcher(_rows())
    except DatabaseError:
        return _shipped_matcher()


@functools.cache
def _shipped_matcher() -> TermMatcher:
    return TermMatcher(shipped_terms())
