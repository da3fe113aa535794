"""What a ballot result looks like: merit-profile geometry, colours and the sentences that
explain an order. Selectors count; this module only turns counts into things to show."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.utils.functional import SimpleLazyObject, lazy
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from endavant.voting import MajorityJudgmentResult, PairReason, explain_pair

#: The majority-judgment grades as people read them, worst first like the tallies. The French
#: translation is the standard scale (``voting.MJ_GRADES_FR``); English and Catalan get theirs.
GRADE_LABELS = (
    pgettext_lazy("majority judgment grade", "Reject"),
    pgettext_lazy("majority judgment grade", "Insufficient"),
    pgettext_lazy("majority judgment grade", "Passable"),
    pgettext_lazy("majority judgment grade", "Fairly good"),
    pgettext_lazy("majority judgment grade", "Good"),
    pgettext_lazy("majority judgment grade", "Very good"),
    pgettext_lazy("majority judgment grade", "Excellent"),
)


def grade_name(index: int) -> str:
    """The name of grade ``index`` (0 = worst) in the current language."""
    return str(GRADE_LABELS[index])


# Merit-profile colours, worst grade first: dark enough for 3:1 against white (WCAG 1.4.11).
GRADE_COLOURS = (
    "#8b1a1a",
    "#b0421a",
    "#8a5a00",
    "#6b6b00",
    "#3f7a1f",
    "#1e6b34",
    "#0b4f3a",
)


T = TypeVar("T")


def later_list(build: Callable[..., list[T]], *args: Any) -> list[T]:
    """``build(*args)``, computed only when first used: a page shows sentences and charts for
    the overall result, not for every breakdown, and they cost more than the ranking."""
    return cast(list[T], SimpleLazyObject(lambda: build(*args)))


@functools.cache
def _lazy_text(build: Callable[..., str]) -> Callable[..., Any]:
    # ``lazy`` makes a proxy class: once per function, not once per call.
    return lazy(build, str)


def later_text(build: Callable[..., str], *args: Any) -> str:
    """``build(*args)`` as text computed only when first used (see :func:`later_list`)."""
    return cast(str, _lazy_text(build)(*args))


@dataclass
class OptionLine:
    """One option's result, ready for the template."""

    option: Any
    rank: int
    score: str = ""
    majority_grade: str = ""
    gauge_text: str = ""
    bars: list[dict[str, Any]] = field(default_factory=list)
    tally: list[int] = field(default_factory=list)


@dataclass
class SegmentResult:
    """The result among one group of voters (all, one audience, isolated communes...)."""

    key: str
    label: str
    voters: int
    lines: list[OptionLine]
    explanations: list[str] = field(default_factory=list)
    #: Fewer voters than the minimum group size: the figures are withheld.
    withheld: bool = False

    @property
    def chart_height(self) -> int:
        """Height of the merit-profile chart: 50 units per option."""
        return 50 * len(self.lines) + 10


def percent(part: int, whole: int) -> str:
    """``part`` as a whole percentage of ``whole``, French style (“42 %”)."""
    return f"{100 * part / whole:.0f}\u202f%" if whole else "0\u202f%"


def grade_legend() -> list[tuple[int, str, str]]:
    """(grade index, name, colour), best grade first, for the chart legend."""
    return [(i, grade_name(i), GRADE_COLOURS[i]) for i in reversed(range(len(GRADE_LABELS)))]


def merit_bars(tally: list[int], total: int) -> list[dict[str, Any]]:
    """Stacked bars of a merit profile in percent of the width, best grade on the left."""
    bars, x = [], 0.0
    for index in reversed(range(len(tally))):
        count = tally[index]
        width = 100 * count / total if total else 0
        if count:
            bars.append(
                {
                    "x": f"{x:.2f}",
                    "width": f"{width:.2f}",
                    "colour": GRADE_COLOURS[index],
                    "grade_index": index,
                    "grade": grade_name(index),
                    "count": count,
                }
            )
        x += width
    return bars


def gauge_sentence(grade: str, above: int, below: int, total: int, sign: int) -> str:
    """The majority gauge of one option in words."""
    if sign > 0:
        tendency = _("more voters judged it better than “%(grade)s” than worse: “%(grade)s +”")
    elif sign < 0:
        tendency = _("more voters judged it worse than “%(grade)s” than better: “%(grade)s −”")
    else:
        tendency = _("as many judged it better as worse")
    return _(
        "%(p)s of voters gave a better grade than “%(grade)s” (p) and %(q)s a worse one (q): "
        "%(tendency)s."
    ) % {
        "p": percent(above, total),
        "q": percent(below, total),
        "grade": grade,
        "tendency": tendency % {"grade": grade},
    }


def majority_explanations(result: MajorityJudgmentResult[Any], labels: dict[Any, str]) -> list[str]:
    """Why each option ranks above the next one, in plain words."""
    sentences = []
    for upper, lower in zip(result.ranking, result.ranking[1:], strict=False):
        why = explain_pair(result, upper, lower)
        names = {"a": labels[upper], "b": labels[lower]}
        if why.reason == PairReason.IDENTICAL:
            sentences.append(
                _("“%(a)s” and “%(b)s” are tied: they received exactly the same grades.") % names
            )
        elif why.reason == PairReason.MAJORITY_GRADE:
            sentences.append(
                _(
                    "“%(a)s” ranks above “%(b)s” because its majority grade, “%(ga)s”, is better "
                    "than “%(gb)s”."
                )
                % {
                    **names,
                    "ga": grade_name(why.grade_a or 0),
                    "gb": grade_name(why.grade_b or 0),
                }
            )
        else:
            sentences.append(
                _(
                    "“%(a)s” and “%(b)s” share the majority grade “%(g)s”. Setting aside, one by "
                    "one, the %(step)s median judgments they have in common, “%(a)s” then gets "
                    "“%(ga)s” and “%(b)s” “%(gb)s”: “%(a)s” ranks above."
                )
                % {
                    **names,
                    "g": grade_name(result.merits[upper].majority_grade),
                    "step": why.step,
                    "ga": grade_name(why.grade_a or 0),
                    "gb": grade_name(why.grade_b or 0),
                }
            )
    return sentences
