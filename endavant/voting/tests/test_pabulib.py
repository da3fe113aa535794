"""Pabulib ``.pb`` files: parsing, writing, errors, the command line and real Toulouse data."""

from __future__ import annotations

import csv
import random
import subprocess
import sys
from collections import defaultdict
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType

import pytest

from endavant.voting import equal_shares
from endavant.voting.allocation import exact_amount
from endavant.voting.pabulib import (
    PabulibInstance,
    PabulibProject,
    PabulibVote,
    allocate,
    format_pabulib,
    main,
    parse_pabulib,
    read_pabulib,
    write_pabulib,
)

DATA = Path(__file__).parent / "data"
FIXTURES = sorted(DATA.glob("*.pb"))


# --- reading ---------------------------------------------------------------------------------


def test_reads_equalshares_computation_example() -> None:
    """The sample file of equalshares.net "How to compute the results?" reads as published."""
    instance = read_pabulib(DATA / "equalshares_computation.pb")
    assert instance.meta["description"] == "Example election"
    assert instance.budget == 100000
    assert instance.vote_type == "approval"
    assert instance.costs() == {"1": 5000, "2": 10000, "3": 85000}
    assert instance.projects["3"].fields == {"name": "Project 3"}
    assert instance.project_columns == ("project_id", "name", "cost")
    assert [v.vote for v in instance.votes] == [("1", "2"), ("1",), ("3",), ("1", "2", "3")]
    assert instance.scores() == {"1": 3, "2": 2, "3": 2}


def test_reads_quoted_fields_points_and_extra_columns() -> None:
    """CSV quoting (``;`` and ``""`` inside a field), decimal costs, points and voter columns."""
    instance = read_pabulib(DATA / "cumulative.pb")
    assert instance.budget == Fraction("10000.50")
    assert instance.projects["A"].fields["name"] == "Jardins partagés; rue des Lilas"
    assert instance.projects["B"].fields["name"] == 'Le "grand" banc'
    assert instance.projects["B"].cost == Fraction("2500.25")
    assert instance.projects["A"].fields["category"] == "environment,public space"
    first = instance.votes[0]
    assert (first.voter_id, first.vote, first.points) == ("v1", ("A", "B"), (3, 2))
    assert first.fields == {"age": "34"}
    assert instance.votes[2].fields == {"age": ""}
    # Points add up per project; the file's own "score" column agrees.
    assert instance.scores() == {"A": 8, "B": 7, "C": 6, "D": 1}
    assert all(int(p.fields["score"]) == instance.scores()[k] for k, p in instance.projects.items())
    assert instance.approval_ballots()[1] == ("C", "A")


def test_ordinal_and_scoring_scores() -> None:
    """Ordinal votes score by Borda (max_length - rank); scoring votes sum their points."""
    ordinal = read_pabulib(DATA / "ordinal.pb")
    assert ordinal.scores() == {"x": 3 + 2, "y": 2 + 3, "z": 1 + 3}
    assert ordinal.approval_ballots() == [("x", "y", "z"), ("z", "x"), ("y",)]
    scoring = read_pabulib(DATA / "scoring.pb")
    assert scoring.scores() == {"x": 1 - 1, "y": 2, "z": -2 + 2}
    assert scoring.approval_ballots() == [("y", "x"), ("z",)]


PABULIB_FORMAT_EXAMPLE = """META
key; value
description; Municipal PB in Wieliczka
country; Poland
unit; Wieliczka
instance; 2020
num_projects; 5
num_votes; 10
budget; 2500
rule: greedy
vote_type; approval
min_length; 1
max_length; 3
date_begin; 16.09.2023
date_end; 04.10.2023
PROJECTS
project_id; cost; category
1; 600; culture, education
2; 800; sport
4; 1400; culture
5; 1000; health, sport
7; 1200; education
VOTES
voter_id; age; sex; vote
1; 34; f; 1,2,4
2; 51; m; 1,2
3; 23; m; 2,4,5
4; 19; f; 5,7
5; 62; f; 1,4,7
6; 54; m; 1,7
7; 49; m; 5
8; 27; f; 4
9; 39; f; 2,4,5
10; 44; m; 4,5
"""


