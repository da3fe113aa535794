"""Turn the measurements of a ``make bench`` run into ``bench/results.json`` and a table.

Usage:  python bench/report.py RESULTS.jsonl [--out bench/results.json]

Each line of RESULTS.jsonl is one measurement written by ``common.record``. The output is a list
of entries (``name``, ``value``, ``unit``, ``goal``, ``met``, and the runs and note when given),
sorted by name. A measurement the issue requires but no script recorded is listed as missing,
with ``met: false``; the same name recorded twice keeps the last one. The exit code is 0: a goal
not met is a finding, not a crash.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

#: Measurements every full run must contain (issue 16).
REQUIRED = (
    "ballot_page_1m_mj_pg_ms",
    "ballot_list_pg_ms",
    "vote_post_throughput_ratio",
    "export_peak_memory_ratio_10x",
    "territory_import_pg_s",
    "territory_import_sqlite_s",
)


def load(path: Path) -> list[dict[str, Any]]:
    """The entries of a JSON-lines file, the last of each name winning."""
    entries: dict[str, dict[str, Any]] = {}
    if path.exists():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                print(f"{path}:{number}: not JSON, ignored", file=sys.stderr)
                continue
            entries[str(entry["name"])] = entry
    for name in REQUIRED:
        entries.setdefault(
            name,
            {
                "name": name,
                "value": None,
                "unit": "",
                "goal": None,
                "met": False,
                "note": "missing: no benchmark recorded it in this run",
            },
        )
    return [entries[name] for name in sorted(entries)]


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def table(entries: list[dict[str, Any]]) -> str:
    """The entries as an aligned text table."""
    rows = [("name", "value", "unit", "goal", "met")]
    for e in entries:
        goal = e.get("goal")
        goal_text = "—" if goal is None else f"{'≥' if e.get('goal_is') == 'min' else '≤'} {goal}"
        met = {True: "yes", False: "NO", None: "—"}[e.get("met")]
        if e.get("value") is None:
            met = "MISSING"
        rows.append((e["name"], _cell(e.get("value")), e.get("unit", ""), goal_text, met))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write bench/results.json from a bench run.")
    parser.add_argument("results", type=Path, help="the JSON-lines file of the run")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.json"))
    args = parser.parse_args(argv)
    entries = load(args.results)
    args.out.write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(entries))
    missing = [e["name"] for e in entries if e.get("value") is None]
    not_met = [e["name"] for e in entries if e.get("met") is False and e.get("value") is not None]
    print(f"\n{len(entries)} measurements written to {args.out}")
    if not_met:
        print(f"goals not met: {', '.join(not_met)}")
    if missing:
        print(f"missing: {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
