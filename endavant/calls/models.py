"""Calls for projects and the support fund: the call and its phases, submitted projects with
their attachments, public comments with moderation, supports, the jury's scores, allocation runs
and the fund ledger."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from endavant.core.fields import HttpURLField

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}
POSITIVE = [MinValueValidator(Decimal("0"))]


class Call(models.Model):
    """A call for projects of a programme, with its budget, phases and rules."""

    class Holder(models.TextChoices):
        RESIDENT = "resident", _("Residents")
        ASSOCIATION = "association", _("Associations")
        COMMUNE = "commune", _("Communes")
        BUSINESS = "business", _("Businesses")

    class Participation(models.TextChoices):
        SUPPORTS = "supports", _("Public supports")
        VOTE = "vote", _("Vote")

    class VoteMethod(models.TextChoices):
        APPROVAL = "approval", _("Approval")
        BUDGET_APPROVAL = "budget_approval", _("Approval within the budget")

    class Rule(models.TextChoices):
        GREEDY_VOTES = "greedy_votes", _("Greedy by votes")
        GREEDY_JURY = "greedy_jury", _("Greedy by jury score")
        EQUAL_SHARES = "equal_shares", _("Method of Equal Shares (Add1 completion)")

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="calls",
    )
    title = models.CharField(_("title"), max_length=200)
    rules = models.TextField(_("rules"), max_length=20_000)
    budget = models.DecimalField(_("budget (€)"), validators=POSITIVE, **MONEY)
    max_amount = models.DecimalField(
        _("largest amount per project (€)"), null=True, blank=True, validators=POSITIVE, **MONEY
    )
    #: ``Call.Holder`` values of who may submit; empty: everyone.
    holders = models.JSONField(_("who may submit"), default=list, blank=True)
    #: Only people (and projects) whose commune lies in the programme's territory.
    territory_only = models.BooleanField(_("restricted to the territory"), default=True)
    submission_opens_at = models.DateTimeField(_("submission opens at"))
    submission_closes_at = models.DateTimeField(_("submission closes at"))
    participation = models.CharField(
        _("public participation"),
        max_length=10,
        choices=Participation.choices,
        default=Participation.SUPPORTS,
    )
    vote_method = models.CharField(
        _("vote method"), max_length=20, choices=VoteMethod.choices, default=VoteMethod.APPROVAL
    )
    participation_opens_at = models.DateTimeField(_("support or vote opens at"))
    participation_closes_at = models.DateTimeField(_("support or vote closes at"))
    jury_closes_at = models.DateTimeField(_("jury review ends at"))
    selection_on = models.DateField(_("selection announced on"))
    realisation_until = models.DateField(_("projects realised by"))
    rule = models.CharField(
        _("allocation rule"), max_length=20, choices=Rule.choices, default=Rule.GREEDY_VOTES
    )
    results_explanation = models.TextField(
        _("how results are explained"), blank=True, max_length=10_000
    )
    ballot = models.OneToOneField(
        "ballots.Ballot",
        verbose_name=_("ballot"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="call",
    )
    website = HttpURLField(_("web page"), blank=True)
    is_example = models.BooleanField(_("example (fictional)"), default=False)
    #: A past call imported from open data (e.g. a Pabulib file): where it comes from. Its
    #: projects and ballots are the published ones; it takes no submission, support or vote.
    imported_from = models.CharField(_("imported from"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        ordering = ["-submission_opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0), name="calls_call_budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calls:detail", args=[self.pk])

    def phases(self) -> list[tuple[str, str, datetime | None, datetime | None]]:
        """The phases as (key, label, start, end), in order."""
        return [
            (
                "submission",
                str(_("Submission")),
                self.submission_opens_at,
                self.submission_closes_at,
            ),
            (
                "participation",
                str(_("Public vote") if self.uses_vote else _("Public support")),
                self.participation_opens_at,
                self.participation_closes_at,
            ),
            ("jury", str(_("Jury review")), self.participation_closes_at, self.jury_closes_at),
            ("selection", str(_("Selection")), self.jury_closes_at, None),
            ("realisation", str(_("Realisation")), None, None),
        ]

    def phase(self, at: datetime | None = None) -> str:
        """The key of the phase the call is in at ``at`` (``upcoming`` before submission)."""
        now = at or timezone.now()
        if now < self.submission_opens_at:
            return "upcoming"
        if now < self.submission_closes_at:
            return "submission"
        if self.participation_opens_at <= now < self.participation_closes_at:
            return "participation"
        if now < self.jury_closes_at:
            return "jury"
        return "selection" if now.date() < self.selection_on else "realisation"

    @property
    def uses_vote(self) -> bool:
        return self.participation == self.Participation.VOTE

    def submission_open(self, at: datetime | None = None) -> bool:
        now = at or timezone.now()
        return self.submission_opens_at <= now < self.submission_closes_at

    def participation_open(self, at: datetime | None = None) -> bool:
        now = at or timezone.now()
        return self.participation_opens_at <= now < self.participation_closes_at


class Criterion(models.Model):
    """An evaluation criterion of the jury, with its weight."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    """A project submitted to a call (a draft until submitted)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Decision(models.TextChoices):
        NONE = "", _("Not decided")
        SELECTED = "selected", _("Selected")
        REJECTED = "rejected", _("Not selected")

    class Realisation(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Realised")
        ABANDONED = "abandoned", _("Abandoned")

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="projects"
    )
    #: None for the projects of a past call imported from open data (their holders are unknown).
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project holder"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    holder_kind = models.CharField(_("submitted as"), max_length=12, choices=Call.Holder.choices)
    holder_name = models.CharField(
        _("name of the holder (association, commune, business)"), max_length=200, blank=True
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500)
    description = models.TextField(_("description"), max_length=20_000)
    communes = models.ManyToManyField(
        "territory.Commune", verbose_name=_("communes"), blank=True, related_name="+"
    )
    domain = models.ForeignKey(
        "roadmap.FunctionalDomain",
        verbose_name=_("functional domain"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_amount = models.DecimalField(_("requested amount (€)"), validators=POSITIVE, **MONEY)
    partners = models.TextField(_("partners"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=20, default="web")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_at = models.DateTimeField(_("holder's consent recorded at"), null=True, blank=True)
    audience = models.CharField(_("audience"), max_length=30, blank=True)
    commune_code = models.CharField(_("commune code"), max_length=5, blank=True)
    commune_isolated = models.BooleanField(_("isolated commune"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default="", blank=True
    )
    decision_reason = models.TextField(_("reason of the decision"), blank=True, max_length=5000)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    realisation = models.CharField(
        _("realisation"),
        max_length=12,
        choices=Realisation.choices,
        default=Realisation.NOT_STARTED,
    )
    realisation_note = models.TextField(_("realisation note"), blank=True, max_length=5000)
    is_example = models.BooleanField(_("example (fictional)"), default=False)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["call", "pk"]
        indexes = [models.Index(fields=["call", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_amount__gte=0), name="calls_project_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calls:project", args=[self.pk])

    @property
    def is_public(self) -> bool:
        """Submitted and withdrawn projects have a public page; drafts do not."""
        return self.status != self.Status.DRAFT

    # Read by the budget-constrained approval method of the ballots registry.
    @property
    def ballot_cost(self) -> Decimal:
        return self.requested_amount

    @property
    def ballot_budget(self) -> Decimal:
        return self.call.budget


class Attachment(models.Model):
    """A file attached to a project (PDF or image, checked by content and size)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="calls/attachments/")
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class Comment(models.Model):
    """A public comment on a project (threaded: ``parent``), moderated with a reason."""

    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        HIDDEN = "hidden", _("Hidden by moderation")

    class Appeal(models.TextChoices):
        NONE = "", _("No appeal")
        PENDING = "pending", _("Appeal pending")
        UPHELD = "upheld", _("Moderation upheld")
        REINSTATED = "reinstated", _("Comment reinstated")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("comment"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VISIBLE
    )
    channel = models.CharField(_("channel"), max_length=20, default="web")
    audience = models.CharField(_("audience"), max_length=30, blank=True)
    commune_code = models.CharField(_("commune code"), max_length=5, blank=True)
    commune_isolated = models.BooleanField(_("isolated commune"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    moderation_reason = models.TextField(_("moderation reason"), blank=True, max_length=2000)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    appeal = models.CharField(
        _("appeal"), max_length=10, choices=Appeal.choices, default="", blank=True
    )
    appeal_text = models.TextField(_("appeal by the author"), blank=True, max_length=2000)
    appeal_decision_reason = models.TextField(
        _("reason of the appeal decision"), blank=True, max_length=2000
    )
    is_example = models.BooleanField(_("example (fictional)"), default=False)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("calls:project", args=[self.project_id]) + f"#comment-{self.pk}"


class Report(models.Model):
    """A participant reports a comment to the moderators (once per person and comment)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="calls_one_report_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.reason[:40]}"


class Support(models.Model):
    """A participant's support for a project: one per person, by a database constraint."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="supports")
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supporter"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=20, default="web")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audience = models.CharField(_("audience"), max_length=30, blank=True)
    commune_code = models.CharField(_("commune code"), max_length=5, blank=True)
    commune_isolated = models.BooleanField(_("isolated commune"), null=True, blank=True)
    created_at = models.DateTimeField(_("supported at"), default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "supporter"], name="calls_one_support_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id}/{self.supporter_id}"


class JuryMember(models.Model):
    """A member of a call's jury."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="jury")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("jury member"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        constraints = [
            models.UniqueConstraint(fields=["call", "member"], name="calls_one_seat_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.call_id}/{self.member_id}"


class Conflict(models.Model):
    """A jury member's declared conflict of interest with a project: they may not score it."""

    juror = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="conflicts")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(_("reason"), max_length=500)
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["juror", "project"], name="calls_one_conflict")
        ]

    def __str__(self) -> str:
        return f"{self.juror_id}/{self.project_id}"


class Score(models.Model):
    """A jury member's score of one project on one criterion (0 to 10), with a comment."""

    juror = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="scores")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "project", "criterion"], name="calls_one_score_per_criterion"
            ),
            models.CheckConstraint(condition=Q(value__lte=10), name="calls_score_at_most_10"),
        ]

    def __str__(self) -> str:
        return f"{self.juror_id}/{self.project_id}/{self.criterion_id}={self.value}"


