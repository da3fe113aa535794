"""Take over the ballot tables from the roadmap app (state only: the rows do not move yet)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("roadmap", "0002_competencies"),
        ("programmes", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Ballot",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("question", models.TextField(verbose_name="question")),
                        ("method", models.CharField(choices=[("majority_judgment", "Majority judgment"), ("schulze", "Ranked ballot (Schulze)"), ("approval", "Approval")], max_length=20, verbose_name="method")),
                        ("opens_at", models.DateTimeField(verbose_name="opens at")),
                        ("closes_at", models.DateTimeField(verbose_name="closes at")),
                        ("audiences", models.JSONField(blank=True, default=list, verbose_name="audiences")),
                        ("results_live", models.BooleanField(default=False, verbose_name="show results while open")),
                        ("is_example", models.BooleanField(default=False, verbose_name="example (fictional)")),
                        ("programme", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="ballots", to="programmes.programme", verbose_name="programme")),
                    ],
                    options={
                        "verbose_name": "ballot",
                        "verbose_name_plural": "ballots",
                        "ordering": ["-opens_at", "pk"],
                        "db_table": "roadmap_ballot",
                    },
                ),
                migrations.CreateModel(
                    name="BallotOption",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("label", models.CharField(max_length=200, verbose_name="label")),
                        ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                        ("ballot", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="options", to="ballots.ballot", verbose_name="ballot")),
                        ("domain", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="ballot_options", to="roadmap.functionaldomain", verbose_name="functional domain")),
                    ],
                    options={
                        "verbose_name": "ballot option",
                        "verbose_name_plural": "ballot options",
                        "ordering": ["order", "pk"],
                        "db_table": "roadmap_ballotoption",
                    },
                ),
                migrations.CreateModel(
                    name="Vote",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("audience", models.CharField(blank=True, max_length=30, verbose_name="audience")),
                        ("commune_code", models.CharField(blank=True, max_length=5, verbose_name="commune code")),
                        ("commune_isolated", models.BooleanField(blank=True, null=True, verbose_name="isolated commune")),
                        ("cast_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="cast at")),
                        ("updated_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="updated at")),
                        ("ballot", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="votes", to="ballots.ballot", verbose_name="ballot")),
                        ("voter", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="voter")),
                    ],
                    options={
                        "verbose_name": "vote",
                        "verbose_name_plural": "votes",
                        "db_table": "roadmap_vote",
                        "constraints": [models.UniqueConstraint(fields=("ballot", "voter"), name="roadmap_one_vote_per_person")],
                    },
                ),
                migrations.CreateModel(
                    name="VoteItem",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("value", models.PositiveSmallIntegerField()),
                        ("option", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="ballots.ballotoption")),
                        ("vote", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="items", to="ballots.vote")),
                    ],
                    options={
                        "db_table": "roadmap_voteitem",
                        "constraints": [models.UniqueConstraint(fields=("vote", "option"), name="roadmap_one_item_per_option")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
