"""Seed the département's competencies (mandatory and voluntary)."""

from django.db import migrations


def seed(apps, schema_editor):
    from endavant.roadmap.competencies import DEFAULT_COMPETENCIES

    Competency = apps.get_model("roadmap", "Competency")
    for code, name, kind, order in DEFAULT_COMPETENCIES:
        Competency.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
