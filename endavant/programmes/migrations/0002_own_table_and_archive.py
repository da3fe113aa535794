"""The programme table gets its own name; programmes can be archived."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0001_initial"),
        ("roadmap", "0003_move_programme_and_ballots"),
    ]

    operations = [
        migrations.AlterModelTable(name="programme", table=None),
        migrations.AddField(
            model_name="programme",
            name="archived_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="archived at"),
        ),
        migrations.AlterModelOptions(
            name="programme",
            options={"ordering": ["name", "pk"], "verbose_name": "programme", "verbose_name_plural": "programmes"},
        ),
    ]
