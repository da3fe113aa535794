"""Prescribed vs realised: compare two roadmap snapshots (plain Python, no Django).

A snapshot is the dict frozen by ``roadmap_freeze``::

    {"as_of": "2020-06-01", "actions": [{"id": 3, "title": ..., "orientation": ...,
      "due_on": "2019-12-31" | None, "budget": "12000.00" | None, "indicator_name": ...,
      "indicator_target": "40" | None, "status": "planned", "ended_on": None, ...}, ...]}

:func:`compare_versions` sorts every action into added / dropped (from the first version to the
second) and, for the others, on time / late as of the second version, plus the prescribed fields
that changed, with the variances in days and euros.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

#: Prescribed fields whose change a re-plan must explain.
PRESCRIBED_FIELDS = (
    "title",
    "orientation",
    "due_on",
    "budget",
    "indicator_name",
    "indicator_target",
)


@dataclass(frozen=True)
class FieldChange:
    """One prescribed field that differs between the two versions."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ActionComparison:
    """How one action moved between two versions."""

    action_id: int
    title: str
    #: "added", "dropped", "late", "no_due_date" or "on_time".
    state: str
    changes: tuple[FieldChange, ...] = ()
    #: Change of the due date between versions, in days (positive = postponed).
    due_shift_days: int | None = None
    #: Change of the budget between versions, in euros (positive = more money).
    budget_variance: Decimal | None = None
    #: Days past the due date (done late, or still open after it) as of the second version.
    days_late: int | None = None
    status: str = ""


@dataclass(frozen=True)
class VersionComparison:
    """The whole report."""

    rows: tuple[ActionComparison, ...]
    counts: dict[str, int] = field(default_factory=dict)
    budget_before: Decimal = Decimal(0)
    budget_after: Decimal = Decimal(0)

    @property
    def budget_variance(self) -> Decimal:
        return self.budget_after - self.budget_before

    def by_state(self, state: str) -> list[ActionComparison]:
        return [row for row in self.rows if row.state == state]

    @property
    def changed(self) -> list[ActionComparison]:
        return [row for row in self.rows if row.changes]


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _money(value: Any) -> Decimal | None:
    return Decimal(str(value)) if value not in (None, "") else None


def lateness(action: dict[str, Any], as_of: date) -> int | None:
    """Days past the due date as of ``as_of``, or ``None`` when the action is not late."""
    due = _date(action.get("due_on"))
    status = action.get("status", "")
    if status == "dropped":
        return None
    ended = _date(action.get("ended_on"))
    if status == "done":
        if due and ended and ended > due:
            return (ended - due).days
        return None
    if due and as_of > due:
        return (as_of - due).days
    if status == "late":
        return 0
    return None


def _state(action: dict[str, Any], late: int | None) -> str:
    """Late (past its due date and not realised in time, whatever its status), without a due
    date (not "on time": nothing says when it is due), or on time."""
    if late is not None:
        return "late"
    if not _date(action.get("due_on")) and action.get("status") != "done":
        return "no_due_date"
    return "on_time"


def compare_versions(first: dict[str, Any], second: dict[str, Any]) -> VersionComparison:
    """Compare two snapshots: on time, late, changed, dropped, added, with variances."""
    before = {a["id"]: a for a in first.get("actions", [])}
    after = {a["id"]: a for a in second.get("actions", [])}
    as_of = _date(second.get("as_of")) or date.today()
    rows: list[ActionComparison] = []
    for action_id, old in before.items():
        new = after.get(action_id)
        if new is None or (new.get("status") == "dropped" and old.get("status") != "dropped"):
            budget = _money(old.get("budget"))
            rows.append(
                ActionComparison(
                    action_id=action_id,
                    title=(new or old)["title"],
                    state="dropped",
                    budget_variance=-budget if budget is not None else None,
                    status="dropped",
                )
            )
            continue
        changes = tuple(
            FieldChange(name, old.get(name), new.get(name))
            for name in PRESCRIBED_FIELDS
            if old.get(name) != new.get(name)
        )
        old_due, new_due = _date(old.get("due_on")), _date(new.get("due_on"))
        old_budget, new_budget = _money(old.get("budget")), _money(new.get("budget"))
        late = lateness(new, as_of)
        rows.append(
            ActionComparison(
                action_id=action_id,
                title=new["title"],
                state=_state(new, late),
                changes=changes,
                due_shift_days=(new_due - old_due).days if old_due and new_due else None,
                budget_variance=(
                    new_budget - old_budget
                    if old_budget is not None and new_budget is not None
                    else None
                ),
                days_late=late,
                status=new.get("status", ""),
            )
        )
    for action_id, new in after.items():
        if action_id not in before:
            rows.append(
                ActionComparison(
                    action_id=action_id,
                    title=new["title"],
                    state="added",
                    budget_variance=_money(new.get("budget")),
                    status=new.get("status", ""),
                )
            )
    counts = dict.fromkeys(("on_time", "late", "no_due_date", "changed", "dropped", "added"), 0)
    for row in rows:
        counts[row.state] += 1
        if row.changes:
            counts["changed"] += 1

    def total(actions: dict[int, dict[str, Any]]) -> Decimal:
        return sum(
            (
                _money(a.get("budget")) or Decimal(0)
                for a in actions.values()
                if a.get("status") != "dropped"
            ),
            Decimal(0),
        )

    return VersionComparison(
        rows=tuple(rows),
        counts=counts,
        budget_before=total(before),
        budget_after=total(after),
    )
