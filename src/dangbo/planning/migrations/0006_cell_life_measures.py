"""The cell-life measures of Kế hoạch 20-KH/ĐUK as targets: a thematic meeting in every cell every quarter, and a
task for every active member every year (decision 0025). Average attendance has no plan target: the rule set's
85% (Hướng dẫn 12) is a rule, shown beside the figure, not stored here.

The values are written out, not imported, so this migration keeps shipping what it shipped; reversing removes
the two targets.
"""

from decimal import Decimal

from django.db import migrations, models


DOCUMENT_NUMBER = "20-KH/ĐUK"
THEMATIC = (
    "IV. Nhiệm vụ cụ thể: … đảng ủy cơ sở phân công cấp ủy viên theo dõi, phụ trách, chịu trách nhiệm trong hoạt "
    "động và dự sinh hoạt với chi bộ trực thuộc; tăng cường sinh hoạt chuyên đề ít nhất 01 lần/quý (thực hiện "
    "thường xuyên)"
)
TASKS = (
    "III.8: Hằng năm, chi bộ rà soát, phân công nhiệm vụ cụ thể cho mỗi đảng viên, bảo đảm tất cả đảng viên đang "
    "sinh hoạt đều được phân công nhiệm vụ phù hợp với nhiệm vụ, khả năng và đặc điểm, tình hình của chi bộ"
)
TARGETS = [
    ("cells_thematic_quarterly_pct", THEMATIC),
    ("members_with_task_pct", TASKS),
]


def add_targets(apps, schema_editor):
    Plan = apps.get_model("planning", "Plan")
    Target = apps.get_model("planning", "Target")
    plan = Plan.objects.filter(document_number=DOCUMENT_NUMBER).first()
    if plan is None:
        return
    for metric, text in TARGETS:
        if not Target.objects.filter(plan=plan, metric=metric).exists():
            Target.objects.create(
                plan=plan, metric=metric, comparison="gte", threshold=Decimal("100"), year_from=2024, year_to=2030,
                source_text=text,
            )


def remove_targets(apps, schema_editor):
    Target = apps.get_model("planning", "Target")
    Target.objects.filter(plan__document_number=DOCUMENT_NUMBER, metric__in=[m for m, _t in TARGETS]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('planning', '0005_target_comparison'),
    ]

    operations = [
        migrations.AlterField(
            model_name='kpisectorvalue',
            name='metric',
            field=models.CharField(choices=[('grassroots_good_or_better_pct', 'Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên'), ('members_good_or_better_pct', 'Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên'), ('model_cells_pct', 'Tỷ lệ chi bộ đạt chi bộ kiểu mẫu'), ('admission_rate_pct', 'Tỷ lệ kết nạp đảng viên mới so với tổng số đảng viên'), ('cells_thematic_quarterly_pct', 'Tỷ lệ chi bộ sinh hoạt chuyên đề đủ các quý'), ('meeting_attendance_pct', 'Tỷ lệ đảng viên dự sinh hoạt chi bộ'), ('members_with_task_pct', 'Tỷ lệ đảng viên được phân công nhiệm vụ')], max_length=40, verbose_name='chỉ tiêu'),
        ),
        migrations.AlterField(
            model_name='kpivalue',
            name='metric',
            field=models.CharField(choices=[('grassroots_good_or_better_pct', 'Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên'), ('members_good_or_better_pct', 'Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên'), ('model_cells_pct', 'Tỷ lệ chi bộ đạt chi bộ kiểu mẫu'), ('admission_rate_pct', 'Tỷ lệ kết nạp đảng viên mới so với tổng số đảng viên'), ('cells_thematic_quarterly_pct', 'Tỷ lệ chi bộ sinh hoạt chuyên đề đủ các quý'), ('meeting_attendance_pct', 'Tỷ lệ đảng viên dự sinh hoạt chi bộ'), ('members_with_task_pct', 'Tỷ lệ đảng viên được phân công nhiệm vụ')], max_length=40, verbose_name='chỉ tiêu'),
        ),
        migrations.AlterField(
            model_name='target',
            name='metric',
            field=models.CharField(choices=[('grassroots_good_or_better_pct', 'Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên'), ('members_good_or_better_pct', 'Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên'), ('model_cells_pct', 'Tỷ lệ chi bộ đạt chi bộ kiểu mẫu'), ('admission_rate_pct', 'Tỷ lệ kết nạp đảng viên mới so với tổng số đảng viên'), ('cells_thematic_quarterly_pct', 'Tỷ lệ chi bộ sinh hoạt chuyên đề đủ các quý'), ('meeting_attendance_pct', 'Tỷ lệ đảng viên dự sinh hoạt chi bộ'), ('members_with_task_pct', 'Tỷ lệ đảng viên được phân công nhiệm vụ')], max_length=40, verbose_name='chỉ tiêu'),
        ),
        migrations.RunPython(add_targets, remove_targets),
    ]
