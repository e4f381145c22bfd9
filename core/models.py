"""Model building blocks shared by every app."""

import re

from django.core.exceptions import ValidationError
from django.db import models

from core.emails import email_canonical, validate_email_not_lookalike

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


class CanonicalEmailField(models.EmailField):
    """An email address, always in its canonical form (``core.emails``): written so
    whatever sets it (a form, a service, the API, an import, ``update()``), and
    looked up so (``filter(email=...)`` finds every spelling of it). Cleaned
    (``full_clean()``), a lookalike address is refused, save where the address is a
    copy of one the app already took (``refuse_lookalikes=False``: an email's
    recipient). Every model's email is one of these: a test fails on a plain
    ``EmailField``."""

    def __init__(self, *args, refuse_lookalikes: bool = True, **kwargs):
        self.refuse_lookalikes = refuse_lookalikes
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if not self.refuse_lookalikes:
            kwargs["refuse_lookalikes"] = False
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        return email_canonical(value) if value else value

    def clean(self, value, model_instance):
        # The address as it was given, before it is canonical: a long s (U+017F),
        # which looks like an f, is refused, not quietly taken for the s it is.
        if value and self.refuse_lookalikes:
            validate_email_not_lookalike(value)
        return super().clean(value, model_instance)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value is not None:
            value = email_canonical(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        from core.forms import EmailField, EmailLookupField

        form_class = EmailField if self.refuse_lookalikes else EmailLookupField
        return super().formfield(**{"form_class": form_class, **kwargs})
