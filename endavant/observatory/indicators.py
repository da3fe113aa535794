"""The indicators of the observatory: one registry entry each, built into figures (a chart and
the table behind it) from the selectors. Adding an indicator is adding an entry to
:data:`INDICATORS`; the pages, the CSV downloads and the report follow."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.apps import apps
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from endavant.core.audiences import Audience
from endavant.core.models import ParticipationEvent
from endavant.observatory import selectors, stats
from endavant.observatory.charts import Bar, BarChart, Segment, StackedChart, StackedRow
from endavant.observatory.disclosure import Group, Suppression, suppress
from endavant.observatory.filters import Filters, parse_period, period_key, period_label
from endavant.programmes.models import Programme
from endavant.roadmap.selectors import origin_balance, version_comparison, versions

# --- Formatting ----------------------------------------------------------------------------


def number(value: float | int | Decimal, decimals: int = 0) -> str:
    """A figure as the visitor's language writes it (thousands separated)."""
    return number_format(value, decimals, use_l10n=True, force_grouping=True)


def percent(share: float) -> str:
    return _("%(value)s %%") % {"value": number(100 * share, 1)}


def interval(low: float, high: float, decimals: int = 1) -> str:
    return _("%(low)s to %(high)s") % {
        "low": number(low, decimals),
        "high": number(high, decimals),
    }


def fewer_than(k: int) -> str:
    return _("fewer than %(k)s") % {"k": k}


# --- Tables and figures --------------------------------------------------------------------


@dataclass
class Cell:
    """A cell: its value for the CSV (``None`` when hidden or empty) and its text for the page."""

    value: Any
    text: str


@dataclass
class Line:
    label: str
    cells: list[Cell]
    hidden: bool = False
    href: str = ""
    total: bool = False
    key: str = ""


@dataclass
class Table:
    caption: str
    columns: list[str]
    lines: list[Line]
    #: Column names of the CSV file (the first one for the label).
    csv_columns: list[str]


@dataclass
class Figure:
    key: str
    title: str
    chart: BarChart | StackedChart | None
    table: Table
    notes: list[str] = field(default_factory=list)


@dataclass
class Context:
    """What an indicator is computed for: a programme, filters, the territory's communes."""

    programme: Programme
    filters: Filters
    communes: dict[str, selectors.TerritoryCommune]
    k: int

    @cached_property
    def events(self) -> Any:
        return selectors.filtered_events(self.programme, self.filters)

    @cached_property
    def totals(self) -> tuple[int, int]:
        return selectors.totals(self.events)


@dataclass(frozen=True)
class Indicator:
    slug: str
    title: str | Promise
    summary: str | Promise
    method: tuple[str | Promise, ...]
    build: Callable[[Context], list[Figure]]
    #: Whether the participation filters (period, commune, audience, channel) apply.
    filtered: bool = True


# --- Participation breakdowns --------------------------------------------------------------


def _audience_label(value: str) -> str:
    return str(Audience(value).label) if value in Audience.values else (value or _("Not stated"))


def _channel_label(value: str) -> str:
    if value in ParticipationEvent.Channel.values:
        return str(ParticipationEvent.Channel(value).label)
    return value or _("Not stated")


def _module_label(value: str) -> str:
    try:
        return str(apps.get_app_config(value).verbose_name)
    except LookupError:
        return value or _("Not stated")


ISOLATION_LABELS = {
    "isolated": gettext_lazy("Isolated communes"),
    "other": gettext_lazy("Other communes"),
    "unknown": gettext_lazy("Communes whose isolation is not known"),
    "outside": gettext_lazy("Outside the territory, or commune not stated"),
}


def _protected(ctx: Context, dimension: str, groups: list[Group]) -> Suppression:
    return suppress(
        groups,
        ctx.totals[0],
        ctx.k,
        union=lambda keys: selectors.union_people(
            ctx.events, dimension, ctx.programme, keys, ctx.filters.step
        ),
    )


