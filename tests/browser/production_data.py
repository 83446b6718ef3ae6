"""The smoke test's data, written into the production server's database (run as a script with its settings).

An officer of a grassroots committee with a confirmed TOTP device, the committee's cell and two members. Prints
the device's key (hex) so the test can compute a code, as the officer's authenticator app would.
"""

from __future__ import annotations

import django

django.setup()

from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from dangbo.accounts.enums import RoleKind  # noqa: E402
from dangbo.organizations.enums import OrgKind  # noqa: E402
from tests.factories import make_member, make_org, make_user  # noqa: E402

bloc = make_org(name="Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh", kind=OrgKind.UPPER, code="KHOI")
committee = make_org(name="Đảng bộ Sở Tài chính", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=bloc, code="A")
cell = make_org(name="Chi bộ Phòng Ngân sách", parent=committee, code="A1")
make_member(organization=cell, given_name="Hùng", citizen_id="034080000001", card_number="01000001")
make_member(organization=cell, family_name="Đặng", middle_name="Thị", given_name="Lan", gender="female",
            citizen_id="034080000002", card_number="01000002")  # fmt: skip
officer = make_user("canbo_a", role=RoleKind.GRASSROOTS_OFFICER, organization=committee)
print(TOTPDevice.objects.create(user=officer, name="Ứng dụng xác thực", confirmed=True).key)
