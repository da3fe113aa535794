"""The existing votes get their channel from their participation events, and every ballot its
tallies, counted from its votes the way the vote service keeps them (``ballots.services``):
voters and, per option, the judgments (or, for the Schulze method, the pairwise preferences),
per cell of voters (audience, isolated commune or not, channel).

Self-contained on purpose: a migration must not depend on the code of later versions."""

from collections import Counter, defaultdict

from django.db import migrations

VOTERS, VALUE, PAIR = 0, 1, 2


def _cell(vote):
    return (vote.audience or "unknown", str(vote.commune_isolated), vote.channel)


def fill(apps, schema_editor):
    Ballot = apps.get_model("ballots", "Ballot")
    Vote = apps.get_model("ballots", "Vote")
    VoteItem = apps.get_model("ballots", "VoteItem")
    Tally = apps.get_model("ballots", "Tally")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Event = apps.get_model("core", "ParticipationEvent")

    ballot_type = ContentType.objects.filter(app_label="ballots", model="ballot").first()
    if ballot_type is not None:
        # The latest event of each voter on each ballot says how the current vote was entered.
        latest = {}
        events = Event.objects.filter(
            content_type=ballot_type, kind__in=["ballot.vote", "ballot.vote_change"]
        ).order_by("occurred_at", "pk")
        for object_id, participant_id, channel in events.values_list(
            "object_id", "participant_id", "channel"
        ).iterator():
            latest[(object_id, participant_id)] = channel
        by_channel = defaultdict(list)
        for vote in Vote.objects.only("pk", "ballot_id", "voter_id").iterator():
            channel = latest.get((str(vote.ballot_id), vote.voter_id))
            if channel and channel != "web":
                by_channel[channel].append(vote.pk)
        for channel, ids in by_channel.items():
            for start in range(0, len(ids), 500):
                Vote.objects.filter(pk__in=ids[start : start + 500]).update(channel=channel)

    for ballot in Ballot.objects.iterator():
        counts = Counter()
        option_ids = list(
            ballot.options.order_by("order", "pk").values_list("pk", flat=True)
        )
        judgments = defaultdict(dict)
        for item in VoteItem.objects.filter(vote__ballot=ballot).iterator():
            judgments[item.vote_id][item.option_id] = item.value
        for vote in Vote.objects.filter(ballot=ballot).iterator():
            cell = _cell(vote)
            counts[(*cell, VOTERS, 0, 0)] += 1
            values = judgments.get(vote.pk, {})
            if ballot.method == "schulze":
                unranked = max(values.values(), default=0) + 1
                level = {pk: values.get(pk, unranked) for pk in option_ids}
                for a in option_ids:
                    for b in option_ids:
                        if level[a] < level[b]:
                            counts[(*cell, PAIR, a, b)] += 1
            else:
                for option_id, value in values.items():
                    counts[(*cell, VALUE, option_id, value)] += 1
        Tally.objects.bulk_create(
            [
                Tally(
                    ballot=ballot, audience=audience, isolated=isolated, channel=channel,
                    kind=kind, a=a, b=b, count=n,
                )
                for (audience, isolated, channel, kind, a, b), n in sorted(counts.items())
            ],
            batch_size=2000,
        )  # fmt: skip


def empty(apps, schema_editor):
    apps.get_model("ballots", "Tally").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ballots", "0004_vote_channel_and_tallies"),
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(fill, empty)]
