"""Take over the programme table from the roadmap app (state only: the rows do not move)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("roadmap", "0002_competencies"),
        ("territory", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Programme",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=150, verbose_name="name")),
                        ("slug", models.SlugField(max_length=80, unique=True, verbose_name="slug")),
                        ("starts_on", models.DateField(blank=True, null=True, verbose_name="start of period")),
                        ("ends_on", models.DateField(blank=True, null=True, verbose_name="end of period")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("team", models.ManyToManyField(blank=True, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="team")),
                        ("territory", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="territory.departement", verbose_name="territory")),
                    ],
                    options={
                        "verbose_name": "programme",
                        "verbose_name_plural": "programmes",
                        "ordering": ["pk"],
                        "db_table": "roadmap_programme",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
