"""The key figures: the observatory's home, the site's home page and a commune's page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from endavant.ballots.selectors import min_group_size
from endavant.observatory import indicators, selectors, stats
from endavant.observatory.filters import Filters
from endavant.observatory.indicators import Cell, Context, Figure, fewer_than, number
from endavant.programmes.models import Programme
from endavant.roadmap.selectors import OriginBalance, origin_balance
from endavant.territory.models import Commune


def context_for(programme: Programme, filters: Filters) -> Context:
    """The context of the observatory's pages (one query: the territory's communes)."""
    return Context(programme, filters, selectors.territory_communes(programme), min_group_size())


@dataclass
class Trend:
    """The last complete or current year against the one before."""

    year: str
    people: Cell
    previous_year: str
    previous: Cell
    change: str


@dataclass
class KeyFigures:
    people: Cell
    acts: Cell
    yearly: Figure
    isolation: Figure
    balance: OriginBalance
    trend: Trend | None
    bottom_up_share: str


def key_figures(ctx: Context) -> KeyFigures:
    """Participants, acts, their trend by year, isolated vs other, the roadmap's balance."""
    people, acts = ctx.totals
    hidden = people < ctx.k
    yearly_ctx = Context(ctx.programme, Filters(step="year"), ctx.communes, ctx.k)
    yearly = indicators.INDICATORS["participation"].build(yearly_ctx)[0]
    isolation = indicators.INDICATORS["territoires-isoles"].build(ctx)[0]
    balance = origin_balance(ctx.programme)
    years = [line for line in yearly.table.lines if not line.total]
    trend = None
    if len(years) >= 2:
        last, before = years[-1], years[-2]
        change = ""
        if not last.hidden and not before.hidden and before.cells[0].value:
            ratio = last.cells[0].value / before.cells[0].value - 1
            change = ("+" if ratio >= 0 else "") + indicators.percent(ratio)
        trend = Trend(last.label, last.cells[0], before.label, before.cells[0], change)
    share = ""
    if balance.actions:
        share = indicators.percent(balance.bottom_up_actions / balance.actions)
    return KeyFigures(
        people=Cell(None, fewer_than(ctx.k)) if hidden else Cell(people, number(people)),
        acts=Cell(None, "") if hidden else Cell(acts, number(acts)),
        yearly=yearly,
        isolation=isolation,
        balance=balance,
        trend=trend,
        bottom_up_share=share,
    )


@dataclass
class CommuneFigures:
    commune: Any
    programme: Programme
    people: Cell
    acts: Cell
    rate: str
    rate_interval: str
    territory_rate: str
    filters_query: str


def commune_figures(programme: Programme, commune: Commune) -> CommuneFigures:
    """The participation of one commune's people in the programme, with the territory's rate
    to compare (three queries)."""
    k = min_group_size()
    territory = programme.territory_id or commune.departement_id
    events = selectors.filtered_events(programme, Filters(commune=commune.code))
    people, acts = selectors.totals(events)
    rate = interval = territory_rate = ""
    visible = people >= k
    if visible:
        estimate = stats.rate(people, commune.population or 0)
        if estimate is not None:
            rate = number(estimate.value, 1)
            interval = indicators.interval(estimate.low, estimate.high)
    in_territory = selectors.programme_events(programme).filter(
        commune_code__in=Commune.objects.filter(departement_id=territory).values("code")
    )
    territory_people, _acts = selectors.totals(in_territory)
    population = (
        Commune.objects.filter(departement_id=territory).aggregate(n=Sum("population"))["n"] or 0
    )
    if territory_people >= k:
        estimate = stats.rate(territory_people, population)
        if estimate is not None:
            territory_rate = number(estimate.value, 1)
    return CommuneFigures(
        commune=commune,
        programme=programme,
        people=Cell(people, number(people)) if visible else Cell(None, fewer_than(k)),
        acts=Cell(acts, number(acts)) if visible else Cell(None, ""),
        rate=rate,
        rate_interval=interval,
        territory_rate=territory_rate,
        filters_query=Filters(commune=commune.code).query(),
    )


def home_figures(programme: Programme) -> dict[str, Any]:
    """The few figures of the site's home page (three queries)."""
    k = min_group_size()
    people, acts = selectors.totals(selectors.programme_events(programme))
    balance = origin_balance(programme)
    return {
        "people": Cell(people, number(people)) if people >= k else Cell(None, fewer_than(k)),
        "acts": Cell(acts, number(acts)) if people >= k else Cell(None, ""),
        "bottom_up_share": (
            indicators.percent(balance.bottom_up_actions / balance.actions)
            if balance.actions
            else ""
        ),
        "actions": balance.actions,
        "label": _("Participation observatory"),
    }
