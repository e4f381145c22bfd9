"""Model building blocks shared by every app."""

import re

from django.core.exceptions import ValidationError
from django.db import models

# No text takes a control character: NUL, which PostgreSQL cannot store in a text or
# a JSON column (a DataError), nor the others, which no one types. Tab, newline and
# carriage return are text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_CHARACTER = (
    "This text holds a control character (such as NUL) that cannot be saved: remove it."
)
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def has_control_character(value) -> bool:
    """Whether a text, or any key or text inside a JSON value, holds a control
    character other than tab, newline or carriage return."""
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if CONTROL_CHARACTERS.search(value):
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
    return False


class TimeStampedModel(models.Model):
    """Under every concrete model: its times, and ``clean_fields()`` refusing a
    control character in any text, so that every form, the API and the imports,
    which all save through ``full_clean()``, say so on the field instead of failing
    on the database."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if (
                isinstance(field, TEXT_FIELDS)
                and field.name not in (exclude or ())
                and field.name not in errors
                and has_control_character(getattr(self, field.attname))
            ):
                errors[field.name] = [
                    ValidationError(CONTROL_CHARACTER, code="control_character")
                ]
        if errors:
            raise ValidationError(errors)
