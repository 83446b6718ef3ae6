"""Dues by bank transfer: the account a unit collects into (set by who manages its finance) and a member's
VietQR payment code for a month of a cell's ledger (shown by the cell's recorders to who pays by transfer).

Every view starts with its access check; ids outside the user's finance scope answer 404 and are logged.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.core.audit import log_denied
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS

from . import selectors, vietqr
from .collection import set_collection_account
from .models import CollectionAccount, DuesMonth
from .money_forms import CollectionAccountForm
from .money_views import chosen_unit, write_from_form
from .views import month_asked


@login_required
@require_http_methods(["GET", "POST"])
def collection_account(request: HttpRequest) -> HttpResponse:
    """The unit's collection account (its own or the one above it that its cells pay into); the form for who
    manages the unit's finance."""
    scope = require_right(request, Right.VIEW_FINANCE)
    unit = chosen_unit(request, scope)
    if unit is None:
        raise Http404
    own = CollectionAccount.objects.filter(organization=unit).first()
    can_set = scope.covers_path(Right.MANAGE_FINANCE, unit.path)
    initial = {f: getattr(own, f) for f in ("bank_bin", "bank_name", "account_number", "account_name")} if own else {}
    form = CollectionAccountForm(request.POST or None, initial={**initial, "version": own.version if own else 0})
    status = 200
    if request.method == "POST":

        def write(data: dict[str, Any]) -> None:
            set_collection_account(actor=request.user, scope=scope, organization=unit, bank_bin=data["bank_bin"],
                                   bank_name=data["bank_name"], account_number=data["account_number"],
                                   account_name=data["account_name"], expected_version=data["version"])  # fmt: skip

        if done := write_from_form(request, form, unit, write):
            return done
        status = 400
    context = {"unit": unit, "own": own, "inherited": None if own else vietqr.collection_account_of(unit.path),
               "form": form, "can_set": can_set}  # fmt: skip
    return render(request, "dues/money/collection_account.html", context, status=status)


@login_required
@require_GET
def member_payment_code(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """The VietQR code of what a member of the cell still owes for the month (?thang=); a fragment for htmx."""
    scope = require_right(request, Right.VIEW_FINANCE)
    cell = get_in_scope_or_404(request, selectors.finance_organizations(scope), pk, what="organization")
    if cell.kind not in MEMBER_HOLDING_KINDS:
        raise Http404
    month = month_asked(request)
    row = DuesMonth.objects.select_related("member").filter(organization=cell, month=month, member_id=member_pk).first()
    if row is None:
        log_denied(actor=request.user, what="member", object_id=member_pk, request=request)
        raise Http404
    codes = vietqr.codes_for_owed([row], row.member)
    context = {"cell": cell, "row": row, "month": month, "code": codes.get(row.pk, {})}
    template = "dues/money/_vietqr.html" if request.htmx else "dues/money/payment_code.html"  # type: ignore[attr-defined]
    return render(request, template, context)
