"""Bad input never gives a server error (STYLE.md: "a 4xx with a message, never a 500").

Every GET rule of the access matrix is requested, as an anonymous visitor and as the programme
team, with hostile query strings (the names of the page's own GET forms plus a fixed list of
filter names, each given NUL bytes, over-long text, huge or negative numbers, impossible dates,
markup, lists...) and with hostile ids in its path. Every ``<form method="post">`` that a page
shows the programme team or a participant is posted back with hostile values, one field at a
time (the others keep plausible values, so that the hostile one reaches the service and the
database) and all fields at once. Any 5xx fails.

The number of requests is bounded: ``GET_BUDGET`` and ``POST_BUDGET`` are shared out among the
pages as the tests run (what a page does not use, such as a refused page or one without a form,
goes to the next ones). Within its share a page sends its variants by priority (the systematic
ones first, then the over-long value of each field, then a sample drawn with a seed taken from
the rule's name), so every run sends the same requests. The counts are written in pytest's
terminal summary, for the closing note.
"""

from __future__ import annotations

import random
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from endavant.accounts.roles import make_user_with_role
from endavant.core.registry import Access, access_rules

GET_RULES = [rule for rule in access_rules() if rule.method == "GET"]
#: One GET rule per URL name: the back-office kinds of a view share its query parameters.
PAGE_RULES = list({rule.url_name: rule for rule in reversed(GET_RULES)}.values())[::-1]

#: Requests per database run: about 3,000 in all, under a minute on SQLite.
GET_BUDGET = 1_400
POST_BUDGET = 1_250
#: A refused page (redirect to login, 403, 405) never reads its parameters: a few requests do.
REFUSED_SHARE = 3

#: Filter names tried on every page, besides those of the page's own GET forms.
QUERY_NAMES = (
    "q",
    "page",
    "programme",
    "orientation",
    "domain",
    "commune",
    "status",
    "de",
    "a",
    "sort",
    "order",
    "format",
    "kind",
    "role",
    "tag",
    "isolation",
    "intercommunality",
)
LIST = ["1", "2"]
QUERY_VALUES: tuple[Any, ...] = (
    "abc",
    "-1",
    "0",
    "99999999999999999999",
    "1.5",
    "\x00",
    "a\x00b",
    "x" * 5_000,
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "2024-13-45",
    "\U0001f984",
    "",
    LIST,
)
#: The values given to every parameter of a page at once (the others are sampled one by one).
EVERY_NAME_VALUES = ("\x00", "x" * 5_000, "99999999999999999999", "-1", "2024-13-45", LIST)
#: Query strings sent as they are (bad percent-encoding, invalid UTF-8).
RAW_QUERIES = ("q=%&page=%zz", "q=%ff%fe&programme=%00")

#: Values put in a URL's captured arguments (those its converter accepts).
PATH_VALUES: tuple[Any, ...] = (0, 2**31, 2**63, 10**30, "\x00", "x" * 2_000, "\U0001f984")

#: Too long for any column, and a comma-separated list too long for any query.
LONG = "x" * 10_000
COMMA_LIST = ",".join(str(10_000 + n) for n in range(40_000))
TEXT_HOSTILE = (
    "a\x00b",
    "-1",
    "99999999999999999999",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\U0001f984" * 50,
)
NUMBER_HOSTILE = ("-1", "-99999999", "99999999999999999999", "1e308", "NaN", "1.5", "\x00")
DATE_HOSTILE = ("2024-13-45", "0000-00-00", "9999-12-31", "-1", "\x00", "x" * 10_000)
CHOICE_HOSTILE: tuple[Any, ...] = (
    "not-a-choice",
    "-1",
    "99999999999999999999",
    "\x00",
    ["1"] * 900,
    [str(n) for n in range(900)],
)
LINES_HOSTILE = ("Option\n" * 5_000, "\n".join(f"Option {n}" for n in range(5_000)))
URL_HOSTILE = ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "http://\x00")
ALL_AT_ONCE = ("\x00", LONG, "-1", "99999999999999999999", "not-a-choice")

#: Forms of the page layout (on every page): posted once, from the home page.
LAYOUT_FORMS = {"set_language", "accounts:logout"}
LAYOUT_HOME = "core:home"

