"""Ballots and their results, as the public ballot pages show them: results only once visible
(closed, or live when the ballot says so), segments under the minimum group size withheld."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router

from endavant.api import schemas
from endavant.api.main import responses
from endavant.api.pagination import PageParams, page_of, paginate
from endavant.api.routes.common import Id, Slug, programme_or_404
from endavant.ballots import methods, selectors
from endavant.ballots.models import Ballot
from endavant.ballots.presenters import SegmentResult

router = Router(tags=["Ballots"])


def _state(ballot: Ballot) -> str:
    if ballot.is_closed():
        return "closed"
    return "open" if ballot.opens_at <= timezone.now() else "upcoming"


def ballot_data(ballot: Ballot) -> dict[str, Any]:
    return {
        "id": ballot.pk,
        "title": ballot.title,
        "question": ballot.question,
        "method": ballot.method,
        "method_label": str(methods.get(ballot.method).label),
        "opens_at": ballot.opens_at,
        "closes_at": ballot.closes_at,
        "state": _state(ballot),
        "audiences": list(ballot.audiences or []),
        "options": ballot.option_count,  # type: ignore[attr-defined]
        "votes": ballot.vote_count,  # type: ignore[attr-defined]
        "results_visible": ballot.results_visible(),
        "is_example": ballot.is_example,
        "url": ballot.get_absolute_url(),
    }


@router.get(
    "/programmes/{slug}/ballots",
    response=responses(page_of(schemas.Ballot), not_found=True),
    url_name="ballots",
)
def ballot_list(request: HttpRequest, slug: Slug, page: Query[PageParams]) -> dict[str, Any]:
    """The programme's ballots, newest first, with their numbers of options and votes."""
    return paginate(request, selectors.ballot_list(programme_or_404(slug)), page, ballot_data)


def _segment(segment: SegmentResult) -> dict[str, Any]:
    return {
        "key": segment.key,
        "label": segment.label,
        "voters": segment.voters,
        "withheld": segment.withheld,
        "lines": [
            {
                "option": line.option.pk,
                "label": line.option.label,
                "rank": line.rank,
                "score": line.score,
                "majority_grade": line.majority_grade,
                "tally": list(line.tally),
            }
            for line in segment.lines
        ],
        "explanations": list(segment.explanations),
    }


@router.get(
    "/ballots/{int:pk}",
    response=responses(schemas.BallotDetail, not_found=True),
    url_name="ballot",
)
def ballot_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    """One ballot with its options and, when the public page shows them, its results."""
    ballot = (
        Ballot.objects.select_related("programme")
        .annotate(option_count=Count("options", distinct=True))
        .annotate(vote_count=Count("votes", distinct=True))
        .filter(pk=pk)
        .first()
    )
    if ballot is None:
        raise Http404
    results = None
    if ballot.results_visible():
        counted = selectors.ballot_results(ballot)
        results = {
            "voters": counted.voters,
            "min_group_size": counted.min_group,
            "overall": _segment(counted.overall) if counted.overall else None,
            "by_audience": [_segment(s) for s in counted.by_audience],
            "by_isolation": [_segment(s) for s in counted.by_isolation],
        }
    return {
        **ballot_data(ballot),
        "programme": ballot.programme.slug,
        "choices": [{"id": o.pk, "label": o.label, "order": o.order} for o in ballot.options.all()],
        "results": results,
    }
