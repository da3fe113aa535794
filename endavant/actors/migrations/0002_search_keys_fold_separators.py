"""Recompute stored search keys with the shared ``core.text.search_key``.

The directory used to keep hyphens and apostrophes in its keys, while the territory folded them;
both now fold them, so "saint laurent" finds "Saint-Laurent-de-la-Salanque" everywhere. Tags are
left alone: folding could merge two existing tags, which needs a person's decision.
"""

from django.db import migrations

from endavant.core.text import search_key


def recompute(apps, schema_editor):
    for model_name, source in (("Organisation", "name"), ("Person", "full_name")):
        model = apps.get_model("actors", model_name)
        changed = []
        for row in model.objects.only("pk", source, "search_text").iterator():
            key = search_key(getattr(row, source))
            if key != row.search_text:
                row.search_text = key
                changed.append(row)
        model.objects.bulk_update(changed, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("actors", "0001_initial")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
