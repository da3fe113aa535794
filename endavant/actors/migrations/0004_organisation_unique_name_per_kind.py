"""One organisation per name and kind, held by the database.

The CSV import already refused a row whose name (accents, case and separators ignored) and kind
were in the directory; two imports at once could still both pass that check. Rows entered twice
through the back-office before this migration are kept: every one after the first gets its
number appended to its name ("Mairie (#12)"), with an audit row, so that a person can merge them.
"""

from django.db import migrations, models
from django.utils import timezone

from endavant.core.text import search_key

NAME_LENGTH = 200


def rename_duplicates(apps, schema_editor):
    Organisation = apps.get_model("actors", "Organisation")
    AuditEntry = apps.get_model("core", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    duplicated = (
        Organisation.objects.values("kind", "search_text")
        .annotate(count=models.Count("id"))
        .filter(count__gt=1)
    )
    content_type = None
    for group in duplicated:
        rows = Organisation.objects.filter(kind=group["kind"], search_text=group["search_text"])
        for organisation in rows.order_by("id")[1:]:
            suffix = f" (#{organisation.pk})"
            before = organisation.name
            organisation.name = before[: NAME_LENGTH - len(suffix)] + suffix
            organisation.search_text = search_key(organisation.name)[:NAME_LENGTH]
            organisation.save(update_fields=["name", "search_text"])
            if content_type is None:
                content_type, _ = ContentType.objects.get_or_create(
                    app_label="actors", model="organisation"
                )
            AuditEntry.objects.create(
                actor_label="system",
                action="organisation.update",
                content_type=content_type,
                object_id=str(organisation.pk),
                object_repr=organisation.name[:300],
                before={"name": before},
                after={"name": organisation.name},
                reason="Same name and kind as another organisation: renamed so that each is "
                "unique. Merge them if they are the same body.",
                at=timezone.now(),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0003_website_http_only"),
        ("territory", "0002_diagnosis"),
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(rename_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                fields=("kind", "search_text"), name="actors_organisation_unique_name_per_kind"
            ),
        ),
    ]
