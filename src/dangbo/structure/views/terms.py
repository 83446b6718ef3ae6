"""Ending a committee's term after a confirmation page, and restoring a term ended by mistake the same day."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.core.errors import DomainError
from dangbo.organizations.models import Committee, Organization

from .. import terms
from ..forms import TermEndForm
from .organization import _managed_org


def _committee(request: HttpRequest, org: Organization, committee_id: int) -> Committee:
    """The organization's committee; another organization's id answers 404 and is logged."""
    return get_in_scope_or_404(request, Committee.objects.filter(organization=org), committee_id, what="committee")


@login_required
@require_http_methods(["GET", "POST"])
def committee_end(request: HttpRequest, pk: int, committee_id: int) -> HttpResponse:
    """GET: what ending the term closes (the term, each open seat); POST: end it, only when confirmed."""
    scope = require_right(request, Right.MANAGE_ORGS)
    org = _managed_org(request, scope, pk)
    committee = _committee(request, org, committee_id)
    today = timezone.localdate()
    posted = request.method == "POST"
    form = TermEndForm(request.POST if posted else None, initial={"version": committee.version, "end": today})
    if posted and form.is_valid():
        try:
            terms.end_term(actor=request.user, committee=committee, end=form.cleaned_data["end"],
                           expected_version=form.cleaned_data["version"])  # fmt: skip
        except DomainError as exc:
            form.add_error("end" if exc.field == "end" else None, exc.message)
        else:
            messages.success(request, _("Đã kết thúc nhiệm kỳ. Nếu làm nhầm, có thể khôi phục trong hôm nay."))
            return redirect("organizations:detail", pk=org.pk)
    day = form.cleaned_data.get("end") if posted and hasattr(form, "cleaned_data") else None
    seats = terms.term_end_preview(committee, end=day or today)
    return render(request, "structure/committee_end.html", {
        "org": org, "committee": committee, "form": form, "seats": seats,
    }, status=400 if posted else 200)  # fmt: skip


@login_required
@require_POST
def committee_restore(request: HttpRequest, pk: int, committee_id: int) -> HttpResponse:
    """Restore a term ended today by mistake ("khôi phục"): the term and the seats it closed reopen."""
    scope = require_right(request, Right.MANAGE_ORGS)
    org = _managed_org(request, scope, pk)
    committee = _committee(request, org, committee_id)
    try:
        version = int(request.POST.get("version", ""))
        terms.restore_term(actor=request.user, committee=committee, expected_version=version)
    except ValueError:
        messages.error(request, _("Biểu mẫu không hợp lệ."))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã khôi phục nhiệm kỳ và các chức vụ cấp ủy đã kết thúc cùng lúc."))
    return redirect("organizations:detail", pk=org.pk)