def test_pabulib_format_example() -> None:
    """The "simple example" of the Pabulib format description (pabulib.org, "The .pb File Format")
    writes ``rule: greedy`` with a colon: a malformed line, reported with its number. With the
    separator fixed, the file reads, spaces around fields included."""
    with pytest.raises(ValueError, match="line 10: META line has 1 fields, header has 2"):
        parse_pabulib(PABULIB_FORMAT_EXAMPLE)
    instance = parse_pabulib(PABULIB_FORMAT_EXAMPLE.replace("rule: greedy", "rule; greedy"))
    assert instance.meta["rule"] == "greedy"
    assert instance.budget == 2500
    assert list(instance.projects) == ["1", "2", "4", "5", "7"]
    assert instance.projects["5"].fields == {"category": "health, sport"}
    assert instance.votes[0].vote == ("1", "2", "4")
    assert instance.votes[0].fields == {"age": "34", "sex": "f"}
    assert instance.scores()["4"] == 6


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "missing section"),
        ("PROJECTS\nproject_id;cost\n", "line 1: expected section META, found PROJECTS"),
        ("hello\n", "line 1: data before the META section"),
        ("META\nkey;value\n", "missing section"),
        ("META\n", "section META has no header line"),
        ("META\nk;v\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n", "line 2: META header"),
        (
            "META\nkey;value\nbudget;ten\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n",
            "line 3: not a number: 'ten'",
        ),
        (
            "META\nkey;value\nbudget;-5\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n",
            "line 3: budget must not be negative",
        ),
        (
            "META\nkey;value\nvote_type;ranked\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n",
            "unknown vote_type 'ranked'",
        ),
        ("META\nkey;value\nPROJECTS\nid;cost\nVOTES\nvoter_id;vote\n", "line 4: PROJECTS header"),
        (
            "META\nkey;value\nPROJECTS\nproject_id;cost\n1;10\n1;20\nVOTES\nvoter_id;vote\n",
            "line 6: project '1' appears twice",
        ),
        (
            "META\nkey;value\nPROJECTS\nproject_id;cost\n1;ten\nVOTES\nvoter_id;vote\n",
            "line 5: not a number",
        ),
        (
            "META\nkey;value\nPROJECTS\nproject_id;cost\n1;10;x\nVOTES\nvoter_id;vote\n",
            "line 5: PROJECTS line has 3 fields, header has 2",
        ),
        (
            "META\nkey;value\nPROJECTS\nproject_id;cost\n1;10\nVOTES\nvoter_id;vote\n7;1,2\n",
            "line 8: vote for unknown project '2'",
        ),
        (
            "META\nkey;value\nPROJECTS\nproject_id;cost\n1;10\nVOTES\nvoter_id;vote\n7;1,1\n",
            "line 8: a project appears twice in the vote",
        ),
        (
            "META\nkey;value\nPROJECTS\nproject_id;cost\n1;10\nVOTES\nvoter_id;vote\n7;1\n7;\n",
            "line 9: voter '7' appears twice",
        ),
        (
            "META\nkey;value\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;10\n"
            "VOTES\nvoter_id;vote\n",
            "line 8: VOTES header has no 'points' column",
        ),
        (
            "META\nkey;value\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;10\n"
            "VOTES\nvoter_id;vote;points\n1;1;2,3\n",
            "line 9: 2 points for 1 projects",
        ),
        (
            "META\nkey;value\nnum_votes;2\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n",
            "line 3: num_votes is 2 but the file has 0",
        ),
        (
            "META\nkey;value\nPROJECTS\nproject_id;cost\nMETA\nkey;value\n",
            "line 5: section META appears twice",
        ),
    ],
)
def test_malformed_input(text: str, message: str) -> None:
    """Malformed files raise ValueError naming the line."""
    with pytest.raises(ValueError, match=message):
        parse_pabulib(text)


# --- writing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_round_trip(path: Path, tmp_path: Path) -> None:
    """Reading then writing a fixture gives back the same text, and the same instance."""
    text = path.read_text(encoding="utf-8")
    instance = parse_pabulib(text)
    assert format_pabulib(instance) == text
    assert parse_pabulib(format_pabulib(instance)) == instance
    copy = tmp_path / path.name
    write_pabulib(instance, copy)
    assert read_pabulib(copy) == instance


