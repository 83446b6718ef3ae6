"""The working-day calendar for 2023–2026, as the government announced it.

The rows are written out here, not computed: Tết follows the lunar calendar and the swapped days and make-up
Saturdays are decided every year. Tết ranges include the weekends inside them, so the whole break reads as one
holiday. Anything not confirmed from the notice says so in its `source`; an administrator corrects it in the
admin and adds later years when they are announced.
"""

import datetime as dt

from django.db import migrations

LAW = "Bộ luật Lao động 2019, Điều 112"
LIKELY = " [chưa đối chiếu văn bản: kiểm tra thông báo của năm]"

H, OFF, MAKEUP = "holiday", "day_off", "makeup"


def _range(first, last, kind, name, source):
    day = first
    while day <= last:
        yield (day, kind, name, source)
        day += dt.timedelta(days=1)


def _rows():
    d = dt.date
    tet = "Tết Nguyên đán"
    # 2023
    yield (d(2023, 1, 1), H, "Tết Dương lịch", LAW)
    yield (d(2023, 1, 2), OFF, "Nghỉ bù Tết Dương lịch (1/1 trùng Chủ nhật)", LAW + LIKELY)
    yield from _range(d(2023, 1, 20), d(2023, 1, 26), H, tet + " Quý Mão", LAW + "; nghỉ 20/1–26/1/2023" + LIKELY)
    yield (d(2023, 4, 29), H, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", LAW)
    yield (d(2023, 4, 30), H, "Ngày Giải phóng miền Nam, thống nhất đất nước", LAW)
    yield (d(2023, 5, 1), H, "Ngày Quốc tế Lao động", LAW)
    yield (d(2023, 5, 2), OFF, "Nghỉ bù Giỗ Tổ Hùng Vương (trùng thứ Bảy)", LAW + LIKELY)
    yield (d(2023, 5, 3), OFF, "Nghỉ bù ngày 30/4 (trùng Chủ nhật)", LAW + LIKELY)
    yield (d(2023, 9, 1), H, "Quốc khánh (ngày liền kề)", LAW + LIKELY)
    yield (d(2023, 9, 2), H, "Quốc khánh", LAW)
    yield (d(2023, 9, 4), OFF, "Nghỉ bù Quốc khánh (2/9 trùng thứ Bảy)", LAW + LIKELY)
    # 2024
    yield (d(2024, 1, 1), H, "Tết Dương lịch", LAW)
    yield from _range(d(2024, 2, 8), d(2024, 2, 14), H, tet + " Giáp Thìn", LAW + "; nghỉ 8/2–14/2/2024" + LIKELY)
    yield (d(2024, 4, 18), H, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", LAW)
    yield (d(2024, 4, 29), OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 4/5/2024)", "Thông báo lịch nghỉ lễ 30/4–1/5/2024" + LIKELY)
    yield (d(2024, 4, 30), H, "Ngày Giải phóng miền Nam, thống nhất đất nước", LAW)
    yield (d(2024, 5, 1), H, "Ngày Quốc tế Lao động", LAW)
    yield (d(2024, 5, 4), MAKEUP, "Làm bù cho thứ Hai 29/4/2024", "Thông báo lịch nghỉ lễ 30/4–1/5/2024" + LIKELY)
    yield (d(2024, 9, 2), H, "Quốc khánh", LAW)
    yield (d(2024, 9, 3), H, "Quốc khánh (ngày liền kề)", LAW + LIKELY)
    # 2025
    yield (d(2025, 1, 1), H, "Tết Dương lịch", LAW)
    yield from _range(d(2025, 1, 25), d(2025, 1, 26), H, tet + " Ất Tỵ", LAW + "; nghỉ 25/1–2/2/2025" + LIKELY)
    yield (d(2025, 1, 27), OFF, "Nghỉ hoán đổi Tết (làm bù thứ Bảy 8/2/2025)", "Thông báo lịch nghỉ Tết 2025" + LIKELY)
    yield from _range(d(2025, 1, 28), d(2025, 2, 2), H, tet + " Ất Tỵ", LAW + "; nghỉ 25/1–2/2/2025" + LIKELY)
    yield (d(2025, 2, 8), MAKEUP, "Làm bù cho thứ Hai 27/1/2025", "Thông báo lịch nghỉ Tết 2025" + LIKELY)
    yield (d(2025, 4, 7), H, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", LAW)
    yield (d(2025, 4, 26), MAKEUP, "Làm bù cho thứ Sáu 2/5/2025", "Thông báo lịch nghỉ lễ 30/4–1/5/2025" + LIKELY)
    yield (d(2025, 4, 30), H, "Ngày Giải phóng miền Nam, thống nhất đất nước", LAW)
    yield (d(2025, 5, 1), H, "Ngày Quốc tế Lao động", LAW)
    yield (d(2025, 5, 2), OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)", "Thông báo lịch nghỉ lễ 30/4–1/5/2025" + LIKELY)
    yield (d(2025, 9, 1), H, "Quốc khánh (ngày liền kề)", LAW + LIKELY)
    yield (d(2025, 9, 2), H, "Quốc khánh", LAW)
    # 2026
    yield (d(2026, 1, 1), H, "Tết Dương lịch", LAW + "; ngày hoán đổi 2/1/2026 (nếu có) chưa nhập" + LIKELY)
    yield from _range(d(2026, 2, 14), d(2026, 2, 22), H, tet + " Bính Ngọ", LAW + "; nghỉ 14/2–22/2/2026" + LIKELY)
    yield (d(2026, 4, 26), H, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", LAW)
    yield (d(2026, 4, 27), OFF, "Nghỉ bù Giỗ Tổ Hùng Vương (trùng Chủ nhật)", LAW + LIKELY)
    yield (d(2026, 4, 30), H, "Ngày Giải phóng miền Nam, thống nhất đất nước", LAW)
    yield (d(2026, 5, 1), H, "Ngày Quốc tế Lao động", LAW)
    yield (
        d(2026, 9, 2),
        H,
        "Quốc khánh",
        LAW + "; ngày nghỉ liền kề (1/9 hoặc 3/9/2026) chưa nhập: bổ sung khi có thông báo",
    )


def forwards(apps, schema_editor):
    CalendarDay = apps.get_model("core", "CalendarDay")
    for day, kind, name, source in _rows():
        CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name, "source": source})


def backwards(apps, schema_editor):
    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarDay.objects.filter(date__year__in=[2023, 2024, 2025, 2026]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_calendar_day")]

    operations = [migrations.RunPython(forwards, backwards)]
