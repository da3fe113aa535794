"""The voting methods, one registry entry each: how a ballot of that method is validated,
counted, explained and drawn. Services, selectors, views and templates ask the entry and never
branch on the method's name, so a new method (budget-constrained approval for calls for
projects, say) is one more :func:`register` call.

Votes are stored as one value per option (``VoteItem.value``); what the value means belongs to the
method. Results are never counted from the votes on a page load: the vote service keeps
pre-aggregated tallies (``models.Tally``) exact in the vote's transaction, adding the keys the
method's ``tally_keys`` gives for each vote. Counting comes in two shapes, declared by
``counts_from``:

* ``"values"``: results need only how many voters gave each value to each option (majority
  judgment, approval): one key per judgment;
* ``"pairwise"``: results need how many voters prefer each option to each other one (Schulze):
  one key per ordered pair, so that results by segment are sums of small matrices and never a
  pass over the ballots.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Literal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from endavant.ballots import presenters
from endavant.ballots.presenters import OptionLine, SegmentResult
from endavant.core.services import ApplicationError
from endavant.voting import MJ_GRADES_FR, approval, majority_judgment, schulze

#: Pairwise counts of one segment: (a, b) -> how many voters prefer option a to option b.
PairwiseCounts = Mapping[tuple[int, int], int]
#: Value counts of one segment: option id -> value -> how many voters gave it.
ValueCounts = Mapping[int, Mapping[int, int]]


class VotingMethod:
    """One voting method. Subclasses fill the class attributes and the hooks."""

    key: ClassVar[str]
    label: ClassVar[Promise]
    #: One sentence telling voters how to fill in the ballot.
    instructions: ClassVar[Promise]
    #: How results are read: see the module docstring.
    counts_from: ClassVar[Literal["values", "pairwise"]] = "values"
    #: Heading of the figure column in the per-segment tables.
    score_heading: ClassVar[Promise]
    #: Template drawing the input of one option (gets ``option``, ``current``, ``choices``).
    input_template: ClassVar[str]
    #: Template drawing the overall result (gets ``segment``, ``results``, ``ballot``).
    result_template: ClassVar[str] = "ballots/methods/result_table.html"

    def choices(self, n_options: int) -> list[tuple[int, str]]:
        """The values a voter can give one option, as (value, label), in display order."""
        return []

    def parse(self, raw: Mapping[int, str]) -> dict[int, int]:
        """Turn the submitted text per option id into values (missing or empty: no value)."""
        values: dict[int, int] = {}
        for option_id, text in raw.items():
            text = text.strip()
            if not text:
                continue
            try:
                values[option_id] = int(text)
            except ValueError as error:
                raise ApplicationError(
                    _("Choose one of the proposed values."), code="bad_value"
                ) from error
        return values

    def clean(self, values: Mapping[int, int], option_ids: Sequence[int]) -> dict[int, int]:
        """Check a vote against the ballot's options; return the rows to store."""
        raise NotImplementedError

    def tally_keys(self, values: Mapping[int, int], option_ids: Sequence[int]) -> list[TallyKey]:
        """What one vote (as ``clean`` returned it) adds to the tallies: (kind, a, b) keys,
        each counted once for the voter's cell."""
        return [(VALUE, option_id, value) for option_id, value in values.items()]

    def segment(
        self, key: str, label: str, voters: int, options: Sequence[Any], data: Any
    ) -> SegmentResult:
        """Count one segment: ``data`` is per-option value counts or pairwise counts."""
        raise NotImplementedError

    def about(self) -> str:
        """How results are read, in plain words, shown above the overall result."""
        return ""


METHODS: dict[str, VotingMethod] = {}

#: Tally kinds (``models.Tally.Kind``), repeated here as plain ints: this module is imported by
#: the models' callers and must not need the app registry.
VOTERS, VALUE, PAIR = 0, 1, 2
#: A tally key: (kind, a, b).
TallyKey = tuple[int, int, int]


def register(method: VotingMethod) -> VotingMethod:
    """Add ``method`` to the registry (one entry per key)."""
    if method.key in METHODS:
        raise ValueError(f"Voting method {method.key!r} is already registered.")
    METHODS[method.key] = method
    return method


def get(key: str) -> VotingMethod:
    """The registered method ``key`` (``ApplicationError`` with code ``unknown_method``)."""
    try:
        return METHODS[key]
    except KeyError as error:
        raise ApplicationError(
            _("Unknown voting method: %(key)s.") % {"key": key}, code="unknown_method"
        ) from error


def choices() -> list[tuple[str, Promise]]:
    """(key, label) of every registered method, for forms."""
    return [(m.key, m.label) for m in METHODS.values()]


def _check_known(values: Mapping[int, int], option_ids: Sequence[int]) -> None:
    if set(values) - set(option_ids):
        raise ApplicationError(_("This ballot has no such option."), code="unknown_option")


