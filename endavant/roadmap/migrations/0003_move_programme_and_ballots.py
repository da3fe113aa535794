"""Programmes and ballots now live in their own apps; their tables move there in the next
migrations of those apps. Here the roadmap lets go of them (state only) and the content types
are renamed, so generic links (origins, audit rows, participation events) keep pointing at the
same rows."""

import django.db.models.deletion
from django.db import migrations, models

MOVED = [
    ("roadmap", "programme", "programmes"),
    ("roadmap", "ballot", "ballots"),
    ("roadmap", "ballotoption", "ballots"),
    ("roadmap", "vote", "ballots"),
    ("roadmap", "voteitem", "ballots"),
]


def _rename(apps, moves):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_app, model, new_app in moves:
        old = ContentType.objects.filter(app_label=old_app, model=model).first()
        if old is None:
            continue
        # A content type created for the new label meanwhile (it never holds links: nothing
        # could point at the new model before this migration) gives way to the old one.
        ContentType.objects.filter(app_label=new_app, model=model).delete()
        old.app_label = new_app
        old.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    _rename(apps, MOVED)


def backwards(apps, schema_editor):
    _rename(apps, [(new, model, old) for old, model, new in MOVED])


def _programme_fk(related_name):
    return models.ForeignKey(
        on_delete=django.db.models.deletion.CASCADE,
        related_name=related_name,
        to="programmes.programme",
        verbose_name="programme",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("roadmap", "0002_competencies"),
        ("programmes", "0001_initial"),
        ("ballots", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField("functionaldomain", "programme", _programme_fk("domains")),
                migrations.AlterField("orientation", "programme", _programme_fk("orientations")),
                migrations.AlterField("commitment", "programme", _programme_fk("commitments")),
                migrations.AlterField("roadmapversion", "programme", _programme_fk("versions")),
                migrations.DeleteModel("VoteItem"),
                migrations.DeleteModel("Vote"),
                migrations.DeleteModel("BallotOption"),
                migrations.DeleteModel("Ballot"),
                migrations.DeleteModel("Programme"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
