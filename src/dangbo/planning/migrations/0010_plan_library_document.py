"""A plan links its own entry in the documents library instead of citing it as text: each plan is linked to the
library's entry with its number and symbol issued the same year (the seed plan 20-KH/ĐUK to the preloaded entry),
then the text field goes (0011, in a transaction of its own)."""

import django.db.models.deletion
from django.db import migrations, models


def link(apps, schema_editor):
    Plan = apps.get_model("planning", "Plan")
    PartyDocument = apps.get_model("library", "PartyDocument")
    for plan in Plan.objects.filter(document__isnull=True):
        number, dash, symbol = plan.document_number.partition("-")
        if not dash:
            continue
        found = [
            d for d in PartyDocument.objects.filter(number=number.strip(), year=plan.issued_on.year).order_by("id")
            if d.symbol.upper() == symbol.strip().upper()
        ]
        found.sort(key=lambda d: d.issuer_id != plan.issuer_id)
        if found:
            plan.document = found[0]
            plan.save(update_fields=["document"])


def unlink(apps, schema_editor):
    Plan = apps.get_model("planning", "Plan")
    for plan in Plan.objects.filter(document__isnull=False).select_related("document"):
        d = plan.document
        plan.library_reference = f"{d.number}-{d.symbol} ngày {d.issued_on:%d/%m/%Y}"
        plan.save(update_fields=["library_reference"])


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0002_search_index_and_preloaded_documents"),
        ("planning", "0009_seed_plan_20_kh_duk_tasks"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="document",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="plans",
                to="library.partydocument",
                verbose_name="văn bản trong thư viện",
            ),
        ),
        migrations.RunPython(link, unlink),
    ]