class MajorityJudgment(VotingMethod):
    key = "majority_judgment"
    label = gettext_lazy("Majority judgment")
    instructions = gettext_lazy("Give each option a grade, from “Excellent” to “Reject”.")
    score_heading = gettext_lazy("Majority grade")
    input_template = "ballots/methods/grades_input.html"
    result_template = "ballots/methods/majority_judgment_result.html"

    def choices(self, n_options: int) -> list[tuple[int, str]]:
        return [(i, presenters.grade_name(i)) for i in range(len(MJ_GRADES_FR))][::-1]

    def clean(self, values: Mapping[int, int], option_ids: Sequence[int]) -> dict[int, int]:
        _check_known(values, option_ids)
        if set(values) != set(option_ids):
            raise ApplicationError(_("Give a grade to every option."), code="missing_grade")
        if any(not 0 <= v < len(MJ_GRADES_FR) for v in values.values()):
            raise ApplicationError(_("Choose one of the proposed grades."), code="bad_value")
        return dict(values)

    def segment(
        self,
        key: str,
        label: str,
        voters: int,
        options: Sequence[Any],
        data: ValueCounts,
    ) -> SegmentResult:
        grades = range(len(MJ_GRADES_FR))
        result = majority_judgment(
            {o.pk: [data.get(o.pk, {}).get(g, 0) for g in grades] for o in options},
            MJ_GRADES_FR,
            pad_with_worst=True,
        )
        by_pk = {o.pk: o for o in options}
        names = [presenters.grade_name(g) for g in grades]
        lines = []
        for pk in result.ranking:
            merit = result.merits[pk]
            grade = names[merit.majority_grade]
            gauge = merit.gauge
            # Sentences and bars are written only if the page shows them (the overall result;
            # breakdowns show ranks and grades).
            lines.append(
                OptionLine(
                    option=by_pk[pk],
                    rank=merit.rank,
                    score=grade,
                    majority_grade=grade,
                    gauge_text=presenters.later_text(
                        presenters.gauge_sentence,
                        grade, gauge.above, gauge.below, gauge.total, gauge.sign,
                    ),
                    bars=presenters.later_list(
                        presenters.merit_bars, list(merit.tally), merit.total
                    ),
                    tally=list(reversed(merit.tally)),
                )
            )  # fmt: skip
        labels = {pk: o.label for pk, o in by_pk.items()}
        return SegmentResult(
            key,
            label,
            voters,
            lines,
            presenters.later_list(presenters.majority_explanations, result, labels),
        )

    def about(self) -> str:
        return _(
            "With majority judgment each option gets the grade a majority of voters agree on at "
            "least: its majority grade (the median grade). Options are ranked by majority grade; "
            "between options with the same majority grade, the gauge decides: p is the share of "
            "voters who gave a better grade, q the share who gave a worse one."
        )


class Schulze(VotingMethod):
    key = "schulze"
    label = gettext_lazy("Ranked ballot (Schulze)")
    instructions = gettext_lazy(
        "Rank the options: 1 for your first choice. You may give the same rank to several "
        "options and leave some out."
    )
    counts_from = "pairwise"
    score_heading = gettext_lazy("Schulze rank")
    input_template = "ballots/methods/rank_input.html"

    def choices(self, n_options: int) -> list[tuple[int, str]]:
        return [(r, str(r)) for r in range(1, n_options + 1)]

    def clean(self, values: Mapping[int, int], option_ids: Sequence[int]) -> dict[int, int]:
        _check_known(values, option_ids)
        ranks = {k: v for k, v in values.items() if v}
        if not ranks:
            raise ApplicationError(_("Rank at least one option."), code="empty")
        if any(not 1 <= v <= len(option_ids) for v in ranks.values()):
            raise ApplicationError(
                _("Ranks go from 1 (your first choice) to %(n)s.") % {"n": len(option_ids)},
                code="bad_value",
            )
        return ranks

    def tally_keys(self, values: Mapping[int, int], option_ids: Sequence[int]) -> list[TallyKey]:
        # ``schulze``'s convention: a lower rank is preferred, ranked options are preferred to
        # unranked ones, unranked options are tied.
        unranked = max(values.values(), default=0) + 1
        level = {pk: values.get(pk, unranked) for pk in option_ids}
        return [(PAIR, a, b) for a in option_ids for b in option_ids if level[a] < level[b]]

    def segment(
        self, key: str, label: str, voters: int, options: Sequence[Any], data: PairwiseCounts
    ) -> SegmentResult:
        ids = [o.pk for o in options]
        known = set(ids)
        result = schulze(
            {pair: n for pair, n in data.items() if n and pair[0] in known and pair[1] in known},
            ids,
        )
        by_pk = {o.pk: o for o in options}
        lines = [
            OptionLine(option=by_pk[pk], rank=result.ranks[pk], score=str(result.ranks[pk]))
            for pk in result.ranking
        ]

        def explanations() -> list[str]:
            return [
                _(
                    "%(da)s voters prefer “%(a)s” to “%(b)s” and %(db)s the reverse; the "
                    "strongest chain of majorities from “%(a)s” to “%(b)s” has strength %(pa)s, "
                    "against %(pb)s the other way."
                )
                % {
                    "a": by_pk[a].label,
                    "b": by_pk[b].label,
                    "da": result.preference(a, b),
                    "db": result.preference(b, a),
                    "pa": result.path_strength(a, b),
                    "pb": result.path_strength(b, a),
                }
                for a, b in zip(result.ranking, result.ranking[1:], strict=False)
            ]

        return SegmentResult(key, label, voters, lines, presenters.later_list(explanations))

    def about(self) -> str:
        return _(
            "With the Schulze method every pair of options is compared: an option ranks above "
            "another when the strongest chain of majorities leads from it to the other."
        )


