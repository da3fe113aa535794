"""Read and write the Pabulib ``.pb`` format, and allocate a budget from a ``.pb`` file.

A ``.pb`` file (pabulib.org, "The .pb file format") holds one participatory budgeting vote in
three sections, in this order, each a title line (``META``, ``PROJECTS``, ``VOTES``), a header
line naming the columns, then data lines. Fields are separated by ``;`` and quoted like CSV
(``"a;b"``, ``""`` for a quote); spaces around fields are ignored.

* META: ``key;value`` lines (``budget``, ``vote_type``, ``num_projects``...), kept as strings.
* PROJECTS: ``project_id`` and ``cost`` are required; other columns (``name``, ``votes``,
  ``category``...) are kept as strings in :attr:`PabulibProject.fields`.
* VOTES: ``voter_id`` and ``vote`` (comma-separated project ids) are required; ``points``
  (comma-separated numbers, same order as ``vote``) is required for ``cumulative`` and
  ``scoring`` votes. Other columns (``age``, ``sex``...) are kept in :attr:`PabulibVote.fields`.

Vote types: ``approval`` (the set of approved projects; ``choose-1`` is read the same way),
``ordinal`` (most preferred first), ``cumulative`` and ``scoring`` (points). Malformed input raises
:class:`ValueError` naming the line. Costs, budget and points are read exactly (see
:func:`endavant.voting.allocation.exact_amount`).

Command line (``main(argv)``; a Django management command can wrap it)::

    python -m endavant.voting.pabulib allocate FILE.pb --rule equal-shares|greedy

prints the funded project ids, one per line, in selection order.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType

from endavant.voting.allocation import (
    COMPLETIONS,
    AllocationResult,
    Completion,
    Exact,
    equal_shares,
    exact_amount,
    greedy,
)

SECTIONS = ("META", "PROJECTS", "VOTES")
VOTE_TYPES = ("approval", "choose-1", "ordinal", "cumulative", "scoring")
_POINT_TYPES = ("cumulative", "scoring")


@dataclass(frozen=True)
class PabulibProject:
    """One line of the PROJECTS section."""

    project_id: str
    cost: Exact
    #: The other columns, by header name, as written in the file.
    fields: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class PabulibVote:
    """One line of the VOTES section."""

    voter_id: str
    #: Project ids in file order (preference order for ordinal votes).
    vote: tuple[str, ...]
    #: Points given to each project of ``vote`` (cumulative and scoring votes), else ``None``.
    points: tuple[Exact, ...] | None = None
    #: The other columns, by header name, as written in the file.
    fields: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class PabulibInstance:
    """A parsed ``.pb`` file."""

    meta: Mapping[str, str]
    #: Project id -> project, in file order.
    projects: Mapping[str, PabulibProject]
    votes: tuple[PabulibVote, ...]
    #: Column names of the PROJECTS section, in file order (written back as they were).
    project_columns: tuple[str, ...] = ("project_id", "cost")
    #: Column names of the VOTES section, in file order.
    vote_columns: tuple[str, ...] = ("voter_id", "vote")

    @property
    def vote_type(self) -> str:
        """The ``vote_type`` of META (``approval`` when absent)."""
        return self.meta.get("vote_type", "approval")

    @property
    def budget(self) -> Exact:
        """The ``budget`` of META, exact."""
        if "budget" not in self.meta:
            raise ValueError("META has no budget")
        return exact_amount(_number(self.meta["budget"]), "budget")

    def costs(self) -> dict[str, Exact]:
        """Project id -> cost, in file order."""
        return {k: p.cost for k, p in self.projects.items()}

    def approval_ballots(self) -> list[tuple[str, ...]]:
        """Each vote as the set of projects it supports, for approval-based rules.

        Approval votes as they are; ordinal votes: every ranked project; cumulative and scoring
        votes: every project given positive points.
        """
        if self.vote_type in _POINT_TYPES:
            return [
                tuple(k for k, pts in zip(v.vote, v.points or (), strict=True) if pts > 0)
                for v in self.votes
            ]
        return [v.vote for v in self.votes]

    def scores(self) -> dict[str, Exact]:
        """Project id -> score, for the greedy rule.

        Approval: number of votes. Cumulative and scoring: total points. Ordinal: Borda, a
        project ranked ``i``-th (from 0) getting ``L - i`` points, where ``L`` is META
        ``max_length`` (or the length of the vote when absent).
        """
        total: dict[str, Exact] = dict.fromkeys(self.projects, 0)
        vote_type = self.vote_type
        length = self.meta.get("max_length")
        for v in self.votes:
            if vote_type in _POINT_TYPES:
                for k, pts in zip(v.vote, v.points or (), strict=True):
                    total[k] += pts
            elif vote_type == "ordinal":
                top = int(length) if length else len(v.vote)
                for rank, k in enumerate(v.vote):
                    total[k] += max(top - rank, 0)
            else:
                for k in v.vote:
                    total[k] += 1
        return total


# --- parsing ----------------------------------------------------------------------------------


def _number(text: str) -> Fraction | int:
    """Parse a decimal number exactly ("4000", "4000.0", "1e3", "-2")."""
    try:
        value = Fraction(Decimal(text.strip()))
    except ArithmeticError:
        raise ValueError(f"not a number: {text!r}") from None
    except (ValueError, TypeError):
        raise ValueError(f"not a number: {text!r}") from None
    return value.numerator if value.denominator == 1 else value


def _split_list(text: str) -> tuple[str, ...]:
    text = text.strip()
    return tuple(part.strip() for part in text.split(",")) if text else ()


def parse_pabulib(text: str) -> PabulibInstance:
    """Parse the content of a ``.pb`` file; ValueError (with the line number) if malformed."""
    if text.startswith("\ufeff"):
        text = text[1:]  # a UTF-8 byte order mark left by a spreadsheet export
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    sections: dict[str, tuple[int, list[str], list[tuple[int, list[str]]]]] = {}
    current: str | None = None
    expect_header = False
    for row in reader:
        line = reader.line_num
        cells = [c.strip() for c in row]
        if not any(cells):
            continue  # blank lines are tolerated
        title = cells[0].upper() if len([c for c in cells if c]) == 1 else ""
        if title in SECTIONS and not expect_header:
            if title in sections:
                raise ValueError(f"line {line}: section {title} appears twice")
            expected = SECTIONS[len(sections)]
            if title != expected:
                raise ValueError(f"line {line}: expected section {expected}, found {title}")
            current = title
            sections[title] = (line, [], [])
            expect_header = True
            continue
        if current is None:
            raise ValueError(f"line {line}: data before the META section")
        if expect_header:
            sections[current] = (sections[current][0], cells, [])
            expect_header = False
            continue
        sections[current][2].append((line, cells))
    if expect_header:
        raise ValueError(f"section {current} has no header line")
    # Sections are checked in file order, so the first problem in the file is the one reported.
    missing = ", ".join(s for s in SECTIONS if s not in sections)
    if "META" not in sections:
        raise ValueError(f"missing section(s): {missing}")
    meta = _parse_meta(*sections["META"])
    vote_type = meta.get("vote_type", "approval")
    if vote_type not in VOTE_TYPES:
        raise ValueError(f"unknown vote_type {vote_type!r}; expected one of {VOTE_TYPES}")
    if "PROJECTS" not in sections:
        raise ValueError(f"missing section(s): {missing}")
    project_columns, projects = _parse_projects(*sections["PROJECTS"])
    if "VOTES" not in sections:
        raise ValueError(f"missing section(s): {missing}")
    vote_columns, votes = _parse_votes(*sections["VOTES"], projects, vote_type)
    _check_counts(meta, sections["META"], len(projects), len(votes))
    return PabulibInstance(
        meta=MappingProxyType(meta),
        projects=MappingProxyType(projects),
        votes=tuple(votes),
        project_columns=tuple(project_columns),
        vote_columns=tuple(vote_columns),
    )


def _check_header(line: int, section: str, header: list[str], required: Sequence[str]) -> None:
    for name in required:
        if name not in header:
            raise ValueError(f"line {line}: {section} header has no {name!r} column")
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        raise ValueError(f"line {line}: {section} header repeats {duplicated}")


def _check_width(line: int, section: str, header: list[str], cells: list[str]) -> None:
    if len(cells) != len(header):
        raise ValueError(
            f"line {line}: {section} line has {len(cells)} fields, header has {len(header)}"
        )


def _parse_meta(
    title_line: int, header: list[str], rows: list[tuple[int, list[str]]]
) -> dict[str, str]:
    if [h.lower() for h in header] != ["key", "value"]:
        raise ValueError(f"line {title_line + 1}: META header must be 'key;value'")
    meta: dict[str, str] = {}
    for line, cells in rows:
        _check_width(line, "META", header, cells)
        key, value = cells
        if not key:
            raise ValueError(f"line {line}: META key is empty")
        if key in meta:
            raise ValueError(f"line {line}: META key {key!r} appears twice")
        if key == "budget":
            try:
                exact_amount(_number(value), "budget")
            except ValueError as error:
                raise ValueError(f"line {line}: {error}") from None
        meta[key] = value
    return meta


def _parse_projects(
    title_line: int, header: list[str], rows: list[tuple[int, list[str]]]
) -> tuple[list[str], dict[str, PabulibProject]]:
    _check_header(title_line + 1, "PROJECTS", header, ("project_id", "cost"))
    id_at, cost_at = header.index("project_id"), header.index("cost")
    projects: dict[str, PabulibProject] = {}
    for line, cells in rows:
        _check_width(line, "PROJECTS", header, cells)
        project_id = cells[id_at]
        if not project_id:
            raise ValueError(f"line {line}: empty project_id")
        if project_id in projects:
            raise ValueError(f"line {line}: project {project_id!r} appears twice")
        try:
            cost = exact_amount(_number(cells[cost_at]), f"cost of project {project_id!r}")
        except ValueError as error:
            raise ValueError(f"line {line}: {error}") from None
        extra = {
            h: c
            for i, (h, c) in enumerate(zip(header, cells, strict=True))
            if i not in (id_at, cost_at)
        }
        projects[project_id] = PabulibProject(project_id, cost, MappingProxyType(extra))
    return header, projects


def _parse_votes(
    title_line: int,
    header: list[str],
    rows: list[tuple[int, list[str]]],
    projects: Mapping[str, PabulibProject],
    vote_type: str,
) -> tuple[list[str], list[PabulibVote]]:
    required = ("voter_id", "vote", "points") if vote_type in _POINT_TYPES else ("voter_id", "vote")
    _check_header(title_line + 1, "VOTES", header, required)
    id_at, vote_at = header.index("voter_id"), header.index("vote")
    points_at = header.index("points") if "points" in header else None
    skip = {id_at, vote_at} | ({points_at} if points_at is not None else set())
    votes: list[PabulibVote] = []
    seen: set[str] = set()
    for line, cells in rows:
        _check_width(line, "VOTES", header, cells)
        voter_id = cells[id_at]
        if not voter_id:
            raise ValueError(f"line {line}: empty voter_id")
        if voter_id in seen:
            raise ValueError(f"line {line}: voter {voter_id!r} appears twice")
        seen.add(voter_id)
        vote = _split_list(cells[vote_at])
        for k in vote:
            if k not in projects:
                raise ValueError(f"line {line}: vote for unknown project {k!r}")
        if len(set(vote)) != len(vote):
            raise ValueError(f"line {line}: a project appears twice in the vote")
        if vote_type == "choose-1" and len(vote) > 1:
            raise ValueError(f"line {line}: a choose-1 vote lists {len(vote)} projects")
        points: tuple[Exact, ...] | None = None
        if vote_type in _POINT_TYPES:
            assert points_at is not None
            try:
                points = tuple(_number(x) for x in _split_list(cells[points_at]))
            except ValueError as error:
                raise ValueError(f"line {line}: points: {error}") from None
            if len(points) != len(vote):
                raise ValueError(
                    f"line {line}: {len(points)} points for {len(vote)} projects in the vote"
                )
        extra = {h: c for i, (h, c) in enumerate(zip(header, cells, strict=True)) if i not in skip}
        votes.append(PabulibVote(voter_id, vote, points, MappingProxyType(extra)))
    return header, votes


def _check_counts(
    meta: Mapping[str, str],
    section: tuple[int, list[str], list[tuple[int, list[str]]]],
    n_projects: int,
    n_votes: int,
) -> None:
    lines = {cells[0]: line for line, cells in section[2]}
    for key, actual in (("num_projects", n_projects), ("num_votes", n_votes)):
        if key in meta:
            try:
                declared = int(meta[key])
            except ValueError:
                raise ValueError(f"line {lines[key]}: {key} is not an integer") from None
            if declared != actual:
                raise ValueError(
                    f"line {lines[key]}: {key} is {declared} but the file has {actual}"
                )


def read_pabulib(path: str | Path) -> PabulibInstance:
    """Read and parse a ``.pb`` file (UTF-8)."""
    return parse_pabulib(Path(path).read_text(encoding="utf-8"))


# --- writing ----------------------------------------------------------------------------------


def _format_number(value: Exact) -> str:
    """Write an exact number in decimal; fractions without a finite decimal form are refused."""
    if isinstance(value, int):
        return str(value)
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    digits = 0
    scaled = value
    while scaled.denominator != 1:
        scaled *= 10
        digits += 1
        if digits > 60:
            raise ValueError(f"{value} has no finite decimal form for a .pb file")
    sign = "-" if scaled < 0 else ""
    text = str(abs(scaled.numerator)).rjust(digits + 1, "0")
    return f"{sign}{text[:-digits]}.{text[-digits:]}"


def format_pabulib(instance: PabulibInstance) -> str:
    """The ``.pb`` text of ``instance`` (``parse_pabulib`` reads it back to an equal instance)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in instance.meta.items():
        writer.writerow([key, value])
    writer.writerow(["PROJECTS"])
    writer.writerow(instance.project_columns)
    for project in instance.projects.values():
        values = {**project.fields, "project_id": project.project_id}
        values["cost"] = _format_number(project.cost)
        writer.writerow([values[c] for c in instance.project_columns])
    writer.writerow(["VOTES"])
    writer.writerow(instance.vote_columns)
    for vote in instance.votes:
        values = {**vote.fields, "voter_id": vote.voter_id, "vote": ",".join(vote.vote)}
        if vote.points is not None:
            values["points"] = ",".join(_format_number(p) for p in vote.points)
        writer.writerow([values[c] for c in instance.vote_columns])
    return out.getvalue()


