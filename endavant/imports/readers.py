"""Reading the open-data exports of Decidim and CONSUL and the Grand Débat 2019 aggregates.

Pure reading: every file is read in full and checked before anything is written, and a bad
record raises :class:`endavant.core.csv.CSVFormatError` naming the file and the line. Authors
come out as the source's account ids (text), which the import turns into pseudonyms at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from endavant.core.csv import CSVFormatError, Record, read_rows

MAX_TEXT = 20_000
MAX_TITLE = 300


@dataclass
class Item:
    """One item read from a source: ``key`` is (kind, source id), ``parent`` the parent's key."""

    kind: str
    source_id: str
    created_at: datetime
    author: str = ""
    parent: tuple[str, str] | None = None
    title: str = ""
    body: str = ""
    supports: int | None = None
    url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.source_id)


@dataclass
class ReferenceRow:
    theme: str
    month: str
    region: str
    author_type: str
    departement: str
    participants: int


def _error(record: Record, name: str, message: str) -> CSVFormatError:
    return CSVFormatError(message, line=record.line, name=name)


def _integer(record: Record, name: str, column: str, *, blank: bool = False) -> int | None:
    value = record[column].strip()
    if blank and value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise _error(
            record,
            name,
            _("%(column)s is not a whole number: “%(value)s”")
            % {"column": column, "value": value[:40]},
        ) from None


def _moment(record: Record, name: str, column: str, parse: Any) -> datetime:
    value = record[column].strip()
    try:
        return parse(value)
    except ValueError:
        raise _error(
            record,
            name,
            _("%(column)s is not a date: “%(value)s”") % {"column": column, "value": value[:40]},
        ) from None


def _source_id(record: Record, name: str) -> str:
    """The file and the id in it: two files of one export may come from different platforms
    (the Decidim sample's proposal comments come from another city's Decidim) and reuse ids."""
    return f"{name}:{_integer(record, name, 'id')}"


def _http(url: str) -> str:
    return url if url.startswith(("http://", "https://")) and len(url) <= 500 else ""


def _open_rows(path: Path, required: Iterable[str]) -> Iterator[Record]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from read_rows(handle, required=tuple(required), name=path.name)
    except UnicodeDecodeError as error:
        raise CSVFormatError(_("the file is not UTF-8 text"), line=1, name=path.name) from error


# Decidim ------------------------------------------------------------------------------------

DECIDIM_FILES = ("proposals.csv", "proposal_comments.csv", "debates.csv", "debate_comments.csv")
_DECIDIM_COMMENT = (
    "id", "created_at", "body", "author/id", "alignment", "depth", "commentable_id",
    "commentable_type",
)  # fmt: skip
_COMMENTABLE = {
    "Decidim::Proposals::Proposal": "proposal",
    "Decidim::Debates::Debate": "debate",
    "Decidim::Comments::Comment": "comment",
}


