"""Choice fields whose choice set is one named component of the OpenAPI schema.

The rating levels appear under six field names (self_level … final_level, level), the rating steps under
three; without a name of their own the schema generator would give one set several names. A
`NamedChoiceField` names its set once ("LevelEnum", "RatingStepEnum"), the same wherever it appears.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers


class NamedChoiceField(serializers.ChoiceField):
    def __init__(self, *, enum_name: str, **kwargs: Any) -> None:
        self.enum_name = enum_name
        super().__init__(**kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField
    match_subclasses = True

    def get_name(self) -> str:
        return str(self.target.enum_name)

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        field: NamedChoiceField = self.target
        choices = {value: str(label) for value, label in field.choices.items() if value != ""}
        values: list[str] = list(choices)
        lines = [f"* `{value}` - {label}" for value, label in choices.items()]
        if field.allow_blank:
            values.append("")
            lines.append("* `` - (chưa có)")
        return {"type": "string", "enum": values, "description": "\n".join(lines)}
