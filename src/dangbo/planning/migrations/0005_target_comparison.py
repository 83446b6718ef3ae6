"""Targets state how they compare as data (`comparison`), with "at least the lower bound" added; the seed plan's
targets set as the plan words them ("trên 90%" is greater-than, "từ 3% đến 4%" a range) and its quoted text
spelled as the plan means it ("phấn đấu", not "phần đầu")."""

from django.db import migrations, models

DOCUMENT_NUMBER = "20-KH/ĐUK"
# metric → (comparison, top of a range) as section II of the seed plan words them.
SEED = {
    "grassroots_good_or_better_pct": ("gt", None),
    "members_good_or_better_pct": ("gt", None),
    "model_cells_pct": ("gt", None),
    "admission_rate_pct": ("between", "4"),
}


def set_seed_comparisons(apps, schema_editor):
    Target = apps.get_model("planning", "Target")
    for target in Target.objects.filter(plan__document_number=DOCUMENT_NUMBER):
        comparison, high = SEED.get(target.metric, (target.comparison, None))
        target.comparison = comparison
        if high is not None and target.threshold_high is None:
            target.threshold_high = high
        target.source_text = target.source_text.replace("phần đầu", "phấn đấu")
        target.save(update_fields=["comparison", "threshold_high", "source_text"])


class Migration(migrations.Migration):
    dependencies = [("planning", "0004_kpi_stored_dashboard")]

    operations = [
        migrations.RenameField("target", "comparator", "comparison"),
        migrations.AlterField(
            model_name="target",
            name="comparison",
            field=models.CharField(
                choices=[
                    ("gt", "trên"),
                    ("gte", "từ … trở lên"),
                    ("between", "trong khoảng"),
                    ("at_least_low", "từ mức dưới của khoảng trở lên"),
                ],
                max_length=20,
                verbose_name="cách so sánh",
            ),
        ),
        migrations.RunPython(set_seed_comparisons, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="target",
            constraint=models.CheckConstraint(
                condition=models.Q(("comparison__in", ["gt", "gte"]))
                | models.Q(("threshold_high__gte", models.F("threshold")), ("threshold_high__isnull", False)),
                name="target_range_has_top",
            ),
        ),
    ]