def _decidim_time(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%d %H:%M:%S %z")


def read_decidim(directory: Path) -> list[Item]:
    """The proposals, debates and comments of a Decidim open-data export (any of the four
    files may be absent; at least one must be there)."""
    present = [name for name in DECIDIM_FILES if (directory / name).is_file()]
    if not present:
        raise CSVFormatError(
            _("none of %(files)s in the folder") % {"files": ", ".join(DECIDIM_FILES)},
            line=0,
            name=str(directory),
        )
    items: list[Item] = []
    if "proposals.csv" in present:
        name = "proposals.csv"
        for r in _open_rows(directory / name, ("id", "title", "body", "votes", "created_at")):
            items.append(
                Item(
                    kind="proposal",
                    source_id=_source_id(r, name),
                    created_at=_moment(r, name, "created_at", _decidim_time),
                    title=r["title"][:MAX_TITLE],
                    body=r["body"][:MAX_TEXT],
                    supports=_integer(r, name, "votes", blank=True),
                    url=_http(r.cells.get("url", "")),
                    extra={"category": r.cells.get("category/name/fr", "")},
                )
            )
    if "debates.csv" in present:
        name = "debates.csv"
        for r in _open_rows(directory / name, ("id", "title/fr", "created_at")):
            items.append(
                Item(
                    kind="debate",
                    source_id=_source_id(r, name),
                    created_at=_moment(r, name, "created_at", _decidim_time),
                    author=r.cells.get("author_id", "").strip(),
                    title=r["title/fr"][:MAX_TITLE],
                    body=r.cells.get("description/fr", "")[:MAX_TEXT],
                    url=_http(r.cells.get("url", "")),
                )
            )
    for name in ("proposal_comments.csv", "debate_comments.csv"):
        if name not in present:
            continue
        for r in _open_rows(directory / name, _DECIDIM_COMMENT):
            kind = _COMMENTABLE.get(r["commentable_type"].strip())
            if kind is None:
                raise _error(
                    r,
                    name,
                    _("unknown commentable_type “%(value)s”")
                    % {"value": r["commentable_type"][:60]},
                )
            target = str(_integer(r, name, "commentable_id"))
            parent_file = {"proposal": "proposals.csv", "debate": "debates.csv"}.get(kind, name)
            items.append(
                Item(
                    kind="comment",
                    source_id=_source_id(r, name),
                    created_at=_moment(r, name, "created_at", _decidim_time),
                    author=r["author/id"].strip(),
                    parent=(kind, f"{parent_file}:{target}"),
                    body=r["body"][:MAX_TEXT],
                    url=_http(r.cells.get("root_commentable_url", "")),
                    extra={
                        "alignment": _integer(r, name, "alignment", blank=True),
                        "depth": _integer(r, name, "depth", blank=True),
                        "commentable": f"{kind}:{target}",
                    },
                )
            )
    return items


# CONSUL -------------------------------------------------------------------------------------

CONSUL_FILES = ("proposals.csv", "comments.csv")
CONSUL_SITE = "https://decide.madrid.es"
_MADRID = ZoneInfo("Europe/Madrid")
_PANDAS_DELTA = re.compile(r"^(\d+) days (\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?$")


def _day(value: str) -> datetime:
    return datetime.combine(date.fromisoformat(value), time(), tzinfo=_MADRID)


def _consul_comment_time(record: Record, name: str) -> datetime:
    day = _moment(record, name, "date", _day)
    match = _PANDAS_DELTA.match(record["time"].strip())
    if match is None:
        raise _error(
            record,
            name,
            _("time is not a time of day: “%(value)s”") % {"value": record["time"][:40]},
        )
    days, hours, minutes, seconds = (int(part) for part in match.groups())
    return day + timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def read_consul(directory: Path) -> list[Item]:
    """The proposals and threaded comments of a CONSUL export (proposals.csv, comments.csv)."""
    missing = [name for name in CONSUL_FILES if not (directory / name).is_file()]
    if missing:
        raise CSVFormatError(
            _("missing file(s) %(files)s") % {"files": ", ".join(missing)},
            line=0,
            name=str(directory),
        )
    items: list[Item] = []
    name = "proposals.csv"
    for r in _open_rows(directory / name, ("id", "title", "userId", "date", "numSupports")):
        url = r.cells.get("url", "").strip()
        items.append(
            Item(
                kind="proposal",
                source_id=_source_id(r, name),
                created_at=_moment(r, name, "date", _day),
                author=r["userId"].strip(),
                title=r["title"][:MAX_TITLE],
                body=(r.cells.get("summary", "") + "\n\n" + r.cells.get("text", "")).strip()[
                    :MAX_TEXT
                ],
                supports=_integer(r, name, "numSupports", blank=True),
                url=_http(CONSUL_SITE + url) if url.startswith("/") else _http(url),
                extra={"code": r.cells.get("code", ""), "status": r.cells.get("status", "")},
            )
        )
    name = "comments.csv"
    for r in _open_rows(
        directory / name, ("id", "parentId", "proposalId", "userId", "date", "time", "text")
    ):
        reply_to = _integer(r, name, "parentId")
        items.append(
            Item(
                kind="comment",
                source_id=_source_id(r, name),
                created_at=_consul_comment_time(r, name),
                author=r["userId"].strip(),
                parent=("proposal", f"proposals.csv:{_integer(r, name, 'proposalId')}"),
                body=r["text"][:MAX_TEXT],
                supports=_integer(r, name, "numPositiveVotes", blank=True)
                if "numPositiveVotes" in r.cells
                else None,
                extra={
                    "reply_to": None if reply_to == -1 else reply_to,
                    "by_proposal_author": r.cells.get("userType", "") == "Autor",
                    "votes": _integer(r, name, "numVotes", blank=True)
                    if "numVotes" in r.cells
                    else None,
                    "negative_votes": _integer(r, name, "numNegativeVotes", blank=True)
                    if "numNegativeVotes" in r.cells
                    else None,
                },
            )
        )
    return items


# Grand Débat National 2019 -------------------------------------------------------------------

GRAND_DEBAT_COLUMNS = ("theme", "mois", "region", "authorType", "departement", "participants")
#: Codes of départements (overseas: three digits) and "NA", which the source uses as is.
_DEPARTEMENT = re.compile(r"^(\d{2,3}|2[AB]|NA)$")


def read_grand_debat(path: Path) -> list[ReferenceRow]:
    """``participants_par_departement.csv``: one row per theme, month, region, kind of author
    and département, with a number of participants."""
    rows: list[ReferenceRow] = []
    for r in _open_rows(path, GRAND_DEBAT_COLUMNS):
        departement = r["departement"].strip()
        if not _DEPARTEMENT.match(departement):
            raise _error(
                r,
                path.name,
                _("departement is not a département code: “%(value)s”")
                % {"value": departement[:20]},
            )
        participants = _integer(r, path.name, "participants")
        if participants is None or participants < 0:
            raise _error(r, path.name, _("participants must be zero or more"))
        rows.append(
            ReferenceRow(
                theme=r["theme"].strip()[:40],
                month=r["mois"].strip()[:20],
                region=r["region"].strip()[:80],
                author_type=r["authorType"].strip()[:80],
                departement=departement,
                participants=participants,
            )
        )
    return rows
