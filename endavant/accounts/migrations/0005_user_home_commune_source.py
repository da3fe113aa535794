from django.db import migrations, models


def mark_to_review(apps, schema_editor):
    """Accounts whose commune was set before names were required are reviewed by the team.

    The form then took a five-digit number as an INSEE code, and what was typed was not kept, so
    no one can tell a postcode misread as an INSEE code from a correct entry: every account with
    a home commune is marked.
    """
    User = apps.get_model("accounts", "User")
    User.objects.filter(home_commune__isnull=False).update(home_commune_source="to_review")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_accountrequest"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="home_commune_source",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "not set"),
                    ("by_name", "chosen by name"),
                    ("to_review", "set before names were required: to review"),
                    ("reviewed", "checked by the programme team"),
                ],
                db_index=True,
                db_default="",
                default="",
                max_length=20,
                verbose_name="how the home commune was set",
            ),
        ),
        migrations.RunPython(mark_to_review, migrations.RunPython.noop),
    ]