def _rate_cells(people: int | None, population: int) -> list[Cell]:
    if people is None:
        return [Cell(None, ""), Cell(None, ""), Cell(None, "")]
    estimate = stats.rate(people, population)
    if estimate is None:
        return [Cell(None, "—"), Cell(None, "—"), Cell(None, "—")]
    return [
        Cell(round(estimate.value, 2), number(estimate.value, 1)),
        Cell(round(estimate.low, 2), number(estimate.low, 1)),
        Cell(round(estimate.high, 2), number(estimate.high, 1)),
    ]


def _participation_figure(
    ctx: Context,
    dimension: str,
    *,
    title: str,
    label_title: str,
    label: Callable[[Hashable], str],
    keys: Sequence[Hashable] | None = None,
    population: Callable[[Hashable], int | None] | None = None,
    href: Callable[[Hashable], str] | None = None,
    notes: Sequence[str] = (),
) -> Figure:
    """People and acts by ``dimension``, small groups hidden, with rates when ``population``."""
    found = {
        g.key: g
        for g in selectors.breakdown(ctx.events, dimension, ctx.programme, ctx.filters.step)
    }
    order = list(keys) if keys is not None else sorted(found, key=lambda k: label(k).lower())
    groups = [found.get(key, Group(key, 0, 0)) for key in order]
    for key in found:
        if key not in order:
            groups.append(found[key])
    shown = _protected(ctx, dimension, groups)
    people_total, acts_total = ctx.totals
    hidden_text = fewer_than(ctx.k)
    columns = [label_title, _("Participants"), _("Acts")]
    csv_columns = ["label", "participants", "acts"]
    if population is not None:
        columns += [
            _("Inhabitants"),
            _("Participants per 1,000 inhabitants"),
            _("Low bound of the 95-percent interval"),
            _("High bound of the 95-percent interval"),
        ]
        csv_columns += ["inhabitants", "per_1000", "per_1000_low", "per_1000_high"]
    lines: list[Line] = []
    bars: list[Bar] = []
    for group in groups:
        name = label(group.key)
        visible = shown.shows(group.key)
        cells = [
            Cell(group.people, number(group.people)) if visible else Cell(None, hidden_text),
            Cell(group.acts, number(group.acts)) if visible else Cell(None, ""),
        ]
        estimate = None
        if population is not None:
            inhabitants = population(group.key)
            cells.append(Cell(inhabitants, number(inhabitants)) if inhabitants else Cell(None, "—"))
            cells += _rate_cells(group.people if visible else None, inhabitants or 0)
            if visible and inhabitants:
                estimate = stats.rate(group.people, inhabitants)
        lines.append(
            Line(
                name,
                cells,
                hidden=not visible,
                href=href(group.key) if href and visible else "",
                key=str(group.key),
            )
        )
        if population is not None:
            bars.append(
                Bar(
                    name,
                    estimate.value if estimate else (None if not visible else 0.0),
                    number(estimate.value, 1)
                    if estimate
                    else (hidden_text if not visible else "—"),
                    estimate.low if estimate else None,
                    estimate.high if estimate else None,
                )
            )
        else:
            bars.append(
                Bar(
                    name,
                    group.people if visible else None,
                    number(group.people) if visible else hidden_text,
                )
            )
    total_cells = (
        [Cell(None, hidden_text), Cell(None, "")]
        if shown.total_hidden
        else [Cell(people_total, number(people_total)), Cell(acts_total, number(acts_total))]
    )
    if population is not None:
        total_cells += [Cell(None, "")] * 4
    lines.append(
        Line(pgettext("total row of a table", "All"), total_cells, total=True, key="total")
    )
    unit = _("participants per 1,000 inhabitants") if population else _("participants")
    description = _(
        "%(rows)s rows; figures in %(unit)s. Groups of fewer than %(k)s people are not shown. "
        "The table below gives every figure."
    ) % {"rows": len(bars), "unit": unit, "k": ctx.k}
    chart = BarChart(dimension, title, description, bars) if bars else None
    return Figure(
        dimension,
        title,
        chart,
        Table(title, columns, lines, csv_columns),
        notes=list(notes),
    )