class Approval(VotingMethod):
    key = "approval"
    label = gettext_lazy("Approval")
    instructions = gettext_lazy("Tick every option you approve.")
    score_heading = gettext_lazy("Approvals")
    input_template = "ballots/methods/approval_input.html"

    def parse(self, raw: Mapping[int, str]) -> dict[int, int]:
        # A ticked box sends "on" (or "1"); anything else is not an approval.
        return {k: 1 for k, v in raw.items() if v.strip() in ("on", "1")}

    def clean(self, values: Mapping[int, int], option_ids: Sequence[int]) -> dict[int, int]:
        _check_known(values, option_ids)
        return {k: 1 for k, v in values.items() if v}

    def segment(
        self,
        key: str,
        label: str,
        voters: int,
        options: Sequence[Any],
        data: ValueCounts,
    ) -> SegmentResult:
        ids = [o.pk for o in options]
        # Approvals are stored as value 1.
        scores = {pk: data.get(pk, {}).get(1, 0) for pk in ids}
        result = approval([[pk] for pk in ids], ids, counts=[scores[pk] for pk in ids])
        by_pk = {o.pk: o for o in options}
        lines = [
            OptionLine(
                option=by_pk[pk],
                rank=result.ranks[pk],
                score=approvals_text(result.scores[pk], voters),
            )
            for pk in result.ranking
        ]
        explanations = [
            _("“%(a)s” ranks above “%(b)s”: %(na)s approvals against %(nb)s.")
            % {
                "a": by_pk[a].label,
                "b": by_pk[b].label,
                "na": result.scores[a],
                "nb": result.scores[b],
            }
            for a, b in zip(result.ranking, result.ranking[1:], strict=False)
            if result.scores[a] != result.scores[b]
        ]
        return SegmentResult(key, label, voters, lines, explanations)

    def about(self) -> str:
        return _("With approval voting the option approved by the most voters ranks first.")


def approvals_text(n: int, voters: int) -> str:
    """“3 approvals (60 % of voters)”, with the right plural."""
    return ngettext(
        "%(n)s approval (%(share)s of voters)", "%(n)s approvals (%(share)s of voters)", n
    ) % {"n": n, "share": presenters.percent(n, voters)}


register(MajorityJudgment())
register(Schulze())
register(Approval())


class BudgetApproval(Approval):
    """Approval within a budget (calls for projects): the voter ticks projects whose costs add
    up to at most the budget. Each option's source says its cost (``ballot_cost``) and the
    budget (``ballot_budget``); options without a cost count for nothing. Counted as approval."""

    key = "budget_approval"
    label = gettext_lazy("Approval within a budget")
    input_template = "ballots/methods/budget_approval_input.html"
    instructions = gettext_lazy(
        "Tick the projects you want funded; together they must fit in the budget."
    )

    def clean(self, values: Mapping[int, int], option_ids: Sequence[int]) -> dict[int, int]:
        from endavant.ballots.models import BallotOption

        cleaned = super().clean(values, option_ids)
        total: Any = 0
        budget: Any = None
        for option in BallotOption.objects.filter(pk__in=list(cleaned)):
            source = option.source
            total += getattr(source, "ballot_cost", 0) or 0
            budget = getattr(source, "ballot_budget", budget)
        if budget is not None and total > budget:
            raise ApplicationError(
                _("Your choice costs %(total)s €, more than the budget of %(budget)s €.")
                % {"total": total, "budget": budget},
                code="over_budget",
            )
        return cleaned

    def budget_summary(self, options: Sequence[Any], values: Mapping[int, int]) -> dict[str, Any]:
        """The cost of the ticked options against the budget, for the running total shown on
        the ballot page (a "check the total" button recomputes it without voting)."""
        from django.db.models import prefetch_related_objects

        prefetch_related_objects(list(options), "source")
        total: Any = 0
        budget: Any = None
        for option in options:
            source = option.source
            budget = getattr(source, "ballot_budget", budget)
            if values.get(option.pk):
                total += getattr(source, "ballot_cost", 0) or 0
        return {
            "total": total,
            "budget": budget,
            "over": budget is not None and total > budget,
            "left": None if budget is None else budget - total,
        }

    def about(self) -> str:
        return _(
            "Each voter chose projects within the budget; the project approved by the most "
            "voters ranks first."
        )


register(BudgetApproval())