def write_pabulib(instance: PabulibInstance, path: str | Path) -> None:
    """Write ``instance`` to a ``.pb`` file (UTF-8)."""
    Path(path).write_text(format_pabulib(instance), encoding="utf-8")


# --- allocation and command line --------------------------------------------------------------

RULES = ("equal-shares", "greedy")


def allocate(
    instance: PabulibInstance, rule: str = "equal-shares", completion: Completion = "add1"
) -> AllocationResult[str]:
    """Run ``rule`` on ``instance``: Equal Shares on its approval ballots, or greedy on its scores.

    Equal Shares reads every vote as the set of projects it supports
    (:meth:`PabulibInstance.approval_ballots`); greedy ranks by :meth:`PabulibInstance.scores`.
    """
    if rule == "equal-shares":
        return equal_shares(
            instance.costs(), instance.approval_ballots(), instance.budget, completion=completion
        )
    if rule == "greedy":
        return greedy(instance.costs(), instance.scores(), instance.budget)
    raise ValueError(f"unknown rule {rule!r}; expected one of {RULES}")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``allocate FILE.pb --rule equal-shares|greedy``; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m endavant.voting.pabulib",
        description="Participatory budgeting rules on Pabulib (.pb) files.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    allocate_parser = commands.add_parser(
        "allocate", help="print the funded project ids, one per line, in selection order"
    )
    allocate_parser.add_argument("file", type=Path, help="a .pb file")
    allocate_parser.add_argument("--rule", choices=RULES, default="equal-shares")
    allocate_parser.add_argument(
        "--completion",
        choices=[str(c).lower() for c in COMPLETIONS],
        default="add1",
        help="Equal Shares completion (default: add1)",
    )
    args = parser.parse_args(argv)
    completion: Completion = None if args.completion == "none" else args.completion
    try:
        instance = read_pabulib(args.file)
        result = allocate(instance, args.rule, completion)
    except (OSError, ValueError) as error:
        print(f"error: {args.file}: {error}", file=sys.stderr)
        return 1
    for project_id in result.selected:
        print(project_id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
