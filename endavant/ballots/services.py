"""Writes of the ballots app: open and edit ballots and their options, cast votes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from endavant.actors.selectors import ParticipantProfile, participant_profile
from endavant.ballots import methods, selectors
from endavant.ballots.eligibility import vote_refusal
from endavant.ballots.methods import TallyKey
from endavant.ballots.models import Ballot, BallotOption, Tally, Vote, VoteItem
from endavant.ballots.selectors import VoteContext, VoteState
from endavant.core.audiences import Audience
from endavant.core.services import ApplicationError, audit_record, participation_event, write

#: A ballot may not have more options than this (a page and a vote must stay usable).
MAX_OPTIONS = 100

#: An option: a label, a record of the programme (its ``str`` is the label), or (label, record).
OptionSpec = str | models.Model | tuple[str, models.Model | None]


def _clean_audiences(audiences: Iterable[str]) -> list[str]:
    values = sorted(set(audiences))
    unknown = [a for a in values if a not in Audience.values]
    if unknown:
        raise ApplicationError(
            _("Unknown audience: %(names)s.") % {"names": ", ".join(unknown)}, code="audience"
        )
    return values


def _option_rows(ballot: Ballot, options: Sequence[OptionSpec]) -> list[BallotOption]:
    if len(options) < 2:
        raise ApplicationError(_("A ballot needs at least two options."), code="too_few_options")
    if len(options) > MAX_OPTIONS:
        raise ApplicationError(
            _("A ballot can have at most %(n)s options.") % {"n": MAX_OPTIONS},
            code="too_many_options",
        )
    rows = []
    for order, spec in enumerate(options):
        source: models.Model | None
        if isinstance(spec, tuple):
            label, source = spec
        elif isinstance(spec, models.Model):
            label, source = str(spec), spec
        else:
            label, source = spec, None
        label = " ".join(str(label).split())
        if not label:
            raise ApplicationError(_("Every option needs a label."), code="empty_option")
        if len(label) > 200:
            raise ApplicationError(
                _("An option's label has at most 200 characters."), code="option_too_long"
            )
        row = BallotOption(ballot=ballot, label=label, order=order)
        if source is not None:
            row.source = source
        rows.append(row)
    return rows


@transaction.atomic
def ballot_open(
    *,
    actor: Any,
    programme: Any,
    title: str,
    question: str,
    method: str,
    opens_at: datetime,
    closes_at: datetime,
    options: Sequence[OptionSpec],
    audiences: Iterable[str] = (),
    results_live: bool = False,
    is_example: bool = False,
) -> Ballot:
    """Create a ballot with its options and its voting window."""
    methods.get(method)
    if closes_at <= opens_at:
        raise ApplicationError(_("The ballot must close after it opens."), code="window")
    ballot = write(
        actor=actor,
        instance=Ballot(),
        fields={
            "programme": programme,
            "title": title,
            "question": question,
            "method": method,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "audiences": _clean_audiences(audiences),
            "results_live": results_live,
            "is_example": is_example,
        },
        action="ballot",
    )
    rows = _option_rows(ballot, options)
    BallotOption.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="ballot.options_set",
        target=ballot,
        after={"options": [r.label for r in rows]},
    )
    return ballot


@transaction.atomic
def ballot_update(*, actor: Any, ballot: Ballot, reason: str = "", **fields: Any) -> Ballot:
    """Edit a ballot's wording, window, audience, method or display.

    The method cannot change once votes have been cast.
    """
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if "method" in fields:
        methods.get(fields["method"])
        if fields["method"] != ballot.method and ballot.votes.exists():
            raise ApplicationError(
                _("The method cannot change once votes have been cast."), code="has_votes"
            )
    if "audiences" in fields:
        fields["audiences"] = _clean_audiences(fields["audiences"])
    opens_at = fields.get("opens_at", ballot.opens_at)
    if fields.get("closes_at", ballot.closes_at) <= opens_at:
        raise ApplicationError(_("The ballot must close after it opens."), code="window")
    return write(actor=actor, instance=ballot, fields=fields, action="ballot", reason=reason)


@transaction.atomic
def ballot_options_set(*, actor: Any, ballot: Ballot, options: Sequence[OptionSpec]) -> Ballot:
    """Replace the options of a ballot; allowed until the first vote is cast."""
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.votes.exists():
        raise ApplicationError(
            _("The options cannot change once votes have been cast."), code="has_votes"
        )
    before = list(ballot.options.values_list("label", flat=True))
    rows = _option_rows(ballot, options)
    ballot.options.all().delete()
    BallotOption.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="ballot.options_set",
        target=ballot,
        before={"options": before},
        after={"options": [r.label for r in rows]},
    )
    return ballot


def parse_vote(ballot: Ballot, raw: Mapping[int, str]) -> dict[int, int]:
    """Turn submitted text per option id into the method's values."""
    return methods.get(ballot.method).parse(raw)


