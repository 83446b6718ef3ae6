"""The forms shipped with the system: the usual breakdowns of party statistics (Hướng dẫn 11-HD/BTCTW, 2021, whose
exact columns are not public here), the member register (Mẫu 7-HSĐV) and the quarterly count reconciliation.
Administrators edit them when the official layout is at hand."""

from typing import Any

from django.db import migrations

HD11 = "Hướng dẫn 11-HD/BTCTW ngày 13/12/2021 của Ban Tổ chức Trung ương (cách phân tổ thường dùng)"


def _keys(*pairs: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"key": key, "label": label} for key, label in pairs]


FORMS: list[dict[str, Any]] = [
    {"code": "DV-GIOI-TINH", "title": "Đảng viên theo giới tính", "kind": "members", "dimension": "gender",
     "bands": _keys(("male", "Nam"), ("female", "Nữ"))},
    {"code": "DV-DO-TUOI", "title": "Đảng viên theo độ tuổi", "kind": "members", "dimension": "age",
     "bands": [{"label": "Từ 30 tuổi trở xuống", "min": None, "max": 30},
               {"label": "Từ 31 đến 40 tuổi", "min": 31, "max": 40},
               {"label": "Từ 41 đến 50 tuổi", "min": 41, "max": 50},
               {"label": "Từ 51 đến 60 tuổi", "min": 51, "max": 60},
               {"label": "Từ 61 tuổi trở lên", "min": 61, "max": None}]},
    {"code": "DV-DAN-TOC", "title": "Đảng viên theo dân tộc", "kind": "members", "dimension": "ethnicity",
     "bands": _keys(("Kinh", "Kinh"), ("Tày", "Tày"), ("Thái", "Thái"), ("Mường", "Mường"), ("Khmer", "Khmer"),
                    ("Hoa", "Hoa"), ("Nùng", "Nùng"), ("Mông", "Mông"), ("Dao", "Dao")),
     "other_label": "Dân tộc khác"},
    {"code": "DV-TON-GIAO", "title": "Đảng viên theo tôn giáo", "kind": "members", "dimension": "religion",
     "bands": _keys(("Không", "Không tôn giáo"), ("Phật giáo", "Phật giáo"), ("Công giáo", "Công giáo"),
                    ("Tin Lành", "Tin Lành"), ("Cao Đài", "Cao Đài"), ("Hòa Hảo", "Phật giáo Hòa Hảo")),
     "other_label": "Tôn giáo khác"},
    {"code": "DV-HOC-VAN", "title": "Đảng viên theo trình độ học vấn, chuyên môn", "kind": "members",
     "dimension": "education",
     "bands": _keys(("primary", "Tiểu học"), ("lower_secondary", "Trung học cơ sở"),
                    ("upper_secondary", "Trung học phổ thông"), ("vocational", "Trung cấp, cao đẳng"),
                    ("university", "Đại học"), ("master", "Thạc sĩ"), ("doctor", "Tiến sĩ")),
     "other_label": "Chưa cập nhật"},
    {"code": "DV-LY-LUAN", "title": "Đảng viên theo trình độ lý luận chính trị", "kind": "members",
     "dimension": "theory",
     "bands": _keys(("none", "Chưa qua đào tạo"), ("elementary", "Sơ cấp"), ("intermediate", "Trung cấp"),
                    ("advanced", "Cao cấp"), ("bachelor", "Cử nhân"))},
    {"code": "DV-TUOI-DANG", "title": "Đảng viên theo tuổi đảng", "kind": "members", "dimension": "seniority",
     "bands": [{"label": "Dưới 10 năm", "min": None, "max": 9},
               {"label": "Từ 10 đến dưới 20 năm", "min": 10, "max": 19},
               {"label": "Từ 20 đến dưới 30 năm", "min": 20, "max": 29},
               {"label": "Từ 30 đến dưới 40 năm", "min": 30, "max": 39},
               {"label": "Từ 40 đến dưới 50 năm", "min": 40, "max": 49},
               {"label": "Từ 50 năm trở lên", "min": 50, "max": None},
               {"label": "Trong đó: từ 40 năm trở lên", "min": 40, "max": None}]},
    {"code": "DV-TRANG-THAI", "title": "Đảng viên theo trạng thái", "kind": "members", "dimension": "status",
     "bands": _keys(("full", "Đảng viên chính thức"), ("probationary", "Đảng viên dự bị"),
                    ("exempt", "Miễn công tác và sinh hoạt đảng"), ("abroad", "Đang ở nước ngoài"),
                    ("temp_transferred_out", "Chuyển sinh hoạt tạm thời đi"))},
    {"code": "TC-LOAI", "title": "Tổ chức đảng theo loại", "kind": "organizations",
     "bands": _keys(("upper", "Đảng bộ cấp trên cơ sở"), ("grassroots_committee", "Đảng bộ cơ sở"),
                    ("grassroots_cell", "Chi bộ cơ sở"), ("sub_committee", "Đảng bộ bộ phận"),
                    ("cell", "Chi bộ trực thuộc"), ("party_group", "Tổ đảng"))},
    {"code": "DV-TANG-GIAM", "title": "Tăng, giảm đảng viên trong năm", "kind": "changes", "period": "year",
     "bands": _keys(("admitted", "Kết nạp"), ("admitted_women", "Trong đó: nữ"),
                    ("admitted_youth", "Trong đó: đoàn viên"), ("transferred_in", "Chuyển đến"),
                    ("transferred_out", "Chuyển đi"), ("struck_off", "Xóa tên"), ("expelled", "Khai trừ"),
                    ("discharged", "Cho ra khỏi Đảng"), ("deceased", "Từ trần"), ("disciplined", "Bị kỷ luật"))},
    {"code": "DOI-CHIEU-QUY", "title": "Đối chiếu số lượng đảng viên giữa các cấp (hằng quý)",
     "kind": "reconciliation", "period": "quarter", "cutoff": False,
     "source": "Sổ danh sách đảng viên: đối chiếu số lượng với cấp trên, cấp dưới 3 tháng một lần",
     "bands": _keys(("opening", "Đầu quý"), ("closing", "Đến ngày chốt"), ("direct", "Sinh hoạt trực tiếp"),
                    ("children", "Cộng các đơn vị trực thuộc"), ("difference", "Chênh lệch"))},
    {"code": "7-HSDV", "title": "Sổ danh sách đảng viên", "kind": "register", "cutoff": False,
     "source": "Mẫu 7-HSĐV (Sổ danh sách đảng viên), 14 cột",
     "note": "Cột “Nơi chuyển đến, chuyển đi” và “Ghi chú” không có trong dữ liệu đảng viên: để trống để ghi tay.",
     "bands": _keys(("seq", "Số thứ tự"), ("full_name", "Họ và tên"), ("birth_male", "Ngày sinh (nam)"),
                    ("birth_female", "Ngày sinh (nữ)"), ("ethnicity", "Dân tộc"), ("religion", "Tôn giáo"),
                    ("home_town", "Quê quán"), ("admitted_on", "Ngày vào Đảng"),
                    ("full_on", "Ngày chính thức"), ("card_number", "Số thẻ đảng viên"),
                    ("record_number", "Số lý lịch"), ("joined_on", "Ngày chuyển đến chi bộ"),
                    ("moved", "Nơi chuyển đến, chuyển đi"), ("remarks", "Ghi chú"))},
]  # fmt: skip


def ship(apps: Any, schema_editor: Any) -> None:
    StatForm = apps.get_model("statforms", "StatForm")
    for position, data in enumerate(FORMS, start=1):
        data = dict(data)
        yearly = data.pop("cutoff", True)
        StatForm.objects.update_or_create(
            code=data.pop("code"),
            defaults={
                "source": HD11,
                **data,
                "position": position,
                "cutoff_month": 12 if yearly else None,
                "cutoff_day": 31 if yearly else None,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("statforms", "0001_forms")]
    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