class ImportedBallot(models.Model):
    """One published ballot of a past call imported from open data: the projects it approved
    (and the points it gave, for cumulative votes), under the source's anonymous voter id."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="imported_ballots")
    voter_key = models.CharField(_("voter id in the source"), max_length=64)
    #: Project primary keys, in the ballot's order.
    projects = models.JSONField(_("projects"), default=list)
    #: Points given to each project of ``projects`` (cumulative votes), else None.
    points = models.JSONField(_("points"), null=True, blank=True)

    class Meta:
        verbose_name = _("imported ballot")
        verbose_name_plural = _("imported ballots")
        constraints = [
            models.UniqueConstraint(fields=["call", "voter_key"], name="calls_imported_ballot_once")
        ]

    def __str__(self) -> str:
        return f"{self.call_id}/{self.voter_key}"


class AllocationRun(models.Model):
    """One run of the call's allocation rule, stored with its explanations."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="runs")
    rule = models.CharField(_("rule"), max_length=20, choices=Call.Rule.choices)
    source = models.CharField(_("counted from"), max_length=20)
    budget = models.DecimalField(_("budget (€)"), **MONEY)
    total_cost = models.DecimalField(_("total cost of the selection (€)"), **MONEY)
    voters = models.PositiveIntegerField(_("voters or supporters"), default=0)
    #: Selected project ids, in selection order.
    selected = models.JSONField(_("selected projects"), default=list)
    #: Project id (as text) -> {"selected", "votes", "reason", "explanation", "step"}.
    details = models.JSONField(_("details"), default=dict)
    ran_at = models.DateTimeField(_("run at"), default=timezone.now)
    ran_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["-ran_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.call_id} {self.rule} {self.ran_at:%Y-%m-%d}"


class LedgerEntry(models.Model):
    """One line of the support fund: a commitment to a project, a payment (instalment) or the
    release of an unspent commitment. Amounts are positive; the kind gives the sign."""

    class Kind(models.TextChoices):
        COMMITMENT = "commitment", _("Commitment")
        PAYMENT = "payment", _("Payment")
        RELEASE = "release", _("Release of a commitment")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="ledger")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="ledger")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount (€)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    on = models.DateField(_("date"), default=timezone.localdate)
    evidence = models.CharField(
        _("evidence (invoice, decision, reference)"), max_length=300, blank=True
    )
    evidence_url = HttpURLField(_("evidence (address)"), blank=True)
    evidence_file = models.FileField(_("evidence (file)"), upload_to="calls/evidence/", blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="calls_ledger_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} → {self.project_id}"
