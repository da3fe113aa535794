"""Communication and mediation: the documents the programme gave to the territory (flyers,
brochures, web pages, press releases, commitments...), their extracted text and analysis; the
glossary of very-high-speed broadband terms, the technical terms the team adds, and the FAQ
for residents."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from endavant.core.fields import HttpURLField


class Document(models.Model):
    """A document of the programme's communication, with its text and its analysis."""

    class Kind(models.TextChoices):
        FLYER = "flyer", _("Flyer")
        BROCHURE = "brochure", _("Brochure")
        WEB_PAGE = "web_page", _("Web page")
        PRESS_RELEASE = "press_release", _("Press release")
        NEWSLETTER = "newsletter", _("Newsletter")
        NEWS = "news", _("News item")
        MINUTES = "minutes", pgettext_lazy("document", "Minutes")
        COMMITMENT = "commitment", _("Political commitment")
        FAQ = "faq", _("Questions and answers")
        PRESENTATION = "presentation", _("Presentation")
        REPORT = "report", pgettext_lazy("document", "Report")
        OTHER = "other", _("Other")

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        CATALAN = "ca", _("Catalan")
        OCCITAN = "oc", _("Occitan")
        ENGLISH = "en", _("English")
        OTHER = "other", _("Other language")

    class Status(models.TextChoices):
        READY = "ready", _("Text extracted")
        PENDING = "pending", _("Text being extracted")
        FAILED = "failed", _("Text could not be extracted")

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    published_on = models.DateField(_("date of publication"))
    #: ``core.audiences.Audience`` values the document was addressed to.
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    communes = models.ManyToManyField(
        "territory.Commune", verbose_name=_("communes"), blank=True, related_name="+"
    )
    domains = models.ManyToManyField(
        "roadmap.FunctionalDomain", verbose_name=_("functional domains"), blank=True
    )
    actions = models.ManyToManyField(
        "roadmap.Action", verbose_name=_("roadmap actions"), blank=True, related_name="+"
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.FRENCH
    )
    source = models.CharField(_("source (who published it, where)"), max_length=300)
    source_url = HttpURLField(_("address of the original"), blank=True)
    summary = models.TextField(_("summary"), blank=True, max_length=2000)
    original = models.FileField(_("original file"), upload_to="mediation/documents/%Y/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_format = models.CharField(_("file format"), max_length=10, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.READY
    )
    error = models.CharField(_("extraction error"), max_length=500, blank=True)
    # The analysis, computed once when the text is extracted (pages never count on each load).
    words = models.PositiveIntegerField(_("words"), default=0)
    sentences = models.PositiveIntegerField(_("sentences"), default=0)
    syllables = models.PositiveIntegerField(_("syllables"), default=0)
    readability = models.FloatField(_("readability (Kandel–Moles)"), null=True, blank=True)
    jargon_count = models.PositiveIntegerField(_("technical terms (occurrences)"), default=0)
    jargon_words = models.PositiveIntegerField(_("words in technical terms"), default=0)
    #: ``[{"key", "label", "explained"}]``: the technical terms found, in order of appearance.
    jargon = models.JSONField(_("technical terms"), default=list, blank=True)
    is_example = models.BooleanField(_("example (fictional)"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["programme", "published_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("mediation:document", args=[self.pk])

    @property
    def jargon_share(self) -> float | None:
        """Share of the words that belong to technical terms."""
        return self.jargon_words / self.words if self.words else None

    @property
    def explained_count(self) -> int:
        return sum(1 for item in self.jargon if item.get("explained"))


class DocumentText(models.Model):
    """The text of a document and what is derived from it, kept apart from the document so
    that the audit journal of an edit does not copy the whole text."""

    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, primary_key=True, related_name="content"
    )
    text = models.TextField(_("text"), blank=True)
    #: The most frequent lemmas (folded) with their counts, for the analysis of themes.
    lemma_counts = models.JSONField(_("lemma counts"), default=dict, blank=True)
    #: PostgreSQL full-text vector (French configuration, accents removed); SQLite uses the
    #: FTS5 table ``mediation_document_fts`` instead. Both are kept by the services.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("text of a document")
        verbose_name_plural = _("texts of documents")

    def __str__(self) -> str:
        return str(self.document_id)


class GlossaryTerm(models.Model):
    """A term of very-high-speed broadband, explained in plain words for residents."""

    slug = models.SlugField(_("anchor"), max_length=60, unique=True)
    term = models.CharField(_("term"), max_length=150)
    short = models.CharField(_("one-line explanation"), max_length=300)
    definition = models.TextField(_("explanation"), max_length=3000)
    #: The forms the term takes in a text (plurals in -s/-x are found without being listed).
    variants = models.JSONField(_("forms found in texts"), default=list, blank=True)
    expansion = models.CharField(_("long form of the acronym"), max_length=200, blank=True)
    is_default = models.BooleanField(_("shipped with the platform"), default=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def get_absolute_url(self) -> str:
        return reverse("mediation:glossary") + f"#{self.slug}"


class JargonTerm(models.Model):
    """A technical term the team wants counted as jargon, without a glossary entry."""

    term = models.CharField(_("term"), max_length=100)
    normalised = models.CharField(max_length=100, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("technical term")
        verbose_name_plural = _("technical terms")
        ordering = ["normalised"]

    def __str__(self) -> str:
        return self.term


class FaqEntry(models.Model):
    """A question residents ask, with its answer."""

    slug = models.SlugField(_("anchor"), max_length=60, unique=True)
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), max_length=5000)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_default = models.BooleanField(_("shipped with the platform"), default=False)

    class Meta:
        verbose_name = _("question for residents")
        verbose_name_plural = _("questions for residents")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.question