COUNTS: Counter[str] = Counter()
SERVER_ERRORS: list[str] = []


# --- Reading the forms of a page --------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # the input's type, "select" or "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)
    multiple: bool = False
    checked: bool = False
    required: bool = False


@dataclass
class Form:
    method: str
    action: str
    fields: list[Field] = field(default_factory=list)


class FormParser(HTMLParser):
    """The forms of an HTML page, with their fields (enough for a test, not a browser)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: tuple[dict[str, str], list[str]] | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = Form(a.get("method", "get").lower() or "get", a.get("action", ""))
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = a.get("name", "")
        if tag in ("input", "button") and name:
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            self._form.fields.append(
                Field(
                    name,
                    kind,
                    a.get("value", ""),
                    checked="checked" in a,
                    required="required" in a,
                )
            )
        elif tag == "select" and name:
            self._select = Field(name, "select", multiple="multiple" in a, required="required" in a)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = (a, [])
        elif tag == "textarea" and name:
            self._textarea = Field(name, "textarea", required="required" in a)
            self._form.fields.append(self._textarea)

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option[1].append(data)
        elif self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._close_option()
            self._select = None
        elif tag == "option":
            self._close_option()
        elif tag == "textarea":
            self._textarea = None

    def _close_option(self) -> None:
        if self._option is None or self._select is None:
            return
        attrs, text = self._option
        value = attrs["value"] if "value" in attrs else "".join(text).strip()
        self._select.options.append(value)
        if "selected" in attrs:
            self._select.selected.append(value)
        self._option = None


def page_forms(response: HttpResponse) -> list[Form]:
    if "html" not in response.get("Content-Type", "") or getattr(response, "streaming", False):
        return []
    parser = FormParser()
    parser.feed(response.content.decode("utf-8", "replace"))
    return parser.forms


# --- Sending requests -------------------------------------------------------------------------


class Budget:
    """Requests shared out among ``parts`` pages: each gets what is left divided by the pages
    still to come, so what one does not use goes to the next."""

    def __init__(self, total: int, parts: int) -> None:
        self.left = total
        self.parts = parts

    def share(self) -> int:
        share = self.left // max(self.parts, 1)
        self.parts -= 1
        return share

    def spend(self, count: int) -> None:
        self.left -= count


GET_SHARE = Budget(GET_BUDGET, 2 * len(PAGE_RULES))
POST_SHARE = Budget(POST_BUDGET, len(GET_RULES))


def _seeded(key: str) -> random.Random:
    return random.Random(zlib.crc32(key.encode()))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}...({len(text)} chars)"


def _send(
    client: Client, kind: str, role: str, method: str, path: str, data: Any = None
) -> HttpResponse:
    """One request in a savepoint (a failed query must not poison the test's transaction)."""
    with transaction.atomic():
        response = client.post(path, data or {}) if method == "POST" else client.get(path, data)
        if response.status_code >= 500:
            transaction.set_rollback(True)
    COUNTS[kind] += 1
    if response.status_code >= 500:
        exc = getattr(response, "exc_info", None)
        cause = f"{exc[0].__name__}: {str(exc[1])[:200]}" if exc else ""
        SERVER_ERRORS.append(
            f"{response.status_code} {role} {method} {path} {_short(data)} {cause}".strip()
        )
    return response


def _client(role: str) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(make_user_with_role(role))
    return client


def _resolved(rule: Access) -> str:
    return rule.path() if callable(rule.path) else rule.path


def _url_name(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return ""


# --- Hostile query strings and path ids -------------------------------------------------------


def _path_variants(path: str) -> list[str]:
    """``path`` with each captured argument replaced by the hostile values its converter takes."""
    try:
        match = resolve(path)
    except Resolver404:
        return []
    paths = []
    for key in match.kwargs:
        for value in PATH_VALUES:
            try:
                paths.append(reverse(match.view_name, kwargs={**match.kwargs, key: value}))
            except NoReverseMatch:
                continue
    return paths


def _get_variants(response: HttpResponse, path: str, key: str) -> list[tuple[str, Any]]:
    """(path, query) pairs by priority: raw query strings, hostile ids in the path, every
    parameter given the same value, then single parameters in a seeded order."""
    base = urlsplit(path).path
    names = sorted(
        {f.name for form in page_forms(response) if form.method == "get" for f in form.fields}
        - {"csrfmiddlewaretoken"}
        | set(QUERY_NAMES)
    )
    single = [(base, {name: value}) for name in names for value in QUERY_VALUES]
    _seeded(key).shuffle(single)
    return [
        *((f"{base}?{raw}", None) for raw in RAW_QUERIES),
        *((hostile, None) for hostile in _path_variants(base)),
        *((base, dict.fromkeys(names, value)) for value in EVERY_NAME_VALUES),
        *single,
    ]


def _hostile_gets(rule: Access, role: str, path: str) -> None:
    client = _client(role)
    share = GET_SHARE.share()
    response = _send(client, "GET plain", role, "GET", path)
    variants = _get_variants(response, path, f"{role} {rule.url_name}")
    if response.status_code != 200:
        variants = variants[:REFUSED_SHARE]
    chosen = variants[: max(share - 1, 0)]
    for target, query in chosen:
        kind = "GET hostile query" if query is not None or "?" in target else "GET hostile path id"
        _send(client, kind, role, "GET", target, query)
    GET_SHARE.spend(1 + len(chosen))


# --- Posting forms back -----------------------------------------------------------------------


def _is_url(f: Field) -> bool:
    return f.kind == "url" or any(w in f.name.lower() for w in ("url", "website"))


def _plausible(f: Field, order: int, n: int) -> Any:
    """A value that passes the field's shape checks as often as a test can guess.

    Optional fields stay as the page gave them; the ``order``-th date of the form is later than
    the ones before it; guessed text ends with the variant's number ``n``, so that a name that
    must be unique does not stop every variant after the first that is saved.
    """
    value = f.value.strip()
    if f.kind in ("hidden", "submit"):
        return f.value
    if f.kind == "select":
        chosen = [o for o in f.selected if o]
        if f.multiple:
            return chosen
        return (chosen or [o for o in f.options if o] or [""])[0]
    if value and f.kind not in ("checkbox", "radio", "password", "file"):
        return value
    if not f.required:
        return ""
    guesses = {
        "email": f"hostile{n}@example.org",
        "url": "https://example.org/",
        "number": "1",
        "date": f"2030-01-{1 + order:02d}",
        "datetime-local": f"2030-01-{1 + order:02d}T10:00",
        "password": "a-Long-pass-phrase-1",
        "file": SimpleUploadedFile("ok.csv", b"name;kind\nAsso;association\n", "text/csv"),
    }
    if f.kind in guesses:
        return guesses[f.kind]
    if _is_url(f):
        return "https://example.org/"
    if "slug" in f.name.lower():
        return f"slug-hostile-{n}"
    return f"Test {n}"


def _baseline(form: Form, n: int) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for order, f in enumerate(form.fields):
        if f.kind in ("checkbox", "radio") and not f.checked:
            continue
        if f.kind in ("checkbox", "select") and f.name in data:
            previous = data[f.name]
            data[f.name] = [*(previous if isinstance(previous, list) else [previous]), f.value]
            continue
        data[f.name] = _plausible(f, order, n)
    return data


def _hostile_values(f: Field) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The values posted to ``f`` first (most likely to break something), then the others."""
    if f.kind in ("select", "radio", "checkbox"):
        return CHOICE_HOSTILE[:1], CHOICE_HOSTILE[1:]
    if f.kind == "number":
        return NUMBER_HOSTILE[2:3], NUMBER_HOSTILE[:2] + NUMBER_HOSTILE[3:]
    if f.kind in ("date", "datetime-local"):
        return DATE_HOSTILE[:1], DATE_HOSTILE[1:]
    if f.kind == "file":
        return (
            SimpleUploadedFile("hostile.csv", b"\x00\xff\xfe" + b"a;b\n" * 1_000, "text/csv"),
        ), (
            SimpleUploadedFile("nul.csv", b"name;kind\n\x00;\x00\n", "text/csv"),
            SimpleUploadedFile("empty.csv", b"", "text/csv"),
        )
    first: tuple[Any, ...] = (LONG, COMMA_LIST)
    if _is_url(f):
        first += URL_HOSTILE[:1]
    if f.kind == "textarea":
        first += LINES_HOSTILE[1:]
    return first, TEXT_HOSTILE + URL_HOSTILE[1:] + LINES_HOSTILE[:1]


def _post_variants(form: Form, key: str) -> list[dict[str, Any]]:
    """What each post changes in the plausible values, by priority: nothing (the form as a
    person would fill it); every field at once; dates in the wrong order; each field's first
    hostile values; the others in a seeded order."""
    editable = list({f.name: f for f in form.fields if f.kind not in ("hidden", "submit")}.values())
    variants: list[dict[str, Any]] = [{}]
    variants += [{f.name: value for f in editable} for value in ALL_AT_ONCE]
    dates = [f for f in editable if f.kind in ("date", "datetime-local")]
    if len(dates) >= 2:
        late = {"date": "2030-12-31", "datetime-local": "2030-12-31T10:00"}
        early = {"date": "2020-01-01", "datetime-local": "2020-01-01T10:00"}
        variants.append(
            {dates[0].name: late[dates[0].kind]} | {f.name: early[f.kind] for f in dates[1:]}
        )
    firsts, others = [], []
    for f in editable:
        first, rest = _hostile_values(f)
        firsts += [{f.name: value} for value in first]
        others += [{f.name: value} for value in rest]
    _seeded(key).shuffle(others)
    return variants + firsts + others


def _form_action(form: Form, page: str) -> str | None:
    target = form.action or page
    parts = urlsplit(target)
    if parts.netloc or not parts.path.startswith("/"):
        return None
    return target


def _post_forms(rule: Access, response: HttpResponse, path: str) -> list[tuple[str, Form]]:
    """The page's POST forms (the layout's only on the home page), the layout's last."""
    forms = []
    for form in page_forms(response):
        action = _form_action(form, path) if form.method == "post" else None
        if action is None:
            continue
        if _url_name(action) in LAYOUT_FORMS and rule.url_name != LAYOUT_HOME:
            continue
        forms.append((action, form))
    # Logging out ends the session: the layout's forms go last.
    forms.sort(key=lambda item: _url_name(item[0]) in LAYOUT_FORMS)
    return forms


def _hostile_posts(rule: Access, path: str) -> None:
    """Post back every form the team sees on the page, then those only a participant sees."""
    share = POST_SHARE.share()
    posted: set[str] = set()
    plans = []
    for role in ("programme_team", "participant"):
        client = _client(role)
        response = client.get(path)
        if response.status_code != 200:
            continue
        for n, (action, form) in enumerate(_post_forms(rule, response, path)):
            if action not in posted:
                posted.add(action)
                plans.append((client, role, action, form, f"{role} {rule.url_name} {n}"))
    sent = 0
    for i, (client, role, action, form, key) in enumerate(plans):
        # An equal part of what is left for each form still to post.
        variants = _post_variants(form, key)[: (share - sent) // (len(plans) - i)]
        for number, changes in enumerate(variants):
            data = {**_baseline(form, number), **changes}
            _send(client, "POST hostile form", role, "POST", action, data)
        sent += len(variants)
    POST_SHARE.spend(sent)


# --- The tests --------------------------------------------------------------------------------


class _Summary:
    """Writes the request counts and server errors in pytest's terminal summary."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.vendor = ""

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not COUNTS:
            return
        write = terminalreporter.write_line
        terminalreporter.section("hostile inputs")
        write(f"database: {self.vendor}; {time.monotonic() - self.started:.1f} s")
        for kind, count in sorted(COUNTS.items()):
            write(f"  {kind}: {count}")
        write(f"  requests in all: {sum(COUNTS.values())}")
        write(f"  server errors (5xx): {len(SERVER_ERRORS)}")
        for error in SERVER_ERRORS[:50]:
            write(f"    {error}")


@pytest.fixture(scope="module", autouse=True)
def _report(request: pytest.FixtureRequest) -> Iterator[None]:
    """Count from the module's first test; report in the terminal summary (and print)."""
    COUNTS.clear()
    SERVER_ERRORS.clear()
    summary = _Summary()
    request.config.pluginmanager.register(summary)
    yield
    summary.vendor = connection.vendor
    print(dict(COUNTS), f"{time.monotonic() - summary.started:.1f} s")


@pytest.mark.django_db
@pytest.mark.parametrize("rule", PAGE_RULES, ids=[rule.url_name for rule in PAGE_RULES])
def test_hostile_query_strings_and_ids_never_give_a_server_error(rule: Access):
    """Anonymous and programme team: hostile filters and path ids answer 2xx, 3xx or 4xx."""
    before = len(SERVER_ERRORS)
    path = _resolved(rule)
    for role in ("anonymous", "programme_team"):
        _hostile_gets(rule, role, path)
    assert len(SERVER_ERRORS) == before, "\n".join(SERVER_ERRORS[before:])


@pytest.mark.django_db
@pytest.mark.parametrize("rule", GET_RULES, ids=[rule.url_name for rule in GET_RULES])
def test_hostile_form_posts_never_give_a_server_error(rule: Access):
    """Every form the page shows the team or a participant, posted back with hostile values
    (a participant's forms only when the team does not see the same one)."""
    before = len(SERVER_ERRORS)
    _hostile_posts(rule, _resolved(rule))
    assert len(SERVER_ERRORS) == before, "\n".join(SERVER_ERRORS[before:])


# --- The shared defences, one by one ----------------------------------------------------------


def _refused_for_nul(response: HttpResponse) -> None:
    assert response.status_code == 400
    assert "Demande incorrecte" in response.content.decode()
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_a_nul_byte_is_a_400_with_a_message_wherever_it_comes_from(client):
    """In the query string, a form field, the path or a cookie, before any view reads it (on
    PostgreSQL, a query that compares a column with it would fail)."""
    _refused_for_nul(client.get("/communes/", {"q": "a\x00b"}))
    _refused_for_nul(client.get("/feuille-de-route/", {"programme": "\x00"}))
    _refused_for_nul(client.post("/programmes/", {"programme": "x\x00"}))
    _refused_for_nul(client.get("/programmes/a%00b/"))
    client.cookies["endavant_programme"] = "a\x00b"
    _refused_for_nul(client.get("/"))


@pytest.mark.django_db
def test_a_programme_named_by_something_that_is_not_a_slug_is_ignored(client, programme):
    """The programme context looks up slugs only: the page shows the only programme."""
    response = client.get("/feuille-de-route/", {"programme": "' OR 1=1 --"})
    assert response.status_code == 200
    assert response.context["programme"] == programme


def test_text_without_a_length_of_its_own_gets_one():
    """A ModelForm field from a TextField is bounded, on the server and in the browser."""
    from endavant.core.forms import TEXT_MAX_LENGTH
    from endavant.roadmap.forms import OrientationForm

    form = OrientationForm(
        data={"title": "Orientation", "order": 1, "description": "x" * (TEXT_MAX_LENGTH + 1)}
    )
    assert not form.is_valid()
    assert list(form.errors) == ["description"]
    assert form.fields["description"].widget.attrs["maxlength"] == str(TEXT_MAX_LENGTH)


@pytest.mark.django_db
def test_lists_typed_as_text_have_a_limit():
    """Tags, communes served and an action's communes: too many items, or one too long, is a
    form error (before any query), not thousands of rows or a query too big for the database."""
    from endavant.actors.forms import MAX_COMMUNES, MAX_TAGS, OrganisationForm
    from endavant.roadmap.forms import ActionForm

    tags = ", ".join(f"tag {n}" for n in range(MAX_TAGS + 1))
    codes = ", ".join(f"{10_000 + n}" for n in range(MAX_COMMUNES + 1))
    form = OrganisationForm(
        data={
            "name": "Asso",
            "kind": "association",
            "competencies": tags,
            "expectations": "x" * 81,
            "communes_served": codes,
        }
    )
    assert not form.is_valid()
    assert set(form.errors) == {"competencies", "expectations", "communes_served"}
    assert "30" in form.errors["competencies"][0]
    action = ActionForm(data={"commune_codes": codes})
    assert not action.is_valid()
    assert "commune_codes" in action.errors


@pytest.mark.django_db
def test_an_id_no_primary_key_can_hold_is_a_form_error():
    """Several records chosen by id: a number above 64 bits is refused before the query (SQLite
    would fail on it)."""
    from endavant.roadmap.forms import CommitmentForm

    form = CommitmentForm(data={"text": "Engagement", "actions": ["99999999999999999999"]})
    assert not form.is_valid()
    assert list(form.errors) == ["actions"]
