from django.core.files.base import ContentFile

from dangbo.core.models import AuditEntry


def test_member_photo_served_in_scope_only(world, as_officer, as_outsider, as_member):
    world.m1.photo.save("m1.png", ContentFile(b"\x89PNG-photo"))
    ok = as_officer.get(f"/dang-vien/{world.m1.pk}/anh/")
    assert ok.status_code == 200 and b"".join(ok.streaming_content) == b"\x89PNG-photo"
    assert as_member.get(f"/dang-vien/{world.m1.pk}/anh/").status_code == 200
    assert as_outsider.get(f"/dang-vien/{world.m1.pk}/anh/").status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", actor=world.outsider).exists()


def test_member_photo_missing_is_404(world, as_officer):
    assert as_officer.get(f"/dang-vien/{world.m2.pk}/anh/").status_code == 404
