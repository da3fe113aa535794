"""Rebuild the Toulouse Pabulib files shipped in ``endavant/calls/data/pabulib/`` from the staged
CSV extract (``participation/pabulib_toulouse_budget_participatif/`` of the shared open data).

The extract was parsed from ``pabulib/pabulib_files`` (``pb_files/France_Toulouse_{2019,2022,2024}
.pb``, commit 88cfaba3e7692a90f3311cbcf8f08aa63fc3fbff) with the proposers' names dropped; this
script writes it back in the ``.pb`` format, in the extract's order, so that the platform reads the
same format pabulib.org publishes. Run from the repository root:

    python tools/toulouse_pb_from_csv.py \
        ../shared/data/participation/pabulib_toulouse_budget_participatif
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path
from types import MappingProxyType

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from endavant.voting.pabulib import (
    PabulibInstance,
    PabulibProject,
    PabulibVote,
    _number,
    write_pabulib,
)

TARGET = Path(__file__).resolve().parents[1] / "endavant" / "calls" / "data" / "pabulib"
META_KEYS = (
    "description", "country", "unit", "instance", "num_projects", "num_votes", "budget",
    "vote_type", "rule", "date_begin", "date_end", "max_points", "max_sum_points", "edition",
    "language", "currency", "min_length", "max_length",
)  # fmt: skip
PROJECT_COLUMNS = ("project_id", "cost", "votes", "score", "name", "subunit", "category",
                   "district", "public_id")  # fmt: skip


def main(source: Path) -> None:
    with open(source / "instances.csv", encoding="utf-8", newline="") as handle:
        instances = list(csv.DictReader(handle))
    projects: dict[str, list[dict[str, str]]] = defaultdict(list)
    with open(source / "projects.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            projects[row["instance"]].append(row)
    votes: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(lambda: defaultdict(list))
    with open(source / "ballot_items.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            votes[row["instance"]][row["voter_id"]].append(row)
    for meta_row in instances:
        key = meta_row["instance"]
        meta = {k: meta_row[k] for k in META_KEYS if meta_row.get(k)}
        cumulative = meta["vote_type"] == "cumulative"
        columns = [c for c in PROJECT_COLUMNS if any(p.get(c) for p in projects[key])]
        instance = PabulibInstance(
            meta=meta,
            projects={
                p["project_id"]: PabulibProject(
                    p["project_id"],
                    _number(p["cost"]),
                    MappingProxyType({c: p.get(c, "") for c in columns}),
                )
                for p in projects[key]
            },
            votes=tuple(
                PabulibVote(
                    voter,
                    tuple(i["project_id"] for i in sorted(items, key=_position)),
                    tuple(_number(i["points"]) for i in sorted(items, key=_position))
                    if cumulative
                    else None,
                )
                for voter, items in votes[key].items()
            ),
            project_columns=tuple(columns),
            vote_columns=("voter_id", "vote", "points") if cumulative else ("voter_id", "vote"),
        )
        path = TARGET / meta_row["file"]
        write_pabulib(instance, path)
        print(f"{path}: {len(instance.projects)} projects, {len(instance.votes)} votes")


def _position(item: dict[str, str]) -> int:
    return int(item["position_in_ballot"])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
