"""Page «Mã truy cập API»: the user creates and revokes their own API tokens.

A new key is rendered once, in the answer to the POST that made it (never stored in the session or a
message, never shown again). Creating needs a fully authenticated session: OTP-verified when two-factor
is required for the user. The two-factor middleware already sends an unverified session to the second factor
before this page; the check is made here again because issuing a key is what the second factor protects.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.validators import MaxValueValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from dangbo.core.errors import DomainError

from .access import get_in_scope_or_404
from .models import ApiToken
from .tokens import issue_token, lifetime_days_bounds, revoke_token, session_is_fully_authenticated, tokens_of


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Tên mã"), max_length=100, help_text=_("Ví dụ: phần mềm tổng hợp của văn phòng."))
    days = forms.IntegerField(label=_("Thời hạn (ngày)"), min_value=1)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        default, maximum = lifetime_days_bounds()
        days = self.fields["days"]
        assert isinstance(days, forms.IntegerField)
        days.initial = default
        days.max_value = maximum
        days.validators.append(MaxValueValidator(maximum))
        days.widget.attrs["max"] = str(maximum)


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user.pk, int)
    fully_authenticated = session_is_fully_authenticated(user)
    form = TokenForm(request.POST or None)
    new_key = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = issue_token(
                user=user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                second_factor=fully_authenticated,
                request=request,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            form = TokenForm()
    context = {
        "form": form,
        "new_key": new_key,
        "tokens": tokens_of(user),
        "fully_authenticated": fully_authenticated,
    }
    return render(request, "accounts/api_tokens.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def revoke_api_token(request: HttpRequest, pk: int) -> HttpResponse:
    token: ApiToken = get_in_scope_or_404(request, tokens_of(request.user), pk, what="api_token")  # type: ignore[arg-type]
    revoke_token(actor=request.user, token=token, request=request)  # type: ignore[arg-type]
    messages.success(request, _("Đã thu hồi mã truy cập «%(name)s».") % {"name": token.name})
    return redirect("accounts:api_tokens")
