"""Explain the glossary's terms where they appear, without JavaScript.

Load it in any template with ``{% load glossary %}``; then

* ``{{ text|explain_terms }}`` links the first occurrence of each glossary term in ``text`` to
  its entry (``/glossaire/#ftth``) with a one-line explanation in ``title``; an acronym is
  also marked ``<abbr title="…">``. The rest of ``text`` is escaped, so use it on plain text
  (not on HTML), and chain ``|linebreaksbr`` or ``|linebreaks`` after it if needed;
* ``{% explain_terms_once text %}`` does the same but remembers, for the whole page, the terms
  already explained, so that a term is linked once per page even across several texts.

The glossary is read once per page render (two small queries); the technical terms the team
added without a glossary entry are not linked.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from endavant.mediation import glossary
from endavant.mediation.lexicon import TermMatcher

register = template.Library()
_STATE = "_endavant_glossary"


def _load() -> tuple[TermMatcher, dict[str, str], str]:
    from django.db import DatabaseError

    from endavant.mediation.models import GlossaryTerm

    try:
        shorts = dict(GlossaryTerm.objects.values_list("slug", "short"))
    except DatabaseError:
        shorts = {}
    if not shorts:
        shorts = {entry["slug"]: entry["short"] for entry in glossary.shipped_glossary()}
    return glossary.current_matcher(), shorts, reverse("mediation:glossary")


def explain(text: Any, done: set[str] | None = None, loaded: Any = None) -> SafeString:
    """``text`` escaped, with the first occurrence of each term not in ``done`` linked."""
    text = "" if text is None else str(text)
    matcher, shorts, address = loaded or _load()
    done = set() if done is None else done
    pieces: list[str] = []
    position = 0
    for match in matcher.find(text):
        key = match.term.key
        if key in done or key not in shorts or not match.term.explained_on_site:
            continue
        done.add(key)
        pieces.append(escape(text[position : match.start]))
        shown = escape(match.text)
        short = escape(shorts[key])
        if match.text.isupper() and len(match.text) >= 2:
            inner = f'<abbr title="{short}">{shown}</abbr>'
            pieces.append(f'<a class="term" href="{address}#{key}">{inner}</a>')
        else:
            pieces.append(f'<a class="term" href="{address}#{key}" title="{short}">{shown}</a>')
        position = match.end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


@register.filter(name="explain_terms", is_safe=True)
def explain_terms(text: Any) -> SafeString:
    """Link the first occurrence of each glossary term of ``text`` to its explanation."""
    return explain(text)


@register.simple_tag(takes_context=True)
def explain_terms_once(context: template.Context, text: Any) -> SafeString:
    """Like ``explain_terms``, each term explained once for the whole page."""
    root = context.dicts[0]
    state = root.get(_STATE)
    if state is None:
        state = root[_STATE] = {"done": set(), "loaded": _load()}
    return explain(text, state["done"], state["loaded"])
