"""Registries that later modules extend: the public pages the browser suite visits, and the
allowed/denied matrix of every URL for every role.

Each app may have a ``pages.py`` with ``BROWSER_PAGES`` and an ``access.py`` with ``ACCESS``;
the core test suites collect them from every installed Endavant app. Keeping these lists as data
next to the app that owns the URLs means a new page cannot be added without saying who may see it.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils.functional import Promise

# The roles of the permission matrix, from least to most powerful. "anonymous" is a visitor who
# is not logged in; "participant" any logged-in person without a staff role.
ROLES = (
    "anonymous",
    "participant",
    "mediator",
    "jury",
    "moderator",
    "researcher",
    "programme_team",
    "administrator",
)


#: The usual rule of a back-office page: anonymous visitors go to the login page (302), people
#: without the role get 403; the programme team and the administrator get the page.
BACK_OFFICE = {
    "anonymous": 302,
    "participant": 403,
    "mediator": 403,
    "jury": 403,
    "moderator": 403,
    "researcher": 403,
}


@dataclass(frozen=True)
class BrowserPage:
    """A public page the browser suite checks (accessibility, weight, works without JS).

    ``path`` is a URL path, or a callable run inside the test database that creates what the page
    needs and returns its path.
    """

    name: str
    path: str | Callable[[], str]
    weight_budget: int = 100_000


@dataclass(frozen=True)
class Access:
    """Expected HTTP status of one URL, for one method, for each role.

    ``expected`` maps a role to a status; roles left out get ``default``. ``url_name`` ties the
    rule to a URL pattern so the matrix test can tell which patterns have no rule (each needs a
    GET and a POST rule). ``path`` may be a callable (run in the test database) that creates data
    and returns the path; ``data`` is posted when ``method`` is POST (or a callable that gets the
    path and returns it).

    Deny by default: ``public`` says that anonymous visitors may use the URL with this method.
    The matrix test requests every other rule as an anonymous visitor and fails unless the answer
    is a refusal (a redirect to a login page, 403) or 405 (the method is refused to everyone), so
    a view that forgets its access decorator fails unless its app declares it public here.
    """

    url_name: str
    path: str | Callable[[], str]
    expected: dict[str, int] = field(default_factory=dict)
    default: int = 200
    method: str = "GET"
    data: dict[str, Any] | Callable[[str], dict[str, Any]] | None = None
    public: bool = False

    def status_for(self, role: str) -> int:
        """The status ``role`` must receive."""
        return self.expected.get(role, self.default)

    def data_for(self, path: str) -> dict[str, Any]:
        """What is posted to ``path``."""
        return self.data(path) if callable(self.data) else dict(self.data or {})


def method_refused(url_name: str, path: str | Callable[[], str], method: str = "POST") -> Access:
    """The rule of a URL that does not answer ``method``: 405 for every role."""
    return Access(url_name, path, method=method, default=405)


def read_only(
    url_name: str,
    path: str | Callable[[], str],
    *,
    expected: dict[str, int] | None = None,
    default: int = 200,
    public: bool = False,
) -> list[Access]:
    """The rules of a page that only reads: GET as given, POST refused (405) to every role."""
    return [
        Access(url_name, path, expected=expected or {}, default=default, public=public),
        method_refused(url_name, path),
    ]


def _endavant_modules(name: str) -> Iterator[Any]:
    for config in apps.get_app_configs():
        if not config.name.startswith("endavant."):
            continue
        try:
            yield importlib.import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.{name}":
                raise


def browser_pages() -> list[BrowserPage]:
    """Every public page declared by the installed apps."""
    return [page for module in _endavant_modules("pages") for page in module.BROWSER_PAGES]


def access_rules() -> list[Access]:
    """Every access rule declared by the installed apps."""
    return [rule for module in _endavant_modules("access") for rule in module.ACCESS]


# --- Declarations: what each app says about its data ----------------------------------------
#
# An app declares these in ``<app>/declarations.py`` (any of the four lists may be absent). The
# core reads them; tests fail when a module forgets to declare what it uses.


@dataclass(frozen=True)
class AuditAction:
    """An action that may appear in the audit log."""

    key: str
    label: str | Promise


def entity_actions(entity: str, label: str | Promise) -> list[AuditAction]:
    """The create, update and delete actions of one entity written through ``core.services``."""
    return [
        AuditAction(f"{entity}.create", label),
        AuditAction(f"{entity}.update", label),
        AuditAction(f"{entity}.delete", label),
    ]


@dataclass(frozen=True)
class EventKind:
    """A kind of participation event.

    ``audiences`` are the audiences the act counts for (empty: every audience); ``channels``
    the channels it may come through (empty: any). ``counts_as_participation`` is false for
    events the observatory shows but does not count as an act (a change of a vote already
    cast, say).
    """

    key: str
    label: str | Promise
    module: str
    audiences: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    counts_as_participation: bool = True


@dataclass(frozen=True)
class PersonalData:
    """A table that holds a person's data, and what the rights of access and erasure do to it.

    ``owner`` is the lookup from the model to the account (``"voter"``, ``"person__user"``).
    ``export`` lists the columns of the personal-data export. ``erase`` is ``"delete"`` (rows
    go), ``"keep"`` (rows stay, pointing at the anonymised account, e.g. votes, so that results
    do not change: ``why`` says so) or a callable ``(user) -> None`` that does what is needed. A
    model with several links to a person is declared once per link.
    """

    model: str
    owner: str
    export: tuple[str, ...]
    erase: str | Callable[[Any], None]
    why: str | Promise = ""
    table: str = ""

    @property
    def name(self) -> str:
        return self.table or self.model.split(".")[1].lower()


@dataclass(frozen=True)
class Column:
    """One column of an open-data dataset."""

    name: str
    type: str  # "string", "integer", "number", "boolean", "date", "datetime"
    description: str | Promise


@dataclass(frozen=True)
class Dataset:
    """A public dataset: its description, licence, columns and where its rows come from.

    ``rows(programme)`` yields one tuple per row, in the order of ``columns``; ``programme`` is
    the programme the visitor looks at (``None`` for datasets that do not depend on one, like
    the communes).
    """

    slug: str
    title: str | Promise
    description: str | Promise
    columns: tuple[Column, ...]
    rows: Callable[[Any], Iterator[Sequence[Any]]]
    source: str | Promise
    licence: str = "Licence Ouverte / Etalab 2.0"
    per_programme: bool = True


def _declared(name: str) -> list[Any]:
    return [
        item for module in _endavant_modules("declarations") for item in getattr(module, name, ())
    ]


def audit_actions() -> dict[str, AuditAction]:
    return {a.key: a for a in _declared("AUDIT_ACTIONS")}


def event_kinds() -> dict[str, EventKind]:
    return {k.key: k for k in _declared("EVENT_KINDS")}


def personal_data() -> list[PersonalData]:
    return _declared("PERSONAL_DATA")


def datasets() -> dict[str, Dataset]:
    return {d.slug: d for d in _declared("DATASETS")}


class UndeclaredError(LookupError):
    """Something was recorded that no app declared."""


def audit_action(key: str) -> AuditAction:
    """The declared audit action ``key`` (``UndeclaredError`` if none)."""
    try:
        return _cached_audit_actions()[key]
    except KeyError:
        raise UndeclaredError(f"Audit action {key!r} is not declared by any app.") from None


def event_kind(key: str) -> EventKind:
    """The declared participation kind ``key`` (``UndeclaredError`` if none)."""
    try:
        return _cached_event_kinds()[key]
    except KeyError:
        raise UndeclaredError(f"Participation kind {key!r} is not declared by any app.") from None


@functools.cache
def _cached_audit_actions() -> dict[str, AuditAction]:
    return audit_actions()


@functools.cache
def _cached_event_kinds() -> dict[str, EventKind]:
    return event_kinds()


@dataclass(frozen=True)
class OptionSource:
    """A kind of record ballots can draw their options from (functional domains, actions...).

    ``candidates(programme)`` returns the records of that kind in the programme.
    """

    key: str
    label: str | Promise
    candidates: Callable[[Any], Any]


@dataclass(frozen=True)
class TraceLink:
    """Something a record became (an action that came from a ballot, say), for its page."""

    text: str
    url: str
    note: str = ""


def option_sources() -> dict[str, OptionSource]:
    return {s.key: s for s in _declared("OPTION_SOURCES")}


def traces_from(record: Any) -> list[TraceLink]:
    """What ``record`` became, as every app that links records to their origins says."""
    return [link for provider in _declared("TRACE_PROVIDERS") for link in provider(record)]


@dataclass(frozen=True)
class Section:
    """A block a module adds to a shared page (the home page, a commune's page).

    ``context(request, subject)`` returns the template's context, or ``None`` to show nothing;
    ``subject`` is ``None`` on the home page and the commune on a commune's page.
    """

    key: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class RenderedSection:
    template: str
    context: dict[str, Any]


def sections(name: str, request: Any, subject: Any = None) -> list[RenderedSection]:
    """The sections the apps declare under ``name`` (``HOME_SECTIONS``, ``COMMUNE_SECTIONS``)."""
    rendered = []
    for section in sorted(_declared(name), key=lambda s: (s.order, s.key)):
        context = section.context(request, subject)
        if context is not None:
            rendered.append(RenderedSection(section.template, context))
    return rendered