#: A tally delta: (audience, isolated, channel, kind, a, b) -> how much to add.
Deltas = Counter[tuple[str, str, str, int, int, int]]

#: How many times a vote is tried again when someone else wrote the same vote meanwhile.
VOTE_ATTEMPTS = 5

#: Rows per tally statement (SQLite caps the parameters of one statement).
TALLY_BATCH = 2000


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _tally_sql(values: str) -> str:
    """The tally upsert: the database adds the counts under each row's lock."""
    table = _q(Tally._meta.db_table)
    columns = ("ballot_id", "audience", "isolated", "channel", "kind", "a", "b")
    unique = ", ".join(_q(c) for c in columns)
    count = _q("count")
    return (
        f"INSERT INTO {table} ({unique}, {count}) {values} "
        f"ON CONFLICT ({unique}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
    )


def _sorted_deltas(deltas: Deltas) -> list[tuple[tuple[str, str, str, int, int, int], int]]:
    # Key order: two votes touching the same rows lock them in the same order, so they wait
    # for each other instead of deadlocking.
    return sorted((key, n) for key, n in deltas.items() if n)


def tallies_add(ballot_id: int, deltas: Deltas) -> None:
    """Add ``deltas`` to a ballot's tallies (rows created at need), in the caller's transaction.

    ``INSERT … ON CONFLICT DO UPDATE SET count = count + excluded.count`` on SQLite and
    PostgreSQL: the increment happens in the database, so concurrent votes never lose one
    another's counts.
    """
    rows = _sorted_deltas(deltas)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), TALLY_BATCH):
            batch = rows[start : start + TALLY_BATCH]
            params: list[Any] = []
            for key, n in batch:
                params.extend((ballot_id, *key, n))
            values = "VALUES " + ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(batch))
            cursor.execute(_tally_sql(values), params)


def _count(deltas: Deltas, cell: tuple[str, str, str], keys: Iterable[TallyKey], n: int) -> None:
    deltas[(*cell, methods.VOTERS, 0, 0)] += n
    for key in keys:
        deltas[(*cell, *key)] += n


def _row(instance: models.Model, exclude: Sequence[str] = ()) -> dict[str, Any]:
    """Column -> database value of an unsaved ``instance`` (defaults applied), for raw SQL."""
    return {
        str(field.column): field.get_db_prep_save(field.pre_save(instance, True), connection)
        for field in instance._meta.concrete_fields
        if not field.primary_key and field.name not in exclude
    }


