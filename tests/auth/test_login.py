import pytest
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangbo.core.models import AuditEntry


def test_login_page_is_vietnamese(db):
    response = Client().get("/tai-khoan/dang-nhap/")
    assert response.status_code == 200
    assert "Tên đăng nhập" in response.content.decode()


def test_login_with_good_password_reaches_home(world):
    client = Client()
    response = client.post("/tai-khoan/dang-nhap/", {"username": "canbo_a", "password": "matkhau-thu-123"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_login_wrong_password_shows_vietnamese_error(world):
    response = Client().post("/tai-khoan/dang-nhap/", {"username": "canbo_a", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failed_logins_are_throttled(world):
    client = Client()
    for _ in range(3):
        client.post("/tai-khoan/dang-nhap/", {"username": "canbo_a", "password": "sai"})
    # Even the right password is refused while locked out.
    response = client.post("/tai-khoan/dang-nhap/", {"username": "canbo_a", "password": "matkhau-thu-123"})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_anonymous_is_sent_to_login(db):
    response = Client().get("/")
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


@override_settings(DANGBO_REQUIRE_2FA_FOR_OFFICERS=True)
def test_officer_must_set_up_two_factor_when_required(world, as_officer):
    response = as_officer.get("/")
    assert response.status_code == 302 and response["Location"].endswith("/tai-khoan/xac-thuc-hai-buoc/")
    page = as_officer.get("/tai-khoan/xac-thuc-hai-buoc/")
    assert "data:image/svg+xml;base64," in page.content.decode()
    device = TOTPDevice.objects.get(user=world.officer)
    assert device.confirmed is False
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    done = as_officer.post("/tai-khoan/xac-thuc-hai-buoc/", {"token": code})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert as_officer.get("/").status_code == 200
    assert AuditEntry.objects.filter(action="accounts.otp.enabled", actor=world.officer).exists()


@override_settings(DANGBO_REQUIRE_2FA_FOR_OFFICERS=True)
def test_wrong_totp_code_is_refused(world, as_officer):
    as_officer.get("/tai-khoan/xac-thuc-hai-buoc/")
    response = as_officer.post("/tai-khoan/xac-thuc-hai-buoc/", {"token": "000000"})
    assert "Mã xác thực không đúng" in response.content.decode()
    assert as_officer.get("/").status_code == 302


@override_settings(DANGBO_REQUIRE_2FA_FOR_OFFICERS=True)
def test_member_role_is_not_forced_into_two_factor(world, as_member):
    assert as_member.get("/").status_code == 200


@pytest.mark.parametrize("url", ["/suc-khoe/"])
def test_health_answers_without_login(db, url):
    assert Client().get(url).json()["status"] == "ok"


def test_navigation_offers_only_permitted_pages(world, as_member, as_officer):
    member_home = as_member.get("/").content.decode()
    assert "Hồ sơ của tôi" in member_home and f"/dang-vien/{world.m1.pk}/" in member_home
    assert "/dang-vien/nhap/" not in member_home and "/tai-khoan/nhat-ky/" not in member_home
    officer_home = as_officer.get("/").content.decode()
    assert "/dang-vien/nhap/" in officer_home and "/tai-khoan/nhat-ky/" in officer_home
    assert "Hồ sơ của tôi" not in officer_home


def test_browser_language_does_not_override_vietnamese_default(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/tai-khoan/dang-nhap/")
    assert "Tên đăng nhập" in response.content.decode()
    assert response["Content-Language"] == "vi"


def test_every_audited_action_code_has_a_vietnamese_label():
    import re
    from pathlib import Path

    from dangbo.accounts.templatetags.audit_display import ACTION_LABELS
    from dangbo.evaluations.enums import RatingStep

    src = Path(__file__).resolve().parents[2] / "src" / "dangbo"
    codes = set()
    for path in src.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r'log_action\(\s*"([a-z_]+\.[a-z_]+\.[a-z_]+)"', text))
        codes |= set(re.findall(r'action="([a-z_]+\.[a-z_]+\.[a-z_]+)"', text))
        codes |= set(re.findall(r'_action = "([a-z_]+\.[a-z_]+\.[a-z_]+)"', text))
    codes |= {f"evaluations.rating.{step}" for step in RatingStep.values if step != RatingStep.PENDING}
    assert codes, "the scan should find the audited actions"
    assert sorted(codes - set(ACTION_LABELS)) == []
