"""Ballot tables get their own names, the method is no longer a fixed list (the registry says
which exist), and an option's functional domain becomes a generic source (a domain, an action,
later a workshop topic or a project)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models.functions import Cast


def domains_to_sources(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    BallotOption = apps.get_model("ballots", "BallotOption")
    if not BallotOption.objects.filter(domain__isnull=False).exists():
        return
    domain_type, _created = ContentType.objects.get_or_create(
        app_label="roadmap", model="functionaldomain"
    )
    BallotOption.objects.filter(domain__isnull=False).update(
        source_type=domain_type, source_id=Cast("domain_id", models.CharField(max_length=64))
    )


def sources_to_domains(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    BallotOption = apps.get_model("ballots", "BallotOption")
    domain_type = ContentType.objects.filter(app_label="roadmap", model="functionaldomain").first()
    if domain_type is None:
        return
    for option in BallotOption.objects.filter(source_type=domain_type):
        option.domain_id = int(option.source_id)
        option.save(update_fields=["domain"])


class Migration(migrations.Migration):
    dependencies = [
        ("ballots", "0001_initial"),
        ("roadmap", "0003_move_programme_and_ballots"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="ballotoption",
            name="source_type",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="contenttypes.contenttype"),
        ),
        migrations.AddField(
            model_name="ballotoption",
            name="source_id",
            field=models.CharField(blank=True, max_length=64, verbose_name="source id"),
        ),
        migrations.RunPython(domains_to_sources, sources_to_domains),
        migrations.RemoveField(model_name="ballotoption", name="domain"),
        migrations.AlterField(
            model_name="ballot",
            name="method",
            field=models.CharField(max_length=40, verbose_name="method"),
        ),
        migrations.AlterModelTable(name="ballot", table=None),
        migrations.AlterModelTable(name="ballotoption", table=None),
        migrations.AlterModelTable(name="vote", table=None),
        migrations.AlterModelTable(name="voteitem", table=None),
        migrations.AddIndex(
            model_name="ballotoption",
            index=models.Index(fields=["source_type", "source_id"], name="ballots_bal_source__915a84_idx"),
        ),
        migrations.RemoveConstraint(model_name="vote", name="roadmap_one_vote_per_person"),
        migrations.AddConstraint(
            model_name="vote",
            constraint=models.UniqueConstraint(fields=("ballot", "voter"), name="ballots_one_vote_per_person"),
        ),
        migrations.RemoveConstraint(model_name="voteitem", name="roadmap_one_item_per_option"),
        migrations.AddConstraint(
            model_name="voteitem",
            constraint=models.UniqueConstraint(fields=("vote", "option"), name="ballots_one_item_per_option"),
        ),
    ]