def test_writes_built_instance() -> None:
    """An instance built in code is written with exact decimal costs and read back equal."""
    instance = PabulibInstance(
        meta=MappingProxyType({"budget": "12.5", "vote_type": "scoring"}),
        projects=MappingProxyType(
            {
                "a": PabulibProject("a", Fraction(25, 4), MappingProxyType({"name": 'say "hi"'})),
                "b": PabulibProject("b", 3, MappingProxyType({"name": "x;y"})),
            }
        ),
        votes=(PabulibVote("1", ("b", "a"), (Fraction(-1, 2), 2)),),
        project_columns=("project_id", "cost", "name"),
        vote_columns=("voter_id", "vote", "points"),
    )
    text = format_pabulib(instance)
    assert '6.25;"say ""hi"""' in text
    assert 'b;3;"x;y"' in text
    assert "1;b,a;-0.5,2" in text
    assert parse_pabulib(text) == instance


def test_refuses_costs_without_decimal_form() -> None:
    """1/3 has no finite decimal form: writing it would change the instance."""
    instance = PabulibInstance(
        meta=MappingProxyType({}),
        projects=MappingProxyType({"a": PabulibProject("a", Fraction(1, 3))}),
        votes=(),
    )
    with pytest.raises(ValueError, match="no finite decimal form"):
        format_pabulib(instance)


# --- allocation and command line -------------------------------------------------------------


def test_allocate_equalshares_example(capsys: pytest.CaptureFixture[str]) -> None:
    """equalshares.net/explanation Example 1 as a .pb file: Equal Shares funds the bike path, the
    playground and the library; greedy the bike path and the gym (both published outcomes)."""
    path = str(DATA / "equalshares_example1.pb")
    assert main(["allocate", path, "--rule", "equal-shares"]) == 0
    assert capsys.readouterr().out.split() == ["bike", "playground", "library"]
    assert main(["allocate", path]) == 0
    assert capsys.readouterr().out.split() == ["bike", "playground", "library"]
    assert main(["allocate", path, "--rule", "greedy"]) == 0
    assert capsys.readouterr().out.split() == ["bike", "gym"]
    assert main(["allocate", path, "--completion", "none"]) == 0
    assert capsys.readouterr().out.split() == ["bike", "playground", "library"]


