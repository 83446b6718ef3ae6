"""The member's handbook (sổ tay đảng viên) under /so-tay/: the summary the national handbook shows and the member's
own records, one tap from each of the member's pages; and what makes the system an installable web app on a phone
(the manifest, the service worker, the page shown offline).

The handbook needs a signed-in user linked to a member record (403 otherwise) and shows that member only; each
view is audited like the member's own dues page."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from dangbo.members.models import Member

from .selectors import handbook, member_of
from .services import record_handbook_view

SERVICE_WORKER = Path(__file__).resolve().parent / "service_worker.js"


def own_member(request: HttpRequest) -> Member:
    """The access check: the signed-in user's own member record (403 for an account that is no member)."""
    member = member_of(request.user)
    if member is None:
        raise PermissionDenied
    return member


@login_required
@require_GET
def handbook_page(request: HttpRequest) -> HttpResponse:
    member = own_member(request)
    record_handbook_view(actor=request.user, member=member, request=request)
    book = handbook(member, today=timezone.localdate())
    return render(request, "portal/handbook.html", {"book": book, "today": timezone.localdate()})


@require_GET
@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: installed from a phone's browser, the system opens on the handbook."""
    icons = [
        {"src": static(f"portal/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
        for size in (192, 512)
    ]
    body = {
        "name": _("Đảng bộ số"), "short_name": _("Đảng bộ số"), "lang": "vi", "dir": "ltr",
        "start_url": reverse("portal:handbook"), "scope": "/", "display": "standalone",
        "background_color": "#ffffff", "theme_color": "#b3101b", "icons": icons,
    }  # fmt: skip
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from /so-tay/ with the whole site as its scope."""
    response = HttpResponse(SERVICE_WORKER.read_text(encoding="utf-8"), content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """The page the service worker shows when there is no network and the page asked for was never opened."""
    return render(request, "portal/offline.html")