@dataclass
class _Write:
    """What one vote writes once its vote row is in place: judgments, tallies, event."""

    ballot_id: int
    items: dict[int, int]
    withdrawn: list[int]
    deltas: Deltas
    event: Any

    def run_after(self, vote_id: int, *, first: bool) -> None:
        """Write them one statement each (SQLite; inside the vote's transaction)."""
        rows = [VoteItem(vote_id=vote_id, option_id=o, value=v) for o, v in self.items.items()]
        if rows and first:
            VoteItem.objects.bulk_create(rows)
        elif rows:
            VoteItem.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=["vote", "option"],
                update_fields=["value"],
            )  # fmt: skip
        if self.withdrawn:
            VoteItem.objects.filter(vote_id=vote_id, option_id__in=self.withdrawn).delete()
        tallies_add(self.ballot_id, self.deltas)
        self.event.save(force_insert=True)

    def run_with(self, gate: str, gate_params: list[Any], *, first: bool) -> int | None:
        """Write the vote row (``gate``, returning its id or nothing) and everything else in
        ONE statement (PostgreSQL): atomic without a transaction of its own, and one round
        trip. Each part runs only if the gate wrote the vote row."""
        items = _q(VoteItem._meta.db_table)
        parts = [f"v AS ({gate})"]
        params = list(gate_params)
        if self.items:
            upsert = (
                ""
                if first
                else (" ON CONFLICT (vote_id, option_id) DO UPDATE SET value = excluded.value")
            )
            parts.append(
                f"i AS (INSERT INTO {items} (vote_id, option_id, value) "
                "SELECT v.id, x.o, x.val FROM v CROSS JOIN "
                f"unnest(%s::integer[], %s::integer[]) AS x(o, val){upsert})"
            )
            params += [list(self.items), list(self.items.values())]
        if self.withdrawn:
            parts.append(
                f"d AS (DELETE FROM {items} WHERE vote_id IN (SELECT id FROM v) "
                "AND option_id = ANY(%s::integer[]))"
            )
            params.append(self.withdrawn)
        rows = _sorted_deltas(self.deltas)
        if rows:
            columns = list(zip(*(key for key, _n in rows), strict=True))
            parts.append(
                "t AS ("
                + _tally_sql(
                    "SELECT %s, x.* FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[], "
                    "%s::smallint[], %s::integer[], %s::integer[], %s::integer[]) "
                    "AS x WHERE EXISTS (SELECT 1 FROM v)"
                )
                + ")"
            )
            params += [self.ballot_id, *map(list, columns), [n for _key, n in rows]]
        event = _row(self.event)
        parts.append(
            f"e AS (INSERT INTO {_q(self.event._meta.db_table)} "
            f"({', '.join(_q(c) for c in event)}) "
            f"SELECT {', '.join(['%s'] * len(event))} WHERE EXISTS (SELECT 1 FROM v))"
        )
        params += list(event.values())
        with connection.cursor() as cursor:
            cursor.execute("WITH " + ", ".join(parts) + " SELECT id FROM v", params)
            row = cursor.fetchone()
        return None if row is None else int(row[0])


def _first_vote(vote: Vote, write: _Write) -> int | None:
    """Insert ``vote`` and what goes with it; None when the voter's vote already exists
    (another request won the race: ``ON CONFLICT DO NOTHING``, and on PostgreSQL it waits for
    that request to commit before answering)."""
    row = _row(vote)
    gate = (
        f"INSERT INTO {_q(Vote._meta.db_table)} ({', '.join(_q(c) for c in row)}) "
        f"VALUES ({', '.join(['%s'] * len(row))}) "
        "ON CONFLICT (ballot_id, voter_id) DO NOTHING RETURNING id"
    )
    if connection.vendor == "postgresql":
        return write.run_with(gate, list(row.values()), first=True)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(gate, list(row.values()))
        found = cursor.fetchone()
        if found is None:
            return None
        write.run_after(int(found[0]), first=True)
        return int(found[0])


def _changed_vote(state: VoteState, fields: dict[str, Any], write: _Write) -> bool:
    """Change the vote read as ``state`` and what goes with it, only if nobody changed it since
    (its version); False otherwise."""
    table = _q(Vote._meta.db_table)
    assignments = ", ".join(f"{_q(column)} = %s" for column in fields)
    gate = (
        f"UPDATE {table} SET {assignments}, version = version + 1 "
        "WHERE id = %s AND version = %s RETURNING id"
    )
    params = [*fields.values(), state.vote_id, state.version]
    if connection.vendor == "postgresql":
        return write.run_with(gate, params, first=False) is not None
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(gate, params)
        if cursor.fetchone() is None:
            return False
        write.run_after(state.vote_id, first=False)
        return True


