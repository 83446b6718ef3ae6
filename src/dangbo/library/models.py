"""The party document library (issue 11 item 1): directives, resolutions, plans, guidance and reports with their
number and symbol ("20" and "KH/ĐUK", shown "20-KH/ĐUK"), kind, date, issuer, validity and file, and who each is
published to.

The issuer is an organization of the tree (`issuer`) or a body outside it named in words (`issuer_name`: "Ban Chấp
hành Trung ương"); `issuer_key` is one or the other as a key ("org:42", or the name without accents), so a number
and symbol are unique per issuer and year whatever the case or accents typed. `path` is the unit whose library
keeps the entry: the issuer when it is in the tree, otherwise the unit that recorded it; an empty path is an entry
of the whole system (the preloaded central documents), kept by the offices of the tree's roots.

Who may read a document beside its keeper's officers is stored as rows: `Publication` (a subtree: the keeper's
whole tree, or chosen organizations) and `MemberRecipient` (named members). `search_text` holds the number,
symbol, kind, title and issuer without accents (`core.text.normalize_search`), indexed for the list's search.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import VersionedModel

from .enums import Audience, DocumentKind, FileType, Validity


class PartyDocument(VersionedModel):
    number = models.CharField(_("số"), max_length=20)
    symbol = models.CharField(_("ký hiệu"), max_length=40)
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentKind.choices, db_index=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    issued_on = models.DateField(_("ngày ban hành"), db_index=True)
    year = models.PositiveSmallIntegerField(_("năm ban hành"), editable=False, db_index=True)
    issuer = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("đơn vị ban hành"),
    )  # fmt: skip
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=255)
    issuer_key = models.CharField(max_length=255, editable=False)
    path = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    validity = models.CharField(
        _("hiệu lực"), max_length=20, choices=Validity.choices, default=Validity.IN_FORCE, db_index=True
    )
    amended_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amends",
        verbose_name=_("sửa đổi, bổ sung bởi"),
    )  # fmt: skip
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaces",
        verbose_name=_("thay thế bởi"),
    )  # fmt: skip
    expired_on = models.DateField(_("hết hiệu lực từ ngày"), null=True, blank=True)
    audience = models.CharField(
        _("phát hành đến"), max_length=20, choices=Audience.choices, default=Audience.WHOLE_TREE
    )
    file = models.FileField(_("tệp văn bản"), upload_to="van-ban/%Y/", blank=True)
    file_type = models.CharField(_("loại tệp"), max_length=10, choices=FileType.choices, blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    file_size = models.PositiveIntegerField(_("dung lượng"), default=0)
    search_text = models.CharField(max_length=1000, editable=False, db_index=True)
    note = models.CharField(_("ghi chú"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_key", "year", "number", "symbol"], name="library_document_number_once",
                violation_error_message="Số và ký hiệu này đã được đơn vị ban hành dùng trong năm.",
            ),
            models.CheckConstraint(
                condition=~Q(replaced_by=F("pk")) & ~Q(amended_by=F("pk")), name="library_document_not_self",
            ),
            models.CheckConstraint(
                condition=Q(expired_on__isnull=True) | Q(expired_on__gte=F("issued_on")),
                name="library_document_expiry_after_issue",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"

    @property
    def reference(self) -> str:
        """Number and symbol as the party writes them: "20-KH/ĐUK"."""
        return f"{self.number}-{self.symbol}"


class Publication(models.Model):
    """The document is published to the subtree at `path` (a chosen organization, or the keeper's whole tree; the
    empty path: the whole system)."""

    document = models.ForeignKey(PartyDocument, on_delete=models.CASCADE, related_name="publications")
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    path = models.CharField(max_length=255, blank=True, db_index=True)

    class Meta:
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")
        constraints = [models.UniqueConstraint(fields=["document", "path"], name="library_publication_once")]


class MemberRecipient(models.Model):
    """The document is published to one member by name."""

    document = models.ForeignKey(PartyDocument, on_delete=models.CASCADE, related_name="member_recipients")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("đảng viên nhận")
        verbose_name_plural = _("đảng viên nhận")
        constraints = [models.UniqueConstraint(fields=["document", "member"], name="library_member_recipient_once")]


class Bookmark(models.Model):
    """A member keeps the document in their "saved" list."""

    document = models.ForeignKey(PartyDocument, on_delete=models.CASCADE, related_name="bookmarks")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản đã lưu")
        verbose_name_plural = _("văn bản đã lưu")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["member", "document"], name="library_bookmark_once")]


class StudyMark(models.Model):
    """The member says they studied the document on `studied_on` (once per member and document). The committee
    counts these per unit (`study.study_counts`)."""

    document = models.ForeignKey(PartyDocument, on_delete=models.CASCADE, related_name="study_marks")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    studied_on = models.DateField(_("ngày học tập"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đánh dấu đã học tập")
        verbose_name_plural = _("đánh dấu đã học tập")
        ordering = ["-studied_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["document", "member"], name="library_study_mark_once")]
