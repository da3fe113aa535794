"""The filters of the observatory pages, read from the query string.

Periods are whole calendar periods (a year ``2019``, a quarter ``2019-T2``, a month
``2019-03``), never free date ranges: two ranges one day apart would let anyone subtract one
figure from another and find a group too small to be shown. A value that is not understood is
left out and the page says so; it never fails.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from endavant.core.audiences import Audience
from endavant.core.models import ParticipationEvent

STEPS = ("month", "quarter", "year")
FILTER_PARAMS = ("periode", "commune", "public", "canal", "pas")
STEP_PARAMS = {"mois": "month", "trimestre": "quarter", "annee": "year"}
PARAM_OF_STEP = {value: key for key, value in STEP_PARAMS.items()}

_YEAR = re.compile(r"(\d{4})")
_QUARTER = re.compile(r"(\d{4})-T([1-4])")
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_COMMUNE = re.compile(r"[0-9][0-9AB][0-9]{3}")


@dataclass(frozen=True)
class Period:
    """A calendar period: its key in URLs (``2019-T2``), its first day and the day after it."""

    key: str
    start: date
    end: date

    @property
    def label(self) -> str:
        return period_label(self.key)

    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes in the site's time zone, end excluded."""
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end, time.min, tzinfo=zone),
        )


def _next_month(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1)


def parse_period(raw: str) -> Period | None:
    """The period named by ``raw`` (``None`` when it is not one)."""
    if match := _QUARTER.fullmatch(raw):
        year, quarter = int(match[1]), int(match[2])
        first = 3 * (quarter - 1) + 1
        if 1900 < year < 2200:
            return Period(raw, date(year, first, 1), _next_month(year, first + 2))
    elif match := _MONTH.fullmatch(raw):
        year, month = int(match[1]), int(match[2])
        if 1900 < year < 2200:
            return Period(raw, date(year, month, 1), _next_month(year, month))
    elif match := _YEAR.fullmatch(raw):
        year = int(match[1])
        if 1900 < year < 2200:
            return Period(raw, date(year, 1, 1), date(year + 1, 1, 1))
    return None


def period_key(moment: date | datetime, step: str) -> str:
    """The key of the period of ``step`` that holds ``moment``."""
    if step == "year":
        return f"{moment.year}"
    if step == "quarter":
        return f"{moment.year}-T{(moment.month - 1) // 3 + 1}"
    return f"{moment.year}-{moment.month:02d}"


def period_label(key: str) -> str:
    """``2019``, ``T2 2019``, ``03/2019``: how a period reads in a table."""
    if match := _QUARTER.fullmatch(key):
        return _("Q%(quarter)s %(year)s") % {"quarter": match[2], "year": match[1]}
    if match := _MONTH.fullmatch(key):
        return f"{match[2]}/{match[1]}"
    return key


@dataclass(frozen=True)
class Filters:
    """What the visitor asked to see."""

    period: Period | None = None
    commune: str = ""
    audience: str = ""
    channel: str = ""
    step: str = "quarter"

    def query(self, **changes: Any) -> str:
        """The query string of these filters (with ``changes``), for links and downloads."""
        chosen = replace(self, **changes) if changes else self
        pairs = [
            ("periode", chosen.period.key if chosen.period else ""),
            ("commune", chosen.commune),
            ("public", chosen.audience),
            ("canal", chosen.channel),
            ("pas", PARAM_OF_STEP[chosen.step] if chosen.step != "quarter" else ""),
        ]
        return "&".join(f"{name}={value}" for name, value in pairs if value)

    @property
    def narrowed(self) -> bool:
        """Whether the figures are those of a part of the programme."""
        return bool(self.period or self.commune or self.audience or self.channel)


def parse_filters(
    params: Mapping[str, str], commune_codes: set[str] | None = None
) -> tuple[Filters, bool]:
    """The filters given in ``params`` and whether one of them was left out as not understood.

    ``commune_codes`` are the codes of the programme's territory (a commune elsewhere is not
    understood); ``None`` accepts any well-formed code.
    """
    given = {k: str(params.get(k, "")).strip()[:20] for k in FILTER_PARAMS}
    refused = False
    period = None
    if given["periode"]:
        period = parse_period(given["periode"])
        refused |= period is None
    commune = given["commune"].upper()
    if commune and (
        not _COMMUNE.fullmatch(commune)
        or (commune_codes is not None and commune not in commune_codes)
    ):
        commune, refused = "", True
    audience = given["public"]
    if audience and audience not in Audience.values:
        audience, refused = "", True
    channel = given["canal"]
    if channel and channel not in ParticipationEvent.Channel.values:
        channel, refused = "", True
    step = "quarter"
    if given["pas"]:
        if given["pas"] in STEP_PARAMS:
            step = STEP_PARAMS[given["pas"]]
        else:
            refused = True
    return Filters(period, commune, audience, channel, step), refused