def vote_cast(
    *,
    voter: Any,
    ballot: Ballot,
    values: Mapping[int, int],
    channel: str = "web",
    entered_by: Any = None,
    at: datetime | None = None,
    profile: ParticipantProfile | None = None,
    context: VoteContext | None = None,
) -> Vote:
    """Cast or change ``voter``'s vote on ``ballot``, and move the ballot's tallies with it.

    The method's registry entry validates ``values`` (option id -> value). One vote per person:
    a second call during the window replaces the judgments in place. The voter's profile
    (audience, commune, isolated or not) is read once, when the first vote is cast, and stored
    with it. The first vote is the participation event ``ballot.vote``, a change
    ``ballot.vote_change``; both record ``channel`` (``Vote.Channel``: web, assisted, paper,
    workshop). ``entered_by`` is the person who entered the vote for the voter (a mediator, the
    team for a paper ballot). ``at`` and ``profile`` are for votes entered after the fact
    (paper ballots, demo data), whose moment and profile are known. ``context`` is the ballot
    as the page read it for this voter (``selectors.ballot_for_voter``), which spares reading
    it again.

    The vote row, its judgments, the tallies and the event are written together (one
    statement on PostgreSQL, one transaction on SQLite); the tallies move by exactly what the
    vote adds and removes. A change is written only if the vote is still the one that was read
    (its ``version``), else it is read again, so that simultaneous changes of one vote never
    count twice.
    """
    now = at or timezone.now()
    method = methods.get(ballot.method)
    if channel not in Vote.Channel.values:
        raise ApplicationError(_("Unknown channel: %(name)s.") % {"name": channel}, code="channel")
    if context is not None and context.ballot.pk == ballot.pk:
        option_ids, state = context.option_ids, context.state
    else:
        option_ids = list(ballot.options.values_list("pk", flat=True))
        state = selectors.vote_state(ballot, voter)
    # The profile is read for a first vote, or when the ballot's audience must be checked.
    if profile is None and (state is None or ballot.audiences):
        profile = participant_profile(voter)
    refusal = vote_refusal(
        voter, ballot, at=now, audience=profile.audience if profile is not None else None
    )
    if refusal is not None:
        raise refusal
    cleaned = method.clean(values, option_ids)
    keys = method.tally_keys(cleaned, option_ids)
    entered_by_id = getattr(entered_by, "pk", None)
    for attempt in range(VOTE_ATTEMPTS):
        with transaction.atomic() if attempt else nullcontext():
            if attempt:
                # Someone else cast or changed this vote since it was read: read it again,
                # locked this time, so that simultaneous changes of one vote queue up.
                state = selectors.vote_state(ballot, voter, lock=True)
            vote = _vote_write(
                ballot=ballot, voter=voter, method=method, cleaned=cleaned, keys=keys,
                option_ids=option_ids, state=state, profile=profile, channel=channel,
                entered_by_id=entered_by_id, now=now,
            )  # fmt: skip
            if vote is not None:
                return vote
            if state is None and profile is None:
                profile = participant_profile(voter)
    raise ApplicationError(
        _("Your vote is being changed elsewhere at this moment: try again."), code="busy"
    )


def _vote_write(
    *,
    ballot: Ballot,
    voter: Any,
    method: methods.VotingMethod,
    cleaned: dict[int, int],
    keys: list[TallyKey],
    option_ids: Sequence[int],
    state: VoteState | None,
    profile: ParticipantProfile | None,
    channel: str,
    entered_by_id: int | None,
    now: datetime,
) -> Vote | None:
    """One try at writing the vote from ``state`` (None: a first vote); None if the vote was
    not the one read."""
    deltas: Deltas = Counter()
    if state is None:
        if profile is None:
            profile = participant_profile(voter)
        vote = Vote(
            ballot=ballot, voter=voter, audience=profile.audience,
            commune_code=profile.commune_code, commune_isolated=profile.commune_isolated,
            channel=channel, entered_by_id=entered_by_id, cast_at=now, updated_at=now,
            version=1,
        )  # fmt: skip
        _count(deltas, selectors.tally_cell(vote.audience, vote.commune_isolated, channel),
               keys, 1)  # fmt: skip
        write = _Write(ballot.pk, dict(cleaned), [], deltas, _event("ballot.vote", vote))
        vote_id = _first_vote(vote, write)
        if vote_id is not None:
            vote.pk = vote_id
            vote._state.adding = False
            return vote
    else:
        old_cell = selectors.tally_cell(state.audience, state.commune_isolated, state.channel)
        _count(deltas, old_cell, method.tally_keys(state.values, option_ids), -1)
        cell = selectors.tally_cell(state.audience, state.commune_isolated, channel)
        _count(deltas, cell, keys, 1)
        # Only what is known is set; the vote's other fields load on access.
        vote = Vote.from_db(
            connection.alias,
            ["id", "ballot_id", "voter_id", "audience", "commune_code", "commune_isolated",
             "channel", "entered_by_id", "updated_at", "version"],
            [state.vote_id, ballot.pk, voter.pk, state.audience, state.commune_code,
             state.commune_isolated, channel, entered_by_id, now, state.version + 1],
        )  # fmt: skip
        vote.ballot, vote.voter = ballot, voter
        write = _Write(
            ballot.pk,
            {o: v for o, v in cleaned.items() if state.values.get(o) != v},
            [o for o in state.values if o not in cleaned],
            deltas,
            _event("ballot.vote_change", vote),
        )
        prepared = {}
        for name, value in (
            ("updated_at", now),
            ("channel", channel),
            ("entered_by", entered_by_id),
        ):
            field = Vote._meta.get_field(name)
            assert isinstance(field, models.Field)
            prepared[str(field.column)] = field.get_db_prep_save(value, connection)
        if _changed_vote(state, prepared, write):
            return vote
    return None