def _by_period(ctx: Context) -> list[Figure]:
    step = ctx.filters.step
    span = selectors.event_span(ctx.events)
    keys: list[str] = []
    if span is not None:
        current = span[0]
        while current <= span[1] and len(keys) < 400:
            key = period_key(current, step)
            if not keys or keys[-1] != key:
                keys.append(key)
            current = _next_day_of_step(current, step)
        last = period_key(span[1], step)
        if keys[-1] != last:
            keys.append(last)
    steps = {"month": _("month"), "quarter": _("quarter"), "year": _("year")}
    return [
        _participation_figure(
            ctx,
            "period",
            title=_("Participants and acts by %(step)s") % {"step": steps[step]},
            label_title=_("Period"),
            label=lambda k: period_label(str(k)),
            keys=keys,
            href=lambda k: f"?{ctx.filters.query(period=_period_of(str(k)))}",
        )
    ]


def _period_of(key: str) -> Any:
    return parse_period(key)


def _next_day_of_step(day: date, step: str) -> date:
    """The first day of the next period of ``step`` after ``day``."""
    if step == "year":
        return date(day.year + 1, 1, 1)
    months = 3 if step == "quarter" else 1
    first = day.month if step == "month" else 3 * ((day.month - 1) // 3) + 1
    month = first + months
    return date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _by_commune(ctx: Context) -> list[Figure]:
    def label(key: Hashable) -> str:
        commune = ctx.communes.get(str(key))
        if commune is None:
            return str(ISOLATION_LABELS["outside"])
        marker = _(" (isolated)") if commune.isolated else ""
        return f"{commune.name}{marker}"

    return [
        _participation_figure(
            ctx,
            "commune",
            title=_("Participants by commune, per 1,000 inhabitants"),
            label_title=_("Commune"),
            label=label,
            population=lambda key: (
                ctx.communes[str(key)].population if str(key) in ctx.communes else None
            ),
            href=lambda key: f"?{ctx.filters.query(commune=key)}" if key else "",
            notes=[
                _(
                    "Only communes where someone took part are listed; the others have no "
                    "participant in the period."
                )
            ],
        )
    ]


def _by_audience(ctx: Context) -> list[Figure]:
    return [
        _participation_figure(
            ctx,
            "audience",
            title=_("Participants by audience"),
            label_title=_("Audience"),
            label=lambda k: _audience_label(str(k)),
            href=lambda k: f"?{ctx.filters.query(audience=k)}" if k in Audience.values else "",
        )
    ]


def _by_channel(ctx: Context) -> list[Figure]:
    return [
        _participation_figure(
            ctx,
            "channel",
            title=_("Participants by channel"),
            label_title=_("Channel"),
            label=lambda k: _channel_label(str(k)),
            keys=list(ParticipationEvent.Channel.values),
            href=lambda k: f"?{ctx.filters.query(channel=k)}",
        )
    ]


def _by_module(ctx: Context) -> list[Figure]:
    return [
        _participation_figure(
            ctx,
            "module",
            title=_("Participants by module"),
            label_title=_("Module"),
            label=lambda k: _module_label(str(k)),
            keys=sorted(set(selectors.counted_kinds().values())),
        )
    ]


def isolation_populations(ctx: Context) -> dict[str, int]:
    populations = {"isolated": 0, "other": 0, "unknown": 0}
    for commune in ctx.communes.values():
        key = (
            "unknown" if commune.isolated is None else ("isolated" if commune.isolated else "other")
        )
        populations[key] += commune.population
    return populations


def _isolation(ctx: Context) -> list[Figure]:
    populations = isolation_populations(ctx)
    figure = _participation_figure(
        ctx,
        "isolation",
        title=_("Participants per 1,000 inhabitants: isolated communes and the others"),
        label_title=_("Communes"),
        label=lambda k: str(ISOLATION_LABELS.get(str(k), k)),
        keys=["isolated", "other", "unknown", "outside"],
        population=lambda k: populations.get(str(k)),
    )
    by_key = {line.key: line for line in figure.table.lines}
    isolated, other = by_key["isolated"], by_key["other"]
    difference = None
    if not isolated.hidden and not other.hidden:
        difference = stats.rate_difference(
            (isolated.cells[0].value or 0, populations["isolated"]),
            (other.cells[0].value or 0, populations["other"]),
        )
    cells = [Cell(None, "")] * 3
    if difference is None:
        rate_cells = [Cell(None, "—")] * 3
    else:
        rate_cells = [
            Cell(round(difference.value, 2), number(difference.value, 1)),
            Cell(round(difference.low, 2), number(difference.low, 1)),
            Cell(round(difference.high, 2), number(difference.high, 1)),
        ]
    figure.table.lines.insert(
        len(figure.table.lines) - 1,
        Line(_("Difference: isolated minus other communes"), cells + rate_cells, key="difference"),
    )
    if difference is not None:
        if difference.low > 0:
            reading = _("Isolated communes take part more than the others, beyond chance.")
        elif difference.high < 0:
            reading = _("Isolated communes take part less than the others, beyond chance.")
        else:
            reading = _("The interval of the difference holds zero: the gap may be due to chance.")
        figure.notes.append(reading)
    return [figure]


# --- Roadmap indicators --------------------------------------------------------------------

ORIGIN_SEGMENTS = (
    ("top_down", gettext_lazy("Top-down (steering decisions)"), "#0b4f8a"),
    ("co_constructed", gettext_lazy("Co-constructed (both)"), "#6a3d9a"),
    ("bottom_up", gettext_lazy("Bottom-up (from participants)"), "#1e6b34"),
    ("unknown", gettext_lazy("Origin not recorded"), "#767676"),
)


def _balance(ctx: Context) -> list[Figure]:
    current = origin_balance(ctx.programme)
    by_year = selectors.balance_by_year(ctx.programme)
    segments = [Segment(key, str(label), colour) for key, label, colour in ORIGIN_SEGMENTS]
    years = sorted(y for y in by_year if y is not None)
    row_keys: list[int | None] = [*years, *([None] if None in by_year else [])]

    def year_label(year: int | None) -> str:
        return str(year) if year is not None else _("No dated origin")

    figures = []
    for measure, title in (
        ("actions", _("Origin of the roadmap's actions, by year of entry: number of actions")),
        ("budget", _("Origin of the roadmap's actions, by year of entry: budget")),
    ):
        stacked = []
        lines = []
        for year in row_keys:
            cells = by_year[year]
            values = [
                float(getattr(cells[key], measure)) if key in cells else 0.0
                for key, _label, _colour in ORIGIN_SEGMENTS
            ]
            stacked.append(StackedRow(year_label(year), values))
            total = sum(values)
            lines.append(
                Line(
                    year_label(year),
                    [_share_cell(v, total, measure) for v in values]
                    + [_amount_cell(total, measure)],
                    key=str(year or ""),
                )
            )
        now_values = [
            float(getattr(current.line(key), "actions" if measure == "actions" else "budget"))
            for key, _label, _colour in ORIGIN_SEGMENTS
        ]
        now_total = sum(now_values)
        stacked.append(StackedRow(_("Whole roadmap today"), now_values))
        lines.append(
            Line(
                _("Whole roadmap today"),
                [_share_cell(v, now_total, measure) for v in now_values]
                + [_amount_cell(now_total, measure)],
                total=True,
                key="total",
            )
        )
        columns = [_("Year of entry")] + [str(label) for _k, label, _c in ORIGIN_SEGMENTS]
        columns.append(_("Actions") if measure == "actions" else _("Budget (EUR)"))
        description = _(
            "Share of each origin among the actions that entered the roadmap each year, and in "
            "the whole roadmap today (dropped actions left out). The legend and the table give "
            "the figures."
        )
        figures.append(
            Figure(
                f"balance-{measure}",
                title,
                StackedChart(f"balance-{measure}", title, description, segments, stacked),
                Table(
                    title,
                    columns,
                    lines,
                    ["year", *(k for k, _l, _c in ORIGIN_SEGMENTS), "total"],
                ),
            )
        )
    figures[0].notes.append(
        _(
            "An action's year of entry is the date of its earliest recorded origin; actions "
            "whose origins carry no date are counted apart."
        )
    )
    return figures


def _share_cell(value: float, total: float, measure: str) -> Cell:
    shown = number(value) if measure == "actions" else number(value, 0)
    if not total:
        return Cell(value, shown)
    return Cell(value, f"{shown} ({percent(value / total)})")


def _amount_cell(value: float, measure: str) -> Cell:
    return Cell(value, number(value))


TRACE_LABELS = {
    "contributions": gettext_lazy("Workshop contributions that became (part of) an action"),
    "projects": gettext_lazy("Submitted projects that became (part of) an action"),
    "ballot_options": gettext_lazy(
        "Ballot options proposed by participants that became (part of) an action"
    ),
    "realised": gettext_lazy("Realised actions that came (at least partly) from participants"),
}


def _traceability(ctx: Context) -> list[Figure]:
    lines: list[Line] = []
    bars: list[Bar] = []
    pairs: list[tuple[str, int, int]] = [
        (line.key, line.became_action, line.records)
        for line in selectors.traceability(ctx.programme)
    ]
    realised = selectors.realised_from_participants(ctx.programme)
    pairs.append(("realised", realised.from_participants, realised.realised))
    for key, part, whole in pairs:
        label = str(TRACE_LABELS[key])
        share = stats.wilson_interval(part, whole)
        if share is None:
            cells = [Cell(whole, number(whole)), Cell(part, number(part))] + [Cell(None, "—")] * 3
            bars.append(Bar(label, 0.0, "—"))
        else:
            cells = [
                Cell(whole, number(whole)),
                Cell(part, number(part)),
                Cell(round(share.value, 4), percent(share.value)),
                Cell(round(share.low, 4), percent(share.low)),
                Cell(round(share.high, 4), percent(share.high)),
            ]
            bars.append(
                Bar(
                    label,
                    100 * share.value,
                    percent(share.value),
                    100 * share.low,
                    100 * share.high,
                )
            )
        lines.append(Line(label, cells, key=key))
    examples = [
        _("Example: “%(contribution)s” became %(actions)s.")
        % {
            "contribution": str(record.text)[:120],
            "actions": ", ".join(f"{link.text} ({link.note})" for link in links),
        }
        for record, links in selectors.traced_examples(ctx.programme, limit=3)
        if links
    ]
    title = _("From participation to action: the traceability chain")
    columns = [
        _("Chain"),
        _("Out of"),
        _("Became an action"),
        _("Share"),
        _("Low bound of the 95-percent interval"),
        _("High bound of the 95-percent interval"),
    ]
    description = _(
        "Share of each kind of contribution that an action of the roadmap comes from, and share "
        "of the realised actions that come from participants, with their 95-percent intervals."
    )
    return [
        Figure(
            "traceability",
            title,
            BarChart("traceability", title, description, bars),
            Table(
                title, columns, lines, ["chain", "out_of", "became_action", "share", "low", "high"]
            ),
            notes=examples,
        )
    ]


def _realisation(ctx: Context) -> list[Figure]:
    now = selectors.realisation(ctx.programme)
    states = [
        ("done_on_time", _("Done on time"), now.done_on_time),
        ("done_late", _("Done late"), now.done_late),
        ("open_on_time", _("Under way, on time"), now.open_on_time),
        ("open_late", _("Under way, late"), now.open_late),
        ("no_due_date", _("Under way, no due date"), now.no_due_date),
        ("dropped", _("Dropped"), now.dropped),
    ]
    title = _("Where the roadmap's actions stand today")
    lines = []
    bars = []
    for key, label, n in states:
        share = n / now.total if now.total else None
        lines.append(
            Line(
                str(label),
                [
                    Cell(n, number(n)),
                    Cell(
                        round(share, 4) if share is not None else None,
                        percent(share) if share is not None else "—",
                    ),
                ],
                key=key,
            )
        )
        bars.append(Bar(str(label), n, number(n)))
    lines.append(
        Line(
            _("All actions"),
            [Cell(now.total, number(now.total)), Cell(None, "")],
            total=True,
            key="total",
        )
    )
    figures = [
        Figure(
            "realisation",
            title,
            BarChart(
                "realisation",
                title,
                _("Number of actions in each state; the table below gives the figures and shares."),
                bars,
            ),
            Table(
                title, [_("State"), _("Actions"), _("Share")], lines, ["state", "actions", "share"]
            ),
            notes=[
                _(
                    "Budget of the realised actions: %(done)s EUR out of %(total)s EUR planned "
                    "(dropped actions left out)."
                )
                % {"done": number(now.budget_done), "total": number(now.budget_total)}
            ],
        )
    ]
    all_versions = versions(ctx.programme)
    if len(all_versions) >= 2:
        first, last = all_versions[0], all_versions[-1]
        found = version_comparison(ctx.programme, first.number, last.number)
        if found is not None:
            comparison = found[2]
            labels = [
                ("on_time", _("On time")),
                ("late", _("Late")),
                ("no_due_date", _("No due date")),
                ("changed", _("Changed (target, date or budget)")),
                ("dropped", _("Dropped")),
                ("added", _("Added")),
            ]
            vtitle = _(
                "From version %(first)s (%(first_label)s) to version %(last)s (%(last_label)s)"
            ) % {
                "first": first.number,
                "first_label": first.label,
                "last": last.number,
                "last_label": last.label,
            }
            vlines = [
                Line(
                    str(label),
                    [Cell(comparison.counts.get(key, 0), number(comparison.counts.get(key, 0)))],
                    key=key,
                )
                for key, label in labels
            ]
            figures.append(
                Figure(
                    "versions",
                    vtitle,
                    BarChart(
                        "versions",
                        vtitle,
                        _("Number of actions in each state between the two versions."),
                        [
                            Bar(line.label, line.cells[0].value, line.cells[0].text)
                            for line in vlines
                        ],
                    ),
                    Table(vtitle, [_("State"), _("Actions")], vlines, ["state", "actions"]),
                    notes=[
                        _("Budget: %(before)s EUR in the first version, %(after)s EUR in the last.")
                        % {
                            "before": number(comparison.budget_before),
                            "after": number(comparison.budget_after),
                        }
                    ],
                )
            )
    return figures


# --- The registry --------------------------------------------------------------------------

_COUNTING = gettext_lazy(
    "Every act of participation on the platform (registering for or coming to a workshop, "
    "contributing, voting, submitting, supporting or commenting on a project...) is recorded "
    "when it happens, with the person's audience, commune and channel at that time. Waiting "
    "lists and changes of a vote already cast are not counted as acts."
)
_PEOPLE = gettext_lazy(
    "Participants are distinct accounts: one person who votes twice and comes to a workshop is "
    "one participant and three acts. A person can appear in several rows (a vote on the web, "
    "another on paper), so the rows can add up to more than the total."
)
_SMALL = gettext_lazy(
    "To protect people, a group of fewer than 5 participants is never shown: the table says "
    "“fewer than 5” and hides its acts and rates. When the total would give the hidden "
    "figure back by subtraction, another row is hidden too."
)
_RATES = gettext_lazy(
    "Rates are participants per 1,000 inhabitants (INSEE legal population of the commune). Their "
    "95-percent interval is the exact Poisson interval (Garwood), computed with the chi-square "
    "quantile of SciPy: it says how far the rate could be from the underlying rate by chance "
    "alone."
)
_ISOLATION = gettext_lazy(
    "A commune is isolated when fewer than a quarter of its employed residents work in an urban "
    "area (the territory's isolation indicator). The difference between the two rates has the "
    "MOVER interval (Zou and Donner, 2008), built from the two exact intervals: when it does not "
    "hold zero, the gap is unlikely to be due to chance."
)

INDICATORS: dict[str, Indicator] = {
    i.slug: i
    for i in (
        Indicator(
            "participation",
            gettext_lazy("Participation over time"),
            gettext_lazy("Participants and acts by month, quarter or year."),
            (_COUNTING, _PEOPLE, _SMALL),
            _by_period,
        ),
        Indicator(
            "communes",
            gettext_lazy("Participation by commune"),
            gettext_lazy("Participants per 1,000 inhabitants in each commune."),
            (_COUNTING, _PEOPLE, _RATES, _SMALL),
            _by_commune,
        ),
        Indicator(
            "territoires-isoles",
            gettext_lazy("Isolated communes and the others"),
            gettext_lazy("Do isolated communes take part as much as the others?"),
            (_COUNTING, _RATES, _ISOLATION, _SMALL),
            _isolation,
        ),
        Indicator(
            "publics",
            gettext_lazy("Participation by audience"),
            gettext_lazy("Residents, elected officials, employees, associations, businesses."),
            (_COUNTING, _PEOPLE, _SMALL),
            _by_audience,
        ),
        Indicator(
            "canaux",
            gettext_lazy("Participation by channel"),
            gettext_lazy("On the web, in the room, on paper or with a mediator."),
            (_COUNTING, _PEOPLE, _SMALL),
            _by_channel,
        ),
        Indicator(
            "modules",
            gettext_lazy("Participation by module"),
            gettext_lazy("Workshops, ballots, calls for projects..."),
            (_COUNTING, _PEOPLE, _SMALL),
            _by_module,
        ),
        Indicator(
            "equilibre",
            gettext_lazy("Top-down and bottom-up balance"),
            gettext_lazy(
                "Where the roadmap's actions come from: steering decisions, participants, or both."
            ),
            (
                gettext_lazy(
                    "Each action of the roadmap records its origins: a steering decision "
                    "(top-down), a participant's contribution, a ballot result or a selected "
                    "project (bottom-up). An action with both is co-constructed. Shares are "
                    "given by number of actions and by planned budget; dropped actions are left "
                    "out."
                ),
            ),
            _balance,
            filtered=False,
        ),
        Indicator(
            "tracabilite",
            gettext_lazy("From contribution to action"),
            gettext_lazy("How much of what participants proposed became an action, and back."),
            (
                gettext_lazy(
                    "A contribution, a project or a ballot option proposed by participants "
                    "“became an action” when an action of the roadmap names it among its "
                    "origins (for an option, the option itself or the contribution or project it "
                    "was drawn from). Projects count once submitted."
                ),
                gettext_lazy(
                    "Shares have a 95-percent Wilson interval, computed with the normal quantile "
                    "of SciPy; it stays between 0 and 1 and remains sound for small numbers. "
                    "These records are public, so small numbers are shown."
                ),
            ),
            _traceability,
            filtered=False,
        ),
        Indicator(
            "realisation",
            gettext_lazy("Realisation of the roadmap"),
            gettext_lazy("Actions done on time, late, changed or dropped."),
            (
                gettext_lazy(
                    "An action done after its due date was done late; an open action past its "
                    "due date, or marked late, is late. The comparison between the first and the "
                    "last frozen versions of the roadmap uses the same rules, as of the date of "
                    "the last version."
                ),
            ),
            _realisation,
            filtered=False,
        ),
    )
}


def build(indicator: Indicator, ctx: Context) -> list[Figure]:
    """The figures of ``indicator`` for ``ctx``."""
    return indicator.build(ctx)
