"""What the imports app declares to the core registries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from endavant.core.registry import AuditAction, Column, Dataset, EventKind, entity_actions

AUDIT_ACTIONS = [
    *entity_actions("imported_programme", _("imported programme")),
    *entity_actions("reference_series", _("reference series")),
    AuditAction("imports.run", _("past programme imported")),
    AuditAction("imports.reference", _("reference series imported")),
]

EVENT_KINDS = [
    EventKind("imported.proposal", _("Proposal (imported programme)"), module="imports"),
    EventKind("imported.debate", _("Debate opened (imported programme)"), module="imports"),
    EventKind("imported.comment", _("Comment (imported programme)"), module="imports"),
]


def _item_rows(programme: Any) -> Iterator[Sequence[Any]]:
    from endavant.imports.models import ImportedItem

    items = (
        ImportedItem.objects.filter(programme=programme)
        .order_by("created_at", "pk")
        .values_list("pk", "kind", "source_id", "parent_id", "author", "created_at", "title",
                     "supports")
    )  # fmt: skip
    yield from items.iterator(chunk_size=2000)


def _reference_rows(_programme: Any) -> Iterator[Sequence[Any]]:
    from endavant.imports.models import ParticipantsByDepartement

    values = ParticipantsByDepartement.objects.order_by(
        "series__slug", "theme", "month", "region", "author_type", "departement"
    ).values_list(
        "series__slug", "theme", "month", "region", "author_type", "departement", "participants"
    )
    yield from values.iterator(chunk_size=2000)


DATASETS = [
    Dataset(
        slug="contributions-importees",
        title=_("Contributions of an imported programme"),
        description=_(
            "The proposals, debates and comments of a past programme imported from another "
            "platform (Decidim, CONSUL), authors as pseudonyms. Empty for programmes run on "
            "this platform."
        ),
        columns=(
            Column("id", "integer", _("Identifier on this platform")),
            Column("kind", "string", _("proposal, debate or comment")),
            Column("source_id", "string", _("File and identifier in the source")),
            Column("parent_id", "integer", _("What a comment answers (identifier here)")),
            Column("author", "string", _("Pseudonym of the author within this programme")),
            Column("created_at", "datetime", _("When it was published")),
            Column("title", "string", _("Title (proposals and debates)")),
            Column("supports", "integer", _("Supports or votes, as the source counts them")),
        ),
        rows=_item_rows,
        source=_("The open-data export of the source platform, imported (see the programme)"),
        licence="Licence of the source platform (see the programme)",
    ),
    Dataset(
        slug="grand-debat-2019-participants-departement",
        title=_("Grand Débat National 2019: participants by département"),
        description=_(
            "Participants in the online questionnaires of the Grand Débat National (up to "
            "21 March 2019) by theme, month, region, kind of author and département, as "
            "aggregated by the repository jgorene/grand-debat-synthese. The counts appear to "
            "cover only part of the contributions: use them for relative comparisons only."
        ),
        columns=(
            Column("series", "string", _("Reference series")),
            Column("theme", "string", _("Theme (democratie, fiscalite, organisation, transition)")),
            Column("month", "string", _("Month of 2019 (janvier, février, mars)")),
            Column("region", "string", _("Region, as the source names it")),
            Column("author_type", "string", _("Kind of author as declared (empty: not given)")),
            Column("departement", "string", _("Département code")),
            Column("participants", "integer", _("Number of participants")),
        ),
        rows=_reference_rows,
        source=_(
            "granddebat.fr open data, aggregated by jgorene/grand-debat-synthese (commit "
            "c1ff7bf), unpacked by département"
        ),
        licence="Not stated by the repository; upstream: granddebat.fr open data",
        per_programme=False,
    ),
]