def test_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Missing or malformed files give exit status 1 and a message on stderr."""
    assert main(["allocate", str(tmp_path / "missing.pb")]) == 1
    assert "missing.pb" in capsys.readouterr().err
    bad = tmp_path / "bad.pb"
    bad.write_text("META\nkey;value\nbudget;x\n", encoding="utf-8")
    assert main(["allocate", str(bad)]) == 1
    assert "line 3: not a number" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["allocate", str(bad), "--rule", "lottery"])


def test_cli_as_module() -> None:
    """``python -m endavant.voting.pabulib allocate`` works from a shell."""
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "endavant.voting.pabulib",
            "allocate",
            str(DATA / "cumulative.pb"),
            "--rule",
            "greedy",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    # Scores A 8, B 7, C 6, D 1 with a budget of 10000.50: A and B fit, C no longer, D does.
    assert completed.stdout.split() == ["A", "B", "D"]
    assert completed.stderr == ""


def test_allocate_rejects_unknown_rule() -> None:
    """``allocate`` only knows the two rules."""
    with pytest.raises(ValueError, match="unknown rule"):
        allocate(read_pabulib(DATA / "ordinal.pb"), "lottery")


# --- real data: Toulouse participatory budgets (Pabulib, converted from the staged CSV) -------

TOULOUSE = (
    Path(__file__).resolve().parents[3].parent
    / "shared/data/participation/pabulib_toulouse_budget_participatif"
)


def toulouse_instances() -> dict[str, PabulibInstance]:
    """Rebuild the Toulouse 2019, 2022 and 2024 ``.pb`` files from the staged CSV tables.

    See shared/data/SOURCES.md: instances.csv holds META, projects.csv the projects (the
    proposers' names were dropped), ballot_items.csv one line per (voter, project) in file order.
    """
    with open(TOULOUSE / "instances.csv", encoding="utf-8", newline="") as f:
        metas = {row["instance"]: row for row in csv.DictReader(f)}
    with open(TOULOUSE / "projects.csv", encoding="utf-8", newline="") as f:
        project_rows = list(csv.DictReader(f))
    items: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    with open(TOULOUSE / "ballot_items.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            items[row["instance"], row["voter_id"]].append(row)
    result = {}
    for name, meta in metas.items():
        rows = [r for r in project_rows if r["instance"] == name]
        columns = [c for c in project_rows[0] if c != "instance" and any(r[c] for r in rows)]
        columns = ["project_id", "cost", *[c for c in columns if c not in ("project_id", "cost")]]
        projects = {
            r["project_id"]: PabulibProject(
                r["project_id"],
                exact_amount(Fraction(r["cost"])),
                MappingProxyType({c: r[c] for c in columns[2:]}),
            )
            for r in rows
        }
        points = meta["vote_type"] in ("cumulative", "scoring")
        votes = []
        for (instance, voter), ballot in items.items():
            if instance != name:
                continue
            ballot.sort(key=lambda r: int(r["position_in_ballot"]))
            votes.append(
                PabulibVote(
                    voter,
                    tuple(r["project_id"] for r in ballot),
                    tuple(int(r["points"]) for r in ballot) if points else None,
                )
            )
        keys = [k for k, v in meta.items() if v and k not in ("file", "instance")]
        text = format_pabulib(
            PabulibInstance(
                meta=MappingProxyType({"instance": name, **{k: meta[k] for k in keys}}),
                projects=MappingProxyType(projects),
                votes=tuple(votes),
                project_columns=tuple(columns),
                vote_columns=("voter_id", "vote", "points") if points else ("voter_id", "vote"),
            )
        )
        # Through the text format and back, as a Django command reading a file would.
        result[name] = parse_pabulib(text)
    return result


#: The same votes as shipped in the repository (rebuilt by tools/toulouse_pb_from_csv.py).
SHIPPED = Path(__file__).resolve().parents[2] / "calls" / "data" / "pabulib"


def shipped_instances() -> dict[str, PabulibInstance]:
    return {
        year: read_pabulib(SHIPPED / f"France_Toulouse_{year}.pb")
        for year in ("2019", "2022", "2024")
    }


@pytest.mark.skipif(not TOULOUSE.is_dir(), reason="staged Toulouse data not available")
def test_shipped_toulouse_files_are_the_staged_extract() -> None:
    """The .pb files in the repository hold exactly the staged extract: META, projects with their
    costs and columns, and every vote with its points, in order."""
    staged, shipped = toulouse_instances(), shipped_instances()
    for year, instance in staged.items():
        other = shipped[year]
        assert dict(other.meta) == dict(instance.meta), year
        assert other.costs() == instance.costs(), year
        assert [dict(p.fields) for p in other.projects.values()] == [
            dict(p.fields) for p in instance.projects.values()
        ], year
        assert [(v.voter_id, v.vote, v.points) for v in other.votes] == [
            (v.voter_id, v.vote, v.points) for v in instance.votes
        ], year


def test_toulouse_instances() -> None:
    """Both rules on the three Toulouse votes: within budget, reproducible, Add1 stops rightly.

    The files are checked against their own figures (number of votes, per-project ``votes`` and
    ``score`` columns). Add1 runs here on 2019 (636 increments); on 2022 and 2024 it needs
    thousands of MES runs and is timed in ``bench/bench_allocation.py --toulouse`` instead.
    """
    instances = shipped_instances()
    assert sorted(instances) == ["2019", "2022", "2024"]
    for name, instance in instances.items():
        assert len(instance.votes) == int(instance.meta["num_votes"])
        approvals = defaultdict(int)
        for ballot in instance.approval_ballots():
            for k in ballot:
                approvals[k] += 1
        for k, project in instance.projects.items():
            assert approvals[k] == int(project.fields["votes"]), (name, k)
            if project.fields.get("score"):
                assert instance.scores()[k] == int(project.fields["score"]), (name, k)

        budget = instance.budget
        greedy_result = allocate(instance, "greedy")
        assert greedy_result.cost <= budget
        assert allocate(instance, "greedy") == greedy_result

        costs, ballots = instance.costs(), instance.approval_ballots()
        plain = equal_shares(costs, ballots, budget, completion=None)
        assert plain.cost <= budget
        shuffled = list(ballots)
        random.Random(name).shuffle(shuffled)
        assert equal_shares(costs, shuffled, budget, completion=None).selected == plain.selected

        if name != "2019":
            continue
        add1 = allocate(instance, "equal-shares")
        assert add1.cost <= budget
        share = add1.voter_budget
        assert share is not None
        voters = len(ballots)
        # The kept share reproduces the outcome, and one more unit would overspend (unless the
        # outcome is exhaustive: then Add1 stops there).
        assert equal_shares(costs, ballots, share * voters, completion=None).selected == (
            add1.selected
        )
        exhaustive = all(c > add1.leftover for k, c in costs.items() if k not in add1.selected)
        if not exhaustive:
            following = equal_shares(costs, ballots, (share + 1) * voters, completion=None)
            assert following.cost > budget
