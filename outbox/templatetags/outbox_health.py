"""The owner's warnings about the email path, on the admin's index and the outbox's
list: ``{% load outbox_health %}{% health_warnings %}``."""

from django import template

from outbox.health import health_warnings as warnings_now

register = template.Library()


@register.inclusion_tag("admin/_health_warnings.html")
def health_warnings() -> dict:
    return {"warnings": warnings_now()}
