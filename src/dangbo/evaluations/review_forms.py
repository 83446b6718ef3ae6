"""The whole-cell review form: one level choice and the version the page showed, per member's row."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Level
from .models import Rating


class CellReviewForm(forms.Form):
    """Fields `level_<id>` and `version_<id>` for each rating the user may review now. With
    `accept_self`, a row not reviewed yet starts at the member's self-assessed level."""

    def __init__(self, *args: Any, ratings: list[Rating], accept_self: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ratings = ratings
        for r in ratings:
            level = f"level_{r.pk}"
            self.fields[level] = forms.ChoiceField(
                label=_("Mức chi bộ đề nghị"), required=False, choices=[("", _("— chưa chọn —")), *Level.choices]
            )
            self.fields[f"version_{r.pk}"] = forms.IntegerField(widget=forms.HiddenInput)
            self.initial[level] = r.review_level or (r.self_level if accept_self else "")
            self.initial[f"version_{r.pk}"] = r.version

    def chosen(self) -> list[tuple[Rating, str, int]]:
        """(rating, level, version) for each row given a level that changes something."""
        out = []
        for r in self.ratings:
            level = self.cleaned_data.get(f"level_{r.pk}") or ""
            if level and level != r.review_level:
                out.append((r, level, self.cleaned_data[f"version_{r.pk}"]))
        return out