def _event(kind: str, vote: Vote) -> Any:
    return participation_event(
        kind=kind,
        participant=vote.voter,
        commune_code=vote.commune_code,
        audience=vote.audience,
        channel=vote.channel,
        target=vote.ballot,
        occurred_at=vote.updated_at,
    )


def tallies_counted(ballot: Ballot) -> Deltas:
    """A ballot's tallies counted afresh from its votes (what ``ballot_recount`` writes).

    Methods counting judgments one by one are counted by the database (one GROUP BY); the
    others get each vote's judgments, folded by identical votes, through ``tally_keys``.
    """
    method = methods.get(ballot.method)
    counted: Deltas = Counter()
    voters = (
        Vote.objects.filter(ballot=ballot)
        .values_list("audience", "commune_isolated", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for audience, isolated, channel, n in voters:
        counted[(*selectors.tally_cell(audience, isolated, channel), methods.VOTERS, 0, 0)] += n
    items = VoteItem.objects.filter(vote__ballot=ballot)
    if type(method).tally_keys is methods.VotingMethod.tally_keys:
        grouped = (
            items.values_list(
                "vote__audience", "vote__commune_isolated", "vote__channel", "option_id", "value"
            )
            .annotate(n=Count("pk"))
            .order_by()
        )
        for audience, isolated, channel, option_id, value, n in grouped:
            group = selectors.tally_cell(audience, isolated, channel)
            counted[(*group, methods.VALUE, option_id, value)] += n
        return counted
    option_ids = list(ballot.options.values_list("pk", flat=True))
    folded: Counter[tuple[tuple[str, str, str], tuple[tuple[int, int], ...]]] = Counter()
    rows = items.order_by("vote_id").values_list(
        "vote_id", "vote__audience", "vote__commune_isolated", "vote__channel", "option_id", "value"
    )
    current: int | None = None
    cell: tuple[str, str, str] = ("", "", "")
    judgments: list[tuple[int, int]] = []
    for vote_id, audience, isolated, channel, option_id, value in rows.iterator(chunk_size=20_000):
        if vote_id != current:
            if current is not None:
                folded[(cell, tuple(sorted(judgments)))] += 1
            current, cell, judgments = (
                vote_id,
                selectors.tally_cell(audience, isolated, channel),
                [],
            )
        judgments.append((option_id, value))
    if current is not None:
        folded[(cell, tuple(sorted(judgments)))] += 1
    for (cell, judged), n in folded.items():
        for key in method.tally_keys(dict(judged), option_ids):
            counted[(*cell, *key)] += n
    return counted


def _stored_tallies(ballot: Ballot) -> Deltas:
    stored: Deltas = Counter()
    rows = (
        Tally.objects.filter(ballot=ballot)
        .exclude(count=0)
        .values_list("audience", "isolated", "channel", "kind", "a", "b", "count")
    )
    for *key, count in rows.iterator(chunk_size=20_000):
        stored[tuple(key)] = count  # type: ignore[index]
    return stored


def tallies_differ(ballot: Ballot) -> bool:
    """Whether the stored tallies differ from a fresh count of the votes (reads only)."""
    return _stored_tallies(ballot) != +tallies_counted(ballot)


@transaction.atomic
def ballot_recount(*, actor: Any, ballot: Ballot) -> int:
    """Rebuild a ballot's tallies from its votes; returns the number of tally rows.

    Votes cannot be cast meanwhile: on PostgreSQL the votes table is locked against writes for
    the duration (reads go on); on SQLite the first write below takes the database's lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"LOCK TABLE {connection.ops.quote_name(Vote._meta.db_table)} IN SHARE MODE"
            )
    before = Tally.objects.filter(ballot=ballot).delete()[0]
    counted = tallies_counted(ballot)
    Tally.objects.bulk_create(
        (
            Tally(
                ballot=ballot,
                audience=audience,
                isolated=isolated,
                channel=channel,
                kind=kind,
                a=a,
                b=b,
                count=n,
            )
            for (audience, isolated, channel, kind, a, b), n in sorted(counted.items())
            if n
        ),
        batch_size=5000,
    )
    rows = sum(1 for n in counted.values() if n)
    audit_record(
        actor=actor,
        action="ballot.recount",
        target=ballot,
        before={"tally_rows": before},
        after={"tally_rows": rows},
    )
    return rows
