"""Ballots on any list of options (domains, actions, workshop topics, projects) and their votes.

How a ballot is validated, counted, explained and drawn depends on its method; each method is one
entry of ``endavant.ballots.methods``, so nothing here branches on it.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from endavant.core.models import ParticipationEvent


class Ballot(models.Model):
    """A ballot over a list of options, open during a window."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="ballots",
    )
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"))
    #: A key of the method registry (``endavant.ballots.methods.METHODS``).
    method = models.CharField(_("method"), max_length=40)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    #: ``endavant.core.audiences.Audience`` values allowed to vote; empty means everyone.
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    results_live = models.BooleanField(_("show results while open"), default=False)
    is_example = models.BooleanField(_("example (fictional)"), default=False)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["-opens_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ballots:ballot", args=[self.pk])

    def is_open(self, at: datetime | None = None) -> bool:
        """Whether votes are accepted at ``at`` (now by default)."""
        moment = at or timezone.now()
        return self.opens_at <= moment < self.closes_at

    def is_closed(self, at: datetime | None = None) -> bool:
        """Whether the closing time has passed."""
        return (at or timezone.now()) >= self.closes_at

    def results_visible(self) -> bool:
        """Results are public once the ballot is closed, or live when it says so."""
        return self.is_closed() or (self.results_live and self.opens_at <= timezone.now())


class BallotOption(models.Model):
    """One option of a ballot, optionally drawn from a record of the programme (its source).

    The source is a generic link (a functional domain, a roadmap action, later a workshop topic
    or a project), so that results can feed back into what the option stands for.
    """

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="options"
    )
    label = models.CharField(_("label"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_id = models.CharField(_("source id"), max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")

    class Meta:
        verbose_name = _("ballot option")
        verbose_name_plural = _("ballot options")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self) -> str:
        return self.label


class Vote(models.Model):
    """One person's ballot paper; changeable until closing (updated in place).

    The voter's audience and commune are copied when the vote is first cast, so results stay
    stable when people move or change roles. ``channel`` and ``entered_by`` say how the current
    judgments were entered (the voter on the web, a mediator, a paper ballot, in the room).
    """

    #: The channels of participation, shared with the participation events.
    Channel = ParticipationEvent.Channel

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="votes"
    )
    # PROTECT: deleting an account must not change a tally; accounts are erased (pseudonymised
    # by accounts.privacy.account_erase) and their votes stay.
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voter"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    audience = models.CharField(_("audience"), max_length=30, blank=True)
    commune_code = models.CharField(_("commune code"), max_length=5, blank=True)
    #: Whether the voter's commune was isolated when the vote was cast (None: unknown).
    commune_isolated = models.BooleanField(_("isolated commune"), null=True, blank=True)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    #: Who entered the vote for the voter (a mediator, the team for a paper ballot); None when
    #: the voter entered it. SET_NULL: the vote stays when that person's account goes.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cast_at = models.DateTimeField(_("cast at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    #: Incremented by every change: a change is written only if nobody changed the vote since
    #: it was read, so that the tallies are moved from exactly the judgments they counted.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "voter"], name="ballots_one_vote_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}/{self.voter_id}"


class VoteItem(models.Model):
    """One judgment of a vote: what the value means is the method's business (a grade index,
    a rank, an approval...).

    Child rows rather than a JSON field so that results are counted by the database with a
    GROUP BY on (option, value), the same way on SQLite and PostgreSQL.
    """

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="items")
    option = models.ForeignKey(BallotOption, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "option"], name="ballots_one_item_per_option")
        ]

    def __str__(self) -> str:
        return f"{self.option_id}={self.value}"


class Tally(models.Model):
    """A pre-aggregated count of a ballot's votes, kept exact by the vote service.

    Results read these rows instead of counting the votes on each page load. Counts are kept
    per cell of voters (audience, isolated commune or not, channel): every breakdown shown is a
    sum of cells. What is counted is the ``kind``:

    * ``VOTERS``: how many voters (``a = b = 0``);
    * ``VALUE``: how many voters gave option ``a`` the value ``b`` (a grade, an approval...);
    * ``PAIR``: how many voters prefer option ``a`` to option ``b`` (ranked methods).

    Which keys a vote adds is its method's business (``VotingMethod.tally_keys``). The
    ``ballots recount`` command rebuilds the rows from the votes.
    """

    class Kind(models.IntegerChoices):
        VOTERS = 0, _("voters")
        VALUE = 1, _("value")
        PAIR = 2, _("pair")

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="+")
    #: ``core.audiences.Audience`` value (``unknown`` when the vote has none).
    audience = models.CharField(max_length=30)
    #: ``"True"``, ``"False"`` or ``"None"`` (unknown): a text so that the cell is a plain
    #: unique key on every database (a NULL would never conflict).
    isolated = models.CharField(max_length=5)
    channel = models.CharField(max_length=20)
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    # Option ids (or a value) rather than foreign keys: options no longer change once votes are
    # cast, and the rows go with their ballot.
    a = models.IntegerField()
    b = models.IntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        # Kind second: the ballot list sums the voter rows of each ballot without reading its
        # judgments.
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "kind", "audience", "isolated", "channel", "a", "b"],
                name="ballots_one_tally_per_cell",
            )
        ]

    def __str__(self) -> str:
        cell = f"{self.audience}/{self.isolated}/{self.channel}"
        return f"{self.ballot_id}/{cell} {self.kind}:{self.a},{self.b}={self.count}"
